from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from scanner.errors import UnsupportedFormatError
from scanner.extract import extract
from scanner.extract import text as textmod
from scanner.extract.base import Blob, ExtractContext

from .helpers import SSN, holding, run

LETTER = "Claimant: Jürgen Müller — “urgent”, café façade\nSSN " + SSN + "\nEnd of note\n"


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [
        ("utf-8", b""),
        ("utf-8", b"\xef\xbb\xbf"),
        ("cp1252", b""),
        ("utf-16-le", b"\xff\xfe"),
        ("utf-16-be", b"\xfe\xff"),
        ("utf-16-le", b""),
        ("utf-16-be", b""),
    ],
)
def test_encodings_decode_exactly(tmp_path: Path, encoding: str, prefix: bytes) -> None:
    path = tmp_path / "note.txt"
    path.write_bytes(prefix + LETTER.encode(encoding))
    segments = run(path)
    assert "".join(s.text for s in segments) == LETTER
    assert holding(segments, "Müller").location.line == 1


def test_short_cp1252_is_not_read_as_another_code_page(tmp_path: Path) -> None:
    path = tmp_path / "n.txt"
    path.write_bytes("Zoë Ñúñez, naïve résumé\n".encode("cp1252"))
    assert run(path)[0].text == "Zoë Ñúñez, naïve résumé\n"


def test_other_code_pages_still_detected() -> None:
    assert textmod.detect_encoding("Привет мир, это полис номер один\n".encode("cp1251")) == "cp1251"


def test_empty_file_yields_nothing(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert run(path) == []


@pytest.mark.parametrize(
    "junk",
    [bytes(range(256)) * 40, b"\x00\x01\x02\x03" * 1000, b"\x8f\x90\x9d\x81\xfe\xf0\x03\x07" * 500],
)
def test_binary_with_text_extension_is_unsupported(tmp_path: Path, junk: bytes) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(junk)
    with pytest.raises(UnsupportedFormatError, match="binary content, not text"):
        run(path)


def test_line_numbers_and_block_boundaries(tmp_path: Path) -> None:
    lines = [
        f"line {i} filler text to make the block fill up faster .................\n" for i in range(1, 5001)
    ]
    lines[4321] = f"line 4322 SSN {SSN}\n"
    path = tmp_path / "log.log"
    path.write_text("".join(lines))
    segments = run(path)
    assert len(segments) > 1
    assert all(s.text.endswith("\n") for s in segments)
    seg = holding(segments, SSN)
    assert seg.location.line + seg.text[: seg.text.index(SSN)].count("\n") == 4322
    assert "".join(s.text for s in segments) == "".join(lines)


def test_huge_file_streams_in_bounded_blocks(tmp_path: Path) -> None:
    path = tmp_path / "big.log"
    line = b"2024-01-01 INFO request handled for policy holder account number 00000000\n"
    count = 20 * 1024 * 1024 // len(line)
    with path.open("wb") as fh:
        for _ in range(count // 1000):
            fh.write(line * 1000)
        fh.write(f"tail SSN {SSN}\n".encode())
    last_line = (count // 1000) * 1000 + 1
    segments = run(path)
    assert len(segments) > 100
    assert max(len(s.text) for s in segments) <= textmod.BLOCK_CHARS
    seg = holding(segments, SSN)
    assert seg.location.line + seg.text[: seg.text.index(SSN)].count("\n") == last_line


def test_streaming_memory_stays_bounded(tmp_path: Path) -> None:
    path = tmp_path / "big.log"
    with path.open("wb") as fh:
        for _ in range(200):
            fh.write(b"0123456789 abcdefghij " * 2500 + b"\n")  # ~11 MB in all
    tracemalloc.start()
    try:
        blocks = sum(1 for _ in extract(Blob(name="big.log", fs_path=str(path)), ExtractContext()))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert blocks > 100
    assert peak < 4 << 20


def test_single_enormous_line_is_split(tmp_path: Path) -> None:
    path = tmp_path / "one.txt"
    path.write_text("x" * (3 * textmod.BLOCK_CHARS + 10) + "\nsecond " + SSN)
    segments = run(path)
    assert [s.location.line for s in segments] == [1, 1, 1, 1, 2][: len(segments)]
    assert holding(segments, SSN).location.line in (1, 2)
    assert "".join(s.text for s in segments).endswith(SSN)
