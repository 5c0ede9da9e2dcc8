"""US driver's licence number."""

from __future__ import annotations

from recognizers.base import (
    Pattern,
    ValuePatternRecognizer,
    is_placeholder,
    labelled,
    looks_like_other_number,
)

_DL_LABEL = (
    r"(?:driver'?s?|drivers'|driving|operator'?s?|chauffeur'?s?|commercial[ \t]+driver'?s?)[ \t]+licen[cs]e"
    r"(?:[ \t]+(?:no\.?|number|\#|num|id))?|d\.?/?l\.?(?=[ \t]*(?:\#|no\b|number|num\b|:|[A-Z]?\d))|dln|cdl"
    r"|lic(?:ense|ence)?\.?(?=[ \t]*(?:\#|no\b|number)[^\n]{0,4}[A-Z0-9])(?<=driver[^\n]{0,30})"
)
# "Driver's licence on file: ...", "Driver's license (if any): ..."
_DL_LABEL_TAIL = r"(?:(?:[ \t]+|[ \t]*\r?\n[ \t]*)on(?:[ \t]+|[ \t]*\r?\n[ \t]*)file)?"
# A licence number is printed with its issuing state: "A2510839 (CA)", "30402225, TX".
_STATE_AFTER = (
    r"(?=[ \t]*(?:\((?:A[KLRZ]|C[AOT]|D[CE]|FL|GA|HI|I[ADLN]|K[SY]|LA|M[ADEINOST]|N[CDEHJMVY]|O[HKR]|PA"
    r"|RI|S[CD]|T[NX]|UT|V[AT]|W[AIVY])\)))"
)
# "Lic. No." / "License #" alone names a driver's licence when the issuing state follows.
_LIC_LABEL = r"lic(?:ense|ence)?\.?[ \t]*(?:\#|no\.?|number)"

# Union of the state formats (AAMVA DL/ID Card Design Standard, annex D; NTSI format table):
# 1-2 letters + 4-14 digits (CA A1234567, FL A123-456-78-901-0, IL A123-4567-8901, WI, MD, MI,
# MN, NJ), 4-13 digits (NY, PA "12 345 678", TX), 2 digits + 3 letters + 5 digits (NH), 3 letters
# + 6 digits (ND), 2 letters + 6 digits + letter (ID), WA 12 characters with letters and "*".
_DL_VALUE = (
    r"(?:[A-Z]{1,3}[- ]?\d{1,4}(?:[- ]?\d{1,6}){1,4}|[A-Z]{1,2}\d{4,14}|\d{2,4}(?:[- ]\d{2,6}){1,4}"
    r"|\d{4,13}(?:[A-Z]{1,2})?|\d{2}[A-Z]{3}\d{5}|[A-Z]{2}\d{6}[A-Z]|[A-Z*]{5,7}[A-Z0-9*]{5,7})(?![\w*-])"
)


class UsDriverLicenseRecognizer(ValuePatternRecognizer):
    """US driver's licence / state ID number. Each state has its own format (AAMVA DL/ID
    Card Design Standard 2020, annex D): from 1-9 digits (AL, LA) through a letter + 12
    digits (FL, MD, MN) to WA's 12 mixed characters. Any of these shapes is also the shape of
    a claim number, a ZIP code or an amount, so a value is only taken with a label in front:
    "Driver's License No.", "Driver License #", "DL #", "DLN", "CDL", "Operator's License",
    or "Lic. No." with "driver" earlier on the line. The dashed Florida, Illinois,
    Wisconsin and Maryland forms (``A123-456-78-901-0``) score 0.3 bare, so "license" context
    makes them findings.

    Replaces Presidio's ``UsLicenseRecognizer`` (precision 0.03: every letter+digits token).
    Not matched: "License Plate", professional/producer licence numbers ("Agent License
    No." without "driver"), dates, years, ZIP codes without a label, placeholders.
    """

    ENTITY = "US_DRIVER_LICENSE"
    COUNTRY_CODE = "us"

    PATTERNS = [
        Pattern(
            "Driver licence (labelled)",
            labelled(rf"(?:{_DL_LABEL}){_DL_LABEL_TAIL}", _DL_VALUE, suffix=True),
            0.8,
        ),
        Pattern(
            "Licence number with state",
            labelled(_LIC_LABEL, rf"{_DL_VALUE}{_STATE_AFTER}", suffix=False),
            0.8,
        ),
        Pattern(
            "Driver licence (dashed state format)",
            r"(?<![\w-])[A-Z]\d{3}-\d{3}-\d{2}-\d{3}-\d|[A-Z]\d{3}-\d{4}-\d{4}(?:-\d{2})?"
            r"|[A-Z]-\d{3}-\d{3}-\d{3}-\d{3}(?![\w-])",
            0.3,
        ),
    ]

    CONTEXT = ["driver", "driving", "licence", "license", "dln", "cdl"]

    def invalidate_result(self, pattern_text: str) -> bool:
        core = "".join(c for c in pattern_text if c.isalnum() or c == "*")
        digits = sum(c.isdigit() for c in core)
        return (
            not 4 <= len(core) <= 16
            or digits < 3
            or looks_like_other_number(pattern_text)
            or is_placeholder(pattern_text)
        )
