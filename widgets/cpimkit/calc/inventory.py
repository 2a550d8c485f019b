"""Inventory fundamentals: lot sizes and discounts, safety stock, order points, periodic
review, the single-period model, ABC and turns.

Time units are the caller's: every rate, lead time and standard deviation passed to one function
must share one unit (days, weeks, years). Costs exclude the purchase price unless stated.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import pairwise
from statistics import NormalDist

import numpy as np
import pandas as pd

from cpimkit.calc._result import Result
from cpimkit.calc._validate import (
    InputError,
    fraction,
    mapping,
    non_negative,
    number,
    positive,
    record,
    sequence,
)

_SHARE_TOLERANCE = 1e-12  # cumulative shares are compared to the thresholds up to rounding


@dataclass(frozen=True, repr=False)
class EOQResult(Result):
    quantity: float
    orders_per_year: float
    cycle_time: float
    ordering_cost: float
    holding_cost: float
    total_cost: float


@dataclass(frozen=True, repr=False)
class EPQResult(Result):
    quantity: float
    max_inventory: float
    setups_per_year: float
    setup_cost: float
    holding_cost: float
    total_cost: float
    cycle_time: float
    run_time: float


@dataclass(frozen=True, repr=False)
class ABCResult(Result):
    classes: dict
    table: pd.DataFrame


def eoq(annual_demand: float, order_cost: float, holding_cost: float) -> EOQResult:
    """Economic order quantity, Q* = sqrt(2·D·S / H).

    annual_demand: D [units/year]; order_cost: S [$/order]; holding_cost: H [$/unit/year]
    (for a carrying rate i on unit cost C, pass H = i·C).

    Returns Q* [units], orders_per_year D/Q*, cycle_time Q*/D [years] and the annual
    ordering cost (D/Q*)·S, holding cost (Q*/2)·H and their sum; the purchase cost is excluded.

    Heizer & Render, *Operations Management*, Sharp, Inc. (hypodermic needles):

    >>> eoq(annual_demand=1000, order_cost=10, holding_cost=0.5)
    EOQResult(quantity=200, orders_per_year=5, cycle_time=0.2, ordering_cost=50,
              holding_cost=50, total_cost=100)
    """
    demand = positive("annual_demand", annual_demand)
    per_order = positive("order_cost", order_cost)
    per_unit = positive("holding_cost", holding_cost)
    quantity = math.sqrt(2 * demand * per_order / per_unit)
    ordering = demand / quantity * per_order
    holding = quantity / 2 * per_unit
    return EOQResult(
        quantity=quantity,
        orders_per_year=demand / quantity,
        cycle_time=quantity / demand,
        ordering_cost=ordering,
        holding_cost=holding,
        total_cost=ordering + holding,
    )


def inventory_cost(
    annual_demand: float, order_cost: float, holding_cost: float, order_quantity: float
) -> float:
    """Annual ordering plus holding cost of ordering Q at a time, TC(Q) = (D/Q)·S + (Q/2)·H.

    annual_demand: D [units/year]; order_cost: S [$/order]; holding_cost: H [$/unit/year];
    order_quantity: Q [units]. The purchase cost is excluded, so TC is least at Q = EOQ.

    Heizer & Render, *Operations Management*, Sharp, Inc. at its EOQ of 200 needles:

    >>> inventory_cost(annual_demand=1000, order_cost=10, holding_cost=0.5, order_quantity=200)
    100.0
    """
    demand = positive("annual_demand", annual_demand)
    per_order = positive("order_cost", order_cost)
    per_unit = positive("holding_cost", holding_cost)
    quantity = positive("order_quantity", order_quantity)
    return demand / quantity * per_order + quantity / 2 * per_unit


def epq(
    annual_demand: float,
    setup_cost: float,
    holding_cost: float,
    production_rate: float,
    usage_rate: float,
) -> EPQResult:
    """Economic production quantity, Q* = sqrt(2·D·S / (H·(1 − u/p))).

    annual_demand: D [units/year]; setup_cost: S [$/setup]; holding_cost: H [$/unit/year];
    production_rate: p and usage_rate: u [units per period, both in the same period, p > u].

    Stock builds at p − u while a run lasts, so max_inventory = Q*·(1 − u/p); the annual setup
    cost is (D/Q*)·S and the holding cost (max_inventory/2)·H. cycle_time = Q*/u and
    run_time = Q*/p are in the period of the two rates.

    Heizer & Render, *Operations Management*, Nathan Manufacturing (hubcaps, production order
    quantity model):

    >>> epq(annual_demand=1000, setup_cost=10, holding_cost=0.5,
    ...     production_rate=8, usage_rate=4).quantity
    282.84
    """
    demand = positive("annual_demand", annual_demand)
    per_setup = positive("setup_cost", setup_cost)
    per_unit = positive("holding_cost", holding_cost)
    production = positive("production_rate", production_rate)
    usage = positive("usage_rate", usage_rate)
    if production <= usage:
        raise InputError(f"production_rate must be > usage_rate ({usage}), got {production}")
    build_share = 1 - usage / production
    quantity = math.sqrt(2 * demand * per_setup / (per_unit * build_share))
    max_inventory = quantity * build_share
    setup = demand / quantity * per_setup
    holding = max_inventory / 2 * per_unit
    return EPQResult(
        quantity=quantity,
        max_inventory=max_inventory,
        setups_per_year=demand / quantity,
        setup_cost=setup,
        holding_cost=holding,
        total_cost=setup + holding,
        cycle_time=quantity / usage,
        run_time=quantity / production,
    )


def safety_stock(
    service_level: float,
    demand_std: float,
    lead_time: float = 1,
    lead_time_std: float = 0,
    demand_rate: float = 0,
) -> float:
    """Safety stock for a cycle service level, SS = z·sqrt(L·σd² + d²·σL²).

    service_level: probability of no stockout in a replenishment cycle, in (0, 1);
    demand_std: σd [units per period]; lead_time: L [periods]; lead_time_std: σL [periods];
    demand_rate: d [units per period], needed only when σL > 0. With the default L = 1, pass
    the standard deviation of demand over the whole lead time as `demand_std`.

    z is the exact inverse normal of `service_level` (`statistics.NormalDist`), not a table
    value, so answers can differ from books in the second decimal (z(0.95) = 1.6449, not 1.65).

    Heizer & Render, *Operations Management*, Memphis Regional Hospital (lead-time demand
    σ = 10 kits, 95 % service; the book's table z of 1.65 gives 16.5):

    >>> safety_stock(service_level=0.95, demand_std=10)
    16.45
    """
    z = NormalDist().inv_cdf(fraction("service_level", service_level))
    sigma_demand = non_negative("demand_std", demand_std)
    lead = positive("lead_time", lead_time)
    sigma_lead = non_negative("lead_time_std", lead_time_std)
    rate = non_negative("demand_rate", demand_rate)
    if sigma_lead > 0 and rate == 0:
        raise InputError(f"demand_rate must be > 0 when lead_time_std > 0, got {rate}")
    return z * math.sqrt(lead * sigma_demand**2 + rate**2 * sigma_lead**2)


def reorder_point(demand_rate: float, lead_time: float, safety_stock: float = 0) -> float:
    """Reorder point, ROP = d·L + SS.

    demand_rate: d [units per period]; lead_time: L [periods, same period as d];
    safety_stock: SS [units].

    Heizer & Render, *Operations Management*, Electronic Assembler, Inc. (8,000 units a year
    over 250 working days, 3-day lead time):

    >>> reorder_point(demand_rate=8000 / 250, lead_time=3)
    96.0
    """
    rate = positive("demand_rate", demand_rate)
    lead = positive("lead_time", lead_time)
    buffer = non_negative("safety_stock", safety_stock)
    return rate * lead + buffer


def abc_classification(
    annual_values: object, a_share: float = 0.8, b_share: float = 0.95
) -> ABCResult:
    """ABC classes by annual usage value (the Pareto rule).

    annual_values: mapping item → annual usage value [$/year] (a dict or pandas Series);
    a_share, b_share: cumulative shares of total value that close classes A and B,
    0 < a_share < b_share ≤ 1.

    Rule: rank items by value, highest first (equal values keep their input order). An item's
    cumulative share is the share of total value of all items ranked up to and including it.
    An item is A while its cumulative share is ≤ a_share, B while it is ≤ b_share, C after
    that; the top-ranked item is always A, so a single dominant item is never left out.

    `table` is a DataFrame in rank order, indexed by item, with columns annual_value, share,
    cumulative_share and class.

    Arnold, Chapman & Clive, *Introduction to Materials Management*, ABC example (ten parts,
    $38,250 a year; A = parts 2 and 5, 78.4 % of value; B = parts 8 and 1):

    >>> values = {1: 2200, 2: 24000, 3: 400, 4: 1300, 5: 6000,
    ...           6: 250, 7: 200, 8: 3000, 9: 400, 10: 500}
    >>> abc_classification(values).classes
    {2: 'A', 5: 'A', 8: 'B', 1: 'B', 4: 'C', 10: 'C', 3: 'C', 9: 'C', 6: 'C', 7: 'C'}
    """
    values = mapping("annual_values", annual_values)
    checked = {item: non_negative(f"annual_values[{item!r}]", v) for item, v in values.items()}
    a_limit = fraction("a_share", a_share)
    b_limit = fraction("b_share", b_share, open_high=False)
    if b_limit <= a_limit:
        raise InputError(f"b_share must be > a_share ({a_limit}), got {b_limit}")

    ranked = sorted(checked, key=lambda item: -checked[item])  # stable: ties keep input order
    amounts = np.array([checked[item] for item in ranked])
    running = np.cumsum(amounts)
    total = running[-1]
    if total <= 0:
        raise InputError(f"annual_values must have a positive total, got {values!r}")
    cumulative = running / total

    def grade(rank: int, share: float) -> str:
        if rank == 0 or share <= a_limit + _SHARE_TOLERANCE:
            return "A"
        return "B" if share <= b_limit + _SHARE_TOLERANCE else "C"

    grades = [grade(rank, share) for rank, share in enumerate(cumulative)]
    table = pd.DataFrame(
        {
            "annual_value": amounts,
            "share": amounts / total,
            "cumulative_share": cumulative,
            "class": grades,
        },
        index=pd.Index(ranked, name="item"),
    )
    return ABCResult(classes=dict(zip(ranked, grades, strict=True)), table=table)


def inventory_turns(cost_of_goods_sold: float, average_inventory: float) -> float:
    """Inventory turns = cost of goods sold ÷ average inventory (both at cost, same period).

    cost_of_goods_sold: COGS [$/year]; average_inventory [$]. Turns are measured at cost,
    never against sales revenue.

    Bible Society supply-chain training manual (MSE-3, p. 48), December 2019: sales at cost
    $638,820, average inventory $314,568:

    >>> inventory_turns(cost_of_goods_sold=638_820, average_inventory=314_568)
    2.03
    """
    cogs = non_negative("cost_of_goods_sold", cost_of_goods_sold)
    return cogs / positive("average_inventory", average_inventory)


def days_of_supply(on_hand: float, average_daily_usage: float) -> float:
    """Days of supply = on-hand inventory ÷ average daily usage.

    on_hand [units or $ at cost]; average_daily_usage [the same unit per day]. For a dollar
    figure use COGS ÷ days in the period as the daily usage.

    Operately KPI examples, "Inventory Days of Supply": $200,000 of inventory against COGS of
    $1,000,000 over 365 days:

    >>> days_of_supply(on_hand=200_000, average_daily_usage=1_000_000 / 365)
    73.0
    """
    stock = non_negative("on_hand", on_hand)
    return stock / positive("average_daily_usage", average_daily_usage)


@dataclass(frozen=True, repr=False)
class QuantityDiscountResult(Result):
    quantity: float
    unit_price: float
    total_cost: float
    candidates: dict
    purchase_cost: float
    ordering_cost: float
    holding_cost: float


@dataclass(frozen=True, repr=False)
class SinglePeriodResult(Result):
    critical_ratio: float
    quantity: float
    z: float


@dataclass(frozen=True, repr=False)
class PeriodicReview(Result):
    target_level: float
    safety_stock: float
    order_quantity: float


def eoq_quantity_discount(
    annual_demand: float, order_cost: float, carrying_rate: float, price_breaks
) -> QuantityDiscountResult:
    """Order quantity under an all-units quantity discount, the cheapest in total annual cost.

    annual_demand: D [units/year]; order_cost: S [$/order]; carrying_rate: i, the annual
    holding cost as a fraction of the unit price, in (0, 1] (pass 0.20 for 20 %);
    price_breaks: [(min_quantity, unit_price), ...], min_quantity increasing and unit_price
    not increasing from break to break. All units of an order of Q are bought at the price of
    the last break whose min_quantity ≤ Q; quantities below the first break are not offered.

    TC(Q) = D·P + (D/Q)·S + (Q/2)·i·P, purchase cost included. For each break, the candidate
    is the EOQ at its price, sqrt(2·D·S / (i·P)), raised to the break's min_quantity when
    below it; an EOQ that reaches the next break is dropped, as that price does not apply to
    it. `candidates` maps each candidate quantity to its total cost; the cheapest wins (a tie
    goes to the smaller quantity). With prices that never rise the winner is the cheapest of
    all possible quantities.

    Heizer & Render, *Operations Management*, Wohl's Discount Store (Chris Beehner, toy race
    cars): D = 5,000, S = $49, i = 20 %, $5.00 below 1,000, $4.80 from 1,000, $4.75 from 2,000:

    >>> result = eoq_quantity_discount(annual_demand=5000, order_cost=49, carrying_rate=0.2,
    ...                                price_breaks=[(0, 5.00), (1000, 4.80), (2000, 4.75)])
    >>> result.quantity, result.unit_price, result.total_cost
    (1000.0, 4.8, 24725.0)
    >>> result.candidates
    {700.0: 25700.0, 1000.0: 24725.0, 2000.0: 24822.5}
    """
    demand = positive("annual_demand", annual_demand)
    per_order = positive("order_cost", order_cost)
    rate = fraction("carrying_rate", carrying_rate, open_high=False)
    price_break = record(("min_quantity", non_negative), ("unit_price", positive))
    breaks = sequence("price_breaks", price_breaks, check=price_break)
    for (low, price), (high, next_price) in pairwise(breaks):
        if high <= low:
            raise InputError(
                f"price_breaks min_quantity must increase from break to break, got {breaks!r}"
            )
        if next_price > price:
            raise InputError(f"price_breaks unit_price must not rise with quantity, got {breaks!r}")

    def costs(quantity: float, price: float) -> tuple[float, float, float]:
        return demand * price, demand / quantity * per_order, quantity / 2 * rate * price

    ceilings = [high for high, _ in breaks[1:]] + [math.inf]
    offers = {}
    for (low, price), ceiling in zip(breaks, ceilings, strict=True):
        quantity = max(math.sqrt(2 * demand * per_order / (rate * price)), low)
        if quantity < ceiling:
            offers[quantity] = price
    candidates = {q: math.fsum(costs(q, price)) for q, price in offers.items()}
    best = min(candidates, key=candidates.get)
    purchase, ordering, holding = costs(best, offers[best])
    return QuantityDiscountResult(
        quantity=best,
        unit_price=offers[best],
        total_cost=candidates[best],
        candidates=candidates,
        purchase_cost=purchase,
        ordering_cost=ordering,
        holding_cost=holding,
    )


def single_period_quantity(
    underage_cost: float, overage_cost: float, demand_mean: float, demand_std: float
) -> SinglePeriodResult:
    """Single-period (newsvendor) stocking quantity for normally distributed demand.

    underage_cost: Cu, profit lost on each unit of demand not stocked [$/unit] (price − cost);
    overage_cost: Co, loss on each unit left over [$/unit] (cost − salvage value);
    demand_mean: μ and demand_std: σ of demand in the period [units].

    Stock up to the critical ratio CR = Cu / (Cu + Co), the probability of not running out:
    Q = μ + z·σ with z the exact inverse normal of CR (`statistics.NormalDist`), not a table
    value, so answers can differ from books in the first decimal. Q is never below 0.

    Heizer & Render, *Operations Management*, Chris Ellis's newsstand (Washington Post:
    μ = 120, σ = 15 papers, cost 70 cents, price $1.25, 30-cent credit for an unsold copy; the
    book reads z = 0.20 from its table and stocks 123 papers):

    >>> result = single_period_quantity(underage_cost=0.55, overage_cost=0.40,
    ...                                 demand_mean=120, demand_std=15)
    >>> round(result.critical_ratio, 3), round(result.quantity, 1)
    (0.579, 123.0)
    """
    underage = positive("underage_cost", underage_cost)
    overage = positive("overage_cost", overage_cost)
    mean = non_negative("demand_mean", demand_mean)
    sigma = non_negative("demand_std", demand_std)
    ratio = underage / (underage + overage)
    z = NormalDist().inv_cdf(ratio)
    return SinglePeriodResult(critical_ratio=ratio, quantity=max(0.0, mean + z * sigma), z=z)


def periodic_review(
    demand_rate: float,
    demand_std: float,
    review_period: float,
    lead_time: float,
    service_level: float,
    on_hand: float = 0,
    on_order: float = 0,
) -> PeriodicReview:
    """Periodic-review (fixed order interval) target level and the order to place now.

    demand_rate: d [units per period]; demand_std: σd, of demand per period [units];
    review_period: R and lead_time: L [periods, the unit of d]; service_level: probability of
    no stockout before the next order after this one arrives, in (0, 1); on_hand: stock on
    hand less backorders [units, negative when backorders exceed stock]; on_order: open
    orders not yet received [units].

    An order placed now must cover demand until the next order arrives, R + L periods:
    target (order-up-to) level T = d·(R + L) + SS with SS = z·σd·sqrt(R + L), z the exact
    inverse normal of the service level (below 50 % the safety stock turns negative);
    order = T − on_hand − on_order, never below 0.

    Stevenson, *Operations Management*, fixed-order-interval example: d = 30 a day,
    σd = 3 a day, review every 7 days, lead time 2 days, 99 % service, 71 units on hand (the
    book's table z of 2.33 gives 220 units):

    >>> result = periodic_review(demand_rate=30, demand_std=3, review_period=7, lead_time=2,
    ...                          service_level=0.99, on_hand=71)
    >>> round(result.target_level, 2), round(result.order_quantity, 2)
    (290.94, 219.94)
    """
    rate = positive("demand_rate", demand_rate)
    sigma = non_negative("demand_std", demand_std)
    review = positive("review_period", review_period)
    lead = non_negative("lead_time", lead_time)
    z = NormalDist().inv_cdf(fraction("service_level", service_level))
    stock = number("on_hand", on_hand)
    open_orders = non_negative("on_order", on_order)
    protection = review + lead
    buffer = z * sigma * math.sqrt(protection)
    target = rate * protection + buffer
    return PeriodicReview(
        target_level=target,
        safety_stock=buffer,
        order_quantity=max(0.0, target - stock - open_orders),
    )
