"""An instructor course directory: a standard nbgrader course directory made from the kit.

`init` writes one, `Course.open` finds one and runs nbgrader's apps on it through nbgrader's own
Python API, so plain `nbgrader` commands and the formgrader keep working beside `cpim-course`.
Layout (nbgrader's defaults): nbgrader_config.py, source/<module>/, release/, submitted/,
autograded/, feedback/ (the last three per student), gradebook.db, exchange/.
"""

import csv
import os
import shutil
import sys
from functools import cached_property
from pathlib import Path

from traitlets.config.loader import PyFileConfigLoader

KIT = Path(__file__).resolve().parents[2]  # the kit's checkout: course/ and autograder/
KIT_COURSE = KIT / "course"
KIT_CONFIG = KIT / "autograder" / "nbgrader_config.py"
CONFIG_FILE = "nbgrader_config.py"
COURSE_ID = "cpimkit"
ROSTER_COLUMNS = ("id", "first_name", "last_name", "email")
# How an LMS names the files of a submissions download: "<student id>_<numbers>_<notebook>.ipynb"
# (Canvas adds "late_" and resubmission numbers). nbgrader's zip_collect reads it from the config.
LMS_FILE_PATTERN = (r".*/(?P<student_id>[^_/]+)_(late_)?([0-9]+_)*"
                    r"(?P<file_id>[^/]+?)(-[0-9]+)?\.ipynb$")

CONFIG_TEMPLATE = '''\
"""nbgrader configuration of this course directory (written by `cpim-course init`).

Plain `nbgrader` commands run from this folder use it, and so does `cpim-course`.
"""

c = get_config()  # noqa: F821 (provided by the loader that reads this file)

c.CourseDirectory.course_id = {course_id!r}
c.CourseDirectory.root = {root!r}
c.CourseDirectory.db_url = {db_url!r}
c.Exchange.root = {exchange!r}
c.ZipCollectApp.downloaded_directory = {downloaded!r}
c.FileNameCollectorPlugin.named_regexp = {lms_pattern!r}

# Seconds one cell may run before it is stopped (nbgrader's executor and nbconvert's both).
c.Execute.timeout = {timeout!r}
c.ExecutePreprocessor.timeout = {timeout!r}

# A submission whose test cell was deleted is graded on the original test all the same.
c.OverwriteCells.add_missing_cells = True

# Feedback shows that a hidden test failed, never its code (also for plain nbgrader and the
# formgrader, as long as the kit is installed).
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "cpim_course.lifecycle.HideHiddenTests",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]

# What the learner finds where a solution was.
c.ClearSolutions.code_stub = {code_stub!r}
c.ClearSolutions.text_stub = {text_stub!r}
'''


class CourseError(Exception):
    """A failure the instructor can act on; the message says what failed, where, and why."""


def init(directory, roster=None, db_url=None, exchange=None, source=KIT_COURSE):
    """Make the course directory `directory` from the kit and return it as a `Course`.

    `source` is the folder of module folders to copy (the kit's course/ by default), `db_url`
    the gradebook (SQLite in the directory by default), `exchange` nbgrader's exchange folder
    (directory/exchange by default), `roster` a CSV file with columns id,first_name,last_name,email.
    """
    root = Path(directory).resolve()
    if (root / CONFIG_FILE).exists():
        raise CourseError(f"{root} is already a course directory ({CONFIG_FILE} exists)")
    modules = sorted(p for p in Path(source).iterdir() if p.is_dir() and any(p.glob("*.ipynb")))
    if not modules:
        raise CourseError(f"no module folder with notebooks in {source}")
    students = read_roster(roster) if roster else []  # read before anything is written
    kit = PyFileConfigLoader(KIT_CONFIG.name, path=str(KIT_CONFIG.parent)).load_config()
    root.mkdir(parents=True, exist_ok=True)
    for module in modules:
        shutil.copytree(module, root / "source" / module.name,
                        ignore=shutil.ignore_patterns(".*", "__pycache__"))
    (root / CONFIG_FILE).write_text(CONFIG_TEMPLATE.format(
        course_id=COURSE_ID,
        root=str(root),
        db_url=db_url or f"sqlite:///{root / 'gradebook.db'}",
        exchange=str(Path(exchange).resolve() if exchange else root / "exchange"),
        downloaded="downloaded",
        lms_pattern=LMS_FILE_PATTERN,
        timeout=kit.Execute.timeout,
        code_stub=dict(kit.ClearSolutions.code_stub),
        text_stub=kit.ClearSolutions.text_stub,
    ), encoding="utf-8")
    course = Course(root)
    with course.gradebook() as gradebook:  # creates the database and its tables
        for student in students:
            gradebook.update_or_create_student(student.pop("id"), **student)
    return course


def read_roster(path):
    """The students of a roster CSV file, as dicts with the keys of ROSTER_COLUMNS."""
    with open(path, newline="", encoding="utf-8-sig") as file:
        reader = csv.DictReader(file)
        rows = list(reader)
    missing = [c for c in ROSTER_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise CourseError(f"roster {path}: missing column(s) {', '.join(missing)}; "
                          f"expected {','.join(ROSTER_COLUMNS)}")
    blank = [n for n, row in enumerate(rows, start=2) if not row["id"].strip()]
    if blank:
        raise CourseError(f"roster {path}: no student id on line(s) {blank}")
    return [{c: row[c].strip() or None for c in ROSTER_COLUMNS} | {"id": row["id"].strip()}
            for row in rows]


class Course:
    """A course directory and nbgrader's API configured for it."""

    def __init__(self, root):
        self.root = Path(root).resolve()
        if not (self.root / CONFIG_FILE).exists():
            raise CourseError(f"{self.root} is not a course directory (no {CONFIG_FILE}); "
                              "make one with `cpim-course init DIR` or pass --course DIR")
        from nbgrader.coursedir import CourseDirectory  # nbgrader loads only for course work

        scripts_first_on_path()
        self.config = PyFileConfigLoader(CONFIG_FILE, path=str(self.root)).load_config()
        self.coursedir = CourseDirectory(config=self.config)

    @cached_property
    def api(self):
        """nbgrader's API on this course (what the formgrader calls)."""
        from nbgrader.apps import NbGraderAPI

        return NbGraderAPI(coursedir=self.coursedir, config=self.config)

    @property
    def course_id(self):
        return self.coursedir.course_id

    def gradebook(self):
        """The gradebook, to use in a `with` block."""
        from nbgrader.api import Gradebook

        return Gradebook(self.coursedir.db_url, self.course_id)

    def modules(self):
        """The assignments: the folders of source/ that hold notebooks."""
        return sorted({p.parent.name for p in self.glob("source", ".", "*", "*.ipynb")})

    def notebooks(self, module, step="release"):
        """Notebook names (stems) of `module` at nbgrader step `step` (release or source)."""
        return sorted(p.stem for p in self.path(step, ".", module).glob("*.ipynb"))

    def path(self, step, student, module):
        """The folder of nbgrader step `step` ("source", "submitted", ...) for student, module."""
        folder = getattr(self.coursedir, f"{step}_directory")
        return Path(self.coursedir.format_path(folder, student, module))

    def students(self, step, module):
        """Ids of the students with a folder of `module` at step `step` (submitted, autograded)."""
        return sorted(p.parent.name for p in self.glob(step, "*", module) if p.is_dir())

    def glob(self, step, student, module, pattern=""):
        """The paths matching `pattern` in path(step, student, module), where both the student
        and the module may hold wildcards."""
        relative = self.path(step, student, module).relative_to(self.root) / pattern
        return self.root.glob(str(relative))

    def check_modules(self, modules):
        """`modules`, or every module when empty; an unknown name is an error listing the known."""
        known = self.modules()
        unknown = [m for m in modules if m not in known]
        if unknown:
            raise CourseError(f"no module {', '.join(unknown)} in {self.path('source', '.', '')}"
                              f" (modules: {', '.join(known) or 'none'})")
        return list(modules) or known

    def outbound(self, module):
        """The exchange folder the students fetch the release of `module` from."""
        return Path(self.api.exchange_root) / self.course_id / "outbound" / module

    def run(self, what, step, *args, **options):
        """Run nbgrader API method `step`; a failure raises CourseError naming `what`."""
        result = getattr(self.api, step)(*args, **options)
        if not result["success"]:
            raise CourseError(f"{what} failed:\n{failure_text(result)}")
        return result


def scripts_first_on_path():
    """Put this environment's scripts first on PATH: nbgrader runs the `alembic` command of its
    own environment on a new gradebook."""
    scripts = str(Path(sys.executable).parent)
    path = os.environ.get("PATH", "")
    if path.split(os.pathsep)[0] != scripts:
        os.environ["PATH"] = os.pathsep.join([scripts, path])


def failure_text(result):
    """The useful lines of a failed nbgrader API result: its log's warnings and errors, or
    else the last line of its traceback."""
    lines = [line for line in result.get("log", "").splitlines()
             if line.startswith(("[ERROR]", "[CRITICAL]", "[WARNING]"))]
    error = (result.get("error") or "").strip().splitlines()
    if error and not lines:
        lines.append(error[-1])
    return "\n".join(f"  {line}" for line in lines) or "  (nbgrader gave no reason)"
