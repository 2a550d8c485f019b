"""The steps of a grading cycle around autograding: build, release, collect, zip-collect,
feedback and export. Each runs nbgrader's own apps on a `Course`, shows its progress and returns
the lines of its summary; a failure raises CourseError naming the module and student involved.
"""

import copy
import csv
import shutil
import time
import warnings
import zipfile
from pathlib import Path

from nbgrader.api import MissingEntry
from nbgrader.apps import ExportApp, ZipCollectApp
from nbgrader.preprocessors import ClearHiddenTests
from nbgrader.utils import capture_log, temp_attrs

from .course import CourseError, failure_text
from .progress import Progress, summary

CANVAS_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]


def build(course, modules=()):
    """Generate the student version of each module (all by default) into release/."""
    modules = course.check_modules(modules)
    progress = Progress(len(modules), "build")
    lines = []
    for module in modules:
        course.run(f"build {module}", "generate_assignment", module, force=True, create=True)
        with course.gradebook() as gradebook:
            points = gradebook.find_assignment(module).max_score
        lines.append(f"{module}: {len(course.notebooks(module))} notebooks, {points:g} points"
                     f" -> {course.path('release', '.', module)}")
        progress.advance(module)
    progress.summary(lines)
    return lines


def built_modules(course, modules):
    """`modules` (all by default); a module not known or not built yet is an error."""
    modules = course.check_modules(modules)
    missing = [m for m in modules if not course.notebooks(m)]
    if missing:
        raise CourseError(f"module {', '.join(missing)} is not built: run `cpim-course build`")
    return modules


def release(course, modules=(), force=False):
    """Copy the student version of each module to the exchange (`force` replaces a release)."""
    modules = built_modules(course, modules)
    progress = Progress(len(modules), "release")
    for module in modules:
        if force:
            course.run(f"release {module}", "unrelease", module)
        course.run(f"release {module}", "release_assignment", module)
        progress.advance(module)
    lines = [f"{m}: released to {course.outbound(m)}" for m in modules]
    progress.summary(lines)
    return lines


def collect(course, modules=()):
    """Copy the newest submission of every student from the exchange into submitted/."""
    modules = built_modules(course, modules)
    progress = Progress(len(modules), "collect")
    for module in modules:
        course.run(f"collect {module}", "collect", module, update=True)
        progress.advance(module)
    lines = [f"{m}: {len(course.students('submitted', m))} submissions in "
             f"{course.path('submitted', '*', m)}" for m in modules]
    progress.summary(lines)
    return lines


def zip_collect(course, archive, module=None):
    """Collect the submissions of an LMS download (a zip of notebooks, or a folder of them).

    Files are named "<student id>_<numbers>_<notebook>.ipynb" (the config's
    FileNameCollectorPlugin.named_regexp); `module` is found from the notebook names if omitted.
    """
    archive = Path(archive)
    if not archive.exists():
        raise CourseError(f"zip-collect: no file or folder {archive}")
    module = module or module_of_archive(course, archive)
    built_modules(course, [module])
    downloaded = course.root / course.config.ZipCollectApp.downloaded_directory / module / "archive"
    if downloaded.exists():
        shutil.rmtree(downloaded)
    if archive.is_dir():
        shutil.copytree(archive, downloaded)
    else:
        downloaded.mkdir(parents=True)
        shutil.copy(archive, downloaded)
    app = ZipCollectApp(coursedir=course.coursedir, config=quiet(course.config))
    app.force = True
    app.strict = True
    started = time.time()
    with temp_attrs(course.coursedir, assignment_id=module):
        result = capture_log(app)
    if not result["success"]:
        raise CourseError(f"zip-collect {archive} into {module} failed:\n{failure_text(result)}")
    collected = [s for s in course.students("submitted", module)
                 if course.path("submitted", s, module).stat().st_mtime >= started]
    if not collected:
        raise CourseError(f"zip-collect: no submission of {module} in {archive}:\n"
                          + failure_text(result))
    skipped = [line.partition("] ")[2] for line in result["log"].splitlines() if "Skipped" in line]
    lines = [f"{module}: {len(collected)} submissions collected ({', '.join(collected)}) into "
             f"{course.path('submitted', '*', module)}"] + skipped
    summary("zip-collect", lines)
    return lines


def quiet(config):
    """A copy of `config` for an nbgrader app whose progress messages would clutter the console
    (its warnings and errors still reach the result of `capture_log`)."""
    config = copy.deepcopy(config)
    config.Application.log_level = "WARN"
    return config


def module_of_archive(course, archive):
    """The one built module whose notebook names end the .ipynb file names of `archive`."""
    if archive.is_dir():
        names = [p.name for p in archive.rglob("*.ipynb")]
    else:
        with zipfile.ZipFile(archive) as zipped:
            names = [Path(n).name for n in zipped.namelist() if n.endswith(".ipynb")]
    found = [m for m in course.modules()
             if any(name.endswith(f"{nb}.ipynb") for nb in course.notebooks(m) for name in names)]
    if len(found) != 1:
        raise CourseError(f"zip-collect: cannot tell the module of {archive} (candidates: "
                          f"{', '.join(found) or 'none'}); pass --module")
    return found[0]


def feedback(course, modules=()):
    """Write the feedback pages of every autograded submission; release them to the exchange
    when the module was released there. Hidden tests stay hidden (see HideHiddenTests).
    """
    modules = built_modules(course, modules)
    work = [(m, s) for m in modules for s in course.students("autograded", m)]
    progress = Progress(len(work), "feedback")
    problems = []
    for module, student in work:
        result = course.api.generate_feedback(module, student, force=True)
        if not result["success"]:
            problems.append(f"{student} {module}: {failure_text(result).strip()}")
        progress.advance(f"{student} {module}")
    released = [m for m in modules if course.outbound(m).is_dir()]
    for module in released:
        release_feedback(course, module)
    lines = [f"{m}: {sum(1 for w in work if w[0] == m)} feedback folders in "
             f"{course.path('feedback', '*', m)}" + (" (released)" if m in released else "")
             for m in modules]
    progress.summary(lines + problems)
    if problems:
        raise CourseError(f"feedback failed for {len(problems)} submission(s)")
    return lines


def release_feedback(course, module):
    """Copy the feedback of `module` to the exchange, for every student (nbgrader's
    `NbGraderAPI.release_feedback` misspells an argument of the exchange app, so it is made here).
    """
    with temp_attrs(course.coursedir, assignment_id=module, student_id="*"), \
            warnings.catch_warnings():
        # it also reads each timestamp.txt without closing it: harmless, and not ours to fix
        warnings.filterwarnings("ignore", "unclosed file", ResourceWarning)
        app = course.api.exchange.ReleaseFeedback(
            coursedir=course.coursedir, authenticator=course.api.authenticator, parent=course.api)
        result = capture_log(app)
    if not result["success"]:
        raise CourseError(f"feedback {module}: release to the exchange failed:\n"
                          + failure_text(result))


class HideHiddenTests(ClearHiddenTests):
    """Feedback preprocessor: a test cell shows its visible tests, never its hidden ones.

    The hidden region is removed from the source, and since a failure's traceback quotes the
    failing line, the outputs of such a cell are replaced by the bare error name and a notice.
    """

    def preprocess_cell(self, cell, resources, index):
        if self._remove_hidden_test_region(cell):
            cell.source = cell.source.rstrip() + "\n# (hidden tests are not shown)"
            errors = [output for output in cell.get("outputs", [])
                      if output.output_type == "error"]
            cell.outputs = [hidden_failure(errors[0])] if errors else []
        return cell, resources


def hidden_failure(error):
    """An error output naming `error`'s exception without quoting any of its code."""
    notice = f"{error.ename}: a test of this cell failed (hidden tests are not shown)"
    return type(error)(output_type="error", ename=error.ename, evalue=notice, traceback=[notice])


def export(course, output=None, form="nbgrader"):
    """Write every student's score per module to a CSV file; returns its path.

    form "nbgrader": nbgrader's own CSV (one row per student and module, grades.csv).
    form "canvas": Canvas's gradebook import (one row per student, one column per module, a
    "Points Possible" row; the student id in "SIS User ID", the email in "SIS Login ID").
    A missing submission scores 0 in both, as in nbgrader's export.
    """
    output = Path(output or course.root / ("grades.csv" if form == "nbgrader" else "canvas.csv"))
    if form == "nbgrader":
        config = quiet(course.config)
        config.ExportPlugin.to = str(output)
        app = ExportApp(coursedir=course.coursedir, config=config)
        result = capture_log(app)
        if not result["success"]:
            raise CourseError(f"export failed:\n{failure_text(result)}")
    elif form == "canvas":
        write_canvas_csv(course, output)
    else:
        raise CourseError(f"export: unknown format {form!r} (nbgrader or canvas)")
    with course.gradebook() as gradebook:
        students, modules = len(gradebook.students), len(gradebook.assignments)
    lines = [f"{students} students x {modules} modules -> {output}"]
    summary("export", lines)
    return output


def write_canvas_csv(course, output):
    with course.gradebook() as gradebook:
        modules = sorted(gradebook.assignments, key=lambda a: a.name)
        rows = [CANVAS_COLUMNS + [m.name for m in modules],
                ["Points Possible", "", "", "", ""] + [f"{m.max_score:g}" for m in modules]]
        for student in sorted(gradebook.students, key=lambda s: s.id):
            name = ", ".join(filter(None, [student.last_name, student.first_name])) or student.id
            scores = []
            for module in modules:
                try:
                    submission = gradebook.find_submission(module.name, student.id)
                except MissingEntry:
                    scores.append("0")
                else:
                    penalty = submission.late_submission_penalty or 0
                    scores.append(f"{max(submission.score - penalty, 0):g}")
            rows.append([name, "", student.id, student.email or "", ""] + scores)
    with open(output, "w", newline="", encoding="utf-8") as file:
        csv.writer(file).writerows(rows)
