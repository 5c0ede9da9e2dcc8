"""US bank account number."""

from __future__ import annotations

import regex

from recognizers.base import (
    FinalScore,
    Pattern,
    ValuePatternRecognizer,
    is_placeholder,
    labelled,
    lines_before,
    looks_like_other_number,
)

_ACCOUNT_LABEL = (
    r"(?:bank|checking|chequing|savings|deposit|dda|debit|direct[ \t]+deposit|ach|eft|beneficiary)"
    r"[ \t]+(?:acct\.?|account)(?:[ \t]+(?:no\.?|number|\#|num))?"
    r"|(?:checking|savings|dda)(?=[ \t]*(?:\#|no\b|number|:))"
    r"|acct\.?|account(?=[ \t]*(?:\#|no\b|nbr|number|num\b|:))"
)
# 4-17 digits (ABA/NACHA allow up to 17), optionally grouped with single spaces or dashes.
_ACCOUNT_VALUE = r"\d{2,17}(?:[- ]\d{3,8}){0,4}(?![\w/-]|\.\d)"

# "direct deposit to account 4609918531", "drawn from Summit Bank, routing number ..., account
# 69240182779": the plain word "account" before 6-17 digits, reported only when the sentence
# is about a bank (``_BANKING``); a policy or billing "account 12345678" is not.
_PLAIN_ACCOUNT = r"(?<=(?<![\w])(?i:account)[ \t]*(?:[ \t]|\r?\n)[ \t]*)\d{6,17}(?![\w/-]|[.,]\d)"
_BANKING = regex.compile(
    r"(?i)\b(?:bank|banks|banking|routing|aba|direct[ \t\n]+deposit|deposited|ach|eft|checking|savings"
    r"|credit[ \t\n]+union|wire|debit|drawn|transit)\b"
)
_SENTENCE_END = regex.compile(r"[.!?](?:[ \t]|$)|\n[ \t]*\n")


class UsBankNumberRecognizer(ValuePatternRecognizer):
    """US bank account number: 4-17 digits (NACHA file format, DFI account number field),
    no check digit and no national format, so found only by its label: "Bank Account No.",
    "Checking Account #", "Acct #", "Account Number:", "DDA", "Direct Deposit Account".
    A masked number ("****1234", "ending in 1234") is not matched. After the plain word
    "account" ("direct deposit to account 4609918531") 6-17 digits are reported only when
    the sentence names a bank, routing number, deposit, ACH or debit.

    Replaces Presidio's ``UsBankRecognizer`` (every 8-17 digit number at 0.05 plus context:
    precision 0.12). Not matched: "Account Number" followed by a policy-style reference with
    letters, "Account balance $1,234.56", dates, phone numbers, placeholders.
    """

    ENTITY = "US_BANK_NUMBER"
    COUNTRY_CODE = "us"

    PATTERNS = [
        Pattern("Bank account (labelled)", labelled(_ACCOUNT_LABEL, _ACCOUNT_VALUE, suffix=True), 0.8),
        Pattern("Bank account (plain word)", _PLAIN_ACCOUNT, 0.3),
    ]

    CONTEXT = ["account", "acct", "bank", "checking", "savings", "deposit"]

    def invalidate_result(self, pattern_text: str) -> bool:
        core = "".join(c for c in pattern_text if c.isdigit())
        return not 4 <= len(core) <= 17 or looks_like_other_number(pattern_text) or is_placeholder(core)

    def adjust_score(self, score: float, text: str, start: int, end: int, labelled: bool) -> float:
        if labelled or score >= 0.6:
            return score
        # The plain-word pattern (no ``value`` group): a bank word in the same sentence, before or just after.
        before = lines_before(text, start, 160)
        cut = list(_SENTENCE_END.finditer(before))
        if cut:
            before = before[cut[-1].end() :]
        after = text[end : end + 60]
        stop = _SENTENCE_END.search(after)
        if stop:
            after = after[: stop.start()]
        if _BANKING.search(before) or _BANKING.search(after):
            return 0.8
        return FinalScore(score)  # "account" alone: the context enhancer must not raise it
