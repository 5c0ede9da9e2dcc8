from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

import pytest

from .docs import pdf
from .helpers import SSN, holding, run


def _mail(tmp_path: Path) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = "Dana Example <dana@example.com>"
    msg["To"] = "claims@example.com"
    msg["Cc"] = "Bob Roe <bob@example.org>"
    msg["Subject"] = "Claim CLM-2024-0042"
    msg.set_content(f"Hello,\n\nmy SSN is {SSN}.\nThanks\n")
    msg.add_alternative(
        "<html><body><p>Hello,</p>\n<p>member <b>MBR-8080</b></p></body></html>", subtype="html"
    )
    msg.add_attachment(b"policy POL-11223344\n", maintype="text", subtype="plain", filename="policy.txt")
    report = pdf(tmp_path / "claim.pdf", ["cover", "Adjuster notes: DEA AB1234563"])
    msg.add_attachment(report.read_bytes(), maintype="application", subtype="pdf", filename="claim.pdf")
    inner = EmailMessage()
    inner["From"] = "Old Sender <old@example.net>"
    inner["Subject"] = "Original"
    inner.set_content("forwarded body NPI 1234567893\n")
    inner.add_attachment(b"deep 555-0199\n", maintype="text", subtype="plain", filename="deep.txt")
    msg.add_attachment(inner)
    return msg


@pytest.fixture
def mail(tmp_path: Path) -> Path:
    path = tmp_path / "mail.eml"
    path.write_bytes(bytes(_mail(tmp_path)))
    return path


def test_headers_segment(mail: Path) -> None:
    seg = holding(run(mail), "dana@example.com")
    assert seg.location.part == "headers"
    assert "Bob Roe" in seg.text and "CLM-2024-0042" in seg.text


def test_plain_body_line(mail: Path) -> None:
    seg = holding(run(mail), SSN)
    assert seg.location.part == "body"
    assert seg.location.line + seg.text[: seg.text.index(SSN)].count("\n") == 3
    assert seg.member is None


def test_html_alternative_is_stripped(mail: Path) -> None:
    seg = holding(run(mail), "MBR-8080")
    assert seg.location.part == "part 2 (text/html)"
    assert seg.location.line == 2
    assert "<b>" not in seg.text


@pytest.mark.parametrize(
    ("marker", "member", "where"),
    [
        ("POL-11223344", "policy.txt", {"line": 1}),
        ("AB1234563", "claim.pdf", {"page": 2}),
        ("1234567893", "message-5.eml", {"part": "body"}),
        ("old@example.net", "message-5.eml", {"part": "headers"}),
        ("555-0199", "message-5.eml!deep.txt", {"line": 1}),
    ],
)
def test_attachments_recurse(mail: Path, marker: str, member: str, where: dict[str, object]) -> None:
    seg = holding(run(mail), marker)
    assert seg.member == member
    assert {k: v for k, v in seg.location.as_dict().items() if k in where} == where


def test_mail_named_txt_is_sniffed(mail: Path, tmp_path: Path) -> None:
    renamed = tmp_path / "saved.txt"
    renamed.write_bytes(mail.read_bytes())
    assert holding(run(renamed), SSN).location.part == "body"


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"])
def test_undeclared_8bit_body_keeps_accents(tmp_path: Path, encoding: str) -> None:
    """A mail saved without a charset: the parser alone would give U+FFFD for every accent."""
    raw = (
        "From: Ngozi Adebayo <na@example.net>\nTo: Tomasz Wójcik <tw@example.net>\nSubject: referral\n\n"
        "Insured Claudia Weber-Müller, SSN 123-45-6789.\n"
    ).encode(encoding)
    path = tmp_path / "saved-mail.txt"
    path.write_bytes(raw)
    segments = run(path)
    assert "Weber-Müller" in holding(segments, SSN).text
    assert "Tomasz Wójcik" in holding(segments, "Subject").text
    assert not any("\ufffd" in s.text for s in segments)
