"""What a learner does in JupyterLab, in a real browser (headless Chromium against a local Lab).

Screenshots go to test-output/. To refresh the README's calculator picture from the EOQ test:

    CPIMKIT_UPDATE_SCREENSHOTS=1 .venv/bin/python -m pytest tests/browser -k eoq

(it copies test-output/eoq-calculator.png to docs/).
"""

import os
import re
import secrets
import shutil

import pytest
from playwright.sync_api import expect

from cpimkit.ui.quiz import load_bank

import lab

NOTEBOOK = "04-inventory-fundamentals.ipynb"
KERNEL = "Python 3 (ipykernel)"
RUN_SECONDS = 120


def visible_notebook(page):
    return page.locator(".jp-NotebookPanel:visible")


def wait_for_idle_kernel(page, name: str) -> None:
    """Wait until notebook `name` has a connected, idle kernel, as the status bar reports it.

    The toolbar's indicator reads idle before the kernel exists, and Run All pressed then asks
    the learner to select a kernel (the cause of a failure on a busy machine).
    """
    status = page.locator(f"#jp-main-statusbar [title='Change kernel for {name}']")
    expect(status).to_have_text(f"{KERNEL} | Idle", timeout=RUN_SECONDS * 1000)


def lab_page(server, path: str) -> str:
    """`path` opened alone, in a JupyterLab workspace of its own (no tabs of earlier tests)."""
    return server.url(f"lab/workspaces/{secrets.token_hex(4)}/tree/{path}")


def open_in_lab(page, server, path: str):
    page.goto(lab_page(server, path))
    notebook = visible_notebook(page)
    expect(notebook).to_be_visible()
    wait_for_idle_kernel(page, path.rsplit("/", 1)[-1])
    return notebook


def code_cell(notebook, text: str):
    return notebook.locator(".jp-CodeCell").filter(has_text=text)


def run_cell(page, cell) -> None:
    cell.locator(".jp-InputArea-editor").click()
    page.keyboard.press("Shift+Enter")


def run_all_cells(page) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile("^Run$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile("^Run All Cells$")).click()


def test_learner_lab_has_no_popups_or_instructor_tools(page, learner_lab):
    page.goto(lab_page(learner_lab, "index.ipynb"))
    expect(page.locator(".jp-RenderedMarkdown").first).to_be_visible()
    expect(page.locator(".lm-MenuBar-itemLabel", has_text="Run")).to_be_visible()
    expect(page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader")).to_have_count(0)
    toasts = page.locator(".Toastify__toast")
    expect(toasts, f"a pop-up shows: {toasts.all_inner_texts()}").to_have_count(0)
    response = page.request.get(learner_lab.url("formgrader"))
    assert response.status == 404, "the learner's Lab serves the formgrader"


def test_eoq_calculator_follows_typed_input(page, learner_lab, screenshot):
    page.goto(lab_page(learner_lab, "index.ipynb"))
    page.locator(f".jp-RenderedMarkdown a[href*='bscm/{NOTEBOOK}']").click()
    notebook = visible_notebook(page)
    expect(page.locator(".lm-TabBar-tab.lm-mod-current", has_text=NOTEBOOK)).to_be_visible()
    wait_for_idle_kernel(page, NOTEBOOK)
    run_all_cells(page)  # stops at the first graded exercise: the student version holds stubs

    calculator = code_cell(notebook, "EOQCalculator(annual_demand=12_000").locator(".jp-OutputArea")
    quantity = calculator.locator("td", has_text="Economic order quantity Q*").locator(
        "xpath=following-sibling::td")
    chart = calculator.locator("img")
    expect(quantity).to_have_text("489.90 units", timeout=RUN_SECONDS * 1000)
    expect(chart).to_have_attribute("src", re.compile(".+"))
    first_chart = chart.get_attribute("src")

    holding_cost = calculator.locator(".widget-text").filter(has_text="Holding cost H").locator(
        "input")
    holding_cost.fill("20")
    holding_cost.press("Enter")
    expect(quantity).to_have_text("244.95 units")  # √(2 × 12,000 × 50 / 20)
    expect(chart).not_to_have_attribute("src", first_chart)

    picture = screenshot(calculator, "eoq-calculator")
    if os.environ.get("CPIMKIT_UPDATE_SCREENSHOTS"):
        shutil.copy(picture, lab.ROOT / "docs" / "eoq-calculator.png")


def test_quiz_explains_the_chosen_answer(page, learner_lab, screenshot):
    notebook = open_in_lab(page, learner_lab, f"bscm/{NOTEBOOK}")
    run_cell(page, code_cell(notebook, "from cpimkit.ui import"))
    cell = code_cell(notebook, 'Quiz("bscm", "04-inventory-fundamentals")')
    run_cell(page, cell)
    question = cell.locator(".widget-radio-box").first  # the bank's first question
    option = question.locator("label").first
    chosen = option.inner_text().strip()
    option.click()
    cell.get_by_role("button", name="Check").first.click()

    first = load_bank("bscm")["04-inventory-fundamentals"][0]
    why = next(o["why"] for o in first["options"] if o["text"].strip() == chosen)
    feedback = cell.locator(".widget-html", has_text=re.compile(r"Right\.|Not quite\.")).first
    expect(feedback).to_contain_text(why)
    screenshot(page, "quiz-explanation")


@pytest.mark.parametrize("path, outcome", [(f"solved/{NOTEBOOK}", "validation-success"),
                                           (f"bscm/{NOTEBOOK}", "validation-failed")],
                         ids=["correct-answers", "stubs"])
def test_validate_button(page, learner_lab, screenshot, path, outcome):
    notebook = open_in_lab(page, learner_lab, path)
    notebook.get_by_role("button", name="Validate").click()
    dialog = page.locator(".jp-Dialog")
    expect(dialog.locator(f".{outcome}")).to_be_visible(timeout=RUN_SECONDS * 1000)
    screenshot(page, f"validate-{outcome}")
    dialog.get_by_role("button", name="Ok").click()
