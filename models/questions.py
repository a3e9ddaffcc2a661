"""Ordering the person's questions: priority order, stars, and "my top 3"."""

from __future__ import annotations

from models.journey import Question

TOP = 3


def ordered(questions: list[Question]) -> list[Question]:
    """The person's priority order (ties keep the order they were added)."""
    return sorted(questions, key=lambda q: (q.order, q.created))


def top_three(questions: list[Question]) -> list[Question]:
    """Starred questions first, each group in priority order; at most three."""
    in_order = ordered(questions)
    starred = [q for q in in_order if q.starred]
    return starred[:TOP]


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
