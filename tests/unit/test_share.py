"""Handing the plan to a helper: what is shared comes back exactly, adding it never
loses what the helper typed, and a bad share changes nothing at all."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import json
import zlib

import pytest
import segno
import zxingcpp
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image
from plan_data import BAD_TABLES, booked_center
from test_properties import examples, shown_text

from models import journey
from models import store as store_module
from models.backup import export_backup
from models.journey import (
    NOTE_MAX,
    Appointment,
    Concern,
    Decision,
    Note,
    Provider,
    ProviderStatus,
    Question,
    RecordItem,
    SharedCodes,
)
from models.share import (
    CODE_BYTES,
    CODES_MAX,
    MAX_SHARE_BYTES,
    QR_BYTES_MAX,
    QR_VERSION_MAX,
    WRITTEN,
    Share,
    ShareError,
    SharePart,
    WhatToShare,
    add_share,
    app_address,
    collect,
    forget_scanned,
    fragment_of,
    join_parts,
    make_share,
    missing_parts,
    qr_svg,
    read_part,
    read_share_file,
    scan,
    scanned_parts,
    share_file,
    share_file_name,
    share_from_token,
    share_links,
    share_token,
    summary_of,
)
from models.store import APP_ID, SCHEMA_VERSION, Store, StoreWriteError
from models.text import t

EASTERN = dt.timezone(dt.timedelta(hours=-5))
PACIFIC = dt.timezone(dt.timedelta(hours=-8))
SENT = dt.datetime(2026, 11, 25, 14, 5, tzinfo=EASTERN)
ADDRESS = "https://companion.example.org/second-opinion/"
EVERYTHING = WhatToShare(notes=True)


class Clock:
    """The store's now(), moved by hand: who changed what, and when."""

    def __init__(self) -> None:
        self.now = dt.datetime(2026, 11, 25, 9, 0)

    def __call__(self) -> dt.datetime:
        return self.now

    def set(self, hour: int, minute: int = 0) -> None:
        self.now = self.now.replace(hour=hour, minute=minute)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(store_module, "now", clock)
    return clock


def fill(store: Store) -> Store:
    """A patient's plan, with some of everything (and kinds that are never shared)."""
    store.save(Question(text="¿Qué opciones tengo?", starred=True, order=0))
    store.save(Question(text="What happens if I wait?", order=1, answer="We can wait a month."))
    store.save(Question(text="Is there a trial for me? 🩺", order=2))
    store.put(
        Appointment(
            date=dt.date(2026, 12, 3),
            time="10:30 am",
            place="Clínica, Pamplona",
            doctor="Dr. Núñez",
            bring=["insurance_card"],
            treatment_history="Cisplatin in 2025.\nPembrolizumab since March.",
        )
    )
    store.save(RecordItem(id="pathology", state="requested", requested_on=dt.date(2026, 11, 20)))
    store.save(RecordItem(id="scans", state="have", notes="On a CD"))
    store.save(booked_center())
    store.save(Note(text="Call the nurse line on Monday.\nAsk about parking."))
    store.save(Concern(text="Paying for travel"))
    store.put(Decision(outcome="now"))
    store.put(journey.Profile(name="María José Núñez", birth_date="1951-04-02"))
    return store


@pytest.fixture
def patient(tmp_path) -> Store:
    return fill(Store(tmp_path / "patient.json"))


@pytest.fixture
def helper(tmp_path) -> Store:
    """The daughter's phone, with a question and a note of her own."""
    store = Store(tmp_path / "helper.json")
    store.save(Question(id="hers", text="Can I stay with her during the scan?"))
    store.save(Note(id="her-note", text="Book the parking pass"))
    return store


def receive(store: Store, links: list[str], zone: dt.tzinfo = EASTERN):
    """What the helper's app does: read each scanned link, join them, add the plan."""
    parts: tuple[SharePart, ...] = ()
    for link in links:
        parts = collect(parts, read_part(link))
    return add_share(store, join_parts(parts), my_zone=zone)


def share_of(store: Store, what: WhatToShare = EVERYTHING, sent: dt.datetime = SENT) -> Share:
    return make_share(store, what, sent)


# -- what is shared --------------------------------------------------------------------------


def test_only_the_chosen_kinds_are_shared_and_notes_stay_home_unless_turned_on(patient):
    share = share_of(patient, WhatToShare())
    assert WhatToShare().notes is False
    assert share.notes == ()
    assert [q.text for q in share.questions] == [q.text for q in patient.all(Question)]
    assert share.appointment == patient.load(Appointment)
    assert share.records == tuple(patient.all(RecordItem))
    assert share.providers == tuple(patient.all(Provider))
    assert share_of(patient).notes == tuple(patient.all(Note))

    just_questions = share_of(patient, WhatToShare(False, False, False, False, False))
    assert just_questions == Share(sent=SENT)
    raw = share_file(share_of(patient))
    for never in (b"Paying for travel", "María José".encode(), b'"outcome"'):
        assert never not in raw


def test_the_summary_says_exactly_what_the_share_holds(patient):
    summary = summary_of(share_of(patient))
    assert (summary.questions, summary.starred, summary.answered) == (3, 1, 1)
    assert summary.appointment is True
    assert (summary.records, summary.providers, summary.notes) == (2, 1, 1)
    assert not summary.empty
    assert summary_of(share_of(patient, WhatToShare(False, False, False, False, False))).empty


def test_an_appointment_never_filled_in_is_not_shared(tmp_path):
    store = Store(tmp_path / "new.json")
    store.save(Question(text="Where do I start?"))
    assert share_of(store).appointment is None
    assert summary_of(share_of(store)).appointment is False


KINDS = {
    "questions": WhatToShare(True, False, False, False, False),
    "appointment": WhatToShare(False, True, False, False, False),
    "records": WhatToShare(False, False, True, False, False),
    "providers": WhatToShare(False, False, False, True, False),
    "notes": WhatToShare(False, False, False, False, True),
}


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_kind_of_item_comes_back_exactly_from_the_codes_and_from_the_file(patient, kind):
    share = share_of(patient, KINDS[kind])
    assert getattr(share, kind)
    links = share_links(share, ADDRESS)
    assert join_parts([read_part(link) for link in reversed(links)]) == share
    assert read_share_file(share_file(share)) == share


def test_a_helper_with_an_empty_app_gets_the_whole_plan(patient, tmp_path):
    helper = Store(tmp_path / "empty.json")
    summary = receive(helper, share_links(share_of(patient), ADDRESS))
    assert summary.added == {
        "questions": 3,
        "appointment": 1,
        "records": 2,
        "providers": 1,
        "notes": 1,
    }
    assert summary.updated == {} and summary.kept == {}
    for kind in (Question, RecordItem, Provider, Note):
        assert helper.all(kind) == patient.all(kind)
    assert helper.load(Appointment) == patient.load(Appointment)
    assert helper.all(Concern) == [] and helper.load(journey.Profile) == journey.Profile()
    # It is really on disk: opened again, it is all there.
    assert Store(helper.path).all(Question) == patient.all(Question)


def test_the_file_says_what_it_is_and_its_name_carries_the_day(patient):
    document = json.loads(share_file(share_of(patient)))
    assert (document["app"], document["kind"], document["schema"]) == (
        APP_ID,
        "share",
        SCHEMA_VERSION,
    )
    assert document["sent"] == "2026-11-25T14:05:00-05:00"
    assert share_file_name(SENT.date()) == "second-opinion-shared-plan-2026-11-25.json"


# -- the codes ---------------------------------------------------------------------------


def read_code(link: str) -> str:
    """What a phone camera reads from the code drawn for `link` (the same squares as the SVG)."""
    code = segno.make_qr(link, error="m")
    png = io.BytesIO()
    code.save(png, kind="png", scale=4, border=4)
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(png.getvalue())))
    assert len(found) == 1
    return found[0].text


def test_code_bytes_is_what_a_version_15_code_holds_at_level_m():
    assert segno.make_qr("a" * CODE_BYTES, error="m", boost_error=False).version == QR_VERSION_MAX
    assert segno.make_qr("a" * (CODE_BYTES + 1), error="m", boost_error=False).version == 16


def test_a_big_plan_is_split_into_codes_a_phone_reads_and_each_reads_back(patient):
    for n in range(12):
        patient.save(Question(text=f"What does treatment {n} mean for my kidneys and my bones?"))
    links = share_links(share_of(patient), ADDRESS)
    assert 1 < len(links) <= CODES_MAX
    for link in links:
        assert link.startswith(ADDRESS + "#share=1.")
        assert len(link.encode()) <= CODE_BYTES
        svg = qr_svg(link)
        assert ' xmlns="http://www.w3.org/2000/svg"' in svg  # how Flet's Image knows SVG
        assert 'viewBox="0 0 ' in svg and "width=" not in svg
        assert read_code(link) == link
    assert join_parts([read_part(read_code(link)) for link in links]) == share_of(patient)


def test_the_parts_say_whose_they_are_and_come_in_any_order(patient):
    for n in range(10):
        patient.save(Note(text=f"Note {n}: " + "questions for the nurse " * 4))
    links = share_links(share_of(patient), ADDRESS)
    parts = [read_part(link) for link in links]
    assert [p.index for p in parts] == list(range(1, len(links) + 1))
    assert {p.total for p in parts} == {len(links)} and len({p.share_id for p in parts}) == 1
    collected: tuple[SharePart, ...] = ()
    for expected_missing, part in enumerate(reversed(parts)):
        assert len(missing_parts(collected)) == (len(parts) - expected_missing if collected else 0)
        collected = collect(collected, part)
        collected = collect(collected, part)  # scanned twice: counted once
    assert missing_parts(collected) == []
    assert [p.index for p in collected] == list(range(1, len(parts) + 1))
    assert join_parts(collected) == share_of(patient)
    # A screen can keep the parts scanned so far as text and read them back later.
    assert [read_part(p.text) for p in collected] == list(collected)


def test_a_link_reads_the_same_as_its_fragment_or_with_escapes(patient):
    link = share_links(share_of(patient, KINDS["questions"]), ADDRESS)[0]
    fragment = link.split("#", 1)[1]
    escaped = link.replace(".", "%2E").replace("=", "%3D")
    assert read_part(fragment) == read_part("#" + fragment) == read_part(escaped)
    assert read_part("  " + link + "\n") == read_part(link)


def test_a_plan_too_big_for_the_codes_asks_for_the_file_instead(patient):
    for n in range(40):
        patient.save(Note(text=hashlib.sha256(str(n).encode()).hexdigest() * 20))
    share = share_of(patient)
    with pytest.raises(ShareError) as caught:
        share_links(share, ADDRESS)
    assert caught.value.key == "too_big"
    assert read_share_file(share_file(share)) == share


def test_an_address_too_long_for_any_code_is_a_mistake_in_the_code(patient):
    with pytest.raises(ValueError):
        share_links(share_of(patient), "https://example.org/" + "x" * CODE_BYTES)
    with pytest.raises(ValueError):
        qr_svg("https://example.org/" + "x" * (CODE_BYTES + 1))


# -- adding a share: merging, never overwriting ---------------------------------------------


def test_new_items_are_added_and_the_helpers_own_stay(patient, helper):
    before = {q.id: q for q in helper.all(Question)} | {n.id: n for n in helper.all(Note)}
    receive(helper, share_links(share_of(patient), ADDRESS))
    after = {q.id: q for q in helper.all(Question)} | {n.id: n for n in helper.all(Note)}
    assert all(after[item_id] == item for item_id, item in before.items())
    assert len(helper.all(Question)) == 1 + 3 and len(helper.all(Note)) == 1 + 1


def test_a_newer_shared_copy_updates_and_an_older_one_does_not(clock, tmp_path):
    patient, helper = Store(tmp_path / "patient.json"), Store(tmp_path / "helper.json")
    question = patient.save(Question(text="Is it in my bones?"))
    first = share_of(patient)
    assert receive(helper, share_links(first, ADDRESS)).added == {"questions": 1}

    clock.set(9, 10)
    patient.save(question.model_copy(update={"starred": True, "text": "Is it in my bones now?"}))
    second = share_of(patient)
    assert receive(helper, share_links(second, ADDRESS)).updated == {"questions": 1}
    assert helper.get(Question, question.id) == patient.get(Question, question.id)

    clock.set(9, 20)
    mine = helper.get(Question, question.id)
    helper.save(mine.model_copy(update={"text": "Has it spread to her bones?"}))
    before = helper.path.read_bytes()
    assert receive(helper, share_links(second, ADDRESS)).kept == {"questions": 1}
    assert receive(helper, share_links(first, ADDRESS)).kept == {"questions": 1}
    assert helper.get(Question, question.id).text == "Has it spread to her bones?"
    assert helper.get(Question, question.id).starred is True
    assert helper.path.read_bytes() == before


def test_adding_the_same_share_twice_changes_nothing(patient, helper):
    links = share_links(share_of(patient), ADDRESS)
    receive(helper, links)
    before = helper.path.read_bytes()
    summary = receive(helper, links)
    assert not summary.changed
    assert summary.kept == {
        "questions": 3,
        "appointment": 1,
        "records": 2,
        "providers": 1,
        "notes": 1,
    }
    assert helper.path.read_bytes() == before


def test_what_the_helper_typed_is_kept_when_a_newer_copy_arrives(clock, tmp_path):
    patient, helper = Store(tmp_path / "patient.json"), Store(tmp_path / "helper.json")
    question = patient.save(Question(text="How long would I wait for results?"))
    receive(helper, share_links(share_of(patient), ADDRESS))

    clock.set(10, 0)  # at the visit, the daughter types what the doctor said
    helper.save(helper.get(Question, question.id).model_copy(update={"answer": "Two weeks."}))
    clock.set(10, 30)  # later the patient stars it, with no answer on her phone
    question = patient.save(question.model_copy(update={"starred": True}))
    receive(helper, share_links(share_of(patient), ADDRESS))
    merged = helper.get(Question, question.id)
    assert (merged.starred, merged.answer) == (True, "Two weeks.")

    clock.set(11, 0)  # the patient writes her own answer: both are kept, hers first
    question = patient.save(question.model_copy(update={"answer": "About 10 days, she said."}))
    links = share_links(share_of(patient), ADDRESS)
    assert receive(helper, links).updated == {"questions": 1}
    both = "About 10 days, she said.\n\nTwo weeks."
    assert helper.get(Question, question.id).answer == both
    before = helper.path.read_bytes()
    receive(helper, links)
    assert helper.path.read_bytes() == before

    clock.set(11, 30)  # a later change elsewhere does not copy the answers again
    patient.save(question.model_copy(update={"asked": True}))
    receive(helper, share_links(share_of(patient), ADDRESS))
    assert helper.get(Question, question.id).answer == both
    assert helper.get(Question, question.id).asked is True


def test_a_newer_copy_never_empties_a_field_and_one_line_details_follow_it(clock, tmp_path):
    patient, helper = Store(tmp_path / "patient.json"), Store(tmp_path / "helper.json")
    place = patient.save(Provider(name="City Cancer Center", phone="555-0100"))
    receive(helper, share_links(share_of(patient), ADDRESS))
    clock.set(10)
    helper.save(helper.get(Provider, place.id).model_copy(update={"next_step": "Call Monday"}))
    clock.set(11)
    patient.save(place.model_copy(update={"phone": "555-0199", "status": ProviderStatus.CALLED}))
    receive(helper, share_links(share_of(patient), ADDRESS))
    merged = helper.get(Provider, place.id)
    assert (merged.phone, merged.status, merged.next_step) == (
        "555-0199",
        ProviderStatus.CALLED,
        "Call Monday",
    )


def test_written_fields_are_every_multi_line_field_of_the_shared_kinds():
    # A new field where people write in their own words must be listed, or a newer copy
    # would replace those words.
    multi_line = {
        (kind, name)
        for kind in WRITTEN
        for name, field in kind.model_fields.items()
        if any(getattr(m, "max_length", None) == NOTE_MAX for m in field.metadata)
        or name == "call_answers"
    }
    assert multi_line == {(kind, name) for kind, names in WRITTEN.items() for name in names}


def test_times_are_compared_across_time_zones(clock, tmp_path):
    patient, helper = Store(tmp_path / "patient.json"), Store(tmp_path / "helper.json")
    question = patient.save(Question(text="Will I need surgery?"))
    add_share(helper, share_of(patient), my_zone=EASTERN)
    clock.set(11, 0)  # the helper in New York edits at 11:00 (16:00 UTC)
    helper.save(helper.get(Question, question.id).model_copy(update={"order": 5}))
    clock.set(9, 0)  # the patient in California stars it at 9:00 (17:00 UTC): later
    patient.save(question.model_copy(update={"starred": True}))
    in_california = dt.datetime(2026, 11, 25, 9, 5, tzinfo=PACIFIC)
    summary = add_share(helper, share_of(patient, sent=in_california), my_zone=EASTERN)
    assert summary.updated == {"questions": 1}
    assert helper.get(Question, question.id).starred is True

    clock.set(12, 30)  # 17:30 UTC in New York: now the helper's is the newer one
    helper.save(helper.get(Question, question.id).model_copy(update={"order": 7}))
    summary = add_share(helper, share_of(patient, sent=in_california), my_zone=EASTERN)
    assert summary.kept == {"questions": 1} and helper.get(Question, question.id).order == 7


def test_adding_a_share_is_one_atomic_write(patient, tmp_path):
    writes = []
    helper = Store(tmp_path / "helper.json", on_saved=lambda: writes.append(1))
    helper.save(Question(text="Mine"))
    writes.clear()
    receive(helper, share_links(share_of(patient), ADDRESS))
    assert writes == [1]


def test_a_share_that_cannot_be_saved_changes_nothing(patient, helper, monkeypatch):
    before = helper.path.read_bytes()

    def full_disk(path, content):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store_module, "atomic_write", full_disk)
    with pytest.raises(StoreWriteError):
        receive(helper, share_links(share_of(patient), ADDRESS))
    assert helper.path.read_bytes() == before


def test_an_entry_the_helpers_app_cannot_read_is_never_written_over(patient, helper):
    shared = patient.all(Question)[0]
    helper._db.table("questions").insert({"id": shared.id, "text": "", "from_later": True})
    summary = receive(helper, share_links(share_of(patient), ADDRESS))
    assert summary.kept == {"questions": 1}
    hidden = [d for d in helper._db.table("questions").all() if d["id"] == shared.id]
    assert hidden == [{"id": shared.id, "text": "", "from_later": True}]


# -- bad shares change nothing -------------------------------------------------------------


def token_of(document: object) -> str:
    raw = document if isinstance(document, bytes) else json.dumps(document).encode()
    return base64.urlsafe_b64encode(zlib.compress(raw, 9)).rstrip(b"=").decode()


def links_of(token: str, parts: int = 1, version: int = 1) -> list[str]:
    """Links in the share format by hand (sha-256 names the share and checks it)."""
    share_id = hashlib.sha256(token.encode()).hexdigest()[:8]
    size = -(-len(token) // parts)
    return [
        f"{ADDRESS}#share={version}.{share_id}.{i}.{parts}.{token[(i - 1) * size : i * size]}"
        for i in range(1, parts + 1)
    ]


GOOD_FILE = share_file(share_of(fill(Store(None))))


def good_document() -> dict:
    return json.loads(GOOD_FILE)


def with_data(**tables) -> list[str]:
    document = good_document()
    document["data"] |= tables
    return links_of(token_of(document))


def with_fields(**fields) -> list[str]:
    return links_of(token_of(good_document() | fields))


def good_links(parts: int = 1) -> list[str]:
    return links_of(token_of(good_document()), parts)


def changed_at(link: str, back: int) -> str:
    ch = link[-back]
    return link[:-back] + ("A" if ch != "A" else "B") + link[len(link) - back + 1 :]


def other_share_part() -> str:
    other = share_of(fill(Store(None)), sent=SENT + dt.timedelta(minutes=1))
    return links_of(share_token(other), 3)[1]


BAD_SHARES = {
    "cut short": ([good_links()[0][:-20]], "damaged"),
    "cut short in the middle of its label": ([f"{ADDRESS}#share=1.abcd"], "damaged"),
    "one character changed": ([changed_at(good_links()[0], 30)], "damaged"),
    "part of its name changed": ([good_links()[0].replace("#share=1.", "#share=1.0")], "damaged"),
    "a newer link format": ([good_links()[0].replace("#share=1.", "#share=2.")], "newer"),
    "a newer version of the app": (with_fields(schema=SCHEMA_VERSION + 1), "newer"),
    **{name: (with_data(**tables), "damaged") for name, tables in BAD_TABLES.items()},
    "a kind that is never shared": (with_data(profile=[{"name": "Someone"}]), "damaged"),
    "two appointments": (with_data(appointment=[{}, {"place": "Elsewhere"}]), "damaged"),
    "data that is a list": (with_fields(data=[{"id": "q1", "text": "hi"}]), "damaged"),
    "no time sent": (with_fields(sent=None), "damaged"),
    "a time sent with no zone": (with_fields(sent="2026-11-25T14:05:00"), "damaged"),
    "another app's data": (links_of(token_of({"app": "other", "data": {}})), "not_ours"),
    "a JSON list": (links_of(token_of([1, 2, 3])), "not_ours"),
    "not JSON inside": (links_of(token_of(b"Dear doctor")), "damaged"),
    "not compressed": (links_of(base64.urlsafe_b64encode(b"x" * 90).decode()), "damaged"),
    "a backup packed as a share": (
        links_of(token_of(export_backup(fill(Store(None)), SENT))),
        "a_backup",
    ),
    "unpacks to more than any plan": (
        links_of(token_of(b" " * (MAX_SHARE_BYTES + 10)), parts=3),
        "too_big",
    ),
    "more parts than any share has": (
        [f"{ADDRESS}#share=1.abcdef12.1.{CODES_MAX + 1}.abc"],
        "too_big",
    ),
    "a part longer than any code holds": (
        [f"{ADDRESS}#share=1.abcdef12.1.1." + "A" * (QR_BYTES_MAX + 1)],
        "too_big",
    ),
    "a link far too long to be scanned": (["x" * 100_000], "too_big"),
    "part 4 of 3": ([f"{ADDRESS}#share=1.abcdef12.4.3.abc"], "damaged"),
    "a part numbered 0": ([f"{ADDRESS}#share=1.abcdef12.0.3.abc"], "damaged"),
    "a link to somewhere else": (["https://example.org/page#section-2"], "not_ours"),
    "a web address with no fragment": ([ADDRESS], "not_ours"),
    "plain text": (["Dear doctor, here are my notes"], "not_ours"),
    "empty": ([""], "not_ours"),
    "a part missing": (good_links(3)[:1] + good_links(3)[2:], "incomplete"),
    "parts of two shares": ([*good_links(3)[:2], other_share_part()], "mixed_parts"),
    "two different parts with one number": (
        [good_links(2)[0], changed_at(good_links(2)[0], 5), good_links(2)[1]],
        "damaged",
    ),
    "parts that disagree on how many": (
        [good_links(2)[0], good_links(3)[1].replace(".2.3.", ".2.2.")],
        "damaged",
    ),
}


@pytest.mark.parametrize("name", list(BAD_SHARES))
def test_a_bad_share_is_refused_with_a_reason_and_nothing_changes(name, helper):
    links, key = BAD_SHARES[name]
    before = helper.path.read_bytes()
    with pytest.raises(ShareError) as caught:
        receive(helper, links)
    assert caught.value.key == key, caught.value
    assert helper.path.read_bytes() == before
    assert t(f"share.{key}") != f"share.{key}"  # the screen has words for it


def test_the_good_links_the_bad_ones_are_made_from_are_good(helper):
    assert receive(helper, good_links(3)).changed


BAD_FILES = {
    "empty bytes": (b"", "not_ours"),
    "a picture": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not_ours"),
    "plain text": (b"Dear doctor, here are my notes", "not_ours"),
    "another app's JSON": (b'{"app": "other", "kind": "share"}', "not_ours"),
    "a backup file": (export_backup(fill(Store(None)), SENT), "a_backup"),
    "cut short": (GOOD_FILE[:300], "damaged"),
    "a newer version": (json.dumps(good_document() | {"schema": 99}).encode(), "newer"),
    "too big": (b" " * (MAX_SHARE_BYTES + 1), "too_big"),
}


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_a_bad_file_is_refused_with_a_reason_and_nothing_changes(name, helper):
    raw, key = BAD_FILES[name]
    before = helper.path.read_bytes()
    with pytest.raises(ShareError) as caught:
        add_share(helper, read_share_file(raw))
    assert caught.value.key == key, caught.value
    assert helper.path.read_bytes() == before


# -- properties ----------------------------------------------------------------------------

ids = st.from_regex(r"[A-Za-z0-9_.-]{1,64}", fullmatch=True)
line = shown_text.filter(lambda s: s.strip())
lines = st.lists(line, min_size=1, max_size=4).map("\n".join)
maybe_lines = st.one_of(st.just(""), lines)
times = st.datetimes(min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2030, 1, 1)).map(
    lambda t: t.replace(microsecond=0)
)
zones = st.integers(-12 * 60, 14 * 60).map(lambda m: dt.timezone(dt.timedelta(minutes=m)))
maybe_time = st.one_of(st.none(), times)


def valid(kind, **fields):
    """Models of `kind` from these fields (the few drawn over a cap are dropped)."""

    def build(values):
        try:
            return kind.model_validate(values)
        except ValueError:
            return None

    return st.fixed_dictionaries(fields).map(build).filter(lambda m: m is not None)


questions = valid(
    Question,
    id=ids,
    text=line,
    starred=st.booleans(),
    order=st.integers(0, 50),
    asked=st.booleans(),
    answer=maybe_lines,
    created=times,
    updated=maybe_time,
)
notes = valid(Note, id=ids, text=lines, created=times, updated=times)
records = valid(
    RecordItem,
    id=st.sampled_from(["pathology", "scans", "labs", "treatment_summary", "letters"]),
    state=st.sampled_from(["todo", "have", "requested", "not_needed"]),
    requested_on=st.one_of(st.none(), st.dates()),
    notes=maybe_lines,
    updated=maybe_time,
)
providers = valid(
    Provider,
    id=ids,
    name=line,
    place=st.one_of(st.just(""), line),
    phone=st.from_regex(r"[0-9 ()+-]{0,20}", fullmatch=True),
    website=st.sampled_from(["", "mskcc.org", "https://www.mdanderson.org/second-opinion"]),
    status=st.sampled_from(list(ProviderStatus)),
    next_date=st.one_of(st.none(), st.dates()),
    call_answers=st.dictionaries(st.sampled_from(["cost", "wait", "records"]), lines, max_size=2),
    # Drawn, not left to its default (now()): a share must not depend on the clock, or
    # hypothesis sees the same draws make links of different lengths.
    created=times,
    updated=maybe_time,
)
appointments = valid(
    Appointment,
    date=st.one_of(st.none(), st.dates()),
    time=st.sampled_from(["", "10:30 am", "after lunch"]),
    place=st.one_of(st.just(""), line),
    doctor=st.one_of(st.just(""), line),
    bring=st.lists(ids, max_size=3),
    treatment_history=maybe_lines,
    updated=maybe_time,
)


def unique(items, size):
    return st.lists(items, unique_by=lambda m: m.id, max_size=size).map(tuple)


shares = st.builds(
    Share,
    sent=st.builds(lambda t, z: t.replace(tzinfo=z), times, zones),
    questions=unique(questions, 6),
    appointment=st.one_of(st.none(), appointments),
    records=unique(records, 5),
    providers=unique(providers, 3),
    notes=unique(notes, 3),
)
addresses = st.builds(
    lambda path: f"https://companion.example.org/{path}",
    st.from_regex(r"[a-z/]{0,60}", fullmatch=True),
)


@examples(60)
@given(share=shares, address=addresses, data=st.data())
def test_any_share_comes_back_from_its_codes_in_any_order(share, address, data):
    assert share_from_token(share_token(share)) == share
    assert read_share_file(share_file(share)) == share
    links = share_links(share, address)
    assert all(len(link.encode()) <= CODE_BYTES for link in links)
    scanned = data.draw(st.permutations(links), label="order scanned")
    assert join_parts([read_part(link) for link in scanned]) == share


@examples(60)
@given(share=shares, data=st.data())
def test_a_missing_or_foreign_part_is_always_refused(share, data):
    parts = [read_part(link) for link in share_links(share, ADDRESS)]
    if len(parts) > 1:
        gone = data.draw(st.integers(0, len(parts) - 1), label="missing")
        with pytest.raises(ShareError) as caught:
            join_parts(parts[:gone] + parts[gone + 1 :])
        assert caught.value.key == "incomplete"
    stranger = read_part(share_links(Share(sent=share.sent + dt.timedelta(seconds=1)), ADDRESS)[0])
    with pytest.raises(ShareError) as caught:
        join_parts([*parts, stranger])
    assert caught.value.key in ("mixed_parts", "damaged")


@examples(150)
@given(share=shares, data=st.data())
def test_any_one_character_changed_is_refused_or_reads_the_same(share, data):
    link = share_links(share, ADDRESS)[0]
    fragment_at = link.index("#") + 1
    where = data.draw(st.integers(fragment_at, len(link) - 1), label="where")
    ch = data.draw(st.sampled_from("AZaz09-_.=%#/ "), label="new character")
    changed = link[:where] + ch + link[where + 1 :]
    try:
        parts = [read_part(changed)] + [
            read_part(other) for other in share_links(share, ADDRESS)[1:]
        ]
        got = join_parts(parts)
    except ShareError:
        return
    assert got == share


@examples(300)
@given(
    text=st.one_of(
        st.text(max_size=300),
        st.from_regex(
            r"(https://x\.org/)?#?share=[0-9]{0,2}(\.[0-9a-f]{0,9}){0,5}\.[A-Za-z0-9_-]{0,40}",
            fullmatch=True,
        ),
    )
)
def test_anything_scanned_is_a_part_or_refused_kindly(text):
    try:
        part = read_part(text)
    except ShareError as err:
        assert t(f"share.{err.key}") != f"share.{err.key}"
        return
    try:
        join_parts([part])
    except ShareError as err:
        assert err.key in ("incomplete", "damaged", "too_big", "not_ours", "newer", "a_backup")


@examples(200)
@given(raw=st.one_of(st.binary(max_size=200), st.text(max_size=200).map(str.encode)))
def test_any_file_is_a_share_or_refused_kindly(raw):
    try:
        read_share_file(raw)
    except ShareError as err:
        assert t(f"share.{err.key}") != f"share.{err.key}"


@examples(40)
@given(share=shares, mine=shares, zone=zones)
def test_adding_any_share_keeps_every_word_the_helper_wrote_and_twice_changes_nothing(
    share, mine, zone
):
    helper = Store(None)
    # The helper's own copies of some of the same items (same ids, other words and times).
    helper.save_all(
        [
            *mine.questions,
            *mine.records,
            *mine.providers,
            *mine.notes,
            *[q.model_copy(update={"answer": "Hers"}) for q in share.questions[:2]],
        ]
    )
    before = {(type(e), e.id): e for e in helper.all(Question) + helper.all(RecordItem)}
    before |= {(type(e), e.id): e for e in helper.all(Provider) + helper.all(Note)}

    add_share(helper, share, my_zone=zone)
    after = {(type(e), e.id): e for e in helper.all(Question) + helper.all(RecordItem)}
    after |= {(type(e), e.id): e for e in helper.all(Provider) + helper.all(Note)}
    for key, old in before.items():
        new = after[key]
        for name in WRITTEN[type(old)]:
            if name == "call_answers":
                assert all(words in new.call_answers[k] for k, words in old.call_answers.items())
            else:
                assert getattr(old, name) in getattr(new, name)
    for entry in (*share.questions, *share.records, *share.providers, *share.notes):
        assert (type(entry), entry.id) in after

    snapshot = helper.snapshot()
    again = add_share(helper, share, my_zone=zone)
    assert not again.changed
    assert helper.snapshot() == snapshot


# -- scanning codes one at a time on the helper's phone ---------------------------------------


def many_codes(patient: Store) -> list[str]:
    for n in range(12):
        patient.save(Question(text=f"What does treatment {n} mean for my kidneys and my bones?"))
    links = share_links(share_of(patient), ADDRESS)
    assert len(links) >= 3
    return links


def test_each_scanned_code_is_kept_until_the_last_one_is_in(patient, helper, tmp_path):
    links = many_codes(patient)
    # Each code opens the app afresh: what was scanned before is read back from the store.
    for n, link in enumerate(reversed(links), start=1):
        parts, restarted = scan(Store(helper.path), fragment_of(link))
        assert not restarted and len(parts) == n
    parts = scanned_parts(Store(helper.path))
    assert missing_parts(parts) == []
    assert join_parts(parts) == share_of(patient)
    parts, _ = scan(helper, fragment_of(links[0]))  # the same code again counts once
    assert len(parts) == len(links)

    forget_scanned(helper)
    assert scanned_parts(helper) == ()
    assert helper.load(SharedCodes) == SharedCodes()


def test_a_code_of_another_plan_starts_again_with_it(patient, helper, tmp_path):
    links = many_codes(patient)
    scan(helper, fragment_of(links[0]))
    other = fill(Store(tmp_path / "other.json"))
    other.save(Note(text="Someone else's plan"))
    theirs = share_links(share_of(other), ADDRESS)
    parts, restarted = scan(helper, fragment_of(theirs[-1]))
    assert restarted and [p.share_id for p in parts] == [read_part(theirs[-1]).share_id]


def test_a_scanned_code_that_is_not_a_part_changes_nothing(patient, helper):
    links = many_codes(patient)
    scan(helper, fragment_of(links[0]))
    before = helper.snapshot()
    for bad in ("share=9.abcdefab.1.2.xyz", "share=1.nothex!!.1.2.xyz", links[1][:-40] + "!"):
        with pytest.raises(ShareError):
            scan(helper, bad)
    assert helper.snapshot() == before


def test_a_damaged_record_of_scanned_codes_starts_over(helper):
    helper.put(SharedCodes(parts=["share=1.abcdefab.1.2.abc", "share=1.12345678.2.2.abc"]))
    assert scanned_parts(helper) == ()


def test_only_a_share_fragment_is_taken_from_the_address():
    assert fragment_of(ADDRESS + "#share=1.abcdefab.1.1.xyz") == "share=1.abcdefab.1.1.xyz"
    assert fragment_of(ADDRESS + "#share%3D1.x") == "share%3D1.x"
    for url in (ADDRESS, ADDRESS + "#", ADDRESS + "#other=1", ADDRESS + "?share=1", ""):
        assert fragment_of(url) is None


@pytest.mark.parametrize(
    ("url", "route", "address"),
    [
        ("https://x.org/companion/", "/", "https://x.org/companion/"),
        ("https://x.org/companion", "/", "https://x.org/companion/"),
        ("https://x.org/companion/prepare/share", "/prepare/share", "https://x.org/companion/"),
        ("https://x.org/companion/learn?x=1#share=1.a", "/learn", "https://x.org/companion/"),
        ("http://127.0.0.1:8000/#share=1.a", "/", "http://127.0.0.1:8000/"),
    ],
)
def test_the_apps_own_address_is_the_page_without_its_screen(url, route, address):
    assert app_address(url, route) == address


# -- what the screens say about a share ---------------------------------------------------------


def test_the_screens_say_what_a_share_holds_in_words(patient):
    from views.share import summary_lines

    assert summary_lines(summary_of(share_of(patient))) == [
        "3 questions (1 with a star, 1 with an answer)",
        "The appointment details",
        "Where things stand with 2 records",
        "1 place on the list of places to contact",
        "1 note",
    ]
    patient.save(Question(text="Only this one"))
    just = share_of(patient, WhatToShare(True, False, False, False, False))
    assert summary_lines(summary_of(just))[0] == "4 questions (1 with a star, 1 with an answer)"
    assert summary_lines(summary_of(Share(sent=SENT))) == []


def test_after_adding_the_screen_says_what_changed(patient, helper):
    from views.share import merged_line

    first = add_share(helper, share_of(patient))
    assert merged_line(first).startswith(f"Added: {sum(first.added.values())} items.")
    assert merged_line(first).endswith("Anything you wrote yourself is still here.")
    assert "Brought up to date" not in merged_line(first)
    assert merged_line(add_share(helper, share_of(patient))) == t("share.added_nothing_new")
