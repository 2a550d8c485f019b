"""Shared parametrization of the notebook tests over what exists in course/.

A test that takes `course_module` runs once per module folder holding notebooks (bscm, mpr, ...;
module-scoped, so module-scoped fixtures may use it), one that takes `module_notebook` once per
notebook of those folders, and one that takes `course_notebook` once per notebook under course/,
the start page included. Module order and notebook list come from
autograder/update_navigation.py, so the tests and the navigation agree.
"""

from pathlib import Path

import update_navigation

ROOT = Path(__file__).resolve().parent.parent
COURSE = ROOT / "course"
MODULE_NOTEBOOKS = update_navigation.module_notebooks(COURSE)
MODULES = list(dict.fromkeys(path.parent.name for path in MODULE_NOTEBOOKS))
COURSE_NOTEBOOKS = sorted(p for p in COURSE.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def notebook_id(path: Path) -> str:
    return path.relative_to(COURSE).with_suffix("").as_posix()


def pytest_generate_tests(metafunc):
    if "course_module" in metafunc.fixturenames:
        metafunc.parametrize("course_module", MODULES, scope="module")
    for name, paths in [("module_notebook", MODULE_NOTEBOOKS),
                        ("course_notebook", COURSE_NOTEBOOKS)]:
        if name in metafunc.fixturenames:
            metafunc.parametrize(name, paths, ids=[notebook_id(p) for p in paths])
