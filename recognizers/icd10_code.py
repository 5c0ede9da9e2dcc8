"""ICD-10-CM diagnosis code."""

from __future__ import annotations

import functools
from importlib import resources

import regex

from recognizers.base import CASE_SENSITIVE_FLAGS, Pattern, ValuePatternRecognizer, labelled, listed
from recognizers.tables import in_code_list, under_header

_COLUMN = regex.compile(r"(?i)\b(?:ICD(?:-?10(?:-?CM)?)?|diag(?:nosis|noses)?|dx)\b")

_ICD_VALUE = r"[A-TV-Z]\d[0-9AB](?:\.[0-9A-Z]{1,4}|[0-9A-Z]{1,4})?(?![\w-]|\.\w)"
_ICD_LABEL = (
    r"(?i:icd(?:[- ]?10(?:[- ]?cm)?)?(?:[ \t]+(?:dx|diag(?:nosis)?))?|dx|diag(?:nosis|noses)?"
    r"|(?:primary|secondary|admitting|principal|other)[ \t]+diagnos[ie]s|diagnos[ie]s[ \t]+codes?"
    r"|diagnosis[ \t]+or[ \t]+nature[ \t]+of[ \t]+illness(?:[ \t]+or[ \t]+injury)?)"
)

# A list of codes under a diagnosis heading (``tables.in_code_list``): "Diagnoses", "ICD-10",
# or a clinical note's "Assessment" / "Impression", where its diagnoses are listed. It may be
# the header row of a pipe table ("| ICD-10 | Description |"): with two columns it is not
# a table to ``recognizers.tables``, and a code row above ("| I10 | Essential ... |")
# reads as a header line to ``under_header``, so only this walk up the rows finds it.
_LIST_ROW = regex.compile(r"[ \t|]*(?:[A-L][.)][ \t]*)?[A-TV-Z]\d[0-9AB](?:\.?[0-9A-Z]{1,4})?(?![\w.-])")
_LIST_HEADING = regex.compile(
    r"(?i)^[ \t|#*]*(?:(?:[\p{L}\d.()]+[ \t|]+){0,4}(?:diagnos[ie]s|icd(?:-?10(?:-?cm)?)?|dx)"
    r"(?:[ \t|]+[\p{L}()/\-]+){0,4}"
    # The section itself, not "Damage assessment": "Assessment", "Assessment and Plan", "Impression".
    r"|(?:\d+[.)][ \t]*)?(?:assessment|impressions?)(?:[ \t]*(?:and|&|/)[ \t]*plan)?)[ \t:|]*$"
)


# CMS-1500 box 21 points at each diagnosis with a letter: "A. M54.50  B. G43.909".
_POINTER = r"(?:[A-L][.)][ \t]*)?"


@functools.cache
def _code_set() -> frozenset[str]:
    """The ICD-10-CM categories and codes, undotted. Frozen from simple-icd-10-cm into
    ``data/icd10cm-codes.txt`` (a test keeps them equal): importing the package costs about
    175 MB per worker process, the set about 10 MB."""
    text = resources.files("recognizers").joinpath("data/icd10cm-codes.txt").read_text("ascii")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


def icd10_valid(value: str) -> bool:
    """``value`` is a category or code in the ICD-10-CM code set, written with its dot after
    the category (``E11.9``) or without one (``E119``)."""
    v = value.strip().upper()
    if "." in v and (v.index(".") != 3 or v.endswith(".")):
        return False
    return v.replace(".", "") in _code_set()


class Icd10CodeRecognizer(ValuePatternRecognizer):
    """ICD-10-CM diagnosis code: letter, digit, digit/A/B, then up to 4 characters after an
    optional dot (``E11``, ``E11.9``, ``S72.001A``, ``Z79.4``). Each candidate must exist in
    the ICD-10-CM code set (CDC/CMS FY tables via simple-icd-10-cm).

    A code is health data only next to a diagnosis: the bare form scores 0.2 (dotted) or
    0.15 (undotted) and needs "ICD"/"diagnosis"/"Dx" context; a labelled code ("Dx: E11.9",
    "ICD-10: I10", "Diagnosis code(s): ...") scores 0.7. No check digit: validate is None;
    codes not in the code set are invalidated.
    Not matched: look-alikes outside the code set (``E1``, ``U99``, ``A00.99``), form numbers
    (``W-2``, ``B-52``), postcode fragments, lower case.
    """

    ENTITY = "ICD10_CODE"
    FLAGS = CASE_SENSITIVE_FLAGS

    PATTERNS = [
        Pattern("ICD-10 (labelled)", labelled(_ICD_LABEL, _ICD_VALUE, lead=_POINTER), 0.7),
        Pattern("ICD-10 (labelled list)", listed(_ICD_LABEL, _ICD_VALUE, lead=_POINTER), 0.7),
        Pattern("ICD-10 (dotted)", r"(?<![\w.-])[A-TV-Z]\d[0-9AB]\.[0-9A-Z]{1,4}(?![\w-]|\.\w)", 0.2),
        Pattern("ICD-10 (undotted)", r"(?<![\w.-])[A-TV-Z]\d[0-9AB][0-9A-Z]{0,4}(?![\w-]|\.\w)", 0.15),
    ]

    # Clinical prose names codes without a label: "the GP recorded F32.A", "diagnosed with".
    CONTEXT = [
        "icd", "diagnosis", "diagnoses", "dx", "diag", "condition", "conditions", "icd10", "icd-10",
        "diagnosed", "recorded", "assessment", "impression", "gp",
    ]  # fmt: skip

    def invalidate_result(self, pattern_text: str) -> bool:
        return not icd10_valid(pattern_text)

    def adjust_score(self, score: float, text: str, start: int, end: int, labelled: bool) -> float:
        if labelled or score >= 0.6:
            return score
        listed = in_code_list(text, start, _LIST_ROW, _LIST_HEADING)
        return 0.6 if listed or under_header(text, start, _COLUMN) else score
