"""The pages of docs/ that docs/build_reference.py writes are what it writes from the code today."""

import pytest

import build_reference


@pytest.mark.parametrize("page", build_reference.PAGES, ids=lambda page: page.name)
def test_reference_page_is_current(page):
    assert page.read_text(encoding="utf-8") == build_reference.PAGES[page](), (
        f"docs/{page.name} is stale: run `make reference` and commit it")


def test_calc_reference_gives_signature_result_fields_and_sources():
    page = build_reference.calc_reference()
    assert "### `eoq(annual_demand, order_cost, holding_cost)`" in page
    assert ("- Returns `EOQResult` (quantity, orders_per_year, cycle_time, ordering_cost, "
            "holding_cost, total_cost)") in page
    assert "- Published example: Heizer & Render" in page


def test_calculators_page_links_the_notebooks_showing_each_calculator():
    page = build_reference.calculators()
    assert "### `EOQCalculator(annual_demand, order_cost, holding_cost)`" in page
    assert ("[bscm/04-inventory-fundamentals](../course/bscm/04-inventory-fundamentals.ipynb)"
            in page.split("### `EOQCalculator")[1].split("###")[0])
    assert "### `Quiz(" not in page  # a learner tool, not a calculator
