"""The one-page brief a person takes into the room: what it says, as text and as a PDF."""

import datetime as dt
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest

pypdf = pytest.importorskip("pypdf")

from models.brief import Brief, brief_pdf, brief_text, label, labels, make_brief  # noqa: E402
from models.compare import FIELDS  # noqa: E402
from models.journey import Appointment, Concern, Profile, Question, RecordItem  # noqa: E402
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


def pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


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
    assert label("notes") in text and label("records_pending") in text


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
