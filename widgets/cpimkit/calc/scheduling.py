"""Shop-floor scheduling: Little's law."""

from __future__ import annotations

from cpimkit.calc._validate import InputError, positive


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
