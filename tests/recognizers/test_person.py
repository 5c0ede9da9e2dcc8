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


# Issue #5: names `insurescan redact` left in place (synthetic names).
# fmt: off
MORE_POSITIVES = [
    # a label read as a rejected value must not hide the label after it
    ("INSURED\nNAME OF INSURED - Nwosu, Adaeze\nDOB - 12/09/1955", "Nwosu, Adaeze", 0.85),
    ("Examinee - Sofía Rodríguez", "Sofía Rodríguez", 0.85),
    ("Examinee\n\nSofía Torres\nDOB\n\n07/15/1942", "Sofía Torres", 0.85),
    ("Claims bordereau\nAssured\nWang, Zhiming\nLe, Lan\nTOTAL", "Wang, Zhiming", 0.85),
    # the rest of a column printed one cell a line under its header (PDF text)
    ("Claims bordereau\nAssured\nWang, Zhiming\nLe, Lan\nSharma, Ananya\nTOTAL", "Le, Lan", 0.75),
    ("Claims bordereau\nAssured\nWang, Zhiming\nLe, Lan\nSharma, Ananya\nTOTAL", "Sharma, Ananya", 0.75),
    # the agent of a participle, a person spoken with, who reported on a date
    ("a vehicle driven by Chloé Faure failed to stop", "Chloé Faure", 0.75),
    ("when a vehicle\ndriven by Huong Vu failed to stop", "Huong Vu", 0.75),
    ("Settlement batch closed by Tomasz Zając; processor support 1-888-555-0100", "Tomasz Zając", 0.75),
    ("05/28/2024 - Spoke with Adaeze Obi (other party), who gave plate", "Adaeze Obi", 0.75),
    ("On 03/23/2024 Matthias Hoffmann reported a kitchen fire.", "Matthias Hoffmann", 0.75),
    ("On June 3, 2024 Thu Do called the claims line.", "Thu Do", 0.75),
    ("Signed Emily Clarke MBChB FRCS, 26/06/2024.", "Emily Clarke", 0.75),
    ("within my own knowledge. Signed\nEmily Walker MBChB FRCS, 14 June 2024.", "Emily Walker", 0.75),
    ("Member #: 453993266-04\tGroup #: G4486845\nMember: Claudia D. Fischer\tDate of Birth: March 26, 1940",
     "Claudia D. Fischer", 0.85),
    ("reviewed by the GP, Dr\nAarav Chatterjee, who recorded S06.0X0A.", "Aarav Chatterjee", 0.7),
    ("The other driver was Do-yoon Jung and\nthe plate was QIW D57.", "Do-yoon Jung", 0.75),
    ("The other driver was Yetunde F. Adeyemi and the plate was TQ 22430.", "Yetunde F. Adeyemi", 0.75),
    # beneficiary lists, address blocks, greetings in CRLF or quoted mail
    ("Part B - Beneficiaries\nDo-yoon Lee, son, born October 24, 1963", "Do-yoon Lee", 0.75),
    ("Ha-eun Cho, spouse, born 1943-02-05, share 50%.", "Ha-eun Cho", 0.75),
    ("Premium Notice\nHUONG LE\n1618 BIRCH LN\nRICHMOND, VA 23219", "HUONG LE", 0.75),
    ("Premium Notice\nLUCÍA A. TORRES 5668 Harbor Blvd Des Moines, IA 50309", "LUCÍA A. TORRES", 0.75),
    ("Hi Hélène,\r\n\r\nPlease see the attached report.", "Hélène", 0.75),
    ("> Hello Claudia, thanks for calling me back.", "Claudia", 0.75),
    # a labelled name printed again in another order or case
    ("Insured: Nwosu, Adaeze\nOn the same day ADAEZE NWOSU phoned.", "ADAEZE NWOSU", 0.8),
    ("To: Yuna Yoon <y.yoon@example.com>\nSubject: RE: Claim 22-853-011159 (Yoon, Yuna) - update",
     "Yoon, Yuna", 0.8),
    ("and the new address is on file. The other driver was\nDo-yoon Choi and the plate was 5OUU242.",
     "Do-yoon Choi", 0.75),
    ("Claim 2024E220935 from Summit Imaging Center; referred by\nSoo-ah Kim.", "Soo-ah Kim", 0.75),
]
MORE_NEGATIVES = [
    "Field Adjuster | Cobalt Ridge\nDirect: 804.555.0135",
    "Patient\nCedar Valley Urgent Care\n",
    "Hello Again, it is me.",
    "The roof was inspected by Keystone Roofing Company.",
    "Approved by Underwriting Department on 05/02/2024.",
    "Mailing address:\nClaims Department\n1200 Harbor Blvd\nTampa, FL 33602",
    "Summit Savings Bank\n12 Main St\nBoise, ID 83702",
    "Signed Release Form, dated 05/01/2024",
    "On 05/01/2024 Keystone Builders submitted an estimate.",
    "Section 1 - Proposed Insured\nUS Passport #\n495654935",
    "Assured\nTOTAL\nClaims Paid",
    "Spoke with Claims Team about the reserve.",
    "The other driver was Not Available for comment.",
    "The insured is Northwind Traders LLC.",
    "The other driver was\nnot identified.",
]
# fmt: on


@pytest.mark.parametrize(("text", "value", "min_score"), MORE_POSITIVES)
def test_finds_more(values, text: str, value: str, min_score: float) -> None:
    found = values(text, ENTITY)
    assert found.get(value, 0.0) >= min_score, found


@pytest.mark.parametrize("text", MORE_NEGATIVES)
def test_ignores_more(values, text: str) -> None:
    assert values(text, ENTITY) == {}


def test_ner_name_does_not_cross_a_column_gap(values) -> None:
    text = (
        "Insured Name       Cause of Loss  Claim Ref\n"
        "-----------------  -------------  ----------------\n"
        "Liu, Fang          Hail           CL4761715\n"
        "Wright, Sarah      Slip and fall  23-910-567394\n"
    )
    found = values(text, ENTITY)
    assert "Wright, Sarah" in found
    assert not any("Slip" in v for v in found), found


def test_name_variants() -> None:
    from recognizers.names import name_variants

    assert set(name_variants("Nwosu, Adaeze")) == {
        "Adaeze Nwosu",
        "ADAEZE NWOSU",
        "Nwosu, Adaeze",
        "NWOSU, ADAEZE",
    }
    assert "Bennett, Michael A." in name_variants("Michael A. Bennett")
    assert name_variants("Okafor") == []  # never a single word


def test_a_mis_split_csv_row_is_not_a_name() -> None:
    assert person_rejection("LOSS;RESERVE;VEHICLE VIN;CLAIM") == "digits or symbols"
