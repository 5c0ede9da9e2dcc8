"""recognizers.custom: user formats from the config, checked before any file is read."""

from __future__ import annotations

import time

import pytest
from presidio_analyzer import AnalyzerEngine, RecognizerRegistry

from recognizers.custom import build_custom, check_regex
from recognizers.registry import build_recognizers
from scanner.config import CustomRecognizer, config_from_dict
from scanner.errors import ConfigError


def _analyze(analyzer: AnalyzerEngine, spec: CustomRecognizer, text: str) -> list[tuple[str, str, float]]:
    """Run one custom recognizer through a copy of the engine (its context enhancer included)."""
    engine = AnalyzerEngine(
        nlp_engine=analyzer.nlp_engine,
        registry=RecognizerRegistry(recognizers=[build_custom(spec)]),
        supported_languages=["en"],
    )
    results = engine.analyze(text=text, language="en", score_threshold=0.5)
    return [(r.entity_type, text[r.start : r.end], round(r.score, 2)) for r in results]


def test_pattern_with_context(analyzer: AnalyzerEngine) -> None:
    spec = CustomRecognizer(entity="POLICY_NUMBER", regex=r"ACME-[0-9]{8}", context=("policy",), score=0.3)
    assert _analyze(analyzer, spec, "Policy ACME-12345678 renewed") == [
        ("POLICY_NUMBER", "ACME-12345678", 0.65)
    ]
    assert _analyze(analyzer, spec, "Shipment ACME-12345678 arrived") == []


def test_checksum_decides(analyzer: AnalyzerEngine) -> None:
    spec = CustomRecognizer(entity="ACME_MEMBER", regex=r"\bM\d{10}\b", checksum="luhn", score=0.4)
    assert _analyze(analyzer, spec, "card M7992739875") == [("ACME_MEMBER", "M7992739875", 1.0)]
    assert _analyze(analyzer, spec, "card M7992739870") == []


def test_value_group_keeps_the_label_out(analyzer: AnalyzerEngine) -> None:
    spec = CustomRecognizer(entity="POLICY_NUMBER", regex=r"Acme Ref:\s*(?P<value>[A-Z]{2}\d{6})", score=0.8)
    assert _analyze(analyzer, spec, "Acme Ref: QX123456") == [("POLICY_NUMBER", "QX123456", 0.8)]


def test_from_toml_config_to_registry() -> None:
    config = config_from_dict({"recognizers": [{"entity": "policy_number", "regex": "ACME-[0-9]{8}"}]})
    recognizers = build_recognizers(config.recognizers, ner=False)
    assert recognizers[-1].name == "CustomPolicyNumberRecognizer"
    assert recognizers[-1].supported_entities == ["POLICY_NUMBER"]


# fmt: off
BAD = [
    (CustomRecognizer(entity="X_ID", regex="ACME-[0-9", name="AcmeIds"), "does not compile"),
    (CustomRecognizer(entity="X_ID", regex="(a+)+$", name="AcmeIds"), "catastrophically slow"),
    (CustomRecognizer(entity="X_ID", regex=r"(\d+\s?)+$", name="AcmeIds"), "catastrophically slow"),
    (CustomRecognizer(entity="X_ID", regex=r"(x+x+)+y", name="AcmeIds"), "catastrophically slow"),
    (CustomRecognizer(entity="X_ID", regex="[0-9]*", name="AcmeIds"), "empty string"),
    (CustomRecognizer(entity="X_ID", regex="ACME-[0-9]{8}", name="AcmeIds", checksum="crc32"), "unknown checksum"),
    (CustomRecognizer(entity="x id", regex="ACME-[0-9]{8}", name="AcmeIds"), "entity"),
]
# fmt: on


@pytest.mark.parametrize(("spec", "message"), BAD)
def test_bad_specs_name_the_recognizer(spec: CustomRecognizer, message: str) -> None:
    started = time.monotonic()
    with pytest.raises(ConfigError, match=message) as info:
        build_custom(spec)
    assert "'AcmeIds'" in str(info.value)
    assert time.monotonic() - started < 15


def test_sane_patterns_pass_quickly() -> None:
    started = time.monotonic()
    for source in (
        r"ACME-[0-9]{8}",
        r"\b[A-Z]{3}\d{6,9}\b",
        r"(?i)policy\s*#?\s*(?P<value>\w+)",
        r"\d+(?:-\d+)*",
    ):
        check_regex(source, "test")
    assert time.monotonic() - started < 2
