"""The appointment as a calendar file (.ics, RFC 5545) any calendar app can open.

Written by hand so it needs no extra package in the browser. A time the
person wrote that we can read ("10:30 am", "2 pm", "14:00") makes a one-hour
event in local time; anything else makes an all-day event on that day.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re

from models.brief import label
from models.journey import Appointment
from models.store import APP_ID

PRODID = f"-//Second Opinion Companion//{APP_ID}//EN"
EVENT_LENGTH = dt.timedelta(hours=1)
FOLD_OCTETS = 75

_TIME = re.compile(
    r"(?<![\d:.])(?P<hour>\d{1,2})(?:\s*[:.h]\s*(?P<minute>\d{2}))?\s*"
    r"(?:(?P<half>[ap])\.?\s*m\b\.?)?",
    re.IGNORECASE,
)
_NOON = re.compile(r"\b(noon|midday)\b", re.IGNORECASE)


def parse_time(text: str) -> dt.time | None:
    """The first clock time in what the person wrote, or None if there is none.

    A bare number only counts with "am"/"pm" ("2 pm"), so "room 12" is not noon.
    """
    if _NOON.search(text):
        return dt.time(12, 0)
    for match in _TIME.finditer(text):
        hour, minute, half = match["hour"], match["minute"], match["half"]
        if minute is None and half is None:
            continue
        h, m = int(hour), int(minute or 0)
        if m > 59:
            continue
        if half:
            if not 1 <= h <= 12:
                continue
            h = h % 12 + (12 if half.lower() == "p" else 0)
        elif h > 23:
            continue
        return dt.time(h, m)
    return None


def appointment_ics(appointment: Appointment, now: dt.datetime, uid_seed: str = "") -> str | None:
    """The visit as an iCalendar file, or None if no date is saved yet.

    The UID comes from `uid_seed` and the day, so saving the same visit twice
    updates one calendar entry instead of adding a second.
    """
    if appointment.date is None:
        return None
    day = appointment.date
    start_time = parse_time(appointment.time)
    summary = (
        label("event_with", doctor=appointment.doctor) if appointment.doctor else label("event")
    )
    details = []
    if appointment.video_link:
        details.append(label("event_video", link=appointment.video_link))
    if appointment.who_is_coming:
        details.append(label("event_coming", who=appointment.who_is_coming))
    details.append(label("event_bring"))

    uid = hashlib.sha256(f"{uid_seed}|{day.isoformat()}".encode()).hexdigest()[:32]
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{uid}@{APP_ID}",
        f"DTSTAMP:{_utc(now):%Y%m%dT%H%M%SZ}",
    ]
    if start_time is None:
        lines += [
            f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{day + dt.timedelta(days=1):%Y%m%d}",
        ]
        # An all-day event starts at midnight: remind at 9 am the day before.
        reminder = "-PT15H"
    else:
        start = dt.datetime.combine(day, start_time)
        # Floating local time (no Z, no TZID): the visit is at 10:30 wherever the phone is.
        lines += [
            f"DTSTART:{start:%Y%m%dT%H%M%S}",
            f"DTEND:{start + EVENT_LENGTH:%Y%m%dT%H%M%S}",
        ]
        reminder = "-P1D"
    lines.append(f"SUMMARY:{escape_text(summary)}")
    if appointment.place:
        lines.append(f"LOCATION:{escape_text(appointment.place)}")
    if appointment.video_link:
        lines.append(f"URL:{appointment.video_link}")
    lines.append(f"DESCRIPTION:{escape_text(chr(10).join(details))}")
    lines += [
        "TRANSP:OPAQUE",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        f"DESCRIPTION:{escape_text(label('event_reminder', summary=summary))}",
        f"TRIGGER:{reminder}",
        "END:VALARM",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(fold(line) + "\r\n" for line in lines)


def _utc(moment: dt.datetime) -> dt.datetime:
    """`moment` in UTC; a naive time is taken as this device's local time."""
    return moment.astimezone(dt.UTC)


def escape_text(value: str) -> str:
    """A TEXT value as RFC 5545 writes it: \\ ; , escaped and newlines as \\n."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Split a content line into 75-octet pieces, never inside a UTF-8 character.

    Continuation pieces start with one space, which counts towards their 75.
    """
    pieces: list[str] = []
    current: list[str] = []
    size, limit = 0, FOLD_OCTETS
    for ch in line:
        octets = len(ch.encode("utf-8"))
        if size + octets > limit:
            pieces.append("".join(current))
            current, size, limit = [], 0, FOLD_OCTETS - 1
        current.append(ch)
        size += octets
    pieces.append("".join(current))
    return "\r\n ".join(pieces)
