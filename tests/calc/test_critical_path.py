"""cpimkit.calc.scheduling: critical path (against brute force on small networks) and PERT."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpimkit.calc import InputError
from cpimkit.calc.scheduling import critical_path, pert_estimate
from cpimkit.examples import published_example

relaxed = settings(deadline=None)
MILWAUKEE = published_example("scheduling", "critical_path")["inputs"]["activities"]


@st.composite
def networks(draw):
    """A random activity-on-node network of up to 7 activities, listed in a random order."""
    count = draw(st.integers(1, 7))
    names = [f"T{i}" for i in range(count)]
    durations = draw(
        st.lists(st.one_of(st.integers(0, 9), st.floats(0, 10)), min_size=count, max_size=count)
    )
    predecessors = [
        draw(st.lists(st.sampled_from(names[:i]), max_size=3, unique=True)) if i else []
        for i in range(count)
    ]
    shown = draw(st.permutations(range(count)))
    return {names[i]: (durations[i], predecessors[i]) for i in shown}


def longest_path(activities):
    """Brute force: the length of every chain from a start to an end, the longest."""
    successors = {
        name: [n for n, (_, before) in activities.items() if name in before] for name in activities
    }

    def longest_from(name):
        return activities[name][0] + max((longest_from(s) for s in successors[name]), default=0)

    return max(longest_from(name) for name, (_, before) in activities.items() if not before)


@relaxed
@given(activities=networks())
def test_duration_is_the_longest_path(activities):
    assert critical_path(activities).duration == pytest.approx(longest_path(activities))


@relaxed
@given(activities=networks())
def test_the_path_is_a_chain_of_critical_activities_lasting_the_project(activities):
    result = critical_path(activities)
    assert all(slack >= 0 for slack in result.slack.values())
    assert all(result.slack[name] == 0 for name in result.path)
    assert not activities[result.path[0]][1], "the path starts with an activity free to start"
    assert not any(result.path[-1] in before for _, before in activities.values())
    for before, after in zip(result.path, result.path[1:], strict=False):
        assert before in activities[after][1]
    length = sum(activities[name][0] for name in result.path)
    assert length == pytest.approx(result.duration)


@relaxed
@given(activities=networks())
def test_slack_is_latest_less_earliest_start(activities):
    result = critical_path(activities)
    rounding = 1e-9 * (1 + result.duration)  # slack within rounding of zero is reported as 0
    for name, (duration, _) in activities.items():
        assert result.earliest_finish[name] == pytest.approx(result.earliest_start[name] + duration)
        assert result.latest_start[name] - result.earliest_start[name] == pytest.approx(
            result.slack[name], abs=rounding
        )
        assert result.latest_finish[name] <= result.duration + rounding


def test_milwaukee_paper_forward_and_backward_pass():
    result = critical_path(MILWAUKEE)
    assert result.earliest_finish == {
        "A": 2,
        "B": 3,
        "C": 4,
        "D": 7,
        "E": 8,
        "F": 7,
        "G": 13,
        "H": 15,
    }
    assert result.latest_finish == {
        "A": 2,
        "B": 4,
        "C": 4,
        "D": 8,
        "E": 8,
        "F": 13,
        "G": 13,
        "H": 15,
    }


def test_of_two_critical_paths_the_first_in_input_order_is_given():
    activities = {
        "start": (0, []),
        "X": (3, ["start"]),
        "Y": (3, ["start"]),
        "end": (1, ["Y", "X"]),
    }
    assert critical_path(activities).path == ["start", "X", "end"]
    swapped = {"start": (0, []), "Y": (3, ["start"]), "X": (3, ["start"]), "end": (1, ["X", "Y"])}
    assert critical_path(swapped).path == ["start", "Y", "end"]


def test_predecessors_may_be_tuples_or_sets_and_repeat():
    activities = {"A": (2, ()), "B": (1, {"A"}), "C": (4, ("A", "A", "B"))}
    assert critical_path(activities).path == ["A", "B", "C"]


@pytest.mark.parametrize(
    ("activities", "message"),
    [
        (
            {"A": (1, ["C"]), "B": (2, ["A"]), "C": (1, ["B"]), "D": (1, [])},
            "activities contain a cycle: B -> C -> A -> B",
        ),
        ({"A": (1, ["A"])}, "activities contain a cycle: A -> A"),
        (
            {"A": (1, []), "B": (2, ["A", "X"]), "C": (1, ["Y"])},
            r"predecessors that are not activities: \{'B': \['X'\], 'C': \['Y'\]\}",
        ),
        ({"A": (1, []), "B": (2, "A")}, r"activities\['B'\] predecessors must be a list"),
        ({"A": (1, []), "B": (2, None)}, r"activities\['B'\] predecessors must be a list"),
        ({"A": (1, []), "B": (2, [["A"]])}, r"activities\['B'\] predecessors\[0\] must be a name"),
        ({"A": (-1, [])}, r"activities\['A'\] duration must be >= 0, got -1.0"),
        ({"A": (math.nan, [])}, r"activities\['A'\] duration must be a finite number"),
        ({"A": ("2", [])}, r"activities\['A'\] duration must be a number"),
        ({"A": 2}, r"activities\['A'\] must be a tuple \(duration, predecessors\)"),
        ({"A": (2, [], "x")}, r"activities\['A'\] must be a tuple"),
        ({}, "activities must hold at least 1"),
        ([("A", 2, [])], "activities must be a mapping"),
    ],
)
def test_bad_networks_are_refused_by_name(activities, message):
    with pytest.raises(InputError, match=message):
        critical_path(activities)


estimates = st.floats(min_value=0, max_value=1e4)


@relaxed
@given(a=estimates, m=estimates, b=estimates)
def test_pert_expected_time_lies_between_the_extremes(a, m, b):
    low, likely, high = sorted((a, m, b))
    result = pert_estimate(low, likely, high)
    assert low - 1e-9 <= result.expected <= high + 1e-9
    assert result.std == pytest.approx((high - low) / 6)
    assert result.variance == pytest.approx(result.std**2)


def test_a_certain_activity_has_no_variance():
    assert pert_estimate(4, 4, 4).variance == 0


@pytest.mark.parametrize(
    ("inputs", "message"),
    [
        ((3, 2, 5), r"most_likely must be >= optimistic \(3.0\), got 2.0"),
        ((1, 4, 3), r"pessimistic must be >= most_likely \(4.0\), got 3.0"),
        ((-1, 2, 3), "optimistic must be >= 0"),
        ((1, math.inf, 3), "most_likely must be a finite number"),
        ((1, 2, "3"), "pessimistic must be a number"),
    ],
)
def test_pert_estimates_must_be_ordered_numbers(inputs, message):
    with pytest.raises(InputError, match=message):
        pert_estimate(*inputs)
