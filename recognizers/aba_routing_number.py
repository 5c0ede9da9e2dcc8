"""ABA routing transit number."""

from __future__ import annotations

from recognizers import checksums
from recognizers.base import Pattern, ValuePatternRecognizer, is_placeholder, labelled

_ABA_VALUE = r"\d{4}-?\d{4}-?\d(?![\w-])"
_ABA_LABEL = (
    r"(?:bank[ \t]+)?routing(?:[ \t]*(?:/|and|&)[ \t]*transit)?(?:[ \t]+transit)?"
    r"|aba(?:[ \t]*(?:/[ \t]*)?routing)?|rtn|transit[ \t]+(?:no\.?|number|\#)"
)


class AbaRoutingNumberRecognizer(ValuePatternRecognizer):
    """ABA routing transit number: 9 digits, a Federal Reserve prefix (00-12, 21-32, 61-72,
    80) and a 3-7-1 weighted check digit.

    Source: American Bankers Association, "Key to Routing Numbers"; check digit in
    ``checksums.aba_valid`` (python-stdnum ``us.rtn``).

    Replaces Presidio's ``AbaRoutingRecognizer``, which scores any 9-digit number with a
    passing check digit at 1.0 (one bare SSN in ten). Here: labelled ("Routing No.", "ABA",
    "RTN") and valid 1.0; bare and valid 0.4, needing "routing"/"bank" context.
    Not matched: wrong check digit, prefixes 13-20/33-60/73-79/81-99, SSN-shaped 3-2-4 groups.
    """

    ENTITY = "ABA_ROUTING_NUMBER"
    COUNTRY_CODE = "us"

    PATTERNS = [
        Pattern("ABA (labelled)", labelled(_ABA_LABEL, _ABA_VALUE), 0.6),
        Pattern("ABA (bare)", r"(?<![\w-])\d{9}(?![\w-])", 0.1),
        Pattern("ABA (dashed)", r"(?<![\w-])\d{4}-\d{4}-\d(?![\w-])", 0.1),
    ]
    VALIDATED_SCORES = {"ABA (bare)": 0.4, "ABA (dashed)": 0.4}

    CONTEXT = ["routing", "aba", "rtn", "transit", "bank", "ach", "wire", "deposit"]

    def validate_result(self, pattern_text: str) -> bool:
        return checksums.aba_valid(pattern_text)

    def invalidate_result(self, pattern_text: str) -> bool:
        return is_placeholder(pattern_text)
