"""Packaging stays consistent: one list of dependencies, two packages (cpimkit, cpim_course),
one test command."""

import re
import subprocess
import sys
import tomllib
from fnmatch import fnmatch
from importlib.metadata import distribution
from pathlib import Path

import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
ENVIRONMENT = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))


def conda_packages() -> dict[str, str]:
    """Conda dependency name -> its version spec ("python=3.11" -> {"python": "=3.11"})."""
    specs = (d for d in ENVIRONMENT["dependencies"] if isinstance(d, str))
    return {m["name"].lower(): m["spec"]
            for m in (re.match(r"(?P<name>[A-Za-z0-9_.-]+)\s*(?P<spec>.*)", s) for s in specs)}


def test_environment_python_satisfies_requires_python():
    python = conda_packages()["python"].lstrip("=")
    assert python, "environment.yml pins the python version"
    requires = SpecifierSet(PYPROJECT["project"]["requires-python"])
    assert requires.contains(python), f"python={python} does not satisfy requires-python {requires}"


def test_environment_installs_the_project_itself():
    pip = next(d["pip"] for d in ENVIRONMENT["dependencies"] if isinstance(d, dict) and "pip" in d)
    assert any(line.split()[-1] == "." for line in pip), (
        f"environment.yml installs the project with pip ('-e .'), got {pip}")


def test_no_conda_package_pins_a_project_dependency_differently():
    requirements = map(Requirement, PYPROJECT["project"]["dependencies"])
    project = {r.name.lower(): r.specifier for r in requirements}

    def pep440(conda_spec: str) -> SpecifierSet:  # conda's "=1.26" means PEP 440's "==1.26.*"
        spec = conda_spec.replace(" ", "")
        return SpecifierSet(f"=={spec[1:]}.*" if re.match(r"=[^=]", spec) else spec)

    clashes = {name: spec for name, spec in conda_packages().items()
               if name in project and spec and pep440(spec) != project[name]}
    assert not clashes, f"conda pins that differ from pyproject.toml: {clashes}"


def test_package_imports_with_the_project_version():
    import cpimkit

    assert cpimkit.__version__ == PYPROJECT["project"]["version"]


def test_exactly_the_two_packages_are_packaged():
    """cpimkit (widgets/) for learners and cpim_course (autograder/) for instructors."""
    find = PYPROJECT["tool"]["setuptools"]["packages"]["find"]
    found = {p.name for where in find["where"] for p in (ROOT / where).iterdir()
             if p.is_dir() and p.name.isidentifier()
             and any(fnmatch(p.name, pattern) for pattern in find["include"])}
    assert found == {"cpimkit", "cpim_course"}, f"package discovery finds {found}"
    top_level = distribution("cpimkit").read_text("top_level.txt").split()
    assert sorted(top_level) == ["cpim_course", "cpimkit"], top_level


def test_the_packages_import_from_anywhere_but_their_folders_do_not(tmp_path):
    """The repository folders are not packages: importing them fails outside the checkout,
    while the packages inside them import from anywhere."""
    names = ("widgets", "autograder", "cpimkit", "cpim_course")
    code = f"import importlib.util as u; print([n for n in {names} if u.find_spec(n)])"
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                         text=True, check=True)
    assert out.stdout.strip() == "['cpimkit', 'cpim_course']", out.stdout


def test_instructor_command_is_installed(tmp_path):
    """`cpim-course` is a console script of the environment, and answers --help anywhere."""
    assert PYPROJECT["project"]["scripts"]["cpim-course"] == "cpim_course.cli:main"
    script = Path(sys.executable).parent / "cpim-course"
    assert script.exists(), f"{script} is missing: reinstall with pip install -e ."
    out = subprocess.run([str(script), "--help"], cwd=tmp_path, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    for command in ("init", "build", "release", "collect", "zip-collect", "autograde",
                    "feedback", "export", "report"):
        assert command in out.stdout, f"cpim-course --help does not list {command}"


def readme_test_command() -> list[str]:
    """The commands of the first fenced block in the README section "Run the tests"."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    sections = re.split(r"^#+ ", readme, flags=re.M)
    section = next((s for s in sections if "Run the tests" in s.partition("\n")[0]), "")
    block = re.search(r"^```[a-z]*\n(.*?)^```", section, re.M | re.S)
    assert block, "README.md has a 'Run the tests' section with a fenced command block"
    return [line.strip() for line in block.group(1).splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def test_ci_runs_exactly_the_readme_test_command():
    command = readme_test_command()
    assert command == ["make test"], f"README test command is {command}"
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    steps = [line.strip() for line in script if line.strip() and not line.lstrip().startswith("#")]
    assert steps[-1] == command[-1], f".ci/run ends with {steps[-1]!r}, not {command[-1]!r}"
