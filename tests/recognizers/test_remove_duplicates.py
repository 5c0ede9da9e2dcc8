"""``recognizers.base.remove_duplicates`` is upstream's ``EntityRecognizer.remove_duplicates``:
the same result objects, in the same order, for any list."""

from __future__ import annotations

import random

import pytest
from presidio_analyzer import EntityRecognizer, RecognizerResult

from recognizers.base import remove_duplicates


def _results(rng: random.Random) -> list[RecognizerResult]:
    out = []
    for _ in range(rng.randint(0, 40)):
        start = rng.randint(0, 30)
        end = start + rng.randint(1, 12)
        # Few types, spans and scores, so that ties, duplicates and containment are common;
        # a duplicate differs only in which recognizer made it.
        score = rng.choice([0.0, 0.2, 0.45, 0.6, 0.85, 1.0])
        entity = rng.choice(["US_SSN", "PHONE_NUMBER", "DATE_OF_BIRTH"])
        out.append(RecognizerResult(entity, start, end, score, recognition_metadata={"n": len(out)}))
    return out


@pytest.mark.parametrize("seed", range(20))
def test_same_results_in_the_same_order_as_upstream(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(200):
        results = _results(rng)
        expected = EntityRecognizer.remove_duplicates(list(results))
        got = remove_duplicates(list(results))
        assert [id(r) for r in got] == [id(r) for r in expected]


def test_what_it_removes() -> None:
    a = RecognizerResult("US_SSN", 0, 11, 0.85)
    twin = RecognizerResult("US_SSN", 0, 11, 0.85)  # a duplicate: the first one stays
    inner = RecognizerResult("US_SSN", 2, 9, 0.5)  # contained, lower score: goes
    surer = RecognizerResult("US_SSN", 4, 8, 0.9)  # contained but surer: stays
    other = RecognizerResult("PHONE_NUMBER", 2, 9, 0.4)  # another type: stays
    zero = RecognizerResult("US_SSN", 20, 25, 0.0)
    got = remove_duplicates([a, twin, inner, surer, other, zero])
    assert [id(r) for r in got] == [id(surer), id(a), id(other)]
