"""UK NHS number."""

from __future__ import annotations

from recognizers import checksums
from recognizers.base import Pattern, ValuePatternRecognizer, is_placeholder, labelled

_NHS_VALUE = r"\d{3}(?P<sep>[- ]?)\d{3}(?P=sep)\d{4}(?![\w-])"


class UkNhsRecognizer(ValuePatternRecognizer):
    """NHS number (England, Wales, Isle of Man): 10 digits written 3-3-4, mod 11 check digit.

    Source: NHS Data Dictionary, "NHS Number"; check in ``checksums.nhs_valid``
    (python-stdnum ``gb.nhs``).

    Replaces Presidio's ``NhsRecognizer``, which scores every 3-3-4 number with a passing
    check digit at 1.0, including one US phone number in eleven. Here: labelled ("NHS No.")
    and valid 1.0; bare and valid 0.4 (needs "NHS" context). Not matched: wrong check digit
    (remainder 10 is never issued), 9 or 11 digits, mixed separators, all-same digits.
    """

    ENTITY = "UK_NHS"
    COUNTRY_CODE = "uk"

    PATTERNS = [
        Pattern(
            "NHS (labelled)",
            labelled(r"nhs|national[ \t]+health[ \t]+service|nhs[ \t]+health", _NHS_VALUE),
            0.6,
        ),
        Pattern("NHS (bare)", rf"(?<![\w-]){_NHS_VALUE}", 0.1),
    ]
    VALIDATED_SCORES = {"NHS (bare)": 0.4}

    CONTEXT = ["nhs", "gp", "surgery"]

    def validate_result(self, pattern_text: str) -> bool:
        return checksums.nhs_valid(pattern_text)

    def invalidate_result(self, pattern_text: str) -> bool:
        return is_placeholder(pattern_text)
