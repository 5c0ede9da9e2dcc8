"""Verification: read the copy back as a recipient would, and fail closed.

A copy passes only if all of these hold:

1. the project's own extractor reads it completely (a member it cannot read
   back is a member nobody checked);
2. no value the writer removed can be found again, in those segments or in
   what independent readers see: for PDFs pdfplumber, pdfium and poppler's
   ``pdftotext`` per page plus every string and non-image stream in the file
   (metadata, bookmarks, form values); for Office files and zips the raw XML
   and text of every member; for text formats the raw text. Identifiers match
   with or without separators (``123-45-6789`` = ``123 45 6789``), names and
   addresses case-insensitively;
3. a fresh detection pass over the re-extracted text finds nothing of an
   entity the policy removes, except inside the tokens the writer inserted
   (a pseudonymised SSN is still SSN-shaped; it is ours).

Problems name the entity and where, never the value.
"""

from __future__ import annotations

import html
import io
import re
import shutil
import subprocess
import tarfile
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from scanner.config import Config
from scanner.errors import ExtractError, InsurescanError
from scanner.extract import EXTRACTORS
from scanner.extract.base import Blob, ExtractContext
from scanner.extract.sniff import sniff
from scanner.extract.text import detect_encoding
from scanner.models import Segment
from scanner.redact.engine import SWEEP_MIN_CHARS, Redactor, blank

_WORDY = {"PERSON", "STREET_ADDRESS", "EMAIL_ADDRESS"}
_TEXT_KINDS = {"text", "csv", "tsv", "json", "jsonl", "xml", "html", "eml"}
_PDFTOTEXT_TIMEOUT = 60


@dataclass
class Verification:
    ok: bool = True
    problems: list[str] = field(default_factory=list)
    # (entity, value) the fresh detection pass found: in memory only, for the
    # writer's next attempt (``scanner.redact.run``); never printed or stored.
    found: list[tuple[str, str]] = field(default_factory=list, repr=False)

    def fail(self, problem: str) -> None:
        self.ok = False
        if problem not in self.problems:
            self.problems.append(problem)


def _value_pattern(entity: str, value: str) -> str:
    if entity in _WORDY:
        return r"\s+".join(re.escape(w) for w in value.split())
    chars = [c for c in value if c.isalnum()]
    if len(chars) >= 6 and len(chars) != len(value.replace(" ", "")):
        # Separators may be added, dropped or changed in a copy of an identifier.
        return r"[\s\-./]?".join(re.escape(c) for c in chars)
    return r"\s+".join(re.escape(w) for w in value.split())


class _Leaks:
    def __init__(self, redactor: Redactor) -> None:
        values = [(e, v) for e, v in redactor.removed.values() if len(v.strip()) >= SWEEP_MIN_CHARS]
        self.entities = [e for e, _ in values]
        alts = [f"(?P<v{i}>{_value_pattern(e, v)})" for i, (e, v) in enumerate(values)]
        self.pattern = (
            re.compile(r"(?<!\w)(?:" + "|".join(alts) + r")(?!\w)", re.IGNORECASE) if alts else None
        )
        tokens = sorted((t for t in redactor.inserted if t), key=len, reverse=True)
        self.tokens = re.compile("|".join(re.escape(t) for t in tokens)) if tokens else None

    def protected(self, text: str) -> list[tuple[int, int]]:
        return [m.span() for m in self.tokens.finditer(text)] if self.tokens else []

    def find(self, text: str) -> Iterator[str]:
        """Entity names of removed values readable in ``text`` (outside inserted tokens)."""
        if self.pattern is None or not text:
            return
        spans = None
        for m in self.pattern.finditer(text):
            if spans is None:
                spans = self.protected(text)
            if any(s <= m.start() and m.end() <= e for s, e in spans):
                continue
            index = int(next(k for k, v in m.groupdict().items() if v is not None)[1:])
            yield self.entities[index]


def _pdf_texts(data: bytes) -> Iterator[tuple[str, str]]:
    import pdfplumber
    import pikepdf
    import pypdfium2 as pdfium

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for n, page in enumerate(pdf.pages, 1):
            yield f"page {n} (pdfplumber)", page.extract_text() or ""
    doc = pdfium.PdfDocument(data)
    try:
        for n in range(len(doc)):
            page = doc[n]
            textpage = page.get_textpage()
            yield f"page {n + 1} (pdfium)", textpage.get_text_range()
            textpage.close()
            page.close()
    finally:
        doc.close()
    if shutil.which("pdftotext"):
        with tempfile.NamedTemporaryFile(suffix=".pdf") as tmp:
            tmp.write(data)
            tmp.flush()
            done = subprocess.run(
                ["pdftotext", "-q", "-enc", "UTF-8", tmp.name, "-"],
                capture_output=True,
                timeout=_PDFTOTEXT_TIMEOUT,
                check=False,
            )
        yield "pdftotext", done.stdout.decode("utf-8", errors="replace")
    with pikepdf.open(io.BytesIO(data)) as pdf:
        if "/Info" in pdf.trailer:
            yield "document information", str(pdf.trailer.Info)
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.String):
                yield "a string object", str(obj)
            elif isinstance(obj, pikepdf.Dictionary):
                for value in obj.values():
                    if isinstance(value, pikepdf.String):
                        yield "a string object", str(value)
            elif isinstance(obj, pikepdf.Stream):
                if (
                    obj.get("/Subtype") == pikepdf.Name.Image
                    or "/Length1" in obj
                    or "/FontFile" in str(obj.get("/Type", ""))
                ):
                    continue
                try:
                    yield "a content stream", obj.read_bytes().decode("latin-1")
                except pikepdf.PdfError:
                    continue


# Cell addresses are structure, not data: r="I10" names the cell, and the
# ICD-10 code I10 removed from that cell must not be "found" in its address
# (or in a formula's range, SUM(E2:E11)).
_ADDRESS_ATTRS = re.compile(r"""\s(?:r|ref|sqref|activeCell|topLeftCell|spans)=("[^"]*"|'[^']*')""")
_FORMULA = re.compile(r"(<(?:\w+:)?f\b[^>]*>)(.*?)(</(?:\w+:)?f>)", re.DOTALL)
_ADDRESS = re.compile(r"(?<![\w$])\$?[A-Z]{1,3}\$?[0-9]+\b")


def xml_view(text: str) -> str:
    """An Office XML part as text to search for values: references decoded, cell addresses out."""
    text = _ADDRESS_ATTRS.sub(" ", text)
    text = _FORMULA.sub(lambda m: m.group(1) + _ADDRESS.sub(" ", m.group(2)) + m.group(3), text)
    return html.unescape(text)


def _zip_texts(data: bytes) -> Iterator[tuple[str, str]]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        yield "member names", "\n".join(zf.namelist())
        for info in zf.infolist():
            if info.is_dir():
                continue
            raw = zf.read(info)
            if detect_encoding(raw[:65536]) is None:
                continue
            text = raw.decode("utf-8", errors="replace")
            yield f"member {info.filename}", xml_view(text) if text.lstrip().startswith("<") else text


def _raw_texts(data: bytes, kind: str) -> Iterator[tuple[str, str]]:
    if kind == "pdf":
        yield from _pdf_texts(data)
    elif data[:4] == b"PK\x03\x04":
        yield from _zip_texts(data)
    elif kind == "tar":
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:*") as tf:
            yield "member names", "\n".join(tf.getnames())
    elif kind in _TEXT_KINDS:
        encoding = detect_encoding(data[: 1 << 20])
        if encoding:
            text = data.decode(encoding, errors="replace")
            yield "raw text", html.unescape(text) if kind in ("xml", "html", "eml") else text


# A plain-text copy whose first value became ``<IP_ADDRESS>`` sniffs as XML
# and then reads as malformed: for these names such a copy is read as text.
_PLAIN = {
    "txt": "text",
    "text": "text",
    "log": "text",
    "md": "text",
    "csv": "csv",
    "tsv": "tsv",
    "tab": "tsv",
}


def _read_back(blob: Blob, ctx: ExtractContext) -> Iterator[Segment]:
    """``scanner.extract.extract``, except that a plain-text name that now sniffs
    as XML is read as what it was; container members come back through here."""
    if ctx.depth == 0 and not ctx.outer_size:
        ctx.outer_size = blob.size
    kind = sniff(blob)
    if kind == "xml" and blob.extension in _PLAIN:
        kind = _PLAIN[blob.extension]
    ctx.dispatch = _read_back
    try:
        yield from EXTRACTORS[kind](blob, ctx)
    except (InsurescanError, MemoryError, RecursionError):
        raise
    except Exception as exc:  # as extract() does: keep the type only, messages quote content
        raise ExtractError(f"cannot read {kind}: {type(exc).__name__}") from None


def verify(output: bytes, name: str, redactor: Redactor, config: Config) -> Verification:
    """Check one redacted copy; ``ok`` is False with reasons if anything remains."""
    result = Verification()
    ctx = ExtractContext(limits=config.limits, ocr=config.ocr)
    try:
        segments = list(_read_back(Blob(name=name, data=output), ctx))
    except ExtractError as exc:
        result.fail(f"the copy cannot be read back ({exc.status})")
        return result
    for member, status, _ in ctx.problems:
        result.fail(f"member {member} of the copy cannot be read back ({status})")
    leaks = _Leaks(redactor)
    texts = [(seg.location.describe() or "text", seg.text) for seg in segments]
    try:
        texts += list(_raw_texts(output, sniff(Blob(name=name, data=output))))
    except Exception as exc:  # an independent reader choking on the copy is itself a failure
        result.fail(f"an independent reader cannot open the copy ({type(exc).__name__})")
    for where, text in texts:
        for entity in leaks.find(text):
            result.fail(f"a removed {entity} value is still readable ({where})")
    policy = redactor.policy
    # Our tokens are blanked, in the text and in the context a cell borrows from
    # its neighbour: "<LICENSE_PLATE>" beside a ZIP code would make it a plate.
    neutral = [
        replace(
            blank(seg, leaks.protected(seg.text)),
            context=tuple(blank(Segment(c, seg.location), leaks.protected(c)).text for c in seg.context),
        )
        for seg in segments
    ]
    for seg, found in zip(segments, redactor.detector.analyze(neutral), strict=True):
        spans = None
        for r in found:
            if not policy.removes(r.entity_type):
                continue
            spans = leaks.protected(seg.text) if spans is None else spans
            if any(s <= r.start and r.end <= e for s, e in spans):
                continue  # one of our tokens (a pseudonym is still SSN-shaped)
            result.found.append((r.entity_type, seg.text[r.start : r.end]))
            where = seg.location.describe() or "text"
            member = f" in {seg.member}" if seg.member else ""
            result.fail(f"{r.entity_type} still detected ({where}{member})")
    return result
