"""DATE_OF_BIRTH: DateOfBirthRecognizer (a date with birth context, never any date)."""

from __future__ import annotations

import pytest

ENTITY = "DATE_OF_BIRTH"

# fmt: off
POSITIVES = [
    ("DOB: 03/14/1979", "03/14/1979", 0.85),
    ("D.O.B. 14/03/1979", "14/03/1979", 0.85),
    ("Date of Birth: March 14, 1979", "March 14, 1979", 0.85),
    ("Date of Birth (MM/DD/YYYY): 03/14/1979", "03/14/1979", 0.85),
    ("Birth Date 1979-03-14", "1979-03-14", 0.85),
    ("The claimant, born on 4 June 1988, was driving.", "4 June 1988", 0.85),
    ("Insured: Amara Okafor   DOB 3/4/79   Sex F", "3/4/79", 0.85),
    ("Date of birth\n12 Sept 1965", "12 Sept 1965", 0.85),
    ("Patient DOB: 07-22-2003; Date of service: 05/06/2024", "07-22-2003", 0.85),
    ("Birthdate: 22-Jul-2003", "22-Jul-2003", 0.85),
    # A table row under its header; "|" and runs of spaces count as words in Presidio's window.
    ("Name DOB Phone\nAmara Okafor 03/14/1979 312-555-0143", "03/14/1979", 0.5),
]
NEGATIVES = [
    "Date of Loss: 05/06/2024",
    "Date of service 05/06/2024, DOS 05/07/2024",
    "Policy period 01/01/2024 to 12/31/2024",
    "Effective Date: 01/01/2024",
    "DOB: 03/14/1979\nDate of Loss: 05/06/2024",     # the DOB is found, the loss date is not
    "Letter dated May 7, 2024",
    "Admitted 03/02/2024, discharged 03/05/2024.",
    "DOB: 02/30/1979",                               # no such date
    "DOB: 03/14/2099",                               # in the future
    "DOB: 03/14/1879",                               # before 1900
    "Born in 1979",                                  # a year is not a date of birth
    "DOB: 03/1979",
    "Signed 04/01/2024 by the insured",
    "Printed 2024-05-07 10:32",
]
# fmt: on


@pytest.mark.parametrize(("text", "value", "min_score"), POSITIVES)
def test_finds(values, text: str, value: str, min_score: float) -> None:
    found = values(text, ENTITY)
    assert found.get(value, 0.0) >= min_score, found


@pytest.mark.parametrize("text", NEGATIVES)
def test_ignores(values, text: str) -> None:
    found = values(text, ENTITY)
    assert set(found) <= {"03/14/1979"}, found


def test_dob_column_context(values) -> None:
    assert values("1979-03-14", ENTITY, context=["Date of Birth"]) == {"1979-03-14": pytest.approx(0.5)}
    assert values("1979-03-14", ENTITY, context=["Date of Loss"]) == {}


def test_the_start_class_admits_every_date_the_bare_pattern_finds() -> None:
    # ``DATE_START`` only lets ``regex`` skip positions faster: on dates of every shape, in
    # either case, glued to words and punctuation, the matches must be the same without it.
    import random

    import regex

    from recognizers.base import DEFAULT_FLAGS
    from recognizers.dates import DATE, DATE_START, MONTHS

    rng = random.Random(3)
    months = [m for name in MONTHS for m in (name, name.title(), name.upper())]
    months += ["January", "SEPTEMBER", "june", "July", "Sept."]
    shapes = [
        lambda: (
            f"{rng.randint(0, 39):02d}{rng.choice('/.-')}{rng.randint(0, 13)}{rng.choice('/.-')}{rng.randint(0, 2099)}"
        ),
        lambda: (
            f"{rng.choice(['19', '20'])}{rng.randint(0, 99):02d}-{rng.randint(1, 12)}-{rng.randint(1, 31)}"
        ),
        lambda: (
            f"{rng.choice(months)} {rng.randint(1, 31)}{rng.choice(['', 'st', 'th', ','])} {rng.randint(1900, 2030)}"
        ),
        lambda: f"{rng.randint(1, 31)} of {rng.choice(months)} {rng.randint(1900, 2030)}",
        lambda: f"{rng.randint(1, 31)}-{rng.choice(months)}-{rng.randint(0, 99):02d}",
    ]
    glue = [" ", "\n", "DOB:", "x", "/", ".", "-", "(", "é", "2", "\t", ", "]
    text = "".join(rng.choice(glue) + rng.choice(shapes)() for _ in range(5000))
    plain = regex.compile(rf"(?<![\w/.\-]){DATE}", DEFAULT_FLAGS)
    started = regex.compile(rf"(?<![\w/.\-]){DATE_START}{DATE}", DEFAULT_FLAGS)
    spans = [m.span() for m in plain.finditer(text)]
    assert len(spans) > 1000
    assert [m.span() for m in started.finditer(text)] == spans
