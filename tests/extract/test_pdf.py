from __future__ import annotations

import time
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from pdfminer.pdfpage import PDFPage
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from scanner.errors import EncryptedFileError, ExtractError, ExtractTimeoutError
from scanner.extract import extract
from scanner.extract.base import Blob, ExtractContext
from scanner.extract.pdf import PdfPlan

from .docs import pdf, pdf_promising_pages, scanned_pdf
from .helpers import SSN, holding, run, run_ctx


@pytest.fixture
def three_pages(tmp_path: Path) -> Path:
    return pdf(
        tmp_path / "fnol.pdf",
        ["First notice of loss", f"Insured SSN {SSN}\nsecond line", "Signature page"],
        author="Jane Adjuster",
    )


def test_text_is_found_on_its_page(three_pages: Path) -> None:
    segments = run(three_pages)
    assert holding(segments, SSN).location.page == 2
    assert holding(segments, "Signature").location.page == 3
    assert holding(segments, "Jane Adjuster").location.part == "properties"


def test_pdf_named_txt_is_read_as_pdf(three_pages: Path, tmp_path: Path) -> None:
    renamed = tmp_path / "notes.txt"
    renamed.write_bytes(three_pages.read_bytes())
    assert holding(run(renamed), SSN).location.page == 2


def test_pages_are_not_all_built_up_front(three_pages: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def forbidden(self: object) -> None:
        raise AssertionError("pdf.pages builds every page at once")

    monkeypatch.setattr(pdfplumber.PDF, "pages", property(forbidden))
    assert holding(run(three_pages), SSN).location.page == 2


@pytest.mark.parametrize("revision", [4, 6])
def test_password_protected_pdf_is_encrypted(three_pages: Path, tmp_path: Path, revision: int) -> None:
    locked = tmp_path / "locked.pdf"
    with pikepdf.open(three_pages) as doc:
        doc.save(locked, encryption=pikepdf.Encryption(user="secret", owner="owner", R=revision))
    with pytest.raises(EncryptedFileError):
        run(locked)


def test_owner_password_only_is_still_readable(three_pages: Path, tmp_path: Path) -> None:
    restricted = tmp_path / "restricted.pdf"
    with pikepdf.open(three_pages) as doc:
        doc.save(restricted, encryption=pikepdf.Encryption(user="", owner="owner", R=6))
    assert holding(run(restricted), SSN).location.page == 2


@pytest.mark.parametrize("keep", [0.25, 0.5, 0.97])
def test_truncated_pdf_is_an_error_without_content(three_pages: Path, keep: float) -> None:
    data = three_pages.read_bytes()
    with pytest.raises(ExtractError) as info:
        run(data[: int(len(data) * keep)], "cut.pdf")
    assert info.value.status == "error"
    assert "corrupt PDF" in str(info.value)
    assert SSN not in str(info.value)


def test_garbage_after_pdf_header_is_an_error() -> None:
    with pytest.raises(ExtractError, match="corrupt PDF"):
        run(b"%PDF-1.7\n" + bytes(range(256)) * 8, "junk.pdf")


def test_scanned_page_is_ocrd_on_the_right_page(tmp_path: Path) -> None:
    scan = scanned_pdf(tmp_path / "scan.pdf", [None, f"SSN {SSN}"])
    segments = run(scan)
    assert holding(segments, SSN).location.page == 2
    assert holding(segments, "ordinary text layer").location.page == 1


def test_scanned_page_without_ocr_is_noted_as_unread(tmp_path: Path) -> None:
    scan = scanned_pdf(tmp_path / "scan.pdf", [None, f"SSN {SSN}"])
    ctx = ExtractContext(ocr=False)
    segments = list(extract(Blob(name="scan.pdf", fs_path=str(scan)), ctx))
    assert [s.location.page for s in segments if s.location.page] == [1]
    assert ctx.problems == [("page 2", "unsupported", "scanned page; OCR disabled")]


def test_filled_form_field_value_is_read(tmp_path: Path) -> None:
    path = tmp_path / "acord.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.drawString(72, 720, "Applicant information")
    c.showPage()
    c.drawString(72, 720, "Social Security Number:")
    c.acroForm.textfield(name="applicant_ssn", value=SSN, x=250, y=710, width=150, height=20)
    c.showPage()
    c.save()
    seg = holding(run(path), SSN)
    assert (seg.location.page, seg.location.part, seg.location.key) == (2, "form", "applicant_ssn")
    assert seg.context == ("applicant_ssn",)


@pytest.mark.parametrize("count", [1, 3, 1_000_000])
def test_every_page_is_read_whatever_the_page_trees_count_says(tmp_path: Path, count: int) -> None:
    # pdfium believes /Count: with 1 it sees one page, with 3 it promises a page that is not
    # there, with a million a million pages (a hostile file: the read must not try each).
    pages = [f"Insured SSN {SSN}", "Signature page"]
    wrong = pdf_promising_pages(tmp_path / "wrong-count.pdf", pages, count)
    ctx = ExtractContext()
    segments = run_ctx(wrong, ctx)
    assert holding(segments, SSN).location.page == 1
    assert holding(segments, "Signature").location.page == 2
    assert [s.location.page for s in segments if s.location.page] == [1, 2]
    assert ctx.problems == []


def test_time_limit_is_checked(three_pages: Path) -> None:
    with pytest.raises(ExtractTimeoutError):
        run(three_pages, deadline=time.monotonic() - 1)


def _register(path: Path) -> Path:
    """A claims register drawn as a PDF table: columns at fixed x, no grid lines."""
    c = canvas.Canvas(str(path), pagesize=letter)
    c.drawString(72, 740, "Claims register, run date 06/25/2024. Please keep this page confidential.")
    columns = (72, 190, 290, 400)
    rows = [
        ("Claimant Name", "Member ID", "Group No.", "Status"),
        ("Desai, Aarav", "XKW418830227", "GRP-77120", "Open"),
        ("Mercier, Chloé", "XKW902275514", "GRP-77120", "Closed"),
    ]
    for r, row in enumerate(rows):
        for x, cell in zip(columns, row, strict=True):
            c.drawString(x, 700 - 16 * r, cell)
    c.showPage()
    c.save()
    return path


def test_table_columns_become_tabs_and_prose_keeps_spaces(tmp_path: Path) -> None:
    page = holding(run(_register(tmp_path / "register.pdf")), "Member ID")
    lines = page.text.splitlines()
    assert "Claimant Name\tMember ID\tGroup No.\tStatus" in lines
    assert "Desai, Aarav\tXKW418830227\tGRP-77120\tOpen" in lines
    assert "Please keep this page confidential." in page.text  # word spaces are not gutters


def test_values_in_a_pdf_table_are_judged_by_their_column(tmp_path: Path) -> None:
    from scanner.config import Config
    from scanner.pipeline import scan

    [result] = scan([_register(tmp_path / "register.pdf")], Config())
    found = {(f.entity_type, f.masked[-4:], f.location.page) for f in result.findings}
    assert ("MEMBER_ID", "0227", 1) in found and ("MEMBER_ID", "5514", 1) in found
    assert {f.entity_type for f in result.findings} >= {"MEMBER_ID", "GROUP_NUMBER", "PERSON"}


def _annotated(path: Path) -> Path:
    """Five pages; page 3 carries a field that inherits its name and value from its parent, a
    multiple choice, a check box, a comment and a blank comment; page 5 a comment."""
    from pikepdf import Array, Dictionary, Name, String

    base = pdf(path.with_suffix(".base.pdf"), [f"Page {n} of the claim file" for n in range(1, 6)])
    with pikepdf.open(base) as doc:
        page3 = doc.pages[2].obj

        def widget(y: int, **keys: object) -> pikepdf.Object:
            rect = Array([100, y, 200, y + 20])
            return doc.make_indirect(
                Dictionary(Type=Name.Annot, Subtype=Name.Widget, Rect=rect, P=page3, **keys)
            )

        def comment(text: str) -> pikepdf.Object:
            rect = Array([300, 300, 320, 320])
            return doc.make_indirect(
                Dictionary(Type=Name.Annot, Subtype=Name.Text, Rect=rect, Contents=String(text))
            )

        parent = doc.make_indirect(Dictionary(T=String("claimant"), V=String("Mercier, Chloé"), FT=Name.Tx))
        kid = widget(100, Parent=parent)
        parent.Kids = Array([kid])
        choices = widget(
            200, T=String("injuries"), V=Array([String("neck"), String("left wrist")]), FT=Name.Ch
        )
        box = widget(300, T=String("police_report"), V=Name.Yes, FT=Name.Btn)
        page3.Annots = Array([kid, choices, box, comment(f"Call back re SSN {SSN}"), comment("   ")])
        doc.Root.AcroForm = Dictionary(Fields=Array([parent, choices, box]))
        doc.pages[4].obj.Annots = Array([comment("Reviewed, closing")])
        doc.save(path)
    return path


def test_form_fields_and_comments_are_read_on_their_page(tmp_path: Path) -> None:
    segments = run(_annotated(tmp_path / "annotated.pdf"))
    extras = [
        (s.location.page, s.location.part, s.location.key, s.text)
        for s in segments
        if s.location.page and s.location.part
    ]
    assert extras == [
        (3, "form", "claimant", "Mercier, Chloé"),  # name and value inherited from the parent field
        (3, "form", "injuries", "neck, left wrist"),
        (3, "annotations", None, f"Call back re SSN {SSN}"),
        (5, "annotations", None, "Reviewed, closing"),
    ]
    assert [s.location.page for s in segments if not s.location.part] == [1, 2, 3, 4, 5]


def test_page_tree_is_walked_only_as_far_as_the_last_annotated_page(
    three_pages: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    walked: list[object] = []
    create_pages = PDFPage.create_pages

    def counted(doc: object) -> object:
        for page in create_pages(doc):  # type: ignore[arg-type]
            walked.append(page)
            yield page

    monkeypatch.setattr(PDFPage, "create_pages", counted)
    assert holding(run(three_pages), SSN).location.page == 2
    assert walked == []  # pdfium reads every page; no page of this file has annotations
    annotated = _annotated(tmp_path / "annotated.pdf")
    assert holding(run(annotated), "Reviewed").location.page == 5
    assert len(walked) == 5
    walked.clear()
    plan = PdfPlan(((1, 2), (3, 4)), "")
    blob = Blob(name="annotated.pdf", fs_path=str(annotated))
    assert [s.location.page for s in plan.segments(blob, ExtractContext(), 0) if s.location.page] == [1, 2]
    assert walked == []  # pages 1 and 2 carry nothing for pdfminer
