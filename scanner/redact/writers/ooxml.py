"""Office Open XML packages (.docx, .pptx; the leftovers of .xlsx): rebuilt part by part.

Every XML part is parsed (entities and network off), its text units are
redacted in one batch (see ``ooxml_text``), and only parts that changed are
serialised again; everything else is copied byte for byte, in the original
order and compression. Then, as a safety net, every text node and every
text-bearing attribute in every part is swept for literal copies of the
values removed elsewhere in the file (caches, alt text, titles).

Embedded packages (a workbook inside a deck) are redacted recursively;
embedded pictures are OCR-redacted when OCR is on. An embedded object that
cannot be redacted fails the whole file: dropping it would break the package,
keeping it could leak. The document thumbnail (a picture of page one) is
removed.
"""

from __future__ import annotations

import contextlib
import io
import posixpath
import zipfile
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from lxml import etree

from scanner.errors import RedactionError
from scanner.redact.dispatch import Job, UnredactableError
from scanner.redact.engine import Redactor
from scanner.redact.writers.ooxml_text import SWEEP_ATTRS, PartUnits, local

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, remove_blank_text=False)
_IMAGE_EXT = (".png", ".jpg", ".jpeg", ".gif", ".tif", ".tiff", ".bmp")
_PACKAGE_EXT = (".docx", ".docm", ".xlsx", ".xlsm", ".pptx", ".pptm")


def _is_xml(name: str, raw: bytes) -> bool:
    return name.endswith((".xml", ".rels", ".vml")) or raw.lstrip()[:5] == b"<?xml"


def _thumbnail_targets(parts: dict[str, Any]) -> set[str]:
    rels = parts.get("_rels/.rels")
    if rels is None:
        return set()
    out = set()
    for rel in list(rels.iter()):
        if local(rel) == "Relationship" and rel.get("Type", "").endswith("/thumbnail"):
            out.add(rel.get("Target", "").lstrip("/"))
            rel.getparent().remove(rel)
    return out


def _drop_content_types(parts: dict[str, Any], dropped: set[str]) -> None:
    types = parts.get("[Content_Types].xml")
    if types is None:
        return
    for el in list(types.iter()):
        if local(el) == "Override" and el.get("PartName", "").lstrip("/") in dropped:
            el.getparent().remove(el)


def sweep_trees(parts: dict[str, Any], redactor: Redactor) -> set[str]:
    """Replace literal removed values anywhere in text nodes and text-bearing attributes."""
    if redactor.sweep_pattern() is None:
        return set()
    changed = set()
    for name, root in parts.items():
        for el in root.iter():
            for attr in ("text", "tail"):
                value = getattr(el, attr, None)
                if isinstance(value, str) and value.strip():
                    new = redactor.replace_literal(value)
                    if new != value:
                        setattr(el, attr, new)
                        changed.add(name)
            if not isinstance(el.tag, str):
                continue
            for key, value in el.attrib.items():
                if etree.QName(key).localname in SWEEP_ATTRS:
                    new = redactor.replace_literal(value)
                    if new != value:
                        el.set(key, new)
                        changed.add(name)
    return changed


def _serialise(root: Any) -> bytes:
    tree = root.getroottree()
    standalone = tree.docinfo.standalone
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=standalone)


def rebuild_package(
    data: bytes,
    job: Job,
    skip: Callable[[str], bool] = lambda name: False,
) -> bytes:
    """Redact an OOXML zip; parts for which ``skip`` is true are copied as they are."""
    try:
        zin = zipfile.ZipFile(io.BytesIO(data))
        infos = zin.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UnredactableError(f"damaged Office package ({type(exc).__name__})") from None
    if any(info.flag_bits & 0x1 for info in infos):
        raise UnredactableError("Office package with encrypted members")
    raw: dict[str, bytes] = {}
    parts: dict[str, Any] = {}
    with zin:
        for info in infos:
            if info.is_dir():
                continue
            if info.file_size > job.config.limits.max_file_size:
                raise RedactionError(f"package member over the size limit ({info.file_size} bytes)")
            raw[info.filename] = zin.read(info)
            if _is_xml(info.filename, raw[info.filename]) and not skip(info.filename):
                try:
                    parts[info.filename] = etree.fromstring(raw[info.filename], _PARSER)
                except etree.XMLSyntaxError:
                    raise RedactionError(f"damaged XML part {info.filename}") from None
    units = PartUnits(job.transformer)
    for name, root in parts.items():
        units.gather(name, root)
    units.apply()
    dirty = set(units.dirty)
    dropped: set[str] = set()
    if job.redacting:
        dropped = _thumbnail_targets(parts)
        if dropped:
            dirty |= {"_rels/.rels", "[Content_Types].xml"}
            _drop_content_types(parts, dropped)
        assert isinstance(job.transformer, Redactor)
        dirty |= sweep_trees(parts, job.transformer)
        _redact_members(raw, job, skip)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zout:
        for info in infos:
            if info.is_dir() or info.filename in dropped:
                continue
            body = _serialise(parts[info.filename]) if info.filename in dirty else raw[info.filename]
            zout.writestr(info, body, compress_type=info.compress_type)
    return out.getvalue()


def _redact_members(raw: dict[str, bytes], job: Job, skip: Callable[[str], bool]) -> None:
    for name, body in list(raw.items()):
        if skip(name):
            continue
        lowered = name.lower()
        folder = posixpath.dirname(lowered)
        if folder.endswith("/embeddings"):
            if lowered.endswith(_PACKAGE_EXT):
                new = job.member(body, posixpath.basename(name))
                if new is None:
                    raise RedactionError(f"embedded document {name} cannot be redacted")
                raw[name] = new
            else:
                raise RedactionError(f"embedded object {name} cannot be redacted (not an Office document)")
        elif folder.endswith("/media") and lowered.endswith(_IMAGE_EXT) and job.config.ocr:
            child = replace(job, depth=job.depth + 1, path=f"{job.path}!{name}" if job.path else name)
            # A picture OCR cannot read stays: we found no text in it to remove.
            with contextlib.suppress(UnredactableError):
                raw[name] = child.write(body, posixpath.basename(name))


def write_package(data: bytes, name: str, job: Job) -> bytes:
    return rebuild_package(data, job)
