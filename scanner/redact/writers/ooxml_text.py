"""Where the text sits inside Office Open XML parts, as units of pieces.

Word: a paragraph is its ``w:t`` (and tracked-deletion ``w:delText``) runs in
order, with tabs and breaks as fixed pieces; a table cell is its paragraphs
joined by newlines, judged with its column header and the label to its left,
as the extractor reads it. Field instructions (``HYPERLINK "mailto:…"``) are
a unit of their own. Text boxes are reached as paragraphs of their own,
including the VML fallback copy Word stores beside each one (the extractor
reads one copy; both leave with the file).

DrawingML (slides, notes, charts, SmartArt, shapes): every element holding
``a:p`` paragraphs is one unit, ``a:t`` runs are the pieces. Chart caches
(``c:v``), legacy comments (``p:text``), document properties, custom XML
data and external relationship targets (``mailto:`` links) are units too.

Attributes that name a person by definition (a comment's or revision's
author, a document's creator) go through ``transformer.whole("PERSON", …)``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from scanner.redact.engine import TextTransformer, Unit

_XML_NS = "http://www.w3.org/XML/1998/namespace"
_W = {
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
}
_A = {"http://schemas.openxmlformats.org/drawingml/2006/main", "http://purl.oclc.org/ooxml/drawingml/main"}
_LABEL_DIGITS = re.compile(r"\d")
_LETTER = re.compile(r"[^\W\d_]")
_PERSON_ATTRS = {"author", "initials", "name"}  # on the elements listed in _PERSON_ELEMENTS
_PERSON_ELEMENTS = {
    "comment", "ins", "del", "moveFrom", "moveTo", "rPrChange", "pPrChange", "person", "cmAuthor", "author"
}  # fmt: skip
_PERSON_PROPS = {"creator", "lastModifiedBy", "Manager"}
_TEXT_PROPS = {
    "title",
    "subject",
    "keywords",
    "description",
    "category",
    "contentStatus",
    "identifier",
    "Company",
    "lpstr",
    "lpwstr",
    "bstr",
    "HyperlinkBase",
}
SWEEP_ATTRS = {
    "name",
    "descr",
    "title",
    "Target",
    "author",
    "initials",
    "v",
    "userId",
    "displayName",
    "tooltip",
}


def ns(el: Any) -> str:
    return etree.QName(el).namespace or "" if isinstance(el.tag, str) else ""


def local(el: Any) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def looks_like_label(text: str) -> bool:
    text = text.strip()
    if not text or len(text) > 60 or "\n" in text or not _LETTER.search(text):
        return False
    return len(_LABEL_DIGITS.findall(text)) <= len(text) * 0.2


def _context(*words: str | None) -> tuple[str, ...]:
    out: list[str] = []
    for w in words:
        w = (w or "").strip()
        if w and w not in out:
            out.append(w)
    return tuple(out)


@dataclass
class _Slot:
    """Where each piece of a unit is stored: (element, "text"|attribute) or None if fixed."""

    refs: list[tuple[Any, str] | None]
    part: str


@dataclass
class PartUnits:
    """Units gathered from a package's parts, and how to write results back."""

    transformer: TextTransformer
    units: list[Unit] = field(default_factory=list)
    slots: list[_Slot] = field(default_factory=list)
    dirty: set[str] = field(default_factory=set)

    # -- gathering ------------------------------------------------------------------------
    def add(
        self, part: str, pieces: list[tuple[str, tuple[Any, str] | None]], context: tuple[str, ...] = ()
    ) -> None:
        if not "".join(text for text, _ in pieces).strip():
            return
        editable = [ref is not None for _, ref in pieces]
        self.units.append(Unit([t for t, _ in pieces], context, editable=editable))
        self.slots.append(_Slot([ref for _, ref in pieces], part))

    def whole(self, part: str, el: Any, attr: str | None, entity: str) -> None:
        value = el.get(attr) if attr else el.text
        if not value or not value.strip():
            return
        new = self.transformer.whole(entity, value)
        if new != value:
            _set(el, attr or "text", new)
            self.dirty.add(part)

    def apply(self) -> None:
        results = self.transformer.transform_units(self.units)
        for unit, slot, pieces in zip(self.units, self.slots, results, strict=True):
            for old, new, ref in zip(unit.pieces, pieces, slot.refs, strict=True):
                if ref is not None and new != old:
                    _set(ref[0], ref[1], new)
                    self.dirty.add(slot.part)

    # -- per part kind --------------------------------------------------------------------
    def gather(self, part: str, root: Any) -> None:
        namespaces = {ns(el) for el in root.iter() if isinstance(el.tag, str)}
        if namespaces & _W:
            self._word(part, root)
        if namespaces & _A:
            self._drawing(part, root)
        if part.endswith(".rels"):
            for rel in root.iter():
                if local(rel) == "Relationship" and rel.get("TargetMode") == "External" and rel.get("Target"):
                    self.add(part, [(rel.get("Target"), (rel, "Target"))])
            return
        if part.startswith("docProps/") or part.startswith("customXml/item") and "Props" not in part:
            self._properties(part, root)
        for el in root.iter():
            name = local(el)
            if name == "v" and ns(el).endswith("/chart") and el.text:
                self.add(part, [(el.text, (el, "text"))])
            elif name == "text" and ns(el).endswith("/presentationml/2006/main") and el.text:
                self.add(part, [(el.text, (el, "text"))], ("comment",))
            elif name in _PERSON_ELEMENTS:
                for attr in _PERSON_ATTRS:
                    key = _attr_key(el, attr)
                    if key is not None:
                        self.whole(part, el, key, "PERSON")
            elif name == "s" and "pivotCache" in part and el.get("v"):
                self.add(part, [(el.get("v"), (el, "v"))])

    def _properties(self, part: str, root: Any) -> None:
        for el in root.iter():
            name = local(el)
            if len(el) or not el.text or not el.text.strip():
                continue
            if name in _PERSON_PROPS:
                self.whole(part, el, None, "PERSON")
            elif name in _TEXT_PROPS or part.startswith("customXml/"):
                parent = el.getparent()
                label = parent.get("name") if parent is not None and parent.get("name") else name
                self.add(
                    part,
                    [(el.text, (el, "text"))],
                    _context(label, local(parent) if parent is not None else ""),
                )

    def _word(self, part: str, root: Any) -> None:
        previous = ""
        for p in root.iter():
            if local(p) != "p" or ns(p) not in _W:
                continue
            holder = _holder(p)
            if holder is not None and local(holder) == "tc":
                continue  # cells are read whole below
            pieces = _word_pieces(p)
            text = "".join(t for t, _ in pieces)
            self.add(part, pieces, _context(previous) if looks_like_label(previous) else ())
            self._instr(part, p)
            if text.strip():
                previous = text
        for tbl in root.iter():
            if local(tbl) == "tbl" and ns(tbl) in _W:
                self._word_table(part, tbl)

    def _instr(self, part: str, p: Any) -> None:
        pieces = [
            (el.text or "", (el, "text"))
            for el in _own(p, "p")
            if local(el) in ("instrText", "delInstrText") and el.text
        ]
        if pieces:
            self.add(part, pieces, ("field",))

    def _word_table(self, part: str, tbl: Any) -> None:
        headers: dict[int, str] = {}
        for r, tr in enumerate((c for c in tbl if local(c) == "tr"), 1):
            left = ""
            for c, tc in enumerate((c for c in tr if local(c) == "tc"), 1):
                paragraphs = [p for p in tc.iter() if local(p) == "p" and ns(p) in _W and _holder(p) is tc]
                pieces: list[tuple[str, tuple[Any, str] | None]] = []
                for i, p in enumerate(paragraphs):
                    if i:
                        pieces.append(("\n", None))
                    pieces.extend(_word_pieces(p))
                    self._instr(part, p)
                text = "".join(t for t, _ in pieces).strip()
                if r == 1:
                    headers[c] = text
                header = headers.get(c) if r > 1 else None
                self.add(part, pieces, _context(header, left if looks_like_label(left) else None))
                left = text

    def _drawing(self, part: str, root: Any) -> None:
        seen: set[Any] = set()
        for p in root.iter():
            if local(p) != "p" or ns(p) not in _A:
                continue
            body = p.getparent()
            if body is None or body in seen:
                continue
            seen.add(body)
            paragraphs = [c for c in body if local(c) == "p" and ns(c) in _A]
            pieces: list[tuple[str, tuple[Any, str] | None]] = []
            for i, para in enumerate(paragraphs):
                if i:
                    pieces.append(("\n", None))
                for el in _own(para, "p"):
                    name = local(el)
                    if name == "t" and ns(el) in _A:
                        pieces.append((el.text or "", (el, "text")))
                    elif name == "br":
                        pieces.append(("\n", None))
            self.add(part, pieces, _cell_context(body))


def _cell_context(body: Any) -> tuple[str, ...]:
    """Column header and left label for a DrawingML table cell's text body."""
    tc = body.getparent()
    if tc is None or local(tc) != "tc":
        return ()
    tr = tc.getparent()
    tbl = tr.getparent() if tr is not None else None
    if tbl is None:
        return ()
    rows = [r for r in tbl if local(r) == "tr"]
    cells = [c for c in tr if local(c) == "tc"]
    col = cells.index(tc)
    text: Callable[[Any], str] = lambda cell: "".join(  # noqa: E731
        t.text or "" for t in cell.iter() if local(t) == "t"
    ).strip()
    header = None
    if rows and rows[0] is not tr:
        first = [c for c in rows[0] if local(c) == "tc"]
        header = text(first[col]) if col < len(first) else None
    left = text(cells[col - 1]) if col else ""
    return _context(header, left if looks_like_label(left) else None)


def _holder(p: Any) -> Any:
    """The nearest table cell or text box around a Word paragraph (None at top level)."""
    node = p.getparent()
    while node is not None:
        if local(node) in ("tc", "txbxContent") and ns(node) in _W:
            return node
        node = node.getparent()
    return None


def _own(p: Any, tag: str) -> list[Any]:
    """Descendants of ``p`` in order, not descending into nested paragraphs or text boxes."""
    out: list[Any] = []

    def walk(el: Any) -> None:
        for child in el:
            if not isinstance(child.tag, str) or local(child) in (tag, "txbxContent"):
                continue
            out.append(child)
            walk(child)

    walk(p)
    return out


_FIXED = {"tab": "\t", "br": " ", "cr": " ", "noBreakHyphen": "-"}


def _word_pieces(p: Any) -> list[tuple[str, tuple[Any, str] | None]]:
    pieces: list[tuple[str, tuple[Any, str] | None]] = []
    for el in _own(p, "p"):
        if ns(el) not in _W:
            continue
        name = local(el)
        if name in ("t", "delText"):
            pieces.append((el.text or "", (el, "text")))
        elif name in _FIXED:
            pieces.append((_FIXED[name], None))
    return pieces


def _attr_key(el: Any, name: str) -> str | None:
    for key in el.attrib:
        if etree.QName(key).localname == name:
            return str(key)
    return None


def _set(el: Any, what: str, value: str) -> None:
    if what == "text":
        el.text = value
        if local(el) in ("t", "delText", "instrText") and ns(el) in _W and value != value.strip():
            el.set(f"{{{_XML_NS}}}space", "preserve")
    else:
        el.set(what, value)
