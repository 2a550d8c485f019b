"""`cpimkit.grading.check_periods`: the failure messages learners read in graded grid cells."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cpimkit.grading import check_periods


def test_a_right_row_passes_whatever_its_sequence_type():
    check_periods("release", (25.0, 30, 60), [25, 30, 60])


def test_the_first_wrong_period_is_named_with_the_inputs():
    with pytest.raises(AssertionError, match=r"^Period 2: expected release 30, got 31 \(LT 2\)\.$"):
        check_periods("release", [25, 31, 61], [25, 30, 60], inputs="LT 2")


def test_the_hint_is_the_mistake_whose_row_matches_so_far_not_just_at_the_wrong_period():
    mistakes = {"no offset": [0, 0, 20, 40, 10], "offset the wrong way": [0, 0, 0, 20, 40]}
    with pytest.raises(AssertionError, match="Likely mistake: offset the wrong way"):
        check_periods("release", [0, 0, 0, 20, 40], [0, 20, 40, 10, 0], mistakes=mistakes)


def test_a_known_mistake_adds_its_hint_and_an_unknown_one_does_not():
    mistakes = {"offset the receipt by the lead time": [0, 25, 30]}
    with pytest.raises(AssertionError, match="Likely mistake: offset the receipt by the lead time"):
        check_periods("release", [0, 25, 30], [25, 30, 60], mistakes=mistakes)
    with pytest.raises(AssertionError) as failure:
        check_periods("release", [7, 25, 30], [25, 30, 60], mistakes=mistakes)
    assert "Likely mistake" not in str(failure.value)


@pytest.mark.parametrize(
    ("actual", "message"),
    [
        ([1, 2], "Expected 3 figures, one release per period, got 2"),
        (None, "Expected a list, one release per period"),
        ("1,2,3", "Expected a list, one release per period"),
        ([1, "two", 3], "Period 2: expected release 2, got 'two'"),
    ],
)
def test_rows_of_the_wrong_shape_or_type_fail_with_a_message(actual, message):
    with pytest.raises(AssertionError, match=message):
        check_periods("release", actual, [1, 2, 3])


@given(st.lists(st.integers(-1000, 1000), min_size=1, max_size=20), st.data())
def test_any_single_changed_period_is_the_one_reported(row, data):
    period = data.draw(st.integers(0, len(row) - 1))
    changed = list(row)
    changed[period] += data.draw(st.integers(1, 50))
    with pytest.raises(AssertionError, match=rf"^Period {period + 1}: "):
        check_periods("figure", changed, row)
    check_periods("figure", row, row)


def test_the_places_may_be_named_other_than_periods():
    with pytest.raises(AssertionError, match=r"^Operation 2: expected start day 104"):
        check_periods("start day", [96, 100], [96, 104], position="Operation")
    with pytest.raises(AssertionError, match="one start day per operation, got 1"):
        check_periods("start day", [96], [96, 104], position="Operation")
