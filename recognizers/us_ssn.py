"""US Social Security Number."""

from __future__ import annotations

from recognizers import checksums
from recognizers.base import Pattern, ValuePatternRecognizer, is_placeholder, labelled

_SSN_LABEL = (
    r"ssn|ss\#|ss[ \t]*no\.?|soc\.?[ \t]*sec\.?(?:[ \t]*(?:no|number|\#))?"
    r"|social[ \t]+security(?:[ \t]+(?:no\.?|number|\#))?|social[ \t]+sec(?:urity)?\.?[ \t]*\#"
)
_SSN_VALUE = r"\d{3}(?P<sep>[- .]?)\d{2}(?P=sep)\d{4}(?![\w-])"


class UsSsnRecognizer(ValuePatternRecognizer):
    """US SSN: ``AAA-GG-SSSS``, nine digits, no check digit.

    Source: SSA, "Social Security Number Randomization" (2011) and POMS RM 10201; issuing
    rules in ``checksums.ssn_valid`` (area 000/666/900-999, group 00, serial 0000, published
    sample numbers). Replaces Presidio's ``UsSsnRecognizer`` to add the 9xx and sample rules
    and a label pattern.

    Scores: a labelled value 0.85 (the label is the context), the dashed
    form alone 0.55, spaced/dotted 0.35, nine bare digits 0.15 (context only).
    Not matched: masked SSNs (``XXX-XX-1234``), mixed separators (``123-45 6789``), ZIP+4
    (``62704-1234``), phone numbers (3-3-4), EINs (``12-3456789``), digits inside longer runs.
    """

    ENTITY = "US_SSN"
    COUNTRY_CODE = "us"

    PATTERNS = [
        Pattern("SSN (labelled)", labelled(_SSN_LABEL, _SSN_VALUE, suffix=False), 0.85),
        Pattern("SSN (dashed)", r"(?<![\w-])\d{3}-\d{2}-\d{4}(?![\w-])", 0.55),
        Pattern("SSN (spaced)", r"(?<![\w.])\d{3}(?P<sep>[ .])\d{2}(?P=sep)\d{4}(?![\w.])", 0.35),
        Pattern("SSN (bare)", r"(?<![\w-])\d{9}(?![\w-])", 0.15),
    ]

    CONTEXT = ["ssn", "social", "security", "ss#", "ssnumber", "taxpayer"]

    def invalidate_result(self, pattern_text: str) -> bool:
        return not checksums.ssn_valid(pattern_text) or is_placeholder(pattern_text)
