"""Capacity in standard hours: what a work centre can be counted on to produce, what the
orders planned on it require and, working back from due dates, when; input/output control of
what actually went in and came out; and for strategic capacity planning, the cushion kept,
the machines a product mix needs and the learning curve."""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import accumulate

from cpimkit.calc._result import Result
from cpimkit.calc._validate import (
    InputError,
    choice,
    fraction,
    label,
    mapping,
    non_negative,
    number,
    positive,
    record,
    same_length,
    sequence,
    whole,
)

_DIGITS = 9  # an overdraw of the backlog this small is rounding, not an error


def rated_capacity(available_hours: float, utilization: float, efficiency: float) -> float:
    """Rated capacity [standard hours] = available hours × utilization × efficiency.

    available_hours: machines (or people) × hours per shift × shifts × days [clock hours];
    utilization: hours actually worked ÷ hours available, in (0, 1];
    efficiency: standard hours earned ÷ hours actually worked, > 0 (may exceed 1).
    Both ratios are fractions: pass 0.85 for 85 %.

    Arnold, Chapman & Clive, *Introduction to Materials Management*, capacity example: four
    machines, 8 hours a day, 5 days a week, utilization 85 %, efficiency 110 %:

    >>> rated_capacity(available_hours=4 * 8 * 5, utilization=0.85, efficiency=1.10)
    149.6
    """
    hours = positive("available_hours", available_hours)
    used = fraction("utilization", utilization, open_high=False)
    return hours * used * positive("efficiency", efficiency)


@dataclass(frozen=True, repr=False)
class BackwardSchedule(Result):
    operation_starts: list
    release_date: float


@dataclass(frozen=True, repr=False)
class CRPLoad(Result):
    """load: work centre → standard hours per period (index 0 = period 1); past_due: work
    centre → hours that backward scheduling puts before period 1."""

    load: dict
    past_due: dict


def capacity_required(orders) -> float:
    """Capacity required (load) of a set of orders [standard hours]: Σ (setup + quantity × run).

    orders: [(quantity, setup_hours, run_hours_per_unit), ...], one tuple per order at the
    work centre [units, standard hours per order, standard hours per unit]. Each order pays
    its setup once.

    Arnold, Chapman & Clive, *Introduction to Materials Management*, capacity management
    chapter: work orders 333 (150 gear shafts) and 334 (200), setup 1.5 h, run 0.2 h a piece,
    31.5 + 41.5 standard hours:

    >>> capacity_required(orders=[(150, 1.5, 0.2), (200, 1.5, 0.2)])
    73.0
    """
    order = record(
        ("quantity", positive), ("setup_hours", non_negative), ("run_hours_per_unit", non_negative)
    )
    checked = sequence("orders", orders, check=order)
    return math.fsum(setup + quantity * run for quantity, setup, run in checked)


def backward_schedule(due_date: float, operations) -> BackwardSchedule:
    """Latest start of each operation of an order, working back from its due date.

    due_date: the day the order must be complete, on the shop calendar [day number];
    operations: [(queue, setup, run, wait, move), ...] in routing order [days each; convert
    run hours to days first]. Any time unit works if the due date and every element share it.

    The last operation ends (its move included) on the due date; each earlier operation ends
    when the next one starts. An operation starts when its queue starts, so it lasts
    queue + setup + run + wait + move. operation_starts holds one start per operation in
    routing order; release_date = due_date − the total of all elements, the start of the first.

    Our own numbers: due on day 100; operation 10 waits 5 days in queue, sets up in 1, runs 3,
    waits 1 and moves in 1; operation 20 takes 4, 0.5, 2.5, 1 and 1 days:

    >>> backward_schedule(due_date=100, operations=[(5, 1, 3, 1, 1), (4, 0.5, 2.5, 1, 1)])
    BackwardSchedule(operation_starts=[80, 91], release_date=80)
    """
    due = number("due_date", due_date)
    elements = record(
        ("queue", non_negative),
        ("setup", non_negative),
        ("run", non_negative),
        ("wait", non_negative),
        ("move", non_negative),
    )
    checked = sequence("operations", operations, check=elements)
    starts, end = [], due
    for operation in reversed(checked):
        end -= math.fsum(operation)
        starts.append(end)
    starts.reverse()
    return BackwardSchedule(operation_starts=starts, release_date=starts[0])


def crp_load(orders, routings, periods: int) -> CRPLoad:
    """Capacity requirements planning: standard hours each work centre must work per period.

    orders: [(item, quantity, due_period), ...], the planned and released orders [units;
    due_period is 0-based, 0 = period 1]; routings: item → [(work_center, setup_hours,
    run_hours_per_unit, operation_lead_time_periods), ...] in routing order [standard hours;
    whole periods]; periods: the number of periods in the horizon.

    Each operation loads its work centre with setup + quantity × run hours in the period in
    which it finishes: the last operation in the due period, each earlier one as many periods
    earlier as the lead times of the operations after it add up to. Load that would fall
    before period 1 is reported in `past_due` (the order is already late to start). Every
    work centre in `routings` appears in the result, in order of first mention.

    Our own numbers: brackets are sawn then drilled, plates sawn then painted, each operation
    one period long; 50 brackets due in period 3, 100 plates in period 2, 20 brackets in
    period 1 (their sawing should have been done before period 1):

    >>> routings = {"bracket": [("saw", 0.5, 0.1, 1), ("drill", 1, 0.2, 1)],
    ...             "plate": [("saw", 0.25, 0.05, 1), ("paint", 0.5, 0.1, 1)]}
    >>> crp_load([("bracket", 50, 2), ("plate", 100, 1), ("bracket", 20, 0)], routings, 3)
    CRPLoad(load={'saw': [5.25, 5.5, 0], 'drill': [5, 0, 11], 'paint': [0, 10.5, 0]},
            past_due={'saw': 2.5, 'drill': 0, 'paint': 0})
    """
    horizon = whole("periods", periods, minimum=1)
    step = record(
        ("work_center", label),
        ("setup_hours", non_negative),
        ("run_hours_per_unit", non_negative),
        ("operation_lead_time_periods", whole),
    )
    steps = {
        item: sequence(f"routings[{item!r}]", operations, check=step)
        for item, operations in mapping("routings", routings).items()
    }
    order = record(("item", label), ("quantity", positive), ("due_period", whole))
    checked = sequence("orders", orders, check=order)
    for i, (item, _, due) in enumerate(checked):
        if item not in steps:
            raise InputError(
                f"orders[{i}].item {item!r} has no routing; routings has {list(steps)}"
            )
        if due >= horizon:
            raise InputError(
                f"orders[{i}].due_period must be a period index from 0 to {horizon - 1}"
                f" (0 = period 1), got {due}"
            )

    centers = dict.fromkeys(center for route in steps.values() for center, *_ in route)
    load = {center: [0.0] * horizon for center in centers}
    past_due = dict.fromkeys(centers, 0.0)
    for item, quantity, due in checked:
        period = due
        for center, setup, run, lead_time in reversed(steps[item]):
            hours = setup + quantity * run
            if period >= 0:
                load[center][period] += hours
            else:
                past_due[center] += hours
            period -= lead_time
    return CRPLoad(load=load, past_due=past_due)


@dataclass(frozen=True, repr=False)
class InputOutputReport(Result):
    """Lists per period (index 0 = period 1); deviations are actual − planned."""

    cumulative_input_deviation: list
    cumulative_output_deviation: list
    backlog: list
    input_deviation: list
    output_deviation: list


def input_output_report(
    planned_input, actual_input, planned_output, actual_output, initial_backlog: float
) -> InputOutputReport:
    """Input/output control of a work centre: how far the flow of work strays from the plan.

    planned_input, actual_input: work arriving in each period; planned_output, actual_output:
    work completed in each period [standard hours, one value per period, index 0 = period 1];
    initial_backlog: work waiting at the start [standard hours].

    Deviation = actual − planned, per period and cumulated from period 1, for input and for
    output. Backlog at the end of a period = backlog before + actual input − actual output.
    A growing input deviation points upstream (work arrives late or early), a growing output
    deviation at the centre itself (capacity not delivered); a growing backlog means longer
    queues and lead times. Output cannot exceed the backlog plus the input of its period.

    Heizer & Render, *Operations Management*, short-term scheduling chapter, problem on
    Lifang Wu's grinding work centre (backlog 30 hours at the start; figures computed here):

    >>> input_output_report(planned_input=[80, 80, 100, 100], actual_input=[85, 85, 85, 85],
    ...                     planned_output=[90, 90, 90, 90], actual_output=[85, 85, 80, 80],
    ...                     initial_backlog=30)
    InputOutputReport(cumulative_input_deviation=[5, 10, -5, -20],
                      cumulative_output_deviation=[-5, -10, -20, -30], backlog=[30, 30, 35, 40],
                      input_deviation=[5, 5, -15, -15], output_deviation=[-5, -5, -10, -10])
    """
    flows = {
        "planned_input": planned_input,
        "actual_input": actual_input,
        "planned_output": planned_output,
        "actual_output": actual_output,
    }
    flows = {name: sequence(name, values, check=non_negative) for name, values in flows.items()}
    same_length(**flows)
    level = non_negative("initial_backlog", initial_backlog)
    backlog = []
    for period, (arrived, completed) in enumerate(
        zip(flows["actual_input"], flows["actual_output"], strict=True)
    ):
        available = level + arrived
        if round(completed - available, _DIGITS) > 0:
            raise InputError(
                f"actual_output[{period}] must be <= the backlog plus actual input of that"
                f" period ({available}), got {completed}"
            )
        level = max(0.0, available - completed)
        backlog.append(level)
    input_deviation = [
        a - p for a, p in zip(flows["actual_input"], flows["planned_input"], strict=True)
    ]
    output_deviation = [
        a - p for a, p in zip(flows["actual_output"], flows["planned_output"], strict=True)
    ]
    return InputOutputReport(
        cumulative_input_deviation=list(accumulate(input_deviation)),
        cumulative_output_deviation=list(accumulate(output_deviation)),
        backlog=backlog,
        input_deviation=input_deviation,
        output_deviation=output_deviation,
    )


_LEARNING_MODELS = ("unit", "cumulative_average")


def learning_curve(
    first_unit_time: float, learning_rate: float, unit: int, model: str = "unit"
) -> float:
    """Learning curve: time per unit falls by a fixed ratio each time output doubles.

    first_unit_time: T_1 [hours, or any time unit]; learning_rate: r as a fraction in (0, 1]
    (0.8 for an 80 % curve); unit: n ≥ 1. Exponent b = log2(r); the result is T_1 × n^b.
    model says what that figure is (textbooks use both):
    "unit" (Crawford; Heizer & Render, Stevenson): the time of unit n, so unit 2n takes r × the
    time of unit n; "cumulative_average" (Wright; cost accounting texts): the average time of the
    first n units, so their total is n × that average and unit n takes
    n·T_1·n^b − (n − 1)·T_1·(n − 1)^b.

    Learning-curve problem set, "Captain Nemo" of the Suboptimum Underwater Boat Company
    (coursehero.com/file/6437949): 225 workers for the first boat, 180 for the second (80 %),
    workers for the 11th boat (the solution, with b rounded to −0.322: 103.95):

    >>> learning_curve(first_unit_time=225, learning_rate=0.8, unit=11)
    103.98
    """
    first = positive("first_unit_time", first_unit_time)
    rate = fraction("learning_rate", learning_rate, open_high=False)
    n = whole("unit", unit, minimum=1)
    choice("model", model, _LEARNING_MODELS)
    return first * n ** math.log2(rate)


def capacity_cushion(capacity: float, expected_demand: float) -> float:
    """Capacity cushion = (capacity − expected demand) ÷ capacity, a fraction (0.2 is 20 %).

    capacity, expected_demand: in one unit [units or hours per period]; capacity > 0. The
    cushion is 1 − utilization; it is negative when demand exceeds capacity.

    Double Entry Bookkeeping, "Capacity Cushion" (double-entry-bookkeeping.com): a call centre
    agent has 5 hours = 300 minutes a day and takes 120 calls of 1.5 minutes:

    >>> capacity_cushion(capacity=300, expected_demand=120 * 1.5)
    0.4
    """
    available = positive("capacity", capacity)
    return (available - non_negative("expected_demand", expected_demand)) / available


@dataclass(frozen=True, repr=False)
class MachineRequirement(Result):
    processing_hours: float
    setup_hours: float
    required_hours: float
    machines: float
    machines_rounded: int


_PRODUCT_FORMS = (
    "(annual_demand, hours_per_unit) or "
    "(annual_demand, hours_per_unit, batch_size, setup_hours_per_batch)"
)
_PROCESSED = record(("annual_demand", non_negative), ("hours_per_unit", non_negative))
_BATCHED = record(
    ("annual_demand", non_negative),
    ("hours_per_unit", non_negative),
    ("batch_size", positive),
    ("setup_hours_per_batch", non_negative),
)


def _product(name: str, value: object) -> tuple:
    """One product as (demand, hours per unit, batch size, setup hours), setups 0 if absent."""
    size = len(value) if hasattr(value, "__len__") and not isinstance(value, (str, bytes)) else 0
    if size == 2:
        return (*_PROCESSED(name, value), 1.0, 0.0)
    if size == 4:
        return _BATCHED(name, value)
    raise InputError(f"{name} must be a tuple {_PRODUCT_FORMS}, got {value!r}")


def machines_required(products, hours_per_machine: float, cushion: float = 0) -> MachineRequirement:
    """Machines needed for a product mix: required hours ÷ hours one machine provides.

    products: [(annual_demand, hours_per_unit), ...] or, with setups,
    [(annual_demand, hours_per_unit, batch_size, setup_hours_per_batch), ...] [units a year,
    standard hours]; hours_per_machine: hours one machine works a year; cushion: capacity
    cushion kept as a fraction in [0, 1).
    processing_hours = Σ demand × hours per unit; setup_hours = Σ (demand ÷ batch size) ×
    setup hours per batch (batches not rounded); required_hours = (processing + setup) ÷
    (1 − cushion); machines = required ÷ hours_per_machine; machines_rounded rounds it up.

    Stevenson, *Operations Management*, capacity planning chapter: products needing
    400 × 5.0 h, 300 × 8.0 h and 700 × 2.0 h, in batches of 20, 10 and 20 with setups of 2,
    3 and 5 hours, on machines working 2,000 hours a year:

    >>> machines_required([(400, 5.0, 20, 2), (300, 8.0, 10, 3), (700, 2.0, 20, 5)],
    ...                   hours_per_machine=2_000)
    MachineRequirement(processing_hours=5800, setup_hours=305, required_hours=6105,
                       machines=3.0525, machines_rounded=4)
    """
    checked = sequence("products", products, check=_product)
    hours = positive("hours_per_machine", hours_per_machine)
    spare = fraction("cushion", cushion, open_low=False)
    processing = math.fsum(demand * per_unit for demand, per_unit, _, _ in checked)
    setup = math.fsum(demand / batch * per_batch for demand, _, batch, per_batch in checked)
    required = (processing + setup) / (1 - spare)
    machines = required / hours
    return MachineRequirement(
        processing_hours=processing,
        setup_hours=setup,
        required_hours=required,
        machines=machines,
        machines_rounded=math.ceil(round(machines, _DIGITS)),
    )
