"""The crossover plotter and the decision-tree builder (SMR)."""

import html
import math

import pytest

from cpimkit.calc import InputError
from cpimkit.calc.finance import decision_tree
from cpimkit.ui import CrossoverPlotter, DecisionTreeBuilder
from cpimkit.ui.strategy import parse_outline, tree_outline


def message(calc) -> str:
    return html.unescape(calc.message.value)


def test_crossover_default_is_the_course_map_example(redraws, rejects):
    # cpimkit course map, SMR notebook 2: $50,000 + $20/unit against $120,000 + $10/unit.
    calc = CrossoverPlotter()
    assert calc.result == [(0.0, 7000.0, "Process A"), (7000.0, math.inf, "Process B")]
    assert "7,000 units" in calc.summary.value
    assert not calc.third_process.value and calc.processes[2].fixed_cost.disabled
    assert calc.unit_price.disabled
    ranges = redraws(calc, calc.processes[1].fixed_cost, 150_000)
    assert ranges[0] == (0.0, 10_000.0, "Process A")
    rejects(calc, calc.processes[0].unit_cost, -1, "Process A&#x27;].unit_cost must be")
    rejects(calc, calc.processes[1].name, "Process A", "two processes are named")
    rejects(calc, calc.processes[1].name, " ", "every process needs a name")


def test_crossover_third_process_and_price_line(redraws):
    calc = CrossoverPlotter()
    ranges = redraws(calc, calc.third_process, True)
    assert [name for _, _, name in ranges] == ["Process A", "Process B", "Process C"]
    assert ranges[1][1] == pytest.approx(24_000)  # (240,000 − 120,000) ÷ (10 − 5)
    redraws(calc, calc.price_line, True)
    assert not calc.unit_price.disabled
    calc.unit_price.value = 25
    # Break-even F ÷ (P − V): 50,000 ÷ 5, 120,000 ÷ 15, 240,000 ÷ 20.
    for units in ("10,000 units", "8,000 units", "12,000 units"):
        assert units in calc.summary.value
    calc.unit_price.value = 15
    assert "never (P ≤ V)" in calc.summary.value  # Process A: P = V + (−5)
    calc.processes[1].name.value = "Line"
    assert [name for _, _, name in calc.result] == ["Process A", "Line", "Process C"]


def test_crossover_takes_three_processes_and_refuses_other_counts():
    # Stevenson, Operations Management, location planning chapter (locational cost-volume).
    calc = CrossoverPlotter({"Bowling Green": (100_000, 30), "Chicago": (150_000, 20),
                             "Akron": (250_000, 11)}, unit_price=50)
    assert calc.third_process.value and calc.price_line.value
    assert [name for _, _, name in calc.result] == ["Bowling Green", "Chicago", "Akron"]
    assert calc.result[1][1] == pytest.approx(11_111.11, abs=0.01)
    one_wins = CrossoverPlotter({"A": (50_000, 20), "B": (60_000, 25)})
    assert one_wins.result == [(0.0, math.inf, "A")]
    assert "Cheapest at every volume" in one_wins.summary.value
    with pytest.raises(InputError, match="2 or 3"):
        CrossoverPlotter({"A": (1, 2)})


def test_decision_tree_default_is_getz_products(redraws):
    # Heizer & Render, Operations Management, Module A: Getz Products with the market survey.
    builder = DecisionTreeBuilder()
    result = builder.result
    assert result.value == pytest.approx(49_200)
    assert result.best == "Conduct market survey"
    assert result.node_values[("Do not conduct survey",)] == pytest.approx(40_000)
    assert builder.tree == parse_outline(builder.outline.value)
    for figure in ("49,200", "40,000", "Large plant", "Small plant"):
        assert figure in builder.summary.value
    # A dearer survey ($30,000 instead of $10,000) is no longer worth it: 29,200 < 40,000.
    text = builder.outline.value
    for payoff in ("190,000", "90,000", "-30,000", "-10,000"):
        cost = float(payoff.replace(",", "")) - 20_000
        text = text.replace(f": {payoff}\n", f": {cost:,.0f}\n")
    text = text.replace(": -190,000", ": -210,000")
    result = redraws(builder, builder.outline, text)
    assert result.value == pytest.approx(40_000)
    assert result.node_values[("Conduct market survey",)] == pytest.approx(29_200)


def test_the_tree_is_drawn_afresh_at_a_size_that_fits_it(redraws):
    builder = DecisionTreeBuilder("decision\n  Go: chance\n    Up 0.6: 10\n    Down 40%: -5"
                                  "\n  Stay: 1")
    assert builder.result.value == pytest.approx(4.0)
    assert builder.tree == {"decision": {"Go": {"chance": {"Up": [0.6, 10.0],
                                                           "Down": [0.4, -5.0]}},
                                         "Stay": 1.0}}
    small = builder.chart.figure.get_size_inches()
    leaves = "\n".join(f"    Case {i} 0.05: {i}" for i in range(20))
    redraws(builder, builder.outline, f"decision\n  Go: chance\n{leaves}\n  Stay: 1")
    assert builder.chart.figure.get_size_inches()[1] > small[1]
    texts = [text.get_text() for text in builder.chart.axes.texts]
    assert "EV 9.5" in texts and "//" in texts  # Go is worth 9.5, Stay is pruned


@pytest.mark.parametrize(("outline", "line", "says"), [
    ("", "outline is empty", ""),
    ("Go: chance", "line 1", "root node"),
    ("decision", "line 1", "needs branches"),
    ("decision\n  Go: chance\n  Stay: 1", "line 2", "needs branches"),
    ("decision\n  Go 1", "line 2", "label: payoff"),
    ("decision\n  Go: maybe", "line 2", "payoff (a number)"),
    ("decision\n  Go: 1\n    Up: 2", "line 3", "indented under a payoff"),
    ("decision\n    Go: 1\n  Stay: 2", "line 3", "matches no node"),
    ("decision\n  Go: 1\n\n  # same name\n  Go: 2", "line 5", "second branch labelled 'Go'"),
    ("decision\n  Go: chance\n    Up: 10", "line 3", "ends with its probability"),
    ("decision\n  : 1", "line 2", "needs a label"),
    ("decision\n  Go: 1\nchance", "line 3", "under the root"),
])
def test_outline_errors_name_the_line(outline, line, says):
    with pytest.raises(InputError) as error:
        parse_outline(outline)
    assert line in str(error.value) and says in str(error.value)


def test_bad_outlines_give_a_message_not_a_traceback(rejects):
    builder = DecisionTreeBuilder()
    rejects(builder, builder.outline, builder.outline.value + "\n  Wait", "outline line 27")
    assert builder.tree is not None
    builder.outline.value = builder.outline.value.replace("0.45", "0.35")
    assert builder.result is None and builder.tree is None
    assert "probabilities sum to 0.9, not 1" in message(builder)
    assert builder.chart.image.layout.visibility == "hidden"


def test_outline_and_calc_tree_round_trip():
    tree = {"decision": {"Build": {"chance": {"Boom": [1 / 3, 1_234_567.5],
                                              "Bust": [2 / 3, {"decision": {"Sell": -40}}]}},
                         "Wait": 0}}
    parsed = parse_outline(tree_outline(tree))
    assert decision_tree(parsed).value == pytest.approx(decision_tree(tree).value)
    assert DecisionTreeBuilder(tree).result.value == pytest.approx(decision_tree(tree).value)
    with pytest.raises(InputError, match="tree"):
        DecisionTreeBuilder({"decision": {"Go": {"chance": {"Up": [0.5, 1]}}}})


def test_the_tree_keeps_its_size_and_goes_below_the_outline_when_there_is_no_room():
    """Shrunk beside the outline its labels were unreadable: the image is never narrower than
    the figure, unless the notebook itself is."""
    image = DecisionTreeBuilder().chart.image
    pixels = image.layout.max_width
    assert image.layout.min_width == f"min(100%, {pixels})"


def test_crossover_headings_get_the_height_they_need():
    """A heading on two lines ("Fixed cost F / [$]") sized its row to content instead of
    spilling over the row above and below."""
    calc = CrossoverPlotter()
    table = calc.children[0].children[0].children[0]
    assert table.layout.grid_template_rows == "auto"
    assert all("line-height:1.2" in cell.value for cell in table.children[:4])
