"""Every screen, as a screen reader gets it, checked with axe-core.

Flutter draws on a canvas; with its semantics tree switched on, the DOM holds
what assistive technology reads (roles, names, headings). axe-core checks that
DOM. A screen fails on any violation of impact "serious" or "critical".

What Flutter's engine does on every page, whatever the app does, and is
reported at a lower impact so it does not fail here:
- `meta-viewport` (moderate): the engine writes `user-scalable=no,
  maximum-scale=1.0` into the viewport meta tag at start-up (pinch-zoom would
  fight its own gestures). The app offers its own text size instead
  (About and settings > Text size; test_foundation checks it works).
- `region` (moderate): the semantics nodes are absolutely positioned
  `<flt-semantics>` elements with no landmark roles; Flet 1.0.5 has no way to
  give a control a landmark role.
"""

from __future__ import annotations

import json

import pytest

from .conftest import ROOT
from .pages import (
    AXE_S,
    PHONE,
    answer_within,
    fill,
    open_app,
    tap,
    wait_for_heading,
    wait_for_text,
    wait_until_drawn,
)

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
FAILING_IMPACTS = {"serious", "critical"}

# Every screen reachable by its address, with the heading it shows. A screen
# still being built shows at least its heading; it must pass all the same.
SCREENS = [
    ("/", "Your journey"),
    ("/learn", "Learn"),
    ("/learn/words", "Words to know"),
    ("/decide", "Decide"),
    ("/decide/reasons", "My reasons"),
    ("/decide/worries", "What worries me"),
    ("/decide/check", "A short check"),
    ("/decide/weigh", "Weigh it up"),
    ("/find", "Find a provider"),
    ("/find/centers", "Cancer center list"),
    ("/find/script", "What to ask when you call"),
    ("/find/tracker", "My places to contact"),
    ("/find/tracker/new", "Add a doctor or center"),
    ("/prepare", "Prepare"),
    ("/prepare/records", "Records to gather"),
    ("/prepare/letter", "Letter to ask for records"),
    ("/prepare/concerns", "My concerns"),
    ("/prepare/appointment", "The appointment"),
    ("/prepare/bring", "What to bring"),
    ("/prepare/brief", "My one-page brief"),
    ("/prepare/brief/about", "About me"),
    ("/prepare/visit", "Visit mode"),
    ("/prepare/compare", "Compare the two opinions"),
    ("/prepare/questions", "My questions"),
    ("/prepare/questions/bank", "Choose questions"),
    ("/prepare/share", "Share with someone who helps you"),
    ("/prepare/shared", "Open a shared plan"),
    ("/notes", "Notes"),
    ("/settings", "About and settings"),
]
# The navigation differs by width (bottom bar and top bar, or a rail).
WIDE = ["/", "/learn", "/prepare/questions", "/notes", "/settings"]


def run_axe(page) -> list[dict]:
    """axe-core's violations for the page as it is now."""
    with answer_within(AXE_S):
        return _run_axe(page)


def _run_axe(page) -> list[dict]:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ['violations']});
        return result.violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
            nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 300),
                                      summary: n.failureSummary}))
        }));
    }""")


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(
            f"- {v['id']} ({v['impact']}): {v['help']} [{len(v['nodes'])} nodes] {v['helpUrl']}"
        )
        for node in v["nodes"][:5]:
            lines.append(f"    {node['target']}: {node['html']}")
            lines.append("      " + (node["summary"] or "").replace("\n", " | ")[:400])
    return "\n".join(lines)


def assert_accessible(page, where: str) -> None:
    wait_until_drawn(page)
    violations = run_axe(page)
    out = ROOT / "test-artifacts" / "e2e" / "axe"
    out.mkdir(parents=True, exist_ok=True)
    slug = where.strip("/").replace("/", "_").replace(" ", "_") or "home"
    (out / f"{slug}.json").write_text(json.dumps(violations, indent=2), encoding="utf-8")
    failing = [v for v in violations if v["impact"] in FAILING_IMPACTS]
    assert not failing, f"axe found serious or critical problems on {where}:\n{describe(failing)}"


def test_axe_is_installed():
    assert AXE.is_file(), f"{AXE} is missing: run `npm ci` (tools/test does)"


@pytest.mark.parametrize("path,heading", SCREENS, ids=[s[0] for s in SCREENS])
def test_screen_on_a_phone_passes_axe(shared_app_server, _report_shared, phone_page, path, heading):
    page = open_app(phone_page, shared_app_server.url_for(path))
    if heading:
        wait_for_heading(page, heading)
    else:
        page.get_by_role("heading", level=1).first.wait_for(state="attached")
    assert_accessible(page, f"{path} (phone)")


@pytest.mark.parametrize("path", WIDE)
def test_screen_on_a_computer_passes_axe(shared_app_server, _report_shared, desktop_page, path):
    page = open_app(desktop_page, shared_app_server.url_for(path))
    page.get_by_role("heading", level=1).first.wait_for(state="attached")
    assert_accessible(page, f"{path} (computer)")


def test_a_learn_topic_and_a_word_pass_axe(shared_app_server, _report_shared, new_page):
    """A topic page (its text, word buttons and sources) and a glossary entry."""
    from models.content import load_glossary, load_topics

    topic = load_topics()[0]
    page = open_app(new_page(PHONE), shared_app_server.url_for(f"/learn/{topic.id}"))
    wait_for_heading(page, topic.title)
    assert_accessible(page, f"/learn/{topic.id}")

    term = load_glossary()[0]
    page = open_app(new_page(PHONE), shared_app_server.url_for(f"/learn/words/{term.id}"))
    wait_for_heading(page, "Words to know")
    wait_for_text(page, term.term)
    assert_accessible(page, f"/learn/words/{term.id}")


def test_screens_with_saved_things_pass_axe(app_server, phone_page):
    """Lists drawn from what a person saved: questions with their buttons, notes."""
    page = open_app(phone_page, app_server.url_for("/prepare/questions"))
    wait_for_heading(page, "My questions")
    fill(page, "New question", "What are my treatment options now?")
    tap(page, "Add question")
    wait_for_heading(page, "All my questions (1)", level=2)
    assert_accessible(page, "/prepare/questions with a question")

    open_app(page, app_server.url_for("/notes"))
    wait_for_heading(page, "Notes")
    fill(page, "New note", "Ask about the trial near home.")
    tap(page, "Add note")
    wait_for_text(page, "Last changed")
    assert_accessible(page, "/notes with a note")


def test_axe_catches_an_unnamed_button(shared_app_server, _report_shared, phone_page):
    """The check itself works: a button with no name is reported as a failure."""
    page = open_app(phone_page, shared_app_server.url)
    wait_for_heading(page, "Your journey")
    page.evaluate("""() => {
        const b = document.createElement('button');
        document.querySelector('flt-semantics-host').appendChild(b);
    }""")
    failing = [v["id"] for v in run_axe(page) if v["impact"] in FAILING_IMPACTS]
    assert "button-name" in failing
