"""Every built-in pattern stays linear on hostile input.

Built-in patterns run without the regex engine's per-call timeout (``ValuePatternRecognizer.
TIMEOUT``), so this test is their guard: each one meets the probes a user's pattern must pass
(``recognizers.custom.adversarial_inputs``), made ten times as long (50,000 characters, half a
detection chunk). A pattern that backtracks over a run (``(?:home)?[ \\t]*phone`` walked every
space of a padded line from every position) takes seconds there instead of milliseconds, and
the engine's timeout (the limit of this test, not a speed target) stops it.
"""

from __future__ import annotations

import pytest
import regex
from presidio_analyzer import PatternRecognizer

from recognizers.base import Pattern, ValuePatternRecognizer
from recognizers.custom import CustomPatternRecognizer, adversarial_inputs
from recognizers.registry import build_recognizers
from scanner.config import CustomRecognizer

LIMIT_SECONDS = 2.0


def _patterns() -> list[tuple[str, PatternRecognizer, object]]:
    out = []
    for recognizer in build_recognizers(ner=False):
        if isinstance(recognizer, PatternRecognizer):
            for pattern in recognizer.patterns:
                out.append((f"{recognizer.name}: {pattern.name}", recognizer, pattern))
    return out


PATTERNS = _patterns()


def test_every_pattern_recognizer_is_probed() -> None:
    names = {name.split(":")[0] for name, _, _ in PATTERNS}
    assert len(PATTERNS) > 60
    assert {"PhoneNumberRecognizer", "PolicyNumberRecognizer", "IbanRecognizer"} <= names


@pytest.mark.parametrize(("name", "recognizer", "pattern"), PATTERNS, ids=[n for n, _, _ in PATTERNS])
def test_pattern_is_linear_on_adversarial_input(
    name: str, recognizer: PatternRecognizer, pattern: object
) -> None:
    compiled = regex.compile(pattern.regex, flags=recognizer.global_regex_flags)  # type: ignore[attr-defined]
    overlapped = getattr(recognizer, "OVERLAPPED", False)
    for probe in adversarial_inputs(pattern.regex):  # type: ignore[attr-defined]
        long_probe = probe[:-1] * 10 + probe[-1]
        try:
            for _ in compiled.finditer(long_probe, overlapped=overlapped, timeout=LIMIT_SECONDS):
                pass
        except TimeoutError:
            pytest.fail(f"{name} backtracks on a run of {long_probe[:3]!r}")


def test_built_in_patterns_run_without_a_timeout_and_custom_ones_keep_it() -> None:
    built_in = [r for r in build_recognizers(ner=False) if isinstance(r, ValuePatternRecognizer)]
    assert built_in and all(r.TIMEOUT is None for r in built_in)
    custom = build_recognizers([CustomRecognizer(entity="ACME_ID", regex=r"ACME-\d{6}")], ner=False)[-1]
    assert isinstance(custom, CustomPatternRecognizer)
    assert custom.TIMEOUT is not None and custom.TIMEOUT > 0


def test_built_in_patterns_are_compiled_on_first_use_and_a_bad_score_is_refused() -> None:
    built_in = [
        r
        for r in build_recognizers(ner=False)
        if isinstance(r, ValuePatternRecognizer) and not isinstance(r, CustomPatternRecognizer)
    ]
    assert all(isinstance(p, Pattern) for r in built_in for p in r.patterns)
    with pytest.raises(ValueError, match="score"):
        Pattern("too sure", r"\d+", 1.5)
