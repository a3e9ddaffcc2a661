"""Two opinions side by side: real differences are marked, and turned into questions."""

import pytest
from pydantic import ValidationError

from models.brief import label
from models.compare import (
    FIELDS,
    Comparison,
    Opinion,
    differences,
    field_label,
    questions_to_take_back,
)
from models.journey import NOTE_MAX, Question
from models.store import Store


def opinions(first: dict, second: dict) -> Comparison:
    return Comparison(first=Opinion(**first), second=Opinion(**second))


def test_nothing_written_yet_means_no_differences():
    assert differences(Comparison()) == []
    assert questions_to_take_back(Comparison()) == []


def test_a_field_only_one_doctor_filled_in_is_not_a_difference():
    c = opinions({"treatment": "Chemotherapy, then surgery"}, {"diagnosis": "Stage 4"})
    assert differences(c) == []


def test_the_same_words_with_other_case_spaces_or_punctuation_are_the_same():
    c = opinions(
        {"treatment": "Chemotherapy, then surgery.", "next_steps": "Scan in  3 months"},
        {"treatment": "chemotherapy then SURGERY", "next_steps": "scan in 3 months!"},
    )
    assert differences(c) == []


def test_different_advice_is_marked_in_the_order_of_the_form():
    c = opinions(
        {
            "doctor": "Dr. A",
            "diagnosis": "Stage 4",
            "treatment": "Chemotherapy",
            "trials": "None",
            "next_steps": "Start in two weeks",
        },
        {
            "doctor": "Dr. B",
            "diagnosis": "stage 4",
            "treatment": "Immunotherapy",
            "trials": "NCT01234567",
            "next_steps": "Start in two weeks.",
        },
    )
    assert differences(c) == ["treatment", "trials"]


def test_the_doctors_names_are_not_compared():
    c = opinions(
        {"doctor": "Dr. A", "treatment": "Chemo"}, {"doctor": "Dr. B", "treatment": "chemo"}
    )
    assert differences(c) == []


def test_each_difference_becomes_one_plain_question_to_take_back():
    c = opinions(
        {"treatment": "Chemotherapy", "reasons": "Fast"},
        {"treatment": "Surgery", "reasons": "Safe"},
    )
    assert questions_to_take_back(c) == [
        "The two doctors suggested different treatment. Can we talk about why?",
        label("take_back_reasons"),
    ]


def test_every_field_has_a_label_and_a_question_that_can_be_saved():
    for field in FIELDS:
        assert field_label(field) != f"compare_{field}"
        question = label(f"take_back_{field}")
        assert question != f"take_back_{field}"
        Question(text=question)  # long enough to mean something, short enough to save


def test_a_comparison_is_kept_in_the_store_like_the_other_singles():
    s = Store(None)
    s.put(
        opinions(
            {"doctor": "Dr. Núñez", "treatment": "Chemo"},
            {"doctor": "Dr. Peña", "treatment": "Surgery"},
        )
    )
    kept = s.load(Comparison)
    assert kept.first.doctor == "Dr. Núñez" and kept.second.treatment == "Surgery"
    assert differences(kept) == ["treatment"]


def test_the_form_round_trips_through_a_plain_dict_as_the_screen_uses_it():
    c = opinions({"doctor": "Dr. A"}, {"trials": "One trial"})
    assert Comparison.model_validate(c.model_dump()) == c
    assert set(c.model_dump()["first"]) == {"doctor", *FIELDS}


def test_text_is_cleaned_and_capped_like_every_other_note():
    assert Opinion(treatment="  Chemo\r\nthen surgery\x00  ").treatment == "Chemo\nthen surgery"
    with pytest.raises(ValidationError):
        Opinion(treatment="x" * (NOTE_MAX + 1))
