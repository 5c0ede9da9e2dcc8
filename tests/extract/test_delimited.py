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
