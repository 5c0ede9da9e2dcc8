"""US_DRIVER_LICENSE: UsDriverLicenseRecognizer (label-driven; replaces Presidio's)."""

from __future__ import annotations

import pytest

ENTITY = "US_DRIVER_LICENSE"

# fmt: off
POSITIVES = [
    ("Driver's License No.: D1234567", "D1234567", 0.8),          # California
    ("Driver License # S530-4601-8871-04", "S530-4601-8871-04", 0.8),  # Wisconsin
    ("DL#: A123-456-78-901-0", "A123-456-78-901-0", 0.8),          # Florida
    ("DLN 214 665 093", "214 665 093", 0.8),                       # New York
    ("Driving licence number 29304817", "29304817", 0.8),          # Pennsylvania
    ("Operator's license: 10ABC12345", "10ABC12345", 0.8),         # New Hampshire
    ("Drivers license WDLABCD456DG", "WDLABCD456DG", 0.8),         # Washington (old)
    ("CDL: K12345678", "K12345678", 0.8),                          # Kansas
    ("Driver: Amara Okafor, Lic. No. Y9981234, CA", "Y9981234", 0.8),
    ("IL license A123-4567-8901 was suspended", "A123-4567-8901", 0.6),
    ("D/L: 99-1234-5678", "99-1234-5678", 0.8),
    ("Lic. No.: A2510839 (CA)", "A2510839", 0.8),
    ("Driver's licence on file: 54335554 (TX).", "54335554", 0.8),
    ("Drivers Licence #\n\u241e\n30770113 (TX)", "30770113", 0.8),  # label and value in two paragraphs
]
NEGATIVES = [
    "License Plate: 7ABC123",
    "Agent License No. 0H12345",          # producer licence, no "driver"
    "Business license 2024-001122",
    "Driver's License: on file",
    "Driver's License No.: 05/06/2024",
    "Driver's License #: 0000000",
    "Springfield, IL 62704",
    "Claim A1234567 received",            # CA-shaped, no label
    "Policy D1234567",
    "Agent Lic. No. 0H12345",             # a producer licence: no driver, no issuing state
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
    ("Driver's licence\non file: U5999463 (CA).", "U5999463", 0.8),
    ("Driver's licence on\nfile: 768318275 (NY).", "768318275", 0.8),
]
ISSUE5_NEGATIVES = [
    "Driver's licence\non file: none",
]
# fmt: on


@pytest.mark.parametrize(("text", "value", "min_score"), ISSUE5_POSITIVES)
def test_finds_issue5(values, text: str, value: str, min_score: float) -> None:
    found = values(text, ENTITY)
    assert found.get(value, 0.0) >= min_score, found


@pytest.mark.parametrize("text", ISSUE5_NEGATIVES)
def test_ignores_issue5(values, text: str) -> None:
    assert values(text, ENTITY) == {}
