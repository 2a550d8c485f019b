"""`cpimkit.calc.distribution`: DRP records and their roll-up, fair share, the square-root law."""

import inspect
import math
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cpimkit.calc.distribution import (
    central_requirements,
    drp_record,
    fair_share,
    square_root_law,
)
from cpimkit.calc.mrp import MRPRecord, mrp_record

from calc_testing import input_error_test, mrp_arguments


@st.composite
def networks(draw):
    """Keyword arguments of the records of two to five centers over one common horizon."""
    n = draw(st.integers(1, 10))
    names = draw(st.lists(st.text(min_size=1, max_size=6), min_size=2, max_size=5, unique=True))
    return {name: draw(mrp_arguments(periods=n)) for name in names}


demand_maps = st.dictionaries(
    st.sampled_from(["North", "South", "East", "West", "Central", "Coast"]),
    st.integers(0, 1000),
    min_size=1,
).filter(lambda demands: sum(demands.values()) > 0)


@st.composite
def stocked_networks(draw):
    """Demands and the stock on hand at the same locations."""
    demands = draw(demand_maps)
    on_hand = {location: draw(st.integers(0, 2000)) for location in demands}
    return demands, on_hand


# DRP record


@given(arguments=mrp_arguments())
def test_drp_record_equals_mrp_record_on_the_same_inputs(arguments):
    drp, mrp = drp_record(**arguments), mrp_record(**arguments)
    assert isinstance(drp, MRPRecord)
    assert drp == mrp


def test_drp_record_is_the_mrp_record_of_the_course_map():
    record = drp_record(
        gross_requirements=[0, 40, 50, 30, 60, 20, 40, 50],
        scheduled_receipts=[0, 30, 0, 0, 0, 0, 0, 0],
        on_hand=45,
        safety_stock=10,
        lead_time=2,
    )
    assert record.planned_order_releases == [25, 30, 60, 20, 40, 50, 0, 0]
    assert "Planned order releases" in record.to_frame().index


# Central requirements


@given(network=networks())
def test_central_requirements_add_up_every_centers_releases(network):
    releases = {name: drp_record(**kw).planned_order_releases for name, kw in network.items()}
    central = central_requirements(releases)
    assert len(central) == len(next(iter(releases.values())))
    assert math.fsum(central) == pytest.approx(math.fsum(sum(r) for r in releases.values()))
    for t, requirement in enumerate(central):
        assert requirement == pytest.approx(sum(r[t] for r in releases.values()))


def test_one_center_is_its_own_central_requirement():
    assert central_requirements({"Only": [5, 0, 7]}) == [5, 0, 7]


@pytest.mark.parametrize("kind", [list, tuple, np.array, pd.Series])
def test_central_requirements_accept_any_sequence(kind):
    releases = {"East": kind([100, 0, 100]), "West": kind([60, 60, 0])}
    assert central_requirements(planned_order_releases=releases) == [160, 60, 100]


# Fair share


@given(available=st.integers(0, 5000), demands=demand_maps)
def test_fair_share_gives_out_exactly_what_is_available_in_whole_units(available, demands):
    allocation = fair_share(available=available, demands=demands)
    assert list(allocation) == list(demands)
    assert all(isinstance(units, int) and units >= 0 for units in allocation.values())
    assert sum(allocation.values()) == available


@given(available=st.integers(0, 5000), demands=demand_maps)
def test_each_allocation_is_within_one_unit_of_its_exact_share(available, demands):
    allocation = fair_share(available=available, demands=demands)
    total = sum(demands.values())
    for location, demand in demands.items():
        assert abs(allocation[location] - Fraction(available * demand, total)) < 1


@given(
    available=st.integers(0, 5000), demands=demand_maps, extra=st.integers(1, 500), data=st.data()
)
def test_asking_for_more_never_gets_a_location_less(available, demands, extra, data):
    location = data.draw(st.sampled_from(sorted(demands)))
    before = fair_share(available=available, demands=demands)[location]
    after = fair_share(
        available=available, demands={**demands, location: demands[location] + extra}
    )
    assert after[location] >= before


@given(demands=demand_maps, multiple=st.integers(0, 20))
def test_fair_share_is_exact_when_the_shares_are_whole(demands, multiple):
    total = sum(demands.values())
    allocation = fair_share(available=total * multiple, demands=demands)
    assert allocation == {location: d * multiple for location, d in demands.items()}


def test_fair_share_breaks_equal_remainders_in_input_order():
    assert fair_share(available=2, demands={"C": 1, "A": 1, "B": 1}) == {"C": 1, "A": 1, "B": 0}


def test_a_location_with_no_demand_gets_nothing():
    assert fair_share(available=7, demands={"A": 0, "B": 3, "C": 4}) == {"A": 0, "B": 3, "C": 4}


@given(available=st.integers(0, 5000), network=stocked_networks())
def test_fair_share_with_stock_on_hand_gives_out_exactly_what_is_available(available, network):
    demands, on_hand = network
    allocation = fair_share(available=available, demands=demands, on_hand=on_hand)
    assert list(allocation) == list(demands)
    assert all(isinstance(units, int) and units >= 0 for units in allocation.values())
    assert sum(allocation.values()) == available


@given(available=st.integers(0, 5000), network=stocked_networks())
def test_receiving_locations_end_within_a_unit_of_the_same_days_of_supply(available, network):
    demands, on_hand = network
    allocation = fair_share(available=available, demands=demands, on_hand=on_hand)
    receiving = [location for location, units in allocation.items() if units > 0]
    days = {
        location: Fraction(on_hand[location] + allocation[location], demands[location])
        for location in receiving
    }
    for first in receiving:
        for second in receiving:
            one_unit_each = Fraction(1, demands[first]) + Fraction(1, demands[second])
            assert abs(days[first] - days[second]) < one_unit_each, (first, second, days)


@given(available=st.integers(0, 5000), network=stocked_networks())
def test_a_location_above_the_common_days_of_supply_gets_nothing(available, network):
    demands, on_hand = network
    allocation = fair_share(available=available, demands=demands, on_hand=on_hand)
    common = Fraction(available + sum(on_hand.values()), sum(demands.values()))
    for location, demand in demands.items():
        if on_hand[location] > common * demand:
            assert allocation[location] == 0, (location, common)


@given(available=st.integers(0, 5000), demands=demand_maps, days=st.integers(1, 10))
def test_equal_days_on_hand_shares_in_proportion_to_demand(available, demands, days):
    """Nothing on hand, or the same days of supply everywhere: the shares are A·d / Σd."""
    proportional = fair_share(available, demands)
    total = sum(demands.values())
    nothing = dict.fromkeys(demands, 0)
    same_days = {location: days * demand for location, demand in demands.items()}
    for on_hand in (nothing, same_days):
        allocation = fair_share(available, demands, on_hand=on_hand)
        assert allocation == proportional, on_hand
        for location, demand in demands.items():
            assert abs(allocation[location] - Fraction(available * demand, total)) < 1


def test_fair_share_accepts_a_series_and_whole_floats():
    demands = pd.Series({"North": 300.0, "South": 200.0, "West": 100.0})
    assert fair_share(available=500.0, demands=demands) == {"North": 250, "South": 167, "West": 83}


# Square-root law


inventories = st.floats(min_value=0, max_value=1e9)
locations = st.integers(1, 200)


@given(total=inventories, count=locations)
def test_the_same_number_of_locations_keeps_the_same_total(total, count):
    assert square_root_law(total, count, count) == pytest.approx(total)


@given(total=inventories, first=locations, second=locations)
def test_fewer_locations_never_need_more_inventory(total, first, second):
    more, fewer = max(first, second), min(first, second)
    assert square_root_law(total, more, fewer) <= total * (1 + 1e-12)
    assert square_root_law(total, fewer, more) >= total * (1 - 1e-12)


@given(total=inventories, first=locations, second=locations)
def test_going_there_and_back_restores_the_total(total, first, second):
    there = square_root_law(total, first, second)
    assert square_root_law(there, second, first) == pytest.approx(total)


def test_consolidating_four_centers_halves_their_safety_stock():
    assert square_root_law(total_inventory=800, current_locations=4, future_locations=1) == 400


# Bad input: the message names the parameter

RECORD = {"gross_requirements": [10, 20], "on_hand": 5, "lead_time": 1}

BAD_INPUTS = [
    (drp_record, {**RECORD, "gross_requirements": []}, "gross_requirements"),
    (drp_record, {**RECORD, "gross_requirements": [10, -1]}, r"gross_requirements\[1\]"),
    (drp_record, {**RECORD, "on_hand": -5}, "on_hand must be >= 0"),
    (drp_record, {**RECORD, "lead_time": 1.5}, "lead_time"),
    (drp_record, {**RECORD, "scheduled_receipts": [1]}, "scheduled_receipts has 1"),
    (drp_record, {**RECORD, "safety_stock": float("nan")}, "safety_stock"),
    (drp_record, {**RECORD, "lot_size": "truckload"}, "lot_size must be one of lfl"),
    (drp_record, {**RECORD, "lot_size": "foq"}, "needs order_quantity"),
    (central_requirements, {"planned_order_releases": [1, 2]}, "planned_order_releases must"),
    (central_requirements, {"planned_order_releases": {}}, "planned_order_releases must hold"),
    (
        central_requirements,
        {"planned_order_releases": {"East": [1, 2], "West": [1]}},
        r"planned_order_releases\['East'\] has 2, planned_order_releases\['West'\] has 1",
    ),
    (
        central_requirements,
        {"planned_order_releases": {"East": [1, -2]}},
        r"planned_order_releases\['East'\]\[1\] must be >= 0",
    ),
    (central_requirements, {"planned_order_releases": {"East": []}}, r"\['East'\] must hold"),
    (fair_share, {"available": -1, "demands": {"A": 1}}, "available must be a whole number"),
    (fair_share, {"available": 2.5, "demands": {"A": 1}}, "available must be a whole number"),
    (fair_share, {"available": "10", "demands": {"A": 1}}, "available must be a number"),
    (fair_share, {"available": 10, "demands": [1, 2]}, "demands must be a mapping"),
    (fair_share, {"available": 10, "demands": {}}, "demands must hold at least 1"),
    (fair_share, {"available": 10, "demands": {"A": 1, "B": -3}}, r"demands\['B'\] must be >= 0"),
    (fair_share, {"available": 10, "demands": {"A": math.inf}}, r"demands\['A'\]"),
    (fair_share, {"available": 10, "demands": {"A": 0, "B": 0}}, "demands must have a positive"),
    (
        fair_share,
        {"available": 10, "demands": {"A": 1, "B": 2}, "on_hand": {"A": 0, "B": -3}},
        r"on_hand\['B'\] must be >= 0, got -3",
    ),
    (
        fair_share,
        {"available": 10, "demands": {"A": 1, "B": 2}, "on_hand": {"A": 5}},
        r"on_hand has no entry for locations of demands: \['B'\]",
    ),
    (
        fair_share,
        {"available": 10, "demands": {"A": 1}, "on_hand": {"A": 0, "Z": 4}},
        r"on_hand names locations not in demands: \['Z'\]",
    ),
    (fair_share, {"available": 10, "demands": {"A": 1}, "on_hand": [0]}, "on_hand must be a"),
    (
        fair_share,
        {"available": 10, "demands": {"A": 1}, "on_hand": {"A": "5"}},
        r"on_hand\['A'\] must be a number",
    ),
    (
        square_root_law,
        {"total_inventory": -1, "current_locations": 2, "future_locations": 1},
        "total_inventory must be >= 0",
    ),
    (
        square_root_law,
        {"total_inventory": 100, "current_locations": 0, "future_locations": 1},
        "current_locations must be a whole number >= 1",
    ),
    (
        square_root_law,
        {"total_inventory": 100, "current_locations": 2, "future_locations": 0.5},
        "future_locations must be a whole number >= 1",
    ),
    (
        square_root_law,
        {"total_inventory": None, "current_locations": 2, "future_locations": 1},
        "total_inventory must be a number",
    ),
]


test_bad_input_raises_input_error_naming_the_parameter = input_error_test(BAD_INPUTS)


def test_drp_record_takes_every_parameter_of_mrp_record():
    assert inspect.signature(drp_record).parameters == inspect.signature(mrp_record).parameters
