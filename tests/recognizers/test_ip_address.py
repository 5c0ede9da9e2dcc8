"""IP_ADDRESS: Presidio's IpRecognizer, enabled as is."""

from __future__ import annotations

import pytest

ENTITY = "IP_ADDRESS"

# fmt: off
POSITIVES = [
    ("Portal login from 203.0.113.42 at 09:14", "203.0.113.42", 0.6),
    ("IP: 198.51.100.7", "198.51.100.7", 0.6),
    ("Client address 2001:db8::8a2e:370:7334 flagged", "2001:db8::8a2e:370:7334", 0.6),
]
NEGATIVES = [
    "Version 1.2.3 released",
    "Section 4.2.1.5 of the policy",      # valid IPv4, but a section number
    "See clause 10.2.14.1 and v2.0.1.5",
    "Meeting at 10:30 on 05/06/2024",
    "Amount 1,234.56",
    "999.1.1.1 is not an address",
]
# fmt: on


@pytest.mark.parametrize(("text", "value", "min_score"), POSITIVES)
def test_finds(values, text: str, value: str, min_score: float) -> None:
    found = values(text, ENTITY)
    assert found.get(value, 0.0) >= min_score, found


@pytest.mark.parametrize("text", NEGATIVES)
def test_ignores(values, text: str) -> None:
    assert values(text, ENTITY) == {}
