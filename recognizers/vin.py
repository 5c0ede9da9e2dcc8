"""Vehicle Identification Number."""

from __future__ import annotations

from recognizers import checksums
from recognizers.base import CASE_SENSITIVE_FLAGS, Pattern, ValuePatternRecognizer, is_placeholder, labelled

_VIN_VALUE = r"[A-HJ-NPR-Z0-9]{17}(?![\w-])"


class VinRecognizer(ValuePatternRecognizer):
    """VIN: 17 characters without I, O, Q (ISO 3779); position 9 is a check digit in North
    America (49 CFR 565.15), where the first character (region of manufacture) is 1-5.

    ``validate_result``: True when the check digit holds; False when a North American VIN's
    check digit fails (a typo or a made-up number); None for other regions, which do not
    have to carry one. Such a VIN scores 0.1 bare and needs a "VIN" label (0.6 + context).

    Not matched: 17-character words or hashes (must mix letters and digits, upper case),
    VINs with I/O/Q, 16 or 18 characters, all-same fillers (``11111111111111111``).
    """

    ENTITY = "VIN"
    FLAGS = CASE_SENSITIVE_FLAGS

    PATTERNS = [
        Pattern(
            "VIN (labelled)",
            labelled(r"(?i:vin|vehicle[ \t]+identification(?:[ \t]+(?:no\.?|number))?|chassis)", _VIN_VALUE),
            0.6,
        ),
        Pattern("VIN (bare)", rf"(?<![\w-]){_VIN_VALUE}", 0.1),
    ]

    CONTEXT = ["vin", "vehicle", "chassis", "identification"]

    def validate_result(self, pattern_text: str) -> bool | None:
        if checksums.vin_valid(pattern_text):
            return True
        if pattern_text[0] in "12345":
            return False
        return None

    def invalidate_result(self, pattern_text: str) -> bool:
        has_digit = any(c.isdigit() for c in pattern_text)
        has_letter = any(c.isalpha() for c in pattern_text)
        return not (has_digit and has_letter) or is_placeholder(pattern_text)
