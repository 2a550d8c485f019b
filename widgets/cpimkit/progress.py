"""The learner's progress: quiz answers and exercise checks, kept in a small JSON file.

The file lives in the learner's workspace, never in the repository: at the path in the
environment variable ``CPIMKIT_PROGRESS`` if it is set, else at ``.cpimkit/progress.json`` in the
workspace, the nearest folder above the working directory that holds the marker file
``.cpimkit-workspace`` (``make student`` and Binder's ``postBuild`` write it beside the student
notebooks). Without either, nothing is saved: the source notebooks, run by the tests, leave no
trace. Every write re-reads the file, changes one notebook's records and replaces the file in
one step, so two notebooks open at once keep each other's records; a file that cannot be read
is set aside and a fresh one started.

>>> progress = Progress(None)  # in memory only
>>> progress.record_answer("bscm", "04-inventory-fundamentals", 0, "Turns are measured at…",
...                        chosen="cost", correct=True)
>>> progress.answers("bscm", "04-inventory-fundamentals")[question_key("Turns are measured at…")]
{'index': 0, 'chosen': 'cost', 'correct': True}
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path

MARKER = ".cpimkit-workspace"
ENVIRONMENT = "CPIMKIT_PROGRESS"
# The modules in course order; each is a folder of notebooks in the workspace and a quiz bank.
MODULES = ("bscm", "mpr", "dsp", "eco", "smr")
SECTIONS = ("quizzes", "exercises")
VERSION = 1


def find_workspace(start: str | Path | None = None) -> Path | None:
    """The nearest folder from `start` (default: the working directory) upwards that holds the
    workspace marker, or None."""
    here = Path(start or Path.cwd()).resolve()
    return next((folder for folder in (here, *here.parents) if (folder / MARKER).is_file()),
                None)


def progress_file(start: str | Path | None = None) -> Path | None:
    """Where progress is saved: ``$CPIMKIT_PROGRESS``, else the workspace's
    ``.cpimkit/progress.json``, else None (nothing is saved)."""
    if os.environ.get(ENVIRONMENT):
        return Path(os.environ[ENVIRONMENT]).expanduser()
    workspace = find_workspace(start)
    return None if workspace is None else workspace / ".cpimkit" / "progress.json"


def question_key(text: str) -> str:
    """A short, stable key for a question: its answers survive a reordered bank.

    >>> question_key("What is takt time?")
    '776804e10439'
    """
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()[:12]


def cell_text(cell: Mapping) -> str:
    """The source of a notebook cell (JSON) as one string."""
    source = cell["source"]
    return source if isinstance(source, str) else "".join(source)


def title(notebook: Mapping, where: object = "the notebook") -> str:
    """The text of the first "# " heading of `notebook` (its JSON); ValueError naming `where`
    if it has none.

    >>> title({"cells": [{"cell_type": "markdown", "source": ["Intro\\n", "# Takt time"]}]})
    'Takt time'
    """
    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown":
            for line in cell_text(cell).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    raise ValueError(f"{where} has no '# ' title heading")


def notebook_title(folder: str | Path, module: str, notebook: str) -> str:
    """The `title` of `<folder>/<module>/<notebook>.ipynb`, or one made from the file name when
    the notebook is not there or has none.

    >>> notebook_title("/nowhere", "bscm", "04-inventory-fundamentals")
    'Inventory fundamentals'
    """
    path = Path(folder) / module / f"{notebook}.ipynb"
    with suppress(OSError, ValueError, KeyError, TypeError):
        return title(json.loads(path.read_text(encoding="utf-8")))
    words = notebook.split("-")
    words = words[1:] if words[0].isdigit() and len(words) > 1 else words
    return " ".join(words).capitalize()


def _empty() -> dict:
    return {"version": VERSION, **{section: {} for section in SECTIONS}}


def _well_formed(data: object) -> bool:
    """Sections map modules to notebooks to records, all JSON objects."""
    return isinstance(data, dict) and all(
        isinstance(modules := data.get(section, {}), dict)
        and all(isinstance(notebooks, dict)
                and all(isinstance(record, dict) for record in notebooks.values())
                for notebooks in modules.values())
        for section in SECTIONS)


class Progress:
    """The progress file at `path` (None: kept in memory, never saved).

    `notice` is empty, or says that an unreadable file was set aside. Use
    ``Progress.for_workspace()`` to open the learner's file.
    """

    def __init__(self, path: str | Path | None):
        self.path = None if path is None else Path(path)
        self.notice = ""
        self._data = _empty() if self.path is None else self._read()

    @classmethod
    def for_workspace(cls, start: str | Path | None = None) -> Progress:
        """The progress of the workspace around `start` (see `progress_file`)."""
        return cls(progress_file(start))

    @property
    def saving(self) -> bool:
        """Whether records go to a file (False: no workspace, kept in memory only)."""
        return self.path is not None

    def quiz_answers(self, module: str) -> dict[str, dict[str, dict]]:
        """The saved quiz answers of a module: notebook stem → `answers` of the notebook."""
        return {notebook: dict(answers)
                for notebook, answers in self._latest()["quizzes"].get(module, {}).items()}

    def answers(self, module: str, notebook: str) -> dict[str, dict]:
        """The saved quiz answers of one notebook: question key → {index, chosen, correct}."""
        return self.quiz_answers(module).get(notebook, {})

    def record_answer(self, module: str, notebook: str, index: int, question: str, *,
                      chosen: str, correct: bool) -> None:
        """Save the answer to question number `index` (from 0) with text `question`: the text
        of the chosen option and whether it was right."""
        with self._changing("quizzes", module) as notebooks:
            notebooks.setdefault(notebook, {})[question_key(question)] = {
                "index": index, "chosen": chosen, "correct": bool(correct)}

    def clear_answers(self, module: str, notebook: str) -> None:
        """Forget the quiz answers of one notebook."""
        with self._changing("quizzes", module) as notebooks:
            notebooks.pop(notebook, None)

    def checks(self, module: str) -> dict[str, dict]:
        """The exercise checks of a module: notebook stem → {mtime, checked, parts, problem},
        where parts maps each graded test's grade_id to whether it passed."""
        return dict(self._latest()["exercises"].get(module, {}))

    def record_check(self, module: str, notebook: str, parts: Mapping[str, bool], *,
                     mtime: float, problem: str = "") -> None:
        """Save a check of one notebook: grade_id → passed, the notebook's modification time
        when it was checked (seconds since the epoch) and what stopped the check, if anything."""
        with self._changing("exercises", module) as notebooks:
            notebooks[notebook] = {
                "mtime": mtime, "checked": time.strftime("%Y-%m-%d %H:%M"),
                "parts": {grade_id: bool(passed) for grade_id, passed in parts.items()},
                "problem": problem}

    @contextmanager
    def _changing(self, section: str, module: str) -> Iterator[dict]:
        """The module's records in `section` (notebook stem → records), on the latest content
        of the file, to change in the block; saved after it."""
        yield self._latest()[section].setdefault(module, {})
        self._write()

    def _latest(self) -> dict:
        """Everything saved, read again from the file if there is one."""
        if self.path is not None:
            self._data = self._read()
        return self._data

    def _read(self) -> dict:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return _empty()
        try:
            data = json.loads(text)
        except ValueError:
            data = None
        if not _well_formed(data):
            return self._set_aside()
        return {**_empty(), **data}

    def _set_aside(self) -> dict:
        kept = self.path.with_name(f"{self.path.stem}-unreadable-{time.strftime('%Y%m%d-%H%M%S')}"
                                   f"{self.path.suffix}")
        os.replace(self.path, kept)
        self.notice = (f"Your progress file could not be read; it was kept as {kept.name} "
                       "and a new one was started.")
        return _empty()

    def _write(self) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".progress-",
                                             suffix=".json")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                json.dump(self._data, file, indent=1, sort_keys=True)
            os.replace(temporary, self.path)
        except BaseException:
            os.unlink(temporary)
            raise
