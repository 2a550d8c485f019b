"""`make workspace` (run by `make lab` and Binder's postBuild) keeps the learner's work.

The student versions come from build/release/ (here a small stand-in, without running nbgrader):
notebooks the learner already has stay as they are, new ones are added, and the kit's own pages,
the start page and the practice exam, are refreshed.
"""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
KIT_PAGES = ["index.ipynb", "practice-exam.ipynb"]


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make (the README's commands)")
def test_make_workspace_keeps_work_adds_notebooks_and_refreshes_the_kit_pages(tmp_path):
    release, workspace = tmp_path / "build" / "release", tmp_path / "workspace"
    for name in ["bscm/01-first.ipynb", "bscm/02-new.ipynb", *KIT_PAGES]:
        write(release / name, f"kit version of {name}")
    write(workspace / "bscm" / "01-first.ipynb", "the learner's answers")
    for page in KIT_PAGES:
        write(workspace / page, "an older kit page")

    # -o student: take build/release/ as built (the real target runs nbgrader)
    subprocess.run(["make", "--no-print-directory", "-f", str(ROOT / "Makefile"), "-o", "student",
                    "workspace"], cwd=tmp_path, check=True, capture_output=True)

    assert (workspace / "bscm" / "01-first.ipynb").read_text() == "the learner's answers"
    assert (workspace / "bscm" / "02-new.ipynb").read_text() == "kit version of bscm/02-new.ipynb"
    for page in KIT_PAGES:
        assert (workspace / page).read_text() == f"kit version of {page}"
