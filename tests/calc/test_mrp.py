"""`cpimkit.calc.mrp.mrp_record`: the netting, lot-sizing and offsetting rules, and bad input."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given

from cpimkit.calc import InputError
from cpimkit.calc.mrp import MRPRecord, mrp_record

from calc_testing import mrp_arguments


@given(arguments=mrp_arguments())
def test_projected_available_never_drops_below_safety_stock(arguments):
    # Planned receipts are placed where they are needed, from period 1 on (a release that is
    # then due before period 1 is reported as past due), so the floor holds in every period.
    record = mrp_record(**arguments)
    assert all(balance >= arguments["safety_stock"] for balance in record.projected_available)


@given(arguments=mrp_arguments())
def test_planned_receipts_are_the_releases_shifted_by_the_lead_time(arguments):
    record = mrp_record(**arguments)
    lead_time, n = arguments["lead_time"], len(arguments["gross_requirements"])
    receipts, releases = record.planned_order_receipts, record.planned_order_releases
    assert len(releases) == n
    for t in range(lead_time, n):
        assert releases[t - lead_time] == receipts[t]
    assert releases[max(0, n - lead_time) :] == [0.0] * min(lead_time, n)
    assert record.past_due == sum(receipts[:lead_time])


@given(arguments=mrp_arguments())
def test_supply_balances_demand(arguments):
    record = mrp_record(**arguments)
    supply = (
        arguments["on_hand"]
        + sum(record.scheduled_receipts)
        + sum(record.planned_order_receipts)
        - sum(record.gross_requirements)
    )
    assert record.projected_available[-1] == pytest.approx(supply)


@given(arguments=mrp_arguments())
def test_no_order_when_none_is_needed(arguments):
    record = mrp_record(**arguments)
    for net, receipt in zip(record.net_requirements, record.planned_order_receipts, strict=True):
        assert (receipt > 0) == (net > 0)
        assert receipt >= net


@given(arguments=mrp_arguments())
def test_enough_stock_means_no_orders_at_all(arguments):
    arguments["on_hand"] = sum(arguments["gross_requirements"]) + arguments["safety_stock"]
    record = mrp_record(**arguments)
    assert record.planned_order_receipts == [0.0] * len(arguments["gross_requirements"])
    assert record.past_due == 0


@given(arguments=mrp_arguments(rules=("lfl",)))
def test_lot_for_lot_orders_exactly_the_net_requirement(arguments):
    record = mrp_record(**arguments)
    assert record.planned_order_receipts == record.net_requirements


@given(arguments=mrp_arguments(rules=("foq",)))
def test_fixed_order_quantity_orders_the_smallest_covering_multiple(arguments):
    record = mrp_record(**arguments)
    quantity = arguments["order_quantity"]
    for net, receipt in zip(record.net_requirements, record.planned_order_receipts, strict=True):
        assert receipt % quantity == 0
        assert net <= receipt < net + quantity or receipt == net == 0


@given(arguments=mrp_arguments(rules=("eoq",)))
def test_eoq_orders_the_lot_or_the_net_requirement_if_larger(arguments):
    record = mrp_record(**arguments)
    quantity = arguments["order_quantity"]
    for net, receipt in zip(record.net_requirements, record.planned_order_receipts, strict=True):
        assert receipt == (max(quantity, net) if net else 0)


@given(arguments=mrp_arguments(rules=("poq",)))
def test_poq_orders_cover_the_periods_of_supply(arguments):
    record = mrp_record(**arguments)
    cover, n = arguments["periods_of_supply"], len(arguments["gross_requirements"])
    order_periods = [t for t, receipt in enumerate(record.planned_order_receipts) if receipt]
    for first, second in zip(order_periods, order_periods[1:], strict=False):
        assert second - first >= cover
    # an order covers its periods exactly: the balance touches the floor in one of them
    for t in order_periods:
        window = record.projected_available[t : min(t + cover, n)]
        assert min(window) == arguments["safety_stock"]


def test_poq_counts_scheduled_receipts_inside_the_covered_periods():
    record = mrp_record(
        gross_requirements=[20, 20, 20],
        scheduled_receipts=[0, 15, 0],
        on_hand=0,
        lead_time=0,
        lot_size="poq",
        periods_of_supply=3,
    )
    assert record.planned_order_receipts == [45, 0, 0]
    assert record.projected_available == [25, 20, 0]


def test_stock_below_safety_stock_is_restored_in_period_one_and_reported_past_due():
    record = mrp_record(gross_requirements=[0, 5, 5], on_hand=4, safety_stock=10, lead_time=1)
    assert record.net_requirements == [6, 5, 5]
    assert record.projected_available == [10, 10, 10]
    assert record.planned_order_releases == [5, 5, 0]
    assert record.past_due == 6


def test_a_lead_time_beyond_the_horizon_puts_every_release_in_past_due():
    record = mrp_record(gross_requirements=[10, 10], on_hand=0, lead_time=5)
    assert record.planned_order_releases == [0, 0]
    assert record.past_due == 20


def test_scheduled_receipts_default_to_zeros():
    record = mrp_record(gross_requirements=[1, 2, 3], on_hand=10, lead_time=1)
    assert record.scheduled_receipts == [0, 0, 0]


def test_lot_size_names_ignore_case():
    assert (
        mrp_record(gross_requirements=[5], on_hand=0, lead_time=0, lot_size="LFL").lot_size == "lfl"
    )


@pytest.mark.parametrize("kind", [list, tuple, np.array, pd.Series])
def test_sequences_of_any_kind_are_accepted(kind):
    record = mrp_record(
        gross_requirements=kind([10, 20]), scheduled_receipts=kind([0, 5]), on_hand=12, lead_time=1
    )
    assert record.planned_order_releases == [13, 0]


def test_to_frame_is_the_classic_grid():
    record = mrp_record(
        gross_requirements=[0, 40, 50],
        scheduled_receipts=[0, 30, 0],
        on_hand=45,
        safety_stock=10,
        lead_time=2,
    )
    frame = record.to_frame()
    assert list(frame.columns) == [1, 2, 3]
    assert list(frame.index) == [
        "Gross requirements",
        "Scheduled receipts",
        "Projected available",
        "Net requirements",
        "Planned order receipts",
        "Planned order releases",
    ]
    assert frame.loc["Planned order releases"].tolist() == [25, 0, 0]
    html = record._repr_html_()
    assert "<table" in html and "Planned order releases" in html
    assert "on hand 45" in html and "lead time 2" in html and "past-due releases 0" in html


def test_record_is_a_frozen_result_with_a_readable_repr():
    record = mrp_record(gross_requirements=[5], on_hand=0, lead_time=0)
    assert isinstance(record, MRPRecord)
    assert "planned_order_releases=[5]" in repr(record)
    with pytest.raises(AttributeError):
        record.past_due = 1


# Bad input: the message names the parameter

GOOD = {"gross_requirements": [10, 20], "on_hand": 5, "lead_time": 1}

BAD_INPUTS = [
    ({"gross_requirements": []}, "gross_requirements"),
    ({"gross_requirements": [10, -1]}, r"gross_requirements\[1\] must be >= 0"),
    ({"gross_requirements": [10, math.nan]}, r"gross_requirements\[1\]"),
    ({"gross_requirements": [math.inf, 1]}, r"gross_requirements\[0\]"),
    ({"gross_requirements": "10 20"}, "gross_requirements must be a sequence"),
    ({"gross_requirements": 10}, "gross_requirements must be a sequence"),
    ({"scheduled_receipts": [0]}, "gross_requirements has 2, scheduled_receipts has 1"),
    ({"scheduled_receipts": [0, -3]}, r"scheduled_receipts\[1\]"),
    ({"scheduled_receipts": [0, None]}, r"scheduled_receipts\[1\] must be a number"),
    ({"on_hand": -1}, "on_hand must be >= 0"),
    ({"on_hand": math.nan}, "on_hand"),
    ({"on_hand": "5"}, "on_hand must be a number"),
    ({"safety_stock": -2}, "safety_stock must be >= 0"),
    ({"safety_stock": math.inf}, "safety_stock"),
    ({"lead_time": -1}, "lead_time must be a whole number >= 0"),
    ({"lead_time": 1.5}, "lead_time must be a whole number"),
    ({"lead_time": None}, "lead_time must be a number"),
    ({"lot_size": "fixed"}, "lot_size must be one of lfl, foq, poq, eoq"),
    ({"lot_size": 3}, "lot_size must be one of"),
    ({"lot_size": "foq"}, "lot_size 'foq' needs order_quantity"),
    ({"lot_size": "eoq"}, "lot_size 'eoq' needs order_quantity"),
    ({"lot_size": "poq"}, "lot_size 'poq' needs periods_of_supply"),
    ({"lot_size": "foq", "order_quantity": 0}, "order_quantity must be > 0"),
    ({"lot_size": "eoq", "order_quantity": -5}, "order_quantity must be > 0"),
    ({"lot_size": "foq", "order_quantity": math.nan}, "order_quantity"),
    ({"lot_size": "poq", "periods_of_supply": 0}, "periods_of_supply must be a whole number >= 1"),
    ({"lot_size": "poq", "periods_of_supply": 2.5}, "periods_of_supply"),
    ({"order_quantity": 50}, "order_quantity is used only with lot_size foq or eoq"),
    ({"lot_size": "foq", "order_quantity": 5, "periods_of_supply": 2}, "periods_of_supply is used"),
]


@pytest.mark.parametrize(("changes", "message"), BAD_INPUTS, ids=[m for _, m in BAD_INPUTS])
def test_bad_input_raises_input_error_naming_the_parameter(changes, message):
    with pytest.raises(InputError, match=message):
        mrp_record(**{**GOOD, **changes})
