"""The recognizers insurescan runs, one line each.

Presidio's own recognizers are enabled here explicitly where they are good as they are
(IBAN, NINO) or subclassed where one rule was missing (e-mail: offline suffix list and role
mailboxes; IP: section numbers; MBI: position 1 and the CMS specimen). Its noisy
ones (driver's licence, bank number, phone, date, health member ID, NPI/ABA/NHS scoring a bare
number with a 1-in-10 check digit at 1.0) are replaced by the modules in this package and
never enabled.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from presidio_analyzer import EntityRecognizer
from presidio_analyzer.predefined_recognizers import IbanRecognizer, UkNinoRecognizer

from recognizers.aba_routing_number import AbaRoutingNumberRecognizer
from recognizers.base import prefiltered
from recognizers.claim_number import ClaimNumberRecognizer
from recognizers.cpt_code import CptCodeRecognizer
from recognizers.credit_card import CreditCardRecognizer
from recognizers.custom import build_custom
from recognizers.date_of_birth import DateOfBirthRecognizer
from recognizers.dea_number import DeaNumberRecognizer
from recognizers.email_address import EmailAddressRecognizer
from recognizers.group_number import GroupNumberRecognizer
from recognizers.hcpcs_code import HcpcsCodeRecognizer
from recognizers.icd10_code import Icd10CodeRecognizer
from recognizers.ip_address import IpAddressRecognizer
from recognizers.key_value import KeyValueRecognizer
from recognizers.license_plate import LicensePlateRecognizer
from recognizers.medical_record_number import MedicalRecordNumberRecognizer
from recognizers.member_id import MemberIdRecognizer
from recognizers.ndc_code import NdcCodeRecognizer
from recognizers.person import PersonRecognizer
from recognizers.person_ner import PersonNerRecognizer
from recognizers.phone_number import PhoneNumberRecognizer
from recognizers.policy_number import PolicyNumberRecognizer
from recognizers.street_address import StreetAddressRecognizer
from recognizers.table_columns import TableColumnRecognizer
from recognizers.uk_nhs import UkNhsRecognizer
from recognizers.us_bank_number import UsBankNumberRecognizer
from recognizers.us_driver_license import UsDriverLicenseRecognizer
from recognizers.us_mbi import UsMbiRecognizer
from recognizers.us_npi import UsNpiRecognizer
from recognizers.us_passport import UsPassportRecognizer
from recognizers.us_ssn import UsSsnRecognizer
from recognizers.vin import VinRecognizer

if TYPE_CHECKING:
    from scanner.config import CustomRecognizer


def build_recognizers(custom: Sequence[CustomRecognizer] = (), ner: bool = True) -> list[EntityRecognizer]:
    """Fresh instances of every built-in recognizer, then the user's ``custom`` ones.

    ``ner=False`` leaves out the spaCy NER recognizer (fast mode: the NLP pipeline then only
    needs to tokenize for the context enhancer). Raises ``scanner.errors.ConfigError`` for a
    custom recognizer that does not compile, names an unknown checksum or is too slow.
    """
    recognizers: list[EntityRecognizer] = [
        PersonRecognizer(),
        StreetAddressRecognizer(),
        EmailAddressRecognizer(),  # upstream EmailRecognizer, offline suffix list, role mailboxes out
        PhoneNumberRecognizer(),
        DateOfBirthRecognizer(),
        UsSsnRecognizer(),
        UsDriverLicenseRecognizer(),
        UsPassportRecognizer(),
        UsBankNumberRecognizer(),
        AbaRoutingNumberRecognizer(),
        CreditCardRecognizer(),
        prefiltered(IbanRecognizer()),  # upstream as is: country formats and mod-97
        IpAddressRecognizer(),  # upstream IpRecognizer, minus section and version numbers
        VinRecognizer(),
        LicensePlateRecognizer(),
        PolicyNumberRecognizer(),
        ClaimNumberRecognizer(),
        MemberIdRecognizer(),
        GroupNumberRecognizer(),
        UsMbiRecognizer(),  # upstream UsMbiRecognizer (disabled there), plus position-1 and specimen checks
        UsNpiRecognizer(),
        DeaNumberRecognizer(),
        Icd10CodeRecognizer(),
        CptCodeRecognizer(),
        HcpcsCodeRecognizer(),
        NdcCodeRecognizer(),
        MedicalRecordNumberRecognizer(),
        UkNhsRecognizer(),
        prefiltered(UkNinoRecognizer()),  # upstream (disabled by default there); HMRC rules in its regex
        TableColumnRecognizer(),  # any entity, from the column header of a table printed as text
        KeyValueRecognizer(),  # any entity, from a program's field name: policy_number=...
    ]
    if ner:
        recognizers.append(PersonNerRecognizer())
    recognizers.extend(build_custom(spec) for spec in custom)
    return recognizers


def emitted_entities(recognizers: Sequence[EntityRecognizer]) -> set[str]:
    """Every entity type the given recognizers can report."""
    return {entity for recognizer in recognizers for entity in recognizer.get_supported_entities()}
