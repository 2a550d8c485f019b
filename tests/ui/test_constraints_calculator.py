"""Product mix calculator: Goldratt's P & Q, redraws, bad input, the margin comparison."""

import pytest

from cpimkit.ui import ProductMixCalculator


def test_gives_goldratts_p_and_q_mix(redraws, rejects):
    # Goldratt, The Haystack Syndrome: B is the constraint; 100 P and 30 Q earn $300 a week.
    calc = ProductMixCalculator()
    assert calc.result.ranking == ["P", "Q"]
    assert calc.result.quantities == {"P": 100.0, "Q": 30.0}
    assert calc.result.net_profit == pytest.approx(300)
    assert "$300" in calc.summary.value
    assert "<b>B</b> is the constraint (125&nbsp;% loaded): the one chosen" in calc.verdict.value
    # Ranked by unit margin, Q first: 50 Q and 60 P, a $300 loss.
    assert "50 Q: net profit −$300 (−$600 against" in calc.summary.value
    heights = [bar.get_height() for bar in calc._mix_bars]
    assert heights == pytest.approx([1800, 2400, 1650, 1650])
    result = redraws(calc, calc.products["Q"]["price"], 150)
    assert result.ranking == ["Q", "P"] and result.quantities == {"P": 60.0, "Q": 50.0}
    calc.products["Q"]["price"].value = 100
    result = redraws(calc, calc.available_minutes, 3000)
    assert result.quantities == {"P": 100.0, "Q": 50.0}
    result = redraws(calc, calc.demand["P"], 200)
    assert result.quantities == {"P": 200.0, "Q": 0.0}


def test_a_constraint_that_is_not_the_bottleneck_is_flagged():
    calc = ProductMixCalculator()
    calc.constraint.value = "A"
    assert "not A" in calc.verdict.value
    assert calc._mix_bars[0].get_facecolor() != calc._mix_bars[1].get_facecolor()


def test_invalid_input_names_the_field_and_clears_when_fixed(rejects):
    calc = ProductMixCalculator()
    rejects(calc, calc.available_minutes, 0, "available_minutes")
    rejects(calc, calc.products["P"]["price"], -5, "price")
    rejects(calc, calc.demand["Q"], -1, "demand")
    rejects(calc, calc.products["Q"]["B"], -1, "products")
    calc.available_minutes.value = 0
    assert calc.verdict.value == ""


def test_updates_change_artists_instead_of_adding_them():
    calc = ProductMixCalculator()
    axes = calc.chart.axes
    before = (len(axes.lines), len(axes.patches), len(axes.texts))
    for minutes in (1000, 5000, 2400):
        calc.available_minutes.value = minutes
    assert (len(axes.lines), len(axes.patches), len(axes.texts)) == before
