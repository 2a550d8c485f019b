"""Pure computations for production and inventory management.

Import the topic modules directly, e.g. ``from cpimkit.calc.inventory import eoq``; every
function is listed in docs/calc-reference.md.
Bad input raises `InputError`, a `ValueError` whose message names the parameter.
"""

from cpimkit.calc._validate import InputError

__all__ = ["InputError"]
