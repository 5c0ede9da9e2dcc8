"""The entry point: dispatch, limits, and how failures are reported."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from extract_msg.ole_writer import OleWriter

from scanner.config import Limits
from scanner.errors import ExtractError, FileTooLargeError, UnsupportedFormatError
from scanner.extract import EXTRACTORS, extract
from scanner.extract.base import Blob, ExtractContext
from scanner.models import Segment

from .helpers import SSN, run


def _ole(name: str) -> bytes:
    writer = OleWriter()
    writer.addEntry([name], b"\0" * 100)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("claim.doc", _ole("WordDocument"), "legacy Word 97-2003 binary (.doc); no maintained reader"),
        ("rates.xls", _ole("Workbook"), "legacy Excel 97-2003 binary (.xls); no maintained reader"),
        (
            "deck.ppt",
            _ole("PowerPoint Document"),
            "legacy PowerPoint 97-2003 binary (.ppt); no maintained reader",
        ),
        ("memo.wpd", b"\xffWPC" + bytes(200), "WordPerfect document; no maintained reader"),
        ("x.dat", bytes(range(256)) * 8, "unrecognised binary content"),
    ],
)
def test_unsupported_formats_say_what_they_are(name: str, data: bytes, reason: str) -> None:
    with pytest.raises(UnsupportedFormatError) as info:
        run(data, name)
    assert str(info.value) == reason
    assert info.value.status == "unsupported"


def test_file_over_max_size_is_too_large(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("x" * 2000)
    with pytest.raises(FileTooLargeError):
        run(path, limits=Limits(max_file_size=1000))


def test_outer_size_is_recorded_at_depth_zero(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(SSN)
    ctx = ExtractContext()
    list(extract(Blob(name="a.txt", fs_path=str(path)), ctx))
    assert ctx.outer_size == len(SSN)
    assert ctx.dispatch is extract


def test_missing_file_is_an_extract_error(tmp_path: Path) -> None:
    with pytest.raises(ExtractError, match="cannot read file"):
        run(tmp_path / "gone.txt")


def test_third_party_failures_are_wrapped_without_content(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(blob: Blob, ctx: ExtractContext) -> Iterator[Segment]:
        raise KeyError(f"value {SSN} not understood")
        yield  # pragma: no cover

    monkeypatch.setitem(EXTRACTORS, "text", explode)
    with pytest.raises(ExtractError) as info:
        run(b"hello", "a.txt")
    assert str(info.value) == "cannot read text: KeyError"
    assert info.value.__cause__ is None and info.value.__suppress_context__
