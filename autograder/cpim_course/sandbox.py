"""The bubblewrap sandbox a student's kernel runs in.

The kernel sees an allow-list, not the machine: the system folders (`SYSTEM`), the folders of
the Python installation running it (`python_folders`: prefixes, import path, editable sources)
read-only, and, read-write, its working copy and the folder of its connection sockets, each at
its own path; /tmp is empty and private. Everything else is absent: home folders, the course
directory with its gradebook, sources and other submissions, the exchange, the kit's
repository. It has no network (its own empty network namespace), sees only its own processes,
keeps no capability, dies with its parent, and runs under memory, file-size and CPU-time limits.

>>> import sys
>>> argv = command([sys.executable, "-m", "ipykernel_launcher"], workdir=Path("/c/ann/m"),
...                runtime=Path("/run/k"), limits=Limits(memory_mb=512))
>>> argv[0].endswith("bwrap"), "--unshare-all" in argv, argv[-2:]
(True, True, ['-m', 'ipykernel_launcher'])
>>> readable = {argv[i + 2] for i, word in enumerate(argv) if word == "--ro-bind"}
>>> "/usr" in readable, sys.prefix in readable, "/" in readable, str(Path.home()) in readable
(True, True, False, False)
>>> argv[argv.index("/c/ann/m") - 1:argv.index("/c/ann/m") + 2]
['--bind', '/c/ann/m', '/c/ann/m']
"""

import functools
import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

# What any program needs: executables, libraries, system configuration (merged-/usr links
# such as /bin -> usr/bin are kept as links).
SYSTEM = tuple(Path(p) for p in ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64",
                                  "/libx32", "/etc"))
# Secrets inside SYSTEM: password hashes (readable when grading as root), host and TLS keys.
SECRET_FILES = tuple(Path("/etc") / name for name in ("shadow", "shadow-", "gshadow", "gshadow-"))
SECRET_FOLDERS = (Path("/etc/ssh"), Path("/etc/ssl/private"))
# Asks a Python where it lives: prefixes, import path and the source folders of the packages
# installed in editable mode (setuptools' finders map package -> folder).
PROBE = """import json, sys
folders = [sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix, *sys.path[1:]]
folders += [folder for name, module in list(sys.modules.items()) if name.startswith("__editable__")
            for folder in getattr(module, "MAPPING", {}).values()]
print(json.dumps(folders))"""
GRADER = Path(__file__).resolve().parent  # the grading engine itself: no business of the kernel


class SandboxUnavailable(RuntimeError):
    """bubblewrap is missing or cannot make a sandbox on this system."""


@dataclass(frozen=True)
class Limits:
    """Resource limits of one kernel: address space and largest file (MiB), CPU time (s)."""

    memory_mb: int = 2048
    file_mb: int = 200
    cpu_seconds: int = 3600

    def prlimit(self) -> list[str]:
        """The limits as the options of util-linux `prlimit` (bytes, seconds)."""
        return [f"--as={self.memory_mb * 2**20}", f"--fsize={self.file_mb * 2**20}",
                f"--cpu={self.cpu_seconds}"]


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


@functools.cache
def python_folders(python: str) -> tuple[Path, ...]:
    """The folders the Python `python` imports from (as given and resolved), outermost only.

    Asked once per process of that Python itself, run in this environment as a kernel would be.
    """
    found = json.loads(subprocess.run([python, "-c", PROBE], capture_output=True, text=True,
                                      check=True).stdout)
    folders = {path for folder in found if folder and Path(folder).is_dir()
               for path in (Path(os.path.abspath(folder)), Path(folder).resolve())
               if not path.is_relative_to(GRADER)}
    return tuple(sorted(f for f in folders if not any(f != other and f.is_relative_to(other)
                                                      for other in folders)))


def command(argv: list[str], *, workdir: Path, runtime: Path, limits: Limits) -> list[str]:
    """The command running the Python program `argv` sandboxed in `workdir`.

    It sees `SYSTEM` and `python_folders(argv[0])` read-only, `workdir` and `runtime` read-write
    (each at its own path), a private /tmp, /dev and /proc, and nothing else (the secrets of
    /etc are covered: `SECRET_FILES` by /dev/null, which a user namespace cannot open, and
    `SECRET_FOLDERS` by empty folders).
    """
    # a private /tmp first: a Python installed under /tmp (a checkout there, say) is bound on it
    mounts = ["--tmpfs", "/tmp"]
    for folder in (*SYSTEM, *python_folders(argv[0])):
        if folder.is_symlink() and folder.parent == Path("/"):
            mounts += ["--symlink", os.readlink(folder), str(folder)]
        elif folder.exists():
            mounts += ["--ro-bind", str(folder), str(folder)]
    mounts += [option for secret in SECRET_FILES if secret.exists()
               for option in ("--ro-bind", "/dev/null", str(secret))]
    mounts += [option for secret in SECRET_FOLDERS if secret.is_dir()
               for option in ("--tmpfs", str(secret))]
    mounts += ["--dev", "/dev", "--proc", "/proc"]
    for folder in (workdir, runtime):
        mounts += ["--bind", str(folder), str(folder)]
    # pid 1 of the sandbox is bwrap, which ipykernel would take for an exited parent; writable
    # settings folders keep IPython and matplotlib from warning about read-only ones
    environment = ["--unsetenv", "JPY_PARENT_PID",
                   "--setenv", "IPYTHONDIR", str(runtime / "ipython"),
                   "--setenv", "MPLCONFIGDIR", str(runtime / "matplotlib")]
    return [bwrap_path(), *mounts, *environment, "--unshare-all", "--cap-drop", "ALL",
            "--die-with-parent", "--new-session", "--chdir", str(workdir),
            shutil.which("prlimit") or "/usr/bin/prlimit", *limits.prlimit(), "--", *argv]
