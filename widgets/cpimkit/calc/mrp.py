"""Material requirements planning: the time-phased record of one item, the explosion of a bill
of material level by level, lot-sizing rules compared on cost, and keeping the plan valid: firm
planned orders, action messages, pegging and the changes between two plans (nervousness).

Quantities are in the item's unit, lead times in planning periods, costs in money. Period-indexed
inputs and outputs are lists: index 0 is period 1.
"""

from __future__ import annotations

import html
import math
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import accumulate
from operator import attrgetter

import pandas as pd

from cpimkit.calc import _lot_sizing
from cpimkit.calc._result import Result, _format
from cpimkit.calc._validate import (
    InputError,
    choice,
    label,
    mapping,
    non_negative,
    positive,
    record,
    same_length,
    sequence,
    whole,
)
from cpimkit.calc.inventory import eoq

LOT_SIZES = ("lfl", "foq", "poq", "eoq")
LOT_SIZING_METHODS = (*LOT_SIZES, "ppb", "luc", "ltc", "silver_meal", "wagner_whitin")
_GROUPING_CRITERIA = {
    "ppb": _lot_sizing.part_period_gap,
    "ltc": _lot_sizing.part_period_gap,
    "luc": _lot_sizing.unit_cost,
    "silver_meal": _lot_sizing.period_cost,
}
_GRID_ROWS = (
    "gross_requirements",
    "scheduled_receipts",
    "projected_available",
    "net_requirements",
    "planned_order_receipts",
    "planned_order_releases",
)


@dataclass(frozen=True, repr=False)
class MRPRecord(Result):
    """One item's MRP record; every list holds one figure per period (index 0 = period 1).

    projected_available is the balance at the end of each period; planned_order_receipts and
    planned_order_releases hold every planned order, the firm ones included; firm_planned_receipts
    is the firm part of planned_order_receipts (zeros without firm planned orders); past_due is
    the quantity of planned releases that would have had to start before period 1.
    """

    gross_requirements: list
    scheduled_receipts: list
    projected_available: list
    net_requirements: list
    planned_order_receipts: list
    planned_order_releases: list
    firm_planned_receipts: list
    past_due: float
    on_hand: float
    lead_time: int
    safety_stock: float
    lot_size: str

    def to_frame(self) -> pd.DataFrame:
        """The classic MRP grid: one row per line of the record, one column per period 1 … n.
        A row of firm planned receipts (part of the planned order receipts) is shown above the
        planned order receipts when the record has any."""
        periods = pd.RangeIndex(1, len(self.gross_requirements) + 1, name="period")
        names = _GRID_ROWS
        if any(self.firm_planned_receipts):
            names = (*_GRID_ROWS[:4], "firm_planned_receipts", *_GRID_ROWS[4:])
        rows = {name.replace("_", " ").capitalize(): getattr(self, name) for name in names}
        return pd.DataFrame.from_dict(rows, orient="index", columns=periods)

    def _repr_html_(self) -> str:
        settings = (
            f"on hand {_format(self.on_hand)}, lead time {self.lead_time},"
            f" safety stock {_format(self.safety_stock)}, lot size {self.lot_size},"
            f" past-due releases {_format(self.past_due)}"
        )
        grid = self.to_frame().to_html(float_format=_format)
        return f"<div><p>MRP record: {html.escape(settings)}</p>{grid}</div>"


@dataclass(frozen=True)
class Item:
    """One item's planning data for `explode`, checked when the item is planned.

    The fields are the arguments of `mrp_record` other than the gross requirements, which
    `explode` works out: lead_time LT [periods], on_hand OH [units], safety_stock SS [units],
    scheduled_receipts SR per period [units] (None = no open orders), the lot-sizing rule
    (lot_size, with order_quantity or periods_of_supply where the rule needs one) and
    firm_planned_orders FPO [units] (None = none).
    """

    lead_time: int
    on_hand: float = 0
    safety_stock: float = 0
    scheduled_receipts: object = None
    lot_size: str = "lfl"
    order_quantity: float | None = None
    periods_of_supply: int | None = None
    firm_planned_orders: object = None


@dataclass(frozen=True, repr=False)
class LotSizingResult(Result):
    """A lot-sizing plan and its cost.

    orders is the quantity received in each period; ordering_cost = S × number of orders;
    holding_cost = h × Σ ending_inventory (the stock at the end of each period); total_cost is
    their sum.
    """

    orders: list
    ordering_cost: float
    holding_cost: float
    total_cost: float
    method: str
    ending_inventory: list


@dataclass(frozen=True, repr=False)
class ActionMessage(Result):
    """One thing MRP asks the planner to do (see `action_messages`); periods are indexes,
    0 = period 1.

    kind: "release", "expedite", "de-expedite" or "cancel";
    period: for a release, the period to release the order in (0: now); otherwise the period the
      open order is due in;
    quantity: the order's quantity [units];
    to_period: the period the order should be received in (for a release, its due period); None
      for a cancel.
    """

    kind: str
    period: int
    quantity: float
    to_period: int | None

    def __str__(self) -> str:
        """The message in words, periods counted from 1."""
        quantity = _format(self.quantity)
        if self.kind == "release":
            return f"release {quantity} in period 1, due in period {self.to_period + 1}"
        order = f"the {quantity} due in period {self.period + 1}"
        if self.kind == "cancel":
            return f"cancel {order}"
        return f"{self.kind} {order} to period {self.to_period + 1}"


@dataclass(frozen=True, repr=False)
class Peg(Result):
    """One source of an item's gross requirement in one period (see `pegging`); periods are
    indexes, 0 = period 1.

    period: the period of the gross requirement;
    quantity: the part of it this source causes [units];
    parent: the parent item whose planned order needs it; None for independent demand (the
      master schedule, or service parts of a component);
    parent_period: the period that parent order is due in (its planned receipt); None for
      independent demand.
    """

    period: int
    quantity: float
    parent: object
    parent_period: int | None


def mrp_record(
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
    """Net, lot-size and offset one item's requirements period by period.

    gross_requirements: GR, demand on the item per period [units];
    on_hand: OH, stock at the start of period 1 [units];
    lead_time: LT, periods from releasing an order to receiving it (whole, ≥ 0);
    scheduled_receipts: SR, open orders due per period [units], zeros by default, same length as GR;
    safety_stock: SS, the floor the projected available is kept at [units];
    lot_size: the lot-sizing rule, one of
      "lfl" lot for lot, order exactly the net requirement;
      "foq" fixed order quantity, the smallest multiple of Q = `order_quantity` covering it;
      "poq" periodic order quantity, enough for `periods_of_supply` periods (P) counted from the
      period that needs the order (periods with no requirement count too);
      "eoq" economic order quantity, order Q = `order_quantity` (the EOQ computed beforehand, e.g.
      with `cpimkit.calc.inventory.eoq`) or the net requirement if that is larger;
    order_quantity: Q [units], for "foq" and "eoq" only;
    periods_of_supply: P [periods], for "poq" only;
    firm_planned_orders: FPO, planned orders the planner has frozen, as the quantity received
      per period [units]: a list like SR, or a mapping period index (0 = period 1) → quantity.
      None (the default) = none, and the record is exactly as without this parameter.

    Period by period, with projected available PA(0) = OH: the net requirement
    NR(t) = max(0, GR(t) + SS − PA(t−1) − SR(t) − FPO(t)); when NR(t) > 0 a planned receipt PR(t)
    of the rule's lot arrives in t; PA(t) = PA(t−1) + SR(t) + FPO(t) + PR(t) − GR(t), which stays
    ≥ SS. Each planned receipt is released LT periods earlier; releases that would fall before
    period 1 are added to `past_due` (an order that is already late) and left out of
    `planned_order_releases`.

    Firm planned orders: MRP nets against them like scheduled receipts (POQ lots count them too)
    but never moves, resizes or deletes them; unlike a scheduled receipt a firm planned order is
    not released yet, so it is a planned order: planned_order_receipts(t) = FPO(t) + PR(t), it is
    released LT periods earlier like the others (and exploded to the components by `explode`),
    and firm_planned_receipts(t) = FPO(t) shows which part is firm.

    Heizer & Render, *Operations Management*, ch. 14, lot-for-lot example: gross requirements 35,
    30, 40, 0, 10, 40, 30, 0, 30, 55 over ten weeks, 35 on hand, one-week lead time.

    >>> record = mrp_record(gross_requirements=[35, 30, 40, 0, 10, 40, 30, 0, 30, 55],
    ...                     on_hand=35, lead_time=1)
    >>> record.planned_order_releases
    [30.0, 40.0, 0.0, 10.0, 40.0, 30.0, 0.0, 30.0, 55.0, 0.0]
    >>> record.past_due
    0.0

    Our own numbers on the course-map record (DSP notebook 3): the planner has frozen an order of
    80 for period 5; MRP nets against it, so periods 5 and 6 need no other order.

    >>> record = mrp_record(gross_requirements=[0, 40, 50, 30, 60, 20, 40, 50], on_hand=45,
    ...                     lead_time=2, scheduled_receipts=[0, 30, 0, 0, 0, 0, 0, 0],
    ...                     safety_stock=10, firm_planned_orders={4: 80})
    >>> record.planned_order_receipts
    [0.0, 0.0, 25.0, 30.0, 80.0, 0.0, 40.0, 50.0]
    >>> record.firm_planned_receipts
    [0.0, 0.0, 0.0, 0.0, 80.0, 0.0, 0.0, 0.0]
    >>> record.planned_order_releases
    [25.0, 30.0, 80.0, 0.0, 40.0, 50.0, 0.0, 0.0]
    """
    gross = sequence("gross_requirements", gross_requirements, check=non_negative)
    if scheduled_receipts is None:
        receipts_due = [0.0] * len(gross)
    else:
        receipts_due = sequence("scheduled_receipts", scheduled_receipts, check=non_negative)
        same_length(gross_requirements=gross, scheduled_receipts=receipts_due)
    firm = _firm_orders(firm_planned_orders, gross)
    stock = non_negative("on_hand", on_hand)
    offset = whole("lead_time", lead_time)
    floor = non_negative("safety_stock", safety_stock)
    rule = choice("lot_size", lot_size, LOT_SIZES)
    quantity, cover = _lot_parameters(rule, order_quantity, periods_of_supply)

    fixed = [due + frozen for due, frozen in zip(receipts_due, firm, strict=True)]
    available, projected, net, planned = stock, [], [], []
    for t, (demand, due) in enumerate(zip(gross, fixed, strict=True)):
        before = available + due
        shortfall = max(0.0, demand + floor - before)
        if not shortfall:
            receipt = 0.0
        elif rule == "lfl":
            receipt = shortfall
        elif rule == "foq":
            receipt = quantity * math.ceil(shortfall / quantity)
        elif rule == "eoq":
            receipt = max(quantity, shortfall)
        else:
            window = slice(t, t + cover)
            receipt = _periodic_lot(available, floor, gross[window], fixed[window])
        available = before + receipt - demand
        projected.append(available)
        net.append(shortfall)
        planned.append(receipt + firm[t])

    return MRPRecord(
        gross_requirements=gross,
        scheduled_receipts=receipts_due,
        projected_available=projected,
        net_requirements=net,
        planned_order_receipts=planned,
        planned_order_releases=planned[offset:] + [0.0] * min(offset, len(gross)),
        firm_planned_receipts=firm,
        past_due=math.fsum(planned[:offset]),
        on_hand=stock,
        lead_time=offset,
        safety_stock=floor,
        lot_size=rule,
    )


def low_level_codes(items, bom) -> dict:
    """The low-level code of every item: the lowest level at which it appears in any bill.

    items: mapping item name → `Item` (only the names are used here);
    bom: iterable of (parent, component, quantity_per) lines, as for `explode`.

    An item that goes into no other item has code 0; a component's code is one more than the
    highest code among its parents, so it sits below every parent in every product tree it
    appears in. MRP plans items in code order: a component used at several levels is netted
    once, after all its gross requirements are known. A bill with a cycle (an item that is,
    through its components, part of itself) has no codes: InputError names the items on it.

    Our own numbers: the stool of the BSCM lesson, with screws used by the stool and its base.

    >>> items = {name: Item(lead_time=1) for name in ("Stool", "Seat", "Base", "Leg", "Screw")}
    >>> bom = [("Stool", "Seat", 1), ("Stool", "Base", 1), ("Stool", "Screw", 4),
    ...        ("Base", "Leg", 4), ("Base", "Screw", 8)]
    >>> low_level_codes(items, bom)
    {'Stool': 0, 'Seat': 1, 'Base': 1, 'Leg': 2, 'Screw': 2}
    >>> low_level_codes(items, bom + [("Screw", "Stool", 1)])
    Traceback (most recent call last):
    ...
    cpimkit.calc.InputError: bom has a cycle: 'Stool' → 'Screw' → 'Stool'
    """
    names = mapping("items", items)
    return _codes(names, _components(names, bom))


def explode(items, bom, master_schedule) -> dict:
    """Plan every item of a bill of material: MRP records level by level, end items first.

    items: mapping item name → `Item` (a mapping of the Item fields, as read from JSON, will do);
    bom: iterable of (parent, component, quantity_per) lines, quantity_per being the units of
      the component in one parent (> 0); a line listed twice counts twice (the component goes
      in at two places);
    master_schedule: mapping item name → gross requirements per period [units]: the end items'
      master schedule, plus any independent demand for a component (service parts). All lists
      have the same length, the horizon n; items not named have none.

    Items are planned in order of their low-level code (see `low_level_codes`), each once, with
    `mrp_record` and the Item's fields, after all its parents. A component's gross requirement is
    GR(t) = independent demand(t) + Σ over its parents of planned order release(t) × quantity_per.
    What a parent should have released before period 1 (its past_due) is needed from the
    component at once: it is added to the component's period 1. An Item's firm planned orders
    are planned orders like the others: their releases are exploded too.

    Returns a dict item → MRPRecord, in planning order.

    Our own numbers: the stool of the BSCM lesson, with screws at two levels. A stool is a seat,
    a base and 4 screws; a base is 4 legs, 2 braces and 8 screws. 50 stools are due in week 6;
    20 bases and 100 screws are in stock.

    >>> items = {"Stool": Item(lead_time=1), "Seat": Item(lead_time=2),
    ...          "Base": Item(lead_time=1, on_hand=20), "Leg": Item(lead_time=2),
    ...          "Brace": Item(lead_time=1), "Screw": Item(lead_time=1, on_hand=100)}
    >>> bom = [("Stool", "Seat", 1), ("Stool", "Base", 1), ("Stool", "Screw", 4),
    ...        ("Base", "Leg", 4), ("Base", "Brace", 2), ("Base", "Screw", 8)]
    >>> plan = explode(items, bom, master_schedule={"Stool": [0, 0, 0, 0, 0, 50]})
    >>> list(plan)
    ['Stool', 'Seat', 'Base', 'Leg', 'Brace', 'Screw']
    >>> plan["Base"].planned_order_releases
    [0.0, 0.0, 0.0, 30.0, 0.0, 0.0]
    >>> plan["Screw"].gross_requirements
    [0.0, 0.0, 0.0, 240.0, 200.0, 0.0]
    >>> plan["Screw"].planned_order_releases
    [0.0, 0.0, 140.0, 200.0, 0.0, 0.0]
    """
    plans = {name: _item(name, value) for name, value in mapping("items", items).items()}
    components = _components(plans, bom)
    codes = _codes(plans, components)
    gross = _independent_demand(plans, master_schedule)

    records = {}
    for name in sorted(plans, key=codes.__getitem__):
        try:  # an Item's fields are the keyword arguments of mrp_record
            record = records[name] = mrp_record(gross[name], **vars(plans[name]))
        except InputError as error:
            raise InputError(f"items[{name!r}]: {error}") from None
        orders = _planned_orders(record)
        for component, quantity_per in components.get(name, ()):
            needs = gross[component]
            for t, _, quantity in orders:
                needs[t] += quantity * quantity_per
    return records


def lot_sizing(
    net_requirements,
    method: str,
    order_cost: float,
    holding_cost: float,
    order_quantity: float | None = None,
    periods_of_supply: int | None = None,
) -> LotSizingResult:
    """Size the lots that meet a run of net requirements, and cost the plan.

    net_requirements: NR(t), the quantity that must arrive in each period [units] (stock and open
      orders already netted out, as in an MRP record);
    method: the rule, one of LOT_SIZING_METHODS (below);
    order_cost: S, the cost of one order or setup [money per order];
    holding_cost: h, the cost of one unit in stock at the end of a period [money per unit per
      period];
    order_quantity: Q [units], for "foq" and "eoq" only;
    periods_of_supply: P [periods], for "poq" only.

    An order arrives at the start of its period (offsetting by the lead time is `mrp_record`'s
    job). The rules:
      "lfl" lot for lot: each period's requirement;
      "foq", "poq" and "eoq" as in `mrp_record`; "eoq" without order_quantity uses
        Q = sqrt(2·D·S/h), D the mean requirement per period over all n periods (not rounded);
      the other rules order only in a period that needs stock and has none left, and grow the
      lot period by period; a lot covering periods i..j holds H = h·Σ (k − i)·NR(k) (k = i..j):
      "ppb" part-period balancing and "ltc" least total cost: grow while H gets no farther from
        S, so the lot's holding cost is the closest to the order cost (one rule under two names,
        as in most textbooks; the APICS Dictionary adds look-ahead/look-back tests to PPB,
        which are not applied here);
      "luc" least unit cost: grow while (S + H) ÷ units in the lot does not rise;
      "silver_meal": grow while (S + H) ÷ periods covered does not rise;
      "wagner_whitin": the plan of least total cost (dynamic programming).

    Costs: ordering = S × number of orders; holding = h × Σ I(t), I(t) the stock at the end of
    period t (books that charge the average of opening and closing stock get other figures);
    total = ordering + holding. Purchase cost is left out: it is the same for every plan.

    Nahmias, *Production and Operations Analysis*, lot-sizing chapter, the computer-casings
    example: requirements 18, 30, 42, 5, 20, S = $80, h = $2 per unit per week.

    >>> plan = lot_sizing([18, 30, 42, 5, 20], method="silver_meal", order_cost=80,
    ...                   holding_cost=2)
    >>> plan.orders
    [48.0, 0.0, 47.0, 0.0, 20.0]
    >>> plan.ordering_cost, plan.holding_cost, plan.total_cost
    (240.0, 70.0, 310.0)
    >>> lot_sizing([18, 30, 42, 5, 20], method="wagner_whitin", order_cost=80,
    ...            holding_cost=2).total_cost
    310.0
    """
    net = sequence("net_requirements", net_requirements, check=non_negative)
    rule = choice("method", method, LOT_SIZING_METHODS)
    per_order = non_negative("order_cost", order_cost)
    per_unit = non_negative("holding_cost", holding_cost)
    if rule == "eoq" and order_quantity is None:
        order_quantity = _economic_lot(net, per_order, per_unit)
    quantity, cover = _lot_parameters(rule, order_quantity, periods_of_supply, rule_name="method")

    if rule in LOT_SIZES:
        orders = mrp_record(
            net,
            on_hand=0,
            lead_time=0,
            lot_size=rule,
            order_quantity=quantity,
            periods_of_supply=cover,
        ).planned_order_receipts
    elif rule == "wagner_whitin":
        orders = _lot_sizing.wagner_whitin(net, per_order, per_unit)
    else:
        criterion = _GROUPING_CRITERIA[rule]
        orders = _lot_sizing.grouped_orders(net, per_order, per_unit, criterion)

    ending = list(accumulate(got - needed for got, needed in zip(orders, net, strict=True)))
    ordering = per_order * sum(1 for got in orders if got)
    holding = per_unit * math.fsum(ending)
    return LotSizingResult(
        orders=orders,
        ordering_cost=ordering,
        holding_cost=holding,
        total_cost=ordering + holding,
        method=rule,
        ending_inventory=ending,
    )


def action_messages(
    gross_requirements,
    on_hand: float,
    lead_time: int,
    scheduled_receipts=None,
    safety_stock: float = 0,
    lot_size: str = "lfl",
    order_quantity: float | None = None,
    periods_of_supply: int | None = None,
    firm_planned_orders=None,
) -> list[ActionMessage]:
    """What the planner must do to keep one item's plan valid: releases and open-order moves.

    The parameters are those of `mrp_record`. Each non-zero scheduled receipt SR(d) is one open
    order, due in period d, already released: MRP may ask to move or cancel it. Firm planned
    orders count as supply in their periods and are never moved.

    Need date (convention): open orders are taken in due order; order i is needed in the first
    period n in which the projected available without it (and without the later orders) would
    fall below safety stock:
      n = the first t with OH + Σ over s ≤ t of (FPO(s) + R(s) − GR(s)) < SS,
    R(s) being the earlier open orders received at their own need dates. For an order due in d:
      "expedite" to n if n < d; "de-expedite" to n if n > d; no message if n = d;
      "cancel" if the balance never falls below SS within the horizon (then neither is any
      later order needed).
    Releases: the record is then planned with every open order at its need date (the planner is
    expected to move an open order rather than open a new one) and each planned order whose
    release falls in period 1 or before, that is due in periods 1 … LT + 1, firm or not, gives
    "release" in period 0 (now) with to_period its due period; to_period < LT means the order
    is late even if released now (it was past due).
    Quantities are never changed (no increase or decrease messages): an open order that covers
    only part of the shortage at its need date keeps its quantity and MRP plans the rest, and
    one needed only in part within the horizon is kept whole.

    Returns the release messages in due order, then the open-order messages in due order.

    Our own numbers: gross requirements 10, 10, 30, 30, 20, 20, 10, 10 over eight weeks, 40 on
    hand, safety stock 10, lead time 3 weeks, lot for lot; open orders of 30 due in week 2 and 10
    in week 6. Stock lasts until week 3, so the 30 can come a week later; the 10 is needed in
    week 4 and falls 10 short there, so 10 more must be released now. (Left where they are, the
    open orders would have had MRP release 20 now.)

    >>> messages = action_messages(gross_requirements=[10, 10, 30, 30, 20, 20, 10, 10],
    ...                            on_hand=40, lead_time=3, safety_stock=10,
    ...                            scheduled_receipts=[0, 30, 0, 0, 0, 10, 0, 0])
    >>> messages[0]
    ActionMessage(kind='release', period=0, quantity=10, to_period=3)
    >>> for message in messages:
    ...     print(message)
    release 10 in period 1, due in period 4
    de-expedite the 30 due in period 2 to period 3
    expedite the 10 due in period 6 to period 4
    """
    record = mrp_record(
        gross_requirements,
        on_hand,
        lead_time,
        scheduled_receipts,
        safety_stock,
        lot_size,
        order_quantity,
        periods_of_supply,
        firm_planned_orders,
    )
    changes = zip(record.firm_planned_receipts, record.gross_requirements, strict=True)
    net_change = (frozen - demand for frozen, demand in changes)
    # the balance without open orders; each one is added from its need date on
    balance = list(accumulate(net_change, initial=record.on_hand))[1:]
    rescheduled, moves = [0.0] * len(balance), []
    for due, quantity in enumerate(record.scheduled_receipts):
        if not quantity:
            continue
        need = next((t for t, left in enumerate(balance) if left < record.safety_stock), None)
        if need is None:
            moves.append(ActionMessage("cancel", due, quantity, None))
            continue
        if need != due:
            moves.append(
                ActionMessage("expedite" if need < due else "de-expedite", due, quantity, need)
            )
        rescheduled[need] += quantity
        balance[need:] = [left + quantity for left in balance[need:]]

    plan = mrp_record(
        record.gross_requirements,
        record.on_hand,
        record.lead_time,
        rescheduled,
        record.safety_stock,
        record.lot_size,
        order_quantity,
        periods_of_supply,
        record.firm_planned_receipts,
    )
    releases = [
        ActionMessage("release", 0, quantity, due)
        for release, due, quantity in _planned_orders(plan)
        if release == 0
    ]
    return releases + moves


def pegging(items, bom, master_schedule) -> dict:
    """Single-level pegging: which parent orders and which independent demand make up each
    item's gross requirements.

    The parameters are those of `explode`, which plans the items. Each item's gross requirement
    GR(t) is split into pegs:
      its independent demand in t (master schedule or service parts): parent None;
      for each parent whose planned order (firm or not) due in period s is released in t
      = s − LT(parent), or in period 1 if that is already past: that order's quantity ×
      quantity_per (the lines of one parent and component added together), parent_period s.
    So the pegs of an item in period t add up to GR(t). Single level: a peg names the parent
    order, not the end item or customer order behind it; follow the parent's own pegs for that
    (with lot sizing, one parent order may serve several of the parent's requirements).

    Returns a dict item → list of Peg, items in planning order, pegs by period (in a period,
    independent demand first, then the parents in planning order).

    Our own numbers: the stool of `explode`. The screws needed in week 4 are for the base order
    due in week 5; those needed in week 5 for the stool order due in week 6.

    >>> items = {"Stool": Item(lead_time=1), "Seat": Item(lead_time=2),
    ...          "Base": Item(lead_time=1, on_hand=20), "Screw": Item(lead_time=1, on_hand=100)}
    >>> bom = [("Stool", "Seat", 1), ("Stool", "Base", 1), ("Stool", "Screw", 4),
    ...        ("Base", "Screw", 8)]
    >>> pegs = pegging(items, bom, master_schedule={"Stool": [0, 0, 0, 0, 0, 50]})
    >>> pegs["Stool"]
    [Peg(period=5, quantity=50, parent=None, parent_period=None)]
    >>> for peg in pegs["Screw"]:
    ...     print(peg)
    Peg(period=3, quantity=240, parent='Base', parent_period=4)
    Peg(period=4, quantity=200, parent='Stool', parent_period=5)
    """
    records = explode(items, bom, master_schedule)
    independent = _independent_demand(records, master_schedule)
    pegs = {
        name: [Peg(t, quantity, None, None) for t, quantity in enumerate(needs) if quantity]
        for name, needs in independent.items()
    }
    components = _components(records, bom)
    for parent, plan in records.items():
        quantity_per = {}
        for component, per in components.get(parent, ()):
            quantity_per[component] = quantity_per.get(component, 0.0) + per
        orders = _planned_orders(plan)
        for component, per in quantity_per.items():
            pegs[component] += [Peg(t, quantity * per, parent, due) for t, due, quantity in orders]
    return {name: sorted(pegs[name], key=attrgetter("period")) for name in records}


def plan_changes(before, after) -> list[tuple[int, float, float]]:
    """The periods in which two plans of one item release different quantities: the trace of
    nervousness, a plan that changes a lot when its inputs change a little.

    before, after: the item's planned order releases per period [units] in the old and the new
      plan, or the two MRPRecords (their planned_order_releases are compared); same horizon.

    Returns (period, before, after) for each period (0 = period 1) whose releases differ, in
    period order; an empty list means the releases did not change. Past-due releases are not
    part of planned_order_releases and are not compared.

    Our own numbers: 20 a week over eight weeks, 45 on hand, lead time 1 week, fixed orders of
    50. Six more units in week 2 move two of the three orders a week earlier: four release
    periods change.

    >>> before = mrp_record([20] * 8, on_hand=45, lead_time=1, lot_size="foq", order_quantity=50)
    >>> after = mrp_record([20, 26, 20, 20, 20, 20, 20, 20], on_hand=45, lead_time=1,
    ...                    lot_size="foq", order_quantity=50)
    >>> plan_changes(before, after)
    [(0, 0.0, 50.0), (1, 50.0, 0.0), (5, 0.0, 50.0), (6, 50.0, 0.0)]
    """
    old = _releases("before", before)
    new = _releases("after", after)
    same_length(before=old, after=new)
    return [(t, was, now) for t, (was, now) in enumerate(zip(old, new, strict=True)) if was != now]


def _releases(name: str, plan) -> list[float]:
    """The planned order releases of `plan`, an MRPRecord or the releases themselves."""
    if isinstance(plan, MRPRecord):
        return plan.planned_order_releases
    return sequence(name, plan, check=non_negative)


def _planned_orders(record: MRPRecord) -> list[tuple[int, int, float]]:
    """The planned orders of `record` as (release period, due period, quantity): each released
    LT periods before it is due, or in period 1 (index 0) if that is already past."""
    return [
        (max(0, due - record.lead_time), due, quantity)
        for due, quantity in enumerate(record.planned_order_receipts)
        if quantity
    ]


def _item(name, value) -> Item:
    """items[name] as an Item; a mapping of its fields is accepted."""
    if isinstance(value, Item):
        return value
    if isinstance(value, Mapping):
        try:
            return Item(**value)
        except TypeError:
            raise InputError(
                f"items[{name!r}] must hold the fields of an Item (lead_time required; on_hand,"
                f" safety_stock, scheduled_receipts, lot_size, order_quantity, periods_of_supply,"
                f" firm_planned_orders), got {dict(value)!r}"
            ) from None
    raise InputError(f"items[{name!r}] must be an Item, got {value!r}")


def _components(names: Mapping, bom) -> dict:
    """The checked bill as parent → [(component, quantity_per), ...]; every name must be known."""
    line = record(("parent", label), ("component", label), ("quantity_per", positive))
    components = {}
    for i, (parent, component, quantity_per) in enumerate(
        sequence("bom", bom, check=line, min_length=0)
    ):
        for role, name in (("parent", parent), ("component", component)):
            if name not in names:
                raise InputError(f"bom[{i}].{role} {name!r} is not one of the items")
        components.setdefault(parent, []).append((component, quantity_per))
    return components


def _codes(names: Mapping, components: dict) -> dict:
    """Low-level codes, coding each item once all its parents are coded (Kahn's topological
    order); items never reached lie on or below a cycle."""
    parents_left = dict.fromkeys(names, 0)
    for uses in components.values():
        for component, _ in uses:
            parents_left[component] += 1
    codes = dict.fromkeys(names, 0)
    ready = deque(name for name, count in parents_left.items() if not count)
    while ready:
        parent = ready.popleft()
        for component, _ in components.get(parent, ()):
            codes[component] = max(codes[component], codes[parent] + 1)
            parents_left[component] -= 1
            if not parents_left[component]:
                ready.append(component)
    stuck = [name for name, count in parents_left.items() if count]
    if stuck:
        cycle = " → ".join(repr(name) for name in _cycle(stuck, components))
        raise InputError(f"bom has a cycle: {cycle}")
    return codes


def _cycle(stuck: list, components: dict) -> list:
    """One cycle among `stuck`, items that each have a parent among them, from parent to
    component, starting and ending with its first item in `stuck` order."""
    parent_of = {}
    for parent, uses in components.items():
        for component, _ in uses:
            if parent in stuck and component in stuck:
                parent_of.setdefault(component, parent)
    path, position = [], {}
    item = stuck[0]
    while item not in position:  # climb parent by parent until an item repeats
        position[item] = len(path)
        path.append(item)
        item = parent_of[item]
    cycle = path[position[item] :][::-1]
    first = cycle.index(min(cycle, key=stuck.index))
    cycle = cycle[first:] + cycle[:first]
    return [*cycle, cycle[0]]


def _independent_demand(names: Mapping, master_schedule) -> dict:
    """Each item's independent demand per period from the master schedule (zeros if unnamed),
    as fresh lists to which `explode` adds the dependent demand."""
    demand = {}
    for name, quantities in mapping("master_schedule", master_schedule).items():
        if name not in names:
            raise InputError(f"master_schedule names {name!r}, which is not one of the items")
        demand[name] = sequence(f"master_schedule[{name!r}]", quantities, check=non_negative)
    horizon = same_length(**{f"master_schedule[{name!r}]": needs for name, needs in demand.items()})
    return {name: demand.get(name, [0.0] * horizon) for name in names}


def _economic_lot(net: list, order_cost: float, holding_cost: float) -> float:
    """The EOQ for the mean requirement per period (`inventory.eoq`; its time unit cancels)."""
    if not any(net):
        raise InputError(
            "method 'eoq' without order_quantity takes the EOQ of the mean of net_requirements,"
            " which are all 0; pass order_quantity"
        )
    return eoq(math.fsum(net) / len(net), order_cost, holding_cost).quantity


def _lot_parameters(
    rule: str, order_quantity, periods_of_supply, rule_name: str = "lot_size"
) -> tuple[float | None, int | None]:
    """The checked Q and P of `rule`; each may be given only to the rules that use it.
    `rule_name` is the parameter that names the rule, for the messages."""
    users = {"order_quantity": ("foq", "eoq"), "periods_of_supply": ("poq",)}
    given = {"order_quantity": order_quantity, "periods_of_supply": periods_of_supply}
    for name, value in given.items():
        if rule in users[name] and value is None:
            raise InputError(f"{rule_name} {rule!r} needs {name}, got None")
        if rule not in users[name] and value is not None:
            raise InputError(
                f"{name} is used only with {rule_name} {' or '.join(users[name])}, got {value!r}"
                f" with {rule_name} {rule!r}"
            )
    if rule == "poq":
        return None, whole("periods_of_supply", periods_of_supply, minimum=1)
    if rule in users["order_quantity"]:
        return positive("order_quantity", order_quantity), None
    return None, None


def _firm_orders(firm_planned_orders, gross: list) -> list[float]:
    """The checked firm planned orders per period of `gross`, from a list, a mapping period
    index → quantity (periods not named get 0) or None (all 0)."""
    name, horizon = "firm_planned_orders", len(gross)
    if firm_planned_orders is None:
        return [0.0] * horizon
    if not isinstance(firm_planned_orders, Mapping):
        firm = sequence(name, firm_planned_orders, check=non_negative)
        same_length(gross_requirements=gross, firm_planned_orders=firm)
        return firm
    firm = [0.0] * horizon
    for period, quantity in firm_planned_orders.items():
        t = whole(f"{name} key", period)
        if t >= horizon:
            raise InputError(
                f"{name} key must be a period index from 0 to {horizon - 1} (0 = period 1),"
                f" got {period!r}"
            )
        firm[t] = non_negative(f"{name}[{period!r}]", quantity)
    return firm


def _periodic_lot(available: float, floor: float, gross: list, receipts_due: list) -> float:
    """The POQ lot: enough to keep the balance, `available` at the start, at or above `floor`
    through every covered period, whose requirements and scheduled receipts are given."""
    balance, needed = available, 0.0
    for demand, due in zip(gross, receipts_due, strict=True):
        balance += due - demand
        needed = max(needed, floor - balance)
    return needed
