"""Tables printed as text: which column header stands above a value.

Reports, e-mail bodies, loss runs and bordereaux exported as text print tables as lines:
cells separated by tabs, by pipes (``| a | b |``), or by runs of two or more spaces in a
fixed-width layout (often with a ``-----  ----`` rule under the header). PDF text keeps
only one space between cells, so there a value's column cannot be told; only the header
line above the rows is known.

``text_table_cells(text)`` finds the aligned tables in a text and returns each data cell
with its header, so a cell under "Rendering NPI" or "Member ID" is judged as the structured
formats are (``recognizers.columns``). ``header_line_above(text, pos)`` returns the header
line of the block of rows ``pos`` is in, for recognizers that accept a code or a
checksummed number under a header that names it ("Date Provider NPI Facility CPT ICD-10").
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import regex

__all__ = ["TextCell", "header_line_above", "in_code_list", "text_table_cells"]

_RULE = regex.compile(r"^[ \t|+:=\-]+$")
_GAP = regex.compile(r"[ ]{2,}|\t")
_WORDY = regex.compile(r"\p{L}")
_DIGIT_TOKEN = regex.compile(r"\d")
# A header cell is a short label: "Date of Birth", "ICD-10", "Member ID #", "Paid ($)".
_HEADER_CELL = regex.compile(r"^[\p{L}][\p{L}\p{M}0-9 .'’/#&()%$?\-]{0,39}$")
_MAX_ROWS_UP = 400


@dataclass(frozen=True)
class TextCell:
    """A data cell of a text table: offsets in the analysed text, and its column header."""

    start: int
    end: int
    header: str


def _lines(text: str) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    pos = 0
    for line in text.split("\n"):
        # A mail body keeps CRLF line ends; the "\r" is not part of the last cell.
        out.append((pos, line[:-1] if line.endswith("\r") else line))
        pos += len(line) + 1
    return out


def _style(line: str) -> str | None:
    """ "tab", "pipe", "fixed" or None for a line that is not a table row."""
    if "\t" in line.strip("\t "):
        return "tab"
    if line.count("|") >= 2:
        return "pipe"
    if _GAP.search(line.strip()):
        return "fixed"
    return None


# Compiled here: ``regex``'s module functions look their cache up in Python (a fifth of
# reading a table's columns went to that lookup).
_CELL = {"tab": regex.compile(r"[^\t]+"), "pipe": regex.compile(r"[^|]+")}
_FIXED_CELL = regex.compile(r"\S+(?:[ ]\S+)*")
_RULE = regex.compile(r"[\-=]+")


def _cells(line: str, style: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty cell within ``line``."""
    parts = _CELL.get(style, _FIXED_CELL).finditer(line)
    out = []
    for m in parts:
        s, e = m.span()
        while s < e and line[s] in " \t":
            s += 1
        while e > s and line[e - 1] in " \t":
            e -= 1
        if s < e:
            out.append((s, e))
    return out


def _is_header(line: str, cells: list[tuple[int, int]]) -> bool:
    if len(cells) < 3:
        return False
    words = [line[s:e] for s, e in cells]
    if any(w.endswith(":") or ": " in w for w in words):
        return False  # "Policy No.: X    Claim #: Y" is a form, not a header
    labels = sum(1 for w in words if _HEADER_CELL.match(w) and len(_DIGIT_TOKEN.findall(w)) <= 2)
    return labels == len(words)


def _rule_columns(line: str) -> list[tuple[int, int]]:
    return [m.span() for m in _RULE.finditer(line)]


@functools.lru_cache(maxsize=16)
def _tables(text: str) -> tuple[TextCell, ...]:
    # Cached per text: each recognizer asking about the same analysed text parses it once.
    found: list[TextCell] = []
    lines = _lines(text)
    i = 0
    while i < len(lines):
        offset, line = lines[i]
        style = _style(line)
        cells = _cells(line, style) if style else []
        if not style or not _is_header(line, cells):
            i += 1
            continue
        headers = [(s, e, line[s:e]) for s, e in cells]
        j = i + 1
        columns: list[tuple[int, int]] | None = None
        if j < len(lines) and _RULE.match(lines[j][1]) and lines[j][1].strip():
            if style == "fixed":
                columns = _rule_columns(lines[j][1])
            j += 1
        rows = 0
        while j < len(lines):
            row_offset, row = lines[j]
            if not row.strip() or _style(row) != style:
                break
            if _RULE.match(row):
                j += 1
                continue
            row_cells = _cells(row, style)
            if style in ("tab", "pipe"):
                if len(row_cells) > len(headers) or _is_header(row, row_cells):
                    break
                positions = _split_positions(row, style)
                for s, e in row_cells:
                    k = positions(s)
                    if 0 <= k < len(headers):
                        found.append(TextCell(row_offset + s, row_offset + e, headers[k][2]))
            else:
                for s, e in row_cells:
                    header = _fixed_header(s, e, headers, columns)
                    if header:
                        found.append(TextCell(row_offset + s, row_offset + e, header))
            rows += 1
            j += 1
        i = j if rows else i + 1
    return tuple(found)


def _split_positions(row: str, style: str):  # type: ignore[no-untyped-def]
    sep = "\t" if style == "tab" else "|"
    lead = 1 if style == "pipe" and row.lstrip().startswith("|") else 0

    def index(pos: int) -> int:
        return row.count(sep, 0, pos) - lead

    return index


def _fixed_header(
    s: int, e: int, headers: list[tuple[int, int, str]], columns: list[tuple[int, int]] | None
) -> str | None:
    """The header of a fixed-width cell: by the rule's column extents when there is one, else
    the header cell that starts at or just before the cell (columns are left-aligned)."""
    if columns and len(columns) == len(headers):
        for k, (cs, ce) in enumerate(columns):
            if cs <= s < ce + 2:
                return headers[k][2]
        return None
    best = None
    for hs, he, label in headers:
        if hs <= s + 1 and (best is None or hs > best[0]):
            best = (hs, he, label)
    if best is None:
        return None
    nxt = [hs for hs, _, _ in headers if hs > best[0]]
    if nxt and e > min(nxt) + 1:
        return None  # the cell runs into the next column: not aligned
    return best[2]


def text_table_cells(text: str) -> tuple[TextCell, ...]:
    """Every data cell of the tab, pipe and fixed-width tables in ``text``, with its header."""
    if "\n" not in text:
        return ()
    return _tables(text)


def header_line_above(text: str, pos: int) -> str | None:
    """The header line of the table row that holds ``pos``, or None.

    Walks up through the contiguous non-blank lines above (at most a few hundred) to the first
    one that reads as a header: three or more short labels and no values. Works for PDF text,
    where cells are separated by single spaces, since it never needs the columns.
    """
    header, rows_up = _header_for_row(text, text.rfind("\n", 0, pos) + 1)
    return header if rows_up <= _MAX_ROWS_UP else None


def _header_for_row(text: str, row: int) -> tuple[str | None, int]:
    """The nearest header line above the line starting at ``row`` and how many rows up it is
    (None, 0: a blank line or the text's start comes first).

    Each row walked through is remembered for the text (``_header_memo``): rows of one block
    share their header, and a log of a few hundred thousand lines with a value on each would
    otherwise walk the same few hundred rows up from every one of them."""
    memo = _header_memo(text)
    known = memo.get(row)
    if known is not None:
        return known
    walked: list[int] = []  # rows whose lines were read: none is a header, none is blank
    cur, end = row, row - 1
    header: str | None = None
    up = 0  # rows from ``cur`` (or the header line read above it) up to the header
    for _ in range(_MAX_ROWS_UP):
        known = memo.get(cur)
        if known is not None:
            header, up = known
            break
        walked.append(cur)
        if end <= 0:
            break
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end].strip()
        if not line or line == "\u241e":
            break
        if _header_words(line) and not _RULE.match(line):  # "------  -----" is under the header
            header = f"{_title_above(text, start)} {line}".strip()
            break
        end = start - 1
        cur = start
    else:
        # Nothing within reach of this row or any below it; rows walked through that are
        # nearer a header further up are left to their own walk.
        memo[row] = (None, 0)
        return None, 0
    count = len(walked)
    for i, at in enumerate(walked):
        memo[at] = (header, up + count - i) if header is not None else (None, 0)
    return memo[row]


@functools.lru_cache(maxsize=2)
def _header_memo(text: str) -> dict[int, tuple[str | None, int]]:
    # The recognizers of one call ask about the same text in turn; two texts are kept, not
    # more, since a text of many short lines holds an entry per line.
    return {}


def _title_above(text: str, header_start: int) -> str:
    """A short table title over the header ("Diagnoses" over "Code  Description"), skipping
    one rule line; it says what a generic "Code" column holds."""
    end = header_start - 1
    for _ in range(2):
        if end <= 0:
            return ""
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end].strip()
        if line and _RULE.match(line):
            end = start - 1
            continue
        words = line.split()
        if 0 < len(words) <= 5 and not _DIGIT_TOKEN.search(line):
            return line
        return ""
    return ""


@functools.lru_cache(maxsize=32_768)
def _header_words(line: str) -> bool:
    # Memoised: every value in a long table walks up over the same rows to its header.
    words = line.replace("|", " ").replace("\t", " ").split()
    if len(words) < 2 or len(words) > 24 or len(line) > 200 or line.endswith((".", ":")):
        return False
    if any(_DIGIT_TOKEN.search(w) and not _WORDY.search(w) for w in words):
        return False  # a value (date, amount, number) in the line: a data row
    return sum(len(_DIGIT_TOKEN.findall(w)) for w in words) <= 4


def under_header(text: str, pos: int, label: regex.Pattern[str]) -> bool:
    """The value at ``pos`` is in a table row whose header line matches ``label``."""
    header = header_line_above(text, pos)
    return header is not None and label.search(header) is not None


# A list of codes one a line under a heading that says what they are ("Diagnoses\nCode\nM17.11
# \nE11.9" from a PDF table; a fixed-width "Code  Description" table under "Procedures"),
# perhaps with a "Code  Description" header and a rule between heading and list.
_LIST_RULE = regex.compile(r"^[ \t|+:=\-]*$")
_LIST_HEADER = regex.compile(r"(?i)^[ \t|]*(?:[\p{L}\-]+[ \t]+)?codes?\b[\p{L} \t|/]{0,40}$")
_MAX_LIST_LINES = 40


def in_code_list(text: str, start: int, row: regex.Pattern[str], heading: regex.Pattern[str]) -> bool:
    """The value at ``start`` opens a line in a run of lines matching ``row`` (one code a
    line, a description may follow) under a line matching ``heading``."""
    line_start = text.rfind("\n", 0, start) + 1
    if not row.match(text, line_start, min(len(text), start + 12)):
        return False
    end = line_start - 1
    for _ in range(_MAX_LIST_LINES):
        if end <= 0:
            return False
        begin = text.rfind("\n", 0, end) + 1
        line = text[begin:end].rstrip("\r")
        end = begin - 1
        if heading.match(line):
            return True
        if not line.strip() or line.strip() == "\u241e":
            return False
        if not (row.match(line) or _LIST_RULE.match(line) or _LIST_HEADER.match(line)):
            return False
    return False
