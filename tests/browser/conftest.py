"""Fixtures of the real-browser tests: one Chromium and one learner JupyterLab per session.

The learner's workspace is built like `make lab` builds it, in a temporary folder: the start page
and the student version of BSCM (built in a course directory made by `cpim_course.course.init`),
plus `solved/`, the BSCM source notebooks, whose graded exercises hold correct answers.
"""

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from cpim_course.course import init

import lab

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


@pytest.fixture(scope="session")
def learner_lab(tmp_path_factory):
    base = tmp_path_factory.mktemp("learner")
    workspace = base / "workspace"
    course = init(base / "course")
    course.run("build bscm", "generate_assignment", "bscm")
    shutil.copytree(course.path("release", ".", "bscm"), workspace / "bscm")
    shutil.copy(lab.ROOT / "course" / "index.ipynb", workspace)
    shutil.copytree(course.path("source", ".", "bscm"), workspace / "solved")
    with lab.running_lab(workspace, base / "home",
                         env={"CPIMKIT_PROGRESS": str(base / "progress.json")}) as server:
        yield server
