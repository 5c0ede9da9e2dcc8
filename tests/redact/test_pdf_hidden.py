"""PDF places a black box would not reach: invisible text, form values, comments, bookmarks, scans.

Each value must be gone for poppler (``pdftotext``, ``pdfimages`` + OCR for the scanned page),
pdfium and the raw objects; the words around it stay.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pikepdf
import pytesseract
import pytest
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import letter
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from scanner.redact import RedactionResult
from tests.redact.conftest import NAME, POLICY, SSN, leaks, pdftotext

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def _scan_image() -> Image.Image:
    image = Image.new("L", (1700, 500), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 44)
    for i, line in enumerate([f"Claimant: {NAME}", f"SSN: {SSN}", "Hail damage to the garage roof"]):
        draw.text((60, 60 + i * 130), line, fill=0, font=font)
    return image


def _pdf(path: Path) -> None:
    c = canvas.Canvas(str(path), pagesize=letter)
    # Page 1: visible text, a filled-in form field, a comment and a bookmark holding values.
    c.setFont("Helvetica", 11)
    c.drawString(72, 720, "Claim intake form. The adjuster reviews it within two days.")
    c.drawString(72, 700, "Insured's SSN (see field):")
    c.acroForm.textfield(name="ssn", value=SSN, x=230, y=690, width=150, height=20)
    c.textAnnotation(f"Call {NAME} about policy {POLICY}", Rect=(72, 600, 200, 650))
    c.bookmarkPage("p1")
    c.addOutlineEntry(f"Intake for {NAME}", "p1")
    c.showPage()
    # Page 2: nothing visible but an invisible text layer (render mode 3) holding a value.
    c.setFont("Helvetica", 11)
    c.drawString(72, 720, "Inspection notes follow on the next page.")
    text = c.beginText(72, 690)
    text.setTextRenderMode(3)
    text.textLine(f"Hidden note: SSN {SSN} belongs to {NAME}")
    c.drawText(text)
    c.showPage()
    # Page 3: a scan, an image without any text layer.
    c.drawImage(ImageReader(_scan_image()), 36, 500, width=540, height=159)
    c.showPage()
    c.save()


@pytest.fixture(scope="module")
def redacted(redact_pdf) -> tuple[Path, Path, RedactionResult]:  # type: ignore[no-untyped-def]
    return redact_pdf("intake.pdf", _pdf)


def test_hidden_values_are_gone_for_every_reader(redacted) -> None:  # type: ignore[no-untyped-def]
    src, out, result = redacted
    assert result.exit_code == 0, result.files
    assert leaks(pdftotext(src))  # the hidden layer is readable in the original
    text = pdftotext(out)
    assert leaks(text) == []
    assert "Inspection notes follow" in text and "Claim intake form." in text
    with pikepdf.open(out) as pdf:
        raw = []
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.String):
                raw.append(str(obj))
            elif isinstance(obj, pikepdf.Dictionary):
                raw.extend(str(v) for v in obj.values() if isinstance(v, pikepdf.String))
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") != "/Image":
                raw.append(obj.read_bytes().decode("latin-1"))
        assert leaks("\n".join(raw)) == []
        assert "/Outlines" not in pdf.Root  # the bookmark title held a name


def test_scanned_page_is_blacked_out_where_ocr_saw_values(redacted, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _, out, _ = redacted
    # Poppler's own image extraction, then OCR: the scanned words that were values are black.
    subprocess.run(["pdfimages", "-f", "3", "-l", "3", "-png", str(out), str(tmp_path / "img")], check=True)
    images = sorted(tmp_path.glob("img-*.png"))
    assert images
    seen = "\n".join(pytesseract.image_to_string(Image.open(p)) for p in images)
    assert leaks(seen) == []
    assert "garage roof" in seen
