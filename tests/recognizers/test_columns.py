"""recognizers.columns: headers to entities, cell values to scores."""

from __future__ import annotations

import pytest

from recognizers.catalogue import CATALOGUE
from recognizers.columns import (
    MEDICAL_CODE,
    classify_cell,
    classify_value,
    entity_for_header,
    normalise_header,
)

# fmt: off
HEADERS = [
    ("Claimant Name", "PERSON"), ("insured_name", "PERSON"), ("Insured", "PERSON"),
    ("Patient", "PERSON"), ("policyHolderName", "PERSON"), ("First Name", "PERSON"),
    ("Surname", "PERSON"), ("Account Holder", "PERSON"), ("Vehicle Owner", "PERSON"),
    ("DOB", "DATE_OF_BIRTH"), ("date_of_birth", "DATE_OF_BIRTH"), ("Claimant DOB", "DATE_OF_BIRTH"),
    ("BirthDate", "DATE_OF_BIRTH"),
    ("SSN", "US_SSN"), ("Social Security #", "US_SSN"), ("insured_ssn", "US_SSN"),
    ("Policy #", "POLICY_NUMBER"), ("policyNumber", "POLICY_NUMBER"), ("Policy No.", "POLICY_NUMBER"),
    ("POLICY", "POLICY_NUMBER"), ("Certificate No", "POLICY_NUMBER"),
    ("Claim Ref", "CLAIM_NUMBER"), ("claim_id", "CLAIM_NUMBER"), ("Claim", "CLAIM_NUMBER"),
    ("Member ID", "MEMBER_ID"), ("subscriber_id", "MEMBER_ID"), ("Insured ID Number", "MEMBER_ID"),
    ("Group No", "GROUP_NUMBER"), ("grp#", "GROUP_NUMBER"),
    ("NPI", "US_NPI"), ("Rendering Provider NPI", "US_NPI"),
    ("ICD-10", "ICD10_CODE"), ("Diagnosis Code", "ICD10_CODE"), ("dx1", None), ("Dx", "ICD10_CODE"),
    ("CPT", "CPT_CODE"), ("Procedure", "CPT_CODE"), ("HCPCS", "HCPCS_CODE"),
    ("NDC", "NDC_CODE"), ("VIN", "VIN"), ("Plate", "LICENSE_PLATE"), ("License Plate", "LICENSE_PLATE"),
    ("Driver License #", "US_DRIVER_LICENSE"), ("DL", "US_DRIVER_LICENSE"),
    ("Phone", "PHONE_NUMBER"), ("Insured Phone", "PHONE_NUMBER"), ("Mobile", "PHONE_NUMBER"),
    ("Email", "EMAIL_ADDRESS"), ("E-mail Address", "EMAIL_ADDRESS"),
    ("Address", "STREET_ADDRESS"), ("Mailing Address", "STREET_ADDRESS"), ("address_line_1", "STREET_ADDRESS"),
    ("IP Address", "IP_ADDRESS"),
    ("MRN", "MEDICAL_RECORD_NUMBER"), ("Patient ID", "MEDICAL_RECORD_NUMBER"),
    ("Routing", "ABA_ROUTING_NUMBER"), ("ABA", "ABA_ROUTING_NUMBER"),
    ("Account No", "US_BANK_NUMBER"), ("acct_number", "US_BANK_NUMBER"),
    ("Card Number", "CREDIT_CARD"), ("IBAN", "IBAN_CODE"), ("Passport No", "US_PASSPORT"),
    ("MBI", "US_MBI"), ("Medicare ID", "US_MBI"), ("DEA", "DEA_NUMBER"),
    ("NHS Number", "UK_NHS"), ("National Insurance No", "UK_NINO"),
    # not personal, or not an entity
    ("Company Name", None), ("Plan Name", None), ("Carrier", None), ("Date of Loss", None),
    ("Claim Status", None), ("Amount", None), ("Policy Type", None), ("Group Name", None),
    ("City", None), ("State", None), ("Notes", None), ("", None),
    ("Tag", "LICENSE_PLATE"), ("Proc", "CPT_CODE"), ("ID No.", "MEMBER_ID"), ("Mbr #", "MEMBER_ID"),
    ("Lic. No.", "US_DRIVER_LICENSE"), ("Examinee", "PERSON"), ("Prescriber DEA", "DEA_NUMBER"),
    ("ZIP Code", None), ("Status Code", None),
    # the second of a repeated field; an index never turns a non-entity into one
    ("id_no_2", "MEMBER_ID"), ("Member 2", "PERSON"), ("policy_number_3", "POLICY_NUMBER"),
    ("dx_icd_10", "ICD10_CODE"), ("Amount 2", None), ("Q4 2024", None),
]
# fmt: on


@pytest.mark.parametrize(("header", "entity"), HEADERS)
def test_entity_for_header(header: str, entity: str | None) -> None:
    assert entity_for_header(header) == entity


def test_headers_name_catalogue_entities_only() -> None:
    for header, _ in HEADERS:
        entity = entity_for_header(header)
        assert entity is None or entity in CATALOGUE


def test_normalise_header() -> None:
    assert normalise_header("policyNumber") == "policy number"
    assert normalise_header("insured_DOB") == "insured dob"
    assert normalise_header("Policy No.") == "policy no"
    assert normalise_header("Policy#") == "policy #"


# fmt: off
VALUES = [
    # (entity, value, minimum score or None when it must be rejected)
    ("PERSON", "Amara Okafor", 0.85), ("PERSON", "OKAFOR, AMARA", 0.85), ("PERSON", "Nguyễn Thị Minh Khai", 0.85),
    ("PERSON", "Aroha", 0.85), ("PERSON", "Acme Insurance Company", None), ("PERSON", "N/A", None),
    ("PERSON", "12345", None), ("PERSON", "Blue Cross", None),
    ("DATE_OF_BIRTH", "03/14/1979", 0.9), ("DATE_OF_BIRTH", "1979-03-14 00:00:00", 0.9),
    ("DATE_OF_BIRTH", "14 March 1979", 0.9), ("DATE_OF_BIRTH", "2099-01-01", None), ("DATE_OF_BIRTH", "unknown", None),
    ("US_SSN", "536-90-4399", 0.95), ("US_SSN", "536904399", 0.95), ("US_SSN", "000-12-3456", None),
    ("US_SSN", "N/A", None),
    ("US_NPI", "1234567893", 1.0), ("US_NPI", "1234567890", None),
    ("DEA_NUMBER", "AB1234563", 1.0), ("DEA_NUMBER", "AB1234564", None),
    ("CREDIT_CARD", "4111 1111 1111 1111", 1.0), ("CREDIT_CARD", "4111 1111 1111 1112", None),
    ("IBAN_CODE", "GB82 WEST 1234 5698 7654 32", 1.0), ("ABA_ROUTING_NUMBER", "021000021", 1.0),
    ("UK_NHS", "943 476 5919", 1.0), ("UK_NINO", "AB123456C", 0.95), ("US_MBI", "4XW2-P99-UX19", 0.95),
    ("VIN", "1HGCM82633A004352", 1.0), ("VIN", "WVWZZZ1JZXW000001", 0.7), ("VIN", "1HGCM82633A004353", None),
    ("POLICY_NUMBER", "HO-4412398", 0.85), ("POLICY_NUMBER", "PA 20240117", 0.85), ("POLICY_NUMBER", "01/01/2024", None),
    ("POLICY_NUMBER", "TBD", None),
    ("CLAIM_NUMBER", "CLM-2024-0012345", 0.85), ("CLAIM_NUMBER", "$1,250.00", None),
    ("MEMBER_ID", "XYZ123456789", 0.85), ("MEMBER_ID", "123", None),
    ("GROUP_NUMBER", "0012345", 0.85), ("MEDICAL_RECORD_NUMBER", "MRN-00482913", 0.85),
    ("ICD10_CODE", "E11.9", 0.9), ("ICD10_CODE", "E119", 0.9), ("ICD10_CODE", "E11.99", None),
    ("CPT_CODE", "99213", 0.85), ("CPT_CODE", "0042T", 0.85), ("CPT_CODE", "J1100", None),
    ("HCPCS_CODE", "J1100", 0.85), ("NDC_CODE", "00093-7210-01", 0.9), ("NDC_CODE", "00093721001", 0.9),
    ("LICENSE_PLATE", "7ABC123", 0.8), ("LICENSE_PLATE", "AB51 ABC", 0.8), ("LICENSE_PLATE", "03/14/2024", None),
    ("US_DRIVER_LICENSE", "D1234567", 0.8), ("US_DRIVER_LICENSE", "S530-4601-8871-04", 0.8),
    ("US_DRIVER_LICENSE", "none", None),
    ("US_PASSPORT", "A12345678", 0.85), ("US_PASSPORT", "ABC", None),
    ("US_BANK_NUMBER", "000123456789", 0.85), ("US_BANK_NUMBER", "Acme", None),
    ("PHONE_NUMBER", "(312) 555-0143", 0.85), ("PHONE_NUMBER", "3125550143", 0.85),
    ("PHONE_NUMBER", "1-800-555-0199", None), ("PHONE_NUMBER", "n/a", None),
    ("EMAIL_ADDRESS", "amara.okafor@example.com", 0.95), ("EMAIL_ADDRESS", "claims@acme.com", None),
    ("IP_ADDRESS", "203.0.113.42", 0.85), ("IP_ADDRESS", "999.1.1.1", None),
    ("STREET_ADDRESS", "42 Elm Street", 0.85), ("STREET_ADDRESS", "42 Elm Street, Springfield, IL 62704", 0.85),
    ("STREET_ADDRESS", "12 Harrow Road, London W2 1XA", 0.85), ("STREET_ADDRESS", "PO Box 1187", 0.85),
    ("STREET_ADDRESS", "Springfield", None), ("STREET_ADDRESS", "same as above", None),
]
# fmt: on


@pytest.mark.parametrize(("entity", "value", "min_score"), VALUES)
def test_classify_value(entity: str, value: str, min_score: float | None) -> None:
    score = classify_value(entity, value)
    if min_score is None:
        assert score is None
    else:
        assert score is not None and score >= min_score


def test_every_catalogue_entity_has_a_classifier() -> None:
    samples = {row.entity: row.example for row in CATALOGUE.values()}
    samples["US_BANK_NUMBER"] = "000123456789"
    samples["DATE_OF_BIRTH"] = "03/14/1979"
    for entity, example in samples.items():
        assert classify_value(entity, example) is not None, entity


def test_unknown_entity_or_empty_value() -> None:
    assert classify_value("FAVOURITE_COLOUR", "blue") is None
    assert classify_value("US_SSN", "   ") is None


def test_classify_cell_moves_hcpcs_out_of_a_procedure_column() -> None:
    assert classify_cell("Procedure", "99213") == ("CPT_CODE", 0.85)
    assert classify_cell("Procedure", "J1100") == ("HCPCS_CODE", 0.85)
    assert classify_cell("Claimant", "Amara Okafor") == ("PERSON", 0.85)
    assert classify_cell("Claimant", "Acme Inc.") is None
    assert classify_cell("Notes", "Amara Okafor") is None


def test_a_bare_code_header_holds_whichever_code_the_value_is() -> None:
    assert entity_for_header("Code") == MEDICAL_CODE
    assert classify_cell("Code", "J1100") == ("HCPCS_CODE", 0.85)
    assert classify_cell("Code", "E11.9") == ("ICD10_CODE", 0.9)
    assert classify_cell("Service code", "99213") == ("CPT_CODE", 0.85)
    assert classify_cell("Code", "Walker, folding") is None


def test_driver_licence_cell_with_its_state() -> None:
    assert classify_cell("Drivers Licence #", "30770113 (TX)") == ("US_DRIVER_LICENSE", 0.8)
    assert classify_cell("Lic. No.", "N/A") is None


# Issue #5: headers that named nothing ("#" at the end, a form's item number, "Assured").
# fmt: off
MORE_HEADERS = [
    ("Tag #", "LICENSE_PLATE"), ("Reg #", "LICENSE_PLATE"), ("NI #", "UK_NINO"),
    ("Contact #", "PHONE_NUMBER"), ("5. Lic. No.", "US_DRIVER_LICENSE"),
    ("5_proposed_insured", "PERSON"), ("12a Insured Name", "PERSON"), ("mr_number", "MEDICAL_RECORD_NUMBER"),
    ("MR #", "MEDICAL_RECORD_NUMBER"), ("Assured", "PERSON"), ("assured", "PERSON"),
    ("Hospital No.", "MEDICAL_RECORD_NUMBER"), ("Hospital", None), ("Hospital Name", None),
    ("1099 Amount", None), ("2024 Premium", None), ("Tag Line", None),
]
# fmt: on


@pytest.mark.parametrize(("header", "entity"), MORE_HEADERS)
def test_more_headers(header: str, entity: str | None) -> None:
    assert entity_for_header(header) == entity


def test_header_words_are_not_plates() -> None:
    # A register whose header row is read as cells: "Driver", "Loss Date" under "Reg. Plate".
    assert classify_value("LICENSE_PLATE", "Driver") is None
    assert classify_value("LICENSE_PLATE", "Loss Date") is None
    assert classify_value("LICENSE_PLATE", "KCB-5348") == 0.8


def test_address_cells_judged_pattern_by_pattern_as_by_all_patterns_at_once() -> None:
    # ``_address`` stops at the first pattern that covers most of the cell; the reference runs
    # every pattern and keeps what de-duplication leaves, as ``_address`` once did.
    import random

    import regex
    import usaddress

    from recognizers import columns

    def reference(value: str) -> float | None:
        v = value.strip()
        if len(v) < 6 or not any(c.isdigit() for c in v):
            return None
        for result in columns._ADDRESS.analyze(v, ["STREET_ADDRESS"]):
            if result.end - result.start >= 0.6 * len(v):
                return 0.85
        if columns._UK_POSTCODE.search(v.upper()) and regex.match(r"^\d", v):
            return 0.85
        try:
            tags, kind = usaddress.tag(v)
        except usaddress.RepeatedLabelError:
            return None
        if kind in ("Street Address", "PO Box") and ("StreetName" in tags or "USPSBoxID" in tags):
            return 0.85
        return None

    rng = random.Random(7)
    numbers = ["42", "1187", "12B", "7-9", "300 1/2", "Flat 3, 14", "PO Box 118"]
    streets = ["Elm", "N Harrow", "Maple Grove", "14th", "Old Mill", "elm", "Schäfer"]
    suffixes = ["Street", "Road", "Ave.", "Lane", "Broadway", "Mews", "Close", "Way NW", ""]
    units = ["", "", ", Apt 4", " #12", ", Suite 100"]
    towns = ["", ", Springfield, IL 62704", "\nEvanston, IL 60201-1234", ", London W2 1XA",
             " Leeds LS1 4AP", ", Springfield", " Texas 75001", ", Inc."]  # fmt: skip
    cells = [
        f"{rng.choice(['', 'Send claims to ', 'c/o '])}{rng.choice(numbers)} {rng.choice(streets)} "
        f"{rng.choice(suffixes)}{rng.choice(units)}{rng.choice(towns)}"
        for _ in range(2000)
    ]
    cells += ["Springfield", "same as above", "03/14/1979", "SW1A 1AA", "W2 1XA 12 Road"]
    verdicts = [columns._address(cell) for cell in cells]
    assert verdicts == [reference(cell) for cell in cells]
    assert 200 < verdicts.count(0.85) < len(cells) - 200
