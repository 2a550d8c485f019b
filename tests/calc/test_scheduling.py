"""cpimkit.calc.scheduling.littles_law: round trips, and InputError naming the bad parameter."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpimkit.calc import InputError
from cpimkit.calc.scheduling import littles_law

relaxed = settings(deadline=None)
figures = st.floats(min_value=0.001, max_value=1e5)


@relaxed
@given(throughput=figures, cycle_time=figures)
def test_littles_law_round_trips(throughput, cycle_time):
    wip = littles_law(throughput=throughput, cycle_time=cycle_time)
    assert wip == pytest.approx(throughput * cycle_time)
    assert littles_law(wip=wip, throughput=throughput) == pytest.approx(cycle_time)
    assert littles_law(wip=wip, cycle_time=cycle_time) == pytest.approx(throughput)


@pytest.mark.parametrize(
    "given_figures",
    [{}, {"wip": 2}, {"throughput": 2}, {"cycle_time": 1},
     {"wip": 2, "throughput": 2, "cycle_time": 1}],
)
def test_exactly_one_figure_must_be_left_out(given_figures):
    with pytest.raises(InputError, match="exactly one of wip, throughput, cycle_time"):
        littles_law(**given_figures)


@pytest.mark.parametrize("bad", [-2.0, 0, math.nan, math.inf, "12", True])
@pytest.mark.parametrize(
    ("name", "other"), [("wip", "throughput"), ("throughput", "cycle_time"), ("cycle_time", "wip")]
)
def test_bad_figures_are_refused_by_name(name, other, bad):
    with pytest.raises(InputError, match=name):
        littles_law(**{name: bad, other: 1})
