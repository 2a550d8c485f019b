"""cpimkit.calc.inventory, DSP additions: quantity discounts, the newsvendor and periodic review."""

import math
from itertools import accumulate

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from cpimkit.calc import InputError
from cpimkit.calc.inventory import (
    eoq_quantity_discount,
    periodic_review,
    safety_stock,
    single_period_quantity,
)

relaxed = settings(deadline=None)
amounts = st.floats(min_value=0.01, max_value=1e5)
probabilities = st.floats(min_value=0.001, max_value=0.999)


@st.composite
def price_schedules(draw):
    """Increasing minimum quantities (the first may be 0) with prices that never rise."""
    count = draw(st.integers(1, 5))
    steps = draw(st.lists(st.floats(1, 5000), min_size=count - 1, max_size=count - 1))
    minimums = list(accumulate(steps, initial=draw(st.sampled_from([0.0, 1.0]))))
    price = draw(st.floats(1, 100))
    cuts = draw(st.lists(st.floats(0, 0.2), min_size=count, max_size=count))
    prices = []
    for cut in cuts:
        prices.append(price)
        price *= 1 - cut
    return list(zip(minimums, prices, strict=True))


def unit_price_at(breaks, quantity):
    return [price for low, price in breaks if low <= quantity][-1]


def all_units_cost(demand, order, rate, breaks, quantity):
    price = unit_price_at(breaks, quantity)
    return demand * price + demand / quantity * order + quantity / 2 * rate * price


@relaxed
@given(demand=amounts, order=amounts, rate=st.floats(0.01, 1), breaks=price_schedules())
def test_discount_choice_is_the_cheapest_candidate_and_qualifies(demand, order, rate, breaks):
    result = eoq_quantity_discount(demand, order, rate, breaks)
    assert all(result.total_cost <= cost for cost in result.candidates.values())
    assert result.candidates[result.quantity] == result.total_cost
    for quantity in result.candidates:
        assert quantity >= breaks[0][0]
    assert result.unit_price == unit_price_at(breaks, result.quantity)
    assert result.total_cost == pytest.approx(
        result.purchase_cost + result.ordering_cost + result.holding_cost
    )


@relaxed
@given(
    demand=amounts,
    order=amounts,
    rate=st.floats(0.01, 1),
    breaks=price_schedules(),
    other=st.floats(1, 5e4),
)
def test_no_quantity_is_cheaper_than_the_one_chosen(demand, order, rate, breaks, other):
    assume(other >= breaks[0][0])
    result = eoq_quantity_discount(demand, order, rate, breaks)
    cost = all_units_cost(demand, order, rate, breaks, other)
    assert result.total_cost <= cost * (1 + 1e-12)


def test_a_single_price_gives_the_plain_eoq():
    result = eoq_quantity_discount(1000, 10, 0.25, [(0, 2.0)])
    assert result.quantity == pytest.approx(200)
    assert result.candidates == {result.quantity: result.total_cost}


def test_an_eoq_beyond_its_range_is_dropped():
    candidates = eoq_quantity_discount(4000, 30, 0.4, [(1, 0.9), (500, 0.85), (1000, 0.8)])
    assert len(candidates.candidates) == 2
    assert min(candidates.candidates) == pytest.approx(840.168, abs=1e-3)


@relaxed
@given(
    low=amounts,
    high=amounts,
    overage=amounts,
    mean=st.floats(0, 1e4),
    sigma=st.one_of(st.just(0.0), st.floats(0.01, 1e3)),
)
def test_newsvendor_quantity_grows_with_the_underage_cost(low, high, overage, mean, sigma):
    assume(low < high)
    smaller = single_period_quantity(low, overage, mean, sigma)
    larger = single_period_quantity(high, overage, mean, sigma)
    assert smaller.critical_ratio < larger.critical_ratio
    assert smaller.quantity <= larger.quantity
    if sigma > 0 and smaller.quantity > 0 and high > 1.01 * low:
        assert smaller.quantity < larger.quantity


@relaxed
@given(cost=amounts, mean=st.floats(0, 1e4), sigma=st.floats(0, 1e3))
def test_newsvendor_stocks_the_mean_at_a_critical_ratio_of_one_half(cost, mean, sigma):
    result = single_period_quantity(cost, cost, mean, sigma)
    assert result.critical_ratio == 0.5
    assert result.quantity == pytest.approx(mean, abs=1e-9)


def test_newsvendor_never_stocks_a_negative_quantity():
    assert single_period_quantity(1, 99, demand_mean=5, demand_std=10).quantity == 0


@relaxed
@given(
    rate=amounts,
    sigma=st.floats(0, 1e3),
    review=st.floats(0.1, 100),
    lead=st.floats(0, 100),
    level=st.floats(0.5, 0.999),
    on_hand=st.floats(-1e4, 1e6),
    on_order=st.floats(0, 1e6),
)
def test_periodic_review_covers_expected_demand_and_never_orders_less_than_zero(
    rate, sigma, review, lead, level, on_hand, on_order
):
    result = periodic_review(rate, sigma, review, lead, level, on_hand, on_order)
    assert result.target_level >= rate * (review + lead) * (1 - 1e-12)
    assert result.order_quantity >= 0
    shortfall = result.target_level - on_hand - on_order
    assert result.order_quantity == pytest.approx(max(0.0, shortfall))


@relaxed
@given(
    sigma=st.floats(0.01, 1e3),
    review=st.floats(0.1, 100),
    lead=st.floats(0, 100),
    level=probabilities,
)
def test_periodic_review_safety_stock_protects_review_plus_lead_time(sigma, review, lead, level):
    result = periodic_review(10, sigma, review, lead, level)
    expected = safety_stock(level, sigma, lead_time=review + lead)
    assert result.safety_stock == pytest.approx(expected, rel=1e-9, abs=1e-9)


def test_backorders_are_added_to_the_order():
    result = periodic_review(10, 0, review_period=4, lead_time=1, service_level=0.9, on_hand=-3)
    assert result.order_quantity == pytest.approx(53)


GOOD = {
    eoq_quantity_discount: {
        "annual_demand": 5000,
        "order_cost": 49,
        "carrying_rate": 0.2,
        "price_breaks": [(0, 5.0), (1000, 4.8), (2000, 4.75)],
    },
    single_period_quantity: {
        "underage_cost": 0.55,
        "overage_cost": 0.4,
        "demand_mean": 120,
        "demand_std": 15,
    },
    periodic_review: {
        "demand_rate": 30,
        "demand_std": 3,
        "review_period": 7,
        "lead_time": 2,
        "service_level": 0.99,
        "on_hand": 71,
        "on_order": 0,
    },
}
NUMERIC = [
    (function, name)
    for function, inputs in GOOD.items()
    for name, value in inputs.items()
    if not isinstance(value, list)
]
MUST_BE_POSITIVE = [
    (eoq_quantity_discount, "annual_demand"),
    (eoq_quantity_discount, "order_cost"),
    (single_period_quantity, "underage_cost"),
    (single_period_quantity, "overage_cost"),
    (periodic_review, "demand_rate"),
    (periodic_review, "review_period"),
]


def label(parameter):
    return getattr(parameter, "__name__", parameter)


def call(function, **changes):
    return function(**{**GOOD[function], **changes})


@pytest.mark.parametrize("bad", [math.nan, math.inf, "12", True, None])
@pytest.mark.parametrize(("function", "name"), NUMERIC, ids=label)
def test_bad_numbers_are_refused_by_name(function, name, bad):
    with pytest.raises(InputError, match=name):
        call(function, **{name: bad})


@pytest.mark.parametrize(("function", "name"), MUST_BE_POSITIVE, ids=label)
def test_zero_is_refused_where_meaningless(function, name):
    with pytest.raises(InputError, match=f"{name} must be > 0, got 0.0"):
        call(function, **{name: 0})


@pytest.mark.parametrize(
    ("function", "name"),
    [
        (single_period_quantity, "demand_mean"),
        (single_period_quantity, "demand_std"),
        (periodic_review, "demand_std"),
        (periodic_review, "lead_time"),
        (periodic_review, "on_order"),
    ],
    ids=label,
)
def test_negative_figures_are_refused(function, name):
    with pytest.raises(InputError, match=f"{name} must be >= 0, got -1.0"):
        call(function, **{name: -1})


@pytest.mark.parametrize(
    ("function", "name", "value"),
    [
        (eoq_quantity_discount, "carrying_rate", 20),
        (eoq_quantity_discount, "carrying_rate", 0),
        (periodic_review, "service_level", 1),
        (periodic_review, "service_level", 0),
    ],
    ids=label,
)
def test_rates_and_probabilities_stay_in_range(function, name, value):
    with pytest.raises(InputError, match=name):
        call(function, **{name: value})


@pytest.mark.parametrize(
    ("breaks", "message"),
    [
        ([], "price_breaks must hold at least 1"),
        ("0:5.0", "price_breaks must be a sequence"),
        ([(0, 5.0), 1000], r"price_breaks\[1\] must be a tuple \(min_quantity, unit_price\)"),
        ([(0, 5.0, 1)], r"price_breaks\[0\] must be a tuple"),
        ([(0, 5.0), (1000, -4.8)], r"price_breaks\[1\].unit_price must be > 0"),
        ([(-5, 5.0)], r"price_breaks\[0\].min_quantity must be >= 0"),
        ([(0, 5.0), (0, 4.8)], "min_quantity must increase"),
        ([(1000, 5.0), (0, 4.8)], "min_quantity must increase"),
        ([(0, 4.8), (1000, 5.0)], "unit_price must not rise"),
    ],
)
def test_price_breaks_are_checked(breaks, message):
    with pytest.raises(InputError, match=message):
        call(eoq_quantity_discount, price_breaks=breaks)
