"""The scan loop end to end in this process: findings and their locations,
incremental re-scans, interrupted scans, and files that misbehave."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import scanner.extract as extract_mod
from scanner.config import Config, Limits
from scanner.detect import Detector
from scanner.extract.base import Blob, ExtractContext
from scanner.inventory import Inventory
from scanner.models import FileResult, Segment, Status
from scanner.pipeline import ScanStats, scan

SSN = "412-67-3391"
SSN2 = "523-71-4410"
EMAIL = "maria.gonzalez@example.org"


def _by_name(results: list[FileResult]) -> dict[str, FileResult]:
    return {Path(r.file.path).name: r for r in results}


def test_findings_carry_line_and_offsets_within_the_line(small_share: Path, tmp_path: Path) -> None:
    root = small_share
    results = _by_name(list(scan([root], Config())))
    note = results["note.txt"]
    assert note.status == Status.OK
    ssn = [f for f in note.findings if f.entity_type == "US_SSN"]
    assert len(ssn) == 1
    line = f"The insured's SSN: {SSN} was verified."
    assert ssn[0].location.line == 3
    assert (ssn[0].start, ssn[0].end) == (line.index(SSN), line.index(SSN) + len(SSN))
    assert ssn[0].masked == "***-**-3391"
    assert ssn[0].text is None  # not revealed
    assert results["brochure.txt"].findings == ()
    assert note.sha256 and len(note.sha256) == 64


def test_reveal_fills_text(small_share: Path, tmp_path: Path) -> None:
    root = small_share
    results = _by_name(list(scan([root], Config(), reveal=True)))
    assert {f.text for f in results["note.txt"].findings if f.entity_type == "US_SSN"} == {SSN}


def test_incremental_rescan(small_share: Path, tmp_path: Path) -> None:
    root = small_share
    db = str(tmp_path / "inv.db")
    with Inventory(db) as inv:
        first = list(scan([root], Config(), inventory=inv))
        assert {r.status for r in first} == {Status.OK}

        stats = ScanStats()
        second = list(scan([root], Config(), inventory=inv, stats=stats))
        assert stats.by_status == {"unchanged": 3}
        # unchanged files still report what they hold
        assert sum(len(r.findings) for r in second) == sum(len(r.findings) for r in first)

        note = root / "claims" / "note.txt"
        note.write_text(f"Claim note\nSSN {SSN2} replaces the old one.\n")
        os.utime(note, (time.time() + 5, time.time() + 5))
        (root / "claims" / "contact.txt").unlink()
        stats = ScanStats()
        third = _by_name(list(scan([root], Config(), inventory=inv, stats=stats, reveal=True)))
        assert third["note.txt"].status == Status.OK
        assert {f.text for f in third["note.txt"].findings} == {SSN2}
        assert third["brochure.txt"].status == Status.UNCHANGED
        assert [Path(p).name for p in stats.removed] == ["contact.txt"]
        stored = list(inv.iter_findings())
        assert {f.path for f in stored} == {str(note)}
        assert len(stored) == 1

        stats = ScanStats()
        list(scan([root], Config(), inventory=inv, stats=stats, full=True))
        assert stats.by_status == {"ok": 2}


def test_rescan_reads_stored_findings_in_batches_and_keeps_walk_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Unchanged files are answered from the inventory a batch at a time; a changed file
    # between them must neither reorder the output nor take another file's findings.
    import scanner.pipeline as pipeline

    monkeypatch.setattr(pipeline, "UNCHANGED_BATCH", 2)
    root = tmp_path / "share"
    root.mkdir()
    for i in range(7):
        body = f"Case {i}\nSSN {SSN}\n" if i % 2 else f"Case {i}: write to {EMAIL}.\n"
        (root / f"f{i}.txt").write_text(body)
    with Inventory(str(tmp_path / "inv.db")) as inv:
        first = list(scan([root], Config(), inventory=inv))
        changed = root / "f3.txt"
        changed.write_text(f"Case 3\nSSN {SSN2} and {EMAIL}\n")
        os.utime(changed, (time.time() + 5, time.time() + 5))
        second = list(scan([root], Config(), inventory=inv, reveal=True))
    assert [r.file.path for r in second] == [r.file.path for r in first]
    statuses = [r.status for r in second]
    assert statuses == [Status.UNCHANGED] * 3 + [Status.OK] + [Status.UNCHANGED] * 3
    for before, after in zip(first, second, strict=True):
        if after.status == Status.UNCHANGED:
            assert [(f.path, f.entity_type, f.fingerprint, f.location) for f in after.findings] == [
                (f.path, f.entity_type, f.fingerprint, f.location) for f in before.findings
            ]
            assert after.findings
    assert {f.entity_type for f in second[3].findings} == {"US_SSN", "EMAIL_ADDRESS"}


def test_changed_settings_rescan_everything(small_share: Path, tmp_path: Path) -> None:
    root = small_share
    with Inventory(str(tmp_path / "inv.db")) as inv:
        list(scan([root], Config(), inventory=inv))
        stats = ScanStats()
        list(scan([root], Config(min_score=0.6), inventory=inv, stats=stats))
        assert stats.by_status == {"ok": 3}


def test_interrupted_scan_resumes(small_share: Path, tmp_path: Path) -> None:
    root = small_share
    with Inventory(str(tmp_path / "inv.db")) as inv:
        gen = scan([root], Config(), inventory=inv)
        next(gen)  # one file done, then the scan is stopped
        gen.close()
        assert inv.last_scan()["state"] == "interrupted"  # type: ignore[index]
        stats = ScanStats()
        list(scan([root], Config(), inventory=inv, stats=stats))
        assert stats.by_status == {"unchanged": 1, "ok": 2}


def test_value_across_chunk_border_found_once(tmp_path: Path) -> None:
    det = Detector(Config(), b"k" * 32, reveal=True, chunk_chars=2_000, overlap_chars=200)
    for border_offset in range(-12, 3):
        # place the SSN so that it straddles the first chunk border (owned windows meet at 1900)
        filler = "lorem ipsum " * 400
        pos = 1_900 + border_offset
        text = filler[:pos] + f" SSN {SSN} " + filler[pos:]
        found = [f for f in det.findings("x", [Segment(text)]) if f.entity_type == "US_SSN"]
        assert [f.text for f in found] == [SSN], border_offset


def test_five_megabyte_single_line(tmp_path: Path) -> None:
    det = Detector(Config(mode="fast"), b"k" * 32, reveal=True)
    filler = "x" * 2_500_000
    text = f"SSN {SSN} " + filler + f" SSN {SSN2} " + filler + f" email {EMAIL}"
    found = det.findings("big.txt", [Segment(text)])
    assert {(f.entity_type, f.text) for f in found} >= {
        ("US_SSN", SSN),
        ("US_SSN", SSN2),
        ("EMAIL_ADDRESS", EMAIL),
    }


# -- files that misbehave: fault injection into our own extractor registry ---------


def _hang(blob: Blob, ctx: ExtractContext) -> Iterator[Segment]:
    time.sleep(30)
    yield Segment("never")


def test_hanging_extractor_hits_the_time_limit(
    small_share: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = small_share
    monkeypatch.setitem(extract_mod.EXTRACTORS, "text", _hang)
    config = Config(limits=Limits(per_file_timeout=0.5))
    t0 = time.monotonic()
    results = list(scan([root / "brochure.txt"], config))
    assert time.monotonic() - t0 < 10
    assert results[0].status == Status.ERROR
    assert "no progress" in (results[0].error or "")


def _slow_but_steady(blob: Blob, ctx: ExtractContext) -> Iterator[Segment]:
    for i in range(4):
        time.sleep(0.3)
        yield Segment(f"part {i}")


def test_an_extractor_that_keeps_making_progress_is_not_stopped(
    small_share: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The limit is on time without a new segment, not on the file's total time.
    monkeypatch.setitem(extract_mod.EXTRACTORS, "text", _slow_but_steady)
    results = list(scan([small_share / "brochure.txt"], Config(limits=Limits(per_file_timeout=0.5))))
    assert results[0].status == Status.OK, results[0].error


def test_the_callers_time_is_not_the_extractors() -> None:
    from scanner.errors import ExtractTimeoutError
    from scanner.pipeline import _Watchdog

    def quick() -> Iterator[Segment]:
        yield from (Segment(f"part {i}") for i in range(3))

    def stuck() -> Iterator[Segment]:
        yield Segment("first")
        time.sleep(5)
        yield Segment("never")

    with _Watchdog(0.2) as dog:
        for _ in dog.guard(quick()):
            time.sleep(0.45)  # detection of a big batch, say: the alarm rings and looks again
    got: list[str] = []
    with pytest.raises(ExtractTimeoutError), _Watchdog(0.2) as dog:
        for seg in dog.guard(stuck()):
            got.append(seg.text)
            time.sleep(0.3)
    assert got == ["first"]


def test_file_changing_or_vanishing_during_scan(
    small_share: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = small_share
    real = extract_mod.EXTRACTORS["text"]

    def meddle(blob: Blob, ctx: ExtractContext) -> Iterator[Segment]:
        assert blob.fs_path
        if blob.fs_path.endswith("note.txt"):
            with open(blob.fs_path, "a") as fh:
                fh.write("more text\n")
        elif blob.fs_path.endswith("contact.txt"):
            os.unlink(blob.fs_path)
            raise FileNotFoundError(blob.fs_path)
        yield from real(blob, ctx)

    monkeypatch.setitem(extract_mod.EXTRACTORS, "text", meddle)
    results = _by_name(list(scan([root], Config())))
    assert results["note.txt"].status == Status.ERROR
    assert results["note.txt"].error == "file changed during the scan"
    assert results["contact.txt"].status == Status.ERROR
    assert results["brochure.txt"].status == Status.OK


def test_crashing_extractor_costs_one_file(
    small_share: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = small_share
    real = extract_mod.EXTRACTORS["text"]

    def explode(blob: Blob, ctx: ExtractContext) -> Iterator[Segment]:
        if blob.name.endswith("note.txt"):
            raise ValueError(f"bad value {SSN}")  # a library message quoting content
        yield from real(blob, ctx)

    monkeypatch.setitem(extract_mod.EXTRACTORS, "text", explode)
    results = _by_name(list(scan([root], Config())))
    assert results["note.txt"].status == Status.ERROR
    assert SSN not in (results["note.txt"].error or "")
    assert any(f.entity_type == "EMAIL_ADDRESS" for f in results["contact.txt"].findings)


def test_too_large_by_config(small_share: Path, tmp_path: Path) -> None:
    root = small_share
    results = list(scan([root / "claims" / "note.txt"], Config(limits=Limits(max_file_size=10))))
    assert results[0].status == Status.TOO_LARGE


def test_unreadable_file_when_not_root(small_share: Path, tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads every file; covered by the subprocess test that drops privileges")
    root = small_share
    (root / "brochure.txt").chmod(0)
    results = _by_name(list(scan([root], Config())))
    assert results["brochure.txt"].status == Status.ERROR


def test_text_without_digits_still_finds_what_needs_none() -> None:
    # Text without a digit skips the recognizers of entities that always hold one; names,
    # e-mail addresses and a custom letters-only format (even under a catalogue name) remain.
    from scanner.config import CustomRecognizer

    spec = CustomRecognizer(entity="POLICY_NUMBER", regex=r"\bACME-[A-Z]{6}\b", score=0.9)
    det = Detector(Config(mode="fast", recognizers=(spec,)), b"\0" * 32)
    text = f"Write to {EMAIL} about policy ACME-QWERTY."
    found = {(f.entity_type, text[f.start : f.end]) for f in det.findings("x", [Segment(text)])}
    assert found == {("EMAIL_ADDRESS", EMAIL), ("POLICY_NUMBER", "ACME-QWERTY")}
    assert "POLICY_NUMBER" in det.entities_without_digits
    assert "US_SSN" not in det.entities_without_digits
    assert "US_SSN" not in Detector(Config(mode="fast"), b"\0" * 32).entities_without_digits


def test_cell_label_names_the_value_when_its_column_header_does_not() -> None:
    # A key-value block under a table: the column is headed "Code" (from the table above),
    # the cell to the left says "Member #". The header does not fit; the label does.
    det = Detector(Config(mode="fast"), b"\0" * 32)
    value = "634052050-03"
    found = det.findings("x", [Segment(value, context=("Code", "Member #"))])
    assert [(f.entity_type, f.recognizer) for f in found] == [("MEMBER_ID", "ColumnHeaderClassifier")]
    assert not [
        f for f in det.findings("x", [Segment(value, context=("Code",))]) if f.entity_type == "MEMBER_ID"
    ]
