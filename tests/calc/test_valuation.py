"""cpimkit.calc.valuation: FIFO, LIFO and weighted average cost, and InputError by name."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpimkit.calc import InputError
from cpimkit.calc.valuation import VALUATION_METHODS, value_inventory

relaxed = settings(deadline=None)
receipt_lists = st.lists(st.tuples(st.integers(1, 1000), st.floats(0, 100)), min_size=1, max_size=8)
shares = st.floats(0, 1)


def issued_share(receipts, share):
    return math.floor(share * sum(units for units, _ in receipts))


@relaxed
@given(receipts=receipt_lists, share=shares, method=st.sampled_from(VALUATION_METHODS))
def test_cost_of_goods_sold_and_ending_inventory_share_the_cost_received(receipts, share, method):
    issues = issued_share(receipts, share)
    result = value_inventory(receipts, issues, method)
    total = sum(units * cost for units, cost in receipts)
    assert result.cost_of_goods_sold + result.ending_inventory == pytest.approx(total, abs=1e-6)
    assert result.ending_units == pytest.approx(sum(u for u, _ in receipts) - issues)
    assert result.ending_inventory == pytest.approx(
        sum(units * cost for units, cost in result.layers), abs=1e-6
    )
    assert all(units > 0 for units, _ in result.layers)


@relaxed
@given(receipts=receipt_lists, share=shares)
def test_fifo_keeps_more_value_than_lifo_when_prices_rise(receipts, share):
    rising = sorted(receipts, key=lambda receipt: receipt[1])
    issues = issued_share(rising, share)
    ending = {
        method: value_inventory(rising, issues, method).ending_inventory
        for method in VALUATION_METHODS
    }
    slack = 1e-9 * (1 + ending["fifo"])
    assert ending["fifo"] + slack >= ending["weighted_average"] >= ending["lifo"] - slack


@relaxed
@given(receipts=receipt_lists, share=shares)
def test_fifo_layers_are_the_newest_and_lifo_layers_the_oldest(receipts, share):
    issues = issued_share(receipts, share)
    fifo = value_inventory(receipts, issues, "fifo").layers
    lifo = value_inventory(receipts, issues, "lifo").layers
    if fifo:
        assert [cost for _, cost in fifo] == [cost for _, cost in receipts[-len(fifo) :]]
        assert [cost for _, cost in lifo] == [cost for _, cost in receipts[: len(lifo)]]


def test_issuing_everything_leaves_no_layers():
    result = value_inventory([(10, 2.0), (5, 3.0)], issues=15, method="lifo")
    assert (result.ending_units, result.ending_inventory, result.layers) == (0, 0, [])
    assert result.cost_of_goods_sold == 35


def test_method_names_are_case_insensitive():
    assert value_inventory([(10, 2.0)], 4, "FIFO").ending_inventory == 12


def test_issues_cannot_exceed_units_received():
    with pytest.raises(InputError, match=r"issues must be <= the units received \(15.0\), got 16"):
        value_inventory([(10, 2.0), (5, 3.0)], issues=16, method="fifo")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"method": "average"}, "method must be one of fifo, lifo, weighted_average"),
        ({"issues": -1}, "issues must be >= 0"),
        ({"issues": math.nan}, "issues"),
        ({"receipts": []}, "receipts must hold at least 1"),
        ({"receipts": 10}, "receipts must be a sequence"),
        ({"receipts": [(10, 2.0), (0, 3.0)]}, r"receipts\[1\].units must be > 0"),
        ({"receipts": [(10, -2.0)]}, r"receipts\[0\].unit_cost must be >= 0"),
        ({"receipts": [(10, "2")]}, r"receipts\[0\].unit_cost must be a number"),
        ({"receipts": [(10, 2.0, 1)]}, r"receipts\[0\] must be a tuple \(units, unit_cost\)"),
        ({"receipts": [10, 20]}, r"receipts\[0\] must be a tuple"),
    ],
)
def test_bad_input_is_refused_by_name(changes, message):
    inputs = {"receipts": [(10, 2.0), (5, 3.0)], "issues": 8, "method": "fifo", **changes}
    with pytest.raises(InputError, match=message):
        value_inventory(**inputs)
