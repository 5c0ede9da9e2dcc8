"""Check digits and issuing rules, one small function per identifier.

Each function takes the value as written (separators allowed), returns ``True`` only when the
identifier's own rule holds, and never raises. Where python-stdnum or schwifty implement the
rule, the function delegates to them; the rest cite their source.

``NAMED`` maps the names a user may put in ``[[recognizers]] checksum = "..."`` to these
functions (see ``recognizers.custom``).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from schwifty import IBAN
from schwifty.exceptions import SchwiftyException
from stdnum import luhn
from stdnum.gb import nhs
from stdnum.iso7064 import mod_97_10
from stdnum.us import rtn, ssn

__all__ = [
    "NAMED",
    "aba_valid",
    "card_valid",
    "dea_valid",
    "digits",
    "iban_valid",
    "luhn_valid",
    "mbi_valid",
    "mod97_valid",
    "nhs_valid",
    "nino_valid",
    "npi_valid",
    "ssn_valid",
    "vin_check_digit",
    "vin_valid",
]

_SEPARATORS = re.compile(r"[\s\-./]")


def digits(value: str) -> str:
    """``value`` without spaces, dashes, dots and slashes (the separators people type)."""
    return _SEPARATORS.sub("", value)


def luhn_valid(value: str) -> bool:
    """ISO/IEC 7812-1 Luhn mod 10 over the digits (python-stdnum); letters of a prefix such
    as the ``M`` of a member number ``M7992739875`` are not part of the check."""
    v = "".join(c for c in value if c.isdigit())
    return len(v) >= 2 and luhn.is_valid(v)


# SSA: areas 000, 666 and 900-999 are never issued (900-999 covers ITINs and the
# 987-65-4320..4329 advertising range), group 00 and serial 0000 are never issued.
# The others are numbers that were printed on sample cards or in advertisements and then
# used by thousands of people (SSA "Social Security Numbers Misuse" and python-stdnum).
_SSN_PUBLISHED = frozenset({"078051120", "219099999", "457555462", "123456789"})


def ssn_valid(value: str) -> bool:
    """US SSN issuing rules (SSA, https://www.ssa.gov/employer/randomization.html).

    No check digit exists; this rejects never-issued areas/groups/serials and the numbers
    published on sample cards. python-stdnum covers the area/group/serial rules.
    """
    v = digits(value)
    if len(v) != 9 or not v.isdigit() or v in _SSN_PUBLISHED:
        return False
    return ssn.is_valid(v)


def npi_valid(value: str) -> bool:
    """US NPI: 10 digits, first 1 or 2, Luhn over ``80840`` + NPI.

    CMS, "Requirements for National Provider Identifier check digit" (the 80840 prefix is
    the ISO 7812 issuer identifier for US health applications).
    """
    v = digits(value)
    return len(v) == 10 and v.isdigit() and v[0] in "12" and luhn.is_valid("80840" + v)


# DEA registrant type letters (DEA Diversion Control, registration categories):
# A/B/F/G practitioners, M mid-level practitioners, P/R distributors, X DATA-waived
# prescribers, the rest manufacturers, pharmacies, researchers, importers.
_DEA_FIRST = frozenset("ABCDEFGHJKLMPRSTUX")


def dea_valid(value: str) -> bool:
    """DEA registration number: 2 letters + 7 digits with a check digit.

    Check digit = last digit of (d1 + d3 + d5) + 2 * (d2 + d4 + d6). The second letter is
    the registrant's surname initial, or ``9`` for business names.
    """
    v = digits(value).upper()
    if len(v) != 9 or v[0] not in _DEA_FIRST or not (v[1].isalpha() or v[1] == "9"):
        return False
    body = v[2:]
    if not body.isdigit():
        return False
    d = [int(c) for c in body]
    return (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10 == d[6]


_VIN_VALUES = {
    **{str(i): i for i in range(10)},
    **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
    **dict(zip("JKLMN", range(1, 6), strict=True)),
    "P": 7,
    "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10), strict=True)),
}
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
_VIN_RE = re.compile(r"^[A-HJ-NPR-Z0-9]{17}$")


def vin_check_digit(value: str) -> str | None:
    """The position-9 check digit a 17-character VIN should carry, or None if not VIN-shaped.

    49 CFR 565.15 (NHTSA): transliterate letters, weight positions 8..2,10,0,9..2, sum mod
    11, remainder 10 is written ``X``.
    """
    v = value.upper()
    if not _VIN_RE.match(v):
        return None
    total = sum(_VIN_VALUES[c] * w for c, w in zip(v, _VIN_WEIGHTS, strict=True))
    remainder = total % 11
    return "X" if remainder == 10 else str(remainder)


def vin_valid(value: str) -> bool:
    """17-character VIN whose position-9 check digit holds (mandatory in North America)."""
    v = digits(value).upper()
    check = vin_check_digit(v)
    return check is not None and v[8] == check


def aba_valid(value: str) -> bool:
    """ABA routing transit number: 9 digits, Federal Reserve prefix, 3-7-1 weighted check.

    Prefixes 00-12 (banks), 21-32 (thrifts), 61-72 (electronic), 80 (traveller's cheques)
    per the ABA Key to Routing Numbers; the check digit via python-stdnum ``us.rtn``.
    """
    v = digits(value)
    if len(v) != 9 or not v.isdigit():
        return False
    prefix = int(v[:2])
    if not (prefix <= 12 or 21 <= prefix <= 32 or 61 <= prefix <= 72 or prefix == 80):
        return False
    return rtn.is_valid(v)


def iban_valid(value: str) -> bool:
    """IBAN: ISO 13616 country length and BBAN format, ISO 7064 mod 97-10 (schwifty)."""
    try:
        return IBAN(value.replace("-", " ")).is_valid
    except (SchwiftyException, ValueError):
        return False


def mod97_valid(value: str) -> bool:
    """Generic ISO 7064 mod 97-10 over digits and letters (python-stdnum)."""
    v = digits(value).upper()
    return v.isalnum() and len(v) >= 3 and mod_97_10.is_valid(v)


def nhs_valid(value: str) -> bool:
    """NHS number: 10 digits, mod 11 check digit (python-stdnum ``gb.nhs``; NHS Data Dictionary)."""
    v = digits(value)
    return len(v) == 10 and v.isdigit() and nhs.is_valid(v)


# CMS MBI format: positions 1,4,7,10,11 numeric (1 is 1-9), 2,5,8,9 alphabetic, 3,6 either;
# letters S, L, O, I, B, Z are never used.
_MBI_ALPHA = "ACDEFGHJKMNPQRTUVWXY"
_MBI_RE = re.compile(
    rf"^[1-9][{_MBI_ALPHA}][0-9{_MBI_ALPHA}][0-9][{_MBI_ALPHA}][0-9{_MBI_ALPHA}][0-9]"
    rf"[{_MBI_ALPHA}][{_MBI_ALPHA}][0-9][0-9]$"
)


def mbi_valid(value: str) -> bool:
    """Medicare Beneficiary Identifier character classes per position (CMS, "Understanding the MBI")."""
    return bool(_MBI_RE.match(digits(value).upper()))


# HMRC National Insurance Manual NIM39110: first letter not D F I Q U V, second not
# D F I O Q U V, and the prefixes BG GB KN NK NT TN ZZ are never allocated; suffix A-D.
_NINO_RE = re.compile(r"^(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]$")


def nino_valid(value: str) -> bool:
    """UK National Insurance number prefix and suffix rules (HMRC NIM39110)."""
    return bool(_NINO_RE.match(digits(value).upper()))


# Card brands: (IIN prefix ranges, allowed lengths). ISO/IEC 7812 and the brands' published
# ranges; a number outside every range is not a payment card even if its Luhn digit holds.
_CARD_RANGES: tuple[tuple[int, int, frozenset[int]], ...] = (
    (4, 4, frozenset({13, 16, 19})),  # Visa
    (51, 55, frozenset({16})),  # Mastercard
    (2221, 2720, frozenset({16})),  # Mastercard 2-series
    (34, 34, frozenset({15})),  # American Express
    (37, 37, frozenset({15})),
    (6011, 6011, frozenset(range(16, 20))),  # Discover
    (644, 649, frozenset(range(16, 20))),
    (65, 65, frozenset(range(16, 20))),
    (3528, 3589, frozenset(range(16, 20))),  # JCB
    (300, 305, frozenset(range(14, 20))),  # Diners Club
    (36, 36, frozenset(range(14, 20))),
    (38, 39, frozenset(range(16, 20))),
    (62, 62, frozenset(range(16, 20))),  # UnionPay
    (50, 50, frozenset(range(12, 20))),  # Maestro
    (56, 69, frozenset(range(12, 20))),
)


def card_valid(value: str) -> bool:
    """Payment card number: a known issuer range and length, and a valid Luhn digit."""
    v = digits(value)
    if not v.isdigit() or not 12 <= len(v) <= 19:
        return False
    in_range = False
    for low, high, lengths in _CARD_RANGES:
        width = len(str(low))
        if low <= int(v[:width]) <= high and len(v) in lengths:
            in_range = True
            break
    return in_range and luhn.is_valid(v)


NAMED: dict[str, Callable[[str], bool]] = {
    "luhn": luhn_valid,
    "card": card_valid,
    "ssn": ssn_valid,
    "npi": npi_valid,
    "dea": dea_valid,
    "vin": vin_valid,
    "aba": aba_valid,
    "iban": iban_valid,
    "mod97": mod97_valid,
    "nhs": nhs_valid,
    "mbi": mbi_valid,
    "nino": nino_valid,
}
