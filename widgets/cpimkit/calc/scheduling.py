"""Shop-floor and project scheduling: Little's law, the critical path and PERT estimates."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from cpimkit.calc._result import Result
from cpimkit.calc._validate import InputError, label, mapping, non_negative, positive

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
