"""Fixtures of the real-browser tests: one Chromium and one learner JupyterLab per session.

The learner's workspace is built like `make lab` builds it, in a temporary folder: the start page
and the student version of BSCM (nbgrader), plus `solved/`, the BSCM source notebooks, whose graded
exercises hold correct answers.
"""

import os
import shutil
import sys
from pathlib import Path

import pytest
from nbgrader.apps import NbGraderAPI
from nbgrader.coursedir import CourseDirectory
from playwright.sync_api import expect
from traitlets.config.loader import PyFileConfigLoader

import lab

ROOT = lab.ROOT
expect.set_options(timeout=60_000)  # a busy 2-core machine starts kernels and Lab slowly


@pytest.fixture(scope="session")
def browser():
    with lab.chromium() as chromium:
        yield chromium


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.call_report = report
    return report


@pytest.fixture
def page(browser, request):
    """A fresh browser tab; when the test fails, a screenshot of it goes to test-output/."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(60_000)
    tab = context.new_page()
    try:
        yield tab
        if getattr(request.node, "call_report", None) and request.node.call_report.failed:
            lab.OUTPUT.mkdir(exist_ok=True)
            tab.screenshot(path=lab.OUTPUT / f"failed-{request.node.name}.png")
    finally:
        context.close()


@pytest.fixture
def screenshot():
    """save(page or locator, name): a PNG in test-output/ (git-ignored); returns its path."""
    def save(target, name: str) -> Path:
        lab.OUTPUT.mkdir(exist_ok=True)
        path = lab.OUTPUT / f"{name}.png"
        target.screenshot(path=path)
        return path
    return save


def student_version(module: str, course: Path) -> Path:
    """Generate the student version of `module` under `course` (a temporary course directory)."""
    config = PyFileConfigLoader("nbgrader_config.py", path=str(ROOT / "autograder")).load_config()
    shutil.copytree(ROOT / "course" / module, course / "course" / module,
                    ignore=shutil.ignore_patterns(".*"))
    config.CourseDirectory.root = str(course)
    config.CourseDirectory.db_url = f"sqlite:///{course / 'gradebook.db'}"
    coursedir = CourseDirectory(config=config)
    with pytest.MonkeyPatch.context() as env:  # nbgrader runs its environment's `alembic`
        env.setenv("PATH", os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]]))
        result = NbGraderAPI(coursedir=coursedir, config=config).generate_assignment(module)
    assert result["success"], result["log"]
    return Path(coursedir.format_path(coursedir.release_directory, ".", module))


@pytest.fixture(scope="session")
def learner_lab(tmp_path_factory):
    base = tmp_path_factory.mktemp("learner")
    workspace = base / "workspace"
    shutil.copytree(student_version("bscm", base / "course"), workspace / "bscm")
    shutil.copy(ROOT / "course" / "index.ipynb", workspace)
    shutil.copytree(ROOT / "course" / "bscm", workspace / "solved",
                    ignore=shutil.ignore_patterns(".*"))
    with lab.running_lab(workspace, base / "home",
                         env={"CPIMKIT_PROGRESS": str(base / "progress.json")}) as server:
        yield server
