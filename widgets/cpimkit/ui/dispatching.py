"""ECO calculators for the shop floor: priority rules compared on one work centre, Johnson's
rule on two, and the input/output report of a work centre.

The job tables are editable (`JobTimes`: one box per time of a job); every edit runs one
recompute that rewrites the computed cells and moves the chart's artists, no widget or artist
is created after construction.

>>> simulator = DispatchingSimulator()
>>> simulator.result["edd"].order, simulator.result["edd"].jobs_late
(['B', 'A', 'D', 'C', 'E'], 2)
"""

from __future__ import annotations

import html
from itertools import cycle

import ipywidgets as widgets
import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from cpimkit.calc import InputError
from cpimkit.calc._validate import choice, mapping, same_length, sequence
from cpimkit.calc.capacity import input_output_report
from cpimkit.calc.scheduling import SEQUENCING_RULES, johnsons_rule, sequence_jobs
from cpimkit.ui._base import LABEL_STYLE, Calculator, figures_table, number, number_box
from cpimkit.ui._chart import BLACK, BLUE, GREEN, GREY, ORANGE, RED, SKY, Chart
from cpimkit.ui.mrp import PROBLEM, SHORT, EditableRow
from cpimkit.ui.planning import (
    HEADER,
    MARKED,
    TOLERANCE,
    GridCalculator,
    OutputRow,
    PeriodGrid,
    fit_y,
    headline,
    period_axis,
)
from cpimkit.ui.project import amount

RULES = {  # rule → (short name, full name)
    "fcfs": ("FCFS", "First come, first served"),
    "spt": ("SPT", "Shortest processing time"),
    "lpt": ("LPT", "Longest processing time"),
    "edd": ("EDD", "Earliest due date"),
    "cr": ("CR", "Critical ratio"),
    "slack": ("Slack", "Least slack"),
}
# measure → (label, best is the lowest?, digits; None for a percentage)
MEASURES = {
    "average_flow_time": ("Average flow time", True, 2),
    "average_tardiness": ("Average tardiness", True, 2),
    "average_lateness": ("Average lateness", True, 2),
    "jobs_late": ("Jobs late", True, 0),
    "average_jobs_in_system": ("Average jobs in system", True, 2),
    "utilization": ("Utilization", False, None),
}
# Heizer & Render, Operations Management, short-term scheduling chapter: Architecture
# Associates, five jobs in order of arrival, (processing time, due day) in days.
ARCHITECTURE_ASSOCIATES = {"A": (6, 8), "B": (2, 6), "C": (8, 18), "D": (3, 15), "E": (9, 23)}
# Heizer & Render, the same chapter: five jobs at a La Crosse, Wisconsin, tool and die shop,
# hours on the drill press, then on the lathe.
LA_CROSSE = {"A": (5, 2), "B": (3, 6), "C": (8, 4), "D": (10, 7), "E": (7, 12)}
# Heizer & Render, the same chapter, end-of-chapter problem: Lifang Wu's grinding work centre,
# standard hours per week, 30 hours waiting at the start.
LIFANG_WU = {
    "planned_input": (80, 80, 100, 100),
    "actual_input": (85, 85, 85, 85),
    "planned_output": (90, 90, 90, 90),
    "actual_output": (85, 85, 80, 80),
}
JOB_COLOURS = [BLUE, ORANGE, GREEN, SKY, "#CC79A7", "#F0E442", GREY]
LATE_FILL = "#f3b49a"  # a late job's bar
IDLE_FILL = "#e9e9e9"
LANE = 0.7  # the height of a Gantt bar; lanes are one unit apart
TABLE_CELL = "padding:1px 8px;text-align:right"


class JobTimes:
    """One job's times, an editable box per field, read as a tuple in the order of the fields.

    >>> job = JobTimes({"processing_time": 6, "due_date": 8})
    >>> job["due_date"].value = 9
    >>> job.value
    (6.0, 9.0)
    """

    def __init__(self, times: dict):
        self.boxes = {
            field: widgets.FloatText(value=value, step=1, layout=widgets.Layout(width="6em"))
            for field, value in times.items()
        }

    def __getitem__(self, field: str) -> widgets.FloatText:
        return self.boxes[field]

    @property
    def value(self) -> tuple:
        return tuple(box.value for box in self.boxes.values())

    def observe(self, handler, names: str) -> None:
        """Call `handler` when any of the job's times changes."""
        for box in self.boxes.values():
            box.observe(handler, names=names)


def _job_table(jobs: dict, headings: list, columns: dict) -> widgets.GridBox:
    """Job name, its editable times and the computed `columns` (heading → `OutputRow`)."""
    heads = ["Job", *headings, *columns]
    cells = [widgets.HTML(f"<div style='{HEADER}'>{head}</div>") for head in heads]
    for index, (name, job) in enumerate(jobs.items()):
        cells.append(widgets.HTML(f"<b>{html.escape(str(name))}</b>"))
        cells += job.boxes.values()
        cells += [column.cells[index] for column in columns.values()]
    times = len(headings)
    return widgets.GridBox(
        cells,
        layout=widgets.Layout(
            grid_template_columns=f"4em repeat({times}, 6.5em) repeat({len(columns)}, 5.5em)",
            grid_auto_rows="32px",
            grid_gap="0 4px",
            align_items="center",
            margin="4px 0",
        ),
    )


def _steady_right(axes, end: float) -> None:
    """Fit the time axis to `end`, keeping the limits (and so the layout) while it fits."""
    right = axes.get_xlim()[1]
    if not 0.6 * right <= end <= 0.95 * right:
        axes.set_xlim(0, max(end, 1) * 1.1)


class DispatchingSimulator(Calculator):
    """Priority rules (dispatching rules) on the jobs waiting at one work centre: the measures
    of every rule chosen side by side, the best of each starred, and a Gantt chart per rule,
    stacked on one time axis, late jobs in red with their due dates marked.

    jobs: name → (processing_time, due_date) in order of arrival, as for
    `calc.scheduling.sequence_jobs` (editable: ``jobs["A"]["due_date"]``); rules: the rules
    compared (toggles ``rules["spt"]``); current_time: the day the priorities are computed.
    unit: the time unit, for the labels. Default: Heizer & Render's Architecture Associates
    (five jobs, days); `result` maps each rule chosen to its `JobSequence`.

    >>> simulator = DispatchingSimulator()
    >>> simulator.result["spt"].average_flow_time, simulator.result["fcfs"].jobs_late
    (13.0, 3)
    >>> simulator.jobs["A"]["processing_time"].value = 1
    >>> simulator.result["spt"].order
    ['A', 'B', 'D', 'C', 'E']
    """

    def __init__(
        self,
        jobs=None,
        rules=("fcfs", "spt", "edd", "cr"),
        current_time: float = 0,
        *,
        unit: str = "days",
    ):
        jobs = mapping("jobs", ARCHITECTURE_ASSOCIATES if jobs is None else jobs)
        sequence_jobs(jobs, "fcfs", current_time)  # InputError for bad jobs, before any widget
        chosen = {choice("rules", rule, SEQUENCING_RULES) for rule in rules}
        self.unit = unit
        controls = {
            "jobs": {
                name: JobTimes({"processing_time": time, "due_date": due})
                for name, (time, due) in jobs.items()
            },
            "rules": {
                rule: widgets.ToggleButton(
                    value=rule in chosen,
                    description=short,
                    tooltip=full,
                    layout=widgets.Layout(width="5.5em"),
                )
                for rule, (short, full) in RULES.items()
            },
            "current_time": number_box(f"Current time [{unit}]", current_time, minimum=-1e12),
        }
        self.columns = {"CR": OutputRow(len(jobs)), "Slack": OutputRow(len(jobs))}
        table = _job_table(controls["jobs"], ["Processing", "Due"], self.columns)
        chart = Chart(height=3.9)
        axes = chart.axes
        self._bars = {
            rule: axes.barh(
                [0] * len(jobs), [0] * len(jobs), height=LANE, color=BLUE, edgecolor="white", lw=1
            )
            for rule in RULES
        }
        self._labels = {
            rule: [
                axes.text(
                    0, 0, "", ha="center", va="center", fontsize=8, color="white", fontweight="bold"
                )
                for _ in jobs
            ]
            for rule in RULES
        }
        self._due_marks = {
            rule: axes.plot([], [], "|", color=RED, ms=14, mew=2)[0] for rule in RULES
        }
        self._start = axes.axvline(0, color=BLACK, lw=1)
        axes.grid(False, axis="y")
        axes.set_xlabel(f"Time [{unit}]")
        axes.set_title("One Gantt chart per rule")
        axes.legend(
            handles=[
                Patch(color=BLUE, label="On time"),
                Patch(color=LATE_FILL, label="Late"),
                Line2D(
                    [],
                    [],
                    ls="none",
                    marker="|",
                    color=RED,
                    ms=10,
                    mew=2,
                    label="Due date of a late job",
                ),
            ],
            loc="upper left",
            bbox_to_anchor=(0, -0.18),
            ncols=3,
            fontsize="small",
        )
        self._headline = headline(chart)
        self._lanes = None
        toggles = widgets.HBox(
            [
                widgets.Label(
                    "Rules compared", layout=widgets.Layout(width=LABEL_STYLE["description_width"])
                ),
                *controls["rules"].values(),
            ]
        )
        super().__init__(
            controls,
            inputs=[toggles, controls["current_time"], table],
            chart=chart,
            note="Static rules: each job's priority is computed once, at the current time t "
            "(CR = (due − t) ÷ processing time, slack = due − t − processing time); "
            "ties go to the job that arrived first (higher in the table). The jobs run "
            "back to back from t. Flow time = completion − t; lateness = completion − "
            "due; tardiness = max(0, lateness): a job finishing on its due date is on "
            "time. Utilization = Σ processing ÷ Σ flow time; average jobs in system = "
            'Σ flow time ÷ Σ processing. (Heizer & Render\'s "average lateness" is '
            "our average tardiness.)",
        )

    def _compute(self) -> dict:
        chosen = [rule for rule, toggle in self.rules.items() if toggle.value]
        if not chosen:
            raise InputError("rules: choose at least one rule to compare, got none")
        jobs = {name: job.value for name, job in self.jobs.items()}
        now = self.current_time.value
        return {rule: sequence_jobs(jobs, rule, now) for rule in chosen}

    def _refresh(self) -> None:
        super()._refresh()
        if self.result is None:
            for column in self.columns.values():
                column.clear()

    def _show(self, results: dict) -> str:
        now = self.current_time.value
        jobs = {name: job.value for name, job in self.jobs.items()}
        self.columns["CR"].fill([amount((due - now) / time) for time, due in jobs.values()])
        self.columns["Slack"].fill([amount(due - now - time) for time, due in jobs.values()])
        self._draw(results, jobs, now)
        return _measures_table(results)

    def _draw(self, results: dict, jobs: dict, now: float) -> None:
        axes = self.chart.axes
        chosen = list(results)
        if chosen != self._lanes:  # new tick labels: the layout is worked out again
            self._lanes = chosen
            axes.set_yticks(range(len(chosen) - 1, -1, -1), [RULES[rule][0] for rule in chosen])
            axes.set_ylim(-0.6, len(chosen) + 0.1)  # a free lane's top for the headline
        for rule in RULES:
            shown = rule in results
            for bar, label in zip(self._bars[rule], self._labels[rule], strict=True):
                bar.set_visible(shown)
                label.set_visible(shown)
            self._due_marks[rule].set_visible(shown)
        end = now
        for lane, (rule, result) in zip(
            range(len(chosen) - 1, -1, -1), results.items(), strict=True
        ):
            late = [name for name in result.order if result.tardiness[name] > 0]
            for bar, label, name in zip(
                self._bars[rule], self._labels[rule], result.order, strict=True
            ):
                start, finish = result.start_times[name], result.completion_times[name]
                bar.set_x(start)
                bar.set_width(finish - start)
                bar.set_y(lane - LANE / 2)
                bar.set_facecolor(LATE_FILL if name in late else BLUE)
                label.set_position(((start + finish) / 2, lane))
                label.set_text(str(name))
                label.set_color(BLACK if name in late else "white")
            self._due_marks[rule].set_data([jobs[name][1] for name in late], [lane] * len(late))
            end = max(
                end, result.completion_times[result.order[-1]], *(jobs[name][1] for name in late)
            )
        self._start.set_xdata([now, now])
        left = min(0.0, now)
        if axes.get_xlim()[0] != left:
            axes.set_xlim(left, axes.get_xlim()[1])
        _steady_right(axes, end)
        best = min(results, key=lambda rule: results[rule].average_tardiness)
        self._headline.set_text(
            f"Least average tardiness: {RULES[best][0]} "
            f"({amount(results[best].average_tardiness)} {self.unit})"
        )


def _measures_table(results: dict) -> str:
    """The measures of each rule in a column; the best value of each measure starred."""
    head = "".join(
        f"<th style='{TABLE_CELL}' title='{RULES[rule][1]}'>{RULES[rule][0]}</th>"
        for rule in results
    )
    order = "".join(
        f"<td style='{TABLE_CELL}'>{html.escape(''.join(map(str, r.order)))}</td>"
        for r in results.values()
    )
    body = [f"<tr><td>Sequence</td>{order}</tr>"]
    for field, (label, lowest, digits) in MEASURES.items():
        values = [getattr(result, field) for result in results.values()]
        best = min(values) if lowest else max(values)
        cells = []
        for value in values:
            text = f"{number(100 * value, 1)} %" if digits is None else number(value, digits)
            top = abs(value - best) <= TOLERANCE
            style = f"{TABLE_CELL};{MARKED}" if top and len(values) > 1 else TABLE_CELL
            cells.append(
                f"<td style='{style}'>{text}{' ★' if top and len(values) > 1 else ''}</td>"
            )
        body.append(f"<tr><td>{label}</td>{''.join(cells)}</tr>")
    return (
        f"<table style='border-collapse:collapse'><tr><th>Measure</th>{head}</tr>"
        f"{''.join(body)}</table>"
    )


class JohnsonsRuleView(Calculator):
    """Johnson's rule for jobs that visit two work centres in the same order: the order that
    finishes soonest, the makespan, the idle time of the second centre and a Gantt chart of
    both centres (the second centre's idle time hatched).

    jobs: name → (time_first_center, time_second_center), as for
    `calc.scheduling.johnsons_rule` (editable: ``jobs["A"]["time_first_center"]``); centers:
    the names of the two centres and unit: the time unit, for the labels. Default: Heizer &
    Render's tool and die shop in La Crosse (drill press, then lathe; hours).

    >>> view = JohnsonsRuleView()
    >>> view.result.order, view.result.makespan, view.result.idle_second_center
    (['B', 'E', 'D', 'C', 'A'], 35.0, 4.0)
    >>> view.jobs["A"]["time_first_center"].value = 1
    >>> view.result.order[0], view.result.makespan
    ('A', 34.0)
    """

    def __init__(self, jobs=None, *, centers=None, unit: str = "hours"):
        if jobs is None:
            jobs, centers = LA_CROSSE, centers or ("Drill press", "Lathe")
        jobs = mapping("jobs", jobs)
        johnsons_rule(jobs)  # InputError for malformed jobs, before any widget
        self.centers = tuple(centers or ("Centre 1", "Centre 2"))
        self.unit = unit
        boxes = {
            name: JobTimes({"time_first_center": first, "time_second_center": second})
            for name, (first, second) in jobs.items()
        }
        self.columns = {"Goes": OutputRow(len(jobs)), "Position": OutputRow(len(jobs))}
        first, second = (html.escape(center) for center in self.centers)
        table = _job_table(boxes, [first, second], self.columns)
        chart = Chart(height=3.1)
        axes = chart.axes
        colours = dict(zip(jobs, cycle(JOB_COLOURS), strict=False))
        self._bars = {
            lane: axes.barh(
                [lane] * len(jobs),
                [0] * len(jobs),
                height=LANE,
                color=list(colours.values()),
                edgecolor="white",
            )
            for lane in (1, 0)
        }
        self._labels = {
            lane: [
                axes.text(0, lane, "", ha="center", va="center", fontsize=8, fontweight="bold")
                for _ in jobs
            ]
            for lane in (1, 0)
        }
        self._idle = axes.barh(
            [0] * len(jobs),
            [0] * len(jobs),
            height=LANE,
            color=IDLE_FILL,
            edgecolor=GREY,
            hatch="///",
            lw=0.6,
        )
        self._end = axes.axvline(0, color=BLACK, ls=":", lw=1.2)
        self._colours = colours
        axes.set_yticks([1, 0], list(self.centers))
        axes.set_ylim(-0.6, 2.0)
        axes.grid(False, axis="y")
        axes.set_xlabel(f"Time [{unit}]")
        axes.set_title("Both centres in the Johnson order")
        axes.legend(
            handles=[
                Patch(
                    facecolor=IDLE_FILL,
                    edgecolor=GREY,
                    hatch="///",
                    label=f"{self.centers[1]} idle",
                )
            ],
            loc="upper left",
            bbox_to_anchor=(0, -0.22),
            fontsize="small",
        )
        self._headline = headline(chart)
        super().__init__(
            {"jobs": boxes},
            inputs=[table],
            chart=chart,
            note="Johnson's rule: take the shortest time left in the table; if it is on the "
            "first centre the job goes in the earliest free place, if on the second, the "
            "latest; strike the job out and repeat. Ties go to the first centre, then to "
            "the job listed first. Idle time of the second centre = makespan − its total "
            "work, counting the wait for the first job.",
        )

    def _refresh(self) -> None:
        super()._refresh()
        if self.result is None:
            for column in self.columns.values():
                column.clear()

    def _compute(self):
        return johnsons_rule({name: job.value for name, job in self.jobs.items()})

    def _show(self, result) -> str:
        times = {name: job.value for name, job in self.jobs.items()}
        self.columns["Goes"].fill(
            ["early" if first <= second else "late" for first, second in times.values()]
        )
        position = {name: index for index, name in enumerate(result.order, start=1)}
        self.columns["Position"].fill([str(position[name]) for name in times])
        names = list(times)  # the bars were made in the order of the table
        for lane, center in ((1, result.first_center), (0, result.second_center)):
            for bar, label, name in zip(self._bars[lane], self._labels[lane], names, strict=True):
                start, finish = center[name]
                bar.set_x(start)
                bar.set_width(finish - start)
                label.set_position(((start + finish) / 2, lane))
                label.set_text(str(name) if finish > start else "")
        free = 0.0
        for bar, name in zip(self._idle, result.order, strict=True):
            start, finish = result.second_center[name]
            bar.set_x(free)
            bar.set_width(start - free)
            free = finish
        self._end.set_xdata([result.makespan, result.makespan])
        _steady_right(self.chart.axes, result.makespan)
        order = " → ".join(str(name) for name in result.order)
        self._headline.set_text(f"Makespan {amount(result.makespan)} {self.unit}: {order}")
        return figures_table(
            [
                ("Johnson order", html.escape(order)),
                ("Makespan", f"{amount(result.makespan)} {html.escape(self.unit)}"),
                (
                    f"{self.centers[1]} idle",
                    f"{amount(result.idle_second_center)} {html.escape(self.unit)}",
                ),
            ]
        )


IO_FLOWS = (
    ("Planned input", "planned_input"),
    ("Actual input", "actual_input"),
    ("Planned output", "planned_output"),
    ("Actual output", "actual_output"),
)
IO_ROWS = (
    ("Input deviation", "input_deviation"),
    ("Cumulative input deviation", "cumulative_input_deviation"),
    ("Output deviation", "output_deviation"),
    ("Cumulative output deviation", "cumulative_output_deviation"),
    ("Backlog (end of period)", "backlog"),
)


class InputOutputReport(GridCalculator):
    """Input/output control of one work centre: type planned and actual input and output per
    period (index 0 is period 1) and read the deviations, per period and cumulative, and the
    backlog, as computed by `calc.capacity.input_output_report`. The chart shows planned
    (dashed) against actual (solid) input and output, and the backlog as bars.

    Work in standard hours per period; initial_backlog: the hours waiting at the start.
    Default: Heizer & Render's problem on Lifang Wu's grinding work centre.

    >>> report = InputOutputReport()
    >>> report.result.cumulative_output_deviation, report.result.backlog
    ([-5.0, -10.0, -20.0, -30.0], [30.0, 30.0, 35.0, 40.0])
    >>> report.actual_output[3].value = 90
    >>> report.result.backlog[3]
    30.0
    """

    def __init__(
        self,
        planned_input=None,
        actual_input=None,
        planned_output=None,
        actual_output=None,
        initial_backlog: float = 30,
    ):
        given = {
            "planned_input": planned_input,
            "actual_input": actual_input,
            "planned_output": planned_output,
            "actual_output": actual_output,
        }
        if all(values is None for values in given.values()):
            given = LIFANG_WU
        missing = [name for name, values in given.items() if values is None]
        if missing:
            raise InputError(f"{', '.join(missing)} must be given with the other flows, got None")
        flows = {name: sequence(name, values) for name, values in given.items()}
        periods = same_length(**flows)
        controls = {name: EditableRow(values) for name, values in flows.items()}
        controls["initial_backlog"] = number_box(
            "Initial backlog [std hours]", initial_backlog, minimum=-1e12
        )
        self.rows = {field: OutputRow(periods) for _, field in IO_ROWS}
        grid = PeriodGrid(
            periods,
            [
                *((label, controls[name]) for label, name in IO_FLOWS[:2]),
                *((label, self.rows[field]) for label, field in IO_ROWS[:2]),
                *((label, controls[name]) for label, name in IO_FLOWS[2:]),
                *((label, self.rows[field]) for label, field in IO_ROWS[2:]),
            ],
        )
        chart = Chart(height=3.6)
        axes = chart.axes
        x = np.arange(1, periods + 1)
        self._backlog_bars = axes.bar(
            x, np.zeros(periods), width=0.5, color=IDLE_FILL, edgecolor=GREY, label="Backlog"
        )
        self._lines = {}
        for (label, name), colour in zip(IO_FLOWS, (BLUE, BLUE, ORANGE, ORANGE), strict=True):
            style = "--" if name.startswith("planned") else "-"
            marker = "" if name.startswith("planned") else "o"
            (self._lines[name],) = axes.plot(
                x,
                np.zeros(periods),
                ls=style,
                marker=marker,
                ms=4,
                color=colour,
                lw=1.8,
                label=label,
            )
        axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize="small")
        axes.set(title="Planned and actual flow, backlog", ylabel="Standard hours")
        self._headline = headline(chart)
        chart.thousands(axes.yaxis)
        period_axis(chart, periods)
        super().__init__(
            controls,
            grid=grid,
            period_fields=[name for _, name in IO_FLOWS],
            inputs=[controls["initial_backlog"]],
            chart=chart,
            note="Deviation = actual − planned, per period and cumulated from period 1 (a "
            "cumulative deviation is the sum of the period deviations so far). Backlog "
            "at the end of a period = backlog before + actual input − actual output. "
            "Input below plan points upstream; output below plan points at the work "
            "centre; a growing backlog means longer queues and lead times.",
        )

    def _compute(self):
        return input_output_report(
            **{name: getattr(self, name).value for _, name in IO_FLOWS},
            initial_backlog=self.initial_backlog.value,
        )

    def _show(self, report) -> str:
        for _, field in IO_ROWS:
            values = getattr(report, field)
            if field == "backlog":
                start = self.initial_backlog.value
                styles = [PROBLEM if value > start + TOLERANCE else "" for value in values]
            else:
                styles = [SHORT if value < -TOLERANCE else "" for value in values]
            self.rows[field].show(values, styles)
        flows = {name: getattr(self, name).value for _, name in IO_FLOWS}
        for name, line in self._lines.items():
            line.set_ydata(flows[name])
        for bar, value in zip(self._backlog_bars, report.backlog, strict=True):
            bar.set_height(value)
        fit_y(self.chart.axes, report.backlog, *flows.values(), headroom=0.25)
        start, end = self.initial_backlog.value, report.backlog[-1]
        change = end - start
        self._headline.set_text(
            f"Backlog {amount(start)} → {amount(end)} h"
            if abs(change) > TOLERANCE
            else f"Backlog steady at {amount(end)} h"
        )
        return figures_table(
            [
                (
                    "Cumulative input deviation",
                    f"{number(report.cumulative_input_deviation[-1], 0)} h",
                ),
                (
                    "Cumulative output deviation",
                    f"{number(report.cumulative_output_deviation[-1], 0)} h",
                ),
                ("Backlog change over the horizon", f"{change:+,.0f} h"),
            ]
        )
