"""The committed notebooks: clean, valid, navigable, and built to the course anatomy.

Anatomy of a module notebook (see the notebook authors' brief): navigation cells first and last,
front matter, graded parts (a solution cell, then a test cell that opens with a docstring and
holds hidden tests), a quiz, and key points.
"""

import ast
import json

import nbformat

import update_navigation

HIDDEN_BEGIN, HIDDEN_END = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"


def cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def text(cell):
    source = cell["source"]
    return source if isinstance(source, str) else "".join(source)


def nbgrader(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def is_graded_test(cell):
    return cell["cell_type"] == "code" and bool(nbgrader(cell).get("grade"))


def test_committed_without_outputs(course_notebook):
    dirty = [c.get("id") for c in cells(course_notebook)
             if c["cell_type"] == "code" and (c["outputs"] or c["execution_count"] is not None)]
    assert not dirty, f"clear the outputs and execution counts of cells {dirty}"


def test_valid_nbformat_with_cell_ids(course_notebook):
    notebook = nbformat.read(course_notebook, as_version=nbformat.NO_CONVERT)
    nbformat.validate(notebook)
    assert (notebook.nbformat, notebook.nbformat_minor) >= (4, 5), "save as nbformat 4.5 (cell ids)"
    ids = [c.id for c in notebook.cells]
    assert len(ids) == len(set(ids)), "cell ids must be unique"


def test_navigation_cells_first_and_last(module_notebook):
    notebook_cells = cells(module_notebook)
    for where, cell in (("first", notebook_cells[0]), ("last", notebook_cells[-1])):
        tags = cell.get("metadata", {}).get("tags", [])
        assert cell["cell_type"] == "markdown" and update_navigation.TAG in tags, (
            f"the {where} cell must be a markdown cell tagged {update_navigation.TAG!r}")


def test_navigation_up_to_date():
    stale = update_navigation.stale_notebooks(update_navigation.COURSE)
    assert not stale, f"run `make nav`: stale navigation in {[p.name for p in stale]}"


def test_front_matter(module_notebook):
    module = module_notebook.parent.name
    front = text(cells(module_notebook)[1])
    assert front.startswith("# "), "the front matter opens with the notebook's '# ' title"
    for marker in ("**You will learn to**", "**Time:**", "**Tags:**"):
        assert marker in front, f"front matter lacks {marker}"
    tags = front.split("**Tags:**", 1)[1].splitlines()[0]
    assert module.upper() in tags and "CPIM" in tags, (
        f"the Tags line names the module {module.upper()} and the CPIM part: {tags!r}")


def test_quiz_and_key_points(module_notebook):
    notebook_cells = cells(module_notebook)
    assert any(c["cell_type"] == "code" and "Quiz(" in text(c) for c in notebook_cells), (
        "no Quiz(...) cell under '## Check your understanding'")
    lines = [line.strip() for c in notebook_cells if c["cell_type"] == "markdown"
             for line in text(c).splitlines()]
    assert "## Key points" in lines, "no '## Key points' section"


def test_graded_parts(module_notebook):
    notebook_cells = cells(module_notebook)
    assert sum(map(is_graded_test, notebook_cells)) >= 2, "at least two graded test cells"
    prefix = f"{module_notebook.parent.name}{module_notebook.stem.split('-')[0]}-"
    grade_ids = [nbgrader(c)["grade_id"] for c in notebook_cells if nbgrader(c)]
    assert len(grade_ids) == len(set(grade_ids)), f"grade_ids repeat: {grade_ids}"
    assert all(g.startswith(prefix) for g in grade_ids), (
        f"grade_ids start with {prefix!r}: {grade_ids}")

    since_last_test = []
    for cell in notebook_cells:
        meta = nbgrader(cell)
        if is_graded_test(cell):
            name = meta["grade_id"]
            assert meta.get("points", 0) > 0, f"{name} has no points"
            assert any(nbgrader(c).get("solution") for c in since_last_test), (
                f"{name} has no solution cell between it and the previous graded test")
            source = text(cell)
            assert ast.get_docstring(ast.parse(source)), f"{name} opens with a docstring"
            begin, end = source.find(HIDDEN_BEGIN), source.find(HIDDEN_END)
            assert 0 <= begin < end, f"{name} lacks a {HIDDEN_BEGIN} ... {HIDDEN_END} region"
            since_last_test = []
        else:
            since_last_test.append(cell)

