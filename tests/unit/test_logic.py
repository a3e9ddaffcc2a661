"""The small decisions the app makes, tested without a screen."""

import datetime as dt

import pytest

from models.centers import all_centers, patient_centers, search, states
from models.decision import balances, sure_result, with_rating
from models.journey import (
    Appointment,
    Decision,
    Profile,
    Provider,
    ProviderStatus,
    Question,
    RecordItem,
    parse_day,
)
from models.progress import (
    decide_progress,
    find_progress,
    learn_progress,
    next_step,
    prepare_progress,
)
from models.providers import by_what_needs_doing, is_overdue, next_status
from models.questions import for_brief, moved, next_order, ordered, top_is_full, top_three
from models.records import request_letter, still_needed

SURE = ["sure", "understand", "risks", "support"]


# -- SURE check ---------------------------------------------------------------


def test_sure_waits_until_every_question_is_answered():
    assert sure_result({"sure": True, "understand": True}, SURE) is None


def test_all_yes_means_sure():
    result = sure_result(dict.fromkeys(SURE, True), SURE)
    assert result.score == 4 and result.sure and result.unsure_ids == []


def test_any_no_means_not_yet_sure_and_names_what_to_work_on():
    answers = dict.fromkeys(SURE, True) | {"understand": False, "support": False}
    result = sure_result(answers, SURE)
    assert result.score == 2
    assert not result.sure
    assert result.unsure_ids == ["understand", "support"]


# -- weighing up ----------------------------------------------------------------


def test_ratings_add_up_per_option_and_rerating_replaces():
    d = Decision()
    d = with_rating(d, {"id": "p1", "option": "now", "label": "Peace of mind"}, "pro", 4)
    d = with_rating(d, {"id": "c1", "option": "now", "label": "Travel"}, "con", 2)
    d = with_rating(d, {"id": "p1", "option": "now", "label": "Peace of mind"}, "pro", 5)
    now = next(b for b in balances(d.considerations) if b.option == "now")
    assert (now.pros, now.cons) == (5, 2)
    assert len(d.considerations) == 2


# -- progress -------------------------------------------------------------------


def test_learn_progress_points_at_first_unread_topic():
    p = learn_progress({"a"}, ["a", "b", "c"])
    assert (p.done, p.total, p.next_part, p.next_topic) == (1, 3, "learn.topic", "b")
    assert learn_progress({"a", "b", "c"}, ["a", "b", "c"]).complete


def test_decide_progress_counts_each_part():
    d = Decision(reasons=["rare"], sure=dict.fromkeys(SURE, True))
    p = decide_progress(d, SURE)
    assert (p.done, p.total) == (2, 4)
    assert p.next_part == "decide.worries"
    d2 = d.model_copy(update={"worries_seen": ["cost"], "outcome": "now"})
    assert decide_progress(d2, SURE).complete


def test_find_progress_follows_the_tracker():
    assert find_progress([]).done == 0
    called = Provider(name="A", status=ProviderStatus.CALLED)
    assert find_progress([called]).done == 2
    booked = Provider(name="B", status=ProviderStatus.BOOKED)
    assert find_progress([called, booked]).complete


def test_prepare_progress_needs_records_questions_date_and_bag():
    ids = ["path", "scan"]
    records = [RecordItem(id="path", state="have"), RecordItem(id="scan", state="requested")]
    qs = [Question(text=f"q{i}") for i in range(3)]
    appt = Appointment(date=dt.date(2026, 12, 3), bring=["id"])
    p = prepare_progress(records, ids, qs, appt, ["id"])
    assert (p.done, p.total) == (3, 4)  # records not all handled yet
    records[1] = RecordItem(id="scan", state="not_needed")
    assert prepare_progress(records, ids, qs, appt, ["id"]).complete


def test_next_step_is_the_first_incomplete_step():
    steps = [learn_progress({"a"}, ["a"]), decide_progress(Decision(), SURE)]
    assert next_step(steps).step == "decide"
    assert next_step([learn_progress({"a"}, ["a"])]) is None


# -- questions ------------------------------------------------------------------


def _qs():
    return [
        Question(text=t, order=i, starred=t in {"b", "d", "e", "f"}) for i, t in enumerate("abcdef")
    ]


def test_top_three_are_starred_in_priority_order():
    assert [q.text for q in top_three(_qs())] == ["b", "d", "e"]


def test_a_fourth_star_finds_the_top_full_and_an_unstar_makes_room():
    two = [Question(text=t, starred=t in "ab") for t in "abcd"]
    assert not top_is_full(two)
    three = [q.model_copy(update={"starred": q.text != "d"}) for q in two]
    assert top_is_full(three)
    assert not top_is_full([q.model_copy(update={"starred": q.text == "a"}) for q in three])


def test_brief_lists_starred_first_then_the_rest():
    assert [q.text for q in for_brief(_qs())] == ["b", "d", "e", "f", "a", "c"]


def test_moving_a_question_up_swaps_it_with_the_one_above():
    qs = _qs()
    changed = moved(qs, qs[2].id, -1)
    by_id = {q.id: q for q in qs} | {q.id: q for q in changed}
    assert [q.text for q in ordered(list(by_id.values()))] == ["a", "c", "b", "d", "e", "f"]
    assert moved(qs, qs[0].id, -1) == []  # already first
    assert next_order(qs) == 6


# -- providers -------------------------------------------------------------------


def test_status_moves_forward_and_stops_at_seen():
    assert next_status(ProviderStatus.TO_CONTACT) == ProviderStatus.CALLED
    assert next_status(ProviderStatus.SEEN) is None


def test_tracker_sorts_by_what_needs_doing():
    today = dt.date(2026, 11, 25)
    seen = Provider(name="Seen", status=ProviderStatus.SEEN, next_date=dt.date(2026, 11, 1))
    later = Provider(name="Later", next_date=dt.date(2026, 12, 9))
    soon = Provider(name="Soon", next_date=dt.date(2026, 11, 20))
    undated = Provider(name="Undated", status=ProviderStatus.CALLED)
    order = by_what_needs_doing([seen, later, undated, soon], today)
    assert [p.name for p in order] == ["Soon", "Later", "Undated", "Seen"]
    assert is_overdue(soon, today) and not is_overdue(seen, today)


# -- the cancer-center list ----------------------------------------------------------


def test_directory_never_offers_centers_that_do_not_see_patients():
    offered = patient_centers()
    assert len(all_centers()) == 75
    assert all(c.designation in ("comprehensive", "clinical") for c in offered)
    assert not any("Jackson Laboratory" in c.name or "Salk" in c.name for c in offered)
    assert not any(c.name.startswith("St. Jude") for c in offered)


def test_search_by_city_name_and_state():
    offered = patient_centers()
    houston = search(offered, "houston")
    assert {c.city for c in houston} == {"Houston"} and len(houston) >= 2
    assert all(c.state == "NY" for c in search(offered, "", "NY"))
    assert search(offered, "md anderson", "TX")[0].name.startswith("MD Anderson")
    assert search(offered, "houston", "NY") == []
    assert "DC" in states(offered)


# -- records and the letter ------------------------------------------------------------

CHECKLIST = [
    {"id": "path", "name": "Pathology report"},
    {"id": "scan", "name": "Imaging reports"},
    {"id": "meds", "name": "Medication list"},
]


def test_letter_lists_only_records_still_needed():
    records = [RecordItem(id="path", state="have"), RecordItem(id="scan", state="requested")]
    needed = still_needed(records, CHECKLIST)
    assert [e["id"] for e in needed] == ["scan", "meds"]
    template = (
        "Dear {clinic},\nI am {name}, born {birth_date}. On {today} I ask for:\n"
        "{records}\nSend to {send_to}."
    )
    profile = Profile(
        name="María José Núñez", birth_date="3/4/1950", clinic="City Clinic", send_to="Dr. Ruiz"
    )
    letter = request_letter(template, profile, needed, dt.date(2026, 11, 5))
    assert "María José Núñez" in letter and "November 5, 2026" in letter
    assert "- Imaging reports\n- Medication list" in letter
    assert "Pathology report" not in letter


def test_letter_leaves_lines_to_fill_in_for_missing_details():
    letter = request_letter("{name} / {clinic} / {records}", Profile(), [], dt.date(2026, 1, 2))
    assert letter.count("________") == 3


@pytest.mark.parametrize("text", ["2026-12-03", "12/3/2026", "Dec 3, 2026", "3 December 2026"])
def test_dates_as_people_write_them(text):
    assert parse_day(text) == dt.date(2026, 12, 3)


def test_a_date_that_is_not_a_date_is_refused():
    with pytest.raises(ValueError):
        parse_day("next Tuesday")
    assert parse_day("  ") is None
