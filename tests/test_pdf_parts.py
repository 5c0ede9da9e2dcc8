"""Long PDFs read in runs of pages (``limits.pdf_part_pages``), and scanned PDFs in short
runs when OCR is on: the runs cover every page once, each page keeps its number, the
document's properties, form fields and comments are found once, one and two workers find what
a whole read finds, and a PDF that cannot be planned (encrypted, small) or that changes while
its runs are read gets the status a whole read would give it."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pikepdf
import pytest
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from fixtures.corpus import jpeg_reader
from scanner.config import Config, Limits
from scanner.detect import Detector
from scanner.extract.base import Blob
from scanner.extract.pdf import MAX_PDF_PARTS, plan_pdf_parts
from scanner.models import FileRef, FileResult, Status
from scanner.pipeline import merge_parts, part_plan, process_part, scan
from tests.extract.docs import pdf_promising_pages

KEY = b"q" * 32
SSNS = ["412-67-3391", "523-45-6781", "301-28-4417", "536-22-8726"]  # synthetic, valid ranges
FORM_SSN = "342-81-5527"
COMMENT_SSN = "457-32-6614"
SUBJECT_SSN = "615-24-8830"
SCANNED_SSNS = ["412-67-3391", "523-45-6781", "301-28-4417", "615-24-8830"]  # tesseract reads these


def _config(pages: int, workers: int = 1) -> Config:
    return Config(mode="fast", workers=workers, limits=Limits(pdf_part_pages=pages))


def _ref(path: Path) -> FileRef:
    st = path.stat()
    return FileRef(str(path), st.st_size, st.st_mtime, fs_path=str(path))


def _found(result: FileResult) -> list[tuple[str, str | None, int | None, str | None, int, int]]:
    return [
        (f.entity_type, f.text, f.location.page, f.location.part, f.start, f.end) for f in result.findings
    ]


def _archive(path: Path, pages: int) -> Path:
    """A claims archive with a member's SSN on every page, a form field on page 12, a comment
    on page 17 and an SSN in its subject."""
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setSubject(f"Appeal of member SSN {SUBJECT_SSN}")
    c.setTitle("Claims archive")
    for page in range(1, pages + 1):
        c.drawString(72, 720, f"Claims archive page {page}")
        c.drawString(72, 700, f"Member SSN: {SSNS[page % 4]}")
        if page == 12:
            c.drawString(72, 680, "Social Security Number:")
            c.acroForm.textfield(name="claimant_ssn", value=FORM_SSN, x=250, y=670, width=150, height=20)
        if page == 17:
            c.textAnnotation(f"Check SSN {COMMENT_SSN} with the adjuster", Rect=(72, 600, 200, 650))
        c.showPage()
    c.save()
    return path


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _archive(tmp_path_factory.mktemp("pdf-parts") / "archive.pdf", 23)


def test_runs_cover_every_page_once_in_order(archive: Path) -> None:
    plan = plan_pdf_parts(Blob(name=archive.name, fs_path=str(archive)), 5)
    assert plan is not None
    assert plan.parts == ((1, 5), (6, 10), (11, 15), (16, 20), (21, None))
    assert plan.sha256 == hashlib.sha256(archive.read_bytes()).hexdigest()
    # No more than MAX_PDF_PARTS runs, each at least the configured length.
    capped = plan_pdf_parts(Blob(name=archive.name, fs_path=str(archive)), 2)
    assert capped is not None and len(capped.parts) == MAX_PDF_PARTS
    assert capped.parts[0] == (1, 3) and capped.parts[-1] == (22, None)


def test_small_encrypted_and_unplanned_pdfs_are_read_whole(archive: Path, tmp_path: Path) -> None:
    blob = Blob(name=archive.name, fs_path=str(archive))
    assert plan_pdf_parts(blob, 12) is None  # 23 pages: fewer than twice 12
    assert plan_pdf_parts(blob, 0) is None  # 0: never in parts
    assert part_plan(_ref(archive), _config(0)) is None
    locked = tmp_path / "locked.pdf"
    with pikepdf.open(archive) as doc:
        doc.save(locked, encryption=pikepdf.Encryption(user="secret", owner="owner", R=6))
    assert plan_pdf_parts(Blob(name=locked.name, fs_path=str(locked)), 5) is None
    (result,) = scan([locked], _config(5), key=KEY)
    assert result.status is Status.ENCRYPTED


def test_each_page_form_and_comment_is_found_once_on_its_page(archive: Path) -> None:
    (whole,) = scan([archive], _config(0), key=KEY, reveal=True)
    (parts,) = scan([archive], _config(5), key=KEY, reveal=True)
    assert part_plan(_ref(archive), _config(5)) is not None
    assert parts.status is Status.OK and parts.extractor == "pdf"
    on_pages = [row for row in _found(parts) if row[0] == "US_SSN" and row[3] is None]
    assert [(row[1], row[2]) for row in on_pages] == [(SSNS[p % 4], p) for p in range(1, 24)]
    assert [row[2] for row in _found(parts) if row[1] == FORM_SSN] == [12]
    assert [row[2] for row in _found(parts) if row[1] == COMMENT_SSN] == [17]
    # The subject is a document property, read with the first run only.
    assert [row[3] for row in _found(parts) if row[1] == SUBJECT_SSN] == ["properties"]
    assert _found(parts) == _found(whole)
    assert parts.sha256 == whole.sha256 == hashlib.sha256(archive.read_bytes()).hexdigest()


@pytest.mark.slow
@pytest.mark.parametrize("count", [3, 5])
def test_a_pdf_whose_page_count_is_wrong_is_read_whole(tmp_path: Path, count: int) -> None:
    pages = [f"Page {n} claim file" for n in range(1, 5)]
    right = pdf_promising_pages(tmp_path / "right.pdf", pages, 4)
    assert plan_pdf_parts(Blob(name=right.name, fs_path=str(right)), 1) is not None
    # Runs cut by pdfium's count would leave page 4 unread, or walk past the end.
    wrong = pdf_promising_pages(tmp_path / "wrong.pdf", pages, count)
    assert plan_pdf_parts(Blob(name=wrong.name, fs_path=str(wrong)), 1) is None


def test_one_and_two_workers_read_a_pdf_in_runs_alike(archive: Path) -> None:
    (one,) = scan([archive], _config(5, workers=1), key=KEY, reveal=True)
    (two,) = scan([archive], _config(5, workers=2), key=KEY, reveal=True)
    assert one.status is Status.OK and len(one.findings) >= 26
    assert _found(one) == _found(two)


@pytest.mark.slow
def test_the_process_that_holds_the_scan_never_opens_a_pdf(archive: Path) -> None:
    # pdfium is C++: a PDF that crashed it while being planned must cost a worker, not the
    # scan. The workers plan PDFs; the scan's own process reads no more than the first bytes,
    # and never loads pdfium (it imports pdfminer's modules only to receive the plan).
    code = textwrap.dedent(f"""
        import sys
        from scanner.config import Config, Limits
        from scanner.pipeline import scan
        config = Config(mode="fast", workers=2, limits=Limits(pdf_part_pages=5))
        (result,) = scan([{str(archive)!r}], config, key={KEY!r})
        print(result.status.value, len(result.findings), "pypdfium2" in sys.modules)
    """)
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root)
    (whole,) = scan([archive], _config(0), key=KEY)
    assert out.stdout.split() == ["ok", str(len(whole.findings)), "False"]


def test_a_pdf_that_vanishes_or_changes_while_its_runs_are_read(tmp_path: Path) -> None:
    detector = Detector(_config(5), KEY)
    for what in ("vanishes", "changes"):
        path = _archive(tmp_path / f"{what}.pdf", 23)
        ref, config = _ref(path), _config(5)
        plan = part_plan(ref, config)
        assert plan is not None
        first = process_part(ref, plan, 0, config, detector)
        assert first.status is Status.OK and first.findings
        if what == "vanishes":
            path.unlink()
        else:
            os.utime(path, (ref.mtime + 5, ref.mtime + 5))
        rest = [process_part(ref, plan, i, config, detector) for i in range(1, len(plan.parts))]
        merged = merge_parts(ref, plan, [first, *rest])
        assert merged.status is Status.ERROR and merged.file == ref and not merged.findings
        assert merged.error == (
            "file vanished during the scan" if what == "vanishes" else "file changed during the scan"
        )


def _packet(path: Path, pages: list[str | None]) -> Path:
    """A claim packet of JPEG scans (None: a typed page with a text layer)."""
    c = canvas.Canvas(str(path), pagesize=letter)
    font = ImageFont.load_default(size=48)
    for text in pages:
        if text is None:
            c.drawString(72, 720, "Cover letter: the scanned records of this claim follow.")
        else:
            image = Image.new("L", (1200, 300), 255)
            ImageDraw.Draw(image).text((20, 40), text, fill=0, font=font)
            c.drawImage(jpeg_reader(image, quality=90), 36, 500, width=540, height=135)
        c.showPage()
    c.save()
    return path


def test_a_scanned_packet_is_read_in_short_runs_while_ocr_is_on(tmp_path: Path) -> None:
    scans = [f"Member SSN {ssn}" for ssn in SCANNED_SSNS]
    path = _packet(tmp_path / "packet.pdf", [None, *scans])  # a typed cover, then four scans
    ref = _ref(path)
    plan = part_plan(ref, Config(mode="fast"))
    assert plan is not None and plan.parts == ((1, 2), (3, 4), (5, None))
    # Without OCR a scanned page costs no more than a typed one: read whole.
    assert part_plan(ref, Config(mode="fast", ocr=False)) is None
    (parts,) = scan([path], Config(mode="fast"), key=KEY, reveal=True)
    (whole,) = scan([path], _config(0), key=KEY, reveal=True)
    assert [(row[1], row[2]) for row in _found(parts) if row[0] == "US_SSN"] == list(
        zip(SCANNED_SSNS, range(2, 6), strict=True)
    )
    assert _found(parts) == _found(whole)


def test_typed_pdfs_of_a_few_pages_are_read_whole(archive: Path, tmp_path: Path) -> None:
    assert part_plan(_ref(archive), Config(mode="fast")) is None  # 23 typed pages
    typed = _packet(tmp_path / "typed.pdf", [None] * 6)
    assert plan_pdf_parts(Blob(name=typed.name, fs_path=str(typed)), 250, 2) is None
