"""Input checks shared by every `cpimkit.calc` function.

Each check returns the cleaned value (a float, an int or a list of floats) so a function can
validate and convert in one line, and raises `InputError` naming the parameter and echoing the
bad value otherwise.

>>> positive("holding_cost", -2)
Traceback (most recent call last):
...
cpimkit.calc.InputError: holding_cost must be > 0, got -2.0
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Hashable, Iterable, Mapping


class InputError(ValueError):
    """A parameter is missing, of the wrong type or outside its range; the message names it."""


InputError.__module__ = "cpimkit.calc"  # shown to learners as cpimkit.calc.InputError


def number(name: str, value: object) -> float:
    """`value` as a finite float; booleans, strings, NaN and infinities are refused."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise InputError(f"{name} must be a number, got {value!r}")
    result = float(value)
    if not math.isfinite(result):
        raise InputError(f"{name} must be a finite number, got {result}")
    return result


def positive(name: str, value: object) -> float:
    """A finite number > 0."""
    result = number(name, value)
    if result <= 0:
        raise InputError(f"{name} must be > 0, got {result}")
    return result


def non_negative(name: str, value: object) -> float:
    """A finite number >= 0."""
    result = number(name, value)
    if result < 0:
        raise InputError(f"{name} must be >= 0, got {result}")
    return result


def fraction(name: str, value: object, *, open_low: bool = True, open_high: bool = True) -> float:
    """A share or probability between 0 and 1; each end is excluded unless opened."""
    result = number(name, value)
    low_ok = result > 0 if open_low else result >= 0
    high_ok = result < 1 if open_high else result <= 1
    if not (low_ok and high_ok):
        low, high = "(0" if open_low else "[0", "1)" if open_high else "1]"
        raise InputError(f"{name} must be in {low}, {high}, got {result}")
    return result


def whole(name: str, value: object, *, minimum: int = 0) -> int:
    """An integer >= `minimum` (floats such as 3.0 are accepted)."""
    result = number(name, value)
    if result != int(result) or result < minimum:
        raise InputError(f"{name} must be a whole number >= {minimum}, got {value!r}")
    return int(result)


def sequence(name: str, values: object, *, check=number, min_length: int = 1) -> list[float]:
    """A list, tuple, numpy array or pandas Series of numbers, each passed through `check`.

    The message names the element: ``history[2] must be a finite number, got nan``.
    """
    if isinstance(values, (str, bytes, Mapping)) or not isinstance(values, Iterable):
        raise InputError(f"{name} must be a sequence (a list or a tuple), got {values!r}")
    items = list(values)
    if len(items) < min_length:
        raise InputError(f"{name} must hold at least {min_length} value(s), got {items!r}")
    return [check(f"{name}[{i}]", item) for i, item in enumerate(items)]


def same_length(**sequences: list) -> int:
    """The common length of the named sequences; `InputError` if they are ragged."""
    lengths = {name: len(values) for name, values in sequences.items()}
    if len(set(lengths.values())) > 1:
        described = ", ".join(f"{name} has {n}" for name, n in lengths.items())
        raise InputError(f"sequences must have the same length: {described}")
    return next(iter(lengths.values()))


def choice(name: str, value: object, options: Iterable[str]) -> str:
    """One of `options` (case-insensitive); the message lists the valid ones."""
    valid = list(options)
    key = value.lower() if isinstance(value, str) else value
    if key not in valid:
        raise InputError(f"{name} must be one of {', '.join(valid)}; got {value!r}")
    return key


def mapping(name: str, values: object, *, min_length: int = 1) -> dict:
    """A non-empty mapping (a dict or a pandas Series) as a plain dict."""
    if hasattr(values, "to_dict") and not isinstance(values, Mapping):
        values = values.to_dict()
    if not isinstance(values, Mapping):
        raise InputError(f"{name} must be a mapping, got {values!r}")
    if len(values) < min_length:
        raise InputError(f"{name} must hold at least {min_length} entry, got {dict(values)!r}")
    return dict(values)


def same_keys(name: str, values: Mapping, reference_name: str, reference: Iterable, *,
              what: str = "keys") -> None:
    """`InputError` unless mapping `values` has exactly the keys of `reference`, naming the
    extra ones and then the missing ones (`what` they are: products, locations...).

    >>> same_keys("on_hand", {"A": 5, "Z": 1}, "demands", {"A": 10}, what="locations")
    Traceback (most recent call last):
    ...
    cpimkit.calc.InputError: on_hand names locations not in demands: ['Z']
    """
    extra = [key for key in values if key not in reference]
    if extra:
        raise InputError(f"{name} names {what} not in {reference_name}: {extra!r}")
    missing = [key for key in reference if key not in values]
    if missing:
        raise InputError(f"{name} has no entry for {what} of {reference_name}: {missing!r}")


def label(name: str, value: object) -> Hashable:
    """A name of an item, work centre or activity: any hashable value but None."""
    if value is None or not isinstance(value, Hashable):
        raise InputError(f"{name} must be a name (a string or a number), got {value!r}")
    return value


def record(*fields: tuple[str, Callable]) -> Callable:
    """A check for one record (a tuple of named fields), to pass to `sequence` as `check`.

    >>> price_break = record(("min_quantity", non_negative), ("unit_price", positive))
    >>> sequence("price_breaks", [(0, 5.0), (1000, -4.8)], check=price_break)
    Traceback (most recent call last):
    ...
    cpimkit.calc.InputError: price_breaks[1].unit_price must be > 0, got -4.8
    """
    names = ", ".join(field for field, _ in fields)

    def check(name: str, value: object) -> tuple:
        if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
            raise InputError(f"{name} must be a tuple ({names}), got {value!r}")
        values = tuple(value)
        if len(values) != len(fields):
            raise InputError(f"{name} must be a tuple ({names}), got {value!r}")
        return tuple(
            field_check(f"{name}.{field}", item)
            for (field, field_check), item in zip(fields, values, strict=True)
        )

    return check
