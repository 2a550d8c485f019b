"""The quiz widget and the bank checks."""

import copy
import json
from pathlib import Path

import pytest
import yaml

from cpimkit.progress import ENVIRONMENT, MARKER, Progress
from cpimkit.ui import Quiz, load_bank, validate_bank
from cpimkit.ui.quiz import OPTIONS, WRAPPING_OPTIONS, BankError, option_order

BANK_PATH = Path(__file__).with_name("quiz_bank.yaml")
BANK = yaml.safe_load(BANK_PATH.read_text(encoding="utf-8"))


def answer(question, option: int) -> None:
    question.choice.value = option
    question.check.click()


def test_nothing_is_revealed_before_an_answer():
    quiz = Quiz("demo", "demo-notebook", bank=BANK_PATH)
    assert len(quiz.questions) == 3
    for question in quiz.questions:
        assert question.choice.value is None
        assert question.check.disabled
        assert question.feedback.value == ""
    assert quiz.score.value == "0 of 3 correct"


def test_a_right_answer_shows_its_why_and_counts():
    quiz = Quiz("demo", "demo-notebook", bank=BANK)
    first = quiz.questions[0]
    first.choice.value = 0
    assert not first.check.disabled
    first.check.click()
    assert "Right" in first.feedback.value
    assert "compares like with like" in first.feedback.value
    assert "Selling prices include margin" not in first.feedback.value
    assert first.choice.disabled
    assert quiz.score.value == "1 of 3 correct"


def test_a_wrong_answer_shows_both_whys():
    quiz = Quiz("demo", "demo-notebook", bank=BANK)
    second = quiz.questions[1]
    answer(second, 0)
    assert "Not quite" in second.feedback.value
    assert "keeps the running sum of errors near zero" in second.feedback.value
    assert "keeps running below demand" in second.feedback.value
    assert "a large positive sum means too-low forecasts" in second.feedback.value
    assert quiz.score.value == "0 of 3 correct"
    answer(quiz.questions[0], 0)
    answer(quiz.questions[2], 0)
    assert quiz.score.value == "2 of 3 correct"
    assert (quiz.answered, quiz.right) == (3, 2)


def test_options_are_shuffled_the_same_way_on_every_run():
    shown = [[value for _, value in question.choice.options]
             for question in Quiz("demo", "demo-notebook", bank=BANK).questions]
    again = [[value for _, value in question.choice.options]
             for question in Quiz("demo", "demo-notebook", bank=BANK).questions]
    assert shown == again
    assert all(sorted(order) == list(range(len(order))) for order in shown)
    plain = Quiz("demo", "demo-notebook", bank=BANK, shuffle=False)
    assert [[value for _, value in q.choice.options] for q in plain.questions] == [
        [0, 1], [0, 1, 2], [0, 1]]


def test_the_right_answer_is_not_always_in_the_same_place():
    # Bank authors tend to write the right answer first; a learner must not be able to tell.
    places = set()
    for questions in load_bank("bscm").values():
        for question in questions:
            right = next(i for i, option in enumerate(question["options"])
                         if option.get("correct"))
            places.add(option_order(question).index(right))
    assert len(places) >= 3


def test_each_notebook_gets_its_own_questions():
    assert len(Quiz("demo", "other-notebook", bank=BANK).questions) == 1
    with pytest.raises(BankError, match="no questions for 'missing'"):
        Quiz("demo", "missing", bank=BANK)


def test_the_packaged_bank_loads_and_unknown_modules_are_reported():
    assert isinstance(load_bank("bscm"), dict)
    with pytest.raises(BankError, match="no quiz bank for module 'nosuch'"):
        load_bank("nosuch")


def broken(edit):
    bank = copy.deepcopy(BANK)
    edit(bank["demo-notebook"][1])
    return bank


@pytest.mark.parametrize(("bank", "complaint"), [
    (["not", "a", "mapping"], "maps notebook names"),
    ({"demo": []}, "non-empty list of questions"),
    (broken(lambda q: q["options"][1].pop("correct")), "exactly one option .* found 0"),
    (broken(lambda q: q["options"][0].update(correct=True)), "exactly one option .* found 2"),
    (broken(lambda q: q["options"][2].pop("why")), "option 3: every option needs a why"),
    (broken(lambda q: q["options"][2].update(why="  ")), "option 3: every option needs a why"),
    (broken(lambda q: q.update(question="")), "question 2: the question text is empty"),
    (broken(lambda q: q.update(options=q["options"][:1])), "at least two options"),
    (broken(lambda q: q["options"][0].update(corect=True)), r"unknown key\(s\) \['corect'\]"),
    (broken(lambda q: q["options"][1].update(correct="yes")), "correct must be true or false"),
    (broken(lambda q: q["options"][1].update(text="is unbiased ")), "same text"),
    (broken(lambda q: q["options"].append("plain text")), "option 4: expected keys"),
])
def test_validate_bank_rejects_malformed_banks(bank, complaint):
    with pytest.raises(BankError, match=complaint):
        validate_bank(bank)


def test_validate_bank_accepts_the_fixture():
    validate_bank(BANK)


def test_checked_answers_survive_a_new_quiz(tmp_path):
    saved = tmp_path / "progress.json"
    quiz = Quiz("demo", "demo-notebook", bank=BANK, progress=Progress(saved))
    assert quiz.again.layout.display == "none"  # nothing to clear yet
    answer(quiz.questions[0], 0)
    answer(quiz.questions[1], 0)
    assert quiz.again.layout.display is None

    reopened = Quiz("demo", "demo-notebook", bank=BANK, progress=Progress(saved))
    first, second, third = reopened.questions
    assert (first.choice.value, first.correct, first.choice.disabled) == (0, True, True)
    assert "Right" in first.feedback.value
    assert (second.choice.value, second.correct) == (0, False)
    assert "Not quite" in second.feedback.value
    assert third.choice.value is None and third.feedback.value == ""
    assert reopened.score.value == "1 of 3 correct"
    assert Progress(saved).answers("demo", "other-notebook") == {}


def test_answer_again_clears_the_quiz_and_the_saved_answers(tmp_path):
    saved = tmp_path / "progress.json"
    quiz = Quiz("demo", "demo-notebook", bank=BANK, progress=Progress(saved))
    answer(quiz.questions[0], 1)
    quiz.again.click()
    first = quiz.questions[0]
    assert (first.choice.value, first.correct, first.choice.disabled) == (None, None, False)
    assert first.feedback.value == "" and first.check.disabled
    assert quiz.score.value == "0 of 3 correct" and quiz.again.layout.display == "none"
    assert Quiz("demo", "demo-notebook", bank=BANK, progress=Progress(saved)).answered == 0


def test_an_answer_to_a_reworded_option_is_not_restored(tmp_path):
    saved = tmp_path / "progress.json"
    answer(Quiz("demo", "demo-notebook", bank=BANK, progress=Progress(saved)).questions[0], 1)
    reworded = copy.deepcopy(BANK)
    reworded["demo-notebook"][0]["options"][1]["text"] = "retail value"
    assert Quiz("demo", "demo-notebook", bank=reworded, progress=Progress(saved)).answered == 0


def test_a_quiz_in_a_workspace_saves_there(tmp_path, monkeypatch):
    monkeypatch.delenv(ENVIRONMENT, raising=False)
    (tmp_path / MARKER).touch()
    (tmp_path / "demo").mkdir()
    monkeypatch.chdir(tmp_path / "demo")  # the kernel of a notebook runs in its folder
    answer(Quiz("demo", "demo-notebook", bank=BANK).questions[2], 0)
    saved = json.loads((tmp_path / ".cpimkit" / "progress.json").read_text())
    [record] = saved["quizzes"]["demo"]["demo-notebook"].values()
    assert record["index"] == 2 and record["correct"] is True


def test_long_options_wrap_beside_their_button():
    """An option wider than a narrow page wraps within its own row: the options carry the
    class the question's style lets grow past one line."""
    question = Quiz("demo", "demo-notebook", bank=BANK_PATH).questions[0]
    assert OPTIONS in question.choice._dom_classes
    prompt = question.children[0].value
    assert prompt.startswith(WRAPPING_OPTIONS) and f".{OPTIONS} label" in WRAPPING_OPTIONS
    assert "height:auto" in WRAPPING_OPTIONS
