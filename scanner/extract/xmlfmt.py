"""XML: text nodes and attribute values, each with a readable element path.

Parsed as a stream with ``iterparse`` and finished elements cleared, so a
large export does not become a large tree. Documents that declare DTD
entities are refused outright: entity expansion ("billion laughs") and
external entities (local file or network reads) are attacks, not data, and
no legitimate insurance export needs them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from scanner.errors import ExtractError
from scanner.extract.base import Blob, ExtractContext
from scanner.extract.text import DETECT_BYTES, head_text
from scanner.models import Location, Segment

_ENTITY_REFUSED = "XML declares DTD entities (possible entity expansion attack); refused"


@dataclass
class _Frame:
    name: str
    path: str
    seen: dict[str, int] = field(default_factory=dict)


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
            if parent is None:
                path = f"/{name}"
            else:
                index = parent.seen[name] = parent.seen.get(name, 0) + 1
                path = f"{parent.path}/{name}" + (f"[{index}]" if index > 1 else "")
                # The previous sibling's tail is complete once this element starts.
                prev = el.getprevious()
                if prev is not None and (tail := _text(prev.tail)):
                    yield Segment(tail, Location(key=parent.path), (parent.name,))
            stack.append(_Frame(name, path))
            for attr, value in el.attrib.items():
                if value.strip():
                    attr_name = _local(attr)
                    yield Segment(
                        value, Location(line=el.sourceline, key=f"{path}/@{attr_name}"), (attr_name, name)
                    )
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
