"""Inventory calculators: EOQ cost curve, safety stock and reorder point, ABC classification."""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from statistics import NormalDist

import ipywidgets as widgets
import numpy as np
from matplotlib.patches import Patch, Polygon

from cpimkit.calc import InputError
from cpimkit.calc._result import Result
from cpimkit.calc.inventory import (
    abc_classification,
    eoq,
    inventory_cost,
    reorder_point,
    safety_stock,
)
from cpimkit.ui._base import (
    LABEL_STYLE,
    SLIDER_WIDTH,
    Calculator,
    figures_table,
    number,
    number_box,
    share_slider,
)
from cpimkit.ui._chart import BLACK, BLUE, GREEN, GREY, ORANGE, RED, SKY, Chart

SQRT_TAU = math.sqrt(2 * math.pi)


class EOQCalculator(Calculator):
    """Economic order quantity with its annual cost curves (ordering, holding and total).

    Units: annual_demand [units/yr], order_cost [$/order], holding_cost [$/unit/yr].

    >>> calc = EOQCalculator(annual_demand=1300, order_cost=8, holding_cost=0.225)
    >>> round(calc.result.quantity, 2)
    304.05
    >>> calc.holding_cost.value = 0
    >>> calc.result is None, "holding_cost" in calc.message.value
    (True, True)
    """

    def __init__(self, annual_demand: float = 12_000, order_cost: float = 50,
                 holding_cost: float = 5):
        chart = Chart()
        axes = chart.axes
        (self._total,) = axes.plot([], [], color=BLUE, lw=2.2, label="Total cost")
        (self._ordering,) = axes.plot([], [], color=ORANGE, lw=1.5, ls="--",
                                      label="Ordering cost  D·S/Q")
        (self._holding,) = axes.plot([], [], color=GREEN, lw=1.5, ls="--",
                                     label="Holding cost  H·Q/2")
        (self._optimum,) = axes.plot([], [], "o", color=RED, ms=8, label="EOQ (lowest total)")
        self._optimum_label = axes.annotate(
            "", (0, 0), xytext=(0, 10), textcoords="offset points", ha="center", color=RED
        )
        axes.set(title="Annual cost against order quantity",
                 xlabel="Order quantity Q [units]", ylabel="Annual cost [$/yr]")
        axes.legend(loc="upper center", fontsize="small")  # the curves are low there
        chart.thousands(axes.xaxis)
        chart.thousands(axes.yaxis)
        super().__init__(
            {
                "annual_demand": number_box("Annual demand D [units/yr]", annual_demand),
                "order_cost": number_box("Order cost S [$/order]", order_cost),
                "holding_cost": number_box("Holding cost H [$/unit/yr]", holding_cost,
                                           step=0.05),
            },
            chart=chart,
            note="Purchase cost is left out: it does not change with Q. "
                 "At the EOQ, ordering and holding cost are equal.",
        )

    def _compute(self):
        return eoq(annual_demand=self.annual_demand.value, order_cost=self.order_cost.value,
                   holding_cost=self.holding_cost.value)

    def _show(self, result) -> str:
        demand, order, holding = (self.annual_demand.value, self.order_cost.value,
                                  self.holding_cost.value)
        quantities = np.linspace(0.15, 3, 200) * result.quantity
        self._ordering.set_data(quantities, demand * order / quantities)
        self._holding.set_data(quantities, holding * quantities / 2)
        self._total.set_data(quantities, [
            inventory_cost(demand, order, holding, quantity) for quantity in quantities
        ])
        self._optimum.set_data([result.quantity], [result.total_cost])
        self._optimum_label.xy = (result.quantity, result.total_cost)
        self._optimum_label.set_text(f"Q* = {number(result.quantity, 0)}")
        self.chart.axes.set(xlim=(0, quantities[-1]), ylim=(0, 2.2 * result.total_cost))
        return figures_table([
            ("Economic order quantity Q*", f"{number(result.quantity)} units"),
            ("Orders per year D/Q*", number(result.orders_per_year)),
            ("Time between orders", f"{number(result.cycle_time, 3)} yr "
                                    f"({number(result.cycle_time * 365, 1)} days)"),
            ("Annual ordering cost", f"${number(result.ordering_cost)}"),
            ("Annual holding cost", f"${number(result.holding_cost)}"),
            ("Total annual cost", f"${number(result.total_cost)}"),
        ])


@dataclass(frozen=True, repr=False)
class StockLevels(Result):
    """What `SafetyStockCalculator` computes (units as its inputs)."""

    z: float
    lead_time_demand: float
    lead_time_demand_std: float
    safety_stock: float
    reorder_point: float


class SafetyStockCalculator(Calculator):
    """Safety stock and reorder point for variable demand and lead time, with the lead-time
    demand distribution. Rates and lead times share one time unit (days here).

    >>> calc = SafetyStockCalculator(service_level=0.95, demand_std=10, lead_time=4,
    ...                              lead_time_std=0, demand_rate=50)
    >>> round(calc.result.safety_stock, 2), round(calc.result.reorder_point, 2)
    (32.9, 232.9)
    """

    def __init__(self, service_level: float = 0.95, demand_std: float = 10,
                 lead_time: float = 4, lead_time_std: float = 1, demand_rate: float = 50):
        chart = Chart()
        axes = chart.axes
        (self._curve,) = axes.plot([], [], color=BLUE, lw=2)
        # The shaded area left of the reorder point: one polygon, its outline updated.
        self._covered = axes.add_patch(Polygon(np.zeros((1, 2)), color=SKY, alpha=0.35, lw=0))
        self._mean = axes.axvline(0, color=GREY, ls="--", lw=1.2, label="Mean demand d·L")
        self._reorder = axes.axvline(0, color=RED, lw=2, label="Reorder point")
        self._safety_arrow = axes.annotate(
            "", (0, 0), xytext=(0, 0), arrowprops={"arrowstyle": "<->", "color": RED}
        )
        self._safety_label = axes.text(0, 0, "", ha="center", va="bottom", color=RED,
                                       bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
        axes.set(title="Demand during the lead time",
                 xlabel="Units demanded during the lead time [units]",
                 ylabel="Probability density")
        # The density's values mean little to a learner (the shaded area does), and their
        # labels would change width with every σ: leave them out.
        axes.tick_params(axis="y", left=False, labelleft=False)
        self._legend = axes.legend([self._mean, self._reorder, self._covered],
                                   ["Mean demand d·L", "Reorder point", "No stockout"],
                                   loc="upper left", fontsize="small")
        super().__init__(
            {
                "service_level": share_slider("Cycle service level", service_level,
                                              minimum=0.5, maximum=0.999, step=0.001,
                                              readout=".1%"),
                "demand_std": number_box("Demand std dev σd [units/day]", demand_std),
                "lead_time": number_box("Lead time L [days]", lead_time),
                "lead_time_std": number_box("Lead time std dev σL [days]", lead_time_std,
                                            step=0.1),
                "demand_rate": number_box("Demand rate d [units/day]", demand_rate),
            },
            chart=chart,
            note="z is the exact inverse normal of the service level (1.6449 at 95 %); "
                 "printed tables round it (1.65), so book answers may differ slightly. "
                 "Safety stock = z·√(L·σd² + d²·σL²).",
        )

    def _compute(self):
        inputs = {
            "demand_std": self.demand_std.value,
            "lead_time": self.lead_time.value,
            "lead_time_std": self.lead_time_std.value,
            "demand_rate": self.demand_rate.value,
        }
        stock = safety_stock(service_level=self.service_level.value, **inputs)
        # At z = 1 the safety stock is one standard deviation of lead-time demand.
        spread = safety_stock(service_level=NormalDist().cdf(1), **inputs)
        return StockLevels(
            z=NormalDist().inv_cdf(self.service_level.value),
            lead_time_demand=reorder_point(inputs["demand_rate"], inputs["lead_time"]),
            lead_time_demand_std=spread,
            safety_stock=stock,
            reorder_point=reorder_point(inputs["demand_rate"], inputs["lead_time"], stock),
        )

    def _show(self, result) -> str:
        axes = self.chart.axes
        mean, spread = result.lead_time_demand, result.lead_time_demand_std
        self._mean.set_xdata([mean])
        self._reorder.set_xdata([result.reorder_point])
        self._legend.get_texts()[2].set_text(
            f"No stockout: {number(100 * self.service_level.value, 1)} %")
        if spread > 0:
            units = np.linspace(mean - 4 * spread, mean + 4 * spread, 300)
            density = np.exp(-0.5 * ((units - mean) / spread) ** 2) / (spread * SQRT_TAU)
            self._curve.set_data(units, density)
            covered = units <= result.reorder_point
            self._covered.set_xy(np.column_stack([
                np.r_[units[0], units[covered], units[covered][-1]],
                np.r_[0, density[covered], 0],
            ]))
            self._covered.set_visible(True)
            top = density.max()
            axes.set(xlim=(units[0], units[-1]), ylim=(0, top * 1.3))
        else:
            self._curve.set_data([], [])
            self._covered.set_visible(False)
            top = 1.0
            axes.set(xlim=(mean - 1, mean + 1), ylim=(0, 1.3))
        self._safety_arrow.xy = (result.reorder_point, top * 1.1)
        self._safety_arrow.set_position((mean, top * 1.1))
        self._safety_label.set_position(((mean + result.reorder_point) / 2, top * 1.12))
        self._safety_label.set_text(f"safety stock {number(result.safety_stock, 1)}")
        return figures_table([
            ("z (exact inverse normal)", number(result.z, 4)),
            ("Mean lead-time demand d·L", f"{number(result.lead_time_demand)} units"),
            ("Std dev of lead-time demand", f"{number(result.lead_time_demand_std)} units"),
            ("Safety stock", f"{number(result.safety_stock)} units"),
            ("Reorder point", f"{number(result.reorder_point)} units"),
        ])


CLASS_COLOURS = {"A": BLUE, "B": ORANGE, "C": GREY}
# Arnold, Chapman & Clive, Introduction to Materials Management, ABC example (ten parts).
EXAMPLE_VALUES = {"part 1": 2200, "part 2": 24000, "part 3": 400, "part 4": 1300,
                  "part 5": 6000, "part 6": 250, "part 7": 200, "part 8": 3000,
                  "part 9": 400, "part 10": 500}


def parse_annual_values(text: str) -> dict[str, float]:
    """Lines of ``item: value`` as a dict; blank lines are skipped, ``$`` and ``,`` ignored.

    >>> parse_annual_values("bolt: 1,200\\nnut: $300")
    {'bolt': 1200.0, 'nut': 300.0}
    """
    values = {}
    for line_number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        item, colon, amount = (part.strip() for part in line.rpartition(":"))
        where = f"annual_values line {line_number}"
        if not colon or not item:
            raise InputError(f"{where}: write 'item: value', got {line.strip()!r}")
        try:
            value = float(amount.replace(",", "").replace("$", ""))
        except ValueError:
            raise InputError(f"{where}: {amount!r} is not a number") from None
        if item in values:
            raise InputError(f"{where}: item {item!r} is listed twice")
        values[item] = value
    return values


class ABCCalculator(Calculator):
    """ABC classification by annual usage value with a Pareto chart (bars coloured by class,
    cumulative share as a line). Edit the items as ``item: value`` lines, one per line.

    >>> calc = ABCCalculator({"bolt": 700, "nut": 200, "washer": 100})
    >>> calc.result.classes
    {'bolt': 'A', 'nut': 'B', 'washer': 'C'}
    >>> calc.a_share.value = 0.9
    >>> calc.result.classes
    {'bolt': 'A', 'nut': 'A', 'washer': 'C'}
    """

    def __init__(self, annual_values=None, a_share: float = 0.8, b_share: float = 0.95):
        values = dict(EXAMPLE_VALUES if annual_values is None else annual_values)
        chart = Chart(height=4.0)
        axes = chart.axes
        self._bars = None  # one bar per item, rebuilt only when the items or their order change
        self._items = None
        self._cumulative_axes = axes.twinx()
        share_axes = self._cumulative_axes
        # The twin's own (hidden) x tick labels would be measured on every draw: drop them.
        share_axes.tick_params(axis="x", labelbottom=False)
        (self._cumulative,) = share_axes.plot([], [], "o-", color=BLACK, lw=1.5, ms=4,
                                              label="Cumulative share")
        self._a_limit = share_axes.axhline(0, color=BLUE, ls=":", lw=1.2, label="A limit")
        self._b_limit = share_axes.axhline(0, color=ORANGE, ls=":", lw=1.2, label="B limit")
        share_axes.set(ylim=(0, 105), ylabel="Cumulative share of value [%]")
        share_axes.spines["top"].set_visible(False)
        axes.set(title="Pareto chart of annual usage value", xlabel="Item (ranked by value)",
                 ylabel="Annual usage value [$/yr]")
        handles = [Patch(color=colour, label=f"Class {name}")
                   for name, colour in CLASS_COLOURS.items()]
        axes.legend(handles=[*handles, self._cumulative, self._a_limit, self._b_limit],
                    loc="center right", fontsize="small")
        chart.thousands(axes.yaxis)
        super().__init__(
            {
                "annual_values": widgets.Textarea(
                    "\n".join(f"{item}: {value:g}" for item, value in values.items()),
                    description="Items [item: $/yr per line]", continuous_update=False,
                    style=LABEL_STYLE,
                    layout=widgets.Layout(width=SLIDER_WIDTH, height="14em"),
                ),
                "a_share": share_slider("Class A up to (cumulative)", a_share,
                                        minimum=0.5, maximum=0.95),
                "b_share": share_slider("Class B up to (cumulative)", b_share,
                                        minimum=0.6, maximum=1.0),
            },
            chart=chart,
            note="An item is A while the cumulative share up to and including it is within "
                 "the A limit, B within the B limit, C after that; the top item is always A.",
        )

    def _compute(self):
        return abc_classification(parse_annual_values(self.annual_values.value),
                                  a_share=self.a_share.value, b_share=self.b_share.value)

    def _show(self, result) -> str:
        table = result.table
        axes = self.chart.axes
        items = [str(item) for item in table.index]
        values = table["annual_value"].to_numpy(dtype=float)
        shares = table["cumulative_share"].to_numpy(dtype=float)
        grades = list(table["class"])
        positions = np.arange(len(items))
        if items != self._items:  # new items or a new ranking: new bars and tick labels
            if self._bars is not None:
                self._bars.remove()
            self._bars = axes.bar(positions, values)
            many = len(items) > 6
            axes.set_xticks(positions, items, rotation=45 if many else 0,
                            ha="right" if many else "center", fontsize="small")
            axes.set_xlim(-0.6, len(items) - 0.4)
            self._items = items
        for bar, value, grade in zip(self._bars, values, grades, strict=True):
            bar.set_height(value)
            bar.set_facecolor(CLASS_COLOURS[grade])
        axes.set_ylim(0, max(values.max(), 1) * 1.05)
        self._cumulative.set_data(positions, 100 * shares)
        self._a_limit.set_ydata([100 * self.a_share.value] * 2)
        self._b_limit.set_ydata([100 * self.b_share.value] * 2)
        total = values.sum()
        rows = []
        for grade in CLASS_COLOURS:
            members = [value for value, member in zip(values, grades, strict=True)
                       if member == grade]
            rows.append((
                f"Class {grade}",
                f"{len(members)} items ({number(100 * len(members) / len(items), 0)} %), "
                f"{number(100 * sum(members) / total, 1)} % of value",
            ))
        cell = "padding:1px 8px;text-align:right"
        ranked = "".join(
            f"<tr><td style='padding:1px 8px 1px 0'>{html.escape(item)}</td>"
            f"<td style='{cell}'>{number(value, 0)}</td>"
            f"<td style='{cell}'>{number(100 * share, 1)} %</td>"
            f"<td style='text-align:center;color:{CLASS_COLOURS[grade]};"
            f"font-weight:700'>{grade}</td></tr>"
            for item, value, share, grade in zip(items, values, shares, grades, strict=True)
        )
        ranked_table = (
            f"<table style='border-collapse:collapse;margin-top:6px'><tr>"
            f"<th style='text-align:left'>Item</th><th style='{cell}'>Value [$/yr]</th>"
            f"<th style='{cell}'>Cumulative</th><th>Class</th></tr>{ranked}</table>"
        )
        return figures_table(rows), ranked_table
