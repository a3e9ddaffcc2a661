"""The one-page brief a person takes into the room: what it says, as text and as a PDF."""

import datetime as dt
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest

pypdf = pytest.importorskip("pypdf")

from models.brief import (  # noqa: E402
    Brief,
    brief_pdf,
    brief_text,
    label,
    labels,
    letter_pdf,
    make_brief,
)
from models.compare import FIELDS  # noqa: E402
from models.journey import (  # noqa: E402
    Appointment,
    Concern,
    Decision,
    Profile,
    Question,
    RecordItem,
)
from models.store import Store  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]

PREPARE = {
    "record": [
        {"id": "pathology", "name": "Pathology report"},
        {"id": "scans", "name": "CT and MRI scans"},
        {"id": "notes", "name": "Clinic notes"},
        {"id": "labs", "name": "Blood tests"},
    ]
}


DECIDE = {
    "reason": [
        {"id": "rare", "label": "This cancer is not common."},
        {"id": "trials", "label": "I want to know if a clinical trial could fit me."},
        {"id": "style", "label": "I would like a doctor whose way of talking suits me."},
    ]
}


def pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def one_line(data: bytes) -> str:
    """The first page's words, their line breaks made spaces."""
    return " ".join(pdf_pages(data)[0].split())


def text_heights(data: bytes) -> dict[str, float]:
    """Each line of text on the first page, with its height on the page (points from the foot)."""
    page = pypdf.PdfReader(io.BytesIO(data)).pages[0]
    found: dict[str, float] = {}

    def seen(text, cm, tm, font, size):
        if text.strip():
            found.setdefault(text.strip(), tm[5])

    page.extract_text(visitor_text=seen)
    return found


def ruled_lines(data: bytes) -> list[tuple[float, float]]:
    """(left, height) of every straight line drawn on the first page."""
    from pypdf.generic import ContentStream

    reader = pypdf.PdfReader(io.BytesIO(data))
    page = reader.pages[0]
    lines, start = [], None
    for operands, operator in ContentStream(page.get_contents(), reader).operations:
        if operator == b"m":
            start = (float(operands[0]), float(operands[1]))
        elif operator == b"l" and start is not None:
            lines.append(start)
    return lines


@pytest.fixture
def store() -> Store:
    s = Store(None)
    s.put(Profile(name="María José Núñez", birth_date="3 Feb 1960"))
    s.put(
        Appointment(
            date=dt.date(2026, 12, 3),
            time="10:30 am",
            place="Clínica Universidad, Pamplona",
            doctor="Dr. Peña",
            video_link="https://meet.example.org/visit",
            who_is_coming="Ana, my daughter",
            treatment_history="Diagnosed in March 2025.\nFour rounds of cisplatin, then surgery.",
        )
    )
    s.save(Question(text="What happens if I wait?", order=0))
    s.save(
        Question(text="¿Qué opciones tengo si la quimioterapia no funciona?", order=1, starred=True)
    )
    s.save(Question(text="Are there clinical trials for me here?", order=2))
    s.save(Question(text="How sure are you about the stage?", order=3, starred=True))
    s.save(Concern(text="Paying for travel", created=dt.datetime(2026, 11, 1, 9, 0)))
    s.save(Concern(text="Time off work", created=dt.datetime(2026, 11, 2, 9, 0)))
    s.save(RecordItem(id="pathology", state="have"))
    s.save(RecordItem(id="scans", state="requested", requested_on=dt.date(2026, 11, 20)))
    s.save(RecordItem(id="labs", state="not_needed"))
    return s


# -- what the brief says ----------------------------------------------------------------


def test_starred_questions_come_first_then_the_rest_in_the_persons_order(store):
    brief = make_brief(store, PREPARE)
    assert brief.questions == [
        "¿Qué opciones tengo si la quimioterapia no funciona?",
        "How sure are you about the stage?",
        "What happens if I wait?",
        "Are there clinical trials for me here?",
    ]
    assert brief.starred_count == 2
    assert brief.starred == brief.questions[:2]


def test_the_brief_names_the_person_the_visit_the_worries_and_the_history(store):
    brief = make_brief(store, PREPARE)
    assert brief.title == label("title")
    assert brief.person == "María José Núñez, born 3 Feb 1960"
    assert brief.appointment_lines[0] == "Date: Thursday, December 3, 2026, at 10:30 am"
    assert "Place: Clínica Universidad, Pamplona" in brief.appointment_lines
    assert "Doctor: Dr. Peña" in brief.appointment_lines
    assert "Video link: https://meet.example.org/visit" in brief.appointment_lines
    assert "Coming with me: Ana, my daughter" in brief.appointment_lines
    assert brief.concerns == ["Paying for travel", "Time off work"]
    assert brief.treatment_history.startswith("Diagnosed in March 2025.")


def test_records_in_hand_and_still_to_come_leave_out_the_ones_not_needed(store):
    brief = make_brief(store, PREPARE)
    assert brief.records_ready == ["Pathology report"]
    assert brief.records_pending == ["CT and MRI scans (asked for on November 20)", "Clinic notes"]
    assert not any("Blood" in r for r in brief.records_ready + brief.records_pending)


def test_a_person_who_has_saved_nothing_gets_an_empty_but_friendly_brief():
    brief = make_brief(Store(None), {})
    assert brief.person == "" and brief.appointment_lines == [] and brief.questions == []
    text = brief_text(brief)
    assert label("no_appointment") in text and label("no_questions") in text
    assert len(pdf_pages(brief_pdf(brief))) == 1


def test_a_name_without_a_birth_date_is_just_the_name():
    s = Store(None)
    s.put(Profile(name="Ana"))
    assert make_brief(s, PREPARE).person == "Ana"


# -- as text to copy ------------------------------------------------------------------


def test_the_text_lists_everything_with_stars_on_the_starred_questions(store):
    text = brief_text(make_brief(store, PREPARE))
    star = label("starred_mark")
    assert text.startswith(label("title") + "\nMaría José Núñez")
    assert f"1. {star} ¿Qué opciones tengo si la quimioterapia no funciona?" in text
    assert f"2. {star} How sure are you about the stage?" in text
    assert "3. What happens if I wait?" in text and f"{star} What happens" not in text
    assert "- Paying for travel" in text
    assert f"{label('records_ready')}\n- Pathology report" in text
    assert "- Clinic notes" in text
    assert "Four rounds of cisplatin, then surgery." in text
    assert (
        text.index(label("appointment"))
        < text.index(label("questions"))
        < text.index(label("concerns"))
    )


# -- as one printed page ----------------------------------------------------------------


def test_the_pdf_is_one_page_with_the_starred_questions_and_accents_as_real_text(store):
    data = brief_pdf(make_brief(store, PREPARE))
    assert data.startswith(b"%PDF")
    pages = pdf_pages(data)
    assert len(pages) == 1
    text = " ".join(pages[0].split())
    assert "María José Núñez" in text
    assert "¿Qué opciones tengo si la quimioterapia no funciona?" in text
    assert "How sure are you about the stage?" in text
    assert "Clínica Universidad, Pamplona" in text
    assert label("records_pending") in text


def test_the_pdf_has_text_only_no_images(store):
    reader = pypdf.PdfReader(io.BytesIO(brief_pdf(make_brief(store, PREPARE))))
    assert list(reader.pages[0].images) == []


def test_a_very_long_brief_is_cut_to_one_page_and_says_how_many_more(store):
    for i in range(40):
        store.save(
            Question(
                text=f"Question number {i}: " + "a long and detailed worry " * 18,
                order=10 + i,
                starred=i < 12,
            )
        )
    for i in range(30):
        store.save(Concern(text=f"Concern {i} " + "that goes on and on " * 20))
    appointment = store.load(Appointment)
    store.put(appointment.model_copy(update={"treatment_history": "Cycle after cycle. " * 260}))
    many = {
        "record": [{"id": f"r{i}", "name": f"Record {i} with a longer name"} for i in range(30)]
    }
    for i in range(30):
        store.save(RecordItem(id=f"r{i}", state="have" if i % 2 else "todo"))

    brief = make_brief(store, many)
    pages = pdf_pages(brief_pdf(brief))
    assert len(pages) == 1
    text = " ".join(pages[0].split())
    assert "¿Qué opciones tengo si la quimioterapia no funciona?" in text
    assert "more in the app" in text


def test_ten_short_starred_questions_all_fit_on_the_page(store):
    for i in range(8):
        store.save(Question(text=f"Starred question number {i}?", order=10 + i, starred=True))
    brief = make_brief(store, PREPARE)
    text = " ".join(pdf_pages(brief_pdf(brief))[0].split())
    for question in brief.starred:
        assert question in text


def test_letters_and_symbols_the_font_lacks_do_not_break_the_pdf():
    brief = Brief(
        title="Brief",
        person="李小龍 😀",
        appointment_lines=["Place: Room 3 → left"],
        questions=["Is this ★ important?"],
        starred_count=1,
        concerns=[],
        records_ready=[],
        records_pending=[],
        treatment_history="",
    )
    pages = pdf_pages(brief_pdf(brief))
    assert len(pages) == 1 and "Room 3" in pages[0] and "important?" in pages[0]


def test_the_pdf_is_made_without_pillow_as_in_the_browser():
    code = (
        "import sys; sys.modules['PIL'] = None\n"
        "import warnings; warnings.simplefilter('ignore')\n"
        "from models.brief import make_brief, brief_pdf\n"
        "from models.store import Store\n"
        "assert brief_pdf(make_brief(Store(None), {})).startswith(b'%PDF')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr


def test_every_label_the_code_asks_for_has_words():
    pattern = re.compile(r"""\blabel\(\s*f?["']([a-z_]+)["']""")
    used = {f"{kind}_{field}" for kind in ("compare", "take_back") for field in FIELDS}
    for name in ("brief", "calendar", "compare"):
        used |= set(pattern.findall((ROOT / "models" / f"{name}.py").read_text(encoding="utf-8")))
    used |= {"records_ready", "records_pending", "concerns", "more_concerns", "more_records"}
    assert sorted(used - set(labels())) == []
    assert [k for k, v in labels().items() if not v.strip()] == []


def test_the_brief_needs_none_of_the_font_tools_the_offline_build_leaves_out(store, tmp_path):
    # The PWA build drops these fontTools parts from the browser download;
    # making a full brief with them blocked proves the PDF still works there.
    from pwa_build.wheels import FONTTOOLS_DROP

    blocked = sorted(f"fontTools.{name.removesuffix('.py')}" for name in FONTTOOLS_DROP)
    code = f"""
import sys, importlib.abc, datetime as dt
BLOCKED = {blocked!r}
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if any(name == b or name.startswith(b + ".") for b in BLOCKED):
            raise ImportError("left out of the offline build: " + name)
sys.meta_path.insert(0, Block())
from models.brief import brief_pdf, make_brief
from models.journey import Appointment, Question, Profile
from models.store import Store
s = Store(None)
s.put(Profile(name="María José Núñez"))
s.put(Appointment(date=dt.date(2026, 12, 3), place="Clínica Peña"))
s.save(Question(text="¿Qué opciones tengo? 😀 שלום", starred=True))
pdf = brief_pdf(make_brief(s, {{}}))
assert pdf.startswith(b"%PDF"), pdf[:10]
assert not [m for m in sys.modules if any(m.startswith(b) for b in BLOCKED)]
"""
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr


# -- not medical advice ---------------------------------------------------------------------


def test_the_brief_says_kindly_at_its_foot_that_it_is_not_medical_advice(store):
    foot = label("not_advice")
    assert "not medical advice" in foot
    brief = make_brief(store, PREPARE)
    assert brief.footer == foot
    assert brief_text(brief).rstrip().endswith(foot)
    text = " ".join(pdf_pages(brief_pdf(brief))[0].split())
    assert text.rstrip().endswith(foot)


def test_the_foot_line_stays_on_the_one_page_when_the_brief_is_full(store):
    for i in range(40):
        store.save(
            Question(text=f"Question {i}: " + "a long worry " * 30, order=10 + i, starred=i < 12)
        )
    brief = make_brief(store, PREPARE)
    pages = pdf_pages(brief_pdf(brief))
    assert len(pages) == 1
    assert label("not_advice") in " ".join(pages[0].split())


# -- about the person -------------------------------------------------------------------


@pytest.fixture
def robert(store) -> Store:
    """The store of someone who filled in "about me" and saved a decision."""
    store.put(
        Profile(
            name="Robert Díaz",
            birth_date="4/2/1954",
            diagnosis="Bladder cancer that has spread to my lungs.",
            medicines="Metformin 500 mg twice a day",
            oncologist="Dr. Ana Peña, Miami",
        )
    )
    store.put(
        Decision(
            outcome="now",
            decided_on=dt.date(2026, 11, 30),
            reasons=["trials", "rare"],
            own_reasons="My daughter wants me to ask.",
        )
    )
    return store


def test_the_brief_says_who_the_person_is_and_what_they_decided(robert):
    brief = make_brief(robert, PREPARE, DECIDE)
    assert brief.person == "Robert Díaz, born 4/2/1954"
    assert brief.about_me == [
        (label("diagnosis"), "Bladder cancer that has spread to my lungs."),
        (label("treatment_history"), robert.load(Appointment).treatment_history),
        (label("medicines"), "Metformin 500 mg twice a day"),
        (label("oncologist"), "Dr. Ana Peña, Miami"),
    ]
    assert brief.decision == "I decided to get a second opinion now, on November 30, 2026."
    # Their own words first, then the reasons ticked in the checklist's order.
    assert brief.reasons == [
        "My daughter wants me to ask.",
        "This cancer is not common.",
        "I want to know if a clinical trial could fit me.",
    ]
    text = brief_text(brief)
    for words in ("Robert Díaz", "Metformin 500 mg", "Dr. Ana Peña", brief.decision):
        assert words in text
    assert (
        text.index(label("about_me"))
        < text.index(label("decision"))
        < text.index(label("questions"))
    )

    page = one_line(brief_pdf(brief))
    for words in (
        "Robert Díaz, born 4/2/1954",
        f"{label('diagnosis')}: Bladder cancer that has spread to my lungs.",
        f"{label('medicines')}: Metformin 500 mg twice a day",
        f"{label('oncologist')}: Dr. Ana Peña, Miami",
        f"{label('decision')}: {brief.decision}",
        "My daughter wants me to ask.",
    ):
        assert words in page, words


def test_the_birth_date_stays_off_the_brief_if_the_person_wishes(robert):
    profile = robert.load(Profile)
    robert.put(profile.model_copy(update={"birth_date_on_brief": False}))
    brief = make_brief(robert, PREPARE, DECIDE)
    assert brief.person == "Robert Díaz"
    assert "1954" not in brief_text(brief) and "1954" not in one_line(brief_pdf(brief))


def test_parts_left_empty_are_left_off_never_printed_as_blanks():
    s = Store(None)
    s.put(Profile(name="Ana", medicines="Aspirin"))
    s.save(Question(text="What happens if I wait?"))
    brief = make_brief(s, PREPARE, DECIDE)
    assert brief.about_me == [(label("medicines"), "Aspirin")]
    assert brief.decision == "" and brief.reasons == []
    text, page = brief_text(brief), one_line(brief_pdf(brief))
    for absent in ("diagnosis", "oncologist", "treatment_history", "decision", "reasons"):
        assert label(absent) not in text and label(absent) not in page, absent
    assert f"{label('medicines')}: Aspirin" in page

    nothing = one_line(brief_pdf(make_brief(Store(None), PREPARE, DECIDE)))
    assert label("about_me") not in nothing and ":" not in nothing.split(label("appointment"))[0]


def test_an_old_profile_without_the_new_parts_still_loads_and_prints():
    s = Store(None)
    s.put(Profile.model_validate({"name": "Ana", "birth_date": "1950", "clinic": "X"}))
    brief = make_brief(s, PREPARE)
    assert brief.person == "Ana, born 1950" and brief.about_me == []


def test_each_question_has_room_for_its_answer_under_it(robert):
    data = brief_pdf(make_brief(robert, PREPARE, DECIDE))
    heights = text_heights(data)
    questions = make_brief(robert, PREPARE, DECIDE).questions
    tops = [next(y for line, y in heights.items() if q[:20] in line) for q in questions]
    rules = ruled_lines(data)
    margin_pt = 16 / 25.4 * 72
    for n, top in enumerate(tops):
        below = tops[n + 1] if n + 1 < len(tops) else 0
        room = [y for x, y in rules if below < y < top and x > margin_pt + 5]
        assert room, f"no line to write on under question {n + 1}"


def test_a_crowded_page_keeps_every_question_and_room_under_the_first(robert):
    for i in range(6):
        robert.save(Question(text=f"Extra question number {i}?", order=10 + i))
    brief = make_brief(robert, PREPARE, DECIDE)
    assert len(brief.questions) == 10
    data = brief_pdf(brief)
    assert len(pdf_pages(data)) == 1
    page = one_line(data)
    for question in brief.questions:
        assert question in page, question
    heights = text_heights(data)
    first = next(y for line, y in heights.items() if brief.questions[0][:20] in line)
    second = next(y for line, y in heights.items() if brief.questions[1][:20] in line)
    assert any(second < y < first for _x, y in ruled_lines(data))


def test_the_spanish_brief_prints_accents_and_enye(robert, monkeypatch):
    from models import text

    monkeypatch.setattr(text, "_session_lang", lambda: "es")
    brief = make_brief(robert, PREPARE, DECIDE)
    page = one_line(brief_pdf(brief))
    assert brief.decision.startswith("Decidí pedir una segunda opinión ahora")
    for expected in ("Sobre mí", "Mi diagnóstico", "Mi decisión", "Díaz", "Peña", "¿Qué opciones"):
        assert expected in page, expected


def test_the_records_letter_prints_on_as_many_pages_as_it_needs():
    letter = "Request for copies of my health records\n\nMy name is José Núñez.\n" + (
        "- A list of all my medicines\n" * 80
    )
    pages = pdf_pages(letter_pdf("Letter to ask for records", letter))
    assert len(pages) >= 2
    assert "My name is José Núñez." in pages[0]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_letter_and_the_brief_name_every_record_in_the_persons_own_voice(lang):
    from models.content import load_data
    from models.records import request_letter

    data = load_data("prepare", lang)
    letter = request_letter(
        data["letter_template"], Profile(), data["record"], dt.date.today(), lang=lang
    )
    listed = [line for line in letter.splitlines() if line.startswith("- ")]
    assert len(listed) == len(data["record"])
    second_person = re.compile(r"\b(your|you|sus?)\b", re.IGNORECASE)
    assert [line for line in listed if second_person.search(line)] == []
    assert (
        "- A list of all my medicines" in letter
        or "- Una lista de todos mis medicamentos" in letter
    )
