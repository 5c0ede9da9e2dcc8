"""CLAIM_NUMBER: ClaimNumberRecognizer (label-driven)."""

from __future__ import annotations

import pytest

ENTITY = "CLAIM_NUMBER"

# fmt: off
POSITIVES = [
    ("Claim #: CLM-2024-0012345", "CLM-2024-0012345", 0.8),
    ("Claim Number 24-0012345-HO", "24-0012345-HO", 0.8),
    ("Claim Ref: 0412-558877", "0412-558877", 0.8),
    ("Your claim C2024/000871 has been assigned to an adjuster.", "C2024/000871", 0.8),
    ("Clm No. 4418203957", "4418203957", 0.8),
    ("Our ref: MTR/24/118233", "MTR/24/118233", 0.8),
    ("CLAIM NO.\n7701-2293-44", "7701-2293-44", 0.8),
    ("File No. 2024-PL-33871", "2024-PL-33871", 0.8),
    ("Claim ID: 9F3A7720", "9F3A7720", 0.8),
    ("Regarding CLM-0098812, the estimate is attached.", "CLM-0098812", 0.6),
    ("your claim number is 20240517-0042", "20240517-0042", 0.8),
    ("Claim Ref\n\u241e\nC-99-69960-79", "C-99-69960-79", 0.7),  # <dt>/<dd>: two segments
]
NEGATIVES = [
    "Claimant: Amara Okafor",
    "Claim Date: 05/06/2024",
    "claim for water damage",
    "Claim status: closed",
    "Claim amount $12,500.00",
    "Claims Department, PO Box 4000",
    "Claim #: pending",
    "Form CMS-1500 (02-12)",
    "claim 2 of 3",
    "claims made in 2024",
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
    ("Claim notes - SH828-21898", "SH828-21898", 0.8),
    ("Claim summary - C-63-35932-37", "C-63-35932-37", 0.8),
]
ISSUE5_NEGATIVES = [
    "Claim notes - see attached",
    "Claim report 2024",
    "Claim summary - 12 items",
]
# fmt: on


@pytest.mark.parametrize(("text", "value", "min_score"), ISSUE5_POSITIVES)
def test_finds_issue5(values, text: str, value: str, min_score: float) -> None:
    found = values(text, ENTITY)
    assert found.get(value, 0.0) >= min_score, found


@pytest.mark.parametrize("text", ISSUE5_NEGATIVES)
def test_ignores_issue5(values, text: str) -> None:
    assert values(text, ENTITY) == {}


@pytest.mark.parametrize(
    ("text", "whole"),
    [
        ("Ref CLM-2022-9221880", "CLM-2022-9221880"),
        ("Claimant\tClaim No\nRohan Patel\tCLM-2022-9221880\n", "CLM-2022-9221880"),
        ("Claim CLM/2022/9221880", "CLM/2022/9221880"),
    ],
)
def test_glued_prefix_is_part_of_the_number(values, text: str, whole: str) -> None:
    # "CLM" reads as a label too, but glued to the digits it belongs to the number: a partial
    # span left "CLM-" in redacted copies and fingerprinted differently from the whole.
    found = values(text, ENTITY)
    assert whole in found and whole[4:] not in found, found


def test_label_words_glued_by_a_dash_stay_labels(values) -> None:
    assert "2022-9221880" in values("Claim No-2022-9221880", ENTITY)
