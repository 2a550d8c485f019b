"""Theory of constraints: the product mix that earns the most from the constraint's minutes.

>>> calc = ProductMixCalculator()
>>> calc.result.quantities, calc.result.net_profit
({'P': 100.0, 'Q': 30.0}, 300.0)
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np
from matplotlib.patches import Patch

from cpimkit.calc._validate import mapping
from cpimkit.calc.constraints import find_constraint, product_mix, resource_loads
from cpimkit.ui._base import LABEL_STYLE, Calculator, compact, figures_table, number, number_box
from cpimkit.ui._chart import BLACK, BLUE, GREY, RED, Chart
from cpimkit.ui.dispatching import JobTimes
from cpimkit.ui.planning import HEADER, fit_y, headline
from cpimkit.ui.project import amount

# Goldratt, The Haystack Syndrome (1990), the P & Q example: price, material cost and minutes
# per unit on resources A-D (summed over each product's parts); weekly demand 100 P and 50 Q;
# 2,400 minutes a week on every resource; operating expense $6,000 a week.
P_AND_Q = {
    "P": (90, 45, {"A": 15, "B": 15, "C": 15, "D": 15}),
    "Q": (100, 40, {"A": 10, "B": 30, "C": 5, "D": 5}),
}
P_AND_Q_DEMAND = {"P": 100, "Q": 50}
DEMAND_FILL = "#e9e9e9"  # the load the whole market demand would need


class ProductRow(JobTimes):
    """One product's editable figures: ``row["price"]``, ``row["material_cost"]`` and one box
    per resource (minutes per unit), read as (price, material_cost, {resource: minutes})."""

    def __init__(self, price: float, material_cost: float, minutes: dict, resources: list):
        super().__init__(
            {
                "price": price,
                "material_cost": material_cost,
                **{resource: minutes.get(resource, 0) for resource in resources},
            }
        )

    @property
    def value(self) -> tuple:
        price, material, *minutes = super().value
        return price, material, dict(zip(list(self.boxes)[2:], minutes, strict=True))


class ProductMixCalculator(Calculator):
    """The product mix ranked by throughput per constraint minute (as computed by
    `calc.constraints.product_mix`), what it earns, and the load it puts on every resource
    against the minutes available; beside it, what ranking by unit margin would earn.

    products: name → (price, material_cost, {resource: minutes per unit}), editable as
    ``products["P"]["B"]``; constraint: the resource chosen as the constraint;
    available_minutes: minutes a week on every resource (one figure for all, as in the
    example); demand: name → units a week the market takes (None: no limit);
    operating_expense: the week's operating expense. Default: Goldratt's P & Q example.

    >>> calc = ProductMixCalculator()
    >>> calc.products["Q"]["price"].value = 150
    >>> calc.result.ranking, calc.result.quantities
    (['Q', 'P'], {'P': 60.0, 'Q': 50.0})
    """

    def __init__(
        self,
        products=None,
        constraint="B",
        available_minutes: float = 2400,
        demand=None,
        operating_expense: float = 6000,
    ):
        if products is None:
            products, demand = P_AND_Q, P_AND_Q_DEMAND if demand is None else demand
        # InputError for a malformed table, before any widget.
        product_mix(products, constraint, available_minutes, demand, operating_expense)
        products = mapping("products", products)
        self.resources = list(resource_loads(products, dict.fromkeys(products, 0)))
        rows = {
            name: ProductRow(price, material, minutes, self.resources)
            for name, (price, material, minutes) in products.items()
        }
        demand_boxes = {
            name: widgets.FloatText(value=units, step=1, layout=widgets.Layout(width="6em"))
            for name, units in ({} if demand is None else demand).items()
        }
        controls = {
            "products": rows,
            "constraint": widgets.Dropdown(
                options=self.resources,
                value=constraint,
                description="Constraint",
                style=LABEL_STYLE,
            ),
            "available_minutes": number_box("Available [min/week each]", available_minutes),
            "demand": demand_boxes,
            "operating_expense": number_box("Operating expense [$/week]", operating_expense),
        }
        self.verdict = widgets.HTML()
        chart = Chart()
        axes = chart.axes
        x = np.arange(len(self.resources))
        self._demand_bars = axes.bar(
            x, np.zeros(len(x)), width=0.7, color=DEMAND_FILL, edgecolor=GREY, hatch="///", lw=0.6
        )
        self._mix_bars = axes.bar(x, np.zeros(len(x)), width=0.45, color=BLUE)
        self._available = axes.axhline(0, color=BLACK, ls="--", lw=1.5)
        axes.set_xticks(x, [str(resource) for resource in self.resources])
        axes.grid(False, axis="x")
        axes.set(
            title="Resource load against the minutes available",
            xlabel="Resource",
            ylabel="Load [min/week]",
        )
        chart.thousands(axes.yaxis)
        handles = [
            Patch(color=BLUE, label="Mix"),
            Patch(color=RED, label="Mix, constraint"),
            self._available,
        ]
        labels = ["Best mix", "Mix on the constraint", "Available"]
        if demand_boxes:
            handles.insert(0, Patch(facecolor=DEMAND_FILL, edgecolor=GREY, hatch="///"))
            labels.insert(0, "Full demand")
        axes.legend(handles, labels, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize="small")
        self._headline = headline(chart)
        super().__init__(
            controls,
            inputs=[
                controls["constraint"],
                self.verdict,
                controls["available_minutes"],
                controls["operating_expense"],
                self._table(rows, demand_boxes),
            ],
            chart=chart,
            note="Throughput = price − material cost (the only truly variable cost here). "
            "Rank products by throughput per constraint minute and fill each one's demand in "
            "that order until the constraint's minutes run out (the last may be a fraction "
            "of a unit). Net profit = throughput − operating expense.",
        )

    def _table(self, rows: dict, demand: dict) -> widgets.GridBox:
        """Product, price, material cost, demand (if given) and minutes on each resource."""
        heads = [
            "Product",
            "Price [$]",
            "Material [$]",
            *(["Demand [/wk]"] if demand else []),
            *(f"{html.escape(str(r))} [min]" for r in self.resources),
        ]
        cells = [widgets.HTML(f"<div style='{HEADER}'>{head}</div>") for head in heads]
        for name, row in rows.items():
            boxes = list(row.boxes.values())
            cells += [
                widgets.HTML(f"<b>{html.escape(str(name))}</b>"),
                *boxes[:2],
                *([demand[name]] if demand else []),
                *boxes[2:],
            ]
        return widgets.GridBox(
            cells,
            layout=widgets.Layout(
                grid_template_columns=f"5em repeat({len(heads) - 1}, 6.5em)",
                grid_auto_rows="32px",
                grid_gap="0 4px",
                align_items="center",
                margin="4px 0",
            ),
        )

    def _inputs(self) -> dict:
        demand = {name: box.value for name, box in self.demand.items()} or None
        return {
            "products": {name: row.value for name, row in self.products.items()},
            "constraint": self.constraint.value,
            "available_minutes": self.available_minutes.value,
            "demand": demand,
            "operating_expense": self.operating_expense.value,
        }

    def _compute(self):
        return product_mix(**self._inputs())

    def _refresh(self) -> None:
        super()._refresh()
        if self.result is None:
            self.verdict.value = ""

    def _show(self, mix) -> str:
        inputs = self._inputs()
        products, demand = inputs["products"], inputs["demand"]
        minutes, chosen = inputs["available_minutes"], inputs["constraint"]
        self.verdict.value = _verdict(products, demand, minutes, chosen)
        full = resource_loads(products, demand) if demand else dict.fromkeys(self.resources, 0)
        for bar, resource in zip(self._mix_bars, self.resources, strict=True):
            bar.set_height(mix.resource_loads[resource])
            bar.set_facecolor(RED if resource == chosen else BLUE)
        for bar, resource in zip(self._demand_bars, self.resources, strict=True):
            bar.set_height(full[resource])
        self._available.set_ydata([minutes, minutes])
        fit_y(
            self.chart.axes,
            list(full.values()),
            list(mix.resource_loads.values()),
            [minutes],
            headroom=0.2,
        )
        self._headline.set_text(f"Net profit {_money(mix.net_profit, chart=True)} a week")
        margin_mix, margin_throughput = _margin_first(products, chosen, minutes, demand)
        margin_profit = margin_throughput - mix.operating_expense
        ranking = " → ".join(
            f"{html.escape(str(name))} (${number(mix.throughput_per_constraint_minute[name])}/min)"
            for name in mix.ranking
        )
        return figures_table(
            [
                ("Ranking by $ per constraint minute", ranking),
                ("Mix [units/week]", _units(mix.quantities)),
                ("Throughput", _money(mix.throughput)),
                ("Operating expense", _money(mix.operating_expense)),
                ("Net profit", f"<span style='font-size:120%'>{_money(mix.net_profit)}</span>"),
                (
                    "Ranked by unit margin instead",
                    f"{_units(margin_mix)}: net profit {_money(margin_profit)}"
                    f" ({_money(margin_profit - mix.net_profit)} against the best mix)",
                ),
            ]
        )


def _verdict(products: dict, demand: dict | None, minutes: float, chosen) -> str:
    """Which resource `find_constraint` names at full demand, and whether it is the one chosen."""
    if demand is None:
        return "<i>No market demand given: every resource could be the constraint.</i>"
    capacity = dict.fromkeys(resource_loads(products, demand), minutes)
    found = find_constraint(products, demand, capacity)
    load = resource_loads(products, demand)[found] / minutes
    agrees = "the one chosen" if found == chosen else f"not {html.escape(str(chosen))}"
    return compact(
        f"<div style='margin:0 0 4px 16em;font-size:90%'>At full demand "
        f"<b>{html.escape(str(found))}</b> is the constraint"
        f" ({number(100 * load, 0)} % loaded): {agrees}.</div>"
    )


def _margin_first(products: dict, constraint, minutes: float, demand: dict | None):
    """The mix and throughput when products are ranked by unit margin (price − material cost)
    instead, filled to demand in that order on the constraint's minutes."""
    left, quantities = minutes, dict.fromkeys(products, 0.0)
    margin = {name: price - material for name, (price, material, _) in products.items()}
    for name in sorted(products, key=lambda name: -margin[name]):
        need = products[name][2].get(constraint, 0.0)
        if margin[name] <= 0:
            continue
        can_make = left / need if need else float("inf")
        quantities[name] = can_make if demand is None else min(demand[name], can_make)
        left = max(0.0, left - quantities[name] * need)
    return quantities, sum(quantities[name] * margin[name] for name in products)


def _units(quantities: dict) -> str:
    return ", ".join(
        f"{amount(units)} {html.escape(str(name))}" for name, units in quantities.items()
    )


def _money(value: float, *, chart: bool = False) -> str:
    """Whole dollars, the minus sign before the dollar sign (escaped for matplotlib text).

    >>> _money(-300), _money(6300, chart=True)
    ('−$300', '\\\\$6,300')
    """
    sign = "−" if round(value) < 0 else ""
    dollar = "\\$" if chart else "$"
    return f"{sign}{dollar}{number(abs(value), 0)}"
