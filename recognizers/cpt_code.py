"""CPT procedure code."""

from __future__ import annotations

import regex

from recognizers.base import (
    CASE_SENSITIVE_FLAGS,
    Pattern,
    ValuePatternRecognizer,
    labelled,
    line_before,
    listed,
)
from recognizers.tables import in_code_list, under_header

# "Code" alone heads a service-line column; "ZIP Code", "Area code", "NAIC code" do not.
_COLUMN = regex.compile(
    r"(?i)\b(?:CPT|proc(?:edure)?s?|px|(?<!(?:zip|post|postal|area|naic|country|sic|tax|reason|status)[ \t]?)code)\b"
)
# ", TX 78701": a ZIP code after a state, in the same row as a CPT column.
_STATE_BEFORE = regex.compile(r"\b[A-Z]{2},?[ ]$")

# A procedure list one code a line (``tables.in_code_list``): CPT and HCPCS codes mixed.
PROCEDURE_LIST_ROW = regex.compile(r"[ \t|]*(?:\d{4}[0-9FT]|[A-EGHJ-MP-V]\d{4})(?:-?[0-9A-Z]{2})?(?![\w.])")
PROCEDURE_LIST_HEADING = regex.compile(
    r"(?i)^[ \t|#*]*(?:[\p{L}\d.()]+[ \t]+){0,4}(?:procedures?|services?|cpt|hcpcs)"
    r"(?:[ \t]+[\p{L}()/\-]+){0,4}[ \t:|]*$"
)

_CPT_CODE = r"\d{4}[0-9FT](?![\w])"
# A code with its modifier ("99214-25", "99214 LT"), as codes follow each other in a list.
_CPT_VALUE = r"\d{4}[0-9FT](?![\w])(?:-\d{2}|-?[A-Z]{2})?(?![\w])"
_CPT_LABEL = (
    r"(?i:cpt(?:®|\(r\))?(?:[ \t]*/[ \t]*hcpcs)?(?:[ \t]+codes?)?|procedures?(?:[ \t]+codes?)?|proc(?:\.|[ \t]+code)"
    r"|px|service[ \t]+code|billing[ \t]+code)"
)


def cpt_shape_valid(value: str) -> bool:
    """Category I 00100-99607 (AMA), Category II ``NNNNF``, Category III ``NNNNT``."""
    code = value[:5]
    if code[4] in "FT":
        return code[:4].isdigit()
    return code.isdigit() and 100 <= int(code) <= 99607


class CptCodeRecognizer(ValuePatternRecognizer):
    """CPT code (AMA Current Procedural Terminology): Category I five digits (00100-99607),
    Category II four digits + ``F`` (performance measures), Category III four digits + ``T``
    (emerging technology); an optional modifier (``99213-25``) is not part of the span.

    Five digits are also ZIP codes, amounts and counts, so the bare form scores 0.15 (0.3 for
    ``F``/``T`` codes) and needs "CPT"/"procedure" context; a labelled code ("CPT: 99213",
    "Procedure code 27447") scores 0.7. No check digit (None).
    Not matched: ZIP codes ("Springfield, IL 62704"), years, amounts, numbers outside the
    CPT range (00001-00099), ZIP+4, page numbers.
    """

    ENTITY = "CPT_CODE"
    FLAGS = CASE_SENSITIVE_FLAGS

    PATTERNS = [
        Pattern("CPT (labelled)", labelled(_CPT_LABEL, _CPT_CODE), 0.7),
        Pattern("CPT (labelled list)", listed(_CPT_LABEL, _CPT_VALUE), 0.7),
        Pattern("CPT (category II/III)", r"(?<![\w.$,-])\d{4}[FT](?![\w])", 0.3),
        Pattern("CPT (category I)", r"(?<![\w.$,/-])\d{5}(?![\w/]|[-.,]\d)", 0.15),
    ]

    CONTEXT = ["cpt", "procedure", "procedures", "hcpcs", "px"]

    def invalidate_result(self, pattern_text: str) -> bool:
        return not cpt_shape_valid(pattern_text)

    def adjust_score(self, score: float, text: str, start: int, end: int, labelled: bool) -> float:
        if labelled or score >= 0.6 or _STATE_BEFORE.search(line_before(text, start, 6)):
            return score
        listed = in_code_list(text, start, PROCEDURE_LIST_ROW, PROCEDURE_LIST_HEADING)
        return 0.6 if listed or under_header(text, start, _COLUMN) else score
