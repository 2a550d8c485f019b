"""Quiz banks and notebooks agree: every notebook's quiz has at least five well-formed questions
in widgets/cpimkit/data/quizzes/<module>.yaml, and every bank entry belongs to a notebook."""

import ast
import json
from importlib.resources import files

from cpimkit.ui.quiz import load_bank, validate_bank

import update_navigation

QUIZZES = files("cpimkit") / "data" / "quizzes"
MIN_QUESTIONS = 5


def quiz_calls(path) -> list[tuple]:
    """The literal arguments of every `Quiz(...)` call in the notebook's code cells."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    sources = ("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    return [tuple(ast.literal_eval(arg) for arg in node.args)
            for source in sources if "Quiz(" in source
            for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Quiz"]


def test_bank_is_well_formed(course_module):
    validate_bank(load_bank(course_module))


def test_notebook_quiz_has_enough_questions(module_notebook):
    module, stem = module_notebook.parent.name, module_notebook.stem
    assert quiz_calls(module_notebook) == [(module, stem)], (
        f"the quiz cell reads Quiz({module!r}, {stem!r})")
    questions = load_bank(module).get(stem, [])
    assert len(questions) >= MIN_QUESTIONS, (
        f"{module}.yaml has {len(questions)} questions for {stem}, at least {MIN_QUESTIONS} needed")


def test_every_bank_entry_has_a_notebook():
    notebooks = update_navigation.module_notebooks(update_navigation.COURSE)
    stems = {(p.parent.name, p.stem) for p in notebooks}
    banks = [p.name.removesuffix(".yaml") for p in QUIZZES.iterdir() if p.name.endswith(".yaml")]
    orphans = [f"{module}.yaml: {stem}" for module in banks for stem in load_bank(module)
               if (module, stem) not in stems]
    assert not orphans, f"bank entries without a notebook in course/: {orphans}"
