"""`cpimkit.calc.mrp.lot_sizing`: every rule meets the requirements on time, costs add up,
Wagner-Whitin is optimal (checked against brute force), and bad input."""

import itertools
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpimkit.calc import InputError
from cpimkit.calc.mrp import LOT_SIZING_METHODS, LotSizingResult, lot_sizing

PARAMETERS = {
    "foq": {"order_quantity": 60},
    "eoq": {"order_quantity": 75},
    "poq": {"periods_of_supply": 2},
}
GROUPING = ("ppb", "ltc", "luc", "silver_meal", "wagner_whitin")

requirements = st.lists(st.integers(0, 120) | st.just(0), min_size=1, max_size=12)
order_costs = st.sampled_from([0, 10, 50, 100, 250, 1000])
holding_costs = st.sampled_from([0, 0.5, 1, 2, 3.25])


def plan(net, method, order_cost=100, holding_cost=1):
    return lot_sizing(net, method, order_cost, holding_cost, **PARAMETERS.get(method, {}))


def brute_force_cost(net, order_cost, holding_cost):
    """The least cost over all 2^(n-1) plans: period 1 always starts a lot, any later period
    may start the next one; a lot covers its periods up to the next start."""
    n, best = len(net), math.inf
    for starts in itertools.product((False, True), repeat=n - 1):
        bounds = [0, *(t for t, start in enumerate(starts, 1) if start), n]
        cost = 0.0
        for first, end in itertools.pairwise(bounds):
            if sum(net[first:end]):
                cost += order_cost
            cost += holding_cost * sum((k - first) * net[k] for k in range(first, end))
        best = min(best, cost)
    return best


@given(
    net=requirements,
    method=st.sampled_from(LOT_SIZING_METHODS),
    costs=st.tuples(order_costs, holding_costs),
)
def test_every_plan_meets_every_requirement_on_time(net, method, costs):
    result = plan(net, method, *costs)
    received = itertools.accumulate(result.orders)
    needed = itertools.accumulate(net)
    assert all(got >= need - 1e-9 for got, need in zip(received, needed, strict=True))
    assert result.ending_inventory == pytest.approx(
        [
            got - need
            for got, need in zip(
                itertools.accumulate(result.orders), itertools.accumulate(net), strict=True
            )
        ]
    )


@given(
    net=requirements,
    method=st.sampled_from(LOT_SIZING_METHODS),
    costs=st.tuples(order_costs, holding_costs),
)
def test_total_cost_is_ordering_plus_holding(net, method, costs):
    order_cost, holding_cost = costs
    result = plan(net, method, order_cost, holding_cost)
    orders = sum(1 for quantity in result.orders if quantity)
    assert result.ordering_cost == pytest.approx(order_cost * orders)
    assert result.holding_cost == pytest.approx(holding_cost * sum(result.ending_inventory))
    assert result.total_cost == pytest.approx(result.ordering_cost + result.holding_cost)
    assert result.method == method


@given(net=requirements)
def test_lot_for_lot_orders_each_requirement_and_nothing_else(net):
    result = plan(net, "lfl")
    assert result.orders == net
    assert result.holding_cost == 0


@given(
    net=requirements, method=st.sampled_from(GROUPING), costs=st.tuples(order_costs, holding_costs)
)
def test_grouping_rules_order_only_when_stock_runs_out(net, method, costs):
    result = plan(net, method, *costs)
    stock_before = [0.0, *result.ending_inventory[:-1]]
    for quantity, need, stock in zip(result.orders, net, stock_before, strict=True):
        if quantity:
            assert need > 0 and stock == pytest.approx(0)
    assert result.ending_inventory[-1] == pytest.approx(0)


@settings(max_examples=150)
@given(
    net=st.lists(st.integers(0, 100), min_size=1, max_size=8),
    order_cost=order_costs,
    holding_cost=holding_costs,
)
def test_wagner_whitin_is_optimal(net, order_cost, holding_cost):
    optimum = lot_sizing(net, "wagner_whitin", order_cost, holding_cost).total_cost
    assert optimum == pytest.approx(brute_force_cost(net, order_cost, holding_cost))


@given(
    net=requirements,
    method=st.sampled_from(LOT_SIZING_METHODS),
    costs=st.tuples(order_costs, holding_costs),
)
def test_no_rule_beats_wagner_whitin(net, method, costs):
    optimum = lot_sizing(net, "wagner_whitin", *costs).total_cost
    assert plan(net, method, *costs).total_cost >= optimum - 1e-9


@given(
    net=st.lists(st.floats(0, 500, allow_subnormal=False), min_size=1, max_size=60),
    order_cost=st.floats(0, 2000),
    holding_cost=st.floats(0, 10),
)
def test_wagner_whitin_beats_the_heuristics_on_longer_fractional_runs(
    net, order_cost, holding_cost
):
    optimum = lot_sizing(net, "wagner_whitin", order_cost, holding_cost).total_cost
    for method in ("ppb", "luc", "silver_meal"):
        heuristic = lot_sizing(net, method, order_cost, holding_cost).total_cost
        assert heuristic >= optimum - 1e-7 * max(1.0, optimum)


@given(net=requirements, quantity=st.integers(1, 150))
def test_fixed_order_quantity_orders_whole_lots(net, quantity):
    result = lot_sizing(net, "foq", 100, 1, order_quantity=quantity)
    assert all(received % quantity == 0 for received in result.orders)


@given(net=requirements, cover=st.integers(1, 5))
def test_periodic_order_quantity_spaces_orders_by_the_periods_of_supply(net, cover):
    result = lot_sizing(net, "poq", 100, 1, periods_of_supply=cover)
    order_periods = [t for t, received in enumerate(result.orders) if received]
    assert all(later - earlier >= cover for earlier, later in itertools.pairwise(order_periods))


def test_eoq_without_a_quantity_uses_the_eoq_of_the_mean_requirement():
    net = [50, 60, 70, 60, 95, 75, 60, 55]  # mean 65.625 a period
    lot = math.sqrt(2 * 65.625 * 100 / 1)
    result = lot_sizing(net, "eoq", order_cost=100, holding_cost=1)
    assert result.orders[0] == pytest.approx(lot)
    assert {round(received, 9) for received in result.orders} <= {0, round(lot, 9)}


def test_no_requirement_means_no_order_and_no_cost():
    for method in LOT_SIZING_METHODS:
        result = plan([0, 0, 0], method)
        assert result.orders == [0, 0, 0] and result.total_cost == 0


def test_without_order_cost_every_rule_that_groups_orders_lot_for_lot():
    net = [10, 0, 30, 5]
    for method in GROUPING:
        assert lot_sizing(net, method, order_cost=0, holding_cost=1).orders == net


def test_without_holding_cost_one_order_covers_everything():
    for method in GROUPING:
        assert lot_sizing([0, 10, 0, 30, 5], method, order_cost=50, holding_cost=0).orders == [
            0,
            45,
            0,
            0,
            0,
        ]


def test_part_period_balancing_takes_the_lot_closest_to_the_order_cost():
    # Holding of the lot from period 1 as it grows: 0, 40 (60 short of S = 100), 160 (60 over:
    # a tie, which goes to the longer lot), 340 (farther, so the lot stops at period 3).
    assert lot_sizing([10, 40, 60, 60], "ppb", 100, 1).orders == [110, 0, 0, 60]


def test_least_unit_cost_and_silver_meal_differ_where_textbooks_show_it():
    # Nahmias's computer casings (18, 30, 42, 5, 20; S = 80, h = 2): LUC stops at 42 in period
    # 3 where Silver-Meal takes 47.
    net = [18, 30, 42, 5, 20]
    assert lot_sizing(net, "luc", 80, 2).orders == [48, 0, 42, 25, 0]
    assert lot_sizing(net, "silver_meal", 80, 2).orders == [48, 0, 47, 0, 20]


def test_ltc_and_ppb_are_one_rule():
    net = [35, 0, 60, 10, 90, 25, 0, 40]
    assert lot_sizing(net, "ltc", 120, 1.5).orders == lot_sizing(net, "ppb", 120, 1.5).orders


def test_wagner_whitin_plans_long_horizons():
    net = [(37 * t) % 101 for t in range(2_000)]
    result = lot_sizing(net, "wagner_whitin", 500, 1)
    assert sum(result.orders) == pytest.approx(sum(net))
    assert result.total_cost <= lot_sizing(net, "silver_meal", 500, 1).total_cost


@pytest.mark.parametrize("kind", [list, tuple, np.array, pd.Series])
def test_sequences_of_any_kind_are_accepted(kind):
    assert lot_sizing(kind([10, 20, 0, 5]), "silver_meal", 30, 1).orders == [35, 0, 0, 0]


def test_method_names_ignore_case():
    assert lot_sizing([5], "Wagner_Whitin", 10, 1).method == "wagner_whitin"


def test_result_is_a_frozen_result_with_a_readable_repr():
    result = lot_sizing([50, 60], "lfl", 100, 1)
    assert isinstance(result, LotSizingResult)
    assert "orders=[50, 60]" in repr(result) and "total_cost=200" in repr(result)
    assert "<table" in result._repr_html_()
    with pytest.raises(AttributeError):
        result.total_cost = 0


# Bad input: the message names the parameter

GOOD = {"net_requirements": [10, 20], "method": "lfl", "order_cost": 100, "holding_cost": 1}

BAD_INPUTS = [
    ({"net_requirements": []}, "net_requirements must hold at least 1"),
    ({"net_requirements": [10, -1]}, r"net_requirements\[1\] must be >= 0"),
    ({"net_requirements": [math.nan]}, r"net_requirements\[0\]"),
    ({"net_requirements": "10 20"}, "net_requirements must be a sequence"),
    (
        {"method": "fixed"},
        "method must be one of lfl, foq, poq, eoq, ppb, luc, ltc, silver_meal, wagner_whitin",
    ),
    ({"method": None}, "method must be one of"),
    ({"order_cost": -5}, "order_cost must be >= 0, got -5.0"),
    ({"order_cost": math.inf}, "order_cost"),
    ({"holding_cost": -1}, "holding_cost must be >= 0, got -1.0"),
    ({"holding_cost": "1"}, "holding_cost must be a number"),
    ({"method": "foq"}, "method 'foq' needs order_quantity, got None"),
    ({"method": "poq"}, "method 'poq' needs periods_of_supply, got None"),
    ({"method": "foq", "order_quantity": 0}, "order_quantity must be > 0"),
    ({"method": "poq", "periods_of_supply": 1.5}, "periods_of_supply must be a whole number >= 1"),
    ({"method": "ppb", "order_quantity": 50}, "order_quantity is used only with method foq or eoq"),
    (
        {"method": "wagner_whitin", "periods_of_supply": 2},
        "periods_of_supply is used only with method poq",
    ),
    (
        {"method": "eoq", "net_requirements": [0, 0]},
        "net_requirements, which are all 0; pass order_quantity",
    ),
    ({"method": "eoq", "holding_cost": 0}, "holding_cost must be > 0"),
    ({"method": "eoq", "order_cost": 0}, "order_cost must be > 0"),
]


@pytest.mark.parametrize(("changes", "message"), BAD_INPUTS, ids=[m for _, m in BAD_INPUTS])
def test_bad_input_raises_input_error_naming_the_parameter(changes, message):
    with pytest.raises(InputError, match=message):
        lot_sizing(**{**GOOD, **changes})
