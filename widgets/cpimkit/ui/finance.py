"""Financial calculators: break-even, inventory turns and cash-to-cash, weighted factor rating."""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np
from matplotlib.patches import Polygon

from cpimkit.calc._result import Result
from cpimkit.calc._validate import mapping, positive
from cpimkit.calc.finance import break_even, cash_to_cash, weighted_factor_rating
from cpimkit.calc.inventory import days_of_supply, inventory_turns
from cpimkit.ui._base import (
    LABEL_STYLE,
    SLIDER_WIDTH,
    Calculator,
    figures_table,
    number,
    number_box,
)
from cpimkit.ui._chart import BLACK, BLUE, GREEN, GREY, ORANGE, RED, SKY, Chart
from cpimkit.ui.dispatching import JobTimes
from cpimkit.ui.planning import HEADER


class BreakEvenCalculator(Calculator):
    """Break-even volume and revenue with the classic chart: revenue against total cost.

    Units: fixed_cost [$/period], unit_price and unit_variable_cost [$/unit].

    >>> calc = BreakEvenCalculator(fixed_cost=60_000, unit_price=25, unit_variable_cost=15)
    >>> calc.result.units, calc.result.revenue
    (6000.0, 150000.0)
    """

    def __init__(self, fixed_cost: float = 60_000, unit_price: float = 25,
                 unit_variable_cost: float = 15):
        chart = Chart()
        axes = chart.axes
        (self._revenue,) = axes.plot([], [], color=BLUE, lw=2, label="Revenue  P·x")
        (self._cost,) = axes.plot([], [], color=ORANGE, lw=2, label="Total cost  F + V·x")
        self._fixed = axes.axhline(0, color=GREY, ls="--", lw=1.2, label="Fixed cost F")
        # Revenue and cost are straight lines, so loss and profit are triangles between them.
        self._loss = axes.add_patch(Polygon(np.zeros((3, 2)), color=RED, alpha=0.12, lw=0,
                                            label="Loss"))
        self._profit = axes.add_patch(Polygon(np.zeros((3, 2)), color=GREEN, alpha=0.15, lw=0,
                                              label="Profit"))
        (self._point,) = axes.plot([], [], "o", color=BLACK, ms=8, zorder=3)
        self._point_label = axes.annotate("", (0, 0), xytext=(12, -8),
                                          textcoords="offset points", ha="left", va="top")
        axes.set(title="Break-even chart", xlabel="Volume x [units/period]",
                 ylabel="Amount [$/period]")
        axes.legend(loc="upper left", fontsize="small")
        chart.thousands(axes.xaxis)
        chart.thousands(axes.yaxis)
        super().__init__(
            {
                "fixed_cost": number_box("Fixed cost F [$/period]", fixed_cost, step=1000),
                "unit_price": number_box("Price P [$/unit]", unit_price, step=0.5),
                "unit_variable_cost": number_box("Variable cost V [$/unit]", unit_variable_cost,
                                                 step=0.5),
            },
            chart=chart,
            note="Each unit sold contributes P − V towards fixed cost; "
                 "break-even volume = F ÷ (P − V).",
        )

    def _compute(self):
        return break_even(fixed_cost=self.fixed_cost.value, unit_price=self.unit_price.value,
                          unit_variable_cost=self.unit_variable_cost.value)

    def _show(self, result) -> str:
        axes = self.chart.axes
        fixed, price, variable = (self.fixed_cost.value, self.unit_price.value,
                                  self.unit_variable_cost.value)
        volume = np.linspace(0, 2 * result.units if result.units > 0 else 1, 50)
        revenue, cost = price * volume, fixed + variable * volume
        self._revenue.set_data(volume, revenue)
        self._cost.set_data(volume, cost)
        self._fixed.set_ydata([fixed, fixed])
        self._loss.set_xy([(0, 0), (0, fixed), (result.units, result.revenue)])
        self._profit.set_xy([(result.units, result.revenue), (volume[-1], revenue[-1]),
                             (volume[-1], cost[-1])])
        self._point.set_data([result.units], [result.revenue])
        self._point_label.xy = (result.units, result.revenue)
        self._point_label.set_text(f"break-even\n{number(result.units, 0)} units, "
                                   f"${number(result.revenue, 0)}")
        axes.set(xlim=(0, volume[-1]), ylim=(0, max(revenue[-1], cost[-1]) * 1.05))
        return figures_table([
            ("Contribution margin P − V", f"${number(result.contribution_margin)} per unit"),
            ("Break-even volume", f"{number(result.units)} units"),
            ("Break-even revenue", f"${number(result.revenue)}"),
        ])


@dataclass(frozen=True, repr=False)
class CashCycle(Result):
    """What `InventoryFinanceCalculator` computes: turns [per year] and days."""

    turns: float
    days_inventory: float
    cash_to_cash: float


class InventoryFinanceCalculator(Calculator):
    """Inventory turns, days of inventory and the cash-to-cash cycle.

    Money in $ at cost, per year; days_receivables (DSO) and days_payables (DPO) in days.

    >>> calc = InventoryFinanceCalculator(cost_of_goods_sold=1_200_000,
    ...                                   average_inventory=200_000,
    ...                                   days_receivables=30, days_payables=35)
    >>> calc.result.turns, round(calc.result.days_inventory, 2), round(calc.result.cash_to_cash, 2)
    (6.0, 60.83, 55.83)
    """

    def __init__(self, cost_of_goods_sold: float = 1_200_000,
                 average_inventory: float = 200_000, days_receivables: float = 30,
                 days_payables: float = 35, *, days_per_year: int = 365):
        chart = Chart(height=2.6)
        axes = chart.axes
        self._inventory, self._receivables, self._payables = (
            axes.barh(y, 0, height=0.5, color=colour, label=label)[0]
            for y, colour, label in ((1, BLUE, "Inventory (DIO)"),
                                     (1, SKY, "Receivables (DSO)"),
                                     (0, ORANGE, "Payables (DPO)"))
        )
        self._gap = axes.annotate("", (0, -0.45), xytext=(0, -0.45),
                                  arrowprops={"arrowstyle": "<->", "color": RED})
        self._gap_label = axes.text(0, -0.5, "", color=RED, ha="center", va="top")
        (self._gap_ends,) = axes.plot([], [], color=RED, ls=":", lw=1)
        axes.set_yticks([1, 0], ["Inventory +\nreceivables", "Payables"])
        axes.set(title="Cash-to-cash cycle", xlabel="Days", ylim=(-1.0, 2.0))
        axes.grid(False, axis="y")
        axes.legend(loc="upper right", fontsize="small", ncols=3)
        super().__init__(
            {
                "cost_of_goods_sold": number_box("Cost of goods sold [$/yr]", cost_of_goods_sold,
                                                 step=10_000),
                "average_inventory": number_box("Average inventory at cost [$]",
                                                average_inventory, step=10_000),
                "days_receivables": number_box("Days of receivables (DSO)", days_receivables),
                "days_payables": number_box("Days of payables (DPO)", days_payables),
                "days_per_year": number_box("Days per year", days_per_year, minimum=1,
                                            maximum=366, integer=True),
            },
            chart=chart,
            note="Turns at cost: cost of goods sold ÷ average inventory valued at cost (never "
                 "sales). Days of inventory = average inventory ÷ daily cost of goods sold. "
                 "Cash-to-cash = DIO + DSO − DPO.",
        )

    def _compute(self) -> CashCycle:
        inventory = self.average_inventory.value
        # Days of inventory divide by the daily cost of goods sold, so it must be > 0 here.
        cogs = positive("cost_of_goods_sold", self.cost_of_goods_sold.value)
        turns = inventory_turns(cost_of_goods_sold=cogs, average_inventory=inventory)
        days_inventory = days_of_supply(on_hand=inventory,
                                        average_daily_usage=cogs / self.days_per_year.value)
        cycle = cash_to_cash(days_inventory=days_inventory,
                             days_receivables=self.days_receivables.value,
                             days_payables=self.days_payables.value)
        return CashCycle(turns=turns, days_inventory=days_inventory, cash_to_cash=cycle)

    def _show(self, result: CashCycle) -> str:
        inventory, receivables = result.days_inventory, self.days_receivables.value
        payables = self.days_payables.value
        self._inventory.set_width(inventory)
        self._receivables.set_x(inventory)
        self._receivables.set_width(receivables)
        self._payables.set_width(payables)
        operating = inventory + receivables
        self._gap.xy = (operating, -0.45)
        self._gap.set_position((payables, -0.45))
        self._gap_label.set_position(((operating + payables) / 2, -0.55))
        self._gap_label.set_text(f"cash-to-cash {number(result.cash_to_cash, 1)} days")
        self._gap_ends.set_data([payables, payables, np.nan, operating, operating],
                                [0.25, -0.45, np.nan, 0.75, -0.45])
        self.chart.axes.set_xlim(0, max(operating, payables) * 1.1)
        return figures_table([
            ("Inventory turns (at cost)", f"{number(result.turns)} per year"),
            ("Days of inventory (DIO)", f"{number(result.days_inventory, 1)} days"),
            ("Cash-to-cash cycle", f"{number(result.cash_to_cash, 1)} days"),
        ])


# Invented scores (1 = poor, 10 = excellent) for a supplier choice.
EXAMPLE_WEIGHTS = {"quality": 0.35, "price": 0.30, "delivery": 0.20, "service": 0.15}
EXAMPLE_SCORES = {
    "Supplier A": {"quality": 8, "price": 6, "delivery": 9, "service": 7},
    "Supplier B": {"quality": 7, "price": 9, "delivery": 6, "service": 6},
    "Supplier C": {"quality": 9, "price": 5, "delivery": 7, "service": 9},
}
FACTOR_COLOURS = [BLUE, ORANGE, GREEN, SKY, RED, GREY, BLACK]


class FactorRatingCalculator(Calculator):
    """A factor-rating matrix: options (suppliers, sites…) scored on weighted factors, with one
    slider per weight and one box per score.

    `weights`: factor → weight; `scores`: option → factor → score, editable in `score_boxes`
    (option → factor → box); `scores` reads the current scores. The chart stacks each
    option's weight × score per factor; the best total is highlighted in the table.

    >>> calc = FactorRatingCalculator()
    >>> calc.result.best, round(calc.result.totals["Supplier A"], 2)
    ('Supplier A', 7.45)
    >>> calc.weights["price"].value = 0.6
    >>> calc.result.best
    'Supplier B'
    >>> calc.score_boxes["Supplier C"]["price"].value = 10
    >>> calc.result.best
    'Supplier C'
    """

    def __init__(self, weights=None, scores=None):
        weights = dict(EXAMPLE_WEIGHTS if weights is None else weights)
        scores = EXAMPLE_SCORES if scores is None else scores
        # InputError for a malformed matrix, before any widget (the weights are checked live).
        weighted_factor_rating(dict.fromkeys(weights, 1), scores)
        peak = max([*weights.values(), 1])
        upper = 1 if peak <= 1 else 10 ** math.ceil(math.log10(peak))
        digits = max(0, 2 - round(math.log10(upper)))
        sliders = {
            factor: widgets.FloatSlider(
                value=weight, min=0, max=upper, step=upper / 100,
                readout_format=f".{digits}f", continuous_update=False,
                description=f"Weight of {factor}", style=LABEL_STYLE,
                layout=widgets.Layout(width=SLIDER_WIDTH),
            )
            for factor, weight in weights.items()
        }
        rows = {option: JobTimes({factor: float(rated[factor]) for factor in weights})
                for option, rated in mapping("scores", scores).items()}
        options = list(rows)
        chart = Chart(height=1.4 + 0.5 * len(options))
        axes = chart.axes
        positions = np.arange(len(options))[::-1]
        self._segments = {
            factor: axes.barh(positions, 0, height=0.6, label=str(factor),
                              color=FACTOR_COLOURS[i % len(FACTOR_COLOURS)])
            for i, factor in enumerate(weights)
        }
        self._totals = [axes.text(0, y, "", va="center") for y in positions]
        axes.set_yticks(positions, [str(option) for option in options])
        axes.set(title="Weighted score by factor (★ best)",
                 xlabel="Weighted score  Σ weight × score")
        axes.grid(False, axis="y")
        axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize="small")
        super().__init__(
            {"weights": sliders, "score_boxes": rows},
            inputs=[*sliders.values(), _score_grid(list(weights), rows)],
            chart=chart,
            note="Weights are used as given, not rescaled: when they sum to 1 each total is a "
                 "weighted mean of the option's scores.",
        )

    @property
    def scores(self) -> dict:
        """The scores in the boxes: option → factor → score."""
        return {option: dict(zip(row.boxes, row.value, strict=True))
                for option, row in self.score_boxes.items()}

    def _compute(self):
        weights = {factor: slider.value for factor, slider in self.weights.items()}
        return weighted_factor_rating(weights=weights, scores=self.scores)

    def _show(self, result) -> str:
        weights = {factor: slider.value for factor, slider in self.weights.items()}
        scores = self.scores
        options = list(scores)
        starts = np.zeros(len(options))
        for factor, bars in self._segments.items():
            parts = [weights[factor] * scores[option][factor] for option in options]
            for bar, start, part in zip(bars, starts, parts, strict=True):
                bar.set_x(start)
                bar.set_width(part)
            starts += parts
        for label, option, end in zip(self._totals, options, starts, strict=True):
            label.set_position((end, label.get_position()[1]))
            label.set_text(f" {number(result.totals[option])}"
                           + (" ★" if option == result.best else ""))  # clear of the legend
            label.set_fontweight("bold" if option == result.best else "normal")
        self.chart.axes.set_xlim(0, max(starts.max(), 1e-9) * 1.4)
        figures = figures_table([
            ("Best option", f"{html.escape(str(result.best))} ★ "
                            f"({number(result.totals[result.best])})"),
            ("Weights sum to", number(sum(weights.values()))),
        ])
        return figures, _rating_table(weights, scores, result)


def _score_grid(factors: list, rows: dict) -> widgets.GridBox:
    """Option rows × factor columns of score boxes, under the weight sliders."""
    heads = ["Scores", *map(str, factors)]
    cells = [widgets.HTML(f"<div style='{HEADER};line-height:1.2'>{html.escape(head)}</div>")
             for head in heads]
    for option, row in rows.items():
        cells.append(widgets.HTML(f"<b>{html.escape(str(option))}</b>"))
        for box in row.boxes.values():
            box.layout.width = "5.5em"
            cells.append(box)
    return widgets.GridBox(cells, layout=widgets.Layout(
        # A column as wide as its box or the longest word of its heading, whichever is wider.
        grid_template_columns=f"8em repeat({len(factors)}, minmax(5.5em, min-content))",
        grid_template_rows="auto",
        grid_auto_rows="32px",
        grid_gap="0 4px", align_items="center", margin="6px 0"))


def _rating_table(weights: dict, scores: dict, result) -> str:
    """Scores per factor, weights in the header, the total last; the best row highlighted."""
    cell = "padding:1px 8px;text-align:right"
    head = "".join(f"<th style='{cell}'>{html.escape(str(factor))}<br>"
                   f"<small>× {number(weight)}</small></th>" for factor, weight in weights.items())
    rows = []
    for option, rated in scores.items():
        best = option == result.best
        style = "background:#dff3e4;font-weight:700" if best else ""
        cells = "".join(f"<td style='{cell}'>{number(rated[factor], 1)}</td>"
                        for factor in weights)
        rows.append(f"<tr style='{style}'><td style='padding:1px 8px 1px 0;white-space:nowrap'>"
                    f"{html.escape(str(option))}{' ★' if best else ''}</td>{cells}"
                    f"<td style='{cell}'>{number(result.totals[option])}</td></tr>")
    return (f"<table style='border-collapse:collapse'><tr>"
            f"<th style='text-align:left;vertical-align:bottom'>Option</th>{head}"
            f"<th style='{cell};vertical-align:bottom'>Total</th></tr>{''.join(rows)}</table>")
