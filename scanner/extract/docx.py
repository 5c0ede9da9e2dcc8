"""Word (.docx/.docm/.dotx): body, tables, text boxes, headers, footers,
footnotes, comments and document properties.

Paragraph text is read from the XML rather than from ``Paragraph.text``:
that also picks up tracked deletions (``w:delText``, still in the file and so
still a disclosure) and text inside content controls, and it joins runs that
formatting split, so ``123-`` + ``45-6789`` reaches the detector as one value.
Text boxes are read once, skipping the VML fallback copy Word stores beside
each one.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.part import PartFactory
from docx.oxml.ns import qn
from docx.package import Package
from docx.parts.document import DocumentPart
from lxml import etree

from scanner.errors import ExtractError
from scanner.extract.base import Blob, ExtractContext
from scanner.extract.common import cell_ref, context_of, looks_like_label
from scanner.models import Location, Segment

# python-docx only opens plain .docx; the macro-enabled and template variants
# have the same document part under another content type.
for _ct in (
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
):
    PartFactory.part_type_for.setdefault(_ct, DocumentPart)

_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_P, _TBL, _TR, _TC, _SDT, _SDT_CONTENT = (
    qn(t) for t in ("w:p", "w:tbl", "w:tr", "w:tc", "w:sdt", "w:sdtContent")
)
_TEXT = {qn("w:t"), qn("w:delText")}
_SPACE = {qn("w:tab"): "\t", qn("w:br"): " ", qn("w:cr"): " ", qn("w:noBreakHyphen"): "-"}
# Field codes are instructions, not text; text boxes are reported on their own.
_SKIP = {qn("w:instrText"), qn("w:delInstrText"), qn("w:txbxContent"), _MC_FALLBACK}
_WRAPPERS = {_SDT, _SDT_CONTENT, qn("w:customXml"), qn("w:smartTag")}
_PROPERTIES = ("author", "title", "subject", "keywords", "comments", "last_modified_by", "category")


def paragraph_text(p: Any) -> str:
    out: list[str] = []
    _collect(p, out)
    return "".join(out)


def _collect(el: Any, out: list[str]) -> None:
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag in _TEXT:
            out.append(child.text or "")
        elif tag in _SPACE:
            out.append(_SPACE[tag])
        else:
            _collect(child, out)


def _span(tc: Any) -> int:
    span = tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
    value = span.get(qn("w:val")) if span is not None else None
    return int(value) if value and value.isdigit() else 1


class _Walker:
    """Numbers paragraphs and tables within one part (body, headers, …)."""

    def __init__(self, part: str, ctx: ExtractContext) -> None:
        self.part = part
        self.ctx = ctx
        self.paragraphs = 0
        self.tables = 0

    def blocks(self, container: Any) -> Iterator[Segment]:
        for child in container:
            if child.tag == _P:
                self.paragraphs += 1
                if self.paragraphs % 500 == 0:
                    self.ctx.check_time()
                text = paragraph_text(child)
                if text.strip():
                    yield Segment(text, Location(part=self.part, line=self.paragraphs))
            elif child.tag == _TBL:
                self.tables += 1
                name = f"table {self.tables}" if self.part == "body" else f"{self.part} table {self.tables}"
                yield from self.table(child, name)
            elif child.tag in _WRAPPERS:
                yield from self.blocks(child)

    def table(self, tbl: Any, name: str) -> Iterator[Segment]:
        headers: dict[int, str] = {}
        for row, tr in enumerate(tbl.iterchildren(_TR), 1):
            before = tr.find(f"{qn('w:trPr')}/{qn('w:gridBefore')}")
            column = 1 + int(before.get(qn("w:val"), "0")) if before is not None else 1
            left = ""
            for tc in tr.iterchildren(_TC):
                ref = cell_ref(column, row)
                text = "\n".join(paragraph_text(p) for p in tc.iter(_P) if not _nested(p, tc)).strip()
                if row == 1:
                    headers[column] = text
                    context: tuple[str, ...] = context_of(left if looks_like_label(left) else None)
                else:
                    context = context_of(headers.get(column), left if looks_like_label(left) else None)
                if text:
                    yield Segment(text, Location(part=name, cell=ref), context)
                for k, inner in enumerate(tc.iterchildren(_TBL), 1):
                    yield from self.table(inner, f"{name}, {ref}, table {k}")
                left = text
                column += _span(tc)


def _nested(p: Any, tc: Any) -> bool:
    """True if paragraph ``p`` sits in a table or text box inside cell ``tc``."""
    node = p.getparent()
    while node is not None and node is not tc:
        if node.tag in (_TBL, qn("w:txbxContent")) or node.tag == _MC_FALLBACK:
            return True
        node = node.getparent()
    return False


def _open(blob: Blob) -> Any:
    try:
        package = Package.open(blob.fs_path if blob.data is None else io.BytesIO(blob.data))
        part = package.main_document_part
        if not isinstance(part, DocumentPart):
            raise ExtractError("not a Word document")
        return part.document
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise ExtractError(f"not a valid Word document ({type(exc).__name__})") from None


def _related(doc: Any, reltype: str) -> list[Any]:
    parts = [
        rel.target_part for rel in doc.part.rels.values() if rel.reltype == reltype and not rel.is_external
    ]
    return sorted(parts, key=lambda part: str(part.partname))


def _xml(part: Any) -> Any:
    element = getattr(part, "element", None)
    if element is not None:
        return element
    return etree.fromstring(part.blob, etree.XMLParser(resolve_entities=False, no_network=True))


def extract_docx(blob: Blob, ctx: ExtractContext) -> Iterator[Segment]:
    doc = _open(blob)
    body = doc.element.body
    yield from _Walker("body", ctx).blocks(body)
    boxes = _Walker("text box", ctx)
    for box in body.iter(qn("w:txbxContent")):
        if next(box.iterancestors(_MC_FALLBACK), None) is None:
            yield from boxes.blocks(box)
    for part_name, reltype in (("header", RT.HEADER), ("footer", RT.FOOTER)):
        walker = _Walker(part_name, ctx)
        for part in _related(doc, reltype):
            yield from walker.blocks(_xml(part))
    for part_name, reltype, item in (
        ("footnotes", RT.FOOTNOTES, "w:footnote"),
        ("endnotes", RT.ENDNOTES, "w:endnote"),
        ("comments", RT.COMMENTS, "w:comment"),
    ):
        walker = _Walker(part_name, ctx)
        for part in _related(doc, reltype):
            for note in _xml(part).iterchildren(qn(item)):
                if note.get(qn("w:type")) in ("separator", "continuationSeparator", "continuationNotice"):
                    continue
                author = note.get(qn("w:author"))
                if author and author.strip():
                    yield Segment(author, Location(part=part_name, key="author"), ("author",))
                yield from walker.blocks(note)
    props = doc.core_properties
    for name in _PROPERTIES:
        value = getattr(props, name, None)
        if isinstance(value, str) and value.strip():
            yield Segment(value, Location(part="properties", key=name), (name.replace("_", " "),))
