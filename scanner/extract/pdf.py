"""PDF: one segment per page (text layer, or OCR for scanned pages), plus
filled-in form fields, annotation comments and document properties.

pdfium (C++) reads the pages: their text, whether they hold an image, and whether
they carry annotations. pdfminer parses the file's structure when it is opened (so
a truncated or encrypted file gets its status as before) and the document's
properties; its page tree is walked only as far as a page that pdfium says has
annotations (form fields, comments) or cannot read, and never through
``pdf.pages`` (which builds every page up front, with its content streams). The
parsed-object cache is emptied as the walk goes, so a 2,000-page scan costs about
as much memory as one page. A long PDF is read in runs of pages
(``plan_pdf_parts``), side by side by the scan's workers. A file pdfium cannot
open is read by pdfminer alone.
"""

from __future__ import annotations

import ctypes
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import resolve1
from pdfminer.psparser import PSLiteral
from pdfminer.utils import decode_text
from pdfplumber.page import Page
from pdfplumber.utils.exceptions import PdfminerException

from scanner.errors import EncryptedFileError, ExtractError
from scanner.extract.base import Blob, ExtractContext
from scanner.models import Location, Segment

# Fewer visible characters than this on a page that holds an image: the page
# is a scan (maybe with a stamp or page number as text) and needs OCR.
MIN_TEXT_CHARS = 20
OCR_DPI = 300
COLUMN_GAP = 0.7
MAX_OCR_PIXELS = 60_000_000
_PROPERTIES = ("Author", "Title", "Subject", "Keywords")
_FLUSH_EVERY = 10
MAX_PDF_PARTS = 8


def _source(blob: Blob) -> Any:
    return blob.fs_path if blob.data is None else io.BytesIO(blob.data)


def _open(blob: Blob) -> pdfplumber.PDF:
    try:
        return pdfplumber.open(_source(blob))
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
            raise EncryptedFileError("password-protected PDF") from None
        raise ExtractError(f"corrupt PDF ({type(cause).__name__})") from None
    except OSError:
        raise  # not the file's fault: a read error, a file gone or locked away
    except (ValueError, TypeError, KeyError, AssertionError) as exc:
        raise ExtractError(f"corrupt PDF ({type(exc).__name__})") from None


def _string(value: Any) -> str | None:
    value = resolve1(value)
    if isinstance(value, bytes):
        text = decode_text(value)
    elif isinstance(value, str):
        text = value
    elif isinstance(value, list):
        parts = [s for v in value if (s := _string(v))]
        text = ", ".join(parts)
    else:
        return None  # names (/Yes, /Off), numbers: not free text
    return text if text.strip() else None


def _inherited(annot: dict[str, Any], key: str) -> Any:
    node: Any = annot
    for _ in range(32):  # form fields inherit V and T from their parents
        if not isinstance(node, dict):
            return None
        if key in node:
            return node[key]
        node = resolve1(node.get("Parent"))
    return None


def _annotations(page_obj: PDFPage, number: int) -> Iterator[Segment]:
    annots = resolve1(page_obj.annots) or []
    if not isinstance(annots, list):
        return
    for ref in annots:
        annot = resolve1(ref)
        if not isinstance(annot, dict):
            continue
        subtype = resolve1(annot.get("Subtype"))
        if isinstance(subtype, PSLiteral) and subtype.name == "Widget":
            value = _string(_inherited(annot, "V"))
            if value:
                field = _string(_inherited(annot, "T")) or ""
                context = (field,) if field else ()
                yield Segment(value, Location(page=number, part="form", key=field or None), context)
        elif contents := _string(annot.get("Contents")):
            yield Segment(contents, Location(page=number, part="annotations"))


class _PageTree:
    """pdfminer's pages, walked forward only as far as the page asked for.

    The walk parses each page's dictionary (about 0.2 ms a page, a third of reading a
    page's text with pdfium), so it is taken only for a page that needs pdfminer: one
    with annotations, or one pdfium cannot read."""

    def __init__(self, pdf: pdfplumber.PDF) -> None:
        self._pages = PDFPage.create_pages(pdf.doc)
        self._cache: dict[Any, Any] | None = getattr(pdf.doc, "_cached_objs", None)
        self._current: PDFPage | None = None
        self.walked = 0

    def page(self, number: int) -> PDFPage | None:
        """Page ``number`` (1-based, not below the last one asked for), or None past the end."""
        while self.walked < number:
            self._current = None  # the page before is not kept while the walk goes on
            try:
                page_obj = next(self._pages)
            except StopIteration:
                return None
            except Exception as exc:
                raise ExtractError(f"corrupt PDF page tree ({type(exc).__name__})") from None
            self.walked += 1
            if self._cache is not None and self.walked % _FLUSH_EVERY == 0:
                self._cache.clear()
            self._current = page_obj
        return self._current if self.walked == number else None


class _Pdfium:
    """The text layer and OCR renders, from pdfium.

    pdfium (C++) reads a page's text about 25 times faster than pdfminer with the same
    words and line breaks, and tells which pages carry annotations, so pdfminer's page
    tree is walked only up to those. A file or page pdfium cannot read falls back to
    pdfminer's text, so nothing readable is lost.
    """

    def __init__(self, blob: Blob) -> None:
        self._blob = blob
        self._doc: Any = None
        self._failed = False

    def _document(self) -> Any:
        import pypdfium2 as pdfium

        if self._doc is None and not self._failed:
            try:
                self._doc = pdfium.PdfDocument(self._blob.fs_path or self._blob.data)
            except pdfium.PdfiumError:
                self._failed = True
        return self._doc

    def page_count(self) -> int | None:
        """The page count from pdfium's page tree; None when pdfium cannot open the file."""
        doc = self._document()
        return None if doc is None else len(doc)

    def read(self, index: int) -> PageRead | None:
        """Page ``index`` as pdfium reads it; ``None`` when pdfium cannot (pdfminer gets its chance)."""
        doc = self._document()
        return None if doc is None else read_page(doc, index)

    def page_text(self, index: int, ctx: ExtractContext) -> str:
        """OCR of the rendered page."""
        from scanner.extract.image import ocr_image

        doc = self._document()
        if doc is None:
            raise ExtractError("PDF page cannot be rendered for OCR")
        page = doc[index]
        try:
            width, height = page.get_size()
            scale = OCR_DPI / 72
            if width * height * scale * scale > MAX_OCR_PIXELS:
                scale = (MAX_OCR_PIXELS / max(width * height, 1)) ** 0.5
            bitmap = page.render(scale=scale, grayscale=True)
            try:
                return ocr_image(bitmap.to_pil(), ctx)
            finally:
                bitmap.close()
        finally:
            page.close()

    def close(self) -> None:
        if self._doc is not None:
            self._doc.close()


@dataclass(frozen=True)
class PageRead:
    """A page's text layer as extraction reads it, whether it is a scan (``is_scan``), and
    whether it carries annotations (form fields, comments)."""

    text: str
    scanned: bool
    annotated: bool


def read_page(doc: Any, index: int) -> PageRead | None:
    """Page ``index`` of a pdfium document; ``None`` when pdfium cannot read it (a damaged
    page: pdfminer gets its chance)."""
    import pypdfium2.raw as pdfium_c

    if index >= len(doc):
        return None
    try:
        page = doc[index]
    except Exception:  # pdfium trusts the page tree's /Count, which may promise pages it lacks
        return None
    try:
        textpage = page.get_textpage()
        try:
            text, _ = textpage_text(textpage)
        finally:
            textpage.close()
        # Looking for an image costs a walk over the page's objects: only a page with
        # almost no text can be a scan, so only such a page pays it.
        scanned = _sparse(text) and page_has_images(page)
        annotated = pdfium_c.FPDFPage_GetAnnotCount(page.raw) > 0
    except Exception:
        return None
    finally:
        page.close()
    return PageRead(text, scanned, annotated)


def _looks_scanned(doc: Any, index: int) -> bool:
    """``is_scan`` for planning, without extracting the text: fewer characters in the page's
    text layer than ``MIN_TEXT_CHARS`` (pdfium's count, white space included) and an image.
    Half the cost of reading the text, before any page of the PDF is read."""
    try:
        page = doc[index]
    except Exception:  # a page the page tree promises but lacks
        return False
    try:
        textpage = page.get_textpage()
        try:
            chars = textpage.count_chars()
        finally:
            textpage.close()
        return chars < MIN_TEXT_CHARS and page_has_images(page)
    except Exception:  # a damaged page: the plan does not depend on it
        return False
    finally:
        page.close()


def is_scan(text: str, has_images: bool) -> bool:
    """A page that holds an image and almost no text: a scan, read by OCR."""
    return has_images and _sparse(text)


def _sparse(text: str) -> bool:
    return len("".join(text.split())) < MIN_TEXT_CHARS


def _columns_as_tabs(textpage: Any, text: str) -> str:
    """``text`` with the space between two table columns turned into a tab.

    A register printed as a PDF loses its grid: "Desai, Aarav 08/09/1949 HO3-086-2053-25"
    says nothing about which column a value is in. A gap wider than ``COLUMN_GAP`` times
    the font size is a column gutter (a word space is about a quarter of it), so a tab
    goes there and the row reads as a tab-separated table whose header line names each
    column (``recognizers.tables``). One character for one keeps every offset.
    """
    import pypdfium2.raw as pdfium_c
    from pypdfium2 import PdfiumError

    if textpage.count_chars() != len(text):  # characters outside the BMP: indices differ
        return text
    # pdfium's own calls with four reused boxes: the helper's ``get_charbox`` built them anew
    # for each of the two characters around every word space, a third of reading a page.
    page = textpage.raw
    charbox, font_size = pdfium_c.FPDFText_GetCharBox, pdfium_c.FPDFText_GetFontSize
    left, right, bottom, top = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
    out: list[str] | None = None
    for m in _WORD_SPACE.finditer(text):
        i = m.start()
        if not charbox(page, i - 1, left, right, bottom, top):
            raise PdfiumError("Failed to get charbox.")
        end_before = right.value
        if not charbox(page, i + 1, left, right, bottom, top):
            raise PdfiumError("Failed to get charbox.")
        size = font_size(page, i - 1) or 10.0
        if left.value - end_before > COLUMN_GAP * size:
            if out is None:
                out = list(text)
            out[i] = "\t"
    return text if out is None else "".join(out)


# One space between two characters that are neither spaces nor line ends.
_WORD_SPACE = re.compile(r"(?<=[^ \r\n]) (?=[^ \r\n])")


# pdfium ends lines with CRLF and marks soft hyphens at line ends with U+0002/U+FFFE.
_MARKS = re.compile(r"\r\n?|[\x02\ufffe]")


def _unmark(m: re.Match[str]) -> str:
    return "\n" if m.group(0)[0] == "\r" else "-"


def textpage_text(textpage: Any, chars: bool = False) -> tuple[str, list[int] | None]:
    """A pdfium text page's text as extraction reads it (gutters as tabs, ``\\n`` line
    ends, soft hyphens as ``-``) and, with ``chars``, the pdfium character index each of
    its characters comes from (-1 where pdfium made one up).

    Redaction detects on this same text and maps what it finds back to character boxes:
    a writer reading the page its own way would judge other text than the check that
    reads the copy, and the two would disagree about what is a value.
    """
    raw = _columns_as_tabs(textpage, textpage.get_text_range())
    text = _MARKS.sub(_unmark, raw)
    if not chars:
        return text, None
    import pypdfium2.raw as pdfium_c

    # Text indices count UTF-16 units; a character outside the BMP takes two.
    units: list[int] = []
    unit = 0
    for ch in raw:
        units.append(unit)
        unit += 2 if ord(ch) > 0xFFFF else 1

    def char(k: int) -> int:
        return int(pdfium_c.FPDFText_GetCharIndexFromTextIndex(textpage, units[k]))

    index: list[int] = []
    pos = 0
    for m in _MARKS.finditer(raw):
        index.extend(char(k) for k in range(pos, m.start()))
        index.append(char(m.end() - 1))
        pos = m.end()
    index.extend(char(k) for k in range(pos, len(raw)))
    return text, index


def page_has_images(page: Any) -> bool:
    """A pdfium page draws an image (maybe a scan needing OCR), itself or in a form XObject
    it draws (one level down)."""
    import pypdfium2.raw as pdfium_c
    from pypdfium2 import PdfiumError

    # pdfium's own calls: the helper's ``get_objects`` made a Python object of every path and
    # text run on the page to find one image.
    def has_image(parent: Any, count: Any, get: Any, descend: bool) -> bool:
        n = count(parent)
        if n < 0:
            raise PdfiumError("Failed to get number of pageobjects.")
        for i in range(n):
            obj = get(parent, i)
            if not obj:
                raise PdfiumError("Failed to get pageobject.")
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                return True
            if (
                kind == pdfium_c.FPDF_PAGEOBJ_FORM
                and descend
                and has_image(obj, pdfium_c.FPDFFormObj_CountObjects, pdfium_c.FPDFFormObj_GetObject, False)
            ):
                return True
        return False

    return has_image(page.raw, pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject, True)


def _page(
    pdf: pdfplumber.PDF, tree: _PageTree, number: int, pdfium: _Pdfium, ctx: ExtractContext
) -> Iterator[Segment]:
    """Page ``number``'s text (OCR'd if it is a scan), then its form fields and comments."""
    read = pdfium.read(number - 1) or _pdfminer_read(pdf, tree, number)
    if read is None:
        # pdfium counts the page but cannot read it, and pdfminer's page tree ends before it.
        ctx.problems.append((f"page {number}", "error", "page cannot be read"))
        return
    text = read.text
    if read.scanned:
        if not ctx.ocr:
            # The file still reads as "ok"; say which pages went unread.
            ctx.problems.append((f"page {number}", "unsupported", "scanned page; OCR disabled"))
        else:
            scanned = pdfium.page_text(number - 1, ctx)
            text = f"{text.strip()}\n{scanned}" if text.strip() else scanned
    if text.strip():
        yield Segment(text, Location(page=number))
    page_obj = tree.page(number) if read.annotated else None
    if page_obj is not None:
        try:
            annotations = list(_annotations(page_obj, number))
        except Exception:
            annotations = []  # damaged annotations must not cost the page text
        yield from annotations


def _trusted_page_count(blob: Blob, pdfium: _Pdfium) -> int | None:
    """pdfium's page count where the page tree holds that many pages, else None."""
    count = pdfium.page_count()
    return count if count and _tree_holds(blob, count) else None


def _tree_holds(blob: Blob, count: int) -> bool:
    """Whether the page tree holds ``count`` pages, pdfium's count.

    pdfium takes the page tree's ``/Count`` on trust: a count too low hides the pages after
    it (viewers built on pdfium do not show them either), one too high promises pages that
    are not there. qpdf counts the tree's pages themselves, in about 0.1 ms a file; where the
    two disagree, pdfminer's page tree leads the read, page by page."""
    import pikepdf

    try:
        with pikepdf.open(_source(blob)) as doc:
            return len(doc.pages) == count
    except Exception:  # qpdf cannot tell: pdfminer's walk decides
        return False


def _pdfminer_read(pdf: pdfplumber.PDF, tree: _PageTree, number: int) -> PageRead | None:
    page_obj = tree.page(number)
    if page_obj is None:
        return None
    page = Page(pdf, page_obj, page_number=number)
    try:
        text = page.extract_text() or ""
        has_images = bool(page.images)
    except Exception as exc:  # pdfminer raises a zoo of types on damaged pages
        raise ExtractError(f"cannot read PDF page {number} ({type(exc).__name__})") from None
    finally:
        page.close()
    return PageRead(text, is_scan(text, has_images), annotated=True)


@dataclass(frozen=True)
class PdfPlan:
    """A PDF cut into runs of pages that can be read one by one, in any order or at once:
    ``parts`` holds each run's first and last page (1-based; the last run's last is None,
    to the end of the page tree), with the file's ``sha256``."""

    parts: tuple[tuple[int, int | None], ...]
    sha256: str
    kind: ClassVar[str] = "pdf"

    def segments(self, blob: Blob, ctx: ExtractContext, index: int) -> Iterator[Segment]:
        """The segments of part ``index``: its pages as a whole read makes them."""
        first, last = self.parts[index]
        return _segments(blob, ctx, first, last)


def plan_pdf_parts(blob: Blob, pages_per_part: int, scanned_pages_per_part: int = 0) -> PdfPlan | None:
    """Runs of at least ``pages_per_part`` pages for a local PDF of at least twice that many,
    at most ``MAX_PDF_PARTS`` of them, or None (a smaller file, or one pdfium cannot open or
    count, or whose page tree qpdf counts otherwise: read whole, where that problem gets its
    status or pdfminer's walk finds the pages). pdfium counts the pages from the page tree
    without parsing them.

    Each part opens the file anew (pdfminer parses its cross-reference table, pdfium its
    page tree) and goes straight to its first page: pdfminer's page tree is walked only
    as far as the last page with annotations. The cap keeps the opens few on a huge file.

    A PDF whose first, middle or last page is a scan (a claim packet of scanned records, maybe
    behind a typed cover letter) is read in runs of ``scanned_pages_per_part`` pages (if not
    0, as when OCR is on), as many as it takes: OCR costs a second or two a page, beside which
    the walks cost nothing."""
    import pypdfium2 as pdfium

    if pages_per_part <= 0 or blob.fs_path is None:
        return None
    try:
        doc = pdfium.PdfDocument(blob.fs_path)
    except pdfium.PdfiumError:
        return None
    try:
        count = len(doc)
        if not _tree_holds(blob, count):
            return None  # a wrong /Count: runs cut by it would miss pages or walk past the end
        scanned = (
            scanned_pages_per_part > 0
            and 2 * scanned_pages_per_part <= count
            and any(_looks_scanned(doc, i) for i in sorted({0, count // 2, count - 1}))
        )
    finally:
        doc.close()
    if scanned:
        size = min(pages_per_part, scanned_pages_per_part)
    elif count >= 2 * pages_per_part:
        size = max(pages_per_part, -(-count // MAX_PDF_PARTS))
    else:
        return None
    firsts = range(1, count + 1, size)
    parts = tuple((first, first + size - 1) for first in firsts[:-1]) + ((firsts[-1], None),)
    return PdfPlan(parts, blob.sha256())


def extract_pdf(blob: Blob, ctx: ExtractContext) -> Iterator[Segment]:
    return _segments(blob, ctx, 1, None)


def _segments(blob: Blob, ctx: ExtractContext, first: int, last: int | None) -> Iterator[Segment]:
    """Pages ``first``..``last`` (None: to the end); the document's properties come with the
    first page. The file ends at pdfium's page count where that is trusted, else where
    pdfminer's page tree does."""
    pdf = _open(blob)
    pdfium = _Pdfium(blob)
    try:
        if first == 1:
            for key in _PROPERTIES:
                value = pdf.metadata.get(key)
                if isinstance(value, str) and value.strip():
                    yield Segment(value, Location(part="properties", key=key.lower()), (key.lower(),))
        tree = _PageTree(pdf)
        count = _trusted_page_count(blob, pdfium)
        number = first
        while last is None or number <= last:
            ctx.check_time()
            if (count is None and tree.page(number) is None) or (count is not None and number > count):
                break
            yield from _page(pdf, tree, number, pdfium, ctx)
            number += 1
        if count is None and tree.walked == 0:
            raise ExtractError("corrupt PDF (no pages)")
    finally:
        pdfium.close()
        # Not pdf.close(): it walks ``pdf.pages``, building every page we avoided.
        pdf.stream.close()
