"""DEA_NUMBER: DeaNumberRecognizer."""

from __future__ import annotations

import pytest

ENTITY = "DEA_NUMBER"

# fmt: off
POSITIVES = [
    ("DEA #: AB1234563", "AB1234563", 1.0),
    ("Prescriber: Dr. Jonas Berg, DEA BJ4829137, NPI 1234567893", "BJ4829137", 1.0),
    ("DEA Registration No. FM3051187", "FM3051187", 1.0),
    ("Pharmacy DEA reg M97712044", "M97712044", 1.0),
    ("prescriber registration AB1234563 on the script", "AB1234563", 0.7),
]
NEGATIVES = [
    "DEA #: AB1234564",                  # bad check digit
    "DEA QB1234563",                     # Q is not a registrant type
    "DEA ab1234563",                     # lower case
    "Passport GB1234563 issued 2019",    # same shape, no DEA context
    "Policy HO1234563",
    "Form AB-123456",
]
# fmt: on


@pytest.mark.parametrize(("text", "value", "min_score"), POSITIVES)
def test_finds(values, text: str, value: str, min_score: float) -> None:
    found = values(text, ENTITY)
    assert found.get(value, 0.0) >= min_score, found


@pytest.mark.parametrize("text", NEGATIVES)
def test_ignores(values, text: str) -> None:
    assert values(text, ENTITY) == {}
