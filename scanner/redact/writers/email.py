"""E-mail (.eml): headers, every text part, and attachments, recursively.

All headers are redacted except the ones that describe the MIME structure
(``Received`` and ``X-`` headers carry addresses too). Text parts are
rewritten as UTF-8; HTML parts keep their markup. Each attachment goes
through the writer for its own format (a PDF is rasterised where needed, a
forwarded message recurses); its file name is redacted like text. An
attachment that cannot be redacted is replaced by a short note saying one was
withheld, and listed in the manifest.
"""

from __future__ import annotations

import mimetypes
import re
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesParser

from scanner.extract.email import declared_text
from scanner.redact.dispatch import Job
from scanner.redact.engine import Unit
from scanner.redact.writers.markup import redact_html
from scanner.redact.writers.text import blocks, decode

_STRUCTURAL = frozenset(
    "content-type content-transfer-encoding mime-version content-disposition content-id content-language "
    "content-location dkim-signature arc-seal arc-message-signature".split()
)
_TOKEN_BRACKETS = re.compile(r"<([A-Z][A-Z0-9_]*(?::[0-9a-f]+)?)>")
_NOTE = "An attachment was withheld by insurescan redaction: it could not be redacted safely.\n"


def _is_attachment(part: Message) -> bool:
    return (
        part.get_filename() is not None
        or part.get_content_type() == "message/rfc822"
        or part.get_content_disposition() == "attachment"
        or part.get_content_maintype() != "text"
    )


def _leaves(part: Message, parent: Message | None = None) -> list[tuple[Message, Message | None]]:
    if part.get_content_maintype() == "multipart" and part.is_multipart():
        out: list[tuple[Message, Message | None]] = []
        for sub in part.get_payload():
            if isinstance(sub, Message):
                out.extend(_leaves(sub, part))
        return out
    return [(part, parent)]


def _part_text(part: Message) -> str:
    declared = declared_text(part)
    if declared is not None:
        return declared
    raw = part.get_payload(decode=True)
    return decode(raw)[0] if isinstance(raw, bytes) and raw else ""


def _decoded(msg: Message, name: str, raw: object) -> str:
    """A header as a reader sees it: encoded words (``=?utf-8?q?Beno=C3=AEt?=``) decoded."""
    try:
        return str(msg.policy.header_fetch_parse(name, raw))  # type: ignore[attr-defined]
    except Exception:  # a malformed header is checked as stored
        return str(raw)


def _header_units(msg: Message) -> list[tuple[Message, int, str, Unit]]:
    pairs = [(i, name, _decoded(msg, name, value)) for i, (name, value) in enumerate(msg._headers)]  # type: ignore[attr-defined]
    return [
        (msg, i, name, Unit.of(value, (name,)))
        for i, name, value in pairs
        if name.lower() not in _STRUCTURAL and value.strip()
    ]


def _set_headers(changes: list[tuple[Message, int, str, str]]) -> None:
    drop: list[tuple[Message, int]] = []
    for msg, i, name, text in changes:
        # Header values are edited in place so order and repeats (Received) survive.
        stored = _store(msg, name, text)
        if stored is None:
            drop.append((msg, i))
        else:
            msg._headers[i] = stored  # type: ignore[attr-defined]
    for msg, i in sorted(drop, key=lambda d: -d[1]):
        del msg._headers[i]  # type: ignore[attr-defined]


def _store(msg: Message, name: str, text: str) -> tuple[str, object] | None:
    """The header as the policy stores it, or ``None`` when no form of it parses.

    Structured headers (Message-ID, References, address lists) have a grammar a
    ``<US_SSN>`` token can break: ``<ack-<CLAIM_NUMBER>@host>`` is no msg-id.
    Then the token's brackets go (``<ack-CLAIM_NUMBER@host>``); a header that
    still does not parse is dropped rather than written half-valid.
    """
    for candidate in (text, _TOKEN_BRACKETS.sub(r"\1", text)):
        try:
            stored: tuple[str, object] = msg.policy.header_store_parse(name, candidate)  # type: ignore[attr-defined]
            str(stored[1])  # folding errors surface here, not later in as_bytes
            msg.policy.fold(name, stored[1])  # type: ignore[attr-defined]
            return stored
        except Exception:  # the email package raises IndexError/ValueError/HeaderParseError alike
            continue
    return None


def _attachment(part: EmailMessage, parent: Message | None, number: int, job: Job) -> None:
    ctype = part.get_content_type()
    filename = part.get_filename()
    if ctype == "message/rfc822":
        inner = part.get_payload()
        sub = inner[0] if isinstance(inner, list) and inner else inner
        if not isinstance(sub, Message):
            return
        name = filename or f"message-{number}.eml"
        new = job.member(sub.as_bytes(policy=policy.default), name)
        if new is not None:
            part.set_content(BytesParser(policy=policy.default).parsebytes(new))
            return
    else:
        data = part.get_payload(decode=True)
        if not isinstance(data, bytes):
            return
        name = filename or f"part-{number}{mimetypes.guess_extension(ctype) or '.bin'}"
        new = job.member(data, name)
        if new is not None:
            maintype, subtype = ctype.split("/", 1)
            cid = part.get("Content-ID")
            part.set_content(
                new,
                maintype,
                subtype,
                disposition=part.get_content_disposition() or "attachment",
                filename=job.transformer.transform_name(filename) if filename else None,
                cid=str(cid) if cid else None,
            )
            return
    part.set_content(_NOTE, disposition="attachment", filename="withheld.txt")


def redact_message(msg: EmailMessage, job: Job) -> None:
    """Attachments and HTML parts first, then headers and plain text in one call.

    The engine sweeps each call's units for every value removed so far, so the
    name NER found in a signature or an attachment also leaves the ``From``
    header, where a display name next to an address is easy to miss.
    """
    leaves = _leaves(msg)
    plain: list[tuple[EmailMessage, list[str]]] = []
    html_parts: list[tuple[EmailMessage, str]] = []
    headers = _header_units(msg)
    for number, (part, parent) in enumerate(leaves, 1):
        assert isinstance(part, EmailMessage)
        if _is_attachment(part):
            _attachment(part, parent, number, job)
            continue
        if part is not msg:
            headers += _header_units(part)
        text = _part_text(part)
        if part.get_content_type() == "text/html":
            new_html = redact_html(text, job)
            if new_html != text:
                html_parts.append((part, new_html))
        elif text.strip():
            plain.append((part, blocks(text)))
    units = [u for _, _, _, u in headers] + [Unit.of(b) for _, parts in plain for b in parts]
    results = iter(job.transformer.transform_units(units))
    changes = []
    for owner, i, name, unit in headers:
        text = "".join(next(results))
        if text != unit.text:
            changes.append((owner, i, name, text))
    new_plain = [(part, "".join("".join(next(results)) for _ in parts), parts) for part, parts in plain]
    # Headers are edited by position, so before set_content rewrites a part's MIME headers.
    _set_headers(changes)
    for part, new_html in html_parts:
        part.set_content(new_html, subtype="html", charset="utf-8")
    for part, new, parts in new_plain:
        if new != "".join(parts):
            part.set_content(new, subtype=part.get_content_subtype(), charset="utf-8")


def write_eml(data: bytes, name: str, job: Job) -> bytes:
    msg = BytesParser(policy=policy.default).parsebytes(data)
    assert isinstance(msg, EmailMessage)
    redact_message(msg, job)
    return msg.as_bytes(policy=policy.default)
