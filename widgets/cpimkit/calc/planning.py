"""Sales and operations planning, master scheduling and rough-cut capacity.

Quantities are in units of the product or family, capacity in standard hours, costs in money per
unit (per period where they accrue over time). Period-indexed inputs and outputs are lists:
index 0 is period 1.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import accumulate

import pandas as pd

from cpimkit.calc._result import Result, _format
from cpimkit.calc._validate import (
    InputError,
    fraction,
    mapping,
    non_negative,
    number,
    positive,
    same_keys,
    same_length,
    sequence,
    whole,
)

_SHARE_TOLERANCE = 1e-6  # work-centre shares may be rounded percentages such as 60.3 %
_ATP_TOLERANCE = 1e-9  # an ATP this far below zero is rounding, not a shortage
_GRID_ROWS = {
    "Forecast": "forecast",
    "Customer orders": "customer_orders",
    "Projected available": "projected_available",
    "Master schedule": "master_schedule",
    "ATP": "available_to_promise",
    "Cumulative ATP": "cumulative_atp",
}


@dataclass(frozen=True, repr=False)
class LevelPlan(Result):
    """A make-to-stock level plan: the same `rate` every period and the stock it leaves."""

    rate: float
    ending_inventory: list
    total_production: float


@dataclass(frozen=True, repr=False)
class LevelBacklogPlan(Result):
    """A make-to-order level plan: the same `rate` every period and the backlog it leaves."""

    rate: float
    backlog: list
    total_production: float


@dataclass(frozen=True, repr=False)
class ProductionPlan(Result):
    """Production and the stock left at the end of each period."""

    production: list
    ending_inventory: list


@dataclass(frozen=True, repr=False)
class PlanCosts(Result):
    """The cost of a production plan, period by period and in total.

    ending_inventory is the balance at the end of each period (negative = backlog), split into
    inventory and backlog; rate_changes is the change in production from the period before
    (positive = increase); overtime is the output above regular capacity.
    """

    ending_inventory: list
    inventory: list
    backlog: list
    rate_changes: list
    overtime: list
    holding: float
    backlog_cost: float
    change_cost: float
    overtime_cost: float
    total: float


@dataclass(frozen=True, repr=False)
class MPSRecord(Result):
    """One item's master schedule record; every list holds one figure per period.

    projected_available is the balance at the end of each period; available_to_promise is the
    discrete ATP (look-ahead), non-zero only in period 1 and in periods with a master-schedule
    quantity; cumulative_atp is its running total. demand_time_fence counts the periods inside
    the fence (0 = no fence).
    """

    forecast: list
    customer_orders: list
    master_schedule: list
    projected_available: list
    available_to_promise: list
    cumulative_atp: list
    on_hand: float
    demand_time_fence: int

    def to_frame(self) -> pd.DataFrame:
        """The MPS grid: one row per line of the record, one column per period 1 … n."""
        periods = pd.RangeIndex(1, len(self.forecast) + 1, name="period")
        rows = {label: getattr(self, name) for label, name in _GRID_ROWS.items()}
        return pd.DataFrame.from_dict(rows, orient="index", columns=periods)

    def _repr_html_(self) -> str:
        fence = self.demand_time_fence
        if fence:
            periods = "period 1" if fence == 1 else f"periods 1–{fence}"
            rule = (
                f"demand time fence after period {fence}: {periods} (marked *) net customer"
                " orders only, later periods the greater of forecast and orders"
            )
        else:
            rule = "no demand time fence: every period nets the greater of forecast and orders"
        grid = self.to_frame().rename(columns=lambda p: f"{p}*" if p <= fence else str(p))
        settings = f"on hand {_format(self.on_hand)}; {rule}"
        table = grid.to_html(float_format=_format)
        return f"<div><p>MPS record: {html.escape(settings)}</p>{table}</div>"


@dataclass(frozen=True, repr=False)
class OrderPromise(Result):
    """Whether an order fits the ATP, and when.

    promised_period is the 0-based index of the earliest period from the requested one in which
    the whole quantity can be booked (None if none in the horizon); atp_after is the discrete
    ATP once it is booked there (None when it cannot be promised).
    """

    can_promise_requested: bool
    promised_period: int | None
    atp_before: list
    atp_after: list | None


def level_plan(forecast, opening_inventory: float, ending_inventory: float) -> LevelPlan:
    """Make-to-stock level plan: produce the same quantity every period.

    forecast: D(t), demand per period [units]; opening_inventory: I(0), stock at the start of
    period 1 [units]; ending_inventory: the stock wanted at the end of the last period [units].

    Total production = Σ D(t) + ending_inventory − opening_inventory, spread evenly over the n
    periods: rate = total / n (not rounded; round it yourself if only whole units can be made).
    I(t) = I(t−1) + rate − D(t); a negative I(t) is a shortage (demand backordered).

    Stevenson, *Operations Management*, aggregate planning chapter, skateboards: forecast 200,
    200, 300, 400, 500, 200, no stock at the start or the end; the level output of 300 leaves a
    backorder of 100 in period 5:

    >>> plan = level_plan(forecast=[200, 200, 300, 400, 500, 200],
    ...                   opening_inventory=0, ending_inventory=0)
    >>> plan.rate
    300.0
    >>> plan.ending_inventory
    [100.0, 200.0, 200.0, 100.0, -100.0, 0.0]
    """
    demand = sequence("forecast", forecast, check=non_negative)
    opening = non_negative("opening_inventory", opening_inventory)
    target = non_negative("ending_inventory", ending_inventory)
    total = math.fsum(demand) + target - opening
    if total < 0:
        raise InputError(
            f"opening_inventory must be <= total forecast + ending_inventory"
            f" ({math.fsum(demand) + target}), got {opening}"
        )
    rate = total / len(demand)
    return LevelPlan(
        rate=rate,
        ending_inventory=_balances(opening, [rate] * len(demand), demand),
        total_production=total,
    )


def level_plan_backlog(forecast, opening_backlog: float, ending_backlog: float) -> LevelBacklogPlan:
    """Make-to-order level plan: produce the same quantity every period against a backlog.

    forecast: D(t), orders expected per period [units]; opening_backlog: B(0), orders on hand
    not yet made at the start of period 1 [units]; ending_backlog: the backlog wanted at the end
    of the last period [units].

    Total production = Σ D(t) + opening_backlog − ending_backlog; rate = total / n (not
    rounded). B(t) = B(t−1) + D(t) − rate; a negative B(t) means production runs ahead of the
    orders (only possible where the product can be made before it is ordered).

    Our own numbers: 150 orders waiting, 550 more expected over five weeks, 100 to be left
    waiting at the end, so 600 are made, 120 a week:

    >>> plan = level_plan_backlog(forecast=[100, 120, 110, 130, 90],
    ...                           opening_backlog=150, ending_backlog=100)
    >>> plan.rate
    120.0
    >>> plan.backlog
    [130.0, 130.0, 120.0, 130.0, 100.0]
    """
    demand = sequence("forecast", forecast, check=non_negative)
    opening = non_negative("opening_backlog", opening_backlog)
    target = non_negative("ending_backlog", ending_backlog)
    total = math.fsum(demand) + opening - target
    if total < 0:
        raise InputError(
            f"ending_backlog must be <= total forecast + opening_backlog"
            f" ({math.fsum(demand) + opening}), got {target}"
        )
    rate = total / len(demand)
    return LevelBacklogPlan(
        rate=rate,
        backlog=_balances(opening, demand, [rate] * len(demand)),
        total_production=total,
    )


def chase_plan(forecast, opening_inventory: float, ending_inventory: float) -> ProductionPlan:
    """Chase plan: produce what each period needs so the stock stays at the wanted level.

    forecast: D(t), demand per period [units]; opening_inventory: stock at the start of period 1
    [units]; ending_inventory: the stock to hold [units].

    Production P(t) = max(0, D(t) + ending_inventory − I(t−1)), so the whole move from the
    opening to the ending inventory is made in period 1 and production equals demand after
    that. If the opening stock is more than period 1 needs, production stops until the surplus
    is used up (it never goes negative); should the surplus outlast the horizon, the last
    ending inventory stays above the wanted level.

    The family of the course map's MPR notebook 2 (forecast 300, 320, 360, 400, 380, 340,
    100 in stock, 160 wanted): period 1 makes its 300 plus the 60 that lift stock to 160:

    >>> plan = chase_plan(forecast=[300, 320, 360, 400, 380, 340],
    ...                   opening_inventory=100, ending_inventory=160)
    >>> plan.production
    [360.0, 320.0, 360.0, 400.0, 380.0, 340.0]
    >>> plan.ending_inventory
    [160.0, 160.0, 160.0, 160.0, 160.0, 160.0]
    """
    demand = sequence("forecast", forecast, check=non_negative)
    opening = non_negative("opening_inventory", opening_inventory)
    target = non_negative("ending_inventory", ending_inventory)
    stock, production = opening, []
    for needed in demand:
        made = max(0.0, needed + target - stock)
        stock += made - needed
        production.append(made)
    return ProductionPlan(
        production=production, ending_inventory=_balances(opening, production, demand)
    )


def plan_costs(
    forecast,
    production,
    opening_inventory: float = 0,
    *,
    holding_cost: float = 0,
    backlog_cost: float = 0,
    increase_cost: float = 0,
    decrease_cost: float = 0,
    regular_capacity: float | None = None,
    overtime_cost: float = 0,
    initial_rate: float | None = None,
) -> PlanCosts:
    """The cost of any production plan (level, chase or hybrid), period by period.

    forecast: D(t), demand per period [units]; production: P(t), output per period [units];
    opening_inventory: I(0) [units], negative for an opening backlog;
    holding_cost: h [$ per unit per period] on the inventory at the end of each period;
    backlog_cost: b [$ per unit per period] on the backlog at the end of each period;
    increase_cost, decrease_cost: [$ per unit] of change in production from one period to the
    next (hiring and training, layoffs);
    regular_capacity: output per period at regular time [units]; None = no overtime counted;
    overtime_cost: [$ per unit] made above regular_capacity;
    initial_rate: production in the period before period 1 [units]; None = no change charged
    in period 1.

    I(t) = I(t−1) + P(t) − D(t); inventory = max(I(t), 0), backlog = max(−I(t), 0);
    change = P(t) − P(t−1); overtime = max(0, P(t) − regular_capacity).
    total = holding + backlog_cost + change_cost + overtime_cost. The cost of regular-time
    output is left out: add it when plans make different quantities at regular time.
    Textbooks that charge holding on average inventory ((I(t−1) + I(t)) / 2) get other figures.

    Heizer & Render, *Operations Management*, aggregate planning chapter, roofing supplier,
    plan 1: a steady 50 units a day over months of 22, 18, 21, 21, 22 and 20 working days,
    holding at $5 per unit per month:

    >>> costs = plan_costs(forecast=[900, 700, 800, 1200, 1500, 1100],
    ...                    production=[1100, 900, 1050, 1050, 1100, 1000], holding_cost=5)
    >>> costs.ending_inventory
    [200.0, 400.0, 650.0, 500.0, 100.0, 0.0]
    >>> costs.holding, costs.total
    (9250.0, 9250.0)
    """
    demand = sequence("forecast", forecast, check=non_negative)
    made = sequence("production", production, check=non_negative)
    same_length(forecast=demand, production=made)
    opening = number("opening_inventory", opening_inventory)
    per_held = non_negative("holding_cost", holding_cost)
    per_waiting = non_negative("backlog_cost", backlog_cost)
    per_increase = non_negative("increase_cost", increase_cost)
    per_decrease = non_negative("decrease_cost", decrease_cost)
    per_overtime = non_negative("overtime_cost", overtime_cost)
    if regular_capacity is None:
        if per_overtime > 0:
            raise InputError("regular_capacity is needed when overtime_cost > 0, got None")
        overtime = [0.0] * len(made)
    else:
        capacity = non_negative("regular_capacity", regular_capacity)
        overtime = [max(0.0, output - capacity) for output in made]
    previous = made[:1] if initial_rate is None else [non_negative("initial_rate", initial_rate)]
    changes = [now - before for now, before in zip(made, previous + made[:-1], strict=True)]

    balances = _balances(opening, made, demand)
    inventory = [max(0.0, balance) for balance in balances]
    backlog = [max(0.0, -balance) for balance in balances]
    holding = per_held * math.fsum(inventory)
    waiting = per_waiting * math.fsum(backlog)
    raised = math.fsum(max(0.0, step) for step in changes)
    lowered = math.fsum(max(0.0, -step) for step in changes)
    change = per_increase * raised + per_decrease * lowered
    extra = per_overtime * math.fsum(overtime)
    return PlanCosts(
        ending_inventory=balances,
        inventory=inventory,
        backlog=backlog,
        rate_changes=changes,
        overtime=overtime,
        holding=holding,
        backlog_cost=waiting,
        change_cost=change,
        overtime_cost=extra,
        total=holding + waiting + change + extra,
    )


def mps_record(
    on_hand: float, forecast, customer_orders, master_schedule, demand_time_fence: int = 0
) -> MPSRecord:
    """Projected available balance and available-to-promise of one master-scheduled item.

    on_hand: stock at the start of period 1 [units]; forecast, customer_orders (booked orders
    due in each period) and master_schedule (MPS quantities due in each period): one figure per
    period [units], all the same length; demand_time_fence: the number of periods inside the
    demand time fence (whole, 0 = no fence, at most the horizon).

    Projected available PA(t) = PA(t−1) + MPS(t) − demand(t), PA(0) = on hand, where demand(t)
    is the customer orders inside the fence and the greater of forecast and orders outside it.
    A negative PA(t) is a shortage the master scheduler must cover.

    Discrete ATP with look-ahead: period 1 has on hand + MPS(1), each later period with an MPS
    quantity has that quantity; from each, subtract the customer orders due from that period
    until the next MPS quantity. Working back from the last such period, a negative ATP is set
    to 0 and its shortfall is borrowed from the ATP before it. Periods without an MPS quantity
    show 0. A negative ATP in period 1 means the booked orders exceed everything on hand and
    scheduled. cumulative_atp is the running total of the discrete ATP.

    Stevenson, *Operations Management*, master scheduling example: industrial pumps, 64 on
    hand, lots of 70:

    >>> record = mps_record(on_hand=64, forecast=[30, 30, 30, 30, 40, 40, 40, 40],
    ...                     customer_orders=[33, 20, 10, 4, 2, 0, 0, 0],
    ...                     master_schedule=[0, 0, 70, 0, 70, 0, 70, 70])
    >>> record.projected_available
    [31.0, 1.0, 41.0, 11.0, 41.0, 1.0, 31.0, 61.0]
    >>> record.available_to_promise
    [11.0, 0.0, 56.0, 0.0, 68.0, 0.0, 70.0, 70.0]
    """
    stock = non_negative("on_hand", on_hand)
    expected = sequence("forecast", forecast, check=non_negative)
    booked = sequence("customer_orders", customer_orders, check=non_negative)
    scheduled = sequence("master_schedule", master_schedule, check=non_negative)
    horizon = same_length(forecast=expected, customer_orders=booked, master_schedule=scheduled)
    fence = whole("demand_time_fence", demand_time_fence)
    if fence > horizon:
        raise InputError(
            f"demand_time_fence must be <= the horizon of {horizon} periods, got {fence}"
        )
    demand = [
        orders if t < fence else max(guess, orders)
        for t, (guess, orders) in enumerate(zip(expected, booked, strict=True))
    ]
    atp = _available_to_promise(stock, booked, scheduled)
    return MPSRecord(
        forecast=expected,
        customer_orders=booked,
        master_schedule=scheduled,
        projected_available=_balances(stock, scheduled, demand),
        available_to_promise=atp,
        cumulative_atp=list(accumulate(atp)),
        on_hand=stock,
        demand_time_fence=fence,
    )


def promise_order(
    on_hand: float,
    forecast,
    customer_orders,
    master_schedule,
    quantity: float,
    requested_period: int,
    demand_time_fence: int = 0,
) -> OrderPromise:
    """Can an order of `quantity` be promised for `requested_period`, and if not, when?

    The first five parameters are those of `mps_record`; quantity: the order [units, > 0];
    requested_period: the period the customer asks for, 0-based (0 = period 1).

    The order is booked in the earliest period from the requested one on in which no discrete
    ATP (look-ahead, as in `mps_record`) turns negative; it may use ATP of earlier periods,
    never of later ones. promised_period is None when no period in the horizon works, which is
    also the case when the booked orders already exceed supply.

    The pumps of Stevenson, *Operations Management*, master scheduling example (ATP 11, 56, 68,
    70, 70 in weeks 1, 3, 5, 7, 8); our question: 60 more pumps in week 3 fit, using 56 from
    week 3 and 4 from week 1:

    >>> promise = promise_order(on_hand=64, forecast=[30, 30, 30, 30, 40, 40, 40, 40],
    ...                         customer_orders=[33, 20, 10, 4, 2, 0, 0, 0],
    ...                         master_schedule=[0, 0, 70, 0, 70, 0, 70, 70],
    ...                         quantity=60, requested_period=2)
    >>> promise.can_promise_requested, promise.promised_period
    (True, 2)
    >>> promise.atp_after
    [7.0, 0.0, 0.0, 0.0, 68.0, 0.0, 70.0, 70.0]
    """
    record = mps_record(on_hand, forecast, customer_orders, master_schedule, demand_time_fence)
    amount = positive("quantity", quantity)
    horizon = len(record.forecast)
    first = whole("requested_period", requested_period)
    if first >= horizon:
        raise InputError(
            f"requested_period must be a period index from 0 to {horizon - 1}"
            f" (0 = period 1), got {requested_period!r}"
        )
    for period in range(first, horizon):
        booked = list(record.customer_orders)
        booked[period] += amount
        atp = _available_to_promise(record.on_hand, booked, record.master_schedule)
        if min(atp) >= -_ATP_TOLERANCE:
            return OrderPromise(
                can_promise_requested=period == first,
                promised_period=period,
                atp_before=record.available_to_promise,
                atp_after=atp,
            )
    return OrderPromise(
        can_promise_requested=False,
        promised_period=None,
        atp_before=record.available_to_promise,
        atp_after=None,
    )


def rough_cut_cpof(master_schedule, hours_per_unit, work_center_shares) -> dict:
    """Capacity planning using overall factors (CPOF): hours per work centre and period.

    master_schedule: MPS quantities per period [units], a list for one product family or a
    mapping product → list (all the same length); hours_per_unit: total standard hours per
    unit [h], a number for a list, a mapping product → hours for a mapping (the same products);
    work_center_shares: mapping work centre → historical share of the total hours, each in
    [0, 1], summing to 1 (within 1e-6, so rounded percentages pass).

    Total hours H(t) = Σ MPS(t) × hours per unit; work centre w gets share(w) × H(t).
    Returns a mapping work centre → list of hours per period.

    Vollmann, Berry, Whybark & Jacobs, *Manufacturing Planning and Control for Supply Chain
    Management*, rough-cut capacity planning example: end products A (0.95 h) and B (1.85 h),
    work centres 100, 200 and 300 with 60.3 %, 30.4 % and 9.3 % of past hours; periods 1-4:

    >>> hours = rough_cut_cpof(master_schedule={"A": [33, 33, 33, 40], "B": [17, 17, 17, 13]},
    ...                        hours_per_unit={"A": 0.95, "B": 1.85},
    ...                        work_center_shares={100: 0.603, 200: 0.304, 300: 0.093})
    >>> hours[100]
    [37.87, 37.87, 37.87, 37.42]
    """
    totals = _total_hours(master_schedule, hours_per_unit)
    shares = mapping("work_center_shares", work_center_shares)
    checked = {
        center: fraction(f"work_center_shares[{center!r}]", share, open_low=False, open_high=False)
        for center, share in shares.items()
    }
    if abs(math.fsum(checked.values()) - 1) > _SHARE_TOLERANCE:
        raise InputError(
            f"work_center_shares must sum to 1, got {math.fsum(checked.values())}"
            f" ({_format(checked)})"
        )
    return {center: [share * total for total in totals] for center, share in checked.items()}


def rough_cut_bill_of_resources(master_schedules, bill) -> dict:
    """Rough-cut load from a bill of resources (bill of labour): hours per work centre and period.

    master_schedules: mapping product → MPS quantities per period [units], all the same length;
    bill: mapping product → work centre → standard hours per unit [h]. Every scheduled product
    needs a bill and every product in the bill must be scheduled (a typo is caught, not ignored).

    Load(w, t) = Σ over products MPS(p, t) × hours(p, w); a work centre missing from a product's
    bill takes no load from it. Returns a mapping work centre → list of hours per period, work
    centres in the order they first appear in the bill.

    Vollmann, Berry, Whybark & Jacobs, *Manufacturing Planning and Control for Supply Chain
    Management*, rough-cut capacity planning example, bill of labour approach (periods 1-4):

    >>> bill = {"A": {100: 0.05, 200: 0.70, 300: 0.20}, "B": {100: 1.30, 200: 0.30, 300: 0.25}}
    >>> rough_cut_bill_of_resources({"A": [33, 33, 33, 40], "B": [17, 17, 17, 13]}, bill)
    {100: [23.75, 23.75, 23.75, 18.9], 200: [28.2, 28.2, 28.2, 31.9],
     300: [10.85, 10.85, 10.85, 11.25]}
    """
    schedules = _schedules("master_schedules", master_schedules)
    bills = mapping("bill", bill)
    same_keys("bill", bills, "master_schedules", schedules, what="products")
    per_unit = {
        product: {
            center: non_negative(f"bill[{product!r}][{center!r}]", hours)
            for center, hours in mapping(f"bill[{product!r}]", bills[product]).items()
        }
        for product in schedules
    }
    centers = list(dict.fromkeys(center for hours in per_unit.values() for center in hours))
    periods = len(next(iter(schedules.values())))
    return {
        center: [
            math.fsum(
                quantities[t] * per_unit[product].get(center, 0.0)
                for product, quantities in schedules.items()
            )
            for t in range(periods)
        ]
        for center in centers
    }


def _balances(opening: float, inflow: list, outflow: list) -> list:
    """The running balance opening + Σ inflow − Σ outflow at the end of each period."""
    balance, result = opening, []
    for added, used in zip(inflow, outflow, strict=True):
        balance += added - used
        result.append(balance)
    return result


def _available_to_promise(on_hand: float, orders: list, schedule: list) -> list:
    """Discrete ATP with look-ahead (the rule is in `mps_record`)."""
    starts = [0] + [t for t in range(1, len(schedule)) if schedule[t] > 0]
    ends = starts[1:] + [len(schedule)]
    atp = [0.0] * len(schedule)
    shortfall = 0.0
    for start, end in reversed(list(zip(starts, ends, strict=True))):
        supply = schedule[start] + (on_hand if start == 0 else 0.0)
        uncommitted = supply - math.fsum(orders[start:end]) - shortfall
        if start == 0:
            atp[start] = uncommitted
        else:
            atp[start], shortfall = max(0.0, uncommitted), max(0.0, -uncommitted)
    return atp


def _total_hours(master_schedule, hours_per_unit) -> list:
    """Σ MPS(t) × hours per unit per period, for one family (a list) or several products."""
    if not isinstance(master_schedule, Mapping):
        quantities = sequence("master_schedule", master_schedule, check=non_negative)
        per_unit = positive("hours_per_unit", hours_per_unit)
        return [quantity * per_unit for quantity in quantities]
    schedules = _schedules("master_schedule", master_schedule)
    given = mapping("hours_per_unit", hours_per_unit)
    same_keys("hours_per_unit", given, "master_schedule", schedules, what="products")
    per_unit = [positive(f"hours_per_unit[{p!r}]", given[p]) for p in schedules]
    return [
        math.fsum(quantity * hours for quantity, hours in zip(period, per_unit, strict=True))
        for period in zip(*schedules.values(), strict=True)
    ]


def _schedules(name: str, values) -> dict:
    """A mapping product → MPS quantities, every list checked and the same length."""
    checked = {
        product: sequence(f"{name}[{product!r}]", quantities, check=non_negative)
        for product, quantities in mapping(name, values).items()
    }
    lengths = {len(quantities) for quantities in checked.values()}
    if len(lengths) > 1:
        described = ", ".join(f"{p!r} has {len(q)}" for p, q in checked.items())
        raise InputError(f"{name} must have lists of the same length: {described}")
    return checked


