"""Payment card number."""

from __future__ import annotations

from recognizers import checksums
from recognizers.base import Pattern, ValuePatternRecognizer, alnum, labelled

# 4-4-4-4(-3), Amex 4-6-5, Diners 4-6-4, or 13-19 digits in one run; separators must agree.
_CARD_VALUE = (
    r"(?:\d{4}(?P<sep>[- ])\d{4}(?P=sep)\d{4}(?P=sep)\d{1,4}(?:(?P=sep)\d{3})?"
    r"|\d{4}(?P<sep2>[- ])\d{6}(?P=sep2)\d{4,5}"
    r"|\d{13,19})(?![\w-])"
)


class CreditCardRecognizer(ValuePatternRecognizer):
    """Payment card number (PAN): an issuer range and length from ISO/IEC 7812 and the brands'
    published IIN tables (Visa, Mastercard incl. 2-series, Amex, Discover, JCB, Diners,
    UnionPay, Maestro) and a Luhn check digit; see ``checksums.card_valid``.

    Replaces Presidio's ``CreditCardRecognizer``, which also accepts any number starting 1 or
    6 and mixed separators. Scores: a valid card 1.0; there is no unvalidated finding.
    Not matched: Luhn-valid numbers outside the issuer ranges (claim numbers, 1xxx UATP),
    masked numbers (``**** **** **** 1111``), wrong lengths, mixed separators, all-same digits.
    """

    ENTITY = "CREDIT_CARD"

    PATTERNS = [
        Pattern(
            "Card (labelled)",
            labelled(r"(?:(?:credit|debit|payment|bank)[ \t]*)?card|cc|pan", _CARD_VALUE),
            0.5,
        ),
        Pattern("Card", rf"(?<![\w-]){_CARD_VALUE}", 0.3),
    ]

    CONTEXT = ["card", "credit", "debit", "visa", "mastercard", "amex", "discover", "cardholder", "expiry"]

    def validate_result(self, pattern_text: str) -> bool:
        return checksums.card_valid(pattern_text)

    def invalidate_result(self, pattern_text: str) -> bool:
        return len(set(alnum(pattern_text)[:-1])) <= 1
