"""KeyValueRecognizer: values after a program's field name in logs and exports."""

from __future__ import annotations

import pytest

# fmt: off
POSITIVES = [
    ("INFO login policy_number=HO3-486-2291-07 ip=10.2.3.4", "POLICY_NUMBER", "HO3-486-2291-07"),
    ('{"claimant_name": "Aarav Desai", "status": "open"}', "PERSON", "Aarav Desai"),
    ("member-id: XKW418830227", "MEMBER_ID", "XKW418830227"),
    ("licensePlate='7EKX105'", "LICENSE_PLATE", "7EKX105"),
    ("routing_number=021000021&account_number=406989428542", "US_BANK_NUMBER", "406989428542"),
    ("claim.ref = CLM-2023-5710661; status = open", "CLAIM_NUMBER", "CLM-2023-5710661"),
    ("insured_name: Chloé Mercier, state: CA", "PERSON", "Chloé Mercier"),
]
NEGATIVES = [
    "build_version=2.0.1.5 page_count=12 form_id=HO-00-03",
    "policy_number=N/A member_id=null claimant_name=unknown",
    "account_number=12 routing_number=123456789",     # too short; ABA check digit fails
    "policy_type=homeowners policy_status=active",
    "date_of_loss=2024-03-17 loss_amount=1250.00",     # a date of loss is not a birth date
]
# fmt: on


@pytest.mark.parametrize(("text", "entity", "value"), POSITIVES)
def test_value_after_a_machine_key(values, text: str, entity: str, value: str) -> None:
    assert value in values(text, entity)


@pytest.mark.parametrize("text", NEGATIVES)
def test_key_alone_is_not_enough(scan, text: str) -> None:
    assert scan(text) == []


# Issue #5: a two-column dump, key and value separated by a tab.
TAB_DUMP = (
    "Online Claim Submission\n=======================\nsubmitted_at\t2024-06-20T11:16:12Z\n"
    "policy_number\tLF/2021/88216\nfull_name\tKrzysztof Kaczmarek\nloss_type\tCollision\n"
    "license_plate\tSAR Z26\r\nnotes\tcall back\n"
)


@pytest.mark.parametrize(
    ("entity", "value"),
    [("POLICY_NUMBER", "LF/2021/88216"), ("PERSON", "Krzysztof Kaczmarek"), ("LICENSE_PLATE", "SAR Z26")],
)
def test_tab_separated_key_value(values, entity: str, value: str) -> None:
    assert value in values(TAB_DUMP, entity)


def test_tab_separated_plain_words_are_nothing(scan) -> None:
    assert scan("loss_type\tCollision\nclaim_status\tOpen\nplan_name\tGold PPO\n") == []


def test_the_gate_matches_wherever_the_quick_rejection_does() -> None:
    """``_GATE`` (what the engine's Hyperscan pass reads) is ``_PREFILTER`` without possessive
    runs: it must find a match in every text ``_PREFILTER`` does, or pairs would be missed."""
    import random

    import regex

    from recognizers.key_value import _GATE, _PREFILTER

    gate = regex.compile(_GATE)
    rng = random.Random(3)
    pieces = [
        "policy",
        "_",
        "number",
        ".",
        "-",
        "Id",
        "memberId",
        "x",
        "9",
        ":",
        "=",
        "\t",
        " ",
        '"',
        "'",
        "é",
        "\n",
    ]
    found = 0
    for _ in range(20_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))
        if _PREFILTER.search(text):
            found += 1
            assert gate.search(text), repr(text)
    assert found > 1_000
