"""How `cpimkit.calc.mrp` scales: explode on generated bills, Wagner-Whitin on long horizons.

Run from the repository root with the kit's interpreter:

    .venv/bin/python benchmarks/mrp_scale.py

Prints a table and writes benchmarks/results/mrp_scale.json (not committed). Timings are wall
clock on one core, the best of `REPEATS` runs. The bills are random but seeded, so every run
plans the same data.
"""

from __future__ import annotations

import json
import platform
import random
import sys
import time
from functools import partial
from pathlib import Path

from cpimkit.calc.mrp import Item, explode, lot_sizing

BOM_SIZES = (500, 5_000, 50_000)
LEVELS = 10
PERIODS = 52
HORIZONS = (52, 520, 5_200)
REPEATS = 3
RESULTS = Path(__file__).parent / "results" / "mrp_scale.json"


def generated_bom(item_count: int, levels: int = LEVELS, periods: int = PERIODS, seed: int = 1):
    """Items, bill and master schedule of a plant with `item_count` items on `levels` levels.

    Each level holds the same number of items. An item below level 0 has one parent on the level
    just above (so its low-level code is its level) and, one time in two, a second parent on any
    higher level: components shared across levels, as in real bills. Most items are lot for lot;
    some use fixed or periodic order quantities. End items get a random master schedule.
    """
    rng = random.Random(seed)
    names = [[f"L{level}-{k}" for k in range(item_count // levels)] for level in range(levels)]
    bom = []
    for level in range(1, levels):
        for component in names[level]:
            parents = {rng.choice(names[level - 1])}
            if rng.random() < 0.5:
                parents.add(rng.choice(names[rng.randrange(level)]))
            bom += [(parent, component, rng.choice((1, 1, 2, 4))) for parent in sorted(parents)]
    items = {}
    for level_names in names:
        for name in level_names:
            rule = rng.choices(("lfl", "foq", "poq"), weights=(7, 2, 1))[0]
            items[name] = Item(
                lead_time=rng.randint(0, 2),
                on_hand=rng.randint(0, 200),
                safety_stock=rng.choice((0, 0, 10)),
                lot_size=rule,
                order_quantity=rng.randint(50, 500) if rule == "foq" else None,
                periods_of_supply=rng.randint(2, 4) if rule == "poq" else None,
            )
    master_schedule = {name: [rng.randint(0, 100) for _ in range(periods)] for name in names[0]}
    return items, bom, master_schedule


def best_time(run) -> float:
    """The shortest of REPEATS wall-clock timings of `run()` [seconds]."""
    timings = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        run()
        timings.append(time.perf_counter() - start)
    return min(timings)


def main() -> None:
    explosions = []
    for size in BOM_SIZES:
        items, bom, schedule = generated_bom(size)
        seconds = best_time(partial(explode, items, bom, schedule))
        explosions.append(
            {
                "items": len(items),
                "bom_lines": len(bom),
                "levels": LEVELS,
                "periods": PERIODS,
                "seconds": round(seconds, 3),
            }
        )

    rng = random.Random(2)
    lot_plans = []
    for periods in HORIZONS:
        net = [rng.choice((0, rng.randint(1, 100))) for _ in range(periods)]
        plan_lots = partial(lot_sizing, net, "wagner_whitin", order_cost=500, holding_cost=1)
        seconds = best_time(plan_lots)
        plan = plan_lots()
        lot_plans.append(
            {
                "periods": periods,
                "order_cost": 500,
                "holding_cost": 1,
                "orders": sum(1 for quantity in plan.orders if quantity),
                "total_cost": plan.total_cost,
                "seconds": round(seconds, 4),
            }
        )

    print(f"explode, {LEVELS} levels, {PERIODS} periods (best of {REPEATS})")
    print(f"{'items':>8} {'bom lines':>10} {'seconds':>9}")
    for row in explosions:
        print(f"{row['items']:>8,} {row['bom_lines']:>10,} {row['seconds']:>9.3f}")
    print(f"\nlot_sizing(..., 'wagner_whitin'), S = 500, h = 1 (best of {REPEATS})")
    print(f"{'periods':>8} {'orders':>8} {'seconds':>9}")
    for row in lot_plans:
        print(f"{row['periods']:>8,} {row['orders']:>8,} {row['seconds']:>9.4f}")

    RESULTS.parent.mkdir(exist_ok=True)
    machine = {
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
    }
    report = {"machine": machine, "explode": explosions, "wagner_whitin": lot_plans}
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    print(f"\nwritten to {RESULTS}")


if __name__ == "__main__":
    main()
