"""MEDICAL_RECORD_NUMBER: MedicalRecordNumberRecognizer (label-only)."""

from __future__ import annotations

import pytest

ENTITY = "MEDICAL_RECORD_NUMBER"

# fmt: off
POSITIVES = [
    ("MRN: 00482913", "00482913", 0.8),
    ("Med Rec # MRN-00482913", "MRN-00482913", 0.8),
    ("Medical Record Number A0048291", "A0048291", 0.8),
    ("Patient ID: 20-448812", "20-448812", 0.8),
    ("Patient Account No. 5510092", "5510092", 0.8),
    ("Chart # 774412", "774412", 0.8),
    ("MRN\n5582910", "5582910", 0.8),
    ("Patient: Amara Okafor (MRN 88412093) was seen on 05/06/2024.", "88412093", 0.8),
    ("MR #: 00482913", "00482913", 0.8),
    ("M.R. No. 5510093", "5510093", 0.8),
]
NEGATIVES = [
    "Medical Records Dept 555-0100",
    "Medical records were requested on 05/06/2024.",
    "Patient ID: see attached",
    "MRN: 12",
    "Chart review pending",
    "Patient ID: 0000000",
    "Mr Okafor, 22 Elm Street, called about claim 55102934.",
    "Mr. Number 4421 is not a record.",
]
# fmt: on


@pytest.mark.parametrize(("text", "value", "min_score"), POSITIVES)
def test_finds(values, text: str, value: str, min_score: float) -> None:
    found = values(text, ENTITY)
    assert found.get(value, 0.0) >= min_score, found


@pytest.mark.parametrize("text", NEGATIVES)
def test_ignores(values, text: str) -> None:
    assert values(text, ENTITY) == {}
