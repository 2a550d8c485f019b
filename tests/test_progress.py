"""The progress store: where it lives, what it keeps, and how it survives trouble."""

import json
from pathlib import Path

import pytest

from cpimkit.progress import (
    ENVIRONMENT,
    MARKER,
    Progress,
    find_workspace,
    notebook_title,
    progress_file,
    question_key,
    title,
)

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def no_progress_variable(monkeypatch):
    monkeypatch.delenv(ENVIRONMENT, raising=False)


@pytest.fixture
def workspace(tmp_path):
    (tmp_path / MARKER).touch()
    (tmp_path / "bscm").mkdir()
    return tmp_path


def test_the_workspace_is_the_nearest_folder_with_the_marker(workspace, monkeypatch):
    monkeypatch.chdir(workspace / "bscm")
    assert find_workspace() == workspace
    assert progress_file() == workspace / ".cpimkit" / "progress.json"
    assert find_workspace(workspace.parent) is None


def test_the_environment_variable_wins(workspace, monkeypatch, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "mine.json"
    monkeypatch.setenv(ENVIRONMENT, str(elsewhere))
    assert progress_file(workspace) == elsewhere


def test_the_repository_is_never_a_workspace():
    # The source notebooks run by the tests must not write into the repository.
    assert find_workspace(ROOT / "course" / "bscm") is None
    assert not Progress.for_workspace(ROOT / "course" / "bscm").saving


def test_without_a_workspace_nothing_is_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    progress = Progress.for_workspace()
    progress.record_answer("bscm", "nb", 0, "Q?", chosen="a", correct=True)
    assert progress.answers("bscm", "nb") == {question_key("Q?"): {
        "index": 0, "chosen": "a", "correct": True}}
    assert list(tmp_path.iterdir()) == []


def test_answers_and_checks_are_saved_and_read_back(workspace):
    first = Progress.for_workspace(workspace)
    first.record_answer("bscm", "04-inventory-fundamentals", 2, "What is EOQ?",
                        chosen="The cheapest lot", correct=True)
    first.record_check("bscm", "04-inventory-fundamentals",
                       {"bscm04-eoq-tests": True, "bscm04-rop-tests": False}, mtime=1234.5)
    again = Progress.for_workspace(workspace)
    assert again.answers("bscm", "04-inventory-fundamentals") == {
        question_key("What is EOQ?"): {"index": 2, "chosen": "The cheapest lot",
                                       "correct": True}}
    assert again.quiz_answers("bscm") == {
        "04-inventory-fundamentals": again.answers("bscm", "04-inventory-fundamentals")}
    check = again.checks("bscm")["04-inventory-fundamentals"]
    assert check["parts"] == {"bscm04-eoq-tests": True, "bscm04-rop-tests": False}
    assert (check["mtime"], check["problem"]) == (1234.5, "")
    saved = json.loads((workspace / ".cpimkit" / "progress.json").read_text())
    assert saved["version"] == 1 and set(saved) == {"version", "quizzes", "exercises"}
    assert [p.name for p in (workspace / ".cpimkit").iterdir()] == ["progress.json"]


def test_two_open_notebooks_keep_each_others_answers(workspace):
    one, other = Progress.for_workspace(workspace), Progress.for_workspace(workspace)
    one.record_answer("bscm", "a", 0, "Q1", chosen="x", correct=True)
    other.record_answer("mpr", "b", 0, "Q2", chosen="y", correct=False)
    one.clear_answers("mpr", "c")  # a notebook with nothing saved
    fresh = Progress.for_workspace(workspace)
    assert fresh.answers("bscm", "a") and fresh.answers("mpr", "b")
    one.clear_answers("bscm", "a")
    assert Progress.for_workspace(workspace).answers("bscm", "a") == {}


@pytest.mark.parametrize("content", ["{not json", "[]", '{"quizzes": {"bscm": []}}'])
def test_an_unreadable_file_is_set_aside_not_a_traceback(workspace, content):
    path = workspace / ".cpimkit" / "progress.json"
    path.parent.mkdir()
    path.write_text(content)
    progress = Progress.for_workspace(workspace)
    assert "could not be read" in progress.notice
    kept = [p for p in path.parent.iterdir() if p.name.startswith("progress-unreadable-")]
    assert len(kept) == 1 and kept[0].read_text() == content
    assert kept[0].name in progress.notice
    progress.record_answer("bscm", "nb", 0, "Q?", chosen="a", correct=False)
    assert Progress.for_workspace(workspace).answers("bscm", "nb")


def test_notebook_titles_come_from_the_notebooks():
    assert notebook_title(ROOT / "course", "bscm", "04-inventory-fundamentals") == (
        "Inventory fundamentals")
    assert notebook_title(ROOT / "course", "dsp", "03-boms-and-mrp").startswith("Bills of")
    assert notebook_title(ROOT / "nowhere", "dsp", "03-boms-and-mrp") == "Boms and mrp"


def test_a_notebook_without_a_title_heading_is_named_in_the_error():
    with pytest.raises(ValueError, match="intro.ipynb has no '# ' title heading"):
        title({"cells": [{"cell_type": "markdown", "source": "## Part A"}]}, "intro.ipynb")
