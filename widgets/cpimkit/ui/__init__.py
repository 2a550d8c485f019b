"""Calculators (thin ipywidgets views over `cpimkit.calc`), the self-check quiz, the learner's
progress (`ProgressWidget`) and the timed practice exam (`PracticeExam`).

Each calculator is a widget: make it the last expression of a cell to show it. Its input
controls are attributes named like the calc parameters, `.result` holds the calc result (None
while an input is invalid) and `.message` shows what is wrong.

>>> from cpimkit.ui import EOQCalculator
>>> calc = EOQCalculator(annual_demand=12_000, order_cost=50, holding_cost=0.25 * 20)
>>> round(calc.result.quantity, 1)
489.9
"""

from cpimkit.ui.capacity import CapacityCalculator
from cpimkit.ui.constraints import ProductMixCalculator
from cpimkit.ui.crp import CRPLoadProfile
from cpimkit.ui.dispatching import DispatchingSimulator, InputOutputReport, JohnsonsRuleView
from cpimkit.ui.distribution import DRPRollup
from cpimkit.ui.finance import (
    BreakEvenCalculator,
    FactorRatingCalculator,
    InventoryFinanceCalculator,
)
from cpimkit.ui.forecasting import ForecastWorkbench
from cpimkit.ui.inventory import ABCCalculator, EOQCalculator, SafetyStockCalculator
from cpimkit.ui.investment import InvestmentAppraiser, LearningCurvePlot
from cpimkit.ui.lean import LittlesLawCalculator, TaktTimeCalculator
from cpimkit.ui.lean_execution import KanbanSizer, LineBalancer, OEEWaterfall
from cpimkit.ui.lot_sizing import (
    LotSizingComparator,
    PeriodicReviewCalculator,
    QuantityDiscountEvaluator,
)
from cpimkit.ui.mrp import MRPGridCalculator
from cpimkit.ui.mrp_explorer import ActionMessageView, MRPExplorer
from cpimkit.ui.planning import AggregatePlanBuilder, MPSGrid, OrderPromiser, RoughCutView
from cpimkit.ui.practice import PracticeExam
from cpimkit.ui.progress import ProgressWidget
from cpimkit.ui.project import CriticalPathView
from cpimkit.ui.quality_charts import CapabilityView, ControlChart
from cpimkit.ui.quiz import BankError, Quiz, load_bank, validate_bank
from cpimkit.ui.scorecard import ScorecardDashboard
from cpimkit.ui.strategy import CrossoverPlotter, DecisionTreeBuilder

__all__ = [
    "ABCCalculator",
    "ActionMessageView",
    "AggregatePlanBuilder",
    "BankError",
    "BreakEvenCalculator",
    "CRPLoadProfile",
    "CapabilityView",
    "CapacityCalculator",
    "ControlChart",
    "CriticalPathView",
    "CrossoverPlotter",
    "DRPRollup",
    "DecisionTreeBuilder",
    "DispatchingSimulator",
    "EOQCalculator",
    "FactorRatingCalculator",
    "ForecastWorkbench",
    "InputOutputReport",
    "InventoryFinanceCalculator",
    "InvestmentAppraiser",
    "JohnsonsRuleView",
    "KanbanSizer",
    "LearningCurvePlot",
    "LineBalancer",
    "LittlesLawCalculator",
    "LotSizingComparator",
    "MPSGrid",
    "MRPExplorer",
    "MRPGridCalculator",
    "OEEWaterfall",
    "OrderPromiser",
    "PeriodicReviewCalculator",
    "PracticeExam",
    "ProductMixCalculator",
    "ProgressWidget",
    "QuantityDiscountEvaluator",
    "Quiz",
    "RoughCutView",
    "SafetyStockCalculator",
    "ScorecardDashboard",
    "TaktTimeCalculator",
    "load_bank",
    "validate_bank",
]
