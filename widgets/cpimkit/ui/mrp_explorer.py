"""Multi-level MRP: explore the explosion of a bill of material item by item, and read the
action messages that keep one item's plan valid."""

from __future__ import annotations

import html
from dataclasses import dataclass, replace

import ipywidgets as widgets
import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from cpimkit.calc import InputError
from cpimkit.calc._result import Result
from cpimkit.calc.mrp import (
    Item,
    MRPRecord,
    action_messages,
    explode,
    low_level_codes,
    mrp_record,
    pegging,
)
from cpimkit.ui._base import LABEL_STYLE, figures_table, number_box, show
from cpimkit.ui._chart import BLACK, BLUE, GREEN, GREY, ORANGE, RED, SKY, Chart
from cpimkit.ui.mrp import PROBLEM, SHORT, EditableRow, record_rows
from cpimkit.ui.planning import (
    MARKED,
    TOLERANCE,
    GridCalculator,
    OutputRow,
    PeriodGrid,
    fit_y,
    headline,
    period_axis,
)
from cpimkit.ui.project import amount, layered_layout

# Chase & Jacobs, Operations and Supply Chain Management, MRP chapter problem with a
# low-level-coded bill (data/examples/mrp.json): A = B + C, B = 3 D + F, C = 3 B + D + 4 E,
# D = E; lots of 20 (A), 40 (B) and 160 (D), the others lot for lot; 20 A due in week 10.
CHASE_JACOBS_ITEMS = {
    "A": Item(
        lead_time=2,
        on_hand=5,
        scheduled_receipts=[0, 0, 10, 0, 0, 0, 0, 0, 0, 0],
        lot_size="foq",
        order_quantity=20,
    ),
    "B": Item(
        lead_time=2,
        on_hand=10,
        scheduled_receipts=[0, 0, 0, 0, 0, 0, 20, 0, 0, 0],
        lot_size="foq",
        order_quantity=40,
    ),
    "C": Item(lead_time=1),
    "D": Item(lead_time=3, on_hand=100, lot_size="foq", order_quantity=160),
    "E": Item(lead_time=2, on_hand=100, scheduled_receipts=[0, 60, 0, 0, 0, 0, 0, 0, 0, 0]),
    "F": Item(lead_time=2, scheduled_receipts=[0, 0, 0, 0, 40, 0, 0, 0, 0, 0]),
}
CHASE_JACOBS_BOM = [
    ("A", "B", 1),
    ("A", "C", 1),
    ("B", "D", 3),
    ("B", "F", 1),
    ("C", "B", 3),
    ("C", "D", 1),
    ("C", "E", 4),
    ("D", "E", 1),
]
CHASE_JACOBS_SCHEDULE = {"A": [0, 0, 0, 0, 0, 0, 0, 0, 0, 20]}
# The lines of an MRP record as `MRPRecord.to_frame` labels them, top to bottom.
RECORD_LINES = (
    "Gross requirements",
    "Scheduled receipts",
    "Projected available",
    "Net requirements",
    "Firm planned receipts",
    "Planned order receipts",
    "Planned order releases",
)
EDITABLE = {
    "on_hand": "On hand [units]",
    "lead_time": "Lead time [periods]",
    "safety_stock": "Safety stock [units]",
}
PLANNED_FILL = "#d6eaf8"  # an item planned at an earlier step


@dataclass(frozen=True, repr=False)
class Explosion(Result):
    """What `MRPExplorer` computes: every item's record (`calc.mrp.explode`, in planning
    order), the low-level codes and each item's pegs (`calc.mrp.pegging`)."""

    records: dict
    low_level_codes: dict
    pegs: dict


class MRPExplorer(GridCalculator):
    """A bill of material exploded level by level. The tree places each item at its low-level
    code (a component used at several levels is drawn once, at the lowest), the edges carry the
    quantity per. Pick an item, or step through the items in planning order with Previous and
    Next: the tree highlights it with its parents (orange edges: where its demand comes from)
    and components (green: where its releases go), the grid shows its MRP record, a sentence
    explains the step and a table pegs its gross requirements to their sources.

    items, bom, master_schedule: as for `calc.mrp.explode` (items: name → `Item` or a mapping
    of its fields). Each item's on hand, lead time and safety stock are editable
    (``items[name]["on_hand"]``), and so is the master schedule (``master_schedule[name][t]``);
    the bill and the lot-sizing rules are fixed. Default: Chase & Jacobs' low-level-coded bill.

    >>> explorer = MRPExplorer()
    >>> explorer.item.value, explorer.result.records["B"].planned_order_releases[4:6]
    ('A', [40.0, 40.0])
    >>> explorer.next.click(); explorer.next.click()
    >>> explorer.item.value
    'B'
    >>> explorer.items["B"]["on_hand"].value = 30
    >>> explorer.result.records["B"].planned_order_releases[4:6]
    [40.0, 0.0]
    """

    def __init__(self, items=None, bom=None, master_schedule=None, *, item=None):
        if items is None:
            items = CHASE_JACOBS_ITEMS
            bom = CHASE_JACOBS_BOM if bom is None else bom
            master_schedule = CHASE_JACOBS_SCHEDULE if master_schedule is None else master_schedule
        if bom is None or master_schedule is None:
            raise InputError(
                f"bom and master_schedule are needed with items, got bom={bom!r}, "
                f"master_schedule={master_schedule!r}"
            )
        self.bom = list(bom)
        records = explode(items, self.bom, master_schedule)  # InputError before any widget
        self._plans = {
            name: value if isinstance(value, Item) else Item(**value)
            for name, value in items.items()
        }
        self.low_level_codes = low_level_codes(self._plans, self.bom)
        self.order = list(records)
        self.quantity_per = {}  # (parent, component) → units per parent, lines added up
        for parent, component, per in self.bom:
            key = (parent, component)
            self.quantity_per[key] = self.quantity_per.get(key, 0) + per
        chosen = self.order[0] if item is None else item
        if chosen not in records:
            raise InputError(f"item must be one of {', '.join(map(str, self.order))}; got {item!r}")

        self.items = {
            name: {
                "on_hand": number_box(EDITABLE["on_hand"], plan.on_hand),
                "lead_time": number_box(
                    EDITABLE["lead_time"], plan.lead_time, maximum=9999, integer=True
                ),
                "safety_stock": number_box(EDITABLE["safety_stock"], plan.safety_stock),
            }
            for name, plan in self._plans.items()
        }
        for boxes in self.items.values():
            for box in boxes.values():
                box.observe(self._recompute, names="value")
        self._panels = {
            name: widgets.VBox([widgets.HTML(_lot_rule(name, plan)), *boxes.values()])
            for (name, boxes), plan in zip(self.items.items(), self._plans.values(), strict=True)
        }
        schedule = {name: EditableRow(quantities) for name, quantities in master_schedule.items()}
        chooser = widgets.Dropdown(
            options=[
                (f"{name} (low-level code {self.low_level_codes[name]})", name)
                for name in self.order
            ],
            value=chosen,
            description="Item",
            style=LABEL_STYLE,
            layout=widgets.Layout(width="30em"),
        )
        self.previous = widgets.Button(
            description="Previous", icon="arrow-left", layout=widgets.Layout(width="7.5em")
        )
        self.next = widgets.Button(
            description="Next", icon="arrow-right", layout=widgets.Layout(width="7.5em")
        )
        self.previous.on_click(lambda button: self._step(-1))
        self.next.on_click(lambda button: self._step(+1))
        self.step = widgets.HTML(layout=widgets.Layout(max_width="30em"))

        periods = len(records[self.order[0]].gross_requirements)
        self.rows = {line: OutputRow(periods) for line in RECORD_LINES}
        grid = PeriodGrid(
            periods,
            [
                *(
                    (_demand_label(name, self._parents(name)), row)
                    for name, row in schedule.items()
                ),
                *((line, row) for line, row in self.rows.items()),
            ],
        )
        self.tree = _BillTree(self.low_level_codes, self.quantity_per)
        chooser.observe(self._select, names="value")  # before the recompute the base adds
        self.item = chooser
        self._select()
        super().__init__(
            {"master_schedule": schedule, "item": chooser},
            grid=grid,
            period_fields=[f"master_schedule[{name!r}]" for name in schedule],
            inputs=[
                chooser,
                widgets.HBox([self.previous, self.next]),
                self.step,
                *self._panels.values(),
            ],
            chart=self.tree.chart,
            note="Items are planned in order of low-level code, each once, after all its "
            "parents. A component's gross requirement = Σ over its parents of the "
            "parent's planned order release × quantity per (plus any independent demand "
            "in the master schedule); a release due before period 1 is needed at once, "
            "in period 1. Netting keeps the projected available at or above safety stock.",
        )

    def _parents(self, name) -> list:
        return [parent for parent, component in self.quantity_per if component == name]

    def _step(self, direction: int) -> None:
        """Show the item before or after the current one in planning order."""
        index = self.order.index(self.item.value) + direction
        if 0 <= index < len(self.order):
            self.item.value = self.order[index]

    def _select(self, change: dict | None = None) -> None:
        """Highlight the chosen item in the tree and show its settings."""
        name = self.item.value
        index = self.order.index(name)
        self.previous.disabled = index == 0
        self.next.disabled = index == len(self.order) - 1
        for item, panel in self._panels.items():
            show(panel, item == name)
        self.tree.highlight(name, self.order)

    def _compute(self) -> Explosion:
        items = {
            name: replace(plan, **{field: box.value for field, box in self.items[name].items()})
            for name, plan in self._plans.items()
        }
        schedule = {name: row.value for name, row in self.master_schedule.items()}
        return Explosion(
            records=explode(items, self.bom, schedule),
            low_level_codes=self.low_level_codes,
            pegs=pegging(items, self.bom, schedule),
        )

    def _refresh(self) -> None:
        super()._refresh()
        if self.result is None:
            self.step.value = ""

    def _show(self, explosion: Explosion) -> str:
        name = self.item.value
        record = explosion.records[name]
        frame = record.to_frame()
        for line, row in self.rows.items():
            self.grid.show_row(row, line in frame.index)
            if line not in frame.index:
                continue
            values = frame.loc[line].tolist()
            row.show(values, [_style(line, value, record.safety_stock) for value in values])
            label = f"{html.escape(str(name))}: {line[0].lower()}{line[1:]}"
            if line == "Planned order releases" and record.past_due > TOLERANCE:
                label = (
                    f"<span style='{PROBLEM}'>{label} (past due {amount(record.past_due)})</span>"
                )
            self.grid.relabel(row, label)
        self.step.value = self._explain_step(name, explosion)
        warning = ""
        if record.past_due > TOLERANCE:
            warning = (
                f"<p style='{PROBLEM};padding:2px 6px'>Past due: "
                f"{amount(record.past_due)} units of {html.escape(str(name))} should "
                f"have been released before period 1: the plan is already late.</p>"
            )
        return self._pegging_table(name, explosion.pegs[name]) + warning

    def _explain_step(self, name, explosion: Explosion) -> str:
        """The step in sentences: where the gross requirements come from, what netting plans,
        and where the releases go."""
        record = explosion.records[name]
        label = html.escape(str(name))
        parents = self._parents(name)
        sources = [
            f"{html.escape(str(p))}'s planned releases × {amount(self.quantity_per[p, name])}"
            for p in parents
        ]
        if any(peg.parent is None for peg in explosion.pegs[name]):
            sources.insert(
                0, "its master schedule" if not parents else "its own independent demand"
            )
        needs = _by_period(record.gross_requirements)
        demand = (
            f"{label}'s gross requirements are {' + '.join(sources)}: {needs}."
            if sources and needs != "none"
            else f"{label} has no gross requirements within the horizon."
        )
        position = self.order.index(name)
        lead = (
            f"<b>Step {position + 1} of {len(self.order)}</b>: {label}, low-level code "
            f"{explosion.low_level_codes[name]}"
        )
        lead += (
            f", planned after its parents {html.escape(', '.join(map(str, parents)))}. "
            if parents
            else ", an end item. "
        )
        stock = [f"{amount(record.on_hand)} on hand"]
        due = _by_period(record.scheduled_receipts)
        if due != "none":
            stock.append(f"open orders of {due}")
        releases = _by_period(record.planned_order_releases)
        plan = (
            f"Netted against {' and '.join(stock)} and sized "
            f"{_lot_rule(name, self._plans[name], short=True)}, it plans "
            + (f"releases of {releases}" if releases != "none" else "no release")
            + (f" and {amount(record.past_due)} past due" if record.past_due > TOLERANCE else "")
            + "."
        )
        components = [
            f"{html.escape(str(c))} (× {amount(per)})"
            for (p, c), per in self.quantity_per.items()
            if p == name
        ]
        feeds = (
            f" These releases × quantity per become the gross requirements of "
            f"{' and '.join(components)}."
            if components
            else " It has no components: the explosion stops here."
        )
        return f"<p style='line-height:1.45;margin:4px 0'>{lead}{demand} {plan}{feeds}</p>"

    def _pegging_table(self, name, pegs: list) -> str:
        """Where each gross requirement of `name` comes from (single-level pegging)."""
        title = f"<b>Pegging: where {html.escape(str(name))}'s demand comes from</b>"
        if not pegs:
            return f"{title}<br>No gross requirements within the horizon."
        rows = []
        for peg in pegs:
            if peg.parent is None:
                source = "master schedule" if not self._parents(name) else "independent demand"
            else:
                per = self.quantity_per[peg.parent, name]
                source = (
                    f"{html.escape(str(peg.parent))}'s order of {amount(peg.quantity / per)}"
                    f" due in period {peg.parent_period + 1}, × {amount(per)}"
                )
            rows.append((f"Period {peg.period + 1}: {amount(peg.quantity)}", source))
        return title + figures_table(rows)


def _by_period(values) -> str:
    """Non-zero quantities with their periods: '60 in period 7 and 20 in period 8'."""
    parts = [f"{amount(value)} in period {t + 1}" for t, value in enumerate(values) if value]
    if not parts:
        return "none"
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _lot_rule(name, plan: Item, *, short: bool = False) -> str:
    """How an item's lots are sized, in words."""
    rule = {
        "lfl": "lot for lot",
        "foq": f"in multiples of {amount(plan.order_quantity or 0)} (fixed order quantity)",
        "poq": f"to cover {plan.periods_of_supply} periods (periodic order quantity)",
        "eoq": f"in lots of at least {amount(plan.order_quantity or 0)} (EOQ)",
    }[plan.lot_size.lower()]
    if short:
        return rule
    return f"<b>{html.escape(str(name))}</b>: lots sized {rule}"


def _demand_label(name, parents: list) -> str:
    return f"Master schedule {name}" if not parents else f"Independent demand {name}"


def _style(line: str, value: float, safety_stock: float) -> str:
    """A record cell's style: shortages to order, and anything below the floor."""
    if value < -TOLERANCE or (line == "Projected available" and value < safety_stock - TOLERANCE):
        return PROBLEM
    if line == "Net requirements" and value > TOLERANCE:
        return SHORT
    return ""


class _BillTree:
    """The bill drawn once as a tree in layers of low-level code, edges labelled with the
    quantity per; `highlight` recolours it for the item being planned."""

    def __init__(self, codes: dict, quantity_per: dict):
        positions, routes = layered_layout(codes, list(quantity_per))
        depth = max(codes.values()) + 1
        spread = [offset for route in routes.values() for _, offset in route]
        spread += [offset for _, offset in positions.values()]
        self.chart = Chart(height=min(5.4, max(3.4, 0.7 * depth + 1.4)))
        axes = self.chart.axes
        axes.grid(False)
        axes.spines[["left", "bottom"]].set_visible(False)
        axes.tick_params(left=False, bottom=False, labelbottom=False)
        self.nodes = {
            name: axes.text(
                offset,
                -layer,
                str(name),
                ha="center",
                va="center",
                zorder=3,
                fontsize=11,
                bbox={"boxstyle": "round,pad=0.45", "facecolor": "white", "edgecolor": BLACK},
            )
            for name, (layer, offset) in positions.items()
        }
        self.edges = {}
        for edge, route in routes.items():
            xs, ys = [offset for _, offset in route], [-layer for layer, _ in route]
            (line,) = axes.plot(xs, ys, color=GREY, lw=1.3, zorder=1)
            # The label halfway down the first segment, under the parent.
            text = axes.text(
                (xs[0] + xs[1]) / 2,
                (ys[0] + ys[1]) / 2,
                f"×{amount(quantity_per[edge])}",
                ha="center",
                va="center",
                fontsize=9,
                color=GREY,
                zorder=2,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5},
            )
            self.edges[edge] = (line, text)
        axes.set_yticks([-code for code in range(depth)], [str(code) for code in range(depth)])
        axes.set_ylabel("Low-level code")
        axes.set_xlim(min(spread) - 0.6, max(spread) + 0.6)
        axes.set_ylim(-depth + 0.5, 0.9)  # room above for the headline
        axes.legend(
            handles=[
                Patch(facecolor=ORANGE, edgecolor=BLACK, label="Being planned"),
                Patch(facecolor=PLANNED_FILL, edgecolor=BLACK, label="Planned already"),
                Line2D([], [], color=ORANGE, lw=2.5, label="Its demand (parents)"),
                Line2D([], [], color=GREEN, lw=2.5, label="Its releases go to"),
            ],
            loc="upper center",
            bbox_to_anchor=(0.5, 0.0),
            ncols=2,
            fontsize="small",
        )
        axes.set_title("Bill of material by low-level code")
        self._headline = headline(self.chart)

    def highlight(self, name, order: list) -> None:
        done = set(order[: order.index(name)])
        for item, node in self.nodes.items():
            fill = ORANGE if item == name else PLANNED_FILL if item in done else "white"
            node.get_bbox_patch().set_facecolor(fill)
            node.set_fontweight("bold" if item == name else "normal")
        for (parent, component), (line, text) in self.edges.items():
            colour, width = (
                (ORANGE, 2.8)
                if component == name
                else (GREEN, 2.8)
                if parent == name
                else (GREY, 1.3)
            )
            line.set_color(colour)
            line.set_linewidth(width)
            text.set_color(BLACK if colour != GREY else GREY)
            text.set_fontweight("bold" if colour != GREY else "normal")
        self._headline.set_text(f"Step {order.index(name) + 1} of {len(order)}: {name}")


# Our own numbers, the `action_messages` example with its safety stock of 10 taken off the
# stock on hand (the same plan, at a safety stock of 0): gross requirements over eight weeks,
# 30 on hand, lead time 3 weeks, open orders of 30 due in week 2 and 10 in week 6.
EXAMPLE_GROSS = (10, 10, 30, 30, 20, 20, 10, 10)
EXAMPLE_RECEIPTS = (0, 30, 0, 0, 0, 10, 0, 0)
KIND_COLOURS = {"release": GREEN, "expedite": RED, "de-expedite": SKY, "cancel": GREY}


@dataclass(frozen=True, repr=False)
class ActionReview(Result):
    """What `ActionMessageView` computes: the action messages (`calc.mrp.action_messages`),
    the record with the open orders where they are due, the open orders moved as the
    messages say and the record planned with them."""

    messages: list
    record: MRPRecord
    rescheduled_receipts: list
    replanned: MRPRecord


class ActionMessageView(GridCalculator):
    """Action messages for one item: edit the gross requirements and the open orders
    (scheduled receipts, already released) per period and see what MRP asks the planner to do:
    release an order now, expedite or de-expedite an open order to the period it is needed in,
    or cancel one that is not needed. The grid shows the plan as it stands and the open orders
    and releases once the messages are followed; the chart shows the moves.

    gross_requirements, on_hand, lead_time, scheduled_receipts, safety_stock: as for
    `calc.mrp.action_messages` (lot for lot; index 0 is period 1). Default: our own eight-week
    example with one order too early, one too late and a release due now.

    >>> view = ActionMessageView()
    >>> for message in view.result.messages:
    ...     print(message)
    release 10 in period 1, due in period 4
    de-expedite the 30 due in period 2 to period 3
    expedite the 10 due in period 6 to period 4
    >>> view.gross_requirements[3].value = 20
    >>> [message.kind for message in view.result.messages]
    ['de-expedite', 'expedite']
    """

    def __init__(
        self,
        gross_requirements=None,
        on_hand: float = 30,
        lead_time: int = 3,
        scheduled_receipts=None,
        safety_stock: float = 0,
    ):
        gross, receipts = record_rows(
            gross_requirements, scheduled_receipts, example=(EXAMPLE_GROSS, EXAMPLE_RECEIPTS)
        )
        periods = len(gross)
        if len(receipts) != periods:
            raise InputError(
                f"scheduled_receipts must have one value per period ({periods}), got {receipts!r}"
            )
        controls = {
            "gross_requirements": EditableRow(gross),
            "on_hand": number_box("On hand at start [units]", on_hand),
            "lead_time": number_box("Lead time [periods]", lead_time, maximum=9999, integer=True),
            "scheduled_receipts": EditableRow(receipts),
            "safety_stock": number_box("Safety stock [units]", safety_stock),
        }
        self.rows = {
            name: OutputRow(periods)
            for name in (
                "projected_available",
                "net_requirements",
                "planned_order_receipts",
                "planned_order_releases",
                "rescheduled_receipts",
                "replanned_releases",
            )
        }
        grid = PeriodGrid(
            periods,
            [
                ("Gross requirements", controls["gross_requirements"]),
                ("Open orders (sched. receipts)", controls["scheduled_receipts"]),
                ("Projected available", self.rows["projected_available"]),
                ("Net requirements", self.rows["net_requirements"]),
                ("Planned order receipts", self.rows["planned_order_receipts"]),
                ("Planned order releases", self.rows["planned_order_releases"]),
                ("Open orders, moved", self.rows["rescheduled_receipts"]),
                ("Releases, after the moves", self.rows["replanned_releases"]),
            ],
        )
        chart = Chart(height=3.6)
        axes = chart.axes
        x = np.arange(1, periods + 1)
        self._due_bars = axes.bar(
            x, np.zeros(periods), width=0.7, fill=False, edgecolor=GREY, ls="--", lw=1.2, zorder=3
        )
        self._needed_bars = axes.bar(x, np.zeros(periods), width=0.5, color=BLUE)
        self._new_bars = axes.bar(x, np.zeros(periods), width=0.5, color=GREEN)
        (self._balance,) = axes.plot(
            x, np.zeros(periods), "o-", color=BLACK, lw=1.6, ms=4, zorder=4
        )
        self._floor = axes.axhline(0, color=RED, ls="--", lw=1.2)
        (self._cancelled,) = axes.plot([], [], "X", color=RED, ms=10, zorder=5)
        self._moves = [
            axes.annotate(
                "",
                xy=(1, 0),
                xytext=(1, 0),
                zorder=5,
                arrowprops={"arrowstyle": "-|>", "lw": 1.8, "shrinkA": 2, "shrinkB": 2},
            )
            for _ in range(periods)
        ]  # one per open order at most, hidden while unused
        axes.legend(
            handles=[
                Patch(facecolor="white", edgecolor=GREY, ls="--", label="Open orders as due"),
                Patch(color=BLUE, label="Open orders, moved"),
                Patch(color=GREEN, label="New planned orders"),
                self._balance,
                self._floor,
                *(
                    Line2D([], [], color=KIND_COLOURS[kind], lw=1.8, marker=">")
                    for kind in ("expedite", "de-expedite")
                ),
                Line2D([], [], ls="", marker="X", color=RED, ms=8),
            ],
            labels=[
                "Open orders as due",
                "Open orders, moved",
                "New planned orders",
                "Stock after the moves",
                "Safety stock",
                "Expedite",
                "De-expedite",
                "Cancel",
            ],
            loc="upper left",
            bbox_to_anchor=(1.0, 1.0),
            fontsize="small",
        )
        axes.set(title="Open orders: when due and when needed", ylabel="Units")
        self._headline = headline(chart)
        chart.thousands(axes.yaxis)
        period_axis(chart, periods)
        super().__init__(
            controls,
            grid=grid,
            period_fields=("gross_requirements", "scheduled_receipts"),
            inputs=[controls[name] for name in ("on_hand", "lead_time", "safety_stock")],
            chart=chart,
            note="Lot for lot. An open order is needed in the first period in which the stock "
            "without it (and the later open orders) would fall below safety stock: "
            "expedite it if that is earlier than its due date, de-expedite it if later, "
            "cancel it if the stock never falls that low. With the open orders moved, "
            "every planned order whose release falls in period 1 or earlier is released "
            "now. Quantities are never changed.",
        )

    def _compute(self) -> ActionReview:
        inputs = {
            "gross_requirements": self.gross_requirements.value,
            "on_hand": self.on_hand.value,
            "lead_time": self.lead_time.value,
            "scheduled_receipts": self.scheduled_receipts.value,
            "safety_stock": self.safety_stock.value,
        }
        messages = action_messages(**inputs)
        record = mrp_record(**inputs)
        moved = list(record.scheduled_receipts)
        for message in messages:
            if message.kind != "release":
                moved[message.period] -= message.quantity
                if message.to_period is not None:
                    moved[message.to_period] += message.quantity
        replanned = mrp_record(**{**inputs, "scheduled_receipts": moved})
        return ActionReview(
            messages=messages, record=record, rescheduled_receipts=moved, replanned=replanned
        )

    def _show(self, review: ActionReview) -> str:
        record, replanned, moved = review.record, review.replanned, review.rescheduled_receipts
        floor = record.safety_stock
        self.rows["projected_available"].show(
            record.projected_available,
            [PROBLEM if value < floor - TOLERANCE else "" for value in record.projected_available],
        )
        self.rows["net_requirements"].show(
            record.net_requirements,
            [SHORT if value > TOLERANCE else "" for value in record.net_requirements],
        )
        self.rows["planned_order_receipts"].show(record.planned_order_receipts)
        self.rows["planned_order_releases"].show(record.planned_order_releases)
        self.grid.relabel(
            self.rows["planned_order_releases"],
            "Planned order releases"
            if record.past_due <= TOLERANCE
            else f"<span style='{PROBLEM}'>Planned order releases (past due "
            f"{amount(record.past_due)})</span>",
        )
        self.rows["rescheduled_receipts"].show(
            moved,
            [
                MARKED if abs(now - was) > TOLERANCE else ""
                for now, was in zip(moved, record.scheduled_receipts, strict=True)
            ],
        )
        self.rows["replanned_releases"].show(
            replanned.planned_order_releases,
            [
                MARKED if t == 0 and value > TOLERANCE else ""
                for t, value in enumerate(replanned.planned_order_releases)
            ],
        )

        for bar, due in zip(self._due_bars, record.scheduled_receipts, strict=True):
            bar.set_height(due)
            bar.set_visible(due > TOLERANCE)  # an empty outline would draw a dash at zero
        for needed, new, due, planned in zip(
            self._needed_bars, self._new_bars, moved, replanned.planned_order_receipts, strict=True
        ):
            needed.set_height(due)
            new.set_y(due)
            new.set_height(planned)
        self._balance.set_ydata(replanned.projected_available)
        self._floor.set_ydata([floor, floor])
        moves = [m for m in review.messages if m.kind in ("expedite", "de-expedite")]
        for arrow, move in zip(self._moves, moves + [None] * len(self._moves), strict=False):
            arrow.set_visible(move is not None)
            if move is not None:
                top = move.quantity
                arrow.xy = (move.to_period + 1, top)
                arrow.set_position((move.period + 1, top))
                arrow.arrow_patch.set_color(KIND_COLOURS[move.kind])
                bend = -0.35 if move.to_period > move.period else 0.35  # arcs over the bars
                arrow.arrow_patch.set_connectionstyle(f"arc3,rad={bend}")
        cancels = [m for m in review.messages if m.kind == "cancel"]
        self._cancelled.set_data([m.period + 1 for m in cancels], [m.quantity for m in cancels])
        count = len(review.messages)
        self._headline.set_text(
            f"{count} action message{'s' if count != 1 else ''}" if count else "No action needed"
        )
        supply = np.add(moved, replanned.planned_order_receipts)
        fit_y(
            self.chart.axes,
            record.scheduled_receipts,
            supply,
            replanned.projected_available,
            [floor],
            headroom=0.3,
        )
        return _message_list(review.messages, record)


def _message_list(messages: list, record: MRPRecord) -> str:
    """Each action message as a sentence, with the reason, in a coloured box by kind."""
    if not messages:
        return (
            "<p style='margin:6px 0'><b>No action needed</b>: every open order arrives in "
            "the period it is needed and no planned order has to be released now.</p>"
        )
    floor = "the safety stock" if record.safety_stock > TOLERANCE else "zero"
    lead_time = record.lead_time
    sentences = []
    for message in messages:
        units = amount(message.quantity)
        due = message.period + 1
        if message.kind == "release":
            to = message.to_period + 1
            text = (
                f"<b>Release</b> an order for {units} now: it is due in period {to}, "
                f"{lead_time} period{'s' if lead_time != 1 else ''} of lead time away."
            )
            if message.to_period < lead_time:
                text = (
                    f"<b>Release</b> an order for {units} now, due in period {to}: it is "
                    f"already late, since the lead time of {lead_time} periods brings it "
                    f"in period {lead_time + 1} at the earliest; expedite it."
                )
        elif message.kind == "cancel":
            text = (
                f"<b>Cancel</b> the open order for {units} due in period {due}: without "
                f"it the stock stays at or above {floor} through period "
                f"{len(record.gross_requirements)}."
            )
        else:
            to = message.to_period + 1
            reason = (
                "without it the stock would fall below " + floor + f" in period {to}"
                if message.kind == "expedite"
                else f"it is not needed before period {to}; early, it only adds stock"
            )
            verb = "Expedite" if message.kind == "expedite" else "De-expedite"
            text = (
                f"<b>{verb}</b> the open order for {units} from period {due} to period "
                f"{to}: {reason}."
            )
        colour = KIND_COLOURS[message.kind]
        sentences.append(
            f"<p style='border-left:4px solid {colour};padding:2px 8px;margin:4px 0'>{text}</p>"
        )
    return "<b>Action messages</b>" + "".join(sentences)
