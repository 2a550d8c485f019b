"""The practice exam: a mixed, seeded draw from the banks, the clock, the score and the advice."""

import random
from collections import Counter
from pathlib import Path

import pytest

from cpimkit.progress import MODULES
from cpimkit.ui import PracticeExam
from cpimkit.ui.practice import clock_text, draw
from cpimkit.ui.quiz import load_banks

COURSE = Path(__file__).resolve().parents[2] / "course"
BANKS = load_banks()


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_the_draw_mixes_modules_and_topics_and_repeats_with_the_seed():
    drawn = draw(BANKS, MODULES, 10, random.Random(7))
    assert Counter(module for module, _, _ in drawn) == dict.fromkeys(MODULES, 2)
    topics = [(module, notebook) for module, notebook, _ in drawn]
    assert len(set(topics)) == 10  # two questions of one module come from two notebooks
    again = draw(BANKS, MODULES, 10, random.Random(7))
    assert [q["question"] for _, _, q in again] == [q["question"] for _, _, q in drawn]
    other = draw(BANKS, MODULES, 10, random.Random(8))
    assert [q["question"] for _, _, q in other] != [q["question"] for _, _, q in drawn]


def test_the_draw_never_repeats_a_question_and_stops_at_the_bank():
    everything = draw(BANKS, ["eco"], 1000, random.Random(1))
    assert len(everything) == sum(map(len, BANKS["eco"].values()))
    assert len({q["question"] for _, _, q in everything}) == len(everything)


def test_the_question_slider_follows_the_ticked_modules():
    exam = PracticeExam(banks=BANKS, seed=1)
    total = sum(len(q) for bank in BANKS.values() for q in bank.values())
    assert exam.questions.max == total
    for module in ("mpr", "dsp", "eco", "smr"):
        exam.modules[module].value = False
    assert exam.questions.max == sum(map(len, BANKS["bscm"].values()))
    exam.modules["bscm"].value = False
    assert "Tick at least one module" in exam.message.value
    exam.start.click()
    assert exam.sheet == [] and exam.footer.layout.display == "none"


def answer_exam(exam, right: set[int]) -> None:
    """Answer question i right if i is in `right`, wrong otherwise; leave the last unanswered."""
    for number, question in enumerate(exam.sheet[:-1]):
        wrong = next(i for i in range(len(question.options)) if i != question.right)
        question.choice.value = question.right if number in right else wrong


def test_the_exam_is_scored_with_topics_to_review_first():
    exam = PracticeExam(questions=6, minutes=10, modules=["bscm", "dsp"], banks=BANKS, seed=3,
                        notebooks=COURSE, clock=FakeClock())
    exam.start.click()
    assert len(exam.sheet) == 6 and exam.setup.layout.display == "none"
    assert all(q.check.layout.display == "none" and q.feedback.value == "" for q in exam.sheet)
    assert exam.timer.playing and exam.time_left.value == "Time left: <b>10:00</b>"
    answer_exam(exam, right={0, 1, 2})
    assert all(q.feedback.value == "" for q in exam.sheet)  # nothing explained before the end

    exam.submit.click()
    assert exam.score == (3, 6) and not exam.timer.playing
    assert all(q.choice.disabled and q.feedback.value for q in exam.sheet)
    assert "Not answered" in exam.sheet[-1].feedback.value
    topics = exam.topics()
    assert sum(asked for *_, asked in topics) == 6
    shares = [right / asked for _, _, right, asked in topics]
    assert shares == sorted(shares)
    report = exam.results.value
    assert "Score: 3 of 6 (50&nbsp;%)" in report and "Finished in 0:00" in report
    module, notebook, right, asked = topics[0]
    assert right < asked
    row = report.split(f"href='{module}/{notebook}.ipynb'")[1].split("</tr>")[0]
    assert f"{right} of {asked}" in row and "review" in row
    assert f"{module.upper()} {notebook.split('-')[0]} " in row
    solid = [t for t in topics if t[2] == t[3]]
    for module, notebook, _, _ in solid:
        assert "solid" in report.split(f"href='{module}/{notebook}.ipynb'")[1].split("</tr>")[0]
    assert exam.start.description == "Start a new exam"


def test_topic_titles_and_links_come_from_the_notebooks():
    bank = {"04-inventory-fundamentals": BANKS["bscm"]["04-inventory-fundamentals"][:1]}
    exam = PracticeExam(questions=1, modules=["bscm"], banks={"bscm": bank}, seed=1,
                        notebooks=COURSE)
    exam.start.click()
    exam.submit.click()
    assert ("<a href='bscm/04-inventory-fundamentals.ipynb' target='_blank'>"
            "BSCM 04 Inventory fundamentals</a>") in exam.results.value
    assert exam.topics() == [("bscm", "04-inventory-fundamentals", 0, 1)]


def test_the_clock_counts_down_and_the_deadline_submits():
    clock = FakeClock()
    exam = PracticeExam(questions=4, minutes=2, modules=["eco"], banks=BANKS, seed=5,
                        clock=clock)
    exam.start.click()
    answer_exam(exam, right={0, 1})
    clock.now += 75.4
    exam.timer.value += 1  # the browser's tick
    assert exam.time_left.value == "Time left: <b>0:45</b>" and exam.score is None
    clock.now += 45
    exam.timer.value += 1
    assert exam.score == (2, 4) and exam.time_left.value == "Time is up."
    assert "The time ran out" in exam.results.value and exam.submit.disabled
    assert all(question.choice.disabled for question in exam.sheet)  # too late to answer
    exam.timer.value += 1  # a tick after the end changes nothing
    assert exam.score == (2, 4) and exam.time_left.value == "Time is up."


def test_a_new_exam_draws_new_questions():
    exam = PracticeExam(questions=5, minutes=5, banks=BANKS, seed=11, clock=FakeClock())
    exam.start.click()
    first = [q.text for q in exam.sheet]
    exam.submit.click()
    exam.start.click()
    assert [q.text for q in exam.sheet] != first
    assert exam.score is None and exam.results.value == "" and not exam.submit.disabled


@pytest.mark.parametrize(("seconds", "shown"), [(754, "12:34"), (59.6, "1:00"), (-3, "0:00")])
def test_clock_text(seconds, shown):
    assert clock_text(seconds) == shown
