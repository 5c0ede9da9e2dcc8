"""PDF: real redaction, checked with poppler's pdftotext (an independent reader)."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pikepdf
import pypdfium2 as pdfium
import pytest
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from scanner.redact import RedactionResult
from tests.redact.conftest import NAME, POLICY, SSN, kept_share, leaks, pdftotext

PAGE_ONE = [
    "First notice of loss",
    f"Claimant: {NAME}",
    f"SSN: {SSN}",
    f"Policy No.: {POLICY}",
    "Water damage in the kitchen, reported by phone on Monday.",
    "The adjuster will inspect the property next week.",
]
PAGE_TWO = ["Inspection checklist: roof, gutters, basement.", "Nothing personal is written on this page."]


def _pdf(path: Path) -> None:
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setAuthor(NAME)
    c.setTitle(f"FNOL for {NAME}")
    c.setSubject(f"SSN {SSN}")
    for lines in (PAGE_ONE, PAGE_TWO):
        c.setFont("Helvetica", 11)
        for i, line in enumerate(lines):
            c.drawString(72, 740 - 18 * i, line)
        c.showPage()
    c.save()


@pytest.fixture(scope="module")
def redacted(redact_pdf) -> tuple[Path, Path, RedactionResult]:  # type: ignore[no-untyped-def]
    return redact_pdf("fnol.pdf", _pdf)


def test_no_value_recoverable_by_any_reader(redacted) -> None:  # type: ignore[no-untyped-def]
    src, out, result = redacted
    assert result.exit_code == 0, result.files
    assert leaks(pdftotext(src))  # the independent reader does see them in the original
    assert leaks(pdftotext(out)) == []
    with pdfplumber.open(out) as pdf:
        assert leaks("\n".join(p.extract_text() or "" for p in pdf.pages)) == []
        assert not pdf.metadata.get("Author") and not pdf.metadata.get("Title")
    doc = pdfium.PdfDocument(str(out))
    assert leaks("\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))) == []
    doc.close()
    with pikepdf.open(out) as pdf:
        assert "/Info" not in pdf.trailer and "/Metadata" not in pdf.Root
        raw = b"".join(
            o.read_bytes()
            for o in pdf.objects
            if isinstance(o, pikepdf.Stream) and o.get("/Subtype") != "/Image"
        )
        assert b"Gonzalez" not in raw and b"536-22" not in raw


def test_boxes_cover_the_places_and_other_words_stay(redacted) -> None:  # type: ignore[no-untyped-def]
    src, out, _ = redacted
    text = pdftotext(out)
    # Page one became an image with an invisible layer holding only the kept words.
    assert kept_share("\n".join(PAGE_ONE + PAGE_TWO), text) >= 0.95
    assert "Claimant:" in text and "Policy No.:" in text and "kitchen" in text
    with pikepdf.open(out) as pdf, pikepdf.open(src) as original:
        assert len(pdf.pages) == 2
        assert list(pdf.pages[0].mediabox) == list(original.pages[0].mediabox)
        assert "/Im0" in pdf.pages[0].Resources.XObject
        # Page two had nothing to remove: its original content and text layer are untouched.
        assert pdf.pages[1].Contents.read_bytes() == original.pages[1].Contents.read_bytes()
    # Where the SSN was on page one, the rendered page is black.
    with pdfplumber.open(src) as pdf:
        box = pdf.pages[0].search(SSN)[0]
    doc = pdfium.PdfDocument(str(out))
    image = doc[0].render(scale=1).to_pil().convert("L")
    doc.close()
    x, y = int((box["x0"] + box["x1"]) / 2), int((box["top"] + box["bottom"]) / 2)
    assert image.getpixel((x, y)) < 40
    label_x = int(box["x0"]) - 20  # the label "SSN:" stays visible, not blacked out
    assert max(image.getpixel((label_x + dx, y)) for dx in range(-5, 5)) > 200


REGISTER = [
    ("Claimant", "Birth Date", "Policy No", "Paid"),
    (NAME, "03/14/1972", POLICY, "$1,200.00"),
    ("John Whitaker", "07/01/1980", "HO-4417-3385", "$310.50"),
]


def test_register_columns_are_judged_by_their_headers(run, tmp_path: Path) -> None:
    """A table printed to PDF: values with no label beside them, found through the column header."""
    src = tmp_path / "register.pdf"
    c = canvas.Canvas(str(src), pagesize=letter)
    c.setFont("Helvetica", 9)
    c.drawString(40, 750, "Open claims register - second quarter")
    for row, cells in enumerate(REGISTER):
        for col, text in enumerate(cells):
            c.drawString(40 + 140 * col, 720 - 16 * row, text)
    c.save()
    result, out = run(src)
    assert result.exit_code == 0, result.files
    text = pdftotext(out / "register.pdf")
    values = [v for row in REGISTER[1:] for v in row[:3]]
    assert leaks(text, values) == []
    assert "Birth Date" in text and "$310.50" in text and "second quarter" in text


def _vin(stem: str) -> str:
    """A VIN with a valid check digit in position 9 (``stem`` is the other 16 characters)."""
    from fixtures.fakedata import vin_check_digit

    draft = stem[:8] + "0" + stem[8:]
    return draft[:8] + vin_check_digit(draft) + draft[9:]


# Synthetic rows shaped like a generated register that once failed its check: the writer
# read "UC" and "43318" of the plate apart from the text the check reads, left "UC", and
# took the loss date after the plate for a birth date in one reading but not the other.
PLATE_REGISTER = [
    ("Claimant", "DOB", "Policy #", "Claim No", "VIN", "Plate", "Loss Date", "Status", "Outstanding", "Paid"),
    ("Rohit Kapoor", "06/12/1951", "AUT5446712", "2022A842311", _vin("1FTPXA9HL5290712"), "UC 43318",
     "06/11/2024", "Open", "$21,816.72", "$7,981.00"),
    ("Lena Brandt", "07/15/1973", "K56P417822", "23-308-005399", _vin("1G11TS7HPN881211"), "HEU-9611",
     "07/19/2023", "Pending", "$46,920.00", "$2,145.00"),
    ("Kwame Mensah", "12/19/1994", "DP18 404577", "CLM-2022-9221811", _vin("WBAVT2TMMT269233"), "TBM 1655",
     "04/26/2023", "Pending", "$34,653.00", "$19,450.00"),
]  # fmt: skip
FONT_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def _plate_register(path: Path) -> None:
    """The register as report tools print it: embedded TrueType fonts, landscape, each
    column as wide as its widest cell plus a narrow gutter."""
    from reportlab.lib.pagesizes import landscape
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("Reg-Regular", FONT))
    pdfmetrics.registerFont(TTFont("Reg-Bold", FONT_BOLD))
    size = 8.5
    while True:
        widths = [
            max(
                stringWidth(r[i], "Reg-Bold" if j == 0 else "Reg-Regular", size)
                for j, r in enumerate(PLATE_REGISTER)
            )
            + 8
            for i in range(len(PLATE_REGISTER[0]))
        ]
        if sum(widths) <= landscape(letter)[0] - 80:
            break
        size -= 0.5
    xs = [40 + sum(widths[:i]) for i in range(len(widths))]
    c = canvas.Canvas(str(path), pagesize=landscape(letter))
    c.setFont("Reg-Bold", 13)
    c.drawString(40, 560, "Auto claims register - Cobalt Ridge")
    c.setFont("Reg-Regular", 9)
    c.drawString(40, 545, "Run date 06/21/2024; period 01/01/2024 to 06/16/2024. Confidential.")
    for row, cells in enumerate(PLATE_REGISTER):
        c.setFont("Reg-Bold" if row == 0 else "Reg-Regular", size)
        for x, text in zip(xs, cells, strict=True):
            c.drawString(x, 520 - size * 1.45 * row, text)
    c.save()


def test_register_with_plates_is_written_and_nothing_is_left(run, tmp_path: Path) -> None:
    """The writer detects on the text the check reads back (extraction's, with column
    gutters as tabs): both see "UC 43318" whole and a loss date as a loss date, so the
    copy passes its check instead of being refused."""
    src = tmp_path / "plate-register.pdf"
    _plate_register(src)
    result, out = run(src)
    assert result.exit_code == 0, [(f.status, f.reason) for f in result.files]
    assert result.files[0].status == "written"
    text = pdftotext(out / "plate-register.pdf")
    values = [v for row in PLATE_REGISTER[1:] for v in row[:6]]
    assert leaks(text, values) == []
    assert leaks(text, ["43318", "TBM", "Rohit", "Mensah"]) == []
    for kept in ("Loss Date", "06/11/2024", "Pending", "$19,450.00", "Cobalt Ridge", "Confidential"):
        assert kept in text
