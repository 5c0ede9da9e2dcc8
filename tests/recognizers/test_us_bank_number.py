"""US_BANK_NUMBER: UsBankNumberRecognizer (label-only; replaces Presidio's UsBankRecognizer)."""

from __future__ import annotations

import pytest

ENTITY = "US_BANK_NUMBER"

# fmt: off
POSITIVES = [
    ("Bank Account No. 000123456789", "000123456789", 0.8),
    ("Checking Account #: 4401 2239 0017", "4401 2239 0017", 0.8),
    ("Acct # 98761432", "98761432", 0.8),
    ("Routing: 021000021  Account: 4418203957", "4418203957", 0.8),
    ("Direct deposit account number 55002213879", "55002213879", 0.8),
    ("Savings: 7730012298", "7730012298", 0.8),
    ("Account Number\n3300918277", "3300918277", 0.8),
]
NEGATIVES = [
    "Account balance $1,234.56",
    "Account ending in ****1234",
    "Account #: 12",
    "Account: Acme Manufacturing",
    "Claim 123456789012 approved",
    "Invoice 4401223900 is due",
    "Account opened 05/06/2024",
    "Account number: XXXXXXXX1234",
]
# fmt: on


@pytest.mark.parametrize(("text", "value", "min_score"), POSITIVES)
def test_finds(values, text: str, value: str, min_score: float) -> None:
    found = values(text, ENTITY)
    assert found.get(value, 0.0) >= min_score, found


@pytest.mark.parametrize("text", NEGATIVES)
def test_ignores(values, text: str) -> None:
    assert values(text, ENTITY) == {}


# Issue #5: the plain word "account" before the number, in a sentence about a bank.
# fmt: off
PLAIN_POSITIVES = [
    ("The funds will go by direct deposit to account 4609918531\n(routing 215146678) within five days.",
     "4609918531"),
    ("The funds will go by\ndirect deposit to account 39480213 (routing 088231943).", "39480213"),
    ("Your payment will be drawn from Summit Savings Bank, routing number 222344971, account 69240182779.",
     "69240182779"),
    ("I authorise Acme Mutual to debit account 55512345 at First Prairie Bank.", "55512345"),
]
PLAIN_NEGATIVES = [
    "Please quote account 55501234 on your cheque.",
    "Your premium account 55501234 is overdue. Contact your bank with questions.",
    "Account 55501234 was closed on request.",
    "The bank confirmed the account 2024 statement.",       # a year
    "Direct deposit to account ending 1234.",               # masked / too short
]
# fmt: on


@pytest.mark.parametrize(("text", "value"), PLAIN_POSITIVES)
def test_plain_account_word_with_bank_context(values, text: str, value: str) -> None:
    assert values(text, ENTITY).get(value, 0.0) >= 0.75


@pytest.mark.parametrize("text", PLAIN_NEGATIVES)
def test_plain_account_word_alone(values, text: str) -> None:
    assert values(text, ENTITY) == {}
