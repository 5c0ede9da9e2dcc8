"""POLICY_NUMBER: PolicyNumberRecognizer (label-driven)."""

from __future__ import annotations

import pytest

ENTITY = "POLICY_NUMBER"

# fmt: off
POSITIVES = [
    ("Policy No. HO-4412398", "HO-4412398", 0.8),
    ("Policy Number: 00123456789", "00123456789", 0.8),
    ("Pol # PA 20240117", "PA 20240117", 0.8),
    ("POLICY NUMBER\nWC2-123-456789-024", "WC2-123-456789-024", 0.8),
    ("Your homeowners policy number is POL/2023/004512.", "POL/2023/004512", 0.8),
    ("We reviewed policy A12345678-01 and the declarations page.", "A12345678-01", 0.8),
    ("Certificate No. GL-7745120", "GL-7745120", 0.8),
    ("Contract Number: 88-1234567", "88-1234567", 0.8),
    ("Insured: Amara Okafor  Policy #: AUT-5521-0098  Claim #: CLM-2024-0012345", "AUT-5521-0098", 0.8),
    ("Plcy No: 4400123456", "4400123456", 0.8),
    ("Master Policy: GRP-LTD-00451", "GRP-LTD-00451", 0.8),
    ("Re: POL-2024-118833", "POL-2024-118833", 0.5),
    ('"GET /portal/policies/AUT9158448/documents HTTP/1.1" 200', "AUT9158448", 0.7),
    ("GET /portal/policies/HO3-980-6347-39/documents", "HO3-980-6347-39", 0.7),
]
NEGATIVES = [
    "Policy Period: 01/01/2024 to 12/31/2024",
    "Policy Form HO 00 03 05 11",
    "Policy: Homeowners Special Form",
    "Policy limits $300,000 / $500,000",
    "Policy effective 2024",
    "Policy #: N/A",
    "Policy #: XXXXXXXX",
    "ACORD 25 (2016/03) CERTIFICATE OF LIABILITY INSURANCE",
    "See policy provisions on page 12.",
    "Policy No. 12",
    "Policy type: HO3",
    "Police report 2024-00123 was filed.",
    "Policyholder services: 1-800-555-0199",
    "GET /legal/policies/privacy-2024/index.html",  # a page slug, lower case
    "GET /portal/policies/new HTTP/1.1",  # no digits
]
# fmt: on


@pytest.mark.parametrize(("text", "value", "min_score"), POSITIVES)
def test_finds(values, text: str, value: str, min_score: float) -> None:
    found = values(text, ENTITY)
    assert found.get(value, 0.0) >= min_score, found


@pytest.mark.parametrize("text", NEGATIVES)
def test_ignores(values, text: str) -> None:
    assert values(text, ENTITY) == {}


# Issue #5: the whole grouped number at the end of a sentence, not "PA 0120 2743".
@pytest.mark.parametrize(
    "text",
    [
        "Your policy number is PA 0120 2743 67.",
        "Renewal offered under policy PA 0120 2743 67.\nThanks,",
        "Policy PA 0120 2743 67, insured since 2019",
    ],
)
def test_grouped_number_before_a_full_stop(values, text: str) -> None:
    assert set(values(text, ENTITY)) == {"PA 0120 2743 67"}


def test_amount_after_a_grouped_number_is_not_taken(values) -> None:
    assert "PA 0120 12.50" not in values("Policy PA 0120 12.50 due", ENTITY)
