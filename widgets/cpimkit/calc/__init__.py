"""Pure computations for production and inventory management (contract: docs in api.md).

Import the topic modules directly, e.g. ``from cpimkit.calc.inventory import eoq``.
Bad input raises `InputError`, a `ValueError` whose message names the parameter.
"""

from cpimkit.calc._validate import InputError

__all__ = ["InputError"]
