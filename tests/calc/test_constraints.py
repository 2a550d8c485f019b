"""cpimkit.calc.constraints: the greedy product mix against brute force and linear programming,
the constraint as the most loaded resource, and InputError naming the bad parameter."""

import dataclasses
import itertools
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from cpimkit.calc import InputError
from cpimkit.calc.constraints import find_constraint, product_mix, resource_loads

relaxed = settings(deadline=None)

P_AND_Q = {
    "P": (90, 45, {"A": 15, "B": 15, "C": 15, "D": 15}),
    "Q": (100, 40, {"A": 10, "B": 30, "C": 5, "D": 5}),
}
P_AND_Q_DEMAND = {"P": 100, "Q": 50}


@st.composite
def shops(draw, max_products=3, max_demand=6):
    """Tiny instances: products on a constraint "B" and a roomy resource "A"."""
    count = draw(st.integers(1, max_products))
    products, demand = {}, {}
    for i in range(count):
        material = draw(st.integers(0, 20))
        price = max(1, material + draw(st.integers(-5, 30)))  # some products lose money
        minutes = {"A": draw(st.integers(0, 5)), "B": draw(st.integers(0, 5))}
        products[f"p{i}"] = (price, material, minutes)
        demand[f"p{i}"] = draw(st.integers(0, max_demand))
    available = draw(st.integers(1, 30))
    return products, demand, available


def best_whole_mix(products, demand, available):
    """Brute force: the highest throughput of any whole-unit mix within demand and B's time."""
    names = list(products)
    best = 0.0
    for quantities in itertools.product(*(range(demand[name] + 1) for name in names)):
        used = sum(q * products[n][2]["B"] for q, n in zip(quantities, names, strict=True))
        if used <= available:
            earned = sum(
                q * (products[n][0] - products[n][1])
                for q, n in zip(quantities, names, strict=True)
            )
            best = max(best, earned)
    return best


@relaxed
@given(shop=shops())
def test_mix_respects_the_constraint_and_the_market(shop):
    products, demand, available = shop
    mix = product_mix(products, "B", available, demand)
    assert mix.constraint_load <= available * (1 + 1e-12) + 1e-9
    for name, quantity in mix.quantities.items():
        assert 0 <= quantity <= demand[name]
        if mix.throughput_per_unit[name] <= 0:
            assert quantity == 0
    assert mix.resource_loads == pytest.approx(resource_loads(products, mix.quantities))


@relaxed
@given(shop=shops())
def test_no_whole_unit_mix_earns_more_with_one_binding_resource(shop):
    products, demand, available = shop
    mix = product_mix(products, "B", available, demand)
    assert best_whole_mix(products, demand, available) <= mix.throughput + 1e-9


@relaxed
@given(shop=shops(max_products=4, max_demand=50))
def test_greedy_mix_matches_the_linear_program(shop):
    products, demand, available = shop
    names = list(products)
    gains = [products[n][0] - products[n][1] for n in names]
    solution = linprog(
        c=[-g for g in gains],
        A_ub=[[products[n][2]["B"] for n in names]],
        b_ub=[available],
        bounds=[(0, demand[n]) for n in names],
        method="highs",
    )
    mix = product_mix(products, "B", available, demand)
    assert mix.throughput == pytest.approx(-solution.fun, abs=1e-6)


@relaxed
@given(shop=shops())
def test_ranking_is_by_throughput_per_constraint_minute(shop):
    products, demand, available = shop
    mix = product_mix(products, "B", available, demand)
    rates = [mix.throughput_per_constraint_minute[name] for name in mix.ranking]
    assert rates == sorted(rates, reverse=True)
    assert sorted(mix.ranking) == sorted(products)


def test_pq_ranks_p_first_although_q_earns_more_per_unit():
    mix = product_mix(P_AND_Q, "B", 2400, P_AND_Q_DEMAND, operating_expense=6000)
    assert mix.throughput_per_unit == {"P": 45, "Q": 60}
    assert mix.quantities == {"P": 100, "Q": 30}
    assert mix.net_profit == 300
    cost_minded = resource_loads(P_AND_Q, {"P": 60, "Q": 50})
    assert cost_minded["B"] == 2400
    assert 60 * 45 + 50 * 60 - 6000 == -300  # the mix that makes Q first loses money


def test_products_without_constraint_time_are_made_to_demand_first():
    products = {"free": (10, 4, {"A": 3}), "tight": (20, 5, {"B": 5})}
    mix = product_mix(products, "B", 20, {"free": 7, "tight": 10})
    assert mix.ranking == ["free", "tight"]
    assert mix.quantities == {"free": 7, "tight": 4}
    assert math.isinf(mix.throughput_per_constraint_minute["free"])


def test_without_demand_the_best_product_takes_every_minute():
    mix = product_mix(P_AND_Q, "B", 2400)
    assert mix.quantities == {"P": 160, "Q": 0}
    assert mix.net_profit == mix.throughput == 7200


def test_the_last_product_can_get_a_fraction():
    mix = product_mix({"x": (10, 0, {"B": 3})}, "B", 10, {"x": 5})
    assert mix.quantities["x"] == pytest.approx(10 / 3)


@relaxed
@given(shop=shops(), capacities=st.lists(st.integers(1, 100), min_size=2, max_size=2))
def test_find_constraint_is_the_most_loaded_resource(shop, capacities):
    products, demand, _ = shop
    capacity = dict(zip(["A", "B"], capacities, strict=True))
    found = find_constraint(products, demand, capacity)
    loads = resource_loads(products, demand)
    ratios = {r: loads.get(r, 0) / capacity[r] for r in capacity}
    assert ratios[found] == max(ratios.values())


def test_find_constraint_breaks_ties_by_capacity_order():
    products = {"x": (10, 0, {"A": 1, "B": 1})}
    assert find_constraint(products, {"x": 5}, {"B": 10, "A": 10}) == "B"
    assert find_constraint(P_AND_Q, P_AND_Q_DEMAND, dict.fromkeys("ABCD", 2400)) == "B"


def test_results_are_frozen_and_show_as_tables():
    mix = product_mix(P_AND_Q, "B", 2400, P_AND_Q_DEMAND)
    with pytest.raises(dataclasses.FrozenInstanceError):
        mix.throughput = 0
    assert "ranking=['P', 'Q']" in repr(mix)
    assert "<table>" in mix._repr_html_()


def test_unknown_constraint_resource_is_refused_listing_the_resources():
    with pytest.raises(InputError, match=r"constraint must be one of the resources .*A, B, C, D"):
        product_mix(P_AND_Q, "E", 2400, P_AND_Q_DEMAND)
    with pytest.raises(InputError, match="constraint must be a name"):
        product_mix(P_AND_Q, None, 2400, P_AND_Q_DEMAND)


@pytest.mark.parametrize(
    ("products", "match"),
    [
        ({}, "products"),
        ([("P", 90)], "products must be a mapping"),
        ({"P": (90, 45)}, r"products\['P'\] must be a tuple \(price, material_cost, minutes\)"),
        ({"P": (0, 45, {"B": 15})}, r"products\['P'\].price must be > 0"),
        ({"P": (90, -1, {"B": 15})}, r"products\['P'\].material_cost must be >= 0"),
        ({"P": (90, 45, {"B": -15})}, r"products\['P'\].minutes\['B'\] must be >= 0"),
        ({"P": (90, 45, {})}, r"products\['P'\].minutes must hold at least 1"),
        ({"P": (90, 45, [15])}, r"products\['P'\].minutes must be a mapping"),
    ],
)
def test_bad_products_are_refused_by_name(products, match):
    with pytest.raises(InputError, match=match):
        product_mix(products, "B", 2400, {"P": 100})


@pytest.mark.parametrize(
    ("changes", "match"),
    [
        ({"available_minutes": 0}, "available_minutes must be > 0"),
        ({"available_minutes": math.nan}, "available_minutes"),
        ({"operating_expense": -1}, "operating_expense must be >= 0"),
        ({"demand": {"P": 100}}, r"demand must give a quantity for every product; missing \['Q'\]"),
        ({"demand": {"P": 100, "Q": 50, "R": 5}}, r"demand names products .*\['R'\]"),
        ({"demand": {"P": -1, "Q": 50}}, r"demand\['P'\] must be >= 0"),
        ({"demand": [100, 50]}, "demand must be a mapping"),
    ],
)
def test_bad_mix_inputs_are_refused_by_name(changes, match):
    inputs = {
        "products": P_AND_Q,
        "constraint": "B",
        "available_minutes": 2400,
        "demand": P_AND_Q_DEMAND,
        **changes,
    }
    with pytest.raises(InputError, match=match):
        product_mix(**inputs)


def test_unbounded_mix_without_demand_is_refused():
    with pytest.raises(InputError, match="demand is needed"):
        product_mix({"free": (10, 4, {"A": 3}), "tight": (20, 5, {"B": 5})}, "B", 20)


@pytest.mark.parametrize(
    ("capacity", "match"),
    [
        ({"A": 2400, "B": 2400, "C": 2400}, r"capacity must give .*\['D'\]"),
        ({"A": 2400, "B": 0, "C": 2400, "D": 2400}, r"capacity\['B'\] must be > 0"),
        ([2400] * 4, "capacity must be a mapping"),
    ],
)
def test_bad_capacity_is_refused_by_name(capacity, match):
    with pytest.raises(InputError, match=match):
        find_constraint(P_AND_Q, P_AND_Q_DEMAND, capacity)


def test_quantities_for_loads_are_checked_by_name():
    with pytest.raises(InputError, match=r"quantities\['Q'\] must be >= 0"):
        resource_loads(P_AND_Q, {"P": 1, "Q": -2})
