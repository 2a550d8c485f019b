"""EOQ, safety stock and ABC calculators driven like a learner would."""

import pytest

from cpimkit.ui import ABCCalculator, EOQCalculator, SafetyStockCalculator


def test_eoq_reproduces_the_worked_example_and_tracks_its_inputs(redraws, rejects):
    calc = EOQCalculator(annual_demand=1300, order_cost=8, holding_cost=0.225)
    assert calc.result.quantity == pytest.approx(304.05, abs=0.01)
    result = redraws(calc, calc.annual_demand, 9600)
    calc.order_cost.value, calc.holding_cost.value = 75, 16
    # Stevenson, Operations Management: tire distributor, 9,600 a year, $75/order, $16/tire/yr.
    assert calc.result.quantity == pytest.approx(300.0)
    assert calc.result.total_cost == pytest.approx(4800.0)
    assert result.quantity != calc.result.quantity
    assert "300.00 units" in calc.summary.value
    rejects(calc, calc.holding_cost, 0, "holding_cost")
    rejects(calc, calc.annual_demand, 0, "annual_demand")


def test_eoq_negative_input_is_clamped_to_zero_and_reported():
    calc = EOQCalculator()
    calc.order_cost.value = -5
    assert calc.order_cost.value == 0
    assert calc.result is None
    assert "order_cost must be &gt; 0" in calc.message.value


def test_eoq_total_curve_has_its_minimum_at_the_marked_optimum():
    calc = EOQCalculator(annual_demand=12_000, order_cost=50, holding_cost=5)
    quantities, totals = calc._total.get_data()
    lowest = quantities[list(totals).index(min(totals))]
    assert lowest == pytest.approx(calc.result.quantity, rel=0.02)
    assert list(calc._optimum.get_xdata()) == [pytest.approx(489.898, abs=0.001)]


def test_safety_stock_uses_the_exact_z(redraws, rejects):
    # Heizer & Render, Operations Management: Circuit Town nine-volt batteries.
    calc = SafetyStockCalculator(service_level=0.95, demand_std=16, lead_time=5,
                                 lead_time_std=1, demand_rate=150)
    assert calc.result.safety_stock == pytest.approx(253.649, abs=0.001)
    assert calc.result.reorder_point == pytest.approx(750 + 253.649, abs=0.001)
    assert calc.result.z == pytest.approx(1.6449, abs=1e-4)
    assert "1.6449" in calc.summary.value
    result = redraws(calc, calc.service_level, 0.99)
    assert result.safety_stock > 253.649
    rejects(calc, calc.lead_time, 0, "lead_time")
    rejects(calc, calc.demand_rate, 0, "demand_rate")


def test_safety_stock_without_variability_is_zero():
    calc = SafetyStockCalculator(demand_std=0, lead_time_std=0)
    assert calc.result.safety_stock == 0
    assert calc.message.value == ""


def test_abc_classes_follow_the_shares(redraws, rejects):
    # Heizer & Render, Operations Management: Silicon Chips, Inc. (A up to 80 %, B up to 96 %).
    values = {"#10286": 90000, "#11526": 77000, "#12760": 26350, "#10867": 15001,
              "#10500": 12500, "#12572": 8502, "#14075": 1200, "#01036": 850,
              "#01307": 504, "#10572": 150}
    calc = ABCCalculator(values, a_share=0.8, b_share=0.96)
    assert [calc.result.classes[item] for item in values] == list("AABBBCCCCC")
    redraws(calc, calc.a_share, 0.9)
    assert calc.result.classes["#12760"] == "A"
    rejects(calc, calc.b_share, 0.85, "b_share")


def test_abc_items_are_edited_as_lines_and_errors_name_the_line(redraws, rejects):
    calc = ABCCalculator({"bolt": 700, "nut": 200, "washer": 100})
    result = redraws(calc, calc.annual_values, "bolt: 700\nnut: 200\nwasher: 100\nrivet: $1,000")
    assert list(result.classes) == ["rivet", "bolt", "nut", "washer"]
    rejects(calc, calc.annual_values, "bolt: 700\nnut 200", "annual_values line 2")
    rejects(calc, calc.annual_values, "bolt: 700\nnut: lots", "annual_values line 2")
    rejects(calc, calc.annual_values, "bolt: 700\nbolt: 1", "listed twice")
    rejects(calc, calc.annual_values, "bolt: -7", "annual_values")
    rejects(calc, calc.annual_values, "", "annual_values")
