"""The kit's benchmarks in one run: what learners and instructors wait for (issue 9).

    make bench                                        # everything but the test suite
    .venv/bin/python benchmarks/run.py --suite        # also time the README's `make test`
    .venv/bin/python benchmarks/run.py --only calculators engine

Sections: imports (cpimkit.calc and cpimkit.ui in fresh interpreters), calculators (recompute
latency of every calculator of `cpimkit.ui.__all__`), notebooks (every source notebook in a fresh
kernel), suite (`make test`, only with --suite: it takes minutes), autograde (serial nbgrader
against `autograde(workers=2)`, from autograde_throughput.py) and engine (explode and
Wagner-Whitin at scale, from mrp_scale.py, beside stockpyl's `wagner_whitin`).

Prints one table (figure, value, goal, change since the previous run) and writes
benchmarks/results/<date>.json (the sections run replace theirs in that day's file). Results
are not committed: figures belong to a machine and a moment; the reference figures live in
benchmarks/README.md. Benchmarks report and never fail: the exit status is 0 whatever the
figures, and a section that breaks is reported as failed while the others run.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import math
import multiprocessing
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
SECTIONS = ("imports", "calculators", "notebooks", "suite", "autograde", "engine")
DEFAULT_SECTIONS = tuple(section for section in SECTIONS if section != "suite")
CHANGES = 50  # input changes timed per calculator
LATENCY_GOAL = 0.050  # p95 of a calculator's recompute [s]
NOTEBOOK_GOAL = 20.0  # one notebook in a fresh kernel [s]
SUITE_GOAL = 600.0  # the README test command on 2 cores [s]
SPEED_UP_GOAL = 1.7  # parallel over serial autograde throughput
EXPLODE_GOAL = 10.0  # explode at 50,000 items [s]


@dataclass
class Figure:
    """One measured figure: `value` in `unit`, and whether it meets its goal (None: no goal)."""

    section: str
    name: str
    value: float
    unit: str
    goal: str = ""
    met: bool | None = None
    note: str = ""

    @property
    def key(self) -> str:
        return f"{self.section}: {self.name}"


def percentile(values, share: float) -> float:
    """The `share` quantile of `values` (linear interpolation, as numpy's default)."""
    ordered = sorted(values)
    position = share * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


# imports ---------------------------------------------------------------------------------------

def import_seconds(module: str, runs: int = 5) -> float:
    """Median time to import `module` in a fresh interpreter [s] (interpreter start left out)."""
    code = (f"import time; start = time.perf_counter(); import {module}; "
            "print(time.perf_counter() - start)")
    timings = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                    check=True, cwd=ROOT).stdout) for _ in range(runs)]
    return statistics.median(timings)


def measure_imports(options) -> list[Figure]:
    return [Figure("imports", module, import_seconds(module), "s", note="median of 5")
            for module in ("cpimkit.calc", "cpimkit.ui")]


# calculators -----------------------------------------------------------------------------------

def controls(calculator) -> list:
    """The calculator's enabled number boxes and sliders in the order shown, then its text
    fields (found by walking the widget tree, so controls in grids count too)."""
    import ipywidgets as widgets

    numeric = (widgets.FloatText, widgets.BoundedFloatText, widgets.FloatSlider,
               widgets.IntText, widgets.BoundedIntText, widgets.IntSlider)
    textual = (widgets.Text, widgets.Textarea)
    shown, stack = [], [calculator]
    while stack:
        widget = stack.pop()
        shown.append(widget)
        stack.extend(reversed(getattr(widget, "children", ())))
    enabled = [widget for widget in shown if not getattr(widget, "disabled", True)]
    return ([widget for widget in enabled if isinstance(widget, numeric)]
            + [widget for widget in enabled if isinstance(widget, textual)])


def nearby_values(control, count: int) -> list:
    """`count` values near the control's, one step apart, within its bounds: up, then down.
    In a text field the last number typed is stepped by one."""
    if isinstance(control.value, str):
        numbers = list(re.finditer(r"\d+(?:\.\d+)?", control.value))
        if not numbers:
            return []
        last = numbers[-1]
        head, tail = control.value[:last.start()], control.value[last.end():]
        return [f"{head}{value:g}{tail}"
                for value in _stepped(float(last.group()), 1, 0, float("inf"), count)]
    step = getattr(control, "step", None) or 1
    return _stepped(control.value, step, getattr(control, "min", -float("inf")),
                    getattr(control, "max", float("inf")), count)


def _stepped(value, step, low, high, count: int) -> list:
    values, direction = [], 1
    for _ in range(count):
        if not low <= value + direction * step <= high:
            direction = -direction
        value = value + direction * step
        values.append(round(value, 10) if isinstance(value, float) else value)
    return values


def recording(function, timings: list):
    """`function`, appending the wall time of each call to `timings` [s]."""
    def timed(*args, **kwargs):
        start = time.perf_counter()
        function(*args, **kwargs)
        timings.append(time.perf_counter() - start)
    return timed


def recompute_timings(kind: type, changes: int = CHANGES):
    """Timings of `changes` input changes of a `kind()` calculator [s], the share of them spent
    rendering its chart, and the label of the control changed: the first control (numbers
    before text) whose changes all keep the input valid. None when there is none."""
    for index in range(len(controls(kind()))):
        calculator = kind()
        control = controls(calculator)[index]
        rendering = []
        if calculator.chart is not None:
            calculator.chart.render = recording(calculator.chart.render, rendering)
        values, timings = nearby_values(control, changes), []
        if not values:
            continue
        for value in values:
            start = time.perf_counter()
            control.value = value  # observers recompute, redraw and render synchronously
            timings.append(time.perf_counter() - start)
            if calculator.result is None:
                break
        else:
            return (timings, sum(rendering) / sum(timings),
                    control.description or f"control {index + 1} ({type(control).__name__})")
    return None


def measure_calculators(options) -> list[Figure]:
    from cpimkit.ui._base import calculator_classes

    figures = []
    for name, kind in calculator_classes().items():
        measured = recompute_timings(kind, options.changes)
        if measured is None:
            figures.append(Figure("calculators", name, float("nan"), "ms",
                                  note="no control keeps the input valid"))
            continue
        timings, render_share, control = measured
        p95 = percentile(timings, 0.95)
        figures.append(Figure(
            "calculators", f"{name} p95", p95 * 1000, "ms", f"< {LATENCY_GOAL * 1000:.0f}",
            p95 < LATENCY_GOAL,
            f"median {statistics.median(timings) * 1000:.1f} ms, {render_share:.0%} rendering, "
            f"changing {control}"))
    return figures


# notebooks -------------------------------------------------------------------------------------

def notebook_seconds(path: Path) -> float:
    """Wall time to start a fresh kernel and run the notebook top to bottom [s]."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start


def measure_notebooks(options) -> list[Figure]:
    figures = []
    for path in sorted((ROOT / "course").rglob("*.ipynb")):
        if ".ipynb_checkpoints" in path.parts:
            continue
        seconds = notebook_seconds(path)
        figures.append(Figure("notebooks", str(path.relative_to(ROOT / "course")), seconds, "s",
                              f"< {NOTEBOOK_GOAL:.0f}", seconds < NOTEBOOK_GOAL))
    total = sum(figure.value for figure in figures)
    figures.append(Figure("notebooks", "total", total, "s", note=f"{len(figures)} notebooks"))
    return figures


# suite -----------------------------------------------------------------------------------------

def measure_suite(options) -> list[Figure]:
    """The README's test command, `make test`, timed; its output goes to results/suite.log."""
    RESULTS.mkdir(exist_ok=True)
    log = RESULTS / "suite.log"
    start = time.perf_counter()
    with log.open("w") as output:
        finished = subprocess.run(["make", "test"], cwd=ROOT, stdout=output,
                                  stderr=subprocess.STDOUT)
    seconds = time.perf_counter() - start
    lines = log.read_text(errors="replace").strip().splitlines()
    outcome = lines[-1].strip("= ") if lines else ""
    return [Figure("suite", "make test", seconds, "s", f"< {SUITE_GOAL:.0f}", seconds < SUITE_GOAL,
                   f"exit {finished.returncode}: {outcome}")]


# autograde -------------------------------------------------------------------------------------

def measure_autograde(options) -> list[Figure]:
    """Serial `nbgrader autograde` against cpim_course's parallel engine on the same
    submissions of the test assignment `mini`, by autograde_throughput.py."""
    import autograde_throughput as throughput

    count = options.submissions
    with contextlib.redirect_stdout(sys.stderr):
        seconds = throughput.one_round(throughput.MINI, count, options.workers)
    serial_rate, parallel_rate = (count * 60 / each for each in seconds)
    speed_up = parallel_rate / serial_rate
    return [
        Figure("autograde", "serial nbgrader autograde", serial_rate, "subm/min",
               note=f"{count} submissions of mini"),
        Figure("autograde", f"autograde(workers={options.workers})", parallel_rate, "subm/min",
               note=f"{count} submissions of mini"),
        Figure("autograde", "speed-up", speed_up, "x", f">= {SPEED_UP_GOAL}",
               speed_up >= SPEED_UP_GOAL),
    ]


# engine ----------------------------------------------------------------------------------------

def best_seconds(run, repeats: int = 3) -> float:
    """The shortest wall time of `run()` [s]: one run when it takes a second or more, else the
    best of `repeats`."""
    timings = []
    while len(timings) < repeats and (not timings or timings[0] < 1):
        start = time.perf_counter()
        run()
        timings.append(time.perf_counter() - start)
    return min(timings)


def _stockpyl_in_child(demand, order_cost, holding_cost, answers) -> None:
    from stockpyl.wagner_whitin import wagner_whitin

    run = lambda: wagner_whitin(len(demand), holding_cost, order_cost, demand)  # noqa: E731
    seconds = best_seconds(run)
    answers.put((seconds, float(run()[1])))


def stockpyl_wagner_whitin(demand, order_cost, holding_cost, limit: float):
    """(seconds, total cost) of stockpyl's `wagner_whitin` on `demand`, or None when it does not
    finish within `limit` seconds (it is run in a child process, stopped then)."""
    context = multiprocessing.get_context("spawn")
    answers = context.Queue()
    child = context.Process(target=_stockpyl_in_child,
                            args=(demand, order_cost, holding_cost, answers))
    child.start()
    child.join(limit)
    if child.is_alive():
        child.terminate()
        child.join()
        return None
    return answers.get()


def measure_engine(options) -> list[Figure]:
    import mrp_scale

    from cpimkit.calc.mrp import explode, lot_sizing

    figures = []
    for size in options.bom_sizes:
        items, bom, schedule = mrp_scale.generated_bom(size)
        seconds = best_seconds(partial(explode, items, bom, schedule))
        goal = size >= 50_000
        figures.append(Figure(
            "engine", f"explode {size:,} items", seconds, "s",
            f"< {EXPLODE_GOAL:.0f}" if goal else "", seconds < EXPLODE_GOAL if goal else None,
            f"{len(bom):,} bill lines, {mrp_scale.LEVELS} levels, {mrp_scale.PERIODS} periods"))
    rng = random.Random(2)
    order_cost, holding_cost = 500, 1
    for periods in options.horizons:
        net = [rng.choice((0, rng.randint(1, 100))) for _ in range(periods)]
        plan = partial(lot_sizing, net, "wagner_whitin", order_cost=order_cost,
                       holding_cost=holding_cost)
        ours = best_seconds(plan)
        theirs = stockpyl_wagner_whitin(net, order_cost, holding_cost, options.stockpyl_limit)
        name = f"wagner_whitin {periods:,} periods"
        if theirs is None:
            figures.append(Figure("engine", name, ours, "s", "faster than stockpyl", True,
                                  f"stockpyl stopped after {options.stockpyl_limit:.0f} s"))
            continue
        stockpyl_seconds, stockpyl_cost = theirs
        same = abs(plan().total_cost - stockpyl_cost) <= 1e-6 * max(1, stockpyl_cost)
        figures.append(Figure(
            "engine", name, ours, "s", "faster than stockpyl", same and ours < stockpyl_seconds,
            f"stockpyl {stockpyl_seconds:.4g} s; total cost "
            f"{'equal' if same else 'DIFFERS'} ({stockpyl_cost:,.0f})"))
    return figures


# report ----------------------------------------------------------------------------------------

def machine() -> dict:
    """What the figures were measured on, including how busy the machine was."""
    cpuinfo = Path("/proc/cpuinfo")
    names = [line.split(":", 1)[1].strip() for line in
             (cpuinfo.read_text().splitlines() if cpuinfo.exists() else [])
             if line.startswith("model name")]
    model = names[0] if names else platform.machine()
    return {"processor": model, "cores": os.cpu_count(), "python": sys.version.split()[0],
            "platform": platform.platform(),
            "load_average": [round(load, 2) for load in os.getloadavg()]}


def previous_results(today: Path) -> dict:
    """Figures of the latest earlier results file, else of today's (before this run)."""
    files = sorted(RESULTS.glob("????-??-??.json"))
    earlier = [path for path in files if path.name < today.name]
    source = earlier[-1] if earlier else (today if today.exists() else None)
    return json.loads(source.read_text())["figures"] if source else {}


def change(figure: Figure, previous: dict) -> str:
    before = previous.get(figure.key, {}).get("value")
    if before is None or not before or math.isnan(figure.value):
        return ""
    return f"{(figure.value - before) / before:+.0%}"


def table(figures: list[Figure], previous: dict) -> str:
    """The figures as a plain-text table, one section after another."""
    lines = [f"{'figure':<46} {'value':>10} {'unit':<8} {'goal':<21} {'met':<4} "
             f"{'change':>7}  note"]
    section = None
    for figure in figures:
        if figure.section != section:
            section = figure.section
            lines.append(f"-- {section}")
        met = {True: "yes", False: "NO", None: ""}[figure.met]
        lines.append(f"{figure.name:<46} {figure.value:>10.4g} {figure.unit:<8} {figure.goal:<21} "
                     f"{met:<4} {change(figure, previous):>7}  {figure.note}")
    return "\n".join(lines)


def main(arguments=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", choices=SECTIONS, help="run only these sections")
    parser.add_argument("--suite", action="store_true", help="also time `make test` (minutes)")
    parser.add_argument("--changes", type=int, default=CHANGES)
    parser.add_argument("--submissions", type=int, default=40)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--bom-sizes", type=int, nargs="+", default=[500, 5_000, 50_000])
    parser.add_argument("--horizons", type=int, nargs="+", default=[52, 520, 5_200])
    parser.add_argument("--stockpyl-limit", type=float, default=60,
                        help="seconds stockpyl may take on one horizon before it is stopped")
    options = parser.parse_args(arguments)
    sections = options.only or [*DEFAULT_SECTIONS, *(["suite"] if options.suite else [])]
    measure = {"imports": measure_imports, "calculators": measure_calculators,
               "notebooks": measure_notebooks, "suite": measure_suite,
               "autograde": measure_autograde, "engine": measure_engine}

    today = RESULTS / f"{datetime.date.today().isoformat()}.json"
    previous = previous_results(today)
    about = machine()
    print(f"{about['processor']}, {about['cores']} cores, load average "
          f"{' '.join(map(str, about['load_average']))}")
    figures = []
    for section in SECTIONS:
        if section in sections:
            print(f"measuring {section} ...", file=sys.stderr, flush=True)
            try:
                figures += measure[section](options)
            except (Exception, SystemExit) as error:  # report it and measure the rest
                figures.append(Figure(section, "failed", math.nan, "", met=False,
                                      note=f"{type(error).__name__}: {error}"))
    print(table(figures, previous))
    missed = [figure.key for figure in figures if figure.met is False]
    print(f"\n{len(missed)} goal(s) missed" + (": " + "; ".join(missed) if missed else ""))

    RESULTS.mkdir(exist_ok=True)
    earlier = json.loads(today.read_text())["figures"] if today.exists() else {}
    kept = {key: figure for key, figure in earlier.items() if figure["section"] not in sections}
    measured = {figure.key: {**asdict(figure), "value": figure.value
                             if not math.isnan(figure.value) else None} for figure in figures}
    report = {"date": today.stem, "machine": about, "figures": {**kept, **measured}}
    today.write_text(json.dumps(report, indent=2) + "\n")
    print(f"written to {today.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
