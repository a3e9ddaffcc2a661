"""Print, for every Learn topic and data file, when it was last reviewed, how old
that review is, and the sources it rests on.

    python tools/content_review.py [--lang en] [--today YYYY-MM-DD]

Topics (assets/content/<lang>/learn/*.md) and content files (decide, find, prepare,
glossary .toml) carry `reviewed_on` and `[[sources]]`. Data files in assets/data/
are described by a README beside them (NAME.README.md): its review date is a line
such as "Reviewed on: 2026-11-30" or "Last checked 2026-11-30"; if it has none, the
newest ISO date in the README is shown and marked as such. Its sources are the web
addresses it names.

Anything reviewed more than 12 months ago (models.content.is_stale) is marked
"OLDER THAN 12 MONTHS"; the app shows such a topic with a gentle note. This tool
never fails on age: it exits 1 only if something has no date or no source.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from models.content import content_dir, is_stale, load_topics
from models.text import assets_dir

CONTENT_FILES = ("decide", "find", "prepare", "glossary")
ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
REVIEW_LINE = re.compile(
    r"(?i)\b(reviewed(\s+on)?|last\s+reviewed|checked(\s+on)?|last\s+checked)\b"
    r"\W{0,4}(\d{4}-\d{2}-\d{2})"
)
URL = re.compile(r"https?://[^\s)>\]`'\"]+")


@dataclass
class Entry:
    name: str
    reviewed_on: dt.date | None
    sources: list[tuple[str, str]] = field(default_factory=list)
    """(description, url) pairs."""
    note: str = ""
    """How the date was found, when it is not a reviewed_on field."""
    today: dt.date = field(default_factory=dt.date.today)

    @property
    def age_days(self) -> int | None:
        return None if self.reviewed_on is None else (self.today - self.reviewed_on).days

    @property
    def stale(self) -> bool:
        return self.reviewed_on is not None and is_stale(self.reviewed_on, self.today)


def _described(source: dict) -> tuple[str, str]:
    date = f" ({source['date']})" if source.get("date") else ""
    described = f"{source.get('publisher', '?')}. {source.get('title', '?')}{date}"
    return described, source.get("url", "")


def _readme_date(text: str) -> tuple[dt.date | None, str]:
    labelled = [m.group(4) for m in REVIEW_LINE.finditer(text)]
    if labelled:
        return dt.date.fromisoformat(max(labelled)), ""
    found = []
    for m in ISO_DATE.finditer(text):
        try:
            found.append(dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))))
        except ValueError:
            continue
    if found:
        return max(found), "no review date given: this is the newest date the README names"
    return None, "no date in the README"


def collect(today: dt.date | None = None, lang: str = "en") -> list[Entry]:
    """Every topic, content file and data file, in that order."""
    today = today or dt.date.today()
    entries = []
    for topic in load_topics(lang):
        entries.append(
            Entry(
                f"learn/{topic.id}",
                topic.reviewed_on,
                [_described(s.model_dump()) for s in topic.sources],
                today=today,
            )
        )
    for name in CONTENT_FILES:
        path = content_dir(lang) / f"{name}.toml"
        with open(path, "rb") as f:
            data = tomllib.load(f)
        reviewed = data.get("reviewed_on")
        entries.append(
            Entry(
                name,
                reviewed if isinstance(reviewed, dt.date) else None,
                [_described(s) for s in data.get("sources", [])],
                today=today,
            )
        )
    for readme in sorted((assets_dir() / "data").glob("*.README.md")):
        text = readme.read_text(encoding="utf-8")
        reviewed, note = _readme_date(text)
        urls = list(dict.fromkeys(u.rstrip(".,;:") for u in URL.findall(text)))
        stem = readme.name.removesuffix(".README.md")
        entries.append(
            Entry(f"data/{stem}", reviewed, [("", u) for u in urls], note=note, today=today)
        )
    return entries


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", default="en")
    parser.add_argument(
        "--today",
        type=dt.date.fromisoformat,
        default=None,
        help="the date to count ages from (default: today)",
    )
    args = parser.parse_args()
    entries = collect(args.today, args.lang)
    today = entries[0].today if entries else dt.date.today()
    problems = 0
    print(
        f"Content review report, {today.isoformat()}: "
        "what was checked when, and from which sources.\n"
    )
    for e in entries:
        if e.reviewed_on is None:
            when = "NO REVIEW DATE"
            problems += 1
        else:
            when = f"reviewed {e.reviewed_on.isoformat()}, {e.age_days} days ago"
            if e.stale:
                when += "  OLDER THAN 12 MONTHS"
        print(f"{e.name}: {when}")
        if e.note:
            print(f"    ({e.note})")
        if not e.sources:
            print("    NO SOURCES")
            problems += 1
        for described, url in e.sources:
            print(f"    - {described + ' ' if described else ''}{url}")
        print()
    dated = [e.reviewed_on for e in entries if e.reviewed_on is not None]
    stale = [e.name for e in entries if e.stale]
    print(
        f"{len(entries)} items; {len(dated)} dated"
        + (f"; oldest review {min(dated).isoformat()}" if dated else "")
        + f"; older than 12 months: {', '.join(stale) if stale else 'none'}."
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
