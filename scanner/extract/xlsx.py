"""Excel (.xlsx/.xlsm): every non-empty cell of every sheet, plus cell comments.

Read with openpyxl in read-only mode (rows stream from the sheet XML) and
with cached values, not formulas. Each cell's context is its column header
(``ColumnHeaders``: the first non-empty cell of the column, report titles
above the header row aside) and, on key-value forms, the text
label in the cell to its left. Cell comments are read straight from the
package: read-only mode does not load them.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from typing import IO, Any

from lxml import etree
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from scanner.errors import ExtractError
from scanner.extract.base import Blob, ExtractContext
from scanner.extract.common import ColumnHeaders, cell_ref, context_of, looks_like_label, value_text
from scanner.models import Location, Segment

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_COMMENTS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
_SAFE = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def _open(fh: IO[bytes]) -> Any:
    # A file object, not a path: openpyxl refuses paths without an Excel
    # extension, and sniffing has already said this is a workbook.
    try:
        return load_workbook(fh, read_only=True, data_only=True, keep_links=False)
    except (
        InvalidFileException,
        zipfile.BadZipFile,
        KeyError,
        ValueError,
        TypeError,
        etree.XMLSyntaxError,
    ) as exc:
        raise ExtractError(f"not a valid Excel workbook ({type(exc).__name__})") from None


def _cells(ws: Any, ctx: ExtractContext) -> Iterator[Segment]:
    headers = ColumnHeaders()
    ws.reset_dimensions()  # stored dimensions can be wrong; read every row there is
    for count, row in enumerate(ws.iter_rows()):
        if count % 1000 == 999:
            ctx.check_time()
        left: tuple[int, str] | None = None
        texts = [value_text(getattr(c, "value", None)) for c in row]
        # A report title or run-date line above the real header row is not the header.
        # A caption in a header row is no value of the caption to its left: given it as
        # context, "Date of Birth" would share its left neighbour's context with the
        # "Loss Date" column below it, and detection, which joins segments of one context
        # and reads a label across the join, would take the first loss date for a birth date.
        header_row = headers.start_row([t for t in texts if t is not None])
        for cell, text in zip(row, texts, strict=True):
            if text is None:
                continue
            column, number = cell.column, cell.row
            header = headers.header(column, text)
            label = left[1] if left and left[0] == column - 1 and looks_like_label(left[1]) else None
            if header_row and looks_like_label(text):
                label = None
            context = context_of(header, label)
            yield Segment(text, Location(sheet=ws.title, cell=cell_ref(column, number)), context)
            left = (column, text) if isinstance(cell.value, str) else None


def _resolve(base: str, target: str) -> str:
    """A relationship target as a zip member name (targets may be absolute)."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(base, target))


def _comments(blob: Blob) -> Iterator[Segment]:
    # Sheet name -> sheet part -> its comments part, by the package relationships.
    with blob.open() as fh, zipfile.ZipFile(fh) as zf:
        names = set(zf.namelist())
        workbook = etree.fromstring(zf.read("xl/workbook.xml"), _SAFE)
        rels = etree.fromstring(zf.read("xl/_rels/workbook.xml.rels"), _SAFE)
        targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PKG_REL}Relationship")}
        for sheet in workbook.iter(f"{_MAIN}sheet"):
            target = targets.get(sheet.get(f"{_REL}id"), "")
            path = _resolve("xl", target)
            sheet_rels = posixpath.join(posixpath.dirname(path), "_rels", posixpath.basename(path) + ".rels")
            if sheet_rels not in names:
                continue
            for rel in etree.fromstring(zf.read(sheet_rels), _SAFE).iter(f"{_PKG_REL}Relationship"):
                if rel.get("Type") != _COMMENTS_REL:
                    continue
                comments_path = _resolve(posixpath.dirname(path), rel.get("Target", ""))
                if comments_path not in names:
                    continue
                tree = etree.fromstring(zf.read(comments_path), _SAFE)
                authors = [a.text or "" for a in tree.iter(f"{_MAIN}author")]
                for comment in tree.iter(f"{_MAIN}comment"):
                    text = "".join(t.text or "" for t in comment.iter(f"{_MAIN}t"))
                    if not text.strip():
                        continue
                    where = Location(sheet=sheet.get("name"), cell=comment.get("ref"), part="comment")
                    yield Segment(text, where, ("comment",))
                    author_id = comment.get("authorId", "")
                    if (
                        author_id.isdigit()
                        and int(author_id) < len(authors)
                        and authors[int(author_id)].strip()
                    ):
                        yield Segment(authors[int(author_id)], replace(where, key="author"), ("author",))


def extract_xlsx(blob: Blob, ctx: ExtractContext) -> Iterator[Segment]:
    # Read-only workbooks read rows lazily: the file stays open until we are done.
    with blob.open() as fh:
        wb = _open(fh)
        try:
            for ws in wb.worksheets:
                ctx.check_time()
                try:
                    yield from _cells(ws, ctx)
                except (KeyError, ValueError, TypeError, etree.XMLSyntaxError, zipfile.BadZipFile) as exc:
                    raise ExtractError(f"damaged worksheet ({type(exc).__name__})") from None
        finally:
            wb.close()
    try:
        yield from _comments(blob)
    except (KeyError, ValueError, etree.XMLSyntaxError, zipfile.BadZipFile):
        return  # comments are a bonus; the cells were read
