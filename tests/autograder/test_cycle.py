"""A whole term in miniature, through `cpim-course` and nbgrader's exchange, on SQLite and on a
real PostgreSQL server.

The instructor makes a course directory from the test assignment `mini` with a roster of four,
builds and releases it; three students, each in a home folder of their own, fetch it with
nbgrader, answer and submit; the instructor collects, autogrades (sandboxed), writes the
feedback, exports the grades in both formats and writes the class report. Every score is
checked in both exports, and no feedback page shows a line of a hidden test.
"""

import csv
import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cpim_course import cli

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "course"          # the module folders of the test course (mini)
MINI = SOURCE / "mini"
VENV_BIN = Path(sys.executable).parent
ROSTER = [("alice", "Alice", "Ames", "alice@example.org"), ("bob", "Bob", "Berg", ""),
          ("carol", "Carol", "Cruz", ""), ("dan", "Dan", "Diaz", "")]
# What each student answers: the ids of the cells they fill with the source's solution
ANSWERS = {"alice": {"double", "circle_area", "total", "explain"}, "bob": {"double"},
           "carol": set()}
SCORES = {"alice": 6.0, "bob": 2.0, "carol": 0.0, "dan": 0.0}  # dan submits nothing
MAX_SCORE = 7.0  # 5 automatic + 1 manual points in arithmetic, 1 in lists


def cpim(*args):
    """Run `cpim-course args` in this process; fail the test unless it succeeds."""
    status = cli.main([str(a) for a in args])
    assert status == 0, f"cpim-course {' '.join(map(str, args))} exited with {status}"


def write_roster(path):
    with open(path, "w", newline="", encoding="utf-8") as file:
        csv.writer(file).writerows([("id", "first_name", "last_name", "email"), *ROSTER])
    return path


def as_students(homes, exchange, *command):
    """Run `nbgrader command --student ID` for every student at once, each in their home."""
    running = {student: subprocess.Popen(
        [str(VENV_BIN / "nbgrader"), *command, "--course", "cpimkit", "--student", student,
         f"--Exchange.root={exchange}"],
        cwd=home, env={**os.environ, "HOME": str(home)}, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True) for student, home in homes.items()}
    for student, process in running.items():
        output = process.communicate()[0]
        assert process.returncode == 0, f"nbgrader {command[0]} as {student} failed:\n{output}"


def answer(folder, cells):
    """Fill the cells `cells` (ids) of every notebook in `folder` with the source's solution."""
    for path in folder.glob("*.ipynb"):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        solution = {c["id"]: c["source"]
                    for c in json.loads((MINI / path.name).read_text(encoding="utf-8"))["cells"]}
        for cell in notebook["cells"]:
            if cell["id"] in cells:
                cell["source"] = solution[cell["id"]]
        path.write_text(json.dumps(notebook, indent=1), encoding="utf-8")


def hidden_test_lines():
    """The stripped code lines inside the hidden-test regions of the source notebooks."""
    lines = []
    for path in MINI.glob("*.ipynb"):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            source = "".join(cell["source"])
            for region in re.findall(r"BEGIN HIDDEN TESTS\n(.*?)\n\s*### END HIDDEN TESTS",
                                     source, re.S):
                lines += [line.strip() for line in region.splitlines() if line.strip()]
    return lines


def page_text(path):
    """The text a reader sees on an HTML page: tags (syntax highlighting too) removed."""
    return html.unescape(re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8")))


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as file:
        return list(csv.reader(file))


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_full_cycle_through_the_exchange(database, request, tmp_path, bwrap):
    db = [] if database == "sqlite" else ["--db", request.getfixturevalue("postgres_url")]
    course = tmp_path / "course"
    cpim("init", course, "--roster", write_roster(tmp_path / "students.csv"),
         "--source", SOURCE, *db)
    cpim("build", "--course", course)
    cpim("release", "--course", course)

    exchange = course / "exchange"
    homes = {student: tmp_path / "home" / student for student in ANSWERS}
    for home in homes.values():
        home.mkdir(parents=True)
    as_students(homes, exchange, "fetch_assignment", "mini")
    for student, home in homes.items():
        answer(home / "mini", ANSWERS[student])
    as_students(homes, exchange, "submit", "mini")

    cpim("collect", "--course", course)
    assert sorted(p.name for p in (course / "submitted").iterdir()) == sorted(ANSWERS)
    cpim("autograde", "mini", "--workers", 2, "--course", course)
    cpim("feedback", "--course", course)
    cpim("export", "--course", course)
    cpim("export", "--format", "canvas", "--course", course)
    cpim("report", "--course", course)

    # nbgrader's CSV: one row per roster student, scores as nbgrader computes them
    header, *rows = read_csv(course / "grades.csv")
    assert header == ["assignment", "duedate", "timestamp", "student_id", "last_name",
                      "first_name", "email", "raw_score", "late_submission_penalty", "score",
                      "max_score"]
    found = {row[3]: row for row in rows}
    assert sorted(found) == sorted(SCORES)
    for student, first, last, email in ROSTER:
        row = dict(zip(header, found[student], strict=True))
        assert (row["assignment"], row["last_name"], row["first_name"]) == ("mini", last, first)
        assert row["email"] == email
        assert float(row["raw_score"]) == float(row["score"]) == SCORES[student], row
        assert float(row["late_submission_penalty"]) == 0.0
        assert float(row["max_score"]) == MAX_SCORE
        assert bool(row["timestamp"]) == (student in ANSWERS), row

    # Canvas: one row per student, one column per module, points possible first
    assert read_csv(course / "canvas.csv") == [
        ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "mini"],
        ["Points Possible", "", "", "", "", "7"],
        ["Ames, Alice", "", "alice", "alice@example.org", "", "6"],
        ["Berg, Bob", "", "bob", "", "", "2"],
        ["Cruz, Carol", "", "carol", "", "", "0"],
        ["Diaz, Dan", "", "dan", "", "", "0"],
    ]

    # Feedback: a page per notebook of each submission, which each student fetches from the
    # exchange; no page shows a hidden test
    as_students(homes, exchange, "fetch_feedback", "mini")
    pages = sorted((course / "feedback").glob("*/mini/*.html"))
    assert len(pages) == 2 * len(ANSWERS)
    for home in homes.values():
        fetched = sorted(home.glob("mini/feedback/*/*.html"))
        assert [p.name for p in fetched] == ["arithmetic.html", "lists.html"], fetched
        pages += fetched
    hidden = hidden_test_lines()
    assert len(hidden) == 3, hidden
    for page in pages:
        text = page_text(page)
        assert not [line for line in hidden if line in text], f"{page} shows hidden tests"
        if page.name == "arithmetic.html":
            assert "assert double(2) == 4" in text  # the visible test is shown (and found)
            assert "hidden tests are not shown" in text

    report = course / "report"
    assert {p.name for p in report.iterdir()} == {"index.html", "scores.png", "exercises.png"}
    assert "test_circle_area" in page_text(report / "index.html")
