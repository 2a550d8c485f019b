"""Helpers for driving calculators without a browser."""

import pytest


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
