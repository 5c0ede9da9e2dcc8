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


# Synthetic values in the shapes the recognizers accept.
CLAIM = "CLM-2024-123456"
POLICY = "POL-2020-553891"


def test_keys_that_may_hold_data_are_segments(tmp_path: Path) -> None:
    doc = {
        "documentType": f"Claim notes - {CLAIM}",
        "claimNotesClm2024123456": {"claimNumber": "see title", "policyHolderName": "see schedule"},
        "insureds": {"Jane Roe": {"role": "driver"}, POLICY: {"status": "lapsed"}},
        "claim_notes_nd550_59371": ["water"],
    }
    path = tmp_path / "fnol.json"
    path.write_text(json.dumps(doc, indent=2))
    segments = run(path)
    keys = {s.text: s for s in segments if s.location.key and s.location.key.endswith("}")}
    # Identifier keys are read with their words apart; other keys as written.
    assert set(keys) == {"claim Notes Clm2024123456", "Jane Roe", POLICY, "claim notes nd550 59371"}
    assert keys["claim Notes Clm2024123456"].location.key == "${key 2}"
    assert keys["Jane Roe"].location.key == "$.insureds{key 1}"
    assert keys[POLICY].location.key == "$.insureds{key 2}"
    # The key is the value found: it is not repeated in its own location, and has no context.
    assert all(POLICY not in (s.location.key or "") for s in keys.values())
    assert all(s.context == () for s in keys.values())
    # Field names are not data.
    assert not any(s.text in ("claimNumber", "claim Number", "policy Holder Name") for s in segments)


def test_each_key_is_read_once_per_file(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    path.write_text("\n".join(json.dumps({POLICY: {"n": i}, "Status": "open"}) for i in range(4)) + "\n")
    segments = run(path)
    assert [(s.text, s.location.line) for s in segments if s.location.key == "${key 1}"] == [(POLICY, 1)]
    assert [s.location.line for s in segments if s.text == "Status"] == [1]


def test_keys_that_look_like_values_stay_out_of_locations(tmp_path: Path) -> None:
    # Locations go to the inventory and the reports: a key holding a name or an ID must not.
    doc = {
        "Jane Roe": {"role": "claimant", "ssn": SSN},
        "POL-2020-553891": {"status": "active"},
        "Policy Number": "see above",
    }
    path = tmp_path / "by_key.json"
    path.write_text(json.dumps(doc))
    segments = run(path)
    keys = [seg.location.key or "" for seg in segments]
    assert not any("Jane" in k or "Roe" in k or "553891" in k for k in keys)
    assert holding(segments, SSN).location.key == "${value 1}.ssn"
    assert holding(segments, "see above").location.key == '$["Policy Number"]'


def test_key_judgement_is_the_same_for_long_keys_and_for_repeated_ones(tmp_path: Path) -> None:
    # Short keys are remembered between files, long ones are judged afresh: both the same way.
    long_id = "claim reference " + "x" * 80 + " 2024123456"
    long_name = "Maximiliana-Bartholomea Featherstonehaugh-Cholmondeley-Roe Ashworth-Montgomery-Vanderbilt"
    long_field = "the " + "policy " * 20 + "summary"
    doc = {long_id: {"a": "1"}, long_name: {"b": "2"}, long_field: {"c": "3"}, "Jane Roe": {"d": "4"}}
    path = tmp_path / "long_keys.json"
    path.write_text(json.dumps(doc))
    assert len(long_id) > 80 and len(long_name) > 80
    for _ in range(2):
        keys = [seg.location.key or "" for seg in run(path)]
        assert {"${value 1}.a", "${value 2}.b", "${value 4}.d"} <= set(keys)
        assert not any("2024123456" in k or "Roe" in k for k in keys)
        assert f"$[{json.dumps(long_field)}].c" in keys
