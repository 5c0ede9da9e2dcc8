"""Format extractors: one module per format family, chosen by content sniffing.

``extract(blob, ctx)`` is the single entry point; ``EXTRACTORS`` maps a sniffed
kind to its function. Adding a format = one module + one line here + one rule
in ``sniff.py``.

Modules are imported on first use: the PDF, Office and OCR libraries take most
of a second to import, which commands that never read a file should not pay.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator

from scanner.errors import ExtractError, FileTooLargeError, InsurescanError, UnsupportedFormatError
from scanner.extract.base import Blob, ExtractContext
from scanner.extract.sniff import UNSUPPORTED, sniff
from scanner.models import Segment

Extractor = Callable[[Blob, ExtractContext], Iterator[Segment]]

__all__ = ["EXTRACTORS", "Blob", "ExtractContext", "Extractor", "extract", "sniff"]


def _lazy(module: str, function: str) -> Extractor:
    def run(blob: Blob, ctx: ExtractContext) -> Iterator[Segment]:
        impl: Extractor = getattr(importlib.import_module(f"scanner.extract.{module}"), function)
        return impl(blob, ctx)

    run.__name__ = run.__qualname__ = function
    run.__module__ = f"scanner.extract.{module}"
    return run


def _refuse(reason: str) -> Extractor:
    def run(blob: Blob, ctx: ExtractContext) -> Iterator[Segment]:
        raise UnsupportedFormatError(reason)

    return run


EXTRACTORS: dict[str, Extractor] = {
    "text": _lazy("text", "extract_text"),
    "csv": _lazy("delimited", "extract_delimited"),
    "tsv": _lazy("delimited", "extract_delimited"),
    "json": _lazy("jsonfmt", "extract_json"),
    "jsonl": _lazy("jsonfmt", "extract_jsonl"),
    "xml": _lazy("xmlfmt", "extract_xml"),
    "html": _lazy("html", "extract_html"),
    "eml": _lazy("email", "extract_eml"),
    "msg": _lazy("msg", "extract_msg_file"),
    "pdf": _lazy("pdf", "extract_pdf"),
    "docx": _lazy("docx", "extract_docx"),
    "xlsx": _lazy("xlsx", "extract_xlsx"),
    "pptx": _lazy("pptx", "extract_pptx"),
    "image": _lazy("image", "extract_image"),
    "zip": _lazy("archive", "extract_zip"),
    "tar": _lazy("archive", "extract_tar"),
    "gzip": _lazy("archive", "extract_compressed"),
    "bzip2": _lazy("archive", "extract_compressed"),
    "xz": _lazy("archive", "extract_compressed"),
    "office-encrypted": _lazy("legacy", "extract_encrypted_office"),
    **{kind: _refuse(reason) for kind, reason in UNSUPPORTED.items()},
}


def extract(blob: Blob, ctx: ExtractContext) -> Iterator[Segment]:
    """Segments of ``blob``, whatever its format; raises an ``ExtractError`` subclass.

    At depth 0 this also records the outer file size, against which archive
    expansion ratios are measured.
    """
    ctx.dispatch = extract
    ctx.check_time()
    try:
        size = blob.size
        if ctx.depth == 0 and not ctx.outer_size:
            ctx.outer_size = size
        if size > ctx.limits.max_file_size:
            raise FileTooLargeError(f"{size} bytes is over the limit of {ctx.limits.max_file_size}")
        kind = sniff(blob)
    except InsurescanError:
        raise
    except OSError as exc:
        raise ExtractError(f"cannot read file: {exc.strerror or type(exc).__name__}") from None
    except Exception as exc:
        raise ExtractError(f"cannot identify the format: {type(exc).__name__}") from None
    yield from classified(kind, EXTRACTORS[kind](blob, ctx))


def classified(kind: str, segments: Iterator[Segment]) -> Iterator[Segment]:
    """``segments`` of a ``kind`` file, any failure turned into an ``ExtractError`` that says
    what could not be read (also for a part of a file read in parts)."""
    try:
        yield from segments
    except (InsurescanError, MemoryError, RecursionError):
        raise  # already classified, or for the caller to classify (too large / too deep)
    except OSError as exc:
        raise ExtractError(f"cannot read {kind}: {exc.strerror or type(exc).__name__}") from None
    except Exception as exc:
        # A third-party reader failing on odd input must cost one file, not the
        # scan. Only the exception type is kept: messages may quote content.
        raise ExtractError(f"cannot read {kind}: {type(exc).__name__}") from None
