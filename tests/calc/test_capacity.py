"""cpimkit.calc.capacity.rated_capacity: properties, and InputError naming the bad parameter."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpimkit.calc import InputError
from cpimkit.calc.capacity import rated_capacity

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
