from __future__ import annotations

import json
from pathlib import Path

from .helpers import SSN, holding, run


def test_json_path_and_context(tmp_path: Path) -> None:
    claims = [{"id": f"C{i}", "insured": {"name": f"P{i}", "ssn": f"000-00-000{i}"}} for i in range(3)]
    claims.append({"id": "C3", "insured": {"name": "Dana", "ssn": SSN}, "phones": ["555-0100", "555-0111"]})
    path = tmp_path / "claims.json"
    path.write_text(json.dumps({"claims": claims, "odd key": {"account no": 12345678901}}, indent=2))
    segments = run(path)
    seg = holding(segments, SSN)
    assert (seg.location.key, seg.context) == ("$.claims[3].insured.ssn", ("ssn", "insured"))
    phone = holding(segments, "555-0111")
    assert (phone.location.key, phone.context) == ("$.claims[3].phones[1]", ("phones", "claims"))
    number = holding(segments, "12345678901")
    assert number.location.key == '$["odd key"]["account no"]'


def test_jsonl_lines(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    lines = [json.dumps({"n": i, "member": {"ssn": "000-00-0000"}}) for i in range(5)]
    lines[3] = json.dumps({"n": 3, "member": {"ssn": SSN}})
    lines.insert(4, "{not json " + "555-0123")
    path.write_text("\n".join(lines) + "\n")
    segments = run(path)
    seg = holding(segments, SSN)
    assert (seg.location.line, seg.location.key, seg.context) == (4, "$.member.ssn", ("ssn", "member"))
    assert holding(segments, "555-0123").location.line == 5


def test_ndjson_sniffed_without_extension(tmp_path: Path) -> None:
    path = tmp_path / "export"
    path.write_text('{"a": "x"}\n{"ssn": "' + SSN + '"}\n')
    assert holding(run(path), SSN).location.line == 2


def test_invalid_json_is_scanned_as_text(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"ssn": "' + SSN + '",\n  "oops": }\n')
    seg = holding(run(path), SSN)
    assert seg.location.line == 1


def test_nesting_too_deep_to_parse_falls_back_to_text(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 50_000 + f'"{SSN}"' + "]" * 50_000)
    seg = holding(run(path), SSN)
    assert (seg.location.line, seg.location.key) == (1, None)
