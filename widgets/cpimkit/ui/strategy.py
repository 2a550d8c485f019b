"""Strategic decisions: the crossover chart of process choice and the decision-tree builder.

>>> plotter = CrossoverPlotter()
>>> [(low, high, name) for low, high, name in plotter.result]
[(0.0, 7000.0, 'Process A'), (7000.0, inf, 'Process B')]
>>> builder = DecisionTreeBuilder()
>>> builder.result.value
49200.0
"""

from __future__ import annotations

import html
import math
import re
from typing import NamedTuple

import ipywidgets as widgets
import numpy as np
from matplotlib.lines import Line2D
from matplotlib.transforms import blended_transform_factory

from cpimkit.calc import InputError
from cpimkit.calc._validate import mapping
from cpimkit.calc.finance import (
    break_even,
    cost_volume_ranges,
    crossover_point,
    decision_tree,
)
from cpimkit.examples import published_example
from cpimkit.ui._base import Calculator, figures_table, number, number_box
from cpimkit.ui._chart import BLACK, BLUE, GREEN, GREY, ORANGE, RED, Chart
from cpimkit.ui.planning import HEADER, headline
from cpimkit.ui.project import amount

# cpimkit course map, SMR notebook 2: F $50,000 + $20 a unit against F $120,000 + $10 a unit.
_COURSE_MAP = published_example("finance", "crossover_point", fixed_cost_a=50_000)["inputs"]
TWO_PROCESSES = {
    "Process A": (_COURSE_MAP["fixed_cost_a"], _COURSE_MAP["unit_cost_a"]),
    "Process B": (_COURSE_MAP["fixed_cost_b"], _COURSE_MAP["unit_cost_b"]),
}
PROCESS_COLOURS = (BLUE, ORANGE, GREEN)


class ProcessRow:
    """One process's editable figures: `name`, `fixed_cost` [$/period] and `unit_cost`
    [$/unit], read together as (name, fixed_cost, unit_cost).

    >>> row = ProcessRow("Line", 120_000, 10)
    >>> row.unit_cost.value = 12
    >>> row.value
    ('Line', 120000.0, 12.0)
    """

    def __init__(self, name: str, fixed_cost: float, unit_cost: float):
        self.name = widgets.Text(value=str(name), layout=widgets.Layout(width="9em"))
        self.fixed_cost, self.unit_cost = (
            widgets.FloatText(value=value, step=step, layout=widgets.Layout(width="8em"))
            for value, step in ((fixed_cost, 10_000), (unit_cost, 1))
        )

    @property
    def value(self) -> tuple:
        return self.name.value.strip(), self.fixed_cost.value, self.unit_cost.value

    def observe(self, handler, names: str) -> None:
        """Call `handler` when the name or a cost changes."""
        for box in (self.name, self.fixed_cost, self.unit_cost):
            box.observe(handler, names=names)


class CrossoverPlotter(Calculator):
    """Crossover (cost-volume) analysis of two or three processes: each process's total cost
    F + V·x against volume x, the crossover points, the cheapest process on each volume range
    shaded and named, and optionally a revenue line P·x with each process's break-even point.

    processes: name → (fixed_cost F [$/period], unit_cost V [$/unit]), two or three of them,
    editable as ``processes[0].fixed_cost`` etc. (rows in order); the third row is switched on
    and off by `third_process` (with two processes it starts off, with made-up figures).
    unit_price: P [$/unit] for the revenue line, None for none (`price_line` switches it).
    Default: the course map's SMR notebook 2, F $50,000 + $20 a unit against $120,000 + $10.

    >>> plotter = CrossoverPlotter()
    >>> plotter.third_process.value = True
    >>> [(low, name) for low, _, name in plotter.result]
    [(0.0, 'Process A'), (7000.0, 'Process B'), (24000.0, 'Process C')]
    """

    def __init__(self, processes=None, unit_price: float | None = None):
        processes = mapping("processes", TWO_PROCESSES if processes is None else processes)
        if len(processes) not in (2, 3):
            raise InputError(f"processes must hold 2 or 3 processes, got {len(processes)}")
        cost_volume_ranges(processes)  # InputError for malformed figures, before any widget
        rows = [ProcessRow(name, *costs) for name, costs in processes.items()]
        if len(rows) == 2:  # a dearer, more automated third process to switch on
            fixed = 2 * max(row.fixed_cost.value for row in rows)
            unit = min(row.unit_cost.value for row in rows) / 2
            rows.append(ProcessRow("Process C", fixed, unit))
        highest = max(row.unit_cost.value for row in rows)
        controls = {
            "processes": dict(enumerate(rows)),
            "third_process": widgets.Checkbox(value=len(processes) == 3, indent=False,
                                              layout=widgets.Layout(width="2em")),
            "price_line": widgets.Checkbox(value=unit_price is not None, indent=False,
                                           description="Revenue line at price P"),
            "unit_price": number_box("Price P [$/unit]",
                                     1.5 * highest if unit_price is None else unit_price,
                                     step=1),
        }
        chart = Chart()
        axes = chart.axes
        self._lines = [axes.plot([], [], color=colour, lw=2)[0] for colour in PROCESS_COLOURS]
        (self._revenue,) = axes.plot([], [], color=BLACK, lw=1.5, ls="--", label="Revenue  P·x")
        (self._break_even_points,) = axes.plot([], [], "o", color=BLACK, mfc="white", ms=6,
                                             zorder=6)
        along_bottom = blended_transform_factory(axes.transData, axes.transAxes)
        self._spans = [axes.axvspan(0, 0, color=colour, alpha=0.1, lw=0)
                       for colour in PROCESS_COLOURS]
        self._span_names = [axes.text(0, 0.03, "", transform=along_bottom, ha="center",
                                      va="bottom", fontsize="small", fontweight="bold")
                            for _ in PROCESS_COLOURS]
        (self._crossings,) = axes.plot([], [], "o", color=RED, ms=7, zorder=5)
        # Above a crossing, in the wedge between the two lines that cross there.
        self._crossing_labels = [
            axes.annotate("", (0, 0), xytext=(0, 10), textcoords="offset points", va="bottom",
                          fontsize="small", bbox={"facecolor": "white", "edgecolor": "none",
                                                  "alpha": 0.8, "pad": 1})
            for _ in range(2)
        ]
        axes.set(title="Total cost by process", xlabel="Volume x [units/period]",
                 ylabel="Total cost F + V·x [$/period]")
        chart.thousands(axes.xaxis)
        chart.thousands(axes.yaxis)
        super().__init__(
            controls,
            inputs=[self._table(rows, controls["third_process"]), controls["price_line"],
                    controls["unit_price"]],
            chart=chart,
            note="Total cost = F + V·x. Where two cost lines cross, x = (F₂ − F₁) ÷ (V₁ − V₂): "
                 "below it the process with the lower fixed cost is cheaper, above it the one "
                 "with the lower unit cost. The shading names the cheapest process on each "
                 "volume range.",
        )

    @staticmethod
    def _table(rows: list, third: widgets.Checkbox) -> widgets.GridBox:
        heads = ["", "Process", "Fixed cost F [$]", "Unit cost V [$/unit]"]
        cells = [widgets.HTML(f"<div style='{HEADER};line-height:1.2'>{head}</div>")
                 for head in heads]
        for index, row in enumerate(rows):
            cells += [third if index == 2 else widgets.HTML(), row.name, row.fixed_cost,
                      row.unit_cost]
        return widgets.GridBox(cells, layout=widgets.Layout(
            grid_template_columns="2em 9.5em 8.5em 8.5em", grid_template_rows="auto",
            grid_auto_rows="32px",
            grid_gap="0 4px", align_items="center", margin="4px 0"))

    def _rows(self) -> list[ProcessRow]:
        """The processes compared: the first two, and the third when it is switched on."""
        rows = list(self.processes.values())
        return rows if self.third_process.value else rows[:2]

    def _alternatives(self) -> dict:
        alternatives = {}
        for row in self._rows():
            name, fixed, variable = row.value
            if not name:
                raise InputError("processes: every process needs a name")
            if name in alternatives:
                raise InputError(f"processes: two processes are named {name!r}")
            alternatives[name] = (fixed, variable)
        return alternatives

    def _compute(self):
        self.unit_price.disabled = not self.price_line.value
        third = self.processes[2]
        for box in (third.name, third.fixed_cost, third.unit_cost):
            box.disabled = not self.third_process.value
        return cost_volume_ranges(self._alternatives())

    def _show(self, ranges) -> str:
        alternatives = self._alternatives()
        names = list(alternatives)
        colour = dict(zip(names, PROCESS_COLOURS, strict=False))
        price = self.unit_price.value if self.price_line.value else None
        breakpoints = [low for low, _, _ in ranges[1:]]
        crossings = [
            crossover_point(*alternatives[before], *alternatives[after])
            for (_, _, before), (_, _, after) in zip(ranges, ranges[1:], strict=False)
        ]
        break_even_units = {
            name: break_even(fixed, price, variable).units
            if price is not None and price > variable else math.inf
            for name, (fixed, variable) in alternatives.items()
        }
        finite = [*breakpoints, *filter(math.isfinite, break_even_units.values())]
        fixed_costs = [fixed for fixed, _ in alternatives.values()]
        unit_costs = [variable for _, variable in alternatives.values()]
        scale = max(fixed_costs) / max(min(unit_costs), 1e-9) if max(fixed_costs) else 1000
        right = 1.5 * max(finite) if finite and max(finite) > 0 else scale
        volume = np.array([0, right])
        axes = self.chart.axes
        for line, name in zip(self._lines, [*names, None, None], strict=False):
            line.set_visible(name is not None)
            if name is not None:
                fixed, variable = alternatives[name]
                line.set_data(volume, fixed + variable * volume)
                line.set_label(name)
        self._revenue.set_visible(price is not None)
        self._revenue.set_data(volume, (price or 0) * volume)
        points = [(units, price * units) for units in break_even_units.values() if units <= right]
        self._break_even_points.set_data(*zip(*points, strict=True) if points else ([], []))
        for index, (span, label) in enumerate(zip(self._spans, self._span_names, strict=True)):
            shown = index < len(ranges)
            span.set_visible(shown)
            label.set_visible(shown)
            if shown:
                low, high, name = ranges[index]
                high = min(high, right)
                span.set_x(low)
                span.set_width(high - low)
                span.set_color(colour[name])
                label.set_x((low + high) / 2)
                # A name wider than its range would run into the next one: the table has it.
                wide_enough = (high - low) / right > 0.018 * len(name)
                label.set_text(name if wide_enough else "")
                label.set_color(colour[name])
        costs = [alternatives[after][0] + alternatives[after][1] * units
                 for units, (_, _, after) in zip(crossings, ranges[1:], strict=False)]
        self._crossings.set_data(crossings, costs)
        for index, label in enumerate(self._crossing_labels):
            label.set_visible(index < len(crossings))
            if index < len(crossings):
                label.xy = (crossings[index], costs[index])
                near_axis = crossings[index] < 0.15 * right
                label.set_position((2, 10) if near_axis else (0, 10))
                label.set_horizontalalignment("left" if near_axis else "center")
                label.set_text(f"{amount(crossings[index])} units\n\\${number(costs[index], 0)}")
        top = max(fixed + variable * right for fixed, variable in alternatives.values())
        axes.set(xlim=(0, right), ylim=(0, 1.08 * max(top, (price or 0) * right, 1)))
        handles = self._lines[: len(names)] + ([self._revenue] if price is not None else [])
        axes.legend(handles=handles, loc="upper left", fontsize="small")
        rows = [(_volume_range(low, high), f"<b>{html.escape(name)}</b>")
                for low, high, name in ranges]
        rows += [(f"Crossover {before} / {after}", f"{amount(units)} units")
                 for units, (_, _, before), (_, _, after)
                 in zip(crossings, ranges, ranges[1:], strict=False)]
        if price is not None:
            rows += [(f"Break-even {name}",
                      f"{amount(units)} units" if math.isfinite(units) else "never (P ≤ V)")
                     for name, units in break_even_units.items()]
        return figures_table(rows)


def _volume_range(low: float, high: float) -> str:
    """A volume range for the table, e.g. '0 – 7,000 units' or 'over 7,000 units'."""
    if math.isinf(high):
        return "Cheapest at every volume" if low == 0 else f"Cheapest over {amount(low)} units"
    return f"Cheapest from {amount(low)} to {amount(high)} units"


# Heizer & Render, Operations Management, Module A: Getz Products with the $10,000 market survey
# (payoffs net of the survey); EV 49,200 with the survey against 40,000 without.
GETZ_PRODUCTS = published_example("finance", "decision_tree")["inputs"]["tree"]
KINDS = ("decision", "chance")
INDENT = "  "
LABEL_CHARACTERS = 24  # longer branch labels are shortened on the chart (the outline has them)
LEAF_SPACING = 0.34  # inches between payoffs: a branch label above its line, p and EV below


def tree_outline(tree, depth: int = 0) -> str:
    """The outline `DecisionTreeBuilder` reads for a calc tree (see `decision_tree`).

    >>> print(tree_outline({"decision": {"Build": {"chance": {"Boom": [0.6, 100],
    ...                                                       "Bust": [0.4, -40]}},
    ...                                   "Wait": 0}}))
    decision
      Build: chance
        Boom 0.6: 100
        Bust 0.4: -40
      Wait: 0
    """
    if not isinstance(tree, dict):
        return f"{tree:,.12g}"
    ((kind, branches),) = tree.items()
    lines = [kind] if depth == 0 else []
    for label, branch in branches.items():
        probability, subtree = branch if kind == "chance" else (None, branch)
        spec = next(iter(subtree)) if isinstance(subtree, dict) else tree_outline(subtree)
        odds = "" if probability is None else f" {probability:.12g}"
        lines.append(f"{INDENT * depth}{INDENT}{label}{odds}: {spec}")
        if isinstance(subtree, dict):
            lines.append(tree_outline(subtree, depth + 1))
    return "\n".join(lines)


def parse_outline(text: str):
    """The calc tree (see `decision_tree`) an outline describes; `InputError` names the line.

    The first line is the root, ``decision`` or ``chance``. Each branch is a line indented
    under its node: ``label: decision``, ``label: chance`` or ``label: payoff`` (a number,
    thousands separators and $ allowed); under a chance node the label ends with the
    probability, ``Favourable 0.45: 190000`` (or ``45%``). Blank lines and lines starting with
    ``#`` are skipped.

    >>> parse_outline("decision\\n  Build: chance\\n    Boom 60%: 100\\n    Bust 0.4: -40")
    {'decision': {'Build': {'chance': {'Boom': [0.6, 100.0], 'Bust': [0.4, -40.0]}}}}
    >>> parse_outline("decision\\n  Build: chance\\n    Boom: 100")
    Traceback (most recent call last):
    ...
    cpimkit.calc.InputError: outline line 3: an outcome of a chance node ends with its \
probability, e.g. 'Boom 0.5: 100'
    """
    lines = []
    for number_, raw in enumerate(text.expandtabs(4).splitlines(), start=1):
        content = raw.strip()
        if content and not content.startswith("#"):
            lines.append((number_, len(raw) - len(raw.lstrip()), content))
    if not lines:
        raise InputError("outline is empty: type 'decision' on the first line and the options "
                         "indented below it")
    first, indent, root = lines[0]
    if root.lower() not in KINDS:
        raise InputError(f"outline line {first}: the first line is the root node, 'decision' "
                         f"or 'chance', got {root!r}")
    tree, end = _node(lines, 0, root.lower())
    if end < len(lines):
        raise InputError(f"outline line {lines[end][0]}: indent every branch under the root "
                         f"(line {first})")
    return tree


def _node(lines: list, at: int, spec: str) -> tuple[object, int]:
    """The subtree whose line is `lines[at]` with `spec` after its colon, and the index of the
    first line after it."""
    number_, indent, _ = lines[at]
    if spec not in KINDS:
        return _payoff(number_, spec), at + 1
    step = at + 1
    if step == len(lines) or lines[step][1] <= indent:
        raise InputError(f"outline line {number_}: a {spec} node needs branches, indented on "
                         f"the lines below it")
    branch_indent, branches = lines[step][1], {}
    while step < len(lines) and lines[step][1] > indent:
        line, here, content = lines[step]
        if here > branch_indent:
            raise InputError(f"outline line {line}: indented under a payoff; only a 'decision' "
                             f"or 'chance' line has branches")
        if here < branch_indent:
            raise InputError(f"outline line {line}: the indentation matches no node above it")
        label, colon, child = content.rpartition(":")
        if not colon:
            raise InputError(f"outline line {line}: write 'label: decision', 'label: chance' "
                             f"or 'label: payoff', got {content!r}")
        label, child = label.strip(), child.strip().lower()
        probability = None
        if spec == "chance":
            label, _, odds = label.rpartition(" ")
            probability = _probability(odds)
            if probability is None or not label.strip():
                raise InputError(f"outline line {line}: an outcome of a chance node ends with "
                                 f"its probability, e.g. 'Boom 0.5: 100'")
            label = label.strip()
        if not label:
            raise InputError(f"outline line {line}: the branch needs a label before the colon")
        if label in branches:
            raise InputError(f"outline line {line}: a second branch labelled {label!r} "
                             f"under line {number_}")
        subtree, step = _node(lines, step, child)
        branches[label] = subtree if probability is None else [probability, subtree]
    return {spec: branches}, step


def _probability(text: str) -> float | None:
    """'0.45' or '45%' as 0.45; None when it is neither."""
    share = text.endswith("%")
    try:
        value = float(text.removesuffix("%"))
    except ValueError:
        return None
    return value / 100 if share else value


def _payoff(line: int, text: str) -> float:
    cleaned = re.sub(r"[\s$,_]", "", text).replace("−", "-")
    try:
        value = float(cleaned)
    except ValueError:
        raise InputError(f"outline line {line}: after the colon write decision, chance or a "
                         f"payoff (a number), got {text!r}") from None
    if not math.isfinite(value):
        raise InputError(f"outline line {line}: the payoff must be a finite number, got {text!r}")
    return value


class DecisionTreeBuilder(Calculator):
    """A decision tree typed as an outline, solved by rolling back (`calc.finance.decision_tree`)
    and drawn: squares for decisions, circles for chance nodes, triangles for payoffs, the
    expected value (EV) under each node, the best option of each decision in green and the
    others struck through as pruned.

    tree: the calc tree (nested dicts, see `decision_tree`) or its outline as text
    (`parse_outline` gives the syntax):

        decision
          Large plant: chance
            Favourable 0.5: 200000
            Unfavourable 0.5: -180000
          Do nothing: 0

    The outline is edited in `outline`; `tree` is its parsed dict and `result` the calc result
    (both None while the outline is invalid). Default: Heizer & Render's Getz Products with
    the market survey, payoffs in $ net of the survey's cost.

    >>> builder = DecisionTreeBuilder()
    >>> builder.result.value, builder.result.best
    (49200.0, 'Conduct market survey')
    >>> builder.outline.value += "\\n  Wait"
    >>> builder.result is None, "outline line 27" in builder.message.value
    (True, True)
    """

    def __init__(self, tree=None):
        tree = GETZ_PRODUCTS if tree is None else tree
        if isinstance(tree, str):
            text = tree
        else:
            decision_tree(tree)  # InputError for a malformed tree, before any widget
            text = tree_outline(tree)
        self.tree = None
        self._drawing = None  # the artists of the tree shown (redrawn when its shape changes)
        chart = Chart()
        _tree_axes(chart)
        self._headline = headline(chart)
        outline = widgets.Textarea(
            value=text, continuous_update=False, rows=min(30, text.count("\n") + 2),
            layout=widgets.Layout(width="30em"))
        super().__init__(
            {"outline": outline},
            chart=chart,
            note="One node a line, each branch indented under its node: <code>label: "
                 "decision</code>, <code>label: chance</code> or <code>label: payoff</code>; "
                 "under a chance node the label ends with the probability "
                 "(<code>Favourable 0.45: 190000</code>). The first line is the root. "
                 "A chance node's EV is Σ probability × value, a decision's the best option's "
                 "EV (payoffs are net: costs on the way already subtracted).",
        )

    def _compute(self):
        self.tree = None
        tree = parse_outline(self.outline.value)
        result = decision_tree(tree)
        self.tree = tree
        return result

    def _show(self, result) -> str:
        nodes = _tree_nodes(self.tree)
        if self._drawing is None or self._drawing.shape != _shape(nodes):
            if self._drawing is not None:
                self._drawing.remove()
            self._drawing = _TreeDrawing(self.chart, nodes)
        self._drawing.show(nodes, result)
        self._headline.set_text(f"Expected value {amount(result.value)}")
        rows = [("Expected value at the root", f"<b>{amount(result.value)}</b>")]
        rows += [(f"EV of {label}", amount(result.node_values[(label,)]))
                 for label in self.tree.get("decision", ())]
        rows += [(_situation(path), f"best: <b>{html.escape(str(result.choices[path]))}</b>")
                 for path in nodes if path in result.choices and _on_policy(path, result.choices)]
        return figures_table(rows)


def _situation(path: tuple) -> str:
    """Where a decision is taken, e.g. 'After Conduct survey → Favourable survey'."""
    return "First decision" if not path else "After " + " → ".join(map(str, path))


def _on_policy(path: tuple, choices: dict) -> bool:
    """Whether the best choices made on the way lead to the node at `path`."""
    return all(choices.get(path[:depth], label) == label for depth, label in enumerate(path))


class _Node(NamedTuple):
    kind: str  # "decision", "chance" or "leaf"
    x: float  # the column: depth, every payoff in the last one
    y: float  # 0 for the first payoff, -1 for the next, ...; a node midway between its branches
    probability: float | None  # of the branch into the node, under a chance node
    payoff: float | None  # of a leaf


def _tree_nodes(tree) -> dict[tuple, _Node]:
    """Path of branch labels → where and what each node is, in outline order."""
    placed, leaves = {}, []

    def walk(subtree, path: tuple, probability) -> float:
        if not isinstance(subtree, dict):
            leaves.append(path)
            placed[path] = _Node("leaf", len(path), 1 - len(leaves), probability, subtree)
            return placed[path].y
        ((kind, branches),) = subtree.items()
        placed[path] = None  # keeps the outline order: a node before its branches
        ends = [walk(*_branch(kind, branch, path + (label,))) for label, branch in
                branches.items()]
        placed[path] = _Node(kind, len(path), (ends[0] + ends[-1]) / 2, probability, None)
        return placed[path].y

    walk(tree, (), None)
    last = max(len(path) for path in leaves)
    return {path: node._replace(x=last) if node.kind == "leaf" else node
            for path, node in placed.items()}


def _branch(kind: str, branch, path: tuple) -> tuple:
    """The arguments of `walk` for one branch: subtree, path and probability."""
    probability, subtree = branch if kind == "chance" else (None, branch)
    return subtree, path, probability


class _TreeDrawing:
    """The artists of one tree shape on `chart`: a column per level, a row per payoff, the
    figure sized so the labels keep their size. `show` rewrites the figures and recolours the
    branches for a tree of the same shape (see `_shape`) and its result; another shape needs a
    new drawing (`remove` the old one)."""

    ELBOW = 0.1  # x of a branch's bend after its parent node

    def __init__(self, chart: Chart, nodes: dict):
        self.chart = chart
        self.shape = _shape(nodes)
        columns = max(node.x for node in nodes.values())
        rows = sum(node.kind == "leaf" for node in nodes.values())
        # A row more than the payoffs: the top one is free for the headline.
        width = min(11.0, 1.75 * columns + 2.0)
        height = max(2.6, LEAF_SPACING * (rows + 1) + 1.2)
        if tuple(chart.figure.get_size_inches()) != (width, height):
            chart.figure.set_size_inches(width, height)
        # Full size, its labels readable: below the outline rather than shrunk beside it.
        pixels = round(width * chart.figure.dpi)
        chart.image.layout.max_width = f"{pixels}px"
        chart.image.layout.min_width = f"min(100%, {pixels}px)"
        axes = chart.axes
        self.branches, self.faded, self.strikes, self.figures = {}, {}, {}, {}
        for path, node in nodes.items():
            artists = []
            if path:
                parent = nodes[path[:-1]]
                (self.branches[path],) = axes.plot(
                    [parent.x, parent.x + self.ELBOW, node.x], [parent.y, node.y, node.y],
                    solid_joinstyle="round", zorder=1)
                start = (parent.x + self.ELBOW, node.y)
                label = str(path[-1])
                if len(label) > LABEL_CHARACTERS:
                    label = label[: LABEL_CHARACTERS - 1] + "…"
                artists += [self.branches[path],
                            axes.annotate(label, start, xytext=(3, 2),
                                          textcoords="offset points", va="bottom", fontsize=8)]
                if node.probability is not None:
                    artists.append(axes.annotate("", start, xytext=(3, -2),
                                                 textcoords="offset points", va="top",
                                                 fontsize=7.5, color=GREY))
                    self.figures[path, "probability"] = artists[-1]
                self.strikes[path] = axes.text((start[0] + node.x) / 2, node.y, "//",
                                               ha="center", va="center", fontsize=9,
                                               fontweight="bold", color=RED)
            marker = {"decision": "s", "chance": "o", "leaf": "<"}[node.kind]
            artists += axes.plot([node.x], [node.y], marker,
                                 ms=6 if node.kind == "leaf" else 11,
                                 mfc="white" if node.kind != "leaf" else GREY, mec=BLACK,
                                 mew=1.3, zorder=3)
            if node.kind == "leaf":
                artists.append(axes.annotate("", (node.x, node.y), xytext=(7, 0),
                                             textcoords="offset points", va="center",
                                             fontsize=8, fontweight="bold"))
            else:
                # Left of the root; under the end of the branch into any other node.
                offset, place = ((-9, 0), "center") if not path else ((-8, -2), "top")
                artists.append(axes.annotate("", (node.x, node.y), xytext=offset,
                                             textcoords="offset points", ha="right",
                                             va=place, fontsize=7.5, color=BLUE,
                                             fontweight="bold"))
            self.figures[path, "value"] = artists[-1]
            self.faded[path] = artists
        axes.set_xlim(-0.5, columns + 0.5)
        axes.set_ylim(1 - rows - 0.6, 1.6)

    def show(self, nodes: dict, result) -> None:
        """Write the payoffs, probabilities and EVs, mark the best option of each decision in
        green and strike the others through, everything after them faint."""
        choices = result.choices
        pruned = {path for path in nodes
                  if path and path[:-1] in choices and choices[path[:-1]] != path[-1]}
        for path, node in nodes.items():
            faded = any(path[:depth] in pruned for depth in range(1, len(path) + 1))
            for artist in self.faded[path]:
                artist.set_alpha(0.45 if faded else 1.0)
            if path:
                chosen = choices.get(path[:-1]) == path[-1]
                colour, width = (GREEN, 2.6) if chosen else (
                    GREY if path in pruned else BLACK, 1.1)
                self.branches[path].set(color=colour, linewidth=width)
                self.strikes[path].set_visible(path in pruned)
            if node.probability is not None:
                self.figures[path, "probability"].set_text(f"p = {node.probability:.4g}")
            self.figures[path, "value"].set_text(
                amount(node.payoff) if node.kind == "leaf"
                else f"EV {amount(result.node_values[path])}")

    def remove(self) -> None:
        for artists in self.faded.values():
            for artist in artists:
                artist.remove()
        for strike in self.strikes.values():
            strike.remove()


def _shape(nodes: dict) -> tuple:
    """What the artists of a tree depend on: its paths and the kind of node at each (where the
    nodes go follows from them); payoffs and probabilities only change texts."""
    return tuple((path, node.kind) for path, node in nodes.items())


def _tree_axes(chart: Chart) -> None:
    """The tree's axes: no frame or ticks, a legend of the symbols below."""
    axes = chart.axes
    axes.set_title("Decision tree rolled back", fontsize="medium", y=1.0)  # placed once
    axes.set_axis_off()
    axes.set_xticks([])  # hidden all the same, but then no tick is worked out on each draw
    axes.set_yticks([])
    axes.legend(
        handles=[
            Line2D([], [], ls="", marker="s", mfc="white", mec=BLACK, label="Decision"),
            Line2D([], [], ls="", marker="o", mfc="white", mec=BLACK, label="Chance"),
            Line2D([], [], ls="", marker="<", color=GREY, mec=BLACK, label="Payoff"),
            Line2D([], [], color=GREEN, lw=2.6, label="Best option"),
            Line2D([], [], color=GREY, lw=1.1, marker="$//$", mec=RED, ms=9,
                   label="Pruned"),
        ],
        loc="upper center", bbox_to_anchor=(0.5, 0.0), ncols=5, fontsize="small",
        frameon=False,
    )
