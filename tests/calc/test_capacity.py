"""cpimkit.calc.capacity (rated capacity, learning curve, cushion, machine requirements):
properties, and InputError naming the bad parameter."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpimkit.calc import InputError
from cpimkit.calc.capacity import (
    capacity_cushion,
    learning_curve,
    machines_required,
    rated_capacity,
)

relaxed = settings(deadline=None)
hours = st.floats(min_value=0.1, max_value=1e5)
utilizations = st.floats(min_value=0.01, max_value=1)
efficiencies = st.floats(min_value=0.01, max_value=2)


@relaxed
@given(available=hours, utilization=utilizations, efficiency=efficiencies)
def test_rated_capacity_is_the_product_of_its_factors(available, utilization, efficiency):
    rated = rated_capacity(
        available_hours=available, utilization=utilization, efficiency=efficiency
    )
    assert rated == pytest.approx(available * utilization * efficiency)


@relaxed
@given(available=hours, utilization=utilizations, efficiency=efficiencies)
def test_rated_capacity_exceeds_available_hours_only_through_efficiency(
    available, utilization, efficiency
):
    rated = rated_capacity(available, utilization, efficiency)
    assert (rated <= available * (1 + 1e-12)) or efficiency > 1


def test_full_utilization_is_allowed():
    assert rated_capacity(available_hours=40, utilization=1, efficiency=1) == 40


GOOD = {"available_hours": 160, "utilization": 0.85, "efficiency": 1.10}


@pytest.mark.parametrize("bad", [-2.0, 0, math.nan, math.inf, "12", True, None])
@pytest.mark.parametrize("name", GOOD)
def test_bad_figures_are_refused_by_name(name, bad):
    with pytest.raises(InputError, match=name):
        rated_capacity(**{**GOOD, name: bad})


@pytest.mark.parametrize("utilization", [1.01, 85])
def test_utilization_cannot_exceed_one(utilization):
    with pytest.raises(InputError, match=r"utilization must be in \(0, 1\]"):
        rated_capacity(available_hours=160, utilization=utilization, efficiency=1.1)


# --- strategic capacity: learning curve, cushion, machine requirements ----------------------

first_times = st.floats(0.01, 1e5)
learning_rates = st.floats(0.5, 1)
units = st.integers(1, 10_000)
models = st.sampled_from(["unit", "cumulative_average"])


@relaxed
@given(first=first_times, rate=learning_rates, model=models)
def test_the_first_unit_takes_the_first_unit_time(first, rate, model):
    assert learning_curve(first, rate, 1, model=model) == first


@relaxed
@given(first=first_times, rate=learning_rates, n=units, model=models)
def test_doubling_output_multiplies_the_time_by_the_learning_rate(first, rate, n, model):
    time = learning_curve(first, rate, n, model=model)
    assert learning_curve(first, rate, 2 * n, model=model) == pytest.approx(rate * time)
    assert time <= first * (1 + 1e-12)


@relaxed
@given(first=first_times, rate=st.floats(0.6, 0.99), n=st.integers(2, 200))
def test_cumulative_average_model_implies_falling_unit_times_below_the_average(first, rate, n):
    # (at a rate of 50 % or less the Wright total stops growing: later units would take no time)
    def total(k):
        return k * learning_curve(first, rate, k, model="cumulative_average")

    unit_n = total(n) - total(n - 1)
    assert 0 < unit_n < learning_curve(first, rate, n, model="cumulative_average")
    assert unit_n < total(n - 1) - total(n - 2) if n > 2 else unit_n < first
    # the unit model's own average of n units exceeds the Wright average at the same T1, r
    unit_model_average = sum(learning_curve(first, rate, k) for k in range(1, n + 1)) / n
    assert unit_model_average > total(n) / n


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"first_unit_time": 0}, "first_unit_time must be > 0"),
        ({"first_unit_time": math.nan}, "first_unit_time"),
        ({"learning_rate": 80}, r"learning_rate must be in \(0, 1\], got 80"),
        ({"learning_rate": 0}, "learning_rate"),
        ({"unit": 0}, "unit must be a whole number >= 1"),
        ({"unit": 2.5}, "unit must be a whole number"),
        ({"unit": "3"}, "unit must be a number"),
        ({"model": "wright"}, "model must be one of unit, cumulative_average; got 'wright'"),
    ],
)
def test_learning_curve_refuses_bad_input_by_name(changes, message):
    inputs = {"first_unit_time": 100, "learning_rate": 0.8, "unit": 4, **changes}
    with pytest.raises(InputError, match=message):
        learning_curve(**inputs)


@relaxed
@given(capacity=hours, demand=st.floats(0, 2e5))
def test_cushion_is_one_minus_utilization(capacity, demand):
    cushion = capacity_cushion(capacity, demand)
    assert cushion == pytest.approx(1 - demand / capacity)
    assert cushion <= 1
    assert (cushion < 0) == (demand > capacity) or demand == pytest.approx(capacity)


@pytest.mark.parametrize(
    ("capacity", "demand", "name"),
    [(0, 10, "capacity must be > 0"), (-5, 1, "capacity"), (100, -1, "expected_demand"),
     (100, math.inf, "expected_demand"), ("100", 1, "capacity")],
)
def test_capacity_cushion_refuses_bad_input_by_name(capacity, demand, name):
    with pytest.raises(InputError, match=name):
        capacity_cushion(capacity, demand)


product = st.one_of(
    st.tuples(st.floats(0, 1e4), st.floats(0, 10)),
    st.tuples(st.floats(0, 1e4), st.floats(0, 10), st.floats(1, 500), st.floats(0, 20)),
)


@relaxed
@given(products=st.lists(product, min_size=1, max_size=6), per_machine=st.floats(100, 8760),
       cushion=st.floats(0, 0.9))
def test_machines_cover_the_required_hours(products, per_machine, cushion):
    result = machines_required(products, per_machine, cushion=cushion)
    processing = sum(p[0] * p[1] for p in products)
    setup = sum(p[0] / p[2] * p[3] for p in products if len(p) == 4)
    assert result.processing_hours == pytest.approx(processing)
    assert result.setup_hours == pytest.approx(setup)
    assert result.required_hours * (1 - cushion) == pytest.approx(processing + setup)
    assert result.machines == pytest.approx(result.required_hours / per_machine)
    assert result.machines_rounded >= result.machines - 1e-9
    assert result.machines_rounded < result.machines + 1
    assert machines_required(products, per_machine).required_hours <= result.required_hours + 1e-9


def test_a_whole_number_of_machines_is_not_rounded_up():
    assert machines_required([(300, 20 / 3)], 1000).machines_rounded == 2


@pytest.mark.parametrize(
    ("products", "hours", "cushion", "message"),
    [
        ([], 2000, 0, "products must hold at least 1"),
        ([(400, 5.0, 20)], 2000, 0, r"products\[0\] must be a tuple \(annual_demand"),
        ([(400, -5.0)], 2000, 0, r"products\[0\].hours_per_unit must be >= 0"),
        ([(400, 5.0, 0, 2)], 2000, 0, r"products\[0\].batch_size must be > 0"),
        ([(400, 5.0), 7], 2000, 0, r"products\[1\] must be a tuple"),
        ([(400, 5.0)], 0, 0, "hours_per_machine must be > 0"),
        ([(400, 5.0)], 2000, 1, r"cushion must be in \[0, 1\)"),
        ([(400, 5.0)], 2000, -0.1, "cushion"),
    ],
)
def test_machines_required_refuses_bad_input_by_name(products, hours, cushion, message):
    with pytest.raises(InputError, match=message):
        machines_required(products, hours, cushion=cushion)
