"""The learner's progress on the start page: quizzes and graded exercises, module by module.

Quiz answers come from the progress file the quizzes write (`cpimkit.progress`). Exercises are
checked on demand: "Check my exercises" runs nbgrader's validator on each saved notebook of the
workspace changed since its last check (the visible tests only: the student versions hold no
hidden tests) and records which graded parts pass. A notebook whose answer cells are all still
the stubs is recorded as not started without running it.
"""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as widgets

from cpimkit.progress import MODULES, Progress, find_workspace, notebook_title, question_key
from cpimkit.ui._base import ERROR_COLOUR, compact, html_table, show
from cpimkit.ui._chart import BLUE, GREEN, SKY, Chart
from cpimkit.ui.quiz import RIGHT_COLOUR, load_banks

SERIES = (("Quiz questions answered", SKY), ("Quiz answers right", BLUE),
          ("Exercises passing", GREEN))
BAR = 0.26  # height of one bar; a module's three bars sit side by side
NOT_STARTED = "not started"
# The kernels that run the learner's notebooks: no history file, and no start-up warnings (they
# would land under the widget, since ipykernel forwards its child processes' output).
KERNEL_ARGUMENTS = ["--HistoryManager.hist_file=:memory:", "--IPKernelApp.log_level=ERROR"]


def quiet_validator():
    """nbgrader's validator, with kernels that keep quiet (see `KERNEL_ARGUMENTS`)."""
    from nbgrader.validator import Validator  # nbgrader and nbformat load only when needed:
    from traitlets.config import Config  # every notebook imports cpimkit.ui at its start

    return Validator(config=Config({"Execute": {"extra_arguments": KERNEL_ARGUMENTS}}))


def graded_parts(notebook) -> dict[str, str]:
    """grade_id → label of each graded test cell, in order; the label is the "Part X" of the
    heading above it ("## Part A: ...") or else the grade_id."""
    from nbgrader.utils import is_grade

    parts, label = {}, ""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("## Part "):
                    label = line[3:].split(":")[0].strip()
        elif is_grade(cell):
            grade_id = cell.metadata.nbgrader["grade_id"]
            parts[grade_id] = label if label and label not in parts.values() else grade_id
    return parts


def check_notebook(path: str | Path, validator=None
                   ) -> tuple[dict[str, bool], str]:
    """Run the visible tests of a saved notebook with nbgrader's validator.

    Returns grade_id → passed for every graded test cell, and what stopped the check ("" when
    the tests ran): "not started" when every answer cell still holds its stub, or a test or
    graded cell that was edited (nbgrader then refuses to judge).
    """
    import nbformat
    from nbgrader.utils import compute_checksum, is_grade, is_solution

    notebook = nbformat.read(path, as_version=4)
    tests = {cell.metadata.nbgrader["grade_id"]: cell
             for cell in notebook.cells if is_grade(cell)}
    answers = [cell for cell in notebook.cells if is_solution(cell)]
    if answers and all(cell.metadata.nbgrader.get("checksum")
                       == compute_checksum(cell) for cell in answers):
        return dict.fromkeys(tests, False), NOT_STARTED
    results = (validator or quiet_validator()).validate(str(path))
    if "type_changed" in results:
        return dict.fromkeys(tests, False), "a graded cell was changed to another type"
    if "changed" in results:
        return dict.fromkeys(tests, False), "a test cell was edited: restore it to check"
    failed = {item["source"] for item in results.get("failed", [])}
    return {grade_id: cell.source.strip() not in failed for grade_id, cell in tests.items()}, ""


class ProgressWidget(widgets.VBox):
    """Quizzes answered and right, and graded exercises passing, per module: a chart and a
    table, the exercises notebook by notebook, and a button that checks the exercises.

    `workspace` is the learner's folder (default: found from the working directory, see
    `cpimkit.progress.find_workspace`); `progress` the store (default: the workspace's file);
    `banks` maps modules to quiz banks (default: the packaged ones). Example:
    ``ProgressWidget()`` as the last line of a cell of the start page.
    """

    def __init__(self, workspace: str | Path | None = None, *, progress: Progress | None = None,
                 banks: dict | None = None):
        super().__init__()
        self.workspace = Path(workspace) if workspace is not None else find_workspace()
        self.progress = progress if progress is not None else Progress.for_workspace(
            self.workspace)
        self.banks = banks if banks is not None else load_banks()
        self.modules = [module for module in MODULES if module in self.banks]
        self._parts_cache: dict[Path, tuple[float, dict[str, str]]] = {}
        self.message = widgets.HTML()
        self.table = widgets.HTML()
        self.exercises = widgets.HTML()
        self.check = widgets.Button(description="Check my exercises", icon="check",
                                    layout=widgets.Layout(width="auto"),
                                    disabled=self.workspace is None)
        self.bar = widgets.IntProgress(value=0, min=0, max=1,
                                       layout=widgets.Layout(width="16em"))
        self.status = widgets.HTML()
        show(self.bar, False)
        self.check.on_click(self.check_exercises)
        self.chart = self._make_chart()
        self.refresh()
        controls = widgets.HBox([self.check, self.bar, self.status],
                                layout=widgets.Layout(align_items="center", grid_gap="12px"))
        body = widgets.HBox([self.table, self.chart.image],
                            layout=widgets.Layout(flex_flow="row wrap", grid_gap="8px 24px",
                                                  align_items="flex-start"))
        self.children = (self.message, body, controls, self.exercises)

    def _make_chart(self) -> Chart:
        chart = Chart(width=5.4, height=3.4)
        axes = chart.axes
        rows = range(len(self.modules))
        self._bars = [axes.barh([row + (i - 1) * BAR for row in rows], [0] * len(rows),
                                height=BAR, color=colour, label=label)
                      for i, (label, colour) in enumerate(SERIES)]
        self._labels = [[axes.text(0, bar.get_y() + BAR / 2, "", va="center", fontsize=7)
                         for bar in bars] for bars in self._bars]
        axes.set_yticks(list(rows), [module.upper() for module in self.modules])
        axes.invert_yaxis()  # course order from the top
        axes.set_xlim(0, 118)  # room for the labels at the end of a full bar
        axes.set_xticks(range(0, 101, 25))
        axes.set_xlabel("Share of the module [%]")
        axes.grid(False, axis="y")
        axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=3, fontsize=7,
                    frameon=False)
        return chart

    # What the learner has done -------------------------------------------------------------

    def quiz_counts(self, module: str) -> tuple[int, int, int]:
        """(questions in the bank, answered, right) for one module; answers to questions no
        longer in the bank do not count."""
        saved = self.progress.quiz_answers(module)
        total = answered = right = 0
        for notebook, questions in self.banks[module].items():
            answers = saved.get(notebook, {})
            for question in questions:
                total += 1
                answer = answers.get(question_key(question["question"]))
                if answer is not None:
                    answered += 1
                    right += bool(answer.get("correct"))
        return total, answered, right

    def notebooks(self, module: str) -> list[Path]:
        """The module's notebooks with graded parts in the workspace, in file order."""
        if self.workspace is None:
            return []
        return [path for path in sorted((self.workspace / module).glob("*.ipynb"))
                if self.parts(path)]

    def parts(self, path: Path) -> dict[str, str]:
        """`graded_parts` of the notebook at `path`, read again only when it has changed; none
        for a file that is not a readable notebook (half-saved, say), so the page still opens."""
        mtime = path.stat().st_mtime
        cached = self._parts_cache.get(path)
        if cached is None or cached[0] != mtime:
            import nbformat

            try:
                parts = graded_parts(nbformat.read(path, as_version=4))
            except (OSError, ValueError):  # nbformat's NotJSONError is a ValueError
                parts = {}
            cached = self._parts_cache[path] = (mtime, parts)
        return cached[1]

    def _last_checks(self, module: str) -> list[tuple[Path, dict | None]]:
        """Each of the module's `notebooks` with its last check (None if never checked)."""
        checks = self.progress.checks(module)
        return [(path, checks.get(path.stem)) for path in self.notebooks(module)]

    def exercise_counts(self, module: str) -> tuple[int, int]:
        """(graded parts in the workspace's notebooks, parts passing at their last check)."""
        return self._exercise_counts(self._last_checks(module))

    def _exercise_counts(self, last_checks: list[tuple[Path, dict | None]]) -> tuple[int, int]:
        total = passing = 0
        for path, record in last_checks:
            passed = (record or {}).get("parts", {})
            parts = self.parts(path)
            total += len(parts)
            passing += sum(passed.get(grade_id) is True for grade_id in parts)
        return total, passing

    # Showing it ----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the progress file and the workspace again and redraw."""
        notes = []
        if self.progress.notice:
            notes.append(self.progress.notice)
        if not self.progress.saving:
            notes.append("No learner workspace here, so progress is not saved. Open the course "
                         "with <code>make lab</code> or the Binder link to keep it.")
        self.message.value = compact("".join(
            f"<div style='color:{ERROR_COLOUR}'>{note}</div>" for note in notes))
        rows, shares, details = [], [], []
        for module in self.modules:
            last_checks = self._last_checks(module)
            total, answered, right = self.quiz_counts(module)
            parts, passing = self._exercise_counts(last_checks)
            rows.append((module.upper(), f"{answered} of {total}", f"{right} of {total}",
                         f"{passing} of {parts}" if parts else "–"))
            shares.append([_share(answered, total), _share(right, total),
                           _share(passing, parts)])
            details += [self._exercise_row(module, path, record)
                        for path, record in last_checks]
        self.table.value = compact(html_table(
            ("Module", "Quiz answered", "Quiz right", "Exercises passing"), rows))
        for series, (bars, labels) in enumerate(zip(self._bars, self._labels, strict=True)):
            for row, (bar, label) in enumerate(zip(bars, labels, strict=True)):
                share = shares[row][series]
                bar.set_width(share)
                label.set_x(share + 1.5)
                label.set_text(f"{share:.0f} %" if share else "")
        self.chart.render()
        self.exercises.value = "" if not details else compact(
            "<b>Graded exercises</b> (their visible tests, as at the last check)"
            + html_table(("Notebook", "Parts", "Check"), details))

    def _exercise_row(self, module: str, path: Path, record: dict | None) -> tuple[str, ...]:
        """Notebook (a link), parts passed and when it was checked, for the exercises table."""
        title = notebook_title(self.workspace, module, path.stem)
        link = notebook_link(module, path.stem, f"{module.upper()} {title}")
        if record is None:
            return link, "not checked yet", ""
        marks = " · ".join(f"{html.escape(label)} " + _mark(record["parts"].get(grade_id))
                           for grade_id, label in self.parts(path).items())
        when = record.get("problem") or f"checked {record.get('checked', '')}"
        if record.get("mtime") != path.stat().st_mtime:
            when += "; edited since"
        return link, marks, html.escape(when)

    # Checking exercises --------------------------------------------------------------------

    def check_exercises(self, button: widgets.Button | None = None) -> None:
        """Validate every workspace notebook changed since its last check, showing progress,
        and record the results."""
        pending = [(module, path) for module in self.modules
                   for path, record in self._last_checks(module)
                   if (record or {}).get("mtime") != path.stat().st_mtime]
        if not pending:
            self.status.value = "Nothing changed since the last check."
            return
        self.check.disabled = True
        self.bar.max, self.bar.value = len(pending), 0
        show(self.bar, True)
        validator = quiet_validator()
        try:
            for number, (module, path) in enumerate(pending, start=1):
                title = notebook_title(self.workspace, module, path.stem)
                self.status.value = html.escape(
                    f"Checking {module.upper()} {title} ({number} of {len(pending)})…")
                mtime = path.stat().st_mtime
                parts, problem = check_notebook(path, validator)
                self.progress.record_check(module, path.stem, parts, mtime=mtime,
                                           problem=problem)
                self.bar.value = number
                self.refresh()
        finally:
            self.check.disabled = False
            show(self.bar, False)
        self.status.value = f"Checked {len(pending)} notebook{'s' * (len(pending) > 1)}."


def notebook_link(module: str, notebook: str, text: str) -> str:
    """A link that opens `<module>/<notebook>.ipynb` in a new tab; `text` is escaped."""
    return f"<a href='{module}/{notebook}.ipynb' target='_blank'>{html.escape(text)}</a>"


def _share(part: int, whole: int) -> float:
    return 100 * part / whole if whole else 0.0


def _mark(passed: bool | None) -> str:
    if passed is None:
        return "–"
    colour, sign = (RIGHT_COLOUR, "✔") if passed else (ERROR_COLOUR, "✘")
    return f"<span style='color:{colour}'>{sign}</span>"
