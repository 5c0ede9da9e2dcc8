"""US passport number."""

from __future__ import annotations

from recognizers.base import CASE_SENSITIVE_FLAGS, Pattern, ValuePatternRecognizer, is_placeholder, labelled

_PASSPORT_LABEL = r"(?i:(?:u\.?s\.?[ \t]+)?passport(?:[ \t]+card)?(?:[ \t]+book)?)"
# Book: 9 digits (before 2021) or a letter + 8 digits (Next Generation Passport); card: C + 8.
_PASSPORT_VALUE = r"(?:[A-Z]\d{8}|\d{9})(?![\w-])"


class UsPassportRecognizer(ValuePatternRecognizer):
    """US passport book or card number: 9 digits, or since 2021 one letter and 8 digits
    (passport cards start with C). Source: US Department of State, "Next Generation Passport"
    (2021) and 22 CFR 51. No check digit is printed outside the machine-readable zone.

    Found by its label ("Passport No./Number/#", "U.S. Passport"); a bare value scores 0.1.
    Replaces Presidio's ``UsPassportRecognizer`` (any 9 digits: SSNs, ZIP+4, claim numbers).
    Not matched: 9 digits without a passport label, UK passports (2 letters + 7 digits),
    lower-case letters, placeholders.
    """

    ENTITY = "US_PASSPORT"
    COUNTRY_CODE = "us"
    FLAGS = CASE_SENSITIVE_FLAGS

    PATTERNS = [
        Pattern("Passport (labelled)", labelled(_PASSPORT_LABEL, _PASSPORT_VALUE), 0.8),
        Pattern("Passport (bare)", rf"(?<![\w-]){_PASSPORT_VALUE}", 0.1),
    ]

    CONTEXT = ["passport"]

    def invalidate_result(self, pattern_text: str) -> bool:
        return is_placeholder(pattern_text)
