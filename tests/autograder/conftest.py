"""Fixtures of the instructor-tooling tests: a small course directory, a PostgreSQL server, bwrap.

`course_dir` is a ready nbgrader course directory (tmp_path/"course") holding the tiny assignment
`mini` of tests/autograder/course/ (notebooks `arithmetic`: 5 auto points + 1 manual point, and
`lists`: 1 point), already built: source/, release/ and the gradebook (SQLite) exist; built once
per session and copied for each test. `make_course(db_url=None)` makes further ones, on another
gradebook URL when given (the assignment is then built again into that database).
`postgres_url` is a fresh, empty database on a real PostgreSQL server started once per session
(`make_postgres_url()` makes more);
`submit(course, student, notebooks)` writes a submission, `answered(course, notebook, sources)`
makes one notebook of it; `gradebook_rows(course, module)` reads back every grade and comment;
`run_nbgrader(course, *args)` runs plain nbgrader. Every test runs with this environment's
scripts first on PATH (`scripts_on_path`).

PostgreSQL and bubblewrap are Debian packages (`apt-get install -y postgresql bubblewrap`):
the tests that need them fail, with that advice, when they are missing.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import pytest

from cpim_course.course import Course, scripts_first_on_path
from cpim_course.sandbox import SandboxUnavailable, bwrap_path

HERE = Path(__file__).resolve().parent
ASSIGNMENT = "mini"
ASSIGNMENT_SOURCE = HERE / "course" / ASSIGNMENT
# The newest PostgreSQL installed (Debian: /usr/lib/postgresql/<major version>/bin), or None
POSTGRES_BIN = max((p.parent for p in Path("/usr/lib/postgresql").glob("*/bin/initdb")),
                   key=lambda folder: float(folder.parent.name), default=None)
VENV_BIN = Path(sys.executable).parent

# nbgrader_config.py of a test course: every path follows the file, so a copied course works.
CONFIG = '''\
"""nbgrader configuration of a test course directory (paths follow this file)."""
from pathlib import Path

HERE = Path(__file__).resolve().parent
c = get_config()  # noqa: F821
c.CourseDirectory.course_id = "cpim-test"
c.CourseDirectory.root = str(HERE)
c.CourseDirectory.db_url = {db_url}
c.Exchange.root = str(HERE / "exchange")
c.Execute.timeout = 10
c.ExecutePreprocessor.timeout = 10
c.OverwriteCells.add_missing_cells = True  # a deleted test cell is graded all the same
c.ClearSolutions.code_stub = {{"python": "# Your code here\\nraise NotImplementedError()"}}
c.ClearSolutions.text_stub = "Write your answer here."
'''
SQLITE_URL = 'f"sqlite:///{HERE / \'gradebook.db\'}"'


@pytest.fixture(scope="session", autouse=True)
def scripts_on_path():
    """This environment's scripts first on PATH for the tests here (nbgrader runs its `alembic`
    on a new gradebook), as `Course` puts them; PATH is restored after the session."""
    previous = os.environ["PATH"]
    scripts_first_on_path()
    yield
    os.environ["PATH"] = previous


def nbgrader(course: Path, *args: str) -> subprocess.CompletedProcess:
    """Run the `nbgrader` command of this environment in `course`; fail the test on an error."""
    done = subprocess.run([str(VENV_BIN / "nbgrader"), *args], cwd=course, capture_output=True,
                          text=True)
    if done.returncode:
        pytest.fail(f"nbgrader {' '.join(args)} failed in {course}:\n{done.stderr}")
    return done


def write_course(folder: Path, db_url: str | None = None) -> Path:
    """A course directory in `folder` with the `mini` source and its gradebook at `db_url`."""
    folder.mkdir(parents=True, exist_ok=True)
    db_line = repr(db_url) if db_url else SQLITE_URL
    (folder / "nbgrader_config.py").write_text(CONFIG.format(db_url=db_line), encoding="utf-8")
    shutil.copytree(ASSIGNMENT_SOURCE, folder / "source" / ASSIGNMENT, dirs_exist_ok=True)
    nbgrader(folder, "generate_assignment", ASSIGNMENT, "--force")
    return folder


@pytest.fixture(scope="session")
def built_course(tmp_path_factory) -> Path:
    """The `mini` course on SQLite, built once (copy it, never change it)."""
    return write_course(tmp_path_factory.mktemp("built") / "course")


@pytest.fixture
def make_course(built_course, tmp_path):
    """Make a course directory: `make_course(db_url=None, name="course")` -> its path."""
    def make(db_url: str | None = None, name: str = "course") -> Path:
        folder = tmp_path / name
        if db_url is None:
            shutil.copytree(built_course, folder)
            return folder
        return write_course(folder, db_url)
    return make


@pytest.fixture
def course_dir(make_course) -> Path:
    """A built course directory with the `mini` assignment and a SQLite gradebook."""
    return make_course()


@pytest.fixture(scope="session")
def run_nbgrader():
    """`run_nbgrader(course, *args)` runs plain `nbgrader` in `course`; the test fails on error."""
    return nbgrader


@pytest.fixture(scope="session")
def answered():
    """`answered(course, notebook, {cell: source})` -> the released notebook (a dict) of `mini`
    with the cells named (nbgrader grade id, else cell id) given new sources."""
    def answer(course: Path, notebook: str, sources: dict[str, str]) -> dict:
        path = course / "release" / ASSIGNMENT / f"{notebook}.ipynb"
        content = json.loads(path.read_text(encoding="utf-8"))
        for cell in content["cells"]:
            name = cell["metadata"].get("nbgrader", {}).get("grade_id", cell["id"])
            if name in sources:
                cell["source"] = sources[name]
        return content
    return answer


@pytest.fixture(scope="session")
def submit():
    """`submit(course, student, notebooks, module="mini")` writes a submission.

    `notebooks` maps a notebook file name to its content: a notebook as a dict, raw text or bytes,
    or a Path to copy. The timestamp file nbgrader's collect writes is added.
    """
    def write(course: Path, student: str, notebooks: dict, module: str = ASSIGNMENT) -> Path:
        folder = course / "submitted" / student / module
        folder.mkdir(parents=True, exist_ok=True)
        for name, content in notebooks.items():
            target = folder / name
            if isinstance(content, Path):
                shutil.copy(content, target)
            elif isinstance(content, bytes):
                target.write_bytes(content)
            elif isinstance(content, str):
                target.write_text(content, encoding="utf-8")
            else:
                target.write_text(json.dumps(content, indent=1), encoding="utf-8")
        (folder / "timestamp.txt").write_text("2025-01-15 10:00:00.000000 UTC", encoding="utf-8")
        return folder
    return write


@pytest.fixture(scope="session")
def gradebook_rows():
    """`gradebook_rows(course, module="mini")` -> every grade and comment, comparable.

    A dict keyed by (student, notebook, cell) with the grade's auto score, manual score, extra
    credit, max score and needs-manual-grade flag, and the comment's auto and manual text.
    """
    def read(course: Path, module: str = ASSIGNMENT) -> dict:
        rows = {}
        with Course(course).gradebook() as gradebook:
            for submission in gradebook.assignment_submissions(module):
                for notebook in submission.notebooks:
                    for grade in notebook.grades:
                        rows[submission.student_id, notebook.name, "grade", grade.name] = (
                            grade.auto_score, grade.manual_score, grade.extra_credit,
                            grade.max_score, grade.needs_manual_grade)
                    for comment in notebook.comments:
                        rows[submission.student_id, notebook.name, "comment", comment.name] = (
                            comment.auto_comment, comment.manual_comment)
        return rows
    return read


def run_as_postgres(*command: str) -> None:
    """Run a PostgreSQL program; as root, as the `postgres` user (initdb refuses root)."""
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    subprocess.run([*prefix, *command], check=True, capture_output=True, text=True)


@pytest.fixture(scope="session")
def postgres_server():
    """A PostgreSQL server on a unix socket in a temporary folder -> (socket folder, user)."""
    if POSTGRES_BIN is None:
        pytest.fail("PostgreSQL is not installed: run `apt-get install -y postgresql` (Debian).")
    folder = Path(tempfile.mkdtemp(prefix="cpim-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    data = folder / "data"
    run_as_postgres(str(POSTGRES_BIN / "initdb"), "-D", str(data), "-U", "postgres",
                    "--auth=trust", "--no-sync")
    run_as_postgres(str(POSTGRES_BIN / "pg_ctl"), "-D", str(data), "-w", "-l",
                    str(folder / "server.log"), "-o",
                    f"-c listen_addresses='' -k {folder} -c fsync=off", "start")
    try:
        yield folder, "postgres"
    finally:
        run_as_postgres(str(POSTGRES_BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop")
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def make_postgres_url(postgres_server):
    """`make_postgres_url()` -> the SQLAlchemy URL of a new empty database on the server."""
    try:
        import psycopg  # noqa: F401 (SQLAlchemy 2.1 reaches postgresql:// URLs through psycopg 3)
    except ImportError:
        pytest.fail("the PostgreSQL driver is missing: pip install -e '.[test]' (psycopg).")
    socket, user = postgres_server

    def make() -> str:
        name = f"gradebook_{uuid.uuid4().hex[:12]}"
        run_as_postgres(str(POSTGRES_BIN / "createdb"), "-h", str(socket), "-U", user, name)
        return f"postgresql://{user}@/{name}?host={socket}"
    return make


@pytest.fixture
def postgres_url(make_postgres_url) -> str:
    """The SQLAlchemy URL of a new empty database on the session's PostgreSQL server."""
    return make_postgres_url()


@pytest.fixture(scope="session")
def bwrap() -> str:
    """The path of a working bubblewrap (`sandbox.bwrap_path`), or the test fails saying why."""
    try:
        return bwrap_path()
    except SandboxUnavailable as error:
        pytest.fail(str(error))
