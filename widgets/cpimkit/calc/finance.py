"""Financial fundamentals and strategy: break-even, crossover and cost-volume ranges,
cash-to-cash, ROA, factor rating, investment appraisal (NPV, IRR, payback) and decisions under
risk (expected monetary value, decision trees)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from scipy.optimize import brentq

from cpimkit.calc._result import Result
from cpimkit.calc._validate import (
    InputError,
    fraction,
    label,
    mapping,
    non_negative,
    number,
    positive,
    record,
    same_length,
    sequence,
)

_PROBABILITY_TOLERANCE = 1e-9


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


@dataclass(frozen=True, repr=False)
class DecisionTree(Result):
    """Paths are tuples of branch labels from the root; () is the root itself."""

    value: float
    choices: dict
    node_values: dict
    best: object


def _where(path: tuple) -> str:
    return "tree" + "".join(f"[{step!r}]" for step in path)


def _probabilities_sum_to_one(where: str, probabilities) -> None:
    total = math.fsum(probabilities)
    if abs(total - 1) > _PROBABILITY_TOLERANCE:
        raise InputError(f"{where}: probabilities sum to {total:g}, not 1")


def _solve(node: object, path: tuple, choices: dict, node_values: dict) -> float:
    """Roll back one node (and everything beneath it), recording values and choices."""
    where = _where(path)
    if not isinstance(node, Mapping):
        value = number(where, node)
    elif set(node) == {"decision"}:
        options = mapping(where, node["decision"])
        values = {
            option: _solve(subtree, (*path, label(where, option)), choices, node_values)
            for option, subtree in options.items()
        }
        choices[path] = max(values, key=values.get)  # max keeps the first of equal values
        value = values[choices[path]]
    elif set(node) == {"chance"}:
        outcomes = mapping(where, node["chance"])
        weighted = []
        for outcome, branch in outcomes.items():
            branch_where = f"{where}[{outcome!r}]"
            if isinstance(branch, (str, bytes, Mapping)) or not hasattr(branch, "__len__") \
                    or len(branch) != 2:
                raise InputError(f"{branch_where} must be a pair [probability, subtree], "
                                 f"got {branch!r}")
            probability = fraction(f"{branch_where} probability", branch[0],
                                   open_low=False, open_high=False)
            child = _solve(branch[1], (*path, label(where, outcome)), choices, node_values)
            weighted.append((probability, child))
        _probabilities_sum_to_one(where, [p for p, _ in weighted])
        value = math.fsum(p * child for p, child in weighted)
    else:
        raise InputError(
            f"{where} must be a payoff (a number) or a node with exactly one key, 'decision' "
            f"or 'chance', got {node!r}"
        )
    node_values[path] = value
    return value


def decision_tree(tree: object) -> DecisionTree:
    """Roll back a decision tree: the expected value of each node and the best option at each
    decision.

    tree: plain data, nested to any depth [payoffs in money, e.g. $]:
    a leaf is a number, the net payoff at the end of its path; a decision node is
    {"decision": {option: subtree, ...}}, worth its best option (the first listed on a tie);
    a chance node is {"chance": {outcome: [probability, subtree], ...}}, worth
    Σ probability × subtree value, its probabilities summing to 1 (within 1e-9).
    Costs such as a survey fee are subtracted from the payoffs of the paths that pay them.

    value is the root's expected value; node_values maps each path (a tuple of branch labels,
    () for the root) to the node's expected value; choices maps the path of each decision node
    to the option chosen there; best is the option chosen at the root (None if the root is not
    a decision).

    Heizer & Render, *Operations Management*, Module A (decision-making tools), Getz Products:
    a large plant earns $200,000 in a favourable market and loses $180,000 in an unfavourable
    one, a small plant $100,000 or −$20,000; a $10,000 market survey is favourable with
    probability 0.45 (the market then is favourable with probability 0.78), unfavourable with
    0.55 (then 0.27); without it the market is favourable with probability 0.5:

    >>> def plants(favourable, cost=0):
    ...     def market(good, bad):
    ...         return {"chance": {"favourable": [favourable, good - cost],
    ...                            "unfavourable": [1 - favourable, bad - cost]}}
    ...     return {"decision": {"large plant": market(200_000, -180_000),
    ...                          "small plant": market(100_000, -20_000), "no plant": -cost}}
    >>> getz = {"decision": {
    ...     "survey": {"chance": {"favourable": [0.45, plants(0.78, cost=10_000)],
    ...                           "unfavourable": [0.55, plants(0.27, cost=10_000)]}},
    ...     "no survey": plants(0.5)}}
    >>> result = decision_tree(getz)
    >>> result.value, result.best, result.node_values[("no survey",)]
    (49200.0, 'survey', 40000.0)
    >>> result.choices[("survey", "favourable")], result.choices[("survey", "unfavourable")]
    ('large plant', 'small plant')
    """
    choices, node_values = {}, {}
    value = _solve(tree, (), choices, node_values)
    return DecisionTree(value=value, choices=choices, node_values=node_values,
                        best=choices.get(()))


def cost_volume_ranges(alternatives: object) -> list[tuple]:
    """The cheapest of several alternatives on each range of volume, from 0 to math.inf.

    alternatives: mapping name → (fixed_cost, unit_cost) [$ per period, $/unit], at least two.
    Returns [(from_volume, to_volume, name), ...]: consecutive ranges covering 0 to math.inf,
    each naming the alternative with the lowest total cost F + V·x inside it (the lower
    envelope of the cost lines). The breakpoints are crossover points (see `crossover_point`).
    At volume 0 the lowest fixed cost wins, ties going to the lower unit cost; an
    alternative that is never cheapest does not appear; identical lines go to the first listed.

    Heizer & Render, *Operations Management*, location strategies chapter, locational
    cost-volume analysis: Akron ($30,000 + $75/unit), Bowling Green ($60,000 + $45/unit),
    Chicago ($110,000 + $25/unit):

    >>> cost_volume_ranges({"Akron": (30_000, 75), "Bowling Green": (60_000, 45),
    ...                     "Chicago": (110_000, 25)})
    [(0.0, 1000.0, 'Akron'), (1000.0, 2500.0, 'Bowling Green'), (2500.0, inf, 'Chicago')]
    """
    line = record(("fixed_cost", non_negative), ("unit_cost", non_negative))
    lines = {
        name: line(f"alternatives[{name!r}]", costs)
        for name, costs in mapping("alternatives", alternatives, min_length=2).items()
    }
    current = min(lines, key=lambda name: lines[name])  # lowest F, then lowest V, then first
    volume, ranges = 0.0, []
    while True:
        fixed, unit = lines[current]
        crossings = []  # (volume, unit cost, name) of each cheaper-per-unit line met later
        for name, (other_fixed, other_unit) in lines.items():
            if other_unit < unit:
                crossing = max(volume, (other_fixed - fixed) / (unit - other_unit))
                if math.isfinite(crossing):  # a vanishing slope gap meets beyond any volume
                    crossings.append((crossing, other_unit, name))
        if not crossings:
            ranges.append((volume, math.inf, current))
            return ranges
        crossing, _, successor = min(crossings, key=lambda c: (c[0], c[1]))
        if crossing > volume:
            ranges.append((volume, crossing, current))
        volume, current = crossing, successor


def npv(rate: float, cash_flows) -> float:
    """Net present value, NPV = Σ CF_t / (1 + r)^t for t = 0..n.

    rate: r, the discount rate per period as a fraction (0.08 for 8 %), > −1;
    cash_flows: CF_0..CF_n [$]; CF_0 is at time 0 (not discounted, usually the negative
    investment), CF_t at the end of period t.

    Gitman, *Principles of Managerial Finance*, capital budgeting techniques, Bennett
    Company project A: $42,000 invested, $14,000 a year for 5 years, cost of capital 10 %
    (the book: $11,071):

    >>> npv(rate=0.10, cash_flows=[-42_000] + [14_000] * 5)
    11071.01
    """
    discount = number("rate", rate)
    if discount <= -1:
        raise InputError(f"rate must be > -1 (a fraction, 0.08 for 8 %), got {discount}")
    flows = sequence("cash_flows", cash_flows)
    return math.fsum(flow / (1 + discount) ** t for t, flow in enumerate(flows))


_IRR_LOW, _IRR_HIGH, _IRR_GRID = -0.99, 10.0, 2000


def _npv_sign(flows: list[float], growth: float) -> float:
    """NPV at rate growth − 1, scaled by growth^n when growth < 1 so no power overflows; the
    scaled function has the sign and the roots of the NPV and is continuous at growth = 1."""
    last = len(flows) - 1
    if growth < 1:
        return math.fsum(flow * growth ** (last - t) for t, flow in enumerate(flows))
    return math.fsum(flow / growth**t for t, flow in enumerate(flows))


def internal_rate_of_return(cash_flows) -> float:
    """Internal rate of return: the rate r at which npv(r, cash_flows) = 0 [fraction per period].

    cash_flows: CF_0..CF_n [$] as for `npv`, with at least one negative and one positive flow.
    The rate is searched between −99 % and 1,000 % per period (on a fine grid, then refined);
    `InputError` if the NPV changes sign there not exactly once (no rate, or several rates, as
    flows that change sign more than once may give).

    Gitman, *Principles of Managerial Finance*, capital budgeting techniques, Bennett
    Company project A ($42,000 invested, $14,000 a year for 5 years; the book: 19.9 %):

    >>> internal_rate_of_return([-42_000] + [14_000] * 5)
    0.1986
    """
    flows = sequence("cash_flows", cash_flows, min_length=2)
    if not (min(flows) < 0 < max(flows)):
        raise InputError(
            f"cash_flows must hold both a negative and a positive flow to have an internal "
            f"rate of return, got {flows!r}"
        )
    low, high = math.log1p(_IRR_LOW), math.log1p(_IRR_HIGH)
    grid = [math.exp(low + (high - low) * i / _IRR_GRID) for i in range(_IRR_GRID + 1)]
    signs = [_npv_sign(flows, growth) for growth in grid]
    roots = [grid[i] for i, s in enumerate(signs) if s == 0]
    brackets = [
        (grid[i], grid[i + 1]) for i in range(_IRR_GRID) if signs[i] * signs[i + 1] < 0
    ]
    if len(roots) + len(brackets) != 1:
        found = "no rate" if not (roots or brackets) else "several rates"
        raise InputError(
            f"cash_flows {flows!r} have no unique internal rate of return: {found} between "
            f"-99 % and 1,000 % make the NPV zero"
        )
    if roots:
        return roots[0] - 1
    return brentq(lambda growth: _npv_sign(flows, growth), *brackets[0], xtol=1e-14) - 1


def payback_period(cash_flows) -> float:
    """Payback period [periods]: when the cumulative cash flow first becomes non-negative.

    cash_flows: CF_0..CF_n [$]; CF_0 at time 0 (usually the negative investment), CF_t
    earned evenly during period t. Payback falls in the first period t whose cumulative flow
    Σ CF_0..CF_t is ≥ 0, at (t − 1) + (what was still unrecovered after t − 1) ÷ CF_t; 0 if
    CF_0 ≥ 0; math.inf if the cumulative flow never turns non-negative. Flows after payback,
    and the time value of money, are ignored.

    Gitman, *Principles of Managerial Finance*, capital budgeting techniques, Bennett
    Company project B: $45,000 invested, then $28,000, $12,000 and $10,000 a year for three
    years (the book: 2.5 years):

    >>> payback_period([-45_000, 28_000, 12_000, 10_000, 10_000, 10_000])
    2.5
    """
    flows = sequence("cash_flows", cash_flows)
    cumulative = [math.fsum(flows[: t + 1]) for t in range(len(flows))]
    for t, total in enumerate(cumulative):
        if total >= 0:
            return 0.0 if t == 0 else (t - 1) + -cumulative[t - 1] / flows[t]
    return math.inf


@dataclass(frozen=True, repr=False)
class EMVResult(Result):
    values: dict
    best: object
    expected_value_with_perfect_information: float
    evpi: float


def expected_monetary_value(payoffs: object, probabilities) -> EMVResult:
    """Expected monetary value of each alternative, EMV_i = Σ_j p_j × payoff_ij, and the value
    of perfect information.

    payoffs: mapping alternative → [payoff in each state of nature] [$]; probabilities: p_j of
    each state, in the same order, in [0, 1] and summing to 1 (within 1e-9).
    best is the alternative with the highest EMV (the first listed on a tie).
    expected_value_with_perfect_information = Σ_j p_j × (best payoff in state j);
    evpi = that − the best EMV: the most worth paying for a perfect forecast.

    Heizer & Render, *Operations Management*, Module A (decision-making tools), Getz
    Products: large plant $200,000 or −$180,000, small plant $100,000 or −$20,000, nothing $0,
    in a favourable or an unfavourable market, each with probability 0.5 (the book: best EMV
    $40,000, EVPI $60,000):

    >>> expected_monetary_value(
    ...     payoffs={"large plant": [200_000, -180_000], "small plant": [100_000, -20_000],
    ...              "do nothing": [0, 0]},
    ...     probabilities=[0.5, 0.5])
    EMVResult(values={'large plant': 10000, 'small plant': 40000, 'do nothing': 0},
              best='small plant', expected_value_with_perfect_information=100000, evpi=60000)
    """
    chances = sequence("probabilities", probabilities,
                       check=lambda name, p: fraction(name, p, open_low=False, open_high=False))
    _probabilities_sum_to_one("probabilities", chances)
    table = {
        alternative: sequence(f"payoffs[{alternative!r}]", row)
        for alternative, row in mapping("payoffs", payoffs).items()
    }
    for alternative, row in table.items():
        same_length(**{"probabilities": chances, f"payoffs[{alternative!r}]": row})
    values = {
        alternative: math.fsum(p * payoff for p, payoff in zip(chances, row, strict=True))
        for alternative, row in table.items()
    }
    best = max(values, key=values.get)  # max keeps the first of equal values
    perfect = math.fsum(
        p * max(row[j] for row in table.values()) for j, p in enumerate(chances)
    )
    return EMVResult(values=values, best=best,
                     expected_value_with_perfect_information=perfect,
                     evpi=perfect - values[best])
