"""How far a person has come in each of the four steps, and the one next thing.

Pure functions over saved models, so they test without a screen.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from models import content
from models.journey import (
    Appointment,
    Decision,
    Provider,
    ProviderStatus,
    Question,
    RecordItem,
    TopicRead,
)

STEPS = ("learn", "decide", "find", "prepare")
MIN_QUESTIONS = 3


@dataclass(frozen=True)
class StepProgress:
    """Progress in one step: parts done out of parts, and what to do next."""

    step: str
    done: int
    total: int
    next_key: str
    """UI string key naming the next thing to do ("" when the step is done)."""
    next_part: str
    """The part of the step that does it ("decide.worries"), or the step itself when it
    is done; views/routes.py knows each part's screen."""
    next_topic: str = ""
    """For "learn.topic": the first topic not yet read."""

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.done >= self.total


def learn_progress(read: set[str], topic_ids: list[str]) -> StepProgress:
    unread = [t for t in topic_ids if t not in read]
    done = len(topic_ids) - len(unread)
    if not unread:
        return StepProgress("learn", done, len(topic_ids), "", "learn")
    return StepProgress("learn", done, len(topic_ids), "next.learn", "learn.topic", unread[0])


def decide_progress(decision: Decision, sure_ids: list[str]) -> StepProgress:
    parts = [
        (bool(decision.reasons or decision.own_reasons), "next.reasons", "decide.reasons"),
        (bool(decision.worries_seen), "next.worries", "decide.worries"),
        (all(i in decision.sure for i in sure_ids), "next.check", "decide.check"),
        (decision.outcome is not None, "next.weigh", "decide.weigh"),
    ]
    return _from_parts("decide", parts)


def find_progress(providers: list[Provider]) -> StepProgress:
    statuses = {p.status for p in providers}
    reached = {ProviderStatus.CALLED, ProviderStatus.RECORDS_SENT}
    booked = {ProviderStatus.BOOKED, ProviderStatus.SEEN}
    parts = [
        (bool(providers), "next.add_provider", "find"),
        (bool(statuses & (reached | booked)), "next.call", "find.script"),
        (bool(statuses & booked), "next.book", "find.tracker"),
    ]
    return _from_parts("find", parts)


def records_count(records: list[RecordItem], record_ids: list[str]) -> Counter:
    """How many checklist records are in each state (unsaved ones count as "todo")."""
    by_id = {r.id: r.state for r in records}
    return Counter(by_id.get(rid, "todo") for rid in record_ids)


def prepare_progress(
    records: list[RecordItem],
    record_ids: list[str],
    questions: list[Question],
    appointment: Appointment,
    bring_ids: list[str],
) -> StepProgress:
    counts = records_count(records, record_ids)
    parts = [
        (
            counts["have"] + counts["not_needed"] == len(record_ids) > 0,
            "next.records",
            "prepare.records",
        ),
        (len(questions) >= MIN_QUESTIONS, "next.questions", "prepare.questions"),
        (appointment.date is not None, "next.appointment", "prepare.appointment"),
        (
            bool(bring_ids) and set(bring_ids) <= set(appointment.bring),
            "next.bring",
            "prepare.bring",
        ),
    ]
    return _from_parts("prepare", parts)


def _from_parts(step: str, parts: list[tuple[bool, str, str]]) -> StepProgress:
    """Progress from (done?, next-thing key, part id) for each part, in order."""
    done = sum(1 for ok, _, _ in parts if ok)
    for ok, key, part in parts:
        if not ok:
            return StepProgress(step, done, len(parts), key, part)
    return StepProgress(step, done, len(parts), "", step)


def next_step(steps: list[StepProgress]) -> StepProgress | None:
    """The first step not yet complete: the one next thing shown on Home."""
    return next((s for s in steps if not s.complete), None)


def journey(store) -> list[StepProgress]:
    """Progress in all four steps for one person's store."""
    prepare = content.load_data("prepare")
    decide = content.load_data("decide")
    return [
        learn_progress({r.id for r in store.all(TopicRead)}, [t.id for t in content.load_topics()]),
        decide_progress(store.load(Decision), [s["id"] for s in decide["sure"]]),
        find_progress(store.all(Provider)),
        prepare_progress(
            store.all(RecordItem),
            [r["id"] for r in prepare["record"]],
            store.all(Question),
            store.load(Appointment),
            [b["id"] for b in prepare["bring"]],
        ),
    ]
