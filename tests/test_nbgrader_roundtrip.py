"""The nbgrader round trip of every module, as an instructor runs it.

For each module folder of course/, in a temporary course directory configured by
autograder/nbgrader_config.py (root and gradebook moved there): generate the student version;
submit the source notebooks (solutions filled in) as student "correct" and the untouched student
version as student "empty"; autograde both; read the gradebook. Each notebook runs twice, both
times inside nbgrader's autograde: the autograded copies show what every graded cell did.
"""

import json
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from nbgrader.api import Gradebook
from nbgrader.apps import NbGraderAPI
from nbgrader.coursedir import CourseDirectory
from traitlets.config.loader import PyFileConfigLoader

ROOT = Path(__file__).resolve().parent.parent
# nbgrader's delimiters: a line that contains one opens or closes a region
REGIONS = [("BEGIN SOLUTION", "END SOLUTION"), ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS")]


@dataclass(frozen=True)
class RoundTrip:
    module: str
    source: Path                 # course/<module> as committed
    release: Path                # its student version
    autograded: dict[str, Path]  # student -> the autograded copies of the submission
    scores: dict[tuple[str, str], tuple[float, float]]  # (student, notebook) -> (score, max_score)


def read_notebooks(folder: Path) -> dict[str, dict]:
    """Notebook stem -> parsed JSON, for every notebook in `folder`."""
    return {p.stem: json.loads(p.read_text(encoding="utf-8"))
            for p in sorted(folder.glob("*.ipynb"))}


def joined(text: str | list[str]) -> str:
    """A notebook's multiline string, which the JSON may hold as a list of lines."""
    return text if isinstance(text, str) else "".join(text)


def graded_cells(notebook: dict) -> list[dict]:
    return [c for c in notebook["cells"]
            if c["cell_type"] == "code" and c.get("metadata", {}).get("nbgrader", {}).get("grade")]


def grade_id(cell: dict) -> str:
    return cell["metadata"]["nbgrader"]["grade_id"]


def split_regions(text: str) -> tuple[list[str], list[str]]:
    """Stripped lines inside and outside the solution and hidden-test regions of `text`."""
    inside, outside, end = [], [], None
    for line in (line.strip() for line in text.splitlines()):
        if end is None:
            end = next((e for b, e in REGIONS if b in line), None)
            if end is None:
                outside.append(line)
        elif end in line:
            end = None
        else:
            inside.append(line)
    return inside, outside


def run(step, *args) -> None:
    result = step(*args)
    assert result["success"], (
        f"nbgrader {step.__name__}{args} failed:\n{result.get('error')}\n{result['log']}")


@pytest.fixture(scope="module")
def roundtrip(course_module, tmp_path_factory) -> RoundTrip:
    root = tmp_path_factory.mktemp(f"nbgrader-{course_module}")
    source = root / "course" / course_module
    skip = shutil.ignore_patterns(".*", "__pycache__")
    shutil.copytree(ROOT / "course" / course_module, source, ignore=skip)

    config = PyFileConfigLoader("nbgrader_config.py", path=str(ROOT / "autograder")).load_config()
    config.CourseDirectory.root = str(root)
    config.CourseDirectory.db_url = f"sqlite:///{root / 'gradebook.db'}"
    coursedir = CourseDirectory(config=config)
    api = NbGraderAPI(coursedir=coursedir, config=config)
    release = Path(coursedir.format_path(coursedir.release_directory, ".", course_module))

    submissions = {"correct": source, "empty": release}

    with pytest.MonkeyPatch.context() as env:
        # nbgrader runs the `alembic` command of its environment when it creates a gradebook
        env.setenv("PATH", os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]]))
        run(api.generate_assignment, course_module)
        for student, notebooks in submissions.items():
            submitted = coursedir.format_path(coursedir.submitted_directory, student, course_module)
            shutil.copytree(notebooks, submitted, ignore=skip)
            run(api.autograde, course_module, student)

    autograded = {student: Path(coursedir.format_path(
        coursedir.autograded_directory, student, course_module)) for student in submissions}
    with Gradebook(coursedir.db_url, coursedir.course_id) as gradebook:
        scores = {(student, nb.name): (nb.score, nb.max_score)
                  for student in submissions
                  for nb in gradebook.find_submission(course_module, student).notebooks}
    return RoundTrip(course_module, source, release, autograded, scores)


def test_bscm_is_an_assignment():
    assert any((ROOT / "course" / "bscm").glob("*.ipynb")), "course/bscm/ holds no notebooks"


def test_student_version_hides_solutions_and_hidden_tests(roundtrip):
    released = read_notebooks(roundtrip.release)
    for name, notebook in read_notebooks(roundtrip.source).items():
        inside, outside = [], []
        for cell in notebook["cells"]:
            cell_inside, cell_outside = split_regions(joined(cell["source"]))
            inside += cell_inside
            outside += cell_outside
        student_lines = {line.strip() for cell in released[name]["cells"]
                         for line in joined(cell["source"]).splitlines()}
        leaked = [line for line in inside
                  if line in student_lines and line not in outside and any(map(str.isalnum, line))]
        assert not leaked, f"{roundtrip.module}/{name}: the student version shows {leaked}"


def test_source_notebooks_pass_their_tests_quietly(roundtrip):
    problems = [
        f"{name} {grade_id(cell)}: " + (f"{output['ename']}: {output['evalue']}"
                                         if output["output_type"] == "error"
                                         else f"stderr {joined(output['text']).strip()!r}")
        for name, notebook in read_notebooks(roundtrip.autograded["correct"]).items()
        for cell in graded_cells(notebook)
        for output in cell["outputs"]
        if output["output_type"] == "error" or output.get("name") == "stderr"
    ]
    assert not problems, "graded cells of the solved notebooks failed or wrote to stderr:\n" + (
        "\n".join(problems))


def test_student_version_fails_every_graded_test(roundtrip):
    autograded = read_notebooks(roundtrip.autograded["empty"])
    passing = [f"{name} {grade_id(cell)}"
               for name, notebook in autograded.items()
               for cell in graded_cells(notebook)
               if not any(output["output_type"] == "error" for output in cell["outputs"])]
    assert not passing, f"these graded cells pass before the learner writes anything: {passing}"


def test_gradebook_full_marks_for_solutions_zero_for_stubs(roundtrip):
    names = sorted(read_notebooks(roundtrip.source))
    assert sorted(name for student, name in roundtrip.scores if student == "correct") == names
    wrong = [f"{roundtrip.module}/{name} submitted as {student!r}: {score} of {max_score} points"
             for (student, name), (score, max_score) in sorted(roundtrip.scores.items())
             if max_score == 0 or score != (max_score if student == "correct" else 0)]
    assert not wrong, "expected full marks for 'correct' and 0 for 'empty':\n" + "\n".join(wrong)
