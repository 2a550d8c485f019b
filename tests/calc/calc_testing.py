"""Hypothesis strategies and checks shared by the tests of `cpimkit.calc` (`from calc_testing
import ...`: this folder is on pytest's `pythonpath`, see pyproject.toml)."""

import pytest
from hypothesis import strategies as st

from cpimkit.calc import InputError
from cpimkit.calc.mrp import LOT_SIZES


@st.composite
def mrp_arguments(draw, periods=None, rules=LOT_SIZES):
    """Keyword arguments of a random `mrp_record` (or `drp_record`) in whole units, over
    `periods` periods (1 to 12 when None) with one of the lot-size `rules`; scheduled receipts
    are given or left to their default, firm planned orders left out."""
    n = periods or draw(st.integers(1, 12))
    rule = draw(st.sampled_from(rules))
    arguments = {
        "gross_requirements": draw(st.lists(st.integers(0, 120), min_size=n, max_size=n)),
        "on_hand": draw(st.integers(0, 200)),
        "lead_time": draw(st.integers(0, 4)),
        "safety_stock": draw(st.integers(0, 40)),
        "lot_size": rule,
    }
    if draw(st.booleans()):
        arguments["scheduled_receipts"] = draw(st.lists(st.integers(0, 80), min_size=n, max_size=n))
    if rule in ("foq", "eoq"):
        arguments["order_quantity"] = draw(st.integers(1, 150))
    if rule == "poq":
        arguments["periods_of_supply"] = draw(st.integers(1, 5))
    return arguments


def equal_length_lists(first, second, max_size=20):
    """Pairs of lists of one length (1 to `max_size`), drawn from `first` and from `second`."""
    return st.integers(1, max_size).flatmap(
        lambda n: st.tuples(
            st.lists(first, min_size=n, max_size=n), st.lists(second, min_size=n, max_size=n)
        )
    )


def input_error_test(cases):
    """A test over `cases` of (function, inputs, message): each call raises `InputError` with a
    message matching `message`. Name it in the test module, e.g.
    ``test_bad_input_raises_input_error_naming_the_parameter = input_error_test(BAD_INPUTS)``."""

    @pytest.mark.parametrize(
        ("function", "inputs", "message"),
        cases,
        ids=[f"{f.__name__}-{i}" for i, (f, _, _) in enumerate(cases)],
    )
    def test(function, inputs, message):
        with pytest.raises(InputError, match=message):
            function(**inputs)

    return test
