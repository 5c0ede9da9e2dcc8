"""Label patterns tried only where a label word begins (``scanner.starts``) find what a full
``finditer`` finds: on a generated corpus and its Unicode-altered copies, and on random text
built from each pattern's own label words."""

from __future__ import annotations

import random
import string
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import regex

from recognizers.base import ValuePatternRecognizer, matches_at
from recognizers.person import PersonRecognizer
from scanner.config import Config
from scanner.detect import Detector
from scanner.models import Segment
from scanner.starts import FOLDS_TO_ASCII, StartFinder, finder_for, literal_starts, utf8
from tests.equivalence import TRANSFORMS, corpus_segments, count_same_without

KEY = b"k" * 32
FLAGS = regex.DOTALL | regex.MULTILINE


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector(Config(mode="fast"), KEY)


def _label_recognizers(detector: Detector) -> list[ValuePatternRecognizer]:
    return [r for r in detector.analyzer.registry.recognizers if isinstance(r, ValuePatternRecognizer)]


@contextmanager
def _everywhere(detector: Detector) -> Iterator[None]:
    """Every pattern tried at every position, as ``finditer`` does."""
    recognizers = _label_recognizers(detector)
    saved = [r.find_starts for r in recognizers]
    for r in recognizers:
        r.find_starts = None
    try:
        yield
    finally:
        for r, s in zip(recognizers, saved, strict=True):
            r.find_starts = s


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> list[list[Segment]]:
    return corpus_segments(tmp_path_factory.mktemp("corpus"), 40, 11, ["txt", "eml", "html", "docx", "pdf"])


@pytest.mark.parametrize("transform", TRANSFORMS)
def test_findings_are_the_same_as_trying_every_position(
    detector: Detector, documents: list[list[Segment]], transform: str
) -> None:
    total = count_same_without(detector, documents, transform, lambda: _everywhere(detector))
    if transform == "as generated":
        assert total > 500


def test_the_label_patterns_are_searched_by_their_words(detector: Detector) -> None:
    searched = {
        p.name: finder_for(p.regex, r.global_regex_flags)
        for r in _label_recognizers(detector)
        if r.find_starts is not None
        for p in r.patterns
    }
    label = searched["Name after label"]
    assert label is not None
    assert {"insured", "claimant", "attn", "dear", "name", "to", "co"} <= set(label.starts)
    assert searched["Claim number (labelled)"] is not None
    assert sum(f is not None for f in searched.values()) >= 20
    # "on" opens every match: regex skips to the letter o as quickly by itself.
    assert searched["Name after a date"] is None
    date = next(p for p in PersonRecognizer.PATTERNS if p.name == "Name after a date")
    assert literal_starts(date.regex, PersonRecognizer.FLAGS) == ("on",)
    # Bare values have no word to look for.
    assert searched["SSN (bare)"] is None and searched["Date (bare)"] is None


@pytest.mark.parametrize(
    ("pattern", "starts"),
    [
        (r"(?<![\w])(?i:claim|clm)[ \t]*(?P<value>\d+)", ("claim", "clm")),
        (r"(?:foo)?bar", ("bar", "foobar")),
        (r"(?i:co-?)[ \t]+insured", ("co",)),
        (r"[Cc]laim[ \t]+\d", ("claim",)),
        (r"(?:Dr|Mr)\.?[ \t]+\p{Lu}", ("dr", "mr")),
        (r"(?=\d{3})abc", ("abc",)),
        (r"^[ \t]*total", None),  # a class of blanks ends the start at nothing
        (r"\d{3}-\d{2}-\d{4}", None),
        (r"a\w+", None),  # one character is no selective start
        (r"(?:abc|\d)", None),  # one alternative has no literal start
        (r"\p{Lu}+abc", None),
        (r"(?r)abc", None),  # syntax only ``regex`` reads
        (r"(?:claim){e<=1}[ \t]+\d", None),  # fuzzy: "clam" matches too
        (r"(?x) cl aim \s* no", ("claim",)),  # verbose: the blanks are not literal
        (r"policy[ \t]?holder", ("policy",)),
        (r"a{2,}b", ("aa",)),
        (r"\u00e9t\u00e9", None),  # not ASCII
    ],
)
def test_literal_starts_read_off_a_pattern(pattern: str, starts: tuple[str, ...] | None) -> None:
    assert literal_starts(pattern, FLAGS) == starts


def test_literal_starts_read_a_verbose_pattern_as_regex_does() -> None:
    assert literal_starts(r" cl aim [ ]no", FLAGS | regex.VERBOSE) == ("claim no",)
    assert literal_starts(r" cl aim [ ]no", FLAGS) == (" cl aim  no",)
    # Full case folding reads "ss" in "ß": such a pattern is not searched for its words.
    assert literal_starts("strasse", FLAGS | regex.IGNORECASE) == ("strasse",)
    assert literal_starts("strasse", FLAGS | regex.IGNORECASE | regex.FULLCASE) is None


def test_the_characters_regex_folds_to_ascii_letters() -> None:
    everything = "".join(chr(c) for c in range(0x80, sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    folds = set(regex.findall("[a-zA-Z]", everything, flags=regex.IGNORECASE))
    for letter in string.ascii_letters:  # "I" takes the dotless i, "i" does not
        folds |= set(regex.findall(letter, everything, flags=regex.IGNORECASE))
    assert folds == set(FOLDS_TO_ASCII)


def test_positions_are_character_offsets() -> None:
    finder = StartFinder(("claim", "to"))
    assert finder.positions("Claim to") == [0, 6]
    assert finder.positions("Ağa Şahin CLAIM № 7 to") == [10, 20]
    assert finder.positions("nothing here") == []
    assert finder.positions("") == []
    # Where Hyperscan's answer could differ from ``regex``'s, the pattern runs everywhere.
    assert finder.positions("\u212aim claim") is None
    assert finder.positions("lone \ud800 claim") is None
    assert utf8("lone \ud800") is None


_PIECES = [
    " ", " ", "\t", "\n", "\r\n", ": ", ":", " #", "No. ", "-", "'s ", ", ", "(if any) ",
    "John", "Smith", "O'Brien", "van der", "Nguyễn", "José", "ACME Inc", "王小明", "J.",
    "123-45-6789", "4111 1111 1111 1111", "CLM-2024-000123", "06/23/1986", "HO3 1234567",
    "\u0130", "\u0131", "\u017f", "\u212a", "e\u0301", "\u00a0", "x", "1", "_", "co",
]  # fmt: skip


def _random_texts(starts: tuple[str, ...], rng: random.Random, count: int) -> Iterator[str]:
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 14)):
            if rng.random() < 0.35:
                word = rng.choice(starts)
                parts.append("".join(c.upper() if rng.random() < 0.4 else c for c in word))
            else:
                parts.append(rng.choice(_PIECES))
        yield "".join(parts)


def test_random_text_finds_the_same(detector: Detector) -> None:
    rng = random.Random(2026)
    compared = matched = 0
    for r in _label_recognizers(detector):
        for p in r.patterns:
            # Every pattern with literal starts, searched this way in a scan or not.
            starts = literal_starts(p.regex, r.global_regex_flags)
            if starts is None:
                continue
            finder = StartFinder(starts)
            compiled = regex.compile(p.regex, r.global_regex_flags)
            for text in _random_texts(finder.starts, rng, 150):
                positions = finder.positions(text)
                if positions is None:
                    continue
                for overlapped in (False, True):
                    everywhere = [m.span() for m in compiled.finditer(text, overlapped=overlapped)]
                    assert [m.span() for m in matches_at(compiled, text, positions, overlapped, None)] == (
                        everywhere
                    ), (p.name, ascii(text))
                    matched += len(everywhere)
                compared += 1
    assert compared > 3000 and matched > 150


def test_matches_at_resumes_like_finditer() -> None:
    compiled = regex.compile(r"(?i:ab)+")
    text = "ababab xab AB"
    positions = [0, 2, 4, 8, 11]
    assert [m.span() for m in matches_at(compiled, text, positions, False, None)] == [
        (0, 6),
        (8, 10),
        (11, 13),
    ]
    assert [m.span() for m in matches_at(compiled, text, positions, True, None)] == [
        m.span() for m in compiled.finditer(text, overlapped=True)
    ]


def test_values_after_labels_are_found(detector: Detector) -> None:
    text = "Insured Name: Maria Lopez\nclaim no. CLM-2024-000123\nAttn: Dr. Kwame Mensah\n" * 3
    segments = [Segment(text)]
    found = [(f.entity_type, f.start, f.end) for f in detector.findings("doc", segments)]
    with _everywhere(detector):
        assert found == [(f.entity_type, f.start, f.end) for f in detector.findings("doc", segments)]
    assert ("PERSON", 14, 25) in found
