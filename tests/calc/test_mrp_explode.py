"""`cpimkit.calc.mrp.explode` and `low_level_codes`: multi-level planning by low-level code,
gross requirements from the parents' releases, cycles, and bad input."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cpimkit.calc import InputError
from cpimkit.calc.mrp import Item, MRPRecord, explode, low_level_codes, mrp_record


@st.composite
def items(draw, horizon):
    """One Item with whole units, any lot-sizing rule, open orders one time in two."""
    rule = draw(st.sampled_from(("lfl", "foq", "poq", "eoq")))
    return Item(
        lead_time=draw(st.integers(0, 3)),
        on_hand=draw(st.integers(0, 100)),
        safety_stock=draw(st.integers(0, 20)),
        scheduled_receipts=draw(
            st.none() | st.lists(st.integers(0, 50), min_size=horizon, max_size=horizon)
        ),
        lot_size=rule,
        order_quantity=draw(st.integers(1, 80)) if rule in ("foq", "eoq") else None,
        periods_of_supply=draw(st.integers(1, 4)) if rule == "poq" else None,
    )


@st.composite
def plants(draw, max_items=8):
    """(items, bom, master_schedule) of a random acyclic plant: a component only ever goes into
    items drawn before it, possibly several, at different levels. Items are listed in a shuffled
    order; every end item has a master schedule and some components have service demand."""
    horizon = draw(st.integers(1, 10))
    names = [f"P{k}" for k in range(draw(st.integers(1, max_items)))]
    bom = []
    for k, component in enumerate(names[1:], 1):
        for parent in sorted(draw(st.sets(st.sampled_from(names[:k]), max_size=3))):
            bom.append((parent, component, draw(st.integers(1, 4))))
    components = {component for _, component, _ in bom}
    demand = st.lists(st.integers(0, 60), min_size=horizon, max_size=horizon)
    schedule = {
        name: draw(demand)
        for name in names
        if name not in components or draw(st.integers(0, 3)) == 0
    }
    listed = draw(st.permutations(names))
    return {name: draw(items(horizon)) for name in listed}, bom, schedule


def fields(item: Item) -> dict:
    """An Item's fields: the keyword arguments of mrp_record besides the gross requirements."""
    return vars(item)


@given(plant=plants())
def test_component_gross_requirements_are_parent_releases_times_quantity_per(plant):
    catalogue, bom, schedule = plant
    plan = explode(catalogue, bom, schedule)
    horizon = len(next(iter(schedule.values())))
    for name in catalogue:
        expected = list(schedule.get(name, [0] * horizon))
        for parent, component, quantity_per in bom:
            if component == name:
                releases = plan[parent].planned_order_releases
                expected = [
                    need + release * quantity_per
                    for need, release in zip(expected, releases, strict=True)
                ]
                expected[0] += plan[parent].past_due * quantity_per
        assert plan[name].gross_requirements == pytest.approx(expected)


@given(plant=plants())
def test_every_record_is_the_items_mrp_record(plant):
    catalogue, bom, schedule = plant
    plan = explode(catalogue, bom, schedule)
    assert set(plan) == set(catalogue)
    for name, record in plan.items():
        assert record == mrp_record(record.gross_requirements, **fields(catalogue[name]))


@given(plant=plants())
def test_low_level_code_of_a_component_is_one_below_its_lowest_parent(plant):
    catalogue, bom, _ = plant
    codes = low_level_codes(catalogue, bom)
    assert list(codes) == list(catalogue)
    for name in catalogue:
        parents = [codes[parent] for parent, component, _ in bom if component == name]
        assert codes[name] == (max(parents) + 1 if parents else 0)
    assert all(codes[component] > codes[parent] for parent, component, _ in bom)


@given(plant=plants())
def test_items_are_planned_in_low_level_code_order(plant):
    catalogue, bom, schedule = plant
    codes = low_level_codes(catalogue, bom)
    planned = [codes[name] for name in explode(catalogue, bom, schedule)]
    assert planned == sorted(planned)


@given(plant=plants())
def test_explode_of_a_single_level_bom_equals_mrp_record_per_item(plant):
    catalogue, _, schedule = plant
    horizon = len(next(iter(schedule.values())))
    plan = explode(catalogue, [], schedule)
    for name, item in catalogue.items():
        gross = schedule.get(name, [0] * horizon)
        assert plan[name] == mrp_record(gross, **fields(item))


def test_a_parent_and_its_components_one_level_down():
    catalogue = {
        "Kit": Item(lead_time=1),
        "Box": Item(lead_time=2, on_hand=30),
        "Bolt": Item(lead_time=1, lot_size="foq", order_quantity=100),
    }
    bom = [("Kit", "Box", 1), ("Kit", "Bolt", 6)]
    plan = explode(catalogue, bom, {"Kit": [0, 10, 20, 20, 0]})
    assert plan["Kit"].planned_order_releases == [10, 20, 20, 0, 0]
    assert plan["Box"] == mrp_record([10, 20, 20, 0, 0], on_hand=30, lead_time=2)
    assert plan["Bolt"] == mrp_record(
        [60, 120, 120, 0, 0], on_hand=0, lead_time=1, lot_size="foq", order_quantity=100
    )


# Worked cases

STOOL = {
    "Stool": Item(lead_time=1),
    "Seat": Item(lead_time=2),
    "Base": Item(lead_time=1, on_hand=20),
    "Leg": Item(lead_time=2),
    "Screw": Item(lead_time=1, on_hand=100),
}
STOOL_BOM = [
    ("Stool", "Seat", 1),
    ("Stool", "Base", 1),
    ("Stool", "Screw", 4),
    ("Base", "Leg", 4),
    ("Base", "Screw", 8),
]


def test_a_component_used_at_two_levels_is_netted_once_with_all_its_demand():
    plan = explode(STOOL, STOOL_BOM, {"Stool": [0, 0, 0, 0, 0, 50]})
    assert low_level_codes(STOOL, STOOL_BOM)["Screw"] == 2
    screws = plan["Screw"]
    assert screws.gross_requirements == [0, 0, 0, 240, 200, 0]  # 30 bases x 8, 50 stools x 4
    assert screws.net_requirements == [0, 0, 0, 140, 200, 0]  # 100 in stock used once
    assert screws.planned_order_releases == [0, 0, 140, 200, 0, 0]


def test_service_demand_for_a_component_adds_to_its_dependent_demand():
    schedule = {"Stool": [0, 0, 0, 0, 0, 50], "Leg": [5, 0, 0, 0, 0, 10]}
    plan = explode(STOOL, STOOL_BOM, schedule)
    assert plan["Leg"].gross_requirements == [5, 0, 0, 120, 0, 10]


def test_a_parents_past_due_release_is_needed_from_its_components_in_period_one():
    catalogue = {"A": Item(lead_time=2), "B": Item(lead_time=1, on_hand=10)}
    plan = explode(catalogue, [("A", "B", 3)], {"A": [0, 5, 7, 0]})
    assert plan["A"].past_due == 5
    assert plan["A"].planned_order_releases == [7, 0, 0, 0]
    assert plan["B"].gross_requirements == [15 + 21, 0, 0, 0]
    assert plan["B"].past_due == 26


def test_a_bom_line_listed_twice_counts_twice():
    catalogue = {"A": Item(lead_time=0), "B": Item(lead_time=0)}
    plan = explode(catalogue, [("A", "B", 2), ("A", "B", 1)], {"A": [4]})
    assert plan["B"].gross_requirements == [12]


def test_items_may_be_given_as_mappings_of_their_fields():
    catalogue = {"A": {"lead_time": 1}, "B": {"lead_time": 1, "on_hand": 5}}
    plan = explode(catalogue, [["A", "B", 2]], {"A": [0, 0, 10]})
    assert plan["B"].planned_order_releases == [15, 0, 0]


def test_explode_leaves_its_inputs_alone():
    schedule = {"Stool": [0, 0, 0, 0, 0, 50]}
    explode(STOOL, STOOL_BOM, schedule)
    assert schedule == {"Stool": [0, 0, 0, 0, 0, 50]}


def test_records_are_mrp_records():
    plan = explode(STOOL, STOOL_BOM, {"Stool": [50]})
    assert all(isinstance(record, MRPRecord) for record in plan.values())


# Bad input: the message names the parameter (and the items of a cycle)


def test_a_cycle_is_named_by_its_items_only():
    catalogue = {name: Item(lead_time=1) for name in ("X", "A", "B", "C", "D")}
    bom = [("X", "A", 1), ("A", "B", 1), ("B", "C", 2), ("C", "A", 1), ("C", "D", 1)]
    with pytest.raises(InputError, match="bom has a cycle: 'A' → 'B' → 'C' → 'A'$"):
        low_level_codes(catalogue, bom)
    with pytest.raises(InputError, match="bom has a cycle: 'A' → 'B' → 'C' → 'A'$"):
        explode(catalogue, bom, {"X": [1, 2]})


def test_an_item_in_its_own_bill_is_a_cycle():
    with pytest.raises(InputError, match="bom has a cycle: 'A' → 'A'"):
        low_level_codes({"A": Item(lead_time=0)}, [("A", "A", 1)])


GOOD = {
    "items": {"A": Item(lead_time=1), "B": Item(lead_time=1)},
    "bom": [("A", "B", 2)],
    "master_schedule": {"A": [10, 20, 30]},
}

BAD_INPUTS = [
    ({"items": {}}, "items must hold at least 1 entry"),
    ({"items": [Item(lead_time=1)]}, "items must be a mapping"),
    ({"items": {"A": Item(lead_time=1), "B": 3}}, r"items\['B'\] must be an Item, got 3"),
    (
        {"items": {"A": Item(lead_time=1), "B": {"lead": 1}}},
        r"items\['B'\] must hold the fields of an Item",
    ),
    (
        {"items": {"A": Item(lead_time=1), "B": Item(lead_time=-1)}},
        r"items\['B'\]: lead_time must be a whole number >= 0, got -1",
    ),
    (
        {"items": {"A": Item(lead_time=1, scheduled_receipts=[1]), "B": Item(lead_time=1)}},
        r"items\['A'\]: sequences must have the same length",
    ),
    (
        {"items": {"A": Item(lead_time=1), "B": Item(lead_time=1, lot_size="foq")}},
        r"items\['B'\]: lot_size 'foq' needs order_quantity",
    ),
    (
        {"items": {"A": Item(lead_time=1), "B": Item(lead_time=1, lot_size="silver_meal")}},
        r"items\['B'\]: lot_size must be one of lfl, foq, poq, eoq",
    ),
    ({"bom": [("A", "Z", 2)]}, r"bom\[0\].component 'Z' is not one of the items"),
    ({"bom": [("A", "B", 1), ("Q", "B", 2)]}, r"bom\[1\].parent 'Q' is not one of the items"),
    ({"bom": [("A", "B")]}, r"bom\[0\] must be a tuple \(parent, component, quantity_per\)"),
    ({"bom": [("A", "B", 0)]}, r"bom\[0\].quantity_per must be > 0, got 0.0"),
    ({"bom": [("A", None, 1)]}, r"bom\[0\].component must be a name"),
    ({"bom": None}, "bom must be a sequence"),
    ({"bom": [("A", "B", 1), ("B", "A", 1)]}, "bom has a cycle: 'A' → 'B' → 'A'"),
    ({"master_schedule": {}}, "master_schedule must hold at least 1 entry"),
    ({"master_schedule": [10, 20]}, "master_schedule must be a mapping"),
    (
        {"master_schedule": {"Z": [1, 2, 3]}},
        "master_schedule names 'Z', which is not one of the items",
    ),
    (
        {"master_schedule": {"A": [10, 20, 30], "B": [1, 2]}},
        r"master_schedule\['A'\] has 3, master_schedule\['B'\] has 2",
    ),
    ({"master_schedule": {"A": [10, -1, 30]}}, r"master_schedule\['A'\]\[1\] must be >= 0"),
    ({"master_schedule": {"A": [10, math.nan, 30]}}, r"master_schedule\['A'\]\[1\]"),
    ({"master_schedule": {"A": []}}, r"master_schedule\['A'\] must hold at least 1"),
]


@pytest.mark.parametrize(("changes", "message"), BAD_INPUTS, ids=[m for _, m in BAD_INPUTS])
def test_bad_input_raises_input_error_naming_the_parameter(changes, message):
    with pytest.raises(InputError, match=message):
        explode(**{**GOOD, **changes})


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"bom": [("A", "Z", 2)]}, r"bom\[0\].component 'Z' is not one of the items"),
        ({"bom": [("A", "B", -1)]}, r"bom\[0\].quantity_per must be > 0"),
        ({"bom": [("A", "B", 1), ("B", "A", 1)]}, "bom has a cycle: 'A' → 'B' → 'A'"),
        ({"items": "AB"}, "items must be a mapping"),
    ],
)
def test_low_level_codes_checks_items_and_bom(changes, message):
    arguments = {"items": GOOD["items"], "bom": GOOD["bom"], **changes}
    with pytest.raises(InputError, match=message):
        low_level_codes(**arguments)
