from __future__ import annotations

import json
from pathlib import Path

import pytest

from scanner.errors import ConfigError
from scanner.evaluate import label_file, load_labels, score_predictions


def _labels(tmp_path: Path, rows: list[dict[str, object]]) -> Path:
    p = tmp_path / "labels.jsonl"
    p.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    return p


def test_scores_per_entity_and_micro(tmp_path: Path) -> None:
    labels = load_labels(
        _labels(
            tmp_path,
            [
                {
                    "file": "a.txt",
                    "pii": [
                        {"type": "US_SSN", "value": "123-45-6789"},
                        {"type": "PERSON", "value": "Maria J. Gonzalez"},
                    ],
                },
                {"file": "b.txt", "pii": [{"type": "US_SSN", "value": "234-56-7890"}]},
                {
                    "file": "brochure.txt",
                    "pii": [],
                    "decoys": [{"type": "PHONE_NUMBER", "value": "1-800-555-0199"}],
                },
            ],
        )
    )
    predicted = {
        # formatting differs but the value is the same: a hit
        "a.txt": {("US_SSN", "123 45 6789"), ("PERSON", "Maria J. Gonzalez")},
        # wrong type for the right value: a false positive and a miss
        "b.txt": {("US_BANK_NUMBER", "234-56-7890")},
        "brochure.txt": {("PHONE_NUMBER", "1-800-555-0199")},
    }
    ev = score_predictions(labels, predicted)
    assert ev.per_entity["US_SSN"].tp == 1 and ev.per_entity["US_SSN"].fn == 1
    assert ev.per_entity["PERSON"].f1 == 1.0
    assert ev.per_entity["US_BANK_NUMBER"].fp == 1
    assert ev.per_entity["PHONE_NUMBER"].fp == 1
    assert (ev.micro.tp, ev.micro.fp, ev.micro.fn) == (2, 2, 1)
    assert ev.decoys == 1 and ev.decoys_flagged == 1 and ev.decoy_rate == 1.0
    assert ev.micro.precision == 0.5


def test_partial_name_rules(tmp_path: Path) -> None:
    labels = load_labels(
        _labels(tmp_path, [{"file": "a", "pii": [{"type": "PERSON", "value": "Nguyen Van Thanh"}]}])
    )
    assert score_predictions(labels, {"a": {("PERSON", "Nguyen Van Thanh")}}).micro.tp == 1
    # a lone first word is too little of the name to count
    assert score_predictions(labels, {"a": {("PERSON", "Nguyen")}}).micro.tp == 0


def test_bad_label_line(tmp_path: Path) -> None:
    p = tmp_path / "l.jsonl"
    p.write_text('{"file": "a", "pii": [{"type": "US_SSN"}]}\n')
    with pytest.raises(ConfigError, match="l.jsonl:1"):
        load_labels(p)


def test_label_file_maps_members_to_their_container() -> None:
    assert label_file("corpus/docs/claims/x.zip!a/b.pdf", "corpus/docs") == "claims/x.zip"


def test_misses_are_listed_masked(tmp_path: Path) -> None:
    labels = load_labels(
        _labels(tmp_path, [{"file": "a.txt", "pii": [{"type": "US_SSN", "value": "123-45-6789"}]}])
    )
    ev = score_predictions(labels, {"a.txt": {("PERSON", "Maria Gonzalez")}})
    kinds = {(m.kind, m.entity_type, m.file) for m in ev.misses}
    assert kinds == {("FN", "US_SSN", "a.txt"), ("FP", "PERSON", "a.txt")}
    assert all("123-45" not in m.masked and "Maria" not in m.masked for m in ev.misses)


def test_generated_corpus_meets_an_f1_floor(tmp_path: Path) -> None:
    """A small generated corpus, scanned as ``insurescan evaluate`` does: the floor catches a
    recognizer or column-header regression without pinning exact numbers."""
    from fixtures import corpus
    from scanner.config import Config
    from scanner.evaluate import evaluate

    corpus.generate(tmp_path / "c", docs=40, seed=7)
    ev = evaluate(tmp_path / "c" / "labels.jsonl", tmp_path / "c" / "docs", Config(workers=1))
    assert ev.micro.f1 >= 0.9, ev.as_dict()["micro"]
    for entity in ("US_SSN", "US_NPI", "VIN", "CREDIT_CARD"):
        if entity in ev.per_entity:
            assert ev.per_entity[entity].recall >= 0.95, (entity, ev.per_entity[entity].as_dict())
    assert ev.decoy_rate <= 0.02
