"""MPR calculators: the aggregate-plan builder, the MPS grid, order promising and rough-cut
capacity, on a period grid (`PeriodGrid`) that scrolls sideways for long horizons.

Each edit runs one recompute that rewrites the computed cells' values and the chart's artists;
no widget is created or rebuilt after construction.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from cpimkit.calc import InputError
from cpimkit.calc._result import Result
from cpimkit.calc._validate import choice, positive, same_length
from cpimkit.calc.planning import (
    PlanCosts,
    chase_plan,
    level_plan,
    mps_record,
    plan_costs,
    promise_order,
    rough_cut_bill_of_resources,
)
from cpimkit.ui._base import (
    ERROR_COLOUR,
    LABEL_STYLE,
    Calculator,
    figures_table,
    number,
    number_box,
    show,
)
from cpimkit.ui._chart import BLACK, BLUE, GREEN, GREY, ORANGE, RED, SKY, Chart
from cpimkit.ui.mrp import PERIOD_COLUMN, PROBLEM, SHORT, EditableRow

LABEL_WIDTH = "16em"
ROW_HEIGHT = "32px"  # an IntText with its margins: labels and cells share it, so rows line up
LABEL = "white-space:nowrap;overflow:hidden;text-overflow:ellipsis"
CELL = "text-align:right;padding:0 6px;white-space:nowrap"
HEADER = "text-align:center;font-weight:700"
FENCE = "background:#fff1d6"  # a period inside the demand time fence
FENCE_EDGE = "border-right:3px solid #E69F00"  # the last period inside it
MARKED = "background:#dff3e4;font-weight:700"  # the period a calculator points at
TOLERANCE = 1e-9  # figures this close to zero are rounding, not shortages


class OutputRow:
    """A computed row of a `PeriodGrid`: one read-only cell per period (index 0 = period 1).

    >>> row = OutputRow(3)
    >>> row.show([5, -2, 0], styles=["", PROBLEM, ""])
    >>> row.texts, row.styles[1] == PROBLEM
    (['5', '-2', '0'], True)
    """

    def __init__(self, periods: int, digits: int = 0):
        self.digits = digits
        self.cells = tuple(
            widgets.HTML(layout=widgets.Layout(width=PERIOD_COLUMN)) for _ in range(periods)
        )
        self.texts = [""] * periods
        self.styles = [""] * periods

    def __len__(self) -> int:
        return len(self.cells)

    def fill(self, texts, styles=None) -> None:
        """Show `texts` (trusted HTML), each cell styled by its CSS in `styles`."""
        self.texts = list(texts)
        self.styles = [""] * len(self.cells) if styles is None else list(styles)
        for cell, text, style in zip(self.cells, self.texts, self.styles, strict=True):
            cell.value = f"<div style='{CELL};{style}'>{text}</div>"

    def show(self, values, styles=None) -> None:
        """Show numbers with thousands separators and `digits` decimals."""
        self.fill([number(value, self.digits) for value in values], styles)

    def clear(self) -> None:
        self.fill([""] * len(self.cells))


class PeriodGrid(widgets.HBox):
    """Rows of period cells under a header of period numbers; the row labels stay put while
    the periods scroll sideways, so 52 weekly periods keep their width instead of squashing.

    `rows`: (label, row) pairs, each an `EditableRow` or an `OutputRow` of `periods` cells.
    `header` is the row of period numbers (an `OutputRow`, so periods can be marked in it).
    `cell_width`: the width of every period's cell (wider for figures in the hundred thousands).

    >>> forecast, projected = EditableRow([30, 30, 40]), OutputRow(3)
    >>> grid = PeriodGrid(3, [("Forecast", forecast), ("Projected available", projected)])
    >>> grid.header.texts
    ['1', '2', '3']
    """

    def __init__(self, periods: int, rows, *, cell_width: str = PERIOD_COLUMN):
        self.header = OutputRow(periods)
        self.header.fill([str(t) for t in range(1, periods + 1)], [HEADER] * periods)
        self._labels = {}
        labels, cells = [widgets.HTML("<b>Period</b>")], list(self.header.cells)
        for label, row in rows:
            if len(row) != periods:
                raise ValueError(f"row {label!r} has {len(row)} cells, expected {periods}")
            self._labels[row] = widgets.HTML(_label(html.escape(label)))
            labels.append(self._labels[row])
            cells.extend(row.cells)
        for cell in cells:
            cell.layout.width = cell_width
        self.column = f"calc({cell_width} + 4px)"  # a cell with its margins: nothing overflows
        self.outputs = [row for row in self._labels if isinstance(row, OutputRow)]
        pitch = {"grid_auto_rows": ROW_HEIGHT, "grid_gap": "0 4px"}
        label_column = widgets.GridBox(labels, layout=widgets.Layout(
            grid_template_columns=LABEL_WIDTH, flex="0 0 auto", overflow="hidden", **pitch))
        period_columns = widgets.GridBox(cells, layout=widgets.Layout(  # the part that scrolls
            grid_template_columns=f"repeat({periods}, {self.column})", flex="1 1 auto",
            min_width="0", overflow="auto hidden", **pitch))
        super().__init__([label_column, period_columns],
                         layout=widgets.Layout(width="100%", align_items="flex-start"))

    def relabel(self, row, label: str) -> None:
        """Rename `row` (`label` is trusted HTML)."""
        self._labels[row].value = _label(label)

    def label(self, row) -> str:
        """The label of `row` as shown (HTML)."""
        return self._labels[row].value

    def show_row(self, row, shown: bool) -> None:
        """Show or hide a whole row, label included."""
        show(self._labels[row], shown)
        for cell in row.cells:
            show(cell, shown)

    def clear(self) -> None:
        """Blank every computed row (while an input is invalid)."""
        for row in self.outputs:
            row.clear()


def _label(text: str) -> str:
    """A row label on one line, cut short with an ellipsis (the full text as a tooltip)."""
    plain = re.sub(r"<[^>]+>", "", text)
    return f"<div style='{LABEL}' title='{plain}'>{text}</div>"


class GridCalculator(Calculator):
    """A calculator with a `PeriodGrid` below its inputs and chart.

    `period_fields` are the parameter names whose values are per period; an error naming one
    also gives the period (``forecast[3]`` is period 4). While an input is invalid the
    computed rows are blank.
    """

    def __init__(self, controls, *, grid: PeriodGrid, period_fields, **layout):
        self.grid = grid
        self._period_fields = tuple(period_fields)
        super().__init__(controls, **layout)
        self.children = (*self.children, grid)

    def _refresh(self) -> None:
        super()._refresh()
        if self.result is None:
            self.grid.clear()

    def _explain(self, error: InputError) -> str:
        text = str(error)
        for field in self._period_fields:
            found = re.match(re.escape(field) + r"\[(\d+)\]", text)
            if found:
                period = int(found[1]) + 1
                text = f"{found.group()} (period {period}){text[found.end():]}"
                break
        return super()._explain(InputError(text))


def period_span(indices) -> str:
    """0-based period indices as runs of 1-based periods.

    >>> period_span([0, 1, 2, 5, 9, 10])
    '1–3, 6, 10–11'
    """
    runs = []
    for index in sorted(indices):
        if runs and index == runs[-1][1] + 1:
            runs[-1][1] = index
        else:
            runs.append([index, index])
    return ", ".join(str(a + 1) if a == b else f"{a + 1}–{b + 1}" for a, b in runs)


def fence_styles(periods: int, fence: int) -> list[str]:
    """Cell styles that shade the periods inside a demand time fence and edge its last one."""
    return [
        (f"{FENCE};{FENCE_EDGE}" if t == fence - 1 else FENCE) if t < fence else ""
        for t in range(periods)
    ]


def money(value: float) -> str:
    """Whole dollars for tables (HTML, so the dollar sign needs no escaping)."""
    return f"${number(value, 0)}"


def period_axis(chart: Chart, periods: int) -> None:
    """Periods 1 … n on the x axis, whole-number ticks."""
    axes = chart.axes
    axes.set_xlim(0.4, periods + 0.6)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=13))
    axes.axhline(0, color=BLACK, lw=0.8)
    axes.set_xlabel("Period")


def fit_y(axes, *series, headroom: float = 0.08) -> None:
    """Scale the y axis to the values of `series` and zero, `headroom` (a share of the range)
    above them; far quicker than ``relim`` over a hundred bars.

    The limits stay put while the values fit them snugly (filling at least 60 % of the range,
    below zero only if some are): steady limits keep the tick labels, so the chart's layout
    need not be worked out again after a small edit.
    """
    values = np.concatenate([np.asarray(values, dtype=float) for values in series] + [[0.0]])
    low, high = values.min(), values.max()
    bottom, top = axes.get_ylim()
    fits = bottom <= low and high <= top and (bottom < 0) == (low < -TOLERANCE)
    if fits and high - low >= 0.6 * (top - bottom):
        return
    pad = (high - low) or 1.0
    axes.set_ylim(low - 0.08 * pad if low < -TOLERANCE else 0, high + headroom * pad)


def headline(chart: Chart):
    """A bold line of text at the top left inside the axes, for a figure that changes with the
    inputs (a title would make the layout be worked out again after each edit)."""
    return chart.axes.text(0.01, 0.98, "", transform=chart.axes.transAxes, va="top",
                           fontweight="bold", bbox={"facecolor": "white", "edgecolor": "none",
                                                    "alpha": 0.8, "pad": 1})


def _rows_of(values, periods: int) -> list:
    """`values` as a list, or zeros over `periods` when None."""
    return [0] * periods if values is None else list(values)


STRATEGIES = {"level": "Level", "chase": "Chase", "hybrid": "Hybrid"}
# cpimkit course map, MPR notebook 2: the make-to-stock family (level rate 360).
FAMILY_FORECAST = (300, 320, 360, 400, 380, 340)


@dataclass(frozen=True, repr=False)
class PlanComparison(Result):
    """What `AggregatePlanBuilder` computes: the production per period of each strategy
    (level, chase, hybrid), its `calc.planning.PlanCosts`, and the strategy on show."""

    strategy: str
    production: dict
    costs: dict

    @property
    def selected(self) -> PlanCosts:
        """The costs of the strategy on show."""
        return self.costs[self.strategy]


class AggregatePlanBuilder(GridCalculator):
    """Level, chase and hybrid production plans for one make-to-stock family, costed side by
    side with `calc.planning.plan_costs`; the chart shows demand, production and the stock (or
    backlog) of the strategy chosen. The hybrid plan is typed per period (`production`) and
    starts from the level rate in whole units.

    Quantities in units per period, costs in $ per unit (per period for holding and backlog).

    >>> plan = AggregatePlanBuilder()
    >>> plan.result.production["level"][0], plan.result.selected.ending_inventory
    (360.0, [160.0, 200.0, 200.0, 160.0, 140.0, 160.0])
    >>> plan.strategy.value = "hybrid"
    >>> plan.production[0].value = 340
    >>> plan.result.selected.ending_inventory[0]
    140.0
    """

    def __init__(self, forecast=FAMILY_FORECAST, opening_inventory: float = 100,
                 ending_inventory: float = 160, holding_cost: float = 2,
                 backlog_cost: float = 10, increase_cost: float = 10,
                 decrease_cost: float = 15, regular_capacity: float = 360,
                 overtime_cost: float = 8, strategy: str = "level", *, production=None):
        strategy = choice("strategy", strategy, STRATEGIES)
        demand = list(forecast)
        if production is None:
            production = _level_start(demand, opening_inventory, ending_inventory)
        periods = same_length(forecast=demand, production=list(production))
        controls = {
            "forecast": EditableRow(demand),
            "production": EditableRow(production),
            "opening_inventory": number_box("Opening inventory [units]", opening_inventory),
            "ending_inventory": number_box("Ending inventory [units]", ending_inventory),
            "holding_cost": number_box("Holding cost [$/unit/period]", holding_cost, step=0.5),
            "backlog_cost": number_box("Backlog cost [$/unit/period]", backlog_cost, step=0.5),
            "increase_cost": number_box("Rate increase cost [$/unit]", increase_cost),
            "decrease_cost": number_box("Rate decrease cost [$/unit]", decrease_cost),
            "regular_capacity": number_box("Regular capacity [units/period]", regular_capacity),
            "overtime_cost": number_box("Overtime cost [$/unit]", overtime_cost, step=0.5),
            "strategy": widgets.ToggleButtons(
                options=[(label, name) for name, label in STRATEGIES.items()], value=strategy,
                description="Strategy shown", style={**LABEL_STYLE, "button_width": "5.5em"}),
        }
        self.level_to_hybrid = widgets.Button(
            description="Hybrid = level", icon="undo", layout=widgets.Layout(width="auto"),
            tooltip="Set every period of the hybrid plan to the level rate (whole units)")
        self.level_to_hybrid.on_click(self._start_hybrid_from_level)
        self.rows = {name: OutputRow(periods) for name in
                     ("production", "ending_inventory", "rate_changes", "overtime")}
        grid = PeriodGrid(periods, [
            ("Forecast demand", controls["forecast"]),
            ("Hybrid production (edit)", controls["production"]),
            ("Production", self.rows["production"]),
            ("End stock (− = backlog)", self.rows["ending_inventory"]),
            ("Change in rate", self.rows["rate_changes"]),
            ("Overtime", self.rows["overtime"]),
        ])
        chart = Chart(height=3.8)
        axes = chart.axes
        x = np.arange(1, periods + 1)
        self._production_bars = axes.bar(x - 0.2, np.zeros(periods), width=0.4, color=SKY,
                                         label="Production")
        self._balance_bars = axes.bar(x + 0.2, np.zeros(periods), width=0.4, color=GREEN)
        (self._demand_line,) = axes.plot(x, np.zeros(periods), "o-", color=BLACK, lw=1.6,
                                         ms=4, label="Demand (forecast)")
        self._capacity_line = axes.axhline(0, color=GREY, ls="--", lw=1.2,
                                           label="Regular capacity")
        axes.legend(handles=[self._demand_line, self._production_bars,
                             Patch(color=GREEN, label="End inventory"),
                             Patch(color=RED, label="Backlog (below 0)"), self._capacity_line],
                    loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize="small")
        axes.set(title="Demand, production and stock", ylabel="Units")
        self._headline = headline(chart)
        chart.thousands(axes.yaxis)
        period_axis(chart, periods)
        inputs = [widgets.HBox([controls["strategy"], self.level_to_hybrid])]
        inputs += [controls[name] for name in ("opening_inventory", "ending_inventory",
                                               "holding_cost", "backlog_cost", "increase_cost",
                                               "decrease_cost", "regular_capacity",
                                               "overtime_cost")]
        super().__init__(
            controls, grid=grid, period_fields=("forecast", "production"), inputs=inputs,
            chart=chart,
            note="Level: the same rate every period, (total forecast + ending − opening "
                 "inventory) ÷ periods. Chase: period 1 makes up the change in stock, then "
                 "production equals demand. Hybrid: your own production per period (it "
                 "starts from the level rate in whole units). Holding "
                 "and backlog are charged on the end-of-period balance; a change in rate per "
                 "unit of increase or decrease from the period before (none in period 1); "
                 "overtime per unit above regular capacity. Regular-time cost is left out.",
        )

    def _start_hybrid_from_level(self, button=None) -> None:
        """Set the hybrid plan to the level rate in whole units, with one recompute."""
        start = _level_start(self.forecast.value, self.opening_inventory.value,
                             self.ending_inventory.value)
        self._updating = True  # one recompute for the whole row, not one per cell
        try:
            self.production.value = start
        finally:
            self._updating = False
        self._recompute()

    def _compute(self) -> PlanComparison:
        demand = self.forecast.value
        opening, target = self.opening_inventory.value, self.ending_inventory.value
        level = level_plan(demand, opening, target)
        production = {
            "level": [level.rate] * len(demand),
            "chase": chase_plan(demand, opening, target).production,
            "hybrid": self.production.value,
        }
        settings = {name: getattr(self, name).value for name in (
            "holding_cost", "backlog_cost", "increase_cost", "decrease_cost",
            "regular_capacity", "overtime_cost")}
        costs = {name: plan_costs(demand, made, opening, **settings)
                 for name, made in production.items()}
        return PlanComparison(strategy=self.strategy.value, production=production, costs=costs)

    def _show(self, comparison: PlanComparison) -> str:
        name = comparison.strategy
        plan, made = comparison.selected, comparison.production[name]
        balances = plan.ending_inventory
        self.rows["production"].show(made)
        self.rows["ending_inventory"].show(
            balances, [PROBLEM if b < -TOLERANCE else "" for b in balances])
        self.rows["rate_changes"].fill([f"{c:+,.0f}" if round(c) else "0"
                                        for c in plan.rate_changes])
        self.rows["overtime"].show(plan.overtime,
                                   [SHORT if o > TOLERANCE else "" for o in plan.overtime])
        for row, text in ((self.rows["production"], "production"),
                          (self.rows["ending_inventory"], "stock (− = backlog)")):
            self.grid.relabel(row, f"{STRATEGIES[name]}: {text}")
        for bar, value in zip(self._production_bars, made, strict=True):
            bar.set_height(value)
        for bar, balance in zip(self._balance_bars, balances, strict=True):
            bar.set_height(balance)
            bar.set_color(RED if balance < -TOLERANCE else GREEN)
        self._demand_line.set_ydata(self.forecast.value)
        capacity = self.regular_capacity.value
        self._capacity_line.set_ydata([capacity, capacity])
        axes = self.chart.axes
        self._headline.set_text(f"{STRATEGIES[name]} plan: total cost "
                                f"\\${number(plan.total, 0)}")
        fit_y(axes, made, balances, self.forecast.value, [capacity], headroom=0.2)
        return _cost_table(comparison) + _plan_figures(comparison, self.ending_inventory.value)


def _level_start(forecast, opening_inventory, ending_inventory) -> list[int]:
    """The level rate in whole units for every period; zeros while the inputs are invalid."""
    try:
        rate = level_plan(forecast, opening_inventory, ending_inventory).rate
    except InputError:
        return [0] * len(forecast)
    return [round(rate)] * len(forecast)


def _cost_table(comparison: PlanComparison) -> str:
    """The cost lines of the three plans side by side; the strategy on show shaded and the
    cheapest total starred."""
    lines = (("Holding", "holding"), ("Backlog", "backlog_cost"),
             ("Rate changes", "change_cost"), ("Overtime", "overtime_cost"),
             ("Total", "total"))
    cheapest = min(plan.total for plan in comparison.costs.values())
    cell = "padding:1px 8px;text-align:right"

    def shade(name: str) -> str:
        return ";background:#eef5fb" if name == comparison.strategy else ""

    head = "".join(f"<th style='{cell}{shade(name)}'>{label}</th>"
                   for name, label in STRATEGIES.items())
    body = []
    for label, field in lines:
        cells = []
        for name, plan in comparison.costs.items():
            value = getattr(plan, field)
            star = " ★" if field == "total" and value <= cheapest + TOLERANCE else ""
            cells.append(f"<td style='{cell}{shade(name)}'>{money(value)}{star}</td>")
        weight = "font-weight:700;border-top:1px solid #999" if field == "total" else ""
        body.append(f"<tr style='{weight}'><td>{label}</td>{''.join(cells)}</tr>")
    return (f"<table style='border-collapse:collapse'><tr><th>Cost</th>{head}</tr>"
            f"{''.join(body)}</table>")


def _plan_figures(comparison: PlanComparison, target: float) -> str:
    """The level rate and how the hybrid plan ends."""
    rate = comparison.production["level"][0]
    hybrid = comparison.costs["hybrid"]
    end = hybrid.ending_inventory[-1]
    gap = end - target
    ending = f"{number(end, 0)} units"
    if abs(gap) > TOLERANCE:
        ending += (f" <span style='color:{ERROR_COLOUR}'>({number(abs(gap), 0)} "
                   f"{'above' if gap > 0 else 'short of'} the {number(target, 0)} wanted)</span>")
    return figures_table([
        ("Level rate", f"{number(rate, 2)} units/period"),
        ("Hybrid output in total", f"{number(sum(comparison.production['hybrid']), 0)} units"),
        ("Hybrid ends the horizon with", ending),
    ])


# Stevenson, Operations Management, master scheduling example: industrial pumps, lots of 70.
PUMP_FORECAST = (30, 30, 30, 30, 40, 40, 40, 40)
PUMP_ORDERS = (33, 20, 10, 4, 2, 0, 0, 0)
PUMP_SCHEDULE = (0, 0, 70, 0, 70, 0, 70, 70)


def _master_rows(forecast, customer_orders, master_schedule) -> tuple[list, list, list]:
    """The three MPS input rows: the pump example when no forecast is given, zeros for a row
    left out; `InputError` when the rows given differ in length."""
    if forecast is None:
        forecast = PUMP_FORECAST
        customer_orders = PUMP_ORDERS if customer_orders is None else customer_orders
        master_schedule = PUMP_SCHEDULE if master_schedule is None else master_schedule
    periods = len(forecast)
    rows = (list(forecast), _rows_of(customer_orders, periods),
            _rows_of(master_schedule, periods))
    same_length(forecast=rows[0], customer_orders=rows[1], master_schedule=rows[2])
    return rows


def _master_controls(on_hand, forecast, customer_orders, master_schedule,
                     demand_time_fence) -> dict:
    """The controls shared by the MPS grid and the order promiser."""
    forecast, customer_orders, master_schedule = _master_rows(forecast, customer_orders,
                                                              master_schedule)
    return {
        "on_hand": number_box("On hand at start [units]", on_hand),
        "demand_time_fence": number_box("Demand time fence [periods]", demand_time_fence,
                                        maximum=9999, integer=True),
        "forecast": EditableRow(forecast),
        "customer_orders": EditableRow(customer_orders),
        "master_schedule": EditableRow(master_schedule),
    }


MASTER_ROWS = (("Forecast", "forecast"), ("Customer orders", "customer_orders"),
               ("Master schedule (MPS)", "master_schedule"))


class MPSGrid(GridCalculator):
    """A master schedule record: edit forecast, customer orders and MPS quantities per period
    (index 0 is period 1) and watch the projected available balance (PAB) and the
    available-to-promise, discrete and cumulative. Periods inside the demand time fence are
    shaded; negative figures are red. Horizons of 8 to 52 periods scroll sideways.

    Defaults: Stevenson's industrial pumps (64 on hand, lots of 70) with a one-period fence.

    >>> mps = MPSGrid()
    >>> mps.result.projected_available
    [31.0, 1.0, 41.0, 11.0, 41.0, 1.0, 31.0, 61.0]
    >>> mps.demand_time_fence.value = 2
    >>> mps.result.projected_available[:3]
    [31.0, 11.0, 51.0]
    """

    def __init__(self, on_hand: float = 64, forecast=None, customer_orders=None,
                 master_schedule=None, demand_time_fence: int = 1):
        controls = _master_controls(on_hand, forecast, customer_orders, master_schedule,
                                    demand_time_fence)
        periods = len(controls["forecast"])
        self.rows = {"fence": OutputRow(periods)}
        self.rows |= {name: OutputRow(periods) for name in
                      ("projected_available", "available_to_promise", "cumulative_atp")}
        grid = PeriodGrid(periods, [
            ("Demand time fence", self.rows["fence"]),
            *((label, controls[name]) for label, name in MASTER_ROWS),
            ("Projected available (PAB)", self.rows["projected_available"]),
            ("ATP (discrete)", self.rows["available_to_promise"]),
            ("Cumulative ATP", self.rows["cumulative_atp"]),
        ])
        chart = Chart(height=3.6)
        axes = chart.axes
        x = np.arange(1, periods + 1)
        self._fence_span = axes.axvspan(0.5, 0.5, color=ORANGE, alpha=0.15, lw=0)
        self._fence_label = axes.text(0.55, 0.98, "", transform=axes.get_xaxis_transform(),
                                      va="top", fontsize="small", color="#9a6400")
        self._projected_bars = axes.bar(x - 0.2, np.zeros(periods), width=0.4, color=GREEN)
        self._atp_bars = axes.bar(x + 0.2, np.zeros(periods), width=0.4, color=SKY)
        (self._cumulative_line,) = axes.step(x, np.zeros(periods), where="mid", color=BLUE,
                                             lw=1.8, label="Cumulative ATP")
        axes.legend(handles=[Patch(color=GREEN, label="Projected available"),
                             Patch(color=SKY, label="ATP (discrete)"), self._cumulative_line,
                             Patch(color=RED, label="Negative"),
                             Patch(color=ORANGE, alpha=0.3, label="Inside the fence")],
                    loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize="small")
        axes.set(title="Projected available and available to promise", ylabel="Units")
        chart.thousands(axes.yaxis)
        period_axis(chart, periods)
        super().__init__(
            controls, grid=grid, period_fields=[name for _, name in MASTER_ROWS],
            inputs=[controls["on_hand"], controls["demand_time_fence"]], chart=chart,
            note="PAB: inside the demand time fence (shaded periods) only customer orders "
                 "are subtracted; outside it, the greater of forecast and customer orders. "
                 "ATP is discrete with look-ahead: period 1 counts the stock on hand; each MPS "
                 "quantity less the customer orders due until the next MPS quantity; a "
                 "shortfall is borrowed from earlier ATP. Cumulative ATP is the running total.",
        )

    def _compute(self):
        return mps_record(on_hand=self.on_hand.value, forecast=self.forecast.value,
                          customer_orders=self.customer_orders.value,
                          master_schedule=self.master_schedule.value,
                          demand_time_fence=self.demand_time_fence.value)

    def _show(self, record) -> str:
        periods, fence = len(record.forecast), record.demand_time_fence
        shaded = fence_styles(periods, fence)
        self.grid.header.fill(self.grid.header.texts,
                              [f"{HEADER};{style}" for style in shaded])
        self.rows["fence"].fill(["inside" if t < fence else "" for t in range(periods)], shaded)
        for name in ("projected_available", "available_to_promise", "cumulative_atp"):
            values = getattr(record, name)
            self.rows[name].show(values, [
                f"{style};{PROBLEM}" if value < -TOLERANCE else style
                for value, style in zip(values, shaded, strict=True)])
        _set_bars(self._projected_bars, record.projected_available, GREEN)
        _set_bars(self._atp_bars, record.available_to_promise, SKY)
        self._cumulative_line.set_ydata(record.cumulative_atp)
        self._fence_span.set_width(fence)
        self._fence_label.set_text("demand\ntime fence" if fence else "")
        fit_y(self.chart.axes, record.projected_available, record.available_to_promise,
              record.cumulative_atp)
        return _mps_figures(record)


def _set_bars(bars, values, colour: str) -> None:
    """Bar heights, red where a value is negative."""
    for bar, value in zip(bars, values, strict=True):
        bar.set_height(value)
        bar.set_color(RED if value < -TOLERANCE else colour)


def _mps_figures(record) -> str:
    fence = record.demand_time_fence
    short = [t for t, value in enumerate(record.projected_available) if value < -TOLERANCE]
    rows = [
        ("Inside the demand time fence",
         f"periods {period_span(range(fence))}" if fence else "none (no fence)"),
        ("ATP in period 1", f"{number(record.available_to_promise[0], 0)} units"),
        ("Uncommitted over the horizon", f"{number(record.cumulative_atp[-1], 0)} units"),
    ]
    warnings = []
    if short:
        warnings.append(f"Projected available is negative in periods {period_span(short)}: "
                        f"schedule an MPS quantity in or before period {short[0] + 1}.")
    if record.available_to_promise[0] < -TOLERANCE:
        warnings.append("ATP in period 1 is negative: the booked orders exceed the stock on "
                        "hand and the MPS quantities; some promise cannot be kept.")
    return figures_table(rows) + "".join(
        f"<p style='{PROBLEM};padding:2px 6px'>{html.escape(text)}</p>" for text in warnings)


class OrderPromiser(GridCalculator):
    """Order promising: can `quantity` units be accepted for `requested_period`, and if not,
    when? Answered with `calc.planning.promise_order` (discrete ATP with look-ahead, never
    borrowing from later periods) in a sentence, with the ATP before and after booking it.
    `requested_period` is 0-based like the calc (0 = period 1); the menu shows period numbers.

    Defaults: Stevenson's industrial pumps and our question, 70 pumps in week 3.

    >>> promiser = OrderPromiser()
    >>> promiser.result.can_promise_requested, promiser.result.promised_period
    (False, 4)
    >>> promiser.quantity.value = 60
    >>> promiser.result.can_promise_requested
    True
    """

    def __init__(self, on_hand: float = 64, forecast=None, customer_orders=None,
                 master_schedule=None, demand_time_fence: int = 0, quantity: float = 70,
                 requested_period: int = 2):
        controls = _master_controls(on_hand, forecast, customer_orders, master_schedule,
                                    demand_time_fence)
        periods = len(controls["forecast"])
        controls["quantity"] = number_box("Order quantity [units]", quantity)
        if requested_period not in range(periods):
            raise InputError(f"requested_period must be a period index from 0 to "
                             f"{periods - 1} (0 = period 1), got {requested_period!r}")
        controls["requested_period"] = widgets.Dropdown(
            options=[(f"Period {t + 1}", t) for t in range(periods)], value=requested_period,
            description="Requested for", style=LABEL_STYLE)
        self.answer = widgets.HTML()
        self.rows = {name: OutputRow(periods) for name in ("atp_before", "used", "atp_after")}
        grid = PeriodGrid(periods, [
            *((label, controls[name]) for label, name in MASTER_ROWS),
            ("ATP before the order", self.rows["atp_before"]),
            ("Taken by the order", self.rows["used"]),
            ("ATP after the order", self.rows["atp_after"]),
        ])
        chart = Chart(height=3.4)
        axes = chart.axes
        x = np.arange(1, periods + 1)
        self._requested_span = axes.axvspan(0.5, 1.5, color=ORANGE, alpha=0.15, lw=0,
                                            label="Requested period")
        self._before_bars = axes.bar(x - 0.2, np.zeros(periods), width=0.4, color=GREY,
                                     label="ATP before")
        self._after_bars = axes.bar(x + 0.2, np.zeros(periods), width=0.4, color=BLUE,
                                    label="ATP after")
        (self._promised_mark,) = axes.plot([], [], "v", color=GREEN, ms=11,
                                           label="Promised period")
        axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize="small")
        axes.set(title="ATP before and after the order", ylabel="Available to promise [units]")
        self._headline = headline(chart)
        chart.thousands(axes.yaxis)
        period_axis(chart, periods)
        super().__init__(
            controls, grid=grid, period_fields=[name for _, name in MASTER_ROWS],
            inputs=[controls[name] for name in ("quantity", "requested_period", "on_hand",
                                                "demand_time_fence")] + [self.answer],
            chart=chart,
            note="The order goes in the earliest period, from the one requested on, where "
                 "booking it leaves no ATP negative. ATP is discrete with look-ahead: an order "
                 "may use uncommitted units of earlier periods, never of later ones. The demand "
                 "time fence changes the projected available, not the ATP.",
        )

    def _compute(self):
        return promise_order(on_hand=self.on_hand.value, forecast=self.forecast.value,
                             customer_orders=self.customer_orders.value,
                             master_schedule=self.master_schedule.value,
                             quantity=self.quantity.value,
                             requested_period=self.requested_period.value,
                             demand_time_fence=self.demand_time_fence.value)

    def _refresh(self) -> None:
        super()._refresh()
        if self.result is None:
            self.answer.value = ""

    def _show(self, promise) -> str:
        periods, asked = len(promise.atp_before), self.requested_period.value
        booked = promise.promised_period
        after = promise.atp_after or [0.0] * periods
        used = [before - left if booked is not None else 0.0
                for before, left in zip(promise.atp_before, after, strict=True)]
        self.grid.header.fill(self.grid.header.texts, [
            f"{HEADER};{MARKED}" if t == booked else
            f"{HEADER};{FENCE}" if t == asked else HEADER for t in range(periods)])
        negative = [PROBLEM if value < -TOLERANCE else "" for value in promise.atp_before]
        self.rows["atp_before"].show(promise.atp_before, negative)
        self.rows["used"].show(used, [SHORT if value > TOLERANCE else "" for value in used])
        if booked is None:
            self.rows["atp_after"].fill(["–"] * periods)
        else:
            self.rows["atp_after"].show(after)
        _set_bars(self._before_bars, promise.atp_before, GREY)
        _set_bars(self._after_bars, after, BLUE)
        self._requested_span.set_x(asked + 0.5)
        self._promised_mark.set_data(
            [] if booked is None else [booked + 1],
            [] if booked is None else [max(promise.atp_before[booked], after[booked], 0)])
        self.answer.value = _answer(promise, self.quantity.value, asked, used)
        axes = self.chart.axes
        self._headline.set_text("Promised in period " + str(booked + 1) if booked is not None
                                else "Cannot be promised within the horizon")
        fit_y(axes, promise.atp_before, after, headroom=0.2)
        cumulative = np.cumsum(promise.atp_before)
        return figures_table([
            ("Uncommitted up to the requested period",
             f"{number(cumulative[asked], 0)} units (cumulative ATP)"),
            ("Uncommitted over the horizon", f"{number(cumulative[-1], 0)} units"),
        ])


def _answer(promise, quantity: float, asked: int, used: list) -> str:
    """The answer to "can I accept Q in period t, and if not, when?" in a sentence."""
    amount = f"{number(quantity, 0)} units"
    sources = [f"{number(value, 0)} of period {t + 1}'s ATP"
               for t, value in reversed(list(enumerate(used))) if value > TOLERANCE]
    taking = " and ".join(sources)
    if promise.can_promise_requested:
        text, colour = f"✔ Yes: {amount} can be promised for period {asked + 1}, taking " \
                       f"{taking}.", GREEN
    elif promise.promised_period is not None:
        text, colour = (f"✘ Not in period {asked + 1}: booking {amount} there would leave an "
                        f"ATP below zero. The earliest period that can take them is period "
                        f"{promise.promised_period + 1}, taking {taking}."), ORANGE
    else:
        text, colour = (f"✘ No period from {asked + 1} to {len(used)} can take {amount} "
                        f"without an ATP below zero: split the order, or add MPS quantity."), RED
        if promise.atp_before[0] < -TOLERANCE:
            text += " The booked orders already exceed supply (ATP negative in period 1)."
    return (f"<p style='border-left:4px solid {colour};padding:4px 8px;margin:6px 0;"
            f"font-weight:600'>{html.escape(text)}</p>")


# Vollmann, Berry, Whybark & Jacobs, Manufacturing Planning and Control for Supply Chain
# Management, rough-cut capacity planning, bill of labour approach: end products A and B,
# work centres 100, 200 and 300 over 13 periods. The capacities are our own numbers.
BOL_SCHEDULES = {"A": [33, 33, 33, 40, 40, 40, 30, 30, 30, 37, 37, 37, 37],
                 "B": [17, 17, 17, 13, 13, 13, 25, 25, 25, 27, 27, 27, 27]}
BOL_BILL = {"A": {100: 0.05, 200: 0.70, 300: 0.20}, "B": {100: 1.30, 200: 0.30, 300: 0.25}}
BOL_CAPACITY = {100: 35, 200: 32, 300: 15}
CENTER_COLOURS = [BLUE, ORANGE, GREEN, SKY, GREY, BLACK]


class RoughCutView(GridCalculator):
    """Rough-cut capacity from a bill of resources: load per work centre and period (MPS
    quantity × hours per unit, summed over products) against each centre's capacity.
    Overloads are red in the table and hatched in the chart.

    master_schedules: product → MPS quantities per period (editable rows); bill: product →
    work centre → standard hours per unit; capacity: work centre → hours available per
    period. Defaults: Vollmann et al.'s bill-of-labour example with our own capacities.

    >>> view = RoughCutView()
    >>> [round(hours, 2) for hours in view.result[100][8:10]]
    [34.0, 36.95]
    >>> view.capacity[100].value = 40
    >>> view.rows[100].styles[9] == PROBLEM
    False
    """

    def __init__(self, master_schedules=None, bill=None, capacity=None):
        if master_schedules is None:
            master_schedules, bill = BOL_SCHEDULES, BOL_BILL if bill is None else bill
            capacity = BOL_CAPACITY if capacity is None else capacity
        if bill is None or capacity is None:
            raise InputError("bill and capacity are needed with master_schedules, got "
                             f"bill={bill!r}, capacity={capacity!r}")
        centers = list(dict.fromkeys(center for hours in bill.values() for center in hours))
        missing = [center for center in centers if center not in capacity]
        if missing:
            raise InputError(f"capacity has no entry for work centres {missing!r} of the bill")
        schedules = {product: EditableRow(quantities)
                     for product, quantities in master_schedules.items()}
        periods = len(next(iter(schedules.values())))
        same_length(**{f"master_schedules[{p!r}]": row.value for p, row in schedules.items()})
        self.bill = {
            product: {center: widgets.BoundedFloatText(
                value=hours, min=0, max=1e6, step=0.05, layout=widgets.Layout(width="6em"))
                for center, hours in per_unit.items()}
            for product, per_unit in bill.items()}
        for boxes in self.bill.values():
            for box in boxes.values():
                box.observe(self._recompute, names="value")
        controls = {
            "master_schedules": schedules,
            "capacity": {center: number_box(f"Capacity of {center} [h/period]",
                                            capacity[center]) for center in centers},
        }
        self.rows = {center: OutputRow(periods, digits=2) for center in centers}
        grid = PeriodGrid(periods, [
            *((f"MPS {product} [units]", row) for product, row in schedules.items()),
            *((f"Load {center} [h]", row) for center, row in self.rows.items()),
        ])
        chart = Chart(height=3.8)
        axes = chart.axes
        x = np.arange(1, periods + 1)
        width = 0.8 / len(centers)
        self._load_bars = {
            center: axes.bar(x - 0.4 + width * (i + 0.5), np.zeros(periods), width=width,
                             color=CENTER_COLOURS[i % len(CENTER_COLOURS)], label=str(center))
            for i, center in enumerate(centers)}
        full = axes.axhline(100, color=RED, ls="--", lw=1.2, label="Capacity (100 %)")
        overload = Patch(facecolor="white", edgecolor=RED, hatch="///", hatchcolor=BLACK,
                         label="Overload")
        axes.legend(handles=[*self._load_bars.values(), full, overload],
                    loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize="small",
                    title="Work centre")
        axes.set(title="Rough-cut load against capacity", ylabel="Load [% of capacity]")
        self._headline = headline(chart)
        period_axis(chart, periods)
        super().__init__(
            controls, grid=grid,
            period_fields=[f"master_schedules[{product!r}]" for product in schedules],
            inputs=[*controls["capacity"].values(), _bill_table(self.bill, centers)],
            chart=chart,
            note="Load = Σ over products of MPS quantity × hours per unit from the bill of "
                 "resources, in the period of the MPS quantity (no lead-time offset). A load "
                 "above capacity is an overload: move MPS quantities, add capacity (overtime, "
                 "a shift) or subcontract.",
        )

    def _compute(self) -> dict:
        schedules = {product: row.value for product, row in self.master_schedules.items()}
        bill = {product: {center: box.value for center, box in boxes.items()}
                for product, boxes in self.bill.items()}
        load = rough_cut_bill_of_resources(master_schedules=schedules, bill=bill)
        for center, box in self.capacity.items():
            positive(f"capacity[{center!r}]", box.value)
        return load

    def _show(self, load: dict) -> str:
        rows, overloads, percents = [], 0, [[110]]
        cell = "padding:1px 8px;text-align:right"
        for center, hours in load.items():
            capacity = self.capacity[center].value
            over = [t for t, value in enumerate(hours) if value > capacity + TOLERANCE]
            overloads += len(over)
            self.rows[center].show(hours, [PROBLEM if t in over else ""
                                           for t in range(len(hours))])
            self.grid.relabel(self.rows[center],
                              f"Load {html.escape(str(center))} [h] of {number(capacity, 0)}")
            percents.append([100 * value / capacity for value in hours])
            for t, (bar, share) in enumerate(zip(self._load_bars[center], percents[-1],
                                                 strict=True)):
                bar.set_height(share)
                bar.set_hatch("///" if t in over else None)
                bar.set_edgecolor(RED if t in over else "none")
                bar.set_hatchcolor(BLACK)
            peak = max(hours)
            rows.append(
                f"<tr><td>{html.escape(str(center))}</td>"
                f"<td style='{cell}'>{number(sum(hours), 1)}</td>"
                f"<td style='{cell}'>{number(capacity * len(hours), 1)}</td>"
                f"<td style='{cell}'>{number(100 * peak / capacity, 0)} %</td>"
                f"<td style='{cell};{PROBLEM if over else ''}'>"
                f"{period_span(over) if over else 'none'}</td></tr>")
        axes = self.chart.axes
        self._headline.set_text(f"{overloads} overload{'s' if overloads != 1 else ''}")
        fit_y(axes, *percents, headroom=0.15)
        heads = "".join(f"<th style='{cell}'>{head}</th>" for head in (
            "Load [h]", "Capacity [h]", "Peak load", "Overloaded periods"))
        return (f"<table style='border-collapse:collapse'><tr><th>Work centre</th>{heads}"
                f"</tr>{''.join(rows)}</table>")


def _bill_table(bill: dict, centers: list) -> widgets.GridBox:
    """The bill of resources as a small editable table: products down, work centres across."""
    cells = [widgets.HTML("<b>Hours per unit</b>")]
    cells += [widgets.HTML(f"<b>{html.escape(str(center))}</b>") for center in centers]
    for product, boxes in bill.items():
        cells.append(widgets.HTML(html.escape(str(product))))
        cells += [boxes[center] if center in boxes else widgets.HTML("–") for center in centers]
    return widgets.GridBox(cells, layout=widgets.Layout(
        grid_template_columns=f"10em repeat({len(centers)}, 6em)", grid_gap="0 4px",
        margin="6px 0"))
