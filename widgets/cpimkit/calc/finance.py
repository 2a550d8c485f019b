"""Financial fundamentals and strategy: break-even, crossover, cash-to-cash, ROA, factor rating."""

from __future__ import annotations

from dataclasses import dataclass

from cpimkit.calc._result import Result
from cpimkit.calc._validate import InputError, mapping, non_negative, number, positive


@dataclass(frozen=True, repr=False)
class BreakEvenResult(Result):
    units: float
    revenue: float
    contribution_margin: float


@dataclass(frozen=True, repr=False)
class FactorRatingResult(Result):
    totals: dict
    best: object


def break_even(fixed_cost: float, unit_price: float, unit_variable_cost: float) -> BreakEvenResult:
    """Break-even volume, BEPx = F / (P − V), and revenue, BEP$ = BEPx·P.

    fixed_cost: F [$ per period]; unit_price: P [$/unit]; unit_variable_cost: V [$/unit],
    with P > V. contribution_margin is P − V [$/unit]. Volumes are not rounded.

    Heizer & Render, *Operations Management*, Stephens, Inc. (F = $10,000, labour $1.50 and
    material $0.75 a unit, price $4.00):

    >>> break_even(fixed_cost=10_000, unit_price=4.00, unit_variable_cost=1.50 + 0.75)
    BreakEvenResult(units=5714.2857, revenue=22857.1429, contribution_margin=1.75)
    """
    fixed = non_negative("fixed_cost", fixed_cost)
    price = positive("unit_price", unit_price)
    variable = non_negative("unit_variable_cost", unit_variable_cost)
    if price <= variable:
        raise InputError(
            f"unit_price must be > unit_variable_cost ({variable}) to break even, got {price}"
        )
    margin = price - variable
    units = fixed / margin
    return BreakEvenResult(units=units, revenue=units * price, contribution_margin=margin)


def crossover_point(
    fixed_cost_a: float, unit_cost_a: float, fixed_cost_b: float, unit_cost_b: float
) -> float:
    """Volume at which two alternatives cost the same, x = (F_b − F_a) / (V_a − V_b).

    fixed_cost_a, fixed_cost_b: F [$ per period]; unit_cost_a, unit_cost_b: V [$/unit].
    Below x the alternative with the lower fixed cost is cheaper, above it the one with the
    lower unit cost. Parallel cost lines, or lines that meet only at a negative volume (one
    alternative is cheaper at every volume), raise `InputError`.

    Stevenson, *Operations Management*, locational cost-volume analysis: Bowling Green
    ($100,000 + $30/unit) against Chicago ($150,000 + $20/unit):

    >>> crossover_point(fixed_cost_a=100_000, unit_cost_a=30, fixed_cost_b=150_000, unit_cost_b=20)
    5000.0
    """
    fixed_a = non_negative("fixed_cost_a", fixed_cost_a)
    variable_a = non_negative("unit_cost_a", unit_cost_a)
    fixed_b = non_negative("fixed_cost_b", fixed_cost_b)
    variable_b = non_negative("unit_cost_b", unit_cost_b)
    if variable_a == variable_b:
        raise InputError(
            f"unit_cost_a and unit_cost_b must differ (both {variable_a}): "
            "parallel cost lines never cross"
        )
    volume = (fixed_b - fixed_a) / (variable_a - variable_b)
    if volume < 0:
        raise InputError(
            f"the cost lines cross only at a negative volume ({volume:g}): with fixed_cost_a="
            f"{fixed_a:g}, unit_cost_a={variable_a:g}, fixed_cost_b={fixed_b:g}, "
            f"unit_cost_b={variable_b:g} one alternative is cheaper at every volume"
        )
    return volume


def cash_to_cash(days_inventory: float, days_receivables: float, days_payables: float) -> float:
    """Cash-to-cash cycle time [days] = days of inventory + days of receivables − days of payables.

    days_inventory: DIO; days_receivables: DSO; days_payables: DPO [days each]. A negative
    result means customers pay before suppliers are paid.

    Supply Chain Online, *Performance Measures for Supply Chain Management* (SCM105), 45 days
    of inventory, 30 of receivables, 35 of payables:

    >>> cash_to_cash(days_inventory=45, days_receivables=30, days_payables=35)
    40.0
    """
    inventory = non_negative("days_inventory", days_inventory)
    receivables = non_negative("days_receivables", days_receivables)
    payables = non_negative("days_payables", days_payables)
    return inventory + receivables - payables


def return_on_assets(net_income: float, total_assets: float) -> float:
    """Return on assets = net income ÷ total assets, as a fraction (0.25 is 25 %).

    net_income [$ per year, negative for a loss]; total_assets [$].

    "Return on assets" slides (scribd.com/presentation/744907397): sales $20 M, stock 35 % of
    sales held at 20 % a year, operating costs $8 M, other assets $15 M, so profit $10.6 M on
    assets of $22 M:

    >>> return_on_assets(net_income=10.6e6, total_assets=22e6)
    0.4818
    """
    income = number("net_income", net_income)
    return income / positive("total_assets", total_assets)


def weighted_factor_rating(weights: object, scores: object) -> FactorRatingResult:
    """Weighted factor rating: total of each option = Σ weight × score over the factors.

    weights: mapping factor → weight (≥ 0, not all zero); scores: mapping option → mapping
    factor → score, every option scoring exactly the factors in `weights`. Weights are used as
    given, not normalised: with weights summing to 1 each total is a weighted mean of the
    option's scores. `best` is the option with the highest total (the first one listed on a tie).

    Heizer & Render, *Operations Management*, Five Flags over Florida theme park, France
    against Denmark:

    >>> weights = {"labor": 0.25, "people_per_car": 0.05, "income": 0.10,
    ...            "tax": 0.39, "education_health": 0.21}
    >>> scores = {"France": {"labor": 70, "people_per_car": 50, "income": 85,
    ...                      "tax": 75, "education_health": 60},
    ...           "Denmark": {"labor": 60, "people_per_car": 60, "income": 80,
    ...                       "tax": 70, "education_health": 70}}
    >>> weighted_factor_rating(weights, scores)
    FactorRatingResult(totals={'France': 70.35, 'Denmark': 68}, best='France')
    """
    factor_weights = {
        factor: non_negative(f"weights[{factor!r}]", weight)
        for factor, weight in mapping("weights", weights).items()
    }
    if sum(factor_weights.values()) <= 0:
        raise InputError(f"weights must not all be zero, got {factor_weights!r}")
    totals = {}
    for option, option_scores in mapping("scores", scores).items():
        rated = mapping(f"scores[{option!r}]", option_scores)
        if set(rated) != set(factor_weights):
            expected = sorted(map(str, factor_weights))
            raise InputError(
                f"scores[{option!r}] must score exactly the factors {expected}, "
                f"got {sorted(map(str, rated))}"
            )
        totals[option] = sum(
            weight * number(f"scores[{option!r}][{factor!r}]", rated[factor])
            for factor, weight in factor_weights.items()
        )
    best = max(totals, key=totals.get)  # max keeps the first of equal totals
    return FactorRatingResult(totals=totals, best=best)
