"""Redaction check: does a labelled value survive ``insurescan redact``, read by tools other than ours?

``python -m bench.redact_check [--docs N] [--seed S] [--formats txt,pdf,...] [--work DIR] [--labels L --input D]``

1. generates a held-out labelled corpus (``fixtures.corpus.generate``; a seed the tests never use),
   or takes an existing tree and its ``labels.jsonl`` (``--input``/``--labels``, e.g. fixtures/share);
2. runs ``scanner.redact.redact`` over it with the default policy (remove everything detected);
3. reads every copy with *independent* extractors: poppler's ``pdftotext`` for PDFs, the raw XML
   of every member of .docx/.xlsx/.pptx (and that XML with the tags stripped, since Word splits
   text into runs), the decoded headers and parts of e-mails (attachments recursively), the plain
   bytes of text formats (and the decoded strings of JSON, the unescaped text of HTML);
4. counts, per format and per entity, labelled values still readable in a copy, and splits them:
   *detector missed it* (our own extraction + detection of the original never reported a span
   covering the value) or *writer failed* (the value was detected, yet it is still there);
5. counts the words (3+ letters) of the original that are not part of a labelled value, and how
   many of them the copy still has (multiset: a word removed in one place does not count as kept
   because it survives elsewhere);
6. opens every copy with its own library (pdfplumber and pypdfium2, python-docx, openpyxl,
   python-pptx, the ``email`` parser, ``json.loads``, ``csv``).

Values never leave this process: the report holds counts, entity names and file names.
Writes ``WORK/redact-check.json`` and prints a table. Exit code 1 if a written copy leaks a value
the detector had found (a writer failure) or a copy does not open; detector misses are reported,
not failed on (they are the recognizers' recall, measured by ``make eval``).
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import csv
import email
import hashlib
import html
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from email import policy as email_policy
from pathlib import Path
from typing import Any

DEFAULT_DOCS = 180
DEFAULT_SEED = 5_20_2026  # held out: no test or benchmark generates with it
FORMATS = "txt,pdf,docx,xlsx,csv,eml,json,html,pptx"
_WORD = re.compile(r"[A-Za-z]{3,}")
_TAG = re.compile(r"<[^>]{0,2000}>")
_ADDRESS_ATTRS = re.compile(r"""\s(?:r|ref|sqref|activeCell|topLeftCell|spans)=("[^"]*"|'[^']*')""")
_FORMULA = re.compile(r"(<(?:\w+:)?f\b[^>]*>)(.*?)(</(?:\w+:)?f>)", re.DOTALL)
_ADDRESS = re.compile(r"(?<![\w$])\$?[A-Z]{1,3}\$?[0-9]+\b")


# -- independent extraction ---------------------------------------------------------------------------


def _pdftotext(data: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as tmp:
        tmp.write(data)
        tmp.flush()
        done = subprocess.run(
            ["pdftotext", "-q", "-enc", "UTF-8", tmp.name, "-"], capture_output=True, timeout=120, check=False
        )
    return done.stdout.decode("utf-8", errors="replace")


def _zip_xml(data: bytes) -> str:
    """Every member's raw text, entity references decoded, and the same with tags stripped."""
    out = []
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        out.append("\n".join(zf.namelist()))
        for name in zf.namelist():
            raw = zf.read(name)
            if name.lower().endswith((".xml", ".rels", ".vml", ".txt", ".json")):
                # Cell addresses (r="I10", SUM(E2:E11)) are dropped: they are not data, and
                # short codes (ICD-10 I10, E11) would otherwise be "found" in them.
                text = _ADDRESS_ATTRS.sub(" ", raw.decode("utf-8", errors="replace"))
                text = _FORMULA.sub(lambda m: m.group(1) + _ADDRESS.sub(" ", m.group(2)) + m.group(3), text)
                out.append(html.unescape(text))
                out.append(html.unescape(_TAG.sub("", text)))
            else:
                out.append(independent_text(raw, name))
    return "\n".join(out)


def _mail(data: bytes) -> str:
    msg = email.message_from_bytes(data, policy=email_policy.default)
    out = []
    for part in msg.walk():
        for name, value in part.items():
            out.append(f"{name}: {value}")
        if part.is_multipart():
            continue
        if part.get_content_type() == "message/rfc822":
            continue  # walk() descends into it
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            continue
        name = part.get_filename() or ""
        if part.get_content_maintype() == "text" and not name:
            text = payload.decode(part.get_content_charset() or "utf-8", errors="replace")
            out.append(html.unescape(text) if part.get_content_subtype() == "html" else text)
        else:
            out.append(name)
            out.append(independent_text(payload, name))
    return "\n".join(out)


def _json_strings(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield str(k)
            yield from _json_strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _json_strings(v)
    elif value is not None:
        yield str(value)


def independent_text(data: bytes, name: str) -> str:
    """What a recipient's own tools read from ``data``; never our extractors."""
    lower = name.lower()
    if data[:5] == b"%PDF-" or lower.endswith(".pdf"):
        return _pdftotext(data)
    if data[:4] == b"PK\x03\x04":
        return _zip_xml(data)
    if lower.endswith(".eml"):
        return _mail(data)
    text = data.decode("utf-8", errors="replace")
    if lower.endswith((".json", ".jsonl")):
        strings = []
        for line in text.splitlines() if lower.endswith(".jsonl") else [text]:
            with contextlib.suppress(ValueError):
                strings.extend(_json_strings(json.loads(line)))
        return text + "\n" + "\n".join(strings)
    if lower.endswith((".html", ".htm", ".xml")):
        return text + "\n" + html.unescape(_TAG.sub(" ", text))
    return text


# -- opening with the format's own library ----------------------------------------------------------


def opens(data: bytes, name: str) -> str | None:
    """``None`` if the copy opens and reads in its library, else the exception type."""
    lower = name.lower()
    try:
        if lower.endswith(".pdf"):
            import pdfplumber
            import pypdfium2 as pdfium

            with pdfplumber.open(io.BytesIO(data)) as pdf:
                for page in pdf.pages:
                    page.extract_text()
            doc = pdfium.PdfDocument(data)
            for i in range(len(doc)):
                doc[i].get_textpage().get_text_range()
            doc.close()
        elif lower.endswith(".docx"):
            import docx

            d = docx.Document(io.BytesIO(data))
            _ = [p.text for p in d.paragraphs] + [c.text for t in d.tables for r in t.rows for c in r.cells]
        elif lower.endswith(".xlsx"):
            import openpyxl

            wb = openpyxl.load_workbook(io.BytesIO(data))
            _ = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row]
        elif lower.endswith(".pptx"):
            import pptx

            prs = pptx.Presentation(io.BytesIO(data))
            _ = [s.text_frame.text for sl in prs.slides for s in sl.shapes if s.has_text_frame]
        elif lower.endswith(".eml"):
            msg = email.message_from_bytes(data, policy=email_policy.default)
            if msg.defects:
                return f"email defects: {', '.join(type(d).__name__ for d in msg.defects)}"
            for part in msg.walk():
                if not part.is_multipart():
                    part.get_content()
        elif lower.endswith(".json"):
            json.loads(data.decode("utf-8"))
        elif lower.endswith(".jsonl"):
            for line in data.decode("utf-8").splitlines():
                if line.strip():
                    json.loads(line)
        elif lower.endswith((".csv", ".tsv")):
            list(
                csv.reader(
                    io.StringIO(data.decode("utf-8")), delimiter="\t" if lower.endswith(".tsv") else ","
                )
            )
        elif lower.endswith((".html", ".htm")):
            from html.parser import HTMLParser

            parser = HTMLParser()
            parser.feed(data.decode("utf-8"))
            parser.close()
        elif lower.endswith(".zip"):
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                if zf.testzip() is not None:
                    return "BadZipFile"
        elif lower.endswith((".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz")):
            import tarfile

            with tarfile.open(fileobj=io.BytesIO(data), mode="r:*") as tf:
                for member in tf.getmembers():
                    if member.isfile():
                        tf.extractfile(member).read()  # type: ignore[union-attr]
        elif lower.endswith((".png", ".jpg", ".jpeg", ".tif", ".tiff", ".gif", ".bmp", ".webp")):
            from PIL import Image

            Image.open(io.BytesIO(data)).verify()
        else:
            from charset_normalizer import from_bytes

            if data and from_bytes(data).best() is None:
                return "not decodable text"
    except Exception as exc:  # any failure to open is the finding; its message may quote content
        return type(exc).__name__
    return None


# -- matching ---------------------------------------------------------------------------------------


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def _compact(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


@dataclass
class Haystack:
    """A text prepared for looking values up: whitespace-normalised and separator-free forms."""

    text: str
    norm: str = field(init=False)
    compact: str = field(init=False)

    def __post_init__(self) -> None:
        self.norm = _norm(self.text)
        self.compact = _compact(self.text)

    def has(self, value: str) -> bool:
        v = _norm(value)
        if not v:
            return False
        if re.search(r"(?<!\w)" + re.escape(v) + r"(?!\w)", self.norm):
            return True
        # Identifiers with their separators changed or dropped ("536 22 1947", "536221947").
        c = _compact(value)
        return sum(ch.isdigit() for ch in c) >= 5 and len(c) >= 7 and c in self.compact


def words(text: str) -> collections.Counter[str]:
    return collections.Counter(w.casefold() for w in _WORD.findall(text))


# -- the run ----------------------------------------------------------------------------------------


@dataclass
class FormatStats:
    files: int = 0
    written: int = 0
    not_written: collections.Counter[str] = field(default_factory=collections.Counter)
    values: int = 0
    leaked_miss: int = 0
    leaked_writer: int = 0
    withheld_values: int = 0
    words: int = 0
    words_kept: int = 0
    opened: int = 0
    open_failures: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "written": self.written,
            "not_written": dict(self.not_written),
            "labelled_values": self.values,
            "values_in_files_not_written": self.withheld_values,
            "leaked_detector_missed": self.leaked_miss,
            "leaked_writer_failed": self.leaked_writer,
            "word_survival": round(self.words_kept / self.words, 4) if self.words else None,
            "opened": self.opened,
            "open_failures": self.open_failures,
        }


def _format_of(name: str) -> str:
    suffix = Path(name).suffix.lower().lstrip(".")
    return {"htm": "html", "jsonl": "json", "tsv": "csv", "md": "txt", "log": "txt"}.get(suffix, suffix)


def _detected_texts(data: bytes, name: str, detector: Any, config: Any) -> list[str]:
    """Normalised texts of every span our extraction + detection reports in the original."""
    from scanner.extract import extract
    from scanner.extract.base import Blob, ExtractContext

    ctx = ExtractContext(limits=config.limits, ocr=config.ocr)
    try:
        segments = list(extract(Blob(name=name, data=data), ctx))
    except Exception:  # an unreadable original: nothing was detected in it
        return []
    out = []
    for seg, found in zip(segments, detector.analyze(segments), strict=True):
        out.extend(seg.text[r.start : r.end] for r in found)
    return out


def _was_detected(value: str, detected: Iterable[str]) -> bool:
    """A detection covering the whole value: as a word sequence, or, for identifiers, the same
    letters and digits with other separators (a name inside an e-mail address does not count)."""
    v, c = _norm(value), _compact(value)
    word = re.compile(r"(?<!\w)" + re.escape(v) + r"(?!\w)")
    identifier = sum(ch.isdigit() for ch in c) >= 5
    return any(
        word.search(_norm(d)) or _compact(d) == c or (identifier and c in _compact(d)) for d in detected
    )


def check(
    input_dir: Path, labels: Path, work: Path, config: Any = None, detector: Any = None
) -> dict[str, Any]:
    from scanner.config import Config
    from scanner.detect import Detector
    from scanner.fingerprint import load_or_create_key
    from scanner.redact import redact

    config = config or Config(key_file=str(work / "fingerprint.key"))
    key = load_or_create_key(config.key_file)
    detector = detector or Detector(config, key)
    out_dir = work / "redacted"
    started = time.perf_counter()
    result = redact(input_dir, out_dir, config, detector=detector, force=True)
    redact_seconds = time.perf_counter() - started
    by_sha = {f.source_sha256: f for f in result.files if f.source_sha256}

    per_format: dict[str, FormatStats] = collections.defaultdict(FormatStats)
    per_entity: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    leaks: list[dict[str, str]] = []
    for line in labels.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        label = json.loads(line)
        src = input_dir / label["file"]
        data = src.read_bytes()
        fmt = label.get("format") or _format_of(label["file"])
        stats = per_format[fmt]
        stats.files += 1
        done = by_sha.get(hashlib.sha256(data).hexdigest())
        pii = [(p["type"], p["value"]) for p in label.get("pii", [])]
        for entity, _ in pii:
            per_entity[entity]["values"] += 1
        if done is None or done.status != "written" or done.output is None:
            stats.not_written[done.status if done else "missing"] += 1
            stats.withheld_values += len(pii)
            continue
        stats.written += 1
        copy = (out_dir / done.output).read_bytes()
        failure = opens(copy, label["file"])
        if failure is None:
            stats.opened += 1
        else:
            stats.open_failures.append(f"{label['file']}: {failure}")
        original_text = independent_text(data, label["file"])
        copy_text = Haystack(independent_text(copy, label["file"]))
        detected: list[str] | None = None
        for entity, value in pii:
            stats.values += 1
            if not copy_text.has(value):
                continue
            if detected is None:
                detected = _detected_texts(data, label["file"], detector, config)
            cause = "writer_failed" if _was_detected(value, detected) else "detector_missed"
            if cause == "writer_failed":
                stats.leaked_writer += 1
            else:
                stats.leaked_miss += 1
            per_entity[entity][cause] += 1
            leaks.append({"file": label["file"], "entity": entity, "cause": cause})
        pii_words = {w for _, v in pii for w in words(v)}
        before = words(original_text)
        after = words(copy_text.text)
        wanted = {w: n for w, n in before.items() if w not in pii_words}
        stats.words += sum(wanted.values())
        stats.words_kept += sum(min(n, after[w]) for w, n in wanted.items())

    total = FormatStats()
    for s in per_format.values():
        total.files += s.files
        total.written += s.written
        total.not_written.update(s.not_written)
        total.values += s.values
        total.withheld_values += s.withheld_values
        total.leaked_miss += s.leaked_miss
        total.leaked_writer += s.leaked_writer
        total.words += s.words
        total.words_kept += s.words_kept
        total.opened += s.opened
        total.open_failures += s.open_failures
    return {
        "input": str(input_dir),
        "redact_seconds": round(redact_seconds, 1),
        "manifest_summary": collections.Counter(f.status for f in result.files),
        "formats": {k: per_format[k].as_dict() for k in sorted(per_format)},
        "total": total.as_dict(),
        "entities": {k: dict(per_entity[k]) for k in sorted(per_entity)},
        "leaks": leaks,
    }


def _table(report: dict[str, Any]) -> str:
    head = "| format | files | written | values | leaked: detector missed | leaked: writer failed | words kept | opens |"
    lines = [head, "|" + " --- |" * 8]
    rows = [*report["formats"].items(), ("all", report["total"])]
    for fmt, s in rows:
        survival = f"{s['word_survival']:.1%}" if s["word_survival"] is not None else "-"
        lines.append(
            f"| {fmt} | {s['files']} | {s['written']} | {s['labelled_values']} | {s['leaked_detector_missed']} "
            f"| {s['leaked_writer_failed']} | {survival} | {s['opened']}/{s['written']} |"
        )
    lines.append("")
    lines.append("| entity | values | detector missed | writer failed |")
    lines.append("| --- | --- | --- | --- |")
    for entity, c in report["entities"].items():
        if c.get("detector_missed") or c.get("writer_failed"):
            lines.append(
                f"| {entity} | {c.get('values', 0)} | {c.get('detector_missed', 0)} | {c.get('writer_failed', 0)} |"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=DEFAULT_DOCS)
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--formats", default=FORMATS)
    ap.add_argument("--work", type=Path, default=Path("bench-data/redact-check"))
    ap.add_argument("--input", type=Path, help="an existing tree instead of a generated corpus")
    ap.add_argument("--labels", type=Path, help="its labels.jsonl (with --input)")
    args = ap.parse_args(argv)
    if shutil.which("pdftotext") is None:
        print("pdftotext (poppler-utils) is required", file=sys.stderr)
        return 2
    work: Path = args.work
    if args.input:
        if not args.labels:
            ap.error("--input needs --labels")
        input_dir, labels = args.input, args.labels
        work.mkdir(parents=True, exist_ok=True)
    else:
        from fixtures.corpus import generate

        corpus = work / "corpus"
        formats = [f.strip() for f in args.formats.split(",") if f.strip()]
        generate(corpus, args.docs, args.seed, formats=formats)
        input_dir, labels = corpus / "docs", corpus / "labels.jsonl"
    report = check(input_dir, labels, work)
    (work / "redact-check.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(_table(report))
    total = report["total"]
    print(
        f"\n{total['files']} files, {total['written']} written in {report['redact_seconds']} s; "
        f"report {work / 'redact-check.json'}"
    )
    return 1 if total["leaked_writer_failed"] or total["open_failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
