"""Control chart of typed samples and capability view: published values, redraws, bad input."""

import numpy as np
import pytest

from cpimkit.ui.quality_charts import FILL_WEIGHTS, CapabilityView, ControlChart


def test_xbar_r_chart_gives_the_course_limits(redraws, rejects):
    calc = ControlChart()  # X̿ 50, R̄ 4, n 5 → UCL 52.31
    assert calc.result.center == pytest.approx(50)
    assert calc.result.range_center == pytest.approx(4)
    assert calc.result.ucl == pytest.approx(52.308)
    assert calc.result.range_ucl == pytest.approx(8.456)
    assert calc.out_of_control == [6] and calc.range_out_of_control == []
    points, flagged, _, _ = calc._lines["main"]
    assert list(flagged.get_xdata()) == [7] and list(flagged.get_ydata()) == pytest.approx([52.6])
    lines = calc.subgroups.value.splitlines()
    lines[6] = "48.6, 52.6, 50.6, 51.1, 50.1"  # the seventh subgroup back in control
    result = redraws(calc, calc.subgroups, "\n".join(lines))
    assert calc.out_of_control == [] and len(flagged.get_xdata()) == 0
    assert result.ucl != pytest.approx(52.308)
    rejects(calc, calc.subgroups, "\n".join(lines[:2] + ["49, x, 50, 51, 50"]), "line 3")
    rejects(calc, calc.subgroups, "\n".join(lines[:3] + ["49, 50, 51, 50"]), "line 4")
    rejects(calc, calc.subgroups, "", "subgroups")


def test_parse_errors_name_the_line_and_the_field():
    calc = ControlChart()
    calc.subgroups.value = "49, 50\n\n50, 51\n51; 5o"
    assert calc.result is None
    assert "Subgroups [one per line]" in calc.message.value
    assert "line 4" in calc.message.value and "5o" in calc.message.value
    assert "Traceback" not in calc.message.value


def test_p_chart_flags_the_arco_sample(redraws, rejects):
    # Heizer & Render, Operations Management: ARCO data entry, p̄ 0.04, UCL 0.10 (book, rounded).
    calc = ControlChart(chart="p")
    assert calc.result.center == pytest.approx(0.04)
    assert calc.result.ucl == pytest.approx(0.098788, abs=1e-6)
    assert calc.result.lcl == 0
    assert calc.out_of_control == [16]
    assert not calc._range_axes.get_visible()
    assert calc.subgroups.layout.display == "none" and calc.defectives.layout.display is None
    assert redraws(calc, calc.sample_size, 200).center == pytest.approx(0.02)
    calc.sample_size.value = 100
    redraws(calc, calc.defectives, calc.defectives.value.replace("11", "9"))
    assert calc.out_of_control == []
    rejects(calc, calc.defectives, "6, 5, 300", "sample 3")
    rejects(calc, calc.defectives, "6, five", "defectives")
    rejects(calc, calc.sample_size, 0, "sample_size")
    calc.chart_type.value = "xbar_r"
    assert calc._range_axes.get_visible() and calc.result.ucl == pytest.approx(52.308)


def test_points_are_updated_in_place():
    calc = ControlChart(subgroups=np.array(FILL_WEIGHTS)[:, :3])
    axes = calc.chart.figure.axes
    before = [(len(a.lines), len(a.texts)) for a in axes]
    calc.chart_type.value = "p"
    calc.chart_type.value = "xbar_r"
    assert [(len(a.lines), len(a.texts)) for a in axes] == before
    points = calc._lines["main"][0]
    assert len(points.get_xdata()) == 10


def test_capability_view(redraws, rejects):
    calc = CapabilityView()  # our own bag weights: capable in spread, not in centring
    assert calc.result.cp == pytest.approx(4 / 3)
    assert calc.result.cpk == pytest.approx(8 / 9)
    assert calc.result.share_outside == pytest.approx(0.003830, abs=1e-6)
    assert "not capable" in calc.summary.value
    result = redraws(calc, calc.mean, 500)
    assert result.cpk == pytest.approx(result.cp)
    assert "not capable" not in calc.summary.value
    rejects(calc, calc.std, 0, "std")
    rejects(calc, calc.lower_spec, 510, "upper_spec")


def test_capability_view_matches_montgomery():
    # Montgomery, Introduction to Statistical Quality Control: piston rings, Cp 1.68.
    calc = CapabilityView(upper_spec=74.05, lower_spec=73.95, mean=74.001, std=0.0099)
    assert calc.result.cp == pytest.approx(1.68, abs=0.005)
    assert calc.result.share_outside < 1e-6


def test_a_subgroup_of_five_fits_one_line_of_the_box():
    """The box beside its 16em label holds the longest default line in monospace (0.6em a
    character) with its padding and scrollbar (2em), instead of wrapping every subgroup."""
    calc = ControlChart()
    box_width = float(calc.subgroups.layout.width.removesuffix("em")) - 16
    longest = max(len(line) for line in calc.subgroups.value.splitlines())
    assert 0.6 * longest + 2 <= box_width
