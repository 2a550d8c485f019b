"""Project planning: the critical-path network, its slack table and a Gantt chart; and the
layered drawing of a network (activities or a bill of material) that the views share.

>>> positions, routes = layered_layout({"A": 0, "B": 0, "C": 1, "D": 2},
...                                    [("A", "C"), ("B", "C"), ("C", "D"), ("A", "D")])
>>> positions["C"], positions["D"]
((1, 0.25), (2, -0.25))
>>> routes[("A", "D")]  # through a bend point in layer 1, beside C
[(0, -0.5), (1, -0.75), (2, -0.25)]
"""

from __future__ import annotations

import html
import math
from itertools import pairwise
from statistics import fmean

import ipywidgets as widgets
from matplotlib.patches import FancyArrowPatch, Patch
from matplotlib.path import Path

from cpimkit.calc.scheduling import critical_path
from cpimkit.examples import published_example
from cpimkit.ui._base import Calculator, figures_table
from cpimkit.ui._chart import BLACK, BLUE, GREY, RED, Chart
from cpimkit.ui.planning import HEADER, OutputRow, headline

# Heizer & Render, Operations Management, project management chapter: Milwaukee Paper
# Manufacturing's air pollution control project, durations in weeks.
MILWAUKEE_PAPER = {
    name: (duration, predecessors)
    for name, (duration, predecessors) in published_example(
        "scheduling", "critical_path"
    )["inputs"]["activities"].items()
}
CRITICAL = "background:#f8d0bd;font-weight:700"  # a critical activity's row
CRITICAL_FILL = "#f8d0bd"
SLACK_FILL = "#e9e9e9"
TIMES = {
    "earliest_start": "ES",
    "earliest_finish": "EF",
    "latest_start": "LS",
    "latest_finish": "LF",
    "slack": "Slack",
}
RELATIVE_TOLERANCE = 1e-9  # times this close are equal (sums of fractional durations)


def amount(value: float) -> str:
    """A quantity or time with thousands separators, decimals (up to two) only if it has any.

    >>> amount(1200.0), amount(10 / 3), amount(2.5)
    ('1,200', '3.33', '2.5')
    """
    return f"{round(value, 2):,.12g}"


def layered_layout(layers: dict, edges) -> tuple[dict, dict]:
    """Where to draw a network in layers (a Sugiyama-style layout, kept small).

    layers: node → layer (0, 1, …), every edge going from a lower layer to a higher one;
    edges: (from, to) pairs. An edge that spans several layers passes through a bend point in
    each layer between, which takes a slot there like a node, so the edge goes round the nodes.

    Returns (positions, routes): node → (layer, offset) and edge → its points (layer, offset)
    from end to end. The order in each layer follows the mean slot of the neighbours in the
    layer before (then after), and neighbours in a layer are swapped where that removes
    crossings; the order with the fewest crossings is kept. Offsets are at least one unit apart,
    each node as near the mean offset of its neighbours in the layer before as that allows.
    """
    rows = [[] for _ in range(max(layers.values()) + 1)]
    for node, layer in layers.items():
        rows[layer].append(node)
    before, after, chains = {}, {}, {}
    for edge in edges:
        start, end = edge
        chain = [start, *((edge, layer) for layer in range(layers[start] + 1, layers[end])), end]
        for layer, bend in enumerate(chain[1:-1], start=layers[start] + 1):
            rows[layer].append(bend)
        for upper, lower in pairwise(chain):
            after.setdefault(upper, []).append(lower)
            before.setdefault(lower, []).append(upper)
        chains[edge] = chain
    slot = {node: index for row in rows for index, node in enumerate(row)}
    layer_of = {node: layer for layer, row in enumerate(rows) for node in row}
    links = [(upper, lower) for upper, lowers in after.items() for lower in lowers]

    def order(row: list, neighbours: dict) -> None:
        row.sort(
            key=lambda node: (
                fmean(slot[n] for n in neighbours[node]) if node in neighbours else slot[node]
            )
        )
        slot.update((node, index) for index, node in enumerate(row))

    def crossings() -> int:
        return sum(
            (slot[a] - slot[c]) * (slot[b] - slot[d]) < 0
            for i, (a, b) in enumerate(links)
            for c, d in links[i + 1 :]
            if layer_of[a] == layer_of[c]
        )

    def swap(row: list, i: int) -> None:
        row[i], row[i + 1] = row[i + 1], row[i]
        slot[row[i]], slot[row[i + 1]] = i, i + 1

    best = [crossings(), [list(row) for row in rows]]

    def transpose() -> None:
        """Swap neighbours in a layer while that removes crossings, or keeps as many in an
        order not seen yet (two swaps may be needed to undo a tie of the sweeps)."""
        count, seen = crossings(), {tuple(map(tuple, rows))}
        for _ in range(len(slot)):
            moved = False
            for row in rows:
                for i in range(len(row) - 1):
                    swap(row, i)
                    now, state = crossings(), tuple(map(tuple, rows))
                    if now < count or (now == count and state not in seen):
                        count, moved = now, True
                        seen.add(state)
                        if now < best[0]:
                            best[:] = [now, [list(row) for row in rows]]
                    else:
                        swap(row, i)
            if not moved or not count:
                return

    for _ in range(3):  # sweeps down and up; the order with the fewest crossings is kept
        for row in rows[1:]:
            order(row, before)
        for row in reversed(rows[:-1]):
            order(row, after)
        if crossings() < best[0]:
            best[:] = [crossings(), [list(row) for row in rows]]
        transpose()
    rows = best[1]
    offset = {}
    for layer, row in enumerate(rows):
        wanted = [
            fmean(offset[n] for n in before[node])
            if layer and node in before
            else index - (len(row) - 1) / 2
            for index, node in enumerate(row)
        ]
        placed = []
        for target in wanted:  # one unit apart at least, in order
            placed.append(target if not placed else max(target, placed[-1] + 1))
        shift = fmean(target - at for target, at in zip(wanted, placed, strict=True))
        offset.update((node, at + shift) for node, at in zip(row, placed, strict=True))
    positions = {node: (layer, offset[node]) for node, layer in layers.items()}
    routes = {
        edge: [(layers[chain[0]] + k, offset[node]) for k, node in enumerate(chain)]
        for edge, chain in chains.items()
    }
    return positions, routes


class CriticalPathView(Calculator):
    """The critical path method on an activity-on-node network: the network drawn in layers
    (each activity after its predecessors) with the critical activities in red, a table of
    earliest and latest start and finish and slack, and a Gantt chart of the earliest
    schedule with each activity's slack after it. Durations are editable (`activities`:
    name → duration box); predecessors are fixed.

    activities: name → (duration, predecessors), as for `calc.scheduling.critical_path`;
    unit: the time unit of the durations, for the labels. Default: Heizer & Render's Milwaukee
    Paper Manufacturing project, in weeks.

    >>> view = CriticalPathView()
    >>> view.result.duration, view.result.path
    (15.0, ['A', 'C', 'E', 'G', 'H'])
    >>> view.activities["D"].value = 6
    >>> view.result.duration, view.result.path
    (16.0, ['B', 'D', 'G', 'H'])
    """

    def __init__(self, activities=None, *, unit: str = "weeks"):
        activities = MILWAUKEE_PAPER if activities is None else activities
        critical_path(activities)  # InputError for a malformed network, before any widget
        self.unit = unit
        self.predecessors = {name: list(before) for name, (_, before) in activities.items()}
        names = list(self.predecessors)
        boxes = {
            name: widgets.FloatText(value=duration, step=1, layout=widgets.Layout(width="5.5em"))
            for name, (duration, _) in activities.items()
        }
        self.columns = {field: OutputRow(len(names)) for field in TIMES}
        self.network = _NetworkChart(self.predecessors)
        chart = Chart(height=max(2.6, 0.34 * len(names) + 1.2))
        axes = chart.axes
        rows = range(len(names) - 1, -1, -1)  # the first activity at the top
        self._bars = axes.barh(rows, [0] * len(names), height=0.6, color=BLUE)
        self._slack_bars = axes.barh(
            rows,
            [0] * len(names),
            height=0.6,
            color=SLACK_FILL,
            edgecolor=GREY,
            hatch="///",
            lw=0.6,
        )
        self._finish = axes.axvline(0, color=BLACK, ls=":", lw=1.2)
        axes.set_yticks(list(rows), [str(name) for name in names])
        axes.set_ylim(-0.7, len(names) + 0.4)  # a free row at the top for the headline
        axes.set_xlabel(f"Time [{unit}]")
        axes.set_title("Earliest schedule and slack", y=1.0)  # placed once: nothing above
        axes.grid(False, axis="y")
        axes.legend(
            handles=[
                Patch(color=RED, label="Critical"),
                Patch(color=BLUE, label="Not critical"),
                Patch(facecolor=SLACK_FILL, edgecolor=GREY, hatch="///", label="Slack"),
            ],
            loc="lower left",
            fontsize="small",
        )
        self._headline = headline(chart)
        super().__init__(
            {"activities": boxes},
            inputs=[self._table(names, boxes)],
            chart=chart,
            wide=[self.network.chart.image],
            note=f"Forward pass: ES = the largest EF of the predecessors (0 for none), EF = ES "
            f"+ duration. Backward pass: LF = the smallest LS of the successors (the "
            f"project duration for none), LS = LF − duration. Slack = LS − ES; the "
            f"critical activities have none. Durations in {html.escape(unit)}.",
        )

    def _table(self, names: list, boxes: dict) -> widgets.GridBox:
        """Activity, predecessors, duration (editable) and the computed times, one row each."""
        heads = ["Activity", "Predecessors", "Duration", *TIMES.values()]
        cells = [widgets.HTML(f"<div style='{HEADER}'>{head}</div>") for head in heads]
        for index, name in enumerate(names):
            before = ", ".join(str(p) for p in self.predecessors[name]) or "–"
            cells += [
                widgets.HTML(f"<b>{html.escape(str(name))}</b>"),
                widgets.HTML(html.escape(before)),
                boxes[name],
            ]
            cells += [column.cells[index] for column in self.columns.values()]
        return widgets.GridBox(
            cells,
            layout=widgets.Layout(
                grid_template_columns=f"4.5em 7.5em 6em repeat({len(TIMES)}, 5em)",
                grid_auto_rows="32px",
                grid_gap="0 4px",
                align_items="center",
                margin="4px 0",
            ),
        )

    def _compute(self):
        return critical_path(
            {name: (box.value, self.predecessors[name]) for name, box in self.activities.items()}
        )

    def _refresh(self) -> None:
        super()._refresh()
        valid = self.result is not None
        self.network.chart.image.layout.visibility = "visible" if valid else "hidden"
        if not valid:
            for column in self.columns.values():
                column.clear()

    def _show(self, result) -> str:
        names = list(self.activities)
        critical = [result.slack[name] == 0 for name in names]
        for field, column in self.columns.items():
            times = getattr(result, field)
            column.fill(
                [amount(times[name]) for name in names],
                [CRITICAL if flag else "" for flag in critical],
            )
        durations = [self.activities[name].value for name in names]
        for bar, slack_bar, name, duration, flag in zip(
            self._bars, self._slack_bars, names, durations, critical, strict=True
        ):
            bar.set_x(result.earliest_start[name])
            bar.set_width(duration)
            bar.set_color(RED if flag else BLUE)
            slack_bar.set_x(result.earliest_finish[name])
            slack_bar.set_width(result.slack[name])
        self._finish.set_xdata([result.duration, result.duration])
        self.chart.axes.set_xlim(0, max(result.duration, 1) * 1.12)
        path = " → ".join(str(name) for name in result.path)
        self._headline.set_text(f"{amount(result.duration)} {self.unit}: {path}")
        self.network.show(durations, result)
        return _figures(result, self.unit)


def _figures(result, unit: str) -> str:
    """Project duration, critical path and where the slack is."""
    on_path = set(result.path)
    also = [str(name) for name, slack in result.slack.items() if slack == 0 and name not in on_path]
    loose = max(result.slack, key=result.slack.get)
    rows = [
        ("Project duration", f"{amount(result.duration)} {html.escape(unit)}"),
        ("Critical path", html.escape(" → ".join(str(name) for name in result.path))),
    ]
    if also:
        rows.append(("Also critical (another path)", html.escape(", ".join(also))))
    if result.slack[loose] > 0:
        rows.append(
            (
                "Most slack",
                f"{html.escape(str(loose))}: {amount(result.slack[loose])} {html.escape(unit)}",
            )
        )
    return figures_table(rows)


class _NetworkChart:
    """The activity-on-node network: layer k holds the activities whose longest chain of
    predecessors has k links. Drawn once; `show` recolours it and rewrites the durations, and
    renders only when what it shows has changed."""

    def __init__(self, predecessors: dict):
        layers = {}
        for name in _in_order(predecessors):
            layers[name] = 1 + max((layers[p] for p in predecessors[name]), default=-1)
        edges = [(before, name) for name, befores in predecessors.items() for before in befores]
        positions, routes = layered_layout(layers, edges)
        depth = max(layers.values()) + 1
        spread = [offset for _, offset in positions.values()]
        spread += [offset for route in routes.values() for _, offset in route]
        height = max(spread) - min(spread) + 1
        self.chart = Chart(
            width=min(9.0, max(5.2, 1.1 * depth + 1.2)),
            height=min(5.0, max(2.2, 0.75 * height + 0.9)),
        )
        axes = self.chart.axes
        axes.set_axis_off()
        self._between_boxes = StraightBetweenBoxes(self.chart.figure.dpi)
        self._nodes = {
            name: axes.text(
                layer,
                -offset,
                "",
                ha="center",
                va="center",
                zorder=3,
                bbox={"boxstyle": "round,pad=0.45", "facecolor": "white", "edgecolor": BLACK},
            )
            for name, (layer, offset) in positions.items()
        }
        self._edges = {}
        for edge, route in routes.items():
            start, end = (self._nodes[name] for name in edge)
            points = [(layer, -offset) for layer, offset in route]
            # Straight to the last bend point, then an arrow into the activity's box.
            line = None
            if len(points) > 2:
                (line,) = axes.plot(*zip(*points[:-1], strict=True), color=GREY, lw=1.2, zorder=1)
            arrow = FancyArrowPatch(
                points[-2],
                points[-1],
                arrowstyle="-|>",
                mutation_scale=12,
                color=GREY,
                lw=1.2,
                zorder=4,
                shrinkA=0,
                shrinkB=1,
                connectionstyle=self._between_boxes,
                patchA=start.get_bbox_patch() if len(points) == 2 else None,
                patchB=end.get_bbox_patch(),
            )
            axes.add_patch(arrow)
            self._edges[edge] = (arrow, line)
        axes.set_xlim(-0.5, depth - 0.5)
        low, high = min(spread), max(spread)
        axes.set_ylim(-high - 0.6, -low + 0.9)  # room for the title line at the top
        axes.text(
            0.0,
            1.0,
            "Network (activity on node): the critical path in red",
            transform=axes.transAxes,
            va="top",
            fontweight="bold",
        )
        self._shown = None

    def show(self, durations: list, result) -> None:
        critical = {name for name, slack in result.slack.items() if slack == 0}
        tolerance = RELATIVE_TOLERANCE * max(1.0, result.duration)
        links = {
            edge
            for edge in self._edges
            if set(edge) <= critical
            and abs(result.earliest_start[edge[1]] - result.earliest_finish[edge[0]]) <= tolerance
        }
        shown = (tuple(durations), frozenset(critical), frozenset(links))
        if shown == self._shown:
            return
        self._shown = shown
        for (name, node), duration in zip(self._nodes.items(), durations, strict=True):
            node.set_text(f"{name}\n{amount(duration)}")
            box = node.get_bbox_patch()
            box.set_facecolor(CRITICAL_FILL if name in critical else "white")
            box.set_edgecolor(RED if name in critical else BLACK)
            box.set_linewidth(2 if name in critical else 1)
        for edge, (arrow, line) in self._edges.items():
            colour, width = (RED, 2.2) if edge in links else (GREY, 1.2)
            for artist in (arrow, line):
                if artist is not None:
                    artist.set_color(colour)
                    artist.set_linewidth(width)
        self.chart.render()


class StraightBetweenBoxes:
    """The connection style of the network's arrows: a straight line from posA to posB, cut
    where it leaves the box patchA and where it enters the box patchB (rounded boxes around
    texts, on the outer edge of their outline), then shortened by shrinkA and shrinkB
    [pixels]. Matplotlib's own styles find these points by bisection on the box outline, which
    took most of the network's drawing time; here they are worked out directly.

    >>> from matplotlib.patches import FancyBboxPatch
    >>> box = FancyBboxPatch((-10, -5), 20, 10, boxstyle="round,pad=2", linewidth=0)
    >>> StraightBetweenBoxes(dpi=72)((-50, 0), (0, 0), shrinkB=1, patchB=box).vertices.tolist()
    [[-50.0, 0.0], [-13.0, 0.0]]
    """

    def __init__(self, dpi: float):
        self.pixels_per_point = dpi / 72

    def __call__(self, posA, posB, shrinkA=0.0, shrinkB=0.0, patchA=None, patchB=None):
        (x0, y0), (x1, y1) = posA, posB
        length = math.hypot(x1 - x0, y1 - y0)
        if not length:
            return Path([posA, posB])
        dx, dy = (x1 - x0) / length, (y1 - y0) / length
        start = shrinkA + (self._reach(patchA, x0, y0, dx, dy) if patchA else 0)
        end = length - shrinkB - (self._reach(patchB, x1, y1, -dx, -dy) if patchB else 0)
        end = max(end, start)  # boxes that touch: a zero-length arrow
        return Path([(x0 + start * dx, y0 + start * dy), (x0 + end * dx, y0 + end * dy)])

    def _reach(self, patch, x, y, dx, dy) -> float:
        """How far from (x, y), inside the rounded box `patch`, a ray in direction (dx, dy)
        leaves its outline [pixels]."""
        style, scale = patch.get_boxstyle(), patch.get_mutation_scale()
        pad = style.pad * scale
        radius = (style.rounding_size * scale if style.rounding_size else pad)
        outset = pad + patch.get_linewidth() * self.pixels_per_point / 2
        (left, bottom), (right, top) = patch.get_transform().transform(
            [(patch.get_x(), patch.get_y()),
             (patch.get_x() + patch.get_width(), patch.get_y() + patch.get_height())])
        left, bottom, right, top = left - outset, bottom - outset, right + outset, top + outset
        radius += outset - pad
        reach = min((right - x) / dx if dx > 0 else (left - x) / dx if dx < 0 else math.inf,
                    (top - y) / dy if dy > 0 else (bottom - y) / dy if dy < 0 else math.inf)
        # Past the straight part of a side, the ray leaves through a rounded corner.
        corner_x = min(max(x + reach * dx, left + radius), right - radius)
        corner_y = min(max(y + reach * dy, bottom + radius), top - radius)
        if corner_x == x + reach * dx or corner_y == y + reach * dy:
            return reach
        along = (corner_x - x) * dx + (corner_y - y) * dy
        across = (corner_x - x) ** 2 + (corner_y - y) ** 2 - radius**2
        return along + math.sqrt(max(along**2 - across, 0))


def _in_order(predecessors: dict) -> list:
    """The activities, each after its predecessors (the network is known to have no cycle)."""
    placed = []
    while len(placed) < len(predecessors):
        placed += [
            name
            for name, before in predecessors.items()
            if name not in placed and all(p in placed for p in before)
        ]
    return placed
