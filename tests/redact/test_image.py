"""Images: OCR word boxes are painted over; metadata is dropped."""

from __future__ import annotations

from pathlib import Path

import pytesseract
from PIL import Image, ImageDraw, ImageFont

from tests.redact.conftest import NAME, SSN, kept_share, leaks

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
LINES = [f"Claimant: {NAME}", f"SSN: {SSN}", "Roof damage reported on Monday"]


def test_png_values_blacked_out_and_metadata_gone(run, tmp_path: Path) -> None:
    image = Image.new("RGB", (1300, 330), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 40)
    for i, line in enumerate(LINES):
        draw.text((40, 30 + i * 95), line, fill="black", font=font)
    exif = Image.Exif()
    exif[0x013B] = NAME  # Artist
    src = tmp_path / "scan.jpg"
    image.save(src, quality=95, exif=exif)
    assert leaks(pytesseract.image_to_string(Image.open(src)))

    result, out = run(src)
    assert result.exit_code == 0, result.files
    copy = Image.open(out / "scan.jpg")
    assert copy.format == "JPEG" and copy.size == image.size
    assert not copy.getexif()
    text = pytesseract.image_to_string(copy)
    assert leaks(text) == []
    assert kept_share("\n".join(LINES), text) >= 0.95
