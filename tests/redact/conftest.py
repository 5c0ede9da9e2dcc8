"""Shared pieces for redaction tests: one detection engine per session, the
synthetic values every document plants, and independent readers.

The values are synthetic: 536-22-1947 passes the SSA rules (the recognizer
rejects the famous 123-45-6789 sample), the phone number is in the 555-01xx
fiction range, the mail domain is reserved.
"""

from __future__ import annotations

import html
import re
import subprocess
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from scanner.config import Config
from scanner.detect import Detector
from scanner.redact import RedactionResult, redact

NAME = "Maria Gonzalez"
SSN = "536-22-1947"
POLICY = "HO-4417-2291"
EMAIL = "maria.gonzalez@example.com"
PHONE = "(312) 555-0147"
# What must never be readable in a copy: the values and their obvious variants.
FORBIDDEN = (NAME, "Gonzalez", SSN, "536221947", "536 22 1947", POLICY, EMAIL, "555-0147")


@pytest.fixture(scope="session")
def detector() -> Detector:
    return Detector(Config(), b"t" * 32)


@pytest.fixture
def run(detector: Detector, tmp_path: Path):  # type: ignore[no-untyped-def]
    """``run(src, **options) -> (result, out_dir)``, with the session engine."""

    counter = iter(range(1000))

    def go(src: Path, config: Config | None = None, **options: object) -> tuple[RedactionResult, Path]:
        out = tmp_path / f"out{next(counter)}"
        result = redact(src, out, config or Config(), detector=detector, **options)  # type: ignore[arg-type]
        return result, out

    return go


@pytest.fixture(scope="session")
def redact_pdf(
    tmp_path_factory: pytest.TempPathFactory, detector: Detector
) -> Callable[[str, Callable[[Path], None]], tuple[Path, Path, RedactionResult]]:
    """``redact_pdf(name, build) -> (src, out_file, result)``: the PDF ``build(path)`` draws, redacted."""

    def go(name: str, build: Callable[[Path], None]) -> tuple[Path, Path, RedactionResult]:
        base = tmp_path_factory.mktemp(Path(name).stem)
        src = base / name
        build(src)
        result = redact(src, base / "out", Config(), detector=detector)
        return src, base / "out" / name, result

    return go


def pdftotext(path: Path) -> str:
    """The text poppler's ``pdftotext`` reads from a PDF: an independent reader."""
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    ).stdout.decode()


def leaks(text: str, values: Iterable[str] = FORBIDDEN) -> list[str]:
    """The forbidden values readable in ``text`` (case-insensitive)."""
    folded = text.casefold()
    return [v for v in values if v.casefold() in folded]


def zip_xml(path: Path) -> str:
    """Every XML/text member of an Office file or zip, entity references decoded."""
    with zipfile.ZipFile(path) as zf:
        return "\n".join(
            html.unescape(zf.read(n).decode("utf-8", errors="replace"))
            for n in zf.namelist()
            if n.endswith((".xml", ".rels", ".txt", ".json"))
        )


def words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z]{3,}", text)


def kept_share(original: str, redacted: str, pii: Iterable[str] = FORBIDDEN) -> float:
    """Share of the original's non-PII words still present in the copy."""
    pii_words = {w.casefold() for v in pii for w in words(v)}
    wanted = [w for w in words(original) if w.casefold() not in pii_words]
    have = {w.casefold() for w in words(redacted)}
    return sum(1 for w in wanted if w.casefold() in have) / max(len(wanted), 1)
