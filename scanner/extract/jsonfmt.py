"""JSON and JSON Lines: one segment per scalar, keyed by its JSON path.

The key and its parent key (``ssn`` under ``insured``) are the context that
tells a detector what a bare number is. Numbers keep their source text
(parsed as strings) so ``012345678`` style values are never reformatted.
A file that only looked like JSON is scanned as plain text instead.

Object keys can be data too: exports keyed by policy number or by name
(``{"POL-2020-553891": {...}}``, ``{"Jane Roe": {...}}``) and keys derived from
a title (``"claimNotesClm2024123456"``). A key that could hold a value is
scanned as its own segment, once per distinct key and file, with its words
spelled apart (``claim Notes Clm2024123456``, see ``key_parts``) and no
context. Its location is ``<object path>{key N}``, the N-th key (from 1) of
that object. What is under a key that looks like a value (a digit, an "@", a
person's name) is at ``<object path>{value N}``: such a key is never written
into a location, which the inventory and the reports keep.
"""

from __future__ import annotations

import functools
import io
import json
import re
from collections.abc import Iterator
from typing import Any

from recognizers.names import is_person_name
from scanner.errors import UnsupportedFormatError
from scanner.extract.base import Blob, ExtractContext
from scanner.extract.text import DETECT_BYTES, decode_bytes, detect_encoding, extract_text
from scanner.models import Location, Segment

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_WORDS_JOINED = re.compile(r"[A-Za-z0-9_]+")
# Where two words of an identifier meet: underscores, a lower case letter or
# digit before a capital ("claimNotes", "line2Street"), an acronym before a
# word ("SSNNumber").
_WORD_BREAK = re.compile(r"(_+|(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z]))")
# A key of lower-case words without a digit ("claimNumber", "policy_holder_name",
# "dob") is a field name: identifiers, dates, phone numbers and addresses need a
# digit or punctuation, and a name written as data has a capital. Everything
# else is scanned: "JaneRoe", "Jane Roe", "clm2024123456", "POL-2020-553891",
# "maria@example.com". A document's keys are few and repeat, so this stays cheap.
_FIELD_NAME = re.compile(r"^[a-z_][A-Za-z_]*$")
_DATA_MARK = re.compile(r"[\d@]")
MAX_KEYS_REMEMBERED = 100_000


def key_parts(key: str) -> list[str]:
    """The key as words and the separators between them: ``[word, sep, word, ...]``.

    An identifier-like key is split where its words meet (the separator is
    ``""`` at a change of case); any other key is one word, as written.
    """
    if not _WORDS_JOINED.fullmatch(key):
        return [key]
    return _WORD_BREAK.split(key)


def spell_key(key: str) -> str:
    """The key as a detector should read it: its words separated by single spaces."""
    return "".join(" " if i % 2 else part for i, part in enumerate(key_parts(key)))


def key_may_hold_data(key: str) -> bool:
    return bool(key.strip()) and not _FIELD_NAME.match(key)


def key_looks_like_data(key: str) -> bool:
    """A key too like a value to be written into a location: it has a digit or an "@", or it
    reads as a person's name. "Policy Number" and "Date of Birth" stay readable in paths."""
    # Every record of an export repeats the same keys, and the name test on each had been
    # half of reading a JSON file. Long keys are not kept: the memo must stay small.
    if len(key) <= _MEMO_KEY_CHARS:
        return _key_looks_like_data(key)
    return _looks_like_data(key)


def _looks_like_data(key: str) -> bool:
    spelled = spell_key(key).strip()
    return bool(_DATA_MARK.search(key)) or (" " in spelled and is_person_name(spelled))


_MEMO_KEY_CHARS = 80
_key_looks_like_data = functools.lru_cache(maxsize=4096)(_looks_like_data)


def _loads(text: str) -> Any:
    return json.loads(text, parse_int=str, parse_float=str, parse_constant=str)


def _child(path: str, key: str) -> str:
    if _IDENTIFIER.match(key):
        return f"{path}.{key}"
    return f"{path}[{json.dumps(key, ensure_ascii=False)}]"


def leaves(doc: Any, line: int | None = None, keys_seen: set[str] | None = None) -> Iterator[Segment]:
    """Scalar leaves of a parsed document, depth first, in document order, and
    the keys that may hold data (each object's before its values). ``keys_seen``
    carries the keys already scanned across the documents of one file."""
    seen = set() if keys_seen is None else keys_seen
    # An explicit stack: nesting depth comes from the file, not from us.
    stack: list[tuple[Any, str, str, str]] = [(doc, "$", "", "")]
    while stack:
        value, path, key, parent = stack.pop()
        if isinstance(value, dict):
            for n, k in enumerate(value, 1):
                k = str(k)
                if k in seen or not key_may_hold_data(k):
                    continue
                if len(seen) < MAX_KEYS_REMEMBERED:
                    seen.add(k)
                yield Segment(spell_key(k), Location(line=line, key=f"{path}{{key {n}}}"))
            for n, (k, v) in reversed(list(enumerate(value.items(), 1))):
                k = str(k)
                # Under a key that may be data, the path names the member by position: the
                # path goes to the inventory and the reports, where no value may appear.
                child = f"{path}{{value {n}}}" if key_looks_like_data(k) else _child(path, k)
                stack.append((v, child, k, key))
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
    keys_seen: set[str] = set()
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
            yield from leaves(doc, line=number, keys_seen=keys_seen)
