"""MEMBER_ID: MemberIdRecognizer (label-driven; replaces Presidio's member ID recognizer)."""

from __future__ import annotations

import pytest

ENTITY = "MEMBER_ID"

# fmt: off
POSITIVES = [
    ("Member ID: XYZ123456789", "XYZ123456789", 0.8),
    ("Subscriber ID W123456789", "W123456789", 0.8),
    ("Subscriber No.: 987654321-02", "987654321-02", 0.8),
    ("1a. INSURED'S I.D. NUMBER\nU1234567 01", "U1234567 01", 0.8),
    ("Medicaid ID # 33817702914", "33817702914", 0.8),
    ("MEMBER #\nJQX884512003", "JQX884512003", 0.8),
    ("Enrollee ID: H5521-0098-77", "H5521-0098-77", 0.8),
    ("Member: ABC9988776655", "ABC9988776655", 0.8),
    ("Member name Amara Okafor, member ID number ZGP440012345", "ZGP440012345", 0.8),
    ("ID NO.: W676243158", "W676243158", 0.6),
    ("Member\tJun Zhao\nID No.\tW185677902", "W185677902", 0.6),
]
NEGATIVES = [
    "Member Services 1-800-555-0199",
    "Member since 2019",
    "Member ID: see card",
    "Member ID: 1234",
    "Member #: 123456789",                # placeholder sequence
    "Subscriber: Amara Okafor",
    "Member ID card replacement form MC-12",
    "A member of our team will call.",
    "Tax ID No. 12-3456789",
    "Agent ID # 4455667",
]
# fmt: on


@pytest.mark.parametrize(("text", "value", "min_score"), POSITIVES)
def test_finds(values, text: str, value: str, min_score: float) -> None:
    found = values(text, ENTITY)
    assert found.get(value, 0.0) >= min_score, found


@pytest.mark.parametrize("text", NEGATIVES)
def test_ignores(values, text: str) -> None:
    assert values(text, ENTITY) == {}
