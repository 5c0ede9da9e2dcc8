"""CSV and TSV: every cell is a value, and its column header says what it is.

Read as a stream (a CSV export can be gigabytes); ``location.line`` is the
physical line where the row starts, so quoted multi-line cells keep later
rows' line numbers right.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from scanner.errors import ExtractError, UnsupportedFormatError
from scanner.extract.base import Blob, ExtractContext
from scanner.extract.text import DETECT_BYTES, detect_encoding
from scanner.models import Location, Segment

_DELIMITERS = ",;\t|"


class _Tab(csv.excel):
    delimiter = "\t"


def sniff_dialect(sample: str, extension: str) -> type[csv.Dialect] | csv.Dialect:
    """The dialect of a table whose text starts with ``sample``; ``extension`` (``tsv``, ``csv``…) picks
    the fallback when sniffing fails.

    The redaction writer reads with it too, so the cells it rewrites are the cells that were scanned.
    """
    default: type[csv.Dialect] = _Tab if extension in ("tsv", "tab") else csv.excel
    cut = sample.rfind("\n")
    sample = sample[:cut] if cut > 0 else sample
    # A title line above the table ("Health claims detail - Harborview") holds no
    # delimiter and makes the sniffer give up; the table below it still has one.
    lines = sample.split("\n")
    start = next((i for i, line in enumerate(lines) if any(d in line for d in _DELIMITERS)), 0)
    for candidate in (sample, "\n".join(lines[start:])):
        try:
            return csv.Sniffer().sniff(candidate, delimiters=_DELIMITERS)
        except csv.Error:
            continue
    return default


def extract_delimited(blob: Blob, ctx: ExtractContext) -> Iterator[Segment]:
    head = blob.head(DETECT_BYTES)
    if not head:
        return
    encoding = detect_encoding(head)
    if encoding is None:
        raise UnsupportedFormatError("binary content, not text")
    sample = head[:65536].decode(encoding, errors="replace").lstrip("\ufeff")
    dialect = sniff_dialect(sample, blob.extension)
    del head
    with blob.open() as raw, io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline="") as fh:
        reader = csv.reader(fh, dialect)
        header: list[str] | None = None
        line = 1
        try:
            for rows, row in enumerate(reader):
                start, line = line, reader.line_num + 1
                if rows % 1000 == 999:
                    ctx.check_time()
                if not any(cell.strip() for cell in row):
                    continue
                if header is None or (len(header) == 1 and len([c for c in row if c.strip()]) >= 3):
                    # A one-cell title line ("Auto claims register - ...") is not the header;
                    # the first row of several cells after it is.
                    header = [cell.strip() for cell in row]
                    yield from (Segment(cell, Location(line=start)) for cell in row if cell.strip())
                    continue
                for i, cell in enumerate(row):
                    if not cell.strip():
                        continue
                    name = header[i] if i < len(header) else ""
                    yield Segment(cell, Location(line=start, key=name or None), (name,) if name else ())
        except csv.Error:
            raise ExtractError(f"malformed delimited text near line {line}") from None
