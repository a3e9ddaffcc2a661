"""Plan data that the backup and share tests both use.

A backup file and a share link carry the same `data` tables, so both refuse
the same bad ones (each test maps them to its own error key), and both fill
a plan with the same booked center.
"""

import datetime as dt

from models.journey import Provider, ProviderStatus

BAD_TABLES: dict[str, dict[str, list]] = {
    "a question with no text": {"questions": [{"id": "q1", "starred": True}]},
    "a question of 10,000 characters": {"questions": [{"id": "q1", "text": "x" * 10_000}]},
    "an unknown table": {"passwords": [{"id": "p1"}]},
    "the same id twice": {"notes": [{"id": "n1", "text": "a"}, {"id": "n1", "text": "b"}]},
    "a link that would run code": {
        "providers": [{"id": "p1", "name": "X", "website": "javascript:alert(1)"}]
    },
}


def booked_center() -> Provider:
    """A center the patient has booked, with a date and an answer from the call."""
    return Provider(
        name="City Cancer Center",
        place="Springfield",
        phone="555-0100",
        website="citycancer.example.org",
        status=ProviderStatus.BOOKED,
        next_date=dt.date(2026, 12, 1),
        call_answers={"cost": "Covered"},
    )
