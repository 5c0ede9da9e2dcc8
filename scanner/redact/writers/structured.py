"""JSON, JSON Lines and XML: values and keys are redacted, the structure is kept.

JSON keeps key order, duplicate keys and the source text of numbers (an SSN
stored as a number stays a number unless it is removed, then it becomes a
string token). Object keys are redacted too: exports keyed by SSN or e-mail
exist. A file that only looked like JSON is redacted as text.

XML is parsed with entity expansion, DTD loading and network access off;
documents declaring entities are refused, as the extractor refuses them.
Element text, tails, attribute values and comments are redacted; comments
are not read by the scanner but they are part of the copy that leaves.
"""

from __future__ import annotations

import json
import re
from typing import Any

from lxml import etree

from scanner.redact.dispatch import Job, UnredactableError
from scanner.redact.engine import Unit
from scanner.redact.writers.text import decode, encode, redact_plain


class _Num(str):
    """A number's source text."""


class _Obj(list):  # type: ignore[type-arg]
    """An object's (key, value) pairs, in order, duplicates kept."""


def _loads(text: str) -> Any:
    return json.loads(text, parse_int=_Num, parse_float=_Num, parse_constant=_Num, object_pairs_hook=_Obj)


class _Collector:
    def __init__(self) -> None:
        self.units: list[Unit] = []
        self.slots: list[tuple[Any, int, str]] = []  # (container, index, "key"|"value")

    def walk(self, node: Any, key: str = "", parent: str = "") -> None:
        stack: list[tuple[Any, str, str]] = [(node, key, parent)]
        while stack:
            value, k, p = stack.pop()
            if isinstance(value, _Obj):
                for i, (ck, cv) in enumerate(value):
                    if ck.strip():
                        self.units.append(Unit.of(ck))
                        self.slots.append((value, i, "key"))
                    if isinstance(cv, str):
                        self._leaf(value, i, cv, (ck, k))
                    else:
                        stack.append((cv, ck, k))
            elif isinstance(value, list):
                for i, item in enumerate(value):
                    if isinstance(item, str):
                        self._leaf(value, i, item, (k, p))
                    else:
                        stack.append((item, k, p))

    def _leaf(self, container: Any, index: int, text: str, context: tuple[str, str]) -> None:
        if text.strip():
            self.units.append(Unit.of(text, tuple(c for c in context if c)))
            self.slots.append((container, index, "value"))

    def apply(self, results: list[list[str]]) -> None:
        for (container, index, what), pieces in zip(self.slots, results, strict=True):
            new = "".join(pieces)
            if isinstance(container, _Obj):
                k, v = container[index]
                if what == "key":
                    container[index] = (new if new != k else k, v)
                elif new != v:
                    container[index] = (k, new)
            elif new != container[index]:
                container[index] = new


def _dump(node: Any, indent: str | None, sep: tuple[str, str], level: int = 0) -> str:
    if isinstance(node, _Num):
        return str(node)
    if isinstance(node, str):
        return json.dumps(node, ensure_ascii=False)
    if node is None or isinstance(node, bool):
        return json.dumps(node)
    inner = "" if indent is None else "\n" + indent * (level + 1)
    outer = "" if indent is None else "\n" + indent * level
    item_sep = sep[0].rstrip() if indent is not None else sep[0]
    if isinstance(node, _Obj):
        if not node:
            return "{}"
        items = [
            f"{json.dumps(k, ensure_ascii=False)}{sep[1]}{_dump(v, indent, sep, level + 1)}" for k, v in node
        ]
        return "{" + inner + (item_sep + inner).join(items) + outer + "}"
    if isinstance(node, list):
        if not node:
            return "[]"
        items = [_dump(v, indent, sep, level + 1) for v in node]
        return "[" + inner + (item_sep + inner).join(items) + outer + "]"
    return json.dumps(node)


def _style(text: str) -> tuple[str | None, tuple[str, str]]:
    body = text.strip()
    m = re.search(r"[\[{]\s*\n([ \t]+)", body)
    indent = m.group(1) if m else None
    compact = indent is None and not re.search(r'[,:] ["\[{0-9tfn-]', body[:4096])
    return indent, ((",", ":") if compact else (", ", ": "))


def _scalar(value: str, job: Job) -> str:
    new = job.transformer.transform([value])[0]
    if isinstance(value, _Num) and new == value:
        return str(value)
    return json.dumps(new, ensure_ascii=False)


def _redact_doc(doc: Any, job: Job) -> None:
    collector = _Collector()
    collector.walk(doc)
    collector.apply(job.transformer.transform_units(collector.units))


def write_json(data: bytes, name: str, job: Job) -> bytes:
    text, encoding = decode(data)
    try:
        doc = _loads(text)
    except (ValueError, RecursionError):
        return encode(redact_plain(text, job), encoding)
    if isinstance(doc, str):  # a bare top-level string or number
        return encode(_scalar(doc, job) + text[len(text.rstrip()) :], encoding)
    _redact_doc(doc, job)
    indent, sep = _style(text)
    trailing = text[len(text.rstrip()) :]
    return encode(_dump(doc, indent, sep) + trailing, encoding)


def write_jsonl(data: bytes, name: str, job: Job) -> bytes:
    text, encoding = decode(data)
    lines = text.splitlines(keepends=True)
    docs: list[Any] = []
    collector = _Collector()
    plain: list[int] = []
    for i, line in enumerate(lines):
        try:
            doc = _loads(line) if line.strip() else None
        except (ValueError, RecursionError):
            doc = None
            plain.append(i)
        docs.append(doc)
        if doc is not None and not isinstance(doc, str):
            collector.walk(doc)
    units = collector.units + [Unit.of(lines[i]) for i in plain]
    results = job.transformer.transform_units(units)
    collector.apply(results[: len(collector.units)])
    out = list(lines)
    for i, pieces in zip(plain, results[len(collector.units) :], strict=True):
        out[i] = "".join(pieces)
    skip = set(plain)
    for i, doc in enumerate(docs):
        if doc is None or i in skip:
            continue
        if isinstance(doc, str):
            out[i] = _scalar(doc, job) + _ending(lines[i])
        else:
            out[i] = _dump(doc, None, _style(lines[i])[1]) + _ending(lines[i])
    return encode("".join(out), encoding)


def _ending(line: str) -> str:
    return line[len(line.rstrip("\r\n")) :]


# -- XML -----------------------------------------------------------------------------------


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def write_xml(data: bytes, name: str, job: Job) -> bytes:
    parser = etree.XMLParser(
        resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False, remove_blank_text=False
    )
    try:
        tree = etree.fromstring(data, parser).getroottree()
    except etree.XMLSyntaxError as exc:
        raise UnredactableError(f"malformed XML (line {exc.lineno})") from None
    dtd = tree.docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise UnredactableError("XML declares DTD entities (possible entity expansion attack); refused")
    units: list[Unit] = []
    slots: list[tuple[Any, str]] = []
    for el in tree.getroot().iter():
        parent = el.getparent()
        if isinstance(el.tag, str):
            name_ = _local(el.tag)
            for attr, value in el.attrib.items():
                if value.strip():
                    units.append(Unit.of(value, (_local(attr), name_)))
                    slots.append((el, "@" + attr))
            context: tuple[str, ...] = (name_, _local(parent.tag)) if parent is not None else (name_,)
        else:  # comment or processing instruction
            context = ()
        if el.text and el.text.strip() and not isinstance(el, etree._ProcessingInstruction):
            units.append(Unit.of(el.text, context))
            slots.append((el, "text"))
        if el.tail and el.tail.strip() and parent is not None:
            units.append(Unit.of(el.tail, (_local(parent.tag),)))
            slots.append((el, "tail"))
    for (el, what), pieces in zip(slots, job.transformer.transform_units(units), strict=True):
        new = "".join(pieces)
        if what == "text":
            # "--" may not appear in a comment; a token could bring one.
            el.text = new.replace("--", "- -") if isinstance(el, etree._Comment) else new
        elif what == "tail":
            el.tail = new
        else:
            el.set(what[1:], new)
    declared = data.lstrip()[:5] == b"<?xml"
    return etree.tostring(
        tree,
        xml_declaration=declared,
        encoding=tree.docinfo.encoding or "UTF-8",
        standalone=tree.docinfo.standalone,
    )
