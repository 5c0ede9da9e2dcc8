"""Small real documents, generated in the test's tmp_path."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from .msgfile import build_msg as build_msg  # re-exported for tests


def pdf(path: Path, pages: list[str], **metadata: str) -> Path:
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=letter)
    for key, value in metadata.items():
        getattr(c, f"set{key.title()}")(value)
    for text in pages:
        y = 720
        for line in text.splitlines():
            c.drawString(72, y, line)
            y -= 16
        c.showPage()
    c.save()
    return path


def text_image(text: str, size: tuple[int, int] = (900, 140)) -> Image.Image:
    """Black text on white, large enough for tesseract to read reliably."""
    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=48)
    draw.text((20, 40), text, fill=0, font=font)
    return image


def scanned_pdf(path: Path, pages: list[str | None]) -> Path:
    """A PDF whose pages are images only (``None``: a page with a text layer)."""
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=letter)
    for text in pages:
        if text is None:
            c.drawString(72, 720, "This page has an ordinary text layer with enough characters.")
        else:
            buf = io.BytesIO()
            text_image(text).save(buf, format="PNG")
            buf.seek(0)
            c.drawImage(ImageReader(buf), 36, 500, width=540, height=84)
        c.showPage()
    c.save()
    return path
