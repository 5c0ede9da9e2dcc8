"""The registry and the catalogue agree, and the registry leaves Presidio's noisy recognizers out."""

from __future__ import annotations

from presidio_analyzer.predefined_recognizers import (
    AbaRoutingRecognizer,
    CreditCardRecognizer,
    DateRecognizer,
    NhsRecognizer,
    PhoneRecognizer,
    UsBankRecognizer,
    UsLicenseRecognizer,
    UsNpiRecognizer,
    UsPassportRecognizer,
    UsSsnRecognizer,
)

from recognizers.catalogue import CATALOGUE, REGIMES, SENSITIVITIES
from recognizers.person_ner import PersonNerRecognizer
from recognizers.registry import build_recognizers, emitted_entities

CANONICAL = {
    "PERSON", "STREET_ADDRESS", "EMAIL_ADDRESS", "PHONE_NUMBER", "DATE_OF_BIRTH", "US_SSN",
    "US_DRIVER_LICENSE", "US_PASSPORT", "US_BANK_NUMBER", "ABA_ROUTING_NUMBER", "CREDIT_CARD",
    "IBAN_CODE", "IP_ADDRESS", "VIN", "LICENSE_PLATE", "POLICY_NUMBER", "CLAIM_NUMBER", "MEMBER_ID",
    "GROUP_NUMBER", "US_MBI", "US_NPI", "DEA_NUMBER", "ICD10_CODE", "CPT_CODE", "HCPCS_CODE",
    "NDC_CODE", "MEDICAL_RECORD_NUMBER", "UK_NHS", "UK_NINO",
}  # fmt: skip


def test_catalogue_holds_the_canonical_entities() -> None:
    assert set(CATALOGUE) == CANONICAL


def test_registry_and_catalogue_agree() -> None:
    assert emitted_entities(build_recognizers()) == set(CATALOGUE)
    assert emitted_entities(build_recognizers(ner=False)) == set(CATALOGUE)


def test_catalogue_rows_are_well_formed() -> None:
    for entity, info in CATALOGUE.items():
        assert info.entity == entity
        assert info.description and info.example
        assert info.sensitivity in SENSITIVITIES
        assert set(info.regimes) <= set(REGIMES)


def test_fast_mode_leaves_out_ner() -> None:
    assert any(isinstance(r, PersonNerRecognizer) for r in build_recognizers())
    assert not any(isinstance(r, PersonNerRecognizer) for r in build_recognizers(ner=False))


def test_noisy_upstream_recognizers_are_not_enabled() -> None:
    noisy = (
        UsLicenseRecognizer, UsBankRecognizer, PhoneRecognizer, DateRecognizer, UsPassportRecognizer,
        AbaRoutingRecognizer, NhsRecognizer, UsNpiRecognizer, UsSsnRecognizer, CreditCardRecognizer,
    )  # fmt: skip
    assert not [type(r).__name__ for r in build_recognizers() if type(r) in noisy]


def test_recognizer_names_are_unique() -> None:
    names = [r.name for r in build_recognizers()]
    assert len(names) == len(set(names))


def test_every_catalogue_example_is_found_by_its_recognizer(scan) -> None:
    # The example sits after its label, as on a form; an example must be a finding.
    labels = {
        "PERSON": "Insured:", "STREET_ADDRESS": "Address:", "EMAIL_ADDRESS": "Email:", "PHONE_NUMBER": "Phone:",
        "DATE_OF_BIRTH": "", "US_SSN": "SSN:", "US_DRIVER_LICENSE": "Driver's License No.", "US_PASSPORT":
        "Passport No.", "US_BANK_NUMBER": "", "ABA_ROUTING_NUMBER": "Routing No.", "CREDIT_CARD": "Card:",
        "IBAN_CODE": "IBAN:", "IP_ADDRESS": "IP:", "VIN": "VIN:", "LICENSE_PLATE": "Plate:",
        "POLICY_NUMBER": "Policy No.", "CLAIM_NUMBER": "Claim #", "MEMBER_ID": "Member ID:",
        "GROUP_NUMBER": "Group #", "US_MBI": "Medicare MBI:", "US_NPI": "NPI:", "DEA_NUMBER": "DEA #",
        "ICD10_CODE": "Dx:", "CPT_CODE": "CPT:", "HCPCS_CODE": "HCPCS:", "NDC_CODE": "NDC:",
        "MEDICAL_RECORD_NUMBER": "", "UK_NHS": "NHS No.", "UK_NINO": "NINO:",
    }  # fmt: skip
    missing = []
    for entity, info in CATALOGUE.items():
        text = f"{labels[entity]} {info.example}".strip()
        if not any(e == entity for e, _, _ in scan(text, entity)):
            missing.append((entity, text))
    assert not missing
