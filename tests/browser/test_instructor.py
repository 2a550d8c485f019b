"""The instructor's JupyterLab (nbgrader as installed, no learner configuration) shows the
formgrader with every module of course/ as an assignment."""

import pytest
from playwright.sync_api import expect

from cpim_course.course import init

import lab


@pytest.fixture
def course(tmp_path):
    """A course directory made from the kit as an instructor makes one (`cpim-course init`)."""
    return init(tmp_path / "course-dir")


@pytest.fixture
def instructor_lab(course, tmp_path):
    """JupyterLab started in the course directory, with the instructor's configuration."""
    with lab.running_lab(course.root, tmp_path / "home", config=lab.INSTRUCTOR_CONFIG) as server:
        yield server


def test_formgrader_lists_the_modules(page, course, instructor_lab, screenshot):
    page.goto(instructor_lab.url("lab/workspaces/formgrader?formgrader=true"))
    expect(page.locator(".lm-TabBar-tab", has_text="Formgrader")).to_be_visible()
    formgrader = page.frame_locator("iframe")
    for module in course.modules():
        expect(formgrader.get_by_role("link", name=module, exact=True)).to_be_visible()
    toasts = page.locator(".Toastify__toast")
    expect(toasts, f"a pop-up shows: {toasts.all_inner_texts()}").to_have_count(0)
    screenshot(page, "formgrader")
