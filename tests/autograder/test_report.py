"""The class report's numbers, on a gradebook filled by hand with known scores.

The `mini` assignment has four graded cells: arithmetic/test_double (2 points),
arithmetic/test_circle_area (3), arithmetic/explain (1, graded by hand) and lists/test_total (1).
Four students submitted, a fifth did not. Expected values worked out by hand:
difficulty = mean score / points; discrimination = Pearson's r of the cell's scores with each
student's total minus that cell (test_double: item 2,2,0,0 against rest 5,2,3,1 gives
r = 3 / sqrt(4 * 8.75) = 0.5071).
"""

import pytest

from cpim_course.course import Course
from cpim_course.report import (
    gradebook_table,
    item_statistics,
    module_totals,
    students_below,
    write_report,
)

CELLS = [("arithmetic", "test_double"), ("arithmetic", "test_circle_area"),
         ("arithmetic", "explain"), ("lists", "test_total")]
SCORES = {"s1": (2, 3, 1, 1), "s2": (2, 0, 1, 1), "s3": (0, 3, 0, 0), "s4": (0, 0, 0, 1)}
EXPECTED = {  # cell: (points, difficulty, discrimination)
    "test_double": (2, 0.5, 0.5071),
    "test_circle_area": (3, 0.5, -0.1400),
    "explain": (1, 0.5, 0.7001),
    "test_total": (1, 0.75, 0.0),
}


@pytest.fixture
def graded_course(course_dir):
    course = Course(course_dir)
    with course.gradebook() as gradebook:
        for student, scores in SCORES.items():
            gradebook.add_student(student)
            gradebook.add_submission("mini", student)
            for (notebook, cell), score in zip(CELLS, scores, strict=True):
                gradebook.find_grade(cell, notebook, "mini", student).manual_score = score
            gradebook.db.commit()
        gradebook.add_student("s5")  # on the roster, submitted nothing
    return course


def test_exercise_difficulty_and_discrimination(graded_course):
    table, students = gradebook_table(graded_course)
    assert students == ["s1", "s2", "s3", "s4", "s5"]
    items = item_statistics(table)
    for cell, (points, difficulty, discrimination) in EXPECTED.items():
        row = items.xs(cell, level="cell").iloc[0]
        assert row["points"] == points, cell
        assert row["difficulty"] == pytest.approx(difficulty), cell
        assert row["discrimination"] == pytest.approx(discrimination, abs=1e-4), cell


def test_students_below_threshold_include_those_without_submission(graded_course):
    table, students = gradebook_table(graded_course)
    totals = module_totals(table)
    below = students_below(totals, students, 0.6)
    assert below["student"].tolist() == ["s2", "s3", "s4", "s5"]
    assert below["share"].tolist() == pytest.approx([4 / 7, 3 / 7, 1 / 7, 0])
    assert below["note"].tolist() == ["", "", "", "no submission"]
    assert students_below(totals, students, 4 / 7)["student"].tolist() == ["s3", "s4", "s5"]


def test_report_page_and_figures(graded_course, tmp_path):
    page = write_report(graded_course, tmp_path / "report", threshold=0.5)
    assert {p.name for p in page.parent.iterdir()} == {"index.html", "scores.png",
                                                       "exercises.png"}
    for figure in ("scores.png", "exercises.png"):
        assert (page.parent / figure).read_bytes().startswith(b"\x89PNG"), figure
    text = page.read_text(encoding="utf-8")
    assert "<td>0.51</td>" in text and "<td>-0.14</td>" in text  # test_double, test_circle_area
    assert "<td>s3</td>" in text and "<td>s2</td>" not in text  # below 50%: s3, s4, s5
