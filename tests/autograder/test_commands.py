"""`cpim-course init`, `zip-collect` and the command's failures, without grading anything."""

import zipfile
from pathlib import Path

import pytest

from cpim_course import cli
from cpim_course.course import KIT_COURSE, Course, CourseError, read_roster

SOURCE = Path(__file__).resolve().parent / "course"
MINI = SOURCE / "mini"


def cpim(*args):
    return cli.main([str(a) for a in args])


def test_init_copies_every_kit_module_and_imports_the_roster(tmp_path):
    roster = tmp_path / "students.csv"
    roster.write_text("id,first_name,last_name,email\nann,Ann,Avery,ann@example.org\n"
                      "ben,,Baker,\n", encoding="utf-8")
    assert cpim("init", tmp_path / "course", "--roster", roster) == 0
    course = Course(tmp_path / "course")
    kit_modules = sorted(p.parent.name for p in KIT_COURSE.glob("*/*.ipynb"))
    assert course.modules() == sorted(set(kit_modules))
    for module in course.modules():
        assert course.notebooks(module, "source") == sorted(
            p.stem for p in (KIT_COURSE / module).glob("*.ipynb"))
    with course.gradebook() as gradebook:
        students = {(s.id, s.first_name, s.last_name, s.email) for s in gradebook.students}
    assert students == {("ann", "Ann", "Avery", "ann@example.org"),
                        ("ben", None, "Baker", None)}
    assert course.coursedir.db_url == f"sqlite:///{tmp_path / 'course' / 'gradebook.db'}"
    assert course.config.Exchange.root == str(tmp_path / "course" / "exchange")


def test_init_refuses_an_existing_course_and_a_bad_roster(tmp_path, capsys):
    assert cpim("init", tmp_path / "a", "--source", SOURCE) == 0
    assert cpim("init", tmp_path / "a", "--source", SOURCE) == 1
    assert "already a course directory" in capsys.readouterr().err
    roster = tmp_path / "roster.csv"
    roster.write_text("id,name\nann,Ann\n", encoding="utf-8")
    assert cpim("init", tmp_path / "b", "--roster", roster, "--source", SOURCE) == 1
    assert "missing column(s) first_name, last_name, email" in capsys.readouterr().err
    assert not (tmp_path / "b").exists(), "a bad roster leaves nothing behind"
    roster.write_text("id,first_name,last_name,email\nann,Ann,Avery,\n", encoding="utf-8")
    assert cpim("init", tmp_path / "b", "--roster", roster, "--source", SOURCE) == 0


def test_a_roster_with_only_a_header_is_checked_too(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("id,name\n", encoding="utf-8")
    with pytest.raises(CourseError, match="missing column"):
        read_roster(roster)
    roster.write_text("id,first_name,last_name,email\n", encoding="utf-8")
    assert read_roster(roster) == []


def test_commands_name_what_is_wrong(tmp_path, capsys):
    assert cpim("build", "--course", tmp_path) == 1
    assert "is not a course directory" in capsys.readouterr().err
    assert cpim("init", tmp_path / "course", "--source", SOURCE) == 0
    assert cpim("build", "nosuch", "--course", tmp_path / "course") == 1
    assert "no module nosuch" in capsys.readouterr().err
    assert cpim("release", "--course", tmp_path / "course") == 1
    assert "mini is not built: run `cpim-course build`" in capsys.readouterr().err


def test_zip_collect_reads_an_lms_download(tmp_path, capsys):
    assert cpim("init", tmp_path / "course", "--source", SOURCE) == 0
    assert cpim("build", "--course", tmp_path / "course") == 0
    archive = tmp_path / "submissions.zip"
    files = {  # Canvas-style names: student, numbers, "late", a resubmission suffix
        "alice_1201_5501_arithmetic.ipynb": MINI / "arithmetic.ipynb",
        "alice_1201_5502_lists.ipynb": MINI / "lists.ipynb",
        "bob_late_1202_5503_arithmetic-1.ipynb": MINI / "arithmetic.ipynb",
        "bob_1202_5504_notes.txt": None,
    }
    with zipfile.ZipFile(archive, "w") as zipped:
        for name, path in files.items():
            zipped.writestr(name, path.read_bytes() if path else b"my notes")
    assert cpim("zip-collect", archive, "--course", tmp_path / "course") == 0  # module found
    submitted = tmp_path / "course" / "submitted"
    assert sorted(p.relative_to(submitted).as_posix() for p in submitted.glob("*/*/*.ipynb")) == [
        "alice/mini/arithmetic.ipynb", "alice/mini/lists.ipynb", "bob/mini/arithmetic.ipynb"]
    assert (submitted / "bob/mini/arithmetic.ipynb").read_bytes() == (
        MINI / "arithmetic.ipynb").read_bytes()
    err = capsys.readouterr().err
    assert "mini: 2 submissions collected (alice, bob)" in err
    assert "notes.txt" in err  # the skipped file is named

    other = tmp_path / "other.zip"
    with zipfile.ZipFile(other, "w") as zipped:
        zipped.writestr("carol_1_2_essay.ipynb", b"{}")
    assert cpim("zip-collect", other, "--course", tmp_path / "course") == 1
    assert "cannot tell the module" in capsys.readouterr().err
