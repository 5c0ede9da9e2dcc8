"""Big plain-text files read in parts (``limits.text_part_size``): the parts cover the file
after line ends, each part's lines keep their numbers, one and two workers find the same, a
value on either side of a cut is found once, and a file that vanishes or changes while its
parts are read gets the status a whole read would give it."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from fixtures import corpus
from scanner.config import Config, Limits
from scanner.detect import Detector
from scanner.extract.base import Blob
from scanner.extract.text import plan_text_parts
from scanner.models import FileRef, FileResult, Status
from scanner.pipeline import merge_parts, part_plan, process_part, scan

KEY = b"p" * 32
SSNS = ["412-67-3391", "523-45-6781", "301-28-4417", "536-22-8726"]  # synthetic, valid ranges


def _config(part: int, workers: int = 1) -> Config:
    return Config(mode="fast", workers=workers, limits=Limits(text_part_size=part))


def _ref(path: Path) -> FileRef:
    st = path.stat()
    return FileRef(str(path), st.st_size, st.st_mtime, fs_path=str(path))


def _found(result: FileResult) -> list[tuple[str, str | None, int | None, int, int]]:
    return [(f.entity_type, f.text, f.location.line, f.start, f.end) for f in result.findings]


def _ssn_lines(path: Path, lines: int) -> None:
    path.write_text("".join(f"row {i:05d} member SSN {SSNS[i % 4]} checked\n" for i in range(lines)))


def test_parts_cover_the_file_after_line_ends_with_their_first_line(tmp_path: Path) -> None:
    path = tmp_path / "rows.log"
    _ssn_lines(path, 3000)
    data = path.read_bytes()
    plan = plan_text_parts(Blob(name=path.name, fs_path=str(path)), 4096)
    assert plan is not None and len(plan.parts) >= 20
    assert plan.sha256 == hashlib.sha256(data).hexdigest()
    assert plan.parts[0].start == 0 and plan.parts[-1].end == len(data)
    for before, after in zip(plan.parts, plan.parts[1:], strict=False):
        assert before.end == after.start and data[after.start - 1 : after.start] == b"\n"
        assert after.start - before.start >= 4096
        assert after.line == data.count(b"\n", 0, after.start) + 1


def test_small_files_and_files_without_line_ends_are_read_whole(tmp_path: Path) -> None:
    small = tmp_path / "small.log"
    _ssn_lines(small, 10)
    one_line = tmp_path / "one-line.log"
    one_line.write_text("x" * 50_000)
    for path in (small, one_line):
        assert plan_text_parts(Blob(name=path.name, fs_path=str(path)), 4096) is None
    assert plan_text_parts(Blob(name="s", fs_path=str(small)), 0) is None  # 0: never in parts


def test_each_value_on_either_side_of_a_cut_is_found_once_on_its_line(tmp_path: Path) -> None:
    path = tmp_path / "rows.log"
    _ssn_lines(path, 3000)
    (whole,) = scan([path], _config(0), key=KEY, reveal=True)
    (parts,) = scan([path], _config(4096), key=KEY, reveal=True)
    assert part_plan(_ref(path), _config(4096)) is not None
    ssn = [row for row in _found(parts) if row[0] == "US_SSN"]
    assert [row[2] for row in ssn] == list(range(1, 3001))  # every line once, in order
    assert all(row[1] == SSNS[(row[2] - 1) % 4] for row in ssn)
    assert _found(parts) == _found(whole)
    assert parts.sha256 == whole.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.slow
def test_one_and_two_workers_read_a_file_in_parts_alike(tmp_path: Path) -> None:
    path = tmp_path / "claims-log.txt"
    labels = corpus.big_text(path, 1_500_000, seed=8)
    wanted = {(str(lab["type"]), str(lab["value"]), lab["line"]) for lab in labels if lab["type"] == "US_SSN"}
    (one,) = scan([path], _config(96 * 1024, workers=1), key=KEY, reveal=True)
    (two,) = scan([path], _config(96 * 1024, workers=2), key=KEY, reveal=True)
    assert len(part_plan(_ref(path), _config(96 * 1024)).parts) >= 10  # type: ignore[union-attr]
    assert one.status is Status.OK and _found(one) == _found(two)
    assert wanted <= {(f.entity_type, f.text, f.location.line) for f in one.findings}


@pytest.mark.parametrize(("encoding", "in_parts"), [("cp1252", True), ("utf-8-sig", True), ("utf-16", False)])
def test_encodings_split_only_where_a_newline_byte_ends_a_line(
    tmp_path: Path, encoding: str, in_parts: bool
) -> None:
    path = tmp_path / "notes.txt"
    text = "".join(f"Zoë Müller-Ståhl row {i} SSN {SSNS[i % 4]}\n" for i in range(800))
    path.write_bytes(text.encode(encoding))
    plan = plan_text_parts(Blob(name=path.name, fs_path=str(path)), 2048)
    assert (plan is not None) is in_parts
    (result,) = scan([path], _config(2048), key=KEY, reveal=True)
    ssn = [row for row in _found(result) if row[0] == "US_SSN"]
    assert [row[2] for row in ssn] == list(range(1, 801))
    (whole,) = scan([path], _config(0), key=KEY, reveal=True)
    assert _found(result) == _found(whole)


def test_a_file_that_vanishes_or_changes_while_its_parts_are_read(tmp_path: Path) -> None:
    detector = Detector(_config(4096), KEY)
    for what in ("vanishes", "grows"):
        path = tmp_path / f"{what}.log"
        _ssn_lines(path, 2000)
        ref, config = _ref(path), _config(4096)
        plan = part_plan(ref, config)
        assert plan is not None
        first = process_part(ref, plan, 0, config, detector)
        if what == "vanishes":
            path.unlink()
        else:
            with path.open("a") as fh:
                fh.write("one more line\n")
            os.utime(path, (ref.mtime + 5, ref.mtime + 5))
        rest = [process_part(ref, plan, i, config, detector) for i in range(1, len(plan.parts))]
        merged = merge_parts(ref, plan, [first, *rest])
        assert merged.status is Status.ERROR and merged.file == ref and not merged.findings
        assert merged.error == (
            "file vanished during the scan" if what == "vanishes" else "file changed during the scan"
        )
