"""The base of every multi-figure result: a frozen dataclass that shows itself as a table.

>>> from dataclasses import dataclass
>>> @dataclass(frozen=True, repr=False)
... class Demo(Result):
...     quantity: float
...     orders: list
>>> Demo(quantity=200.0, orders=[10, 0, 10])
Demo(quantity=200, orders=[10, 0, 10])
"""

from __future__ import annotations

import html
from dataclasses import fields


def _format(value: object) -> str:
    """Numbers to at most four decimals, trailing zeros dropped; sequences element by element."""
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") if value == value else "nan"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_format(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {_format(v)}" for k, v in value.items()) + "}"
    return repr(value)


class Result:
    """Mixin for frozen dataclasses: a readable repr and a small HTML table for notebooks.

    Subclasses are declared ``@dataclass(frozen=True, repr=False)`` so this repr is used.
    """

    def __repr__(self) -> str:
        shown = ", ".join(f"{f.name}={_format(getattr(self, f.name))}" for f in fields(self))
        return f"{type(self).__name__}({shown})"

    def _repr_html_(self) -> str:
        rows = []
        for f in fields(self):
            value = getattr(self, f.name)
            cell = value.to_html() if hasattr(value, "to_html") else html.escape(_format(value))
            rows.append(f"<tr><th style='text-align:left'>{f.name}</th><td>{cell}</td></tr>")
        caption = html.escape(type(self).__name__)
        return f"<table><caption>{caption}</caption>{''.join(rows)}</table>"
