"""Break-even, inventory finance, factor rating, takt time and Little's law calculators."""

import ipywidgets as widgets
import pytest

from cpimkit.calc import InputError
from cpimkit.ui import (
    BreakEvenCalculator,
    FactorRatingCalculator,
    InventoryFinanceCalculator,
    LittlesLawCalculator,
    TaktTimeCalculator,
)


def test_break_even(redraws, rejects):
    # Stevenson, Operations Management: Old-Fashioned Berry Pies.
    calc = BreakEvenCalculator(fixed_cost=6000, unit_price=7, unit_variable_cost=2)
    assert calc.result.units == pytest.approx(1200)
    assert calc.result.revenue == pytest.approx(8400)
    result = redraws(calc, calc.fixed_cost, 60_000)
    calc.unit_price.value, calc.unit_variable_cost.value = 25, 15
    assert calc.result.units == pytest.approx(6000)
    assert result.units != calc.result.units
    rejects(calc, calc.unit_price, 15, "unit_price")
    rejects(calc, calc.unit_price, 0, "unit_price")


def test_inventory_finance(redraws, rejects):
    calc = InventoryFinanceCalculator(cost_of_goods_sold=1_200_000, average_inventory=200_000,
                                      days_receivables=30, days_payables=35)
    assert calc.result.turns == pytest.approx(6.0)
    assert calc.result.days_inventory == pytest.approx(365 / 6)
    assert calc.result.cash_to_cash == pytest.approx(365 / 6 + 30 - 35)
    # Supply Chain Online, SCM105: DIO 45, DSO 30, DPO 35 give 40 days.
    redraws(calc, calc.average_inventory, 1_200_000 * 45 / 365)
    assert calc.result.cash_to_cash == pytest.approx(40.0)
    rejects(calc, calc.average_inventory, 0, "average_inventory")
    rejects(calc, calc.cost_of_goods_sold, 0, "cost_of_goods_sold")


def test_factor_rating(redraws, rejects):
    # Stevenson, Operations Management: photo-processing branch store, locations A and B.
    weights = {"proximity": 0.10, "traffic": 0.05, "rent": 0.40, "size": 0.10, "layout": 0.20,
               "operating_cost": 0.15}
    scores = {"A": {"proximity": 100, "traffic": 80, "rent": 70, "size": 86, "layout": 40,
                    "operating_cost": 80},
              "B": {"proximity": 60, "traffic": 80, "rent": 90, "size": 92, "layout": 70,
                    "operating_cost": 90}}
    calc = FactorRatingCalculator(weights, scores)
    assert calc.result.totals == pytest.approx({"A": 70.6, "B": 82.7})
    assert calc.result.best == "B"
    assert "★" in calc.summary.value
    for factor in ("rent", "layout", "operating_cost", "size"):
        calc.weights[factor].value = 0
    redraws(calc, calc.weights["proximity"], 1.0)
    assert calc.result.best == "A"
    calc.weights["traffic"].value = 0
    rejects(calc, calc.weights["proximity"], 0, "weights must not all be zero")


def test_factor_rating_sliders_fit_weights_above_one():
    calc = FactorRatingCalculator({"cost": 30, "quality": 70},
                                  {"X": {"cost": 5, "quality": 3}, "Y": {"cost": 2, "quality": 4}})
    assert calc.weights["quality"].max == 100
    assert calc.result.totals == pytest.approx({"X": 360, "Y": 340})


def test_factor_rating_scores_are_editable(redraws, rejects):
    calc = FactorRatingCalculator()
    assert set(calc.score_boxes) == {"Supplier A", "Supplier B", "Supplier C"}
    assert calc.score_boxes["Supplier B"]["price"].value == 9
    # Supplier C scores 10 on price instead of 5: 7.40 + 0.30 × 5 = 8.90, above 7.45.
    result = redraws(calc, calc.score_boxes["Supplier C"]["price"], 10)
    assert result.totals["Supplier C"] == pytest.approx(8.90)
    assert result.best == "Supplier C"
    assert calc.scores["Supplier C"]["price"] == 10
    assert "10.0" in calc.details.value  # the rating table shows the edited score
    # The weights still move the result with the new scores.
    calc.weights["delivery"].value = 1.0
    assert calc.result.best == "Supplier A"


def test_factor_rating_recomputes_once_per_edit(monkeypatch):
    calc = FactorRatingCalculator()
    calls = []
    compute = calc._compute
    monkeypatch.setattr(calc, "_compute", lambda: calls.append(1) or compute())
    calc.score_boxes["Supplier A"]["service"].value = 3
    calc.weights["service"].value = 0.5
    assert len(calls) == 2


def test_factor_rating_refuses_a_malformed_matrix():
    with pytest.raises(InputError, match="must score exactly the factors"):
        FactorRatingCalculator({"cost": 1, "quality": 1}, {"X": {"cost": 5}})


def test_takt_time(rejects):
    calc = TaktTimeCalculator(available_time=27_000, demand=450, total_task_time=200)
    assert calc.result.takt_time == pytest.approx(60.0)
    assert calc.result.minimum_stations == 4
    # theoperationsmanagement.com, Problem 2: 400 units in 8 hours, tasks of 245 s.
    calc.available_time.value, calc.demand.value, calc.total_task_time.value = 28_800, 400, 245
    assert calc.result.takt_time == pytest.approx(72.0)
    assert calc.result.minimum_stations == 4
    rejects(calc, calc.demand, 0, "demand")
    rejects(calc, calc.total_task_time, 0, "total_task_time")


def test_littles_law_solves_for_the_chosen_figure(rejects):
    # Heizer & Render, Operations Management, Module D: Golden Muffler Shop.
    calc = LittlesLawCalculator(wip=2, throughput=2, solve_for="cycle_time")
    assert calc.result == pytest.approx(1.0)
    assert calc.cycle_time.disabled and calc.cycle_time.value == pytest.approx(1.0)
    calc.solve_for.value = "wip"
    assert calc.wip.disabled and not calc.cycle_time.disabled
    calc.cycle_time.value = 2 / 3
    assert calc.result == pytest.approx(4 / 3)
    assert calc.wip.value == pytest.approx(4 / 3)
    calc.solve_for.value = "throughput"
    assert calc.result == pytest.approx(2.0)
    rejects(calc, calc.cycle_time, 0, "cycle_time")


def test_factor_headings_break_between_words_and_the_best_total_clears_the_legend():
    """A score column widens to its heading's longest word ("availability" was cut to
    "availabili ty"); the best total is marked by a star the title explains, short enough to
    stay inside the axes and clear of the legend beside them, and beside the option's name in
    the table."""
    calc = FactorRatingCalculator({"labor availability": 0.6, "tax structure": 0.4},
                                  {"France": {"labor availability": 70, "tax structure": 75},
                                   "Denmark": {"labor availability": 60, "tax structure": 70}})
    panel = calc.children[0].children[0]
    grid = next(child for child in panel.children if isinstance(child, widgets.GridBox))
    assert "minmax(5.5em, min-content)" in grid.layout.grid_template_columns
    headings = [cell.value for cell in grid.children if isinstance(cell, widgets.HTML)]
    assert "labor availability" in headings[1] and "overflow-wrap" not in headings[1]
    labels = [text.get_text() for text in calc._totals]
    assert labels == [" 72.00 ★", " 64.00"]
    assert "★ best" in calc.chart.axes.get_title()
    assert "white-space:nowrap'>France ★</td>" in calc.details.value  # the star on its line
