"""Choose an extractor by what a file contains, not what it is called.

Shares are full of misnamed files (a PDF saved as ``.txt``, a workbook renamed
``.bin``), so magic bytes and container directories decide first; the
extension only breaks ties for text (CSV vs. plain) and names the format of
binary files whose content we could not recognise.
"""

from __future__ import annotations

import bz2
import json
import lzma
import re
import zipfile
import zlib

import olefile

from scanner.extract.base import Blob
from scanner.extract.text import head_text

SNIFF_BYTES = 8192

# Kinds for which there is no extractor, and why; ``extract`` raises
# ``UnsupportedFormatError`` with this reason.
UNSUPPORTED: dict[str, str] = {
    "doc": "legacy Word 97-2003 binary (.doc); no maintained reader",
    "xls": "legacy Excel 97-2003 binary (.xls); no maintained reader",
    "ppt": "legacy PowerPoint 97-2003 binary (.ppt); no maintained reader",
    "ole": "OLE compound file of unknown type; no reader",
    "xlsb": "Excel binary workbook (.xlsb); no maintained reader",
    "wordperfect": "WordPerfect document; no maintained reader",
    "7z": "7-Zip archive; no reader installed",
    "rar": "RAR archive; no reader installed",
    "executable": "executable program, not a document",
    "sqlite": "SQLite database; not scanned as a document",
    "binary": "unrecognised binary content",
}

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),
    (b"PK\x07\x08", "zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),
    (b"\x1f\x8b", "gzip"),
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"\x89PNG\r\n\x1a\n", "image"),
    (b"\xff\xd8\xff", "image"),
    (b"II*\x00", "image"),
    (b"MM\x00*", "image"),
    (b"GIF87a", "image"),
    (b"GIF89a", "image"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"Rar!\x1a\x07", "rar"),
    (b"\xffWPC", "wordperfect"),
    (b"\x7fELF", "executable"),
    (b"SQLite format 3\x00", "sqlite"),
)

# Only consulted when the content was not recognised.
_BY_EXTENSION: dict[str, str] = {
    "pdf": "pdf",
    "docx": "docx",
    "docm": "docx",
    "dotx": "docx",
    "xlsx": "xlsx",
    "xlsm": "xlsx",
    "pptx": "pptx",
    "pptm": "pptx",
    "msg": "msg",
    "zip": "zip",
    "tar": "tar",
    "tgz": "gzip",
    "gz": "gzip",
    "bz2": "bzip2",
    "xz": "xz",
    "png": "image",
    "jpg": "image",
    "jpeg": "image",
    "tif": "image",
    "tiff": "image",
    "bmp": "image",
    "gif": "image",
    "doc": "doc",
    "dot": "doc",
    "xls": "xls",
    "ppt": "ppt",
    "wpd": "wordperfect",
    "xlsb": "xlsb",
}
# Extensions that promise text: binary content behind them is reported as
# "binary content, not text" by the text extractor.
_TEXT_EXTENSIONS = frozenset(
    "txt text log md csv tsv tab json jsonl ndjson xml html htm xhtml eml ini cfg conf yaml yml rtf".split()
)

_HEADER_LINE = re.compile(r"^([!-9;-~]+):[ \t]?")
_MAIL_HEADERS = frozenset(
    "from to cc bcc subject date message-id received return-path mime-version "
    "delivered-to reply-to sender content-type x-mailer in-reply-to references".split()
)
_JSON_START = re.compile(r'^(\{\s*("|\})|\[\s*[\[\{"0-9\-\]]|\[\s*(true|false|null)\b)')


def sniff(blob: Blob) -> str:
    """The kind of ``blob``: a key of ``scanner.extract.EXTRACTORS``."""
    head = blob.head(SNIFF_BYTES)
    kind = _by_magic(head)
    if kind == "zip":
        return _zip_kind(blob)
    if kind == "ole":
        return _ole_kind(blob)
    if kind in ("gzip", "bzip2", "xz"):
        return "tar" if _compressed_tar(head, kind) else kind
    if kind:
        return kind
    text = head_text(head)
    if text is not None:
        return _text_kind(text, blob.extension)
    ext = blob.extension
    if ext in _TEXT_EXTENSIONS:
        return "text"
    return _BY_EXTENSION.get(ext, "binary")


def _by_magic(head: bytes) -> str | None:
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head[257:262] == b"ustar":
        return "tar"
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image"
    # "BM" alone starts plenty of text; the BMP header also has reserved zeros.
    if head[:2] == b"BM" and len(head) > 26 and head[6:10] == b"\x00\x00\x00\x00":
        return "image"
    if head[:2] == b"MZ" and b"\x00" in head[:64]:
        return "executable"
    return None


def _zip_kind(blob: Blob) -> str:
    try:
        with blob.open() as fh, zipfile.ZipFile(fh) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return "zip"  # the archive extractor reports the damage
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "xl/workbook.bin" in names:
        return "xlsb"
    if "ppt/presentation.xml" in names:
        return "pptx"
    return "zip"


def _ole_kind(blob: Blob) -> str:
    try:
        with blob.open() as fh, olefile.OleFileIO(fh) as ole:
            top = {entry[0] for entry in ole.listdir(streams=True, storages=True)}
    except (OSError, ValueError, IndexError, EOFError):
        return _ole_by_name(blob)
    if "EncryptionInfo" in top:
        return "office-encrypted"
    if any(name.startswith("__substg1.0_") for name in top):
        return "msg"
    if "WordDocument" in top:
        return "doc"
    if "Workbook" in top or "Book" in top:
        return "xls"
    if "PowerPoint Document" in top:
        return "ppt"
    return _ole_by_name(blob)


def _ole_by_name(blob: Blob) -> str:
    # Damaged or empty directory: trust the name, so a broken .msg is reported
    # as an error of the Outlook reader rather than as "unsupported".
    kind = _BY_EXTENSION.get(blob.extension, "ole")
    return kind if kind in ("msg", "doc", "xls", "ppt") else "ole"


def _compressed_tar(head: bytes, kind: str) -> bool:
    try:
        if kind == "gzip":
            inner = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 512)
        elif kind == "bzip2":
            inner = bz2.BZ2Decompressor().decompress(head, 512)
        else:
            inner = lzma.LZMADecompressor().decompress(head, 512)
    except (zlib.error, OSError, EOFError, lzma.LZMAError):
        return False
    return inner[257:262] == b"ustar"


def _looks_like_mail(text: str) -> bool:
    names: set[str] = set()
    for line in text.splitlines()[:60]:
        if not line.strip():
            break
        if line[:1] in (" ", "\t") and names:
            continue  # folded continuation of the previous header
        m = _HEADER_LINE.match(line)
        if not m:
            return False
        names.add(m.group(1).lower())
    return "from" in names and len(names & _MAIL_HEADERS) >= 3


def _looks_like_markup(head: str) -> bool:
    """A declaration, or a tag that is closed somewhere in the head. A log line that starts
    with a placeholder ("<IP_ADDRESS> - - [12/Jun/2024]", a redacted copy) is text."""
    return head.startswith(("<?xml", "<!")) or "</" in head or "/>" in head


def _text_kind(text: str, ext: str) -> str:
    start = text.lstrip("\ufeff \t\r\n")
    lowered = start[:4096].lower()
    if start.startswith("<") and _looks_like_markup(lowered):
        if ext in ("html", "htm", "xhtml") or "<html" in lowered or "<!doctype html" in lowered:
            return "html"
        return "xml"
    if ext == "eml" or _looks_like_mail(start):
        return "eml"
    if ext in ("csv", "tsv", "tab"):
        return "csv" if ext == "csv" else "tsv"
    if _JSON_START.match(start):
        if ext in ("jsonl", "ndjson") or _several_json_lines(start):
            return "jsonl"
        return "json"
    if ext in ("html", "htm"):
        return "html"
    return "text"


def _several_json_lines(text: str) -> bool:
    lines = [line for line in text.splitlines()[:3] if line.strip()]
    if len(lines) < 2:
        return False
    try:
        json.loads(lines[0])
    except ValueError:
        return False
    return lines[1].lstrip().startswith(("{", "["))
