"""Excel: cells (text, numbers, dates), comments, sheet names, properties."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
from openpyxl.comments import Comment

from tests.redact.conftest import NAME, PHONE, leaks, zip_xml


def test_xlsx_cells_comments_sheet_names_properties(run, tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Claims"
    ws.append(["Claimant", "SSN", "DOB", "Amount", "Status"])
    ws.append([NAME, 536221947, dt.date(1972, 3, 14), 1200.5, "open"])
    ws.append(["John Whitaker", "536-22-1948", dt.date(1980, 7, 1), 300, "closed"])
    ws["E2"].comment = Comment(f"Call {NAME} at {PHONE}", "Adjuster")
    notes = wb.create_sheet(NAME)
    notes["A1"] = "Notes"
    notes["A2"] = "Roof damage, estimate pending"
    wb.properties.creator = NAME
    src = tmp_path / "claims.xlsx"
    wb.save(src)

    result, out = run(src)
    assert result.exit_code == 0, result.files
    raw = zip_xml(out / "claims.xlsx")
    assert leaks(raw) == [] and "Whitaker" not in raw and "536-22-1948" not in raw
    wb2 = openpyxl.load_workbook(out / "claims.xlsx")
    sheet = wb2["Claims"]
    assert [c.value for c in sheet[1]] == ["Claimant", "SSN", "DOB", "Amount", "Status"]
    assert sheet["D2"].value == 1200.5 and sheet["E3"].value == "closed"  # numbers keep their type
    assert sheet["B2"].value == "<US_SSN>" and sheet["C2"].value == "<DATE_OF_BIRTH>"
    assert "<PERSON>" in sheet["E2"].comment.text and NAME not in wb2.sheetnames
    assert wb2.worksheets[1]["A2"].value == "Roof damage, estimate pending"
    assert wb2.properties.creator == "<PERSON>"


def test_short_codes_that_look_like_cell_addresses(run, tmp_path: Path) -> None:
    """ICD-10 I10 removed from a cell is not "still readable" in the address r="I10" or in SUM(H2:H11)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Claimant", "B", "C", "D", "E", "F", "G", "Paid", "ICD-10"])
    for n in range(2, 12):
        ws.append([f"Row {n}", "", "", "", "", "", "", 100 * n, "I10"])
    ws["H12"] = "=SUM(H2:H11)"
    src = tmp_path / "codes.xlsx"
    wb.save(src)
    result, out = run(src)
    assert result.exit_code == 0, result.files
    sheet = openpyxl.load_workbook(out / "codes.xlsx").active
    assert sheet["I10"].value == "<ICD10_CODE>" and sheet["H12"].value == "=SUM(H2:H11)"


def test_loss_dates_beside_birth_dates_are_kept_and_the_copy_written(run, tmp_path: Path) -> None:
    """Register whose "Date of Birth" column follows "Loss Date": only the birth dates go,
    and the check agrees (it once found one more "birth date" per attempt and refused)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Claims"
    ws["A1"] = "Auto claims register - second quarter"
    ws["A2"] = "Run date 06/22/2024; period 04/22/2024 to 06/26/2024. Confidential."
    ws.append(["Claimant Name", "Claim Ref", "Status", "Outstanding", "Loss Date", "Date of Birth", "Paid"])
    rows = [
        ("Olivia Lindqvist", "WC2024-72811", "Open", "$11,225.00", "02/05/2024", "05/27/1996", "$58,209.00"),
        ("Vikram Saini", "WC2024-06199", "Reopened", "$10,436.00", "04/12/2023", "01/26/1956", "$59,053.03"),
        ("Tomasz Nowicki", "WC2024-25577", "Closed", "$43,133.00", "11/26/2023", "02/21/1976", "$52,501.01"),
    ]
    for row in rows:
        ws.append(list(row))
    src = tmp_path / "register.xlsx"
    wb.save(src)
    result, out = run(src)
    assert result.exit_code == 0, [(f.status, f.reason) for f in result.files]
    sheet = openpyxl.load_workbook(out / "register.xlsx")["Claims"]
    assert [sheet.cell(r, 5).value for r in (4, 5, 6)] == ["02/05/2024", "04/12/2023", "11/26/2023"]
    assert [sheet.cell(r, 6).value for r in (4, 5, 6)] == ["<DATE_OF_BIRTH>"] * 3
    raw = zip_xml(out / "register.xlsx")
    assert leaks(raw, [r[0] for r in rows] + ["05/27/1996", "01/26/1956", "02/21/1976"]) == []
