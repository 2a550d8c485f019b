"""Statistical quality control: X-bar and R charts, p charts, process capability, Pareto
analysis and the points a chart flags.

Control limits are Shewhart limits, three standard errors either side of the centre line
unless a chart takes its own z. Measurements and limits share the caller's unit (ounces,
millimetres, minutes); proportions are fractions (0.04, not 4 %). Point lists are 0-based:
index 0 is sample 1.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import NamedTuple

import pandas as pd

from cpimkit.calc._result import Result
from cpimkit.calc._validate import (
    InputError,
    fraction,
    mapping,
    non_negative,
    number,
    positive,
    sequence,
    whole,
)


class ChartConstants(NamedTuple):
    """Factors for X-bar and R limits from the average range of subgroups of one size."""

    a2: float
    d3: float
    d4: float


# Factors for X-bar and R charts by subgroup size n, as tabulated in ASTM, *Manual on
# Presentation of Data and Control Chart Analysis* (MNL 7), and in the appendix of Montgomery,
# *Introduction to Statistical Quality Control*. They come from d2 and d3, the mean and standard
# deviation of the range of n normal values in standard-deviation units: A2 = 3 / (d2·sqrt(n)),
# D3 = max(0, 1 − 3·d3/d2), D4 = 1 + 3·d3/d2, each rounded to three decimals.
CONTROL_CHART_CONSTANTS = {
    2: ChartConstants(1.880, 0.000, 3.267),
    3: ChartConstants(1.023, 0.000, 2.574),
    4: ChartConstants(0.729, 0.000, 2.282),
    5: ChartConstants(0.577, 0.000, 2.114),
    6: ChartConstants(0.483, 0.000, 2.004),
    7: ChartConstants(0.419, 0.076, 1.924),
    8: ChartConstants(0.373, 0.136, 1.864),
    9: ChartConstants(0.337, 0.184, 1.816),
    10: ChartConstants(0.308, 0.223, 1.777),
    11: ChartConstants(0.285, 0.256, 1.744),
    12: ChartConstants(0.266, 0.283, 1.717),
    13: ChartConstants(0.249, 0.307, 1.693),
    14: ChartConstants(0.235, 0.328, 1.672),
    15: ChartConstants(0.223, 0.347, 1.653),
    16: ChartConstants(0.212, 0.363, 1.637),
    17: ChartConstants(0.203, 0.378, 1.622),
    18: ChartConstants(0.194, 0.391, 1.608),
    19: ChartConstants(0.187, 0.403, 1.597),
    20: ChartConstants(0.180, 0.415, 1.585),
    21: ChartConstants(0.173, 0.425, 1.575),
    22: ChartConstants(0.167, 0.434, 1.566),
    23: ChartConstants(0.162, 0.443, 1.557),
    24: ChartConstants(0.157, 0.451, 1.548),
    25: ChartConstants(0.153, 0.459, 1.541),
}
_SMALLEST, _LARGEST = min(CONTROL_CHART_CONSTANTS), max(CONTROL_CHART_CONSTANTS)


@dataclass(frozen=True, repr=False)
class XbarRLimits(Result):
    """Centre lines and limits of an X-bar chart and of the R chart beneath it."""

    center: float
    ucl: float
    lcl: float
    range_center: float
    range_ucl: float
    range_lcl: float
    subgroup_size: int


@dataclass(frozen=True, repr=False)
class XbarRChart(XbarRLimits):
    """X-bar and R limits with the mean and range of each subgroup, ready to plot."""

    subgroup_means: list
    subgroup_ranges: list


@dataclass(frozen=True, repr=False)
class PChartLimits(Result):
    center: float
    ucl: float
    lcl: float
    sigma: float


@dataclass(frozen=True, repr=False)
class Capability(Result):
    """Cp (spread against the tolerance) and Cpk (the nearer side only), with both sides."""

    cp: float
    cpk: float
    cpu: float
    cpl: float


def xbar_r_limits(grand_mean: float, average_range: float, subgroup_size: int) -> XbarRLimits:
    """Three-sigma limits of an X-bar chart and an R chart from the average range.

    grand_mean: X̿, the mean of the subgroup means; average_range: R̄, the mean of the subgroup
    ranges (both in the unit measured); subgroup_size: n, values per subgroup, 2 to 25.

    X-bar chart: centre X̿, UCL = X̿ + A2·R̄, LCL = X̿ − A2·R̄.
    R chart: centre R̄, UCL = D4·R̄, LCL = D3·R̄ (0 for n ≤ 6).
    A2, D3 and D4 are the three-decimal table values in `CONTROL_CHART_CONSTANTS`.

    Heizer & Render, *Operations Management*, statistical process control supplement, Super
    Cola (X̿ = 12 ounces, R̄ = 0.25 ounce, samples of 5 bottles: limits 12.144 and 11.856):

    >>> xbar_r_limits(grand_mean=12, average_range=0.25, subgroup_size=5)
    XbarRLimits(center=12, ucl=12.144, lcl=11.856, range_center=0.25, range_ucl=0.5285,
                range_lcl=0, subgroup_size=5)
    """
    center = number("grand_mean", grand_mean)
    r_bar = positive("average_range", average_range)
    size = whole("subgroup_size", subgroup_size, minimum=_SMALLEST)
    return _limits(center, r_bar, size, _constants("subgroup_size", size))


def xbar_r_from_subgroups(subgroups) -> XbarRChart:
    """X-bar and R limits computed from the measurements themselves.

    subgroups: one sequence of measurements per sample, all of one size n between 2 and 25
    (a list of lists, a 2-D numpy array, or a DataFrame with one row per subgroup).

    Each subgroup gives a mean and a range (largest − smallest); X̿ is the mean of the means
    and R̄ the mean of the ranges, and the limits follow as in `xbar_r_limits`.

    Our own numbers: four subgroups of three parts (lengths in millimetres):

    >>> chart = xbar_r_from_subgroups([[10, 12, 11], [11, 13, 12], [9, 11, 10], [12, 12, 14]])
    >>> chart.subgroup_means, chart.subgroup_ranges
    ([11.0, 12.0, 10.0, 12.667], [2.0, 2.0, 2.0, 2.0])
    >>> round(chart.center, 3), round(chart.ucl, 3), round(chart.lcl, 3), chart.range_ucl
    (11.417, 13.463, 9.371, 5.148)
    """
    if isinstance(subgroups, pd.DataFrame):
        subgroups = subgroups.to_numpy()
    groups = sequence(
        "subgroups", subgroups, check=lambda name, group: sequence(name, group, min_length=2)
    )
    sizes = [len(group) for group in groups]
    if len(set(sizes)) > 1:
        raise InputError(f"subgroups must all have the same size, got sizes {sizes}")
    size = sizes[0]
    constants = _constants("subgroups (values per subgroup)", size)
    means = [math.fsum(group) / size for group in groups]
    ranges = [max(group) - min(group) for group in groups]
    r_bar = math.fsum(ranges) / len(ranges)
    if r_bar == 0:
        raise InputError(f"subgroups must vary: every subgroup has a range of 0, got {groups!r}")
    limits = _limits(math.fsum(means) / len(means), r_bar, size, constants)
    return XbarRChart(**vars(limits), subgroup_means=means, subgroup_ranges=ranges)


def p_chart_limits(average_defective: float, sample_size: int, z: float = 3) -> PChartLimits:
    """Limits of a p chart (fraction defective), p̄ ± z·sqrt(p̄·(1 − p̄) / n).

    average_defective: p̄, total defectives ÷ total inspected, a fraction in [0, 1];
    sample_size: n, units inspected per sample; z: standard errors to the limits (3 covers
    99.73 % of samples from a process in control).

    A proportion cannot leave [0, 1], so the LCL is floored at 0 and the UCL capped at 1.
    sigma is the standard error sqrt(p̄·(1 − p̄) / n).

    Heizer & Render, *Operations Management*, statistical process control supplement: data-entry
    clerks at ARCO (Mosier Data Systems in later editions), 20 samples of 100 records with 80
    errors in all; the book rounds sigma to 0.02 and gives UCL 0.10, LCL 0:

    >>> p_chart_limits(average_defective=80 / (20 * 100), sample_size=100)
    PChartLimits(center=0.04, ucl=0.0988, lcl=0, sigma=0.0196)
    """
    p_bar = fraction("average_defective", average_defective, open_low=False, open_high=False)
    n = whole("sample_size", sample_size, minimum=1)
    spread = positive("z", z)
    sigma = math.sqrt(p_bar * (1 - p_bar) / n)
    return PChartLimits(
        center=p_bar,
        ucl=min(1.0, p_bar + spread * sigma),
        lcl=max(0.0, p_bar - spread * sigma),
        sigma=sigma,
    )


def process_capability(upper_spec: float, lower_spec: float, mean: float, std: float) -> Capability:
    """Process capability indices Cp and Cpk.

    upper_spec: USL and lower_spec: LSL, the specification limits; mean: μ and std: σ of the
    process, all in the unit measured (estimate σ from a chart as R̄/d2 when needed).

    Cp = (USL − LSL) / (6·σ) compares the tolerance with the process spread, wherever the
    process is centred. Cpu = (USL − μ) / (3·σ) and Cpl = (μ − LSL) / (3·σ) look at one side
    each; Cpk = min(Cpu, Cpl) ≤ Cp, equal when μ is midway between the limits and negative
    when μ lies outside them. 1.33 is a common minimum for a capable process.

    Montgomery, *Introduction to Statistical Quality Control*, piston rings (specification
    74.000 ± 0.05 mm, σ estimated as R̄/d2 = 0.023/2.326 = 0.0099 mm; the book gives Cp 1.68):

    >>> process_capability(upper_spec=74.05, lower_spec=73.95, mean=74.001, std=0.0099)
    Capability(cp=1.6835, cpk=1.6498, cpu=1.6498, cpl=1.7172)
    """
    upper = number("upper_spec", upper_spec)
    lower = number("lower_spec", lower_spec)
    if upper <= lower:
        raise InputError(f"upper_spec must be > lower_spec ({lower}), got {upper}")
    mu = number("mean", mean)
    sigma = positive("std", std)
    cpu = (upper - mu) / (3 * sigma)
    cpl = (mu - lower) / (3 * sigma)
    return Capability(cp=(upper - lower) / (6 * sigma), cpk=min(cpu, cpl), cpu=cpu, cpl=cpl)


def pareto(counts) -> pd.DataFrame:
    """Pareto table: causes ranked by count, with each one's share and the running share.

    counts: mapping cause → number of occurrences (defects, complaints), a dict or a pandas
    Series; at least one count must be positive.

    Causes are ranked by count, highest first; equal counts keep their input order. The
    DataFrame is indexed by cause with columns count, share (of the total) and
    cumulative_share (of all causes ranked up to and including this one; the last is 1).

    Our own numbers: a month of complaints at a parcel depot:

    >>> pareto({"damaged": 12, "late": 45, "wrong address": 8, "missing": 25}).round(3)
                   count  share  cumulative_share
    cause
    late            45.0  0.500             0.500
    missing         25.0  0.278             0.778
    damaged         12.0  0.133             0.911
    wrong address    8.0  0.089             1.000
    """
    values = mapping("counts", counts)
    checked = {cause: non_negative(f"counts[{cause!r}]", n) for cause, n in values.items()}
    total = math.fsum(checked.values())
    if total <= 0:
        raise InputError(f"counts must have a positive total, got {values!r}")
    ranked = sorted(checked, key=lambda cause: -checked[cause])  # stable: ties keep input order
    table = pd.DataFrame(
        {"count": [checked[cause] for cause in ranked]}, index=pd.Index(ranked, name="cause")
    )
    table["share"] = table["count"] / total
    table["cumulative_share"] = table["count"].cumsum() / total
    return table


def out_of_control(points, center: float, ucl: float, lcl: float, run_length=None) -> list:
    """Indices of the points a control chart flags.

    points: the plotted statistic per sample (subgroup means, ranges or fractions defective);
    center, ucl, lcl: the chart's centre line and limits, lcl ≤ center ≤ ucl;
    run_length: optional run rule, the number of points in a row on one side of the centre
    line that signals a shift (8 in the Western Electric rules, 9 in Nelson's, 7 in some
    operations texts); None checks the limits only.

    A point is beyond the limits when it is strictly above the UCL or strictly below the LCL;
    one exactly on a limit is inside. Under the run rule, the point that completes a run of
    `run_length` on one side, and every later point while the run lasts, is flagged; a point on
    the centre line breaks a run. Returns 0-based indices in increasing order.

    Heizer & Render, *Operations Management*, ARCO data-entry clerks, with the book's rounded
    limits 0.10 and 0: sample 17 (0.11) lies above the UCL:

    >>> errors = [6, 5, 0, 1, 4, 2, 5, 3, 3, 2, 6, 1, 8, 7, 5, 4, 11, 3, 0, 4]
    >>> out_of_control([e / 100 for e in errors], center=0.04, ucl=0.10, lcl=0)
    [16]
    """
    values = sequence("points", points)
    middle = number("center", center)
    upper = number("ucl", ucl)
    lower = number("lcl", lcl)
    if upper < middle:
        raise InputError(f"ucl must be >= center ({middle}), got {upper}")
    if lower > middle:
        raise InputError(f"lcl must be <= center ({middle}), got {lower}")
    run = None if run_length is None else whole("run_length", run_length, minimum=2)

    flagged = []
    side, streak = 0, 0
    for index, value in enumerate(values):
        now = (value > middle) - (value < middle)
        streak = streak + 1 if now == side and now != 0 else 1
        side = now
        in_long_run = run is not None and side != 0 and streak >= run
        if value > upper or value < lower or in_long_run:
            flagged.append(index)
    return flagged


def _constants(name: str, size: int) -> ChartConstants:
    """The table row for subgroups of `size`; `InputError` naming `name` outside 2..25."""
    if size not in CONTROL_CHART_CONSTANTS:
        raise InputError(
            f"{name} must be between {_SMALLEST} and {_LARGEST} (the sizes in the table of"
            f" control-chart constants), got {size}"
        )
    return CONTROL_CHART_CONSTANTS[size]


def _limits(center: float, r_bar: float, size: int, constants: ChartConstants) -> XbarRLimits:
    half_width = constants.a2 * r_bar
    return XbarRLimits(
        center=center,
        ucl=center + half_width,
        lcl=center - half_width,
        range_center=r_bar,
        range_ucl=constants.d4 * r_bar,
        range_lcl=constants.d3 * r_bar,
        subgroup_size=size,
    )
