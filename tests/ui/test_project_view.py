"""The critical-path view driven like a learner would, against the published example in
data/examples/scheduling.json (Heizer & Render's Milwaukee Paper Manufacturing)."""

import inspect
from itertools import pairwise

import pytest

from cpimkit.calc import InputError
from cpimkit.calc.scheduling import pert_estimate
from cpimkit.examples import published_example
from cpimkit.ui.project import CRITICAL, CriticalPathView, layered_layout

MILWAUKEE = published_example("scheduling", "critical_path")


def count_calls(obj, method: str) -> list:
    """Wrap `obj.method` so every call is recorded."""
    calls, original = [], getattr(obj, method)
    setattr(obj, method, lambda *args: calls.append(1) or original(*args))
    return calls


def test_keyword_and_controls_follow_the_calc_names():
    assert list(inspect.signature(CriticalPathView).parameters)[0] == "activities"
    view = CriticalPathView()
    assert view.result is not None and view.message.value == ""
    assert set(view.activities) == set(MILWAUKEE["inputs"]["activities"])
    assert view.activities["G"].value == 5


def test_default_is_the_published_milwaukee_paper_project():
    view = CriticalPathView()
    expected = MILWAUKEE["expected"]
    assert view.result.duration == expected["duration"]
    assert view.result.path == expected["path"]
    for field in ("slack", "earliest_start", "latest_start"):
        assert getattr(view.result, field) == expected[field], field
    assert view.columns["slack"].texts == ["0", "1", "0", "1", "0", "6", "0", "0"]
    assert view.columns["latest_finish"].texts[5] == "13"  # F may finish as late as week 13
    assert view.columns["earliest_start"].styles[0] == CRITICAL  # A is critical
    assert view.columns["earliest_start"].styles[1] == ""
    assert "A → C → E → G → H" in view.summary.value
    assert "F: 6 weeks" in view.summary.value


def test_charts_follow_the_schedule():
    view = CriticalPathView()
    bars = dict(zip(view.activities, view._bars, strict=True))
    slack = dict(zip(view.activities, view._slack_bars, strict=True))
    assert (bars["G"].get_x(), bars["G"].get_width()) == (8, 5)
    assert (slack["F"].get_x(), slack["F"].get_width()) == (7, 6)
    nodes = view.network._nodes
    assert nodes["E"].get_text() == "E\n4"
    critical_edges = {
        edge for edge, (arrow, _) in view.network._edges.items() if arrow.get_linewidth() > 2
    }
    assert critical_edges == {("A", "C"), ("C", "E"), ("E", "G"), ("G", "H")}


def test_a_longer_activity_moves_the_critical_path_in_one_recompute(redraws):
    view = CriticalPathView()
    calls = count_calls(view, "_compute")
    network = view.network.chart.image.value
    result = redraws(view, view.activities["D"], 6)
    assert len(calls) == 1
    assert result.duration == 16 and result.path == ["B", "D", "G", "H"]
    assert result.slack["A"] == 1 and result.slack["D"] == 0
    assert view.network.chart.image.value != network
    assert view.columns["slack"].styles[3] == CRITICAL


def test_the_network_is_drawn_again_only_when_what_it_shows_changes():
    view = CriticalPathView()
    renders = count_calls(view.network.chart, "render")
    view.activities["B"].value = 2.5
    assert len(renders) == 1 and view.network._nodes["B"].get_text() == "B\n2.5"
    view.activities["B"].value = -1
    view.activities["B"].value = 2.5  # the same figure again: nothing to redraw
    assert len(renders) == 1
    assert view.network.chart.image.layout.visibility == "visible"


def test_rejects_a_negative_duration_and_clears_when_fixed(rejects):
    view = CriticalPathView()
    rejects(view, view.activities["D"], -1, "activities[&#x27;D&#x27;] duration")
    view.activities["D"].value = -1
    assert view.network.chart.image.layout.visibility == "hidden"
    assert view.columns["slack"].texts == [""] * 8
    view.activities["D"].value = 4
    assert view.network.chart.image.layout.visibility == "visible"
    assert view.columns["slack"].texts[3] == "1"


def test_pert_expected_times_with_decimals():
    # Our own three estimates for A: 1, 2 and 4 days, expected (1 + 4 × 2 + 4) / 6 = 2.17.
    expected = pert_estimate(optimistic=1, most_likely=2, pessimistic=4).expected
    view = CriticalPathView({"A": (expected, []), "B": (3, ["A"])}, unit="days")
    assert view.result.duration == pytest.approx(13 / 6 + 3)
    assert view.columns["earliest_finish"].texts == ["2.17", "5.17"]
    assert "5.17 days" in view.summary.value
    assert view.network._nodes["A"].get_text() == "A\n2.17"


def test_a_network_with_a_cycle_is_refused():
    with pytest.raises(InputError, match="cycle"):
        CriticalPathView({"A": (1, ["B"]), "B": (1, ["A"])})


def test_layout_routes_long_edges_round_the_layers_between():
    layers = {"A": 0, "C": 1, "B": 2, "D": 3, "F": 3, "E": 4}
    edges = [
        ("A", "B"),
        ("A", "C"),
        ("B", "D"),
        ("B", "F"),
        ("C", "B"),
        ("C", "D"),
        ("C", "E"),
        ("D", "E"),
    ]
    positions, routes = layered_layout(layers, edges)
    assert {node: layer for node, (layer, _) in positions.items()} == layers
    assert [layer for layer, _ in routes[("C", "E")]] == [1, 2, 3, 4]
    for layer in range(5):  # nodes and bend points at least one unit apart in each layer
        offsets = sorted(
            {offset for route in routes.values() for at, offset in route if at == layer}
        )
        assert all(b - a >= 1 - 1e-9 for a, b in pairwise(offsets))
