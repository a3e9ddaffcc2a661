"""The records checklist and the letter that asks for copies."""

from __future__ import annotations

import datetime as dt

from models.journey import Profile, RecordItem
from models.words import long_date

STILL_NEEDED = ("todo", "requested")


def record_state(records: list[RecordItem], record_id: str) -> RecordItem:
    """The saved state of one checklist record (a fresh "todo" if never touched)."""
    return next((r for r in records if r.id == record_id), RecordItem(id=record_id))


def still_needed(records: list[RecordItem], checklist: list[dict]) -> list[dict]:
    """Checklist entries the person does not have yet and has not ruled out."""
    return [
        entry for entry in checklist if record_state(records, entry["id"]).state in STILL_NEEDED
    ]


def ready(records: list[RecordItem], checklist: list[dict]) -> list[dict]:
    return [entry for entry in checklist if record_state(records, entry["id"]).state == "have"]


def my_name(entry: dict) -> str:
    """A checklist record's name as the person says it ("A list of all my
    medicines"), for the letter and the brief; the checklist's name if it has none."""
    return entry.get("my_name") or entry.get("name") or entry["id"]


def request_letter(
    template: str,
    profile: Profile,
    records: list[dict],
    today: dt.date,
    blank: str = "________",
    lang: str | None = None,
) -> str:
    """The records request letter filled in, its date in `lang` (the template's
    language); blanks stay visible lines to write on."""
    listed = "\n".join(f"- {my_name(entry)}" for entry in records) or f"- {blank}"
    return template.format(
        name=profile.name or blank,
        birth_date=profile.birth_date or blank,
        today=long_date(today, lang),
        clinic=profile.clinic or blank,
        send_to=profile.send_to or blank,
        records=listed,
    )
