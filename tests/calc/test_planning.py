"""`cpimkit.calc.planning`: production plans, their cost, the MPS record, ATP and order promising,
rough-cut capacity; properties of each rule and InputError naming the bad parameter."""

import math
from itertools import accumulate

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cpimkit.calc import InputError
from cpimkit.calc.planning import (
    MPSRecord,
    chase_plan,
    level_plan,
    level_plan_backlog,
    mps_record,
    plan_costs,
    promise_order,
    rough_cut_bill_of_resources,
    rough_cut_cpof,
)

quantities = st.integers(0, 500)


def demand_lists(min_size=1, max_size=12):
    return st.lists(quantities, min_size=min_size, max_size=max_size)


# Production plans


@given(forecast=demand_lists(), ending=quantities, data=st.data())
def test_level_plan_makes_demand_plus_the_stock_change_at_one_rate(forecast, ending, data):
    opening = data.draw(st.integers(0, sum(forecast) + ending), label="opening")
    plan = level_plan(forecast, opening_inventory=opening, ending_inventory=ending)
    assert plan.total_production == sum(forecast) + ending - opening
    assert plan.rate * len(forecast) == pytest.approx(plan.total_production)
    assert plan.ending_inventory[-1] == pytest.approx(ending, abs=1e-9)
    expected = [opening + (t + 1) * plan.rate - used for t, used in enumerate(accumulate(forecast))]
    assert plan.ending_inventory == pytest.approx(expected, abs=1e-9)


@given(forecast=demand_lists(), opening=quantities, data=st.data())
def test_level_backlog_plan_works_off_orders_at_one_rate(forecast, opening, data):
    ending = data.draw(st.integers(0, sum(forecast) + opening), label="ending")
    plan = level_plan_backlog(forecast, opening_backlog=opening, ending_backlog=ending)
    assert plan.rate * len(forecast) == pytest.approx(sum(forecast) + opening - ending)
    assert plan.backlog[-1] == pytest.approx(ending, abs=1e-9)
    expected = [opening + used - (t + 1) * plan.rate for t, used in enumerate(accumulate(forecast))]
    assert plan.backlog == pytest.approx(expected, abs=1e-9)


@given(forecast=demand_lists())
def test_backlog_is_negative_stock(forecast):
    # With nothing in stock or waiting at either end, both plans run at the average demand and
    # the backlog of one is the stock of the other with its sign turned.
    stock = level_plan(forecast, opening_inventory=0, ending_inventory=0)
    orders = level_plan_backlog(forecast, opening_backlog=0, ending_backlog=0)
    assert orders.rate == stock.rate == pytest.approx(sum(forecast) / len(forecast))
    assert orders.backlog == pytest.approx([-balance for balance in stock.ending_inventory])


@given(forecast=demand_lists(), ending=quantities, data=st.data())
def test_chase_makes_the_forecast_after_a_first_period_adjustment(forecast, ending, data):
    opening = data.draw(st.integers(0, forecast[0] + ending), label="opening")
    plan = chase_plan(forecast, opening_inventory=opening, ending_inventory=ending)
    assert plan.production[0] == forecast[0] + ending - opening
    assert plan.production[1:] == forecast[1:]
    assert plan.ending_inventory == [ending] * len(forecast)


@given(forecast=demand_lists(), opening=st.integers(0, 3000), ending=quantities)
def test_chase_never_produces_less_than_nothing_nor_lets_stock_fall_below_target(
    forecast, opening, ending
):
    plan = chase_plan(forecast, opening_inventory=opening, ending_inventory=ending)
    assert all(made >= 0 for made in plan.production)
    assert all(stock >= ending for stock in plan.ending_inventory)
    assert plan.ending_inventory[-1] == opening + sum(plan.production) - sum(forecast)
    if opening <= sum(forecast) + ending:
        assert plan.ending_inventory[-1] == ending


def test_chase_uses_up_a_large_opening_stock_before_producing():
    plan = chase_plan([100, 100, 100], opening_inventory=250, ending_inventory=50)
    assert plan.production == [0, 0, 100]
    assert plan.ending_inventory == [150, 50, 50]
    surplus = chase_plan([100, 100, 100], opening_inventory=500, ending_inventory=50)
    assert surplus.production == [0, 0, 0]
    assert surplus.ending_inventory[-1] == 200


def test_plans_accept_fractional_rates_without_rounding():
    assert level_plan([10, 10, 11], opening_inventory=0, ending_inventory=0).rate == 31 / 3


COSTS = st.fixed_dictionaries(
    {
        "holding_cost": st.integers(0, 20),
        "backlog_cost": st.integers(0, 20),
        "increase_cost": st.integers(0, 20),
        "decrease_cost": st.integers(0, 20),
        "overtime_cost": st.integers(0, 20),
    }
)


@st.composite
def plans(draw):
    n = draw(st.integers(1, 12))
    return {
        "forecast": draw(demand_lists(n, n)),
        "production": draw(demand_lists(n, n)),
        "opening_inventory": draw(st.integers(-200, 500)),
        "regular_capacity": draw(quantities),
        "initial_rate": draw(st.none() | quantities),
    }


@given(plan=plans(), costs=COSTS)
def test_plan_cost_total_is_the_sum_of_its_parts(plan, costs):
    result = plan_costs(**plan, **costs)
    parts = result.holding + result.backlog_cost + result.change_cost + result.overtime_cost
    assert result.total == pytest.approx(parts)
    assert result.holding == costs["holding_cost"] * sum(result.inventory)
    assert result.backlog_cost == costs["backlog_cost"] * sum(result.backlog)
    assert result.overtime_cost == costs["overtime_cost"] * sum(result.overtime)


@given(plan=plans())
def test_zero_costs_give_zero(plan):
    result = plan_costs(**plan)
    assert (result.holding, result.backlog_cost, result.change_cost, result.total) == (0, 0, 0, 0)


@given(plan=plans())
def test_plan_cost_rows_follow_the_balance(plan):
    result = plan_costs(**plan)
    for balance, stock, waiting in zip(
        result.ending_inventory, result.inventory, result.backlog, strict=True
    ):
        assert stock >= 0 and waiting >= 0 and stock * waiting == 0
        assert balance == stock - waiting
    start = plan["production"][0] if plan["initial_rate"] is None else plan["initial_rate"]
    assert sum(result.rate_changes) == plan["production"][-1] - start
    capacity = plan["regular_capacity"]
    assert result.overtime == [max(0, made - capacity) for made in plan["production"]]


@given(forecast=demand_lists(), ending=quantities, data=st.data())
def test_plan_costs_agree_with_the_level_plan(forecast, ending, data):
    opening = data.draw(st.integers(0, sum(forecast) + ending), label="opening")
    plan = level_plan(forecast, opening_inventory=opening, ending_inventory=ending)
    production = [plan.rate] * len(forecast)
    costs = plan_costs(forecast, production, opening, increase_cost=5, decrease_cost=7)
    assert costs.ending_inventory == pytest.approx(plan.ending_inventory, abs=1e-9)
    assert costs.change_cost == 0


def test_plan_costs_charge_the_first_change_only_from_an_initial_rate():
    without = plan_costs([10, 10], [12, 12], increase_cost=1)
    with_rate = plan_costs([10, 10], [12, 12], increase_cost=1, initial_rate=8)
    assert (without.rate_changes, without.change_cost) == ([0, 0], 0)
    assert (with_rate.rate_changes, with_rate.change_cost) == ([4, 0], 4)


def test_plan_costs_take_a_negative_opening_inventory_as_a_backlog():
    result = plan_costs([10, 10], [15, 15], opening_inventory=-10, backlog_cost=2)
    assert result.backlog == [5, 0]
    assert result.backlog_cost == 10


# The MPS record


@st.composite
def mps_inputs(draw, max_size=10):
    n = draw(st.integers(1, max_size))
    lists = st.lists(st.integers(0, 80), min_size=n, max_size=n)
    schedule = st.lists(st.sampled_from([0, 0, 40, 70, 100]), min_size=n, max_size=n)
    return {
        "on_hand": draw(st.integers(0, 150)),
        "forecast": draw(lists),
        "customer_orders": draw(lists),
        "master_schedule": draw(schedule),
        "demand_time_fence": draw(st.integers(0, n)),
    }


@given(arguments=mps_inputs())
def test_projected_available_nets_orders_inside_the_fence_and_the_greater_outside(arguments):
    record = mps_record(**arguments)
    fence = arguments["demand_time_fence"]
    balance = arguments["on_hand"]
    for t, (guess, orders, supply) in enumerate(
        zip(
            arguments["forecast"],
            arguments["customer_orders"],
            arguments["master_schedule"],
            strict=True,
        )
    ):
        balance += supply - (orders if t < fence else max(guess, orders))
        assert record.projected_available[t] == balance


@given(arguments=mps_inputs())
def test_a_longer_fence_never_lowers_projected_available(arguments):
    n = len(arguments["forecast"])
    shorter = mps_record(**{**arguments, "demand_time_fence": 0}).projected_available
    longer = mps_record(**{**arguments, "demand_time_fence": n}).projected_available
    fenced = mps_record(**arguments).projected_available
    assert all(a <= b <= c for a, b, c in zip(shorter, fenced, longer, strict=True))


@given(arguments=mps_inputs())
def test_atp_plus_booked_orders_accounts_for_all_supply(arguments):
    # Borrowing moves a shortfall to an earlier period, so nothing is lost; an over-committed
    # record shows the rest as a negative ATP in period 1.
    record = mps_record(**arguments)
    supply = arguments["on_hand"] + sum(arguments["master_schedule"])
    assert sum(record.available_to_promise) + sum(arguments["customer_orders"]) == supply


@given(arguments=mps_inputs())
def test_atp_lives_in_period_one_and_mps_periods_and_never_exceeds_their_supply(arguments):
    record = mps_record(**arguments)
    schedule = arguments["master_schedule"]
    assert record.available_to_promise[0] <= arguments["on_hand"] + schedule[0]
    for t in range(1, len(schedule)):
        assert 0 <= record.available_to_promise[t] <= schedule[t]
    assert record.cumulative_atp == list(accumulate(record.available_to_promise))


@given(arguments=mps_inputs())
def test_cumulative_atp_never_falls_when_nothing_is_short(arguments):
    arguments["on_hand"] += sum(arguments["customer_orders"])  # no order exceeds supply
    record = mps_record(**arguments)
    assert all(atp >= 0 for atp in record.available_to_promise)
    cumulative = record.cumulative_atp
    assert all(a <= b for a, b in zip(cumulative, cumulative[1:], strict=False))


@given(arguments=mps_inputs())
def test_atp_ignores_the_forecast_and_the_fence(arguments):
    record = mps_record(**arguments)
    other = mps_record(
        **{**arguments, "forecast": [0] * len(arguments["forecast"]), "demand_time_fence": 0}
    )
    assert record.available_to_promise == other.available_to_promise


def test_atp_borrows_a_shortfall_from_earlier_mps_periods():
    record = mps_record(
        on_hand=10,
        forecast=[10, 10, 10, 10],
        customer_orders=[5, 20, 10, 70],
        master_schedule=[0, 50, 0, 50],
    )
    assert record.available_to_promise == [5, 0, 0, 0]  # period 4 borrows 20 of period 2's 20
    over = mps_record(
        on_hand=10,
        forecast=[10, 10, 10, 10],
        customer_orders=[5, 20, 10, 90],
        master_schedule=[0, 50, 0, 50],
    )
    assert over.available_to_promise == [-15, 0, 0, 0]
    assert over.cumulative_atp == [-15, -15, -15, -15]


def test_demand_time_fence_switches_from_orders_to_the_greater_of_forecast_and_orders():
    record = mps_record(
        on_hand=20,
        forecast=[10, 10, 10, 10],
        customer_orders=[12, 5, 15, 3],
        master_schedule=[0, 0, 20, 0],
        demand_time_fence=2,
    )
    assert record.projected_available == [8, 3, 8, -2]


def test_mps_record_grid_and_html_show_the_fence():
    record = mps_record(
        on_hand=20,
        forecast=[10, 10, 10],
        customer_orders=[12, 5, 3],
        master_schedule=[0, 30, 0],
        demand_time_fence=2,
    )
    frame = record.to_frame()
    assert list(frame.columns) == [1, 2, 3]
    assert list(frame.index) == [
        "Forecast",
        "Customer orders",
        "Projected available",
        "Master schedule",
        "ATP",
        "Cumulative ATP",
    ]
    assert frame.loc["ATP"].tolist() == [8, 22, 0]
    html = record._repr_html_()
    assert "<table" in html and "Cumulative ATP" in html
    assert "on hand 20" in html and "demand time fence after period 2" in html
    assert "2*" in html and "3*" not in html
    assert (
        "no demand time fence"
        in mps_record(
            on_hand=0, forecast=[1], customer_orders=[0], master_schedule=[1]
        )._repr_html_()
    )


def test_mps_record_is_a_frozen_result_with_a_readable_repr():
    record = mps_record(on_hand=5, forecast=[3], customer_orders=[2], master_schedule=[0])
    assert isinstance(record, MPSRecord)
    assert "available_to_promise=[3]" in repr(record)
    with pytest.raises(AttributeError):
        record.on_hand = 1


@pytest.mark.parametrize("kind", [list, tuple, np.array, pd.Series])
def test_sequences_of_any_kind_are_accepted(kind):
    record = mps_record(
        on_hand=kind([5])[0] if kind is np.array else 5,
        forecast=kind([3, 3]),
        customer_orders=kind([2, 1]),
        master_schedule=kind([0, 4]),
    )
    assert record.available_to_promise == [3, 3]
    assert level_plan(kind([3, 5]), 0, 0).rate == 4


# Order promising


def _atp_with(arguments, period, quantity):
    booked = list(arguments["customer_orders"])
    booked[period] += quantity
    return mps_record(**{**arguments, "customer_orders": booked}).available_to_promise


@given(arguments=mps_inputs(max_size=8), quantity=st.integers(1, 150), data=st.data())
def test_promise_is_the_earliest_period_that_keeps_every_atp_non_negative(
    arguments, quantity, data
):
    n = len(arguments["forecast"])
    requested = data.draw(st.integers(0, n - 1), label="requested_period")
    promise = promise_order(**arguments, quantity=quantity, requested_period=requested)
    feasible = [
        t for t in range(requested, n) if min(_atp_with(arguments, t, quantity)) >= 0
    ]  # brute force: book it in each period and look
    assert promise.promised_period == (feasible[0] if feasible else None)
    assert promise.can_promise_requested == (promise.promised_period == requested)
    assert promise.atp_before == mps_record(**arguments).available_to_promise
    if feasible:
        assert promise.atp_after == _atp_with(arguments, feasible[0], quantity)
        assert min(promise.atp_after) >= 0
    else:
        assert promise.atp_after is None


@given(
    arguments=mps_inputs(max_size=8), sizes=st.lists(st.integers(1, 150), min_size=2, max_size=2)
)
def test_a_smaller_order_is_never_promised_later(arguments, sizes):
    small, large = sorted(sizes)

    def when(quantity):
        period = promise_order(**arguments, quantity=quantity, requested_period=0).promised_period
        return math.inf if period is None else period

    assert when(small) <= when(large)


def test_an_over_committed_record_promises_nothing():
    promise = promise_order(
        on_hand=0,
        forecast=[5, 5],
        customer_orders=[10, 0],
        master_schedule=[0, 20],
        quantity=1,
        requested_period=0,
    )
    assert promise.atp_before == [-10, 20]
    assert (promise.can_promise_requested, promise.promised_period) == (False, None)


# Rough-cut capacity


@st.composite
def bills(draw):
    n = draw(st.integers(1, 8))
    products = draw(st.lists(st.sampled_from("ABCDE"), min_size=1, max_size=5, unique=True))
    centers = st.sampled_from(["saw", "lathe", "paint", "pack"])
    hours = st.floats(0, 5, allow_nan=False).map(lambda h: round(h, 2))
    return (
        {p: draw(st.lists(st.integers(0, 100), min_size=n, max_size=n)) for p in products},
        {p: draw(st.dictionaries(centers, hours, min_size=1)) for p in products},
    )


@given(data=bills())
def test_bill_of_resources_load_adds_up_to_mps_times_hours_per_unit(data):
    schedules, bill = data
    load = rough_cut_bill_of_resources(schedules, bill)
    n = len(next(iter(schedules.values())))
    for t in range(n):
        expected = sum(schedules[p][t] * sum(bill[p].values()) for p in schedules)
        assert sum(hours[t] for hours in load.values()) == pytest.approx(expected)
    assert set(load) == {center for hours in bill.values() for center in hours}


@given(
    schedule=demand_lists(),
    hours=st.floats(0.01, 10, allow_nan=False),
    weights=st.lists(st.integers(1, 100), min_size=1, max_size=5),
)
def test_cpof_shares_split_each_period_total(schedule, hours, weights):
    shares = {f"wc{i}": w / sum(weights) for i, w in enumerate(weights)}
    load = rough_cut_cpof(schedule, hours, shares)
    for t, quantity in enumerate(schedule):
        total = quantity * hours
        assert sum(centre[t] for centre in load.values()) == pytest.approx(total)
        for center, share in shares.items():
            assert load[center][t] == pytest.approx(share * total)


@given(data=bills())
def test_cpof_of_several_products_uses_their_total_hours(data):
    schedules, bill = data
    per_unit = {p: sum(hours.values()) + 0.5 for p, hours in bill.items()}
    load = rough_cut_cpof(schedules, per_unit, {"only": 1})
    n = len(next(iter(schedules.values())))
    expected = [sum(schedules[p][t] * per_unit[p] for p in schedules) for t in range(n)]
    assert load["only"] == pytest.approx(expected)


def test_cpof_accepts_rounded_percentages_and_keeps_the_centre_order():
    load = rough_cut_cpof([10], 1, {"b": 0.333333, "a": 0.666667})
    assert list(load) == ["b", "a"]


# Bad input: the message names the parameter

PLAN = {"forecast": [10, 20], "opening_inventory": 5, "ending_inventory": 0}
MPS = {
    "on_hand": 10,
    "forecast": [10, 10, 10],
    "customer_orders": [5, 5, 5],
    "master_schedule": [0, 20, 0],
}
SCHEDULES = {"A": [1, 2], "B": [3, 4]}
BILL = {"A": {"saw": 1.0}, "B": {"saw": 0.5, "paint": 0.2}}

BAD_INPUTS = [
    (level_plan, PLAN, {"forecast": []}, "forecast must hold at least 1"),
    (level_plan, PLAN, {"forecast": [10, -1]}, r"forecast\[1\] must be >= 0"),
    (level_plan, PLAN, {"forecast": "10 20"}, "forecast must be a sequence"),
    (level_plan, PLAN, {"opening_inventory": -1}, "opening_inventory must be >= 0"),
    (level_plan, PLAN, {"ending_inventory": math.nan}, "ending_inventory"),
    (level_plan, PLAN, {"opening_inventory": 31}, "opening_inventory must be <= total forecast"),
    (
        level_plan_backlog,
        {"forecast": [10, 20], "opening_backlog": 5, "ending_backlog": 0},
        {"ending_backlog": 36},
        "ending_backlog must be <= total forecast",
    ),
    (
        level_plan_backlog,
        {"forecast": [10, 20], "opening_backlog": 5, "ending_backlog": 0},
        {"opening_backlog": -2},
        "opening_backlog must be >= 0",
    ),
    (chase_plan, PLAN, {"ending_inventory": -1}, "ending_inventory must be >= 0"),
    (chase_plan, PLAN, {"forecast": [math.inf]}, r"forecast\[0\]"),
    (
        plan_costs,
        {"forecast": [10, 20], "production": [15, 15]},
        {"production": [15]},
        "forecast has 2, production has 1",
    ),
    (
        plan_costs,
        {"forecast": [10, 20], "production": [15, 15]},
        {"production": [15, -1]},
        r"production\[1\] must be >= 0",
    ),
    (
        plan_costs,
        {"forecast": [10, 20], "production": [15, 15]},
        {"holding_cost": -1},
        "holding_cost must be >= 0",
    ),
    (
        plan_costs,
        {"forecast": [10, 20], "production": [15, 15]},
        {"decrease_cost": "5"},
        "decrease_cost must be a number",
    ),
    (
        plan_costs,
        {"forecast": [10, 20], "production": [15, 15]},
        {"overtime_cost": 3},
        "regular_capacity is needed when overtime_cost > 0",
    ),
    (
        plan_costs,
        {"forecast": [10, 20], "production": [15, 15]},
        {"regular_capacity": -5},
        "regular_capacity must be >= 0",
    ),
    (
        plan_costs,
        {"forecast": [10, 20], "production": [15, 15]},
        {"initial_rate": -1},
        "initial_rate must be >= 0",
    ),
    (
        plan_costs,
        {"forecast": [10, 20], "production": [15, 15]},
        {"opening_inventory": math.nan},
        "opening_inventory must be a finite number",
    ),
    (mps_record, MPS, {"customer_orders": [5, 5]}, "forecast has 3, customer_orders has 2"),
    (mps_record, MPS, {"master_schedule": [0, 20, 0, 0]}, "master_schedule has 4"),
    (mps_record, MPS, {"on_hand": -1}, "on_hand must be >= 0"),
    (mps_record, MPS, {"customer_orders": [5, -5, 5]}, r"customer_orders\[1\] must be >= 0"),
    (mps_record, MPS, {"master_schedule": [0, None, 0]}, r"master_schedule\[1\] must be a number"),
    (mps_record, MPS, {"demand_time_fence": 4}, "demand_time_fence must be <= the horizon of 3"),
    (mps_record, MPS, {"demand_time_fence": -1}, "demand_time_fence must be a whole number >= 0"),
    (mps_record, MPS, {"demand_time_fence": 1.5}, "demand_time_fence must be a whole number"),
    (
        promise_order,
        {**MPS, "quantity": 5, "requested_period": 0},
        {"quantity": 0},
        "quantity must be > 0",
    ),
    (
        promise_order,
        {**MPS, "quantity": 5, "requested_period": 0},
        {"quantity": -5},
        "quantity must be > 0",
    ),
    (
        promise_order,
        {**MPS, "quantity": 5, "requested_period": 0},
        {"requested_period": 3},
        r"requested_period must be a period index from 0 to 2 \(0 = period 1\), got 3",
    ),
    (
        promise_order,
        {**MPS, "quantity": 5, "requested_period": 0},
        {"requested_period": -1},
        "requested_period must be a whole number >= 0",
    ),
    (
        promise_order,
        {**MPS, "quantity": 5, "requested_period": 0},
        {"demand_time_fence": 9},
        "demand_time_fence must be <=",
    ),
    (
        rough_cut_cpof,
        {"master_schedule": [10, 20], "hours_per_unit": 2, "work_center_shares": {"a": 1}},
        {"work_center_shares": {"a": 0.5, "b": 0.4}},
        "work_center_shares must sum to 1, got 0.9",
    ),
    (
        rough_cut_cpof,
        {"master_schedule": [10, 20], "hours_per_unit": 2, "work_center_shares": {"a": 1}},
        {"work_center_shares": {"a": 1.2, "b": -0.2}},
        r"work_center_shares\['a'\] must be in \[0, 1\]",
    ),
    (
        rough_cut_cpof,
        {"master_schedule": [10, 20], "hours_per_unit": 2, "work_center_shares": {"a": 1}},
        {"work_center_shares": {}},
        "work_center_shares must hold at least 1 entry",
    ),
    (
        rough_cut_cpof,
        {"master_schedule": [10, 20], "hours_per_unit": 2, "work_center_shares": {"a": 1}},
        {"hours_per_unit": 0},
        "hours_per_unit must be > 0",
    ),
    (
        rough_cut_cpof,
        {"master_schedule": [10, 20], "hours_per_unit": 2, "work_center_shares": {"a": 1}},
        {"master_schedule": [10, -20]},
        r"master_schedule\[1\] must be >= 0",
    ),
    (
        rough_cut_cpof,
        {
            "master_schedule": SCHEDULES,
            "hours_per_unit": {"A": 1, "B": 2},
            "work_center_shares": {"a": 1},
        },
        {"hours_per_unit": {"A": 1, "B": 2, "C": 3}},
        r"hours_per_unit names products not in master_schedule: \['C'\]",
    ),
    (
        rough_cut_cpof,
        {
            "master_schedule": SCHEDULES,
            "hours_per_unit": {"A": 1, "B": 2},
            "work_center_shares": {"a": 1},
        },
        {"hours_per_unit": {"A": 1}},
        r"hours_per_unit has no entry for products of master_schedule: \['B'\]",
    ),
    (
        rough_cut_cpof,
        {
            "master_schedule": SCHEDULES,
            "hours_per_unit": {"A": 1, "B": 2},
            "work_center_shares": {"a": 1},
        },
        {"hours_per_unit": 2},
        "hours_per_unit must be a mapping",
    ),
    (
        rough_cut_cpof,
        {
            "master_schedule": SCHEDULES,
            "hours_per_unit": {"A": 1, "B": 2},
            "work_center_shares": {"a": 1},
        },
        {"master_schedule": {"A": [1, 2], "B": [3]}},
        "master_schedule must have lists of the same length",
    ),
    (
        rough_cut_bill_of_resources,
        {"master_schedules": SCHEDULES, "bill": BILL},
        {"bill": {**BILL, "C": {"saw": 1}}},
        r"bill names products not in master_schedules: \['C'\]",
    ),
    (
        rough_cut_bill_of_resources,
        {"master_schedules": SCHEDULES, "bill": BILL},
        {"bill": {"A": BILL["A"]}},
        r"bill has no entry for products of master_schedules: \['B'\]",
    ),
    (
        rough_cut_bill_of_resources,
        {"master_schedules": SCHEDULES, "bill": BILL},
        {"bill": {**BILL, "A": {"saw": -1}}},
        r"bill\['A'\]\['saw'\] must be >= 0",
    ),
    (
        rough_cut_bill_of_resources,
        {"master_schedules": SCHEDULES, "bill": BILL},
        {"bill": {**BILL, "A": {}}},
        r"bill\['A'\] must hold at least 1 entry",
    ),
    (
        rough_cut_bill_of_resources,
        {"master_schedules": SCHEDULES, "bill": BILL},
        {"master_schedules": [1, 2]},
        "master_schedules must be a mapping",
    ),
    (
        rough_cut_bill_of_resources,
        {"master_schedules": SCHEDULES, "bill": BILL},
        {"master_schedules": {"A": [1, 2], "B": [1, -2]}},
        r"master_schedules\['B'\]\[1\] must be >= 0",
    ),
]


@pytest.mark.parametrize(
    ("function", "good", "changes", "message"),
    BAD_INPUTS,
    ids=[f"{f.__name__}:{m}" for f, _, _, m in BAD_INPUTS],
)
def test_bad_input_raises_input_error_naming_the_parameter(function, good, changes, message):
    function(**good)  # the baseline is valid
    with pytest.raises(InputError, match=message):
        function(**{**good, **changes})
