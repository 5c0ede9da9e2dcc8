"""National Drug Code."""

from __future__ import annotations

import regex

from recognizers.base import Pattern, ValuePatternRecognizer, is_placeholder, labelled, listed
from recognizers.tables import under_header

_COLUMN = regex.compile(r"(?i)\bNDC\b")

_NDC_DASHED = r"(?:\d{4}-\d{4}-\d{2}|\d{5}-\d{3}-\d{2}|\d{5}-\d{4}-\d{1,2})"
_NDC_VALUE = rf"(?:{_NDC_DASHED}|\d{{11}}|\d{{10}})(?![\w-])"
_NDC_LABEL = r"ndc(?:[ \t]*(?:\#|no\.?|code|number))?|national[ \t]+drug[ \t]+code"


class NdcCodeRecognizer(ValuePatternRecognizer):
    """National Drug Code: labeler-product-package in the FDA's 10-digit forms 4-4-2
    (``0777-3105-02``), 5-3-2 (``50580-506-02``) and 5-4-1 (``00093-7210-1``), and the
    11-digit 5-4-2 billing form used on claims (``00093-7210-01``, ``00093721001``).
    Source: FDA NDC Directory; CMS NDC on claims (11-digit, zero-padded).

    Dashed forms score 0.3 and need "NDC"/"drug" context (0.65); 11 bare digits score 0.15;
    a labelled NDC ("NDC: ...") scores 0.7. No check digit (None).
    Not matched: phone numbers (3-3-4), SSNs (3-2-4), ZIP+4 (5-4), dates, 10 bare digits.
    """

    ENTITY = "NDC_CODE"

    PATTERNS = [
        Pattern("NDC (labelled)", labelled(_NDC_LABEL, _NDC_VALUE), 0.7),
        Pattern("NDC (labelled list)", listed(_NDC_LABEL, _NDC_VALUE), 0.7),
        Pattern("NDC (dashed)", rf"(?<![\w-]){_NDC_DASHED}(?![\w-])", 0.3),
        Pattern("NDC (11 digits)", r"(?<![\w-])\d{11}(?![\w-])", 0.15),
    ]

    CONTEXT = ["ndc", "drug", "medication", "rx", "dispensed", "prescription", "pharmacy"]

    def invalidate_result(self, pattern_text: str) -> bool:
        return is_placeholder(pattern_text)

    def adjust_score(self, score: float, text: str, start: int, end: int, labelled: bool) -> float:
        if labelled or score >= 0.6:
            return score
        return 0.6 if under_header(text, start, _COLUMN) else score
