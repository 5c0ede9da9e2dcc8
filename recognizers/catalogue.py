"""The entity catalogue: what each entity is, how sensitive, and which regimes cover it.

Regimes (as insurescan uses the words):

- ``GDPR``: personal data, GDPR Art. 4(1) (also UK GDPR).
- ``GDPR Art. 9``: special-category data, here data concerning health.
- ``HIPAA identifier``: one of the 18 Safe Harbor identifiers, 45 CFR 164.514(b)(2).
- ``CCPA sensitive``: sensitive personal information, Cal. Civ. Code 1798.140(ae).
- ``GLBA``: nonpublic personal information of a financial institution's customer,
  15 U.S.C. 6809(4) (insurers are financial institutions under the GLBA).

Examples are synthetic (fictional 555 numbers, published test values, made-up names).
"""

from __future__ import annotations

from dataclasses import dataclass

REGIMES = ("GDPR", "GDPR Art. 9", "HIPAA identifier", "CCPA sensitive", "GLBA")
SENSITIVITIES = ("high", "medium", "low")


@dataclass(frozen=True)
class EntityInfo:
    """One catalogue row."""

    entity: str
    description: str
    example: str
    sensitivity: str
    regimes: tuple[str, ...]


_P = ("GDPR", "HIPAA identifier", "GLBA")  # direct identifiers of a customer or patient
_ID = ("GDPR", "HIPAA identifier", "CCPA sensitive", "GLBA")  # government and financial IDs
_HEALTH = ("GDPR Art. 9", "CCPA sensitive")  # health data; PHI when next to an identifier

_ROWS = (
    EntityInfo("PERSON", "A person's name (customer, claimant, patient, witness, provider).", "Amara Okafor", "medium", _P),
    EntityInfo("STREET_ADDRESS", "Street address or PO Box with city/ZIP, US or UK.", "42 Elm Street, Springfield, IL 62704", "medium", _P),
    EntityInfo("EMAIL_ADDRESS", "Personal e-mail address (role mailboxes excluded).", "amara.okafor@example.com", "medium", _P),
    EntityInfo("PHONE_NUMBER", "Telephone or fax number of a person (toll-free lines excluded).", "(312) 555-0143", "medium", _P),
    EntityInfo("DATE_OF_BIRTH", "A date of birth (only dates with birth context).", "DOB 03/14/1979", "high", _P),
    EntityInfo("US_SSN", "US Social Security Number.", "536-90-4399", "high", _ID),
    EntityInfo("US_DRIVER_LICENSE", "US driver's licence or state ID number (any state format).", "D1234567", "high", _ID),
    EntityInfo("US_PASSPORT", "US passport book or card number.", "A12345678", "high", _ID),
    EntityInfo("US_BANK_NUMBER", "US bank account number (labelled).", "Acct # 000123456789", "high", _ID),
    EntityInfo("ABA_ROUTING_NUMBER", "ABA routing transit number; identifies the bank, sensitive with an account.", "021000021", "low", ("GLBA",)),
    EntityInfo("CREDIT_CARD", "Payment card number (issuer range and Luhn checked).", "4111 1111 1111 1111", "high", ("GDPR", "HIPAA identifier", "CCPA sensitive", "GLBA")),
    EntityInfo("IBAN_CODE", "International Bank Account Number.", "GB82 WEST 1234 5698 7654 32", "high", ("GDPR", "CCPA sensitive", "GLBA")),
    EntityInfo("IP_ADDRESS", "IPv4 or IPv6 address (online identifier).", "203.0.113.42", "low", ("GDPR", "HIPAA identifier")),
    EntityInfo("VIN", "Vehicle Identification Number.", "1HGCM82633A004352", "medium", ("GDPR", "HIPAA identifier", "GLBA")),
    EntityInfo("LICENSE_PLATE", "Vehicle licence plate / registration mark.", "7ABC123", "medium", ("GDPR", "HIPAA identifier", "GLBA")),
    EntityInfo("POLICY_NUMBER", "Insurance policy or certificate number.", "HO-4412398", "medium", _P),
    EntityInfo("CLAIM_NUMBER", "Insurance claim number or claim reference.", "CLM-2024-0012345", "medium", _P),
    EntityInfo("MEMBER_ID", "Health plan member / subscriber ID (health plan beneficiary number).", "XYZ123456789", "high", _P),
    EntityInfo("GROUP_NUMBER", "Health plan group number; identifies the employer's plan, not the person.", "GRP-884512", "low", ()),
    EntityInfo("US_MBI", "Medicare Beneficiary Identifier.", "1EG4-TE5-MK72", "high", ("GDPR", "HIPAA identifier", "CCPA sensitive")),
    EntityInfo("US_NPI", "National Provider Identifier of a clinician or organisation (public NPPES registry).", "1234567893", "low", ("GDPR",)),
    EntityInfo("DEA_NUMBER", "DEA registration number of a prescriber.", "AB1234563", "medium", ("GDPR",)),
    EntityInfo("ICD10_CODE", "ICD-10-CM diagnosis code next to diagnosis context.", "E11.9", "high", _HEALTH),
    EntityInfo("CPT_CODE", "CPT procedure code next to procedure context.", "99213", "high", _HEALTH),
    EntityInfo("HCPCS_CODE", "HCPCS Level II code (supplies, drugs, services).", "J1100", "high", _HEALTH),
    EntityInfo("NDC_CODE", "National Drug Code of a dispensed drug.", "00093-7210-01", "high", _HEALTH),
    EntityInfo("MEDICAL_RECORD_NUMBER", "Hospital or practice medical record number.", "MRN-00482913", "high", ("GDPR", "GDPR Art. 9", "HIPAA identifier", "CCPA sensitive")),
    EntityInfo("UK_NHS", "NHS number (England, Wales, Isle of Man).", "943 476 5919", "high", ("GDPR", "GDPR Art. 9")),
    EntityInfo("UK_NINO", "UK National Insurance number.", "AB 12 34 56 C", "high", ("GDPR",)),
)  # fmt: skip

CATALOGUE: dict[str, EntityInfo] = {row.entity: row for row in _ROWS}
