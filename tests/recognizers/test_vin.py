"""VIN: VinRecognizer."""

from __future__ import annotations

import pytest

ENTITY = "VIN"

# fmt: off
POSITIVES = [
    ("VIN: 1HGCM82633A004352", "1HGCM82633A004352", 1.0),
    ("2019 Ford F-150, VIN 1FTFW1ET9DFC10312, garaged at home", "1FTFW1ET9DFC10312", 1.0),
    ("| 2018 Toyota Camry | 4T1B11HK | 2T1BURHEXJC043821 |", "2T1BURHEXJC043821", 1.0),
    ("Vehicle Identification Number\n5YJ3E1EA2KF317000", "5YJ3E1EA2KF317000", 1.0),
    ("Insured vehicle 1M8GDM9AXKP042788 was towed.", "1M8GDM9AXKP042788", 1.0),
    ("VIN WVWZZZ1JZXW000001 (German, no check digit)", "WVWZZZ1JZXW000001", 0.55),
    ("Chassis no. SALGS2SE3MA123456", "SALGS2SE3MA123456", 0.55),
]
NEGATIVES = [
    "VIN: 1HGCM82633A004353",            # North American VIN with a wrong check digit
    "VIN 1HGCM82633A00435",              # 16 characters
    "Tracking 1Z999AA10123456784 shipped",  # 18 characters
    "WVWZZZ1JZXW000001 in a parts list",   # European VIN without a label
    "ABCDEFGHJKLMNPRST",                 # letters only
    "11111111111111111",
    "hash 1hgcm82633a004352",            # lower case
]
# fmt: on


@pytest.mark.parametrize(("text", "value", "min_score"), POSITIVES)
def test_finds(values, text: str, value: str, min_score: float) -> None:
    found = values(text, ENTITY)
    assert found.get(value, 0.0) >= min_score, found


@pytest.mark.parametrize("text", NEGATIVES)
def test_ignores(values, text: str) -> None:
    assert values(text, ENTITY) == {}
