"""The bubblewrap sandbox a student's kernel runs in.

The kernel sees the whole system read-only, minus what matters: the folders given as `hidden`
(the course directory with its gradebook, submissions and sources, the exchange, the kit's own
solutions) and the temporary folders are replaced by empty ones. It may write only its working
copy and the folder of its connection sockets, each bound at its own path. It has no network
(its own empty network namespace), sees only its own processes, keeps no capability, dies with
its parent, and runs under memory, file-size and CPU-time limits.

>>> argv = command(["python", "-m", "ipykernel_launcher"], workdir=Path("/c/autograded/ann/m"),
...                runtime=Path("/run/k"), hidden=[Path("/c")], limits=Limits(memory_mb=512))
>>> argv[0].endswith("bwrap"), "--unshare-all" in argv, argv[-3:]
(True, True, ['python', '-m', 'ipykernel_launcher'])
"""

import functools
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

# Emptied in every sandbox besides the course's own folders: shared scratch space and sockets
# (a PostgreSQL server's unix socket, say).
ALWAYS_HIDDEN = (Path("/tmp"), Path("/var/tmp"), Path("/dev/shm"), Path("/run"))


class SandboxUnavailable(RuntimeError):
    """bubblewrap is missing or cannot make a sandbox on this system."""


@dataclass(frozen=True)
class Limits:
    """Resource limits of one kernel: address space and largest file (MiB), CPU time (s)."""

    memory_mb: int = 2048
    file_mb: int = 200
    cpu_seconds: int = 3600

    def rlimits(self) -> dict[str, int]:
        """The limits as `resource` module names -> values (bytes or seconds)."""
        return {"RLIMIT_AS": self.memory_mb * 2**20, "RLIMIT_FSIZE": self.file_mb * 2**20,
                "RLIMIT_CPU": self.cpu_seconds}


@functools.cache
def bwrap_path() -> str:
    """The path of a working `bwrap`; raises SandboxUnavailable saying what to do otherwise."""
    path = shutil.which("bwrap")
    if path is None:
        raise SandboxUnavailable(
            "bubblewrap (bwrap) is not installed, so student code cannot be sandboxed. Install "
            "it (Debian: apt-get install bubblewrap) or pass --no-sandbox to grade unsandboxed.")
    probe = subprocess.run([path, "--ro-bind", "/", "/", "--unshare-all", "--cap-drop", "ALL",
                            "true"], capture_output=True, text=True)
    if probe.returncode:
        raise SandboxUnavailable(
            f"bubblewrap cannot make a sandbox on this system ({probe.stderr.strip()}); "
            "allow unprivileged user namespaces or pass --no-sandbox to grade unsandboxed.")
    return path


def limited(argv: list[str], limits: Limits) -> list[str]:
    """`argv` run by this Python after setting `limits` on itself (children inherit them)."""
    setting = "".join(f"resource.setrlimit(resource.{name}, ({value}, {value}));"
                      for name, value in limits.rlimits().items())
    return [sys.executable, "-c", f"import os, resource, sys; {setting} "
            "os.execvp(sys.argv[1], sys.argv[1:])", *argv]


def command(argv: list[str], *, workdir: Path, runtime: Path, hidden: list[Path],
            limits: Limits) -> list[str]:
    """The command running `argv` sandboxed in `workdir` (its only writable folder with `runtime`).

    `hidden` folders (and ALWAYS_HIDDEN) are replaced by empty ones, except one holding this
    Python; `workdir` and `runtime` are bound read-write at their own paths, even inside a hidden
    folder.
    """
    mounts = ["--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc"]
    python = Path(sys.prefix)
    for folder in dict.fromkeys([*ALWAYS_HIDDEN, *hidden]):
        if folder.exists() and not python.is_relative_to(folder):
            mounts += ["--tmpfs", str(folder)]
    for folder in (workdir, runtime):
        mounts += ["--bind", str(folder), str(folder)]
    # pid 1 of the sandbox is bwrap, which ipykernel would take for an exited parent; writable
    # settings folders keep IPython and matplotlib from warning about read-only ones
    environment = ["--unsetenv", "JPY_PARENT_PID",
                   "--setenv", "IPYTHONDIR", str(runtime / "ipython"),
                   "--setenv", "MPLCONFIGDIR", str(runtime / "matplotlib")]
    return [bwrap_path(), *mounts, *environment, "--unshare-all", "--cap-drop", "ALL",
            "--die-with-parent", "--new-session", "--chdir", str(workdir),
            *limited(argv, limits)]
