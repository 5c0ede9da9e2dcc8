"""HTML: the text a reader sees, in blocks, with source line numbers.

Text is gathered per block element (paragraph, cell, list item…) so a name
split by inline markup (``<b>Jane</b> Doe``) reaches the detector whole.
Newlines that lie inside markup are put back, so ``location.line`` plus the
newlines before a match is still the source line. A ``<td>`` carries its
column's ``<th>`` text as context, and on key-value forms the label cell to
its left.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

from scanner.extract.base import Blob, ExtractContext
from scanner.extract.common import context_of, looks_like_label
from scanner.extract.text import declared_charset, decode_bytes
from scanner.models import Location, Segment

_SKIP = frozenset({"script", "style", "template"})
BLOCK_TAGS = frozenset(
    "address article aside blockquote body caption dd details div dl dt fieldset figcaption figure footer "
    "form h1 h2 h3 h4 h5 h6 header hr html li main nav ol option p pre section summary table tbody td tfoot "
    "th thead title tr ul".split()
)

Block = tuple[str, int, tuple[str, ...]]


@dataclass
class _Table:
    headers: dict[int, str] = field(default_factory=dict)
    column: int = 0
    left: str = ""  # the previous cell in this row: a label on key-value forms


class BlockParser(HTMLParser):
    """Where a page's text breaks into blocks, and which table cell a block is in.

    The extractor and the HTML redaction writer both split with it, so what is
    redacted is split exactly as what is scanned. A subclass gathers the text
    of the current block and hands it on in ``flush``; it calls ``open_tag``
    and ``close_tag`` from its tag handlers.
    """

    def __init__(self, *, convert_charrefs: bool) -> None:
        super().__init__(convert_charrefs=convert_charrefs)
        self._tables: list[_Table] = []
        self._cell: tuple[str, int] | None = None  # ("th"|"td", column)

    def flush(self) -> None:
        raise NotImplementedError

    def open_tag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """A start tag: a block element ends the block before it; table cells count their column."""
        if tag in BLOCK_TAGS:
            self.flush()
        if tag == "table":
            self._tables.append(_Table())
        elif tag == "tr" and self._tables:
            self._tables[-1].column = 0
            self._tables[-1].left = ""
        elif tag in ("td", "th") and self._tables:
            table = self._tables[-1]
            self._cell = (tag, table.column)
            span = dict(attrs).get("colspan") or "1"
            table.column += int(span) if span.isdigit() else 1

    def close_tag(self, tag: str) -> None:
        """An end tag: a block element ends its block; leaving a cell or table leaves its context."""
        if tag in BLOCK_TAGS:
            self.flush()
        if tag in ("td", "th"):
            self._cell = None
        elif tag == "table" and self._tables:
            self._tables.pop()
            self._cell = None


class _Visible(BlockParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self._pieces: list[tuple[str, int]] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skip += 1
            return
        self.open_tag(tag, attrs)
        if tag == "br" and not self._skip:
            # A space, not a newline: the source line count must stay exact.
            self._pieces.append((" ", self.getpos()[0]))
        elif tag == "input":
            values = dict(attrs)
            if values.get("type") not in ("hidden", "password", "submit", "button") and values.get("value"):
                line = self.getpos()[0]
                label = values.get("name") or values.get("id") or ""
                self.blocks.append((values["value"] or "", line, (label,) if label else ()))

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skip = max(0, self._skip - 1)
            return
        self.close_tag(tag)

    def handle_data(self, data: str) -> None:
        if not self._skip and data:
            self._pieces.append((data, self.getpos()[0]))

    def flush(self) -> None:
        pieces, self._pieces = self._pieces, []
        if not pieces or not any(text.strip() for text, _ in pieces):
            return
        start = pieces[0][1]
        out: list[str] = []
        line = start
        for text, at in pieces:
            if at > line:
                out.append("\n" * (at - line))
                line = at
            out.append(text)
            line += text.count("\n")
        text = "".join(out)
        context: tuple[str, ...] = ()
        if self._cell and self._tables:
            kind, column = self._cell
            table = self._tables[-1]
            if kind == "th":
                table.headers[column] = " ".join(text.split())
            else:
                label = table.left if looks_like_label(table.left) else None
                context = context_of(table.headers.get(column), label)
            table.left = " ".join(text.split())
        self.blocks.append((text, start, context))


def html_blocks(markup: str) -> Iterator[Block]:
    """``(text, first source line, context)`` for each visible block."""
    parser = _Visible()
    # Feed in slices so the finished blocks can be handed on as we go.
    for i in range(0, len(markup), 65536):
        parser.feed(markup[i : i + 65536])
        yield from parser.blocks
        parser.blocks.clear()
    parser.close()
    parser.flush()
    yield from parser.blocks


def extract_html(blob: Blob, ctx: ExtractContext) -> Iterator[Segment]:
    data = blob.read_all(ctx.limits.max_file_size)
    markup = decode_bytes(data, declared_charset(data))
    del data
    for text, line, context in html_blocks(markup):
        yield Segment(text, Location(line=line), context)
