"""Structured data: which entity a column header names, and whether a cell fits it.

For CSV, XLSX and JSON the header (or key, or form label) is the best context there is: a
"Claimant" column holds people's names even when NER sees none, and a "Policy No" column
holds policy numbers whatever their format. The detection stage calls
``entity_for_header(header)`` once per column and ``classify_value(entity, cell)`` per cell;
``classify_cell`` does both and also moves a code in a "Procedure" column to HCPCS when
it is one.

Scores: 1.0 when a real check digit holds (NPI, DEA, card, IBAN, ABA, NHS, VIN), 0.9-0.95
for a code-set or issuing-rule match (ICD-10-CM, SSN, MBI, NINO, dates of birth), 0.85 for
a plausible shape under a header that names the entity, None when the value does not fit
(a header says "SSN" but the cell says "N/A" or "see attached").
"""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Callable

import regex
import usaddress

from recognizers import checksums
from recognizers.base import alnum, is_placeholder, looks_like_other_number, plausible_reference
from recognizers.cpt_code import cpt_shape_valid
from recognizers.dates import plausible_birth_date
from recognizers.email_address import _OFFLINE_TLD, ROLE_MAILBOXES
from recognizers.icd10_code import icd10_valid
from recognizers.names import is_person_name
from recognizers.phone_number import PhoneNumberRecognizer
from recognizers.street_address import UK_POSTCODE, StreetAddressRecognizer

__all__ = [
    "CLASSIFIED_ENTITIES",
    "MEDICAL_CODE",
    "classify_cell",
    "classify_value",
    "entity_for_header",
    "normalise_header",
]

# A header that says "Code" and no more ("Code", "Service code", "Billing code"): in a claim
# or EOB line it holds a procedure (CPT or HCPCS) or a diagnosis (ICD-10-CM) code, and the
# value tells which. Not an entity of its own; ``classify_cell`` resolves it.
MEDICAL_CODE = "MEDICAL_CODE"

_ORG_FIELD = (
    r"company|business|employer|insurer|carrier|plan|product|file|document|user|bank|facility|practice"
    r"|hospital|clinic|pharmacy|drug|medication|vendor|agency|brand|street|city|state|country|county"
    r"|domain|host|field|program|project|organi[sz]ation|org|entity|firm|school|network|payer|make|model"
    r"|vehicle|dba|group|department|dept|team|sheet|tab|column|account|product|coverage|benefit"
)
_ROLES = (
    r"claimant|insured|patient|policy ?holder|policy ?owner|subscriber|beneficiary|applicant|owner|driver"
    r"|employee|member|spouse|dependent|adjuster|agent|physician|doctor|witness|contact|account ?holder"
    r"|card ?holder|recipient|payee|enrollee|guardian|insured party|injured party|decedent|deceased"
    r"|signatory|prepared for|attention|attn|examinee|claimant name|prescriber|cardholder|debtor"
    r"|injured worker|worker|employee name|holder name|assured|named assured|original assured"
)

_NO = r"(?:\b(?:number|numbers|no|nos|id|num|nbr|ref|reference|code)\b|#)"

# Ordered: the first rule whose pattern matches the normalised header wins, so specific
# identifiers come before the generic "name", "address" and "account" rules.
_RULES: tuple[tuple[str, str], ...] = (
    (r"\b(?:dob|d o b|birth ?date|date of birth|birthdate|birthday|born|dateofbirth)\b", "DATE_OF_BIRTH"),
    (r"\b(?:ssn|ssns|social security|soc sec|ss ?#|ss no|ss number)\b", "US_SSN"),
    (r"\bnpi\b|national provider", "US_NPI"),
    (r"\bdea\b", "DEA_NUMBER"),
    (r"\bmbi\b|medicare (?:beneficiary|id|number|no|#)|\bhicn?\b", "US_MBI"),
    (r"\bnhs\b", "UK_NHS"),
    (r"\bnino\b|national insurance|\bni (?:no|number)\b|\bni #", "UK_NINO"),
    (r"\biban\b", "IBAN_CODE"),
    (r"\b(?:routing|aba|rtn|transit)\b", "ABA_ROUTING_NUMBER"),
    (r"\bvin\b|vehicle identification|\bchassis\b", "VIN"),
    (
        r"\bplates?\b|registration mark|\breg (?:no|number)\b|\breg #|\bvr[nm]\b|\btag (?:no|number)\b|\btag #"
        r"|^tags?$",
        "LICENSE_PLATE",
    ),
    (r"\bpassport\b", "US_PASSPORT"),
    (
        r"\b(?:driver'?s?|drivers|driving|operator'?s?)\b.*\blicen[cs]e\b|\b(?:dl|dln|cdl)\b|\bdl ?#"
        r"|^licen[cs]e(?: (?:no|number|#|id))?$|^lic (?:no|number|#)$",
        "US_DRIVER_LICENSE",
    ),
    (
        rf"\b(?:credit|debit|payment) ?card\b|\bcard ?{_NO}|\bcardnumber\b|\bccn\b|\bpan\b|\bcc {_NO}",
        "CREDIT_CARD",
    ),
    (r"\bip\b|\bipv[46]\b|\bip ?address\b|\bipaddress\b", "IP_ADDRESS"),
    (r"\be-? ?mail\b|\bemail", "EMAIL_ADDRESS"),
    (
        r"\b(?:phone|tel|telephone|mobile|cell|cellphone|fax|contact (?:no|number))\b|\bcontact #|phone",
        "PHONE_NUMBER",
    ),
    (r"\bhcpcs\b", "HCPCS_CODE"),
    (r"^(?:(?:service|billing|procedure|medical|dx|px) )?codes?$|^code ?#$", MEDICAL_CODE),
    (r"\b(?:icd|diagnosis|diagnoses|dx|diag)\b|\bicd ?10", "ICD10_CODE"),
    (r"\b(?:cpt|procedure|procedures|proc|px)\b", "CPT_CODE"),
    (r"\bndc\b|national drug code", "NDC_CODE"),
    (
        rf"\bmrn\b|medical record|\bmed rec\b|\bmr (?:no|number|#)|\bhospital (?:no|number|#)"
        rf"|patient (?:account|acct|chart)|patient {_NO}"
        rf"|\bchart {_NO}",
        "MEDICAL_RECORD_NUMBER",
    ),
    (
        rf"\b(?:member|subscriber|enrollee|enrolee|insured|beneficiary|participant|medicaid)\b.*{_NO}"
        rf"|\bmemberid\b|\bsubscriberid\b|\bmbr\b.*{_NO}|^(?:id|id (?:no|number|#)|identification number)$",
        "MEMBER_ID",
    ),
    (rf"\b(?:group|grp)\b.*{_NO}|^(?:grp|group)$", "GROUP_NUMBER"),
    (
        rf"\b(?:policy|pol|certificate|cert|contract)\b.*{_NO}|^policy$"
        r"|\bpolicyno\b|\bpolicynum\b",
        "POLICY_NUMBER",
    ),
    (
        rf"\bclaims?\b.*{_NO}|^claims?$|\bclm\b|\bclaimno\b|\bclaimid\b"
        r"|\b(?:our|your) ref\b",
        "CLAIM_NUMBER",
    ),
    (
        rf"^(?!.*\b(?:{_ORG_FIELD.replace('|account', '')})\b).*\b(?:name|names|surname|forename|given name|fullname)\b"
        rf"|^(?:[a-z']+ ){{0,2}}(?:{_ROLES})s?$|\bholder\b",
        "PERSON",
    ),
    (r"\b(?:account|acct|dda)\b", "US_BANK_NUMBER"),
    (r"\b(?:address|addr|street|residence|mailing|address ?line ?1?|line ?1)\b", "STREET_ADDRESS"),
)
_COMPILED_RULES = tuple((regex.compile(pattern), entity) for pattern, entity in _RULES)


_ITEM_NUMBER = regex.compile(r"^\d{1,2}[a-z]? (?=[a-z])")
_CASE_CHANGE = regex.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_SEPARATORS = regex.compile(r"[_\-.:/\\()\[\]{}|]+")


def normalise_header(header: str) -> str:
    """``"policyNumber"``, ``"insured_name"``, ``"Policy No."`` -> ``"policy number"``,
    ``"insured name"``, ``"policy no"``: words split at case changes and separators, a leading
    form item number dropped (``"5. Lic. No."`` -> ``"lic no"``)."""
    text = _CASE_CHANGE.sub(" ", header.strip())
    text = _SEPARATORS.sub(" ", text.lower())
    text = text.replace("#", " # ").replace("’", "'")
    # A form's item number is not part of its label: "5. Lic. No.", "5_proposed_insured", "12a".
    return _ITEM_NUMBER.sub("", " ".join(text.split()))


@functools.lru_cache(maxsize=4096)
def entity_for_header(header: str) -> str | None:
    """The entity a column header, JSON key or form label names, or None. Cached: a table's
    few headers are asked about once per cell."""
    norm = normalise_header(header)
    if not norm:
        return None
    for pattern, entity in _COMPILED_RULES:
        if pattern.search(norm):
            return entity
    # The second of a repeated field ("id_no_2", "Member 2"): the same label with an index.
    # Tried only when the whole header names nothing, so "ICD 10" keeps its number.
    unindexed = _REPEAT_INDEX.sub("", norm)
    return entity_for_header(unindexed) if unindexed != norm else None


_REPEAT_INDEX = regex.compile(r"(?<=[^\d ]) \d{1,2}$")


# --- cell values ----------------------------------------------------------------------------

_NAME_SHAPE = regex.compile(r"^[\p{L}\p{M}][\p{L}\p{M}'’.\-]*(?:[ ,]+[\p{L}\p{M}][\p{L}\p{M}'’.\-]*){0,5}$")
_DIGITS_SEP = regex.compile(r"^[\d \-.]+$")
_PASSPORT = regex.compile(r"^(?:[A-Z]\d{8}|\d{9})$")
_DL = regex.compile(r"^(?=(?:[^\d]*\d){3})[A-Z0-9*][A-Z0-9* \-]{2,18}[A-Z0-9*]$")
_PLATE = regex.compile(r"^[A-Z0-9]{1,4}[ \-·]?[A-Z0-9]{1,5}$")
_HCPCS = regex.compile(r"^[A-EGHJ-MP-V]\d{4}$")
_CPT = regex.compile(r"^\d{4}[0-9FT]$")
_NDC = regex.compile(r"^(?:\d{4}-\d{4}-\d{2}|\d{5}-\d{3}-\d{2}|\d{5}-\d{4}-\d{1,2}|\d{10,11})$")
_EMAIL = regex.compile(r"^[\w.!#$%&'*+/=?^`{|}~\-]+@[\w\-]+(?:\.[\w\-]+)+$")
_UK_POSTCODE = regex.compile(UK_POSTCODE)
_VIN_SHAPE = regex.compile(r"^[A-HJ-NPR-Z0-9]{17}$")


def _person(value: str) -> float | None:
    return 0.85 if _NAME_SHAPE.match(value) and is_person_name(value.replace(",", " ")) else None


def _dob(value: str) -> float | None:
    return 0.9 if plausible_birth_date(value) else None


def _check(check: Callable[[str], bool], score: float = 1.0) -> Callable[[str], float | None]:
    def classify(value: str) -> float | None:
        return score if check(value) and not is_placeholder(value) else None

    return classify


def _ssn(value: str) -> float | None:
    ok = _DIGITS_SEP.match(value) and checksums.ssn_valid(value) and not is_placeholder(value)
    return 0.95 if ok else None


def _vin(value: str) -> float | None:
    v = value.upper()
    if checksums.vin_valid(v):
        return 1.0
    ok = _VIN_SHAPE.match(v) and v[0] not in "12345" and any(c.isdigit() for c in v)
    return 0.7 if ok else None


def _reference(min_len: int, max_len: int, min_digits: int) -> Callable[[str], float | None]:
    def classify(value: str) -> float | None:
        return 0.85 if plausible_reference(value, min_len, max_len, min_digits) else None

    return classify


def _shape(pattern: regex.Pattern[str], score: float = 0.85) -> Callable[[str], float | None]:
    def classify(value: str) -> float | None:
        v = value.upper()
        ok = pattern.match(v) and not looks_like_other_number(value) and not is_placeholder(value)
        return score if ok else None

    return classify


# "A2510839 (CA)", "30402225, TX": the issuing state printed after the number.
_STATE_SUFFIX = regex.compile(r"(?:[ ]*\([A-Z]{2}\)|,[ ]*[A-Z]{2})$")
_DL_SHAPE = _shape(_DL, 0.8)


def _driver_license(value: str) -> float | None:
    return _DL_SHAPE(_STATE_SUFFIX.sub("", value.strip()))


def _plate(value: str) -> float | None:
    core = alnum(value)
    ok = (
        _PLATE.match(value.upper())
        and 2 <= len(core) <= 8
        and any(c.isdigit() for c in core)  # "Driver", "Loss Date": a header read as a cell
        and not looks_like_other_number(value)
    )
    return 0.8 if ok and not is_placeholder(value) else None


def _bank_account(value: str) -> float | None:
    core = "".join(c for c in value if c.isdigit())
    ok = _DIGITS_SEP.match(value) and 4 <= len(core) <= 17 and not looks_like_other_number(value)
    return 0.85 if ok and not is_placeholder(core) else None


def _icd10(value: str) -> float | None:
    return 0.9 if icd10_valid(value) else None


def _cpt(value: str) -> float | None:
    v = value.strip().upper()
    return 0.85 if _CPT.match(v) and cpt_shape_valid(v) else None


def _ip(value: str) -> float | None:
    try:
        ipaddress.ip_address(value.strip())
    except ValueError:
        return None
    return 0.85


def _email(value: str) -> float | None:
    v = value.strip()
    if not _EMAIL.match(v) or _OFFLINE_TLD(v.rsplit("@", 1)[1]).fqdn == "":
        return None
    return None if v.split("@", 1)[0].lower() in ROLE_MAILBOXES else 0.95


_PHONE = PhoneNumberRecognizer()
_PHONE_SHAPE = regex.compile(r"^[+(]?\d[\d ().\-]{6,18}\d(?:[ ]*(?:x|ext\.?)[ ]*\d{1,5})?$", regex.IGNORECASE)


def _phone(value: str) -> float | None:
    v = value.strip()
    if not _PHONE_SHAPE.match(v):
        return None
    if _PHONE.validate_result(v) is False or _PHONE.invalidate_result(v):
        return None
    return 0.85


_ADDRESS = StreetAddressRecognizer()
# Its patterns one at a time, the full US address first: a cell is an address as soon as one
# covers most of it (whatever the others find), and most address cells are full US addresses.
_ADDRESS_ONE_PATTERN = [
    frozenset(p.name for p in _ADDRESS.patterns if p is not tried) for tried in _ADDRESS.patterns
]


def _address(value: str) -> float | None:
    v = value.strip()
    if len(v) < 6 or not any(c.isdigit() for c in v):
        return None
    for others in _ADDRESS_ONE_PATTERN:
        if any(r.end - r.start >= 0.6 * len(v) for r in _ADDRESS.analyze(v, ["STREET_ADDRESS"], skip=others)):
            return 0.85
    if _UK_POSTCODE.search(v.upper()) and v[:1].isdecimal():
        return 0.85
    try:
        tags, kind = usaddress.tag(v)
    except usaddress.RepeatedLabelError:
        return None
    if kind in ("Street Address", "PO Box") and ("StreetName" in tags or "USPSBoxID" in tags):
        return 0.85
    return None


_CLASSIFIERS: dict[str, Callable[[str], float | None]] = {
    "PERSON": _person,
    "STREET_ADDRESS": _address,
    "EMAIL_ADDRESS": _email,
    "PHONE_NUMBER": _phone,
    "DATE_OF_BIRTH": _dob,
    "US_SSN": _ssn,
    "US_DRIVER_LICENSE": _driver_license,
    "US_PASSPORT": _shape(_PASSPORT),
    "US_BANK_NUMBER": _bank_account,
    "ABA_ROUTING_NUMBER": _check(checksums.aba_valid),
    "CREDIT_CARD": _check(checksums.card_valid),
    "IBAN_CODE": _check(checksums.iban_valid),
    "IP_ADDRESS": _ip,
    "VIN": _vin,
    "LICENSE_PLATE": _plate,
    "POLICY_NUMBER": _reference(5, 20, 3),
    "CLAIM_NUMBER": _reference(5, 20, 3),
    "MEMBER_ID": _reference(6, 20, 4),
    "GROUP_NUMBER": _reference(3, 15, 3),
    "US_MBI": _check(checksums.mbi_valid, 0.95),
    "US_NPI": _check(checksums.npi_valid),
    "DEA_NUMBER": _check(checksums.dea_valid),
    "ICD10_CODE": _icd10,
    "CPT_CODE": _cpt,
    "HCPCS_CODE": _shape(_HCPCS),
    "NDC_CODE": _shape(_NDC, 0.9),
    "MEDICAL_RECORD_NUMBER": _reference(4, 15, 4),
    "UK_NHS": _check(checksums.nhs_valid),
    "UK_NINO": _check(checksums.nino_valid, 0.95),
}


def classify_value(entity: str, value: str) -> float | None:
    """How plausible ``value`` (a whole cell) is for ``entity``, or None if it does not fit."""
    classifier = _CLASSIFIERS.get(entity)
    v = value.strip()
    if classifier is None or not v or len(v) > 200:
        return None
    return classifier(v)


CLASSIFIED_ENTITIES = frozenset(_CLASSIFIERS)


def classify_cell(header: str, value: str) -> tuple[str, float] | None:
    """``entity_for_header`` then ``classify_value``, reading a HCPCS code in a CPT/"Procedure"
    column (and a CPT code in a HCPCS column) as what it is, and a value under a bare "Code"
    header as the HCPCS, ICD-10-CM or CPT code it is."""
    entity = entity_for_header(header)
    if entity is None:
        return None
    if entity == MEDICAL_CODE:
        for candidate in ("HCPCS_CODE", "ICD10_CODE", "CPT_CODE"):
            code_score = classify_value(candidate, value)
            if code_score is not None and (candidate != "ICD10_CODE" or not value.strip().isdigit()):
                return candidate, code_score
        return None
    score = classify_value(entity, value)
    if score is None and entity in ("CPT_CODE", "HCPCS_CODE"):
        other = "HCPCS_CODE" if entity == "CPT_CODE" else "CPT_CODE"
        other_score = classify_value(other, value)
        return (other, other_score) if other_score is not None else None
    return (entity, score) if score is not None else None
