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


def pdf_promising_pages(path: Path, pages: list[str], count: int) -> Path:
    """A hand-written PDF whose page tree says it has ``count`` pages but holds ``pages``
    (``/Count`` wrong, as a broken or hostile writer leaves it)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(len(pages)))
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {count} >>".encode())
    font = "<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>"
    for i, text in enumerate(pages):
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {4 + 2 * i} 0 R "
            f"/Resources {font} >>".encode()
        )
        stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
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
