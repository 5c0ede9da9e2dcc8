"""Small helpers shared by the table-shaped extractors (CSV, DOCX, XLSX, PPTX)."""

from __future__ import annotations

import datetime as dt
import re

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
