"""The instructor's JupyterLab (nbgrader as installed, no learner configuration) shows the
formgrader with every module of course/ as an assignment."""

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

import lab

ROOT = Path(__file__).resolve().parents[2]
MODULES = sorted({p.parent.name for p in (ROOT / "course").glob("*/*.ipynb")})


@pytest.fixture
def instructor_lab(tmp_path):
    """A course directory in tmp_path configured by autograder/nbgrader_config.py (root and
    gradebook moved there), served by JupyterLab started in it."""
    course = tmp_path / "course-dir"
    for module in MODULES:
        shutil.copytree(ROOT / "course" / module, course / "course" / module,
                        ignore=shutil.ignore_patterns(".*"))
    gradebook = f"sqlite:///{course / 'gradebook.db'}"
    (course / "nbgrader_config.py").write_text(
        f"c = get_config()  # noqa: F821\n"
        f"load_subconfig({str(ROOT / 'autograder' / 'nbgrader_config.py')!r})  # noqa: F821\n"
        f"c.CourseDirectory.root = {str(course)!r}\n"
        f"c.CourseDirectory.db_url = {gradebook!r}\n"
        f"c.Exchange.root = {str(tmp_path / 'exchange')!r}\n")
    with lab.running_lab(course, tmp_path / "home", learner=False) as server:
        yield server


def test_formgrader_lists_the_modules(page, instructor_lab, screenshot):
    page.goto(instructor_lab.url("lab/workspaces/formgrader?formgrader=true"))
    expect(page.locator(".lm-TabBar-tab", has_text="Formgrader")).to_be_visible()
    formgrader = page.frame_locator("iframe")
    for module in MODULES:
        expect(formgrader.get_by_role("link", name=module, exact=True)).to_be_visible()
    toasts = page.locator(".Toastify__toast")
    expect(toasts, f"a pop-up shows: {toasts.all_inner_texts()}").to_have_count(0)
    screenshot(page, "formgrader")
