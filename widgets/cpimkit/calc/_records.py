"""Checks for inputs made of records: tuples of named fields, such as a routing's operations.

`record` builds a check for `_validate.sequence`, so a list of tuples is validated field by
field and every message names the element and the field:

>>> from cpimkit.calc._validate import non_negative, positive, sequence
>>> price_break = record(("min_quantity", non_negative), ("unit_price", positive))
>>> sequence("price_breaks", [(0, 5.0), (1000, -4.8)], check=price_break)
Traceback (most recent call last):
...
cpimkit.calc.InputError: price_breaks[1].unit_price must be > 0, got -4.8
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping

from cpimkit.calc._validate import InputError


def label(name: str, value: object) -> Hashable:
    """A name of an item, work centre or activity: any hashable value but None."""
    if value is None or not isinstance(value, Hashable):
        raise InputError(f"{name} must be a name (a string or a number), got {value!r}")
    return value


def record(*fields: tuple[str, Callable]) -> Callable:
    """A check for one record: a tuple of len(fields) values, each passed through its check."""
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
