"""US_SSN: UsSsnRecognizer."""

from __future__ import annotations

import pytest

from recognizers.us_ssn import UsSsnRecognizer

ENTITY = "US_SSN"

# fmt: off
POSITIVES = [
    # (text, value, minimum score)
    ("SSN: 536-90-4399", "536-90-4399", 0.85),
    ("Social Security Number 536 90 4399", "536 90 4399", 0.85),
    ("Claimant SSN#: 536904399", "536904399", 0.85),
    ("Soc. Sec. No. 412-51-7733 (on file)", "412-51-7733", 0.85),
    ("The insured's social security number is 412-51-7733.", "412-51-7733", 0.85),
    ("Name: Amara Okafor | SSN | 412-51-7733 | DOB 03/14/1979", "412-51-7733", 0.85),
    ("Please verify 412-51-7733 against the application.", "412-51-7733", 0.5),
    ("SS No.\n412.51.7733", "412.51.7733", 0.85),
    ("Taxpayer ID (SSN): 671-23-0045", "671-23-0045", 0.85),
]
NEGATIVES = [
    "SSN: 000-12-3456",                      # area 000
    "SSN: 666-12-3456",                      # area 666
    "SSN: 912-34-5678",                      # ITIN / 9xx area
    "SSN: 987-65-4321",                      # advertising range
    "SSN: 536-00-4399",                      # group 00
    "SSN: 536-90-0000",                      # serial 0000
    "SSN: 078-05-1120",                      # Woolworth sample card
    "SSN: 123-45-6789",                      # placeholder
    "SSN: XXX-XX-4399",                      # masked
    "SSN: ***-**-4399",
    "SSN 536-90 4399",                       # mixed separators
    "Springfield, IL 62704-1234",            # ZIP+4
    "Call (312) 555-0143 or 312-555-0143",   # phone numbers
    "EIN 12-3456789",                        # employer identification number
    "Claim 2024-536-90-4399-01",             # inside a longer reference
    "Invoice 536904399 for services",        # 9 digits, no context
    "ACORD 25 (2016/03) page 2 of 5",
]
# fmt: on


@pytest.mark.parametrize(("text", "value", "min_score"), POSITIVES)
def test_finds(values, text: str, value: str, min_score: float) -> None:
    found = values(text, ENTITY)
    assert found.get(value, 0.0) >= min_score, found


@pytest.mark.parametrize("text", NEGATIVES)
def test_ignores(values, text: str) -> None:
    assert values(text, ENTITY) == {}


def test_column_context_lifts_bare_digits(values) -> None:
    assert values("536904399", ENTITY, context=["SSN"]) == {"536904399": pytest.approx(0.5)}


def test_span_is_the_value_without_its_label() -> None:
    results = UsSsnRecognizer().analyze("SSN: 536904399", [ENTITY])
    assert [(r.start, r.end) for r in results] == [(5, 14)]
    assert results[0].score == pytest.approx(0.85)
