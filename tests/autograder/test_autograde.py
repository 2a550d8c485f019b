"""The parallel autograder writes exactly what serial `nbgrader autograde` writes, and resumes.

The same submissions of the tiny assignment `mini` (tests/autograder/course/mini) go into two
copies of a course: one graded by plain `nbgrader autograde mini`, one by `autograde(...,
workers=2)`; every grade and comment is compared, on SQLite and on PostgreSQL.
"""

from pathlib import Path

import pytest

from cpim_course import autograde as engine
from cpim_course.autograde import autograde
from cpim_course.sandbox import SandboxUnavailable

SOURCE = Path(__file__).parent / "course" / "mini"
RIGHT = {"double": "def double(x):\n    return x + x",
         "circle_area": "def circle_area(radius):\n    return math.pi * radius * radius",
         "total": "def total(values):\n    return sum(values)"}
WRONG = {"double": "def double(x):\n    return abs(2 * x)",  # fails the hidden test only
         "circle_area": "def circle_area(radius):\n    return 3.14 * radius ** 2",
         "total": "def total(values):\n    import sys\n    print('hmm', file=sys.stderr)\n"
                  "    return sum(values)"}


def class_submissions(course, answered) -> dict[str, dict]:
    """Student id -> the notebooks they submit: right, empty, mixed, partly missing."""
    def notebooks(answers, explain=None, lists=True):
        chosen = {"arithmetic.ipynb": answered(
            course, "arithmetic", {**answers, **({"explain": explain} if explain else {})})}
        if lists:
            chosen["lists.ipynb"] = answered(course, "lists", answers)
        return chosen
    return {
        "ann": {p.name: p for p in SOURCE.glob("*.ipynb")},
        "ben": notebooks({}),
        "cai": notebooks({**RIGHT, "circle_area": WRONG["circle_area"]}, "Signs multiply."),
        "dee": notebooks({**WRONG, "double": RIGHT["double"]}, lists=False),
        "eve": notebooks(WRONG),
    }


def graded_files(course: Path) -> list[str]:
    return sorted(p.relative_to(course).as_posix()
                  for p in (course / "autograded").rglob("*") if p.is_file())


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_same_grades_and_comments_as_serial_nbgrader(
        database, request, make_course, submit, answered, run_nbgrader, gradebook_rows,
        monkeypatch):
    urls = ([request.getfixturevalue("make_postgres_url")() for _ in range(2)]
            if database == "postgresql" else [None, None])
    serial, parallel = (make_course(url, name)
                        for url, name in zip(urls, ["serial", "parallel"], strict=True))
    for course in (serial, parallel):
        for student, notebooks in class_submissions(course, answered).items():
            submit(course, student, notebooks)

    run_nbgrader(serial, "autograde", "mini")
    started = []
    start = engine.Worker.__init__
    monkeypatch.setattr(engine.Worker, "__init__", lambda worker: (started.append(worker),
                                                                   start(worker))[-1])
    summary = autograde(parallel, "mini", workers=2, progress=False)

    assert sorted(summary.graded) == ["ann", "ben", "cai", "dee", "eve"], summary.lines()
    expected = gradebook_rows(serial)
    assert gradebook_rows(parallel) == expected
    assert expected["ann", "arithmetic", "grade", "test_circle_area"][0] == 3
    assert expected["eve", "arithmetic", "grade", "test_double"][0] == 0
    assert graded_files(parallel) == graded_files(serial)
    assert len(started) == 2, "each worker process grades one submission after another"


def test_rerun_after_a_worker_crash_grades_only_what_is_missing(
        course_dir, submit, answered, gradebook_rows, monkeypatch):
    for student in ("ann", "ben", "cai"):
        submit(course_dir, student, {"arithmetic.ipynb": answered(course_dir, "arithmetic", RIGHT),
                                     "lists.ipynb": answered(course_dir, "lists", RIGHT)})
    run = engine.Worker.run

    def killed_for_ben(worker, spec, timeout):
        if "/ben/" in spec["workdir"]:
            worker.process.kill()  # the worker process dies, as in an out-of-memory kill
        return run(worker, spec, timeout)

    monkeypatch.setattr(engine.Worker, "run", killed_for_ben)
    first = autograde(course_dir, "mini", workers=2, progress=False)
    assert sorted(first.graded) == ["ann", "cai"], first.lines()
    assert "the grading worker stopped" in first.failed["ben"]
    assert not (course_dir / "autograded" / "ben").exists()
    graded_before = {p: p.stat().st_mtime_ns for p in (course_dir / "autograded").rglob("*.ipynb")}

    monkeypatch.setattr(engine.Worker, "run", run)
    second = autograde(course_dir, "mini", workers=2, progress=False)
    assert second.graded == ["ben"] and sorted(second.skipped) == ["ann", "cai"]
    assert all(p.stat().st_mtime_ns == t for p, t in graded_before.items())
    rows = gradebook_rows(course_dir)
    assert {rows[s, "arithmetic", "grade", "test_double"][0] for s in ("ann", "ben", "cai")} == {2}

    forced = autograde(course_dir, "mini", workers=2, force=True, students=["ann"], progress=False)
    assert forced.graded == ["ann"] and gradebook_rows(course_dir) == rows


def test_refuses_without_bubblewrap_unless_told(course_dir, monkeypatch):
    monkeypatch.setattr(engine.sandboxing, "bwrap_path", _missing_bwrap)
    with pytest.raises(SandboxUnavailable, match="--no-sandbox"):
        autograde(course_dir, "mini", progress=False)
    assert autograde(course_dir, "mini", sandbox=False, progress=False).failed == {}


def _missing_bwrap():
    raise SandboxUnavailable("bubblewrap (bwrap) is not installed ... or pass --no-sandbox")


def test_the_sandbox_hides_the_secrets_of_etc(tmp_path, bwrap):
    """Grading as root, /etc/shadow would be readable: in the sandbox it is an unreadable
    device node (user namespaces mount without devices) and /etc/ssh is empty."""
    import os
    import subprocess
    import sys

    from cpim_course.sandbox import Limits, command

    if not os.access("/etc/shadow", os.R_OK):
        pytest.skip("/etc/shadow is unreadable to this user anyway: the test needs root (CI)")
    probe = ("import os, pathlib\n"
             "try: print(len(pathlib.Path('/etc/shadow').read_bytes()))\n"
             "except PermissionError: print('denied')\n"
             "print(os.listdir('/etc/ssh'))")
    argv = command([sys.executable, "-c", probe], workdir=tmp_path, runtime=tmp_path,
                   limits=Limits())
    out = subprocess.run(argv, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["denied", "[]"], out.stdout + out.stderr
    assert Path("/etc/shadow").stat().st_size > 0, "the test needs a non-empty /etc/shadow"
