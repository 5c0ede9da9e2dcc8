from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytesseract
import pytest
from PIL import Image

from scanner.errors import ExtractError, FileTooLargeError, UnsupportedFormatError

from .docs import text_image
from .helpers import run


def test_png_is_ocrd(tmp_path: Path) -> None:
    path = tmp_path / "fax.png"
    text_image("Member MBR 4711").save(path)
    [seg] = run(path)
    assert "MBR 4711" in seg.text
    assert seg.location.page is None


def _read_for_scan(path: Path) -> str:
    return run(path)[0].text


def _read_for_redaction(path: Path) -> str:
    from scanner.redact.writers.image import ocr_words

    with Image.open(path) as image:
        return " ".join(w.text for w in ocr_words(image))


@pytest.mark.parametrize("read", [_read_for_scan, _read_for_redaction])
def test_tesseract_reads_a_page_on_one_thread_unless_the_user_set_otherwise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, read: Callable[[Path], str]
) -> None:
    # The real tesseract, started through a script that notes the thread limit each page's
    # run inherits (pytesseract may also ask for the version first).
    seen = tmp_path / "threads.txt"
    wrapper = tmp_path / "tesseract"
    wrapper.write_text(
        f'#!/bin/sh\n[ "$1" = --version ] || echo "${{OMP_THREAD_LIMIT:-unset}}" >> {seen}\n'
        f'exec {shutil.which("tesseract")} "$@"\n'
    )
    wrapper.chmod(0o755)
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", str(wrapper))
    path = tmp_path / "fax.png"
    text_image("Member MBR 4711").save(path)
    monkeypatch.delenv("OMP_THREAD_LIMIT", raising=False)
    assert "MBR 4711" in read(path)
    monkeypatch.setenv("OMP_THREAD_LIMIT", "3")
    assert "MBR 4711" in read(path)
    assert seen.read_text().split() == ["1", "3"]


def test_multipage_tiff_pages(tmp_path: Path) -> None:
    path = tmp_path / "scan.tif"
    first, second = text_image("Cover sheet"), text_image("Policy 555 0199")
    first.save(path, save_all=True, append_images=[second], compression="tiff_deflate")
    segments = run(path)
    assert [s.location.page for s in segments] == [1, 2]
    assert "555 0199" in segments[1].text


def test_ocr_disabled_is_unsupported(tmp_path: Path) -> None:
    path = tmp_path / "photo.jpg"
    text_image("anything").convert("RGB").save(path)
    with pytest.raises(UnsupportedFormatError, match="OCR disabled"):
        run(path, ocr=False)


def test_decompression_bomb_is_too_large(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "bomb.png"
    Image.new("1", (400, 400)).save(path)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 10_000)
    with pytest.raises(FileTooLargeError):
        run(path)


def test_truncated_image_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "cut.png"
    text_image("x").save(path)
    path.write_bytes(path.read_bytes()[:200])
    with pytest.raises(ExtractError) as info:
        run(path)
    assert info.value.status == "error"
