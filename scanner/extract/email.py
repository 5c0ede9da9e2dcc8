"""RFC 822 e-mail (.eml): address and subject headers, text parts, attachments.

Attachments (any part with a file name, any forwarded ``message/rfc822``)
are extracted recursively through ``ctx.extract_member``, so a finding in an
attached PDF is reported as ``mail.eml!claim.pdf``.
"""

from __future__ import annotations

import functools
import mimetypes
import re
from collections.abc import Iterator
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.policy import EmailPolicy
from typing import Any

from scanner.extract.base import Blob, ExtractContext
from scanner.extract.html import html_blocks
from scanner.extract.text import decode_bytes
from scanner.models import Location, Segment

HEADERS = ("From", "To", "Cc", "Bcc", "Reply-To", "Subject")


class _ParsedOncePolicy(EmailPolicy):
    """``policy.default``, whose header objects are built once per header value.

    Every ``get_content_type()`` or ``get_filename()`` parses its header anew through the
    header registry; a message asks some twenty times, and that parsing was a third of
    reading a mail. The objects are read-only, so one may serve every ask.
    """

    def header_fetch_parse(self, name: str, value: Any) -> Any:
        if hasattr(value, "name"):
            return value
        return _parsed_header(name, value)


@functools.lru_cache(maxsize=256)
def _parsed_header(name: str, value: str) -> Any:
    return policy.default.header_fetch_parse(name, value)


_POLICY = _ParsedOncePolicy()


_ESCAPED = re.compile("[\udc80-\udcff]")


def _header_values(msg: Message, name: str) -> list[str]:
    raw = [value for key, value in msg.raw_items() if key.lower() == name.lower()]
    if any(_ESCAPED.search(str(value)) for value in raw):
        # Undeclared 8-bit bytes in a header (a cp1252 "Wójcik"): the parser kept them as
        # surrogates and would print U+FFFD; decode the original bytes as text instead.
        return [decode_bytes(str(value).encode("utf-8", "surrogateescape")) for value in raw]
    try:
        return [str(value) for value in msg.get_all(name) or ()]
    except (IndexError, ValueError, LookupError, AttributeError, TypeError):
        # The header parser gave up on a malformed value: keep it as written.
        return [str(value) for key, value in msg.raw_items() if key.lower() == name.lower()]


def _header_block(msg: Message) -> str:
    lines: list[str] = []
    for name in HEADERS:
        lines.extend(f"{name}: {text}" for text in _header_values(msg, name) if text.strip())
    return "\n".join(lines)


def _leaves(part: Message) -> Iterator[Message]:
    if part.get_content_maintype() == "multipart" and part.is_multipart():
        for sub in part.get_payload():
            if isinstance(sub, Message):
                yield from _leaves(sub)
    else:
        yield part


def declared_text(part: Message) -> str | None:
    """The part's text in its declared charset, or ``None`` when the bytes must be decoded
    as a text file would be (the redaction writer uses the same rule).

    Without a declared charset the parser assumes ASCII and turns every 8-bit byte into
    U+FFFD ("Müller" -> "M\ufffd\ufffdller"); a mail saved from a client is usually UTF-8
    or cp1252 without saying so.
    """
    if isinstance(part, EmailMessage) and part.get_param("charset") is not None:
        try:
            content = part.get_content()
            if isinstance(content, str):
                return content
        except (LookupError, UnicodeError, ValueError, AssertionError):
            pass  # unknown or lying charset: decode the bytes ourselves
    return None


def _part_text(part: Message) -> str:
    declared = declared_text(part)
    if declared is not None:
        return declared
    raw = part.get_payload(decode=True)
    return decode_bytes(raw) if isinstance(raw, bytes) else ""


def _attachment(part: Message, number: int) -> tuple[str, bytes] | None:
    ctype = part.get_content_type()
    name = part.get_filename()
    if ctype == "message/rfc822":
        inner = part.get_payload()
        sub = inner[0] if isinstance(inner, list) and inner else inner
        if not isinstance(sub, Message):
            return None
        return name or f"message-{number}.eml", sub.as_bytes(policy=policy.default)
    data = part.get_payload(decode=True)
    if not isinstance(data, bytes):
        return None
    return name or f"part-{number}{mimetypes.guess_extension(ctype) or '.bin'}", data


def message_segments(msg: Message, ctx: ExtractContext) -> Iterator[Segment]:
    """Segments of a parsed message; attachments recurse through ``ctx``."""
    headers = _header_block(msg)
    if headers:
        yield Segment(headers, Location(part="headers"))
    body_named = False
    for number, part in enumerate(_leaves(msg), 1):
        ctx.check_time()
        ctype = part.get_content_type()
        is_attachment = (
            part.get_filename() is not None
            or ctype == "message/rfc822"
            or part.get_content_disposition() == "attachment"
            or part.get_content_maintype() != "text"
        )
        if is_attachment:
            found = _attachment(part, number)
            if found:
                name, data = found
                yield from ctx.extract_member(Blob(name=name, data=data), member=name)
            continue
        label = f"part {number} ({ctype})"
        if not body_named:
            label, body_named = "body", True
        text = _part_text(part)
        if ctype == "text/html":
            for block, line, context in html_blocks(text):
                yield Segment(block, Location(part=label, line=line), context)
        elif text.strip():
            yield Segment(text, Location(part=label, line=1))


def extract_eml(blob: Blob, ctx: ExtractContext) -> Iterator[Segment]:
    data = blob.read_all(ctx.limits.max_file_size)
    msg = BytesParser(policy=_POLICY).parsebytes(data)
    del data
    yield from message_segments(msg, ctx)
