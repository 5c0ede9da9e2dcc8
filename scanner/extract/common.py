"""Small helpers shared by the table-shaped extractors (CSV, DOCX, XLSX, PPTX)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from openpyxl.utils import get_column_letter

_DIGITS = re.compile(r"\d")
_LETTER = re.compile(r"[^\W\d_]")


def cell_ref(column: int, row: int) -> str:
    """``(3, 7)`` -> ``"C7"``; both 1-based, as a spreadsheet user counts."""
    return f"{get_column_letter(column)}{row}"


def looks_like_label(text: str) -> bool:
    """True for a short caption such as ``Policy No.:`` or ``Insured SSN``.

    Key-value forms put the label in the cell left of the value; a label is
    short, mostly letters, and not itself a number or identifier.
    """
    text = text.strip()
    if not text or len(text) > 60 or "\n" in text:
        return False
    if not _LETTER.search(text):
        return False
    return len(_DIGITS.findall(text)) <= len(text) * 0.2


def is_title_row(cells: Sequence[str]) -> bool:
    """True for a row of at most one non-empty cell: a report title, a run-date line, a section name."""
    return sum(1 for cell in cells if cell.strip()) <= 1


def is_header_row(cells: Sequence[str]) -> bool:
    """True for a row of three or more non-empty cells, most of them captions (``Claimant``, ``Policy #``).

    Most, not all: ``ICD-10`` has too many digits to pass for a label. Three, not two:
    a key-value line (``Member`` | ``Olivier Rousseau``) is two captions as well, and
    forms have many more of those than tables have two-column header rows.
    """
    filled = [cell for cell in cells if cell.strip()]
    return len(filled) >= 3 and 2 * sum(1 for cell in filled if looks_like_label(cell)) > len(filled)


class ColumnHeaders:
    """The header of each column of a sheet read top to bottom (XLSX extraction and redaction).

    A column's header is its first non-empty cell, except that report titles above the
    table are not headers: while every row so far had at most one non-empty cell, the
    first row of several cells that looks like a header row (``is_header_row``) starts
    the table and its cells become the headers of their columns. A later row of three
    or more captions does the same while fewer than three columns have a header (a
    key-value block above the table).
    """

    def __init__(self) -> None:
        self._headers: dict[int, str] = {}
        self._titles_only = True

    def start_row(self, cells: Sequence[str]) -> bool:
        """Call with the non-empty texts of a row before asking for its cells' headers;
        True when the row is a table's header row (its cells are captions, not values)."""
        if self._titles_only and not is_title_row(cells):
            self._titles_only = False
            if is_header_row(cells):
                self._headers = {}
                return True
        if len(self._headers) < 3 and len(cells) >= 3 and all(looks_like_label(t) for t in cells):
            self._headers = {}
            return True
        return False

    def header(self, column: int, text: str) -> str | None:
        """The header above the cell holding ``text`` in ``column``; ``None`` when the cell is the header."""
        found = self._headers.get(column)
        if found is None:
            self._headers[column] = text
        return found


def context_of(*words: str | None) -> tuple[str, ...]:
    """Non-empty, de-duplicated context words, in order."""
    out: list[str] = []
    for word in words:
        word = (word or "").strip()
        if word and word not in out:
            out.append(word)
    return tuple(out)


def value_text(value: object) -> str | None:
    """Spreadsheet values as the text a person would read; ``None`` for nothing."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, float):
        # 123456789.0 is how an SSN typed as a number comes back.
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    text = str(value)
    return text if text.strip() else None
