"""Lean flow: takt time, the fewest stations a line can be balanced into and a balance that
respects precedence, kanban sizing and overall equipment effectiveness (OEE)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from cpimkit.calc._result import Result
from cpimkit.calc._validate import (
    InputError,
    choice,
    label,
    mapping,
    non_negative,
    positive,
    record,
    sequence,
    whole,
)
from cpimkit.calc.scheduling import _cycle

_DIGITS = 9  # ratios are rounded here before rounding up, so 2.1 / 0.3 gives 7 stations, not 8


def takt_time(available_time: float, demand: float) -> float:
    """Takt time = available production time ÷ customer demand, in time per unit.

    available_time: T [time units, e.g. seconds per shift, planned breaks excluded];
    demand: D [units in the same span]. The result is in the unit of `available_time` per unit.

    Heizer & Render, *Operations Management*, Boeing wing component line: 480 minutes a day,
    40 units a day:

    >>> takt_time(available_time=480, demand=40)
    12.0
    """
    return positive("available_time", available_time) / positive("demand", demand)


def minimum_stations(total_task_time: float, cycle_time: float) -> int:
    """Theoretical minimum number of workstations, N = ⌈Σt / C⌉.

    total_task_time: Σt, the sum of all task times; cycle_time: C, in the same time unit.

    Heizer & Render, *Operations Management*, Boeing wing component: tasks totalling 66 minutes
    at a 12-minute cycle give 5.5, so 6 stations:

    >>> minimum_stations(total_task_time=66, cycle_time=12)
    6
    """
    ratio = positive("total_task_time", total_task_time) / positive("cycle_time", cycle_time)
    return math.ceil(round(ratio, _DIGITS))


BALANCING_RULES = ("longest_task", "most_followers")


@dataclass(frozen=True, repr=False)
class LineBalance(Result):
    """stations: the task names of each station in the order assigned; station_times: their
    total time; minimum_stations: the theoretical minimum ⌈Σt / C⌉."""

    stations: list
    efficiency: float
    idle_time: float
    balance_delay: float
    station_times: list
    minimum_stations: int


@dataclass(frozen=True, repr=False)
class EquipmentEffectiveness(Result):
    """The three losses and the fully productive time add up to the planned time."""

    availability: float
    performance: float
    quality: float
    oee: float
    availability_loss: float
    performance_loss: float
    quality_loss: float
    fully_productive_time: float


def line_balance(tasks, cycle_time: float, rule: str = "longest_task") -> LineBalance:
    """Assign the tasks of an assembly line to stations in precedence order, by a rule.

    tasks: mapping name → (time, predecessors) [time > 0 in one unit; predecessors: the names
    of the tasks that must be done before, [] for none]; cycle_time: C, the time each station
    has per unit (often the takt time), in the same unit; rule: one of BALANCING_RULES.

    Fill one station at a time: of the tasks whose predecessors are all assigned and whose
    time fits the time left in the station, assign the one the rule ranks first; when none
    fits, open the next station. longest_task ranks by task time; most_followers by the
    number of tasks that follow, directly or indirectly, then by task time. Remaining ties go
    to the task listed first in `tasks`. efficiency = Σt ÷ (stations × C), idle_time =
    stations × C − Σt (per unit), balance_delay = 1 − efficiency. Being a heuristic, it may
    need more stations than the theoretical minimum ⌈Σt / C⌉.

    Heizer & Render, *Operations Management*, layout chapter, Boeing wing component: nine
    tasks of 66 minutes in all at a 12-minute cycle take 6 stations, efficiency 91.7 % (the
    grouping below is this rule's; the book may group the tasks differently):

    >>> tasks = {"A": (10, []), "B": (11, ["A"]), "C": (5, ["B"]), "D": (4, ["B"]),
    ...          "E": (12, ["A"]), "F": (3, ["C", "D"]), "G": (7, ["F"]), "H": (11, ["E"]),
    ...          "I": (3, ["G", "H"])}
    >>> line_balance(tasks, cycle_time=12, rule="most_followers")
    LineBalance(stations=[['A'], ['B'], ['C', 'D', 'F'], ['E'], ['H'], ['G', 'I']],
                efficiency=0.9167, idle_time=6, balance_delay=0.0833,
                station_times=[10, 11, 12, 12, 11, 10], minimum_stations=6)
    """
    cycle = positive("cycle_time", cycle_time)
    rule = choice("rule", rule, BALANCING_RULES)
    times, predecessors = _precedence(tasks)
    too_long = {name: time for name, time in times.items() if round(time - cycle, _DIGITS) > 0}
    if too_long:
        raise InputError(
            f"cycle_time must be at least the longest task time, got {cycle}"
            f" with tasks longer than that: {too_long!r}"
        )
    followers = _followers(predecessors)
    if looped := [name for name in times if name in followers[name]]:
        raise InputError(f"tasks contain a cycle: {_cycle(predecessors, looped)}")
    if rule == "longest_task":
        ranked = sorted(times, key=lambda name: -times[name])
    else:
        ranked = sorted(times, key=lambda name: (-len(followers[name]), -times[name]))

    stations, assigned = [], set()
    while len(assigned) < len(times):
        station, load = [], 0.0
        while candidates := [
            name
            for name in ranked
            if name not in assigned
            and all(before in assigned for before in predecessors[name])
            and round(load + times[name] - cycle, _DIGITS) <= 0
        ]:
            station.append(candidates[0])
            assigned.add(candidates[0])
            load += times[candidates[0]]
        stations.append(station)
    total = math.fsum(times.values())
    capacity = len(stations) * cycle
    return LineBalance(
        stations=stations,
        efficiency=total / capacity,
        idle_time=capacity - total,
        balance_delay=1 - total / capacity,
        station_times=[math.fsum(times[name] for name in station) for station in stations],
        minimum_stations=minimum_stations(total, cycle),
    )


def kanban_count(
    demand_rate: float, lead_time: float, container_size: float, safety_factor: float = 0
) -> int:
    """Number of kanbans (containers) in a loop, N = ⌈D × L × (1 + α) ÷ C⌉.

    demand_rate: D [units per time unit]; lead_time: L, the time a container takes to go
    round the loop (waiting, making or fetching, moving) [same time unit]; container_size: C
    [units per container]; safety_factor: α, the share of lead-time demand held as safety
    stock (0.1 for 10 %), ≥ 0. A safety stock given in units is α = stock ÷ (D × L).
    Rounded up: a part-filled container still needs its card.

    Heizer & Render, *Operations Management*, JIT and lean chapter, Hobbs Bakery: 500 cakes a
    day, lead time 2 days, half a day of safety stock (250 cakes, α = 0.25), containers of 250:

    >>> kanban_count(demand_rate=500, lead_time=2, container_size=250, safety_factor=0.25)
    5
    """
    demand = positive("demand_rate", demand_rate) * positive("lead_time", lead_time)
    size = positive("container_size", container_size)
    cover = 1 + non_negative("safety_factor", safety_factor)
    return math.ceil(round(demand * cover / size, _DIGITS))


def oee(
    planned_time: float,
    downtime: float,
    ideal_cycle_time: float,
    total_count: int,
    good_count: int,
) -> EquipmentEffectiveness:
    """Overall equipment effectiveness, OEE = availability × performance × quality.

    planned_time: the time the equipment is scheduled to run, planned breaks excluded;
    downtime: unplanned stops and changeovers within it; ideal_cycle_time: the fastest
    possible time per unit [all three in one time unit]; total_count: units made, good or
    not; good_count: units right the first time.

    availability = run time ÷ planned_time, run time = planned_time − downtime;
    performance = ideal_cycle_time × total_count ÷ run time; quality = good_count ÷
    total_count. As time: availability_loss = downtime, performance_loss = run time −
    ideal_cycle_time × total_count (slow cycles, small stops), quality_loss =
    ideal_cycle_time × (total_count − good_count) and fully_productive_time =
    ideal_cycle_time × good_count add up to planned_time; OEE = fully productive ÷ planned.

    Vorne Industries, oee.com, OEE calculation example: a 480-minute shift less 60 minutes of
    breaks, 47 minutes down, ideal rate 60 pieces a minute, 19,271 pieces made and 423
    rejected (OEE 74.79 %); here in seconds:

    >>> oee(planned_time=420 * 60, downtime=47 * 60, ideal_cycle_time=1,
    ...     total_count=19_271, good_count=19_271 - 423)
    EquipmentEffectiveness(availability=0.8881, performance=0.8611, quality=0.978,
                           oee=0.7479, availability_loss=2820, performance_loss=3109,
                           quality_loss=423, fully_productive_time=18848)
    """
    planned = positive("planned_time", planned_time)
    down = non_negative("downtime", downtime)
    if down >= planned:
        raise InputError(f"downtime must be < planned_time ({planned}), got {down}")
    ideal = positive("ideal_cycle_time", ideal_cycle_time)
    total = whole("total_count", total_count, minimum=1)
    good = whole("good_count", good_count)
    if good > total:
        raise InputError(f"good_count must be <= total_count ({total}), got {good}")
    run = planned - down
    if round(ideal * total - run, _DIGITS) > 0:
        raise InputError(
            f"total_count × ideal_cycle_time must be <= the run time, planned_time − downtime"
            f" ({run}), got {total} × {ideal} = {total * ideal}"
        )
    availability, performance, quality = run / planned, ideal * total / run, good / total
    return EquipmentEffectiveness(
        availability=availability,
        performance=performance,
        quality=quality,
        oee=availability * performance * quality,
        availability_loss=down,
        performance_loss=run - ideal * total,
        quality_loss=ideal * (total - good),
        fully_productive_time=ideal * good,
    )


def _precedence(tasks) -> tuple[dict, dict]:
    """Task times and predecessor lists of `tasks`, checked (predecessors must be tasks)."""

    def names(name: str, value: object) -> list:
        return list(dict.fromkeys(sequence(name, value, check=label, min_length=0)))

    task = record(("time", positive), ("predecessors", names))
    checked = {
        name: task(f"tasks[{name!r}]", entry) for name, entry in mapping("tasks", tasks).items()
    }
    unknown = {
        name: [p for p in before if p not in checked]
        for name, (_, before) in checked.items()
        if any(p not in checked for p in before)
    }
    if unknown:
        raise InputError(f"tasks has predecessors that are not tasks: {unknown!r}")
    times = {name: time for name, (time, _) in checked.items()}
    return times, {name: before for name, (_, before) in checked.items()}


def _followers(predecessors: dict) -> dict:
    """Each task → the set of tasks that follow it, directly or through others."""
    successors = {name: [] for name in predecessors}
    for name, before in predecessors.items():
        for earlier in before:
            successors[earlier].append(name)
    followers = {}
    for name in predecessors:
        found, waiting = set(), list(successors[name])
        while waiting:
            follower = waiting.pop()
            if follower not in found:
                found.add(follower)
                waiting.extend(successors[follower])
        followers[name] = found
    return followers
