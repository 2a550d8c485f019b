"""Shop-floor and project scheduling: Little's law, the critical path and PERT estimates,
manufacturing lead time, dispatching rules for one work centre and Johnson's rule for two."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from cpimkit.calc._result import Result
from cpimkit.calc._validate import (
    InputError,
    choice,
    label,
    mapping,
    non_negative,
    number,
    positive,
    record,
)

_TIME_TOLERANCE = 1e-12  # relative: slack this close to zero is rounding, not slack


def littles_law(
    wip: float | None = None, throughput: float | None = None, cycle_time: float | None = None
) -> float:
    """Little's law, WIP = throughput × cycle time, solved for the one figure left out.

    wip: L [units in the system]; throughput: λ [units per time unit]; cycle_time: W [time
    units, the same unit as throughput's]. Pass exactly two of the three; the missing one is
    returned. It holds for long-run averages of any stable system.

    Heizer & Render, *Operations Management*, Module D, Golden Muffler Shop: 2 cars arrive an
    hour and each spends 1 hour in the shop, so 2 cars are in the system on average:

    >>> littles_law(throughput=2, cycle_time=1)
    2.0
    """
    given = {"wip": wip, "throughput": throughput, "cycle_time": cycle_time}
    missing = [name for name, value in given.items() if value is None]
    if len(missing) != 1:
        raise InputError(
            "littles_law needs exactly one of wip, throughput, cycle_time left out (None), "
            f"got wip={wip!r}, throughput={throughput!r}, cycle_time={cycle_time!r}"
        )
    known = {name: positive(name, value) for name, value in given.items() if value is not None}
    if missing == ["wip"]:
        return known["throughput"] * known["cycle_time"]
    if missing == ["throughput"]:
        return known["wip"] / known["cycle_time"]
    return known["wip"] / known["throughput"]


@dataclass(frozen=True, repr=False)
class CriticalPath(Result):
    duration: float
    path: list
    slack: dict
    earliest_start: dict
    earliest_finish: dict
    latest_start: dict
    latest_finish: dict


@dataclass(frozen=True, repr=False)
class PertEstimate(Result):
    expected: float
    variance: float
    std: float


def critical_path(activities) -> CriticalPath:
    """Critical path method (CPM): project duration, the critical path and each slack.

    activities: mapping name → (duration, predecessors) [any one time unit; predecessors: a
    list of activity names, empty for none], activity-on-node.

    Forward pass: earliest start ES = the latest EF of the predecessors (0 without any),
    earliest finish EF = ES + duration; the project lasts the largest EF. Backward pass:
    latest finish LF = the earliest LS of the successors (the project duration without any),
    latest start LS = LF − duration. Slack = LS − ES; critical activities have none. `path`
    lists critical activities from a start to an end, each starting as the one before it
    finishes; when several paths are critical it is the first: at every step the first
    qualifying activity in the order of `activities`.

    Heizer & Render, *Operations Management*, project management chapter, Milwaukee Paper
    Manufacturing (air pollution control, 15 weeks):

    >>> activities = {"A": (2, []), "B": (3, []), "C": (2, ["A"]), "D": (4, ["A", "B"]),
    ...               "E": (4, ["C"]), "F": (3, ["C"]), "G": (5, ["D", "E"]),
    ...               "H": (2, ["F", "G"])}
    >>> result = critical_path(activities)
    >>> result.duration, result.path
    (15.0, ['A', 'C', 'E', 'G', 'H'])
    >>> result.slack
    {'A': 0.0, 'B': 1.0, 'C': 0.0, 'D': 1.0, 'E': 0.0, 'F': 6.0, 'G': 0.0, 'H': 0.0}
    """
    durations, predecessors = _network(activities)
    order = _topological_order(predecessors)
    successors = {name: [] for name in durations}
    for name in durations:  # input order, so successors are listed in input order too
        for before in predecessors[name]:
            successors[before].append(name)

    early_start, early_finish = {}, {}
    for name in order:
        early_start[name] = max((early_finish[p] for p in predecessors[name]), default=0.0)
        early_finish[name] = early_start[name] + durations[name]
    duration = max(early_finish.values())
    late_start, late_finish = {}, {}
    for name in reversed(order):
        late_finish[name] = min((late_start[s] for s in successors[name]), default=duration)
        late_start[name] = late_finish[name] - durations[name]

    tolerance = _TIME_TOLERANCE * max(1.0, duration)

    def zero_if_tiny(value: float) -> float:
        return 0.0 if abs(value) <= tolerance else value

    slack = {name: zero_if_tiny(late_start[name] - early_start[name]) for name in durations}

    def follows_at_once(name: str, before: str) -> bool:
        return slack[name] == 0 and zero_if_tiny(early_start[name] - early_finish[before]) == 0

    path = [next(name for name in durations if slack[name] == 0 and not predecessors[name])]
    while follower := next((s for s in successors[path[-1]] if follows_at_once(s, path[-1])), None):
        path.append(follower)
    return CriticalPath(
        duration=duration,
        path=path,
        slack=slack,
        earliest_start={name: early_start[name] for name in durations},
        earliest_finish={name: early_finish[name] for name in durations},
        latest_start={name: late_start[name] for name in durations},
        latest_finish={name: late_finish[name] for name in durations},
    )


def pert_estimate(optimistic: float, most_likely: float, pessimistic: float) -> PertEstimate:
    """PERT (beta) estimate of an activity time from three estimates.

    optimistic: a, most_likely: m, pessimistic: b [one time unit], a ≤ m ≤ b.
    expected t = (a + 4m + b) / 6, variance = ((b − a) / 6)², std = (b − a) / 6. Along a path,
    expected times and variances add up (the activities are taken as independent).

    Heizer & Render, *Operations Management*, project management chapter, Milwaukee Paper
    Manufacturing, activity G (3, 4 and 11 weeks):

    >>> pert_estimate(optimistic=3, most_likely=4, pessimistic=11)
    PertEstimate(expected=5, variance=1.7778, std=1.3333)
    """
    low = non_negative("optimistic", optimistic)
    likely = non_negative("most_likely", most_likely)
    high = non_negative("pessimistic", pessimistic)
    if likely < low:
        raise InputError(f"most_likely must be >= optimistic ({low}), got {likely}")
    if high < likely:
        raise InputError(f"pessimistic must be >= most_likely ({likely}), got {high}")
    spread = (high - low) / 6
    return PertEstimate(expected=(low + 4 * likely + high) / 6, variance=spread**2, std=spread)


SEQUENCING_RULES = ("fcfs", "spt", "lpt", "edd", "cr", "slack")
_PRIORITY_DIGITS = 9  # priorities are compared rounded, so float noise never breaks a tie


@dataclass(frozen=True, repr=False)
class JobSequence(Result):
    """Per-job mappings are in processing order."""

    order: list
    completion_times: dict
    average_flow_time: float
    average_tardiness: float
    average_lateness: float
    jobs_late: int
    average_jobs_in_system: float
    utilization: float
    start_times: dict
    flow_times: dict
    tardiness: dict


@dataclass(frozen=True, repr=False)
class JohnsonSchedule(Result):
    """first_center and second_center: job → (start, finish), in processing order."""

    order: list
    makespan: float
    idle_second_center: float
    first_center: dict
    second_center: dict


def manufacturing_lead_time(
    queue: float, setup: float, run: float, wait: float, move: float
) -> float:
    """Manufacturing lead time of an order = queue + setup + run + wait + move.

    queue: time waiting before the work starts; setup: time to prepare the work centre;
    run: time to process the whole order (quantity × run time per unit); wait: time waiting
    after the operation to be picked up; move: time in transit to the next step. One time unit
    for all five, each summed over the operations of the routing. Queue is usually the largest.

    Arnold, Chapman & Clive, *Introduction to Materials Management*, production activity
    control chapter: 100 pieces through operation A (setup 50 min, 9 min a piece) and B
    (setup 30 min, 6 min a piece), a 4-hour wait after each, moves of 10 and 15 min, no queue:

    >>> manufacturing_lead_time(queue=0, setup=50 + 30, run=100 * 9 + 100 * 6,
    ...                         wait=240 + 240, move=10 + 15)
    2085.0
    """
    elements = {"queue": queue, "setup": setup, "run": run, "wait": wait, "move": move}
    return math.fsum(non_negative(name, value) for name, value in elements.items())


def critical_ratio(due_date: float, work_remaining: float, today: float) -> float:
    """Critical ratio CR = time remaining ÷ work remaining = (due date − today) ÷ work remaining.

    due_date, today: days on the shop calendar; work_remaining: the lead time still needed to
    finish the job, > 0, in days too. CR < 1: behind schedule, = 1: on schedule, > 1: ahead;
    a job already past due has a negative CR. The lowest CR is dispatched first.

    Heizer & Render, *Operations Management*, short-term scheduling chapter, Zyco Medical
    Testing Laboratories on day 25: job B is due on day 28 with 5 days of work left:

    >>> critical_ratio(due_date=28, work_remaining=5, today=25)
    0.6
    """
    due = number("due_date", due_date)
    remaining = positive("work_remaining", work_remaining)
    return (due - number("today", today)) / remaining


def sequence_jobs(jobs, rule: str, current_time: float = 0) -> JobSequence:
    """Sequence the jobs waiting at one work centre by a priority rule and measure the result.

    jobs: mapping name → (processing_time, due_date) in order of arrival [one time unit; due
    dates on the clock of current_time]; rule: one of SEQUENCING_RULES: fcfs (first come,
    first served), spt (shortest processing time first), lpt (longest first), edd (earliest
    due date first), cr (lowest critical ratio (due − current_time) ÷ processing time first),
    slack (least slack, due − current_time − processing time, first). The rules are static:
    priorities are computed once, at current_time. Ties go to the job that arrived first.

    The jobs run back to back from current_time. Per job: flow time = completion −
    current_time; lateness = completion − due (negative when early); tardiness =
    max(0, lateness), and a job with tardiness is late. utilization = Σ processing ÷ Σ flow
    time; average jobs in system = Σ flow time ÷ Σ processing time.

    Heizer & Render, *Operations Management*, short-term scheduling chapter, Architecture
    Associates: five jobs [days], shortest processing time first:

    >>> jobs = {"A": (6, 8), "B": (2, 6), "C": (8, 18), "D": (3, 15), "E": (9, 23)}
    >>> result = sequence_jobs(jobs, rule="spt")
    >>> result.order, result.average_flow_time, result.average_tardiness, result.jobs_late
    (['B', 'D', 'A', 'C', 'E'], 13.0, 1.8, 3)
    >>> round(result.utilization, 3), round(result.average_jobs_in_system, 2)
    (0.431, 2.32)
    """
    rule = choice("rule", rule, SEQUENCING_RULES)
    now = number("current_time", current_time)
    job = record(("processing_time", positive), ("due_date", number))
    checked = {name: job(f"jobs[{name!r}]", entry) for name, entry in mapping("jobs", jobs).items()}
    priority = {
        "fcfs": lambda time, due: 0.0,
        "spt": lambda time, due: time,
        "lpt": lambda time, due: -time,
        "edd": lambda time, due: due,
        "cr": lambda time, due: (due - now) / time,
        "slack": lambda time, due: due - now - time,
    }[rule]
    order = sorted(checked, key=lambda name: round(priority(*checked[name]), _PRIORITY_DIGITS))

    start, finish, clock = {}, {}, now
    for name in order:
        start[name] = clock
        clock += checked[name][0]
        finish[name] = clock
    scale = max(1.0, abs(now), abs(clock), *(abs(due) for _, due in checked.values()))

    def zero_if_tiny(value: float) -> float:
        return 0.0 if abs(value) <= _TIME_TOLERANCE * scale else value

    lateness = {name: zero_if_tiny(finish[name] - checked[name][1]) for name in order}
    tardiness = {name: max(0.0, late) for name, late in lateness.items()}
    flow = {name: finish[name] - now for name in order}
    total_flow = math.fsum(flow.values())
    total_work = math.fsum(time for time, _ in checked.values())
    return JobSequence(
        order=order,
        completion_times=finish,
        average_flow_time=total_flow / len(order),
        average_tardiness=math.fsum(tardiness.values()) / len(order),
        average_lateness=math.fsum(lateness.values()) / len(order),
        jobs_late=sum(1 for late in tardiness.values() if late > 0),
        average_jobs_in_system=total_flow / total_work,
        utilization=total_work / total_flow,
        start_times=start,
        flow_times=flow,
        tardiness=tardiness,
    )


def johnsons_rule(jobs) -> JohnsonSchedule:
    """Johnson's rule: the order of jobs through two work centres that finishes soonest.

    jobs: mapping name → (time_first_center, time_second_center) [one time unit]; every job
    visits the first centre, then the second, and both centres take the jobs in one order.

    By hand: find the smallest time left in the table; if it is on the first centre, its job
    takes the earliest free place in the order, if on the second, the latest; strike the job
    out and repeat. Ties go to the first centre, then to the job listed first. The order
    minimises the makespan (until the second centre finishes the last job).
    idle_second_center = makespan − total second-centre time, the wait before its first job
    included; first_center and second_center give each job's (start, finish) for a Gantt chart.

    Heizer & Render, *Operations Management*, short-term scheduling chapter: five jobs at a
    tool and die shop in La Crosse, Wisconsin, on a drill press and then a lathe [hours]:

    >>> jobs = {"A": (5, 2), "B": (3, 6), "C": (8, 4), "D": (10, 7), "E": (7, 12)}
    >>> result = johnsons_rule(jobs)
    >>> result.order, result.makespan, result.idle_second_center
    (['B', 'E', 'D', 'C', 'A'], 35.0, 4.0)
    """
    job = record(("time_first_center", non_negative), ("time_second_center", non_negative))
    times = {name: job(f"jobs[{name!r}]", entry) for name, entry in mapping("jobs", jobs).items()}
    front = sorted((name for name, (a, b) in times.items() if a <= b), key=lambda n: times[n][0])
    back = sorted((name for name, (a, b) in times.items() if a > b), key=lambda n: times[n][1])
    order = front + back[::-1]

    first_center, second_center, waits = {}, {}, []
    first_free = second_free = 0.0
    for name in order:
        first, second = times[name]
        first_center[name] = (first_free, first_free + first)
        first_free += first
        start = max(first_free, second_free)
        waits.append(start - second_free)
        second_center[name] = (start, start + second)
        second_free = start + second
    return JohnsonSchedule(
        order=order,
        makespan=second_free,
        idle_second_center=math.fsum(waits),
        first_center=first_center,
        second_center=second_center,
    )


def _network(activities) -> tuple[dict, dict]:
    """Durations and predecessor lists of `activities`, checked (names must be known)."""
    durations, predecessors = {}, {}
    for name, entry in mapping("activities", activities).items():
        where = f"activities[{name!r}]"
        if isinstance(entry, (str, bytes, Mapping)) or not isinstance(entry, Iterable):
            raise InputError(f"{where} must be a tuple (duration, predecessors), got {entry!r}")
        entry = tuple(entry)
        if len(entry) != 2:
            raise InputError(f"{where} must be a tuple (duration, predecessors), got {entry!r}")
        duration, before = entry
        durations[name] = non_negative(f"{where} duration", duration)
        if isinstance(before, (str, bytes, Mapping)) or not isinstance(before, Iterable):
            raise InputError(
                f"{where} predecessors must be a list of activity names ([] for none),"
                f" got {before!r}"
            )
        names = (label(f"{where} predecessors[{i}]", p) for i, p in enumerate(before))
        predecessors[name] = list(dict.fromkeys(names))
    unknown = {
        name: [p for p in before if p not in durations]
        for name, before in predecessors.items()
        if any(p not in durations for p in before)
    }
    if unknown:
        raise InputError(f"activities has predecessors that are not activities: {unknown!r}")
    return durations, predecessors


def _topological_order(predecessors: dict) -> list:
    """The activities, each after all its predecessors; `InputError` naming a cycle if any."""
    order, placed = [], set()
    waiting = list(predecessors)
    while waiting:
        ready = [name for name in waiting if all(p in placed for p in predecessors[name])]
        if not ready:
            raise InputError(f"activities contain a cycle: {_cycle(predecessors, waiting)}")
        order.extend(ready)
        placed.update(ready)
        waiting = [name for name in waiting if name not in placed]
    return order


def _cycle(predecessors: dict, waiting: list) -> str:
    """One cycle among the `waiting` activities (each has a waiting predecessor), as A -> B -> A."""
    trail, name = [], waiting[0]
    while name not in trail:
        trail.append(name)
        name = next(p for p in predecessors[name] if p in waiting)
    loop = trail[trail.index(name) :][::-1]
    return " -> ".join(str(step) for step in [*loop, loop[0]])
