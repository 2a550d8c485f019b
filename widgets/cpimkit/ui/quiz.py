"""Self-check quizzes: one notebook's questions from its module's bank, with instant feedback.

A bank (``widgets/cpimkit/data/quizzes/<module>.yaml``) maps each notebook stem to a list of
questions; every question has options, exactly one marked ``correct: true``, and every option
says ``why`` it is right or wrong. Checked answers are saved in the learner's progress file (see
`cpimkit.progress`) and shown again when the notebook is reopened.

>>> bank = {"demo": [{"question": "Turns are measured at…", "options": [
...     {"text": "cost", "correct": True, "why": "COGS and inventory are both at cost."},
...     {"text": "selling price", "why": "Sales include margin; inventory does not."}]}]}
>>> quiz = Quiz("bscm", "demo", bank=bank, progress=Progress(None))
>>> quiz.questions[0].choice.value = 1
>>> quiz.questions[0].check.click()
>>> quiz.score.value
'0 of 1 correct'
"""

from __future__ import annotations

import hashlib
import html
import random
from collections.abc import Callable, Mapping
from importlib.resources import files
from pathlib import Path

import ipywidgets as widgets
import yaml

from cpimkit.progress import MODULES, Progress, question_key
from cpimkit.ui._base import ERROR_COLOUR, compact, show

QUESTION_KEYS = {"question", "options"}
OPTION_KEYS = {"text", "correct", "why"}
RIGHT_COLOUR = "#1b7a3a"
# RadioButtons give each option one line's height, so a long option wrapped on a narrow page
# spilled over the next one: options of the class `OPTIONS` wrap beside their button instead.
OPTIONS = "cpimkit-options"
WRAPPING_OPTIONS = (
    f"<style>.{OPTIONS} label {{display:flex;align-items:flex-start;height:auto;"
    f"line-height:1.45;margin:2px 0}}"
    f".{OPTIONS} input {{flex:none;order:-1;height:1.45em}}</style>"  # the button first
)
# libyaml's loader when PyYAML was built with it: the same dicts, ten times faster.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class BankError(ValueError):
    """A quiz bank does not follow the format; the message says where and what."""


def load_bank(module: str, path: str | Path | None = None) -> dict:
    """The bank of `module` as a dict (notebook stem → questions), read from `path` if given,
    else from the package data. An empty file is an empty bank."""
    if path is None:
        source = files("cpimkit").joinpath("data", "quizzes", f"{module}.yaml")
        if not source.is_file():
            raise BankError(f"there is no quiz bank for module {module!r} ({module}.yaml)")
    else:
        source = Path(path)
    return yaml.load(source.read_text(encoding="utf-8"), Loader=LOADER) or {}


def load_banks() -> dict[str, dict]:
    """The packaged bank of every module, in course order."""
    return {module: load_bank(module) for module in MODULES}


def _text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def validate_bank(bank: object) -> None:
    """Raise `BankError` unless `bank` maps notebook stems to lists of well-formed questions.

    A question has non-empty ``question`` text and at least two ``options``; each option has
    non-empty ``text`` and ``why``, ``correct`` (if present) is true or false, and exactly one
    option is correct. Unknown keys are refused, so a misspelt ``correct`` cannot hide.

    >>> validate_bank({"nb": [{"question": "Q?", "options": [
    ...     {"text": "a", "correct": True, "why": "w"}, {"text": "b", "correct": True,
    ...     "why": "w"}]}]})
    Traceback (most recent call last):
    ...
    cpimkit.ui.quiz.BankError: nb question 1: exactly one option must have correct: true, found 2
    """
    if not isinstance(bank, Mapping):
        raise BankError(f"a bank maps notebook names to lists of questions, got {bank!r}")
    for notebook, questions in bank.items():
        if not isinstance(questions, list) or not questions:
            raise BankError(f"{notebook}: expected a non-empty list of questions, "
                            f"got {questions!r}")
        for number, question in enumerate(questions, start=1):
            _check_question(f"{notebook} question {number}", question)


def _check_keys(where: str, entry: object, allowed: set[str], expected: str) -> None:
    """Refuse an `entry` that is not a mapping (saying which keys are `expected`) or that has a
    key outside `allowed`."""
    if not isinstance(entry, Mapping):
        raise BankError(f"{where}: expected keys {expected}, got {entry!r}")
    unknown = set(entry) - allowed
    if unknown:
        raise BankError(f"{where}: unknown key(s) {sorted(unknown)}; allowed: {sorted(allowed)}")


def _check_question(where: str, question: object) -> None:
    _check_keys(where, question, QUESTION_KEYS, "question and options")
    if not _text(question.get("question")):
        raise BankError(f"{where}: the question text is empty or missing")
    options = question.get("options")
    if not isinstance(options, list) or len(options) < 2:
        raise BankError(f"{where}: needs a list of at least two options, got {options!r}")
    for number, option in enumerate(options, start=1):
        spot = f"{where} option {number}"
        _check_keys(spot, option, OPTION_KEYS, "text, why (and correct)")
        if not _text(option.get("text")):
            raise BankError(f"{spot}: the option text is empty or missing")
        if not _text(option.get("why")):
            raise BankError(f"{spot}: every option needs a why, got {option.get('why')!r}")
        if not isinstance(option.get("correct", False), bool):
            raise BankError(f"{spot}: correct must be true or false, "
                            f"got {option['correct']!r}")
    texts = [option["text"].strip() for option in options]
    if len(set(texts)) != len(texts):
        raise BankError(f"{where}: two options have the same text")
    right = sum(option.get("correct", False) for option in options)
    if right != 1:
        raise BankError(f"{where}: exactly one option must have correct: true, found {right}")


def option_order(question: Mapping) -> list[int]:
    """The order the options of `question` are shown in: shuffled, so the right answer is not
    always where the bank's author wrote it, but the same on every run (seeded by the text).

    >>> question = {"question": "Turns are measured at…", "options": [
    ...     {"text": "cost"}, {"text": "price"}, {"text": "retail"}]}
    >>> sorted(option_order(question)), option_order(question) == option_order(question)
    ([0, 1, 2], True)
    """
    seed = hashlib.sha256(question["question"].encode("utf-8")).hexdigest()
    order = list(range(len(question["options"])))
    random.Random(seed).shuffle(order)
    return order


class Question(widgets.VBox):
    """One question: radio buttons (none chosen at first), a Check button and the feedback.

    The options are shown in `option_order` unless `shuffle` is false; either way the value
    of `choice` is the option's index in the bank. `reveal` does what the Check button does:
    it locks the choice and explains it (an unanswered question shows the right answer), then
    calls `on_checked` (if given) with the question.
    """

    def __init__(self, number: int, question: Mapping,
                 on_checked: Callable[[Question], None] | None = None, *, shuffle: bool = True):
        super().__init__()
        self.text = question["question"]
        self.options = question["options"]
        self.right = next(i for i, option in enumerate(self.options) if option.get("correct"))
        self.correct = None  # True or False once checked
        order = option_order(question) if shuffle else range(len(self.options))
        self.choice = widgets.RadioButtons(
            options=[(self.options[i]["text"], i) for i in order], value=None,
            layout=widgets.Layout(width="auto"),
        )
        self.choice.add_class(OPTIONS)
        self.check = widgets.Button(description="Check", disabled=True, icon="check")
        self.feedback = widgets.HTML()
        self._on_checked = on_checked
        self.choice.observe(self._chosen, names="value")
        self.check.on_click(self.reveal)
        prompt = widgets.HTML(WRAPPING_OPTIONS
                              + compact(f"<b>{number}.</b> {html.escape(question['question'])}"))
        self.children = (prompt, self.choice, self.check, self.feedback)
        self.layout.margin = "0 0 12px 0"

    def _chosen(self, change: dict) -> None:
        self.check.disabled = change["new"] is None

    def reset(self) -> None:
        """Clear the choice and the feedback: the question can be answered again."""
        self.correct = None
        self.choice.disabled = False
        self.choice.value = None
        self.feedback.value = ""

    def reveal(self, button: widgets.Button | None = None) -> None:
        """Lock the choice and show why it is right or wrong, then call `on_checked`."""
        chosen = self.choice.value
        self.correct = chosen == self.right
        self.choice.disabled = self.check.disabled = True
        right = self.options[self.right]
        answer = (f"<div style='color:{RIGHT_COLOUR};margin-top:2px'>The answer is "
                  f"<b>{html.escape(right['text'])}</b>: {html.escape(right['why'])}</div>")
        why = "" if chosen is None else html.escape(self.options[chosen]["why"])
        if chosen is None:
            self.feedback.value = compact(
                f"<div style='color:{ERROR_COLOUR}'>✘ <b>Not answered.</b></div>{answer}")
        elif self.correct:
            self.feedback.value = compact(
                f"<div style='color:{RIGHT_COLOUR}'>✔ <b>Right.</b> {why}</div>")
        else:
            self.feedback.value = compact(
                f"<div style='color:{ERROR_COLOUR}'>✘ <b>Not quite.</b> {why}</div>{answer}")
        if self._on_checked is not None:
            self._on_checked(self)


class Quiz(widgets.VBox):
    """The self-check questions of one notebook, with a running score.

    `module` names the bank (e.g. "bscm"), `notebook` the stem of the notebook
    ("04-inventory-fundamentals"). `bank` replaces the packaged bank: a dict, or a path to a YAML
    file. Options are shuffled (the same way on every run, see `option_order`) unless `shuffle`
    is false. Checked answers go to `progress` (default: the learner's workspace file, see
    `cpimkit.progress`), and answers saved there are shown checked again; "Answer again"
    clears them all. Example:
    ``Quiz("bscm", "04-inventory-fundamentals")`` as the last line of a cell.
    """

    def __init__(self, module: str, notebook: str, *, bank: Mapping | str | Path | None = None,
                 shuffle: bool = True, progress: Progress | None = None):
        super().__init__()
        self.module, self.notebook = module, notebook
        self.progress = Progress.for_workspace() if progress is None else progress
        if not isinstance(bank, Mapping):
            bank = load_bank(module, bank)
        validate_bank(bank)
        if notebook not in bank:
            known = ", ".join(map(str, bank)) or "none"
            raise BankError(f"the {module} bank has no questions for {notebook!r} "
                            f"(notebooks with questions: {known})")
        self.questions = [Question(number, question, self._checked, shuffle=shuffle)
                          for number, question in enumerate(bank[notebook], start=1)]
        self.score = widgets.HTML()
        self.again = widgets.Button(description="Answer again", icon="refresh",
                                    layout=widgets.Layout(width="auto"))
        self.again.on_click(self.start_over)
        self._restore()
        self._update_score()
        footer = widgets.HBox([self.score, self.again],
                              layout=widgets.Layout(align_items="center", grid_gap="16px"))
        self.children = (*self.questions, footer)

    def _restore(self) -> None:
        """Show the saved answers checked, as they were (answers to options since reworded
        or removed are dropped)."""
        saved = self.progress.answers(self.module, self.notebook)
        self._restoring = True
        for question in self.questions:
            answer = saved.get(question_key(question.text), {})
            texts = [option["text"] for option in question.options]
            if answer.get("chosen") in texts:
                question.choice.value = texts.index(answer["chosen"])
                question.reveal()
        self._restoring = False

    def _checked(self, question: Question) -> None:
        if not self._restoring:
            self.progress.record_answer(
                self.module, self.notebook, self.questions.index(question), question.text,
                chosen=question.options[question.choice.value]["text"],
                correct=question.correct)
        self._update_score()

    def start_over(self, button: widgets.Button | None = None) -> None:
        """Clear every answer, here and in the progress file."""
        for question in self.questions:
            question.reset()
        self.progress.clear_answers(self.module, self.notebook)
        self._update_score()

    @property
    def answered(self) -> int:
        """How many questions have been checked."""
        return sum(question.correct is not None for question in self.questions)

    @property
    def right(self) -> int:
        """How many checked answers were right."""
        return sum(question.correct is True for question in self.questions)

    def _update_score(self) -> None:
        self.score.value = f"{self.right} of {len(self.questions)} correct"
        show(self.again, self.answered > 0)
