"""Flow calculators: takt time with the fewest stations, and Little's law."""

from __future__ import annotations

from dataclasses import dataclass

from cpimkit.calc._result import Result
from cpimkit.calc.lean import minimum_stations, takt_time
from cpimkit.calc.scheduling import littles_law
from cpimkit.ui._base import Calculator, figures_table, number, number_box, toggle_buttons


@dataclass(frozen=True, repr=False)
class Takt(Result):
    """What `TaktTimeCalculator` computes: takt time [s/unit] and the fewest stations."""

    takt_time: float
    minimum_stations: int


class TaktTimeCalculator(Calculator):
    """Takt time = available time ÷ demand, and the fewest stations for a total task time.

    Times in seconds: available_time per shift (planned breaks excluded), total_task_time per
    unit; demand in units per shift.

    >>> calc = TaktTimeCalculator(available_time=7.5 * 3600, demand=450, total_task_time=200)
    >>> calc.result
    Takt(takt_time=60, minimum_stations=4)
    """

    def __init__(self, available_time: float = 7.5 * 3600, demand: float = 450,
                 total_task_time: float = 200):
        super().__init__(
            {
                "available_time": number_box("Available time [s/shift]", available_time,
                                             step=60),
                "demand": number_box("Demand [units/shift]", demand),
                "total_task_time": number_box("Total task time [s/unit]", total_task_time),
            },
            note="Available time excludes planned breaks. Minimum stations = ⌈total task "
                 "time ÷ takt⌉, a lower bound: task precedence may force more.",
        )

    def _compute(self) -> Takt:
        takt = takt_time(available_time=self.available_time.value, demand=self.demand.value)
        stations = minimum_stations(total_task_time=self.total_task_time.value, cycle_time=takt)
        return Takt(takt_time=takt, minimum_stations=stations)

    def _show(self, result: Takt) -> str:
        hours = self.available_time.value / 3600
        return figures_table([
            ("Available time", f"{number(hours)} h per shift"),
            ("Takt time", f"{number(result.takt_time)} s per unit "
                          f"({number(result.takt_time / 60)} min)"),
            ("Minimum stations", str(result.minimum_stations)),
        ])


FIGURES = {"wip": "WIP", "throughput": "throughput", "cycle_time": "cycle time"}


class LittlesLawCalculator(Calculator):
    """Little's law, WIP = throughput × cycle time: pick the figure to solve for, enter the
    other two. Throughput and cycle time share one time unit (days here).

    >>> calc = LittlesLawCalculator(wip=100, throughput=20)
    >>> calc.result, calc.cycle_time.value
    (5.0, 5.0)
    >>> calc.solve_for.value = "wip"
    >>> calc.cycle_time.value = 8
    >>> calc.result
    160.0
    """

    def __init__(self, wip: float | None = None, throughput: float | None = None,
                 cycle_time: float | None = None, solve_for: str = "cycle_time"):
        given = {"wip": wip, "throughput": throughput, "cycle_time": cycle_time}
        defaults = {"wip": 100, "throughput": 20, "cycle_time": 5}
        values = {name: defaults[name] if value is None else value
                  for name, value in given.items()}
        controls = {
            "solve_for": toggle_buttons(
                "Solve for", [(label, name) for name, label in FIGURES.items()], solve_for,
                button_width="8.5em",
            ),
            "wip": number_box("WIP [units]", values["wip"]),
            "throughput": number_box("Throughput [units/day]", values["throughput"]),
            "cycle_time": number_box("Cycle time [days]", values["cycle_time"], step=0.5),
        }
        controls["solve_for"].observe(self._lock_solved, names="value")
        self._figures = {name: controls[name] for name in FIGURES}
        self.solve_for = controls["solve_for"]
        self._lock_solved()
        super().__init__(
            controls,
            note="Little's law holds for long-run averages of any stable system; "
                 "throughput and cycle time must use the same time unit.",
        )

    def _lock_solved(self, change: dict | None = None) -> None:
        for name, control in self._figures.items():
            control.disabled = name == self.solve_for.value

    def _compute(self) -> float:
        solved = self.solve_for.value
        known = {name: control.value for name, control in self._figures.items()
                 if name != solved}
        value = littles_law(**known)
        self._figures[solved].value = value
        return value

    def _show(self, value: float) -> str:
        wip, throughput, cycle = (self._figures[name].value for name in FIGURES)
        return figures_table([
            (f"Solved {FIGURES[self.solve_for.value]}", number(value)),
            ("Check: throughput × cycle time", f"{number(throughput)} × {number(cycle)} = "
                                               f"{number(wip)} units of WIP"),
        ])
