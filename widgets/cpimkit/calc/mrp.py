"""Material requirements planning: the time-phased record of one item.

Quantities are in the item's unit, lead times in planning periods. Period-indexed inputs and
outputs are lists: index 0 is period 1.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

import pandas as pd

from cpimkit.calc._result import Result, _format
from cpimkit.calc._validate import (
    InputError,
    choice,
    non_negative,
    positive,
    same_length,
    sequence,
    whole,
)

LOT_SIZES = ("lfl", "foq", "poq", "eoq")
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

    projected_available is the balance at the end of each period; past_due is the quantity of
    planned releases that would have had to start before period 1.
    """

    gross_requirements: list
    scheduled_receipts: list
    projected_available: list
    net_requirements: list
    planned_order_receipts: list
    planned_order_releases: list
    past_due: float
    on_hand: float
    lead_time: int
    safety_stock: float
    lot_size: str

    def to_frame(self) -> pd.DataFrame:
        """The classic MRP grid: one row per line of the record, one column per period 1 … n."""
        periods = pd.RangeIndex(1, len(self.gross_requirements) + 1, name="period")
        rows = {name.replace("_", " ").capitalize(): getattr(self, name) for name in _GRID_ROWS}
        return pd.DataFrame.from_dict(rows, orient="index", columns=periods)

    def _repr_html_(self) -> str:
        settings = (
            f"on hand {_format(self.on_hand)}, lead time {self.lead_time},"
            f" safety stock {_format(self.safety_stock)}, lot size {self.lot_size},"
            f" past-due releases {_format(self.past_due)}"
        )
        grid = self.to_frame().to_html(float_format=_format)
        return f"<div><p>MRP record: {html.escape(settings)}</p>{grid}</div>"


def mrp_record(
    gross_requirements,
    on_hand: float,
    lead_time: int,
    scheduled_receipts=None,
    safety_stock: float = 0,
    lot_size: str = "lfl",
    order_quantity: float | None = None,
    periods_of_supply: int | None = None,
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
    periods_of_supply: P [periods], for "poq" only.

    Period by period, with projected available PA(0) = OH: the net requirement
    NR(t) = max(0, GR(t) + SS − PA(t−1) − SR(t)); when NR(t) > 0 a planned receipt PR(t) of the
    rule's lot arrives in t; PA(t) = PA(t−1) + SR(t) + PR(t) − GR(t), which stays ≥ SS. Each planned
    receipt is released LT periods earlier; releases that would fall before period 1 are added to
    `past_due` (an order that is already late) and left out of `planned_order_releases`.

    Heizer & Render, *Operations Management*, ch. 14, lot-for-lot example: gross requirements 35,
    30, 40, 0, 10, 40, 30, 0, 30, 55 over ten weeks, 35 on hand, one-week lead time.

    >>> record = mrp_record(gross_requirements=[35, 30, 40, 0, 10, 40, 30, 0, 30, 55],
    ...                     on_hand=35, lead_time=1)
    >>> record.planned_order_releases
    [30.0, 40.0, 0.0, 10.0, 40.0, 30.0, 0.0, 30.0, 55.0, 0.0]
    >>> record.past_due
    0.0
    """
    gross = sequence("gross_requirements", gross_requirements, check=non_negative)
    if scheduled_receipts is None:
        receipts_due = [0.0] * len(gross)
    else:
        receipts_due = sequence("scheduled_receipts", scheduled_receipts, check=non_negative)
        same_length(gross_requirements=gross, scheduled_receipts=receipts_due)
    stock = non_negative("on_hand", on_hand)
    offset = whole("lead_time", lead_time)
    floor = non_negative("safety_stock", safety_stock)
    rule = choice("lot_size", lot_size, LOT_SIZES)
    quantity, cover = _lot_parameters(rule, order_quantity, periods_of_supply)

    available, projected, net, planned = stock, [], [], []
    for t, (demand, due) in enumerate(zip(gross, receipts_due, strict=True)):
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
            receipt = _periodic_lot(available, floor, gross[window], receipts_due[window])
        available = before + receipt - demand
        projected.append(available)
        net.append(shortfall)
        planned.append(receipt)

    return MRPRecord(
        gross_requirements=gross,
        scheduled_receipts=receipts_due,
        projected_available=projected,
        net_requirements=net,
        planned_order_receipts=planned,
        planned_order_releases=planned[offset:] + [0.0] * min(offset, len(gross)),
        past_due=math.fsum(planned[:offset]),
        on_hand=stock,
        lead_time=offset,
        safety_stock=floor,
        lot_size=rule,
    )


def _lot_parameters(
    rule: str, order_quantity, periods_of_supply
) -> tuple[float | None, int | None]:
    """The checked Q and P of `rule`; each may be given only to the rules that use it."""
    users = {"order_quantity": ("foq", "eoq"), "periods_of_supply": ("poq",)}
    given = {"order_quantity": order_quantity, "periods_of_supply": periods_of_supply}
    for name, value in given.items():
        if rule in users[name] and value is None:
            raise InputError(f"lot_size {rule!r} needs {name}, got None")
        if rule not in users[name] and value is not None:
            raise InputError(
                f"{name} is used only with lot_size {' or '.join(users[name])}, got {value!r}"
                f" with lot_size {rule!r}"
            )
    if rule == "poq":
        return None, whole("periods_of_supply", periods_of_supply, minimum=1)
    if rule in users["order_quantity"]:
        return positive("order_quantity", order_quantity), None
    return None, None


def _periodic_lot(available: float, floor: float, gross: list, receipts_due: list) -> float:
    """The POQ lot: enough to keep the balance, `available` at the start, at or above `floor`
    through every covered period, whose requirements and scheduled receipts are given."""
    balance, needed = available, 0.0
    for demand, due in zip(gross, receipts_due, strict=True):
        balance += due - demand
        needed = max(needed, floor - balance)
    return needed
