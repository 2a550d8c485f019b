"""The MRP explorer and the action-message view driven like a learner would, against the
published examples in data/examples/mrp.json."""

import inspect

import pytest
from matplotlib.colors import to_rgba

from cpimkit.calc import InputError
from cpimkit.calc.mrp import Item
from cpimkit.examples import published_example
from cpimkit.ui._chart import ORANGE
from cpimkit.ui.mrp import SHORT
from cpimkit.ui.mrp_explorer import ActionMessageView, MRPExplorer
from cpimkit.ui.planning import MARKED

# Chase & Jacobs' low-level-coded bill: B under A and C, D under B and C, E under C and D.
PLANNING_ORDER = ["A", "C", "B", "D", "F", "E"]


# MRP explorer


def test_explorer_keywords_and_controls_follow_the_calc_names():
    assert list(inspect.signature(MRPExplorer).parameters)[:3] == [
        "items",
        "bom",
        "master_schedule",
    ]
    explorer = MRPExplorer()
    assert explorer.result is not None and explorer.message.value == ""
    assert explorer.master_schedule["A"].value == [0] * 9 + [20]
    for boxes in explorer.items.values():
        assert set(boxes) == {"on_hand", "lead_time", "safety_stock"}
    assert explorer.items["D"]["on_hand"].value == 100
    assert explorer.item.value == "A"


def test_explorer_default_is_the_published_low_level_coded_bill():
    example = published_example("mrp", "explode", master_schedule={"A": [0] * 9 + [20]})
    explorer = MRPExplorer()
    records = explorer.result.records
    assert list(records) == PLANNING_ORDER
    for name, expected in example["expected"].items():
        for field, values in expected.items():
            assert getattr(records[name], field) == values, (name, field)
    low_level_codes = published_example("mrp", "low_level_codes")["expected"]
    assert explorer.result.low_level_codes == low_level_codes
    pegs = published_example("mrp", "pegging")["expected"]
    for name, expected in pegs.items():
        assert [vars(peg) for peg in explorer.result.pegs[name]] == expected, name


def test_explorer_steps_through_the_items_in_low_level_code_order():
    explorer = MRPExplorer()
    assert explorer.previous.disabled and not explorer.next.disabled
    seen, images = [], []
    for _ in PLANNING_ORDER:
        seen.append(explorer.item.value)
        images.append(explorer.chart.image.value)
        node = explorer.tree.nodes[explorer.item.value].get_bbox_patch()
        assert node.get_facecolor() == to_rgba(ORANGE)
        explorer.next.click()
    assert seen == PLANNING_ORDER
    assert explorer.next.disabled and explorer.item.value == "E"
    assert len(set(images)) == len(images)  # each step highlights another item
    explorer.previous.click()
    assert explorer.item.value == "F"


def test_explorer_explains_a_step_and_pegs_the_demand(visible):
    explorer = MRPExplorer(item="B")
    step = explorer.step.value
    assert "Step 3 of 6" in step and "low-level code 2" in step
    assert "B's gross requirements are A's planned releases × 1 + C's planned releases × 3" in step
    assert "60 in period 7 and 20 in period 8" in step
    assert "releases of 40 in period 5 and 40 in period 6" in step
    assert "gross requirements of D (× 3) and F (× 1)" in step
    assert "C's order of 20 due in period 8, × 3" in explorer.summary.value
    assert "A's order of 20 due in period 10, × 1" in explorer.summary.value
    assert visible(explorer._panels["B"]) and not visible(explorer._panels["A"])
    explorer.item.value = "A"
    assert "an end item" in explorer.step.value
    assert "master schedule" in explorer.summary.value
    explorer.item.value = "E"
    assert "It has no components" in explorer.step.value


def test_explorer_grid_shows_the_chosen_record(visible):
    explorer = MRPExplorer(item="B")
    frame = explorer.result.records["B"].to_frame()
    rows = explorer.rows
    assert rows["Gross requirements"].texts == [f"{v:.0f}" for v in frame.loc["Gross requirements"]]
    assert rows["Planned order releases"].texts[4:6] == ["40", "40"]
    assert rows["Net requirements"].styles[6] == SHORT
    assert not visible(rows["Firm planned receipts"].cells[0])  # no firm planned orders
    assert "B: planned order releases" in explorer.grid.label(rows["Planned order releases"])


def test_explorer_recomputes_once_per_edit(count_recomputes):
    explorer = MRPExplorer(item="B")
    calls = count_recomputes(explorer)
    image = explorer.chart.image.value
    explorer.items["B"]["on_hand"].value = 30
    assert explorer.result.records["B"].planned_order_releases[4:6] == [40, 0]
    assert explorer.result.records["D"].gross_requirements[5] == 0
    explorer.master_schedule["A"][9].value = 40
    assert explorer.result.records["A"].planned_order_releases[7] == 40
    explorer.items["C"]["lead_time"].value = 2
    assert explorer.result.records["C"].planned_order_releases[5] == 40
    assert len(calls) == 3
    explorer.item.value = "C"
    assert len(calls) == 4 and explorer.chart.image.value != image


def test_explorer_rejects_a_negative_master_schedule_and_names_the_period(rejects):
    explorer = MRPExplorer()
    rejects(explorer, explorer.master_schedule["A"][9], -5, "master_schedule")
    explorer.master_schedule["A"][9].value = -5
    assert "(period 10)" in explorer.message.value
    assert explorer.step.value == "" and explorer.rows["Gross requirements"].texts[0] == ""
    explorer.master_schedule["A"][9].value = 20
    assert explorer.message.value == "" and "Step 1 of 6" in explorer.step.value


def test_explorer_draws_a_shared_component_once_at_its_lowest_level():
    # The stool of the calc.mrp doctests: screws go into the stool and into its base.
    items = {
        "Stool": Item(lead_time=1),
        "Seat": Item(lead_time=2),
        "Base": Item(lead_time=1, on_hand=20),
        "Leg": Item(lead_time=2),
        "Brace": Item(lead_time=1),
        "Screw": {"lead_time": 1, "on_hand": 100},
    }
    bom = [
        ("Stool", "Seat", 1),
        ("Stool", "Base", 1),
        ("Stool", "Screw", 4),
        ("Base", "Leg", 4),
        ("Base", "Brace", 2),
        ("Base", "Screw", 8),
    ]
    explorer = MRPExplorer(items, bom, {"Stool": [0, 0, 0, 0, 0, 50]}, item="Screw")
    assert len(explorer.tree.nodes) == 6
    assert explorer.tree.nodes["Screw"].get_position()[1] == -2  # low-level code 2
    labels = {edge: text.get_text() for edge, (_, text) in explorer.tree.edges.items()}
    assert labels[("Stool", "Screw")] == "×4" and labels[("Base", "Screw")] == "×8"
    assert explorer.result.records["Screw"].planned_order_releases == [0, 0, 140, 200, 0, 0]
    assert "Base's planned releases × 8" in explorer.step.value


def test_explorer_flags_past_due_releases():
    explorer = MRPExplorer(
        {"Kit": Item(lead_time=2), "Part": Item(lead_time=1)},
        [("Kit", "Part", 2)],
        {"Kit": [10, 0, 0]},
    )
    assert explorer.result.records["Kit"].past_due == 10
    assert "past due 10" in explorer.grid.label(explorer.rows["Planned order releases"])
    assert "Past due" in explorer.summary.value and "10 past due" in explorer.step.value
    explorer.next.click()
    assert explorer.result.records["Part"].gross_requirements[0] == 20


def test_explorer_refuses_a_bill_it_cannot_plan():
    with pytest.raises(InputError, match="cycle"):
        MRPExplorer(
            {"A": Item(lead_time=1), "B": Item(lead_time=1)},
            [("A", "B", 1), ("B", "A", 1)],
            {"A": [1, 2]},
        )
    with pytest.raises(InputError, match="item must be one of"):
        MRPExplorer(item="Z")
    with pytest.raises(InputError, match="bom and master_schedule"):
        MRPExplorer({"A": Item(lead_time=1)})


# Action messages


def messages_of(view) -> list:
    return [vars(message) for message in view.result.messages]


def test_action_view_keywords_and_controls_follow_the_calc_names():
    names = ["gross_requirements", "on_hand", "lead_time", "scheduled_receipts", "safety_stock"]
    assert list(inspect.signature(ActionMessageView).parameters) == names
    view = ActionMessageView()
    assert all(hasattr(getattr(view, name), "value") for name in names)
    assert view.result is not None and view.message.value == ""


def test_action_view_default_has_a_release_and_two_moves():
    view = ActionMessageView()
    assert [str(message) for message in view.result.messages] == [
        "release 10 in period 1, due in period 4",
        "de-expedite the 30 due in period 2 to period 3",
        "expedite the 10 due in period 6 to period 4",
    ]
    summary = view.summary.value
    assert "<b>Release</b> an order for 10 now: it is due in period 4" in summary
    assert "<b>De-expedite</b> the open order for 30 from period 2 to period 3" in summary
    assert "<b>Expedite</b> the open order for 10 from period 6 to period 4" in summary
    assert view.rows["rescheduled_receipts"].texts == ["0", "0", "30", "10", "0", "0", "0", "0"]
    assert view.rows["rescheduled_receipts"].styles[2] == MARKED
    assert view.rows["replanned_releases"].texts[0] == "10"


@pytest.mark.parametrize("on_hand", [45, 40])
def test_action_view_reproduces_the_published_messages(on_hand):
    example = published_example("mrp", "action_messages", on_hand=on_hand)
    view = ActionMessageView(**example["inputs"])
    assert messages_of(view) == example["expected"]


def test_action_view_explains_an_expedite_and_a_cancel():
    view = ActionMessageView(**published_example("mrp", "action_messages", on_hand=45)["inputs"])
    assert (
        "<b>Expedite</b> the open order for 30 from period 4 to period 2: without it the "
        "stock would fall below the safety stock in period 2"
    ) in view.summary.value
    assert "past due 5" in view.grid.label(view.rows["planned_order_releases"])
    view = ActionMessageView(**published_example("mrp", "action_messages", on_hand=40)["inputs"])
    assert "<b>Cancel</b> the open order for 25 due in period 5" in view.summary.value
    assert view._cancelled.get_xdata() == [5]


def test_action_view_recomputes_once_per_edit_and_redraws(redraws, count_recomputes):
    view = ActionMessageView()
    calls = count_recomputes(view)
    result = redraws(view, view.scheduled_receipts[5], 0)
    assert [message.kind for message in result.messages] == ["release", "de-expedite"]
    assert result.messages[0].quantity == 20
    result = redraws(view, view.safety_stock, 10)
    assert result.messages[0].quantity == 30
    result = redraws(view, view.gross_requirements[0], 40)
    assert [message.kind for message in result.messages] == ["release", "release", "expedite"]
    assert "already late" in view.summary.value
    assert len(calls) == 3


def test_action_view_says_when_nothing_is_needed_and_when_a_release_is_late():
    view = ActionMessageView(gross_requirements=[10, 10, 10], on_hand=50, lead_time=1)
    assert view.result.messages == []
    assert "No action needed" in view.summary.value
    view = ActionMessageView(gross_requirements=[0, 20, 0, 0], on_hand=0, lead_time=3)
    assert "already late" in view.summary.value


def test_action_view_rejects_bad_input_and_names_the_period(rejects):
    view = ActionMessageView()
    rejects(view, view.gross_requirements[2], -5, "gross_requirements[2]")
    rejects(view, view.scheduled_receipts[1], -30, "scheduled_receipts[1]")
    view.gross_requirements[2].value = -5
    assert "(period 3)" in view.message.value
    assert view.rows["projected_available"].texts == [""] * 8
    with pytest.raises(InputError, match="scheduled_receipts"):
        ActionMessageView(gross_requirements=[1, 2, 3], scheduled_receipts=[0, 0])
