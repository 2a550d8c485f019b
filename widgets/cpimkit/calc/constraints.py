"""Theory of constraints: the load on each resource, the constraint, and the product mix that
earns the most from the constraint's time.

Throughput is money the business earns through sales: selling price less the truly variable
cost, here the material cost, per unit. Net profit = total throughput − operating expense.
Products are described as name → (price, material_cost, minutes), where minutes maps each
resource the product visits to its minutes per unit (the sum over all its parts' operations
there). Quantities, demand and capacity are per one period (a week, say); capacity is in
minutes per period.
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from dataclasses import dataclass

from cpimkit.calc._result import Result
from cpimkit.calc._validate import (
    InputError,
    label,
    mapping,
    non_negative,
    positive,
    record,
)


@dataclass(frozen=True, repr=False)
class ProductMix(Result):
    """The mix chosen by throughput per constraint minute, and what it earns.

    Dictionaries follow the order of `products`; ranking lists products best first.
    constraint_load is the constraint's minutes the mix uses; resource_loads gives the
    minutes it needs on every resource, to check that no other resource is overloaded.
    """

    throughput_per_unit: dict
    throughput_per_constraint_minute: dict
    ranking: list
    quantities: dict
    throughput: float
    operating_expense: float
    net_profit: float
    constraint_load: float
    resource_loads: dict


def resource_loads(products, quantities) -> dict:
    """Minutes each resource needs to make the given quantities.

    products: name → (price, material_cost, minutes), minutes a mapping resource → minutes
    per unit; quantities: name → units per period, one entry per product.

    Load(r) = Σ quantity(p) × minutes(p, r). Resources appear in the order they are first met
    in `products`.

    Goldratt, *The Haystack Syndrome*, the P & Q example (widely reproduced): the whole weekly
    demand of 100 P and 50 Q would need 3,000 minutes of resource B, which has 2,400:

    >>> products = {"P": (90, 45, {"A": 15, "B": 15, "C": 15, "D": 15}),
    ...             "Q": (100, 40, {"A": 10, "B": 30, "C": 5, "D": 5})}
    >>> resource_loads(products, quantities={"P": 100, "Q": 50})
    {'A': 2000.0, 'B': 3000.0, 'C': 1750.0, 'D': 1750.0}
    """
    checked = _products(products)
    return _loads(checked, _per_product("quantities", quantities, checked))


def find_constraint(products, demand, capacity) -> Hashable:
    """The resource with the highest load ratio (minutes needed for the demand ÷ capacity).

    products: name → (price, material_cost, minutes per unit on each resource);
    demand: name → units the market takes per period; capacity: resource → minutes available
    per period, for every resource the products use.

    Load ratio = resource_loads(products, demand)[r] ÷ capacity[r]; a tie goes to the resource
    listed first in `capacity`. A ratio above 1 means the resource cannot meet the demand; if
    even the highest is at most 1, the market, not a resource, limits what can be sold.

    Goldratt, *The Haystack Syndrome*, the P & Q example: every resource has 2,400 minutes a
    week and B would need 3,000 (125 %):

    >>> products = {"P": (90, 45, {"A": 15, "B": 15, "C": 15, "D": 15}),
    ...             "Q": (100, 40, {"A": 10, "B": 30, "C": 5, "D": 5})}
    >>> find_constraint(products, demand={"P": 100, "Q": 50},
    ...                 capacity={"A": 2400, "B": 2400, "C": 2400, "D": 2400})
    'B'
    """
    checked = _products(products)
    loads = _loads(checked, _per_product("demand", demand, checked))
    available = {
        resource: positive(f"capacity[{resource!r}]", minutes)
        for resource, minutes in mapping("capacity", capacity).items()
    }
    missing = [resource for resource in loads if resource not in available]
    if missing:
        raise InputError(
            f"capacity must give the minutes of every resource used; {missing!r}"
            f" missing from {capacity!r}"
        )
    return max(available, key=lambda resource: loads.get(resource, 0.0) / available[resource])


def product_mix(
    products, constraint, available_minutes: float, demand=None, operating_expense: float = 0
) -> ProductMix:
    """The product mix that earns the most throughput from one constraint's minutes.

    products: name → (price, material_cost, minutes), minutes a mapping resource → minutes per
    unit; constraint: the resource that limits output (see `find_constraint`);
    available_minutes: the constraint's minutes per period; demand: name → units the market
    takes per period (None: the market takes all that can be made); operating_expense: the
    period's operating expense, for net profit.

    Rule: rank products by throughput per constraint minute, (price − material cost) ÷ minutes
    on the constraint, best first (ties keep the order of `products`). Fill each product's
    demand in that order until the constraint's minutes run out; the product being made when
    they run out gets the minutes left, possibly a fraction of a unit (round down for whole
    units). Products that need no constraint time are made to demand; products whose
    throughput is not positive are not made.

    With one binding constraint this rule is optimal: it is the greedy solution of a linear
    program with a single capacity row, which no other mix, fractional or whole, can beat.
    Only the constraint's minutes are checked: confirm with `resource_loads` that the mix
    overloads no other resource; if it does, there is more than one constraint and a linear
    program is needed.

    Goldratt, *The Haystack Syndrome*, the P & Q example: P earns $45 for 15 minutes of B
    ($3 a minute), Q $60 for 30 minutes ($2 a minute), so make all 100 P and use the 900
    minutes left for 30 Q: throughput $6,300, less $6,000 operating expense, $300 a week.
    (Making Q first, 50 Q and 60 P, earns $5,700 and loses $300.)

    >>> products = {"P": (90, 45, {"A": 15, "B": 15, "C": 15, "D": 15}),
    ...             "Q": (100, 40, {"A": 10, "B": 30, "C": 5, "D": 5})}
    >>> mix = product_mix(products, constraint="B", available_minutes=2400,
    ...                   demand={"P": 100, "Q": 50}, operating_expense=6000)
    >>> mix.ranking, mix.quantities, mix.throughput, mix.net_profit
    (['P', 'Q'], {'P': 100.0, 'Q': 30.0}, 6300.0, 300.0)
    """
    checked = _products(products)
    resource = label("constraint", constraint)
    known = _resources(checked)
    if resource not in known:
        raise InputError(
            f"constraint must be one of the resources the products use"
            f" ({', '.join(map(str, known))}); got {constraint!r}"
        )
    minutes_left = positive("available_minutes", available_minutes)
    market = None if demand is None else _per_product("demand", demand, checked)
    expense = non_negative("operating_expense", operating_expense)

    per_unit = {name: price - material for name, (price, material, _) in checked.items()}
    on_constraint = {name: minutes.get(resource, 0.0) for name, (_, _, minutes) in checked.items()}
    per_minute = {name: _per_minute(per_unit[name], on_constraint[name]) for name in checked}
    ranking = sorted(checked, key=lambda name: -per_minute[name])  # stable: ties keep order

    quantities = dict.fromkeys(checked, 0.0)
    for name in ranking:
        if per_unit[name] <= 0:
            continue
        need = on_constraint[name]
        if market is None and need == 0:
            raise InputError(
                f"demand is needed: products[{name!r}] uses no time on {resource!r}, so without"
                " a market limit its quantity would be unbounded"
            )
        can_make = minutes_left / need if need else math.inf
        quantities[name] = can_make if market is None else min(market[name], can_make)
        minutes_left = max(0.0, minutes_left - quantities[name] * need)

    throughput = math.fsum(quantities[name] * per_unit[name] for name in checked)
    loads = _loads(checked, quantities)
    return ProductMix(
        throughput_per_unit=per_unit,
        throughput_per_constraint_minute=per_minute,
        ranking=ranking,
        quantities=quantities,
        throughput=throughput,
        operating_expense=expense,
        net_profit=throughput - expense,
        constraint_load=loads[resource],
        resource_loads=loads,
    )


def _per_minute(throughput: float, minutes: float) -> float:
    """Throughput per constraint minute; a product that needs no constraint time ranks first
    when it earns, last when it loses."""
    if minutes:
        return throughput / minutes
    return math.copysign(math.inf, throughput) if throughput else 0.0


def _minutes(name: str, value: object) -> dict:
    per_resource = mapping(name, value)
    return {
        label(f"{name} resource", resource): non_negative(f"{name}[{resource!r}]", minutes)
        for resource, minutes in per_resource.items()
    }


_PRODUCT = record(("price", positive), ("material_cost", non_negative), ("minutes", _minutes))


def _products(products) -> dict:
    """products as name → (price, material_cost, {resource: minutes per unit})."""
    return {
        name: _PRODUCT(f"products[{name!r}]", entry)
        for name, entry in mapping("products", products).items()
    }


def _per_product(name: str, values, products: dict) -> dict:
    """A non-negative number per product, no product missing and no unknown name."""
    given = mapping(name, values)
    unknown = [key for key in given if key not in products]
    if unknown:
        raise InputError(
            f"{name} names products that are not in products ({', '.join(map(str, products))}):"
            f" {unknown!r}"
        )
    missing = [product for product in products if product not in given]
    if missing:
        raise InputError(f"{name} must give a quantity for every product; missing {missing!r}")
    return {product: non_negative(f"{name}[{product!r}]", given[product]) for product in products}


def _resources(products: dict) -> list:
    """Every resource the products visit, in the order first met."""
    return list(
        dict.fromkeys(resource for _, _, minutes in products.values() for resource in minutes)
    )


def _loads(products: dict, quantities: dict) -> dict:
    return {
        resource: math.fsum(
            quantities[name] * minutes.get(resource, 0.0)
            for name, (_, _, minutes) in products.items()
        )
        for resource in _resources(products)
    }
