"""DEA registration number."""

from __future__ import annotations

import regex

from recognizers import checksums
from recognizers.base import CASE_SENSITIVE_FLAGS, Pattern, ValuePatternRecognizer, labelled
from recognizers.tables import under_header

_COLUMN = regex.compile(r"(?i)\bDEA\b")

_DEA_VALUE = r"[A-HJ-MPRSTUX][A-Z9]\d{7}(?![\w-])"


class DeaNumberRecognizer(ValuePatternRecognizer):
    """DEA registration number: registrant-type letter, surname initial (or 9), 6 digits and a
    check digit: last digit of (d1 + d3 + d5) + 2 * (d2 + d4 + d6).

    Source: DEA Diversion Control Division, registration number format (21 CFR 1301);
    check in ``checksums.dea_valid``.

    Scores: labelled ("DEA #", "DEA Reg. No.") and valid 1.0; bare and valid 0.4, so that a UK
    passport number or a policy number of the same 2-letter + 7-digit shape needs "DEA" or
    "prescriber" context. Not matched: a wrong check digit, lower-case letters, type letters
    I, N, O, Q, V-Z (never issued), 8 or 10 digits.
    """

    ENTITY = "DEA_NUMBER"
    COUNTRY_CODE = "us"
    FLAGS = CASE_SENSITIVE_FLAGS

    PATTERNS = [
        Pattern(
            "DEA (labelled)",
            labelled(r"(?i:dea(?:[ \t]+(?:reg(?:istration)?\.?))?)", _DEA_VALUE),
            0.6,
        ),
        Pattern("DEA (bare)", rf"(?<![\w-]){_DEA_VALUE}", 0.1),
    ]
    VALIDATED_SCORES = {"DEA (bare)": 0.4}

    CONTEXT = ["dea", "prescriber", "controlled", "registration"]

    def validate_result(self, pattern_text: str) -> bool:
        return checksums.dea_valid(pattern_text)

    def adjust_score(self, score: float, text: str, start: int, end: int, labelled: bool) -> float:
        # A valid check digit in a row under a "DEA" / "Prescriber DEA" header.
        if not labelled and score >= 0.4 and under_header(text, start, _COLUMN):
            return max(score, 0.85)
        return score
