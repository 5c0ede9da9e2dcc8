"""HTML: values are replaced in the source markup, everything else stays byte for byte.

Text is judged per block element, as the extractor reads it, so a name split
by inline markup (``<b>Maria</b> Gonzalez``) is found whole; each text run
and character reference is a piece of its block, so the replacement lands in
the first run and the rest of the value is cut from the others. Attribute
values (``href="mailto:…"``, ``title``, ``value``, ``alt``), comments and the
contents of ``<script>``/``<style>`` are redacted too: none is visible, all
of them leave with the file.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from scanner.extract.html import BlockParser
from scanner.redact.dispatch import Job
from scanner.redact.engine import Unit
from scanner.redact.writers.text import decode, encode

_RAW_TEXT = frozenset({"script", "style", "template", "textarea"})
# Attributes that carry structure or binary data, not prose.
_SKIP_ATTRS = frozenset(
    "class id style src srcset width height colspan rowspan type rel lang dir charset http-equiv xmlns "
    "target align valign border cellpadding cellspacing span tabindex role for method enctype".split()
)
_ATTR = re.compile(r"""([^\s/>"'=]+)(\s*=\s*)("[^"]*"|'[^']*'|[^\s"'=<>`]+)""")
_REF = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]*;?)")


@dataclass
class _Piece:
    start: int
    length: int
    text: str
    kind: str  # "data" | "ref" | "raw" | "attr" (quoted value) | "bare" (unquoted value) | "br"


@dataclass
class _Slot:
    pieces: list[_Piece]
    unit: Unit


class _Scanner(BlockParser):
    """Blocks split where the extractor splits them (``BlockParser``), kept as pieces of the source."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=False)
        self.markup = markup
        self._lines = [0] + [m.end() for m in re.finditer("\n", markup)]
        self.slots: list[_Slot] = []
        self._block: list[_Piece] = []
        self._raw: str | None = None
        self._term: tuple[str, str] | None = None  # ("dt", "") while in a term, ("dd", label) in its value

    def _offset(self) -> int:
        line, col = self.getpos()
        return self._lines[line - 1] + col

    # -- blocks ------------------------------------------------------------------------
    def flush(self) -> None:
        pieces, self._block = self._block, []
        if not pieces or not "".join(p.text for p in pieces).strip():
            return
        text = " ".join("".join(p.text for p in pieces).split())
        context: tuple[str, ...] = ()
        # A definition list is a form: <dt>Name of insured</dt><dd>value</dd>.
        if self._term is not None:
            kind, label = self._term
            if kind == "dt":
                self._term = ("label", text)
            elif kind == "dd" and label:
                context = (label,)
        if self._cell and self._tables:
            kind, column = self._cell
            table = self._tables[-1]
            if kind == "th":
                table.headers[column] = text
            elif header := table.headers.get(column):
                context = (header,)
        editable = [p.kind != "br" for p in pieces]
        self.slots.append(_Slot(pieces, Unit([p.text for p in pieces], context, editable=editable)))

    def _tag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self._offset()
        raw = self.get_starttag_text() or ""
        name_end = len(tag) + 1
        for m in _ATTR.finditer(raw, name_end):
            attr, value = m.group(1).lower(), m.group(3)
            if attr in _SKIP_ATTRS or attr.startswith("on") or attr.startswith("data-"):
                continue
            quote = value[0] if value[0] in "\"'" else None
            inner = value[1:-1] if quote else value
            if not inner.strip():
                continue
            vstart = start + m.start(3) + (1 if quote else 0)
            piece = _Piece(vstart, len(inner), html.unescape(inner), "attr" if quote else "bare")
            self.slots.append(_Slot([piece], Unit.of(piece.text, (attr, tag))))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.open_tag(tag, attrs)
        if tag == "dt":
            self._term = ("dt", "")
        elif tag == "dd":
            label = self._term[1] if self._term and self._term[0] in ("label", "dd") else ""
            self._term = ("dd", label)
        self._tag(tag, attrs)
        if tag == "br":
            self._line_break()
        if tag in _RAW_TEXT:
            self.flush()
            self._raw = tag

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # ``<td/>`` opens and closes its cell, as the extractor's parser reads it.
        self.open_tag(tag, attrs)
        self._tag(tag, attrs)
        if tag == "br":
            self._line_break()
        self.close_tag(tag)

    def _line_break(self) -> None:
        # A <br> stays inside its block as a line break nobody edits: an address
        # printed over two lines ("12 Oak St<br>Austin, TX") is one value, as
        # the extractor reads it.
        self._block.append(_Piece(self._offset(), 0, "\n", "br"))

    def handle_endtag(self, tag: str) -> None:
        if tag == self._raw:
            self._raw = None
        self.close_tag(tag)

    def handle_data(self, data: str) -> None:
        start = self._offset()
        if self._raw is not None:
            if data.strip():
                piece = _Piece(start, len(data), data, "raw")
                self.slots.append(_Slot([piece], Unit.of(data, (self._raw,))))
            return
        self._block.append(_Piece(start, len(data), data, "data"))

    def _ref(self) -> None:
        start = self._offset()
        m = _REF.match(self.markup, start)
        if m:
            self._block.append(_Piece(start, len(m.group(0)), html.unescape(m.group(0)), "ref"))

    def handle_entityref(self, name: str) -> None:
        self._ref()

    def handle_charref(self, name: str) -> None:
        self._ref()

    def handle_comment(self, data: str) -> None:
        if data.strip():
            piece = _Piece(self._offset() + 4, len(data), data, "raw")
            self.slots.append(_Slot([piece], Unit.of(data)))


def _escape(text: str, piece: _Piece) -> str:
    if piece.kind == "raw":
        # Comments may not contain "--"; script text is not parsed for references.
        return text.replace("--", "- -").replace("</", "<\\/")
    if piece.kind == "bare":
        return '"' + html.escape(text, quote=True) + '"'
    return html.escape(text, quote=piece.kind == "attr")


def redact_html(markup: str, job: Job) -> str:
    scanner = _Scanner(markup)
    scanner.feed(markup)
    scanner.close()
    scanner.flush()
    results = job.transformer.transform_units([slot.unit for slot in scanner.slots])
    edits: list[tuple[int, int, str]] = []
    for slot, pieces in zip(scanner.slots, results, strict=True):
        for piece, new in zip(slot.pieces, pieces, strict=True):
            if new != piece.text:
                edits.append((piece.start, piece.start + piece.length, _escape(new, piece)))
    edits.sort()
    out: list[str] = []
    at = 0
    for start, end, new in edits:
        if start < at:  # pieces never overlap; a parser surprise must not garble the copy
            raise ValueError("overlapping HTML edits")
        out.append(markup[at:start])
        out.append(new)
        at = end
    out.append(markup[at:])
    return "".join(out)


def write_html(data: bytes, name: str, job: Job) -> bytes:
    text, encoding = decode(data)
    return encode(redact_html(text, job), encoding)
