"""The one-page appointment brief: who the person is, what they decided, the
visit, the questions (with room for the answers), the worries and the records.

Everything printed comes from assets/content/<lang>/brief.toml, looked up with
`label()`, so the brief, the calendar file and the comparison hold no sentences.
The PDF is text only (no images), so it can be made in the browser too.
"""

from __future__ import annotations

import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, cast

from models.journey import Appointment, Concern, Decision, Profile, Question, RecordItem
from models.questions import for_brief, shown_text
from models.records import my_name, ready, record_state, still_needed
from models.store import Store
from models.text import DEFAULT_LANG, assets_dir, current_lang, fill
from models.words import full_date, long_date, short_date

if TYPE_CHECKING:
    from fpdf import FPDF
    from fpdf.fonts import TTFFont

# -- words -------------------------------------------------------------------------


@lru_cache(maxsize=4)
def labels(lang: str = DEFAULT_LANG) -> dict[str, str]:
    """Every label in brief.toml for a language (English if the language has none)."""
    path = assets_dir() / "content" / lang / "brief.toml"
    if not path.exists() and lang != DEFAULT_LANG:
        return labels(DEFAULT_LANG)
    with open(path, "rb") as f:
        return {k: v for k, v in tomllib.load(f).items() if isinstance(v, str)}


def label(key: str, lang: str | None = None, **values: object) -> str:
    """The label for `key` in `lang` (by default the language spoken now), filled
    in; a missing key shows itself, never a crash."""
    return fill(labels, key, lang or current_lang(), values)


# -- what goes on the brief ----------------------------------------------------------


@dataclass(frozen=True)
class Brief:
    """What the brief says, already in words; lists are in the order they print.

    A part the person left empty is empty here and left off the brief."""

    title: str
    person: str
    """The person's name (and birth date if given and wanted), or "" if not written."""
    appointment_lines: list[str]
    """Labelled lines ("Date: ...", "Place: ..."); empty when nothing is booked."""
    questions: list[str]
    """Every question: starred ones first, then the rest, each group in priority order."""
    starred_count: int
    """How many of `questions`, from the start, are starred."""
    concerns: list[str]
    records_ready: list[str]
    """Names of checklist records the person has."""
    records_pending: list[str]
    """Names of checklist records still to come (with the day asked, if asked)."""
    treatment_history: str
    about: list[tuple[str, str]] = field(default_factory=list)
    """About the person, (label, their words): diagnosis, medicines, oncologist."""
    decision: str = ""
    """What they decided, in a sentence with its date; "" if not decided yet."""
    reasons: list[str] = field(default_factory=list)
    """Their reasons for a second opinion: those ticked, then their own words."""
    footer: str = ""
    """A short, kind line at the foot: the app gives general information, not medical advice."""

    @property
    def starred(self) -> list[str]:
        return self.questions[: self.starred_count]

    @property
    def about_me(self) -> list[tuple[str, str]]:
        """Everything "about me" in the order it prints, treatment so far included."""
        history = [(label("treatment_history"), self.treatment_history)]
        return [*self.about[:1], *(history if self.treatment_history else []), *self.about[1:]]


def person_line(profile: Profile) -> str:
    """The name, with the birth date if it is written and wanted on the brief."""
    if not profile.name:
        return ""
    if profile.birth_date and profile.birth_date_on_brief:
        return label("person_born", name=profile.name, birth_date=profile.birth_date)
    return label("person", name=profile.name)


def about_lines(profile: Profile) -> list[tuple[str, str]]:
    """(label, words) for each "about me" part the person wrote, in order."""
    parts = (
        ("diagnosis", profile.diagnosis),
        ("medicines", profile.medicines),
        ("oncologist", profile.oncologist),
    )
    return [(label(key), words) for key, words in parts if words]


def decision_line(decision: Decision) -> str:
    """What they decided, in a sentence, with the day; "" if nothing is decided."""
    if decision.outcome is None:
        return ""
    said = label(f"decision_{decision.outcome}")
    if decision.decided_on:
        return label("decided_on", decision=said, date=long_date(decision.decided_on))
    return label("decided", decision=said)


def reason_lines(decision: Decision, decide_data: dict) -> list[str]:
    """The person's own words first (a short brief keeps those), then the reasons
    ticked, in the checklist's order."""
    ticked = set(decision.reasons)
    lines = [decision.own_reasons] if decision.own_reasons else []
    return lines + [r["label"] for r in decide_data.get("reason", []) if r.get("id") in ticked]


def make_brief(store: Store, prepare_data: dict, decide_data: dict | None = None) -> Brief:
    """The brief from what is saved; `prepare_data` is content.load_data("prepare"),
    `decide_data` content.load_data("decide") (for the words of the reasons ticked)."""
    appointment = store.load(Appointment)
    profile = store.load(Profile)
    decision = store.load(Decision)
    questions = for_brief(store.all(Question))
    records = store.all(RecordItem)
    checklist = [entry for entry in prepare_data.get("record", []) if "id" in entry]
    concerns = sorted(store.all(Concern), key=lambda c: c.created)

    pending = []
    for entry in still_needed(records, checklist):
        asked = record_state(records, entry["id"]).requested_on
        name = my_name(entry)
        pending.append(label("requested_on", name=name, date=short_date(asked)) if asked else name)

    return Brief(
        title=label("title"),
        person=person_line(profile),
        appointment_lines=appointment_lines(appointment),
        questions=[shown_text(q) for q in questions],
        starred_count=sum(1 for q in questions if q.starred),
        concerns=[c.text for c in concerns],
        records_ready=[my_name(entry) for entry in ready(records, checklist)],
        records_pending=pending,
        treatment_history=appointment.treatment_history,
        about=about_lines(profile),
        decision=decision_line(decision),
        reasons=reason_lines(decision, decide_data or {}),
        footer=label("not_advice"),
    )


def appointment_lines(appointment: Appointment) -> list[str]:
    lines = []
    if appointment.date and appointment.time:
        lines.append(label("date_time", date=full_date(appointment.date), time=appointment.time))
    elif appointment.date:
        lines.append(label("date", date=full_date(appointment.date)))
    elif appointment.time:
        lines.append(label("time", time=appointment.time))
    if appointment.doctor:
        lines.append(label("doctor", doctor=appointment.doctor))
    if appointment.place:
        lines.append(label("place", place=appointment.place))
    if appointment.video_link:
        lines.append(label("video", link=appointment.video_link))
    if appointment.who_is_coming:
        lines.append(label("coming", who=appointment.who_is_coming))
    return lines


# -- as text ---------------------------------------------------------------------------


def brief_text(brief: Brief) -> str:
    """The brief as plain text, to copy into an email or a message."""
    parts = [brief.title + (f"\n{brief.person}" if brief.person else "")]
    if brief.about_me:
        lines = [f"{name}: {words}" for name, words in brief.about_me]
        parts.append("\n".join([label("about_me"), *lines]))
    if brief.decision:
        parts.append(f"{label('decision')}\n{brief.decision}")
    if brief.reasons:
        parts.append("\n".join([label("reasons"), *(f"- {reason}" for reason in brief.reasons)]))
    parts.append(
        "\n".join([label("appointment"), *(brief.appointment_lines or [label("no_appointment")])])
    )

    star = label("starred_mark")
    asked = [
        f"{n}. {star} {text}" if n <= brief.starred_count else f"{n}. {text}"
        for n, text in enumerate(brief.questions, start=1)
    ]
    parts.append("\n".join([label("questions"), *(asked or [label("no_questions")])]))

    for heading, items in (
        ("concerns", brief.concerns),
        ("records_ready", brief.records_ready),
        ("records_pending", brief.records_pending),
    ):
        if items:
            parts.append("\n".join([label(heading), *(f"- {item}" for item in items)]))
    if brief.footer:
        parts.append(brief.footer)
    return "\n\n".join(parts) + "\n"


# -- as one printed page -------------------------------------------------------------------

FONT = "Atkinson"
TITLE_PT = 20
HEADING_PT = 14
BODY_PT = 12
HINT_PT = 11
MM_PER_PT = 25.4 / 72
LINE_MM = BODY_PT * MM_PER_PT * 1.3
MARGIN_MM = 16
INDENT_MM = 7
COLUMN_GAP_MM = 8
NOTE_LINE_GAP_MM = 8.5
ANSWER_LINE_GAP_MM = 8
NOTE_LINES_MIN = 4
FOOTER_GAP_MM = 2


@dataclass(frozen=True)
class _Fit:
    """How much of each part goes on the page; smaller fits are tried until one fits."""

    questions: int
    answer_lines: int
    """Lines to write an answer on, under each question that gets them."""
    answered: int
    """How many questions, from the most important, get lines for their answers."""
    concerns: int
    records: int
    reasons: int
    about_chars: int
    """The most of each "about me" part (the diagnosis, the treatment so far...)."""
    item_chars: int


# The questions are what the brief is for, so they are cut last; just before,
# the room for answers goes from the least important questions first.
_FITS = tuple(
    _Fit(*sizes)
    for sizes in (
        # questions, answer_lines, answered, concerns, records (per list), reasons,
        # about_chars, item_chars
        (10, 2, 10, 6, 8, 6, 600, 500),
        (10, 2, 10, 5, 6, 5, 400, 300),
        (10, 1, 10, 5, 6, 5, 400, 300),
        (10, 1, 10, 4, 5, 4, 300, 220),
        (10, 1, 10, 3, 4, 3, 250, 160),
        (10, 1, 10, 2, 3, 2, 200, 130),
        (10, 1, 10, 2, 2, 2, 120, 110),
        (10, 1, 8, 2, 2, 2, 120, 110),
        (10, 1, 6, 2, 2, 2, 120, 100),
        (10, 1, 4, 2, 2, 1, 100, 100),
        (10, 1, 3, 1, 2, 1, 100, 100),
        (8, 1, 3, 1, 2, 1, 90, 90),
        (6, 1, 3, 1, 1, 1, 80, 80),
        (4, 1, 2, 1, 1, 1, 60, 70),
        (3, 1, 1, 1, 1, 1, 60, 70),
    )
)


def brief_pdf(brief: Brief) -> bytes:
    """The brief on one US Letter page, in large type, with lines for notes at the bottom.

    Long lists are cut ("...and 4 more in the app") so it always stays one page.
    """
    for fit in _FITS:
        pdf = _render(brief, fit)
        if pdf is not None:
            return bytes(pdf.output())
    raise AssertionError("the smallest fit must always hold on one page")


def letter_pdf(title: str, text: str) -> bytes:
    """A letter (the records request) as it reads on screen, in the brief's large
    type, on as many pages as it needs."""
    pdf = _new_pdf(title)
    _Writer(pdf).para(text)
    return bytes(pdf.output())


def _new_pdf(title: str) -> FPDF:
    # Imported here, not at start: fpdf and fontTools take a second to load
    # in the browser, and only the brief needs them.
    from fpdf import FPDF

    pdf = FPDF(orientation="portrait", unit="mm", format="letter")
    fonts = assets_dir() / "fonts"
    pdf.add_font(FONT, "", str(fonts / "AtkinsonHyperlegible-Regular.ttf"))
    pdf.add_font(FONT, "B", str(fonts / "AtkinsonHyperlegible-Bold.ttf"))
    pdf.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
    # Overflow shows as a second page, which tells _render to try a smaller fit.
    pdf.set_auto_page_break(True, margin=MARGIN_MM)
    pdf.set_title(title)
    pdf.set_lang(current_lang())
    pdf.add_page()
    return pdf


def _render(brief: Brief, fit: _Fit) -> FPDF | None:
    """The page drawn with `fit`, or None if it does not fit on one page."""
    pdf = _new_pdf(brief.title)
    write = _Writer(pdf)

    write.title(brief.title)
    if brief.person:
        write.para(_cut(brief.person, fit.item_chars), bold=True)

    # The decision and the reasons run on under "About me": a heading each
    # would take the room the questions' answers need.
    about = list(brief.about_me)
    if brief.decision:
        about.append((label("decision"), brief.decision))
    if brief.reasons:
        reasons = " ".join(_sentence(r) for r in brief.reasons[: fit.reasons])
        if len(brief.reasons) > fit.reasons:
            reasons += " " + label("more_reasons", n=len(brief.reasons) - fit.reasons)
        about.append((label("reasons"), reasons))
    if about:
        write.heading(label("about_me"))
        for name, words in about:
            write.labelled(name, _cut(words, fit.about_chars))

    write.heading(label("appointment"))
    for line in brief.appointment_lines or [label("no_appointment")]:
        write.para(_cut(line, fit.item_chars))

    hint = label("questions_hint") if brief.starred_count else ""
    write.heading(label("questions"), hint=hint)
    if brief.questions:
        shown = brief.questions[: fit.questions]
        for n, text in enumerate(shown, start=1):
            write.item(_cut(text, fit.item_chars), marker=f"{n}.", bold=n <= brief.starred_count)
            if n <= fit.answered:
                write.answer_lines(fit.answer_lines)
        if len(brief.questions) > len(shown):
            write.para(label("more_questions", n=len(brief.questions) - len(shown)))
    else:
        write.para(label("no_questions"))

    if brief.concerns:
        write.heading(label("concerns"))
        write.items(brief.concerns, fit.concerns, fit.item_chars, "more_concerns")

    # Records ready and still to come sit side by side: short names, and it saves room.
    records = [
        (key, items)
        for key, items in (
            ("records_ready", brief.records_ready),
            ("records_pending", brief.records_pending),
        )
        if items
    ]
    if records:
        top = pdf.get_y()
        width = (pdf.epw - COLUMN_GAP_MM) / 2 if len(records) == 2 else pdf.epw
        bottoms = []
        for column, (key, items) in enumerate(records):
            left = pdf.l_margin + column * (width + COLUMN_GAP_MM)
            pdf.set_xy(left, top)
            write.heading(label(key), left=left, width=width)
            write.items(items, fit.records, fit.item_chars, "more_records", left=left, width=width)
            bottoms.append((pdf.page_no(), pdf.get_y()))
        page, bottom = max(bottoms)
        pdf.page = page
        pdf.set_xy(pdf.l_margin, bottom)

    footer_mm = write.footer_height(brief.footer)
    bottom = pdf.h - MARGIN_MM - footer_mm
    if pdf.pages_count != 1 or write.overflowed or pdf.get_y() > bottom:
        return None
    # Lines for notes fill what is left of the page, when there is room for a few.
    notes_top = pdf.get_y() + LINE_MM * 0.5 + HEADING_PT * MM_PER_PT * 1.3
    if notes_top + NOTE_LINES_MIN * NOTE_LINE_GAP_MM <= bottom:
        write.heading(label("notes"))
        y = pdf.get_y() + NOTE_LINE_GAP_MM
        while y <= bottom:
            write.rule(pdf.l_margin, y)
            y += NOTE_LINE_GAP_MM
    if brief.footer:
        pdf.set_xy(pdf.l_margin, bottom + FOOTER_GAP_MM)
        write.para(brief.footer, size=HINT_PT)
    if pdf.pages_count != 1:
        return None
    return pdf


def _sentence(text: str) -> str:
    """Words that end as a sentence does, to run on after one another."""
    text = " ".join(text.split())
    return text if text[-1:] in ".!?…" else text + "."


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class _Writer:
    """Draws the parts of the brief top to bottom, in the app's font.

    `left` and `width` place a part in a column; by default it spans the page.
    """

    def __init__(self, pdf: FPDF):
        self.pdf = pdf
        self.overflowed = False
        """A rule was wanted below the page's bottom margin (lines do not turn the page)."""

    def _printable(self, text: str) -> str:
        """Characters the font has; a letter it lacks shows as "?", a symbol is left out."""
        # Every part is drawn in the app's own TTF font (_new_pdf), never a core font.
        cmap = cast("TTFFont", self.pdf.current_font).cmap
        kept = []
        for ch in text:
            if ch == "\n" or ord(ch) in cmap:
                kept.append(ch)
            elif ch.isspace():
                kept.append(" ")
            elif unicodedata.category(ch)[0] in "LN":
                kept.append("?")
        return "".join(kept)

    def _lines(self, text: str, line_mm: float, left: float | None, width: float) -> None:
        pdf = self.pdf
        pdf.set_x(pdf.l_margin if left is None else left)
        pdf.multi_cell(width, line_mm, self._printable(text), align="L", new_x="LEFT", new_y="NEXT")

    def footer_height(self, text: str) -> float:
        """Room the foot line takes at the bottom of the page (0 when there is none)."""
        if not text:
            return 0
        pdf = self.pdf
        pdf.set_font(FONT, "", HINT_PT)
        # fpdf2 types the result as any of its `output` choices; "LINES" gives the lines.
        lines = cast(
            list[str],
            pdf.multi_cell(
                pdf.epw,
                HINT_PT * MM_PER_PT * 1.3,
                self._printable(text),
                dry_run=True,
                output="LINES",
            ),
        )
        return FOOTER_GAP_MM + len(lines) * HINT_PT * MM_PER_PT * 1.3 + 0.5

    def title(self, text: str) -> None:
        self.pdf.set_font(FONT, "B", TITLE_PT)
        self._lines(text, TITLE_PT * MM_PER_PT * 1.3, None, 0)

    def heading(
        self, text: str, left: float | None = None, width: float = 0, hint: str = ""
    ) -> None:
        """A bold heading, with an optional short hint after it on the same line."""
        pdf = self.pdf
        pdf.ln(LINE_MM * 0.5)
        pdf.set_font(FONT, "B", HEADING_PT)
        if not hint:
            self._lines(text, HEADING_PT * MM_PER_PT * 1.3, left, width)
            return
        text = self._printable(text)
        pdf.cell(pdf.get_string_width(text) + 3, HEADING_PT * MM_PER_PT * 1.3, text)
        pdf.set_font(FONT, "", HINT_PT)
        pdf.cell(
            0, HEADING_PT * MM_PER_PT * 1.3, self._printable(hint), new_x="LMARGIN", new_y="NEXT"
        )

    def para(
        self,
        text: str,
        size: float = BODY_PT,
        left: float | None = None,
        width: float = 0,
        bold: bool = False,
    ) -> None:
        self.pdf.set_font(FONT, "B" if bold else "", size)
        self._lines(text, size * MM_PER_PT * 1.3, left, width)

    def labelled(self, name: str, text: str) -> None:
        """A label in bold ("My diagnosis:"), the person's words running on after it."""
        pdf = self.pdf
        pdf.set_x(pdf.l_margin)
        pdf.set_font(FONT, "B", BODY_PT)
        pdf.write(LINE_MM, self._printable(label("labelled", name=name)) + " ")
        pdf.set_font(FONT, "", BODY_PT)
        pdf.write(LINE_MM, self._printable(text))
        pdf.ln(LINE_MM)

    def rule(self, left: float, y: float) -> None:
        """A grey line to write on, from `left` to the right margin."""
        pdf = self.pdf
        if y > pdf.h - MARGIN_MM:
            self.overflowed = True
            return
        pdf.set_draw_color(140, 140, 140)
        pdf.set_line_width(0.3)
        pdf.line(left, y, pdf.w - pdf.r_margin, y)

    def answer_lines(self, count: int) -> None:
        """Room to write an answer under a question: `count` lines, indented with it."""
        pdf = self.pdf
        y = pdf.get_y()
        for _ in range(count):
            y += ANSWER_LINE_GAP_MM
            self.rule(pdf.l_margin + INDENT_MM, y)
        pdf.set_y(y + 1.5)

    def item(
        self,
        text: str,
        marker: str = "•",
        bold: bool = False,
        left: float | None = None,
        width: float = 0,
    ) -> None:
        pdf = self.pdf
        pdf.set_font(FONT, "B" if bold else "", BODY_PT)
        pdf.set_x(pdf.l_margin if left is None else left)
        pdf.cell(INDENT_MM, LINE_MM, marker)
        rest = width - INDENT_MM if width else 0
        pdf.multi_cell(rest, LINE_MM, self._printable(text), align="L", new_x="LEFT", new_y="NEXT")

    def items(
        self,
        items: list[str],
        cap: int,
        chars: int,
        more_key: str,
        left: float | None = None,
        width: float = 0,
    ) -> None:
        for text in items[:cap]:
            self.item(_cut(text, chars), left=left, width=width)
        if len(items) > cap:
            self.para(label(more_key, n=len(items) - cap), left=left, width=width)
