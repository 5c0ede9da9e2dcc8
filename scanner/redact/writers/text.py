"""Plain text, Markdown, logs, CSV and TSV.

Text keeps its encoding, byte-order mark and line endings; only the values
change. CSV/TSV are parsed with the dialect the extractor would sniff and
written back with it, each cell judged with its column header as context.
"""

from __future__ import annotations

import csv
import io

from scanner.errors import RedactionError
from scanner.extract.base import extension_of
from scanner.extract.delimited import sniff_dialect, starts_table
from scanner.extract.text import DETECT_BYTES, detect_encoding
from scanner.redact.dispatch import Job, UnredactableError
from scanner.redact.engine import Unit

BLOCK_CHARS = 64 * 1024


def decode(data: bytes) -> tuple[str, str]:
    """``(text, encoding)``; ``UnredactableError`` for binary content."""
    if not data:
        return "", "utf-8"
    encoding = detect_encoding(data[:DETECT_BYTES])
    if encoding is None:
        raise UnredactableError("binary content, not text")
    return data.decode(encoding, errors="replace"), encoding


def encode(text: str, encoding: str) -> bytes:
    # Inserted tokens are ASCII, but a surrogate or restored value may not fit
    # a legacy code page; a character reference is better than a crash.
    return text.encode(encoding, errors="xmlcharrefreplace" if encoding.startswith("cp") else "replace")


def blocks(text: str, size: int = BLOCK_CHARS) -> list[str]:
    """Line-aligned blocks, so detection batches and memory stay bounded."""
    out, start = [], 0
    while start < len(text):
        end = start + size
        if end < len(text):
            cut = text.rfind("\n", start, end)
            end = cut + 1 if cut > start else end
        out.append(text[start:end])
        start = end
    return out


def redact_plain(text: str, job: Job) -> str:
    return "".join(job.transformer.transform(blocks(text)))


def write_text(data: bytes, name: str, job: Job) -> bytes:
    text, encoding = decode(data)
    return encode(redact_plain(text, job), encoding)


def write_delimited(data: bytes, name: str, job: Job) -> bytes:
    text, encoding = decode(data)
    bom = text.startswith("\ufeff")
    body = text[1:] if bom else text
    dialect = sniff_dialect(body[:65536], extension_of(name))
    try:
        rows = list(csv.reader(io.StringIO(body, newline=""), dialect))
    except csv.Error:
        raise RedactionError("malformed delimited text") from None
    header: list[str] | None = None
    header_row = -1
    units: list[Unit] = []
    where: list[tuple[int, int]] = []
    for r, row in enumerate(rows):
        if not any(cell.strip() for cell in row):
            continue
        if starts_table(header, row):  # as the extractor reads it
            header, header_row = [cell.strip() for cell in row], r
        for c, cell in enumerate(row):
            if not cell.strip():
                continue
            column = header[c] if r != header_row and c < len(header) else ""
            units.append(Unit.of(cell, (column,) if column else ()))
            where.append((r, c))
    for (r, c), pieces in zip(where, job.transformer.transform_units(units), strict=True):
        rows[r][c] = "".join(pieces)
    out = io.StringIO(newline="")
    terminator = "\r\n" if "\r\n" in body[:65536] else "\n"
    writer = csv.writer(out, dialect, lineterminator=terminator)
    writer.writerows(rows)
    result = out.getvalue()
    if not body.endswith(("\n", "\r")) and result.endswith(terminator):
        result = result[: -len(terminator)]
    return encode(("\ufeff" if bom else "") + result, encoding)
