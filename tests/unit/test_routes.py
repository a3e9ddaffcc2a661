"""Every address the app uses opens a screen: the ones in views/routes.py, the
links in content files, the next steps Home shows, and the old addresses that
bookmarks may still hold. Asked of the app's own Router tree (views/shell.py)."""

from __future__ import annotations

import ast
import datetime as dt
import importlib
import re
from pathlib import Path

import pytest
from flet.components.router import _match_routes  # the matching ft.Router does

from models.content import load_data, load_topics
from models.journey import Appointment, Decision, Provider, ProviderStatus, Question, RecordItem
from models.progress import decide_progress, find_progress, learn_progress, prepare_progress
from models.text import strings
from views import routes
from views.routes import SCREENS
from views.shell import NAV, ROUTES, NotFound

ROOT = Path(__file__).resolve().parents[2]
NAMED = {name: value for name, value in vars(routes).items() if name.isupper()}
ADDRESSES = {name: value for name, value in NAMED.items() if str(value).startswith("/")}


def opened(address: str) -> str | None:
    """The path of the route the app's Router opens for an address; None if none."""
    chain = _match_routes(ROUTES, address)
    assert chain, address
    leaf = chain[-1].route
    if leaf.component is NotFound:
        return None
    return routes.HOME if leaf.index else leaf.path


@pytest.mark.parametrize("name", sorted(ADDRESSES))
def test_every_named_address_opens_its_own_screen(name):
    address = ADDRESSES[name]
    example = routes.path(address, topic="cost", term="stage", provider=routes.NEW)
    assert opened(example) == address


def test_every_screen_has_one_address_from_the_route_table():
    paths = [screen.path for screen in SCREENS]
    assert len(paths) == len(set(paths))
    assert set(paths) | {routes.HOME} == set(ADDRESSES.values())
    assert {entry.route for entry in NAV} <= set(ADDRESSES.values())


@pytest.mark.parametrize("screen", SCREENS, ids=[s.path for s in SCREENS])
def test_every_screen_is_a_component_of_its_module(screen):
    component = getattr(importlib.import_module(f"views.{screen.module}"), screen.component)
    assert callable(component)
    assert component.__module__ == f"views.{screen.module}"


def test_each_screen_sits_under_its_step():
    steps = [entry.route for entry in NAV if entry.route != routes.HOME]
    for screen in SCREENS:
        assert any(screen.path == s or screen.path.startswith(s + "/") for s in steps), screen


def test_an_address_nobody_named_says_not_found():
    assert opened("/no/such/screen") is None
    assert opened("/prepare/no-such-part") is None


@pytest.mark.parametrize("old", sorted(routes.MOVED))
def test_old_addresses_still_open_their_screen(old):
    new = routes.MOVED[old]
    assert opened(routes.path(old, term="stage")) == old  # the screen that sends it on
    assert opened(routes.path(new, term="stage")) == new


def test_no_topic_is_named_like_a_screen():
    topics = {t.id for t in load_topics()}
    under_learn = {p.split("/")[2] for p in ADDRESSES.values() if p.startswith(routes.LEARN + "/")}
    assert topics & (under_learn - {":topic"}) == set()  # "/learn/words" is not a topic
    assert topics & set(routes.LINKS) == set()


def test_every_content_link_opens_a_screen_or_a_topic():
    topics = {t.id for t in load_topics()}
    decide, find = load_data("decide"), load_data("find")
    links = [x["link"] for x in decide["worry"] + decide["sure"] + find["way"] if "link" in x]
    assert links
    for link in links:
        assert link in routes.LINKS or link in topics, link
        assert opened(routes.link(link)) is not None, link


def every_next_part():
    """Each part Home can point at: walk each step from nothing done to all done."""
    yield learn_progress(set(), ["cost"])
    yield learn_progress({"cost"}, ["cost"])
    sure = ["sure"]
    decision = Decision()
    for change in (
        {"reasons": ["change"]},
        {"worries_seen": ["cost"]},
        {"sure": {"sure": True}},
        {"outcome": "now"},
        {},
    ):
        yield decide_progress(decision, sure)
        decision = decision.model_copy(update=change)
    for status in (None, ProviderStatus.TO_CONTACT, ProviderStatus.CALLED, ProviderStatus.BOOKED):
        yield find_progress([Provider(name="A", status=status)] if status else [])
    records: list[RecordItem] = []
    questions: list[Question] = []
    appointment = Appointment()
    for change in ("records", "questions", "date", "bring", "done"):
        yield prepare_progress(records, ["scan"], questions, appointment, ["id"])
        if change == "records":
            records = [RecordItem(id="scan", state="have")]
        elif change == "questions":
            questions = [Question(text=f"q{i}") for i in range(3)]
        elif change == "date":
            appointment = Appointment(date=dt.date(2026, 12, 3))
        elif change == "bring":
            appointment = appointment.model_copy(update={"bring": ["id"]})


def test_every_next_step_home_shows_opens_a_screen():
    parts = {(p.next_part, p.next_topic) for p in every_next_part()}
    assert {part for part, _ in parts} == set(routes.PARTS)  # each part is reached
    for part, topic in parts:
        assert opened(routes.part(part, topic)) == routes.PARTS[part], part


APP_ADDRESS = re.compile(
    r"""["']/(?:learn|decide|find|prepare|notes|settings|questions|glossary)"""
)


def test_no_address_is_written_outside_the_route_table():
    files = [ROOT / "main.py", *(ROOT / "views").glob("*.py"), *(ROOT / "models").glob("*.py")]
    spelled = [
        f"{f.name}:{n}"
        for f in files
        if f.name != "routes.py"
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), start=1)
        if APP_ADDRESS.search(line)
    ]
    assert spelled == []


# Where each navigating call takes its address: go(route), NavCard(route, ...),
# GoButton(label, route).
ROUTE_ARGUMENT = {"go": 0, "NavCard": 0, "GoButton": 1}


def test_every_way_to_another_screen_names_a_route():
    """Each takes a name from views/routes.py (or a variable holding one), never text."""
    for file in (ROOT / "views").glob("*.py"):
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            name = getattr(node, "func", None) and getattr(node.func, "id", "")
            if isinstance(node, ast.Call) and name in ROUTE_ARGUMENT:
                where = f"{file.name}:{node.lineno}"
                route = node.args[ROUTE_ARGUMENT[name]]
                assert not isinstance(route, ast.Constant | ast.JoinedStr), where
                if isinstance(route, ast.Attribute) and getattr(route.value, "id", "") == "routes":
                    assert route.attr in ADDRESSES, where


def test_every_screen_title_has_words():
    keys = {screen.title_key for screen in SCREENS} | {routes.title_key(routes.HOME)}
    assert sorted(k for k in keys if k not in strings("en")) == []
