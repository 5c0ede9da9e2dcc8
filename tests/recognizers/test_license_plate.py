"""LICENSE_PLATE: LicensePlateRecognizer (label-driven, UK current format with context)."""

from __future__ import annotations

import pytest

ENTITY = "LICENSE_PLATE"

# fmt: off
POSITIVES = [
    ("License Plate: 7ABC123", "7ABC123", 0.8),
    ("Plate CA 7ABC123, VIN 1HGCM82633A004352", "7ABC123", 0.8),
    ("Lic. Plate (TX) ABC-1234", "ABC-1234", 0.8),
    ("Tag #: GHR 4471", "GHR 4471", 0.8),
    ("Registration No. AB51 ABC", "AB51 ABC", 0.8),
    ("Vehicle registration mark: LV21 XKD", "LV21 XKD", 0.8),
    ("Other driver's plate number was 8KJY552.", "8KJY552", 0.8),
    ("VRN: YK19 PLM", "YK19 PLM", 0.8),
    ("The third-party vehicle, registration LV21 XKD, left the scene.", "LV21 XKD", 0.6),
]
NEGATIVES = [
    "License Plate: none",
    "Plate: 05/06/2024",
    "Plate: $1,200.00",
    "Registration fee 2024",
    "AB51 ABC in a parts list",            # UK shape without context
    "Registration No. 12345678901",        # too long
    "plated steel 2019",
    "Registration: pending",
]
# fmt: on


@pytest.mark.parametrize(("text", "value", "min_score"), POSITIVES)
def test_finds(values, text: str, value: str, min_score: float) -> None:
    found = values(text, ENTITY)
    assert found.get(value, 0.0) >= min_score, found


@pytest.mark.parametrize("text", NEGATIVES)
def test_ignores(values, text: str) -> None:
    assert values(text, ENTITY) == {}


# Issue #5: label variants `insurescan redact` missed.
# fmt: off
ISSUE5_POSITIVES = [
    ("The other driver was Thu Bui and the plate was\nAFR 6270. Best,", "AFR 6270", 0.8),
    ("The plate is 7ABC123.", "7ABC123", 0.8),
    ("Vehicle ID No. - 2T1HJCY89MP135882\nTag # - JOP-2592\n", "JOP-2592", 0.8),
    ("Tag No. JOP-2592", "JOP-2592", 0.8),
]
ISSUE5_NEGATIVES = [
    "The plate was\nnot recorded.",
    "The plate was\n2019 issue.",
    "The price tag 2024 was high.",
    "Tag #1 of 3",
]
# fmt: on


@pytest.mark.parametrize(("text", "value", "min_score"), ISSUE5_POSITIVES)
def test_finds_issue5(values, text: str, value: str, min_score: float) -> None:
    found = values(text, ENTITY)
    assert found.get(value, 0.0) >= min_score, found


@pytest.mark.parametrize("text", ISSUE5_NEGATIVES)
def test_ignores_issue5(values, text: str) -> None:
    assert values(text, ENTITY) == {}
