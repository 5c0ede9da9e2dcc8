"""A file's result as a worker hands it to the parent: pickled as rows of fields
(``FileResult.__reduce__``), and the same result again on the other side."""

from __future__ import annotations

import pickle
import random

import pytest

from scanner.models import FileRef, FileResult, Finding, Location, Status
from scanner.stored import StoredFindings

REF = FileRef("/share/claims/a.pdf", 2048, 1700000000.5, owner="claims", mode=0o640)


def _finding(entity: str, start: int, location: Location, text: str | None) -> Finding:
    return Finding(
        REF.path,
        entity,
        0.85,
        start,
        start + 11,
        location,
        "UsSsnRecognizer",
        "***-**-3391",
        "fp" + entity,
        text,
    )


@pytest.mark.parametrize("protocol", [2, pickle.HIGHEST_PROTOCOL])
def test_findings_cross_as_rows_and_come_back_equal(protocol: int) -> None:
    page = Location(page=2)
    result = FileResult(
        REF,
        Status.OK,
        (_finding("US_SSN", 4, page, "412-67-3391"), _finding("EMAIL_ADDRESS", 30, page, None),
         _finding("PERSON", 0, Location(sheet="Claims", cell="C7"), None)),
        error="page 3 unreadable",
        sha256="a" * 64,
        extractor="pdf",
    )  # fmt: skip
    back = pickle.loads(pickle.dumps(result, protocol=protocol))
    assert back == result
    assert type(back.findings) is tuple
    assert [f.text for f in back.findings] == ["412-67-3391", None, None]  # revealed text kept
    assert back.findings[0].location is back.findings[1].location  # one location object, as sent
    with pytest.raises(AttributeError):
        back.findings[0].score = 1.0  # type: ignore[misc]  # still frozen


def test_a_result_without_findings_and_one_of_stored_rows_cross_unchanged() -> None:
    empty = FileResult(REF, Status.ENCRYPTED, error="password protected")
    assert pickle.loads(pickle.dumps(empty)) == empty
    row = (None, "US_SSN", 0.85, 4, 15, '{"page": 2}', "UsSsnRecognizer", "***-**-3391", "fp", 7)
    stored = FileResult(REF, Status.UNCHANGED, StoredFindings([row], REF.path))
    back = pickle.loads(pickle.dumps(stored))
    assert type(back.findings) is StoredFindings
    assert back == stored
    assert back.findings[0].location == Location(page=2)


def test_location_json_is_the_encoders_for_every_field_and_odd_values() -> None:
    from scanner.models import location_json

    rng = random.Random(7)
    alphabet = 'ab"\\\n\t\u00e9\u4e2d\U0001f600 /!'
    for _ in range(2_000):
        kwargs = {}
        for name in ("page", "line", "slide"):
            if rng.random() < 0.5:
                kwargs[name] = rng.choice([0, 1, 7, 12345, -1])
        for name in ("sheet", "cell", "part", "key"):
            if rng.random() < 0.4:
                kwargs[name] = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 6)))
        location = Location(**kwargs)  # type: ignore[arg-type]
        assert location.as_json() == location_json(location.as_dict()), kwargs
        assert location.as_json() is location.as_json()  # computed once
    # Values of no field's type (a caller's bool or float) are written as the encoder writes them.
    for odd in (Location(line=True), Location(page=2.5, sheet="S"), Location()):  # type: ignore[arg-type]
        assert odd.as_json() == location_json(odd.as_dict())


def test_a_finding_filled_directly_is_the_same_as_one_built_by_init() -> None:
    page = Location(page=4)
    built = Finding(
        REF.path, "NDC_CODE", 0.6, 3, 15, page, "NdcCodeRecognizer", "****-****-11", "fp", "0409-4888-11"
    )
    filled = Finding.of(
        REF.path, "NDC_CODE", 0.6, 3, 15, page, "NdcCodeRecognizer", "****-****-11", "fp", "0409-4888-11"
    )
    assert filled == built and hash(filled) == hash(built)
    assert Finding.of(*built.fields()[:-1]) == Finding(*built.fields()[:-1])  # text left out: None


def test_a_location_moved_to_another_line_keeps_the_rest_and_none_of_its_cached_forms() -> None:
    cell = Location(sheet="Claims", cell="C7", line=2, key="dob")
    assert cell.as_json() == '{"sheet": "Claims", "cell": "C7", "line": 2, "key": "dob"}'
    cell.stored_json()
    moved = cell.on_line(40)
    assert moved == Location(sheet="Claims", cell="C7", line=40, key="dob")
    assert moved.as_json() == '{"sheet": "Claims", "cell": "C7", "line": 40, "key": "dob"}'
    assert moved.stored_json() == '{"cell": "C7", "key": "dob", "line": 40, "sheet": "Claims"}'
    assert cell.line == 2
