"""The visit as a calendar file: it opens in any calendar app and says the right thing."""

import datetime as dt

import pytest

icalendar = pytest.importorskip("icalendar")

from models.calendar import appointment_ics, escape_text, fold, parse_time  # noqa: E402
from models.journey import Appointment  # noqa: E402

NOW = dt.datetime(2026, 11, 25, 9, 30, tzinfo=dt.UTC)


def event_of(ics: str):
    calendar = icalendar.Calendar.from_ical(ics)
    (event,) = calendar.walk("VEVENT")
    return event


def visit(**changes) -> Appointment:
    return Appointment(date=dt.date(2026, 12, 3), **changes)


@pytest.mark.parametrize(
    "written, expected",
    [
        ("10:30 am", dt.time(10, 30)),
        ("10:30", dt.time(10, 30)),
        ("2 pm", dt.time(14, 0)),
        ("2pm", dt.time(14, 0)),
        ("14:00", dt.time(14, 0)),
        ("10.30 a.m.", dt.time(10, 30)),
        ("12:15 PM", dt.time(12, 15)),
        ("12 am", dt.time(0, 0)),
        ("noon", dt.time(12, 0)),
        ("around 9:45, ask at the desk", dt.time(9, 45)),
    ],
)
def test_times_as_people_write_them_are_understood(written, expected):
    assert parse_time(written) == expected


@pytest.mark.parametrize(
    "written", ["", "morning", "room 12", "after lunch", "25:00", "13 pm", "10:75"]
)
def test_anything_else_is_not_a_time(written):
    assert parse_time(written) is None


def test_no_date_no_calendar_file():
    assert appointment_ics(Appointment(time="10:30 am"), NOW) is None


def test_a_visit_with_a_time_is_a_one_hour_event_in_local_time():
    ics = appointment_ics(visit(time="10:30 am", place="City Hospital", doctor="Dr. Peña"), NOW)
    event = event_of(ics)
    assert str(event["SUMMARY"]) == "Second opinion visit with Dr. Peña"
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert start == dt.datetime(2026, 12, 3, 10, 30) and start.tzinfo is None
    assert end - start == dt.timedelta(hours=1)
    assert str(event["LOCATION"]) == "City Hospital"
    assert "DTSTART:20261203T103000\r\n" in ics


def test_a_visit_without_a_readable_time_is_an_all_day_event():
    ics = appointment_ics(visit(time="morning, exact time to follow"), NOW)
    event = event_of(ics)
    assert event.decoded("DTSTART") == dt.date(2026, 12, 3)
    assert event.decoded("DTEND") == dt.date(2026, 12, 4)
    assert "DTSTART;VALUE=DATE:20261203\r\n" in ics
    assert str(event["SUMMARY"]) == "Second opinion visit"


def test_the_file_is_well_formed_for_any_calendar_app():
    ics = appointment_ics(visit(time="2 pm"), NOW)
    assert ics.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert ics.endswith("END:VCALENDAR\r\n")
    assert "\n" not in ics.replace("\r\n", "")
    calendar = icalendar.Calendar.from_ical(ics)
    assert "Second Opinion Companion" in str(calendar["PRODID"])
    event = event_of(ics)
    assert event.decoded("DTSTAMP") == NOW
    assert event.walk("VALARM")  # a reminder the day before


def test_the_same_visit_keeps_the_same_uid_so_saving_again_does_not_duplicate_it():
    first = event_of(appointment_ics(visit(time="2 pm"), NOW))
    again = event_of(appointment_ics(visit(time="3 pm", place="Moved"), NOW + dt.timedelta(days=1)))
    other = event_of(appointment_ics(Appointment(date=dt.date(2027, 1, 5)), NOW))
    seeded = event_of(appointment_ics(visit(time="2 pm"), NOW, uid_seed="someone-else"))
    assert str(first["UID"]) == str(again["UID"])
    assert str(first["UID"]) != str(other["UID"])
    assert str(first["UID"]) != str(seeded["UID"])


def test_commas_semicolons_backslashes_and_new_lines_come_back_as_written():
    place = "Hospital Clínic; Building 2, Floor 3\\B"
    who = "Ana, my daughter; and José"
    ics = appointment_ics(
        visit(
            time="2 pm",
            place=place,
            who_is_coming=who,
            video_link="https://meet.example.org/room?id=1,2",
        ),
        NOW,
    )
    event = event_of(ics)
    assert str(event["LOCATION"]) == place
    description = str(event["DESCRIPTION"])
    assert description.splitlines() == [
        "Video link: https://meet.example.org/room?id=1,2",
        "Coming with me: Ana, my daughter; and José",
        "Bring your brief and your questions.",
    ]
    assert str(event["URL"]) == "https://meet.example.org/room?id=1,2"
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_long_lines_are_folded_at_75_octets_without_splitting_an_accented_letter():
    doctor = "Dra. María José Núñez-Ortega, Oncología Urológica, " * 3
    ics = appointment_ics(visit(time="2 pm", doctor=doctor.strip()[:200]), NOW)
    for line in ics.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75
    assert str(event_of(ics)["SUMMARY"]) == "Second opinion visit with " + doctor.strip()[:200]
    folded = fold("X" * 70 + "ñ" * 10)
    assert all(len(piece.encode("utf-8")) <= 75 for piece in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == "X" * 70 + "ñ" * 10
