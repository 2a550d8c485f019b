"""The multi-site DRP roll-up driven like a learner would, against the published examples in
data/examples/distribution.json."""

import inspect

import pytest

from cpimkit.calc import InputError
from cpimkit.calc.distribution import drp_record
from cpimkit.examples import published_example
from cpimkit.ui import DRPRollup
from cpimkit.ui.mrp import SHORT

LONG = 52


def test_keyword_and_controls_follow_the_calc_names():
    assert list(inspect.signature(DRPRollup).parameters)[0] == "sites"
    rollup = DRPRollup()
    editable = set(inspect.signature(drp_record).parameters) - {"firm_planned_orders"}
    for controls in rollup.sites.values():
        assert set(controls) == editable  # firm orders are a DSP topic, not edited here
        assert all(hasattr(control, "value") for control in controls.values())


def test_rollup_defaults_reproduce_the_published_central_requirements():
    central = published_example("distribution", "central_requirements")
    rollup = DRPRollup()
    assert rollup.result.central_requirements == central["expected"]
    releases = central["inputs"]["planned_order_releases"]
    for name, record in rollup.result.records.items():
        assert record.planned_order_releases == releases[name], name
        assert rollup.shipments[name].texts == [f"{value:,}" for value in releases[name]]
    assert rollup.rows["central_requirements"].texts[2] == "210"
    assert "Central warehouse" in rollup.chart.axes.get_title()


def test_a_published_record_shows_in_the_grid():
    example = published_example("distribution", "drp_record", lot_size="foq")
    rollup = DRPRollup({"North": example["inputs"]})
    record = rollup.result.records["North"]
    for field, expected in example["expected"].items():
        assert getattr(record, field) == expected, field
    assert rollup.rows["planned_order_releases"].texts == ["0", "0", "100", "100", "0", "100",
                                                           "0", "0"]
    assert SHORT in rollup.rows["net_requirements"].styles[4]
    assert rollup.result.central_requirements == example["expected"]["planned_order_releases"]


def test_picking_a_centre_shows_its_record_and_hides_the_others(redraws, visible):
    rollup = DRPRollup(site="North")
    north, south = rollup.sites["North"], rollup.sites["South"]
    assert visible(north["gross_requirements"][0]) and not visible(south["gross_requirements"][0])
    assert not visible(rollup._panels["South"])
    rollup.site.value = "South"
    assert visible(south["gross_requirements"][0]) and visible(rollup._panels["South"])
    assert not visible(north["gross_requirements"][0])
    south_example = published_example("distribution", "drp_record", on_hand=45)
    assert rollup.rows["projected_available"].texts == [
        str(value) for value in south_example["expected"]["projected_available"]]
    assert ">South: planned releases<" in rollup.grid.label(rollup.rows["planned_order_releases"])
    redraws(rollup, rollup.site, "West")


def test_editing_a_centre_changes_the_roll_up_with_one_recompute(redraws):
    rollup = DRPRollup()
    calls, compute = [], rollup._compute
    rollup._compute = lambda: calls.append(1) or compute()
    result = redraws(rollup, rollup.sites["South"]["gross_requirements"][7], 80)
    assert len(calls) == 1
    assert result.records["South"].planned_order_releases[5] == 80
    assert result.central_requirements[5] == 100 + 80
    assert rollup.rows["central_requirements"].texts[5] == "180"
    # a hidden centre's edits count too
    rollup.sites["West"]["order_quantity"].value = 100
    assert rollup.result.central_requirements[0] == 0 + 25 + 100


def test_sizing_rule_shows_its_own_parameter(visible):
    rollup = DRPRollup()
    south = rollup.sites["South"]
    assert not visible(south["order_quantity"]) and not visible(south["periods_of_supply"])
    south["lot_size"].value = "poq"
    assert visible(south["periods_of_supply"]) and not visible(south["order_quantity"])
    south["periods_of_supply"].value = 2
    assert rollup.result.records["South"].lot_size == "poq"
    assert rollup.message.value == ""


def test_bad_input_names_the_centre_and_the_field(rejects):
    rollup = DRPRollup()
    north = rollup.sites["North"]
    rejects(rollup, north["gross_requirements"][2], -5, "gross_requirements[2] (period 3)")
    rejects(rollup, north["order_quantity"], 0, "order_quantity")
    north["order_quantity"].value = 0
    assert "sites[&#x27;North&#x27;]" in rollup.message.value
    assert rollup.rows["central_requirements"].texts == [""] * 8
    north["order_quantity"].value = 100
    assert rollup.message.value == ""
    with pytest.raises(InputError, match="same length"):
        DRPRollup({"A": {"gross_requirements": [1, 2]}, "B": {"gross_requirements": [1]}})
    with pytest.raises(InputError, match="site"):
        DRPRollup(site="East")


def test_past_due_shipments_are_flagged():
    rollup = DRPRollup({"East": {"gross_requirements": [50, 0, 0], "on_hand": 0,
                                 "lead_time": 2}})
    assert rollup.result.records["East"].past_due == 50
    assert "past due" in rollup.summary.value


def test_rollup_handles_52_periods():
    sites = {name: {"gross_requirements": [20 + k] * LONG, "on_hand": 40, "lead_time": k,
                    "lot_size": "foq", "order_quantity": 60}
             for k, name in enumerate(("North", "South", "West"), start=1)}
    rollup = DRPRollup(sites)
    assert rollup.message.value == ""
    assert len(rollup.result.central_requirements) == LONG
    assert len(rollup.rows["central_requirements"].texts) == LONG
