"""The ECO shop-floor calculators driven like a learner would, against the published examples
in data/examples/scheduling.json and capacity.json."""

import pytest

from cpimkit.calc import InputError
from cpimkit.examples import published_example
from cpimkit.ui.dispatching import DispatchingSimulator, InputOutputReport, JohnsonsRuleView
from cpimkit.ui.mrp import PROBLEM, SHORT
from cpimkit.ui.planning import MARKED


def tuples(jobs: dict) -> dict:
    return {name: tuple(times) for name, times in jobs.items()}


# Dispatching simulator


@pytest.mark.parametrize("rule", ["fcfs", "spt", "edd"])
def test_simulator_defaults_are_the_architecture_associates_jobs(rule):
    example = published_example(
        "scheduling",
        "sequence_jobs",
        rule=rule,
        jobs=published_example("scheduling", "sequence_jobs")["inputs"]["jobs"],
    )
    simulator = DispatchingSimulator()
    assert {name: job.value for name, job in simulator.jobs.items()} == tuples(
        example["inputs"]["jobs"]
    )
    assert list(simulator.result) == ["fcfs", "spt", "edd", "cr"]
    result = simulator.result[rule]
    for field, expected in example["expected"].items():
        assert getattr(result, field) == pytest.approx(expected, abs=example["abs_tol"]), field


def test_simulator_stars_the_best_rule_per_measure():
    simulator = DispatchingSimulator()
    summary = simulator.summary.value
    assert "<td>Sequence</td>" in summary and "BDACE" in summary  # SPT's order
    # EDD has the least average tardiness (1.2 days), SPT the least flow time (13 days).
    assert f"<td style='padding:1px 8px;text-align:right;{MARKED}'>1.20 ★</td>" in summary
    assert f"<td style='padding:1px 8px;text-align:right;{MARKED}'>13.00 ★</td>" in summary
    assert "EDD (1.2 days)" in simulator._headline.get_text()
    assert simulator.columns["CR"].texts[0] == "1.33"  # A: 8 ÷ 6 at day 0
    assert simulator.columns["Slack"].texts[1] == "4"  # B: 6 − 0 − 2


def test_simulator_follows_the_published_critical_ratio_example():
    example = published_example("scheduling", "sequence_jobs", rule="cr")
    assert "Stevenson" in example["source"]  # six jobs, ratios at day 0
    simulator = DispatchingSimulator(tuples(example["inputs"]["jobs"]), rules=["cr"])
    result = simulator.result["cr"]
    for field, expected in example["expected"].items():
        assert getattr(result, field) == pytest.approx(expected, abs=example["abs_tol"]), field
    assert "★" not in simulator.summary.value  # one rule: nothing to compare


def test_simulator_computes_static_priorities_at_the_current_time():
    example = published_example("scheduling", "sequence_jobs", current_time=25)
    simulator = DispatchingSimulator(
        tuples(example["inputs"]["jobs"]), rules=["cr"], current_time=25
    )
    assert simulator.result["cr"].order == example["expected"]["order"]
    assert simulator.columns["CR"].texts == ["1.25", "0.6", "1"]
    assert simulator._start.get_xdata()[0] == 25


def test_simulator_edit_recomputes_once_and_moves_the_gantt_bars(
    redraws, artist_counts, count_recomputes
):
    simulator = DispatchingSimulator()
    calls, before = count_recomputes(simulator), artist_counts(simulator)
    result = redraws(simulator, simulator.jobs["A"]["processing_time"], 1)
    assert len(calls) == 1
    assert result["spt"].order == ["A", "B", "D", "C", "E"]
    assert artist_counts(simulator) == before
    # SPT's lane: A now takes day 0 to 1.
    first = min(simulator._bars["spt"], key=lambda bar: bar.get_x())
    assert (first.get_x(), first.get_width()) == (0, 1)
    redraws(simulator, simulator.jobs["E"]["due_date"], 20)
    assert simulator.result["fcfs"].tardiness["E"] == 3  # A takes 1 day: E ends on day 23


def test_simulator_marks_late_jobs():
    simulator = DispatchingSimulator(rules=["fcfs"])
    fcfs = simulator.result["fcfs"]
    late = [name for name in fcfs.order if fcfs.tardiness[name] > 0]
    assert late == ["B", "D", "E"]
    assert list(simulator._due_marks["fcfs"].get_xdata()) == [6, 15, 23]
    bars = dict(zip(fcfs.order, simulator._bars["fcfs"], strict=True))
    assert bars["B"].get_facecolor() != bars["A"].get_facecolor()
    assert not simulator._due_marks["spt"].get_visible()


def test_simulator_rules_toggle_in_and_out(redraws):
    simulator = DispatchingSimulator()
    result = redraws(simulator, simulator.rules["slack"], True)
    assert list(result) == ["fcfs", "spt", "edd", "cr", "slack"]
    axes = simulator.chart.axes
    labels = [label.get_text() for label in axes.get_yticklabels()]
    lanes = dict(zip(axes.get_yticks(), labels, strict=True))
    assert lanes == {4: "FCFS", 3: "SPT", 2: "EDD", 1: "CR", 0: "Slack"}  # FCFS on top
    for toggle in simulator.rules.values():
        toggle.value = False
    assert simulator.result is None and "choose at least one rule" in simulator.message.value
    assert simulator.columns["CR"].texts == [""] * 5
    simulator.rules["lpt"].value = True
    assert simulator.message.value == "" and list(simulator.result) == ["lpt"]
    assert simulator.result["lpt"].average_flow_time == pytest.approx(20.6)


def test_simulator_rejects_a_zero_processing_time_and_clears_when_fixed(rejects):
    simulator = DispatchingSimulator()
    rejects(simulator, simulator.jobs["C"]["processing_time"], 0, "processing_time")


def test_simulator_refuses_an_unknown_rule():
    with pytest.raises(InputError, match="rules must be one of"):
        DispatchingSimulator(rules=["fifo"])


# Johnson's rule


def test_johnson_defaults_are_the_la_crosse_tool_and_die_shop():
    example = published_example("scheduling", "johnsons_rule")
    view = JohnsonsRuleView()
    result, expected = view.result, example["expected"]
    assert {name: job.value for name, job in view.jobs.items()} == tuples(example["inputs"]["jobs"])
    assert result.order == expected["order"]
    assert (result.makespan, result.idle_second_center) == (35, 4)
    assert tuples(result.second_center) == tuples(expected["second_center"])
    assert view.columns["Position"].texts == ["5", "1", "4", "3", "2"]
    assert view.columns["Goes"].texts == ["late", "early", "late", "late", "early"]
    assert "B → E → D → C → A" in view.summary.value
    idle = sorted((bar.get_x(), bar.get_width()) for bar in view._idle if bar.get_width())
    assert idle == [(0, 3), (9, 1)]  # the lathe waits for B, then between B and E


def test_johnson_edit_recomputes_once_and_redraws(redraws, artist_counts, count_recomputes):
    view = JohnsonsRuleView()
    calls, before = count_recomputes(view), artist_counts(view)
    result = redraws(view, view.jobs["A"]["time_first_center"], 1)
    assert len(calls) == 1 and artist_counts(view) == before
    assert result.order == ["A", "B", "E", "D", "C"] and result.makespan == 34
    assert view._end.get_xdata()[0] == 34


def test_johnson_rejects_a_negative_time(rejects):
    view = JohnsonsRuleView()
    rejects(view, view.jobs["D"]["time_second_center"], -2, "time_second_center")


# Input/output report


def test_report_defaults_are_lifang_wus_work_centre():
    example = published_example("capacity", "input_output_report", initial_backlog=30)
    report = InputOutputReport()
    for name in ("planned_input", "actual_input", "planned_output", "actual_output"):
        assert getattr(report, name).value == example["inputs"][name]
    for field, expected in example["expected"].items():
        assert getattr(report.result, field) == expected, field
    assert report.rows["cumulative_input_deviation"].texts == ["5", "10", "-5", "-20"]
    assert report.rows["cumulative_output_deviation"].styles[0] == SHORT
    assert report.rows["backlog"].styles == ["", "", PROBLEM, PROBLEM]  # above the 30 at start
    assert "30 → 40" in report._headline.get_text()


def test_report_with_our_own_five_periods():
    example = published_example("capacity", "input_output_report", initial_backlog=50)
    report = InputOutputReport(**example["inputs"])
    for field, expected in example["expected"].items():
        assert getattr(report.result, field) == expected, field
    assert [bar.get_height() for bar in report._backlog_bars] == [40, 32, 17, 8, 8]


def test_report_edit_recomputes_once_and_redraws(redraws, artist_counts, count_recomputes):
    report = InputOutputReport()
    calls, before = count_recomputes(report), artist_counts(report)
    result = redraws(report, report.actual_output[3], 90)
    assert len(calls) == 1 and artist_counts(report) == before
    assert result.cumulative_output_deviation[3] == -20 and result.backlog[3] == 30
    assert list(report._lines["actual_output"].get_ydata()) == [85, 85, 80, 90]
    redraws(report, report.initial_backlog, 60)
    assert report.result.backlog == [60, 60, 65, 60]


def test_report_rejects_output_beyond_the_work_available(rejects):
    report = InputOutputReport()
    rejects(report, report.actual_output[0], 200, "actual_output[0] (period 1)")
    report.actual_output[0].value = 200
    assert report.rows["backlog"].texts == [""] * 4
    report.actual_output[0].value = 85
    assert report.rows["backlog"].texts == ["30", "30", "35", "40"]


def test_report_rejects_a_negative_backlog(rejects):
    report = InputOutputReport()
    rejects(report, report.initial_backlog, -5, "initial_backlog")


def test_report_needs_all_four_flows():
    with pytest.raises(InputError, match="actual_output"):
        InputOutputReport([1, 2], [1, 2], [1, 2])
