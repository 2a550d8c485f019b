"""cpimkit.calc.finance: properties of each formula, and InputError naming the bad parameter."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpimkit.calc import InputError
from cpimkit.calc.finance import (
    break_even,
    cash_to_cash,
    cost_volume_ranges,
    crossover_point,
    decision_tree,
    expected_monetary_value,
    internal_rate_of_return,
    npv,
    payback_period,
    return_on_assets,
    weighted_factor_rating,
)

relaxed = settings(deadline=None)
money = st.floats(min_value=0.01, max_value=1e6)
days = st.floats(min_value=0, max_value=365)


@relaxed
@given(fixed=st.floats(0, 1e7), variable=st.floats(0, 1e3), margin=st.floats(0.01, 1e3))
def test_profit_is_zero_at_break_even(fixed, variable, margin):
    price = variable + margin
    result = break_even(fixed_cost=fixed, unit_price=price, unit_variable_cost=variable)
    assert result.revenue == pytest.approx(result.units * price)
    profit = result.revenue - (fixed + result.units * variable)
    assert profit == pytest.approx(0, abs=1e-6 * max(1.0, result.revenue))
    assert result.contribution_margin == pytest.approx(price - variable)


@relaxed
@given(fixed_a=st.floats(0, 1e6), extra_fixed=money, unit_b=st.floats(0, 1e3), extra_unit=money)
def test_the_two_cost_lines_meet_at_the_crossover(fixed_a, extra_fixed, unit_b, extra_unit):
    fixed_b, unit_a = fixed_a + extra_fixed, unit_b + extra_unit
    volume = crossover_point(fixed_a, unit_a, fixed_b, unit_b)
    assert volume >= 0
    cost_a, cost_b = fixed_a + unit_a * volume, fixed_b + unit_b * volume
    assert cost_a == pytest.approx(cost_b, rel=1e-9)
    assert crossover_point(fixed_b, unit_b, fixed_a, unit_a) == pytest.approx(volume)


def test_equal_fixed_costs_cross_at_zero():
    assert crossover_point(100, 5, 100, 3) == 0


@relaxed
@given(inventory=days, receivables=days, payables=days)
def test_cash_to_cash_is_inventory_plus_receivables_less_payables(inventory, receivables, payables):
    assert cash_to_cash(inventory, receivables, payables) == pytest.approx(
        inventory + receivables - payables
    )


def test_cash_to_cash_may_be_negative():
    assert cash_to_cash(days_inventory=5, days_receivables=30, days_payables=60) == -25


@relaxed
@given(income=st.floats(-1e6, 1e6), assets=money)
def test_return_on_assets_times_assets_is_income(income, assets):
    assert return_on_assets(income, assets) * assets == pytest.approx(income, abs=1e-6)


factor_names = st.lists(st.text(min_size=1, max_size=5), min_size=1, max_size=6, unique=True)


@relaxed
@given(data=st.data(), factors=factor_names, options=st.integers(1, 5))
def test_weighted_totals_are_weighted_means_and_best_is_the_highest(data, factors, options):
    raw = data.draw(st.lists(st.floats(0.01, 10), min_size=len(factors), max_size=len(factors)))
    weights = dict(zip(factors, np.array(raw) / sum(raw), strict=True))
    scores = {
        f"option {n}": {f: data.draw(st.floats(0, 100)) for f in factors} for n in range(options)
    }
    result = weighted_factor_rating(weights=weights, scores=scores)
    for option, rated in scores.items():
        values = [rated[f] for f in factors]
        mean = np.average(values, weights=[weights[f] for f in factors])
        assert result.totals[option] == pytest.approx(mean, abs=1e-9)
        assert min(values) - 1e-9 <= result.totals[option] <= max(values) + 1e-9
    assert result.totals[result.best] == max(result.totals.values())


def test_factor_rating_breaks_ties_by_listing_order_and_takes_pandas():
    weights = pd.Series({"cost": 2.0, "quality": 1.0})
    scores = {"first": pd.Series({"cost": 1, "quality": 4}), "second": {"quality": 2, "cost": 2}}
    result = weighted_factor_rating(weights, scores)
    assert result.totals == {"first": 6, "second": 6}
    assert result.best == "first"


def test_break_even_result_is_readable():
    assert repr(break_even(60_000, 25, 15)) == (
        "BreakEvenResult(units=6000, revenue=150000, contribution_margin=10)"
    )


GOOD = {
    break_even: {"fixed_cost": 60_000, "unit_price": 25, "unit_variable_cost": 15},
    crossover_point: {"fixed_cost_a": 50_000, "unit_cost_a": 20, "fixed_cost_b": 120_000,
                      "unit_cost_b": 10},
    cash_to_cash: {"days_inventory": 45, "days_receivables": 30, "days_payables": 35},
    return_on_assets: {"net_income": 1e5, "total_assets": 1e6},
}
NUMERIC = [(function, name) for function, inputs in GOOD.items() for name in inputs]
MUST_NOT_BE_NEGATIVE = [pair for pair in NUMERIC if pair != (return_on_assets, "net_income")]


def label(parameter):
    return getattr(parameter, "__name__", parameter)


def call(function, **changes):
    return function(**{**GOOD[function], **changes})


@pytest.mark.parametrize("bad", [math.nan, -math.inf, math.inf, "12", True, None])
@pytest.mark.parametrize(("function", "name"), NUMERIC, ids=label)
def test_non_numbers_are_refused_by_name(function, name, bad):
    with pytest.raises(InputError, match=name):
        call(function, **{name: bad})


@pytest.mark.parametrize(("function", "name"), MUST_NOT_BE_NEGATIVE, ids=label)
def test_negative_figures_are_refused_by_name(function, name):
    with pytest.raises(InputError, match=f"{name} must be"):
        call(function, **{name: -2})


@pytest.mark.parametrize(
    ("function", "name"),
    [(break_even, "unit_price"), (return_on_assets, "total_assets")],
    ids=label,
)
def test_zero_is_refused_where_meaningless(function, name):
    with pytest.raises(InputError, match=f"{name} must be > 0, got 0.0"):
        call(function, **{name: 0})


@pytest.mark.parametrize("price", [15, 10])
def test_break_even_needs_a_price_above_variable_cost(price):
    with pytest.raises(InputError, match="unit_price must be > unit_variable_cost"):
        break_even(fixed_cost=60_000, unit_price=price, unit_variable_cost=15)


def test_parallel_cost_lines_have_no_crossover():
    with pytest.raises(InputError, match="unit_cost_a and unit_cost_b must differ"):
        crossover_point(fixed_cost_a=100, unit_cost_a=5, fixed_cost_b=200, unit_cost_b=5)


def test_a_dominant_alternative_has_no_crossover():
    with pytest.raises(InputError, match=r"negative volume.*fixed_cost_a=100"):
        crossover_point(fixed_cost_a=100, unit_cost_a=3, fixed_cost_b=200, unit_cost_b=5)


WEIGHTS = {"cost": 0.6, "quality": 0.4}
SCORES = {"x": {"cost": 80, "quality": 60}, "y": {"cost": 70, "quality": 90}}


@pytest.mark.parametrize(
    ("weights", "scores", "name"),
    [
        ({}, SCORES, "weights"),
        ([0.6, 0.4], SCORES, "weights"),
        ({"cost": -0.6, "quality": 0.4}, SCORES, r"weights\['cost'\]"),
        ({"cost": math.nan, "quality": 0.4}, SCORES, r"weights\['cost'\]"),
        ({"cost": "0.6", "quality": 0.4}, SCORES, r"weights\['cost'\]"),
        ({"cost": 0, "quality": 0}, SCORES, "weights must not all be zero"),
        (WEIGHTS, {}, "scores"),
        (WEIGHTS, {"x": [80, 60]}, r"scores\['x'\]"),
        (WEIGHTS, {"x": {"cost": 80}}, r"scores\['x'\] must score exactly"),
        (WEIGHTS, {"x": {"cost": 80, "quality": 60, "speed": 5}}, r"scores\['x'\] must score"),
        (WEIGHTS, {"x": {"cost": math.inf, "quality": 60}}, r"scores\['x'\]\['cost'\]"),
        (WEIGHTS, {"x": {"cost": True, "quality": 60}}, r"scores\['x'\]\['cost'\]"),
    ],
)
def test_factor_rating_refuses_bad_weights_and_ragged_scores(weights, scores, name):
    with pytest.raises(InputError, match=name):
        weighted_factor_rating(weights=weights, scores=scores)


# --- investment appraisal -------------------------------------------------------------------

flow = st.floats(-1e5, 1e5)
flows = st.lists(flow, min_size=1, max_size=12)
rates = st.floats(-0.5, 2)
investment = st.floats(1, 1e6)
inflows = st.lists(st.floats(0, 1e5), min_size=1, max_size=12)


@relaxed
@given(cash_flows=flows)
def test_npv_at_a_zero_rate_is_the_sum_of_the_flows(cash_flows):
    assert npv(0, cash_flows) == pytest.approx(math.fsum(cash_flows), abs=1e-6)


@relaxed
@given(cash_flows=flows, rate=rates)
def test_npv_discounts_each_flow_by_its_period(cash_flows, rate):
    expected = sum(f / (1 + rate) ** t for t, f in enumerate(cash_flows))
    assert npv(rate, np.array(cash_flows)) == pytest.approx(expected, rel=1e-9, abs=1e-6)


@relaxed
@given(cost=investment, returns=inflows, low=st.floats(0, 1), step=st.floats(0.001, 1))
def test_npv_of_a_conventional_investment_falls_as_the_rate_rises(cost, returns, low, step):
    cash_flows = [-cost, *returns]
    assert npv(low + step, cash_flows) <= npv(low, cash_flows) + 1e-9


@relaxed
@given(cost=investment, returns=st.lists(st.floats(1, 1e5), min_size=1, max_size=10))
def test_npv_is_zero_at_the_internal_rate_of_return(cost, returns):
    cash_flows = [-cost, *returns]
    try:
        rate = internal_rate_of_return(cash_flows)
    except InputError as error:  # only when the rate lies outside the searched range
        assert "cash_flows" in str(error)
        assert npv(-0.99, cash_flows) * npv(10, cash_flows) > 0
        return
    assert -0.99 < rate < 10
    assert npv(rate, cash_flows) == pytest.approx(0, abs=1e-6 * (cost + sum(returns)))
    assert npv(0, cash_flows) * rate >= -1e-9  # profitable at 0 % exactly when the rate is > 0


@pytest.mark.parametrize(("cash_flows", "rate"), [([-100, 110], 0.1), ([-3, 30], 9.0),
                                                  ([-100, 50, 50], 0.0)])
def test_irr_of_simple_flows(cash_flows, rate):
    assert internal_rate_of_return(cash_flows) == pytest.approx(rate, abs=1e-9)


@relaxed
@given(cash_flows=flows)
def test_payback_is_where_the_cumulative_flow_first_turns_non_negative(cash_flows):
    period = payback_period(cash_flows)
    cumulative = [math.fsum(cash_flows[: t + 1]) for t in range(len(cash_flows))]
    if period == math.inf:
        assert all(total < 0 for total in cumulative)
        return
    t = next(i for i, total in enumerate(cumulative) if total >= 0)  # the payback period
    assert max(0, t - 1) <= period <= t
    if t > 0:
        recovered = cumulative[t - 1] + (period - (t - 1)) * cash_flows[t]
        assert recovered == pytest.approx(0, abs=1e-6 * max(1, abs(cash_flows[t])))


def test_payback_of_an_annuity_is_investment_over_inflow():
    assert payback_period([-1000, 400, 400, 400]) == 2.5
    assert payback_period([-1000, 100, 100]) == math.inf
    assert payback_period([50, -10]) == 0


@pytest.mark.parametrize(
    ("rate", "cash_flows", "name"),
    [
        (-1, [-100, 110], "rate must be > -1"),
        (math.nan, [-100, 110], "rate"),
        ("0.1", [-100, 110], "rate"),
        (0.1, [], "cash_flows"),
        (0.1, "100", "cash_flows"),
        (0.1, [-100, math.inf], r"cash_flows\[1\]"),
        (0.1, [-100, None], r"cash_flows\[1\]"),
    ],
)
def test_npv_refuses_bad_input_by_name(rate, cash_flows, name):
    with pytest.raises(InputError, match=name):
        npv(rate, cash_flows)


@pytest.mark.parametrize(
    "cash_flows",
    [[100, 50], [-100, -50], [-100], [-100, 0.5], [-1, 12], [-100, 230, -132], [-1, True]],
)
def test_irr_refuses_flows_without_a_unique_rate(cash_flows):
    with pytest.raises(InputError, match="cash_flows"):
        internal_rate_of_return(cash_flows)


@pytest.mark.parametrize("cash_flows", [[], [-100, math.nan], {"a": 1}, None])
def test_payback_refuses_bad_flows(cash_flows):
    with pytest.raises(InputError, match="cash_flows"):
        payback_period(cash_flows)


# --- cost-volume ranges ---------------------------------------------------------------------

cost_line = st.tuples(st.floats(0, 1e6), st.floats(0, 1e3))


@relaxed
@given(lines=st.lists(cost_line, min_size=2, max_size=5))
def test_cost_volume_ranges_cover_all_volumes_with_the_cheapest_alternative(lines):
    alternatives = {f"option {i}": line for i, line in enumerate(lines)}
    ranges = cost_volume_ranges(alternatives)
    assert ranges[0][0] == 0 and ranges[-1][1] == math.inf
    for (_, end, name), (start, _, following) in zip(ranges, ranges[1:], strict=False):
        assert end == start  # continuous
        assert name != following
        fixed_a, unit_a = alternatives[name]
        fixed_b, unit_b = alternatives[following]
        cost_a, cost_b = fixed_a + unit_a * end, fixed_b + unit_b * end
        assert cost_a == pytest.approx(cost_b, rel=1e-9, abs=1e-6)  # they meet at the break
    for start, end, name in ranges:
        assert start < end
        middle = start + 1 if end == math.inf else (start + end) / 2
        costs = {n: f + v * middle for n, (f, v) in alternatives.items()}
        assert costs[name] <= min(costs.values()) * (1 + 1e-9) + 1e-6


@relaxed
@given(fixed_a=st.floats(0, 1e6), extra_fixed=money, unit_b=st.floats(0, 1e3), extra_unit=money)
def test_two_alternatives_change_over_at_the_crossover_point(
    fixed_a, extra_fixed, unit_b, extra_unit
):
    fixed_b, unit_a = fixed_a + extra_fixed, unit_b + extra_unit
    ranges = cost_volume_ranges({"a": (fixed_a, unit_a), "b": (fixed_b, unit_b)})
    volume = crossover_point(fixed_a, unit_a, fixed_b, unit_b)
    assert ranges == [(0.0, pytest.approx(volume), "a"), (pytest.approx(volume), math.inf, "b")]


def test_a_dominated_alternative_never_appears():
    ranges = cost_volume_ranges({"cheap": (10, 1), "dear": (20, 2), "same": (10, 1)})
    assert ranges == [(0.0, math.inf, "cheap")]


@pytest.mark.parametrize(
    ("alternatives", "name"),
    [
        ({"a": (10, 1)}, "alternatives"),
        ([(10, 1), (20, 0.5)], "alternatives"),
        ({"a": (10, 1), "b": (-5, 1)}, r"alternatives\['b'\].fixed_cost must be >= 0"),
        ({"a": (10, 1), "b": (5, math.nan)}, r"alternatives\['b'\].unit_cost"),
        ({"a": (10, 1), "b": (5,)}, r"alternatives\['b'\] must be a tuple"),
    ],
)
def test_cost_volume_ranges_refuse_bad_alternatives(alternatives, name):
    with pytest.raises(InputError, match=name):
        cost_volume_ranges(alternatives)


# --- decisions under risk -------------------------------------------------------------------

payoff = st.floats(-1e6, 1e6)


@st.composite
def probability_lists(draw, size):
    weights = draw(st.lists(st.floats(0.01, 1), min_size=size, max_size=size))
    return [w / sum(weights) for w in weights]


@st.composite
def payoff_tables(draw):
    states = draw(st.integers(1, 4))
    alternatives = draw(st.integers(1, 4))
    payoffs = {
        f"alt {i}": draw(st.lists(payoff, min_size=states, max_size=states))
        for i in range(alternatives)
    }
    return payoffs, draw(probability_lists(states))


@relaxed
@given(table=payoff_tables())
def test_emv_weights_payoffs_and_evpi_is_never_negative(table):
    payoffs, probabilities = table
    result = expected_monetary_value(payoffs, probabilities)
    for alternative, row in payoffs.items():
        assert result.values[alternative] == pytest.approx(np.dot(row, probabilities), abs=1e-6)
    assert result.values[result.best] == max(result.values.values())
    assert result.evpi >= -1e-6
    assert result.evpi == pytest.approx(
        result.expected_value_with_perfect_information - result.values[result.best]
    )


@relaxed
@given(table=payoff_tables())
def test_a_one_stage_tree_agrees_with_expected_monetary_value(table):
    payoffs, probabilities = table
    tree = {"decision": {
        alternative: {"chance": {f"state {j}": [p, row[j]] for j, p in enumerate(probabilities)}}
        for alternative, row in payoffs.items()
    }}
    emv = expected_monetary_value(payoffs, probabilities)
    result = decision_tree(tree)
    assert result.value == pytest.approx(emv.values[emv.best], abs=1e-6)
    assert result.best == emv.best == result.choices[()]


def trees(depth=3):
    leaf = st.integers(-1000, 1000)
    labels = st.text("abcxyz", min_size=1, max_size=3)

    def extend(children):
        decision = st.dictionaries(labels, children, min_size=1, max_size=3).map(
            lambda options: {"decision": options}
        )

        @st.composite
        def chance(draw):
            outcomes = draw(st.lists(labels, min_size=1, max_size=3, unique=True))
            probabilities = draw(probability_lists(len(outcomes)))
            return {"chance": {o: [p, draw(children)] for o, p in zip(
                outcomes, probabilities, strict=True)}}

        return decision | chance()

    return st.recursive(leaf, extend, max_leaves=12)


def node_at(tree, path):
    for step in path:
        tree = tree["decision"][step] if "decision" in tree else tree["chance"][step][1]
    return tree


@relaxed
@given(tree=trees())
def test_every_node_is_worth_its_best_branch_or_its_expectation(tree):
    result = decision_tree(tree)
    assert result.value == result.node_values[()]
    for path, value in result.node_values.items():
        node = node_at(tree, path)
        if not isinstance(node, dict):
            assert value == node
        elif "decision" in node:
            options = {o: result.node_values[(*path, o)] for o in node["decision"]}
            assert value == max(options.values())
            assert options[result.choices[path]] == value
        else:
            expected = sum(p * result.node_values[(*path, o)]
                           for o, (p, _) in node["chance"].items())
            assert value == pytest.approx(expected, abs=1e-6)
    if isinstance(tree, dict) and "decision" in tree:
        best_branch = result.node_values[(result.best,)]
        assert result.value == best_branch == max(
            result.node_values[(o,)] for o in tree["decision"]
        )


def test_a_bare_payoff_is_a_tree_of_its_own():
    result = decision_tree(5)
    assert (result.value, result.choices, result.node_values, result.best) == (5, {}, {(): 5},
                                                                               None)


@pytest.mark.parametrize(
    ("tree", "message"),
    [
        ({"decision": {"Large plant": {"chance": {"Favourable": [0.5, 200], "Bad": [0.4, -180]}}}},
         r"tree\['Large plant'\]: probabilities sum to 0.9, not 1"),
        ({"decision": {"a": {"chance": {"up": [1.5, 1], "down": [-0.5, 0]}}}},
         r"tree\['a'\]\['up'\] probability must be in \[0, 1\], got 1.5"),
        ({"decision": {"a": {"chance": {"up": 0.5}}}},
         r"tree\['a'\]\['up'\] must be a pair \[probability, subtree\]"),
        ({"decision": {"a": "lots"}}, r"tree\['a'\] must be a number, got 'lots'"),
        ({"decision": {"a": math.nan}}, r"tree\['a'\] must be a finite number"),
        ({"decision": {"a": {"choose": {"x": 1}}}}, r"tree\['a'\] must be a payoff"),
        ({"decision": {}}, r"tree must hold at least 1"),
        ({"decision": {"a": 1}, "chance": {}}, r"tree must be a payoff"),
        ({"chance": [0.5, 1]}, r"tree must be a mapping"),
        (None, r"tree must be a number"),
    ],
)
def test_decision_tree_names_the_path_of_a_bad_node(tree, message):
    with pytest.raises(InputError, match=message):
        decision_tree(tree)


GOOD_PAYOFFS = {"large": [200, -180], "small": [100, -20]}


@pytest.mark.parametrize(
    ("payoffs", "probabilities", "name"),
    [
        (GOOD_PAYOFFS, [0.5, 0.4], "probabilities: probabilities sum to 0.9, not 1"),
        (GOOD_PAYOFFS, [1.5, -0.5], r"probabilities\[0\] must be in \[0, 1\]"),
        (GOOD_PAYOFFS, [0.5, math.nan], r"probabilities\[1\]"),
        (GOOD_PAYOFFS, [], "probabilities"),
        (GOOD_PAYOFFS, [1.0], r"payoffs\['large'\] has 2"),
        ({}, [0.5, 0.5], "payoffs"),
        ({"large": [200, "x"]}, [0.5, 0.5], r"payoffs\['large'\]\[1\]"),
        ([[200, -180]], [0.5, 0.5], "payoffs must be a mapping"),
    ],
)
def test_emv_refuses_bad_tables_by_name(payoffs, probabilities, name):
    with pytest.raises(InputError, match=name):
        expected_monetary_value(payoffs, probabilities)
