"""cpimkit.calc.finance: properties of each formula, and InputError naming the bad parameter."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpimkit.calc import InputError
from cpimkit.calc.finance import (
    break_even,
    cash_to_cash,
    crossover_point,
    return_on_assets,
    weighted_factor_rating,
)

relaxed = settings(deadline=None)
money = st.floats(min_value=0.01, max_value=1e6)
days = st.floats(min_value=0, max_value=365)


@relaxed
@given(fixed=st.floats(0, 1e7), variable=st.floats(0, 1e3), margin=st.floats(0.01, 1e3))
def test_profit_is_zero_at_break_even(fixed, variable, margin):
    price = variable + margin
    result = break_even(fixed_cost=fixed, unit_price=price, unit_variable_cost=variable)
    assert result.revenue == pytest.approx(result.units * price)
    profit = result.revenue - (fixed + result.units * variable)
    assert profit == pytest.approx(0, abs=1e-6 * max(1.0, result.revenue))
    assert result.contribution_margin == pytest.approx(price - variable)


@relaxed
@given(fixed_a=st.floats(0, 1e6), extra_fixed=money, unit_b=st.floats(0, 1e3), extra_unit=money)
def test_the_two_cost_lines_meet_at_the_crossover(fixed_a, extra_fixed, unit_b, extra_unit):
    fixed_b, unit_a = fixed_a + extra_fixed, unit_b + extra_unit
    volume = crossover_point(fixed_a, unit_a, fixed_b, unit_b)
    assert volume >= 0
    cost_a, cost_b = fixed_a + unit_a * volume, fixed_b + unit_b * volume
    assert cost_a == pytest.approx(cost_b, rel=1e-9)
    assert crossover_point(fixed_b, unit_b, fixed_a, unit_a) == pytest.approx(volume)


def test_equal_fixed_costs_cross_at_zero():
    assert crossover_point(100, 5, 100, 3) == 0


@relaxed
@given(inventory=days, receivables=days, payables=days)
def test_cash_to_cash_is_inventory_plus_receivables_less_payables(inventory, receivables, payables):
    assert cash_to_cash(inventory, receivables, payables) == pytest.approx(
        inventory + receivables - payables
    )


def test_cash_to_cash_may_be_negative():
    assert cash_to_cash(days_inventory=5, days_receivables=30, days_payables=60) == -25


@relaxed
@given(income=st.floats(-1e6, 1e6), assets=money)
def test_return_on_assets_times_assets_is_income(income, assets):
    assert return_on_assets(income, assets) * assets == pytest.approx(income, abs=1e-6)


factor_names = st.lists(st.text(min_size=1, max_size=5), min_size=1, max_size=6, unique=True)


@relaxed
@given(data=st.data(), factors=factor_names, options=st.integers(1, 5))
def test_weighted_totals_are_weighted_means_and_best_is_the_highest(data, factors, options):
    raw = data.draw(st.lists(st.floats(0.01, 10), min_size=len(factors), max_size=len(factors)))
    weights = dict(zip(factors, np.array(raw) / sum(raw), strict=True))
    scores = {
        f"option {n}": {f: data.draw(st.floats(0, 100)) for f in factors} for n in range(options)
    }
    result = weighted_factor_rating(weights=weights, scores=scores)
    for option, rated in scores.items():
        values = [rated[f] for f in factors]
        mean = np.average(values, weights=[weights[f] for f in factors])
        assert result.totals[option] == pytest.approx(mean, abs=1e-9)
        assert min(values) - 1e-9 <= result.totals[option] <= max(values) + 1e-9
    assert result.totals[result.best] == max(result.totals.values())


def test_factor_rating_breaks_ties_by_listing_order_and_takes_pandas():
    weights = pd.Series({"cost": 2.0, "quality": 1.0})
    scores = {"first": pd.Series({"cost": 1, "quality": 4}), "second": {"quality": 2, "cost": 2}}
    result = weighted_factor_rating(weights, scores)
    assert result.totals == {"first": 6, "second": 6}
    assert result.best == "first"


def test_break_even_result_is_readable():
    assert repr(break_even(60_000, 25, 15)) == (
        "BreakEvenResult(units=6000, revenue=150000, contribution_margin=10)"
    )


GOOD = {
    break_even: {"fixed_cost": 60_000, "unit_price": 25, "unit_variable_cost": 15},
    crossover_point: {"fixed_cost_a": 50_000, "unit_cost_a": 20, "fixed_cost_b": 120_000,
                      "unit_cost_b": 10},
    cash_to_cash: {"days_inventory": 45, "days_receivables": 30, "days_payables": 35},
    return_on_assets: {"net_income": 1e5, "total_assets": 1e6},
}
NUMERIC = [(function, name) for function, inputs in GOOD.items() for name in inputs]
MUST_NOT_BE_NEGATIVE = [pair for pair in NUMERIC if pair != (return_on_assets, "net_income")]


def label(parameter):
    return getattr(parameter, "__name__", parameter)


def call(function, **changes):
    return function(**{**GOOD[function], **changes})


@pytest.mark.parametrize("bad", [math.nan, -math.inf, math.inf, "12", True, None])
@pytest.mark.parametrize(("function", "name"), NUMERIC, ids=label)
def test_non_numbers_are_refused_by_name(function, name, bad):
    with pytest.raises(InputError, match=name):
        call(function, **{name: bad})


@pytest.mark.parametrize(("function", "name"), MUST_NOT_BE_NEGATIVE, ids=label)
def test_negative_figures_are_refused_by_name(function, name):
    with pytest.raises(InputError, match=f"{name} must be"):
        call(function, **{name: -2})


@pytest.mark.parametrize(
    ("function", "name"),
    [(break_even, "unit_price"), (return_on_assets, "total_assets")],
    ids=label,
)
def test_zero_is_refused_where_meaningless(function, name):
    with pytest.raises(InputError, match=f"{name} must be > 0, got 0.0"):
        call(function, **{name: 0})


@pytest.mark.parametrize("price", [15, 10])
def test_break_even_needs_a_price_above_variable_cost(price):
    with pytest.raises(InputError, match="unit_price must be > unit_variable_cost"):
        break_even(fixed_cost=60_000, unit_price=price, unit_variable_cost=15)


def test_parallel_cost_lines_have_no_crossover():
    with pytest.raises(InputError, match="unit_cost_a and unit_cost_b must differ"):
        crossover_point(fixed_cost_a=100, unit_cost_a=5, fixed_cost_b=200, unit_cost_b=5)


def test_a_dominant_alternative_has_no_crossover():
    with pytest.raises(InputError, match=r"negative volume.*fixed_cost_a=100"):
        crossover_point(fixed_cost_a=100, unit_cost_a=3, fixed_cost_b=200, unit_cost_b=5)


WEIGHTS = {"cost": 0.6, "quality": 0.4}
SCORES = {"x": {"cost": 80, "quality": 60}, "y": {"cost": 70, "quality": 90}}


@pytest.mark.parametrize(
    ("weights", "scores", "name"),
    [
        ({}, SCORES, "weights"),
        ([0.6, 0.4], SCORES, "weights"),
        ({"cost": -0.6, "quality": 0.4}, SCORES, r"weights\['cost'\]"),
        ({"cost": math.nan, "quality": 0.4}, SCORES, r"weights\['cost'\]"),
        ({"cost": "0.6", "quality": 0.4}, SCORES, r"weights\['cost'\]"),
        ({"cost": 0, "quality": 0}, SCORES, "weights must not all be zero"),
        (WEIGHTS, {}, "scores"),
        (WEIGHTS, {"x": [80, 60]}, r"scores\['x'\]"),
        (WEIGHTS, {"x": {"cost": 80}}, r"scores\['x'\] must score exactly"),
        (WEIGHTS, {"x": {"cost": 80, "quality": 60, "speed": 5}}, r"scores\['x'\] must score"),
        (WEIGHTS, {"x": {"cost": math.inf, "quality": 60}}, r"scores\['x'\]\['cost'\]"),
        (WEIGHTS, {"x": {"cost": True, "quality": 60}}, r"scores\['x'\]\['cost'\]"),
    ],
)
def test_factor_rating_refuses_bad_weights_and_ragged_scores(weights, scores, name):
    with pytest.raises(InputError, match=name):
        weighted_factor_rating(weights=weights, scores=scores)
