"""DSP inventory calculators: lot-sizing rules compared on cost, an all-units quantity discount
and the periodic-review (order-up-to) policy.

The lot-sizing comparator edits its net requirements on a period grid (`TotalsGrid`: the
`planning.PeriodGrid` with cost columns that stay in view while 52 periods scroll); each edit
runs one recompute that rewrites cells and chart artists, no widget is created after
construction.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from statistics import NormalDist

import ipywidgets as widgets
import numpy as np

from cpimkit.calc import InputError
from cpimkit.calc._result import Result
from cpimkit.calc._validate import non_negative, positive, record, sequence
from cpimkit.calc.inventory import eoq, eoq_quantity_discount, inventory_cost, periodic_review
from cpimkit.calc.mrp import LOT_SIZING_METHODS, lot_sizing
from cpimkit.ui._base import (
    LABEL_STYLE,
    Calculator,
    figures_table,
    number,
    number_box,
    share_slider,
)
from cpimkit.ui._chart import BLACK, BLUE, GREEN, GREY, ORANGE, RED, SKY, Chart
from cpimkit.ui.mrp import EditableRow
from cpimkit.ui.planning import (
    HEADER,
    MARKED,
    ROW_HEIGHT,
    TOLERANCE,
    GridCalculator,
    OutputRow,
    PeriodGrid,
    fit_y,
    money,
    period_axis,
)

CHOSEN = "background:#eef5fb"  # the cells of the rule on show in the chart
VISIBLE_PERIODS = 3  # the fewest period columns a `TotalsGrid` shows beside its totals
BREAK_COLOURS = [BLUE, ORANGE, GREEN, SKY, GREY, BLACK]


class TotalsGrid(PeriodGrid):
    """A `PeriodGrid` with a few fixed columns on the right, one figure per row (costs, totals),
    that stay in view while the periods scroll sideways.

    `columns` are their headings; `totals[row]` is the `OutputRow` of those columns for `row`.

    >>> net, lfl = EditableRow([50, 60]), OutputRow(2)
    >>> grid = TotalsGrid(2, [("Net requirements", net), ("LFL", lfl)], ["Orders", "Total"])
    >>> grid.totals[lfl].fill(["2", "$200"])
    >>> grid.totals[lfl].texts, grid.totals[net].texts
    (['2', '$200'], ['', ''])
    """

    def __init__(self, periods: int, rows, columns, *, width: str = "6em"):
        rows = list(rows)
        super().__init__(periods, rows)
        headings = OutputRow(len(columns))
        headings.fill(columns, [HEADER] * len(columns))
        self.totals = {row: OutputRow(len(columns)) for _, row in rows}
        cells = [*headings.cells, *(cell for row in self.totals.values() for cell in row.cells)]
        for cell in cells:
            cell.layout.width = width
        fixed = widgets.GridBox(
            cells,
            layout=widgets.Layout(
                grid_template_columns=f"repeat({len(columns)}, {width})",
                grid_auto_rows=ROW_HEIGHT,
                grid_gap="0 4px",
                flex="0 0 auto",
                margin="0 0 0 8px",
            ),
        )
        # In a narrow notebook the fixed columns would squeeze the periods out of sight: a few
        # periods stay in view and the whole grid scrolls sideways instead.
        periods_view = self.children[-1]
        periods_view.layout.min_width = f"calc({min(periods, VISIBLE_PERIODS)} * {self.column})"
        self.layout.overflow = "auto hidden"
        self.children = (*self.children, fixed)

    def show_row(self, row, shown: bool) -> None:
        super().show_row(row, shown)
        for cell in self.totals[row].cells:
            cell.layout.display = None if shown else "none"

    def clear(self) -> None:
        super().clear()
        for row in self.totals.values():
            row.clear()


NAMES = {  # rule → (short name for tables and charts, full name)
    "lfl": ("LFL", "Lot for lot"),
    "foq": ("FOQ", "Fixed order quantity"),
    "eoq": ("EOQ", "Economic order quantity"),
    "poq": ("POQ", "Period order quantity"),
    "ppb": ("PPB", "Part-period balancing"),
    "luc": ("LUC", "Least unit cost"),
    "ltc": ("LTC", "Least total cost"),
    "silver_meal": ("SM", "Silver-Meal"),
    "wagner_whitin": ("WW", "Wagner-Whitin"),
}
METHODS = {rule: NAMES[rule] for rule in LOT_SIZING_METHODS}  # every rule of the calc, in order
# cpimkit course map, DSP notebook 2: LFL costs $800, POQ with two periods of supply $650.
COURSE_MAP_NET = (50, 60, 70, 60, 95, 75, 60, 55)
COST_COLUMNS = ("Orders", "Ordering", "Holding", "Total")


@dataclass(frozen=True, repr=False)
class LotSizingComparison(Result):
    """What `LotSizingComparator` computes: the plan of every rule (rule → `calc.mrp`
    `LotSizingResult`), the rule on show (`method`) and the lot the EOQ rule used."""

    plans: dict
    method: str
    economic_lot: float

    @property
    def selected(self):
        """The plan of the rule on show."""
        return self.plans[self.method]

    @property
    def cheapest(self) -> list[str]:
        """The rules of least total cost (ties included), in the order of the table."""
        least = min(plan.total_cost for plan in self.plans.values())
        return [rule for rule, plan in self.plans.items() if plan.total_cost <= least + TOLERANCE]


class LotSizingComparator(GridCalculator):
    """Every lot-sizing rule of `calc.mrp.lot_sizing` on the same net requirements: the orders
    per period and the ordering, holding and total cost of each rule in one table (cheapest
    starred), the costs by rule in a chart above the orders of the rule chosen (`method`).

    net_requirements: per period [units], editable (index 0 is period 1); order_cost: S [$ per
    order]; holding_cost: h [$ per unit per period]; order_quantity: Q of the fixed order
    quantity rule [units], None for the EOQ rounded to a whole unit; periods_of_supply: P of
    the period order quantity rule [periods]. The EOQ rule's lot is sqrt(2·mean·S/h), the mean
    net requirement per period.

    Defaults: the course map's DSP notebook 2, S = $100, h = $1 per unit per period.

    >>> comparator = LotSizingComparator()
    >>> comparator.result.plans["lfl"].total_cost, comparator.result.plans["poq"].total_cost
    (800.0, 650.0)
    >>> comparator.periods_of_supply.value = 3
    >>> comparator.result.plans["poq"].orders
    [180.0, 0.0, 0.0, 230.0, 0.0, 0.0, 115.0, 0.0]
    """

    def __init__(
        self,
        net_requirements=COURSE_MAP_NET,
        order_cost: float = 100,
        holding_cost: float = 1,
        order_quantity: float | None = None,
        periods_of_supply: int = 2,
        *,
        method: str = "poq",
    ):
        net = sequence("net_requirements", net_requirements)
        if order_quantity is None:
            order_quantity = _rounded_economic_lot(net, order_cost, holding_cost)
        if method not in METHODS:
            raise InputError(f"method must be one of {', '.join(METHODS)}; got {method!r}")
        periods = len(net)
        controls = {
            "net_requirements": EditableRow(net),
            "order_cost": number_box("Order cost S [$/order]", order_cost),
            "holding_cost": number_box("Holding cost h [$/unit/period]", holding_cost, step=0.1),
            "order_quantity": number_box("FOQ lot Q [units]", order_quantity),
            "periods_of_supply": number_box(
                "POQ periods of supply P", periods_of_supply, minimum=1, maximum=9999, integer=True
            ),
            "method": widgets.Dropdown(
                options=[(f"{name} ({code})", rule) for rule, (code, name) in METHODS.items()],
                value=method,
                description="Orders charted for",
                style=LABEL_STYLE,
                layout=widgets.Layout(width="36em"),  # "Economic order quantity (EOQ)" in full
            ),
        }
        self.rows = {rule: OutputRow(periods) for rule in METHODS}
        self.rows["ending_inventory"] = OutputRow(periods)
        grid = TotalsGrid(
            periods,
            [
                ("Net requirements (edit)", controls["net_requirements"]),
                *((METHODS[rule][0], self.rows[rule]) for rule in METHODS),
                ("End inventory", self.rows["ending_inventory"]),
            ],
            COST_COLUMNS,
        )
        chart = Chart(height=5.6)
        self._draw_costs(chart)
        axes = chart.axes
        x = np.arange(1, periods + 1)
        self._order_bars = axes.bar(x, np.zeros(periods), width=0.6, color=SKY, label="Orders")
        (self._net_line,) = axes.plot(
            x, np.zeros(periods), "o-", color=BLACK, lw=1.4, ms=4, label="Net requirements"
        )
        (self._stock_line,) = axes.plot(
            x, np.zeros(periods), "s--", color=GREEN, lw=1.4, ms=4, label="End inventory"
        )
        axes.legend(loc="upper right", fontsize="small")
        axes.set_ylabel("Units")
        chart.thousands(axes.yaxis)
        period_axis(chart, periods)
        super().__init__(
            controls,
            grid=grid,
            period_fields=["net_requirements"],
            inputs=[
                controls[name]
                for name in (
                    "order_cost",
                    "holding_cost",
                    "order_quantity",
                    "periods_of_supply",
                    "method",
                )
            ],
            chart=chart,
            note="Holding is charged on the stock at the end of each period: h × Σ end "
            "inventory (books that charge the average stock get other figures). An order "
            "arrives at the start of its period; purchase cost is the same for every rule "
            "and left out. FOQ orders multiples of Q; the EOQ rule orders "
            "√(2·mean·S/h), or the requirement when larger; PPB and LTC are one rule here: "
            "the lot whose holding cost comes closest to S.",
        )

    def _draw_costs(self, chart: Chart) -> None:
        """The upper axes: stacked ordering and holding cost of each rule, total on top."""
        figure = chart.figure
        layout = figure.add_gridspec(2, 1)
        chart.axes.set_subplotspec(layout[1])
        axes = self._cost_axes = figure.add_subplot(layout[0])
        axes.grid(True, axis="y", alpha=0.3)
        axes.spines[["top", "right"]].set_visible(False)
        x = np.arange(len(METHODS))
        self._ordering_bars = axes.bar(
            x, np.zeros(len(x)), width=0.65, color=ORANGE, label="Ordering"
        )
        self._holding_bars = axes.bar(x, np.zeros(len(x)), width=0.65, color=GREEN, label="Holding")
        self._total_labels = [
            axes.text(i, 0, "", ha="center", va="bottom", fontsize=7.5) for i in x
        ]
        axes.set_xticks(x, [code for code, _ in METHODS.values()], fontsize="small")
        axes.set_xlim(-0.6, len(x) - 0.4)
        axes.legend(loc="upper left", ncols=2, fontsize="small")
        axes.set(title="Cost over the horizon by rule (★ cheapest)", ylabel="Cost [$]")
        chart.thousands(axes.yaxis)

    def _compute(self) -> LotSizingComparison:
        net = sequence("net_requirements", self.net_requirements.value, check=non_negative)
        if not any(net):
            raise InputError(f"net_requirements are all 0: there is nothing to order, got {net}")
        costs = {"order_cost": self.order_cost.value, "holding_cost": self.holding_cost.value}
        plans = {"lfl": lot_sizing(net, "lfl", **costs)}  # checks S and h before the EOQ
        economic = eoq(math.fsum(net) / len(net), **costs).quantity
        lots = {
            "foq": {"order_quantity": self.order_quantity.value},
            "eoq": {"order_quantity": economic},
            "poq": {"periods_of_supply": self.periods_of_supply.value},
        }
        for rule in METHODS:
            if rule not in plans:
                plans[rule] = lot_sizing(net, rule, **costs, **lots.get(rule, {}))
        return LotSizingComparison(plans=plans, method=self.method.value, economic_lot=economic)

    def _show(self, comparison: LotSizingComparison) -> str:
        cheapest, chosen = comparison.cheapest, comparison.method
        for i, (rule, plan) in enumerate(comparison.plans.items()):
            style = CHOSEN if rule == chosen else ""
            self.rows[rule].fill(
                [number(q, 0) if q > TOLERANCE else "" for q in plan.orders],
                [style] * len(plan.orders),
            )
            label = html.escape(self._rule_label(rule, comparison))
            self.grid.relabel(self.rows[rule], f"<b>{label}</b>" if rule == chosen else label)
            best = rule in cheapest
            self.grid.totals[self.rows[rule]].fill(
                [
                    str(sum(1 for q in plan.orders if q > TOLERANCE)),
                    money(plan.ordering_cost),
                    money(plan.holding_cost),
                    money(plan.total_cost) + (" ★" if best else ""),
                ],
                [style] * 3 + [MARKED if best else style],
            )
            self._ordering_bars[i].set_height(plan.ordering_cost)
            self._holding_bars[i].set_y(plan.ordering_cost)
            self._holding_bars[i].set_height(plan.holding_cost)
            for bar in (self._ordering_bars[i], self._holding_bars[i]):
                bar.set_edgecolor(BLACK if rule == chosen else "none")
            text = self._total_labels[i]
            text.set_position((i, plan.total_cost))
            text.set_text(f"\\${number(plan.total_cost, 0)}" + ("\n★" if best else ""))
            text.set_fontweight("bold" if best else "normal")
        plan = comparison.selected
        self.rows["ending_inventory"].show(plan.ending_inventory, [CHOSEN] * len(plan.orders))
        self.grid.relabel(self.rows["ending_inventory"], f"End inventory: {METHODS[chosen][0]}")
        fit_y(self._cost_axes, [p.total_cost for p in comparison.plans.values()], headroom=0.35)
        for bar, quantity in zip(self._order_bars, plan.orders, strict=True):
            bar.set_height(quantity)
        net = self.net_requirements.value
        self._net_line.set_ydata(net)
        self._stock_line.set_ydata(plan.ending_inventory)
        self.chart.axes.set_title(f"Orders by {METHODS[chosen][1]} ({METHODS[chosen][0]})")
        fit_y(self.chart.axes, plan.orders, net, plan.ending_inventory, headroom=0.5)
        least = comparison.plans[cheapest[0]].total_cost
        return figures_table(
            [
                (
                    "Least total cost",
                    f"{money(least)}: {', '.join(METHODS[rule][0] for rule in cheapest)}",
                ),
                (
                    f"{METHODS[chosen][1]} ({METHODS[chosen][0]})",
                    f"{money(plan.ordering_cost)} ordering + {money(plan.holding_cost)} holding",
                ),
                (
                    "EOQ lot √(2·mean·S/h)",
                    f"{number(comparison.economic_lot, 1)} units "
                    f"(mean {number(sum(net) / len(net), 1)}/period)",
                ),
            ]
        )

    def _rule_label(self, rule: str, comparison: LotSizingComparison) -> str:
        """The short name of `rule` with the lot parameter it used."""
        code = METHODS[rule][0]
        if rule == "foq":
            return f"{code} (Q = {number(self.order_quantity.value, 0)})"
        if rule == "eoq":
            return f"{code} (Q = {number(comparison.economic_lot, 1)})"
        if rule == "poq":
            return f"{code} (P = {self.periods_of_supply.value})"
        return code


def _rounded_economic_lot(net: list, order_cost: float, holding_cost: float) -> int:
    """The EOQ of the mean requirement to a whole unit; 0 while the inputs are invalid (the
    calculator then says why)."""
    try:
        return round(eoq(sum(net) / len(net), order_cost, holding_cost).quantity)
    except InputError:
        return 0


class PriceBreakTable:
    """The price breaks as a small table of number boxes: `min_quantity[i]` and `unit_price[i]`
    are those of break i; `value` is the list of (min_quantity, unit_price) pairs.

    >>> table = PriceBreakTable([(0, 5.00), (1000, 4.80)])
    >>> table.unit_price[1].value = 4.7
    >>> table.value
    [(0.0, 5.0), (1000.0, 4.7)]
    """

    def __init__(self, price_breaks):
        pairs = sequence(
            "price_breaks",
            price_breaks,
            check=record(("min_quantity", non_negative), ("unit_price", positive)),
        )
        self.min_quantity = tuple(
            widgets.BoundedFloatText(
                value=low, min=0, max=1e12, step=100, layout=widgets.Layout(width="7em")
            )
            for low, _ in pairs
        )
        self.unit_price = tuple(
            widgets.BoundedFloatText(
                value=price, min=0, max=1e12, step=0.05, layout=widgets.Layout(width="7em")
            )
            for _, price in pairs
        )
        cells = [
            widgets.HTML("<b>Price breaks</b>"),
            widgets.HTML("<b>From [units]</b>"),
            widgets.HTML("<b>Unit price [$]</b>"),
        ]
        for i, boxes in enumerate(zip(self.min_quantity, self.unit_price, strict=True)):
            cells += [widgets.HTML(f"Break {i + 1}"), *boxes]
        self.table = widgets.GridBox(
            cells,
            layout=widgets.Layout(
                grid_template_columns="10em 7.5em 7.5em", grid_gap="0 4px", margin="6px 0"
            ),
        )

    @property
    def value(self) -> list[tuple[float, float]]:
        return [
            (low.value, price.value)
            for low, price in zip(self.min_quantity, self.unit_price, strict=True)
        ]

    def observe(self, handler, names: str) -> None:
        """Call `handler` when any box changes."""
        for box in (*self.min_quantity, *self.unit_price):
            box.observe(handler, names=names)


# Heizer & Render, Operations Management, Wohl's Discount Store (toy race cars): D = 5,000 a
# year, S = $49, I = 20 %; $5.00 below 1,000, $4.80 from 1,000, $4.75 from 2,000.
WOHL_BREAKS = ((0, 5.00), (1000, 4.80), (2000, 4.75))


class QuantityDiscountEvaluator(Calculator):
    """All-units quantity discount (`calc.inventory.eoq_quantity_discount`): the total annual
    cost curve of each price, solid over the quantities the price applies to, the candidate
    order of each price and the best one marked; a table shows how each candidate was found.

    annual_demand: D [units/yr]; order_cost: S [$/order]; carrying_rate: i, annual holding
    cost as a share of the unit price; price_breaks: [(min_quantity, unit_price), ...], edited
    in `price_breaks.min_quantity[i]` and `price_breaks.unit_price[i]`.

    Defaults: Heizer & Render's Wohl's Discount Store.

    >>> evaluator = QuantityDiscountEvaluator()
    >>> evaluator.result.quantity, evaluator.result.unit_price, evaluator.result.total_cost
    (1000.0, 4.8, 24725.0)
    >>> evaluator.price_breaks.unit_price[2].value = 4.60
    >>> evaluator.result.quantity
    2000.0
    """

    def __init__(
        self,
        annual_demand: float = 5000,
        order_cost: float = 49,
        carrying_rate: float = 0.2,
        price_breaks=WOHL_BREAKS,
    ):
        table = PriceBreakTable(price_breaks)
        controls = {
            "annual_demand": number_box("Annual demand D [units/yr]", annual_demand),
            "order_cost": number_box("Order cost S [$/order]", order_cost),
            "carrying_rate": share_slider(
                "Carrying rate i [of price/yr]", carrying_rate, minimum=0.01, maximum=1
            ),
            "price_breaks": table,
        }
        chart = Chart(height=3.8)
        axes = chart.axes
        self._curves = []  # per break: the whole curve (faint) and where its price applies
        for i in range(len(table.value)):
            colour = BREAK_COLOURS[i % len(BREAK_COLOURS)]
            (whole,) = axes.plot([], [], color=colour, lw=1, ls=":", alpha=0.7)
            (applies,) = axes.plot([], [], color=colour, lw=2.2, label=" ")
            edge = axes.axvline(0, color=GREY, lw=0.8, ls="--")
            self._curves.append((whole, applies, edge))
        (self._candidates,) = axes.plot(
            [], [], "o", color=BLACK, mfc="white", ms=7, mew=1.5, label="Candidate"
        )
        (self._best,) = axes.plot([], [], "*", color=RED, ms=16, label="Best order")
        self._best_label = axes.annotate(
            "",
            (0, 0),
            xytext=(0, 12),
            textcoords="offset points",
            ha="center",
            color=BLACK,
            fontweight="bold",
        )
        self._legend = axes.legend(loc="upper right", fontsize="small")
        axes.set(
            title="Total annual cost at each price",
            xlabel="Order quantity Q [units]",
            ylabel="Total annual cost [$/yr]",
        )
        chart.thousands(axes.xaxis)
        chart.thousands(axes.yaxis)
        super().__init__(
            controls,
            inputs=[
                *(controls[name] for name in ("annual_demand", "order_cost", "carrying_rate")),
                table.table,
            ],
            chart=chart,
            note="All-units discount: every unit of an order is bought at the price of the "
            "highest break the order reaches. Total cost = D·P + (D/Q)·S + (Q/2)·i·P, "
            "purchase included. Each price's candidate is its EOQ, raised to the break "
            "quantity when below it; an EOQ that reaches the next break is dropped. Solid: "
            "the quantities a price applies to.",
        )

    def _compute(self):
        return eoq_quantity_discount(
            annual_demand=self.annual_demand.value,
            order_cost=self.order_cost.value,
            carrying_rate=self.carrying_rate.value,
            price_breaks=self.price_breaks.value,
        )

    def _show(self, result) -> tuple[str, str]:
        demand, per_order, rate = (
            self.annual_demand.value,
            self.order_cost.value,
            self.carrying_rate.value,
        )
        breaks = self.price_breaks.value
        ceilings = [low for low, _ in breaks[1:]] + [math.inf]
        lots = [eoq(demand, per_order, rate * price).quantity for _, price in breaks]
        right = 1.6 * max(breaks[-1][0], *lots, result.quantity)
        quantities = np.linspace(right / 80, right, 240)
        lows, highs, rows = [], [], []
        prices = self._legend.get_texts()[: len(breaks)]
        for (low, price), ceiling, lot, (whole, applies, edge), legend in zip(
            breaks, ceilings, lots, self._curves, prices, strict=True
        ):
            costs = np.array(
                [
                    demand * price + inventory_cost(demand, per_order, rate * price, q)
                    for q in quantities
                ]
            )
            whole.set_data(quantities, costs)
            inside = (quantities >= low) & (quantities < ceiling)
            applies.set_data(quantities[inside], costs[inside])
            edge.set_xdata([low, low])
            edge.set_visible(low > 0)
            legend.set_text(f"\\${price:,.2f}")
            # the lowest cost of the curve, and the lowest where its price applies
            lows.append(demand * price + inventory_cost(demand, per_order, rate * price, lot))
            cheapest = min(max(lot, low, right / 80), ceiling)
            highs.append(demand * price + inventory_cost(demand, per_order, rate * price, cheapest))
            rows.append(_break_row(low, ceiling, price, lot, result))
        candidates = sorted(result.candidates.items())
        self._candidates.set_data([q for q, _ in candidates], [cost for _, cost in candidates])
        self._best.set_data([result.quantity], [result.total_cost])
        self._best_label.xy = (result.quantity, result.total_cost)
        self._best_label.set_text(
            f"{number(result.quantity, 0)} at \\${number(result.unit_price, 2)}"
        )
        low, high = min(lows), max(highs)
        pad = (high - low) or high * 0.05 or 1
        self.chart.axes.set(xlim=(0, right), ylim=(low - 0.4 * pad, high + 0.6 * pad))
        figures = figures_table(
            [
                ("Best order quantity", f"{number(result.quantity, 0)} units"),
                ("Unit price", f"${number(result.unit_price)}"),
                ("Purchase cost D·P", f"${number(result.purchase_cost)}/yr"),
                ("Ordering cost (D/Q)·S", f"${number(result.ordering_cost)}/yr"),
                ("Holding cost (Q/2)·i·P", f"${number(result.holding_cost)}/yr"),
                ("Total annual cost", f"${number(result.total_cost)}/yr"),
            ]
        )
        cell = "padding:1px 8px;text-align:right"
        heads = "".join(
            f"<th style='{cell}'>{head}</th>"
            for head in (
                "Unit price",
                "Applies to [units]",
                "EOQ at this price",
                "Candidate Q",
                "Total cost [$/yr]",
            )
        )
        table = (
            f"<table style='border-collapse:collapse'><tr>{heads}<th>How</th></tr>"
            f"{''.join(rows)}</table>"
        )
        return figures, table


def _break_row(low: float, ceiling: float, price: float, lot: float, result) -> str:
    """One price break in the candidates table: its EOQ, its candidate and how it was found."""
    cell = "padding:1px 8px;text-align:right"
    span = (
        f"{number(low, 0)} or more"
        if ceiling == math.inf
        else f"{number(low, 0)} to under {number(ceiling, 0)}"
    )
    candidate = next((q for q in result.candidates if low <= q < ceiling), None)
    if candidate is None:
        how, shown, cost = "EOQ reaches the next break: no candidate", "–", "–"
    else:
        how = "EOQ applies" if lot >= low else "EOQ below the break: raised to it"
        shown, cost = number(candidate, 0), number(result.candidates[candidate])
    best = candidate is not None and candidate == result.quantity
    style = f";{MARKED}" if best else ""
    return (
        f"<tr><td style='{cell}{style}'>${number(price)}</td>"
        f"<td style='{cell}{style}'>{span}</td><td style='{cell}{style}'>{number(lot, 0)}</td>"
        f"<td style='{cell}{style}'>{shown}</td>"
        f"<td style='{cell}{style}'>{cost}{' ★' if best else ''}</td>"
        f"<td style='padding:1px 8px{style}'>{how}</td></tr>"
    )


@dataclass(frozen=True, repr=False)
class ReviewCycles(Result):
    """The deterministic picture `PeriodicReviewCalculator` draws: the corners of the on-hand
    sawtooth and of the inventory position (on hand + on order), the review times with the
    orders placed, the arrival times with the stock just after each arrival."""

    times: list
    on_hand: list
    position_times: list
    position: list
    reviews: list
    orders: list
    arrivals: list
    arrival_levels: list


def review_cycles(
    target_level: float,
    demand_rate: float,
    review_period: float,
    lead_time: float,
    on_hand: float,
    on_order: float,
    cycles: int = 3,
) -> ReviewCycles:
    """Stock over `cycles` review periods and a lead time when demand runs at its average:
    each review orders up to `target_level`, each order arrives `lead_time` later; open orders
    are counted as arriving at once.

    >>> picture = review_cycles(290.94, 30, 7, 2, on_hand=71, on_order=0)
    >>> [round(q, 2) for q in picture.orders], picture.reviews, picture.arrivals
    ([219.94, 210.0, 210.0, 210.0], [0, 7, 14, 21], [2, 9, 16])
    >>> round(picture.on_hand[-1], 2)  # just before the next order arrives: the safety stock
    20.94
    """
    end = cycles * review_period + lead_time
    reviews = [k * review_period for k in range(cycles + 1) if k * review_period < end]
    orders, position_times, position = [], [], []
    level, clock = on_hand + on_order, 0.0
    for t in reviews:
        level -= demand_rate * (t - clock)
        clock = t
        orders.append(max(0.0, target_level - level))
        position_times += [t, t]
        position += [level, level + orders[-1]]
        level += orders[-1]
    position_times.append(end)
    position.append(level - demand_rate * (end - clock))

    arrivals = [t + lead_time for t in reviews if t + lead_time < end]
    times, stock, arrival_levels = [0.0], [on_hand + on_order], []
    level, clock = on_hand + on_order, 0.0
    for arrival, order in zip(arrivals, orders, strict=False):  # the last orders arrive later
        level -= demand_rate * (arrival - clock)
        clock = arrival
        times += [arrival, arrival]
        stock += [level, level + order]
        level += order
        arrival_levels.append(level)
    times.append(end)
    stock.append(level - demand_rate * (end - clock))
    return ReviewCycles(
        times=times,
        on_hand=stock,
        position_times=position_times,
        position=position,
        reviews=reviews,
        orders=orders,
        arrivals=arrivals,
        arrival_levels=arrival_levels,
    )


class PeriodicReviewCalculator(Calculator):
    """Periodic review with an order-up-to level (`calc.inventory.periodic_review`): the target
    level T, its safety stock and the order to place now, with the sawtooth of stock over
    three review periods at the average demand. Rates and times share one unit (days here).

    Defaults: Stevenson's fixed-order-interval example (d = 30 a day, σd = 3, R = 7 days,
    L = 2 days, 99 % service, 71 units on hand).

    >>> review = PeriodicReviewCalculator()
    >>> round(review.result.target_level, 2), round(review.result.order_quantity, 2)
    (290.94, 219.94)
    >>> review.on_hand.value = 300
    >>> review.result.order_quantity
    0.0
    """

    def __init__(
        self,
        demand_rate: float = 30,
        demand_std: float = 3,
        review_period: float = 7,
        lead_time: float = 2,
        service_level: float = 0.99,
        on_hand: float = 71,
        on_order: float = 0,
    ):
        chart = Chart(height=3.6)
        axes = chart.axes
        self._target = axes.axhline(0, color=RED, ls="--", lw=1.4, label="Target level T")
        self._safety = axes.axhline(0, color=ORANGE, ls=":", lw=1.6, label="Safety stock")
        (self._position,) = axes.plot(
            [], [], color=GREY, lw=1.2, ls="--", label="Position (+ on order)"
        )
        (self._on_hand,) = axes.plot([], [], color=BLUE, lw=2, label="On hand")
        (self._reviews,) = axes.plot(
            [], [], "v", color=BLACK, ms=8, clip_on=False, label="Review: order up to T"
        )
        (self._arrivals,) = axes.plot([], [], "^", color=GREEN, ms=8, label="Order arrives")
        self._cover = axes.annotate(
            "", (0, 0), xytext=(0, 0), arrowprops={"arrowstyle": "<->", "color": BLACK}
        )
        self._cover_label = axes.text(
            0,
            0,
            "",
            ha="center",
            va="bottom",
            fontsize="small",
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1},
        )
        axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize="small")
        axes.axhline(0, color=BLACK, lw=0.8)
        axes.set(title="Stock at the average demand", xlabel="Time [days]", ylabel="Units")
        chart.thousands(axes.yaxis)
        super().__init__(
            {
                "demand_rate": number_box("Demand rate d [units/day]", demand_rate),
                "demand_std": number_box("Demand std dev σd [units/day]", demand_std, step=0.5),
                "review_period": number_box("Review period R [days]", review_period),
                "lead_time": number_box("Lead time L [days]", lead_time),
                "service_level": share_slider(
                    "Service level",
                    service_level,
                    minimum=0.5,
                    maximum=0.999,
                    step=0.001,
                    readout=".1%",
                ),
                "on_hand": number_box("On hand − backorders [units]", on_hand, minimum=-1e12),
                "on_order": number_box("On order [units]", on_order),
            },
            chart=chart,
            note="Order-up-to level T = d·(R + L) + z·σd·√(R + L): an order placed now must "
            "last until the next one arrives, R + L later. Order = T − on hand − on "
            "order (never below 0); z is the exact inverse normal of the service level. "
            "The chart runs at the average demand and counts open orders as arriving at "
            "once.",
        )

    def _compute(self):
        return periodic_review(
            **{
                name: getattr(self, name).value
                for name in (
                    "demand_rate",
                    "demand_std",
                    "review_period",
                    "lead_time",
                    "service_level",
                    "on_hand",
                    "on_order",
                )
            }
        )

    def _show(self, result) -> str:
        rate, review, lead = (
            self.demand_rate.value,
            self.review_period.value,
            self.lead_time.value,
        )
        target, buffer = result.target_level, result.safety_stock
        picture = review_cycles(target, rate, review, lead, self.on_hand.value, self.on_order.value)
        self._on_hand.set_data(picture.times, picture.on_hand)
        self._position.set_data(picture.position_times, picture.position)
        self._target.set_ydata([target, target])
        self._safety.set_ydata([buffer, buffer])
        top = max(target, *picture.on_hand, *picture.position)
        bottom = min(0.0, buffer, *picture.on_hand)
        span = top - bottom or 1.0
        self._reviews.set_data(picture.reviews, [top + 0.08 * span] * len(picture.reviews))
        self._arrivals.set_data(picture.arrivals, picture.arrival_levels)
        height = top + 0.2 * span
        self._cover.xy, cover = (0, height), review + lead
        self._cover.set_position((cover, height))
        self._cover_label.set_position((cover / 2, height + 0.01 * span))
        self._cover_label.set_text(f"R + L = {number(cover, 1)} days")
        self.chart.axes.set(
            xlim=(0, picture.times[-1]), ylim=(bottom - 0.05 * span, top + 0.32 * span)
        )
        return figures_table(
            [
                ("Protection interval R + L", f"{number(cover, 1)} days"),
                ("Mean demand d·(R + L)", f"{number(rate * cover, 1)} units"),
                (
                    "z (exact inverse normal)",
                    number(NormalDist().inv_cdf(self.service_level.value), 4),
                ),
                ("Safety stock z·σd·√(R + L)", f"{number(buffer)} units"),
                ("Target level T", f"{number(target)} units"),
                (
                    "Position now (on hand + on order)",
                    f"{number(self.on_hand.value + self.on_order.value)} units",
                ),
                ("Order now", f"{number(result.order_quantity)} units"),
            ]
        )
