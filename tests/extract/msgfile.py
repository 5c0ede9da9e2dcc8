"""Build small, real Outlook .msg files for tests.

extract-msg cannot write messages, but it ships a compound-file writer
(``OleWriter``, used for its own exports); on top of it this writes the MAPI
layout of [MS-OXMSG]: ``__substg1.0_<tag>`` streams for strings and binary
data, a ``__properties_version1.0`` stream for fixed-size properties, and
storages for recipients, attachments and embedded messages.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

from extract_msg.ole_writer import OleWriter

PT_LONG, PT_UNICODE, PT_BINARY, PT_OBJECT = 0x0003, 0x001F, 0x0102, 0x000D
_READ_WRITE = 0x6


@dataclass
class Msg:
    subject: str
    body: str
    sender_name: str = "Claims Desk"
    sender_email: str = "claims@example.com"
    to: list[tuple[str, str]] = field(default_factory=list)
    cc: list[tuple[str, str]] = field(default_factory=list)
    attachments: list[tuple[str, bytes]] = field(default_factory=list)
    embedded: list[Msg] = field(default_factory=list)


def _tag(prop: int, ptype: int) -> str:
    return f"__substg1.0_{prop:04X}{ptype:04X}"


def _props(header: bytes, fixed: list[tuple[int, int, int]], variable: list[tuple[int, int, int]]) -> bytes:
    out = bytearray(header)
    for prop, ptype, value in fixed:
        out += struct.pack("<IIQ", (prop << 16) | ptype, _READ_WRITE, value)
    for prop, ptype, size in variable:
        out += struct.pack("<IIII", (prop << 16) | ptype, _READ_WRITE, size, 0)
    return bytes(out)


def _add_message(w: OleWriter, base: list[str], msg: Msg, top: bool) -> None:
    strings = {
        0x001A: "IPM.Note",
        0x0037: msg.subject,
        0x1000: msg.body,
        0x0C1A: msg.sender_name,
        0x0C1F: msg.sender_email,
        0x0C1E: "SMTP",
        0x0E04: "; ".join(name for name, _ in msg.to),
        0x0E03: "; ".join(name for name, _ in msg.cc),
    }
    variable = []
    for prop, value in strings.items():
        data = value.encode("utf-16-le")
        w.addEntry(base + [_tag(prop, PT_UNICODE)], data)
        variable.append((prop, PT_UNICODE, len(data) + 2))
    recipients = [(n, e, 1) for n, e in msg.to] + [(n, e, 2) for n, e in msg.cc]
    for i, (name, email, rtype) in enumerate(recipients):
        storage = base + [f"__recip_version1.0_#{i:08X}"]
        w.addEntry(storage, storage=True)
        rvar = []
        for prop, value in ((0x3001, name), (0x3003, email), (0x39FE, email), (0x3002, "SMTP")):
            data = value.encode("utf-16-le")
            w.addEntry(storage + [_tag(prop, PT_UNICODE)], data)
            rvar.append((prop, PT_UNICODE, len(data) + 2))
        w.addEntry(storage + ["__properties_version1.0"], _props(b"\0" * 8, [(0x0C15, PT_LONG, rtype)], rvar))
    attachments: list[tuple[str, bytes | Msg]] = [
        *msg.attachments,
        *((m.subject + ".msg", m) for m in msg.embedded),
    ]
    for i, (filename, payload) in enumerate(attachments):
        storage = base + [f"__attach_version1.0_#{i:08X}"]
        w.addEntry(storage, storage=True)
        avar = []
        for prop in (0x3707, 0x3704, 0x3001):
            data = filename.encode("utf-16-le")
            w.addEntry(storage + [_tag(prop, PT_UNICODE)], data)
            avar.append((prop, PT_UNICODE, len(data) + 2))
        if isinstance(payload, Msg):
            method = 5
            inner = storage + [_tag(0x3701, PT_OBJECT)]
            w.addEntry(inner, storage=True)
            _add_message(w, inner, payload, top=False)
            avar.append((0x3701, PT_OBJECT, 0xFFFFFFFF))
        else:
            method = 1
            w.addEntry(storage + [_tag(0x3701, PT_BINARY)], payload)
            avar.append((0x3701, PT_BINARY, len(payload)))
        fixed = [(0x3705, PT_LONG, method), (0x0E21, PT_LONG, i)]
        w.addEntry(storage + ["__properties_version1.0"], _props(b"\0" * 8, fixed, avar))
    counts = struct.pack("<IIII", len(recipients), len(attachments), len(recipients), len(attachments))
    header = b"\0" * 8 + counts + (b"\0" * 8 if top else b"")
    w.addEntry(base + ["__properties_version1.0"], _props(header, [(0x0E07, PT_LONG, 0)], variable))
    if top:
        w.addEntry(["__nameid_version1.0"], storage=True)
        for stream in ("__substg1.0_00020102", "__substg1.0_00030102", "__substg1.0_00040102"):
            w.addEntry(["__nameid_version1.0", stream], b"")


def build_msg(msg: Msg) -> bytes:
    import io

    w = OleWriter()
    _add_message(w, [], msg, top=True)
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()
