"""Values inside JSON object keys: found by the scan, removed by the writer (issue #5)."""

from __future__ import annotations

import json
from pathlib import Path

from scanner.detect import Detector
from scanner.extract import extract
from scanner.extract.base import Blob, ExtractContext

from .conftest import NAME, leaks

# Synthetic values in the shapes the recognizers accept.
CLAIM = "CLM-2024-123456"
DERIVED = "ND550-59371"
POLICY_A = "POL-2020-553891"
POLICY_B = "POL-2021-774102"
WITNESS = "Jane Roe"

DOC = {
    "documentType": f"Claim notes - {CLAIM}",
    # A key derived from the title, as exports write them.
    "claimNotesClm2024123456": {
        "claimNumber": "see title",
        "policyHolderName": "on file",
        "peril": "water damage",
    },
    "claimants": {NAME: {"role": "insured"}, WITNESS: {"role": "witness"}},
    "policies": {POLICY_A: {"status": "lapsed"}, POLICY_B: {"status": "active"}},
    "related": {"summary": f"Claim notes - {DERIVED}", "claim_notes_nd550_59371": ["roof", "gutter"]},
}
# The values and the ways a key writes them.
VALUES = (
    CLAIM,
    "Clm2024123456",
    "2024123456",
    NAME,
    "Gonzalez",
    WITNESS,
    "Roe",
    "553891",
    "774102",
    DERIVED,
    "nd550",
    "59371",
)


def _write(tmp_path: Path) -> Path:
    src = tmp_path / "in" / "fnol.json"
    src.parent.mkdir()
    src.write_text(json.dumps(DOC, indent=2), encoding="utf-8")
    return src


def test_scan_reports_values_in_keys(detector: Detector, tmp_path: Path) -> None:
    src = _write(tmp_path)
    segments = list(extract(Blob(name=src.name, fs_path=str(src)), ExtractContext()))
    found = {
        (seg.location.key, r.entity_type)
        for seg, results in zip(segments, detector.analyze(segments), strict=True)
        for r in results
        if seg.location.key and seg.location.key.endswith("}")
    }
    assert found == {
        ("${key 2}", "CLAIM_NUMBER"),
        ("$.claimants{key 1}", "PERSON"),
        ("$.claimants{key 2}", "PERSON"),
        ("$.policies{key 1}", "POLICY_NUMBER"),
        ("$.policies{key 2}", "POLICY_NUMBER"),
        ("$.related{key 2}", "CLAIM_NUMBER"),
    }


def test_redacted_keys_leave_no_value(run, tmp_path: Path) -> None:
    src = _write(tmp_path)
    result, out = run(src.parent)
    assert result.exit_code == 0, [(f.status, f.reason) for f in result.files]
    raw = (out / "fnol.json").read_bytes()
    text = raw.decode("utf-8")
    assert leaks(text, VALUES) == []
    parsed = json.loads(text)
    # Other keys and values are unchanged, in order.
    assert list(parsed) == ["documentType", "claimNotes<CLAIM_NUMBER>", "claimants", "policies", "related"]
    assert parsed["claimNotes<CLAIM_NUMBER>"] == DOC["claimNotesClm2024123456"]
    assert parsed["documentType"] == "Claim notes - <CLAIM_NUMBER>"
    # Keys the redaction made equal are told apart; what they hold is kept.
    assert parsed["claimants"] == {"<PERSON>": {"role": "insured"}, "<PERSON>#2": {"role": "witness"}}
    assert list(parsed["policies"].values()) == [{"status": "lapsed"}, {"status": "active"}]
    assert len(set(parsed["policies"])) == 2
    assert parsed["related"] == {
        "summary": "Claim notes - <CLAIM_NUMBER>",
        "claim_notes_<CLAIM_NUMBER>": ["roof", "gutter"],
    }


def test_original_duplicate_keys_are_kept(run, tmp_path: Path) -> None:
    src = tmp_path / "in" / "dup.json"
    src.parent.mkdir()
    src.write_text('{"note": "a", "note": "b", "Jane Roe": 1, "John Doe": 2}\n', encoding="utf-8")
    result, out = run(src.parent)
    assert result.exit_code == 0
    text = (out / "dup.json").read_text(encoding="utf-8")
    assert text == '{"note": "a", "note": "b", "<PERSON>": 1, "<PERSON>#2": 2}\n'


def test_xml_element_and_attribute_names(run, tmp_path: Path) -> None:
    src = tmp_path / "in" / "register.xml"
    src.parent.mkdir()
    src.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<claims><title>Claim notes - {CLAIM}</title><claimNumber>see title</claimNumber>"
        f'<claimNotesClm2024123456 status="open" JaneRoe="witness" JohnDoe="insured"/></claims>\n',
        encoding="utf-8",
    )
    result, out = run(src.parent)
    assert result.exit_code == 0, [(f.status, f.reason) for f in result.files]
    text = (out / "register.xml").read_text(encoding="utf-8")
    assert leaks(text, (*VALUES, "JaneRoe", "JohnDoe", "Doe")) == []
    assert "<claimNumber>see title</claimNumber>" in text
    assert '<claimNotes_CLAIM_NUMBER_ status="open" _PERSON_="witness" _PERSON__2="insured"/>' in text
