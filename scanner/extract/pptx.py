"""PowerPoint (.pptx/.pptm/.ppsx/.potx): shape text, tables and speaker notes.

Shapes inside groups are visited too. Speaker notes are where presenters put
what is not on the slide, often names and numbers, so they are a part of
their own (``part="notes"``).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

from lxml import etree
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.exc import PackageNotFoundError
from pptx.package import Package
from pptx.parts.presentation import PresentationPart

from scanner.errors import ExtractError
from scanner.extract.base import Blob, ExtractContext
from scanner.extract.common import cell_ref, context_of, looks_like_label
from scanner.models import Location, Segment

_PROPERTIES = ("author", "title", "subject", "keywords", "comments", "last_modified_by", "category")


def _open(blob: Blob) -> Any:
    source: Any = blob.fs_path if blob.data is None else io.BytesIO(blob.data)
    try:
        # Not pptx.Presentation(): it refuses slide shows and templates, whose
        # presentation part is the same under another content type.
        part = Package.open(source).main_document_part
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise ExtractError(f"not a valid PowerPoint file ({type(exc).__name__})") from None
    if not isinstance(part, PresentationPart):
        raise ExtractError("not a PowerPoint presentation")
    return part.presentation


def _shapes(shapes: Any) -> Iterator[Any]:
    for shape in shapes:
        if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
            yield from _shapes(shape.shapes)
        else:
            yield shape


def _table(table: Any, slide: int, name: str) -> Iterator[Segment]:
    headers: dict[int, str] = {}
    for r, row in enumerate(table.rows, 1):
        left = ""
        for c, cell in enumerate(row.cells, 1):
            if cell.is_spanned:
                continue
            text = cell.text.replace("\v", "\n").strip()
            if r == 1:
                headers[c] = text
            header = headers.get(c) if r > 1 else None
            context = context_of(header, left if looks_like_label(left) else None)
            if text:
                yield Segment(text, Location(slide=slide, part=name, cell=cell_ref(c, r)), context)
            left = text


def _slide(slide: Any, number: int) -> Iterator[Segment]:
    tables = 0
    for shape in _shapes(slide.shapes):
        if getattr(shape, "has_text_frame", False) and shape.has_text_frame:
            text = shape.text_frame.text.replace("\v", "\n")
            if text.strip():
                yield Segment(text, Location(slide=number))
        if getattr(shape, "has_table", False) and shape.has_table:
            tables += 1
            yield from _table(shape.table, number, f"table {tables}")
    if slide.has_notes_slide:
        frame = slide.notes_slide.notes_text_frame
        if frame is not None and frame.text.strip():
            yield Segment(frame.text.replace("\v", "\n"), Location(slide=number, part="notes"))


def extract_pptx(blob: Blob, ctx: ExtractContext) -> Iterator[Segment]:
    prs = _open(blob)
    for number, slide in enumerate(prs.slides, 1):
        ctx.check_time()
        yield from _slide(slide, number)
    props = prs.core_properties
    for name in _PROPERTIES:
        value = getattr(props, name, None)
        if isinstance(value, str) and value.strip():
            yield Segment(value, Location(part="properties", key=name), (name.replace("_", " "),))
