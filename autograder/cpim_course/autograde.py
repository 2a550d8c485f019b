"""Parallel, sandboxed autograding that writes what serial `nbgrader autograde MODULE` writes.

nbgrader grades a submission in three steps; this module runs each where it belongs:

1. prepare (here, one submission after the other): nbgrader's own `Autograde` converter records
   the submission and sanitizes each notebook (locked and test cells restored from the
   gradebook, ids deduplicated, kernelspec reset) into a staging folder,
   `<course>/.cpim-autograde/<student>/<module>/`;
2. execute (`workers` long-lived worker processes, each taking one submission after another,
   so their imports are paid once): each notebook runs through nbgrader's `Execute`
   preprocessor, its kernel inside a bubblewrap sandbox (see `sandbox`). A cell that kills its
   kernel gets an error output and the notebook runs again without it, so the other cells
   still earn their points; huge outputs are cut;
3. save (here again: the gradebook has one writer): nbgrader's post-execution preprocessors
   (`SaveAutoGrades`, late penalties, output limits...) store the grades, then the staging
   folder becomes `autograded/<student>/<module>/` in one rename.

Steps 1 and 3 run while the workers execute: a few submissions are kept prepared ahead, and
each is saved as soon as its worker answers.

A submission counts as graded once its autograded folder exists, so a run that crashed is
finished by running again; `force=True` regrades everything, as `nbgrader autograde --force`.
Where nbgrader would give up on a whole submission (a notebook that is not valid JSON, a kernel
that dies), this module grades the rest and says why in the summary.
"""

import glob
import json
import logging
import os
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import uuid
import warnings
from collections import deque
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from contextlib import contextmanager
from copy import deepcopy
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from jupyter_client.manager import AsyncKernelManager
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbconvert.writers import FilesWriter
from nbformat.warnings import DuplicateCellId, MissingIDFieldWarning
from nbgrader.api import Gradebook
from nbgrader.apps import AutogradeApp
from nbgrader.converters import Autograde
from nbgrader.converters.base import BaseConverter
from nbgrader.preprocessors import DeduplicateIds, Execute
from nbgrader.utils import setenv
from sqlalchemy.exc import SAWarning
from traitlets.config import Config

from . import sandbox as sandboxing
from .course import scripts_first_on_path
from .progress import Progress

STAGING = ".cpim-autograde"
DEFAULT_LIMITS = sandboxing.Limits()
MAX_OUTPUT_CHARS = 1_000_000  # per output of a cell: a bigger print is cut (nbgrader keeps lines)
CUT_MARKER = "[output cut by cpim-course"  # begins the line ending a cut output
# Errors that say a submission did something the sandbox or the limits stopped
NOTABLE_ERRORS = {"CellTimeoutError", "SystemExit", "MemoryError", "KernelDied", "PermissionError",
                  "FileNotFoundError", "OSError", "ConnectionError", "ConnectionRefusedError",
                  "gaierror", "TimeoutError", "ReadOnlyFileSystem", "OperationalError"}


@dataclass
class Summary:
    """What a run did: students graded, skipped (already graded), failed (with the reason), and
    for each student the notable events (timeouts, dead kernels, blocked access, ...)."""

    module: str
    graded: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    notes: dict[str, list[str]] = field(default_factory=dict)

    def lines(self) -> list[str]:
        """The summary as text lines, one per count, failure and note."""
        lines = [f"{self.module}: {len(self.graded)} graded, {len(self.skipped)} already graded "
                 f"(skipped), {len(self.failed)} failed"]
        lines += [f"FAILED {student}: {reason}" for student, reason in sorted(self.failed.items())]
        lines += [f"{student}: {note}" for student, notes in sorted(self.notes.items())
                  for note in notes]
        return lines


@dataclass
class Job:
    """One submission between the three steps."""

    student: str
    staging: Path               # sanitized notebooks and the student's other files
    notebooks: list[Path]       # the notebooks to execute, in staging
    final: Path                 # autograded/<student>/<module>


def autograde(course, module, *, workers=None, sandbox=True, students=None, force=False,
              limits=DEFAULT_LIMITS, progress=True) -> Summary:
    """Autograde every submission of `module` in the course directory `course`.

    workers: submissions graded at once (default: the number of cores). sandbox: run student
    code in bubblewrap (raises `sandbox.SandboxUnavailable` with advice when it cannot).
    students: only these student ids. force: regrade submissions already autograded.
    limits: memory, file-size and CPU limits of each kernel. progress: draw a progress bar on
    stderr and print the summary. Returns the `Summary`.
    """
    if sandbox:
        sandboxing.bwrap_path()
    course = Path(course).resolve()
    summary = Summary(module)
    scripts_first_on_path()
    with _inside(course), warnings.catch_warnings():
        # nbformat's notices on repaired cell ids (duplicated, or missing in a restored cell)
        warnings.simplefilter("ignore", DuplicateCellId)
        warnings.simplefilter("ignore", MissingIDFieldWarning)
        # nbgrader 0.9.6 on SQLAlchemy 2, recording a submission (stored all the same)
        warnings.filterwarnings("ignore", "Object of type <Submitted", SAWarning)
        app = AutogradeApp()
        app.initialize([])
        app.log.setLevel(logging.WARNING)  # the progress bar and summary tell the rest
        app.coursedir.assignment_id = module
        converter = StagedAutograde(coursedir=app.coursedir, parent=app, force=force)
        converter.prepare_run()
        found = converter.submitted_students()
        chosen = [s for s in found if students is None or s in students]
        summary.failed.update({s: "no submission" for s in students or [] if s not in found})
        bar = Progress(len(chosen), f"autograde {module}") if progress else None
        count = workers or os.cpu_count() or 1
        waiting = deque(chosen)
        with _Workers(count, converter, sandbox, limits) as pool, \
                ThreadPoolExecutor(count) as threads:
            running = {}
            while waiting or running:
                while waiting and len(running) < 2 * count:  # the next ones ready to go
                    student = waiting.popleft()
                    try:
                        job = converter.prepare(student, summary)
                    except Exception as error:  # noqa: BLE001 (one bad submission stops nothing)
                        summary.failed[student] = _describe(error)
                        job = None
                    if job:
                        running[threads.submit(pool.execute, job)] = job
                    elif bar:
                        bar.advance(student)
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    job = running.pop(future)
                    try:
                        executed, notes = future.result()
                        summary.notes.setdefault(job.student, []).extend(notes)
                        converter.save(job, executed, summary)
                        summary.graded.append(job.student)
                    except Exception as error:  # noqa: BLE001
                        summary.failed[job.student] = _describe(error)
                        shutil.rmtree(job.staging, ignore_errors=True)
                    if bar:
                        bar.advance(job.student)
        summary.notes = {s: n for s, n in summary.notes.items() if n}
        if bar:
            bar.summary(summary.lines())
    return summary


class StagedAutograde(Autograde):
    """nbgrader's Autograde converter, steps taken one by one, writing to the staging folder."""

    staged = False  # while True, the converter writes into (and re-reads from) the staging folder
    _sanitizing = True  # while False (saving), it reads the staged notebooks

    @property
    def _input_directory(self) -> str:
        if self.staged and not self._sanitizing:
            return STAGING
        return super()._input_directory

    @property
    def _output_directory(self) -> str:
        return STAGING if self.staged else super()._output_directory

    def prepare_run(self):
        """What `BaseConverter.start` sets up before converting."""
        self.writer = FilesWriter(parent=self, config=self.config)
        self.exporter = self.exporter_class(parent=self, config=self.config)
        self._released = {}  # notebook file name -> its released locked cells (see _edits)

    def submitted_students(self) -> list[str]:
        """Ids of the students with a submission of this assignment, sorted."""
        pattern = self._format_source(self.coursedir.assignment_id, "*")
        excluded = set(filter(None, self.coursedir.student_id_exclude.split(",")))
        folders = sorted(Path(p) for p in glob.glob(pattern) if Path(p).is_dir())
        students = [folder.parent.name for folder in folders]
        return [s for s in students if s not in excluded]

    def prepare(self, student: str, summary: Summary) -> Job | None:
        """Step 1 for `student`: record and sanitize; None when already graded."""
        module = self.coursedir.assignment_id
        self.coursedir.student_id = student
        self.staged = False
        self.init_notebooks()
        self.notebooks = sorted(next(iter(self.assignments.values())))
        if not self.init_destination(module, student):
            summary.skipped.append(student)
            return None
        self.run_pre_convert_hook()
        self.staged = True
        staging = Path(self._format_dest(module, student))
        shutil.rmtree(staging, ignore_errors=True)
        warnings = _Warnings()
        self.log.addHandler(warnings)
        try:
            self.init_assignment(module, student)
            notebooks = []
            for notebook in self.notebooks:
                name = Path(notebook).stem
                summary.notes.setdefault(student, []).extend(self._edits(Path(notebook)))
                try:
                    self._init_preprocessors()
                    BaseConverter.convert_single_notebook(self, notebook)
                    notebooks.append(staging / f"{name}.ipynb")
                except Exception as error:  # noqa: BLE001 (the other notebooks are graded)
                    self._zero(name, student)
                    summary.notes.setdefault(student, []).append(
                        f"{name}: not graded, scored 0 ({_describe(error)})")
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        finally:
            self.log.removeHandler(warnings)
        summary.notes.setdefault(student, []).extend(warnings.notes)
        self.staged = False
        final = Path(self._format_dest(module, student))
        return Job(student, staging, notebooks, final)

    def _init_preprocessors(self) -> None:
        super()._init_preprocessors()
        self.exporter._preprocessors = [
            _DropDuplicateIds(parent=self.exporter) if isinstance(p, DeduplicateIds) else p
            for p in self.exporter._preprocessors]

    def _edits(self, submitted: Path) -> list[str]:
        """Notes on the locked cells of a submitted notebook that differ from the release (each
        released notebook is read once a run)."""
        if submitted.name not in self._released:
            self._released[submitted.name] = _locked_sources(Path(self.coursedir.format_path(
                self.coursedir.release_directory, ".", self.coursedir.assignment_id))
                / submitted.name)
        found = _locked_sources(submitted)
        return [f"{submitted.stem}/{grade_id}: a locked cell was edited: the original was restored"
                for grade_id, source in self._released[submitted.name].items()
                if grade_id in found and found[grade_id] != source]

    def save(self, job: Job, executed: dict[str, dict], summary: Summary) -> None:
        """Step 3: store the grades of the executed notebooks, then publish the folder."""
        module = self.coursedir.assignment_id
        self.coursedir.student_id = job.student
        self.notebooks = [str(path) for path in job.notebooks]
        self.staged = True
        try:
            self._sanitizing = False
            self.exporter._preprocessors = []
            for preprocessor in self.autograde_preprocessors:
                if not issubclass(preprocessor, Execute):
                    self.exporter.register_preprocessor(preprocessor)
            for path in job.notebooks:
                if path.stem not in executed:
                    self._zero(path.stem, job.student)
                    path.unlink()
                    continue
                path.chmod(0o644)
                path.write_text(json.dumps(executed[path.stem]), encoding="utf-8")
                with setenv(NBGRADER_EXECUTION="autograde"):
                    BaseConverter.convert_single_notebook(self, str(path))
            self.set_permissions(module, job.student)
        finally:
            self._sanitizing = True
            self.staged = False
        self.run_post_convert_hook()
        if job.final.exists():
            shutil.rmtree(job.final)
        job.final.parent.mkdir(parents=True, exist_ok=True)
        job.staging.rename(job.final)

    def _zero(self, notebook: str, student: str) -> None:
        """Score 0 for every cell of a notebook that cannot be graded, as nbgrader scores a
        notebook that was not submitted."""
        with Gradebook(self.coursedir.db_url, self.coursedir.course_id) as gradebook:
            submitted = gradebook.find_submission_notebook(
                notebook, self.coursedir.assignment_id, student)
            for grade in submitted.grades:
                grade.auto_score = 0
                grade.needs_manual_grade = False
            gradebook.db.commit()


class _Workers:
    """Step 2: up to `count` long-lived worker processes (`python -m cpim_course.autograde`),
    started when first needed; each thread calling `execute` takes an idle one, and a worker
    that fails is replaced."""

    def __init__(self, count: int, converter: StagedAutograde, sandbox: bool, limits):
        sections = {c.__name__ for c in ResilientExecute.mro()}
        self.config = {name: dict(values) for name, values in converter.config.items()
                       if name in sections and _serializable(values)}
        self.timeout = int(converter.config.get("Execute", {}).get("timeout", 30) or 30)
        self.sandbox = sandbox and vars(limits)
        self.idle = queue.SimpleQueue()  # workers, or None for one not started yet
        for _ in range(count):
            self.idle.put(None)

    def __enter__(self):
        return self

    def __exit__(self, *error):
        while not self.idle.empty():
            worker = self.idle.get()
            if worker:
                worker.stop()

    def execute(self, job: Job) -> tuple[dict[str, dict], list[str]]:
        """The executed notebooks of `job` (stem -> notebook JSON) and the notes on them."""
        spec = {"notebooks": [str(p) for p in job.notebooks], "workdir": str(job.staging),
                "config": self.config, "sandbox": self.sandbox}
        cells = sum(len(json.loads(p.read_text(encoding="utf-8"))["cells"])
                    for p in job.notebooks)
        worker = self.idle.get() or Worker()
        try:
            answer = worker.run(spec, timeout=60 + 2 * self.timeout * (cells + 1))
        except Exception:
            worker.stop()
            worker = None
            raise
        finally:
            self.idle.put(worker)
        return answer["notebooks"], answer["notes"]


class Worker:
    """One worker process, executing the jobs it is given one after another."""

    def __init__(self):
        self.log = tempfile.TemporaryFile()  # its stderr: the tail explains a crash
        self.process = subprocess.Popen(
            [sys.executable, "-m", "cpim_course.autograde"], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=self.log, text=True, encoding="utf-8")

    def run(self, spec: dict, timeout: float) -> dict:
        """Send a job, wait for its answer; RuntimeError when the worker dies or overruns."""
        overran = threading.Event()
        overrun = threading.Timer(timeout, lambda: (overran.set(), self.process.kill()))
        overrun.start()
        try:
            self.process.stdin.write(json.dumps(spec) + "\n")
            self.process.stdin.flush()
            answer = self.process.stdout.readline()
        except (BrokenPipeError, ValueError):  # the process is gone, its pipes closed
            answer = ""
        finally:
            overrun.cancel()
        if answer:
            return json.loads(answer)
        code = self.process.wait()
        if overran.is_set():
            raise RuntimeError(f"the grading worker ran over {timeout:.0f} s")
        self.log.seek(0)
        tail = self.log.read().decode(errors="replace").strip()[-300:]
        raise RuntimeError(f"the grading worker stopped (exit code {code}): {tail}")

    def stop(self) -> None:
        """End the process (at once if it does not leave when told) and close its log."""
        try:
            self.process.stdin.close()
            self.process.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()
        self.log.close()


class QuietKernelManager(AsyncKernelManager):
    """A kernel whose standard streams go nowhere: what student code writes there (a flood, a
    forged answer to the coordinator) reaches no one; its outputs travel by messages."""

    async def _async_launch_kernel(self, kernel_cmd, **kw):
        kw.update(stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return await super()._async_launch_kernel(kernel_cmd, **kw)


class SandboxedKernelManager(QuietKernelManager):
    """A kernel started inside bubblewrap, talking to its client over unix sockets in `runtime`
    (its network namespace is empty), interrupted by message (signals stop at the sandbox)."""

    workdir: Path
    runtime: Path
    limits: sandboxing.Limits

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        name = uuid.uuid4().hex[:8]
        self.transport = "ipc"
        self.ip = str(self.runtime / name)
        self.connection_file = str(self.runtime / f"{name}.json")

    def format_kernel_cmd(self, extra_arguments=None):
        self.kernel_spec.interrupt_mode = "message"
        argv = super().format_kernel_cmd(extra_arguments)
        return sandboxing.command(argv, workdir=self.workdir, runtime=self.runtime,
                                  limits=self.limits)


class ResilientExecute(Execute):
    """nbgrader's Execute, but a cell in `skipped` is not run: it gets the given error output."""

    skipped: dict[int, str] = {}
    index = None

    def preprocess_cell(self, cell, resources, index):
        self.index = index
        if index in self.skipped:
            cell.outputs = [nbformat.v4.new_output(
                "error", ename="KernelDied", evalue=self.skipped[index],
                traceback=[f"KernelDied: {self.skipped[index]}"])]
            return cell, resources
        cell, resources = super().preprocess_cell(cell, resources, index)
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and len(output.text) > MAX_OUTPUT_CHARS:
                output.text = (output.text[:MAX_OUTPUT_CHARS]
                               + f"\n{CUT_MARKER}: {len(output.text):,} characters]\n")
        return cell, resources


def execute_notebook(path: Path, config: Config, kernel_manager_class) -> tuple[dict, list[str]]:
    """Run one notebook; a cell that kills the kernel is skipped on the next run."""
    original = nbformat.read(path, as_version=4)
    skipped: dict[int, str] = {}
    while True:
        notebook = deepcopy(original)
        executor = ResilientExecute(config=config, kernel_manager_class=kernel_manager_class)
        executor.skipped = skipped
        resources = {"metadata": {"path": str(path.parent)}}
        try:
            with setenv(NBGRADER_EXECUTION="autograde"):
                executor.preprocess(notebook, resources)
            break
        except (DeadKernelError, CellTimeoutError, RuntimeError) as error:
            if executor.index is None or executor.index in skipped:
                raise
            reason = ("the kernel did not answer in time"
                      if isinstance(error, CellTimeoutError) else "the kernel died in this cell")
            skipped[executor.index] = f"{reason} (exit, kill, memory limit); cell not graded"
    notes = []
    for cell in notebook.cells:
        name = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") or cell.get("id")
        for output in cell.get("outputs", []):
            kind = output.get("output_type")
            if kind == "error" and output.get("ename") in NOTABLE_ERRORS:
                evalue = _ansi_free(output.get("evalue", ""))[:160]
                notes.append(f"{path.stem}/{name}: {output['ename']}: {evalue}")
            if kind == "stream" and CUT_MARKER in output.text:
                notes.append(f"{path.stem}/{name}: output over {MAX_OUTPUT_CHARS:,} characters,"
                             " cut")
    return notebook, notes


def execute_job(spec: dict) -> dict:
    """In a worker: execute a job's notebooks -> {"notebooks": {stem: notebook}, "notes": [...]}.

    Each job has its own sandbox runtime folder (sockets, IPython settings), removed after it.
    """
    config = Config(spec["config"])
    config.Execute.shutdown_kernel = "immediate"  # every output is in: no need to wait for it
    manager = QuietKernelManager
    runtime = None
    if spec["sandbox"]:
        runtime = Path(tempfile.mkdtemp(prefix="cpim-kernel-"))
        manager = type("JobKernelManager", (SandboxedKernelManager,), {
            "workdir": Path(spec["workdir"]), "runtime": runtime,
            "limits": sandboxing.Limits(**spec["sandbox"])})
    executed, notes = {}, []
    try:
        for name in spec["notebooks"]:
            path = Path(name)
            try:
                executed[path.stem], found = execute_notebook(path, config, manager)
            except Exception as error:  # noqa: BLE001 (report it, grade the other notebooks)
                notes.append(f"{path.stem}: not graded, scored 0 ({_describe(error)})")
                continue
            notes += found
    finally:
        if runtime:
            shutil.rmtree(runtime, ignore_errors=True)
    return {"notebooks": executed, "notes": notes}


def serve() -> None:
    """The worker process: read jobs from stdin, one JSON line each, answer each on stdout.

    The two channels move to private descriptors (closed in the kernels it starts) and fd 0/1
    to /dev/null and stderr, so nothing else can read a job or write an answer.
    """
    jobs = os.fdopen(os.dup(0), encoding="utf-8")
    answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
    os.dup2(2, 1)
    for line in jobs:
        answers.write(json.dumps(execute_job(json.loads(line))) + "\n")
        answers.flush()


class _DropDuplicateIds(DeduplicateIds):
    """nbgrader's DeduplicateIds, removing the nbgrader metadata of all but the last copy of a
    cell instead of leaving it empty (which nbgrader 0.9.6's metadata check rejects)."""

    def preprocess_cell(self, cell, resources, cell_index):
        cell, resources = super().preprocess_cell(cell, resources, cell_index)
        if cell.metadata.get("nbgrader") == {}:
            del cell.metadata["nbgrader"]
        return cell, resources


class _Warnings(logging.Handler):
    """Collects nbgrader's warnings while a submission is prepared, as short notes."""

    PATTERNS = [
        (re.compile(r"Cell '(\S+)' does not exist in the database"),
         r"cell \1 is not part of this assignment: not graded"),
        (re.compile(r"Missing grade cell (\S+) encountered"),
         r"cell \1 was deleted: the original was restored"),
        (re.compile(r"Cell with id '(\S+)' exists multiple times"),
         r"cell \1 appears more than once: only the last copy is graded"),
        (re.compile(r"No submitted file: .*/(\S+)\.ipynb"), r"\1 was not submitted: scored 0"),
    ]

    def __init__(self):
        super().__init__(logging.WARNING)
        self.notes: list[str] = []

    def emit(self, record):
        message = record.getMessage()
        for pattern, note in self.PATTERNS:
            match = pattern.search(message)
            if match:
                text = match.expand(note)
                if text not in self.notes:
                    self.notes.append(text)
                return


def _locked_sources(path: Path) -> dict[str, str]:
    """Grade id -> source of each locked cell of the notebook `path` (none when unreadable)."""
    try:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    return {c.get("metadata", {}).get("nbgrader", {}).get("grade_id"): _joined(c["source"])
            for c in cells if c.get("metadata", {}).get("nbgrader", {}).get("locked")}


def _joined(source) -> str:
    return source if isinstance(source, str) else "".join(source)


def _describe(error: BaseException) -> str:
    text = _ansi_free(str(error)).strip().splitlines()
    return f"{type(error).__name__}: {text[0][:200] if text else ''}"


def _ansi_free(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def _serializable(values) -> bool:
    try:
        json.dumps(dict(values))
    except TypeError:
        return False
    return True


@contextmanager
def _inside(folder: Path):
    """Work in `folder` (nbgrader reads its configuration from the current directory)."""
    previous = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(previous)


if __name__ == "__main__":
    serve()
