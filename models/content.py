"""The reviewed content: Learn topics, the glossary and the data behind each step.

Content lives in assets/content/<lang>/ as Markdown with TOML front matter and
plain TOML files, so it is written and reviewed apart from the code. Only the
standard library's tomllib and pydantic are used, so this also runs in Pyodide.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, BaseModel, Field, StringConstraints

from models.text import DEFAULT_LANG, assets_dir, current_lang

FRONT_MATTER = re.compile(r"\A\+\+\+\s*\n(.*?)\n\+\+\+\s*\n?(.*)\Z", re.S)
GLOSSARY_LINK = re.compile(r"\]\(glossary:([A-Za-z0-9_-]+)\)")
ORDER_PREFIX = re.compile(r"^(\d+)-")

Slug = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[a-z0-9-]+$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


def _web_url(value: str) -> str:
    """Only http(s) links: a source is opened in the browser, never as a file or script."""
    if not value.lower().startswith(("https://", "http://")):
        raise ValueError("a source URL must start with https:// or http://")
    return value


class Source(BaseModel):
    """Where a fact in a topic comes from, as the fact sheet gives it."""

    publisher: Text
    title: Text
    url: Annotated[str, AfterValidator(_web_url)]
    date: str = ""
    """As the source shows it ("no date" when it shows none)."""


class Topic(BaseModel):
    """One Learn topic: a short, dated, sourced page in plain words."""

    id: Slug
    title: Text
    summary: Text
    """One line shown on the topic card."""
    reviewed_on: dt.date
    sources: list[Source] = Field(min_length=1)
    glossary: list[Slug] = []
    """Glossary ids shown as buttons under the topic."""
    body: str
    """Markdown; glossary words are links of the form (glossary:ID)."""
    order: int
    """Reading order, from the number that starts the file name."""


class Term(BaseModel):
    """One glossary word and its plain meaning."""

    id: Slug
    term: Text
    meaning: Text


STALE_AFTER_MONTHS = 12
"""A topic last reviewed longer ago than this says, gently, that it may be out of date."""


def is_stale(reviewed_on: dt.date, today: dt.date, months: int = STALE_AFTER_MONTHS) -> bool:
    """True when `today` is more than `months` calendar months after `reviewed_on`.

    Exactly twelve months later is not yet stale; a review on 29 February counts
    its anniversary as 28 February in a year without one.
    """
    years, month_index = divmod(reviewed_on.month - 1 + months, 12)
    year, month = reviewed_on.year + years, month_index + 1
    day = min(reviewed_on.day, calendar.monthrange(year, month)[1])
    anniversary = dt.date(year, month, day)
    return today > anniversary


def content_dir(lang: str = DEFAULT_LANG) -> Path:
    """assets/content/<lang>; COMPANION_ASSETS moves the whole assets folder."""
    return assets_dir() / "content" / lang


def parse_topic(text: str, order: int) -> Topic:
    """A topic from its file text: TOML front matter between +++ lines, then Markdown."""
    match = FRONT_MATTER.match(text)
    if match is None:
        raise ValueError("a topic starts with front matter between +++ lines")
    meta = tomllib.loads(match.group(1))
    return Topic.model_validate(meta | {"body": match.group(2).strip() + "\n", "order": order})


@lru_cache(maxsize=4)
def _topics(lang: str) -> tuple[Topic, ...]:
    folder = content_dir(lang) / "learn"
    topics = []
    for path in sorted(folder.glob("*.md")):
        number = ORDER_PREFIX.match(path.name)
        topics.append(
            parse_topic(path.read_text(encoding="utf-8"), int(number.group(1)) if number else 0)
        )
    topics.sort(key=lambda topic: topic.order)
    ids = [topic.id for topic in topics]
    if len(ids) != len(set(ids)):
        raise ValueError(f"two Learn topics share an id in {folder}")
    return tuple(topics)


def load_topics(lang: str | None = None) -> list[Topic]:
    """Every Learn topic, in reading order (the number in the file name)."""
    return list(_topics(lang or current_lang()))


def topic_by_id(topic_id: str, lang: str | None = None) -> Topic | None:
    return next((topic for topic in _topics(lang or current_lang()) if topic.id == topic_id), None)


@lru_cache(maxsize=4)
def _glossary(lang: str) -> tuple[Term, ...]:
    data = load_data("glossary", lang)
    terms = [Term.model_validate(entry) for entry in data.get("term", [])]
    return tuple(sorted(terms, key=lambda term: term.term.lower()))


def load_glossary(lang: str | None = None) -> list[Term]:
    """Every glossary term, sorted by the word itself."""
    return list(_glossary(lang or current_lang()))


@lru_cache(maxsize=16)
def _data(name: str, lang: str) -> dict:
    with open(content_dir(lang) / f"{name}.toml", "rb") as f:
        data = tomllib.load(f)
    # The same rule as for topics: every listed source opens as a web page.
    for source in data.get("sources", []):
        Source.model_validate(source)
    return data


def load_data(name: str, lang: str | None = None) -> dict:
    """One content file, assets/content/<lang>/<name>.toml, as parsed TOML.

    Cached and shared: callers read it and never change it.
    """
    return _data(name, lang or current_lang())


_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)")
_LINE_MARK = re.compile(r"^\s*(#{1,6}\s+|[-*+]\s+|\d+[.)]\s+|>\s?)")


def plain_text(markdown: str) -> str:
    """The words a person reads, without Markdown marks (links keep their text).

    A heading or list item is its own sentence on screen, so one that has no
    closing punctuation gets a full stop; otherwise a reading-level check
    would run it into the next sentence.
    """
    lines = []
    for raw in markdown.splitlines():
        marked = bool(_LINE_MARK.match(raw))
        line = _LINE_MARK.sub("", raw)
        line = _LINK.sub(r"\1", line)
        line = _EMPHASIS.sub("", line).strip()
        if not line:
            continue
        if marked and line[-1] not in ".!?:;":
            line += "."
        lines.append(line)
    return "\n".join(lines)


def glossary_links(markdown: str) -> list[str]:
    """Glossary ids used in links of the form [word](glossary:ID), in order, once each."""
    return list(dict.fromkeys(GLOSSARY_LINK.findall(markdown)))
