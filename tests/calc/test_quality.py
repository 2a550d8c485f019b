"""cpimkit.calc.quality: properties of the charts and indices, and InputError naming the bad
parameter."""

import dataclasses
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy.stats import norm

from cpimkit.calc import InputError
from cpimkit.calc.quality import (
    CONTROL_CHART_CONSTANTS,
    out_of_control,
    p_chart_limits,
    pareto,
    process_capability,
    xbar_r_from_subgroups,
    xbar_r_limits,
)

relaxed = settings(deadline=None)
measures = st.floats(min_value=-1e6, max_value=1e6)
spreads = st.floats(min_value=1e-3, max_value=1e4)
sizes = st.integers(min_value=2, max_value=25)
probabilities = st.floats(min_value=0, max_value=1)


def range_moments(n: int) -> tuple[float, float]:
    """d2 and d3, mean and standard deviation of the range of n standard normal values.

    E[R] = ∫ 1 − Φ(x)^n − (1 − Φ(x))^n dx and E[R²] = 2 ∬_{x<y} 1 − Φ(y)^n − (1 − Φ(x))^n
    + (Φ(y) − Φ(x))^n dx dy, on a fine grid.
    """
    x = np.linspace(-8, 8, 1601)
    step = x[1] - x[0]
    cdf = norm.cdf(x)
    d2 = np.trapezoid(1 - cdf**n - (1 - cdf) ** n, x)
    low, high = np.meshgrid(cdf, cdf, indexing="ij")  # rows: x, columns: y
    inside = 1 - high**n - (1 - low) ** n + np.clip(high - low, 0, None) ** n
    inside = np.triu(inside)  # x <= y
    inside[np.diag_indices_from(inside)] /= 2  # the diagonal is the triangle's edge
    second = 2 * inside.sum() * step**2
    return d2, math.sqrt(second - d2**2)


@pytest.mark.parametrize("n", sorted(CONTROL_CHART_CONSTANTS))
def test_constants_table_agrees_with_the_range_distribution(n):
    d2, d3 = range_moments(n)
    a2, lower, upper = CONTROL_CHART_CONSTANTS[n]
    # published tables round d2 and d3 before deriving D3 and D4, so allow one unit more
    assert a2 == pytest.approx(3 / (d2 * math.sqrt(n)), abs=0.0006)
    assert lower == pytest.approx(max(0.0, 1 - 3 * d3 / d2), abs=0.0012)
    assert upper == pytest.approx(1 + 3 * d3 / d2, abs=0.0012)


def test_constants_table_covers_two_to_twenty_five():
    assert sorted(CONTROL_CHART_CONSTANTS) == list(range(2, 26))
    assert CONTROL_CHART_CONSTANTS[5].a2 == 0.577


def test_course_map_ucl():
    assert xbar_r_limits(50, 4, 5).ucl == pytest.approx(52.308)


@relaxed
@given(center=measures, r_bar=spreads, n=sizes)
def test_xbar_limits_are_symmetric_and_range_limits_never_negative(center, r_bar, n):
    chart = xbar_r_limits(center, r_bar, n)
    assert chart.ucl - chart.center == pytest.approx(chart.center - chart.lcl, rel=1e-9, abs=1e-6)
    assert chart.lcl < chart.center < chart.ucl or chart.ucl - chart.lcl < 1e-6
    assert 0 <= chart.range_lcl <= chart.range_center < chart.range_ucl
    assert chart.range_center == r_bar
    assert (chart.range_lcl == 0) == (n <= 6)


@relaxed
@given(
    data=st.data(),
    n=sizes,
    count=st.integers(min_value=1, max_value=30),
)
def test_from_subgroups_matches_the_summary_formula(data, n, count):
    values = st.floats(min_value=-1e3, max_value=1e3)
    groups = data.draw(
        st.lists(st.lists(values, min_size=n, max_size=n), min_size=count, max_size=count)
    )
    ranges = [max(g) - min(g) for g in groups]
    assume(sum(ranges) > 1e-6)
    chart = xbar_r_from_subgroups(groups)
    expected = xbar_r_limits(np.mean(groups), np.mean(ranges), n)
    assert chart.center == pytest.approx(expected.center, abs=1e-9)
    assert chart.ucl == pytest.approx(expected.ucl, abs=1e-9)
    assert chart.range_ucl == pytest.approx(expected.range_ucl, abs=1e-9)
    assert chart.subgroup_ranges == pytest.approx(ranges)
    assert len(chart.subgroup_means) == count


def test_from_subgroups_accepts_arrays_and_frames():
    groups = [[10, 12, 11], [11, 13, 12], [9, 11, 10], [12, 12, 14]]
    expected = xbar_r_from_subgroups(groups)
    assert xbar_r_from_subgroups(np.array(groups)).ucl == expected.ucl
    assert xbar_r_from_subgroups(pd.DataFrame(groups)).ucl == expected.ucl


@relaxed
@given(p=probabilities, n=st.integers(1, 10_000), z=st.floats(0.5, 4))
def test_p_chart_limits_stay_within_zero_and_one(p, n, z):
    chart = p_chart_limits(p, n, z)
    assert 0 <= chart.lcl <= chart.center <= chart.ucl <= 1
    half_width = z * math.sqrt(p * (1 - p) / n)
    if p - half_width < 0:
        assert chart.lcl == 0
    else:
        assert chart.lcl == pytest.approx(p - half_width)
    assert chart.ucl == pytest.approx(min(1, p + half_width))


def test_p_chart_floors_a_negative_lcl():
    assert p_chart_limits(0.04, 100).lcl == 0
    assert p_chart_limits(0.04, 100, z=1).lcl == pytest.approx(0.04 - 0.019596, abs=1e-6)


@relaxed
@given(low=measures, width=spreads, position=st.floats(-0.5, 1.5), sigma=spreads)
def test_cpk_never_exceeds_cp(low, width, position, sigma):
    result = process_capability(low + width, low, low + position * width, sigma)
    assert result.cpk <= result.cp + 1e-9
    assert result.cpk == min(result.cpu, result.cpl)
    assert result.cpu + result.cpl == pytest.approx(2 * result.cp)


@relaxed
@given(low=measures, width=spreads, sigma=spreads)
def test_cpk_equals_cp_when_centred(low, width, sigma):
    result = process_capability(low + width, low, low + width / 2, sigma)
    assert result.cpk == pytest.approx(result.cp, rel=1e-6)


def test_cpk_is_negative_when_the_mean_is_outside_the_specification():
    assert process_capability(10, 8, 11, 0.5).cpk < 0


causes = st.dictionaries(
    st.text(min_size=1, max_size=4), st.integers(0, 1000), min_size=1, max_size=20
)


@relaxed
@given(counts=causes)
def test_pareto_ranks_descending_and_shares_add_up(counts):
    assume(sum(counts.values()) > 0)
    table = pareto(counts)
    assert set(table.index) == set(counts)
    assert list(table["count"]) == sorted(counts.values(), reverse=True)
    assert table["share"].sum() == pytest.approx(1)
    assert table["cumulative_share"].iloc[-1] == pytest.approx(1)
    assert table["cumulative_share"].is_monotonic_increasing


def test_pareto_keeps_ties_in_input_order_and_accepts_a_series():
    table = pareto(pd.Series({"b": 5, "a": 9, "c": 5}))
    assert list(table.index) == ["a", "b", "c"]
    assert list(table.columns) == ["count", "share", "cumulative_share"]


@relaxed
@given(
    points=st.lists(st.floats(-100, 100), min_size=1, max_size=50),
    center=st.floats(-10, 10),
    half_width=st.floats(0, 50),
)
def test_out_of_control_flags_exactly_the_points_beyond_the_limits(points, center, half_width):
    ucl, lcl = center + half_width, center - half_width
    flagged = out_of_control(points, center, ucl, lcl)
    expected = [i for i, p in enumerate(points) if p > ucl or p < lcl]
    assert flagged == expected


@relaxed
@given(points=st.lists(st.floats(-1, 1), min_size=1, max_size=40), run=st.integers(2, 9))
def test_run_rule_only_adds_points_that_close_a_long_run(points, run):
    plain = out_of_control(points, 0, 5, -5)
    with_runs = out_of_control(points, 0, 5, -5, run_length=run)
    assert plain == []
    for index in with_runs:
        window = points[index - run + 1 : index + 1]
        assert index >= run - 1
        assert all(p > 0 for p in window) or all(p < 0 for p in window)


def test_run_rule_counts_from_the_point_completing_the_run():
    above = [1.0] * 9
    assert out_of_control(above, 0, 5, -5, run_length=8) == [7, 8]
    assert out_of_control([1.0] * 4 + [0.0] + [1.0] * 4, 0, 5, -5, run_length=5) == []
    assert out_of_control([5.0, 5.0001, -5.0], 0, 5, -5) == [1]


def test_results_are_frozen_and_show_as_tables():
    chart = xbar_r_limits(50, 4, 5)
    with pytest.raises(dataclasses.FrozenInstanceError):
        chart.ucl = 1
    assert "ucl=52.308" in repr(chart)
    assert "<table>" in process_capability(10, 8, 9, 0.2)._repr_html_()


@pytest.mark.parametrize("size", [1, 26, 30, 2.5, 0, -5])
def test_subgroup_size_outside_the_table_is_refused(size):
    with pytest.raises(InputError, match="subgroup_size"):
        xbar_r_limits(50, 4, size)


@pytest.mark.parametrize(
    ("subgroups", "match"),
    [
        ([[1, 2, 3], [4, 5]], "subgroups must all have the same size"),
        ([[1], [2]], r"subgroups\[0\] must hold at least 2"),
        ([list(range(26))] * 3, "subgroups .* between 2 and 25"),
        ([], "subgroups must hold at least 1"),
        ([[1, 2], [3, math.nan]], r"subgroups\[1\]\[1\]"),
        ([[1, 2], "ab"], r"subgroups\[1\] must be a sequence"),
        ([[4, 4], [5, 5]], "subgroups must vary"),
    ],
)
def test_bad_subgroups_are_refused_by_name(subgroups, match):
    with pytest.raises(InputError, match=match):
        xbar_r_from_subgroups(subgroups)


@pytest.mark.parametrize(
    ("changes", "name"),
    [
        ({"grand_mean": math.nan}, "grand_mean"),
        ({"average_range": 0}, "average_range must be > 0"),
        ({"average_range": -1}, "average_range"),
        ({"subgroup_size": "5"}, "subgroup_size"),
    ],
)
def test_bad_summary_figures_are_refused_by_name(changes, name):
    with pytest.raises(InputError, match=name):
        xbar_r_limits(**{"grand_mean": 50, "average_range": 4, "subgroup_size": 5, **changes})


@pytest.mark.parametrize(
    ("changes", "name"),
    [
        ({"average_defective": -0.1}, "average_defective"),
        ({"average_defective": 1.2}, "average_defective"),
        ({"average_defective": math.nan}, "average_defective"),
        ({"sample_size": 0}, "sample_size"),
        ({"sample_size": 10.5}, "sample_size"),
        ({"z": 0}, "z must be > 0"),
    ],
)
def test_bad_p_chart_inputs_are_refused_by_name(changes, name):
    with pytest.raises(InputError, match=name):
        p_chart_limits(**{"average_defective": 0.04, "sample_size": 100, **changes})


@pytest.mark.parametrize(
    ("changes", "match"),
    [
        ({"upper_spec": 8}, r"upper_spec must be > lower_spec \(8.0\), got 8.0"),
        ({"upper_spec": 7}, "upper_spec must be > lower_spec"),
        ({"std": 0}, "std must be > 0, got 0.0"),
        ({"std": -0.2}, "std must be > 0"),
        ({"mean": math.inf}, "mean"),
        ({"lower_spec": None}, "lower_spec"),
    ],
)
def test_bad_capability_inputs_are_refused_by_name(changes, match):
    with pytest.raises(InputError, match=match):
        process_capability(**{"upper_spec": 10, "lower_spec": 8, "mean": 9, "std": 0.2, **changes})


@pytest.mark.parametrize(
    ("counts", "match"),
    [
        ({}, "counts"),
        ([3, 4], "counts must be a mapping"),
        ({"a": 3, "b": -1}, r"counts\['b'\]"),
        ({"a": 0, "b": 0}, "counts must have a positive total"),
    ],
)
def test_bad_pareto_counts_are_refused_by_name(counts, match):
    with pytest.raises(InputError, match=match):
        pareto(counts)


@pytest.mark.parametrize(
    ("changes", "match"),
    [
        ({"points": []}, "points"),
        ({"points": [1, "x"]}, r"points\[1\]"),
        ({"ucl": 40}, "ucl must be >= center"),
        ({"lcl": 55}, "lcl must be <= center"),
        ({"run_length": 1}, "run_length"),
        ({"run_length": 2.5}, "run_length"),
    ],
)
def test_bad_chart_points_are_refused_by_name(changes, match):
    inputs = {"points": [50, 51], "center": 50, "ucl": 52.3, "lcl": 47.7, **changes}
    with pytest.raises(InputError, match=match):
        out_of_control(**inputs)
