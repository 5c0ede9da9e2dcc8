"""Excel workbooks (.xlsx/.xlsm): cells, comments, sheet names, headers and footers,
hyperlinks and document properties, through openpyxl.

Each cell is judged with its column header and the label to its left, as the
extractor reads it; a removed number or date becomes a text token, any other
cell keeps its type. openpyxl drops what it cannot model (formula results,
which Excel recomputes; shapes); what it keeps but does not model (charts,
pivot caches, custom XML) then goes through the generic package pass, which
redacts their text and sweeps them for literal copies of removed values.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import warnings
import zipfile
from collections.abc import Callable
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from scanner.extract.common import ColumnHeaders
from scanner.redact.dispatch import Job, UnredactableError
from scanner.redact.engine import Unit
from scanner.redact.writers.ooxml import rebuild_package
from scanner.redact.writers.ooxml_text import looks_like_label

_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")
# Parts openpyxl has rewritten from the model we redacted.
_MODELLED = re.compile(
    r"^(xl/worksheets/.*|xl/sharedStrings\.xml|xl/comments.*|xl/workbook\.xml|xl/styles\.xml|"
    r"docProps/core\.xml|docProps/custom\.xml|xl/drawings/.*\.vml)$"
)


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0, 0) else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e16 else repr(value)
    text = str(value)
    return text if text.strip() else None


def _context(*words: str | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys(w.strip() for w in words if w and w.strip()))


class _Edits:
    def __init__(self) -> None:
        self.units: list[Unit] = []
        self.setters: list[Callable[[str], None]] = []

    def add(self, text: str, context: tuple[str, ...], setter: Callable[[str], None]) -> None:
        if text.strip():
            self.units.append(Unit.of(text, context))
            self.setters.append(setter)


def _set_attr(obj: Any, attr: str) -> Callable[[str], None]:
    return lambda new: setattr(obj, attr, new)


def _sheet(ws: Any, edits: _Edits, job: Job) -> None:
    headers = ColumnHeaders()  # as the extractor finds them, title rows above the table aside
    for row in ws.iter_rows():
        left: tuple[int, str] | None = None
        texts = [_text(cell.value) for cell in row]
        header_row = headers.start_row([t for t in texts if t is not None])
        for cell, text in zip(row, texts, strict=True):
            if text is None:
                continue
            header = headers.header(cell.column, text)
            label = left[1] if left and left[0] == cell.column - 1 and looks_like_label(left[1]) else None
            if header_row and looks_like_label(text):
                label = None  # as the extractor: captions of a header row have no label
            original = text

            def set_cell(new: str, cell: Any = cell, original: str = original) -> None:
                if new != original:
                    cell.value = new

            edits.add(text, _context(header, label), set_cell)
            left = (cell.column, text) if isinstance(cell.value, str) else None
    for cell in list(ws._cells.values()):
        if cell.comment is not None:
            comment = cell.comment
            edits.add(comment.text or "", ("comment",), _set_attr(comment, "text"))
            if comment.author:
                comment.author = job.transformer.whole("PERSON", comment.author)
        if cell.hyperlink is not None and cell.hyperlink.target:
            edits.add(cell.hyperlink.target, ("link",), _set_attr(cell.hyperlink, "target"))
    for hf_name in ("oddHeader", "oddFooter", "evenHeader", "evenFooter", "firstHeader", "firstFooter"):
        hf = getattr(ws, hf_name, None)
        for side in ("left", "center", "right"):
            part = getattr(hf, side, None) if hf is not None else None
            if part is not None and part.text:
                edits.add(part.text, (), _set_attr(part, "text"))


def _properties(wb: Any, edits: _Edits, job: Job) -> None:
    props = wb.properties
    for attr in ("creator", "lastModifiedBy"):
        value = getattr(props, attr, None)
        if isinstance(value, str) and value.strip():
            setattr(props, attr, job.transformer.whole("PERSON", value))
    for attr in ("title", "subject", "description", "keywords", "category", "identifier", "contentStatus"):
        value = getattr(props, attr, None)
        if isinstance(value, str):
            edits.add(value, (attr,), _set_attr(props, attr))
    custom = getattr(wb, "custom_doc_props", None)
    for prop in getattr(custom, "props", []) or []:
        if isinstance(getattr(prop, "value", None), str):
            edits.add(prop.value, (prop.name,), _set_attr(prop, "value"))


def _title(new: str, taken: set[str]) -> str:
    base = _BAD_TITLE.sub("_", new).strip("'")[:31] or "Sheet"
    title, n = base, 1
    while title.casefold() in taken:
        n += 1
        title = f"{base[: 31 - len(str(n)) - 1]}~{n}"
    taken.add(title.casefold())
    return title


def write_xlsx(data: bytes, name: str, job: Job) -> bytes:
    keep_vba = name.lower().endswith((".xlsm", ".xltm"))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about every extension it drops
            wb = load_workbook(io.BytesIO(data), keep_links=True, keep_vba=keep_vba)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as exc:
        raise UnredactableError(f"workbook cannot be opened ({type(exc).__name__})") from None
    edits = _Edits()
    for ws in wb.worksheets:
        _sheet(ws, edits, job)
    _properties(wb, edits, job)
    sheets = list(wb.worksheets) + list(wb.chartsheets)
    titles = [Unit.of(ws.title, ("sheet",)) for ws in sheets]
    results = job.transformer.transform_units(edits.units + titles)
    for setter, unit, pieces in zip(edits.setters, edits.units, results, strict=False):
        new = "".join(pieces)
        if new != unit.text:
            setter(new)
    renamed = [(ws, "".join(p)) for ws, p in zip(sheets, results[len(edits.units) :], strict=True)]
    taken = {ws.title.casefold() for ws, new in renamed if new == ws.title}
    for ws, new in renamed:
        if new != ws.title:
            ws.title = _title(new, taken)
    out = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb.save(out)
    return rebuild_package(out.getvalue(), job, skip=lambda part: bool(_MODELLED.match(part)))
