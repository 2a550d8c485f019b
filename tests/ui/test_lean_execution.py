"""Line balancer, kanban sizer and OEE waterfall: published values, redraws, bad input."""

import pytest

from cpimkit.ui.lean_execution import KanbanSizer, LineBalancer, OEEWaterfall


def test_line_balancer_gives_the_boeing_wing_balance(redraws, rejects):
    # Heizer & Render, Operations Management, layout chapter: 6 stations, efficiency 91.7 %.
    calc = LineBalancer()
    assert calc.result.stations == [["A"], ["E"], ["B"], ["H"], ["C", "D", "F"], ["G", "I"]]
    assert calc.result.efficiency == pytest.approx(66 / 72)
    assert "91.7&nbsp;%" in calc.summary.value
    result = redraws(calc, calc.rule, "most_followers")
    assert result.stations == [["A"], ["B"], ["C", "D", "F"], ["E"], ["H"], ["G", "I"]]
    result = redraws(calc, calc.cycle_time, 24)
    assert len(result.stations) == 3
    assert sum(bar.get_visible() for bar in calc._idle_bars) == 3
    rejects(calc, calc.cycle_time, 10, "cycle_time")
    rejects(calc, calc.tasks["E"], 0, "tasks")


def test_line_balancer_stacks_each_station_up_to_its_load():
    calc = LineBalancer()
    station = calc.result.stations.index(["C", "D", "F"])
    tops = [
        bar.get_y() + bar.get_height()
        for bar in calc._task_bars
        if round(bar.get_x() + 0.3) == station
    ]
    assert max(tops) == pytest.approx(12)
    calc.tasks["F"].value = 2
    idle = calc._idle_bars[calc.result.stations.index(["C", "D", "F"])]
    assert (idle.get_y(), idle.get_height()) == pytest.approx((11, 1))


def test_kanban_sizer_follows_the_published_examples(rejects):
    calc = KanbanSizer()  # Heizer & Render, Hobbs Bakery: 5 kanbans
    assert calc.result == 5
    assert "⌈D·L·(1 + α) ÷ C⌉" in calc.children[0].children[-1].value
    # Stevenson, Operations Management: 300 a day, 0.12 day, containers of 25, α 0.2.
    calc.demand_rate.value, calc.lead_time.value = 300, 0.12
    calc.container_size.value, calc.safety_factor.value = 25, 0.2
    assert calc.result == 2
    assert "1.728" in calc.summary.value
    rejects(calc, calc.container_size, 0, "container_size")
    rejects(calc, calc.lead_time, 0, "lead_time")


def test_oee_waterfall_gives_the_course_shift(redraws, rejects):
    calc = OEEWaterfall()
    assert calc.result.oee == pytest.approx(0.752083, abs=1e-6)
    assert "75.2&nbsp;%" in calc.summary.value
    heights = [bar.get_height() for bar in calc._bars]
    bottoms = [bar.get_y() for bar in calc._bars]
    assert heights == pytest.approx([480, 60, 420, 40, 380, 19, 361])
    assert bottoms == pytest.approx([0, 420, 0, 380, 0, 361, 0])
    result = redraws(calc, calc.good_count, 380)
    assert result.quality == 1 and calc._bars[5].get_height() == 0
    rejects(calc, calc.good_count, 400, "good_count")
    rejects(calc, calc.downtime, 480, "downtime")
    rejects(calc, calc.total_count, 500, "total_count")


def test_oee_waterfall_matches_the_vorne_example():
    # Vorne Industries, oee.com: availability 88.81 %, performance 86.11 %, quality 97.80 %.
    calc = OEEWaterfall(
        planned_time=420,
        downtime=47,
        ideal_cycle_time=1 / 60,
        total_count=19_271,
        good_count=18_848,
    )
    assert calc.result.oee == pytest.approx(0.7479, abs=1e-4)


def test_updates_change_artists_instead_of_adding_them():
    for calc, control, values in [
        (LineBalancer(), "cycle_time", [15, 30, 12]),
        (OEEWaterfall(), "downtime", [0, 100, 60]),
    ]:
        axes = calc.chart.axes
        before = (len(axes.lines), len(axes.patches), len(axes.texts))
        for value in values:
            getattr(calc, control).value = value
            assert calc.result is not None
        assert (len(axes.lines), len(axes.patches), len(axes.texts)) == before
