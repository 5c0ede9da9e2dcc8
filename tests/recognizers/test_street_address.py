"""STREET_ADDRESS: StreetAddressRecognizer (US and UK)."""

from __future__ import annotations

import pytest

ENTITY = "STREET_ADDRESS"

# fmt: off
POSITIVES = [
    ("Address: 42 Elm Street, Apt 3B, Springfield, IL 62704", "42 Elm Street, Apt 3B, Springfield, IL 62704", 0.85),
    ("Mailing address\n1600 N. Lakeshore Dr., Unit 1207\nChicago, IL 60611-2093",
     "1600 N. Lakeshore Dr., Unit 1207\nChicago, IL 60611-2093", 0.85),
    ("The insured lives at 7 Old Mill Rd in Brookfield.", "7 Old Mill Rd", 0.75),
    ("Loss location: 2218 W 35th St, Austin, Texas 78705", "2218 W 35th St, Austin, Texas 78705", 0.85),
    ("| Okafor | 315 Maple Ave #4 | Evanston | IL | 60201 |", "315 Maple Ave #4", 0.7),
    ("Residence: 88 Ocean Blvd S, Boca Raton, FL 33432", "88 Ocean Blvd S, Boca Raton, FL 33432", 0.85),
    ("Claimant address: P.O. Box 1187, Bozeman, MT 59771", "P.O. Box 1187, Bozeman, MT 59771", 0.6),
    ("Home address: Flat 3, 12 Harrow Road, London W2 1XA", "Flat 3, 12 Harrow Road, London W2 1XA", 0.85),
    ("14 Castle Mews\nEdinburgh\nEH1 2NG", "14 Castle Mews\nEdinburgh\nEH1 2NG", 0.85),
    ("Property: 501 Broadway, Nashville, TN 37203", "501 Broadway, Nashville, TN 37203", 0.85),
]
NEGATIVES = [
    "Send claims to Acme Insurance Company, PO Box 4000, Hartford, CT 06101",
    "Acme Insurance Company\n1 Tower Square\nHartford, CT 06183",
    "Our office is located at 500 Market Street, Philadelphia, PA 19103.",
    "Remit payments to: 200 Park Avenue, New York, NY 10166",
    "2 Year Term policy with 24 Hour Service",
    "Springfield, IL 62704",
    "Suite 100",
    "Premium $1,234.56 due in 30 days",
    "Page 3 of 12 Main Policy",
    "Form 1 Main",
    "Agent: Main & Elm Insurance Group.\n77 Meridian Way, Des Moines, IA 50309 | 1-888-555-0121",
    "Creditor address: Albion House, 12 Wellington Street, Leeds LS1 4DL",
]
# fmt: on


@pytest.mark.parametrize(("text", "value", "min_score"), POSITIVES)
def test_finds(values, text: str, value: str, min_score: float) -> None:
    found = values(text, ENTITY)
    assert found.get(value, 0.0) >= min_score, found


@pytest.mark.parametrize("text", NEGATIVES)
def test_ignores(values, text: str) -> None:
    assert values(text, ENTITY) == {}
