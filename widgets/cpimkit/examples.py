"""The published worked examples of `widgets/cpimkit/data/examples/<calc module>.json`, kept once
and read by the tests, the calculators' defaults and the notebooks; `calc_modules` and
`calc_functions` list the calc modules with such a file and the public functions of each.

>>> example = published_example("scheduling", "critical_path")
>>> example["expected"]["duration"]
15.0
"""

from __future__ import annotations

import copy
import importlib
import inspect
import json
from functools import cache
from importlib.resources import files

_FOLDER = files("cpimkit") / "data" / "examples"


def calc_modules() -> list[str]:
    """The calc modules that have a file of examples, sorted."""
    names = (path.name for path in _FOLDER.iterdir())
    return sorted(name.removesuffix(".json") for name in names if name.endswith(".json"))


def calc_functions(module: str) -> list[str]:
    """The public functions of `cpimkit.calc.<module>`, in the order they are written.

    >>> calc_functions("lean")[:2]
    ['takt_time', 'minimum_stations']
    """
    imported = importlib.import_module(f"cpimkit.calc.{module}")
    return [name for name, value in vars(imported).items()
            if inspect.isfunction(value) and value.__module__ == imported.__name__
            and not name.startswith("_")]


@cache
def _read(module: str) -> tuple[dict, ...]:
    return tuple(json.loads((_FOLDER / f"{module}.json").read_text(encoding="utf-8")))


def published_examples(module: str) -> list[dict]:
    """Every example entry of `cpimkit.calc.<module>` (function, source, inputs, expected)."""
    return copy.deepcopy(list(_read(module)))


def published_example(module: str, function: str, **where) -> dict:
    """The first example of `function` whose inputs include every `where` item."""
    return next(
        entry
        for entry in published_examples(module)
        if entry["function"] == function
        and all(entry["inputs"].get(key) == value for key, value in where.items())
    )
