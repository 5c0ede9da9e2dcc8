from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from extract_msg.ole_writer import OleWriter
from openpyxl import Workbook
from openpyxl.comments import Comment

from scanner.errors import EncryptedFileError, ExtractError

from .helpers import SSN, holding, run


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Summary"
    ws["A1"] = "Quarterly claims report"
    claims = wb.create_sheet("Claims")
    claims.append(["Claim", "Insured", "SSN", "Date of loss", "Amount"])
    for i in range(2, 7):
        claims.append([f"CLM-{i:04d}", f"Person {i}", f"000-00-000{i}", dt.date(2024, 3, i), 100.5 * i])
    claims["C7"] = SSN
    claims["B7"] = "Dana Example"
    claims["D7"] = dt.datetime(1980, 4, 5)
    claims["E7"] = 123456789.0
    claims["C7"].comment = Comment("Verified with caller 555-0177", "Eve Auditor")
    form = wb.create_sheet("Form")
    form["B2"] = "Policy number:"
    form["C2"] = "POL-55443322"
    form["B3"] = "Member ID"
    form["C3"] = 44556677
    path = tmp_path_factory.mktemp("xlsx") / "claims.xlsx"
    wb.save(path)
    return path


def test_cell_sheet_and_header_context(workbook: Path) -> None:
    seg = holding(run(workbook), SSN)
    assert (seg.location.sheet, seg.location.cell) == ("Claims", "C7")
    assert seg.context == ("SSN", "Dana Example")


def test_dates_are_iso_and_whole_numbers_have_no_decimals(workbook: Path) -> None:
    segments = run(workbook)
    assert holding(segments, "1980-04-05").location.cell == "D7"
    assert holding(segments, "123456789").text == "123456789"
    assert holding(segments, "2024-03-02").context == ("Date of loss",)


def test_key_value_form_label_to_the_left(workbook: Path) -> None:
    segments = run(workbook)
    policy = holding(segments, "POL-55443322")
    assert (policy.location.sheet, policy.location.cell) == ("Form", "C2")
    assert "Policy number:" in policy.context
    member = holding(segments, "44556677")
    assert member.context == ("POL-55443322", "Member ID")


def test_cell_comments(workbook: Path) -> None:
    segments = run(workbook)
    comment = holding(segments, "555-0177")
    assert (comment.location.sheet, comment.location.cell, comment.location.part) == (
        "Claims",
        "C7",
        "comment",
    )
    assert holding(segments, "Eve Auditor").location.key == "author"


def test_xlsx_named_dat_is_sniffed(workbook: Path, tmp_path: Path) -> None:
    renamed = tmp_path / "export.dat"
    renamed.write_bytes(workbook.read_bytes())
    assert holding(run(renamed), SSN).location.cell == "C7"


def _ole(streams: dict[str, bytes]) -> bytes:
    writer = OleWriter()
    for name, data in streams.items():
        writer.addEntry([name], data)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_password_protected_office_file_is_encrypted() -> None:
    data = _ole({"EncryptionInfo": b"\x04\x00\x04\x00" + b"\x00" * 200, "EncryptedPackage": b"\x00" * 5000})
    for name in ("locked.xlsx", "locked.docx", "locked.bin"):
        with pytest.raises(EncryptedFileError):
            run(data, name)


def test_damaged_workbook_is_an_error(workbook: Path) -> None:
    data = workbook.read_bytes()
    with pytest.raises(ExtractError):
        run(data[: len(data) - 300], "cut.xlsx")


def test_title_row_above_header_row_is_not_the_first_column_header(tmp_path: Path) -> None:
    # "ICD-10" is no label, so the header row is not all captions; it is still the header.
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "Claims register — Q3 2024"
    ws["A2"] = "Run date 10/01/2024"
    ws.append(["Claimant", "SSN", "ICD-10", "Amount"])
    ws.append(["Dana Example", SSN, "M25.561", 1200.5])
    path = tmp_path / "register.xlsx"
    wb.save(path)
    segments = run(path)
    assert holding(segments, "Dana Example").context == ("Claimant",)
    assert holding(segments, SSN).context == ("SSN", "Dana Example")
    assert holding(segments, "M25.561").context == ("ICD-10",)
    assert holding(segments, "Claimant").context == ()


def test_header_in_first_row_and_one_column_sheets_are_unchanged(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    for row in (["Claimant"], ["Dana Example"], ["Ann Lee"]):
        ws.append(row)
    table = wb.create_sheet("Table")
    table.append(["Claimant", "ICD-10", "Status"])
    table.append(["Ann Lee", "M25.561", "Open"])
    table.append(["Bob Roe", "J45.909", "Closed Pending Review"])
    path = tmp_path / "plain.xlsx"
    wb.save(path)
    segments = run(path)
    assert holding(segments, "Dana Example").context == ("Claimant",)
    assert holding(segments, "Bob Roe").context == ("Claimant",)
    assert holding(segments, "J45.909").context == ("ICD-10", "Bob Roe")


def test_header_row_captions_have_no_label_to_their_left(tmp_path: Path) -> None:
    """A caption is not the value of the caption beside it: "Date of Birth" with context
    "Loss Date" would be joined with the loss dates in detection and label the first one."""
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "Auto claims register"
    ws.append(["Claimant Name", "Loss Date", "Date of Birth", "Paid"])
    ws.append(["Dana Example", "02/05/2024", "05/27/1996", "$58,209.00"])
    path = tmp_path / "register.xlsx"
    wb.save(path)
    segments = run(path)
    assert holding(segments, "Date of Birth").context == ()
    assert holding(segments, "Loss Date").context == ()
    assert holding(segments, "02/05/2024").context[0] == "Loss Date"
    assert holding(segments, "05/27/1996").context[0] == "Date of Birth"
