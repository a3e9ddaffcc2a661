"""Ordering the person's questions: priority order, stars, and "my top 3"."""

from __future__ import annotations

from models.content import load_data
from models.journey import Question
from models.text import LANGS

TOP = 3


def bank_text(bank_id: str, lang: str | None = None) -> str | None:
    """A question-bank entry's words in `lang` (the language spoken now by default)."""
    return next(
        (q["text"] for q in load_data("prepare", lang)["question"] if q["id"] == bank_id), None
    )


def shown_text(question: Question, lang: str | None = None) -> str:
    """What a question says on screen and on the brief.

    One picked from the bank, and not reworded, reads in the language spoken now
    (it was saved in the language it was picked in); anything the person wrote or
    changed stays in their own words.
    """
    if not question.bank_id:
        return question.text
    if question.text not in {bank_text(question.bank_id, other) for other in LANGS}:
        return question.text
    return bank_text(question.bank_id, lang) or question.text


def ordered(questions: list[Question]) -> list[Question]:
    """The person's priority order (ties keep the order they were added)."""
    return sorted(questions, key=lambda q: (q.order, q.created))


def top_three(questions: list[Question]) -> list[Question]:
    """Starred questions first, each group in priority order; at most three."""
    in_order = ordered(questions)
    starred = [q for q in in_order if q.starred]
    return starred[:TOP]


def top_is_full(questions: list[Question]) -> bool:
    """Three are starred already: another star would push one out of "my top 3"."""
    return sum(q.starred for q in questions) >= TOP


def for_brief(questions: list[Question]) -> list[Question]:
    """Starred first, then the rest, each in priority order."""
    in_order = ordered(questions)
    return [q for q in in_order if q.starred] + [q for q in in_order if not q.starred]


def next_order(questions: list[Question]) -> int:
    return max((q.order for q in questions), default=-1) + 1


def moved(questions: list[Question], question_id: str, delta: int) -> list[Question]:
    """The questions whose order changes when one moves up (-1) or down (+1).

    Orders are renumbered 0..n-1 so gaps and ties from older data vanish.
    """
    in_order = ordered(questions)
    index = next((i for i, q in enumerate(in_order) if q.id == question_id), None)
    if index is None:
        return []
    target = index + delta
    if not 0 <= target < len(in_order):
        return []
    in_order[index], in_order[target] = in_order[target], in_order[index]
    changed = []
    for position, q in enumerate(in_order):
        if q.order != position:
            changed.append(q.model_copy(update={"order": position}))
    return changed
