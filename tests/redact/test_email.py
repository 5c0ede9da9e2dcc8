"""E-mail: headers, text and HTML parts, attachments recursively (a .docx and a nested .eml)."""

from __future__ import annotations

from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

import docx
import pytest

from tests.redact.conftest import EMAIL, NAME, PHONE, SSN, leaks


def _decoded_parts(data: bytes) -> str:
    """What a mail reader shows: decoded headers and every decoded part, attachments opened."""
    msg = BytesParser(policy=policy.default).parsebytes(data)
    out = [f"{k}: {v}" for k, v in msg.items()]
    for part in msg.walk():
        if part.is_multipart():
            continue
        if part.get_content_type() == "message/rfc822":
            out.append(_decoded_parts(part.get_payload()[0].as_bytes()))
            continue
        payload = part.get_payload(decode=True) or b""
        if (part.get_filename() or "").endswith(".docx"):
            import io

            d = docx.Document(io.BytesIO(payload))
            out.append("\n".join(p.text for p in d.paragraphs))
        else:
            out.append(payload.decode("utf-8", errors="replace"))
        out.append(part.get_filename() or "")
    return "\n".join(out)


def test_eml_headers_parts_and_attachments(run, tmp_path: Path) -> None:
    attached = tmp_path / "statement.docx"
    d = docx.Document()
    d.add_paragraph(f"Statement of {NAME}, SSN {SSN}. The basement flooded overnight.")
    d.save(attached)
    inner = EmailMessage()
    inner["From"], inner["To"], inner["Subject"] = EMAIL, "desk@insurer.example", "earlier note"
    inner.set_content(f"Please call me at {PHONE}. Regards, {NAME}\n")

    msg = EmailMessage()
    msg["From"] = f"{NAME} <{EMAIL}>"
    msg["To"] = "claims@insurer.example"
    msg["Subject"] = f"Water damage, claimant {NAME}"
    msg.set_content(f"Hello,\nmy SSN is {SSN}.\nPlease call me at {PHONE}.\nRegards, {NAME}\n")
    msg.add_alternative(
        f"<html><body><p>My SSN is <b>{SSN}</b>.</p><p>Regards, {NAME}</p></body></html>", subtype="html"
    )
    msg.add_attachment(attached.read_bytes(), maintype="application",
                       subtype="vnd.openxmlformats-officedocument.wordprocessingml.document", filename="statement.docx")  # fmt: skip
    msg.add_attachment(inner)
    src = tmp_path / "mail.eml"
    src.write_bytes(bytes(msg))
    assert leaks(_decoded_parts(src.read_bytes()))  # the reader sees them in the original

    result, out = run(src)
    assert result.exit_code == 0, result.files
    seen = _decoded_parts((out / "mail.eml").read_bytes())
    assert leaks(seen) == []
    assert "The basement flooded overnight." in seen and "claims@insurer.example" in seen
    assert "Please call me at <PHONE_NUMBER>." in seen and "statement.docx" in seen


def test_attachment_that_cannot_be_redacted_is_withheld(run, tmp_path: Path) -> None:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "desk@insurer.example", "claims@insurer.example", "files"
    msg.set_content("The recorded statement is attached.\n")
    msg.add_attachment(b"\x7fELF\x02\x01\x01" + b"\x00" * 64, maintype="application", subtype="octet-stream",
                       filename="tool.bin")  # fmt: skip
    src = tmp_path / "mail.eml"
    src.write_bytes(bytes(msg))
    result, out = run(src)
    written = result.files[0]
    assert written.status == "written" and written.members[0].status == "unsupported"
    assert result.exit_code == 1  # something was left out: say so
    assert b"\x7fELF" not in (out / "mail.eml").read_bytes()
    assert "withheld" in _decoded_parts((out / "mail.eml").read_bytes())


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"])
def test_undeclared_8bit_text_part_keeps_accents(run, tmp_path: Path, encoding: str) -> None:  # type: ignore[no-untyped-def]
    """A text part with no charset parameter holding 8-bit text (a mail saved from a client).

    The email package alone decodes such a part as ASCII, so every accented letter would
    come out as U+FFFD in the redacted copy; the writer decodes it as the extractor does.
    """
    ssn = "287-65-4310"  # synthetic, and valid under the SSA rules the recognizer applies
    accented = ["café", "façade", "résumé", "naïve", "déjà", "Übergabe"]
    body = (
        "The café façade was damaged in the storm; the contractor's résumé is on file.\n"
        f"Insured SSN: {ssn}\n"
        "A naïve estimate, déjà vu from last winter. Übergabe on Monday.\n"
    )
    headers = (
        "From: desk@insurer.example\nTo: claims@insurer.example\nSubject: storm damage\n"
        "MIME-Version: 1.0\nContent-Type: text/plain\nContent-Transfer-Encoding: 8bit\n\n"
    )
    src = tmp_path / "saved.eml"
    src.write_bytes(headers.encode("ascii") + body.encode(encoding))
    assert BytesParser(policy=policy.default).parsebytes(src.read_bytes()).get_param("charset") is None

    result, out = run(src)
    assert result.exit_code == 0, result.files
    written = (out / "saved.eml").read_bytes()
    text = BytesParser(policy=policy.default).parsebytes(written).get_content()
    assert ssn not in text and ssn.encode() not in written and "287654310" not in text
    assert "\ufffd" not in text
    for word in accented:
        assert word in text, (word, text)
