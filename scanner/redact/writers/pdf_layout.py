"""Page text with the box of every character, and the invisible text layer that
keeps the words we did not remove.

``pdfium_page_text`` is the page text exactly as extraction reads it
(``scanner.extract.pdf.textpage_text``: the text the check reads back and the
scan reports on), each character with its pdfium box, so a detection span
becomes a list of character boxes. ``page_glyphs`` reads pdfplumber's
characters line by line instead (spaces inserted where glyphs are far apart,
mapped to no box); it is the fallback for a page pdfium cannot map. ``text_layer`` writes the kept characters back as
invisible text (render mode 3) at their original positions over the page
image, one positioned glyph at a time: text extraction and search still find
every word that was not removed, and nothing of the removed ones.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

Box = tuple[float, float, float, float]  # x0, top, x1, bottom; points from the page's top-left


@dataclass(frozen=True)
class Glyph:
    text: str
    box: Box
    size: float
    origin: tuple[float, float] | None  # baseline start in PDF user space, when known
    # The font size as pdfium reports it (before the text matrix scales it), when known:
    # the layer repeats it so that the check, which finds column gutters relative to
    # it, reads the copy's rows the way the scan read the original's.
    em: float | None = None


@dataclass
class PageText:
    text: str
    glyphs: list[Glyph | None]  # one per character of ``text``; None for inserted separators

    def boxes(self, start: int, end: int, pad: float = 1.0) -> list[Box]:
        """One box per line covering the characters in ``[start, end)``."""
        lines: dict[float, list[Box]] = {}
        for g in self.glyphs[start:end]:
            if g is not None:
                lines.setdefault(round(g.box[3]), []).append(g.box)
        return [
            (
                min(b[0] for b in bs) - pad,
                min(b[1] for b in bs) - pad,
                max(b[2] for b in bs) + pad,
                max(b[3] for b in bs) + pad,
            )
            for bs in lines.values()
        ]


def _glyph(ch: dict[str, Any]) -> Glyph:
    matrix = ch.get("matrix")
    origin = (float(matrix[4]), float(matrix[5])) if matrix and len(matrix) == 6 else None
    return Glyph(
        str(ch.get("text", "")),
        (float(ch["x0"]), float(ch["top"]), float(ch["x1"]), float(ch["bottom"])),
        float(ch.get("size") or (ch["bottom"] - ch["top"]) or 10.0),
        origin,
    )


def _pdfium_glyph(textpage: Any, index: int, text: str, media: Sequence[float]) -> Glyph | None:
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        left, bottom, right, top = textpage.get_charbox(index, loose=True)
    except pdfium.PdfiumError:
        try:
            left, bottom, right, top = textpage.get_charbox(index)
        except pdfium.PdfiumError:
            return None
    x, y = ctypes.c_double(), ctypes.c_double()
    origin = (x.value, y.value) if pdfium_c.FPDFText_GetCharOrigin(textpage, index, x, y) else None
    em = float(pdfium_c.FPDFText_GetFontSize(textpage, index))
    matrix = pdfium_c.FS_MATRIX()
    scale = math.hypot(matrix.c, matrix.d) if pdfium_c.FPDFText_GetMatrix(textpage, index, matrix) else 1.0
    size = em * scale if em > 0 and scale > 0 else (top - bottom) or 10.0
    box = (left - media[0], media[3] - top, right - media[0], media[3] - bottom)
    return Glyph(text, box, size, origin, em if em > 0 and scale > 0 else None)


def pdfium_page_text(page: Any, media: Sequence[float]) -> tuple[PageText, bool] | None:
    """The text extraction reads from a pdfium page, each character with its box, and
    whether the page draws an image; ``None`` if a visible character has no box (the
    caller then reads the page another way rather than leave it unpainted).

    ``media`` is the page's media box: boxes are measured from its top-left corner,
    as the rendered page is. Whitespace maps to no box (a separator).
    """
    from scanner.extract.pdf import page_has_images, textpage_text

    textpage = page.get_textpage()
    try:
        text, chars = textpage_text(textpage, chars=True)
        if chars is None:
            return None
        glyphs: list[Glyph | None] = []
        for ch, index in zip(text, chars, strict=True):
            if ch.isspace():
                glyphs.append(None)
                continue
            glyph = _pdfium_glyph(textpage, index, ch, media) if index >= 0 else None
            if glyph is None:
                return None
            glyphs.append(glyph)
    finally:
        textpage.close()
    return PageText(text, glyphs), page_has_images(page)


def page_glyphs(page: Any) -> PageText:
    parts: list[str] = []
    glyphs: list[Glyph | None] = []
    for n, line in enumerate(page.extract_text_lines(return_chars=True, strip=False)):
        if n:
            parts.append("\n")
            glyphs.append(None)
        previous: Glyph | None = None
        for ch in line.get("chars", []):
            g = _glyph(ch)
            if not g.text:
                continue
            if previous is not None and not g.text.isspace() and not previous.text.isspace():
                gap = g.box[0] - previous.box[2]
                if gap > 0.15 * max(previous.size, 1.0):
                    parts.append(" ")
                    glyphs.append(None)
            parts.append(g.text)
            glyphs.extend([g] * len(g.text))
            previous = g
    return PageText("".join(parts), glyphs)


def _literal(text: str) -> bytes:
    raw = text.encode("cp1252", errors="replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _helvetica_width(text: str) -> float:
    """Advance of ``text`` in Helvetica at size 1 (the layer's font, one of the standard 14)."""
    from pdfminer.fontmetrics import FONT_METRICS

    widths = FONT_METRICS["Helvetica"][1]
    return sum(widths.get(ch, 556) for ch in text) / 1000


def text_layer(glyphs: Iterable[Glyph], page_top: float, font: str = "/F0") -> bytes:
    """Content-stream operators drawing ``glyphs`` as invisible text.

    ``page_top`` is the y of the media box's top edge, to turn top-based boxes
    into PDF coordinates when a glyph's baseline origin is unknown. Each glyph
    is stretched (``Tz``) to the width it had: in Helvetica's widths a line of
    a narrower font would overlap itself, and extractors, which find word
    breaks in the gaps between glyphs, would read "Date of Loss" as "Dateof".
    """
    ops = [b"BT", b"3 Tr"]
    for g in glyphs:
        # Spaces are drawn too: a space glyph is how pdfplumber tells words apart
        # when the gap between them is narrower than its tolerance.
        if not g.text or g.text in ("\n", "\r"):
            continue
        if g.origin is not None:
            x, y = g.origin
        else:
            x, y = g.box[0], page_top - g.box[3] + 0.2 * g.size
        size = max(g.size, 1.0)
        natural = _helvetica_width(g.text) * size
        stretch = 100 * (g.box[2] - g.box[0]) / natural if natural > 0 else 100
        stretch = min(max(stretch, 1.0), 1000.0)
        em, scale = (g.em, size / g.em) if g.em else (size, 1.0)
        ops.append(
            f"{font} {em:.4g} Tf {stretch:.2f} Tz {scale:.4g} 0 0 {scale:.4g} {x:.2f} {y:.2f} Tm".encode()
            + b" "
            + _literal(g.text)
            + b" Tj"
        )
    ops.append(b"ET")
    return b"\n".join(ops)


def kept(page: PageText, removed: Sequence[tuple[int, int]]) -> list[Glyph]:
    """Glyphs outside every removed span, each once (ligatures map several characters).

    pdfplumber reports no space glyphs (``page_glyphs`` puts a separator where
    the gap was); a space glyph spanning that gap is added back between kept
    glyphs on one line, so extractors with a wide word tolerance still see two
    words, and one space stands where a removed value was.
    """
    dropped = {
        id(g) for i, g in enumerate(page.glyphs) if g is not None and any(s <= i < e for s, e in removed)
    }
    out: list[Glyph] = []
    seen: set[int] = set()
    previous: Glyph | None = None
    space = False
    for i, g in enumerate(page.glyphs):
        if g is None:
            if page.text[i] == "\n":
                previous, space = None, False
            else:
                space = True
            continue
        if id(g) in seen or id(g) in dropped:
            continue
        seen.add(id(g))
        if space and previous is not None and g.box[0] > previous.box[2]:
            out.append(_space(previous, g))
        space = False
        out.append(g)
        previous = g
    return out


def _space(before: Glyph, after: Glyph) -> Glyph:
    x0, top, _, bottom = before.box
    origin = None
    if before.origin is not None:
        origin = (before.origin[0] + (before.box[2] - x0), before.origin[1])
    return Glyph(" ", (before.box[2], top, after.box[0], bottom), before.size, origin)


_Word = tuple[str, float, float, float]  # text, x0, x1, font size


def _line_words(page: PageText) -> list[list[_Word]]:
    """Words per line, split where ``page_glyphs`` put a separator or a space glyph stands."""
    lines: list[list[_Word]] = [[]]
    chars: list[str] = []
    x0 = x1 = size = 0.0
    previous: Glyph | None = None

    def close() -> None:
        nonlocal chars
        if "".join(chars).strip():
            lines[-1].append(("".join(chars), x0, x1, size))
        chars = []

    for ch, g in zip(page.text, page.glyphs, strict=True):
        if g is None or ch.isspace():
            close()
            if ch == "\n":
                lines.append([])
                previous = None
            continue
        if g is previous:
            chars.append(ch)  # one ligature glyph, several characters
            continue
        if not chars:
            x0, size = g.box[0], g.size
        chars.append(ch)
        x1 = g.box[2]
        previous = g
    close()
    return lines


def table_cells(page: PageText, gap: float = 0.7, min_cells: int = 3) -> list[tuple[str, tuple[str, ...]]]:
    """Cells of the page's tabular lines, each with the header of its column as context.

    A register printed as a PDF reads, line by line, as "Stefan Becker 048-36-0068
    WC2022-43547 January 31, 1976 ...": no label next to any value, so neither
    NER nor context words find much. Cut at wide gaps (``gap`` times the font
    size: a word space is about a third of it, a column gutter more) into cells, and given the header above them ("Birth Date", "WC Claim #"),
    the same values are found as in the spreadsheet version. A run of lines
    with at least ``min_cells`` cells is a table; its first line is the header.
    Header words go to the column whose span (up to halfway to the next cell)
    holds their centre, since headers are often set tighter than the data.
    """
    out: list[tuple[str, tuple[str, ...]]] = []
    header: list[_Word] | None = None
    for words in _line_words(page):
        cells: list[list[_Word]] = []
        for w in words:
            if cells and w[1] - cells[-1][-1][2] <= gap * max(cells[-1][-1][3], 1.0):
                cells[-1].append(w)
            else:
                cells.append([w])
        if len(cells) < min_cells:
            header = None
            continue
        if header is None:
            header = words
            continue
        starts = [c[0][1] for c in cells]
        ends = [c[-1][2] for c in cells]
        bounds = [(ends[i] + starts[i + 1]) / 2 for i in range(len(cells) - 1)]
        for i, cell in enumerate(cells):
            lo = bounds[i - 1] if i else float("-inf")
            hi = bounds[i] if i < len(bounds) else float("inf")
            label = " ".join(w[0] for w in header if lo <= (w[1] + w[2]) / 2 < hi)
            out.append((" ".join(w[0] for w in cell), (label,) if label else ()))
    return out
