"""Autograding throughput: serial `nbgrader autograde` against `autograde(workers=2)`.

Makes two course directories (as `cpim-course init` does) with one assignment built, submits
the same submissions (the solved source notebooks) to both, grades one with plain `nbgrader
autograde` and the other with cpim_course's sandboxed parallel engine, checks that both graded
every submission and prints submissions per minute for each, with the load average of the
machine (other work on it slows both). By default the tiny test assignment `mini`
(tests/autograder/course/mini: two notebooks, five graded cells), whose fixed costs (starting
kernels) dominate; `--module bscm` grades a module of the kit (course/bscm) instead. `--rounds
2` repeats serial then parallel, back to back. Not run by the tests:

    .venv/bin/python benchmarks/autograde_throughput.py [--submissions 40] [--workers 2]
        [--module mini|bscm|...] [--rounds 1]
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
from cpim_course.course import init

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "autograder" / "course" / "mini"
NBGRADER = Path(sys.executable).parent / "nbgrader"


def course_with_submissions(folder: Path, source: Path, submissions: int) -> Path:
    """A course made by `cpim-course init` in `folder` from the module folders beside `source`,
    `source` built, with `submissions` students who submitted `source` solved."""
    course = init(folder, source=source.parent)  # puts this environment's scripts on PATH
    course.run(f"build {source.name}", "generate_assignment", source.name, force=True,
               create=True)
    for number in range(submissions):
        submitted = folder / "submitted" / f"student{number:03d}" / source.name
        shutil.copytree(source, submitted)
        (submitted / "timestamp.txt").write_text("2025-01-15 10:00:00.000000 UTC")
    return folder


def timed(step) -> float:
    start = time.perf_counter()
    step()
    return time.perf_counter() - start


def load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def one_round(source: Path, submissions: int, workers: int) -> tuple[float, float]:
    """Seconds of the serial and of the parallel grading of the same submissions."""
    module = source.name
    with tempfile.TemporaryDirectory(prefix="cpim-benchmark-") as scratch:
        serial = course_with_submissions(Path(scratch) / "serial", source, submissions)
        parallel = course_with_submissions(Path(scratch) / "parallel", source, submissions)
        print(f"  load average before serial:   {load()}")
        serial_seconds = timed(lambda: subprocess.run([NBGRADER, "autograde", module],
                                                      cwd=serial, check=True, capture_output=True))
        print(f"  load average before parallel: {load()}")
        parallel_seconds = timed(lambda: autograde(parallel, module, workers=workers,
                                                   progress=False))
        print(f"  load average after:           {load()}")
        graded = [len(list((c / "autograded").iterdir())) for c in (serial, parallel)]
    if graded != [submissions, submissions]:
        sys.exit(f"not every submission was graded (serial, parallel): {graded}")
    return serial_seconds, parallel_seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=40)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--module", default="mini", help="mini, or a module of the kit's course/")
    parser.add_argument("--rounds", type=int, default=1)
    options = parser.parse_args()
    source = MINI if options.module == "mini" else ROOT / "course" / options.module
    print(f"{options.submissions} submissions of {options.module}, {os.cpu_count()} cores")
    for number in range(1, options.rounds + 1):
        print(f"round {number}:")
        seconds = one_round(source, options.submissions, options.workers)
        rates = [options.submissions * 60 / s for s in seconds]
        print(f"  serial nbgrader autograde:         {seconds[0]:7.1f} s  "
              f"{rates[0]:6.1f} submissions/min")
        print(f"  cpim-course autograde --workers {options.workers}: {seconds[1]:7.1f} s  "
              f"{rates[1]:6.1f} submissions/min")
        print(f"  speed-up: {rates[1] / rates[0]:.2f}x")


if __name__ == "__main__":
    main()
