"""Binder: what repo2docker would build, and a rehearsal of a Binder session on this machine.

The rehearsal does what Binder does, without Docker: the repository's files in a fresh home, a
fresh virtual environment installed from environment.yml's pip section, postBuild run there, then
JupyterLab on loopback, and every Binder badge of the README opened in headless Chromium. The badge
links are read from the README, so a stale badge fails the test. JupyterLab runs with the user's
own configuration only, the one postBuild installed, as on Binder.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect

import lab

BADGE = re.compile(r"\(https://mybinder\.org/v2/gh/(?P<repo>[^/]+/[^/]+)/HEAD\?urlpath=(?P<path>[^)\s]+)\)")
INSTALL_SECONDS = 600


def badges() -> list[re.Match]:
    return list(BADGE.finditer((lab.ROOT / "README.md").read_text(encoding="utf-8")))


def test_badges_point_at_one_repository_and_the_start_page():
    found = badges()
    assert len({badge["repo"] for badge in found}) == 1, "the Binder badges name different repos"
    assert "lab/tree/workspace/index.ipynb" in [badge["path"] for badge in found]


def test_a_badge_opens_the_module(course_module):
    paths = [badge["path"] for badge in badges()]
    assert any(p.startswith(f"lab/tree/workspace/{course_module}/") for p in paths), course_module


def test_repo2docker_uses_environment_yml_and_runs_postbuild(tmp_path):
    dockerfile = subprocess.run(
        [sys.executable, "-m", "repo2docker", "--no-build", "--debug", str(lab.ROOT)],
        capture_output=True, text=True, check=True, cwd=tmp_path, timeout=120).stdout
    assert re.search(r"env update .*--file \"?environment\.yml", dockerfile), dockerfile
    assert re.search(r"^RUN \./postBuild", dockerfile, re.MULTILINE), dockerfile


def repository_files(destination: Path) -> None:
    """Copy what a clone holds (tracked files and new ones not ignored) to `destination`."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            capture_output=True, text=True, check=True, cwd=lab.ROOT).stdout
    for name in filter(None, listed.split("\0")):
        source = lab.ROOT / name
        if source.is_file():
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination / name)


def pip_section(environment_yml: Path) -> list[str]:
    dependencies = yaml.safe_load(environment_yml.read_text(encoding="utf-8"))["dependencies"]
    return next(d["pip"] for d in dependencies if isinstance(d, dict) and "pip" in d)


@pytest.fixture(scope="module")
def binder_home(tmp_path_factory):
    """The Binder user's home after the build: repository, fresh environment, postBuild run."""
    base = tmp_path_factory.mktemp("binder")
    home, venv = base / "home", base / "venv"
    repository_files(home)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    # pip's cache stays the real user's (HOME moves only for postBuild and JupyterLab)
    # like conda, hand the pip section to pip as a requirements file, from the repository's folder
    requirements = base / "requirements.txt"
    requirements.write_text("\n".join(pip_section(home / "environment.yml")) + "\n")
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
                    "--disable-pip-version-check", "-r", str(requirements)],
                   check=True, cwd=home, timeout=INSTALL_SECONDS)
    unset = {"JUPYTER_CONFIG_DIR", "JUPYTER_CONFIG_PATH", "JUPYTER_DATA_DIR", "VIRTUAL_ENV"}
    environment = {name: value for name, value in os.environ.items() if name not in unset}
    environment |= {"HOME": str(home), "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}"}
    built = subprocess.run(["./postBuild"], cwd=home, env=environment, capture_output=True,
                           text=True, timeout=INSTALL_SECONDS)
    assert built.returncode == 0, f"postBuild failed:\n{built.stdout}\n{built.stderr}"
    return home, venv


def test_every_badge_opens_its_student_notebook(binder_home, browser, tmp_path):
    home, venv = binder_home
    paths = [badge["path"] for badge in badges()]
    for path in paths:
        notebook = home / path.removeprefix("lab/tree/")
        assert notebook.is_file(), f"{path}: postBuild did not create {notebook}"
        text = notebook.read_text(encoding="utf-8")
        assert "BEGIN SOLUTION" not in text, f"{path} shows solutions"

    user_config = {"HOME": str(home), "JUPYTER_CONFIG_DIR": str(home / ".jupyter")}
    with lab.running_lab(home, tmp_path / "lab", config=None, env=user_config,
                         command=[str(venv / "bin" / "jupyter"), "lab"]) as server:
        for path in paths:
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            try:
                page = context.new_page()
                page.goto(server.url(path))
                name = path.rsplit("/", 1)[-1]
                expect(page.locator(".lm-TabBar-tab.lm-mod-current", has_text=name)).to_be_visible()
                panel = page.locator(".jp-NotebookPanel:visible")
                expect(panel.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']")
                       ).to_be_attached()
                expect(page.locator(".jp-Dialog")).to_have_count(0)
                expect(page.locator(".Toastify__toast")).to_have_count(0)
                # the learner configuration postBuild installed: no instructor tools
                expect(page.locator(".lm-MenuBar-itemLabel", has_text="Run")).to_be_visible()
                expect(page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader")).to_have_count(0)
            finally:
                context.close()
