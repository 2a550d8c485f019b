"""Keeping the plan valid (`cpimkit.calc.mrp`): firm planned orders in `mrp_record` and
`explode`, `action_messages`, `pegging` and `plan_changes`; properties and bad input."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cpimkit.calc import InputError
from cpimkit.calc.mrp import (
    LOT_SIZES,
    ActionMessage,
    Item,
    Peg,
    action_messages,
    explode,
    mrp_record,
    pegging,
    plan_changes,
)

from calc_testing import mrp_arguments

OPEN_ORDERS = st.integers(0, 80)


@st.composite
def records(draw, rules=LOT_SIZES, open_orders=OPEN_ORDERS):
    """Keyword arguments of a random record in whole units, one open order (or none) a period."""
    arguments = draw(mrp_arguments(rules=rules))
    n = len(arguments["gross_requirements"])
    arguments["scheduled_receipts"] = draw(st.lists(open_orders, min_size=n, max_size=n))
    return arguments


def firm_orders(n):
    """Firm planned orders per period over n periods, mostly zeros."""
    return st.lists(st.sampled_from([0, 0, 0, 10, 25, 60]), min_size=n, max_size=n)


@st.composite
def records_with_firm_orders(draw, rules=LOT_SIZES):
    arguments = draw(records(rules))
    firm = draw(firm_orders(len(arguments["gross_requirements"])))
    return arguments, firm


# Firm planned orders


@given(arguments=records())
def test_no_firm_planned_orders_leaves_the_record_as_it_was(arguments):
    record = mrp_record(**arguments)
    n = len(arguments["gross_requirements"])
    assert mrp_record(**arguments, firm_planned_orders=None) == record
    assert mrp_record(**arguments, firm_planned_orders=[0] * n) == record
    assert mrp_record(**arguments, firm_planned_orders={}) == record
    assert record.firm_planned_receipts == [0.0] * n
    assert "Firm planned receipts" not in record.to_frame().index


@given(case=records_with_firm_orders())
def test_firm_orders_are_netted_like_scheduled_receipts_and_kept_as_they_are(case):
    arguments, firm = case
    record = mrp_record(**arguments, firm_planned_orders=firm)
    as_receipts = {
        **arguments,
        "scheduled_receipts": [
            a + b for a, b in zip(arguments["scheduled_receipts"], firm, strict=True)
        ],
    }
    netted = mrp_record(**as_receipts)
    assert record.projected_available == netted.projected_available
    assert record.net_requirements == netted.net_requirements
    assert record.firm_planned_receipts == firm
    assert record.planned_order_receipts == [
        planned + frozen
        for planned, frozen in zip(netted.planned_order_receipts, firm, strict=True)
    ]
    assert record.scheduled_receipts == arguments["scheduled_receipts"]


@given(case=records_with_firm_orders(rules=("lfl",)))
def test_lot_for_lot_firm_orders_never_lower_the_projected_available(case):
    # only lot for lot: a lot-sized rule may order a whole lot without the firm order and
    # none with it, ending lower
    arguments, firm = case
    without = mrp_record(**arguments)
    with_firm = mrp_record(**arguments, firm_planned_orders=firm)
    for low, high in zip(without.projected_available, with_firm.projected_available, strict=True):
        assert high >= low


@given(case=records_with_firm_orders())
def test_firm_orders_keep_supply_and_demand_in_balance_and_are_released_like_others(case):
    arguments, firm = case
    record = mrp_record(**arguments, firm_planned_orders=firm)
    supply = (
        arguments["on_hand"]
        + sum(arguments["scheduled_receipts"])
        + sum(record.planned_order_receipts)
        - sum(arguments["gross_requirements"])
    )
    assert record.projected_available[-1] == pytest.approx(supply)
    assert all(balance >= arguments["safety_stock"] for balance in record.projected_available)
    lead_time, n = arguments["lead_time"], len(firm)
    receipts = record.planned_order_receipts
    assert record.planned_order_releases[: max(0, n - lead_time)] == receipts[lead_time:]
    assert record.past_due == pytest.approx(sum(receipts[:lead_time]))


def test_firm_orders_as_a_mapping_of_period_indexes():
    arguments = {
        "gross_requirements": [0, 40, 50, 30, 60, 20, 40, 50],
        "scheduled_receipts": [0, 30, 0, 0, 0, 0, 0, 0],
        "on_hand": 45,
        "safety_stock": 10,
        "lead_time": 2,
    }
    listed = mrp_record(**arguments, firm_planned_orders=[0, 0, 0, 0, 80, 0, 0, 0])
    assert mrp_record(**arguments, firm_planned_orders={4: 80}) == listed
    assert mrp_record(**arguments, firm_planned_orders={4.0: 80}) == listed
    assert listed.planned_order_receipts == [0, 0, 25, 30, 80, 0, 40, 50]
    frame = listed.to_frame()
    assert frame.index[4] == "Firm planned receipts"
    assert frame.loc["Firm planned receipts"].tolist() == [0, 0, 0, 0, 80, 0, 0, 0]


def test_a_firm_order_due_within_the_lead_time_is_past_due():
    record = mrp_record([0, 10, 0], on_hand=0, lead_time=2, firm_planned_orders={1: 15})
    assert record.past_due == 15
    assert record.projected_available == [0, 5, 5]


def test_explode_plans_an_items_firm_orders_and_explodes_their_releases():
    catalogue = {
        "Kit": Item(lead_time=1, firm_planned_orders=[0, 0, 30, 0]),
        "Box": Item(lead_time=1),
    }
    plan = explode(catalogue, [("Kit", "Box", 2)], {"Kit": [0, 0, 20, 20]})
    assert plan["Kit"] == mrp_record(
        [0, 0, 20, 20], on_hand=0, lead_time=1, firm_planned_orders=[0, 0, 30, 0]
    )
    assert plan["Kit"].planned_order_releases == [0, 30, 10, 0]
    assert plan["Box"].gross_requirements == [0, 60, 20, 0]
    as_mapping = explode(
        {"Kit": {"lead_time": 1, "firm_planned_orders": {2: 30}}, "Box": {"lead_time": 1}},
        [("Kit", "Box", 2)],
        {"Kit": [0, 0, 20, 20]},
    )
    assert as_mapping == plan


# Action messages


def need_dates(arguments, firm=None):
    """Each open order's need date by the definition, computed from scratch: (due, quantity,
    need or None), taking the orders in due order and the earlier ones at their need dates."""
    gross = arguments["gross_requirements"]
    firm = firm or [0] * len(gross)
    placed, dates = [], []
    for due, quantity in enumerate(arguments["scheduled_receipts"]):
        if not quantity:
            continue
        need = None
        for t in range(len(gross)):
            balance = (
                arguments["on_hand"]
                + sum(firm[: t + 1])
                - sum(gross[: t + 1])
                + sum(q for n, q in placed if n <= t)
            )
            if balance < arguments["safety_stock"]:
                need = t
                break
        dates.append((due, quantity, need))
        if need is not None:
            placed.append((need, quantity))
    return dates


def apply(messages, scheduled_receipts):
    """The open orders after acting on the expedite, de-expedite and cancel messages."""
    receipts = list(scheduled_receipts)
    for message in messages:
        if message.kind == "release":
            continue
        receipts[message.period] -= message.quantity
        if message.kind != "cancel":
            receipts[message.to_period] += message.quantity
    return receipts


@given(case=records_with_firm_orders())
def test_each_open_order_is_moved_to_its_need_date_or_cancelled(case):
    arguments, firm = case
    moves = {
        message.period: message
        for message in action_messages(**arguments, firm_planned_orders=firm)
        if message.kind != "release"
    }
    for due, quantity, need in need_dates(arguments, firm):
        if need == due:
            assert due not in moves
            continue
        message = moves.pop(due)
        assert message.quantity == quantity
        if need is None:
            assert (message.kind, message.to_period) == ("cancel", None)
        else:
            assert message.to_period == need
            assert message.kind == ("expedite" if need < due else "de-expedite")
    assert not moves, "a message for a period without an open order"


@given(case=records_with_firm_orders())
def test_acting_on_the_messages_leaves_only_the_same_releases(case):
    arguments, firm = case
    messages = action_messages(**arguments, firm_planned_orders=firm)
    moved = {**arguments, "scheduled_receipts": apply(messages, arguments["scheduled_receipts"])}
    releases = [message for message in messages if message.kind == "release"]
    assert action_messages(**moved, firm_planned_orders=firm) == releases


@given(case=records_with_firm_orders())
def test_releases_are_the_planned_orders_due_within_the_lead_time_after_the_moves(case):
    arguments, firm = case
    messages = action_messages(**arguments, firm_planned_orders=firm)
    moved = {**arguments, "scheduled_receipts": apply(messages, arguments["scheduled_receipts"])}
    plan = mrp_record(**moved, firm_planned_orders=firm)
    lead_time = arguments["lead_time"]
    releases = [(m.period, m.to_period, m.quantity) for m in messages if m.kind == "release"]
    due_now = plan.planned_order_receipts[: lead_time + 1]
    assert releases == [(0, t, quantity) for t, quantity in enumerate(due_now) if quantity]
    assert sum(quantity for _, _, quantity in releases) == pytest.approx(
        plan.past_due + plan.planned_order_releases[0]
    )
    kinds = [message.kind for message in messages]
    assert kinds == sorted(kinds, key=lambda kind: kind != "release"), "releases come first"


@given(arguments=records())
def test_a_cancelled_order_means_nothing_else_is_needed(arguments):
    messages = action_messages(**arguments)
    if any(message.kind == "cancel" for message in messages):
        moved = {
            **arguments,
            "scheduled_receipts": apply(messages, arguments["scheduled_receipts"]),
        }
        assert not any(mrp_record(**moved).planned_order_receipts)
        assert all(message.kind != "release" for message in messages)


@given(arguments=records(rules=("lfl",)))
def test_moving_open_orders_never_calls_for_more_planned_orders_lot_for_lot(arguments):
    messages = action_messages(**arguments)
    moved = {**arguments, "scheduled_receipts": apply(messages, arguments["scheduled_receipts"])}
    as_given, acted_on = mrp_record(**arguments), mrp_record(**moved)
    assert sum(acted_on.planned_order_receipts) <= sum(as_given.planned_order_receipts)


@given(arguments=records(open_orders=st.just(0)))
def test_without_open_orders_the_only_messages_release_the_plans_first_orders(arguments):
    record = mrp_record(**arguments)
    messages = action_messages(**arguments)
    assert all(message.kind == "release" for message in messages)
    released = sum(message.quantity for message in messages)
    assert released == pytest.approx(record.past_due + record.planned_order_releases[0])


def test_a_late_release_is_due_within_the_lead_time():
    messages = action_messages([0, 10, 10, 10], on_hand=0, lead_time=2)
    assert messages == [ActionMessage("release", 0, 10, 1), ActionMessage("release", 0, 10, 2)]
    assert str(messages[0]) == "release 10 in period 1, due in period 2"


def test_open_orders_that_are_needed_on_time_get_no_message():
    messages = action_messages(
        [10, 20, 20], on_hand=10, lead_time=1, scheduled_receipts=[0, 20, 20]
    )
    assert messages == []


def test_a_firm_planned_order_covering_the_need_pushes_an_open_order_out():
    arguments = {
        "gross_requirements": [0, 20, 20, 20],
        "on_hand": 0,
        "lead_time": 1,
        "scheduled_receipts": [0, 20, 0, 0],
    }
    assert action_messages(**arguments) == []  # the 20 is needed in period 2, as due
    messages = action_messages(**arguments, firm_planned_orders={1: 40})
    assert messages == [  # the firm order is due in period 2: release it now
        ActionMessage("release", 0, 40, 1),
        ActionMessage("de-expedite", 1, 20, 3),
    ]
    assert str(messages[1]) == "de-expedite the 20 due in period 2 to period 4"


def test_messages_in_words_count_periods_from_one():
    assert (
        str(ActionMessage("expedite", 4, 50.0, 2)) == "expedite the 50 due in period 5 to period 3"
    )
    assert str(ActionMessage("cancel", 7, 30.0, None)) == "cancel the 30 due in period 8"
    message = ActionMessage("cancel", 7, 30.0, None)
    assert repr(message) == "ActionMessage(kind='cancel', period=7, quantity=30, to_period=None)"
    with pytest.raises(AttributeError):
        message.period = 1


# Pegging


@st.composite
def plants(draw):
    """(items, bom, master_schedule): a random acyclic plant, components going into items drawn
    before them (possibly several, at several levels, a line now and then listed twice)."""
    horizon = draw(st.integers(1, 8))
    names = [f"P{k}" for k in range(draw(st.integers(1, 6)))]
    bom = []
    for k, component in enumerate(names[1:], 1):
        for parent in draw(st.lists(st.sampled_from(names[:k]), max_size=3)):
            bom.append((parent, component, draw(st.integers(1, 3))))
    demand = st.lists(st.integers(0, 40), min_size=horizon, max_size=horizon)
    components = {component for _, component, _ in bom}
    schedule = {
        name: draw(demand) for name in names if name not in components or draw(st.booleans())
    }
    catalogue = {}
    for name in names:
        rule = draw(st.sampled_from(LOT_SIZES))
        catalogue[name] = Item(
            lead_time=draw(st.integers(0, 3)),
            on_hand=draw(st.integers(0, 60)),
            safety_stock=draw(st.integers(0, 10)),
            lot_size=rule,
            order_quantity=draw(st.integers(1, 50)) if rule in ("foq", "eoq") else None,
            periods_of_supply=draw(st.integers(1, 3)) if rule == "poq" else None,
            firm_planned_orders=draw(st.none() | firm_orders(horizon)),
        )
    return catalogue, bom, schedule


@given(plant=plants())
def test_the_pegs_of_an_item_add_up_to_its_gross_requirements(plant):
    plan = explode(*plant)
    pegs = pegging(*plant)
    assert list(pegs) == list(plan)
    for name, record in plan.items():
        per_period = [0.0] * len(record.gross_requirements)
        for peg in pegs[name]:
            assert peg.quantity > 0
            per_period[peg.period] += peg.quantity
        assert per_period == pytest.approx(record.gross_requirements)
        assert [peg.period for peg in pegs[name]] == sorted(peg.period for peg in pegs[name])


@given(plant=plants())
def test_each_peg_is_a_parent_order_times_quantity_per_or_independent_demand(plant):
    catalogue, bom, schedule = plant
    plan = explode(*plant)
    horizon = len(next(iter(schedule.values())))
    for name, found in pegging(*plant).items():
        independent = [0.0] * horizon
        for peg in found:
            if peg.parent is None:
                assert peg.parent_period is None
                independent[peg.period] += peg.quantity
                continue
            quantity_per = sum(q for p, c, q in bom if (p, c) == (peg.parent, name))
            assert quantity_per > 0, "the parent uses the item"
            parent = plan[peg.parent]
            due = peg.parent_period
            assert peg.quantity == pytest.approx(parent.planned_order_receipts[due] * quantity_per)
            assert peg.period == max(0, due - parent.lead_time)
            if due >= parent.lead_time:
                assert peg.quantity == pytest.approx(
                    parent.planned_order_releases[peg.period] * quantity_per
                )
        assert independent == schedule.get(name, [0] * horizon)


def test_a_parents_past_due_order_is_pegged_in_period_one_to_its_due_period():
    catalogue = {"A": Item(lead_time=2), "B": Item(lead_time=1, on_hand=10)}
    pegs = pegging(catalogue, [("A", "B", 3)], {"A": [0, 5, 7, 0]})
    assert pegs["B"] == [Peg(0, 15, "A", 1), Peg(0, 21, "A", 2)]


def test_lines_of_one_parent_and_component_make_one_peg():
    catalogue = {"A": Item(lead_time=0), "B": Item(lead_time=0)}
    pegs = pegging(catalogue, [("A", "B", 2), ("A", "B", 1)], {"A": [4], "B": [1]})
    assert pegs["B"] == [Peg(0, 1, None, None), Peg(0, 12, "A", 0)]


# Nervousness


releases = st.lists(st.integers(0, 100), min_size=1, max_size=10)


@given(before=releases, data=st.data())
def test_applying_the_changes_to_the_old_plan_gives_the_new_one(before, data):
    after = data.draw(st.lists(st.integers(0, 100), min_size=len(before), max_size=len(before)))
    changes = plan_changes(before, after)
    rebuilt = list(map(float, before))
    for t, was, now in changes:
        assert rebuilt[t] == was != now
        rebuilt[t] = now
    assert rebuilt == after
    assert plan_changes(before, before) == []


def test_records_are_compared_by_their_planned_order_releases():
    before = mrp_record([20] * 4, on_hand=0, lead_time=1)
    after = mrp_record([20, 20, 30, 20], on_hand=0, lead_time=1)
    assert plan_changes(before, after) == [(1, 20, 30)]
    assert plan_changes(before, after.planned_order_releases) == [(1, 20, 30)]


# Bad input: the message names the parameter

GOOD = {"gross_requirements": [10, 20, 30], "on_hand": 5, "lead_time": 1}

BAD_FIRM_ORDERS = [
    ([0, 10], "gross_requirements has 3, firm_planned_orders has 2"),
    ([0, -10, 0], r"firm_planned_orders\[1\] must be >= 0"),
    ([0, math.nan, 0], r"firm_planned_orders\[1\]"),
    ("10", "firm_planned_orders must be a sequence"),
    (10, "firm_planned_orders must be a sequence"),
    (
        {3: 10},
        r"firm_planned_orders key must be a period index from 0 to 2 \(0 = period 1\), got 3",
    ),
    ({-1: 10}, "firm_planned_orders key must be a whole number >= 0, got -1"),
    ({1.5: 10}, "firm_planned_orders key must be a whole number"),
    ({"2": 10}, "firm_planned_orders key must be a number, got '2'"),
    ({2: -4}, r"firm_planned_orders\[2\] must be >= 0, got -4"),
    ({2: None}, r"firm_planned_orders\[2\] must be a number"),
]


@pytest.mark.parametrize(("firm", "message"), BAD_FIRM_ORDERS, ids=[m for _, m in BAD_FIRM_ORDERS])
@pytest.mark.parametrize("function", [mrp_record, action_messages])
def test_bad_firm_planned_orders_raise_input_error(function, firm, message):
    with pytest.raises(InputError, match=message):
        function(**GOOD, firm_planned_orders=firm)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"gross_requirements": []}, "gross_requirements must hold at least 1"),
        ({"scheduled_receipts": [0, -5, 0]}, r"scheduled_receipts\[1\] must be >= 0"),
        ({"scheduled_receipts": [0, 5]}, "gross_requirements has 3, scheduled_receipts has 2"),
        ({"on_hand": -1}, "on_hand must be >= 0"),
        ({"lead_time": 0.5}, "lead_time must be a whole number"),
        ({"safety_stock": math.inf}, "safety_stock"),
        ({"lot_size": "ppb"}, "lot_size must be one of lfl, foq, poq, eoq"),
        ({"lot_size": "foq"}, "lot_size 'foq' needs order_quantity"),
        ({"periods_of_supply": 2}, "periods_of_supply is used only with lot_size poq"),
    ],
)
def test_action_messages_checks_its_inputs_like_mrp_record(changes, message):
    with pytest.raises(InputError, match=message):
        action_messages(**{**GOOD, **changes})


PLANT = {
    "items": {"A": Item(lead_time=1), "B": Item(lead_time=1)},
    "bom": [("A", "B", 2)],
    "master_schedule": {"A": [10, 20, 30]},
}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"items": {}}, "items must hold at least 1 entry"),
        ({"items": {"A": Item(lead_time=1), "B": 3}}, r"items\['B'\] must be an Item, got 3"),
        (
            {"items": {"A": Item(lead_time=1, firm_planned_orders={5: 1}), "B": Item(1)}},
            r"items\['A'\]: firm_planned_orders key must be a period index from 0 to 2",
        ),
        (
            {"items": {"A": {"lead_time": 1, "firm": [1, 2, 3]}, "B": {"lead_time": 1}}},
            r"items\['A'\] must hold the fields of an Item \(.*firm_planned_orders\)",
        ),
        ({"bom": [("A", "Z", 2)]}, r"bom\[0\].component 'Z' is not one of the items"),
        ({"bom": [("A", "B", -2)]}, r"bom\[0\].quantity_per must be > 0"),
        ({"bom": [("A", "B", 1), ("B", "A", 1)]}, "bom has a cycle: 'A' → 'B' → 'A'"),
        ({"master_schedule": {"Z": [1, 2, 3]}}, "master_schedule names 'Z'"),
        ({"master_schedule": {"A": [1, -2, 3]}}, r"master_schedule\['A'\]\[1\] must be >= 0"),
    ],
)
def test_pegging_checks_its_inputs_like_explode(changes, message):
    with pytest.raises(InputError, match=message):
        pegging(**{**PLANT, **changes})


@pytest.mark.parametrize(
    ("before", "after", "message"),
    [
        ([10, 0], [10, 0, 5], "before has 2, after has 3"),
        ([10, -1], [10, 0], r"before\[1\] must be >= 0"),
        ([10, 0], [10, math.nan], r"after\[1\]"),
        ("10 0", [10, 0], "before must be a sequence"),
        ([10, 0], None, "after must be a sequence"),
        ([], [], "before must hold at least 1"),
    ],
)
def test_plan_changes_checks_both_plans(before, after, message):
    with pytest.raises(InputError, match=message):
        plan_changes(before, after)
