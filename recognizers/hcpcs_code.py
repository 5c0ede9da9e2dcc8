"""HCPCS Level II code."""

from __future__ import annotations

import regex

from recognizers.base import CASE_SENSITIVE_FLAGS, Pattern, ValuePatternRecognizer, labelled, listed
from recognizers.cpt_code import PROCEDURE_LIST_HEADING, PROCEDURE_LIST_ROW
from recognizers.tables import in_code_list, under_header

_COLUMN = regex.compile(
    r"(?i)\b(?:HCPCS|CPT|proc(?:edure)?s?|px|supply|(?<!(?:zip|post|postal|area|naic|country|sic|tax)[ \t]?)code)\b"
)

# Level II sections (CMS HCPCS Quarterly Update): A transport/supplies, B enteral, C OPPS,
# D dental, E DME, G procedures, H behavioural, J drugs, K/L DME/orthotics, M quality, P
# pathology, Q temporary, R radiology, S/T private payer and Medicaid, U lab, V vision/hearing.
_HCPCS_VALUE = r"[A-EGHJ-MP-V]\d{4}(?![\w])"
_HCPCS_LABEL = (
    r"(?i:hcpcs(?:[ \t]+(?:level[ \t]+ii|codes?))?|cpt[ \t]*/[ \t]*hcpcs|procedures?(?:[ \t]+codes?)?"
    r"|j-?code|supply[ \t]+code|dme[ \t]+code|service[ \t]+code|billing[ \t]+code)"
)


class HcpcsCodeRecognizer(ValuePatternRecognizer):
    """HCPCS Level II code: one letter (A-V except F, I, N, O) and four digits
    (``J1100``, ``E0601``, ``G0439``, ``A0428``); modifiers are not part of the span.
    Source: CMS HCPCS Level II quarterly files.

    A letter and four digits is also a form or page reference, so the bare form scores 0.2
    and needs "HCPCS"/"procedure"/"supply" context; a labelled code scores 0.7. No check
    digit (None). Not matched: letters F/I/N/O/W-Z (``W2024``), lower case, 3 or 5 digits,
    ``ACORD 25``, ``CMS-1500``.
    """

    ENTITY = "HCPCS_CODE"
    FLAGS = CASE_SENSITIVE_FLAGS

    PATTERNS = [
        Pattern("HCPCS (labelled)", labelled(_HCPCS_LABEL, _HCPCS_VALUE), 0.7),
        Pattern("HCPCS (labelled list)", listed(_HCPCS_LABEL, _HCPCS_VALUE), 0.7),
        Pattern("HCPCS (bare)", rf"(?<![\w.-]){_HCPCS_VALUE}", 0.2),
    ]

    CONTEXT = ["hcpcs", "procedure", "procedures", "supply", "supplies", "dme", "injection", "drug", "jcode"]

    def adjust_score(self, score: float, text: str, start: int, end: int, labelled: bool) -> float:
        if labelled or score >= 0.6:
            return score
        listed = in_code_list(text, start, PROCEDURE_LIST_ROW, PROCEDURE_LIST_HEADING)
        return 0.6 if listed or under_header(text, start, _COLUMN) else score
