"""JupyterLab on loopback and headless Chromium, for the browser and Binder tests.

Tests import it as `lab` (this folder is on pytest's `pythonpath`, see pyproject.toml).

`running_lab` starts JupyterLab in a folder with a private Jupyter home (config, data, runtime and
workspaces in a temporary folder) and one of the kit's configurations of jupyter/, and stops it,
kernels included, even when the test fails. `chromium` opens the Debian Chromium through
Playwright, with its background network traffic off.
"""

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
LEARNER_CONFIG = ROOT / "jupyter" / "learner"
INSTRUCTOR_CONFIG = ROOT / "jupyter" / "instructor"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    *(["--no-sandbox"] if os.geteuid() == 0 else []),
]
OUTPUT = ROOT / "test-output"  # screenshots (git-ignored)
STARTUP_SECONDS = 90


class Lab:
    """A running JupyterLab: `url(path)` gives an address with the token."""

    def __init__(self, base: str, token: str):
        self.base, self.token = base, token

    def url(self, path: str = "lab") -> str:
        separator = "&" if "?" in path else "?"
        return f"{self.base}{path}{separator}token={self.token}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def private_jupyter_home(home: Path, config: Path | None) -> dict[str, str]:
    """The environment of a JupyterLab with its own folders under `home` and the configuration
    folder `config` (None: only the user's own, as on Binder), not the caller's Jupyter paths."""
    env = {name: value for name, value in os.environ.items()
           if name not in {"JUPYTER_CONFIG_PATH", "JUPYTER_PATH"}}
    env |= {name: str(home / folder) for name, folder in [
        ("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_DATA_DIR", "data"),
        ("JUPYTER_RUNTIME_DIR", "runtime"), ("JUPYTERLAB_WORKSPACES_DIR", "workspaces"),
        ("IPYTHONDIR", "ipython"), ("MPLCONFIGDIR", "matplotlib")]}
    if config:
        env["JUPYTER_CONFIG_PATH"] = str(config)
    return env


@contextmanager
def running_lab(root: Path, home: Path, *, config: Path | None = LEARNER_CONFIG, command=None,
                env=None):
    """JupyterLab serving `root` with the configuration folder `config` (see
    `private_jupyter_home`); `command` replaces `python -m jupyter lab` (another venv)."""
    home.mkdir(parents=True, exist_ok=True)
    token = secrets.token_hex(16)
    arguments = [*(command or [sys.executable, "-m", "jupyter", "lab"]),
                 "--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={free_port()}",
                 f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
                 *(["--allow-root"] if os.geteuid() == 0 else [])]
    # nbgrader runs the `alembic` command of its environment when it opens a gradebook
    path = os.pathsep.join([str(Path(arguments[0]).parent), os.environ["PATH"]])
    environment = {**private_jupyter_home(home, config), "PATH": path, **(env or {})}
    log_path = home / "jupyterlab.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(arguments, env=environment, stdout=log, stderr=subprocess.STDOUT,
                                   cwd=root, start_new_session=True)
    try:
        runtime = Path(environment["JUPYTER_RUNTIME_DIR"])
        yield Lab(wait_until_serving(process, runtime, token, log_path), token)
    finally:
        stop(process)


def wait_until_serving(process, runtime: Path, token: str, log_path: Path) -> str:
    """The server's base URL once it answers its status API."""
    deadline = time.monotonic() + STARTUP_SECONDS
    info = runtime / f"jpserver-{process.pid}.json"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"JupyterLab exited:\n{log_path.read_text(errors='replace')}")
        try:
            base = json.loads(info.read_text())["url"]
            with urllib.request.urlopen(f"{base}api/status?token={token}", timeout=5):
                return base
        except (OSError, ValueError):  # server file missing or half written, or no answer yet
            pass
        time.sleep(0.2)
    raise RuntimeError(f"JupyterLab did not start in {STARTUP_SECONDS} s:\n"
                       f"{log_path.read_text(errors='replace')}")


def stop(process) -> None:
    """Ask JupyterLab to shut down (it stops its kernels); kill its process group if it hangs."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@contextmanager
def chromium():
    """A headless Chromium (Debian's, never a downloaded one) that calls no Google service."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()
