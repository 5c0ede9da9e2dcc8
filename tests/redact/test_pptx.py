"""PowerPoint: titles, body text split into runs, tables, speaker notes."""

from __future__ import annotations

from pathlib import Path

from pptx import Presentation
from pptx.util import Inches

from tests.redact.conftest import EMAIL, NAME, PHONE, POLICY, kept_share, leaks, zip_xml


def test_pptx_slides_tables_notes(run, tmp_path: Path) -> None:
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[1])
    slide.shapes.title.text = "Claim review for the water damage file"
    body = slide.placeholders[1].text_frame
    body.text = f"Claimant {NAME}"
    para = body.add_paragraph()
    first, second = para.add_run(), para.add_run()
    first.text, second.text = "SSN 536-22-", "1947"
    second.font.bold = True
    body.add_paragraph().text = "Roof damage after the storm, estimate pending"
    slide.notes_slide.notes_text_frame.text = f"Reach her at {EMAIL}"
    table = slide.shapes.add_table(2, 2, Inches(1), Inches(5), Inches(4), Inches(1)).table
    for (r, c), text in {(0, 0): "Policy No.", (0, 1): "Phone", (1, 0): POLICY, (1, 1): PHONE}.items():
        table.cell(r, c).text = text
    src = tmp_path / "review.pptx"
    prs.save(src)

    result, out = run(src)
    assert result.exit_code == 0, result.files
    raw = zip_xml(out / "review.pptx")
    assert leaks(raw) == [] and "1947" not in raw
    deck = Presentation(str(out / "review.pptx"))
    texts = [s.text_frame.text for s in deck.slides[0].shapes if s.has_text_frame]
    assert texts[0] == "Claim review for the water damage file"
    assert texts[1] == "Claimant <PERSON>\nSSN <US_SSN>\nRoof damage after the storm, estimate pending"
    assert deck.slides[0].notes_slide.notes_text_frame.text == "Reach her at <EMAIL_ADDRESS>"
    original = (
        f"Claim review for the water damage file Claimant {NAME} Roof damage after the storm Policy No. Phone"
    )
    assert kept_share(original, raw) == 1.0
