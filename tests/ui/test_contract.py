"""Every calculator keeps the contract notebooks rely on: the fixed keyword names, one control
attribute per calc parameter, `.result` and `.message`, and display as a cell's last value."""

import inspect

import ipywidgets as widgets
import pytest

import cpimkit.ui as ui
from cpimkit.ui._base import calculator_classes

PARAMETERS = {
    "EOQCalculator": ["annual_demand", "order_cost", "holding_cost"],
    "SafetyStockCalculator": ["service_level", "demand_std", "lead_time", "lead_time_std",
                              "demand_rate"],
    "ForecastWorkbench": ["actuals", "method"],
    "ABCCalculator": ["annual_values"],
    "CapacityCalculator": ["available_hours", "utilization", "efficiency"],
    "MRPGridCalculator": ["gross_requirements", "on_hand", "lead_time", "scheduled_receipts",
                          "safety_stock"],
    "BreakEvenCalculator": ["fixed_cost", "unit_price", "unit_variable_cost"],
    "InventoryFinanceCalculator": ["cost_of_goods_sold", "average_inventory",
                                   "days_receivables", "days_payables"],
    "TaktTimeCalculator": ["available_time", "demand"],
    "LittlesLawCalculator": ["wip", "throughput", "cycle_time", "solve_for"],
    "FactorRatingCalculator": ["weights"],
    "AggregatePlanBuilder": ["forecast", "opening_inventory", "ending_inventory", "holding_cost",
                             "backlog_cost", "increase_cost", "decrease_cost", "regular_capacity",
                             "overtime_cost", "strategy"],
    "MPSGrid": ["on_hand", "forecast", "customer_orders", "master_schedule", "demand_time_fence"],
    "OrderPromiser": ["on_hand", "forecast", "customer_orders", "master_schedule",
                      "demand_time_fence", "quantity", "requested_period"],
    "RoughCutView": ["master_schedules", "bill", "capacity"],
    "LotSizingComparator": ["net_requirements", "order_cost", "holding_cost", "order_quantity",
                            "periods_of_supply"],
    "QuantityDiscountEvaluator": ["annual_demand", "order_cost", "carrying_rate",
                                  "price_breaks"],
    "PeriodicReviewCalculator": ["demand_rate", "demand_std", "review_period", "lead_time",
                                 "service_level", "on_hand", "on_order"],
    "DispatchingSimulator": ["jobs", "rules", "current_time"],
    "JohnsonsRuleView": ["jobs"],
    "InputOutputReport": ["planned_input", "actual_input", "planned_output", "actual_output",
                          "initial_backlog"],
}
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
LEARNER_TOOLS = {"Quiz", "ProgressWidget", "PracticeExam"}  # widgets that are not calculators
CALCULATORS = [  # every other exported widget class: new calculators are checked too
    name
    for name in ui.__all__
    if isinstance(getattr(ui, name), type)
    and issubclass(getattr(ui, name), widgets.Widget)
    and name not in LEARNER_TOOLS
]


def test_everything_is_exported():
    assert set(PARAMETERS) | LEARNER_TOOLS | {"validate_bank"} <= set(ui.__all__)


def test_calculator_classes_are_the_exported_calculators():
    assert "EOQCalculator" in calculator_classes()
    assert "Quiz" not in calculator_classes()


def test_the_calculator_list_holds_every_series():
    one_per_series = {"EOQCalculator", "MPSGrid", "LotSizingComparator", "CriticalPathView"}
    assert one_per_series <= set(CALCULATORS)


@pytest.mark.parametrize("name", CALCULATORS)
def test_defaults_give_a_result_and_a_displayable_widget(name):
    calc = getattr(ui, name)()
    assert calc.result is not None
    assert calc.message.value == ""
    assert isinstance(calc, widgets.Widget)
    assert WIDGET_VIEW in calc._repr_mimebundle_()


@pytest.mark.parametrize(("name", "parameters"), PARAMETERS.items())
def test_keywords_and_controls_are_named_like_the_calc_parameters(name, parameters):
    cls = getattr(ui, name)
    signature = inspect.signature(cls)
    assert list(signature.parameters)[: len(parameters)] == parameters
    calc = cls()
    for parameter in parameters:
        control = getattr(calc, parameter)
        assert all(hasattr(widget, "value") for widget in _widgets_of(control)), parameter


def _widgets_of(control):
    """The widgets of a control: itself, or those of each member of a dict of controls."""
    if isinstance(control, dict):
        for member in control.values():
            yield from _widgets_of(member)
    else:
        yield control


@pytest.mark.parametrize("name", ["ForecastWorkbench", "SafetyStockCalculator",
                                  "CapacityCalculator", "MRPGridCalculator",
                                  "InventoryFinanceCalculator", "TaktTimeCalculator"])
def test_the_convention_is_stated_on_the_calculator(name, notes):
    text = notes(getattr(ui, name)())
    expected = {
        "ForecastWorkbench": ["MAPE is a share of the actuals", "±4"],
        "SafetyStockCalculator": ["exact inverse normal"],
        "CapacityCalculator": ["standard hours"],
        "MRPGridCalculator": ["safety stock"],
        "InventoryFinanceCalculator": ["Turns at cost"],
        "TaktTimeCalculator": ["planned breaks"],
    }[name]
    for phrase in expected:
        assert phrase in text
