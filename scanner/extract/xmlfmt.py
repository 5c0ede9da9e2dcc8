"""XML: text nodes and attribute values, each with a readable element path.

Parsed as a stream with ``iterparse`` and finished elements cleared, so a
large export does not become a large tree. Documents that declare DTD
entities are refused outright: entity expansion ("billion laughs") and
external entities (local file or network reads) are attacks, not data, and
no legitimate insurance export needs them.

Element and attribute names can be data (``<CLM-2024-123456 status="open"/>``):
a name that may hold a value (``scanner.extract.jsonfmt.key_may_hold_data``)
is scanned once per file, its words spelled apart, at ``<parent>/*[N]`` (the
N-th child element) or ``<element>/@*[N]`` (the N-th attribute), so the name
is not repeated in its own location.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from scanner.errors import ExtractError
from scanner.extract.base import Blob, ExtractContext
from scanner.extract.jsonfmt import MAX_KEYS_REMEMBERED, key_looks_like_data, key_may_hold_data, spell_key
from scanner.extract.text import DETECT_BYTES, head_text
from scanner.models import Location, Segment

_ENTITY_REFUSED = "XML declares DTD entities (possible entity expansion attack); refused"


@dataclass
class _Frame:
    name: str
    path: str
    seen: dict[str, int] = field(default_factory=dict)
    children: int = 0


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _declares_entities(blob: Blob) -> bool:
    text = head_text(blob.head(DETECT_BYTES))
    return text is not None and "<!DOCTYPE" in text and "<!ENTITY" in text


def _text(value: str | None) -> str | None:
    return value if value and value.strip() else None


def extract_xml(blob: Blob, ctx: ExtractContext) -> Iterator[Segment]:
    if _declares_entities(blob):
        raise ExtractError(_ENTITY_REFUSED)
    with blob.open() as fh:
        events = etree.iterparse(
            fh,
            events=("start", "end"),
            resolve_entities=False,
            load_dtd=False,
            no_network=True,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
        )
        try:
            yield from _walk(events, ctx)
        except etree.XMLSyntaxError as exc:
            line = f" at line {exc.lineno}" if exc.lineno else ""
            raise ExtractError(f"malformed XML{line}") from None


def _walk(events: etree.iterparse, ctx: ExtractContext) -> Iterator[Segment]:
    stack: list[_Frame] = []
    count = 0
    names: set[str] = set()

    def name_segment(name: str, line: int | None, where: str) -> Iterator[Segment]:
        if name in names or not key_may_hold_data(name):
            return
        if len(names) < MAX_KEYS_REMEMBERED:
            names.add(name)
        yield Segment(spell_key(name), Location(line=line, key=where))

    for event, el in events:
        if not isinstance(el.tag, str):
            continue  # entity references left unresolved, on purpose
        if event == "start":
            if not stack:
                dtd = el.getroottree().docinfo.internalDTD
                if dtd is not None and any(True for _ in dtd.iterentities()):
                    raise ExtractError(_ENTITY_REFUSED)
            count += 1
            if count % 5000 == 0:
                ctx.check_time()
            name = _local(el.tag)
            parent = stack[-1] if stack else None
            # A name that looks like a value is written by position in paths: they go to the
            # inventory and the reports.
            shown = "*" if key_looks_like_data(name) else name
            if parent is None:
                path = f"/{shown}"
                yield from name_segment(name, el.sourceline, "/*")
            else:
                parent.children += 1
                yield from name_segment(name, el.sourceline, f"{parent.path}/*[{parent.children}]")
                if shown == "*":
                    path = f"{parent.path}/*[{parent.children}]"
                else:
                    index = parent.seen[name] = parent.seen.get(name, 0) + 1
                    path = f"{parent.path}/{name}" + (f"[{index}]" if index > 1 else "")
                # The previous sibling's tail is complete once this element starts.
                prev = el.getprevious()
                if prev is not None and (tail := _text(prev.tail)):
                    yield Segment(tail, Location(key=parent.path), (parent.name,))
            stack.append(_Frame(name, path))
            for n, attr in enumerate(el.attrib, 1):
                yield from name_segment(_local(attr), el.sourceline, f"{path}/@*[{n}]")
            for n, (attr, value) in enumerate(el.attrib.items(), 1):
                if value.strip():
                    attr_name = _local(attr)
                    where = f"{path}/@*[{n}]" if key_looks_like_data(attr_name) else f"{path}/@{attr_name}"
                    yield Segment(value, Location(line=el.sourceline, key=where), (attr_name, name))
        else:
            frame = stack.pop()
            if text := _text(el.text):
                context = (frame.name, stack[-1].name) if stack else (frame.name,)
                yield Segment(text, Location(line=el.sourceline, key=frame.path), context)
            last = el[-1] if len(el) else None
            if last is not None and (tail := _text(last.tail)):
                yield Segment(tail, Location(key=frame.path), (frame.name,))
            # Children are fully reported; drop them (this element's own tail is
            # still needed by its parent).
            el.clear(keep_tail=True)
            while el.getprevious() is not None:
                parent_el = el.getparent()
                if parent_el is None:
                    break
                del parent_el[0]
