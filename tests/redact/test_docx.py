"""Word: runs split by formatting, tables, headers, footers, comments, core properties."""

from __future__ import annotations

from pathlib import Path

import docx

from tests.redact.conftest import EMAIL, NAME, PHONE, POLICY, SSN, kept_share, leaks, zip_xml


def _document(path: Path) -> str:
    d = docx.Document()
    p = d.add_paragraph("Claimant: ")
    p.add_run("Maria ").bold = True
    p.add_run("Gonzalez")
    p.add_run(" reported water damage at the insured property.")
    p2 = d.add_paragraph("Her SSN ")
    p2.add_run("536-22-")
    p2.add_run("1947").italic = True
    p2.add_run(" was verified by the adjuster.")
    table = d.add_table(rows=3, cols=2)
    for (r, c), text in {(0, 0): "Field", (0, 1): "Value", (1, 0): "Policy No.:", (1, 1): POLICY,
                         (2, 0): "Email", (2, 1): EMAIL}.items():  # fmt: skip
        table.cell(r, c).text = text
    section = d.sections[0]
    section.header.paragraphs[0].text = f"Confidential claim file for {NAME}"
    section.footer.paragraphs[0].text = f"Phone on file {PHONE}"
    d.add_comment(
        p.runs[1], text=f"Check SSN {SSN} with the insured", author="Claims Reviewer", initials="CR"
    )
    d.core_properties.author = NAME
    d.core_properties.title = f"Water damage claim for {NAME}"
    d.save(path)
    return (
        f"Claimant: {NAME} reported water damage at the insured property. Her SSN {SSN} was verified by the "
        f"adjuster. Field Value Policy No.: {POLICY} Email {EMAIL} Confidential claim file for {NAME} "
        f"Phone on file {PHONE} Check SSN {SSN} with the insured Water damage claim for {NAME}"
    )


def test_docx_everywhere_values_hide(run, tmp_path: Path) -> None:
    src = tmp_path / "claim.docx"
    original = _document(src)
    result, out = run(src)
    assert result.exit_code == 0, result.files
    raw = zip_xml(out / "claim.docx")
    assert leaks(raw) == []
    assert "Maria" not in raw and "1947" not in raw
    # The file opens, and the words around the values are still there.
    d = docx.Document(str(out / "claim.docx"))
    body = "\n".join(p.text for p in d.paragraphs)
    assert "reported water damage at the insured property." in body
    assert "was verified by the adjuster." in body
    assert d.tables[0].cell(1, 0).text == "Policy No.:" and d.tables[0].cell(1, 1).text == "<POLICY_NUMBER>"
    assert d.sections[0].header.paragraphs[0].text == "Confidential claim file for <PERSON>"
    assert d.core_properties.author == "<PERSON>"
    text = body + " " + raw
    assert kept_share(original, text) >= 0.95
    assert result.files[0].counts["US_SSN"] == 2
