"""The cancer-center list: contacts with sources, other names, and "closest to me"
by ZIP code, worked out on the device from the shipped tables."""

import csv
import gzip
import re

import pytest

from models.centers import (
    DATA_FILE,
    ZIP_FILE,
    Center,
    ZipProblem,
    by_distance,
    campus_counts,
    clean_zip,
    count_centers,
    lookup_zip,
    miles_between,
    patient_centers,
    read_zip,
    search,
    zip_location,
)
from models.text import assets_dir, strings
from views.state import phone_link

DATA = assets_dir() / "data"


def rows() -> list[dict]:
    with open(DATA / DATA_FILE, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def place(name: str, lat: float, lon: float, state: str = "XX") -> Center:
    return Center(
        id=name.lower(),
        name=name,
        designation="comprehensive",
        parent="",
        city=name,
        state=state,
        website="",
        lat=lat,
        lon=lon,
    )


# -- the data ----------------------------------------------------------------------


def test_every_phone_and_website_says_where_it_was_read():
    for row in rows():
        if row["phone"]:
            assert row["phone_source"].strip(), row["name"]
            assert re.fullmatch(r"\d{3}-\d{3}-\d{4}", row["phone"]), row["phone"]
        if row["website"]:
            assert row["website_source"].strip(), row["name"]
            assert row["website"].startswith(("https://", "http://")), row["website"]


def test_phone_links_hold_digits_only():
    with_phone = [c for c in patient_centers() if c.phone]
    assert len(with_phone) >= 15
    for c in with_phone:
        assert re.fullmatch(r"tel:\d{10}", phone_link(c.phone) or ""), c.phone


def test_every_center_offered_has_a_place_on_the_map():
    for c in patient_centers():
        assert c.where, c.name
        lat, lon = c.where
        assert 18 < lat < 65 and -170 < lon < -65, (c.name, c.where)


def test_notes_and_kinds_have_sentences():
    ui = strings("en")
    for c in patient_centers():
        assert f"centers.kind_{c.designation}" in ui
        if c.note:
            assert f"centers.note_{c.note}" in ui, c.note


def test_mayo_campuses_count_as_one_center():
    everyone = patient_centers()
    assert len(everyone) == 67
    assert count_centers(everyone) == 65
    assert campus_counts(everyone) == {"Mayo Clinic Comprehensive Cancer Center": 3}


@pytest.mark.parametrize(
    "words, expected",
    [
        ("atrium", "Wake Forest Baptist Comprehensive Cancer Center"),
        ("UVA comprehensive", "University of Virginia Cancer Center"),
        ("mass general", "Dana-Farber/Harvard Cancer Center"),
    ],
)
def test_other_names_people_search_for_are_found(words, expected):
    assert [c.name for c in search(patient_centers(), words)] == [expected]


def test_zip_table_is_small_sorted_and_has_places():
    path = DATA / ZIP_FILE
    assert path.stat().st_size < 300_000
    with gzip.open(path, "rt", encoding="ascii") as f:
        lines = f.read().splitlines()
    assert lines[0] == "zip,lat,lon"
    zips = [line.split(",")[0] for line in lines[1:]]
    assert zips == sorted(zips) and len(zips) > 40_000
    assert all(len(z) == 5 and z.isdigit() for z in zips)


# -- ZIP codes ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, zip5",
    [
        ("84112", "84112"),
        ("  84112 ", "84112"),
        ("84112-1234", "84112"),
        ("84112 1234", "84112"),
    ],
)
def test_a_zip_code_is_read_as_typed(typed, zip5):
    assert clean_zip(typed) == (zip5, None)


@pytest.mark.parametrize(
    "typed, problem",
    [
        ("8411a", ZipProblem.LETTERS),
        ("Salt Lake", ZipProblem.LETTERS),
        ("\uff18\uff14\uff11\uff11\uff12", ZipProblem.LETTERS),  # "84112" in full-width digits
        ("8411", ZipProblem.LENGTH),
        ("841120", ZipProblem.LENGTH),
        ("", ZipProblem.LENGTH),
    ],
)
def test_bad_input_is_named_kindly(typed, problem):
    assert clean_zip(typed) == ("", problem)
    found = lookup_zip(typed)
    assert found.problem is problem and found.where is None
    assert strings("en")[f"centers.zip_{problem.value}"]


def test_an_unknown_zip_code_says_so():
    found = lookup_zip("00000")
    assert found.problem is ZipProblem.UNKNOWN and found.zip == "00000" and found.where is None
    assert "{zip}" in strings("en")["centers.zip_unknown"]


@pytest.mark.parametrize(
    "typed, asked, problem, placed",
    [
        ("", False, None, False),
        ("", True, None, False),
        ("841", False, None, False),  # still typing: no message yet
        ("841", True, ZipProblem.LENGTH, False),  # asked: now say it kindly
        ("841a", False, ZipProblem.LETTERS, False),  # letters are named at once
        ("00000", False, ZipProblem.UNKNOWN, False),
        ("84112", False, None, True),
        ("84112", True, None, True),  # closest first as soon as it is whole
    ],
)
def test_the_zip_field_as_the_list_uses_it(typed, asked, problem, placed):
    found = read_zip(typed, asked)
    assert found.problem is problem
    assert (found.where is not None) is placed


def test_known_zip_codes_are_where_they_should_be():
    lat, lon = zip_location("84112")  # Salt Lake City
    assert 40.5 < lat < 41 and -112.1 < lon < -111.6
    assert zip_location("00501") is not None  # the first row, right after the header
    assert zip_location("99999") is None
    assert zip_location("abcde") is None


# -- distances and order -----------------------------------------------------------


def test_haversine_miles():
    assert miles_between((40.0, -75.0), (40.0, -75.0)) == 0
    # One degree of latitude is about 69 miles.
    assert miles_between((40.0, -100.0), (41.0, -100.0)) == pytest.approx(69.1, abs=0.2)
    # New York to Los Angeles, about 2,450 miles in a straight line.
    assert miles_between((40.71, -74.01), (34.05, -118.24)) == pytest.approx(2445, rel=0.01)


def test_closest_first_with_distances():
    near, middle, far = (
        place("Near", 40.1, -75.0),
        place("Middle", 41.0, -75.0),
        place("Far", 45.0, -75.0),
    )
    nowhere = Center(
        id="x", name="Nowhere", designation="clinical", parent="", city="", state="ZZ", website=""
    )
    order = by_distance([far, nowhere, near, middle], (40.0, -75.0))
    assert [c.name for c, _ in order] == ["Near", "Middle", "Far", "Nowhere"]
    assert order[0][1] == pytest.approx(6.9, abs=0.1) and order[-1][1] is None


def test_salt_lake_city_is_closest_to_huntsman():
    order = by_distance(patient_centers(), lookup_zip("84112").where)
    first, miles = order[0]
    assert first.name == "Huntsman Cancer Institute" and miles < 10
    assert [m for _, m in order] == sorted(m for _, m in order)
