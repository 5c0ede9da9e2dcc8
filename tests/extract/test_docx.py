from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml

from scanner.errors import ExtractError

from .helpers import SSN, holding, run

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


@pytest.fixture
def claim_docx(tmp_path: Path) -> Path:
    d = docx.Document()
    d.core_properties.author = "Author Alice Example"
    d.core_properties.keywords = "claim 4711"
    d.add_paragraph("Claim summary")
    d.add_paragraph("")
    p = d.add_paragraph("Insured SSN: ")
    p.add_run("123-").bold = True
    p.add_run("45-").italic = True
    p.add_run("6789")
    table = d.add_table(rows=3, cols=3)
    for cell, text in zip(table.rows[0].cells, ["Name", "Member ID", "Phone"], strict=True):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ["Ann Lee", "MBR-001", "555-0100"], strict=True):
        cell.text = text
    for cell, text in zip(table.rows[2].cells, ["Bob Roe", "MBR-777", "555-0199"], strict=True):
        cell.text = text
    form = d.add_table(rows=2, cols=2)
    form.rows[1].cells[0].text = "Policy No."
    form.rows[1].cells[1].text = "POL-99887766"
    last = d.add_paragraph("Reviewed by the adjuster")
    d.add_comment(last.runs, text="Call back on 555-0142", author="Carol Reviewer", initials="CR")
    deleted = parse_xml(
        f'<w:p {W}><w:del w:id="9" w:author="x" w:date="2024-01-01T00:00:00Z"><w:r>'
        f"<w:delText>Old SSN 987-65-4320</w:delText></w:r></w:del></w:p>"
    )
    d.element.body.insert(len(d.element.body) - 1, deleted)
    section = d.sections[0]
    section.header.paragraphs[0].text = "Confidential: header HDR-1234"
    section.footer.paragraphs[0].text = "Footer FTR-5678"
    path = tmp_path / "claim.docx"
    d.save(path)
    return path


def test_body_paragraph_number_and_split_runs(claim_docx: Path) -> None:
    seg = holding(run(claim_docx), SSN)
    assert seg.text == f"Insured SSN: {SSN}"
    assert (seg.location.part, seg.location.line) == ("body", 3)


def test_table_cell_with_column_header(claim_docx: Path) -> None:
    seg = holding(run(claim_docx), "MBR-777")
    assert (seg.location.part, seg.location.cell) == ("table 1", "B3")
    assert seg.context == ("Member ID", "Bob Roe")


def test_key_value_table_uses_the_label_to_the_left(claim_docx: Path) -> None:
    seg = holding(run(claim_docx), "POL-99887766")
    assert (seg.location.part, seg.location.cell) == ("table 2", "B2")
    assert "Policy No." in seg.context


@pytest.mark.parametrize(
    ("marker", "part"),
    [
        ("HDR-1234", "header"),
        ("FTR-5678", "footer"),
        ("555-0142", "comments"),
        ("Carol Reviewer", "comments"),
        ("Author Alice Example", "properties"),
        ("claim 4711", "properties"),
        ("987-65-4320", "body"),
    ],
)
def test_other_parts(claim_docx: Path, marker: str, part: str) -> None:
    assert holding(run(claim_docx), marker).location.part == part


def test_docx_named_bin_is_sniffed(claim_docx: Path, tmp_path: Path) -> None:
    renamed = tmp_path / "blob.bin"
    renamed.write_bytes(claim_docx.read_bytes())
    assert holding(run(renamed), SSN).location.line == 3


def test_damaged_docx_is_an_error(claim_docx: Path) -> None:
    data = claim_docx.read_bytes()
    with pytest.raises(ExtractError):
        run(data[: len(data) // 2], "cut.docx")
