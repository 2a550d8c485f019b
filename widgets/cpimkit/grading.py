"""Checks for graded notebook cells: failure messages that teach.

A planning grid (an MRP record, an MPS, a production plan) is graded period by period. The
message names the first wrong period, shows the inputs and, when the learner's value is exactly
what a known mistake produces, says which rule was probably missed.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping


def _shown(value: object) -> str:
    return f"{value:g}" if isinstance(value, float) else repr(value)


def check_periods(
    name: str,
    actual: object,
    expected: Iterable[float],
    *,
    inputs: str = "",
    mistakes: Mapping[str, Iterable[float]] | None = None,
    tolerance: float = 1e-6,
    position: str = "Period",
) -> None:
    """Assert that a row of per-period figures equals the expected row.

    name: what one figure of the row is, e.g. "net requirement"; actual: the learner's row (any
    sequence, period 1 first); expected: the right row; inputs: the inputs in a few words, shown
    in every message; mistakes: hint → the row a typical mistake produces; the hint shown is
    the one whose row agrees with the learner's for the most periods from period 1, at least up
    to the first wrong one; tolerance: allowed absolute error; position: what the numbered
    places are called in messages ("Operation", "Activity"), counted from 1.

    >>> check_periods("net requirement", [0, 5, 10], [0, 5, 12], inputs="GR 0, 5, 12; SS 2",
    ...               mistakes={"keep projected available at or above SS": [0, 5, 10]})
    Traceback (most recent call last):
    ...
    AssertionError: Period 3: expected net requirement 12, got 10 (GR 0, 5, 12; SS 2). Likely
    mistake: keep projected available at or above SS.
    """
    context = f" ({inputs})" if inputs else ""
    each = position.lower()
    wanted = list(expected)
    if isinstance(actual, (str, bytes, Mapping)) or not isinstance(actual, Iterable):
        raise AssertionError(f"Expected a list, one {name} per {each}, got {actual!r}{context}")
    got = list(actual)
    if len(got) != len(wanted):
        raise AssertionError(
            f"Expected {len(wanted)} figures, one {name} per {each}, got {len(got)}: {got}{context}"
        )
    for period, (have, want) in enumerate(zip(got, wanted, strict=True), start=1):
        if _close(have, want, tolerance):
            continue
        wrong = f"expected {name} {_shown(want)}, got {_shown(have)}"
        message = f"{position} {period}: {wrong}{context}."
        agreement = {
            hint: _agreeing_periods(got, row, tolerance) for hint, row in (mistakes or {}).items()
        }
        likely = max(agreement, key=agreement.get, default=None)
        if likely is not None and agreement[likely] >= period:
            message += f" Likely mistake: {likely}."
        raise AssertionError(message)


def _agreeing_periods(got: list, row: Iterable[float], tolerance: float) -> int:
    """How many periods, from period 1 on, `got` agrees with `row`."""
    count = 0
    for have, want in zip(got, row, strict=False):
        if not _close(have, want, tolerance):
            break
        count += 1
    return count


def _close(have: object, want: float, tolerance: float) -> bool:
    try:
        return math.isclose(float(have), float(want), rel_tol=0, abs_tol=tolerance)
    except (TypeError, ValueError):
        return False
