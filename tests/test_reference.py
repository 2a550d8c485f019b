"""docs/calc-reference.md is what docs/build_reference.py writes from the code today."""

import build_reference


def test_calc_reference_is_current():
    written = build_reference.PAGE.read_text(encoding="utf-8")
    assert written == build_reference.reference(), (
        "docs/calc-reference.md is stale: run `make reference` and commit it")


def test_reference_lists_every_function_with_its_result_fields():
    page = build_reference.reference()
    assert "### `eoq(annual_demand, order_cost, holding_cost)`" in page
    assert ("- Returns `EOQResult` (quantity, orders_per_year, cycle_time, ordering_cost, "
            "holding_cost, total_cost)") in page
    assert "- Published example: Heizer & Render" in page
