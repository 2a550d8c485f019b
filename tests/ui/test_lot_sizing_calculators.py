"""DSP inventory calculators (lot-sizing comparator, quantity discount, periodic review) driven
like a learner would, against the published examples in data/examples/mrp.json and
inventory.json."""

import pytest

from cpimkit.calc import InputError
from cpimkit.calc.mrp import LOT_SIZING_METHODS
from cpimkit.examples import published_example, published_examples
from cpimkit.ui import LotSizingComparator, PeriodicReviewCalculator, QuantityDiscountEvaluator
from cpimkit.ui.lot_sizing import TotalsGrid, review_cycles
from cpimkit.ui.planning import MARKED

LONG = 52


# Lot-sizing comparator


def test_comparator_defaults_are_the_course_map_figures():
    lfl = published_example("mrp", "lot_sizing", method="lfl", order_cost=100)
    poq = published_example("mrp", "lot_sizing", method="poq")
    comparator = LotSizingComparator()
    assert comparator.net_requirements.value == lfl["inputs"]["net_requirements"]
    plans = comparator.result.plans
    assert list(plans) == list(LOT_SIZING_METHODS)
    for example in (lfl, poq):
        plan = plans[example["inputs"]["method"]]
        for field, expected in example["expected"].items():
            assert getattr(plan, field) == pytest.approx(expected), field
    assert comparator.rows["poq"].texts == ["110", "", "130", "", "170", "", "115", ""]
    totals = comparator.grid.totals
    assert totals[comparator.rows["lfl"]].texts == ["8", "$800", "$0", "$800"]
    assert totals[comparator.rows["poq"]].texts == ["4", "$400", "$250", "$650 ★"]
    assert comparator.result.cheapest == [
        "poq",
        "ppb",
        "luc",
        "ltc",
        "silver_meal",
        "wagner_whitin",
    ]
    assert totals[comparator.rows["wagner_whitin"]].styles[3] == MARKED
    assert MARKED not in totals[comparator.rows["lfl"]].styles[3]
    assert comparator.rows["ending_inventory"].texts == ["60", "0", "60", "0", "75", "0", "55", "0"]
    assert "$650: POQ, PPB, LUC, LTC, SM, WW" in comparator.summary.value


@pytest.mark.parametrize(
    "example",
    [
        entry
        for entry in published_examples("mrp")
        if entry["function"] == "lot_sizing"
        # The comparator's EOQ rule takes its lot from the mean requirement, not a given Q.
        and entry["inputs"]["method"] != "eoq"
    ],
    ids=lambda entry: entry["inputs"]["method"],
)
def test_comparator_reproduces_every_published_lot_sizing_example(example):
    inputs = example["inputs"]
    lot = {key: inputs[key] for key in ("order_quantity", "periods_of_supply") if key in inputs}
    comparator = LotSizingComparator(
        inputs["net_requirements"], inputs["order_cost"], inputs["holding_cost"], **lot
    )
    plan = comparator.result.plans[inputs["method"]]
    for field, expected in example["expected"].items():
        assert getattr(plan, field) == pytest.approx(expected), field


def test_comparator_shows_each_rules_lot_parameter():
    comparator = LotSizingComparator(order_quantity=120)
    label = comparator.grid.label
    assert ">FOQ (Q = 120)<" in label(comparator.rows["foq"])
    assert ">EOQ (Q = 114.6)<" in label(comparator.rows["eoq"])  # √(2·65.625·100/1)
    assert "<b>POQ (P = 2)</b>" in label(comparator.rows["poq"])  # the rule charted is bold
    assert comparator.result.plans["foq"].total_cost == 820
    assert LotSizingComparator().order_quantity.value == 115  # None: the EOQ, whole units


def test_comparator_recomputes_once_per_cell_and_redraws(redraws, count_recomputes):
    comparator = LotSizingComparator()
    calls = count_recomputes(comparator)
    before = [bar.get_height() for bar in comparator._order_bars]
    result = redraws(comparator, comparator.net_requirements[1], 160)
    assert len(calls) == 1
    assert result.plans["lfl"].total_cost == 800
    assert result.plans["poq"].orders[:2] == [210, 0]
    assert [bar.get_height() for bar in comparator._order_bars] != before
    assert comparator._total_labels[0].get_text() == "\\$800"
    result = redraws(comparator, comparator.periods_of_supply, 3)
    assert result.plans["poq"].orders == [280, 0, 0, 230, 0, 0, 115, 0]
    assert ">POQ (P = 3)<" in comparator.grid.label(comparator.rows["poq"])
    redraws(comparator, comparator.holding_cost, 2)
    assert comparator.result.plans["lfl"].total_cost == 800  # LFL carries no stock


def test_comparator_charts_the_chosen_rule(redraws):
    comparator = LotSizingComparator()
    assert comparator.chart.axes.get_title() == "Orders by Period order quantity (POQ)"
    result = redraws(comparator, comparator.method, "lfl")
    assert result.selected.orders == [50, 60, 70, 60, 95, 75, 60, 55]
    assert [bar.get_height() for bar in comparator._order_bars] == result.selected.orders
    assert comparator.chart.axes.get_title() == "Orders by Lot for lot (LFL)"
    assert "End inventory: LFL" in comparator.grid.label(comparator.rows["ending_inventory"])
    outlined = [bar.get_edgecolor()[3] > 0 for bar in comparator._ordering_bars]
    assert outlined == [True] + [False] * 8
    with pytest.raises(InputError, match="method"):
        LotSizingComparator(method="kanban")


def test_comparator_rejects_bad_input_and_names_the_field(rejects):
    comparator = LotSizingComparator()
    rejects(comparator, comparator.net_requirements[3], -5, "net_requirements[3]")
    rejects(comparator, comparator.order_quantity, 0, "order_quantity")
    rejects(comparator, comparator.holding_cost, 0, "holding_cost")
    comparator.net_requirements[3].value = -5
    assert "(period 4)" in comparator.message.value
    assert comparator.rows["poq"].texts == [""] * 8  # no stale figures beside an error
    assert comparator.grid.totals[comparator.rows["poq"]].texts == [""] * 4
    comparator.net_requirements.value = [0] * 8
    assert comparator.result is None and "nothing to order" in comparator.message.value
    comparator.net_requirements.value = [50, 60, 70, 60, 95, 75, 60, 55]
    assert comparator.message.value == "" and comparator.result.plans["poq"].total_cost == 650


def test_comparator_scrolls_52_periods_with_the_costs_in_view(count_recomputes):
    comparator = LotSizingComparator([40 + (37 * t) % 90 for t in range(LONG)], method="luc")
    assert comparator.message.value == ""
    assert len(comparator.result.selected.orders) == LONG == len(comparator._order_bars)
    grid = comparator.grid
    assert isinstance(grid, TotalsGrid) and grid in comparator.children
    labels, periods, costs = grid.children
    assert periods.layout.overflow == "auto hidden"
    assert periods.layout.grid_template_columns.startswith(f"repeat({LONG}, ")
    assert costs.layout.flex == "0 0 auto"  # the cost columns do not scroll away
    assert len(labels.children) == len(costs.children) // 4 == 1 + 1 + 9 + 1
    calls = count_recomputes(comparator)
    comparator.net_requirements[40].value = 200
    assert len(calls) == 1
    plans = comparator.result.plans
    assert plans["wagner_whitin"].total_cost <= min(plan.total_cost for plan in plans.values())


def test_comparator_states_its_convention(notes):
    text = notes(LotSizingComparator())
    assert "end of each period" in text and "purchase cost" in text


# Quantity discount


def test_discount_defaults_are_wohls_discount_store():
    example = published_example("inventory", "eoq_quantity_discount", order_cost=49)
    evaluator = QuantityDiscountEvaluator()
    assert evaluator.price_breaks.value == [
        tuple(pair) for pair in example["inputs"]["price_breaks"]
    ]
    for field, expected in example["expected"].items():
        assert getattr(evaluator.result, field) == pytest.approx(expected), field
    assert evaluator.result.candidates == {700: 25700, 1000: 24725, 2000: 24822.5}
    assert list(evaluator._best.get_xdata()) == [1000]
    assert sorted(evaluator._candidates.get_xdata()) == [700, 1000, 2000]
    assert "24,725.00 ★" in evaluator.details.value
    assert evaluator.details.value.count("EOQ below the break: raised to it") == 2
    assert [text.get_text() for text in evaluator._legend.get_texts()[:3]] == [
        "\\$5.00",
        "\\$4.80",
        "\\$4.75",
    ]


def test_discount_reproduces_a_published_example_with_a_dropped_price():
    example = published_example("inventory", "eoq_quantity_discount", order_cost=30)
    evaluator = QuantityDiscountEvaluator(**example["inputs"])
    for field, expected in example["expected"].items():
        assert getattr(evaluator.result, field) == pytest.approx(expected), field
    # the EOQ at $0.90 (816) is beyond its range (under 500): no candidate for that price
    assert "EOQ reaches the next break: no candidate" in evaluator.details.value
    assert "EOQ applies" in evaluator.details.value  # 840 at $0.85


def test_discount_curves_are_solid_only_where_their_price_applies():
    evaluator = QuantityDiscountEvaluator()
    for (low, _), ceiling, (whole, applies, edge) in zip(
        evaluator.price_breaks.value, [1000, 2000, float("inf")], evaluator._curves, strict=True
    ):
        quantities = applies.get_xdata()
        assert low <= min(quantities) and max(quantities) < ceiling
        assert len(whole.get_xdata()) > len(quantities)
        assert edge.get_visible() == (low > 0)


def test_discount_follows_edits_of_the_price_breaks(redraws):
    evaluator = QuantityDiscountEvaluator()
    result = redraws(evaluator, evaluator.price_breaks.unit_price[2], 4.60)
    assert (result.quantity, result.unit_price) == (2000, 4.60)
    assert list(evaluator._best.get_xdata()) == [2000]
    assert evaluator._legend.get_texts()[2].get_text() == "\\$4.60"
    result = redraws(evaluator, evaluator.price_breaks.min_quantity[1], 600)
    assert result.unit_price == 4.60
    assert 700 not in result.candidates  # the EOQ at $5.00 is past 600, where $4.80 starts
    redraws(evaluator, evaluator.carrying_rate, 0.4)


def test_discount_rejects_bad_input_and_names_the_field(rejects):
    evaluator = QuantityDiscountEvaluator()
    rejects(evaluator, evaluator.annual_demand, 0, "annual_demand")
    rejects(evaluator, evaluator.order_cost, 0, "order_cost")
    rejects(evaluator, evaluator.price_breaks.unit_price[2], 4.90, "price_breaks")
    rejects(evaluator, evaluator.price_breaks.unit_price[1], 0, "price_breaks[1].unit_price")
    rejects(evaluator, evaluator.price_breaks.min_quantity[2], 500, "price_breaks")
    assert evaluator.details.value != ""
    evaluator.annual_demand.value = 0
    assert evaluator.details.value == "" and evaluator.details.layout.display == "none"
    with pytest.raises(InputError, match="price_breaks"):
        QuantityDiscountEvaluator(price_breaks=[(0, 5.00, 1)])


def test_discount_states_its_convention(notes):
    text = notes(QuantityDiscountEvaluator())
    assert "All-units discount" in text and "purchase included" in text


# Periodic review


@pytest.mark.parametrize("on_hand", [71, 150])
def test_periodic_review_reproduces_the_published_examples(on_hand):
    example = published_example("inventory", "periodic_review", on_hand=on_hand)
    review = PeriodicReviewCalculator(**example["inputs"])
    for field, expected in example["expected"].items():
        assert getattr(review.result, field) == pytest.approx(expected, abs=example["abs_tol"])
    assert list(review._target.get_ydata()) == [review.result.target_level] * 2


def test_periodic_review_defaults_are_stevensons_example():
    review = PeriodicReviewCalculator()
    assert round(review.result.order_quantity, 2) == 219.94
    assert "Order now" in review.summary.value and "219.94 units" in review.summary.value
    assert "2.3263" in review.summary.value  # the exact z of 99 %


def test_periodic_review_sawtooth_runs_between_safety_stock_and_the_target():
    review = PeriodicReviewCalculator()
    result = review.result
    times, stock = review._on_hand.get_data()
    assert list(review._reviews.get_xdata()) == [0, 7, 14, 21]
    assert list(review._arrivals.get_xdata()) == [2, 9, 16]
    # in the steady state each order of d·R = 210 arrives when the stock is down to the SS
    lows = [level for t, level in zip(times, stock, strict=True) if t in (9, 16)]
    assert min(lows) == pytest.approx(result.safety_stock)
    assert max(review._position.get_ydata()) == pytest.approx(result.target_level)
    picture = review_cycles(result.target_level, 30, 7, 2, on_hand=71, on_order=0)
    assert picture.orders[1:] == pytest.approx([210, 210, 210])
    assert picture.arrival_levels == pytest.approx([result.target_level - 60] * 3)


def test_periodic_review_follows_the_inputs(redraws):
    review = PeriodicReviewCalculator()
    result = redraws(review, review.on_order, 100)
    assert result.order_quantity == pytest.approx(119.94, abs=0.005)
    result = redraws(review, review.on_hand, 400)
    assert result.order_quantity == 0
    assert review._on_hand.get_ydata()[0] == 500  # open orders counted as arrived
    result = redraws(review, review.review_period, 14)
    assert result.target_level == pytest.approx(30 * 16 + 2.3263 * 3 * 4, abs=0.01)
    assert list(review._reviews.get_xdata()) == [0, 14, 28, 42]
    redraws(review, review.service_level, 0.95)


def test_periodic_review_rejects_bad_input_and_names_the_field(rejects):
    review = PeriodicReviewCalculator()
    rejects(review, review.demand_rate, 0, "demand_rate")
    rejects(review, review.review_period, 0, "review_period")


def test_periodic_review_states_its_convention(notes):
    text = notes(PeriodicReviewCalculator())
    assert "Order-up-to level" in text and "exact inverse normal" in text


def test_a_narrow_totals_grid_scrolls_instead_of_hiding_its_periods():
    """The fixed cost columns leave room for at least three periods; the grid scrolls."""
    grid = LotSizingComparator().grid
    periods_view = grid.children[1]
    assert periods_view.layout.min_width.startswith("calc(3 *")
    assert grid.layout.overflow == "auto hidden"


def test_the_charted_rule_shows_its_full_name():
    """The dropdown beside its 16em label holds the longest rule name (about 0.55em a
    character) and its arrow (2em), instead of cutting it to "Period or…"."""
    chooser = LotSizingComparator().method
    box_width = float(chooser.layout.width.removesuffix("em")) - 16
    assert max(0.55 * len(label) + 2 for label, _ in chooser.options) <= box_width
