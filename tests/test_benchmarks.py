"""The pieces of benchmarks/run.py work, on tiny inputs (the benchmarks themselves never run in
the suite: they report, they do not fail)."""

import importlib.util
import math
import sys
from pathlib import Path

import ipywidgets as widgets
import pytest

import cpimkit.ui as ui

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


@pytest.fixture
def bench(monkeypatch):
    """benchmarks/run.py as a module, with its folder importable (it imports mrp_scale)."""
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    spec = importlib.util.spec_from_file_location("run", BENCHMARKS / "run.py")
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "run", module)  # its dataclass and child process look it up
    spec.loader.exec_module(module)
    return module


def test_percentile_interpolates_between_ranks(bench):
    assert bench.percentile([4, 1, 3, 2], 0.5) == 2.5
    assert bench.percentile(range(101), 0.95) == 95


def test_nearby_values_step_within_the_bounds(bench):
    slider = widgets.FloatSlider(value=0.9, min=0, max=1, step=0.05)
    assert bench.nearby_values(slider, 4) == [0.95, 1.0, 0.95, 0.9]
    text = widgets.Text(value="10, 20, 30")
    assert bench.nearby_values(text, 2) == ["10, 20, 31", "10, 20, 32"]


def test_controls_are_found_in_grids_too(bench):
    assert bench.controls(ui.DRPRollup()), "the cells of the DRP grid count"


def test_recompute_timings_time_each_change_and_the_rendering(bench):
    timings, render_share, control = bench.recompute_timings(ui.EOQCalculator, changes=3)
    assert len(timings) == 3 and all(seconds > 0 for seconds in timings)
    assert 0 < render_share <= 1
    assert control.startswith("Annual demand")


def test_table_shows_the_change_since_the_previous_run(bench):
    figure = bench.Figure("engine", "explode 50 items", 0.5, "s", "< 10", True)
    previous = {figure.key: {"value": 0.4}}
    assert "+25%" in bench.table([figure], previous)
    missing = bench.Figure("calculators", "X", math.nan, "ms")
    assert bench.change(missing, previous) == ""
