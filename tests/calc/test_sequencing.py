"""cpimkit.calc.scheduling, ECO additions: dispatching rules, critical ratio, Johnson's rule and
manufacturing lead time; optimality against brute force, and InputError naming the parameter."""

import math
from itertools import permutations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpimkit.calc import InputError
from cpimkit.calc.capacity import backward_schedule
from cpimkit.calc.scheduling import (
    SEQUENCING_RULES,
    critical_ratio,
    johnsons_rule,
    manufacturing_lead_time,
    sequence_jobs,
)

relaxed = settings(deadline=None)
NAMES = "ABCDEF"
WHOLE_TIMES, WHOLE_DUES = st.integers(1, 20), st.integers(-5, 80)


def job_sets(times=WHOLE_TIMES, dues=WHOLE_DUES):
    """Up to six jobs named A, B, ... in arrival order: name -> (processing_time, due_date)."""
    return st.lists(st.tuples(times, dues), min_size=1, max_size=6).map(
        lambda entries: dict(zip(NAMES, entries, strict=False))
    )


two_center_jobs = st.lists(
    st.tuples(st.integers(0, 20), st.integers(0, 20)), min_size=1, max_size=6
).map(lambda entries: dict(zip(NAMES, entries, strict=False)))


def completions(jobs, order, start=0):
    clock, finish = start, {}
    for name in order:
        clock += jobs[name][0]
        finish[name] = clock
    return finish


def two_center_makespan(jobs, order):
    first_free = second_free = 0
    for name in order:
        first_free += jobs[name][0]
        second_free = max(first_free, second_free) + jobs[name][1]
    return second_free


@relaxed
@given(jobs=job_sets())
def test_spt_minimises_average_flow_time(jobs):
    best = min(sum(completions(jobs, order).values()) for order in permutations(jobs)) / len(jobs)
    assert sequence_jobs(jobs, "spt").average_flow_time == pytest.approx(best)


@relaxed
@given(jobs=job_sets())
def test_edd_minimises_maximum_lateness(jobs):
    def max_lateness(finish):
        return max(finish[name] - jobs[name][1] for name in finish)

    best = min(max_lateness(completions(jobs, order)) for order in permutations(jobs))
    assert max_lateness(sequence_jobs(jobs, "edd").completion_times) == pytest.approx(best)


@relaxed
@given(jobs=two_center_jobs)
def test_johnsons_rule_gives_the_shortest_makespan(jobs):
    best = min(two_center_makespan(jobs, order) for order in permutations(jobs))
    result = johnsons_rule(jobs)
    assert result.makespan == best
    assert two_center_makespan(jobs, result.order) == best


@relaxed
@given(
    jobs=job_sets(st.floats(0.01, 50), st.floats(-50, 200)),
    rule=st.sampled_from(SEQUENCING_RULES),
    now=st.floats(-100, 100),
)
def test_measures_follow_from_the_completion_times(jobs, rule, now):
    result = sequence_jobs(jobs, rule, current_time=now)
    assert sorted(result.order) == sorted(jobs)
    assert list(result.completion_times) == result.order
    clock = now
    for name in result.order:
        assert result.start_times[name] == pytest.approx(clock)
        clock += jobs[name][0]
        assert result.completion_times[name] == pytest.approx(clock)
    flow = [result.completion_times[name] - now for name in jobs]
    lateness = [result.completion_times[name] - due for name, (_, due) in jobs.items()]
    work = sum(time for time, _ in jobs.values())
    assert result.average_flow_time == pytest.approx(sum(flow) / len(jobs))
    assert result.average_lateness == pytest.approx(sum(lateness) / len(jobs), abs=1e-9)
    assert result.average_tardiness == pytest.approx(
        sum(max(0, late) for late in lateness) / len(jobs), abs=1e-9
    )
    assert result.jobs_late == sum(1 for late in result.tardiness.values() if late > 0)
    assert result.utilization == pytest.approx(work / sum(flow))
    assert result.utilization * result.average_jobs_in_system == pytest.approx(1)
    assert 0 < result.utilization <= 1 + 1e-12


PRIORITY = {
    "fcfs": lambda time, due, now: 0,
    "spt": lambda time, due, now: time,
    "lpt": lambda time, due, now: -time,
    "edd": lambda time, due, now: due,
    "cr": lambda time, due, now: critical_ratio(due_date=due, work_remaining=time, today=now),
    "slack": lambda time, due, now: due - now - time,
}


@relaxed
@given(jobs=job_sets(), rule=st.sampled_from(SEQUENCING_RULES), now=st.integers(0, 30))
def test_each_rule_orders_by_its_priority_and_ties_by_arrival(jobs, rule, now):
    order = sequence_jobs(jobs, rule, current_time=now).order
    arrival = list(jobs)
    keys = [(PRIORITY[rule](*jobs[name], now), arrival.index(name)) for name in order]
    assert keys == sorted(keys)


@pytest.mark.parametrize("rule", SEQUENCING_RULES)
def test_identical_jobs_keep_their_arrival_order(rule):
    jobs = {"C": (4, 10), "A": (4, 10), "B": (4, 10)}
    assert sequence_jobs(jobs, rule).order == ["C", "A", "B"]


def test_rule_names_are_case_insensitive():
    jobs = {"A": (6, 8), "B": (2, 6)}
    assert sequence_jobs(jobs, "SPT").order == sequence_jobs(jobs, "spt").order == ["B", "A"]


def test_a_job_finishing_on_its_due_date_is_not_late_despite_float_noise():
    assert 0.1 + 0.2 > 0.3
    result = sequence_jobs({"A": (0.1, 0.1), "B": (0.2, 0.3)}, "fcfs")
    assert result.jobs_late == 0
    assert result.tardiness == {"A": 0.0, "B": 0.0}


def test_float_noise_does_not_break_a_slack_tie():
    # both slacks are 0.3 on paper; computed, B's (first to arrive) is 0.30000000000000004
    assert 0.4 - 0.1 > 0.5 - 0.2
    assert sequence_jobs({"B": (0.1, 0.4), "A": (0.2, 0.5)}, "slack").order == ["B", "A"]


@relaxed
@given(jobs=job_sets(), rule=st.sampled_from(SEQUENCING_RULES), shift=st.integers(-50, 50))
def test_moving_the_clock_and_the_due_dates_together_changes_nothing(jobs, rule, shift):
    moved = {name: (time, due + shift) for name, (time, due) in jobs.items()}
    before = sequence_jobs(jobs, rule)
    after = sequence_jobs(moved, rule, current_time=shift)
    assert after.order == before.order
    assert after.flow_times == before.flow_times
    assert after.tardiness == before.tardiness


@relaxed
@given(due=st.floats(-1e3, 1e3), remaining=st.floats(0.01, 1e3), today=st.floats(-1e3, 1e3))
def test_critical_ratio_is_time_left_over_work_left(due, remaining, today):
    ratio = critical_ratio(due_date=due, work_remaining=remaining, today=today)
    assert ratio * remaining == pytest.approx(due - today, abs=1e-9)
    assert (ratio < 0) == (due < today)


@relaxed
@given(jobs=two_center_jobs)
def test_johnson_gantt_chart_is_consistent(jobs):
    result = johnsons_rule(jobs)
    assert sorted(result.order) == sorted(jobs)
    first_free = second_free = 0
    for name in result.order:
        (start_1, finish_1), (start_2, finish_2) = (
            result.first_center[name],
            result.second_center[name],
        )
        assert start_1 == first_free and finish_1 - start_1 == jobs[name][0]
        assert start_2 == max(finish_1, second_free) and finish_2 - start_2 == jobs[name][1]
        first_free, second_free = finish_1, finish_2
    assert result.makespan == second_free
    assert result.idle_second_center == result.makespan - sum(b for _, b in jobs.values())


@relaxed
@given(elements=st.lists(st.floats(0, 1e4), min_size=5, max_size=5))
def test_lead_time_is_the_sum_of_its_elements_and_matches_backward_scheduling(elements):
    names = ["queue", "setup", "run", "wait", "move"]
    lead_time = manufacturing_lead_time(**dict(zip(names, elements, strict=True)))
    assert lead_time == pytest.approx(sum(elements))
    release = backward_schedule(due_date=lead_time, operations=[elements]).release_date
    assert release == pytest.approx(0, abs=1e-9 * max(1.0, lead_time))


def test_unknown_rule_lists_the_valid_ones():
    with pytest.raises(InputError, match="rule must be one of fcfs, spt, lpt, edd, cr, slack"):
        sequence_jobs({"A": (1, 2)}, "sptt")


@pytest.mark.parametrize(
    ("jobs", "message"),
    [
        ({}, "jobs must hold at least 1"),
        ([(1, 2)], "jobs must be a mapping"),
        ({"A": (0, 5)}, r"jobs\['A'\].processing_time must be > 0"),
        ({"A": (-1, 5)}, r"jobs\['A'\].processing_time must be > 0"),
        ({"A": ("3", 5)}, r"jobs\['A'\].processing_time must be a number"),
        ({"A": (3, math.nan)}, r"jobs\['A'\].due_date must be a finite number"),
        ({"A": (3,)}, r"jobs\['A'\] must be a tuple \(processing_time, due_date\)"),
        ({"A": 3}, r"jobs\['A'\] must be a tuple"),
    ],
)
def test_bad_jobs_are_refused_by_name(jobs, message):
    with pytest.raises(InputError, match=message):
        sequence_jobs(jobs, "fcfs")


@pytest.mark.parametrize("bad", [math.inf, "0", None, True])
def test_bad_current_time_is_refused(bad):
    with pytest.raises(InputError, match="current_time"):
        sequence_jobs({"A": (1, 2)}, "fcfs", current_time=bad)


@pytest.mark.parametrize(
    ("arguments", "name"),
    [
        ({"due_date": 30, "work_remaining": 0, "today": 25}, "work_remaining must be > 0"),
        ({"due_date": 30, "work_remaining": -4, "today": 25}, "work_remaining must be > 0"),
        ({"due_date": math.nan, "work_remaining": 4, "today": 25}, "due_date"),
        ({"due_date": 30, "work_remaining": 4, "today": "25"}, "today"),
    ],
)
def test_bad_critical_ratio_inputs_are_refused_by_name(arguments, name):
    with pytest.raises(InputError, match=name):
        critical_ratio(**arguments)


@pytest.mark.parametrize(
    ("jobs", "message"),
    [
        ({}, "jobs must hold at least 1"),
        ({"A": (-1, 2)}, r"jobs\['A'\].time_first_center must be >= 0"),
        ({"A": (1, math.inf)}, r"jobs\['A'\].time_second_center must be a finite number"),
        (
            {"A": (1, 2, 3)},
            r"jobs\['A'\] must be a tuple \(time_first_center, time_second_center\)",
        ),
    ],
)
def test_bad_two_center_jobs_are_refused_by_name(jobs, message):
    with pytest.raises(InputError, match=message):
        johnsons_rule(jobs)


@pytest.mark.parametrize("name", ["queue", "setup", "run", "wait", "move"])
@pytest.mark.parametrize("bad", [-1, math.nan, "2", None])
def test_bad_lead_time_elements_are_refused_by_name(name, bad):
    elements = {"queue": 16, "setup": 1, "run": 4, "wait": 2, "move": 1}
    with pytest.raises(InputError, match=name):
        manufacturing_lead_time(**{**elements, name: bad})
