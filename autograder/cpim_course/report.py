"""Where the class struggles: the class report (an HTML page and its PNG figures).

From the gradebook: the distribution of module scores, each exercise's difficulty (the mean
share of its points the students earned: 1 is easy, 0 is hard) and discrimination (the
correlation between the exercise's score and the student's score on the rest of the module:
near 0 or negative means the exercise does not tell strong students from weak ones), and the
students below a share of a module's points.

>>> table = pd.DataFrame({"module": "m", "student": ["a", "a", "b", "b", "c", "c", "d", "d"],
...                       "notebook": "n", "cell": ["x", "y"] * 4,
...                       "score": [1, 2, 0, 1, 1, 1, 0, 0], "max_score": [1, 2] * 4})
>>> item_statistics(table)[["difficulty", "discrimination"]].round(3)
                      difficulty  discrimination
module notebook cell
m      n        x            0.5           0.707
                y            0.5           0.707
"""

import html
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .progress import Progress

ITEM = ["module", "notebook", "cell"]


def gradebook_table(course):
    """Every graded cell of every submission: module, student, notebook, cell, score, max_score."""
    with course.gradebook() as gradebook:
        rows = [(assignment.name, submission.student_id, notebook.name, grade.name,
                 grade.score, grade.max_score)
                for assignment in gradebook.assignments
                for submission in gradebook.assignment_submissions(assignment.name)
                for notebook in submission.notebooks
                for grade in notebook.grades]
        students = sorted(student.id for student in gradebook.students)
    table = pd.DataFrame(rows, columns=["module", "student", "notebook", "cell", "score",
                                        "max_score"])
    return table, students


def module_totals(table):
    """Per student and module: score, max_score and share (score / max_score)."""
    totals = table.groupby(["student", "module"])[["score", "max_score"]].sum()
    totals["share"] = totals["score"] / totals["max_score"]
    return totals


def item_statistics(table):
    """Per exercise (module, notebook, cell): points, difficulty and discrimination.

    Discrimination is the corrected item-total correlation over the students who submitted the
    module: Pearson's r between the item's score and the student's module total minus the item
    (NaN when either does not vary).
    """
    rows = []
    for module, part in table.groupby("module"):
        scores = part.pivot_table(index="student", columns=["notebook", "cell"], values="score",
                                  aggfunc="sum")
        points = part.groupby(["notebook", "cell"])["max_score"].first()
        total = scores.sum(axis=1)
        for (notebook, cell), item in scores.items():
            rest = total - item
            varies = item.std() > 0 and rest.std() > 0
            rows.append((module, notebook, cell, points[notebook, cell],
                         item.mean() / points[notebook, cell] if points[notebook, cell] else np.nan,
                         item.corr(rest) if varies else np.nan))
    return pd.DataFrame(rows, columns=ITEM + ["points", "difficulty", "discrimination"]
                        ).set_index(ITEM)


def students_below(totals, students, threshold):
    """Students whose share of a module's points is below `threshold`, per module submitted by
    anyone (a student without a submission counts as 0): student, module, score, max_score, share.
    `totals` are the `module_totals` of the gradebook table.
    """
    maxima = totals["max_score"].groupby(level="module").max()
    rows = []
    for module, max_score in maxima.items():
        for student in students:
            score = totals["score"].get((student, module), 0.0)
            share = score / max_score if max_score else np.nan
            if share < threshold:
                rows.append((student, module, score, max_score, share,
                             "" if (student, module) in totals.index else "no submission"))
    return pd.DataFrame(rows, columns=["student", "module", "score", "max_score", "share", "note"])


def write_report(course, output=None, threshold=0.6):
    """Write report/index.html, scores.png and exercises.png; return the HTML page's path."""
    output = Path(output or course.root / "report")
    output.mkdir(parents=True, exist_ok=True)
    table, students = gradebook_table(course)
    progress = Progress(3, "report")
    if table.empty:
        progress.summary(["no graded submission yet: run `cpim-course autograde MODULE`"])
        page = output / "index.html"
        page.write_text("<p>No graded submission yet.</p>\n", encoding="utf-8")
        return page
    totals = module_totals(table)
    plot_scores(totals, output / "scores.png")
    progress.advance("scores.png")
    items = item_statistics(table)
    plot_items(items, output / "exercises.png")
    progress.advance("exercises.png")
    below = students_below(totals, students, threshold)
    page = output / "index.html"
    page.write_text(html_page(course, totals, items, below, threshold), encoding="utf-8")
    progress.advance("index.html")
    hardest = items["difficulty"].idxmin()
    progress.summary([
        f"{len(students)} students, {table['module'].nunique()} modules, {len(items)} exercises",
        f"hardest exercise: {'/'.join(hardest)} (difficulty {items['difficulty'].min():.2f})",
        f"{below['student'].nunique()} students below {threshold:.0%} in some module",
        f"-> {page}",
    ])
    return page


def plot_scores(totals, path):
    """One histogram of students' shares of the module's points per module."""
    modules = sorted(totals.index.unique("module"))
    figure = Figure(figsize=(4 * len(modules), 3), layout="constrained")
    panels = figure.subplots(1, len(modules), squeeze=False)[0]
    for axes, module in zip(panels, modules, strict=True):
        shares = totals.xs(module, level="module")["share"] * 100
        axes.hist(shares, bins=np.linspace(0, 100, 11), color="#4477aa", edgecolor="white")
        axes.set(title=module, xlabel="score (% of points)", ylabel="students", xlim=(0, 100))
    figure.savefig(path, dpi=100)


def plot_items(items, path):
    """Difficulty against discrimination, one point per exercise, one colour per module."""
    figure = Figure(figsize=(6, 4), layout="constrained")
    axes = figure.subplots()
    for module, part in items.groupby(level="module"):
        axes.scatter(part["difficulty"], part["discrimination"].fillna(0), label=module)
    axes.axhline(0.2, color="grey", linestyle=":", linewidth=1)
    axes.set(xlabel="difficulty (mean share of points)", xlim=(-0.05, 1.05), ylim=(-1.05, 1.05),
             ylabel="discrimination (item-rest correlation)")
    axes.legend(loc="lower left", fontsize="small")
    figure.savefig(path, dpi=100)


def html_page(course, totals, items, below, threshold):
    summary = totals.groupby(level="module")["share"].describe()[["count", "mean", "min", "50%",
                                                                  "max"]]
    summary.columns = ["students", "mean share", "lowest", "median", "highest"]
    percent = "{:.0%}".format
    sections = [
        f"<h1>Class report: {html.escape(course.course_id)}</h1>",
        "<h2>Module scores</h2>",
        summary.to_html(formatters={"students": "{:.0f}".format, "mean share": percent,
                                    "lowest": percent, "median": percent, "highest": percent}),
        '<img src="scores.png" alt="Score distribution per module">',
        "<h2>Exercises</h2>",
        "<p>Difficulty: mean share of the points earned (low = hard). Discrimination: "
        "correlation of the exercise score with the rest of the module (below 0.2: the exercise "
        "separates strong and weak students poorly; blank: no variation).</p>",
        items.sort_values("difficulty").to_html(
            na_rep="", formatters={"points": "{:g}".format, "difficulty": "{:.2f}".format,
                                   "discrimination": "{:.2f}".format}),
        '<img src="exercises.png" alt="Difficulty and discrimination of each exercise">',
        f"<h2>Students below {percent(threshold)} of a module's points</h2>",
        below.to_html(index=False, formatters={"score": "{:g}".format,
                                               "max_score": "{:g}".format, "share": percent})
        if len(below) else "<p>None.</p>",
    ]
    return ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Class report</title>"
            "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
            "td,th{padding:2px 8px;border-bottom:1px solid #ddd}</style></head><body>\n"
            + "\n".join(sections) + "\n</body></html>\n")
