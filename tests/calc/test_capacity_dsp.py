"""cpimkit.calc.capacity, DSP additions: capacity required, backward scheduling and CRP."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpimkit.calc import InputError
from cpimkit.calc.capacity import backward_schedule, capacity_required, crp_load

relaxed = settings(deadline=None)
hours = st.floats(min_value=0, max_value=100)
work_orders = st.lists(
    st.tuples(st.floats(0.5, 1e4), hours, st.floats(0, 5)), min_size=1, max_size=10
)
operations = st.lists(st.tuples(hours, hours, hours, hours, hours), min_size=1, max_size=8)
centers = st.sampled_from(["saw", "lathe", "drill", "paint"])
routings = st.dictionaries(
    st.sampled_from(["A", "B", "C"]),
    st.lists(st.tuples(centers, hours, st.floats(0, 5), st.integers(0, 3)), min_size=1, max_size=5),
    min_size=1,
)


@st.composite
def crp_cases(draw):
    routing = draw(routings)
    periods = draw(st.integers(1, 8))
    order = st.tuples(
        st.sampled_from(sorted(routing)), st.floats(0.5, 1000), st.integers(0, periods - 1)
    )
    return draw(st.lists(order, min_size=1, max_size=6)), routing, periods


@relaxed
@given(orders=work_orders)
def test_capacity_required_is_setups_plus_run_time(orders):
    expected = sum(setup + quantity * run for quantity, setup, run in orders)
    assert capacity_required(orders) == pytest.approx(expected)


@relaxed
@given(first=work_orders, second=work_orders)
def test_capacity_required_adds_up_over_orders(first, second):
    together = capacity_required(first + second)
    assert together == pytest.approx(capacity_required(first) + capacity_required(second))


@relaxed
@given(due=st.floats(-1e4, 1e4), steps=operations)
def test_release_is_the_due_date_less_every_element(due, steps):
    result = backward_schedule(due, steps)
    total = sum(sum(step) for step in steps)
    assert result.release_date == pytest.approx(due - total, abs=1e-9)
    assert result.release_date == result.operation_starts[0]
    ends = [*result.operation_starts[1:], due]
    for start, end, step in zip(result.operation_starts, ends, steps, strict=True):
        assert end - start == pytest.approx(sum(step), abs=1e-9)


@relaxed
@given(case=crp_cases())
def test_crp_load_plus_past_due_is_every_setup_and_run_hour(case):
    orders, routing, periods = case
    result = crp_load(orders, routing, periods)
    expected = sum(
        setup + quantity * run for item, quantity, _ in orders for _, setup, run, _ in routing[item]
    )
    total = sum(map(sum, result.load.values())) + sum(result.past_due.values())
    assert total == pytest.approx(expected)
    assert all(len(hours) == periods for hours in result.load.values())
    assert set(result.load) == set(result.past_due)
    assert set(result.load) == {center for steps in routing.values() for center, *_ in steps}


@relaxed
@given(case=crp_cases())
def test_crp_without_lead_times_loads_the_due_period(case):
    orders, routing, periods = case
    routing = {item: [(c, s, r, 0) for c, s, r, _ in steps] for item, steps in routing.items()}
    result = crp_load(orders, routing, periods)
    assert all(hours == 0 for hours in result.past_due.values())
    for t in range(periods):
        due_now = [(item, quantity) for item, quantity, due in orders if due == t]
        expected = sum(
            setup + quantity * run
            for item, quantity in due_now
            for _, setup, run, _ in routing[item]
        )
        assert sum(hours[t] for hours in result.load.values()) == pytest.approx(expected)


def test_crp_puts_each_operation_back_by_the_later_lead_times():
    routing = {"X": [("a", 0, 1, 5), ("b", 0, 1, 2), ("c", 0, 1, 1)]}
    result = crp_load([("X", 1, 4)], routing, periods=5)
    assert result.load == {"a": [0, 1, 0, 0, 0], "b": [0, 0, 0, 1, 0], "c": [0, 0, 0, 0, 1]}
    late = crp_load([("X", 1, 1)], routing, periods=5)
    assert late.past_due == {"a": 1, "b": 0, "c": 0}


@pytest.mark.parametrize(
    ("orders", "message"),
    [
        ([], "orders must hold at least 1"),
        ([(10, 1.5)], r"orders\[0\] must be a tuple \(quantity, setup_hours, run_hours_per_unit\)"),
        ([(10, 1.5, 0.2), (0, 1.5, 0.2)], r"orders\[1\].quantity must be > 0"),
        ([(10, -1.5, 0.2)], r"orders\[0\].setup_hours must be >= 0"),
        ([(10, 1.5, math.nan)], r"orders\[0\].run_hours_per_unit must be a finite number"),
        ("10, 1.5, 0.2", "orders must be a sequence"),
    ],
)
def test_capacity_required_refuses_bad_orders(orders, message):
    with pytest.raises(InputError, match=message):
        capacity_required(orders)


@pytest.mark.parametrize(
    ("due", "steps", "message"),
    [
        (math.inf, [(1, 1, 1, 1, 1)], "due_date must be a finite number"),
        ("100", [(1, 1, 1, 1, 1)], "due_date must be a number"),
        (100, [], "operations must hold at least 1"),
        (100, [(1, 1, 1, 1)], r"operations\[0\] must be a tuple \(queue, setup, run, wait, move\)"),
        (100, [(1, 1, 1, 1, 1), (1, 1, -2, 1, 1)], r"operations\[1\].run must be >= 0"),
    ],
)
def test_backward_schedule_refuses_bad_input(due, steps, message):
    with pytest.raises(InputError, match=message):
        backward_schedule(due, steps)


ROUTINGS = {"A": [("saw", 1, 0.5, 1), ("drill", 2, 1, 1)]}


@pytest.mark.parametrize(
    ("orders", "routing", "periods", "message"),
    [
        ([("A", 10, 1)], ROUTINGS, 0, "periods must be a whole number >= 1"),
        ([("Z", 10, 1)], ROUTINGS, 3, r"orders\[0\].item 'Z' has no routing"),
        ([("A", 10, 3)], ROUTINGS, 3, r"orders\[0\].due_period must be a period index from 0 to 2"),
        ([("A", 10, -1)], ROUTINGS, 3, r"orders\[0\].due_period must be a whole number >= 0"),
        ([("A", 0, 1)], ROUTINGS, 3, r"orders\[0\].quantity must be > 0"),
        ([(None, 10, 1)], ROUTINGS, 3, r"orders\[0\].item must be a name"),
        ([("A", 10, 1)], [("saw", 1, 0.5, 1)], 3, "routings must be a mapping"),
        ([("A", 10, 1)], {"A": []}, 3, r"routings\['A'\] must hold at least 1"),
        (
            [("A", 10, 1)],
            {"A": [("saw", 1, 0.5, 1.5)]},
            3,
            r"routings\['A'\]\[0\].operation_lead_time_periods must be a whole number",
        ),
        (
            [("A", 10, 1)],
            {"A": [(["saw"], 1, 0.5, 1)]},
            3,
            r"routings\['A'\]\[0\].work_center must be a name",
        ),
    ],
)
def test_crp_load_refuses_bad_input(orders, routing, periods, message):
    with pytest.raises(InputError, match=message):
        crp_load(orders, routing, periods)
