"""The one form pattern (views/forms.py): what is refused shows kindly under its
field and nothing is saved; what is saved clears the problem, says so, and an add
box empties for the next one."""

from __future__ import annotations

from models.journey import Appointment, Note
from models.text import t
from views.forms import Form, day
from views.state import Drafts


def form(**values: str) -> Form:
    return Form(dict(values), dict(values))


def test_an_empty_note_is_refused_kindly_and_nothing_is_saved():
    saved: list[Note] = []
    box = form(text="")
    assert box.submit(lambda typed: Note(**typed), lambda n: saved.append(n) or True) is None
    assert box.problem("text") == t("problem.empty")
    assert box.problem() == t("problem.empty")
    assert saved == []


def test_a_saved_note_clears_the_problem_says_saved_and_can_empty_the_box():
    saved: list[Note] = []
    box = form(text="")
    box.submit(lambda typed: Note(**typed), lambda n: True)
    box.set("text", "Ask about the FGFR3 test")
    note = box.submit(
        lambda typed: Note(**typed), lambda n: saved.append(n) or True, note="Saved.", clear=True
    )
    assert note is not None and saved == [note] and note.text == "Ask about the FGFR3 test"
    assert box.problem() is None and box.note == "Saved." and box["text"] == ""


def test_a_save_that_fails_keeps_what_was_typed():
    box = form(text="Keep me")
    assert box.submit(lambda typed: Note(**typed), lambda n: False, clear=True) is None
    assert box["text"] == "Keep me"


def test_a_date_people_cannot_read_is_refused_under_its_field():
    box = form(date="next Tuesday-ish")

    def appointment(typed):
        return Appointment(date=day(typed["date"], "date", "appointment.bad_date"))

    assert box.submit(appointment, lambda a: True) is None
    assert box.problems == {"date": t("appointment.bad_date")}
    box.set("date", "12/3/2026")
    assert box.submit(appointment, lambda a: True).date.isoformat() == "2026-12-03"


def test_typing_again_hides_the_saved_word_and_cancel_forgets_the_typing():
    box = form(text="First")
    box.note = "Saved."
    box.edit()
    box.set("text", "Changed")
    assert box.note == "" and box.editing
    box.cancel()
    assert box["text"] == "First" and not box.editing


def test_words_typed_and_not_saved_wait_while_the_screen_is_closed_and_go_once_saved():
    drafts = Drafts()
    box = Form({"text": ""}, {"text": ""}, kept=drafts, key="add-questions")
    box.set("text", "Can I have my scans read here?")
    assert drafts.get("add-questions") == {
        "values": {"text": "Can I have my scans read here?"},
        "editing": False,
    }
    box.submit(lambda typed: Note(**typed), lambda n: True, clear=True)
    assert drafts.get("add-questions") is None


def test_an_edit_left_open_waits_open_and_cancel_forgets_it():
    drafts = Drafts()
    box = Form({"text": "First"}, {"text": "First"}, kept=drafts, key="note-1")
    box.edit()
    box.set("text", "First, then more")
    assert drafts.get("note-1") == {"values": {"text": "First, then more"}, "editing": True}
    box.cancel()
    assert drafts.get("note-1") is None and box["text"] == "First"


def test_a_saved_change_leaves_nothing_waiting_and_nothing_unsaved():
    drafts = Drafts()
    box = Form({"next_step": ""}, {"next_step": ""}, kept=drafts, key="decision")
    box.set("next_step", "Call the nurse")
    assert box.unsaved
    box.submit(lambda typed: Appointment(time=typed["next_step"]), lambda a: True)
    assert (
        not box.unsaved and drafts.get("decision") is None and box["next_step"] == "Call the nurse"
    )
