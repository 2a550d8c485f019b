"""Lean execution calculators: line balancing by a rule, kanban sizing and the OEE waterfall."""

from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np
from matplotlib.patches import Patch

from cpimkit.calc.lean import BALANCING_RULES, kanban_count, line_balance, oee
from cpimkit.ui._base import (
    Calculator,
    figures_table,
    number,
    number_box,
    share_slider,
    toggle_buttons,
)
from cpimkit.ui._chart import BLUE, GREEN, GREY, ORANGE, RED, SKY, Chart
from cpimkit.ui.planning import HEADER
from cpimkit.ui.project import amount

# Heizer & Render, Operations Management, layout chapter: Boeing wing component, minutes.
BOEING_WING = {
    "A": (10, []),
    "B": (11, ["A"]),
    "C": (5, ["B"]),
    "D": (4, ["B"]),
    "E": (12, ["A"]),
    "F": (3, ["C", "D"]),
    "G": (7, ["F"]),
    "H": (11, ["E"]),
    "I": (3, ["G", "H"]),
}
RULE_LABELS = {"longest_task": "Longest task", "most_followers": "Most followers"}
IDLE_FILL = "#e9e9e9"


class LineBalancer(Calculator):
    """Assembly-line balancing: the tasks assigned to stations by a rule, each station drawn
    as a stack of its tasks against the cycle time, with its idle time hatched on top. Task
    times are editable (`tasks`: name → time box); predecessors are fixed.

    tasks: name → (time, predecessors) as for `calc.lean.line_balance`; unit: the time unit,
    for the labels. Default: Heizer & Render's Boeing wing component, in minutes.

    >>> balancer = LineBalancer()
    >>> balancer.result.stations
    [['A'], ['E'], ['B'], ['H'], ['C', 'D', 'F'], ['G', 'I']]
    >>> balancer.rule.value = "most_followers"
    >>> len(balancer.result.stations), round(balancer.result.efficiency, 4)
    (6, 0.9167)
    """

    def __init__(
        self,
        tasks=None,
        cycle_time: float = 12,
        rule: str = "longest_task",
        *,
        unit: str = "minutes",
    ):
        tasks = BOEING_WING if tasks is None else tasks
        line_balance(tasks, cycle_time, rule)  # InputError for a malformed list, before widgets
        self.unit = unit
        self.predecessors = {name: list(before) for name, (_, before) in tasks.items()}
        boxes = {
            name: widgets.BoundedFloatText(
                value=time, min=0, max=1e9, step=1, layout=widgets.Layout(width="6em")
            )
            for name, (time, _) in tasks.items()
        }
        count = len(boxes)
        chart = Chart()
        axes = chart.axes
        self._task_bars = axes.bar(range(count), [0] * count, width=0.6, edgecolor="white")
        self._idle_bars = axes.bar(
            range(count),
            [0] * count,
            width=0.6,
            color=IDLE_FILL,
            edgecolor=GREY,
            hatch="///",
            lw=0.6,
        )
        self._task_labels = [
            axes.text(
                0,
                0,
                str(name),
                ha="center",
                va="center",
                color="white",
                fontsize="small",
                fontweight="bold",
            )
            for name in boxes
        ]
        self._cycle_line = axes.axhline(0, color=RED, lw=1.8, ls="--")
        self._stations_shown = None
        self._cycle_shown = None
        axes.grid(False, axis="x")
        axes.set(
            title="Station load against the cycle time",
            xlabel="Station",
            ylabel=f"Time per unit [{unit}]",
        )
        axes.legend(
            handles=[
                Patch(color=BLUE, label="Tasks"),
                Patch(facecolor=IDLE_FILL, edgecolor=GREY, hatch="///", label="Idle"),
                self._cycle_line,
            ],
            labels=["Tasks", "Idle", "Cycle time"],
            loc="upper right",
            fontsize="small",
            ncols=3,
        )
        controls = {
            "tasks": boxes,
            "cycle_time": number_box(f"Cycle time C [{unit}/unit]", cycle_time, step=0.5),
            "rule": toggle_buttons(
                "Rule",
                [(RULE_LABELS[name], name) for name in BALANCING_RULES],
                rule,
                button_width="9em",
            ),
        }
        super().__init__(
            controls,
            inputs=[controls["cycle_time"], controls["rule"], self._table(boxes)],
            chart=chart,
            note="Fill one station at a time with the task the rule ranks first among those "
            "whose predecessors are done and that still fit; most followers counts "
            "every later task, direct or not, then the longer task; ties go to the task "
            "listed first. Efficiency = Σt ÷ (stations × C); balance delay = 1 − "
            "efficiency.",
        )

    def _table(self, boxes: dict) -> widgets.GridBox:
        """Task, its predecessors and its time (editable), one row each."""
        cells = [
            widgets.HTML(f"<div style='{HEADER}'>{head}</div>")
            for head in ("Task", "Predecessors", f"Time [{html.escape(self.unit)}]")
        ]
        for name, box in boxes.items():
            before = ", ".join(str(p) for p in self.predecessors[name]) or "–"
            cells += [
                widgets.HTML(f"<b>{html.escape(str(name))}</b>"),
                widgets.HTML(html.escape(before)),
                box,
            ]
        return widgets.GridBox(
            cells,
            layout=widgets.Layout(
                grid_template_columns="5em 8em 7em",
                grid_auto_rows="32px",
                grid_gap="0 4px",
                align_items="center",
                margin="4px 0",
            ),
        )

    def _compute(self):
        return line_balance(
            {name: (box.value, self.predecessors[name]) for name, box in self.tasks.items()},
            cycle_time=self.cycle_time.value,
            rule=self.rule.value,
        )

    def _show(self, result) -> str:
        axes = self.chart.axes
        cycle = self.cycle_time.value
        names = list(self.tasks)
        for position, station in enumerate(result.stations):
            base = 0.0
            for order, name in enumerate(station):
                index = names.index(name)
                time = self.tasks[name].value
                bar = self._task_bars[index]
                bar.set_x(position - 0.3)
                bar.set_y(base)
                bar.set_height(time)
                bar.set_facecolor(BLUE if order % 2 == 0 else SKY)
                self._task_labels[index].set_position((position, base + time / 2))
                base += time
            idle = self._idle_bars[position]
            idle.set_y(base)
            idle.set_height(cycle - base)
            idle.set_visible(True)
        for idle in self._idle_bars[len(result.stations) :]:
            idle.set_visible(False)
        count = len(result.stations)
        if count != self._stations_shown:  # new tick labels: a new layout only then
            axes.set_xticks(range(count), [str(k) for k in range(1, count + 1)])
            axes.set_xlim(-0.6, count - 0.4)
            self._stations_shown = count
        if cycle != self._cycle_shown:
            self._cycle_line.set_ydata([cycle, cycle])
            axes.set_ylim(0, cycle * 1.25)  # headroom for the legend
            self._cycle_shown = cycle
        unit = html.escape(self.unit)
        layout = "; ".join(
            f"{k}: {html.escape(', '.join(str(n) for n in station))}"
            for k, station in enumerate(result.stations, start=1)
        )
        return figures_table(
            [
                ("Stations (theoretical minimum)", f"{count} ({result.minimum_stations})"),
                ("Efficiency", f"{number(100 * result.efficiency, 1)} %"),
                ("Balance delay", f"{number(100 * result.balance_delay, 1)} %"),
                ("Idle time", f"{amount(result.idle_time)} {unit} per unit"),
                ("Tasks by station", layout),
            ]
        )


class KanbanSizer(Calculator):
    """Number of kanbans (containers) in a pull loop, N = ⌈D·L·(1 + α) ÷ C⌉, with the stock
    the cards allow. Rates and lead time share one time unit (days here).

    Default: Heizer & Render's Hobbs Bakery (500 cakes a day, 2 days, containers of 250, half
    a day of safety stock: α = 0.25).

    >>> sizer = KanbanSizer()
    >>> sizer.result
    5
    >>> sizer.safety_factor.value = 0
    >>> sizer.result
    4
    """

    def __init__(
        self,
        demand_rate: float = 500,
        lead_time: float = 2,
        container_size: float = 250,
        safety_factor: float = 0.25,
    ):
        super().__init__(
            {
                "demand_rate": number_box("Demand rate D [units/day]", demand_rate),
                "lead_time": number_box("Lead time L [days]", lead_time, step=0.1),
                "container_size": number_box("Container size C [units]", container_size),
                "safety_factor": share_slider("Safety factor α", safety_factor, maximum=1.0),
            },
            note="N = ⌈D·L·(1 + α) ÷ C⌉: lead-time demand plus α of it as safety stock, in "
            "containers, rounded up (a part-filled container still needs its card). "
            "L is the time a container takes to go round the loop.",
        )

    def _compute(self) -> int:
        return kanban_count(
            demand_rate=self.demand_rate.value,
            lead_time=self.lead_time.value,
            container_size=self.container_size.value,
            safety_factor=self.safety_factor.value,
        )

    def _show(self, cards: int) -> str:
        lead_demand = self.demand_rate.value * self.lead_time.value
        alpha = self.safety_factor.value
        exact = lead_demand * (1 + alpha) / self.container_size.value
        return figures_table(
            [
                ("Lead-time demand D·L", f"{amount(lead_demand)} units"),
                ("Safety stock α·D·L", f"{amount(alpha * lead_demand)} units"),
                ("Containers needed (exact)", number(exact, 3)),
                ("Kanbans N", f"<span style='font-size:120%'>{cards}</span>"),
                (
                    "Most stock in the loop N·C",
                    f"{amount(cards * self.container_size.value)} units",
                ),
            ]
        )


# The waterfall, left to right: (label, figure, colour, is it a loss?)
WATERFALL = (
    ("Planned", "planned_time", BLUE, False),
    ("Downtime", "availability_loss", ORANGE, True),
    ("Run", "run_time", BLUE, False),
    ("Speed", "performance_loss", RED, True),
    ("Net run", "net_run_time", BLUE, False),
    ("Defects", "quality_loss", GREY, True),
    ("Fully\nproductive", "fully_productive_time", GREEN, False),
)


class OEEWaterfall(Calculator):
    """Overall equipment effectiveness as a waterfall: from the planned time, the availability
    loss (downtime), the performance loss (slow cycles and small stops) and the quality loss
    (time spent on defects) leave the fully productive time; OEE is its share of the plan.

    planned_time, downtime and ideal_cycle_time share one time unit (minutes here).
    Default: the course's shift, 480 minutes planned, 60 down, ideal cycle 1 minute, 380 made,
    361 good.

    >>> view = OEEWaterfall()
    >>> round(100 * view.result.oee, 1)
    75.2
    """

    def __init__(
        self,
        planned_time: float = 480,
        downtime: float = 60,
        ideal_cycle_time: float = 1,
        total_count: int = 380,
        good_count: int = 361,
    ):
        chart = Chart()
        axes = chart.axes
        positions = np.arange(len(WATERFALL))
        self._bars = axes.bar(
            positions,
            [0] * len(WATERFALL),
            width=0.62,
            color=[colour for _, _, colour, _ in WATERFALL],
        )
        self._values = [
            axes.text(x, 0, "", ha="center", va="bottom", fontsize="small") for x in positions
        ]
        axes.set_xticks(positions, [label for label, _, _, _ in WATERFALL], fontsize="small")
        axes.grid(False, axis="x")
        axes.set(title="From planned time to fully productive time", ylabel="Time [minutes]")
        self._planned_shown = None
        super().__init__(
            {
                "planned_time": number_box("Planned time [min]", planned_time),
                "downtime": number_box("Downtime [min]", downtime),
                "ideal_cycle_time": number_box(
                    "Ideal cycle time [min/unit]", ideal_cycle_time, step=0.1
                ),
                "total_count": number_box("Total count [units]", total_count, integer=True),
                "good_count": number_box("Good count [units]", good_count, integer=True),
            },
            chart=chart,
            note="Planned time excludes planned breaks. Availability = (planned − downtime) ÷ "
            "planned; performance = ideal cycle time × total count ÷ run time; quality = "
            "good ÷ total count; OEE = availability × performance × quality.",
        )

    def _compute(self):
        return oee(
            planned_time=self.planned_time.value,
            downtime=self.downtime.value,
            ideal_cycle_time=self.ideal_cycle_time.value,
            total_count=self.total_count.value,
            good_count=self.good_count.value,
        )

    def _show(self, result) -> str:
        planned = self.planned_time.value
        run = planned - result.availability_loss
        levels = {
            "planned_time": planned,
            "run_time": run,
            "net_run_time": run - result.performance_loss,
            "fully_productive_time": result.fully_productive_time,
        }
        top = planned
        for bar, text, (_, field, _, loss) in zip(self._bars, self._values, WATERFALL, strict=True):
            if loss:  # a floating bar from the level before down to the level after
                size = getattr(result, field)
                top -= size
                bar.set_y(top)
                bar.set_height(size)
                text.set_text(f"−{amount(size)}")
                text.set_y(top + size)
            else:
                top = levels[field]
                bar.set_y(0)
                bar.set_height(top)
                text.set_text(amount(top))
                text.set_y(top)
        if planned != self._planned_shown:
            self.chart.axes.set_ylim(0, planned * 1.12)
            self._planned_shown = planned
        return figures_table(
            [
                ("Availability", f"{number(100 * result.availability, 1)} %"),
                ("Performance", f"{number(100 * result.performance, 1)} %"),
                ("Quality", f"{number(100 * result.quality, 1)} %"),
                ("OEE", f"<span style='font-size:120%'>{number(100 * result.oee, 1)} %</span>"),
                (
                    "Fully productive time",
                    f"{amount(result.fully_productive_time)} min of {amount(planned)}",
                ),
            ]
        )
