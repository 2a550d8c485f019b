"""Dynamic lot sizing on checked inputs: the lots of the period-grouping heuristics and of
Wagner-Whitin. `cpimkit.calc.mrp.lot_sizing` validates the inputs and costs the plans.

Every function takes the net requirements d (floats >= 0, index 0 = period 1), the order cost S
and the holding cost h per unit per period, and returns the quantity received in each period.
An order arrives at the start of its period and covers it and the following periods up to the
next order. Holding is charged on end-of-period stock, so a lot covering periods i..j holds
H(i, j) = h·Σ (k − i)·d(k), summed over k = i..j.

>>> grouped_orders([18, 30, 42, 5, 20], order_cost=80, holding_cost=2, criterion=period_cost)
[48.0, 0.0, 47.0, 0.0, 20.0]
>>> wagner_whitin([18, 30, 42, 5, 20], order_cost=80, holding_cost=2)
[48.0, 0.0, 47.0, 0.0, 20.0]
"""

from __future__ import annotations

import math
from collections.abc import Callable


def part_period_gap(order_cost: float, holding: float, periods: int, units: float) -> float:
    """Part-period balancing (least total cost): how far the lot's holding cost is from S."""
    return abs(holding - order_cost)


def unit_cost(order_cost: float, holding: float, periods: int, units: float) -> float:
    """Least unit cost: order and holding cost per unit in the lot."""
    return (order_cost + holding) / units


def period_cost(order_cost: float, holding: float, periods: int, units: float) -> float:
    """Silver-Meal: order and holding cost per period covered."""
    return (order_cost + holding) / periods


def grouped_orders(
    net: list[float], order_cost: float, holding_cost: float, criterion: Callable
) -> list[float]:
    """One lot at each period that still needs stock, grown period by period while `criterion`
    of the grown lot (S, holding cost, periods covered, units) is no worse; the first rise stops
    it. Periods without requirement extend a lot at no cost."""
    orders = [0.0] * len(net)
    start = 0
    while start < len(net):
        if not net[start]:
            start += 1
            continue
        holding, units, end = 0.0, net[start], start
        score = criterion(order_cost, holding, 1, units)
        for k in range(start + 1, len(net)):
            longer_holding = holding + holding_cost * (k - start) * net[k]
            longer_score = criterion(order_cost, longer_holding, k - start + 1, units + net[k])
            if longer_score > score:
                break
            holding, units, score, end = longer_holding, units + net[k], longer_score, k
        orders[start] = math.fsum(net[start : end + 1])
        start = end + 1
    return orders


def wagner_whitin(net: list[float], order_cost: float, holding_cost: float) -> list[float]:
    """The least-cost plan (Wagner & Whitin, 1958), by forward dynamic programming.

    cost[j] is the least cost of covering periods 0..j−1 with stock zero at the end; a plan for
    periods 0..j whose last order is in period i costs cost[i] + S + H(i, j). Only periods with
    a requirement are tried as order periods (an order never needs to arrive with stock left),
    and two bounds keep the search short, so it takes O(n²) steps at worst and about
    n × (periods one lot covers) in practice:
    - an order in i cannot cover a requirement d(j) > 0 once h·(j − i)·d(j) > S: ordering in j
      itself would be cheaper (and earlier i only cost more);
    - planning horizon (Wagner & Whitin's theorem): if the best plan for periods 0..j orders last
      in period i, some best plan for any longer horizon orders last in i or later.
    """
    cost = [0.0] * (len(net) + 1)
    last_order = [0] * (len(net) + 1)
    horizon = 0
    for j, requirement in enumerate(net):
        if not requirement:
            cost[j + 1], last_order[j + 1] = cost[j], last_order[j]
            continue
        best, best_start = math.inf, j
        holding, carried = 0.0, 0.0  # H(i, j), and the units of periods i..j
        for i in range(j, horizon - 1, -1):
            if holding_cost * (j - i) * requirement > order_cost:
                break
            if net[i] and cost[i] + order_cost + holding < best:
                best, best_start = cost[i] + order_cost + holding, i
            carried += net[i]
            holding += holding_cost * carried
        cost[j + 1], last_order[j + 1] = best, best_start
        horizon = best_start

    orders = [0.0] * len(net)
    end = len(net)
    while end > 0:
        start = last_order[end]
        orders[start] = math.fsum(net[start:end])
        end = start
    return orders
