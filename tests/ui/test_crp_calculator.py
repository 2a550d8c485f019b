"""The CRP load profile driven like a learner would, against the published example in
data/examples/capacity.json."""

import inspect

import pytest

import cpimkit.ui as ui
from cpimkit.calc import InputError
from cpimkit.calc.capacity import crp_load
from cpimkit.examples import published_example
from cpimkit.ui.crp import SHOP_ORDERS, SHOP_ROUTINGS, CRPLoadProfile
from cpimkit.ui.mrp import PROBLEM
from cpimkit.ui.planning import PeriodGrid

LONG = 52


def overloaded(profile, center) -> list:
    return [t for t, style in enumerate(profile.rows[center].styles) if PROBLEM in style]


def test_keywords_and_controls_follow_the_calc_names():
    parameters = ["orders", "routings", "periods", "capacity"]
    assert list(inspect.signature(CRPLoadProfile).parameters)[:4] == parameters
    profile = CRPLoadProfile()
    assert profile.result is not None and profile.message.value == ""
    assert "application/vnd.jupyter.widget-view+json" in profile._repr_mimebundle_()
    assert all(hasattr(box, "value") for box in profile.capacity.values())
    assert all(hasattr(row, "value") for row in profile.orders.values())
    for operations in profile.routings.values():
        for boxes in operations:
            assert set(boxes) == {
                "setup_hours",
                "run_hours_per_unit",
                "operation_lead_time_periods",
            }
    assert profile.periods == 8
    assert "CRPLoadProfile" in ui.__all__ and ui.CRPLoadProfile is CRPLoadProfile


def test_profile_reproduces_the_published_load():
    example = published_example("capacity", "crp_load")
    inputs = example["inputs"]
    capacity = {"cut": 8, "weld": 10, "pack": 4}
    profile = CRPLoadProfile(**inputs, capacity=capacity)
    for center, hours in example["expected"]["load"].items():
        assert profile.result.load[center] == pytest.approx(hours), center
    assert profile.result.past_due == pytest.approx(example["expected"]["past_due"])
    assert profile.orders["A"].value == [0, 10, 0, 5] and profile.orders["B"].value[3] == 40
    assert profile.rows["cut"].texts == ["3.5", "0.0", "0.0", "10.5"]
    assert overloaded(profile, "cut") == [3] and overloaded(profile, "weld") == [0]
    assert profile.result.overloads == {"cut": [3], "weld": [0], "pack": []}
    assert profile._past_due[0].get_height() == 6  # the cut of the first order: before period 1


def test_defaults_load_the_shop_as_crp_load_does():
    profile = CRPLoadProfile()
    expected = crp_load(SHOP_ORDERS, SHOP_ROUTINGS, 8)
    for center, hours in expected.load.items():
        assert profile.result.load[center] == pytest.approx(hours), center
    assert profile.result.past_due == pytest.approx(expected.past_due)
    assert profile.capacity["saw"].value == 37.4  # rated: 40 h × 85 % × 110 %
    assert profile.result.overloads == {"saw": [2, 5], "drill": [], "paint": []}
    assert profile._headline.get_text() == "saw: 2 overloaded periods"
    assert [bar.get_height() for bar in profile._excess][2] == pytest.approx(43.5 - 37.4)
    assert profile._within[2].get_height() == 37.4
    assert "3, 6" in profile.summary.value and "5.0 h" in profile.summary.value
    assert "<b>Load saw [h] of 37.4</b>" in profile.grid.label(profile.rows["saw"])


def test_editing_orders_and_routings_recomputes_once_and_redraws(
    redraws, count_recomputes, widget_ids
):
    profile = CRPLoadProfile()
    calls, widgets_before = count_recomputes(profile), widget_ids(profile)
    result = redraws(profile, profile.orders["plate"][3], 100)
    assert len(calls) == 1 and widget_ids(profile) == widgets_before
    assert result.load["saw"][2] == pytest.approx(35.5)  # plates are sawn a week early
    assert result.load["paint"][3] == pytest.approx(1.5 + 0.15 * 100)
    assert overloaded(profile, "saw") == [5]
    operation = profile.routings["bracket"][1]  # drilling
    operation["run_hours_per_unit"].value = 0.3  # the chart shows the saw: no redraw needed
    result = profile.result
    assert result.load["drill"][6] == pytest.approx(2 + 0.3 * 140)
    assert overloaded(profile, "drill") == [3, 6]
    result = redraws(profile, operation["operation_lead_time_periods"], 2)
    # brackets are sawn two weeks before they are due: week 4's in week 2
    assert result.load["saw"][1] == pytest.approx((1 + 0.2 * 120) + (0.5 + 0.1 * 150))
    assert result.past_due["saw"] == pytest.approx(5 + 17)  # brackets due weeks 1-2 now late


def test_capacity_and_work_centre_choice(redraws):
    profile = CRPLoadProfile()
    redraws(profile, profile.capacity["saw"], 46)
    assert overloaded(profile, "saw") == [] and profile.result.overloads["saw"] == []
    assert profile._headline.get_text() == "saw: 0 overloaded periods"
    redraws(profile, profile.work_center, "drill")
    assert list(profile._capacity_line.get_ydata()) == [37.4, 37.4]
    assert [bar.get_height() for bar in profile._within] == pytest.approx(
        profile.result.load["drill"]
    )
    assert profile._past_due[0].get_height() == 0
    assert "<b>Load drill" in profile.grid.label(profile.rows["drill"])
    assert "<b>" not in profile.grid.label(profile.rows["saw"])


def test_profile_rejects_bad_input_and_names_the_field(rejects):
    profile = CRPLoadProfile()
    rejects(profile, profile.capacity["saw"], 0, "capacity[&#x27;saw&#x27;]")
    rejects(profile, profile.orders["bracket"][1], -3, "orders[&#x27;bracket&#x27;][1]")
    profile.orders["bracket"][1].value = -3
    assert "(period 2)" in profile.message.value
    assert profile.rows["saw"].texts == [""] * 8
    assert "saw" not in profile.details.value


@pytest.mark.parametrize(
    ("arguments", "match"),
    [
        ({"orders": [("bracket", 10, 1), ("bracket", 5, 1)]}, "second order of 'bracket'"),
        ({"orders": [("bracket", 10, 8)]}, "due_period"),
        ({"orders": [("gear", 10, 1)]}, "no routing"),
        ({"capacity": {"saw": 10}}, "capacity has no entry"),
        ({"work_center": "lathe"}, "work_center"),
    ],
)
def test_constructor_errors_name_the_argument(arguments, match):
    given = {
        "orders": SHOP_ORDERS,
        "routings": SHOP_ROUTINGS,
        "capacity": {"saw": 40, "drill": 40, "paint": 40},
    } | arguments
    with pytest.raises(InputError, match=match):
        CRPLoadProfile(**given)


def test_profile_scrolls_52_periods(count_recomputes):
    orders = [("bracket", 50 + 10 * (t % 4), t) for t in range(LONG)]
    profile = CRPLoadProfile(orders, SHOP_ROUTINGS, LONG, {"saw": 12, "drill": 20, "paint": 5})
    assert profile.message.value == ""
    assert len(profile.result.load["saw"]) == LONG == len(profile._within)
    assert overloaded(profile, "drill") == [t for t in range(LONG) if t % 4 == 3]
    labels, periods = profile.grid.children
    assert isinstance(profile.grid, PeriodGrid)
    assert periods.layout.grid_template_columns.startswith(f"repeat({LONG}, ")
    assert periods.layout.overflow == "auto hidden"
    calls = count_recomputes(profile)
    profile.orders["plate"][30].value = 80
    assert len(calls) == 1 and profile.result.load["paint"][30] == pytest.approx(13.5)


def test_profile_states_its_convention(notes):
    text = notes(CRPLoadProfile())
    assert "backward scheduling" in text and "past due" in text
    assert "rated capacity" in text
