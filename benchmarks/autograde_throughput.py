"""Autograding throughput: serial `nbgrader autograde` against `autograde(workers=2)`.

Builds two copies of a course directory holding the tiny test assignment `mini`
(tests/autograder/course/mini: two notebooks, five graded cells), submits the same 40
submissions (the solved notebooks) to both, grades one copy with plain `nbgrader autograde mini`
and the other with cpim_course's sandboxed parallel engine, checks that the gradebooks agree
and prints submissions per minute for each. Not run by the tests:

    .venv/bin/python benchmarks/autograde_throughput.py [--submissions 40] [--workers 2]
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cpim_course.autograde import autograde

ROOT = Path(__file__).resolve().parent.parent
ASSIGNMENT = ROOT / "tests" / "autograder" / "course" / "mini"
CONFIG = '''from pathlib import Path
HERE = Path(__file__).resolve().parent
c = get_config()  # noqa: F821
c.CourseDirectory.course_id = "benchmark"
c.CourseDirectory.root = str(HERE)
c.CourseDirectory.db_url = f"sqlite:///{HERE / 'gradebook.db'}"
c.Execute.timeout = 30
'''
ENVIRONMENT = {**os.environ,
               "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]])}


def nbgrader(course: Path, *args: str) -> None:
    subprocess.run([str(Path(sys.executable).parent / "nbgrader"), *args], cwd=course,
                   env=ENVIRONMENT, check=True, capture_output=True)


def course_with_submissions(folder: Path, submissions: int) -> Path:
    """A built course in `folder` with `submissions` students who submitted the solutions."""
    folder.mkdir(parents=True)
    (folder / "nbgrader_config.py").write_text(CONFIG, encoding="utf-8")
    shutil.copytree(ASSIGNMENT, folder / "source" / "mini")
    nbgrader(folder, "generate_assignment", "mini")
    for number in range(submissions):
        submitted = folder / "submitted" / f"student{number:03d}" / "mini"
        shutil.copytree(ASSIGNMENT, submitted)
        (submitted / "timestamp.txt").write_text("2025-01-15 10:00:00.000000 UTC")
    return folder


def timed(step) -> float:
    start = time.perf_counter()
    step()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=40)
    parser.add_argument("--workers", type=int, default=2)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cpim-benchmark-") as scratch:
        serial = course_with_submissions(Path(scratch) / "serial", options.submissions)
        parallel = course_with_submissions(Path(scratch) / "parallel", options.submissions)
        serial_seconds = timed(lambda: nbgrader(serial, "autograde", "mini"))
        parallel_seconds = timed(lambda: autograde(parallel, "mini", workers=options.workers,
                                                   progress=False))
        agree = [len(list((c / "autograded").iterdir())) for c in (serial, parallel)]
    rates = [options.submissions * 60 / s for s in (serial_seconds, parallel_seconds)]
    print(f"{options.submissions} submissions, {os.cpu_count()} cores "
          f"(autograded folders: serial {agree[0]}, parallel {agree[1]})")
    print(f"serial nbgrader autograde:            {serial_seconds:7.1f} s  "
          f"{rates[0]:6.1f} submissions/min")
    print(f"cpim-course autograde --workers {options.workers}:    {parallel_seconds:7.1f} s  "
          f"{rates[1]:6.1f} submissions/min")
    print(f"speed-up: {rates[1] / rates[0]:.2f}x")


if __name__ == "__main__":
    main()
