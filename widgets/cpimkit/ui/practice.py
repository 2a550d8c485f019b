"""A timed practice exam: a mixed set of questions from the quiz banks, scored at the end.

The learner picks how many questions, how many minutes and which modules, and starts. The
questions are spread over the chosen modules and, within each, over its notebooks; no answer is
explained until the exam is submitted, or the time is up. The score comes with the topics
(notebooks) to review, weakest first, each linked to its notebook.

>>> bank = {"04-inventory-fundamentals": [{"question": "Turns are measured at…", "options": [
...     {"text": "cost", "correct": True, "why": "COGS and inventory are both at cost."},
...     {"text": "selling price", "why": "Sales include margin; inventory does not."}]}]}
>>> exam = PracticeExam(questions=1, modules=["bscm"], banks={"bscm": bank}, seed=1)
>>> exam.start.click()
>>> exam.sheet[0].choice.value = 0
>>> exam.submit.click()
>>> exam.score
(1, 1)
"""

from __future__ import annotations

import html
import random
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import ipywidgets as widgets

from cpimkit.progress import MODULES, notebook_title
from cpimkit.ui._base import ERROR_COLOUR, LABEL_STYLE, compact, html_table, show
from cpimkit.ui.progress import notebook_link
from cpimkit.ui.quiz import RIGHT_COLOUR, Question, load_banks, validate_bank

SECONDS_PER_TICK = 1


def draw(banks: Mapping[str, Mapping[str, list]], modules: Iterable[str], count: int,
         rng: random.Random) -> list[tuple[str, str, dict]]:
    """`count` questions (fewer if the banks hold fewer) as (module, notebook, question),
    taken from the `modules` in turn and, within a module, from its notebooks in turn, so the
    set is as evenly mixed as the banks allow; shown in random order.

    >>> bank = {"a": [{"question": "a1"}, {"question": "a2"}], "b": [{"question": "b1"}]}
    >>> sorted(notebook for _, notebook, _ in draw({"m": bank}, ["m"], 2, random.Random(3)))
    ['a', 'b']
    """
    queues = []
    for module in modules:
        by_notebook = [[(module, notebook, question) for question in questions]
                       for notebook, questions in banks[module].items()]
        for group in by_notebook:
            rng.shuffle(group)
        rng.shuffle(by_notebook)
        queues.append(_interleave(by_notebook))
    rng.shuffle(queues)
    drawn = _interleave(queues)[:count]
    rng.shuffle(drawn)
    return drawn


def _interleave(groups: list[list]) -> list:
    """The first of every group, then the second of every group, and so on."""
    return [group[rank] for rank in range(max(map(len, groups), default=0))
            for group in groups if rank < len(group)]


def clock_text(seconds: float) -> str:
    """Seconds as minutes and seconds, e.g. ``clock_text(754) == '12:34'``."""
    seconds = max(0, round(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


class PracticeExam(widgets.VBox):
    """A timed, mixed practice exam from the quiz banks.

    `questions` and `minutes` are the starting values of the controls, `modules` the modules
    ticked at first; `banks` maps modules to banks (default: the packaged ones); `seed` makes
    the draws repeatable; `notebooks` is the folder holding the module folders, for the titles
    and links of the topics (default: the working directory); `clock` gives the time in seconds
    (the tests pass a fake one). Example: ``PracticeExam(questions=20, minutes=30)``.
    """

    def __init__(self, questions: int = 20, minutes: int = 30,
                 modules: Iterable[str] = MODULES, *, banks: Mapping | None = None,
                 seed: int | None = None, notebooks: str | Path = ".",
                 clock: Callable[[], float] = time.monotonic):
        super().__init__()
        if banks is None:
            banks = load_banks()
        for bank in banks.values():
            validate_bank(bank)
        self.banks = dict(banks)
        self.folder = Path(notebooks)
        self._rng = random.Random(seed)
        self._clock = clock
        chosen = set(modules)
        self.modules = {module: widgets.Checkbox(value=module in chosen,
                                                 description=module.upper(), indent=False,
                                                 layout=widgets.Layout(width="6em"))
                        for module in self.banks}
        self.questions = widgets.IntSlider(value=questions, min=1, max=self._available(),
                                           description="Questions", style=LABEL_STYLE)
        self.minutes = widgets.IntSlider(value=minutes, min=1, max=240,
                                         description="Time [minutes]", style=LABEL_STYLE)
        self.start = widgets.Button(description="Start the exam", icon="play",
                                    button_style="primary", layout=widgets.Layout(width="auto"))
        self.submit = widgets.Button(description="Submit my answers", icon="check",
                                     layout=widgets.Layout(width="auto"))
        self.time_left = widgets.HTML()
        self.message = widgets.HTML()
        self.results = widgets.HTML()
        # Ticks once a second in the browser; the time left is always read from the clock.
        self.timer = widgets.Play(interval=1000 * SECONDS_PER_TICK, min=0, max=1,
                                  layout=widgets.Layout(display="none"))
        self.sheet: list[Question] = []
        self.drawn: list[tuple[str, str, dict]] = []
        self.score: tuple[int, int] | None = None
        self._deadline = 0.0
        self._started = 0.0
        for box in self.modules.values():
            box.observe(self._modules_changed, names="value")
        self.start.on_click(self._start)
        self.submit.on_click(self.finish)
        self.timer.observe(self._tick, names="value")
        self.setup = widgets.VBox([
            widgets.HBox([widgets.Label("Modules", layout=widgets.Layout(width="16em")),
                          *self.modules.values()]),
            self.questions, self.minutes, self.start,
        ])
        self.paper = widgets.VBox()
        self.footer = widgets.HBox([self.submit, self.time_left],
                                   layout=widgets.Layout(align_items="center", grid_gap="16px"))
        show(self.footer, False)
        self.children = (self.setup, self.message, self.timer, self.paper, self.footer,
                         self.results)

    def _chosen_modules(self) -> list[str]:
        return [module for module, box in self.modules.items() if box.value]

    def _available(self) -> int:
        """How many questions the ticked modules hold (at least 1, the slider's minimum)."""
        return max(1, sum(len(questions) for module in self._chosen_modules()
                          for questions in self.banks[module].values()))

    def _modules_changed(self, change: dict) -> None:
        self.questions.max = self._available()
        self.message.value = "" if self._chosen_modules() else self._warning(
            "Tick at least one module.")

    @staticmethod
    def _warning(text: str) -> str:
        return compact(f"<div style='color:{ERROR_COLOUR}'>⚠ {html.escape(text)}</div>")

    def _start(self, button: widgets.Button | None = None) -> None:
        modules = self._chosen_modules()
        if not modules:
            self.message.value = self._warning("Tick at least one module.")
            return
        self.drawn = draw(self.banks, modules, self.questions.value, self._rng)
        self.sheet = [Question(number, question)
                      for number, (_, _, question) in enumerate(self.drawn, start=1)]
        for question in self.sheet:
            show(question.check, False)  # explained only after the exam
        self.paper.children = self.sheet
        self.message.value = self.results.value = ""
        self.score = None
        seconds = 60 * self.minutes.value
        self._started = self._clock()
        self._deadline = self._started + seconds
        self.time_left.value = f"Time left: <b>{clock_text(seconds)}</b>"
        show(self.setup, False)
        show(self.footer, True)
        self.submit.disabled = False
        self.timer.value = 0
        self.timer.max = seconds // SECONDS_PER_TICK + 60  # runs on past the deadline
        self.timer.playing = True

    def _tick(self, change: dict) -> None:
        if self.score is not None or not self.sheet:
            return
        left = self._deadline - self._clock()
        if left <= 0:
            self.finish(timed_out=True)
        else:
            self.time_left.value = f"Time left: <b>{clock_text(left)}</b>"

    def finish(self, button: widgets.Button | None = None, *, timed_out: bool = False) -> None:
        """Stop the clock, explain every answer, score the exam and advise what to review."""
        if self.score is not None:
            return
        self.timer.playing = False
        self.submit.disabled = True
        for question in self.sheet:
            question.reveal()
        right = sum(question.correct for question in self.sheet)
        self.score = (right, len(self.sheet))
        taken = min(self._clock(), self._deadline) - self._started
        self.time_left.value = "Time is up." if timed_out else f"Time taken: {clock_text(taken)}"
        self.results.value = compact(self._report(timed_out, taken))
        show(self.setup, True)
        self.start.description = "Start a new exam"

    def topics(self) -> list[tuple[str, str, int, int]]:
        """(module, notebook, right, asked) for every topic of the last exam, weakest first
        (lowest share right, then most missed, then course order)."""
        tally: dict[tuple[str, str], list[int]] = {}
        for (module, notebook, _), question in zip(self.drawn, self.sheet, strict=True):
            counts = tally.setdefault((module, notebook), [0, 0])
            counts[0] += bool(question.correct)
            counts[1] += 1
        order = {module: rank for rank, module in enumerate(self.banks)}
        return sorted(((module, notebook, right, asked)
                       for (module, notebook), (right, asked) in tally.items()),
                      key=lambda t: (t[2] / t[3], t[2] - t[3], order[t[0]], t[1]))

    def _report(self, timed_out: bool, taken: float) -> str:
        right, asked = self.score
        lead = ("The time ran out; the answers chosen by then were scored. "
                if timed_out else f"Finished in {clock_text(taken)}. ")
        rows = []
        for module, notebook, got, count in self.topics():
            title = notebook_title(self.folder, module, notebook)
            link = notebook_link(module, notebook,
                                 f"{module.upper()} {notebook.split('-')[0]} {title}")
            advice = (f"<span style='color:{RIGHT_COLOUR}'>solid</span>" if got == count
                      else f"<span style='color:{ERROR_COLOUR}'>review</span>")
            rows.append((link, f"{got} of {count}", advice))
        return (f"<h3 style='margin:8px 0 4px'>Score: {right} of {asked} "
                f"({100 * right / asked:.0f} %)</h3><p>{lead}Each answer is explained above. "
                "Topics to review come first; follow a link to reopen its notebook.</p>"
                + html_table(("Topic", "Right", "Advice"), rows, align=("left", "right")))
