"""Balanced scorecard driven like a learner would: computed measures agree with `cpimkit.calc`,
statuses follow the 10 % rule, each edit recomputes once and redraws, bad input gives a
message."""

import inspect
from html import escape

import ipywidgets as widgets
import pytest

from cpimkit.calc import InputError
from cpimkit.calc.finance import cash_to_cash
from cpimkit.calc.performance import perfect_order_rate
from cpimkit.ui import ScorecardDashboard
from cpimkit.ui.scorecard import (
    CASH_TO_CASH,
    EXAMPLE_COMPONENTS,
    EXAMPLE_MEASURES,
    PERFECT_ORDER,
    STATUS_COLOURS,
)


def bar_colour(card, name: str) -> tuple:
    return tuple(card._bars[name].get_facecolor())


def test_keywords_and_controls():
    assert list(inspect.signature(ScorecardDashboard).parameters)[:5] == [
        "measures", "component_rates", "days_inventory", "days_receivables", "days_payables"]
    card = ScorecardDashboard()
    assert set(card.actual) == set(EXAMPLE_MEASURES)
    assert set(card.target) == set(EXAMPLE_MEASURES) | {PERFECT_ORDER, CASH_TO_CASH}
    assert set(card.component_rates) == set(EXAMPLE_COMPONENTS)
    assert card.direction["Order lead time [days]"].value == "lower"


def test_defaults_agree_with_calc():
    card = ScorecardDashboard()
    result = card.result
    assert result.perfect_order_rate == pytest.approx(perfect_order_rate(EXAMPLE_COMPONENTS))
    assert result.cash_to_cash == cash_to_cash(45, 30, 35) == 40
    assert result.actual[PERFECT_ORDER] == result.perfect_order_rate
    assert result.attainment[CASH_TO_CASH] == pytest.approx(1 - 5 / 35)  # lower is better
    assert result.status == {
        "Return on assets": "missed", "Inventory turns [per year]": "met",
        CASH_TO_CASH: "missed", "Customer satisfaction [of 5]": "close",
        "Order fill rate": "close", PERFECT_ORDER: "close", "Order lead time [days]": "missed",
        "First-pass yield": "met", "Training [hours per person-year]": "missed",
        "Staff turnover [per year]": "close"}
    assert list(result.status)[:3] == ["Return on assets", "Inventory turns [per year]",
                                       CASH_TO_CASH]  # grouped by perspective
    assert "0.95 × 0.97 × 0.99 × 0.98 = 0.8940" in card.summary.value
    assert "45 + 30 − 35 = 40.0 days" in card.summary.value


def test_attainment_and_status_follow_the_ten_percent_rule():
    attainment = ScorecardDashboard({
        "Higher": ("financial", 90, 100, "higher"),
        "Lower": ("financial", 110, 100, "lower"),
        "Negative target": ("financial", -10, -20, "higher"),  # -10 beats -20 by half
    }).result.attainment
    assert attainment["Higher"] == pytest.approx(0.9)
    assert attainment["Lower"] == pytest.approx(0.9)
    assert attainment["Negative target"] == pytest.approx(1.5)
    shares = (1.2, 1.0, 0.95, 0.9, 0.89)
    status = ScorecardDashboard({f"Share {share}": ("customer", share, 1, "higher")
                                 for share in shares}).result.status
    assert [status[f"Share {share}"] for share in shares] == [
        "met", "met", "close", "close", "missed"]


def test_editing_a_measure_recomputes_once_and_recolours(redraws, count_recomputes):
    card = ScorecardDashboard()
    calls = count_recomputes(card)
    artists = (len(card.chart.axes.patches), len(card.chart.axes.texts))
    result = redraws(card, card.actual["Return on assets"], 0.095)
    assert len(calls) == 1
    assert result.status["Return on assets"] == "close"
    assert card._outputs["Return on assets"]["status"].value.count("close") == 1
    result = redraws(card, card.actual["Return on assets"], 0.12)
    assert result.status["Return on assets"] == "met"
    assert bar_colour(card, "Return on assets") == pytest.approx(
        bar_colour(card, "First-pass yield"))
    assert card._bars["Return on assets"].get_width() == pytest.approx(1.2)
    result = redraws(card, card.direction["Return on assets"], "lower")
    assert len(calls) == 3 and result.status["Return on assets"] == "missed"
    assert (len(card.chart.axes.patches), len(card.chart.axes.texts)) == artists


def test_computed_measures_follow_their_inputs(redraws, count_recomputes):
    card = ScorecardDashboard()
    calls = count_recomputes(card)
    result = redraws(card, card.component_rates["on time"], 1.0)
    components = {**EXAMPLE_COMPONENTS, "on time": 1.0}
    assert result.perfect_order_rate == pytest.approx(perfect_order_rate(components))
    assert result.status[PERFECT_ORDER] == "met"
    result = redraws(card, card.days_payables, 60)
    assert result.cash_to_cash == cash_to_cash(45, 30, 60) == 15
    assert result.status[CASH_TO_CASH] == "met" and len(calls) == 2
    assert ">15.000<" in card._outputs[CASH_TO_CASH]["actual"].value


def test_far_off_measures_are_drawn_within_the_chart():
    card = ScorecardDashboard()
    card.actual["Order lead time [days]"].value = 40  # attainment −600 %
    assert card.result.attainment["Order lead time [days]"] == pytest.approx(-6)
    assert card._bars["Order lead time [days]"].get_width() == -0.5
    assert card._values["Order lead time [days]"].get_text() == "‹ -600 %"
    left, _ = card.chart.axes.get_xlim()
    assert left < -0.5
    assert STATUS_COLOURS["missed"] != STATUS_COLOURS["close"]


def test_bad_input_gives_a_message(rejects):
    card = ScorecardDashboard()
    rejects(card, card.target["Return on assets"], 0,
            escape("Return on assets: target must not be 0"))
    rejects(card, card.component_rates["complete"], 97, escape("component_rates['complete']"))
    card.target[PERFECT_ORDER].value = 0
    assert all(cell.value == "" for cell in card._outputs[PERFECT_ORDER].values())


def test_measures_are_checked_before_any_widget_is_made():
    with pytest.raises(InputError, match=r"measures\['Yield'\].perspective"):
        ScorecardDashboard({"Yield": ("quality", 0.9, 0.95, "higher")})
    with pytest.raises(InputError, match="computed by the scorecard"):
        ScorecardDashboard({PERFECT_ORDER: ("customer", 0.9, 0.95, "higher")})
    card = ScorecardDashboard({"Yield": ("internal_process", 0.9, 0.95, "higher")})
    assert list(card.result.status) == [CASH_TO_CASH, PERFECT_ORDER, "Yield"]


def test_each_perspective_heads_a_full_row_of_the_table():
    """JupyterLab ignores a `grid_column` span on a grid cell: a perspective's label is followed
    by blank cells, so every row holds one cell per column and the measures stay in line."""
    table = ScorecardDashboard().children[0]
    columns = len(table.layout.grid_template_columns.split())
    texts = [getattr(cell, "value", None) for cell in table.children]
    assert len(texts) % columns == 0
    for label in ("Financial", "Customer", "Learning and growth"):
        start = texts.index(f"<b>{label}</b>")
        assert start % columns == 0 and texts[start + 1:start + columns] == [""] * (columns - 1)
    assert all(cell.layout.grid_column is None for cell in table.children)


def test_labels_fit_their_column_at_a_reading_line_height():
    """A long measure name fits the first column (about 0.55em a character after a 1em
    indent) and would wrap at a reading line height; the perfect-order components are
    labelled by name under one heading, so no label is cut."""
    card = ScorecardDashboard()
    table = card.children[0]
    first_column = float(table.layout.grid_template_columns.split()[0].removesuffix("em"))
    assert 0.55 * len("Training [hours per person-year]") + 1 <= first_column
    texts = [cell.value for cell in table.children if isinstance(cell, widgets.HTML)]
    label = next(text for text in texts if "Training" in text)
    assert "line-height:1.45" in label
    descriptions = [box.description for box in card.component_rates.values()]
    assert descriptions == ["On time", "Complete", "Damage free", "Documents correct"]
    assert max(len(text) for text in descriptions) * 0.55 <= 16
