"""What the tests of detection shortcuts share: a shortcut (the pattern prefilter, the
context-word gates) must change no finding, on a generated corpus and on that corpus changed
into the Unicode that Hyperscan, ``regex`` and ``str.lower`` read differently."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from pathlib import Path

from fixtures.corpus import generate
from scanner.config import Config
from scanner.detect import Detector
from scanner.extract import extract
from scanner.extract.base import Blob, ExtractContext
from scanner.models import Segment

TRANSFORMS: dict[str, Callable[[str], str]] = {
    "as generated": lambda t: t,
    "upper case": str.upper,
    "lower case": str.lower,
    "dotted and dotless I": lambda t: t.replace("i", "\u0131").replace("I", "\u0130"),
    "decomposed accents": lambda t: unicodedata.normalize("NFD", t),
    "no-break spaces": lambda t: t.replace(" ", "\u00a0"),
    "full-width digits": lambda t: "".join(chr(ord(c) + 0xFEE0) if "0" <= c <= "9" else c for c in t),
    "Kelvin sign and long s": lambda t: t.replace("k", "\u212a").replace("s", "\u017f"),
}


def finding_rows(detector: Detector, segments: list[Segment]) -> list[tuple]:
    """The findings of ``segments`` as comparable rows (no values)."""
    return [
        (f.entity_type, f.start, f.end, f.score, f.location.as_json(), f.recognizer)
        for f in detector.findings("doc", segments)
    ]


def corpus_segments(out: Path, docs: int, seed: int, formats: Sequence[str]) -> list[list[Segment]]:
    """A generated corpus in ``out``, each document's extracted segments."""
    generate(out, docs, seed=seed, formats=list(formats))
    return [
        list(extract(Blob(name=p.name, fs_path=str(p)), ExtractContext(limits=Config().limits)))
        for p in sorted(p for p in out.rglob("*") if p.is_file() and p.suffix != ".jsonl")
    ]


def changed(segments: list[Segment], transform: str) -> list[Segment]:
    """``segments`` with their text changed by ``TRANSFORMS[transform]``."""
    change = TRANSFORMS[transform]
    return [Segment(change(s.text), s.location, s.context, s.member) for s in segments]


def count_same_without(
    detector: Detector,
    documents: list[list[Segment]],
    transform: str,
    switched_off: Callable[[], AbstractContextManager[object]],
) -> int:
    """Assert each document finds the same with the shortcut and inside ``switched_off()``;
    return how many findings were compared."""
    total = 0
    for segments in documents:
        text = changed(segments, transform)
        found = finding_rows(detector, text)
        with switched_off():
            assert found == finding_rows(detector, text)
        total += len(found)
    return total
