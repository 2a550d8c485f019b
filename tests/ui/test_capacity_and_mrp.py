"""Capacity and MRP grid calculators."""

import ipywidgets as widgets
import pytest

from cpimkit.ui import CapacityCalculator, MRPGridCalculator


def test_capacity_from_machines_shifts_and_days(redraws, rejects):
    # Arnold, Chapman & Clive, Introduction to Materials Management: 4 machines, 8 h, 5 days.
    calc = CapacityCalculator(utilization=0.85, efficiency=1.10, machines=4, hours_per_shift=8,
                              shifts=1, days=5)
    assert calc.available_hours.value == 160
    assert calc.available_hours.disabled
    assert calc.result == pytest.approx(149.6)
    assert "standard h" in calc.summary.value
    redraws(calc, calc.shifts, 2)
    assert calc.available_hours.value == 320
    assert calc.result == pytest.approx(299.2)
    rejects(calc, calc.machines, 0, "machines")
    rejects(calc, calc.utilization, 0, "utilization")


def test_capacity_from_hours_typed_directly(redraws, rejects):
    calc = CapacityCalculator(available_hours=160, utilization=0.85, efficiency=1.10)
    assert calc.enter_directly.value and not calc.available_hours.disabled
    assert calc.machines.layout.display == "none"
    assert calc.result == pytest.approx(149.6)
    redraws(calc, calc.available_hours, 200)
    assert calc.result == pytest.approx(187.0)
    rejects(calc, calc.available_hours, 0, "available_hours")
    calc.enter_directly.value = False
    assert calc.machines.layout.display != "none"
    assert calc.available_hours.value == 160  # rebuilt from 4 × 8 × 1 × 5


EXAMPLE = {
    "gross_requirements": [0, 40, 50, 30, 60, 20, 40, 50],
    "scheduled_receipts": [0, 30, 0, 0, 0, 0, 0, 0],
    "on_hand": 45, "safety_stock": 10, "lead_time": 2,
}


def test_mrp_grid_nets_with_safety_stock():
    calc = MRPGridCalculator(**EXAMPLE)
    record = calc.result
    assert record.projected_available == [45, 35, 10, 10, 10, 10, 10, 10]
    assert record.net_requirements == [0, 0, 25, 30, 60, 20, 40, 50]
    assert record.planned_order_releases == [25, 30, 60, 20, 40, 50, 0, 0]
    assert len(calc.gross_requirements) == 8
    # The four computed rows, in the grid under the periods; the summary is for warnings.
    assert calc.computed.value.count("Planned order") == 2
    assert "Projected available" in calc.computed.value
    assert calc.summary.value == ""


def test_mrp_computed_rows_use_the_columns_of_the_editable_grid(descendants):
    calc = MRPGridCalculator(**EXAMPLE)
    columns = "13em repeat(8, 5em)"
    grid = next(child for child in descendants(calc) if isinstance(child, widgets.GridBox))
    assert grid.layout.grid_template_columns == columns
    assert calc.computed.value.count(f"grid-template-columns:{columns}") == 4


def test_mrp_defaults_are_the_example():
    assert MRPGridCalculator().result.planned_order_releases == [25, 30, 60, 20, 40, 50, 0, 0]


def test_mrp_grid_recomputes_when_a_cell_or_setting_changes(rejects):
    calc = MRPGridCalculator(**EXAMPLE)
    calc.scheduled_receipts[1].value = 0
    assert calc.result.planned_order_releases[0] == 50
    assert calc.result.past_due == 5
    assert "Past due" in calc.summary.value
    calc.scheduled_receipts.value = EXAMPLE["scheduled_receipts"]
    calc.safety_stock.value = 0
    assert calc.result.planned_order_releases[:2] == [15, 30]
    rejects(calc, calc.gross_requirements[3], -5, "gross_requirements[3]")
    calc.on_hand.value = -1
    assert calc.computed.value == ""  # no stale plan beside a wrong input
    calc.on_hand.value = EXAMPLE["on_hand"]
    assert "Net requirements" in calc.computed.value
    rejects(calc, calc.on_hand, -1, "on_hand")
    rejects(calc, calc.lead_time, -1, "lead_time")


def test_mrp_grid_flags_past_due_releases():
    calc = MRPGridCalculator(gross_requirements=[20, 0, 0, 0], on_hand=0, lead_time=2,
                             safety_stock=0)
    assert calc.result.past_due == 20
    assert "Past due" in calc.summary.value


def test_editable_row_rejects_a_wrong_number_of_periods():
    calc = MRPGridCalculator(**EXAMPLE)
    with pytest.raises(ValueError, match="8 values"):
        calc.gross_requirements.value = [1, 2]
