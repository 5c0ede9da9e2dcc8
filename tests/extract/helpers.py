"""Helpers for extractor tests: run the real entry point on generated files."""

from __future__ import annotations

from pathlib import Path

from scanner.extract import extract
from scanner.extract.base import Blob, ExtractContext
from scanner.models import Segment

SSN = "123-45-6789"


def run(source: Path | bytes, name: str | None = None, **ctx_args: object) -> list[Segment]:
    """All segments of a file on disk, or of bytes posing as file ``name``."""
    ctx = ExtractContext(**ctx_args)  # type: ignore[arg-type]
    if isinstance(source, Path):
        blob = Blob(name=name or source.name, fs_path=str(source))
    else:
        blob = Blob(name=name or "memory.bin", data=source)
    return list(extract(blob, ctx))


def run_ctx(source: Path, ctx: ExtractContext) -> list[Segment]:
    return list(extract(Blob(name=source.name, fs_path=str(source)), ctx))


def holding(segments: list[Segment], marker: str) -> Segment:
    """The one segment whose text contains ``marker``."""
    found = [s for s in segments if marker in s.text]
    assert len(found) == 1, f"{marker!r} in {len(found)} segments: {[s.location for s in found]}"
    return found[0]
