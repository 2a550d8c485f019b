"""The MRP grid: edit one item's requirements and receipts, watch netting and offsetting."""

from __future__ import annotations

import html

import ipywidgets as widgets

from cpimkit.calc.mrp import mrp_record
from cpimkit.ui._base import LABEL_STYLE, Calculator, number

LABEL_COLUMN = "13em"
PERIOD_COLUMN = "5em"
GAP = "4px"  # between period columns
INSET = "9px"  # an input box's border and padding: computed figures start where typed ones do
SHORT = "background:#fde2cf"  # a net requirement: the plan must order
PROBLEM = "background:#f8c9c9;color:#8b0000;font-weight:700"  # below safety stock or past due
# Shown when no gross requirements are given: eight periods with one open order in period 2.
EXAMPLE_GROSS = (0, 40, 50, 30, 60, 20, 40, 50)
EXAMPLE_RECEIPTS = (0, 30, 0, 0, 0, 0, 0, 0)


def record_rows(gross_requirements, scheduled_receipts, *, example) -> tuple[list, list]:
    """The gross requirements and scheduled receipts an MRP record starts with, as lists:
    `example` (both rows) when no gross requirements are given, zero receipts when none are.

    >>> record_rows([40, 50], None, example=((10, 10, 30), (0, 30, 0)))
    ([40, 50], [0, 0])
    >>> record_rows(None, None, example=((10, 10, 30), (0, 30, 0)))
    ([10, 10, 30], [0, 30, 0])
    """
    if gross_requirements is None:
        gross_requirements, example_receipts = example
        if scheduled_receipts is None:
            scheduled_receipts = example_receipts
    gross = list(gross_requirements)
    receipts = [0] * len(gross) if scheduled_receipts is None else list(scheduled_receipts)
    return gross, receipts


class EditableRow:
    """One editable row of the grid: an IntText per period, read and written as a list.

    >>> row = EditableRow([0, 40, 50])
    >>> row[1].value = 45
    >>> row.value
    [0, 45, 50]
    """

    def __init__(self, values):
        self.cells = tuple(
            widgets.IntText(value=round(value), layout=widgets.Layout(width=PERIOD_COLUMN))
            for value in values
        )

    def __getitem__(self, period: int) -> widgets.IntText:
        return self.cells[period]

    def __len__(self) -> int:
        return len(self.cells)

    @property
    def value(self) -> list[int]:
        return [cell.value for cell in self.cells]

    @value.setter
    def value(self, values) -> None:
        values = list(values)
        if len(values) != len(self.cells):
            raise ValueError(f"expected {len(self.cells)} values, one per period, got {values}")
        for cell, value in zip(self.cells, values, strict=True):
            cell.value = value

    def observe(self, handler, names: str) -> None:
        """Call `handler` when any cell changes."""
        for cell in self.cells:
            cell.observe(handler, names=names)


class MRPGridCalculator(Calculator):
    """One item's lot-for-lot MRP record; gross requirements and scheduled receipts are
    editable per period (index 0 is period 1), the planned orders are computed. The number of
    periods is the length of `gross_requirements` (eight in the default example).

    >>> calc = MRPGridCalculator(gross_requirements=[0, 40, 50, 30, 60, 20, 40, 50],
    ...                          on_hand=45, lead_time=2, safety_stock=10,
    ...                          scheduled_receipts=[0, 30, 0, 0, 0, 0, 0, 0])
    >>> calc.result.planned_order_releases
    [25.0, 30.0, 60.0, 20.0, 40.0, 50.0, 0.0, 0.0]
    >>> calc.gross_requirements[2].value = 60
    >>> calc.result.planned_order_releases[0]
    35.0
    """

    def __init__(self, gross_requirements=None, on_hand: int = 45, lead_time: int = 2,
                 scheduled_receipts=None, safety_stock: int = 10):
        gross, receipts = record_rows(
            gross_requirements, scheduled_receipts, example=(EXAMPLE_GROSS, EXAMPLE_RECEIPTS)
        )
        controls = {
            "on_hand": _number("On hand at start [units]", on_hand),
            "lead_time": _number("Lead time [periods]", lead_time),
            "safety_stock": _number("Safety stock [units]", safety_stock),
            "gross_requirements": EditableRow(gross),
            "scheduled_receipts": EditableRow(receipts),
        }
        n = len(gross)
        self._columns = f"{LABEL_COLUMN} repeat({n}, {PERIOD_COLUMN})"
        header = widgets.HTML(_row([_cell("<b>Period</b>", inset="0")] + [
            _cell(f"<b>{t}</b>") for t in range(1, n + 1)], self._columns))
        cells = []
        for label, name in (("Gross requirements", "gross_requirements"),
                            ("Scheduled receipts", "scheduled_receipts")):
            cells.append(widgets.Label(label))
            cells += controls[name].cells
        editable = widgets.GridBox(cells, layout=widgets.Layout(
            grid_template_columns=self._columns, grid_gap=f"2px {GAP}", width="max-content"))
        # The header and the computed rows are HTML grids with the same columns, so each
        # figure sits under its period.
        self.computed = widgets.HTML()
        # In a narrow notebook the periods scroll sideways instead of being cut off.
        grid = widgets.VBox([header, editable, self.computed],
                            layout=widgets.Layout(overflow="auto hidden"))
        super().__init__(
            controls,
            inputs=[controls["on_hand"], controls["lead_time"], controls["safety_stock"], grid],
            note="Lot for lot. Netting keeps projected available at or above safety stock: "
                 "net requirement = max(0, gross requirement + safety stock − projected "
                 "available − scheduled receipt). Each planned receipt is released one lead "
                 "time earlier.",
        )

    def _refresh(self) -> None:
        super()._refresh()
        if self.result is None:
            self.computed.value = ""

    def _compute(self):
        return mrp_record(gross_requirements=self.gross_requirements.value,
                          on_hand=self.on_hand.value, lead_time=self.lead_time.value,
                          scheduled_receipts=self.scheduled_receipts.value,
                          safety_stock=self.safety_stock.value, lot_size="lfl")

    def _show(self, record) -> str:
        floor = record.safety_stock
        rows = [
            ("Projected available", record.projected_available,
             lambda value: PROBLEM if value < floor else ""),
            ("Net requirements", record.net_requirements,
             lambda value: SHORT if value > 0 else ""),
            ("Planned order receipts", record.planned_order_receipts, lambda value: ""),
            ("Planned order releases", record.planned_order_releases, lambda value: ""),
        ]
        self.computed.value = "".join(
            _row([_cell(html.escape(label), inset="0")]
                 + [_cell(number(v, 0), style(v)) for v in values], self._columns)
            for label, values, style in rows
        )
        if record.past_due > 0:
            return (
                f"<p style='{PROBLEM};padding:2px 6px'>Past due: {number(record.past_due, 0)} "
                f"units should have been released before period 1. The plan is already "
                f"late: expedite or reschedule.</p>"
            )
        return ""


def _number(description: str, value: int) -> widgets.IntText:
    """An IntText that lets a negative entry through, so the calc can say what is wrong."""
    return widgets.IntText(value=value, description=description, style=LABEL_STYLE,
                           layout=widgets.Layout(width="22em"))


def _row(cells: list[str], columns: str) -> str:
    """One row of HTML cells on the editable grid's columns. The HTML widget has the same
    2-pixel margin as each input box, so its cells line up with the boxes."""
    return (f"<div style='display:grid;grid-template-columns:{columns};column-gap:{GAP};"
            f"margin:1px 0'>{''.join(cells)}</div>")


def _cell(content: str, style: str = "", *, inset: str = INSET) -> str:
    """A cell whose figure starts where the text in an input box starts."""
    return (f"<div style='padding:1px {inset};white-space:nowrap;overflow:hidden;"
            f"text-overflow:ellipsis;{style}'>{content}</div>")
