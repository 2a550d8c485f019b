"""Capacity requirements planning: the load the orders' routings put on each work centre,
period by period, against its rated capacity.

The orders are edited on a `planning.PeriodGrid` (one row per item: the quantity due in each
period) beside the computed load rows; each edit runs one recompute that rewrites cells and
chart artists, no widget is created after construction.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np
from matplotlib.ticker import FuncFormatter

from cpimkit.calc import InputError
from cpimkit.calc._result import Result
from cpimkit.calc._validate import non_negative, positive, sequence
from cpimkit.calc.capacity import crp_load, rated_capacity
from cpimkit.ui._base import LABEL_STYLE, compact, figures_table, number, number_box
from cpimkit.ui._chart import BLACK, BLUE, GREY, RED, Chart
from cpimkit.ui.mrp import PROBLEM, EditableRow
from cpimkit.ui.planning import (
    TOLERANCE,
    GridCalculator,
    OutputRow,
    PeriodGrid,
    fit_y,
    headline,
    period_axis,
    period_span,
)

# Our own numbers: brackets are sawn then drilled, plates sawn then painted, every operation
# one week; the planned orders of eight weeks (20 brackets due in week 1 should have been sawn
# before it: past due). Each centre is one machine, 8 hours a day, 5 days, at 85 % utilization
# and 110 % efficiency (Arnold, Chapman & Clive's rated-capacity figures): 37.4 standard hours.
SHOP_ROUTINGS = {
    "bracket": [("saw", 1.0, 0.2, 1), ("drill", 2.0, 0.25, 1)],
    "plate": [("saw", 0.5, 0.1, 1), ("paint", 1.5, 0.15, 1)],
}
SHOP_ORDERS = [
    *(("bracket", quantity, t) for t, quantity in enumerate([20, 80, 60, 120, 100, 60, 140, 80])),
    *(
        ("plate", quantity, t)
        for t, quantity in enumerate([0, 100, 150, 180, 120, 200, 160, 140])
        if quantity
    ),
]
SHOP_CAPACITY = dict.fromkeys(
    ("saw", "drill", "paint"), round(rated_capacity(40, utilization=0.85, efficiency=1.10), 2)
)
OPERATION_FIELDS = ("setup_hours", "run_hours_per_unit", "operation_lead_time_periods")


@dataclass(frozen=True, repr=False)
class CRPProfile(Result):
    """What `CRPLoadProfile` computes: the `calc.capacity.CRPLoad` (load and past_due per
    work centre, standard hours) and, per work centre, the periods (0-based) whose load
    exceeds its capacity."""

    load: dict
    past_due: dict
    overloads: dict


class CRPLoadProfile(GridCalculator):
    """Capacity requirements planning (`calc.capacity.crp_load`): the standard hours the orders'
    routings load on each work centre per period, against its rated capacity. Overloaded
    periods are red in the grid and the chart; the chart shows one work centre (`work_center`),
    with the load that falls before period 1 (past due) at the left.

    orders: [(item, quantity, due_period), ...], due_period 0-based (0 = period 1), at most one
    order per item and period: they become one editable row per item, `orders[item][t]`;
    routings: item → [(work_center, setup_hours, run_hours_per_unit,
    operation_lead_time_periods), ...] in routing order, editable in
    `routings[item][k][field]` (the work centres are fixed); periods: the horizon (fixed);
    capacity: work centre → rated capacity [standard hours per period].

    Defaults: our own brackets and plates over eight weeks on a saw, a drill and a paint line.

    >>> profile = CRPLoadProfile()
    >>> profile.result.load["saw"][:3], profile.result.past_due["saw"]
    ([27.5, 28.5, 43.5], 5.0)
    >>> profile.orders["plate"][3].value = 100
    >>> profile.result.load["saw"][2], profile.result.overloads["saw"]
    (35.5, [5])
    """

    def __init__(
        self, orders=None, routings=None, periods: int = 8, capacity=None, *, work_center=None
    ):
        if orders is None:
            orders, routings = SHOP_ORDERS, SHOP_ROUTINGS if routings is None else routings
            capacity = SHOP_CAPACITY if capacity is None else capacity
        if routings is None or capacity is None:
            raise InputError(
                "routings and capacity are needed with orders, got "
                f"routings={routings!r}, capacity={capacity!r}"
            )
        orders = list(orders)
        centers = list(crp_load(orders, routings, periods).load)  # checks all three
        missing = [center for center in centers if center not in capacity]
        if missing:
            raise InputError(f"capacity has no entry for work centres {missing!r} of the routings")
        due = {item: [0] * periods for item in routings}
        for i, (item, quantity, period) in enumerate(orders):
            if due[item][period]:
                raise InputError(
                    f"orders[{i}] is a second order of {item!r} due in period "
                    f"{period + 1}: the grid holds one order per item and period; "
                    f"combine them"
                )
            due[item][period] = quantity
        self.periods = periods
        self.routings = {
            item: [_operation_controls(operation) for operation in operations]
            for item, operations in routings.items()
        }
        self._centers = {
            item: [operation[0] for operation in operations]
            for item, operations in routings.items()
        }
        for operations in self.routings.values():
            for boxes in operations:
                for box in boxes.values():
                    box.observe(self._recompute, names="value")
        chosen = centers[0] if work_center is None else work_center
        if chosen not in centers:
            raise InputError(f"work_center must be one of {centers!r}, got {work_center!r}")
        controls = {
            "orders": {item: EditableRow(quantities) for item, quantities in due.items()},
            "capacity": {
                center: number_box(
                    f"Capacity of {center} [std h/period]", capacity[center], step=0.5
                )
                for center in centers
            },
            "work_center": widgets.Dropdown(
                options=centers, value=chosen, description="Work centre charted", style=LABEL_STYLE
            ),
        }
        self.rows = {center: OutputRow(periods, digits=1) for center in centers}
        grid = PeriodGrid(
            periods,
            [
                *((f"Orders due: {item} [units]", row) for item, row in controls["orders"].items()),
                *((f"Load {center} [h]", row) for center, row in self.rows.items()),
            ],
        )
        chart = Chart(height=3.6)
        axes = chart.axes
        x = np.arange(1, periods + 1)
        self._within = axes.bar(
            x, np.zeros(periods), width=0.7, color=BLUE, label="Load within capacity"
        )
        self._excess = axes.bar(x, np.zeros(periods), width=0.7, color=RED, label="Overload")
        self._past_due = axes.bar(
            [0], [0], width=0.7, color=GREY, hatch="///", edgecolor=BLACK, label="Past due (PD)"
        )
        self._capacity_line = axes.axhline(0, color=BLACK, ls="--", lw=1.3, label="Rated capacity")
        axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize="small")
        axes.set(title="Load against rated capacity", ylabel="Load [standard hours]")
        self._headline = headline(chart)
        period_axis(chart, periods)
        axes.set_xlim(-0.6, periods + 0.6)
        axes.xaxis.set_major_formatter(FuncFormatter(lambda t, _: "PD" if t == 0 else f"{t:g}"))
        super().__init__(
            controls,
            grid=grid,
            period_fields=[f"orders[{item!r}]" for item in due],
            inputs=[
                controls["work_center"],
                *controls["capacity"].values(),
                _routing_table(self.routings, self._centers),
            ],
            chart=chart,
            note="Each operation loads its work centre with setup + quantity × run hours in "
            "the period it finishes: the last operation in the due period, each earlier "
            "one as many periods earlier as the lead times of the operations after it "
            "(backward scheduling). Load that falls before period 1 is past due. "
            "Capacity is rated capacity: available hours × utilization × efficiency.",
        )

    def _compute(self) -> CRPProfile:
        orders = []
        for item, row in self.orders.items():
            due = sequence(f"orders[{item!r}]", row.value, check=non_negative)
            orders += [(item, quantity, t) for t, quantity in enumerate(due) if quantity]
        routings = {
            item: [
                (center, *(boxes[field].value for field in OPERATION_FIELDS))
                for center, boxes in zip(self._centers[item], operations, strict=True)
            ]
            for item, operations in self.routings.items()
        }
        plan = crp_load(orders, routings, self.periods)
        capacity = {
            center: positive(f"capacity[{center!r}]", box.value)
            for center, box in self.capacity.items()
        }
        overloads = {
            center: [t for t, hours in enumerate(load) if hours > capacity[center] + TOLERANCE]
            for center, load in plan.load.items()
        }
        return CRPProfile(load=plan.load, past_due=plan.past_due, overloads=overloads)

    def _show(self, profile: CRPProfile) -> tuple[str, str]:
        chosen = self.work_center.value
        for center, load in profile.load.items():
            over = profile.overloads[center]
            self.rows[center].show(load, [PROBLEM if t in over else "" for t in range(len(load))])
            label = (
                f"Load {html.escape(str(center))} [h] of {number(self.capacity[center].value, 1)}"
            )
            self.grid.relabel(self.rows[center], f"<b>{label}</b>" if center == chosen else label)
        load, capacity = profile.load[chosen], self.capacity[chosen].value
        for within, excess, hours in zip(self._within, self._excess, load, strict=True):
            within.set_height(min(hours, capacity))
            excess.set_y(capacity)
            excess.set_height(max(0.0, hours - capacity))
        self._past_due[0].set_height(profile.past_due[chosen])
        self._capacity_line.set_ydata([capacity, capacity])
        over = profile.overloads[chosen]
        self._headline.set_text(
            f"{chosen}: {len(over)} overloaded period{'s' if len(over) != 1 else ''}"
        )
        fit_y(self.chart.axes, load, [capacity, profile.past_due[chosen]], headroom=0.25)
        figures = figures_table(
            [
                (
                    "Load over the horizon",
                    f"{number(sum(load), 1)} h of {number(capacity * len(load), 1)} h available",
                ),
                ("Peak load", f"{number(100 * max(load) / capacity, 0)} % of capacity"),
                ("Overloaded periods", period_span(over) if over else "none"),
                ("Past due (before period 1)", f"{number(profile.past_due[chosen], 1)} h"),
            ]
        )
        return figures, self._centers_table(profile)

    def _centers_table(self, profile: CRPProfile) -> str:
        """Every work centre in one table: load, capacity, peak, overloads and past due."""
        cell = "padding:1px 8px;text-align:right"
        rows = []
        for center, load in profile.load.items():
            capacity, over = self.capacity[center].value, profile.overloads[center]
            late = profile.past_due[center]
            rows.append(
                f"<tr><td>{html.escape(str(center))}</td>"
                f"<td style='{cell}'>{number(sum(load), 1)}</td>"
                f"<td style='{cell}'>{number(capacity * len(load), 1)}</td>"
                f"<td style='{cell}'>{number(100 * max(load) / capacity, 0)} %</td>"
                f"<td style='{cell};{PROBLEM if over else ''}'>"
                f"{period_span(over) if over else 'none'}</td>"
                f"<td style='{cell};{PROBLEM if late > TOLERANCE else ''}'>"
                f"{number(late, 1)}</td></tr>"
            )
        heads = "".join(
            f"<th style='{cell}'>{head}</th>"
            for head in (
                "Load [h]",
                "Capacity [h]",
                "Peak load",
                "Overloaded periods",
                "Past due [h]",
            )
        )
        return (
            f"<table style='border-collapse:collapse'><tr><th>Work centre</th>{heads}"
            f"</tr>{''.join(rows)}</table>"
        )


def _operation_controls(operation) -> dict:
    """Number boxes for one routing step's setup, run and lead time, keyed like the fields of
    `crp_load`'s routing records."""
    _, setup, run, lead_time = operation
    width = widgets.Layout(width="6em")
    return {
        "setup_hours": widgets.BoundedFloatText(
            value=setup, min=0, max=1e6, step=0.25, layout=width
        ),
        "run_hours_per_unit": widgets.BoundedFloatText(
            value=run, min=0, max=1e6, step=0.01, layout=width
        ),
        "operation_lead_time_periods": widgets.BoundedIntText(
            value=lead_time, min=0, max=9999, layout=width
        ),
    }


def _routing_table(routings: dict, centers: dict) -> widgets.GridBox:
    """The routings as a small editable table: one line per operation in routing order."""
    heads = ("Item", "Work centre", "Setup [h]", "Run [h/unit]", "Lead time [periods]")
    cells = [widgets.HTML(compact(f"<b>{head}</b>")) for head in heads]  # wrapped: tight lines
    for item, operations in routings.items():
        for center, boxes in zip(centers[item], operations, strict=True):
            cells += [
                widgets.HTML(html.escape(str(item))),
                widgets.HTML(html.escape(str(center))),
                *(boxes[field] for field in OPERATION_FIELDS),
            ]
    return widgets.GridBox(
        cells,
        layout=widgets.Layout(
            grid_template_columns="6em 6em repeat(3, 6.5em)", grid_gap="0 4px", margin="6px 0"
        ),
    )
