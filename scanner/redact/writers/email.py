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
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesParser

from scanner.redact.dispatch import Job
from scanner.redact.engine import Unit
from scanner.redact.writers.markup import redact_html
from scanner.redact.writers.text import blocks, decode

_STRUCTURAL = frozenset(
    "content-type content-transfer-encoding mime-version content-disposition content-id content-language "
    "content-location dkim-signature arc-seal arc-message-signature".split()
)
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
    if isinstance(part, EmailMessage):
        try:
            content = part.get_content()
            if isinstance(content, str):
                return content
        except (LookupError, UnicodeError, ValueError, AssertionError):
            pass  # unknown or lying charset: decode the bytes ourselves
    raw = part.get_payload(decode=True)
    return decode(raw)[0] if isinstance(raw, bytes) and raw else ""


def _headers(msg: Message, job: Job) -> None:
    pairs = [(i, name, str(value)) for i, (name, value) in enumerate(msg._headers)]  # type: ignore[attr-defined]
    chosen = [
        (i, name, value) for i, name, value in pairs if name.lower() not in _STRUCTURAL and value.strip()
    ]
    new = job.transformer.transform([value for _, _, value in chosen], [(name,) for _, name, _ in chosen])
    for (i, name, value), text in zip(chosen, new, strict=True):
        if text != value:
            # Header values are edited in place so order and repeats (Received) survive.
            msg._headers[i] = msg.policy.header_store_parse(name, text)  # type: ignore[attr-defined]


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
    _headers(msg, job)
    leaves = _leaves(msg)
    plain: list[tuple[EmailMessage, list[str]]] = []
    for number, (part, parent) in enumerate(leaves, 1):
        assert isinstance(part, EmailMessage)
        if _is_attachment(part):
            _attachment(part, parent, number, job)
            continue
        _headers(part, job) if part is not msg else None
        text = _part_text(part)
        if part.get_content_type() == "text/html":
            new_html = redact_html(text, job)
            if new_html != text:
                part.set_content(new_html, subtype="html", charset="utf-8")
        elif text.strip():
            plain.append((part, blocks(text)))
    units = [Unit.of(b) for _, parts in plain for b in parts]
    results = iter(job.transformer.transform_units(units))
    for part, parts in plain:
        new = "".join("".join(next(results)) for _ in parts)
        if new != "".join(parts):
            part.set_content(new, subtype=part.get_content_subtype(), charset="utf-8")


def write_eml(data: bytes, name: str, job: Job) -> bytes:
    msg = BytesParser(policy=policy.default).parsebytes(data)
    assert isinstance(msg, EmailMessage)
    redact_message(msg, job)
    return msg.as_bytes(policy=policy.default)
