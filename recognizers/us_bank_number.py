"""US bank account number."""

from __future__ import annotations

from presidio_analyzer import Pattern

from recognizers.base import ValuePatternRecognizer, is_placeholder, labelled, looks_like_other_number

_ACCOUNT_LABEL = (
    r"(?:bank|checking|chequing|savings|deposit|dda|debit|direct[ \t]+deposit|ach|eft|beneficiary)"
    r"[ \t]+(?:acct\.?|account)(?:[ \t]+(?:no\.?|number|\#|num))?"
    r"|(?:checking|savings|dda)(?=[ \t]*(?:\#|no\b|number|:))"
    r"|acct\.?|account(?=[ \t]*(?:\#|no\b|nbr|number|num\b|:))"
)
# 4-17 digits (ABA/NACHA allow up to 17), optionally grouped with single spaces or dashes.
_ACCOUNT_VALUE = r"\d{2,17}(?:[- ]\d{3,8}){0,4}(?![\w/-]|\.\d)"


class UsBankNumberRecognizer(ValuePatternRecognizer):
    """US bank account number: 4-17 digits (NACHA file format, DFI account number field),
    no check digit and no national format, so found only by its label: "Bank Account No.",
    "Checking Account #", "Acct #", "Account Number:", "DDA", "Direct Deposit Account".
    A masked number ("****1234", "ending in 1234") is not matched.

    Replaces Presidio's ``UsBankRecognizer`` (every 8-17 digit number at 0.05 plus context:
    precision 0.12). Not matched: "Account Number" followed by a policy-style reference with
    letters, "Account balance $1,234.56", dates, phone numbers, placeholders.
    """

    ENTITY = "US_BANK_NUMBER"
    COUNTRY_CODE = "us"

    PATTERNS = [
        Pattern("Bank account (labelled)", labelled(_ACCOUNT_LABEL, _ACCOUNT_VALUE, suffix=True), 0.8),
    ]

    CONTEXT = ["account", "acct", "bank", "checking", "savings", "deposit"]

    def invalidate_result(self, pattern_text: str) -> bool:
        core = "".join(c for c in pattern_text if c.isdigit())
        return not 4 <= len(core) <= 17 or looks_like_other_number(pattern_text) or is_placeholder(core)
