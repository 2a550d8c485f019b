"""cpimkit.calc.inventory: properties of each formula, and InputError naming the bad parameter."""

import dataclasses
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy.stats import norm

from cpimkit.calc import InputError
from cpimkit.calc.inventory import (
    abc_classification,
    days_of_supply,
    eoq,
    epq,
    inventory_cost,
    inventory_turns,
    reorder_point,
    safety_stock,
)

relaxed = settings(deadline=None)
amounts = st.floats(min_value=0.01, max_value=1e6)
probabilities = st.floats(min_value=0.001, max_value=0.999)
item_values = st.dictionaries(
    st.text(min_size=1, max_size=4), st.floats(min_value=0, max_value=1e6), min_size=1, max_size=30
)


@relaxed
@given(demand=amounts, order=amounts, holding=amounts)
def test_eoq_balances_ordering_and_holding_cost(demand, order, holding):
    result = eoq(annual_demand=demand, order_cost=order, holding_cost=holding)
    assert result.ordering_cost == pytest.approx(result.holding_cost, rel=1e-9)
    assert result.total_cost == pytest.approx(
        inventory_cost(demand, order, holding, order_quantity=result.quantity), rel=1e-9
    )
    assert result.orders_per_year * result.cycle_time == pytest.approx(1)


@relaxed
@given(
    demand=amounts,
    order=amounts,
    holding=amounts,
    factor=st.one_of(st.floats(0.5, 0.99), st.floats(1.01, 2)),
)
def test_inventory_cost_is_least_at_the_eoq(demand, order, holding, factor):
    best = eoq(demand, order, holding).quantity
    assert inventory_cost(demand, order, holding, best) < inventory_cost(
        demand, order, holding, best * factor
    )


@relaxed
@given(demand=amounts, setup=amounts, holding=amounts, usage=amounts, ratio=st.floats(1.01, 1e3))
def test_epq_is_at_least_the_eoq_and_balances_its_costs(demand, setup, holding, usage, ratio):
    result = epq(demand, setup, holding, production_rate=usage * ratio, usage_rate=usage)
    assert result.quantity >= eoq(demand, setup, holding).quantity
    assert result.max_inventory < result.quantity
    assert result.setup_cost == pytest.approx(result.holding_cost, rel=1e-9)
    assert result.total_cost == pytest.approx(result.setup_cost + result.holding_cost)


@relaxed
@given(demand=amounts, setup=amounts, holding=amounts, usage=amounts)
def test_epq_tends_to_the_eoq_as_production_gets_fast(demand, setup, holding, usage):
    fast = epq(demand, setup, holding, production_rate=usage * 1e9, usage_rate=usage)
    assert fast.quantity == pytest.approx(eoq(demand, setup, holding).quantity, rel=1e-6)


@relaxed
@given(low=probabilities, high=probabilities, sigma=amounts, lead=st.floats(0.1, 100))
def test_safety_stock_grows_with_service_level(low, high, sigma, lead):
    assume(high - low > 1e-9)  # closer levels can share one float z
    assert safety_stock(low, sigma, lead) < safety_stock(high, sigma, lead)


@relaxed
@given(sigma=amounts, lead=st.floats(0.1, 100), lead_sigma=st.floats(0, 10), rate=amounts)
def test_safety_stock_is_zero_at_fifty_percent(sigma, lead, lead_sigma, rate):
    assert safety_stock(0.5, sigma, lead, lead_sigma, rate) == pytest.approx(0, abs=1e-9)


@relaxed
@given(level=probabilities, sigma=amounts, lead=st.floats(0.1, 100))
def test_safety_stock_with_a_fixed_lead_time_is_z_sigma_root_l(level, sigma, lead):
    z = norm.ppf(level)
    assert safety_stock(level, sigma, lead) == pytest.approx(z * sigma * math.sqrt(lead), rel=1e-6)


def test_safety_stock_uses_the_exact_inverse_normal():
    assert safety_stock(service_level=0.95, demand_std=1) == pytest.approx(1.644854, abs=1e-6)


@relaxed
@given(rate=amounts, lead=st.floats(0.1, 100), buffer=st.floats(0, 1e4))
def test_reorder_point_is_lead_time_demand_plus_safety_stock(rate, lead, buffer):
    assert reorder_point(rate, lead, safety_stock=buffer) == pytest.approx(rate * lead + buffer)


@relaxed
@given(values=item_values, a_share=st.floats(0.05, 0.9), gap=st.floats(0.01, 0.5))
def test_abc_classifies_every_item_in_value_order(values, a_share, gap):
    assume(sum(values.values()) > 0)
    b_share = min(a_share + gap, 1.0)
    result = abc_classification(values, a_share=a_share, b_share=b_share)
    assert set(result.classes) == set(values)
    assert set(result.classes.values()) <= {"A", "B", "C"}
    ranked_classes = list(result.table["class"])
    assert ranked_classes == sorted(ranked_classes), "A items rank before B, B before C"
    by_class = result.table.groupby("class")["annual_value"]
    lowest, highest = by_class.min(), by_class.max()
    for upper, lower in (("A", "B"), ("B", "C"), ("A", "C")):
        if upper in lowest and lower in highest:
            assert lowest[upper] >= highest[lower]
    assert result.table["cumulative_share"].iloc[-1] == pytest.approx(1)
    assert result.table["share"].sum() == pytest.approx(1)


@relaxed
@given(values=item_values)
def test_abc_class_a_stays_within_its_share_beyond_the_top_item(values):
    assume(sum(values.values()) > 0)
    table = abc_classification(values).table
    a_items = table[table["class"] == "A"]
    assert len(a_items) == 1 or a_items["share"].sum() <= 0.8 + 1e-9
    assert table["class"].iloc[0] == "A"


def test_abc_ranks_ties_in_input_order_and_keeps_one_row_per_item():
    result = abc_classification({"x": 10, "y": 50, "z": 10, "w": 30}, a_share=0.5, b_share=0.8)
    assert list(result.table.index) == ["y", "w", "x", "z"]
    assert result.classes == {"y": "A", "w": "B", "x": "C", "z": "C"}
    assert list(result.table.columns) == ["annual_value", "share", "cumulative_share", "class"]


def test_abc_keeps_a_dominant_item_in_class_a():
    assert abc_classification({"big": 99, "small": 1}).classes == {"big": "A", "small": "C"}


def test_abc_accepts_a_pandas_series_and_numpy_numbers():
    series = pd.Series(np.array([5.0, 80.0, 15.0]), index=["p", "q", "r"])
    assert abc_classification(series).classes == {"q": "A", "r": "B", "p": "C"}


def test_results_are_frozen_and_show_as_tables():
    result = eoq(1000, 10, 0.5)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.quantity = 1
    assert "quantity=200" in repr(result)
    assert "<table>" in abc_classification({"a": 1, "b": 2})._repr_html_()


@relaxed
@given(cogs=st.floats(0, 1e9), average=amounts)
def test_turns_times_average_inventory_is_cogs(cogs, average):
    assert inventory_turns(cogs, average) * average == pytest.approx(cogs)


@relaxed
@given(stock=st.floats(0, 1e9), usage=amounts)
def test_days_of_supply_times_usage_is_stock(stock, usage):
    assert days_of_supply(stock, usage) * usage == pytest.approx(stock)


GOOD = {
    eoq: {"annual_demand": 1000, "order_cost": 10, "holding_cost": 0.5},
    inventory_cost: {"annual_demand": 1000, "order_cost": 10, "holding_cost": 0.5,
                     "order_quantity": 200},
    epq: {"annual_demand": 1000, "setup_cost": 10, "holding_cost": 0.5,
          "production_rate": 8, "usage_rate": 4},
    safety_stock: {"service_level": 0.95, "demand_std": 5, "lead_time": 2,
                   "lead_time_std": 1, "demand_rate": 10},
    reorder_point: {"demand_rate": 32, "lead_time": 3, "safety_stock": 5},
    inventory_turns: {"cost_of_goods_sold": 1.2e6, "average_inventory": 2e5},
    days_of_supply: {"on_hand": 500, "average_daily_usage": 25},
}
NUMERIC = [(function, name) for function, inputs in GOOD.items() for name in inputs]
MUST_BE_POSITIVE = [
    (eoq, "annual_demand"), (eoq, "order_cost"), (eoq, "holding_cost"),
    (inventory_cost, "order_quantity"), (epq, "setup_cost"), (epq, "usage_rate"),
    (safety_stock, "lead_time"), (reorder_point, "demand_rate"), (reorder_point, "lead_time"),
    (inventory_turns, "average_inventory"), (days_of_supply, "average_daily_usage"),
]


def label(parameter):
    return getattr(parameter, "__name__", parameter)


def call(function, **changes):
    return function(**{**GOOD[function], **changes})


@pytest.mark.parametrize("bad", [-2.0, math.nan, math.inf, "12", True, None])
@pytest.mark.parametrize(("function", "name"), NUMERIC, ids=label)
def test_bad_numbers_are_refused_by_name(function, name, bad):
    with pytest.raises(InputError, match=name):
        call(function, **{name: bad})


@pytest.mark.parametrize(("function", "name"), MUST_BE_POSITIVE, ids=label)
def test_zero_is_refused_where_meaningless(function, name):
    with pytest.raises(InputError, match=f"{name} must be > 0, got 0.0"):
        call(function, **{name: 0})


@pytest.mark.parametrize("level", [0, 1, 1.5, -0.2])
def test_service_level_must_be_a_probability(level):
    with pytest.raises(InputError, match="service_level"):
        call(safety_stock, service_level=level)


def test_lead_time_variation_needs_a_demand_rate():
    with pytest.raises(InputError, match="demand_rate"):
        safety_stock(service_level=0.95, demand_std=5, lead_time=2, lead_time_std=1)


@pytest.mark.parametrize("production", [4, 3])
def test_epq_needs_production_faster_than_usage(production):
    with pytest.raises(InputError, match="production_rate must be > usage_rate"):
        call(epq, production_rate=production)


@pytest.mark.parametrize(
    ("values", "name"),
    [
        ({}, "annual_values"),
        ([1, 2, 3], "annual_values"),
        ({"a": 5, "b": -1}, "annual_values\\['b'\\]"),
        ({"a": 5, "b": math.nan}, "annual_values\\['b'\\]"),
        ({"a": 5, "b": "7"}, "annual_values\\['b'\\]"),
        ({"a": 0, "b": 0}, "annual_values must have a positive total"),
    ],
)
def test_abc_refuses_bad_values(values, name):
    with pytest.raises(InputError, match=name):
        abc_classification(values)


@pytest.mark.parametrize(
    ("a_share", "b_share", "name"),
    [(0, 0.95, "a_share"), (1, 0.95, "a_share"), (0.8, 1.2, "b_share"), (0.8, 0.8, "b_share"),
     (0.9, 0.7, "b_share"), (math.nan, 0.95, "a_share"), (0.8, "0.9", "b_share")],
)
def test_abc_thresholds_must_increase_within_zero_and_one(a_share, b_share, name):
    with pytest.raises(InputError, match=name):
        abc_classification({"a": 1, "b": 2}, a_share=a_share, b_share=b_share)


def test_abc_accepts_b_share_of_one():
    assert abc_classification({"a": 1, "b": 9}, a_share=0.5, b_share=1).classes == {
        "b": "A", "a": "B"
    }
