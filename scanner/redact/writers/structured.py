"""JSON, JSON Lines and XML: values and keys are redacted, the structure is kept.

JSON keeps key order, duplicate keys and the source text of numbers (an SSN
stored as a number stays a number unless it is removed, then it becomes a
string token). Object keys are redacted too: exports keyed by SSN or e-mail
exist. A file that only looked like JSON is redacted as text.

XML is parsed with entity expansion, DTD loading and network access off;
documents declaring entities are refused, as the extractor refuses them.
Element text, tails, attribute values and comments are redacted; comments
are not read by the scanner but they are part of the copy that leaves.
Element and attribute names that may hold data are redacted too, into valid
XML names (``<POL-2020-553891>`` becomes ``<POL-_POLICY_NUMBER_>``).
"""

from __future__ import annotations

import json
import re
from typing import Any

from lxml import etree

from scanner.extract.jsonfmt import key_may_hold_data, key_parts
from scanner.redact.dispatch import Job, UnredactableError
from scanner.redact.engine import TextTransformer, Unit
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
                        self.units.append(_key_unit(ck))
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

    def transform(self, transformer: TextTransformer) -> None:
        """Redact every unit and write the results back into the document."""
        results = transformer.transform_units(self.units)
        self.apply(results, transformer)

    def apply(self, results: list[list[str]], transformer: TextTransformer) -> None:
        slots = [(c, i, p) for (c, i, what), p in zip(self.slots, results, strict=True) if what == "key"]
        swept = _swept_keys([(c[i][0], p) for c, i, p in slots], transformer)
        new_keys = {(id(c), i): new for (c, i, _), new in zip(slots, swept, strict=True)}
        changed: dict[int, _Obj] = {}
        for (container, index, what), pieces in zip(self.slots, results, strict=True):
            if isinstance(container, _Obj):
                k, v = container[index]
                if what == "key":
                    new = new_keys[(id(container), index)]
                    if new != k:
                        container[index] = (_Key(new), v)
                        changed[id(container)] = container
                elif (new := "".join(pieces)) != v:
                    container[index] = (k, new)
            elif (new := "".join(pieces)) != container[index]:
                container[index] = new
        for obj in changed.values():
            _unique_keys(obj)


class _Key(str):
    """A key the redaction rewrote."""


def _key_unit(key: str) -> Unit:
    """A key as the scanner reads it (``scanner.extract.jsonfmt.spell_key``): the words
    of ``claimNotesClm2024123456`` apart. The spaces put between them are not text
    of the key and cannot be edited; ``_key_text`` puts the real separators back."""
    parts = key_parts(key)
    if len(parts) == 1:
        return Unit.of(key)
    return Unit(
        [" " if i % 2 else p for i, p in enumerate(parts)], editable=[i % 2 == 0 for i in range(len(parts))]
    )


def _key_text(key: str, pieces: list[str]) -> str:
    parts = key_parts(key)
    if len(parts) == 1:
        return "".join(pieces)
    return "".join(parts[i] if i % 2 else p for i, p in enumerate(pieces))


# An identifier removed anywhere in the file, in a key with its separators
# changed or dropped and its case changed: a key derived from a title
# ("Claim notes - ND550-59371" -> "claim_notes_nd550_59371", "claimNotesNd55059371").
_KEY_ID_MIN = 6


def _key_pattern(removed: Any) -> tuple[re.Pattern[str], list[str]] | None:
    """One regex for every removed identifier, and the entity of each ``v<i>`` group."""
    bodies: dict[str, str] = {}
    for entity, value in removed.values():
        chars = [c for c in value if c.isalnum()]
        if len(chars) < _KEY_ID_MIN or not any(c.isdigit() for c in chars):
            continue
        # A digit at either end must not continue a longer number; letters may
        # touch other letters (camel case joins words without a break).
        body = (
            (r"(?<![0-9])" if chars[0].isdigit() else "")
            + r"[^0-9A-Za-z]?".join(re.escape(c) for c in chars)
            + (r"(?![0-9])" if chars[-1].isdigit() else "")
        )
        bodies.setdefault(body, entity)
    if not bodies:
        return None
    ordered = sorted(bodies, key=len, reverse=True)
    alts = [f"(?P<v{i}>{body})" for i, body in enumerate(ordered)]
    return re.compile("|".join(alts), re.IGNORECASE), [bodies[body] for body in ordered]


def _swept_keys(keys: list[tuple[str, list[str]]], transformer: TextTransformer) -> list[str]:
    """The new text of every key. A key that holds an identifier removed anywhere in
    the file, written another way, is redacted again from its original text with
    that identifier as a blank that cannot be edited: detection and the sweep run
    on the rest of the key, and the operator's output takes the blank's place."""
    out = [_key_text(key, pieces) for key, pieces in keys]
    removed = getattr(transformer, "removed", None)
    found = _key_pattern(removed) if removed else None
    again: list[tuple[int, Unit, list[str | None]]] = []
    for slot, (key, _) in enumerate(keys):
        if found is None or not any(c.isdigit() for c in key):
            continue
        pattern, entities = found
        matches = list(pattern.finditer(key))
        if not matches:
            continue
        # Pieces to detect on, and what each stands for in the output (None: the
        # detected text): words, separators between them, blanks for the matches.
        texts: list[str] = []
        fixed: list[str | None] = []
        pos = 0
        for m in [*matches, None]:
            parts = key_parts(key[pos : m.start() if m else len(key)])
            texts += [" " if i % 2 else part for i, part in enumerate(parts)]
            fixed += [part if i % 2 else None for i, part in enumerate(parts)]
            if m is not None:
                group = next(g for g, v in m.groupdict().items() if v is not None)
                texts.append(" ")
                fixed.append(transformer.whole(entities[int(group[1:])], m.group(0)))
                pos = m.end()
        unit = Unit(texts, editable=[f is None for f in fixed])
        again.append((slot, unit, fixed))
    if again:
        results = transformer.transform_units([u for _, u, _ in again])
        for (slot, _unit, fixed), pieces in zip(again, results, strict=True):
            out[slot] = "".join(f if f is not None else p for f, p in zip(fixed, pieces, strict=True))
    return out


def _unique_keys(obj: _Obj) -> None:
    """Keys the redaction made equal ("<CLAIM_NUMBER>" twice) get a suffix, "#2", "#3":
    most readers keep only the last of duplicate keys. Keys that were equal in the
    original stay as they were."""
    taken = {k for k, _ in obj if not isinstance(k, _Key)}
    for i, (k, v) in enumerate(obj):
        if not isinstance(k, _Key):
            continue
        new, n = str(k), 2
        while new in taken:
            new = f"{k}#{n}"
            n += 1
        taken.add(new)
        obj[i] = (new, v)


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
    collector.transform(job.transformer)


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
    collector.apply(results[: len(collector.units)], job.transformer)
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


_NOT_IN_NAME = re.compile(r"[^\w.\-]")


def _xml_name(text: str, transformer: TextTransformer) -> str:
    """A redacted element or attribute name made a valid XML name: ``<CLAIM_NUMBER>``
    becomes ``_CLAIM_NUMBER_`` (such a name cannot be restored by ``unredact``)."""
    name = _NOT_IN_NAME.sub("_", text)
    if not name or not (name[0].isalpha() or name[0] == "_"):
        name = "_" + name
    transformer.inserted.add(name)
    return name


def _rename(el: Any, names: dict[str, str], transformer: TextTransformer) -> None:
    """Rename ``el`` and its attributes as ``names`` says (local name -> redacted text),
    keeping namespaces and the order of attributes; attributes made equal get ``_2``."""

    def renamed(qname: str) -> str:
        ns, local = (qname[: qname.index("}") + 1], _local(qname)) if qname.startswith("{") else ("", qname)
        new = names.get(local, local)
        return qname if new == local else ns + _xml_name(new, transformer)

    el.tag = renamed(el.tag)
    items = list(el.attrib.items())
    if not any(_local(a) in names for a, _ in items):
        return
    el.attrib.clear()
    for attr, value in items:
        new, n = renamed(attr), 2
        while new in el.attrib:
            new = f"{renamed(attr)}_{n}"
            n += 1
        el.set(new, value)


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
    # Element and attribute names that may be data (as the scanner reads them,
    # ``key_may_hold_data``), each once: ``<CLM-2024-123456 status="open"/>``.
    names: dict[str, int] = {}
    for el in tree.getroot().iter():
        parent = el.getparent()
        if isinstance(el.tag, str):
            name_ = _local(el.tag)
            for local in (name_, *(_local(a) for a in el.attrib)):
                if local not in names and key_may_hold_data(local):
                    names[local] = len(units)
                    units.append(_key_unit(local))
                    slots.append((None, local))
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
    results = job.transformer.transform_units(units)
    swept = _swept_keys([(local, results[i]) for local, i in names.items()], job.transformer)
    renames = {local: new for local, new in zip(names, swept, strict=True) if new != local}
    for (el, what), pieces in zip(slots, results, strict=True):
        new = "".join(pieces)
        if el is None:
            continue  # a name: renamed below
        if what == "text":
            # "--" may not appear in a comment; a token could bring one.
            el.text = new.replace("--", "- -") if isinstance(el, etree._Comment) else new
        elif what == "tail":
            el.tail = new
        else:
            el.set(what[1:], new)
    if renames:
        for el in tree.getroot().iter():
            if isinstance(el.tag, str):
                _rename(el, renames, job.transformer)
    declared = data.lstrip()[:5] == b"<?xml"
    return etree.tostring(
        tree,
        xml_declaration=declared,
        encoding=tree.docinfo.encoding or "UTF-8",
        standalone=tree.docinfo.standalone,
    )
