"""Every `cpimkit.calc` function against the published worked examples in
`widgets/cpimkit/data/examples/<module>.json` (each entry names its source).

An entry looks like::

    {"function": "eoq", "source": "Heizer & Render, Operations Management, Example 3",
     "inputs": {"annual_demand": 1000, "order_cost": 10, "holding_cost": 0.5},
     "expected": {"quantity": 200.0, "total_cost": 100.0}, "abs_tol": 0.01}

`expected` is a number for a single-figure result, or a mapping of result fields (or of the
keys of a mapping result) to numbers, strings or lists.
"""

import importlib

import pytest

from cpimkit.examples import calc_functions, calc_modules, published_examples

CALC_MODULES = calc_modules()


def load_examples():
    for module_name in CALC_MODULES:
        entries = published_examples(module_name)
        for number, entry in enumerate(entries):
            yield pytest.param(module_name, entry, id=f"{module_name}.{entry['function']}-{number}")


def assert_matches(actual, expected, tol, where):
    if isinstance(expected, dict):
        for key, value in expected.items():
            part = actual[key] if isinstance(actual, dict) else getattr(actual, key)
            assert_matches(part, value, tol, f"{where}.{key}")
    elif isinstance(expected, list):
        actual = list(actual)
        assert len(actual) == len(expected), f"{where}: expected {expected}, got {actual}"
        for i, (a, e) in enumerate(zip(actual, expected, strict=True)):
            assert_matches(a, e, tol, f"{where}[{i}]")
    elif isinstance(expected, str):
        assert actual == expected, f"{where}: expected {expected!r}, got {actual!r}"
    else:
        message = f"{where}: expected {expected}, got {actual}"
        assert actual == pytest.approx(expected, abs=tol), message


@pytest.mark.parametrize(("module_name", "entry"), list(load_examples()))
def test_published_example(module_name, entry):
    assert entry["source"].strip(), "every example names its source"
    function = getattr(importlib.import_module(f"cpimkit.calc.{module_name}"), entry["function"])
    result = function(**entry["inputs"])
    assert_matches(result, entry["expected"], entry.get("abs_tol", 1e-6), entry["function"])


@pytest.mark.parametrize("module_name", CALC_MODULES)
def test_every_public_function_has_a_published_example(module_name):
    entries = published_examples(module_name)
    covered = {entry["function"] for entry in entries}
    missing = sorted(set(calc_functions(module_name)) - covered)
    assert not missing, f"cpimkit.calc.{module_name}: no published example for {missing}"


@pytest.mark.parametrize("module_name", CALC_MODULES)
def test_every_public_function_documents_a_doctest(module_name):
    module = importlib.import_module(f"cpimkit.calc.{module_name}")
    undocumented = [
        name
        for name in calc_functions(module_name)
        if ">>>" not in (getattr(module, name).__doc__ or "")
    ]
    assert not undocumented, f"cpimkit.calc.{module_name}: no doctest in {undocumented}"
