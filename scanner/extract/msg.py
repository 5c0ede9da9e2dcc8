"""Outlook .msg (an OLE compound file) through extract-msg.

Sender, recipients and subject go out as one ``headers`` segment, the body
as ``body``; attachments, including embedded .msg items, recurse through
``ctx.extract_member`` like e-mail attachments do.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import extract_msg
from extract_msg.enums import AttachmentType, ErrorBehavior
from extract_msg.exceptions import ExMsgBaseException

from scanner.errors import ExtractError
from scanner.extract.base import Blob, ExtractContext
from scanner.extract.html import html_blocks
from scanner.extract.text import decode_bytes
from scanner.models import Location, Segment

_FIELDS = (("From", "sender"), ("To", "to"), ("Cc", "cc"), ("Bcc", "bcc"), ("Subject", "subject"))
# One broken attachment must not hide the message text.
_TOLERANT = ErrorBehavior.ATTACH_SUPPRESS_ALL | ErrorBehavior.RTFDE


def _get(obj: Any, name: str) -> Any:
    try:
        return getattr(obj, name, None)
    except (ExMsgBaseException, ValueError, KeyError, UnicodeError, NotImplementedError):
        return None


def _open(blob: Blob) -> Any:
    source: Any = blob.fs_path if blob.data is None else blob.data
    try:
        return extract_msg.openMsg(source, strict=False, errorBehavior=_TOLERANT)
    except (ExMsgBaseException, OSError, ValueError, KeyError, NotImplementedError) as exc:
        raise ExtractError(f"not a readable Outlook message ({type(exc).__name__})") from None


def message_segments(msg: Any, ctx: ExtractContext) -> Iterator[Segment]:
    headers = [f"{label}: {value}" for label, attr in _FIELDS if (value := _get(msg, attr))]
    if headers:
        yield Segment("\n".join(headers), Location(part="headers"))
    body = _get(msg, "body")
    if isinstance(body, str) and body.strip():
        yield Segment(body, Location(part="body", line=1))
    else:
        html = _get(msg, "htmlBody")
        if isinstance(html, bytes) and html.strip():
            for text, line, context in html_blocks(decode_bytes(html)):
                yield Segment(text, Location(part="body", line=line), context)
    for number, att in enumerate(_get(msg, "attachments") or (), 1):
        ctx.check_time()
        yield from _attachment(att, number, ctx)


def _attachment(att: Any, number: int, ctx: ExtractContext) -> Iterator[Segment]:
    kind = _get(att, "type")
    name = _get(att, "longFilename") or _get(att, "shortFilename") or _get(att, "name")
    if kind in (AttachmentType.MSG, AttachmentType.SIGNED_EMBEDDED):
        name = name or f"message-{number}.msg"
        try:
            data = att.data.exportBytes()
        except (ExMsgBaseException, OSError, ValueError, KeyError, AttributeError, NotImplementedError):
            ctx.problems.append((name, "error", "embedded message could not be exported"))
            return
    else:
        name = name or f"attachment-{number}"
        data = _get(att, "data")
        if not isinstance(data, bytes):
            if kind in (AttachmentType.BROKEN, AttachmentType.UNSUPPORTED, AttachmentType.UNKNOWN):
                ctx.problems.append((name, "error", "attachment could not be read"))
            return
    yield from ctx.extract_member(Blob(name=name, data=data), member=name)


def extract_msg_file(blob: Blob, ctx: ExtractContext) -> Iterator[Segment]:
    msg = _open(blob)
    try:
        yield from message_segments(msg, ctx)
    finally:
        msg.close()
