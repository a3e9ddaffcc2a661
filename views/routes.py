"""Every address in the app, named once. The Router (views/shell.py), the
navigation, every go(...) and every link between screens use these names.

Each screen sits under its step, so Flet's `ft.is_route_active("/prepare")`
tells the navigation which step is open. A `:name` part is filled in by
`path()` or `go(ROUTE, name=...)`. No Flet here: models and tests read it too.
"""

from __future__ import annotations

import re
from typing import NamedTuple

HOME = "/"

LEARN = "/learn"
WORDS = "/learn/words"
"""Words to know, the glossary. Listed before TOPIC: no topic is called "words"."""
WORD = "/learn/words/:term"
TOPIC = "/learn/:topic"
TOPIC_WORD = "/learn/:topic/words/:term"
"""A word's meaning, opened from a topic, with a way back to it."""

DECIDE = "/decide"
REASONS = "/decide/reasons"
WORRIES = "/decide/worries"
CHECK = "/decide/check"
WEIGH = "/decide/weigh"

FIND = "/find"
CENTERS = "/find/centers"
CALL_SCRIPT = "/find/script"
TRACKER = "/find/tracker"
PROVIDER = "/find/tracker/:provider"
"""One place on the list, to edit; `provider="new"` adds one."""
NEW = "new"

PREPARE = "/prepare"
RECORDS = "/prepare/records"
LETTER = "/prepare/letter"
QUESTIONS = "/prepare/questions"
QUESTION_BANK = "/prepare/questions/bank"
CONCERNS = "/prepare/concerns"
APPOINTMENT = "/prepare/appointment"
BRING = "/prepare/bring"
BRIEF = "/prepare/brief"
ABOUT_ME = "/prepare/brief/about"
"""The person's name and a few words about them, for the top of the brief."""
VISIT = "/prepare/visit"
COMPARE = "/prepare/compare"
SHARE = "/prepare/share"
"""Hand the plan to someone who helps, by QR code or file."""
RECEIVE = "/prepare/shared"
"""A plan someone shared: what it holds, and adding it. A scanned code opens it."""

NOTES = "/notes"
SETTINGS = "/settings"


class ScreenRoute(NamedTuple):
    path: str
    """Its address, one of the names above."""
    module: str
    """The module in views/ that draws it."""
    component: str
    """The component in that module."""
    title_key: str
    """The UI string that names it: the browser tab's title, and its card's."""


SCREENS = [
    ScreenRoute(LEARN, "learn", "Learn", "nav.learn"),
    ScreenRoute(WORDS, "learn", "Glossary", "glossary.title"),
    ScreenRoute(WORD, "learn", "Glossary", "glossary.title"),
    ScreenRoute(TOPIC, "learn", "Topic", "nav.learn"),
    ScreenRoute(TOPIC_WORD, "learn", "Glossary", "glossary.title"),
    ScreenRoute(DECIDE, "decide", "Decide", "nav.decide"),
    ScreenRoute(REASONS, "decide", "Reasons", "decide.reasons_title"),
    ScreenRoute(WORRIES, "decide", "Worries", "decide.worries_title"),
    ScreenRoute(CHECK, "decide", "Check", "decide.check_title"),
    ScreenRoute(WEIGH, "decide", "Weigh", "decide.weigh_title"),
    ScreenRoute(FIND, "find", "Find", "nav.find"),
    ScreenRoute(CENTERS, "find", "Centers", "centers.title"),
    ScreenRoute(CALL_SCRIPT, "find", "CallScript", "script.title"),
    ScreenRoute(TRACKER, "find", "Tracker", "tracker.title"),
    ScreenRoute(PROVIDER, "find", "ProviderForm", "tracker.title"),
    ScreenRoute(PREPARE, "prepare", "Prepare", "nav.prepare"),
    ScreenRoute(RECORDS, "prepare", "Records", "records.title"),
    ScreenRoute(LETTER, "prepare", "Letter", "letter.title"),
    ScreenRoute(QUESTIONS, "questions", "Questions", "questions.title"),
    ScreenRoute(QUESTION_BANK, "questions", "QuestionBank", "bank.title"),
    ScreenRoute(CONCERNS, "prepare", "Concerns", "concerns.title"),
    ScreenRoute(APPOINTMENT, "prepare", "AppointmentScreen", "appointment.title"),
    ScreenRoute(BRING, "prepare", "Bring", "bring.title"),
    ScreenRoute(BRIEF, "visit", "BriefScreen", "brief.title"),
    ScreenRoute(ABOUT_ME, "visit", "AboutMe", "brief.about_title"),
    ScreenRoute(VISIT, "visit", "Visit", "visit.title"),
    ScreenRoute(COMPARE, "visit", "Compare", "compare.title"),
    ScreenRoute(SHARE, "share", "ShareScreen", "share.title"),
    ScreenRoute(RECEIVE, "share", "ReceiveScreen", "share.receive_title"),
    ScreenRoute(NOTES, "notes", "Notes", "nav.notes"),
    ScreenRoute(SETTINGS, "settings", "SettingsScreen", "nav.settings"),
]
"""Every screen but Home, for the Router in views/shell.py. A screen's module is
imported the first time it is shown, once the store is open, so the first frame
waits for none of them (nor for pydantic, which they all use). A fixed path comes
before a :name beside it."""


def title_key(route: str) -> str:
    """The UI string that names the screen at `route`: its tab title, its card's title."""
    if route == HOME:
        return "nav.home"
    return next(screen.title_key for screen in SCREENS if screen.path == route)


MOVED = {
    "/glossary": WORDS,
    "/glossary/:term": WORD,
    "/questions": QUESTIONS,
    "/questions/bank": QUESTION_BANK,
    "/visit": VISIT,
    "/compare": COMPARE,
}
"""Addresses from before the screens sat under their step, and where each went:
a bookmark, or a browser that reopens its last page, still lands on the screen."""

LINKS = {
    "find": FIND,
    "nurse": FIND,
    "call-script": CALL_SCRIPT,
    "questions": QUESTIONS,
    "records": RECORDS,
    "weigh": WEIGH,
}
"""Screens that content links (decide.toml, find.toml) name; any other link is a
Learn topic's id."""

PARTS = {
    "learn": LEARN,
    "learn.topic": TOPIC,
    "decide": DECIDE,
    "decide.reasons": REASONS,
    "decide.worries": WORRIES,
    "decide.check": CHECK,
    "decide.weigh": WEIGH,
    "find": FIND,
    "find.script": CALL_SCRIPT,
    "find.tracker": TRACKER,
    "prepare": PREPARE,
    "prepare.records": RECORDS,
    "prepare.questions": QUESTIONS,
    "prepare.appointment": APPOINTMENT,
    "prepare.bring": BRING,
}
"""The step or part of a step that models/progress.py says is next, by its id."""

_PARAM = re.compile(r":(\w+)")


def path(route: str, **params: str) -> str:
    """The address of `route` with each `:name` filled in: path(TOPIC, topic="cost")."""
    return _PARAM.sub(lambda m: params[m.group(1)], route)


def link(name: str) -> str:
    """Where a content link leads: one of the app's own screens, or a Learn topic."""
    return LINKS.get(name) or path(TOPIC, topic=name)


def part(name: str, topic: str = "") -> str:
    """Where a part of a step is done; `topic` for "learn.topic", the next one to read."""
    return path(PARTS[name], topic=topic)
