"""Helpers for driving calculators without a browser."""

import ipywidgets as widgets
import pytest


def _descendants(widget):
    for child in getattr(widget, "children", ()):
        yield child
        yield from _descendants(child)


@pytest.fixture
def descendants():
    """Every widget below `widget`, depth first."""
    return _descendants


@pytest.fixture
def widget_ids():
    """The ids of `widget` and of every widget below it: equal sets mean nothing was rebuilt."""
    return lambda widget: {id(widget)} | {id(child) for child in _descendants(widget)}


@pytest.fixture
def notes():
    """The text of every HTML widget in `calc`, joined by spaces."""
    return lambda calc: " ".join(
        child.value for child in _descendants(calc) if isinstance(child, widgets.HTML)
    )


@pytest.fixture
def visible():
    """Whether `widget` is laid out (its display is not "none")."""
    return lambda widget: widget.layout.display != "none"


@pytest.fixture
def count_recomputes():
    """Wrap `calc._compute` so every call is recorded; return the list of calls."""

    def wrap(calc) -> list:
        calls, compute = [], calc._compute
        calc._compute = lambda: calls.append(1) or compute()
        return calls

    return wrap


@pytest.fixture
def artist_counts():
    """Lines, patches and texts on each axes of `calc`'s chart: equal lists mean no redraw
    from scratch."""
    return lambda calc: [
        (len(a.lines), len(a.patches), len(a.texts)) for a in calc.chart.figure.axes
    ]


@pytest.fixture
def rejects():
    """Set `control` to `bad`: the result must go to None, the message must name `field`, the
    figures and details must empty and the chart must hide; restoring the old value must clear
    the message and bring the result back."""

    def check(calc, control, bad, field: str) -> None:
        good, before = control.value, repr(calc.result)
        control.value = bad
        assert calc.result is None
        assert field in calc.message.value, calc.message.value
        assert calc.summary.value == ""
        assert calc.details.value == "" and calc.details.layout.display == "none"
        if calc.chart is not None:
            assert calc.chart.image.layout.visibility == "hidden"
        control.value = good
        assert calc.message.value == ""
        assert repr(calc.result) == before
        if calc.chart is not None:
            assert calc.chart.image.layout.visibility == "visible"

    return check


@pytest.fixture
def redraws():
    """Set `control` to `value` and assert the chart image changed; return the new result."""

    def check(calc, control, value):
        before = calc.chart.image.value
        control.value = value
        assert calc.message.value == ""
        assert calc.chart.image.value != before
        return calc.result

    return check
