"""Page text with the box of every character, and the invisible text layer that
keeps the words we did not remove.

``page_glyphs`` reads pdfplumber's characters line by line (spaces inserted
where glyphs are far apart, mapped to no box), so a detection span becomes a
list of character boxes. ``text_layer`` writes the kept characters back as
invisible text (render mode 3) at their original positions over the page
image, one positioned glyph at a time: text extraction and search still find
every word that was not removed, and nothing of the removed ones.
"""

from __future__ import annotations

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


def text_layer(glyphs: Iterable[Glyph], page_top: float, font: str = "/F0") -> bytes:
    """Content-stream operators drawing ``glyphs`` as invisible text.

    ``page_top`` is the y of the media box's top edge, to turn top-based boxes
    into PDF coordinates when a glyph's baseline origin is unknown.
    """
    ops = [b"BT", b"3 Tr"]
    for g in glyphs:
        if not g.text.strip():
            continue
        if g.origin is not None:
            x, y = g.origin
        else:
            x, y = g.box[0], page_top - g.box[3] + 0.2 * g.size
        size = max(g.size, 1.0)
        ops.append(
            f"{font} {size:.2f} Tf 1 0 0 1 {x:.2f} {y:.2f} Tm".encode() + b" " + _literal(g.text) + b" Tj"
        )
    ops.append(b"ET")
    return b"\n".join(ops)


def kept(page: PageText, removed: Sequence[tuple[int, int]]) -> list[Glyph]:
    """Glyphs outside every removed span, each once (ligatures map several characters)."""
    dropped = {
        id(g) for i, g in enumerate(page.glyphs) if g is not None and any(s <= i < e for s, e in removed)
    }
    out: list[Glyph] = []
    seen: set[int] = set()
    for g in page.glyphs:
        if g is None or id(g) in seen or id(g) in dropped:
            continue
        seen.add(id(g))
        out.append(g)
    return out
