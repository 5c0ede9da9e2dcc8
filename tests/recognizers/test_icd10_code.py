"""ICD10_CODE: Icd10CodeRecognizer (code set checked, context required)."""

from __future__ import annotations

import pytest

from recognizers.icd10_code import Icd10CodeRecognizer

ENTITY = "ICD10_CODE"

# fmt: off
POSITIVES = [
    ("Dx: E11.9", "E11.9", 0.7),
    ("Primary diagnosis: S72.001A (fracture of right femur)", "S72.001A", 0.7),
    ("ICD-10-CM: I10", "I10", 0.7),
    ("Diagnosis codes: E11.65, Z79.4", "E11.65", 0.7),
    ("Diagnosis codes: E11.65, Z79.4", "Z79.4", 0.7),
    ("ICD-10 Dx W22.8XXA struck against object", "W22.8XXA", 0.7),
    ("21. DIAGNOSIS OR NATURE OF ILLNESS\nA. M54.50 B. G43.909", "M54.50", 0.7),
    ("21. DIAGNOSIS OR NATURE OF ILLNESS\nA. M54.50 B. G43.909", "G43.909", 0.7),
    ("diagnosed with J45.909 per the attached notes", "J45.909", 0.5),
    ("Dx code S72001A", "S72001A", 0.7),
    ("reviewed by the GP, Dr Kavya Reddy, who recorded F32.A. No focal deficit.", "F32.A", 0.5),
    ("Diagnosed conditions (ICD-10)?\nS93.401A, S33.5XXA, E78.5", "E78.5", 0.7),
]
NEGATIVES = [
    "E11.9",                             # a bare code without diagnosis context
    "The E11 form and the A10 bus",
    "Vitamin B12 and D20 batteries",
    "Dx: E1",                            # not a code
    "Dx: U99.9",                         # not in ICD-10-CM
    "Dx: A00.99",                        # not in ICD-10-CM
    "Form W-2 and 1099",
    "Room B20, Building C19",
    "Postcode M54 5AB",
]
# fmt: on


@pytest.mark.parametrize(("text", "value", "min_score"), POSITIVES)
def test_finds(values, text: str, value: str, min_score: float) -> None:
    found = values(text, ENTITY)
    assert found.get(value, 0.0) >= min_score, found


@pytest.mark.parametrize("text", NEGATIVES)
def test_ignores(values, text: str) -> None:
    assert values(text, ENTITY) == {}


def test_no_checksum_so_validate_is_none() -> None:
    recognizer = Icd10CodeRecognizer()
    assert recognizer.validate_result("E11.9") is None
    assert recognizer.invalidate_result("E11.9") is False
    assert recognizer.invalidate_result("E11.99") is True


def test_frozen_code_set_agrees_with_simple_icd_10_cm() -> None:
    """recognizers/data/icd10cm-codes.txt is simple-icd-10-cm's code set, dotted or not."""
    import random

    import simple_icd_10_cm as icd

    from recognizers.icd10_code import icd10_valid

    codes = [c for c in icd.get_all_codes(True) if not c.isdigit() and "-" not in c]
    assert all(icd10_valid(c) and icd10_valid(c.replace(".", "")) for c in codes)
    rng = random.Random(7)
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    probes = [
        f"{rng.choice(letters)}{rng.randint(0, 99):02d}{rng.choice(['', '.', '.1', '.9A', '1', '0X1', '.0XXA'])}"
        for _ in range(20_000)
    ]
    assert [p for p in probes if icd10_valid(p) != icd.is_valid_item(p)] == []


# Issue #5: codes listed one a line under a diagnosis heading (PDF table text, fixed width).
# fmt: off
LIST_PDF = "Diagnoses\nCode\nM17.11\nE11.9\nS82.201A\n\nDescription\nUnilateral primary osteoarthritis"
LIST_FIXED = (
    "Diagnoses\n---------\nCode    Description\n------  ------------------------------\n"
    "J06.9   Acute upper respiratory infection, unspecified\n"
    "M17.11  Unilateral primary osteoarthritis, right knee\n"
    "Z79.4   Long term (current) use of insulin\n"
)
PIPE_TABLE = (
    "Diagnosis\n---------\n| ICD-10 | Description |\n"
    "| S06.0X0A | Concussion without loss of consciousness, initial encounter |\n"
    "| I10 | Essential (primary) hypertension |\n"
    "| F32.A | Depression, unspecified |\n"
)
# A clinical note's "Assessment" lists its diagnoses (a PDF table read with gutter tabs).
ASSESSMENT = (
    "Assessment\nCode\tDescription\nS13.4XXA\tSprain of ligaments of cervical spine, initial encounter\n"
    "M54.50\tLow back pain, unspecified\nServices\n"
)
MORE_POSITIVES = [
    (LIST_PDF, "E11.9", 0.6),
    (LIST_PDF, "S82.201A", 0.6),
    (LIST_FIXED, "M17.11", 0.6),
    (LIST_FIXED, "Z79.4", 0.6),
    ("Diagnoses:\nA. M54.50\nB. G43.909\n", "G43.909", 0.6),
    # A two-column pipe table: the code rows above the last one read as header lines.
    (PIPE_TABLE, "F32.A", 0.6),
    (PIPE_TABLE, "I10", 0.6),
    (ASSESSMENT, "S13.4XXA", 0.6),
    (ASSESSMENT, "M54.50", 0.6),
]
MORE_NEGATIVES = [
    # a parts list, procedures and a room list are not diagnoses
    "Parts\n-----\nCode   Description\n-----  -----------\nE11.9  Bolt\nK50.0  Washer\n",
    "Procedures\nCode\nJ3301\nL3908\n",
    "Rooms\nB20\nC19\n",
    # the same pipe table shape, but a parts list: code-shaped part numbers stay
    "Parts\n-----\n| Part no. | Description |\n| K50.0 | Washer |\n| F32.A | Bracket, zinc |\n",
]
# fmt: on


@pytest.mark.parametrize(("text", "value", "min_score"), MORE_POSITIVES)
def test_finds_listed(values, text: str, value: str, min_score: float) -> None:
    found = values(text, ENTITY)
    assert found.get(value, 0.0) >= min_score, found


@pytest.mark.parametrize("text", MORE_NEGATIVES)
def test_ignores_unlabelled_lists(values, text: str) -> None:
    assert values(text, ENTITY) == {}
