"""JSON and JSON Lines: one segment per scalar, keyed by its JSON path.

The key and its parent key (``ssn`` under ``insured``) are the context that
tells a detector what a bare number is. Numbers keep their source text
(parsed as strings) so ``012345678`` style values are never reformatted.
A file that only looked like JSON is scanned as plain text instead.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from typing import Any

from scanner.errors import UnsupportedFormatError
from scanner.extract.base import Blob, ExtractContext
from scanner.extract.text import DETECT_BYTES, decode_bytes, detect_encoding, extract_text
from scanner.models import Location, Segment

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _loads(text: str) -> Any:
    return json.loads(text, parse_int=str, parse_float=str, parse_constant=str)


def _child(path: str, key: str) -> str:
    if _IDENTIFIER.match(key):
        return f"{path}.{key}"
    return f"{path}[{json.dumps(key, ensure_ascii=False)}]"


def leaves(doc: Any, line: int | None = None) -> Iterator[Segment]:
    """Scalar leaves of a parsed document, depth first, in document order."""
    # An explicit stack: nesting depth comes from the file, not from us.
    stack: list[tuple[Any, str, str, str]] = [(doc, "$", "", "")]
    while stack:
        value, path, key, parent = stack.pop()
        if isinstance(value, dict):
            for k, v in reversed(list(value.items())):
                stack.append((v, _child(path, str(k)), str(k), key))
        elif isinstance(value, list):
            for i in range(len(value) - 1, -1, -1):
                stack.append((value[i], f"{path}[{i}]", key, parent))
        elif isinstance(value, str) and value.strip():
            context = tuple(word for word in (key, parent) if word)
            yield Segment(value, Location(line=line, key=path), context)


def extract_json(blob: Blob, ctx: ExtractContext) -> Iterator[Segment]:
    text = decode_bytes(blob.read_all(ctx.limits.max_file_size))
    if not text.strip():
        return
    try:
        doc = _loads(text)
    except (ValueError, RecursionError):
        del text
        yield from extract_text(blob, ctx)
        return
    del text
    yield from leaves(doc)


def extract_jsonl(blob: Blob, ctx: ExtractContext) -> Iterator[Segment]:
    head = blob.head(DETECT_BYTES)
    if not head:
        return
    encoding = detect_encoding(head)
    if encoding is None:
        raise UnsupportedFormatError("binary content, not text")
    del head
    with blob.open() as raw, io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline="\n") as fh:
        for number, line in enumerate(fh, 1):
            if number % 1000 == 0:
                ctx.check_time()
            if not line.strip():
                continue
            try:
                doc = _loads(line)
            except (ValueError, RecursionError):
                # One broken record must not hide the values in it.
                yield Segment(line, Location(line=number))
                continue
            yield from leaves(doc, line=number)
