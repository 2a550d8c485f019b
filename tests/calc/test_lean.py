"""cpimkit.calc.lean: takt time and minimum stations, and InputError naming the bad parameter."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpimkit.calc import InputError
from cpimkit.calc.lean import minimum_stations, takt_time

relaxed = settings(deadline=None)
times = st.floats(min_value=0.01, max_value=1e5)


@relaxed
@given(available=times, demand=times)
def test_takt_time_times_demand_is_the_available_time(available, demand):
    assert takt_time(available_time=available, demand=demand) * demand == pytest.approx(available)


@relaxed
@given(total=times, cycle=times)
def test_minimum_stations_is_the_ratio_rounded_up(total, cycle):
    stations = minimum_stations(total_task_time=total, cycle_time=cycle)
    assert isinstance(stations, int)
    assert stations >= 1
    assert stations - 1 < total / cycle <= stations * (1 + 1e-9)


@relaxed
@given(stations=st.integers(1, 50), cycle=st.floats(0.1, 100))
def test_an_exact_multiple_needs_no_extra_station(stations, cycle):
    assert minimum_stations(total_task_time=stations * cycle, cycle_time=cycle) == stations


def test_floating_point_noise_does_not_add_a_station():
    assert 2.1 / 0.3 > 7
    assert minimum_stations(total_task_time=2.1, cycle_time=0.3) == 7


PARAMETERS = [(takt_time, "available_time"), (takt_time, "demand"),
              (minimum_stations, "total_task_time"), (minimum_stations, "cycle_time")]
GOOD = {takt_time: {"available_time": 27_000, "demand": 450},
        minimum_stations: {"total_task_time": 66, "cycle_time": 12}}


@pytest.mark.parametrize("bad", [-2.0, 0, math.nan, math.inf, "12", True, None])
@pytest.mark.parametrize(("function", "name"), PARAMETERS, ids=lambda p: getattr(p, "__name__", p))
def test_bad_figures_are_refused_by_name(function, name, bad):
    with pytest.raises(InputError, match=name):
        function(**{**GOOD[function], name: bad})
