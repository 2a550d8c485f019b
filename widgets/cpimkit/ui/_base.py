"""The base every calculator shares: labelled controls, one `_recompute`, errors shown in place.

A calculator names its controls after the `cpimkit.calc` parameters, computes in `_compute`
(returning the result or raising `InputError`) and shows the result in `_show` (updating its
chart's artists and returning the figures as HTML). Invalid input sets `.result` to None and puts
the error, naming the field, in `.message`; nothing else is caught.

>>> box = number_box("Order cost S [$/order]", 8)
>>> box.value
8.0
>>> parse_numbers("actuals", "110, 95, 120")
[110.0, 95.0, 120.0]
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable, Mapping, Sequence

import ipywidgets as widgets

from cpimkit.calc import InputError
from cpimkit.ui._chart import Chart

LABEL_STYLE = {"description_width": "16em"}
CONTROL_WIDTH = "28em"  # a labelled number box: 16em of label, 12em of field
SLIDER_WIDTH = "34em"  # a slider keeps a 72-pixel readout: this leaves a usable track
TEXT_WIDTH = "30em"  # the widest a note or message in the input column grows
ERROR_COLOUR = "#b00020"
# Widget HTML inherits a 28-pixel line height (a control's height): text reads better tighter.
LINE_HEIGHT = "1.45"


def number_box(
    description: str,
    value: float,
    *,
    minimum: float = 0,
    maximum: float = 1e12,
    step: float = 1,
    integer: bool = False,
) -> widgets.Widget:
    """A labelled BoundedFloatText (or BoundedIntText) for amounts, money and counts."""
    kind = widgets.BoundedIntText if integer else widgets.BoundedFloatText
    return kind(
        value=value,
        min=minimum,
        max=maximum,
        step=step,
        description=description,
        style=LABEL_STYLE,
        layout=widgets.Layout(width=CONTROL_WIDTH),
    )


def share_slider(
    description: str,
    value: float,
    *,
    minimum: float = 0,
    maximum: float = 1,
    step: float = 0.01,
    readout: str = ".0%",
) -> widgets.FloatSlider:
    """A labelled FloatSlider for a share or rate, recomputed when released."""
    return widgets.FloatSlider(
        value=value,
        min=minimum,
        max=maximum,
        step=step,
        readout_format=readout,
        continuous_update=False,
        description=description,
        style=LABEL_STYLE,
        layout=widgets.Layout(width=SLIDER_WIDTH),
    )


def toggle_buttons(
    description: str, options, value, *, button_width: str = "8em"
) -> widgets.ToggleButtons:
    """Labelled ToggleButtons in line with the other controls. (A plain ToggleButtons is laid
    out as a block: its label sits alone, left-aligned, above the buttons.)"""
    buttons = widgets.ToggleButtons(
        options=options,
        value=value,
        description=description,
        style={**LABEL_STYLE, "button_width": button_width},
    )
    buttons.add_class("widget-inline-hbox")  # the row layout every labelled control has
    return buttons


def show(widget: widgets.Widget, shown: bool) -> None:
    """Show or hide `widget` (hidden widgets take no space)."""
    widget.layout.display = None if shown else "none"


def compact(content: str) -> str:
    """`content` (HTML) at a reading line height instead of the widgets' 28-pixel one, with
    no line break between a number and its percent sign.

    >>> compact("<b>Q*</b> at 95 %")
    "<div style='line-height:1.45'><b>Q*</b> at 95&nbsp;%</div>"
    """
    if not content:
        return ""
    content = re.sub(r"(\d) %", r"\1&nbsp;%", content)
    return f"<div style='line-height:{LINE_HEIGHT}'>{content}</div>"


def number(value: float, digits: int = 2) -> str:
    """`value` with thousands separators and `digits` decimals; a dash for NaN or infinity."""
    return f"{value:,.{digits}f}" if math.isfinite(value) else "–"


def figures_table(rows: Iterable[tuple[str, str]]) -> str:
    """A two-column HTML table: label, value (values are trusted HTML, labels are escaped)."""
    body = "".join(
        f"<tr><td style='padding:2px 12px 2px 0'>{html.escape(label)}</td>"
        f"<td style='text-align:right;font-weight:600'>{value}</td></tr>"
        for label, value in rows
    )
    return f"<table style='border-collapse:collapse'>{body}</table>"


def html_table(header: Sequence[str], rows: Iterable[Sequence[str]],
               align: Sequence[str] = ()) -> str:
    """An HTML table under a header row (header cells are escaped, body cells are trusted HTML);
    `align` is each column's text-align in order ("left" for a column it does not reach)."""
    styles = [f"padding:2px 14px 2px 0;text-align:{side}"
              for side in [*align, *["left"] * (len(header) - len(align))]]
    head = "".join(f"<th style='{style}'>{html.escape(title)}</th>"
                   for style, title in zip(styles, header, strict=True))
    body = "".join("<tr>" + "".join(f"<td style='{style}'>{value}</td>"
                                    for style, value in zip(styles, row, strict=True)) + "</tr>"
                   for row in rows)
    return f"<table style='border-collapse:collapse'><tr>{head}</tr>{body}</table>"


def parse_numbers(name: str, text: str) -> list[float]:
    """Comma-separated numbers typed by the learner; `InputError` names `name` and the bad entry.

    >>> parse_numbers("weights", "1, x, 3")
    Traceback (most recent call last):
    ...
    cpimkit.calc.InputError: weights: 'x' is not a number (type numbers separated by commas)
    """
    entries = [entry.strip() for entry in text.replace(";", ",").split(",")]
    numbers = []
    for entry in entries:
        if not entry:
            continue
        try:
            numbers.append(float(entry))
        except ValueError:
            raise InputError(
                f"{name}: {entry!r} is not a number (type numbers separated by commas)"
            ) from None
    if not numbers:
        raise InputError(f"{name} must hold at least one number, got {text!r}")
    return numbers


class Calculator(widgets.VBox):
    """Inputs, error message (`message`) and figures (`summary`) in a column on the left, the
    chart (if any) on the right, or below when the notebook is narrow; `result` is the latest
    result, None while an input is invalid.

    Subclasses create their controls and chart artists, then call this ``__init__`` with
    ``controls`` (parameter name → control, or → mapping of controls), which become attributes
    and are all observed; ``inputs`` overrides the widgets laid out as inputs; ``wide`` are
    inputs laid out across the top (a long list of numbers); ``note`` states the convention
    the calculator uses.

    `_show` returns the figures as HTML, or a pair (figures, details): the details (a wide
    table) go in `details`, across the whole width under the inputs and the chart.
    """

    def __init__(
        self,
        controls: Mapping[str, object],
        *,
        inputs: Iterable[widgets.Widget] | None = None,
        chart: Chart | None = None,
        note: str = "",
        wide: Iterable[widgets.Widget] = (),
    ):
        super().__init__()
        self.result = None
        # Long messages and notes wrap in the column instead of pushing the chart below it.
        text_width = TEXT_WIDTH if chart is not None else "48em"
        self.message = widgets.HTML(layout=widgets.Layout(max_width=text_width))
        self.summary = widgets.HTML()
        self.details = widgets.HTML()
        self.chart = chart
        self._field_labels = {}
        self._updating = False
        for name, control in controls.items():
            setattr(self, name, control)
            members = control.values() if isinstance(control, Mapping) else [control]
            for member in members:
                member.observe(self._recompute, names="value")
            if getattr(control, "description", ""):
                self._field_labels[name] = control.description
        wide = list(wide)
        if inputs is None:
            inputs = [c for c in controls.values()
                      if isinstance(c, widgets.Widget) and all(c is not w for w in wide)]
        column = [*inputs, self.message, self.summary]
        if note:
            column.append(widgets.HTML(
                compact(f"<p style='font-size:90%;opacity:0.75;margin:4px 0'>{note}</p>"),
                layout=widgets.Layout(max_width=text_width),
            ))
        panel = widgets.VBox(column, layout=widgets.Layout(min_width=CONTROL_WIDTH))
        if chart is None:
            body = panel
        else:
            body = widgets.HBox(
                [panel, chart.image],
                layout=widgets.Layout(
                    flex_flow="row wrap", align_items="flex-start", grid_gap="8px 16px"
                ),
            )
        self.children = (*wide, body, self.details)
        self._recompute()

    def _compute(self):
        """The calc result for the current inputs; raises `InputError` when they are invalid."""
        raise NotImplementedError

    def _show(self, result) -> str | tuple[str, str]:
        """Update the chart's artists for `result` and return the figures as HTML, or a pair
        (figures, details) where the details are a wide table shown under everything."""
        raise NotImplementedError

    def _recompute(self, change: dict | None = None) -> None:
        if self._updating:  # a control this calculator fills in itself
            return
        self._updating = True
        try:
            self._refresh()
        finally:
            self._updating = False

    def _refresh(self) -> None:
        try:
            result = self._compute()
        except InputError as error:
            self.result = None
            self.message.value = self._explain(error)
            self.summary.value = ""
            self._set_details("")
            if self.chart is not None:  # hidden, not removed: nothing jumps
                self.chart.image.layout.visibility = "hidden"
            return
        self.result = result
        self.message.value = ""
        shown = self._show(result)
        figures, details = shown if isinstance(shown, tuple) else (shown, "")
        self.summary.value = compact(figures)
        self._set_details(details)
        if self.chart is not None:
            self.chart.render()
            self.chart.image.layout.visibility = "visible"

    def _set_details(self, details: str) -> None:
        self.details.value = compact(details)
        show(self.details, bool(details))

    def _explain(self, error: InputError) -> str:
        """The error as red text, led by the label of the field it names."""
        text = str(error)
        field = re.match(r"\w+", text)
        label = self._field_labels.get(field.group()) if field else None
        lead = f"<b>{html.escape(label)}</b>: " if label else ""
        return (
            f"<div style='color:{ERROR_COLOUR};margin:4px 0;line-height:{LINE_HEIGHT}'>"
            f"⚠ {lead}{html.escape(text)}</div>"
        )


def calculator_classes() -> dict[str, type]:
    """Every calculator exported by `cpimkit.ui`, by name (the quiz, practice exam and progress
    widget are not calculators).

    >>> "EOQCalculator" in calculator_classes(), "Quiz" in calculator_classes()
    (True, False)
    """
    import cpimkit.ui

    exported = {name: getattr(cpimkit.ui, name) for name in cpimkit.ui.__all__}
    return {name: kind for name, kind in exported.items()
            if isinstance(kind, type) and issubclass(kind, Calculator)}
