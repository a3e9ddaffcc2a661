"""The Spanish edition: every file has an English twin with the same shape, the
same facts (drugs, numbers, sources), reads at a plain level, and the app
speaks the language a person chose or their device prefers."""

from __future__ import annotations

import datetime as dt
import re
import string
import tomllib
from pathlib import Path

import pytest
import textstat

from models.content import content_dir, glossary_links, load_data, load_topics, plain_text
from models.text import (
    LANGS,
    accept_language,
    computer_lang,
    language_of,
    strings,
    t,
    ui_strings,
)
from models.words import DATE_STYLES, NOUNS, count, long_date, number, weekday_date

EN, ES = content_dir("en"), content_dir("es")
MIN_FERNANDEZ_HUERTA = 70.0
"""Fernández-Huerta 70-80 is "fairly easy", the band of a US 7th grade (its scale
mirrors Flesch's); at least 70 is at most grade 8 with room to spare."""

# Every medicine our topics name; a topic and its twin name the same ones.
DRUGS = [
    "enfortumab vedotin",
    "pembrolizumab",
    "nivolumab",
    "avelumab",
    "cisplatin",
    "carboplatin",
    "gemcitabine",
    "erdafitinib",
    "trastuzumab deruxtecan",
    "disitamab vedotin",
    "docetaxel",
    "paclitaxel",
    "vinflunine",
    "methotrexate",
    "vinblastine",
    "doxorubicin",
]
WITHDRAWN = ["atezolizumab", "tecentriq", "sacituzumab", "trodelvy", "durvalumab", "imfinzi"]


def twins() -> list[tuple[Path, Path]]:
    files = sorted(p for p in EN.rglob("*") if p.suffix in {".md", ".toml"})
    return [(p, ES / p.relative_to(EN)) for p in files]


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def numbers(text: str) -> set[str]:
    return set(re.findall(r"\d+(?:[.,]\d+)*", text))


def shape(en: object, es: object, where: str) -> list[str]:
    """Where the Spanish value differs in shape from the English one: keys, list
    lengths, ids, numbers and dates exactly; text only in its {placeholders}."""
    if isinstance(en, dict):
        if not isinstance(es, dict) or set(en) != set(es):
            return [f"{where}: keys {sorted(en)} vs {sorted(es) if isinstance(es, dict) else es}"]
        return [p for key in en for p in shape(en[key], es[key], f"{where}.{key}")]
    if isinstance(en, list):
        if not isinstance(es, list) or len(en) != len(es):
            return [f"{where}: {len(en)} items vs {len(es) if isinstance(es, list) else es}"]
        return [
            p
            for i, (a, b) in enumerate(zip(en, es, strict=True))
            for p in shape(a, b, f"{where}[{i}]")
        ]
    if isinstance(en, str) and isinstance(es, str):
        if where.endswith((".id", ".link", ".route", ".url")) or where.split(".")[-1].startswith(
            "id"
        ):
            return [] if en == es else [f"{where}: {en!r} vs {es!r}"]
        return [] if placeholders(en) == placeholders(es) else [f"{where}: placeholders differ"]
    return [] if en == es else [f"{where}: {en!r} vs {es!r}"]


# -- the same files, the same shape ------------------------------------------------------


def test_every_english_file_has_a_spanish_twin_and_no_more():
    assert [es.exists() for _, es in twins()] == [True] * len(twins()), [
        str(es) for _, es in twins() if not es.exists()
    ]
    spanish = sorted(p.relative_to(ES) for p in ES.rglob("*") if p.suffix in {".md", ".toml"})
    assert spanish == sorted(en.relative_to(EN) for en, _ in twins())


@pytest.mark.parametrize("name", ["decide", "find", "prepare", "glossary", "brief"])
def test_each_data_file_has_the_english_shape(name):
    with open(EN / f"{name}.toml", "rb") as f:
        en = tomllib.load(f)
    with open(ES / f"{name}.toml", "rb") as f:
        es = tomllib.load(f)
    assert shape(en, es, name) == []
    assert es.get("sources") == en.get("sources")


def test_every_ui_string_is_in_spanish_with_the_same_blanks():
    en, es = ui_strings(EN / "ui.toml"), ui_strings(ES / "ui.toml")
    assert sorted(set(en) - set(es)) == [], "English strings with no Spanish"
    assert sorted(set(es) - set(en)) == [], "Spanish strings with no English"
    assert [k for k in en if placeholders(en[k]) != placeholders(es[k])] == []
    untranslated = [k for k in en if en[k] == es[k] and re.search(r"[a-z]{4,} [a-z]{4,}", en[k])]
    assert untranslated == [], "left in English"


def test_each_topic_has_a_twin_with_the_same_facts():
    english = {topic.id: topic for topic in load_topics("en")}
    spanish = {topic.id: topic for topic in load_topics("es")}
    assert list(spanish) == list(english)
    for topic_id, en in english.items():
        es = spanish[topic_id]
        assert es.title != en.title and es.summary != en.summary, topic_id
        assert (es.order, es.reviewed_on, es.glossary, es.sources) == (
            en.order,
            en.reviewed_on,
            en.glossary,
            en.sources,
        ), topic_id
        assert glossary_links(es.body) == glossary_links(en.body), topic_id
        en_text, es_text = en.body.lower(), es.body.lower()
        assert [d for d in DRUGS if d in en_text] == [d for d in DRUGS if d in es_text], topic_id
        assert numbers(plain_text(es.body)) == numbers(plain_text(en.body)), topic_id


def test_a_fact_changed_in_english_alone_is_caught():
    en = next(topic for topic in load_topics("en") if "pembrolizumab" in topic.body.lower())
    es = next(topic for topic in load_topics("es") if topic.id == en.id)
    other_drug = re.sub("pembrolizumab", "erdafitinib", en.body, flags=re.I).lower()
    assert [d for d in DRUGS if d in other_drug] != [d for d in DRUGS if d in es.body.lower()]
    year = max(numbers(plain_text(en.body)))
    other_number = en.body.replace(year, str(int(year.replace(",", "")) + 1))
    assert numbers(plain_text(other_number)) != numbers(plain_text(es.body))


@pytest.mark.parametrize("topic", load_topics("es"), ids=lambda topic: topic.id)
def test_each_spanish_topic_reads_plainly(topic):
    textstat.set_lang("es")
    try:
        score = textstat.fernandez_huerta(plain_text(topic.body))
    finally:
        textstat.set_lang("en_US")
    assert score >= MIN_FERNANDEZ_HUERTA, f"{topic.id}: Fernández-Huerta {score:.1f}"


def test_spanish_is_safe_in_the_same_ways():
    for path in ES.rglob("*"):
        if path.suffix not in {".md", ".toml"}:
            continue
        text = path.read_text(encoding="utf-8").lower()
        assert [name for name in WITHDRAWN if name in text] == [], path.name
        for phrase in (
            "mediana",
            "supervivencia a 5 años",
            "tasa de supervivencia",
            "meses de vida",
        ):
            assert phrase not in text, f"{path.name}: {phrase}"
        assert "$" not in text, path.name
        assert not re.search(r"\btú\b|\btienes\b|\bpuedes\b|\bquieres\b", text), (
            f"{path.name} speaks as 'tú'"
        )


def test_the_question_bank_has_the_same_questions_by_id():
    en = [(q["id"], q["topic"]) for q in load_data("prepare", "en")["question"]]
    es = [(q["id"], q["topic"]) for q in load_data("prepare", "es")["question"]]
    assert es == en


# -- dates and numbers in Spanish ---------------------------------------------------------


def test_dates_are_written_the_spanish_way():
    day = dt.date(2026, 11, 25)
    assert long_date(day, "es") == "25 de noviembre de 2026"
    assert weekday_date(day, "es") == "miércoles, 25 de noviembre"
    for style in DATE_STYLES:
        assert strings("es")[f"words.{style}"]
    assert [t(f"words.month.{m}", "es") for m in (1, 12)] == ["enero", "diciembre"]


def test_counts_agree_in_spanish():
    for noun in NOUNS:
        assert count(1, noun, "es") != count(2, noun, "es")
    assert count(1, "question", "es") == "1 pregunta"
    assert count(3, "question", "es") == "3 preguntas"
    assert number(1230, "es") == "1,230"


# -- which language ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tags", "lang"),
    [
        (["es-US", "en"], "es"),
        (["es_MX.UTF-8"], "es"),
        (["fr-FR", "es"], "es"),
        (["en-US", "es"], "en"),
        (["fr", "de"], None),
        (["C.UTF-8"], None),
        ([], None),
    ],
)
def test_the_first_of_our_languages_wins(tags, lang):
    assert language_of(tags) == lang


def test_accept_language_is_read_by_its_weights():
    assert accept_language("en-US,en;q=0.9,es;q=0.8") == ["en-US", "en", "es"]
    assert accept_language("es;q=0.9, en;q=0.5, fr") == ["fr", "es", "en"]
    assert accept_language("en;q=0, es") == ["es"]
    assert accept_language("") == []
    assert accept_language("es;q=bad,en") == ["en"]


def test_the_computers_language_comes_from_its_settings(monkeypatch):
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    computer_lang.cache_clear()
    try:
        monkeypatch.setenv("LANG", "es_US.UTF-8")
        assert computer_lang() == "es"
        computer_lang.cache_clear()
        monkeypatch.setenv("LANGUAGE", "en_GB:es")
        assert computer_lang() == "en"
        computer_lang.cache_clear()
        monkeypatch.setenv("LANGUAGE", "")
        monkeypatch.setenv("LANG", "C.UTF-8")
        assert computer_lang() == "en"
    finally:
        computer_lang.cache_clear()


def test_our_languages_each_have_a_folder():
    assert [lang for lang in LANGS if (content_dir(lang) / "ui.toml").exists()] == list(LANGS)


# -- a person's words stay theirs ----------------------------------------------------------


def test_a_bank_question_reads_in_the_language_spoken_and_own_words_never_change():
    from models.journey import Question
    from models.questions import bank_text, shown_text

    entry = load_data("prepare", "en")["question"][0]
    english, spanish = bank_text(entry["id"], "en"), bank_text(entry["id"], "es")
    assert english and spanish and english != spanish
    picked_in_english = Question(text=english, topic=entry["topic"], bank_id=entry["id"])
    picked_in_spanish = Question(text=spanish, topic=entry["topic"], bank_id=entry["id"])
    for picked in (picked_in_english, picked_in_spanish):
        assert shown_text(picked, "es") == spanish
        assert shown_text(picked, "en") == english
    reworded = Question(text=english + " For me?", bank_id=entry["id"])
    mine = Question(text="¿Puedo traer a mi hija?")
    for lang in LANGS:
        assert shown_text(reworded, lang) == reworded.text
        assert shown_text(mine, lang) == mine.text


def test_the_command_line_speaks_the_computers_language(monkeypatch):
    monkeypatch.setenv("LANGUAGE", "es_US")
    computer_lang.cache_clear()
    try:
        # No app session is drawing: main.py's messages follow the computer.
        assert t("cli.serving") == strings("es")["cli.serving"] != strings("en")["cli.serving"]
    finally:
        computer_lang.cache_clear()


def test_the_records_letter_can_be_written_in_either_language():
    from models.journey import Profile
    from models.records import request_letter

    profile = Profile(name="María Núñez", clinic="Clínica del Valle")
    day = dt.date(2026, 11, 25)
    for lang, date in (("es", "25 de noviembre de 2026"), ("en", "November 25, 2026")):
        data = load_data("prepare", lang)
        letter = request_letter(
            data["letter_template"], profile, data["record"][:2], day, lang=lang
        )
        assert letter.startswith(date)
        assert "María Núñez" in letter and "45 CFR 164.524" in letter
        assert data["record"][0]["name"] in letter


def test_searching_ignores_accents_and_case():
    from models.centers import patient_centers, search
    from models.text import folded

    assert folded("Metástasis") == folded("METASTASIS") == "metastasis"
    assert folded("Núñez") == "nunez"
    centers = patient_centers()
    assert search(centers, "SÁN DIEGO") == search(centers, "san diego") != []
