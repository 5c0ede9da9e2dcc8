"""CSV and TSV: every cell is a value, and its column header says what it is.

Read as a stream (a CSV export can be gigabytes); ``location.line`` is the
physical line where the row starts, so quoted multi-line cells keep later
rows' line numbers right.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterator

from scanner.errors import ExtractError, UnsupportedFormatError
from scanner.extract.base import Blob, ExtractContext
from scanner.extract.common import is_title_row
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
    data = "\n".join(lines[start:])
    sniffed: type[csv.Dialect] | csv.Dialect | None = None
    for candidate in (sample, data):
        try:
            sniffed = csv.Sniffer().sniff(candidate, delimiters=_DELIMITERS)
            break
        except csv.Error:
            continue
    # The sniffer takes any delimiter that occurs equally often on each line, and
    # prefers a comma: "Kavya Desai;$34,261.00;$22,785.28" has two commas on every
    # line too. The delimiter is the one that splits the rows below the title lines
    # most consistently (``_consistency``); the sniffer's choice stands when it does
    # as well, so ordinary tables read as before.
    scores = {d: _consistency(data, d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: scores[d])
    if sniffed is not None and scores[sniffed.delimiter] >= scores[best]:
        return sniffed
    if scores[best][0] < 2:  # one row is no evidence
        return sniffed or default
    if sniffed is None and scores[default.delimiter] >= scores[best]:
        return default
    return _dialect(best)


def _consistency(text: str, delimiter: str) -> tuple[int, int]:
    """How consistently ``delimiter`` splits ``text`` into rows, and into how many fields mostly.

    Each row that shares its field count with another row is evidence in proportion
    to the delimiters it holds; a row whose count no other row has counts against:
    prose with a comma or two and amounts such as ``$1,234.00`` split into rows of
    every width, a table into rows of a few. Rows with fewer than two non-empty
    fields ("Hi Anna,") prove nothing.
    """
    counts: Counter[int] = Counter()
    try:
        for row in csv.reader(io.StringIO(text, newline=""), csv.excel, delimiter=delimiter):
            if sum(1 for cell in row if cell.strip()) >= 2:
                counts[len(row)] += 1
    except csv.Error:
        pass  # a quoted cell cut at the end of the sample; the rows before it count
    score = sum((rows if rows > 1 else -1) * (fields - 1) for fields, rows in counts.items())
    width = max(counts, key=lambda fields: (counts[fields], fields), default=0)
    return (score, width)


def _dialect(delimiter: str) -> type[csv.Dialect]:
    return (
        _Tab
        if delimiter == "\t"
        else type(f"_Delimited{ord(delimiter)}", (csv.excel,), {"delimiter": delimiter})
    )


def starts_table(header: list[str] | None, row: list[str]) -> bool:
    """Whether non-empty ``row`` is the header row, given the ``header`` taken so far.

    The first row is, until a better one comes: a one-cell title line ("Auto claims
    register - ...") is not the header, the first row of three or more cells after it
    is. The redaction writer asks the same question.
    """
    if header is None:
        return True
    return is_title_row(header) and sum(1 for cell in row if cell.strip()) >= 3


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
                if starts_table(header, row):
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
