"""Context words are looked for only where one could be found.

``FastContextEnhancer`` looks nothing up for a result whose recognizer has none of its context
words anywhere in the lower-cased text or the call's context words, and the engine leaves a
recognizer's ``CONTEXT_ONLY`` patterns out of such a call. Findings with and without these
shortcuts must be the same: on a generated corpus, on it with the case and Unicode changes
that lower-case differently (dotted I, Kelvin sign, upper case), with the context words only
in a segment's header context, and under a threshold low enough to report a bare date.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from presidio_analyzer import PatternRecognizer

from scanner.analyzer import LeanAnalyzerEngine
from scanner.config import Config
from scanner.context import FastContextEnhancer
from scanner.detect import Detector
from scanner.models import Segment
from scanner.nlp import LazyNlpArtifacts
from tests.equivalence import corpus_segments, count_same_without, finding_rows

KEY = b"c" * 32


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector(Config(mode="fast"), KEY)


@contextmanager
def _always_looked_up() -> Iterator[None]:
    FastContextEnhancer.gate_on_words = False
    LeanAnalyzerEngine.skip_context_only = False
    try:
        yield
    finally:
        FastContextEnhancer.gate_on_words = True
        LeanAnalyzerEngine.skip_context_only = True


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> list[list[Segment]]:
    formats = ["txt", "eml", "html", "json", "csv", "xlsx"]
    return corpus_segments(tmp_path_factory.mktemp("corpus"), 30, 77, formats)


# The changes that lower-case differently from the text as generated.
LOWERED_DIFFERENTLY = ["as generated", "upper case", "dotted and dotless I", "Kelvin sign and long s"]


@pytest.mark.parametrize("transform", LOWERED_DIFFERENTLY)
def test_findings_are_the_same_with_and_without_the_shortcut(
    detector: Detector, documents: list[list[Segment]], transform: str
) -> None:
    total = count_same_without(detector, documents, transform, _always_looked_up)
    assert total > 300  # the corpus really holds values to find


def test_context_words_only_in_the_segment_context_still_count(detector: Detector) -> None:
    # The word is in the column header the extractor passes along, not in the text.
    segments = [Segment("1981-03-04", context=("DOB",)), Segment("1981-03-04")]
    found = finding_rows(detector, segments)
    with _always_looked_up():
        assert found == finding_rows(detector, segments)
    assert [f[0] for f in found] == ["DATE_OF_BIRTH"]


def test_no_lookup_where_the_text_holds_no_context_word(detector: Detector) -> None:
    log = "".join(
        f"2024-01-02 06:00:{s:02d}.000 INFO [triage] txn={s:08x} status=OK seq={s}\n" for s in range(60)
    )
    engine = detector.analyzer
    nlp = engine.nlp_engine
    artifacts = LazyNlpArtifacts(log, None, [], [], nlp, "en")
    results = engine.analyze(text=log, language="en", nlp_artifacts=artifacts, score_threshold=0.0)
    assert any(r.entity_type == "DATE_OF_BIRTH" for r in results)  # bare dates were candidates
    assert artifacts._window_chars == 0 and artifacts._all_tokens is None  # nothing tokenized

    labelled = "Insured DOB listed below.\n" + log
    artifacts = LazyNlpArtifacts(labelled, None, [], [], nlp, "en")
    engine.analyze(text=labelled, language="en", nlp_artifacts=artifacts, score_threshold=0.0)
    assert artifacts._window_chars or artifacts._all_tokens is not None  # now it must look


def test_context_only_patterns_run_where_the_threshold_lets_them_through() -> None:
    text = "Note 1981-03-04 written at the front desk."
    strict = Detector(Config(mode="fast"), KEY)
    lenient = Detector(Config(mode="fast", min_score=0.1), KEY)
    assert [f[0] for f in finding_rows(strict, [Segment(text)])] == []
    assert [f[0] for f in finding_rows(lenient, [Segment(text)])] == ["DATE_OF_BIRTH"]  # 0.15, no context


def test_declared_context_only_patterns_cannot_pass_on_their_own(detector: Detector) -> None:
    # The promise CONTEXT_ONLY makes: a score under the default threshold, no checksum to lift it.
    declared = [
        (r, p)
        for r in detector.analyzer.registry.recognizers
        for p in getattr(r, "patterns", [])
        if p.name in getattr(r, "CONTEXT_ONLY", ())
    ]
    assert len(declared) >= 4
    for recognizer, pattern in declared:
        assert pattern.score < Config().min_score, pattern.name
        assert pattern.name not in recognizer.VALIDATED_SCORES
        assert type(recognizer).validate_result is PatternRecognizer.validate_result, recognizer.name
