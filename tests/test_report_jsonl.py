"""The jsonl renderer writes exactly what json.dumps would, for stored and fresh findings."""

from __future__ import annotations

import io
import json

import pytest

from scanner.models import Finding, Location
from scanner.report import ReportData, render
from scanner.stored import FindingList, StoredFindings, stored_location_json

FINDINGS = [
    Finding("claims/a.txt", "US_SSN", 0.8512, 3, 14, Location(line=2), "UsSsnRecognizer", "***-**-3391", "fp1"),
    Finding(
        'dir "quoted"\\Zoë.xlsx!sheet\t1', "PERSON", 1.0, 0, 8, Location(sheet="Über", cell="B7"),
        "ColumnHeaderClassifier", "Z** M\u00fcller", "fp2", text="Zoë Müller",
    ),
    Finding.of("x.json", "CLAIM_NUMBER", 0.3, 0, 16, Location(key="${value 2}.id"), "R", "C***", "fp3"),
]  # fmt: skip


@pytest.mark.parametrize("reveal", [False, True])
def test_jsonl_matches_json_dumps(reveal: bool) -> None:
    out = io.StringIO()
    render("jsonl", ReportData(findings=FINDINGS), out, reveal)
    expected = "".join(json.dumps(f.as_dict(reveal), ensure_ascii=False) + "\n" for f in FINDINGS)
    assert out.getvalue() == expected
    assert [json.loads(line)["path"] for line in out.getvalue().splitlines()] == [f.path for f in FINDINGS]


def test_stored_finding_equals_a_built_one_and_stays_frozen() -> None:
    built = Finding("p", "E", 0.5, 1, 2, Location(page=1), "r", "m", "f")
    stored = Finding.of("p", "E", 0.5, 1, 2, Location(page=1), "r", "m", "f")
    assert stored == built and hash(stored) == hash(built) and stored.text is None
    with pytest.raises(AttributeError):
        stored.path = "q"  # type: ignore[misc]


@pytest.mark.parametrize(
    "location",
    [
        Location(line=2),
        Location(sheet="Über", cell="B7"),  # two keys, stored sorted, non-ASCII escaped
        Location(page=3, part="attachment 1"),  # stored order differs from the field order
        Location(key='$.notes["a": b]'),  # one key whose value holds the separator
        Location(key="${value 2}.id"),
        Location(key="insured", line=38),  # several keys, nothing escaped: reordered as stored
        Location(key='$.notes["a": b]', line=4),  # a value holding the pair separator
        Location(key="x, y", line=-1),
        Location(cell="B7", part="attachment 1", slide=2),
        Location(key='say "hi"', line=5),  # escaped quotes: read as JSON
    ],
)
def test_stored_location_json_is_the_location_json(location: Location) -> None:
    # As the inventory stores it: sorted keys, ASCII only.
    stored = json.dumps(location.as_dict(), sort_keys=True)
    assert location.stored_json() == stored
    assert stored_location_json(stored) == location.as_json()


def test_stored_rows_render_like_their_findings() -> None:
    rows = [
        ("p/a.txt", "US_SSN", 0.8512, 3, 14, json.dumps({"line": 2}), "UsSsnRecognizer", "***-**-3391", "fp1", 1),
        ("p/b.xlsx", "PERSON", 1.0, 0, 8, json.dumps({"sheet": "Über", "cell": "B7"}, sort_keys=True),
         "ColumnHeaderClassifier", "Z** M\u00fcller", "fp2", 2),
    ]  # fmt: skip
    stored = StoredFindings(rows)
    fresh = list(stored)  # the Finding each row stands for
    out_stored, out_fresh = io.StringIO(), io.StringIO()
    render("jsonl", ReportData(findings=FindingList([stored])), out_stored, False)
    render("jsonl", ReportData(findings=fresh), out_fresh, False)
    assert out_stored.getvalue() == out_fresh.getvalue()
    assert out_stored.getvalue().count("\n") == 2
