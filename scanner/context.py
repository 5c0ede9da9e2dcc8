"""Presidio's context enhancer, with the same rules, at a cost that does not grow
with the length of the text.

Upstream's ``LemmaContextAwareEnhancer`` deep-copies every result, walks the
token list from the start to find each match, and tests words against a list
of keywords; on a 100,000-character chunk with many candidates that is the
slowest part of detection. This subclass keeps its parameters and semantics
(a context word anywhere in the ``context_prefix_count`` keywords before the
match, or in the per-call context, raises the score by
``context_similarity_factor`` to at least ``min_score_with_context_similarity``)
but finds the token by bisection and tests membership in a set, and it looks nothing up for
a recognizer none of whose context words is anywhere in the text.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Any

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.context_aware_enhancers import ContextAwareEnhancer, LemmaContextAwareEnhancer
from presidio_analyzer.nlp_engine import NlpArtifacts

_KW_ATTR = "_insurescan_keyword_set"
_MEMO_SIZE = 65_536


class FastContextEnhancer(LemmaContextAwareEnhancer):
    # Skip the lookup for a result whose recognizer has none of its context words anywhere in
    # the text (``ContextWordsPresent``); off only to test that it changes nothing.
    gate_on_words = True

    def enhance_using_context(
        self,
        text: str,
        raw_results: list[RecognizerResult],
        nlp_artifacts: NlpArtifacts,
        recognizers: list[EntityRecognizer],
        context: list[str] | None = None,
    ) -> list[RecognizerResult]:
        # The raw results are built per call and dropped after it: no copy needed.
        if nlp_artifacts is None or not raw_results:
            return raw_results
        by_id = {r.id: r for r in recognizers}
        extra = [w.lower() for w in context] if context else []
        key = RecognizerResult.RECOGNIZER_IDENTIFIER_KEY
        present = ContextWordsPresent.of(text, extra) if self.gate_on_words else None
        lookups: list[tuple[RecognizerResult, EntityRecognizer]] = []
        for result in raw_results:
            meta = result.recognition_metadata or {}
            recognizer = by_id.get(meta.get(key))
            if recognizer is None or not recognizer.context:
                continue
            if meta.get(RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY):
                continue
            if result.score >= ContextAwareEnhancer.MAX_SCORE:
                continue  # a passed checksum: context cannot raise it, and reading it costs
            if present is not None and not present.any_of(recognizer):
                continue  # none of its context words is in the text: no window could hold one
            lookups.append((result, recognizer))
        expect = getattr(nlp_artifacts, "expect_lookups", None)
        if expect is not None and lookups:
            expect(len(lookups))
        for result, recognizer in lookups:
            words = self._words_before(nlp_artifacts, result.start) + extra
            supportive = self._supportive(words, recognizer.context)
            if supportive:
                result.score = min(
                    max(
                        result.score + self.context_similarity_factor, self.min_score_with_context_similarity
                    ),
                    ContextAwareEnhancer.MAX_SCORE,
                )
                if result.analysis_explanation is not None:
                    result.analysis_explanation.set_supportive_context_word(supportive)
                    result.analysis_explanation.set_improved_score(result.score)
        return raw_results

    def _supportive(self, words: list[str], context: list[str]) -> str:
        """Upstream's ``_find_supportive_word_in_context``: the first of ``context`` that is a
        substring of any of ``words`` (case-insensitive), or "".

        Each word is matched against the context list once and remembered: the window around
        a value holds the value itself (new every time) and the same few label words, and
        upstream lower-cases and compares every pair again. The first context word that any
        word holds is the lowest of the words' first matches.
        """
        if self.context_matching_mode != "substring":
            return self._find_supportive_word_in_context(words, context, self.context_matching_mode)
        memos: dict[tuple[str, ...], dict[str, int]] = self.__dict__.setdefault("_memos", {})
        key = tuple(context)
        memo = memos.get(key)
        if memo is None or len(memo) >= _MEMO_SIZE:
            memo = memos[key] = {}
        best = len(key)
        for word in words:
            first = memo.get(word)
            if first is None:
                low = word.lower()
                first = memo[word] = next((i for i, c in enumerate(key) if c.lower() in low), len(key))
            if first < best:
                best = first
        return key[best] if best < len(key) else ""

    def _words_before(self, artifacts: NlpArtifacts, start: int) -> list[str]:
        """The keyword lemmas around the token at ``start``: ``context_prefix_count``
        before it (plus the token itself) and ``context_suffix_count`` after."""
        around = getattr(artifacts, "keywords_around", None)
        if around is not None:
            # Our engine's artifacts read these words from the Doc without building
            # the per-token lists (see scanner.nlp.LazyNlpArtifacts).
            return list(around(start, self.context_prefix_count, self.context_suffix_count))
        tokens: Any = artifacts.tokens
        if not tokens:
            return []
        keywords = _keyword_set(artifacts)
        idx = artifacts.tokens_indices
        i = bisect_right(idx, start) - 1
        if i < 0:
            i = 0
        elif start >= idx[i] + len(tokens[i]) and i + 1 < len(idx):
            i += 1  # the match starts in the space after token i
        lemmas = artifacts.lemmas
        out: list[str] = []
        for step, count in ((-1, self.context_prefix_count), (1, self.context_suffix_count)):
            j, remaining = i, count + 1
            while 0 <= j < len(lemmas) and remaining > 0:
                lemma = lemmas[j].lower()
                if lemma in keywords:
                    out.append(lemma)
                    remaining -= 1
                j += step
        return out


class ContextWordsPresent:
    """Whether any of a recognizer's context words occurs in the text (or the call's extra
    context words) at all, lower-cased, as a substring.

    A keyword is a token of this text, lower-cased, and a context word supports a match when it
    is a substring of one (upstream's default matching; its whole-word mode is stricter), so a
    word that is nowhere in the lower-cased text cannot be in any window around a match. A text
    without any of a recognizer's words (a claims log's timestamps read as bare dates, with no
    "DOB" anywhere) then costs no tokenizing. Lower-casing is per character but for the Greek
    final sigma, so a word holding a sigma is always looked up.
    """

    _last: ContextWordsPresent | None = None

    def __init__(self, text: str, extra: list[str]) -> None:
        self._text = text
        self._lowered: str | None = None
        self._extra = extra
        self._by_recognizer: dict[EntityRecognizer, bool] = {}

    @classmethod
    def of(cls, text: str, extra: list[str]) -> ContextWordsPresent:
        """The answers for ``text``: the engine (``CONTEXT_ONLY``) and its enhancer ask about
        the same text and context words in one call, so the last one is kept."""
        last = cls._last
        if last is None or last._text is not text or last._extra != extra:
            last = cls._last = cls(text, extra)
        return last

    def any_of(self, recognizer: EntityRecognizer) -> bool:
        found = self._by_recognizer.get(recognizer)
        if found is None:
            if self._lowered is None:
                self._lowered = self._text.lower()
            found = self._by_recognizer[recognizer] = any(
                _SIGMA.intersection(low) or low in self._lowered or any(low in w for w in self._extra)
                for low in (w.lower() for w in recognizer.context)
            )
        return found


_SIGMA = frozenset("σς")


def _keyword_set(artifacts: NlpArtifacts) -> frozenset[str]:
    cached = getattr(artifacts, _KW_ATTR, None)
    if cached is None:
        cached = frozenset(artifacts.keywords)
        setattr(artifacts, _KW_ATTR, cached)
    return cached
