"""The next step moves on with the stage (walk-through, minor point 18)."""

from __future__ import annotations

import datetime as dt

from models.journey import Provider, ProviderStatus
from models.providers import moved_to, step_for, suggested_step


def test_once_called_the_next_step_no_longer_says_to_call():
    place = Provider(name="MD Anderson", next_step=suggested_step(ProviderStatus.TO_CONTACT))
    called = moved_to(place, ProviderStatus.CALLED)
    assert called.status == ProviderStatus.CALLED
    assert called.next_step == "Send them your records"


def test_a_suggested_step_takes_its_date_with_it():
    place = Provider(
        name="MD Anderson",
        next_step=suggested_step(ProviderStatus.TO_CONTACT),
        next_date=dt.date(2026, 12, 3),
    )
    assert moved_to(place, ProviderStatus.CALLED).next_date is None


def test_a_step_the_person_wrote_stays_with_its_date():
    place = Provider(
        name="Dr. Rivera", next_step="Ask about the trial", next_date=dt.date(2026, 12, 3)
    )
    called = moved_to(place, ProviderStatus.CALLED)
    assert (called.next_step, called.next_date) == ("Ask about the trial", dt.date(2026, 12, 3))


def test_a_blank_step_gets_the_suggestion_and_seen_has_none():
    assert step_for(ProviderStatus.BOOKED, ProviderStatus.RECORDS_SENT, " ") == (
        "Get ready for the visit"
    )
    booked = suggested_step(ProviderStatus.BOOKED)
    assert step_for(ProviderStatus.SEEN, ProviderStatus.BOOKED, booked) == ""
