"""Text-like formats: the value goes, the words around it stay, the file still parses."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from lxml import etree

from tests.redact.conftest import EMAIL, NAME, PHONE, POLICY, SSN, kept_share, leaks

NOTE = f"""Claim notes for the water damage file.
Claimant {NAME} called on Monday about the kitchen ceiling.
Her SSN: {SSN}. Phone {PHONE}.
Policy No.: {POLICY}
Email: {EMAIL}
The adjuster will call Ms. Gonzalez back tomorrow morning.
"""


def test_plain_text_and_markdown(run, tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "note.txt").write_text(NOTE, encoding="utf-8")
    (src / "README.md").write_text("# Claim\n\n" + NOTE.replace("Claimant", "**Claimant**"), encoding="utf-8")
    result, out = run(src)
    assert result.exit_code == 0, result.files
    for name in ("note.txt", "README.md"):
        text = (out / name).read_text(encoding="utf-8")
        assert leaks(text) == []
        assert kept_share(NOTE, text) >= 0.95
        assert "Policy No.:" in text and "kitchen ceiling" in text
    assert "# Claim\n\nClaim notes" in (out / "README.md").read_text() and "**Claimant** <PERSON>" in text
    assert all(f.verified for f in result.files)


def test_legacy_encoding_and_line_endings_survive(run, tmp_path: Path) -> None:
    src = tmp_path / "note.txt"
    src.write_bytes(f"Café visit by {NAME}\r\nSSN: {SSN}\r\n".encode("cp1252"))
    result, out = run(src)
    data = (out / "note.txt").read_bytes()
    assert result.exit_code == 0
    assert "Café".encode("cp1252") in data and b"\r\n" in data
    assert leaks(data.decode("cp1252")) == []


def test_csv_and_tsv_cells_with_header_context(run, tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    rows = [
        ["claimant", "ssn", "amount", "status"],
        [NAME, SSN, "1200.50", "open"],
        ["John Whitaker", "536-22-1948", "300", "closed"],
    ]
    for name, delim in (("claims.csv", ","), ("claims.tsv", "\t")):
        buf = io.StringIO()
        csv.writer(buf, delimiter=delim, lineterminator="\n").writerows(rows)
        (src / name).write_text(buf.getvalue(), encoding="utf-8")
    result, out = run(src)
    assert result.exit_code == 0
    for name, delim in (("claims.csv", ","), ("claims.tsv", "\t")):
        text = (out / name).read_text(encoding="utf-8")
        parsed = list(csv.reader(io.StringIO(text), delimiter=delim))
        assert leaks(text) == []
        assert parsed[0] == rows[0] and [r[2:] for r in parsed[1:]] == [r[2:] for r in rows[1:]]
        assert "536-22-1948" not in text and "Whitaker" not in text


def test_json_keeps_structure_numbers_and_order(run, tmp_path: Path) -> None:
    doc = {
        "loss": {"claimant": NAME, "ssn": SSN, "amount": 1200.50, "items": ["roof", "gutter"]},
        EMAIL: True,
    }
    src = tmp_path / "claim.json"
    src.write_text(json.dumps(doc, indent=2), encoding="utf-8")
    result, out = run(src)
    text = (out / "claim.json").read_text(encoding="utf-8")
    parsed = json.loads(text)
    assert result.exit_code == 0
    assert leaks(text) == []
    assert parsed["loss"]["amount"] == 1200.50 and parsed["loss"]["items"] == ["roof", "gutter"]
    assert list(parsed["loss"]) == ["claimant", "ssn", "amount", "items"]
    assert "\n  " in text  # still pretty-printed


def test_jsonl_each_record(run, tmp_path: Path) -> None:
    lines = [
        json.dumps({"claimant": NAME, "ssn": SSN}),
        "not json but has SSN: 536-22-1947",
        json.dumps({"n": 1}),
    ]
    src = tmp_path / "events.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result, out = run(src)
    text = (out / "events.jsonl").read_text(encoding="utf-8")
    assert result.exit_code == 0 and leaks(text) == []
    out_lines = text.splitlines()
    assert json.loads(out_lines[0]).keys() == {"claimant", "ssn"} and json.loads(out_lines[2]) == {"n": 1}
    assert out_lines[1].startswith("not json but has SSN:")


def test_xml_text_attributes_and_comments(run, tmp_path: Path) -> None:
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<claims>\n'
        f'  <claim id="1" contact="{EMAIL}"><claimant>{NAME}</claimant><ssn>{SSN}</ssn>'
        "<peril>water damage</peril></claim>\n"
        f"  <!-- checked SSN {SSN} -->\n</claims>\n"
    )
    src = tmp_path / "claims.xml"
    src.write_text(xml, encoding="utf-8")
    result, out = run(src)
    data = (out / "claims.xml").read_bytes()
    assert result.exit_code == 0
    root = etree.fromstring(data)
    assert root.find("claim/peril").text == "water damage" and root.find("claim").get("id") == "1"
    assert leaks(data.decode()) == []


def test_html_value_split_by_markup_and_in_attributes(run, tmp_path: Path) -> None:
    page = (
        "<!doctype html><html><head><title>Claim file</title></head><body>\n"
        f"<p>Claimant <b>Maria</b> Gonzalez &amp; family reported a leak.</p>\n"
        f'<p>Contact: <a href="mailto:{EMAIL}">write to the claimant</a></p>\n'
        f"<table><tr><th>SSN</th><th>Status</th></tr><tr><td>{SSN}</td><td>open</td></tr></table>\n"
        f"<!-- internal: {NAME} -->\n</body></html>\n"
    )
    src = tmp_path / "claim.html"
    src.write_text(page, encoding="utf-8")
    result, out = run(src)
    text = (out / "claim.html").read_text(encoding="utf-8")
    assert result.exit_code == 0
    assert leaks(text) == [] and "Maria" not in text
    assert (
        "&amp; family reported a leak." in text
        and "write to the claimant" in text
        and "<td>open</td>" in text
    )


def test_pipe_delimited_register_under_a_title_line(run, tmp_path: Path) -> None:
    """The sniffer gives up on a title line without delimiters; the table below it is still a table."""
    src = tmp_path / "register.csv"
    src.write_text(
        "Health claims detail - second quarter\n"
        "subscriber|member_id|dos|paid\n"
        f"{NAME}|W274691465|03/24/2024|$4,431.00\n"
        "Whitaker, John|W120292942|05/18/2024|$43,878.00\n",
        encoding="utf-8",
    )
    result, out = run(src)
    assert result.exit_code == 0, result.files
    text = (out / "register.csv").read_text(encoding="utf-8")
    assert leaks(text, (NAME, "Whitaker", "W274691465", "W120292942")) == []
    rows = list(csv.reader(io.StringIO(text), delimiter="|"))
    assert rows[1] == ["subscriber", "member_id", "dos", "paid"] and rows[3][2:] == [
        "05/18/2024",
        "$43,878.00",
    ]


def test_html_definition_list_values_take_their_term_as_label(run, tmp_path: Path) -> None:
    src = tmp_path / "claim.html"
    src.write_text(
        "<html><body><h3>Insured</h3><dl>"
        "<dt>Name of insured</dt><dd>BENO\u00ceT CHEVALIER</dd>"  # upper case: NER alone misses it
        "<dt>Loss</dt><dd>Hail damage to the garage roof</dd>"
        "</dl></body></html>",
        encoding="utf-8",
    )
    result, out = run(src)
    assert result.exit_code == 0, result.files
    text = (out / "claim.html").read_text(encoding="utf-8")
    assert "CHEVALIER" not in text and "Hail damage to the garage roof" in text and "Name of insured" in text


def test_semicolon_csv_with_title_and_comma_amounts_keeps_its_columns(run, tmp_path: Path) -> None:
    src = tmp_path / "register.csv"
    body = (
        "Auto claims register\n"
        "\n"
        "DRIVER;PAID TO DATE;SSN;RESERVE\n"
        f"{NAME};$58,995.61;{SSN};$12,121.00\n"
        "John Whitaker;$34,261.00;536-22-1948;$22,785.28\n"
        "Ann Lee;$9,780.00;000-00-0003;$7,815.58\n"
    )
    src.write_text(body, encoding="utf-8")
    result, out = run(src)
    text = (out / "register.csv").read_text(encoding="utf-8")
    assert result.exit_code == 0 and leaks(text) == []
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[2] == ["DRIVER", "PAID TO DATE", "SSN", "RESERVE"]
    assert [r[1] for r in rows[3:]] == ["$58,995.61", "$34,261.00", "$9,780.00"]
    assert "Whitaker" not in text and "536-22-1948" not in text
