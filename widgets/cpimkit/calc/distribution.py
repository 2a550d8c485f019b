"""Distribution planning: a distribution center's DRP record, the roll-up of several centers'
shipments to their central warehouse, fair-share allocation of scarce stock and the square-root
law of inventory centralisation.

Quantities are in the item's unit, lead times in planning periods. Period-indexed inputs and
outputs are lists: index 0 is period 1.
"""

from __future__ import annotations

import math
from fractions import Fraction

from cpimkit.calc._validate import (
    InputError,
    mapping,
    non_negative,
    same_keys,
    same_length,
    sequence,
    whole,
)
from cpimkit.calc.mrp import MRPRecord, mrp_record


def drp_record(
    gross_requirements,
    on_hand: float,
    lead_time: int,
    scheduled_receipts=None,
    safety_stock: float = 0,
    lot_size: str = "lfl",
    order_quantity: float | None = None,
    periods_of_supply: int | None = None,
    firm_planned_orders=None,
) -> MRPRecord:
    """A distribution center's time-phased record: MRP netting applied to a stocking location.

    The parameters, the rules and the result are those of `cpimkit.calc.mrp.mrp_record`; only the
    reading of each line changes:

    gross_requirements: the forecast demand the center must ship per period [units] (plus the
      planned shipments of any center it supplies in turn);
    on_hand: stock in the center at the start of period 1 [units];
    lead_time: periods from the supplier shipping to the center receiving (transit and handling);
    scheduled_receipts: shipments already on their way, by the period they arrive [units];
    safety_stock: the buffer the center keeps against forecast error [units];
    lot_size, order_quantity, periods_of_supply: the shipment-sizing rule, e.g. "foq" for a full
      truck or pallet quantity;
    firm_planned_orders: shipments the planner has frozen, by the period they arrive [units].

    In the result, projected_available is the center's stock at the end of each period,
    net_requirements what it would lack after stock and shipments in transit, planned_order_receipts
    the planned shipments arriving, and planned_order_releases the shipments the center needs its
    supplier (central warehouse or plant) to send in each period: they are the supplier's gross
    requirements (see `central_requirements`). past_due counts shipments that should already have
    left.

    Our own numbers: a center expects to ship 40, 40, 50, 50, 60, 60, 50, 50 over eight weeks,
    holds 120 with 100 in transit for week 2, keeps 30 in safety stock, is two weeks from its
    supplier and receives full loads of 100.

    >>> record = drp_record(gross_requirements=[40, 40, 50, 50, 60, 60, 50, 50], on_hand=120,
    ...                     lead_time=2, scheduled_receipts=[0, 100, 0, 0, 0, 0, 0, 0],
    ...                     safety_stock=30, lot_size="foq", order_quantity=100)
    >>> record.projected_available
    [80.0, 140.0, 90.0, 40.0, 80.0, 120.0, 70.0, 120.0]
    >>> record.planned_order_releases
    [0.0, 0.0, 100.0, 100.0, 0.0, 100.0, 0.0, 0.0]
    """
    return mrp_record(
        gross_requirements=gross_requirements,
        on_hand=on_hand,
        lead_time=lead_time,
        scheduled_receipts=scheduled_receipts,
        safety_stock=safety_stock,
        lot_size=lot_size,
        order_quantity=order_quantity,
        periods_of_supply=periods_of_supply,
        firm_planned_orders=firm_planned_orders,
    )


def central_requirements(planned_order_releases) -> list[float]:
    """The central warehouse's gross requirements: the centers' planned shipments added up,
    GR(t) = Σ over centers of POR(center, t).

    planned_order_releases: mapping center → its planned order releases per period [units], e.g.
    ``{name: drp_record(...).planned_order_releases}``; every list covers the same periods.

    The roll-up is what makes distribution demand dependent: the warehouse plans from the
    centers' shipment schedules, not from a forecast of its own. Feed the result to
    `drp_record` (or `mrp_record`) for the warehouse, and its releases to the plant's MPS.

    Our own numbers: two centers that need 100, 0, 100, 0 and 60, 60, 0, 60 shipped.

    >>> central_requirements({"East": [100, 0, 100, 0], "West": [60, 60, 0, 60]})
    [160.0, 60.0, 100.0, 60.0]
    """
    centers = mapping("planned_order_releases", planned_order_releases)
    releases = {}
    for center, values in centers.items():
        name = f"planned_order_releases[{center!r}]"
        releases[name] = sequence(name, values, check=non_negative)
    same_length(**releases)
    return [math.fsum(period) for period in zip(*releases.values(), strict=True)]


def fair_share(available: int, demands, on_hand=None) -> dict:
    """Share scarce stock among locations so that each ends with the same days of supply, in
    whole units.

    available: A, whole units to share out (≥ 0);
    demands: mapping location → demand per day (or per period) d [units], each ≥ 0, with a
      positive total;
    on_hand: mapping location → stock s the location already holds [units], each ≥ 0, for the
      same locations as `demands`; None (the default) when no location holds any.

    The common days of supply is D = (A + Σs) / Σd and each location's exact share is
    D·d − s, bringing it up to D days. A location that already holds more than D days gets
    nothing and D is worked out again over the others, until no share is negative. Without
    stock on hand the rule shares in proportion to demand, A·d / Σd. Each location first
    receives the whole part of its exact share; the units still unshared (fewer than the number
    of locations) go one each to the locations with the largest fractional parts, equal
    fractions in the order the locations are listed (largest remainder). The allocations
    therefore sum to A and each lies within one unit of its exact share. All of A is always
    shared out, even when it exceeds the total demand; to hold stock back at the center, pass
    only the quantity to ship.

    Our own numbers: 500 units for three centers needing 300, 200 and 100 (exact shares 250,
    166 2/3 and 83 1/3; the spare unit goes to the largest remainder, 2/3).

    >>> fair_share(available=500, demands={"North": 300, "South": 200, "West": 100})
    {'North': 250, 'South': 167, 'West': 83}

    BMS.co.in, "Fair share Allocation" (https://www.bms.co.in/fair-share-allocation/): 500
    units for three centers holding 50, 100 and 75 with daily demand 10, 50 and 15. D =
    (500 + 225) / 75 = 9.67 days, so center 1 gets (9.67 − 50/10)·10 = 46.7 ≈ 47 units (the
    page's figure); centers 2 and 3 get 383 1/3 and 70 exactly.

    >>> fair_share(available=500, demands={"DC1": 10, "DC2": 50, "DC3": 15},
    ...            on_hand={"DC1": 50, "DC2": 100, "DC3": 75})
    {'DC1': 47, 'DC2': 383, 'DC3': 70}
    """
    units = whole("available", available)
    requested = mapping("demands", demands)
    needs = {
        location: Fraction(non_negative(f"demands[{location!r}]", demand))
        for location, demand in requested.items()
    }
    if sum(needs.values()) == 0:
        raise InputError(f"demands must have a positive total, got {requested!r}")
    stock = dict.fromkeys(needs, Fraction(0)) if on_hand is None else _stock(on_hand, needs)
    receiving = set(needs)
    while True:
        held = sum(stock[location] for location in receiving)
        days = (units + held) / sum(needs[location] for location in receiving)
        above = {location for location in receiving if stock[location] > days * needs[location]}
        if not above:
            break
        receiving -= above
    shares = {
        location: days * needs[location] - stock[location] if location in receiving else 0
        for location in needs
    }
    return _largest_remainder(units, shares)


def _stock(on_hand, needs) -> dict:
    """`on_hand` checked against the locations of `needs`, as exact fractions."""
    held = mapping("on_hand", on_hand)
    same_keys("on_hand", held, "demands", needs, what="locations")
    return {
        location: Fraction(non_negative(f"on_hand[{location!r}]", held[location]))
        for location in needs
    }


def _largest_remainder(units: int, shares: dict) -> dict:
    """Exact shares that sum to `units`, rounded to whole units that still do: whole parts
    first, then one unit each to the largest fractional parts, ties in the order listed."""
    allocation = {location: math.floor(share) for location, share in shares.items()}
    unshared = units - sum(allocation.values())
    by_remainder = sorted(shares, key=lambda location: allocation[location] - shares[location])
    for location in by_remainder[:unshared]:  # stable sort: equal remainders keep input order
        allocation[location] += 1
    return allocation


def square_root_law(total_inventory: float, current_locations: int, future_locations: int) -> float:
    """Total inventory after changing the number of stocking locations, X2 = X1·sqrt(n2 / n1).

    total_inventory: X1, inventory held across all current locations [units or $];
    current_locations: n1 and future_locations: n2, numbers of locations (whole, ≥ 1).

    The law (Maister, 1976) assumes total demand stays the same, is split evenly among the
    locations and is independent from one location to the next, with the same service level
    everywhere. It fits safety stock best: pooling k such demands divides the safety stock
    needed by sqrt(k) (Chopra & Meindl, *Supply Chain Management*, impact of aggregation on
    safety inventory). Correlated demand shrinks the saving.

    cpimkit course map, MPR notebook 6: four centers holding 200 units of safety stock each
    (800 in all) consolidated into one need 800·sqrt(1/4) = 400.

    >>> square_root_law(total_inventory=4 * 200, current_locations=4, future_locations=1)
    400.0
    """
    stock = non_negative("total_inventory", total_inventory)
    before = whole("current_locations", current_locations, minimum=1)
    after = whole("future_locations", future_locations, minimum=1)
    return stock * math.sqrt(after / before)
