"""The progress widget on a real workspace: quiz answers from the progress file, and exercises
checked by nbgrader's validator on saved student notebooks (one passes, one fails a visible test,
one is untouched)."""

from pathlib import Path

import nbformat
import pytest
import yaml
from nbgrader.utils import compute_checksum

import cpimkit.ui.progress as progress_ui
from cpimkit.progress import ENVIRONMENT, MARKER, Progress
from cpimkit.ui import ProgressWidget

BANK = yaml.safe_load(Path(__file__).with_name("quiz_bank.yaml").read_text(encoding="utf-8"))
STUB = "# Your code here: replace the next line.\nraise NotImplementedError()"


def graded(kind: str, grade_id: str, source: str, **extra) -> nbformat.NotebookNode:
    """A cell of a student version as nbgrader releases it: metadata and checksum."""
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata.nbgrader = {"grade_id": grade_id, "schema_version": 3, "locked": False,
                              "solution": kind == "solution", "grade": kind == "tests",
                              **extra}
    if kind == "tests":
        cell.metadata.nbgrader.update(locked=True, points=1)
    cell.metadata.nbgrader["checksum"] = compute_checksum(cell)
    return cell


def student_notebook(path: Path, double: str, triple: str) -> None:
    """Two graded parts; `double` and `triple` are the learner's function bodies (None: the
    stub as released)."""
    cells = [nbformat.v4.new_markdown_cell("# Multiples\n\n## Part A: Doubling (1 point)")]
    for part, name, factor, body in (("a", "double", 2, double), ("b", "triple", 3, triple)):
        if part == "b":
            cells.append(nbformat.v4.new_markdown_cell("## Part B: Tripling (1 point)"))
        solution = graded("solution", f"bscm01-{name}-solution",
                          f"def {name}(x):\n    {STUB.replace(chr(10), chr(10) + '    ')}")
        if body is not None:
            solution.source = f"def {name}(x):\n    {body}"
        cells += [solution, graded("tests", f"bscm01-{name}-tests",
                                   f'"""{name}() on one value."""\n'
                                   f"assert {name}(3) == {3 * factor}, {name}(3)")]
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata.kernelspec = {"name": "python3", "display_name": "Python 3",
                                    "language": "python"}
    nbformat.write(notebook, path)


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    monkeypatch.delenv(ENVIRONMENT, raising=False)
    (tmp_path / MARKER).touch()
    (tmp_path / "bscm").mkdir()
    student_notebook(tmp_path / "bscm" / "01-passes.ipynb", "return 2 * x", "return 3 * x")
    student_notebook(tmp_path / "bscm" / "02-fails.ipynb", "return 2 * x", "return x + 3")
    student_notebook(tmp_path / "bscm" / "03-untouched.ipynb", None, None)
    return tmp_path


@pytest.fixture
def validated(monkeypatch):
    """The paths check_notebook is called with (it still runs the validator)."""
    calls = []
    original = progress_ui.check_notebook

    def spy(path, validator=None):
        calls.append(Path(path).name)
        return original(path, validator)

    monkeypatch.setattr(progress_ui, "check_notebook", spy)
    return calls


def test_the_widget_reports_which_exercises_pass(workspace, validated):
    widget = ProgressWidget(workspace, banks={"bscm": BANK})
    assert widget.message.value == "" and not widget.check.disabled
    assert "0 of 6" in widget.table.value  # three notebooks of two parts, none checked
    assert widget.exercises.value.count("not checked yet") == 3

    widget.check.click()
    checks = Progress.for_workspace(workspace).checks("bscm")
    assert checks["01-passes"]["parts"] == {"bscm01-double-tests": True,
                                            "bscm01-triple-tests": True}
    assert checks["02-fails"]["parts"] == {"bscm01-double-tests": True,
                                           "bscm01-triple-tests": False}
    assert checks["03-untouched"]["problem"] == "not started"
    assert not any(checks["03-untouched"]["parts"].values())
    assert validated == ["01-passes.ipynb", "02-fails.ipynb", "03-untouched.ipynb"]
    assert "3 of 6" in widget.table.value
    assert [bar.get_width() for bar in widget._bars[2]] == [50]
    assert widget.status.value == "Checked 3 notebooks."
    assert widget.bar.layout.display == "none" and not widget.check.disabled
    details = widget.exercises.value
    assert "href='bscm/02-fails.ipynb'" in details and "BSCM Multiples" in details
    assert ("Part A <span style='color:#1b7a3a'>✔</span> · "
            "Part B <span style='color:#b00020'>✘</span>") in details
    assert "not started" in details

    widget.check.click()  # nothing saved since: nothing runs
    assert widget.status.value == "Nothing changed since the last check."
    assert len(validated) == 3

    student_notebook(workspace / "bscm" / "02-fails.ipynb", "return 2 * x", "return 3 * x")
    assert "edited since" in ProgressWidget(workspace, banks={"bscm": BANK}).exercises.value
    widget.check.click()
    assert validated[3:] == ["02-fails.ipynb"]
    assert "4 of 6" in widget.table.value and widget.status.value == "Checked 1 notebook."


def test_an_edited_test_cell_is_reported_not_trusted(workspace):
    path = workspace / "bscm" / "01-passes.ipynb"
    notebook = nbformat.read(path, as_version=4)
    notebook.cells[2].source = "pass"  # the learner emptied the locked test of Part A
    nbformat.write(notebook, path)
    parts, problem = progress_ui.check_notebook(path)
    assert parts == {"bscm01-double-tests": False, "bscm01-triple-tests": False}
    assert "test cell was edited" in problem


def test_quiz_answers_are_counted_per_module(workspace):
    progress = Progress.for_workspace(workspace)
    first, second = BANK["demo-notebook"][:2]
    progress.record_answer("bscm", "demo-notebook", 0, first["question"], chosen="cost",
                           correct=True)
    progress.record_answer("bscm", "demo-notebook", 1, second["question"],
                           chosen="is unbiased", correct=False)
    progress.record_answer("bscm", "demo-notebook", 5, "A question since removed",
                           chosen="x", correct=True)
    widget = ProgressWidget(workspace, banks={"bscm": BANK, "mpr": BANK})
    assert widget.quiz_counts("bscm") == (4, 2, 1)
    assert widget.quiz_counts("mpr") == (4, 0, 0)
    assert [bar.get_width() for bar in widget._bars[0]] == [50, 0]
    assert [bar.get_width() for bar in widget._bars[1]] == [25, 0]
    assert [label.get_text() for label in widget._labels[0]] == ["50 %", ""]
    assert widget.chart.image.value[:4] == b"\x89PNG"


def test_without_a_workspace_the_learner_is_told_nothing_is_saved(tmp_path, monkeypatch):
    monkeypatch.delenv(ENVIRONMENT, raising=False)
    monkeypatch.chdir(tmp_path)
    widget = ProgressWidget(banks={"bscm": BANK})
    assert "progress is not saved" in widget.message.value
    assert widget.check.disabled and widget.exercises.value == ""
    assert "–" in widget.table.value  # no exercises to count


def test_a_broken_progress_file_is_reported_in_the_widget(workspace):
    (workspace / ".cpimkit").mkdir()
    (workspace / ".cpimkit" / "progress.json").write_text("{oops")
    widget = ProgressWidget(workspace, banks={"bscm": BANK})
    assert "could not be read" in widget.message.value
    assert widget.quiz_counts("bscm") == (4, 0, 0)


def test_a_half_saved_notebook_does_not_stop_the_widget(workspace):
    (workspace / "bscm" / "04-half-saved.ipynb").write_text("{broken")
    widget = ProgressWidget(workspace, banks={"bscm": BANK})
    assert [path.name for path in widget.notebooks("bscm")] == [
        "01-passes.ipynb", "02-fails.ipynb", "03-untouched.ipynb"]
    assert widget.exercise_counts("bscm")[0] == 6
