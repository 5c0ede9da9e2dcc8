"""Correctness at scale (never timing): workers do not change results, a huge file is read
to its end, and values on chunk and merge borders are reported once."""

from __future__ import annotations

from pathlib import Path

import pytest

from fixtures import corpus
from scanner.config import Config
from scanner.detect import Detector
from scanner.models import FileResult, Segment
from scanner.pipeline import scan

SSN = "412-67-3391"


def _rows(results: list[FileResult]) -> list[tuple[object, ...]]:
    return [
        (
            r.file.path,
            r.status,
            f.entity_type,
            f.start,
            f.end,
            f.location,
            f.recognizer,
            f.fingerprint,
            f.score,
        )
        for r in results
        for f in r.findings
    ] + [("file", r.file.path, r.status) for r in results]


@pytest.mark.slow
def test_one_and_two_workers_find_the_same_in_the_same_order(tmp_path: Path) -> None:
    corpus.generate(tmp_path / "c", docs=12, seed=3)
    docs = tmp_path / "c" / "docs"
    one = list(scan([docs], Config(workers=1)))
    two = list(scan([docs], Config(workers=2)))
    assert sum(len(r.findings) for r in one) > 20
    assert _rows(one) == _rows(two)


@pytest.mark.slow
def test_huge_file_yields_findings_from_its_start_middle_and_end(tmp_path: Path) -> None:
    path = tmp_path / "claims-log.txt"
    labels = corpus.big_text(path, 1_500_000, seed=5)
    wanted = {
        (str(lab["type"]), str(lab["value"]), lab["line"])
        for lab in labels
        if lab["type"] in ("US_SSN", "VIN", "ABA_ROUTING_NUMBER")
    }
    lines = sorted({line for _, _, line in wanted})
    assert lines[0] <= 2 and lines[-1] > 10_000 and any(1_000 < line < lines[-1] - 1_000 for line in lines)
    (result,) = scan([path], Config(mode="fast"), reveal=True)
    found = {(f.entity_type, f.text, f.location.line) for f in result.findings}
    assert wanted <= found


def test_values_in_merged_segments_are_each_found_once() -> None:
    det = Detector(Config(mode="fast"), b"k" * 32, reveal=True)
    # Short cells with one context are analysed together; each keeps its own value and offsets.
    segs = [Segment(f"SSN {SSN}", context=("notes",)) for _ in range(50)]
    found = det.findings("x.csv", segs)
    assert [(f.text, f.start) for f in found] == [(SSN, 4)] * 50


def test_chunk_borders_across_many_chunks_report_each_value_once() -> None:
    det = Detector(Config(mode="fast"), b"k" * 32, reveal=True, chunk_chars=3_000, overlap_chars=300)
    filler = "lorem ipsum dolor sit amet " * 40  # 1,080 characters, so values land on many borders
    text = "".join(f"{filler}SSN {SSN} " for _ in range(40))
    found = [f for f in det.findings("big.txt", [Segment(text)]) if f.entity_type == "US_SSN"]
    starts = [f.start for f in found]
    assert starts == [i * (len(filler) + len(SSN) + 5) + len(filler) + 4 for i in range(40)]
