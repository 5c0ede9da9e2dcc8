"""recognizers.names.may_hold_name: which lines the NER model is given at all."""

from __future__ import annotations

import pytest

from recognizers.names import may_hold_name


@pytest.mark.parametrize(
    "line",
    [
        "Paid to Jane Roe",
        "JÜRGEN J. WEBER",
        "Insured: Nwosu, Adaeze",
        "(Océane Faure)",
        "signed O'Brien",
        "Anna van der Berg",
    ],
)
def test_lines_that_may_hold_a_name(line: str) -> None:
    assert may_hold_name(line)


@pytest.mark.parametrize(
    "line",
    [
        "",
        "2024-03-01  $1,250.00",
        "ho-4471093 / clm-88120",
        "Policy Number: HO-4471093",
        "Date of Loss",
        "SSN 412-67-3391 DOB 03/04/1981",
        "all lower case words here",
        "Atorvastatin 20 mg, Lisinopril 10 mg",  # drugs: a phrase holding one is no name
        "Aetna / Cigna",  # insurers
        "We will review it. Your file is open.",  # pronouns
    ],
)
def test_lines_that_cannot(line: str) -> None:
    assert not may_hold_name(line)
