from __future__ import annotations

from pathlib import Path

import pytest
from pptx import Presentation
from pptx.util import Inches

from .helpers import SSN, holding, run


@pytest.fixture(scope="module")
def deck(tmp_path_factory: pytest.TempPathFactory) -> Path:
    prs = Presentation()
    prs.core_properties.author = "Presenter Pat Example"
    layout = prs.slide_layouts[5]  # title only
    first = prs.slides.add_slide(layout)
    first.shapes.title.text = "Quarterly review"
    second = prs.slides.add_slide(layout)
    second.shapes.title.text = "Large losses"
    rows = second.shapes.add_table(3, 2, Inches(1), Inches(2), Inches(6), Inches(2)).table
    for (r, c), text in {
        (0, 0): "Claimant",
        (0, 1): "Claim no",
        (1, 0): "Ann Lee",
        (1, 1): "CLM-2024-0042",
    }.items():
        rows.cell(r, c).text = text
    third = prs.slides.add_slide(layout)
    third.shapes.title.text = "Escalation"
    group = third.shapes.add_group_shape()
    box = group.shapes.add_textbox(Inches(1), Inches(2), Inches(5), Inches(1))
    box.text_frame.text = f"Caller gave SSN {SSN}"
    third.notes_slide.notes_text_frame.text = "Do not share: member MBR-4455"
    path = tmp_path_factory.mktemp("pptx") / "review.pptx"
    prs.save(path)
    return path


def test_grouped_shape_text_on_slide_3(deck: Path) -> None:
    seg = holding(run(deck), SSN)
    assert (seg.location.slide, seg.location.part) == (3, None)


def test_speaker_notes(deck: Path) -> None:
    seg = holding(run(deck), "MBR-4455")
    assert (seg.location.slide, seg.location.part) == (3, "notes")


def test_table_cell_with_header(deck: Path) -> None:
    seg = holding(run(deck), "CLM-2024-0042")
    assert (seg.location.slide, seg.location.part, seg.location.cell) == (2, "table 1", "B2")
    assert seg.context == ("Claim no", "Ann Lee")


def test_properties(deck: Path) -> None:
    assert holding(run(deck), "Presenter Pat").location.part == "properties"
