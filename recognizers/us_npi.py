"""US National Provider Identifier."""

from __future__ import annotations

import regex

from recognizers import checksums
from recognizers.base import Pattern, ValuePatternRecognizer, alnum, labelled
from recognizers.tables import under_header

# A table whose header names the column ("Rendering NPI", "Provider NPI"), also in PDF text.
_COLUMN = regex.compile(r"(?i)\bNPI\b")

_NPI_VALUE = r"[12]\d{3}[- ]?\d{3}[- ]?\d{3}(?![\w-])"


class UsNpiRecognizer(ValuePatternRecognizer):
    """US NPI: 10 digits, first digit 1 (individual) or 2 (organisation), Luhn check digit
    computed over the ``80840`` prefix.

    Source: CMS, "Requirements for NPI check digit" (45 CFR 162.406),
    https://www.cms.gov/Regulations-and-Guidance/Administrative-Simplification/NationalProvIdentStand

    Replaces Presidio's ``UsNpiRecognizer``, which scores every bare 10-digit number with a
    passing check digit at 1.0: one in fifty random 10-digit numbers (claim numbers, phone
    numbers written without separators) would be an NPI. Here a labelled NPI with a valid
    check digit scores 1.0, a bare one 0.4 so it needs "NPI"/"provider" context.
    Not matched: a wrong check digit, a first digit other than 1/2, 9 or 11 digits, all-same bodies.
    """

    ENTITY = "US_NPI"
    COUNTRY_CODE = "us"

    PATTERNS = [
        Pattern(
            "NPI (labelled)",
            labelled(r"npi|national[ \t]+provider[ \t]+(?:identifier|id|number)", _NPI_VALUE),
            0.6,
        ),
        Pattern("NPI (bare)", r"(?<![\w-])[12]\d{9}(?![\w-])", 0.1),
        Pattern("NPI (grouped)", r"(?<![\w-])[12]\d{3}[- ]\d{3}[- ]\d{3}(?![\w-])", 0.1),
    ]
    VALIDATED_SCORES = {"NPI (bare)": 0.4, "NPI (grouped)": 0.4}

    CONTEXT = [
        "npi",
        "provider",
        "prescriber",
        "physician",
        "rendering",
        "referring",
        "attending",
        "taxonomy",
    ]

    def validate_result(self, pattern_text: str) -> bool:
        return checksums.npi_valid(pattern_text)

    def invalidate_result(self, pattern_text: str) -> bool:
        return len(set(alnum(pattern_text)[:-1])) == 1

    def adjust_score(self, score: float, text: str, start: int, end: int, labelled: bool) -> float:
        # A valid check digit in a row under an "NPI" header is as sure as a labelled one.
        if not labelled and score >= 0.4 and under_header(text, start, _COLUMN):
            return max(score, 0.85)
        return score
