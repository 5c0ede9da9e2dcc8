from __future__ import annotations

from pathlib import Path

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
