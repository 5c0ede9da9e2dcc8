"""PDF: pages with findings become images with black boxes; the rest stay as they are.

A black rectangle drawn over text that is still in the file is not a
redaction, and editing glyphs out of content streams is fragile (fonts,
encodings, XObjects, text drawn twice). So, for each page with something to
remove:

1. read each page's text as extraction reads it (``scanner.extract.pdf``, the
   text the scan reported and the check reads back), detect on it and take
   each value's character boxes from pdfium (OCR word boxes for scanned
   pages); boxes and rendering share one coordinate system, the rendering
   being done on a copy with rotation and crop box neutralised;
2. render the page with pdfium (form fields drawn in), paint the boxes black;
3. replace the page's content with that image and an invisible text layer
   holding only the characters we kept, so the words that are not personal
   data can still be searched and extracted; annotations go with the old
   content.

Pages without findings keep their text layer untouched. The document
information dictionary and XMP metadata are removed; so are thumbnails,
embedded files, JavaScript and XFA form data (none can be checked), the
structure tree once a page was rasterised, bookmarks if a title held a
value, and form values that held one (with their appearance streams).
Objects no longer referenced (the old page content) are not written.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

import pdfplumber
import pikepdf
import pypdfium2 as pdfium
from pikepdf import Dictionary, Name

from scanner.errors import RedactionError
from scanner.models import Location, Segment
from scanner.redact.dispatch import Job, MemberIssue, UnredactableError
from scanner.redact.engine import Hit
from scanner.redact.writers.image import Word, covered, layout, ocr_words, paint
from scanner.redact.writers.pdf_layout import (
    Box,
    Glyph,
    PageText,
    kept,
    page_glyphs,
    pdfium_page_text,
    table_cells,
    text_layer,
)

OCR_DPI = 300
MIN_TEXT_CHARS = 20
MAX_PIXELS = 60_000_000
_PAGE_KEEP = {
    "/Type",
    "/Parent",
    "/MediaBox",
    "/CropBox",
    "/BleedBox",
    "/TrimBox",
    "/ArtBox",
    "/Rotate",
    "/UserUnit",
}


def _inherited(obj: Any, key: str) -> Any:
    node = obj
    for _ in range(64):
        if node is None:
            return None
        if key in node:
            return node[key]
        node = node.get("/Parent")
    return None


def _box(obj: Any, key: str) -> list[float] | None:
    value = _inherited(obj, key)
    return [float(v) for v in value] if value is not None else None


@dataclass
class _Page:
    index: int
    text: PageText
    media: list[float]
    ocr: list[Word] = field(default_factory=list)
    ocr_scale: float = 0.0
    image: Any = None  # rendered for OCR; reused for the output
    boxes: list[Box] = field(default_factory=list)
    removed: list[tuple[int, int]] = field(default_factory=list)
    removed_words: set[int] = field(default_factory=set)
    rasterise: bool = False


def _open(data: bytes) -> pikepdf.Pdf:
    try:
        return pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError:
        raise UnredactableError("password-protected PDF") from None
    except pikepdf.PdfError as exc:
        raise UnredactableError(f"corrupt PDF ({type(exc).__name__})") from None


def _normalised(data: bytes) -> bytes:
    """A copy with rotation 0 and crop box = media box, to measure and render in one space."""
    with pikepdf.open(io.BytesIO(data)) as norm:
        for page in norm.pages:
            media = _inherited(page.obj, "/MediaBox")
            page.obj.MediaBox = pikepdf.Array([float(v) for v in media])
            page.obj.CropBox = pikepdf.Array([float(v) for v in media])
            page.obj.Rotate = 0
        out = io.BytesIO()
        norm.save(out)
        return out.getvalue()


def _render(doc: Any, index: int, dpi: int, media: list[float]) -> tuple[Any, float]:
    width, height = media[2] - media[0], media[3] - media[1]
    scale = dpi / 72
    if width * height * scale * scale > MAX_PIXELS:
        scale = (MAX_PIXELS / max(width * height, 1)) ** 0.5
    page = doc[index]
    try:
        bitmap = page.render(scale=scale, may_draw_forms=True)
        try:
            return bitmap.to_pil().convert("RGB"), scale
        finally:
            bitmap.close()
    finally:
        page.close()


def _annotation_segments(pdf: pikepdf.Pdf) -> list[tuple[int, Any, Segment]]:
    """(page index, annotation, segment) for comments and filled-in form values."""
    out = []
    for index, page in enumerate(pdf.pages):
        for annot in page.obj.get("/Annots", []) or []:
            if not isinstance(annot, Dictionary):
                continue
            if annot.get("/Subtype") == Name.Widget:
                value = _inherited(annot, "/V")
                if isinstance(value, pikepdf.String) and str(value).strip():
                    label = _inherited(annot, "/T")
                    context = (str(label),) if isinstance(label, pikepdf.String) else ()
                    out.append(
                        (index, annot, Segment(str(value), Location(page=index + 1, part="form"), context))
                    )
            else:
                contents = annot.get("/Contents")
                if isinstance(contents, pikepdf.String) and str(contents).strip():
                    out.append(
                        (index, annot, Segment(str(contents), Location(page=index + 1, part="annotations")))
                    )
    return out


def _outline_titles(pdf: pikepdf.Pdf) -> list[str]:
    titles: list[str] = []
    outlines = pdf.Root.get("/Outlines")
    stack = [outlines.get("/First")] if isinstance(outlines, Dictionary) else []
    seen: set[tuple[int, int]] = set()
    while stack and len(titles) < 100_000:
        node = stack.pop()
        if not isinstance(node, Dictionary) or node.objgen in seen:
            continue
        seen.add(node.objgen)
        if isinstance(node.get("/Title"), pikepdf.String):
            titles.append(str(node.Title))
        stack.extend([node.get("/Next"), node.get("/First")])
    return titles


def _rect_box(annot: Any, media: list[float]) -> Box | None:
    rect = annot.get("/Rect")
    if rect is None or len(rect) != 4:
        return None
    x0, y0, x1, y1 = (float(v) for v in rect)
    return (min(x0, x1) - media[0], media[3] - max(y0, y1), max(x0, x1) - media[0], media[3] - min(y0, y1))


def _strip_field(annot: Any) -> None:
    """Remove a form value and every drawn copy of it, up the field's parents."""
    node = annot
    for _ in range(32):
        if not isinstance(node, Dictionary):
            return
        for key in ("/V", "/DV", "/AP"):
            if key in node:
                del node[key]
        node = node.get("/Parent")


def _replace_page(
    pdf: pikepdf.Pdf, page: pikepdf.Page, jpeg: bytes, size: tuple[int, int], glyphs: list[Glyph]
) -> None:
    obj = page.obj
    media = _box(obj, "/MediaBox") or [0.0, 0.0, 612.0, 792.0]
    crop = _box(obj, "/CropBox")
    rotate = _inherited(obj, "/Rotate")
    image = pikepdf.Stream(pdf, jpeg)
    image.Type, image.Subtype = Name.XObject, Name.Image
    image.Width, image.Height = size
    image.ColorSpace, image.BitsPerComponent, image.Filter = Name.DeviceRGB, 8, Name.DCTDecode
    font = Dictionary(
        Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica, Encoding=Name.WinAnsiEncoding
    )
    width, height = media[2] - media[0], media[3] - media[1]
    content = f"q {width:.4f} 0 0 {height:.4f} {media[0]:.4f} {media[1]:.4f} cm /Im0 Do Q\n".encode()
    content += text_layer(glyphs, media[3])
    for key in list(obj.keys()):
        if key not in _PAGE_KEEP:
            del obj[key]
    obj.MediaBox = pikepdf.Array(media)
    if crop is not None:
        obj.CropBox = pikepdf.Array(crop)
    if rotate is not None:
        obj.Rotate = int(rotate)
    obj.Resources = Dictionary(XObject=Dictionary(Im0=image), Font=Dictionary(F0=font))
    obj.Contents = pdf.make_stream(content)


def _strip_document(pdf: pikepdf.Pdf, job: Job, rasterised: bool, outline_hit: bool) -> None:
    if "/Info" in pdf.trailer:
        del pdf.trailer["/Info"]
    root = pdf.Root
    for key in ("/Metadata", "/PieceInfo"):
        if key in root:
            del root[key]
    names = root.get("/Names")
    if isinstance(names, Dictionary):
        for key, what in (
            ("/EmbeddedFiles", "embedded file attachments"),
            ("/JavaScript", "document JavaScript"),
        ):
            if key in names:
                del names[key]
                job.issues.append(MemberIssue(job.path or "(document)", "removed", f"{what} removed"))
    form = root.get("/AcroForm")
    if isinstance(form, Dictionary) and "/XFA" in form:
        del form["/XFA"]  # XFA data packets repeat every field value in XML no reader here checks
    if outline_hit and "/Outlines" in root:
        del root["/Outlines"]
    if rasterised:
        for key in ("/StructTreeRoot", "/MarkInfo"):
            if key in root:
                del root[key]
    for page in pdf.pages:
        for key in ("/Thumb", "/Metadata", "/PieceInfo"):
            if key in page.obj:
                del page.obj[key]
        annots = page.obj.get("/Annots")
        if annots is not None:
            kept_annots = [
                a
                for a in annots
                if not (isinstance(a, Dictionary) and a.get("/Subtype") == Name.FileAttachment)
            ]
            if len(kept_annots) != len(annots):
                page.obj.Annots = pikepdf.Array(kept_annots)


def write_pdf(data: bytes, name: str, job: Job) -> bytes:
    if not job.redacting:
        return data
    pdf = _open(data)
    try:
        norm = _normalised(data)
    except pikepdf.PdfError as exc:
        raise UnredactableError(f"corrupt PDF ({type(exc).__name__})") from None
    doc = pdfium.PdfDocument(norm)
    try:
        doc.init_forms()
        pages = _measure(data, pdf, norm, doc, job)
        annots = _annotation_segments(pdf)
        titles = _outline_titles(pdf)
        # Table cells with their column headers first: what is found there is then
        # swept from the page text, where the same value has no label beside it.
        cells = [
            Segment(text, Location(page=p.index + 1), context)
            for p in pages
            for text, context in table_cells(p.text)
        ]
        if cells:
            job.transformer.learn(cells)
        segments = [Segment(p.text.text, Location(page=p.index + 1)) for p in pages]
        segments += [Segment(layout(p.ocr)[0], Location(page=p.index + 1)) for p in pages]
        segments += [seg for _, _, seg in annots]
        segments += [Segment(t, Location(part="bookmarks")) for t in titles]
        hits = job.transformer.find(segments)
        n = len(pages)
        for page, text_hits, ocr_hits in zip(pages, hits[:n], hits[n : 2 * n], strict=True):
            _mark(page, text_hits, ocr_hits)
        for (index, annot, _), annot_hits in zip(annots, hits[2 * n : 2 * n + len(annots)], strict=True):
            if annot_hits:
                pages[index].rasterise = True
                box = _rect_box(annot, pages[index].media)
                if box is not None:
                    pages[index].boxes.append(box)
                _strip_field(annot)
        outline_hit = any(hits[2 * n + len(annots) :])
        for page in pages:
            if page.rasterise:
                _rasterise(pdf, doc, page, job)
    finally:
        doc.close()
    _strip_document(pdf, job, any(p.rasterise for p in pages), outline_hit)
    out = io.BytesIO()
    try:
        pdf.save(out, fix_metadata_version=False, compress_streams=True)
    except pikepdf.PdfError as exc:
        raise RedactionError(f"cannot write PDF ({type(exc).__name__})") from None
    finally:
        pdf.close()
    return out.getvalue()


def _measure(data: bytes, pdf: pikepdf.Pdf, norm: bytes, doc: Any, job: Job) -> list[_Page]:
    """Each page's text as extraction reads it, with character boxes; OCR words for scans.

    The text and boxes come from the original as ``scanner.extract.pdf`` opens it
    (boxes are in user space, which normalising does not move): the writer then
    detects on the very text the scan reported and the check reads back. A page
    pdfium cannot map is read with pdfplumber, as before.
    """
    try:
        source = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        source = None
    plumb: Any = None
    pages = []
    try:
        for index, page_obj in enumerate(pdf.pages):
            media = _box(page_obj.obj, "/MediaBox") or [0.0, 0.0, 612.0, 792.0]
            reading = _pdfium_reading(source if source is not None else doc, index, media)
            if reading is None:
                if plumb is None:
                    plumb = pdfplumber.open(io.BytesIO(norm))
                reading = _plumber_reading(plumb, index)
            text, has_images = reading
            item = _Page(index, text, media)
            if job.config.ocr and has_images and len("".join(text.text.split())) < MIN_TEXT_CHARS:
                item.image, item.ocr_scale = _render(doc, index, OCR_DPI, media)
                item.ocr = ocr_words(item.image)
            pages.append(item)
    finally:
        if source is not None:
            source.close()
        if plumb is not None:
            plumb.close()
    return pages


def _pdfium_reading(source: Any, index: int, media: list[float]) -> tuple[PageText, bool] | None:
    if index >= len(source):
        return None
    page = source[index]
    try:
        return pdfium_page_text(page, media)
    except Exception:  # a damaged page: pdfplumber gets its chance, as in extraction
        return None
    finally:
        page.close()


def _plumber_reading(plumb: pdfplumber.PDF, index: int) -> tuple[PageText, bool]:
    page = plumb.pages[index]
    try:
        return page_glyphs(page), bool(page.images)
    except Exception as exc:  # pdfminer raises a zoo of types on damaged pages
        raise RedactionError(f"cannot read PDF page {index + 1} ({type(exc).__name__})") from None
    finally:
        page.close()


def _mark(page: _Page, text_hits: list[Hit], ocr_hits: list[Hit]) -> None:
    for h in text_hits:
        page.boxes.extend(page.text.boxes(h.start, h.end))
        page.removed.append((h.start, h.end))
    if ocr_hits:
        _, spans = layout(page.ocr)
        for i in covered(ocr_hits, spans):
            page.removed_words.add(i)
            x0, top, x1, bottom = page.ocr[i].box
            s = page.ocr_scale
            page.boxes.append((x0 / s, top / s, x1 / s, bottom / s))
    page.rasterise = page.rasterise or bool(text_hits or ocr_hits)


def _rasterise(pdf: pikepdf.Pdf, doc: Any, page: _Page, job: Job) -> None:
    if page.image is not None:
        image, scale = page.image, page.ocr_scale
    else:
        image, scale = _render(doc, page.index, job.config.redact.pdf_dpi, page.media)
    image = paint(image, [tuple(v * scale for v in box) for box in page.boxes], pad=1.5 * scale)  # type: ignore[misc]
    buf = io.BytesIO()
    image.convert("RGB").save(buf, format="JPEG", quality=85)
    glyphs = kept(page.text, page.removed)
    height = page.media[3]
    for i, word in enumerate(page.ocr):
        if i in page.removed_words:
            continue
        x0, top, x1, bottom = (v / page.ocr_scale for v in word.box)
        size = max(bottom - top, 1.0)
        glyphs.append(
            Glyph(
                word.text,
                (x0 + page.media[0], top, x1 + page.media[0], bottom),
                size,
                (x0 + page.media[0], height - bottom + 0.2 * size),
            )
        )
    _replace_page(pdf, pdf.pages[page.index], buf.getvalue(), image.size, glyphs)
