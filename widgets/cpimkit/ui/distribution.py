"""The multi-site DRP roll-up: each distribution centre's record and the central warehouse's
gross requirements, the sum of the centres' planned shipments."""

from __future__ import annotations

import html
from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np

from cpimkit.calc import InputError
from cpimkit.calc._result import Result
from cpimkit.calc._validate import same_length
from cpimkit.calc.distribution import central_requirements, drp_record
from cpimkit.calc.mrp import LOT_SIZES
from cpimkit.ui._base import LABEL_STYLE, figures_table, number, number_box, show
from cpimkit.ui._chart import BLACK, BLUE, GREEN, GREY, ORANGE, SKY, Chart
from cpimkit.ui.mrp import PROBLEM, SHORT, EditableRow
from cpimkit.ui.planning import (
    TOLERANCE,
    GridCalculator,
    OutputRow,
    PeriodGrid,
    fit_y,
    period_axis,
)

# Our own numbers: three centres whose planned shipments add up to the central warehouse's
# gross requirements 75, 30, 210, 120, 90, 150, 50, 0 (data/examples/distribution.json). North
# is the drp_record doctest (full loads of 100), South the course map's DSP notebook 3 record.
EXAMPLE_SITES = {
    "North": {"gross_requirements": [40, 40, 50, 50, 60, 60, 50, 50], "on_hand": 120,
              "lead_time": 2, "scheduled_receipts": [0, 100, 0, 0, 0, 0, 0, 0],
              "safety_stock": 30, "lot_size": "foq", "order_quantity": 100},
    "South": {"gross_requirements": [0, 40, 50, 30, 60, 20, 40, 50], "on_hand": 45,
              "lead_time": 2, "scheduled_receipts": [0, 30, 0, 0, 0, 0, 0, 0],
              "safety_stock": 10},
    "West": {"gross_requirements": [25] * 8, "on_hand": 25, "lead_time": 1,
             "lot_size": "foq", "order_quantity": 50},
}
RECORD_ROWS = {
    "projected_available": "projected available",
    "net_requirements": "net requirements",
    "planned_order_receipts": "planned receipts",
    "planned_order_releases": "planned releases",
}
SITE_COLOURS = [BLUE, ORANGE, GREEN, SKY, GREY, BLACK]
LOT_PARAMETERS = {"order_quantity": ("foq", "eoq"), "periods_of_supply": ("poq",)}


@dataclass(frozen=True, repr=False)
class DistributionRollup(Result):
    """What `DRPRollup` computes: each centre's record (`calc.mrp.MRPRecord`) and the central
    warehouse's gross requirements per period."""

    records: dict
    central_requirements: list


class DRPRollup(GridCalculator):
    """Distribution requirements planning over several centres: pick a centre to see and edit
    its record; the central warehouse's gross requirements roll up from the centres' planned
    order releases (`calc.distribution.drp_record` and `central_requirements`).

    sites: centre → keyword arguments of `drp_record` (gross_requirements, on_hand, lead_time,
    scheduled_receipts, safety_stock, lot_size, order_quantity, periods_of_supply), every
    centre over the same periods. Each centre's controls are in ``sites[centre][parameter]``.

    >>> rollup = DRPRollup()
    >>> rollup.result.central_requirements
    [75.0, 30.0, 210.0, 120.0, 90.0, 150.0, 50.0, 0.0]
    >>> rollup.sites["West"]["on_hand"].value = 75
    >>> rollup.result.central_requirements[:2]
    [25.0, 30.0]
    """

    def __init__(self, sites=None, *, site: str | None = None):
        sites = EXAMPLE_SITES if sites is None else sites
        if not sites:
            raise InputError(f"sites must name at least one distribution centre, got {sites!r}")
        self.sites = {name: _site_controls(name, arguments) for name, arguments in sites.items()}
        same_length(**{f"sites[{name!r}]": controls["gross_requirements"].value
                       for name, controls in self.sites.items()})
        names = list(self.sites)
        periods = len(self.sites[names[0]]["gross_requirements"])
        self.rows = {name: OutputRow(periods) for name in RECORD_ROWS}
        self.shipments = {name: OutputRow(periods) for name in names}
        self.rows["central_requirements"] = OutputRow(periods)
        site_rows = []
        for name, controls in self.sites.items():
            site_rows += [(f"{name}: gross requirements", controls["gross_requirements"]),
                          (f"{name}: scheduled receipts", controls["scheduled_receipts"])]
        grid = PeriodGrid(periods, [
            *site_rows,
            *((label, self.rows[name]) for name, label in RECORD_ROWS.items()),
            *((f"{name} ships (releases)", row) for name, row in self.shipments.items()),
            ("Central warehouse GR", self.rows["central_requirements"]),
        ])
        grid.relabel(self.rows["central_requirements"], "<b>Central warehouse GR</b>")
        self._panels = {name: widgets.VBox([controls[key] for key in (
            "on_hand", "lead_time", "safety_stock", "lot_size", "order_quantity",
            "periods_of_supply")]) for name, controls in self.sites.items()}
        for controls in self.sites.values():
            _show_lot_parameters(controls)
            controls["lot_size"].observe(lambda change, c=controls: _show_lot_parameters(c),
                                         names="value")
            for control in controls.values():
                control.observe(self._recompute, names="value")
        chosen = names[0] if site is None else site
        if chosen not in self.sites:
            raise InputError(f"site must be one of {', '.join(names)}; got {site!r}")
        chooser = widgets.Dropdown(options=names, value=chosen,
                                   description="Distribution centre", style=LABEL_STYLE)
        chooser.observe(self._show_site, names="value")
        chart = Chart(height=3.6)
        axes = chart.axes
        x = np.arange(1, periods + 1)
        self._shipment_bars = {
            name: axes.bar(x, np.zeros(periods), width=0.7, label=str(name),
                           color=SITE_COLOURS[i % len(SITE_COLOURS)])
            for i, name in enumerate(names)}
        axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize="small",
                    title="Shipments to")
        axes.set(title="Central warehouse gross requirements",
                 ylabel="Units to ship [units/period]")
        chart.thousands(axes.yaxis)
        period_axis(chart, periods)
        fields = [f"sites[{name!r}]: {row}" for name in names
                  for row in ("gross_requirements", "scheduled_receipts")]
        super().__init__(
            {"site": chooser}, grid=grid, period_fields=fields,
            inputs=[chooser, *self._panels.values()], chart=chart,
            note="Each centre's record nets, sizes and offsets like MRP: its gross "
                 "requirements are the shipments it expects to make, its lead time the transit "
                 "from the central warehouse. The warehouse's gross requirement in a period is "
                 "the sum of the centres' planned order releases in that period.",
        )
        self._show_site()

    def _show_site(self, change: dict | None = None) -> None:
        """Show the chosen centre's settings and editable rows, hide the others'."""
        for name, controls in self.sites.items():
            shown = name == self.site.value
            show(self._panels[name], shown)
            for key in ("gross_requirements", "scheduled_receipts"):
                self.grid.show_row(controls[key], shown)

    def _compute(self) -> DistributionRollup:
        records = {}
        for name, controls in self.sites.items():
            try:
                records[name] = drp_record(**_arguments(controls))
            except InputError as error:
                raise InputError(f"sites[{name!r}]: {error}") from None
        central = central_requirements(
            {name: record.planned_order_releases for name, record in records.items()})
        return DistributionRollup(records=records, central_requirements=central)

    def _show(self, rollup: DistributionRollup) -> str:
        chosen = self.site.value
        record = rollup.records[chosen]
        for name, label in RECORD_ROWS.items():
            values = getattr(record, name)
            needs = name == "net_requirements"
            self.rows[name].show(values, [SHORT if needs and v > TOLERANCE else ""
                                          for v in values])
            self.grid.relabel(self.rows[name], f"{html.escape(chosen)}: {label}")
        base = np.zeros(len(rollup.central_requirements))
        for name, site_record in rollup.records.items():
            releases = site_record.planned_order_releases
            self.shipments[name].show(releases)
            for bar, bottom, value in zip(self._shipment_bars[name], base, releases,
                                          strict=True):
                bar.set_y(bottom)
                bar.set_height(value)
                bar.set_edgecolor(BLACK if name == chosen and value > 0 else "none")
            base += releases
        self.rows["central_requirements"].show(rollup.central_requirements,
                                               ["font-weight:700"] * len(base))
        fit_y(self.chart.axes, rollup.central_requirements)
        return _rollup_figures(rollup)


def _site_controls(name: str, arguments) -> dict:
    """The controls of one centre, named like the `drp_record` parameters."""
    given = dict(arguments)
    unknown = [key for key in given if key not in (
        "gross_requirements", "on_hand", "lead_time", "scheduled_receipts", "safety_stock",
        "lot_size", "order_quantity", "periods_of_supply")]
    if unknown or "gross_requirements" not in given:
        raise InputError(f"sites[{name!r}] needs gross_requirements and takes only "
                         f"drp_record parameters, got {sorted(given)!r}")
    gross = list(given["gross_requirements"])
    receipts = given.get("scheduled_receipts")
    lot_size = given.get("lot_size", "lfl")
    if lot_size not in LOT_SIZES:
        raise InputError(f"sites[{name!r}] lot_size must be one of {', '.join(LOT_SIZES)}; "
                         f"got {lot_size!r}")
    return {
        "gross_requirements": EditableRow(gross),
        "scheduled_receipts": EditableRow([0] * len(gross) if receipts is None else receipts),
        "on_hand": number_box("On hand at start [units]", given.get("on_hand", 0)),
        "lead_time": number_box("Transit lead time [periods]", given.get("lead_time", 1),
                                integer=True),
        "safety_stock": number_box("Safety stock [units]", given.get("safety_stock", 0)),
        "lot_size": widgets.Dropdown(options=LOT_SIZES, value=lot_size,
                                     description="Shipment sizing", style=LABEL_STYLE),
        "order_quantity": number_box("Shipment quantity Q [units]",
                                     given.get("order_quantity") or 0),
        "periods_of_supply": number_box("Periods of supply P", given.get("periods_of_supply")
                                        or 1, minimum=1, integer=True),
    }


def _show_lot_parameters(controls: dict) -> None:
    """Show Q and P only for the sizing rules that use them."""
    for key, rules in LOT_PARAMETERS.items():
        show(controls[key], controls["lot_size"].value in rules)


def _arguments(controls: dict) -> dict:
    """The `drp_record` keyword arguments from one centre's controls (Q and P only for the
    rules that use them)."""
    arguments = {key: control.value for key, control in controls.items()
                 if key not in LOT_PARAMETERS}
    for key, rules in LOT_PARAMETERS.items():
        if arguments["lot_size"] in rules:
            arguments[key] = controls[key].value
    return arguments


def _rollup_figures(rollup: DistributionRollup) -> str:
    central = rollup.central_requirements
    peak = max(range(len(central)), key=central.__getitem__)
    rows = [
        ("Central warehouse ships in all", f"{number(sum(central), 0)} units"),
        ("Busiest period", f"period {peak + 1}: {number(central[peak], 0)} units"),
    ]
    late = {name: record.past_due for name, record in rollup.records.items()
            if record.past_due > TOLERANCE}
    warning = "".join(
        f"<p style='{PROBLEM};padding:2px 6px'>{html.escape(name)}: "
        f"{number(units, 0)} units should have left the central warehouse before period 1 "
        f"(past due): expedite or reschedule.</p>"
        for name, units in late.items())
    return figures_table(rows) + warning
