"""cpimkit.calc ECO additions: the input/output report (capacity), line balancing, kanban count
and OEE (lean); properties on random data, and InputError naming the parameter."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpimkit.calc import InputError
from cpimkit.calc.capacity import input_output_report
from cpimkit.calc.lean import BALANCING_RULES, kanban_count, line_balance, minimum_stations, oee

relaxed = settings(deadline=None)
hours = st.floats(0, 500)


@st.composite
def io_reports(draw):
    """Planned and actual flows of 1-8 periods whose actual output never exceeds the work there."""
    periods = draw(st.integers(1, 8))
    initial_backlog = backlog = draw(hours)
    planned_input = draw(st.lists(hours, min_size=periods, max_size=periods))
    planned_output = draw(st.lists(hours, min_size=periods, max_size=periods))
    actual_input, actual_output = [], []
    for _ in range(periods):
        arrived = draw(hours)
        completed = draw(st.floats(0, 1)) * max(0.0, backlog + arrived)  # no rounding below 0
        backlog += arrived - completed
        actual_input.append(arrived)
        actual_output.append(completed)
    return {
        "planned_input": planned_input,
        "actual_input": actual_input,
        "planned_output": planned_output,
        "actual_output": actual_output,
        "initial_backlog": initial_backlog,
    }


@st.composite
def precedence_networks(draw):
    """Tasks T0, T1, ... each with predecessors among the earlier tasks, listed in any order,
    and a cycle time that every task fits in."""
    count = draw(st.integers(1, 10))
    tasks = {}
    for i in range(count):
        earlier = [f"T{j}" for j in range(i)]
        before = draw(st.lists(st.sampled_from(earlier), unique=True)) if earlier else []
        tasks[f"T{i}"] = (draw(st.floats(0.1, 10)), before)
    longest = max(time for time, _ in tasks.values())
    listing = draw(st.permutations(list(tasks)))
    return {name: tasks[name] for name in listing}, longest * draw(st.floats(1, 4))


@relaxed
@given(report=io_reports())
def test_backlog_grows_by_actual_input_less_actual_output(report):
    result = input_output_report(**report)
    before = [report["initial_backlog"], *result.backlog[:-1]]
    for b, previous, arrived, completed in zip(
        result.backlog, before, report["actual_input"], report["actual_output"], strict=True
    ):
        assert b == pytest.approx(previous + arrived - completed, abs=1e-6)
        assert b >= 0


@relaxed
@given(report=io_reports())
def test_deviations_are_actual_less_planned_cumulated(report):
    result = input_output_report(**report)
    total_in = total_out = 0.0
    for t in range(len(result.backlog)):
        total_in += report["actual_input"][t] - report["planned_input"][t]
        total_out += report["actual_output"][t] - report["planned_output"][t]
        assert result.cumulative_input_deviation[t] == pytest.approx(total_in, abs=1e-6)
        assert result.cumulative_output_deviation[t] == pytest.approx(total_out, abs=1e-6)
    assert result.cumulative_input_deviation[-1] == pytest.approx(sum(result.input_deviation))


def test_output_beyond_the_work_available_is_refused_by_period():
    with pytest.raises(InputError, match=r"actual_output\[1\] must be <= .* \(15.0\), got 20.0"):
        input_output_report([10, 10], [10, 10], [10, 10], [10, 20], initial_backlog=5)


def test_ragged_rows_are_refused_naming_them():
    with pytest.raises(InputError, match="same length: .*actual_input has 2.*planned_output has 3"):
        input_output_report([1, 2, 3], [1, 2], [1, 2, 3], [1, 2, 3], initial_backlog=0)


@pytest.mark.parametrize(
    "name", ["planned_input", "actual_input", "planned_output", "actual_output"]
)
@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ([5, -1], r"\[1\] must be >= 0"),
        ([5, math.nan], r"\[1\] must be a finite"),
        ([], " must hold at least 1"),
        (5, " must be a sequence"),
    ],
)
def test_bad_rows_are_refused_by_name(name, bad, message):
    rows = {
        "planned_input": [5, 5],
        "actual_input": [5, 5],
        "planned_output": [5, 5],
        "actual_output": [5, 5],
    }
    with pytest.raises(InputError, match=name + message):
        input_output_report(**{**rows, name: bad}, initial_backlog=0)


@pytest.mark.parametrize("bad", [-1, math.inf, "30", None])
def test_bad_initial_backlog_is_refused(bad):
    with pytest.raises(InputError, match="initial_backlog"):
        input_output_report([1], [1], [1], [1], initial_backlog=bad)


@relaxed
@given(network=precedence_networks(), rule=st.sampled_from(BALANCING_RULES))
def test_every_balance_respects_precedence_and_the_cycle_time(network, rule):
    tasks, cycle = network
    result = line_balance(tasks, cycle, rule=rule)
    placed = [name for station in result.stations for name in station]
    assert sorted(placed) == sorted(tasks)
    assert all(result.stations)
    position = {name: i for i, name in enumerate(placed)}  # stations in order, tasks in order
    for name, (_, before) in tasks.items():
        assert all(position[p] < position[name] for p in before)
    for station, time in zip(result.stations, result.station_times, strict=True):
        assert time == pytest.approx(sum(tasks[name][0] for name in station))
        assert time <= cycle * (1 + 1e-9)


@relaxed
@given(network=precedence_networks(), rule=st.sampled_from(BALANCING_RULES))
def test_a_balance_uses_at_least_the_minimum_stations_and_reports_its_efficiency(network, rule):
    tasks, cycle = network
    total = sum(time for time, _ in tasks.values())
    result = line_balance(tasks, cycle, rule=rule)
    count = len(result.stations)
    assert count >= result.minimum_stations == minimum_stations(total, cycle)
    assert result.efficiency == pytest.approx(total / (count * cycle))
    assert result.idle_time == pytest.approx(count * cycle - total, abs=1e-9)
    assert result.balance_delay == pytest.approx(1 - result.efficiency)
    assert 0 < result.efficiency <= 1 + 1e-9


@relaxed
@given(network=precedence_networks(), rule=st.sampled_from(BALANCING_RULES))
def test_no_later_station_could_have_started_in_the_one_before(network, rule):
    tasks, cycle = network
    result = line_balance(tasks, cycle, rule=rule)
    for i, (station, time) in enumerate(
        zip(result.stations[1:], result.station_times, strict=False)
    ):
        first = station[0]
        done = {name for earlier in result.stations[: i + 1] for name in earlier}
        ready = all(p in done for p in tasks[first][1])
        assert not ready or time + tasks[first][0] > cycle * (1 - 1e-9)


def test_most_followers_breaks_ties_by_the_longer_task_then_by_listing():
    tasks = {"A": (2, []), "B": (3, []), "C": (1, ["A"]), "D": (1, ["B"]), "E": (3, [])}
    assert line_balance(tasks, 10, rule="most_followers").stations == [["B", "A", "E", "C", "D"]]
    assert line_balance(tasks, 10, rule="longest_task").stations == [["B", "E", "A", "C", "D"]]


def test_float_noise_does_not_open_a_station():
    assert 0.1 + 0.2 > 0.3
    result = line_balance({"A": (0.1, []), "B": (0.2, ["A"])}, cycle_time=0.3)
    assert result.stations == [["A", "B"]]


def test_a_task_longer_than_the_cycle_time_is_refused():
    with pytest.raises(InputError, match=r"cycle_time must be at least .*got 10.0.*'E': 12.0"):
        line_balance({"A": (10, []), "E": (12, ["A"])}, cycle_time=10)


@pytest.mark.parametrize(
    ("tasks", "message"),
    [
        ({"A": (1, ["B"]), "B": (1, ["A"])}, "tasks contain a cycle: (A -> B -> A|B -> A -> B)"),
        ({"A": (1, ["A"])}, "tasks contain a cycle: A -> A"),
        ({"A": (1, []), "B": (1, ["A", "Z"])}, r"not tasks: \{'B': \['Z'\]\}"),
        ({"A": (0, [])}, r"tasks\['A'\].time must be > 0"),
        ({"A": (1, "B")}, r"tasks\['A'\].predecessors must be a sequence"),
        ({"A": (1, [None])}, r"tasks\['A'\].predecessors\[0\] must be a name"),
        ({"A": (1,)}, r"tasks\['A'\] must be a tuple \(time, predecessors\)"),
        ({}, "tasks must hold at least 1"),
    ],
)
def test_bad_networks_are_refused_naming_the_task(tasks, message):
    with pytest.raises(InputError, match=message):
        line_balance(tasks, cycle_time=5)


def test_unknown_balancing_rule_lists_the_valid_ones():
    with pytest.raises(InputError, match="rule must be one of longest_task, most_followers"):
        line_balance({"A": (1, [])}, cycle_time=5, rule="ranked_positional_weight")


@relaxed
@given(
    demand=st.floats(0.01, 1e4),
    lead_time=st.floats(0.01, 100),
    size=st.floats(0.5, 1e3),
    alpha=st.floats(0, 2),
)
def test_kanban_count_is_the_fewest_containers_that_cover_lead_time_demand(
    demand, lead_time, size, alpha
):
    need = demand * lead_time * (1 + alpha)
    count = kanban_count(demand, lead_time, size, safety_factor=alpha)
    assert isinstance(count, int) and count >= 1
    assert count * size >= need * (1 - 1e-9)
    assert (count - 1) * size < need * (1 + 1e-9)


@pytest.mark.parametrize("name", ["demand_rate", "lead_time", "container_size"])
@pytest.mark.parametrize("bad", [0, -1, math.nan, "5", None])
def test_bad_kanban_figures_are_refused_by_name(name, bad):
    figures = {"demand_rate": 500, "lead_time": 2, "container_size": 250}
    with pytest.raises(InputError, match=name):
        kanban_count(**{**figures, name: bad})


def test_negative_safety_factor_is_refused():
    with pytest.raises(InputError, match="safety_factor must be >= 0, got -0.1"):
        kanban_count(500, 2, 250, safety_factor=-0.1)


@st.composite
def shifts(draw):
    """Consistent OEE inputs: downtime < planned, ideal × total <= run time, good <= total."""
    planned = draw(st.floats(1, 1e4))
    downtime = planned * draw(st.floats(0, 0.99))
    total = draw(st.integers(1, 10_000))
    ideal = (planned - downtime) / total * draw(st.floats(0.01, 1))
    return planned, downtime, ideal, total, draw(st.integers(0, total))


@relaxed
@given(shift=shifts())
def test_oee_is_availability_times_performance_times_quality(shift):
    planned, downtime, ideal, total, good = shift
    result = oee(planned, downtime, ideal, total, good)
    product = result.availability * result.performance * result.quality
    assert result.oee == pytest.approx(product)
    assert 0 <= result.oee <= 1 + 1e-12
    for share in (result.availability, result.performance, result.quality):
        assert 0 <= share <= 1 + 1e-12
    assert result.oee == pytest.approx(result.fully_productive_time / planned, abs=1e-12)


@relaxed
@given(shift=shifts())
def test_the_losses_and_the_productive_time_fill_the_planned_time(shift):
    planned, downtime, ideal, total, good = shift
    result = oee(planned, downtime, ideal, total, good)
    parts = (
        result.availability_loss,
        result.performance_loss,
        result.quality_loss,
        result.fully_productive_time,
    )
    assert sum(parts) == pytest.approx(planned)
    assert min(parts) >= -1e-9 * planned


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"good_count": 381}, r"good_count must be <= total_count \(380\), got 381"),
        ({"downtime": 500}, r"downtime must be < planned_time \(480.0\), got 500.0"),
        ({"downtime": 480}, r"downtime must be < planned_time"),
        ({"total_count": 421}, r"total_count × ideal_cycle_time must be <= the run time"),
        ({"total_count": 0}, r"total_count must be a whole number >= 1"),
        ({"total_count": 380.5}, r"total_count must be a whole number"),
        ({"good_count": -1}, r"good_count must be a whole number >= 0"),
        ({"planned_time": 0}, r"planned_time must be > 0"),
        ({"downtime": -5}, r"downtime must be >= 0"),
        ({"ideal_cycle_time": math.nan}, r"ideal_cycle_time must be a finite number"),
    ],
)
def test_inconsistent_oee_inputs_are_refused_by_name(changes, message):
    shift = {
        "planned_time": 480,
        "downtime": 60,
        "ideal_cycle_time": 1,
        "total_count": 380,
        "good_count": 361,
    }
    with pytest.raises(InputError, match=message):
        oee(**{**shift, **changes})
