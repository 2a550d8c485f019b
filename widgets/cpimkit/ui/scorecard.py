"""The balanced scorecard: measures of four perspectives against their targets."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np
from matplotlib.patches import Patch
from matplotlib.ticker import PercentFormatter

from cpimkit.calc import InputError
from cpimkit.calc._result import Result
from cpimkit.calc._validate import choice, mapping, number, record
from cpimkit.calc.finance import cash_to_cash
from cpimkit.calc.performance import perfect_order_rate, target_attainment
from cpimkit.ui._base import Calculator, compact, figures_table, number_box
from cpimkit.ui._base import number as shown_number
from cpimkit.ui._chart import BLACK, GREEN, GREY, RED, Chart
from cpimkit.ui.planning import HEADER

PERSPECTIVES = {
    "financial": "Financial",
    "customer": "Customer",
    "internal_process": "Internal process",
    "learning_and_growth": "Learning and growth",
}
DIRECTIONS = {"higher": "↑ higher", "lower": "↓ lower"}
CLOSE = 0.10  # within 10 % of the target on the wrong side
YELLOW = "#F0E442"  # Okabe-Ito yellow: green, yellow and vermillion read as traffic lights
STATUS_COLOURS = {"met": GREEN, "close": YELLOW, "missed": RED}
STATUS_FILLS = {"met": "#dff3e4", "close": "#fff1d6", "missed": "#f8c9c9"}
PERFECT_ORDER = "Perfect-order rate"
CASH_TO_CASH = "Cash-to-cash cycle [days]"
# The attainment bars are drawn within these limits (the label gives the true figure).
DRAWN = (-0.5, 2.0)

# Our own plausible numbers for a make-to-stock manufacturer, not from a published case.
# measure → (perspective, actual, target, which direction is better)
EXAMPLE_MEASURES = {
    "Return on assets": ("financial", 0.085, 0.10, "higher"),
    "Inventory turns [per year]": ("financial", 6.4, 6, "higher"),
    "Customer satisfaction [of 5]": ("customer", 4.3, 4.5, "higher"),
    "Order fill rate": ("customer", 0.965, 0.98, "higher"),
    "Order lead time [days]": ("internal_process", 6.5, 5, "lower"),
    "First-pass yield": ("internal_process", 0.975, 0.97, "higher"),
    "Training [hours per person-year]": ("learning_and_growth", 32, 40, "higher"),
    "Staff turnover [per year]": ("learning_and_growth", 0.105, 0.10, "lower"),
}
EXAMPLE_COMPONENTS = {"on time": 0.95, "complete": 0.97, "damage free": 0.99,
                      "documents correct": 0.98}
DERIVED = {PERFECT_ORDER: ("customer", "higher"), CASH_TO_CASH: ("financial", "lower")}
CELL = widgets.Layout(width="7em")


@dataclass(frozen=True, repr=False)
class Scorecard(Result):
    """What `ScorecardDashboard` computes: the perfect-order rate [fraction], the cash-to-cash
    cycle [days], and per measure its actual, attainment (1 = on target) and status."""

    perfect_order_rate: float
    cash_to_cash: float
    actual: dict
    attainment: dict
    status: dict


class ScorecardDashboard(Calculator):
    """A balanced scorecard: each measure's actual and target are editable, with the direction
    that is better; each measure is met, close (within 10 % of its target) or missed. Two
    measures are computed: the perfect-order rate, the product of its component rates
    (`calc.performance.perfect_order_rate`), and the cash-to-cash cycle from days of
    inventory, receivables and payables (`calc.finance.cash_to_cash`).

    measures: name → (perspective, actual, target, "higher" or "lower"), perspective one of
    financial, customer, internal_process, learning_and_growth; component_rates: name →
    fraction; days [days]. Defaults: our own plausible numbers for a manufacturer.

    >>> card = ScorecardDashboard()
    >>> round(card.result.perfect_order_rate, 4), card.result.cash_to_cash
    (0.894, 40.0)
    >>> card.result.status["Return on assets"]
    'missed'
    >>> card.actual["Return on assets"].value = 0.095
    >>> card.result.status["Return on assets"]
    'close'
    """

    def __init__(self, measures=None, component_rates=None, days_inventory: float = 45,
                 days_receivables: float = 30, days_payables: float = 35,
                 perfect_order_target: float = 0.90, cash_to_cash_target: float = 35):
        measures = _measures(EXAMPLE_MEASURES if measures is None else measures)
        components = mapping("component_rates",
                             EXAMPLE_COMPONENTS if component_rates is None else component_rates)
        self.perspectives = {name: perspective for name, (perspective, *_) in measures.items()}
        self.perspectives |= {name: perspective for name, (perspective, _) in DERIVED.items()}
        targets = {name: target for name, (_, _, target, _) in measures.items()}
        targets |= {PERFECT_ORDER: perfect_order_target, CASH_TO_CASH: cash_to_cash_target}
        controls = {
            "actual": {name: widgets.FloatText(value=actual, step=0.01, layout=CELL)
                       for name, (_, actual, _, _) in measures.items()},
            "target": {name: widgets.FloatText(value=target, step=0.01, layout=CELL)
                       for name, target in targets.items()},
            "direction": {name: widgets.Dropdown(
                options=[(label, key) for key, label in DIRECTIONS.items()], value=direction,
                layout=CELL) for name, (_, _, _, direction) in measures.items()},
            "component_rates": {name: number_box(name[:1].upper() + name[1:], rate, step=0.01)
                                for name, rate in components.items()},
            "days_inventory": number_box("Days of inventory (DIO)", days_inventory),
            "days_receivables": number_box("Days of receivables (DSO)", days_receivables),
            "days_payables": number_box("Days of payables (DPO)", days_payables),
        }
        self.order = [name for perspective in PERSPECTIVES for name in self.perspectives
                      if self.perspectives[name] == perspective]
        self._outputs = {name: {column: widgets.HTML() for column in ("actual", "share",
                                                                        "status")}
                         for name in self.order}
        chart = self._draw(Chart(width=5.6, height=1.3 + 0.27 * (len(self.order) + 4)))
        super().__init__(
            controls,
            wide=[self._table(controls)],
            inputs=[widgets.HTML("<b>Perfect order</b>: the rate of each component"),
                    *controls["component_rates"].values(), controls["days_inventory"],
                    controls["days_receivables"], controls["days_payables"]],
            chart=chart,
            note="Attainment = 1 + (actual − target) ÷ |target| when higher is better, "
                 "1 − (actual − target) ÷ |target| when lower is better. Met: 100 % or more; "
                 "close: within 10 % of the target (90 % or more); missed: below. Rates are "
                 "fractions (0.95 = 95 %). Perfect order = the product of its component "
                 "rates (independent failures); cash-to-cash = DIO + DSO − DPO.",
        )

    def _table(self, controls: dict) -> widgets.GridBox:
        """Measures grouped by perspective: actual, target, direction, attainment, status."""
        heads = ("Measure", "Actual", "Target", "Better", "Attainment", "Status")
        cells = [widgets.HTML(f"<div style='{HEADER}'>{head}</div>") for head in heads]
        for perspective, label in PERSPECTIVES.items():
            names = [name for name in self.order if self.perspectives[name] == perspective]
            if not names:
                continue
            # A row of its own: the label, then blank cells (a `grid_column` span on the
            # label is not applied by JupyterLab's widget manager, which shifts every row).
            cells += [widgets.HTML(f"<b>{label}</b>"), *(widgets.HTML() for _ in heads[1:])]
            for name in names:
                outputs = self._outputs[name]
                derived = name in DERIVED
                cells += [
                    widgets.HTML(compact(f"<div style='padding-left:1em'>{html.escape(name)}"
                                         "</div>")),
                    outputs["actual"] if derived else controls["actual"][name],
                    controls["target"][name],
                    widgets.HTML(DIRECTIONS[DERIVED[name][1]]) if derived
                    else controls["direction"][name],
                    outputs["share"],
                    outputs["status"],
                ]
        return widgets.GridBox(cells, layout=widgets.Layout(
            grid_template_columns="19em 7em 7em 7em 6em 6em", grid_auto_rows="30px",
            grid_gap="0 6px", align_items="center", margin="0 0 8px 0"))

    def _draw(self, chart: Chart) -> Chart:
        """Attainment bars per measure under a bold row per perspective."""
        axes = chart.axes
        rows, labels, self._rows = 0, [], {}
        for perspective, label in PERSPECTIVES.items():
            names = [name for name in self.order if self.perspectives[name] == perspective]
            if not names:
                continue
            labels.append(label)
            rows += 1
            for name in names:
                self._rows[name] = rows
                labels.append(re.sub(r" \[.*\]$", "", name))  # the unit is in the table
                rows += 1
        y = list(self._rows.values())
        axes.axvspan(1 - CLOSE, 1, color=YELLOW, alpha=0.25, lw=0)
        axes.axvline(1, color=BLACK, ls="--", lw=1)
        self._bars = dict(zip(self._rows, axes.barh(y, np.zeros(len(y)), height=0.6,
                                                    edgecolor=GREY, lw=0.5), strict=True))
        # The figures in a column at the right edge, clear of the bars and the 100 % line.
        self._values = {name: axes.text(0.99, row, "", va="center", ha="right",
                                        fontsize="small", transform=axes.get_yaxis_transform())
                        for name, row in self._rows.items()}
        axes.set_yticks(range(rows), labels)
        for tick, text in zip(axes.get_yticklabels(), labels, strict=True):
            if text in PERSPECTIVES.values():
                tick.set_fontweight("bold")
        axes.set_ylim(rows - 0.5, -0.6)
        axes.grid(False, axis="y")
        axes.set(title="Attainment of target", xlabel="Attainment [% of target]")
        axes.xaxis.set_major_formatter(PercentFormatter(xmax=1, decimals=0, symbol=" %"))
        chart.figure.legend(
            handles=[Patch(color=colour, label=name) for name, colour in STATUS_COLOURS.items()]
            + [Patch(color=YELLOW, alpha=0.25, label="within 10 %")],
            loc="outside lower center", ncols=4, fontsize="small")
        self._limits_shown = None
        return chart

    def _compute(self) -> Scorecard:
        order_rate = perfect_order_rate(
            component_rates={name: box.value for name, box in self.component_rates.items()})
        cycle = cash_to_cash(days_inventory=self.days_inventory.value,
                             days_receivables=self.days_receivables.value,
                             days_payables=self.days_payables.value)
        computed = {PERFECT_ORDER: order_rate, CASH_TO_CASH: cycle}
        actual = {name: computed[name] if name in DERIVED else self.actual[name].value
                  for name in self.order}
        measured = {}
        for name in self.order:
            try:
                measured[name] = target_attainment(actual=actual[name],
                                                   target=self.target[name].value,
                                                   better=self._direction(name), close=CLOSE)
            except InputError as error:
                raise InputError(f"{name}: {error}") from None
        return Scorecard(perfect_order_rate=order_rate, cash_to_cash=cycle, actual=actual,
                         attainment={name: m.attainment for name, m in measured.items()},
                         status={name: m.status for name, m in measured.items()})

    def _direction(self, name: str) -> str:
        return DERIVED[name][1] if name in DERIVED else self.direction[name].value

    def _refresh(self) -> None:
        super()._refresh()
        if self.result is None:
            for outputs in self._outputs.values():
                for cell in outputs.values():
                    cell.value = ""

    def _show(self, card: Scorecard) -> str:
        for name in self.order:
            share, state = card.attainment[name], card.status[name]
            outputs = self._outputs[name]
            outputs["actual"].value = (f"<div style='text-align:right;padding-right:8px'>"
                                       f"{shown_number(card.actual[name], 3)}</div>")
            outputs["share"].value = (f"<div style='text-align:right'>"
                                      f"{shown_number(100 * share, 0)}&nbsp;%</div>")
            outputs["status"].value = (f"<div style='background:{STATUS_FILLS[state]};"
                                       f"text-align:center;font-weight:600'>{state}</div>")
            bar = self._bars[name]
            drawn = min(max(share, DRAWN[0]), DRAWN[1])
            bar.set_width(drawn)
            bar.set_facecolor(STATUS_COLOURS[state])
            before = "‹ " if share < DRAWN[0] else ""  # beyond the bar's end
            after = " ›" if share > DRAWN[1] else ""
            self._values[name].set_text(f"{before}{shown_number(100 * share, 0)} %{after}")
        shares = [min(max(share, DRAWN[0]), DRAWN[1]) for share in card.attainment.values()]
        low, high = min(0, min(shares)) - 0.05, max(1.2, max(shares))
        limits = (low, high + 0.28 * (high - low))  # a column on the right for the figures
        if limits != self._limits_shown:
            self.chart.axes.set_xlim(*limits)
            self._limits_shown = limits
        counts = {state: list(card.status.values()).count(state) for state in STATUS_COLOURS}
        rates = " × ".join(f"{box.value:g}" for box in self.component_rates.values())
        return figures_table([
            ("Perfect-order rate", f"{rates} = {shown_number(card.perfect_order_rate, 4)}"),
            ("Cash-to-cash cycle",
             f"{self.days_inventory.value:g} + {self.days_receivables.value:g} − "
             f"{self.days_payables.value:g} = "
             f"{shown_number(card.cash_to_cash, 1)} days"),
            ("Measures met / close / missed",
             " / ".join(str(counts[state]) for state in STATUS_COLOURS)),
        ])


def _measures(measures) -> dict:
    """`measures` checked: name → (perspective, actual, target, direction)."""
    measures = mapping("measures", measures)
    check = record(("perspective", lambda name, value: choice(name, value, PERSPECTIVES)),
                   ("actual", number), ("target", number),
                   ("direction", lambda name, value: choice(name, value, DIRECTIONS)))
    clash = set(measures) & set(DERIVED)
    if clash:
        raise InputError(f"measures: {sorted(clash)!r} are computed by the scorecard; "
                         "give their targets instead")
    return {name: check(f"measures[{name!r}]", row) for name, row in measures.items()}
