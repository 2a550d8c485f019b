"""MPR calculators (aggregate plan, MPS grid, order promising, rough-cut capacity) driven like a
learner would, against the published examples in data/examples/planning.json."""

import pytest

from cpimkit.calc import InputError
from cpimkit.examples import published_example
from cpimkit.ui import AggregatePlanBuilder, MPSGrid, OrderPromiser, RoughCutView
from cpimkit.ui.mrp import PROBLEM
from cpimkit.ui.planning import FENCE, PeriodGrid

LONG = 52


# Aggregate plan builder


def test_plan_builder_defaults_are_the_course_map_family():
    example = published_example("planning", "level_plan", opening_inventory=100)
    plan = AggregatePlanBuilder()
    assert plan.forecast.value == example["inputs"]["forecast"]
    assert plan.result.production["level"] == [example["expected"]["rate"]] * 6
    assert plan.result.selected.ending_inventory == example["expected"]["ending_inventory"]
    assert plan.production.value == [360] * 6  # the hybrid starts as the level plan
    assert plan.result.costs["hybrid"].total == plan.result.costs["level"].total
    for strategy in ("Level", "Chase", "Hybrid"):
        assert strategy in plan.summary.value
    assert plan.rows["ending_inventory"].texts == ["160", "200", "200", "160", "140", "160"]


def test_plan_builder_costs_a_published_hybrid_plan():
    example = published_example("planning", "plan_costs", regular_capacity=280)
    inputs = example["inputs"]
    plan = AggregatePlanBuilder(
        forecast=inputs["forecast"], opening_inventory=0, ending_inventory=0,
        holding_cost=inputs["holding_cost"], backlog_cost=inputs["backlog_cost"],
        increase_cost=0, decrease_cost=0, regular_capacity=280,
        overtime_cost=inputs["overtime_cost"], strategy="hybrid",
        production=inputs["production"])
    costs = plan.result.selected
    for field in ("ending_inventory", "overtime", "holding", "backlog_cost", "overtime_cost",
                  "total"):
        assert getattr(costs, field) == pytest.approx(example["expected"][field]), field
    # the backorder of 80 in period 5 is shown as a negative, highlighted balance
    assert plan.rows["ending_inventory"].texts[4] == "-80"
    assert PROBLEM in plan.rows["ending_inventory"].styles[4]
    assert plan._balance_bars[4].get_height() == -80
    assert "$1,280" in plan.summary.value


def test_plan_builder_recomputes_once_per_cell_and_redraws(redraws, count_recomputes, widget_ids):
    plan = AggregatePlanBuilder(strategy="hybrid")
    calls, widgets_before = count_recomputes(plan), widget_ids(plan)
    result = redraws(plan, plan.production[4], 200)
    assert len(calls) == 1
    assert widget_ids(plan) == widgets_before  # values rewritten, no widget rebuilt
    assert result.selected.ending_inventory[4:] == [-20, 0]
    assert result.selected.backlog[4] == 20
    assert plan.production.value[4] == 200
    assert "(160 short of the 160 wanted)" in plan.summary.value
    redraws(plan, plan.strategy, "chase")
    assert plan.result.selected.ending_inventory == [160] * 6
    assert ">Chase: production<" in plan.grid.label(plan.rows["production"])
    redraws(plan, plan.forecast[0], 330)
    assert plan.result.production["chase"][0] == 390


def test_plan_builder_starts_the_hybrid_again_from_level_in_one_recompute(count_recomputes):
    plan = AggregatePlanBuilder(strategy="hybrid", production=[0] * 6)
    calls = count_recomputes(plan)
    plan.level_to_hybrid.click()
    assert len(calls) == 1
    assert plan.production.value == [360] * 6


def test_plan_builder_rejects_bad_input_and_names_the_field(rejects):
    plan = AggregatePlanBuilder()
    rejects(plan, plan.forecast[2], -5, "forecast[2]")
    rejects(plan, plan.production[0], -1, "production[0]")
    rejects(plan, plan.opening_inventory, 5000, "opening_inventory")
    plan.forecast[2].value = -5
    assert "(period 3)" in plan.message.value
    assert plan.rows["production"].texts == [""] * 6  # no stale figures beside an error
    plan.forecast[2].value = 360
    assert plan.message.value == "" and plan.rows["production"].texts[2] == "360"
    with pytest.raises(InputError, match="strategy"):
        AggregatePlanBuilder(strategy="mixed")


def test_plan_builder_handles_52_periods():
    plan = AggregatePlanBuilder(forecast=[300 + 10 * (t % 7) for t in range(LONG)],
                                opening_inventory=0, ending_inventory=0)
    assert len(plan.result.production["hybrid"]) == LONG
    assert len(plan._production_bars) == LONG
    assert plan.message.value == ""


# MPS grid


def test_mps_grid_reproduces_the_published_pumps():
    example = published_example("planning", "mps_record")
    mps = MPSGrid(**example["inputs"])
    for field, expected in example["expected"].items():
        assert getattr(mps.result, field) == expected, field
    assert mps.rows["available_to_promise"].texts == ["11", "0", "56", "0", "68", "0", "70",
                                                      "70"]
    assert MPSGrid().result.projected_available == example["expected"]["projected_available"]


def test_mps_grid_marks_the_demand_time_fence(redraws, notes):
    mps = MPSGrid(demand_time_fence=1)
    assert FENCE in mps.grid.header.styles[0] and FENCE not in mps.grid.header.styles[1]
    assert mps.rows["fence"].texts[:2] == ["inside", ""]
    result = redraws(mps, mps.demand_time_fence, 2)
    # inside the fence week 2 nets its 20 orders, not the forecast of 30
    assert result.projected_available[:3] == [31, 11, 51]
    assert [FENCE in style for style in mps.grid.header.styles[:3]] == [True, True, False]
    assert FENCE in mps.rows["projected_available"].styles[1]
    assert mps._fence_span.get_width() == 2
    assert "periods 1–2" in mps.summary.value
    text = notes(mps)
    assert "inside the demand time fence" in text and "look-ahead" in text


def test_mps_grid_highlights_negative_pab_and_atp(redraws, count_recomputes, widget_ids):
    mps = MPSGrid()
    calls, widgets_before = count_recomputes(mps), widget_ids(mps)
    result = redraws(mps, mps.master_schedule[2], 0)
    assert len(calls) == 1 and widget_ids(mps) == widgets_before
    assert result.projected_available[2] == -29
    assert PROBLEM in mps.rows["projected_available"].styles[2]
    assert "negative in periods 3–8" in mps.summary.value
    mps.master_schedule[2].value = 70
    mps.customer_orders[0].value = 100
    assert mps.result.available_to_promise[0] < 0
    assert PROBLEM in mps.rows["available_to_promise"].styles[0]
    assert PROBLEM in mps.rows["cumulative_atp"].styles[0]
    assert "ATP in period 1 is negative" in mps.summary.value


def test_mps_grid_rejects_bad_input_and_names_the_field(rejects):
    mps = MPSGrid()
    rejects(mps, mps.customer_orders[3], -1, "customer_orders[3]")
    rejects(mps, mps.master_schedule[7], -70, "master_schedule[7]")
    rejects(mps, mps.demand_time_fence, 9, "demand_time_fence")
    mps.forecast[0].value = -1
    assert "forecast[0] (period 1)" in mps.message.value
    assert mps.rows["projected_available"].texts == [""] * 8
    with pytest.raises(InputError, match="same length"):
        MPSGrid(forecast=[10, 10], customer_orders=[1, 2, 3])


def test_mps_grid_scrolls_52_periods_instead_of_squashing():
    mps = MPSGrid(on_hand=50, forecast=[40] * LONG, master_schedule=[80, 0] * (LONG // 2),
                  demand_time_fence=4)
    assert mps.message.value == "" and len(mps.result.projected_available) == LONG
    labels, periods = mps.grid.children
    assert periods.layout.overflow == "auto hidden"
    assert periods.layout.grid_template_columns.startswith(f"repeat({LONG}, ")
    assert len(labels.children) == 1 + 7  # the header and seven rows, beside the periods
    assert isinstance(mps.grid, PeriodGrid) and mps.grid in mps.children


# Order promising


def test_order_promiser_answers_the_published_question():
    example = published_example("planning", "promise_order")
    promiser = OrderPromiser(**example["inputs"])
    for field, expected in example["expected"].items():
        assert getattr(promiser.result, field) == expected, field
    answer = promiser.answer.value
    assert "Not in period 3" in answer and "period 5" in answer
    assert "68 of period 5&#x27;s ATP and 2 of period 3&#x27;s" in answer
    assert promiser.rows["atp_after"].texts[4] == "0"
    assert promiser.rows["used"].texts[2] == "2"
    assert OrderPromiser().result.promised_period == 4  # the default is the same question


def test_order_promiser_says_yes_or_no_period(redraws):
    promiser = OrderPromiser()
    result = redraws(promiser, promiser.quantity, 60)
    assert result.can_promise_requested
    assert "Yes: 60 units can be promised for period 3" in promiser.answer.value
    assert "56 of period 3" in promiser.answer.value and "4 of period 1" in promiser.answer.value
    redraws(promiser, promiser.quantity, 1000)
    assert promiser.result.promised_period is None
    assert "No period from 3 to 8" in promiser.answer.value
    assert promiser.rows["atp_after"].texts == ["–"] * 8
    promiser.quantity.value = 10
    redraws(promiser, promiser.requested_period, 5)
    assert promiser.result.promised_period == 5  # period 6 has no lot: it uses period 5's
    assert "taking 10 of period 5" in promiser.answer.value
    assert promiser.requested_period.label == "Period 6"


def test_order_promiser_rejects_bad_input(rejects):
    promiser = OrderPromiser()
    rejects(promiser, promiser.quantity, 0, "quantity")
    rejects(promiser, promiser.customer_orders[1], -20, "customer_orders[1]")
    promiser.quantity.value = 0
    assert promiser.answer.value == ""
    with pytest.raises(InputError, match="requested_period"):
        OrderPromiser(requested_period=8)


def test_order_promiser_handles_52_periods():
    promiser = OrderPromiser(on_hand=0, forecast=[40] * LONG, customer_orders=[30] * LONG,
                             master_schedule=[80, 0] * (LONG // 2), quantity=25,
                             requested_period=50)
    assert promiser.result.promised_period == 50
    assert promiser.requested_period.label == "Period 51"


# Rough-cut capacity


CAPACITY = {"100": 35, "200": 32, "300": 15}


def test_rough_cut_reproduces_the_published_bill_of_labour():
    example = published_example("planning", "rough_cut_bill_of_resources")
    view = RoughCutView(**example["inputs"], capacity=CAPACITY)
    for center, hours in example["expected"].items():
        assert view.result[center] == pytest.approx(hours), center
    assert view.rows["100"].texts[0] == "23.75"


def test_rough_cut_highlights_overloads_in_table_and_chart(redraws, count_recomputes):
    view = RoughCutView()  # the same example with work centres as numbers
    over = [t for t, style in enumerate(view.rows[200].styles) if PROBLEM in style]
    assert over == [9, 10, 11, 12]  # 34.0 h against 32 h in periods 10-13
    assert [view._load_bars[200][t].get_hatch() for t in (8, 9)] == [None, "///"]
    assert "10–13" in view.summary.value
    assert view._headline.get_text() == "8 overloads"
    calls = count_recomputes(view)
    result = redraws(view, view.master_schedules["B"][3], 30)
    assert len(calls) == 1
    assert result[100][3] == pytest.approx(40 * 0.05 + 30 * 1.30)
    assert PROBLEM in view.rows[100].styles[3]
    redraws(view, view.capacity[200], 40)
    assert not any(PROBLEM in style for style in view.rows[200].styles)
    view.bill["A"][300].value = 0.5
    assert view.result[300][0] == pytest.approx(33 * 0.5 + 17 * 0.25)


def test_rough_cut_rejects_bad_input(rejects):
    view = RoughCutView()
    rejects(view, view.capacity[300], 0, "capacity[300]")
    rejects(view, view.master_schedules["A"][0], -1, "master_schedules[&#x27;A&#x27;][0]")
    view.master_schedules["A"][0].value = -1
    assert "(period 1)" in view.message.value
    with pytest.raises(InputError, match="capacity"):
        RoughCutView({"A": [1, 2]}, {"A": {"assembly": 1.0}}, {"paint": 10})


def test_rough_cut_handles_52_periods():
    view = RoughCutView({"A": [30] * LONG}, {"A": {"assembly": 1.2}}, {"assembly": 40})
    assert view.result["assembly"] == pytest.approx([36] * LONG)
    assert view.message.value == ""
