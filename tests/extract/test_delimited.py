from __future__ import annotations

from pathlib import Path

import pytest

from scanner.errors import UnsupportedFormatError

from .helpers import SSN, holding, run


@pytest.mark.parametrize(
    ("name", "delimiter"),
    [("people.csv", ","), ("people.csv", ";"), ("people.tsv", "\t"), ("people.csv", "|")],
)
def test_cell_gets_line_and_header(tmp_path: Path, name: str, delimiter: str) -> None:
    rows = [["Name", "SSN", "City"], ["Ann Lee", "000-00-0001", "Austin"], [], ["Bob Roe", SSN, "Boston"]]
    path = tmp_path / name
    path.write_text("\n".join(delimiter.join(row) for row in rows) + "\n")
    segments = run(path)
    seg = holding(segments, SSN)
    assert (seg.location.line, seg.location.key, seg.context) == (4, "SSN", ("SSN",))
    header = holding(segments, "City")
    assert (header.location.line, header.context) == (1, ())


def test_quoted_multiline_cell_keeps_later_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "notes.csv"
    path.write_text(f'id,note\n1,"first line\nsecond line"\n2,"call {SSN}"\n')
    seg = holding(run(path), SSN)
    assert seg.location.line == 4
    assert holding(run(path), "second line").location.line == 2


def test_windows_1252_csv(tmp_path: Path) -> None:
    path = tmp_path / "legacy.csv"
    path.write_bytes(f"Nom;Numéro\r\nFrançois Müller;{SSN}\r\n".encode("cp1252"))
    segments = run(path)
    assert holding(segments, "François Müller").location.key == "Nom"
    assert holding(segments, SSN).context == ("Numéro",)


def test_binary_named_csv_is_unsupported(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_bytes(bytes(range(256)) * 10)
    with pytest.raises(UnsupportedFormatError):
        run(path)


def test_semicolon_register_with_title_rows_and_comma_amounts(tmp_path: Path) -> None:
    # Every line also holds two commas ($58,995.61): the sniffer alone splits on them.
    path = tmp_path / "register.csv"
    path.write_text(
        "Auto claims register - Harborview Casualty\n"
        '"Run date 06/21/2024; period 07/13/2023 to 06/07/2024. Confidential."\n'
        "\n"
        "DRIVER;PAID TO DATE;DOB;RESERVE;NOTE\n"
        'Alejandro Martinez;$58,995.61;08/08/1991;$12,121.00;"rear-ended; see file"\n'
        f"Kavya Desai;$34,261.00;{SSN};$22,785.28;none\n"
        "Piotr Mazur;$9,780.00;02/27/1962;$7,815.58;none\n"
        "Lina Chen;$15,105.00;09/25/2001;$45,791.37;none\n"
    )
    segments = run(path)
    name = holding(segments, "Alejandro")
    assert (name.text, name.location.line, name.context) == ("Alejandro Martinez", 5, ("DRIVER",))
    assert holding(segments, "58,995").text == "$58,995.61"
    assert holding(segments, "58,995").context == ("PAID TO DATE",)
    assert holding(segments, SSN).context == ("DOB",)
    assert holding(segments, "rear-ended").text == "rear-ended; see file"
    assert holding(segments, "PAID TO DATE").context == ()


def test_comma_csv_with_semicolons_in_cells_stays_comma(tmp_path: Path) -> None:
    path = tmp_path / "claims.csv"
    path.write_text(
        "Claimant,SSN,Note\n"
        f"Ann Lee,{SSN},called twice; no answer\n"
        '"Roe, Bob",000-00-0002,"left voicemail; will retry; urgent"\n'
        "Cy Doe,000-00-0003,ok\n"
    )
    segments = run(path)
    assert holding(segments, SSN).context == ("SSN",)
    assert holding(segments, "Roe, Bob").context == ("Claimant",)
    assert holding(segments, "voicemail").text == "left voicemail; will retry; urgent"
