"""EMAIL_ADDRESS: EmailAddressRecognizer (Presidio's pattern, offline TLD list, no role mailboxes)."""

from __future__ import annotations

import pytest

from recognizers.email_address import EmailAddressRecognizer

ENTITY = "EMAIL_ADDRESS"

# fmt: off
POSITIVES = [
    ("Email: amara.okafor@example.com", "amara.okafor@example.com", 1.0),
    ("From: Priya Raman <p.raman@claims-partners.co.uk>", "p.raman@claims-partners.co.uk", 1.0),
    ("Contact the claimant at j_nguyen+claims@mail.example.org.", "j_nguyen+claims@mail.example.org", 1.0),
    ("| Okafor | amara.okafor@example.com | 312-555-0143 |", "amara.okafor@example.com", 1.0),
    ("INFO login user_email=amara.okafor@example.com ip=10.2.3.4", "amara.okafor@example.com", 1.0),
]
NEGATIVES = [
    "Send claims to claims@acme-insurance.com",   # role mailbox
    "Questions? info@acme-insurance.com",
    "noreply@acme-insurance.com sent this notice",
    "Customer Service: customer.service@acme-insurance.com",
    "user@localhost",
    "a@b.invalidtld",
    "@acme_insurance on social media",
]
# fmt: on


@pytest.mark.parametrize(("text", "value", "min_score"), POSITIVES)
def test_finds(values, text: str, value: str, min_score: float) -> None:
    found = values(text, ENTITY)
    assert found.get(value, 0.0) >= min_score, found


@pytest.mark.parametrize("text", NEGATIVES)
def test_ignores(values, text: str) -> None:
    assert values(text, ENTITY) == {}


def test_validation_never_uses_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    assert EmailAddressRecognizer().validate_result("someone@example.co.uk") is True
