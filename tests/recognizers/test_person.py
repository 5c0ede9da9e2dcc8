"""PERSON: PersonRecognizer (labels, titles, sign-offs) and PersonNerRecognizer (spaCy, filtered)."""

from __future__ import annotations

import pytest

from recognizers.names import person_rejection

ENTITY = "PERSON"

# fmt: off
POSITIVES = [
    # form fields and labels
    ("Insured: Amara Okafor", "Amara Okafor", 0.85),
    ("Claimant Name: Nguyễn Thị Minh Khai", "Nguyễn Thị Minh Khai", 0.85),
    ("Patient: Siobhán Ní Bhriain   DOB: 03/14/1979", "Siobhán Ní Bhriain", 0.85),
    ("Policyholder: Jean-Luc van der Berg", "Jean-Luc van der Berg", 0.85),
    ("Named Insured\nMOHAMMED AL-FARSI", "MOHAMMED AL-FARSI", 0.85),
    ("Beneficiary: Oluwaseun Adeyemi-Balogun (son)", "Oluwaseun Adeyemi-Balogun", 0.85),
    ("Name: OKAFOR, AMARA N.", "OKAFOR, AMARA N.", 0.85),
    ("Subscriber Name: Li Wei", "Li Wei", 0.85),
    ("Patient: 王伟", "王伟", 0.85),
    ("Attn: Priya Raman, Claims", "Priya Raman", 0.85),
    ("Injured Party: Dmitri Volkov", "Dmitri Volkov", 0.85),
    ("First Name: Aroha  Last Name: Te Whiu", "Aroha", 0.7),
    ("Driver: José María García López", "José María García López", 0.85),
    # titles and letters
    ("Dear Ms. Okafor,", "Okafor", 0.7),
    ("Dr. Hiroshi Tanaka reviewed the MRI.", "Hiroshi Tanaka", 0.7),
    ("Sincerely,\nPriya Raman\nSenior Claims Adjuster", "Priya Raman", 0.75),
    ("Kind regards,\n\nTomasz Wiśniewski", "Tomasz Wiśniewski", 0.75),
    ("/s/ Amara Okafor", "Amara Okafor", 0.8),
    # prose (spaCy NER)
    ("I spoke with John Smith about the water damage on Tuesday.", "John Smith", 0.85),
    ("The adjuster met Maria Gonzalez at the property.", "Maria Gonzalez", 0.85),
    ("Hi Chinedu,\n\nPlease find attached the FNOL.", "Chinedu", 0.75),
    ("Policyholder: Michael A. Bennett", "Michael A. Bennett", 0.85),
    ("Seen by Dr. Seo-yeon Choi on 05/02/2024.", "Seo-yeon Choi", 0.7),
]
NEGATIVES = [
    "Insured: Acme Manufacturing Inc.",
    "Name: Blue Cross Blue Shield of Illinois",
    "Patient: see attached",
    "Claimant: Pending Review",
    "Insured Vehicle: 2019 Honda Civic",
    "Company Name: Northwind Traders",
    "Plan Name: Gold PPO",
    "Prescribed Lisinopril 10 mg and Metformin 500 mg daily.",
    "SSN DOB MRN",
    "Explanation Of Benefits",
    "Dear Valued Customer,",
    "Thank you,\nThe Claims Team",
    "Sincerely,\nAcme Insurance Company",
    "Policy Number: HO-4412398",
    "Driver's License No.: D1234567",
    "State Farm and Liberty Mutual responded.",
    "Hi all,\n\nThe register is attached.",
    "Field Adjuster | Cobalt Ridge\nCobalt Ridge Indemnity, 2200 Ridge Rd, Denver, CO 80202",
    "Mitigation was started by Keystone Builders; their estimate totals $6,772.00.",
    "Roadside assistance includes towing up to 15 miles, jump starts, lockout service.",
    "Injured Worker Social Security # Claim Number DOB",
]
# fmt: on


@pytest.mark.parametrize(("text", "value", "min_score"), POSITIVES)
def test_finds(values, text: str, value: str, min_score: float) -> None:
    found = values(text, ENTITY)
    assert found.get(value, 0.0) >= min_score, found


@pytest.mark.parametrize("text", NEGATIVES)
def test_ignores(values, text: str) -> None:
    assert values(text, ENTITY) == {}


def test_label_word_after_the_name_is_trimmed(values) -> None:
    assert values("Insured: Amara Okafor DOB 03/14/1979", ENTITY) == {
        "Amara Okafor": pytest.approx(0.85, abs=0.15)
    }


# fmt: off
REJECTIONS = [
    ("Acme Insurance Company", "organisation"),
    ("Aetna Better Health", "insurer"),
    ("Northwind Traders LLC", "organisation"),
    ("Atorvastatin Calcium", "drug"),
    ("SSN", "label or common word"),
    ("Date of Birth", "label or common word"),
    ("J. K.", "initials only"),
    ("Room 12", "digits or symbols"),
    ("Amara Okafor", None),
    ("Nguyễn Thị Minh Khai", None),
    ("Jean-Luc van der Berg", None),
]
# fmt: on


@pytest.mark.parametrize(("phrase", "reason"), REJECTIONS)
def test_person_rejection(phrase: str, reason: str | None) -> None:
    assert person_rejection(phrase) == reason
