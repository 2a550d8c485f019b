"""Hostile submissions: each is graded without harming anything else.

One course, two honest students (`ann` right, `ben` blank) and one student per hostile case,
graded together in one sandboxed run. For each case: the student earns exactly what their
other cells earn, the summary says why, the honest students' grades are as expected and the
gradebook and the course files are intact. The code of most cases is in hostile/*.cell; it
replaces the answer to `double` (2 points), so the expected score lacks those 2 points.
The sandbox shows the kernel an allow-list: files that exist outside it (the kit's repository,
a secret planted in the home folder of the user grading) are absent inside.
"""

import json
import os
import shutil
import sqlite3
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from cpim_course.autograde import autograde
from cpim_course.sandbox import Limits

HERE = Path(__file__).parent
HOSTILE = HERE / "hostile"
REPOSITORY = HERE.parents[1]
RIGHT = {"double": "def double(x):\n    return 2 * x",
         "circle_area": "def circle_area(radius):\n    return math.pi * radius ** 2",
         "total": "def total(values):\n    return sum(values)"}
FULL = {"test_double": 2, "test_circle_area": 3, "explain": 0, "test_total": 1}
NO_DOUBLE = {**FULL, "test_double": 0}


@dataclass(frozen=True)
class Case:
    expected: dict   # grade cell -> auto score
    reason: str      # a fragment of the summary line about this student


CASES = {
    "infinite_loop": Case(NO_DOUBLE, "CellTimeoutError"),
    "sys_exit": Case(NO_DOUBLE, "SystemExit"),
    "os_exit": Case(NO_DOUBLE, "KernelDied"),
    "killed_kernel": Case(NO_DOUBLE, "KernelDied"),
    "huge_print": Case(NO_DOUBLE, "characters, cut"),
    "memory_bomb": Case(NO_DOUBLE, "MemoryError"),
    "write_gradebook": Case(NO_DOUBLE, "OperationalError"),
    "read_other_student": Case(NO_DOUBLE, "FileNotFoundError"),
    "read_solutions": Case(NO_DOUBLE, "FileNotFoundError"),
    "read_home": Case(NO_DOUBLE, "FileNotFoundError"),
    "read_repository": Case(NO_DOUBLE, "FileNotFoundError"),
    "network": Case(NO_DOUBLE, "OSError"),
    "deleted_cells": Case(NO_DOUBLE, "test_double was deleted"),
    "edited_test": Case(NO_DOUBLE, "test_double: a locked cell was edited"),
    "duplicated_ids": Case(FULL, "test_circle_area appears more than once"),
    "invalid_json": Case({**FULL, "test_double": 0, "test_circle_area": 0},
                         "arithmetic: not graded"),
    "other_assignment": Case({**FULL, "test_double": 0, "test_circle_area": 0},
                             "is not part of this assignment"),
}


def hostile_notebooks(case: str, course: Path, answered, home_secret: Path) -> dict:
    """The notebooks the student of `case` submits."""
    lists = answered(course, "lists", RIGHT)
    arithmetic = answered(course, "arithmetic", RIGHT)
    cells = arithmetic["cells"]
    named = {c["metadata"].get("nbgrader", {}).get("grade_id"): c for c in cells}
    if (HOSTILE / f"{case}.cell").exists():
        code = (HOSTILE / f"{case}.cell").read_text(encoding="utf-8")
        for name, value in {"course": course, "repository": REPOSITORY,
                            "home_secret": home_secret}.items():
            code = code.replace(f"{{{name}}}", str(value))
        named["double"]["source"] = code
    elif case == "deleted_cells":  # the restored test catches the wrong answer
        named["double"]["source"] = "def double(x):\n    return x"
        cells.remove(named["test_double"])
        cells.remove(named["test_circle_area"])
    elif case == "edited_test":
        named["test_double"]["source"] = "pass  # my own test"
        named["double"]["source"] = "def double(x):\n    return x"
    elif case == "duplicated_ids":
        cells.insert(cells.index(named["test_circle_area"]),
                     json.loads(json.dumps(named["test_circle_area"])))
    elif case == "invalid_json":
        arithmetic = "{ this is not a notebook"
    elif case == "other_assignment":
        arithmetic = json.loads(json.dumps(lists))
        for cell in arithmetic["cells"]:
            if "nbgrader" in cell["metadata"]:
                metadata = cell["metadata"]["nbgrader"]
                metadata["grade_id"] = "other_" + metadata["grade_id"]
    return {"arithmetic.ipynb": arithmetic, "lists.ipynb": lists}


def snapshot(folder: Path) -> dict:
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def home_secret():
    """A file only the user grading may read, in their home folder (removed afterwards)."""
    secret = Path.home() / f".cpim-hostile-secret-{uuid.uuid4().hex[:8]}"
    secret.write_text("the answers", encoding="utf-8")
    secret.chmod(0o600)
    try:
        yield secret
    finally:
        secret.unlink()


@pytest.fixture(scope="module")
def graded(built_course, tmp_path_factory, submit, answered, gradebook_rows, bwrap, home_secret):
    """Grade every case with the honest students; -> (course, summary lines, rows, snapshots)."""
    assert os.access(home_secret, os.R_OK)
    assert os.access(REPOSITORY / "autograder" / "nbgrader_config.py", os.R_OK)
    course = tmp_path_factory.mktemp("hostile") / "course"
    shutil.copytree(built_course, course)
    submit(course, "ann", {"arithmetic.ipynb": answered(course, "arithmetic", RIGHT),
                           "lists.ipynb": answered(course, "lists", RIGHT)})
    submit(course, "ben", {"arithmetic.ipynb": answered(course, "arithmetic", {}),
                           "lists.ipynb": answered(course, "lists", {})})
    for case in CASES:
        submit(course, case, hostile_notebooks(case, course, answered, home_secret))
    before = {name: snapshot(course / name) for name in ("source", "submitted", "release")}
    summary = autograde(course, "mini", workers=2, limits=Limits(memory_mb=1024), progress=False)
    after = {name: snapshot(course / name) for name in ("source", "submitted", "release")}
    return course, summary, gradebook_rows(course), before == after


def scores(rows: dict, student: str) -> dict:
    return {cell: value[0] for (who, _, kind, cell), value in rows.items()
            if who == student and kind == "grade"}


@pytest.mark.parametrize("case", CASES)
def test_hostile_submission_harms_nothing(case, graded):
    course, summary, rows, files_unchanged = graded
    assert scores(rows, case) == CASES[case].expected, summary.lines()
    notes = [line for line in summary.lines() if line.startswith(f"{case}:")]
    assert any(CASES[case].reason in line for line in notes), summary.lines()
    assert case in summary.graded
    assert scores(rows, "ann") == FULL and set(scores(rows, "ben").values()) == {0}
    assert files_unchanged, "the sources, releases or submissions changed"
    with sqlite3.connect(course / "gradebook.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("SELECT count(*) FROM student").fetchone() == (len(CASES) + 2,)
