"""Plain text in any encoding, streamed in line-aligned blocks.

Text files can be huge (logs, exports), so nothing here holds more than a
couple of blocks at once. The encoding is decided once, on the first megabyte,
and the rest is decoded incrementally.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO, ClassVar

from charset_normalizer import from_bytes

from scanner.errors import UnsupportedFormatError
from scanner.extract.base import Blob, ExtractContext
from scanner.models import Location, Segment

DETECT_BYTES = 1 << 20
BLOCK_CHARS = 64 * 1024
READ_BYTES = 64 * 1024

# UTF-32 first: its little-endian BOM starts with the UTF-16 one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control characters that do occur in real text files.
# Control characters (Unicode category Cc) that plain text does not hold; tab, line breaks,
# form feed, vertical tab, backspace and escape (terminal colour codes in logs) it may.
_STRAY_CONTROL = re.compile(r"[\x00-\x07\x0e-\x1a\x1c-\x1f\x7f-\x9f]")
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)
# Code pages whose 0x80-0x9F range is only C1 controls, never used in real
# documents; Windows-1252 is what such files almost always are (as browsers assume).
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_ASCII_LETTERS = re.compile(r"[A-Za-z]")
# Non-letters that legitimately sit between two letters in Western text.
_WORD_PUNCTUATION = frozenset("\u2019\u2018\u201c\u201d\u2013\u2014\u00b7\u2026\u2022\u00ad")
_AS_CP1252 = {"latin_1", "iso8859_1", "iso8859_15", "ascii"}


def _utf16_without_bom(head: bytes) -> str | None:
    # ASCII-range text in UTF-16 has a NUL in every other byte.
    sample = head[: 64 * 1024]
    half = len(sample) // 2
    if half < 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    for encoding, zeros, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if zeros > 0.3 * half and other < 0.02 * half:
            try:
                text = sample[: half * 2].decode(encoding)
            except UnicodeDecodeError:
                continue
            if _mostly_printable(text):
                return encoding
    return None


def _mostly_printable(text: str) -> bool:
    sample = text[:65536]
    if not sample:
        return True
    bad = len(_STRAY_CONTROL.findall(sample))
    bad += sample.count("\ufffd")
    return bad <= 0.02 * len(sample)


def _plausible_cp1252(sample: bytes) -> bool:
    """Windows-1252 that reads as Western European text, not as mojibake.

    Statistical detectors are unreliable on a few accented names in an
    otherwise ASCII file (they pick cp1250 or cp1257 as often as not), while
    insurance files in single-byte encodings are overwhelmingly 1252. Other
    code pages read as 1252 either hit its undefined bytes, put symbols in the
    middle of words (Polish ``ma\u00b3y``), or turn every letter into an accented
    one (Cyrillic, Greek), which these rules catch.
    """
    try:
        text = sample.decode("cp1252")
    except UnicodeDecodeError:
        return False
    accented = 0
    for m in _NON_ASCII.finditer(text):
        ch = m.group()
        if ch.isalpha():
            accented += 1
        elif ch not in _WORD_PUNCTUATION:
            before, after = text[m.start() - 1 : m.start()], text[m.end() : m.end() + 1]
            if before.isalpha() and after.isalpha():
                return False
    plain = len(_ASCII_LETTERS.findall(text))
    return accented <= 0.5 * (accented + plain)


def _legacy_charset(head: bytes) -> str | None:
    cut = head.rfind(b"\n")
    sample = head[: cut + 1] if cut > 0 else head
    if _plausible_cp1252(sample):
        return "cp1252"
    best = from_bytes(sample).best()
    if best is None:
        return None
    return "cp1252" if best.encoding in _AS_CP1252 else best.encoding


def detect_encoding(head: bytes) -> str | None:
    """The codec name for text starting with ``head``, or ``None`` if it is not text."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding
    wide = _utf16_without_bom(head)
    if wide:
        return wide
    if b"\x00" in head:
        return None
    try:
        text = codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        encoding = _legacy_charset(head)
        if encoding is None:
            return None
        text = head[:65536].decode(encoding, errors="replace")
    else:
        encoding = "utf-8"
    return encoding if _mostly_printable(text) else None


def declared_charset(head: bytes) -> str | None:
    """A ``<meta charset>`` from HTML, if it names a codec Python knows."""
    m = _META_CHARSET.search(head[:4096])
    if not m:
        return None
    try:
        name = codecs.lookup(m.group(1).decode("ascii")).name
    except LookupError:
        return None
    return "cp1252" if name.replace("-", "_") in _AS_CP1252 else name


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decode a whole (small) text; raises ``UnsupportedFormatError`` for binary."""
    if not data:
        return ""
    head = data[:DETECT_BYTES]
    encoding = detect_encoding(head)
    if encoding is None:
        raise UnsupportedFormatError("binary content, not text")
    if declared and not encoding.startswith("utf") and not declared.startswith("utf"):
        # A declared code page beats a statistical guess, but never valid UTF-8
        # or a BOM, and a page that says UTF-8 but is not is better guessed.
        encoding = declared
    return data.decode(encoding, errors="replace")


def head_text(head: bytes) -> str | None:
    """``head`` decoded for sniffing, or ``None`` if it does not look like text."""
    encoding = detect_encoding(head)
    if encoding is None:
        return None
    return codecs.getincrementaldecoder(encoding)(errors="replace").decode(head, final=False)


def _blocks_from(
    fh: BinaryIO, encoding: str, ctx: ExtractContext | None, line: int = 1, size: int | None = None
) -> Iterator[tuple[str, int]]:
    """Blocks of the text from ``fh``'s position on (``size`` bytes of it if given), which
    starts on line ``line``."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    pending = ""
    left = size
    while True:
        chunk = fh.read(READ_BYTES if left is None else min(READ_BYTES, left))
        if left is not None:
            left -= len(chunk)
        pending += decoder.decode(chunk, final=not chunk)
        while len(pending) >= BLOCK_CHARS or (not chunk and pending):
            if not chunk and len(pending) <= BLOCK_CHARS:
                cut = len(pending)
            else:
                cut = pending.rfind("\n", 0, BLOCK_CHARS) + 1
            if cut == 0:
                # One enormous line: split it anyway rather than buffer it whole.
                cut = min(len(pending), BLOCK_CHARS)
            block, pending = pending[:cut], pending[cut:]
            yield block, line
            line += block.count("\n")
        if not chunk:
            return
        if ctx is not None:
            ctx.check_time()


def text_blocks(blob: Blob, ctx: ExtractContext | None = None) -> Iterator[tuple[str, int]]:
    """``(text, first line number)`` blocks of about 64 KB ending at a line boundary."""
    head = blob.head(DETECT_BYTES)
    if not head:
        return
    encoding = detect_encoding(head)
    if encoding is None:
        raise UnsupportedFormatError("binary content, not text")
    del head
    with blob.open() as fh:
        yield from _blocks_from(fh, encoding, ctx)


def extract_text(blob: Blob, ctx: ExtractContext) -> Iterator[Segment]:
    for block, line in text_blocks(blob, ctx):
        if block.strip():
            yield Segment(block, Location(line=line))


# -- big files in parts ----------------------------------------------------------------

# Codecs in which a 0x0A byte is always a line end and decoding needs no state from earlier
# lines, so a part that starts after one decodes as it would in the whole file.
_SPLIT_CODECS = frozenset({"utf-8", "utf-8-sig", "ascii", "latin-1"})
_SPLIT_FAMILIES = ("cp125", "iso8859-", "koi8-", "mac-")
_PLAN_READ = 1 << 20


@dataclass(frozen=True)
class TextPart:
    """Bytes ``start``..``end`` of a file, starting on line ``line``."""

    start: int
    end: int
    line: int


@dataclass(frozen=True)
class TextPlan:
    """A plain-text file cut after a line into parts that can be read one by one, in any
    order or at once, with the file's ``encoding`` and ``sha256``."""

    parts: tuple[TextPart, ...]
    encoding: str
    sha256: str
    kind: ClassVar[str] = "text"

    def segments(self, blob: Blob, ctx: ExtractContext, index: int) -> Iterator[Segment]:
        """The segments of part ``index`` (``extract_text_part``)."""
        return extract_text_part(blob, ctx, self, index)


def _splittable(encoding: str) -> bool:
    name = codecs.lookup(encoding).name
    return name in _SPLIT_CODECS or name.startswith(_SPLIT_FAMILIES)


def plan_text_parts(blob: Blob, part_bytes: int) -> TextPlan | None:
    """Parts of about ``part_bytes`` for a plain-text file of at least twice that, each cut
    after the first line end past its size; None for a smaller file, one line with no end,
    or an encoding in which a newline byte may be part of a character (UTF-16) or depend on
    earlier state.

    One pass over the file: its SHA-256 and the line number each part starts on come with it.
    """
    if part_bytes <= 0 or blob.fs_path is None or blob.size < 2 * part_bytes:
        return None
    encoding = detect_encoding(blob.head(DETECT_BYTES))
    if encoding is None or not _splittable(encoding):
        return None
    digest = hashlib.sha256()
    cuts: list[tuple[int, int]] = [(0, 1)]
    pos, lines, target = 0, 1, part_bytes
    with blob.open() as fh:
        while buf := fh.read(_PLAN_READ):
            digest.update(buf)
            end = pos + len(buf)
            while target < end:
                i = buf.find(b"\n", max(0, target - pos))
                if i == -1:
                    break  # the line goes on in the next read
                cut = pos + i + 1
                cuts.append((cut, lines + buf.count(b"\n", 0, i + 1)))
                target = cut + part_bytes
            lines += buf.count(b"\n")
            pos = end
    cuts = [c for c in cuts if c[0] < pos]
    if len(cuts) < 2:
        return None
    bounds = [c[0] for c in cuts[1:]] + [pos]
    parts = tuple(TextPart(s, e, line) for (s, line), e in zip(cuts, bounds, strict=True))
    return TextPlan(parts, encoding, digest.hexdigest())


def extract_text_part(blob: Blob, ctx: ExtractContext, plan: TextPlan, index: int) -> Iterator[Segment]:
    """The segments of one part of ``plan``: line-aligned blocks, as ``extract_text`` makes of
    a whole file, numbered from the part's first line."""
    part = plan.parts[index]
    # Only the file's start may hold a byte-order mark.
    encoding = "utf-8" if index and codecs.lookup(plan.encoding).name == "utf-8-sig" else plan.encoding
    with blob.open() as fh:
        fh.seek(part.start)
        for block, line in _blocks_from(fh, encoding, ctx, part.line, part.end - part.start):
            if block.strip():
                yield Segment(block, Location(line=line))
