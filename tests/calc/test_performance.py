"""cpimkit.calc.performance: properties of each measure, and InputError naming the bad parameter."""

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpimkit.calc import InputError
from cpimkit.calc.performance import (
    perfect_order_rate,
    productivity,
    productivity_change,
    target_attainment,
)

relaxed = settings(deadline=None)
amounts = st.floats(0.01, 1e6)
shares = st.floats(0, 1)


@relaxed
@given(output=st.floats(0, 1e6), inputs=st.lists(amounts, min_size=1, max_size=5),
       scale=st.floats(0.01, 100))
def test_productivity_is_output_over_total_input_and_scale_free(output, inputs, scale):
    named = {f"input {i}": amount for i, amount in enumerate(inputs)}
    value = productivity(output, named)
    assert value == pytest.approx(output / sum(inputs))
    assert productivity(output, sum(inputs)) == pytest.approx(value)
    scaled = {name: amount * scale for name, amount in named.items()}
    assert productivity(output * scale, scaled) == pytest.approx(value)  # same units cancel


@relaxed
@given(previous=amounts, current=st.floats(0, 1e6))
def test_a_change_applied_to_the_previous_figure_gives_the_current_one(previous, current):
    change = productivity_change(previous, current)
    # rounding grows with the larger figure: a relative bound, and an absolute one near zero
    assert previous * (1 + change) == pytest.approx(current, rel=1e-12, abs=1e-9 * previous)
    assert change >= -1


@relaxed
@given(rates=st.lists(shares, min_size=1, max_size=6))
def test_perfect_order_is_the_product_and_never_above_any_component(rates):
    named = {f"component {i}": rate for i, rate in enumerate(rates)}
    value = perfect_order_rate(named)
    assert value == pytest.approx(math.prod(rates))
    assert 0 <= value <= min(rates)


measures = st.floats(-1e6, 1e6)
targets = measures.filter(lambda target: abs(target) >= 1e-3)


@relaxed
@given(actual=measures, target=targets)
def test_attainment_is_one_on_target_and_mirrors_between_higher_and_lower(actual, target):
    on_target = target_attainment(target, target)
    assert (on_target.attainment, on_target.status) == (1, "met")
    higher = target_attainment(actual, target, "higher").attainment
    lower = target_attainment(actual, target, "lower").attainment
    assert higher + lower == pytest.approx(2)  # as far above 1 as the other is below
    if target > 0:
        assert higher == pytest.approx(actual / target)


@relaxed
@given(actual=measures, target=targets, scale=st.floats(0.01, 100),
       better=st.sampled_from(["higher", "lower"]))
def test_attainment_is_free_of_the_unit(actual, target, scale, better):
    assert target_attainment(actual * scale, target * scale, better).attainment == (
        pytest.approx(target_attainment(actual, target, better).attainment))


@relaxed
@given(actual=measures, target=targets, close=st.floats(0, 0.99),
       better=st.sampled_from(["higher", "lower"]))
def test_status_follows_the_attainment(actual, target, close, better):
    result = target_attainment(actual, target, better, close)
    expected = ("met" if result.attainment >= 1 - 1e-9 else
                "close" if result.attainment >= 1 - close - 1e-9 else "missed")
    assert result.status == expected
    better_actual = actual + abs(target) if better == "higher" else actual - abs(target)
    improved = target_attainment(better_actual, target, better, close)
    assert improved.attainment == pytest.approx(result.attainment + 1)  # one |target| better


@pytest.mark.parametrize(
    ("actual", "target", "better", "close", "status"),
    [
        (100, 100, "higher", 0.10, "met"),
        (120, 100, "higher", 0.10, "met"),
        (95, 100, "higher", 0.10, "close"),
        (90, 100, "higher", 0.10, "close"),
        (89.9, 100, "higher", 0.10, "missed"),
        (90, 100, "lower", 0.10, "met"),
        (110, 100, "lower", 0.10, "close"),
        (110.1, 100, "lower", 0.10, "missed"),
        (-105, -100, "higher", 0.10, "close"),
        (-95, -100, "lower", 0.10, "close"),
        (0.3, 0.1 + 0.2, "higher", 0.0, "met"),
        (99.9, 100, "higher", 0.0, "missed"),
        (75, 100, "higher", 0.25, "close"),
        (74.9, 100, "higher", 0.25, "missed"),
    ],
)
def test_status_at_and_around_the_boundaries(actual, target, better, close, status):
    assert target_attainment(actual, target, better, close).status == status


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ((90, 0), r"target must not be 0 \(attainment is measured against it\), got 0.0"),
        ((90, math.nan), "target must be a finite number"),
        (("90", 100), "actual must be a number, got '90'"),
        ((90, 100, "up"), "better must be one of higher, lower; got 'up'"),
        ((90, 100, "higher", 1), r"close must be in \[0, 1\), got 1.0"),
        ((90, 100, "higher", -0.1), "close must be in"),
    ],
)
def test_target_attainment_refuses_bad_input_by_name(arguments, message):
    with pytest.raises(InputError, match=message):
        target_attainment(*arguments)


def test_measures_take_pandas_series():
    assert productivity(8, pd.Series({"labour": 640.0, "overhead": 400.0})) == 8 / 1040
    assert perfect_order_rate(pd.Series({"on time": 0.9, "complete": 0.5})) == 0.45


@pytest.mark.parametrize(
    ("output", "inputs", "message"),
    [
        (-1, 32, "output must be >= 0"),
        (math.nan, 32, "output"),
        ("8", 32, "output"),
        (8, 0, "inputs must be > 0"),
        (8, -32, "inputs must be > 0"),
        (8, [640, 400], "inputs must be a number"),
        (8, {}, "inputs must hold at least 1"),
        (8, {"labour": -640}, r"inputs\['labour'\] must be >= 0"),
        (8, {"labour": "640"}, r"inputs\['labour'\] must be a number"),
        (8, {"labour": 0, "overhead": 0}, "inputs must not all be zero"),
    ],
)
def test_productivity_refuses_bad_input_by_name(output, inputs, message):
    with pytest.raises(InputError, match=message):
        productivity(output, inputs)


@pytest.mark.parametrize(
    ("previous", "current", "message"),
    [(0, 1, "previous must be > 0"), (-1, 1, "previous"), (1, -1, "current must be >= 0"),
     (1, math.inf, "current"), (None, 1, "previous")],
)
def test_productivity_change_refuses_bad_input_by_name(previous, current, message):
    with pytest.raises(InputError, match=message):
        productivity_change(previous, current)


@pytest.mark.parametrize(
    ("rates", "message"),
    [
        ({}, "component_rates must hold at least 1"),
        ([0.9, 0.8], "component_rates must be a mapping"),
        ({"on time": 95}, r"component_rates\['on time'\] must be in \[0, 1\], got 95"),
        ({"on time": -0.1}, r"component_rates\['on time'\]"),
        ({"on time": math.nan}, r"component_rates\['on time'\]"),
    ],
)
def test_perfect_order_rate_refuses_bad_rates_by_name(rates, message):
    with pytest.raises(InputError, match=message):
        perfect_order_rate(rates)
