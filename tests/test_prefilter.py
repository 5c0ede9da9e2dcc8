"""The one-pass pattern prefilter (``scanner.prefilter``) only skips patterns that cannot match.

The engine's findings with and without it must be identical: on a generated corpus, on the
same corpus changed into the Unicode that Hyperscan and the ``regex`` module read differently
(dotted and dotless I, decomposed accents, no-break spaces, full-width digits), and on the
hostile inputs the pattern-safety test uses. The cache tests use tiny pattern sets in a
temporary cache directory.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import regex

from recognizers.custom import adversarial_inputs
from scanner.analyzer import _none_possible
from scanner.config import Config, CustomRecognizer
from scanner.detect import Detector
from scanner.models import Segment
from scanner.prefilter import _supported, cache_dir, form_of, hyperscan_form, load_or_build
from tests.equivalence import TRANSFORMS, corpus_segments, count_same_without, finding_rows

KEY = b"k" * 32
I = regex.IGNORECASE  # noqa: E741 - the flag's own name


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector(Config(mode="fast"), KEY)


def _gated(detector: Detector) -> list:
    return [r for r in detector.analyzer.registry.recognizers if getattr(r, "PREFILTER", False)]


@contextmanager
def _ungated(detector: Detector) -> Iterator[None]:
    recognizers = _gated(detector)
    saved = [r.prefilter for r in recognizers]
    gates = detector.analyzer._gates
    for r in recognizers:
        r.prefilter = None
    detector.analyzer._gates = {}
    try:
        yield
    finally:
        for r, s in zip(recognizers, saved, strict=True):
            r.prefilter = s
        detector.analyzer._gates = gates


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> list[list[Segment]]:
    return corpus_segments(tmp_path_factory.mktemp("corpus"), 40, 2026, ["txt", "eml", "html", "json", "csv"])


def test_every_built_in_pattern_is_prefiltered(detector: Detector) -> None:
    recognizers = _gated(detector)
    assert recognizers
    for r in recognizers:
        assert r.prefilter is not None, r.name
        for pattern, gate in zip(r.patterns, r.prefilter_ids, strict=True):
            # Left out only on purpose (see ``_supported``), never because Hyperscan refused it.
            assert gate is not None or not _supported(pattern.regex, r.global_regex_flags), pattern.name


@pytest.mark.parametrize("transform", TRANSFORMS)
def test_gated_and_ungated_engines_find_the_same(
    detector: Detector, documents: list[list[Segment]], transform: str
) -> None:
    total = count_same_without(detector, documents, transform, lambda: _ungated(detector))
    if transform == "as generated":
        assert total > 500  # the corpus really holds values to find


def test_hostile_inputs_find_the_same(detector: Detector) -> None:
    texts = [
        probe[:5000]
        for r in _gated(detector)
        for p in r.patterns[:1]
        for probe in adversarial_inputs(p.regex)
    ]
    for text in texts:
        segments = [Segment(text)]
        gated = finding_rows(detector, segments)
        with _ungated(detector):
            assert gated == finding_rows(detector, segments)


GATED_VALUES = {
    "EmailAddressRecognizer": "Reply to dana.whitfield@example.org today.",
    "IpAddressRecognizer": "Login from 203.0.113.77 and 2001:db8::8a2e:370:7334 at noon.",
    "IbanRecognizer": "Refund to IBAN GB82 WEST 1234 5698 7654 32 by Friday.",
    "UsMbiRecognizer": "Medicare MBI 1EG4-TE5-MK74 on file.",
    "UkNinoRecognizer": "National Insurance number JG 10 37 59 A recorded.",
    "UsSsnRecognizer": "SSN: 536-22-8471",
    "CptCodeRecognizer": "CPT 99213",
    "StreetAddressRecognizer": "Insured lives at 1420 Maple Avenue, Springfield, IL 62704.",
    # Not pattern recognizers: each has one pattern saying where it may find something.
    "KeyValueRecognizer": "INFO [svc] payee policy_number=HO3-486-2291-07 routing",
    "TableColumnRecognizer": "Name\tRelationship\tDate of Birth\tSSN\nThanh Vu\tTrust\t07/18/1942\t216-81-9431\n",
}


def test_recognizers_are_called_only_where_one_of_their_patterns_can_match(detector: Detector) -> None:
    engine = detector.analyzer
    gates = {r.name: (r, gate) for r, gate in engine._gates.items()}
    # Every prefiltered recognizer but the one whose ``analyze`` finds more than its patterns.
    assert sorted(gates) == sorted(r.name for r in _gated(detector) if r.name != "PersonRecognizer")
    assert set(GATED_VALUES) <= set(gates)
    plain = "Claimant called about the water damage in the kitchen on Monday."
    for name, text in GATED_VALUES.items():
        recognizer, gate = gates[name]
        # What ``analyze`` asks before it calls the recognizer.
        assert _none_possible(engine._prefilter.possible(plain), recognizer, gate), name
        assert not _none_possible(engine._prefilter.possible(text), recognizer, gate), name
        gated = finding_rows(detector, [Segment(text)])
        with _ungated(detector):
            assert gated == finding_rows(detector, [Segment(text)])
    found = {f[5] for text in GATED_VALUES.values() for f in finding_rows(detector, [Segment(text)])}
    assert found == set(GATED_VALUES)  # each value is found with the gate in place


def test_a_text_the_prefilter_cannot_judge_runs_every_pattern(detector: Detector) -> None:
    prefilter = _gated(detector)[0].prefilter
    assert isinstance(prefilter.possible("Policy No. AUT9158448"), frozenset)
    assert prefilter.possible("") == frozenset()
    for text in ("\u0130nsured", "Jose\u0301", "lone \ud800 surrogate", "\U00030000"):
        assert prefilter.possible(text) is None, ascii(text)


def test_custom_patterns_always_run(tmp_path: Path) -> None:
    spec = CustomRecognizer(entity="BROKER_ID", regex=r"\bBRK-\d{6}\b", name="broker", score=0.8)
    detector = Detector(Config(mode="fast", recognizers=(spec,)), KEY)
    custom = [r for r in detector.analyzer.registry.recognizers if r.supported_entities == ["BROKER_ID"]]
    assert custom and custom[0].prefilter is None
    found = detector.findings("doc", [Segment("Broker BRK-123456 called.")])
    assert [f.entity_type for f in found] == ["BROKER_ID"]


# -- which patterns are gated ---------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "flags", "gated"),
    [
        (r"\b\d{3}-\d{2}-\d{4}\b", 0, True),
        (r"(?i)policy\s+\d+", 0, True),  # "(?i)" at the start: the same in both
        (r"policy(?i)\s+no", 0, False),  # the whole pattern in ``regex``, the rest in Hyperscan
        (r"\p{Lu}\p{Ll}+", 0, True),
        (r"\p{Lu}\p{Ll}+", I, False),  # case folding widens a Unicode property in ``regex``
        (r"(?i:dear)\s+\p{Lu}", 0, True),
        (r"(?i:dear\s+\p{Lu})", 0, False),
        (r"(?i:dear\s+[\p{Lu}])", 0, False),
        (r"(?-i:\p{Lu})", I, True),
        (r"\w+", regex.VERBOSE, False),
    ],
)
def test_which_patterns_the_prefilter_may_skip(pattern: str, flags: int, gated: bool) -> None:
    assert _supported(pattern, flags) is gated


@pytest.mark.parametrize(
    ("pattern", "form"),
    [
        (r"(?<![\w])(?:policy|pol)(?:[ \t]*no)?[ \t]*(?P<value>\d+)", r"(?:^|[^\w])(?:policy|pol)"),
        (r"(?<![\w-])\d{3}-\d{4}(?![\w-])", r"(?:^|[^\w-])\d{3}-\d{4}(?![\w-])"),
        (r"(?<!\w)(?i:dear)[ \t]+(?P<value>\p{Lu}\w+)", r"(?:^|\W)(?i:dear)"),
        # Not cut: the group is optional, or another alternative needs no label at all.
        (r"(?<![\w])(?:home[ \t]+)?phone", r"(?:^|[^\w])(?:home[ \t]+)?phone"),
        (r"(?<![\w])(?:ssn){1,2}:\d", r"(?:^|[^\w])(?:ssn){1,2}:\d"),
        (r"(?:ssn|tin)[:#]\d+|\d{9}", r"(?:ssn|tin)[:#]\d+|\d{9}"),
        # Not rewritten: a look-behind of more than one character, or a negated class.
        (r"(?<![\w.][ ])\d{5}", r"(?<![\w.][ ])\d{5}"),
        (r"(?<![^x])a", r"(?<![^x])a"),
        # A value after a look-behind: its content, then the value (look-aheads dropped).
        (
            r"(?<![\w.])(?=\d{5})(?<=(?<![\w])(?:cpt):[ ]*(?:\d{5},[ ]*){1,11})(?P<value>\d{5})",
            r"(?:^|[^\w])(?:cpt):[ ]*(?:\d{5},[ ]*){1,11}(?:(?P<value>\d{5}))",
        ),
        (r"(?<=(?i:account)[ \t]+)\d{6,17}(?!\w)", r"(?i:account)[ \t]+(?:\d{6,17}(?!\w))"),
        # Not rewritten: the look-behind binds one alternative, is optional, or nothing follows.
        (r"(?<=a)b|c", r"(?<=a)b|c"),
        (r"(?<=a)?b", r"(?<=a)?b"),
        (r"(?=x)(?<=a)", r"(?=x)(?<=a)"),
        # A back-reference becomes a copy of its group's content, when that holds no group.
        (
            r"(?<![\w.])\d{3}(?P<sep>[ .])\d{2}(?P=sep)\d{4}",
            r"(?:^|[^\w.])\d{3}(?P<sep>[ .])\d{2}(?:[ .])\d{4}",
        ),
        (r"(?P<q>[)(])x(?P=q)|(?P=q)", r"(?P<q>[)(])x(?:[)(])|(?:[)(])"),
        (r"(?P<a>x(?:y))(?P=a)", r"(?P<a>x(?:y))(?P=a)"),
        (r"(?P<a>1)|(?P<a>2)(?P=a)", r"(?P<a>1)|(?P<a>2)(?P=a)"),
        (r"\(?P=x\)", r"\(?P=x\)"),
        # Parentheses and bars inside classes and escapes are not structure.
        (r"(?:a[)|]\(b)c|", r"(?:a[)|]\(b)c|"),
        (r"(?:a[)|]\(b)c", r"(?:a[)|]\(b)"),
    ],
)
def test_the_form_hyperscan_reads(pattern: str, form: str) -> None:
    assert hyperscan_form(pattern) == form


def test_every_built_in_pattern_form_matches_wherever_the_pattern_does(
    detector: Detector, documents: list[list[Segment]]
) -> None:
    # The prefilter's forms must be wider: checked here with ``regex`` itself on real text.
    texts = [s.text for segments in documents for s in segments]
    texts += ["INFO [payment-svc] payee bank routing=086897680", "Policy No.\nHO-1234567 \u241e Dr. Okafor"]
    texts += ["Flat 3, 14 Harrow Road, London W2 1XA", "Send to 12 Elm Grove\nLeeds\nLS1 4AP today"]
    checked, gates = 0, 0
    for r in _gated(detector):
        for p in r.patterns:
            form = form_of(p.regex, getattr(p, "gate", None))
            gates += getattr(p, "gate", None) is not None
            if form == p.regex:
                continue
            full, wide = (
                regex.compile(p.regex, r.global_regex_flags),
                regex.compile(form, r.global_regex_flags),
            )
            for text in texts:
                if full.search(text):
                    assert wide.search(text), (r.name, p.name)
                    checked += 1
    assert checked > 200 and gates >= 1


def test_a_declared_gate_is_what_the_prefilter_looks_for(cache: Path) -> None:
    pattern = (r"(?<!\w)\d{6}(?!\w)", 0)
    gated = load_or_build([pattern], gates={pattern[0]: r"BRK-\d{6}"})
    plain = load_or_build([pattern])
    assert gated is not None and plain is not None
    assert len(list(cache.glob("*.hsdb"))) == 2  # the gate is part of the cache's key
    text = "reference 123456 without the prefix"
    assert gated.id_of(*pattern) not in (gated.possible(text) or {-1})
    assert plain.id_of(*pattern) in (plain.possible(text) or set())
    assert gated.id_of(*pattern) in (gated.possible("ref BRK-123456") or set())


# -- the cache ----------------------------------------------------------------------

EXPRESSIONS = [(r"\bBRK-\d{6}\b", 0), (r"claim\s+no", I)]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("INSURESCAN_CACHE_DIR", str(folder))
    assert cache_dir() == folder
    return folder


def test_compiled_once_then_loaded_from_the_cache(cache: Path) -> None:
    first = load_or_build(EXPRESSIONS)
    assert first is not None
    (database,) = cache.glob("*.hsdb")
    written = database.stat().st_mtime_ns
    second = load_or_build(EXPRESSIONS)
    assert second is not None and database.stat().st_mtime_ns == written
    brk, claim = (second.id_of(p, f) for p, f in EXPRESSIONS)
    assert second.possible("Broker BRK-123456") == {brk}
    assert second.possible("CLAIM  NO 5") == {claim}
    assert second.possible("nothing here") == frozenset()


def test_a_corrupt_cache_file_is_rebuilt(cache: Path) -> None:
    load_or_build(EXPRESSIONS)
    (database,) = cache.glob("*.hsdb")
    database.write_bytes(b"not a database")
    rebuilt = load_or_build(EXPRESSIONS)
    assert rebuilt is not None and rebuilt.possible("BRK-123456")
    assert database.read_bytes() != b"not a database"


def test_no_usable_cache_means_no_prefilter(cache: Path) -> None:
    cache.parent.mkdir(exist_ok=True)
    cache.write_text("a file where the folder should be")
    assert load_or_build(EXPRESSIONS) is None


def test_another_process_compiling_means_no_prefilter_here(cache: Path) -> None:
    cache.mkdir(parents=True)
    # Hold the lock of the not yet built database the way a compiling process does.
    with open(_lock_path_for(cache, EXPRESSIONS), "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        assert load_or_build(EXPRESSIONS) is None
    assert load_or_build(EXPRESSIONS) is not None  # released: compiled here now


def _lock_path_for(cache: Path, expressions: list[tuple[str, int]]) -> Path:
    from scanner.prefilter import _key

    return cache / f"patterns-{_key(sorted(set(expressions)), {})}.lock"


def test_a_pattern_hyperscan_cannot_read_always_runs(cache: Path) -> None:
    branch_reset = (r"(?|(BRK)-\d{6}|(AGT)-\d{4})", 0)  # ``regex`` syntax only
    prefilter = load_or_build([*EXPRESSIONS, branch_reset])
    assert prefilter is not None
    assert prefilter.id_of(*branch_reset) is None
    assert prefilter.id_of(*EXPRESSIONS[0]) is not None
