"""Presidio's ``AnalyzerEngine`` with the same steps and less bookkeeping per call.

A scan calls the analyzer thousands of times (one call per column, key or chunk), most calls
on short text, so what upstream does around the recognizers costs as much as the matching:
it picks the recognizers for the requested entities afresh (through a ``set``, so their order
changes between processes), and before the context step it splits the results once per
recognizer (two list comprehensions over all results for each of ~30 recognizers, each
comparing a recognizer id that is formatted anew on every access). ``LeanAnalyzerEngine``
keeps upstream's steps and their order of results:

1. each selected recognizer's ``analyze``, its results tagged with its id;
2. results grouped by recognizer (registry order) and passed through a recognizer's own
   ``enhance_using_context`` where it overrides the default;
3. the engine's context enhancer;
4. results under the caller's ``score_threshold`` dropped, then ``EntityRecognizer.remove_duplicates``
   (``recognizers.base.remove_duplicates``: the same, faster);
5. explanations removed (callers never ask for the decision process).

Before step 1, one Hyperscan pass over the text tells the built-in pattern recognizers which
of their patterns cannot match it (``scanner.prefilter``); those are not run. Insurescan's own
pattern recognizers skip such patterns themselves; a recognizer whose results all come from its
patterns (an upstream ``PatternRecognizer`` marked ``PREFILTER``, or one of ours that does not
override ``analyze``) is not called at all when none of its patterns can match. A recognizer's
``CONTEXT_ONLY`` patterns (matches that only a context word lifts over the threshold) are left
out of a call whose text and context words hold none of its context words.

The recognizers for an entity list are chosen once, in registry order.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from recognizers.base import ValuePatternRecognizer, prefilter_current, remove_duplicates
from scanner.context import ContextWordsPresent
from scanner.prefilter import Prefilter, expressions_of, load_or_build
from scanner.starts import finder_for

_ID = RecognizerResult.RECOGNIZER_IDENTIFIER_KEY


class LeanAnalyzerEngine(AnalyzerEngine):
    """``AnalyzerEngine.analyze`` for callers that pass NLP artifacts and want no explanations."""

    # Leave out ``CONTEXT_ONLY`` patterns where no context word is (off only to test that it
    # changes nothing).
    skip_context_only = True

    def __init__(self, *, prefilter: bool = True, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._selected: dict[tuple[str, ...] | None, _Selection] = {}
        for recognizer in self.registry.recognizers:
            if hasattr(recognizer, "build_explanations"):
                recognizer.build_explanations = False  # step 5 would drop them
        self._prefilter = attach_prefilter(self.registry.recognizers) if prefilter else None
        self._gates = whole_recognizer_gates(self.registry.recognizers) if self._prefilter is not None else {}

    def analyze(  # type: ignore[override]
        self,
        text: str,
        language: str,
        entities: Sequence[str] | None = None,
        score_threshold: float | None = None,
        context: list[str] | None = None,
        nlp_artifacts: NlpArtifacts | None = None,
        **unsupported: Any,
    ) -> list[RecognizerResult]:
        if unsupported or score_threshold is None:
            # Allow lists, ad-hoc recognizers, the decision process and per-recognizer
            # thresholds: upstream's engine does them.
            return super().analyze(
                text=text, language=language, entities=list(entities) if entities else None,
                score_threshold=score_threshold, context=context, nlp_artifacts=nlp_artifacts,
                **unsupported,
            )  # fmt: skip
        selection = self._selection(language, entities)
        if nlp_artifacts is None:
            nlp_artifacts = self.nlp_engine.process_text(text, language)
        results: list[RecognizerResult] = []
        present = ContextWordsPresent.of(text, [w.lower() for w in context] if context else [])
        # One Hyperscan pass for the whole call (the recognizers' own checks reuse it).
        possible = self._prefilter.possible(text) if self._prefilter is not None else None
        for recognizer in selection.recognizers:
            gate = self._gates.get(recognizer)
            if gate is not None and _none_possible(possible, recognizer, gate):
                continue
            if not recognizer.is_loaded:
                recognizer.load()
                recognizer.is_loaded = True
            skip = selection.context_only(recognizer, score_threshold) if self.skip_context_only else None
            # Only a recognizer with CONTEXT_ONLY patterns takes ``skip``.
            extra = {"skip": skip} if skip and not present.any_of(recognizer) else {}
            found = recognizer.analyze(
                text=text, entities=selection.entities, nlp_artifacts=nlp_artifacts, **extra
            )
            if found:
                rid = selection.ids[recognizer]
                for r in found:
                    if not r.recognition_metadata:
                        r.recognition_metadata = {}
                    r.recognition_metadata.setdefault(_ID, rid)
                results.extend(found)
        if results:
            results = self._context(text, results, nlp_artifacts, selection, context)
        results = [r for r in results if r.score >= score_threshold]
        if len(results) > 1:
            results = remove_duplicates(results)
        for r in results:
            r.analysis_explanation = None
        return results

    def _context(
        self,
        text: str,
        results: list[RecognizerResult],
        artifacts: NlpArtifacts,
        selection: _Selection,
        context: list[str] | None,
    ) -> list[RecognizerResult]:
        # Upstream regroups results by recognizer; a result tagged with a recognizer that was
        # not selected for this call is dropped there, so it is here.
        rank = selection.rank
        grouped = sorted((r for r in results if r.recognition_metadata[_ID] in rank),
                         key=lambda r: rank[r.recognition_metadata[_ID]])  # fmt: skip
        if selection.own_context:
            out: list[RecognizerResult] = []
            for recognizer in selection.recognizers:
                rid = selection.ids[recognizer]
                mine = [r for r in grouped if r.recognition_metadata[_ID] == rid]
                if recognizer in selection.own_context:
                    others = [r for r in grouped if r.recognition_metadata[_ID] != rid]
                    mine = recognizer.enhance_using_context(
                        text=text, raw_recognizer_results=mine, other_raw_recognizer_results=others,
                        nlp_artifacts=artifacts, context=context,
                    )  # fmt: skip
                out.extend(mine)
            grouped = out
        return self.context_aware_enhancer.enhance_using_context(
            text=text,
            raw_results=grouped,
            nlp_artifacts=artifacts,
            recognizers=selection.recognizers,
            context=context,
        )

    def _selection(self, language: str, entities: Sequence[str] | None) -> _Selection:
        key = tuple(entities) if entities else None
        selection = self._selected.get(key)
        if selection is None:
            wanted = list(entities) if entities else self.get_supported_entities(language=language)
            chosen = [
                r
                for r in self.registry.recognizers
                if r.supported_language == language and any(e in r.supported_entities for e in wanted)
            ]
            selection = _Selection(chosen, wanted)
            self._selected[key] = selection
        return selection


def _none_possible(
    possible: frozenset[int] | None, recognizer: EntityRecognizer, gate: frozenset[int]
) -> bool:
    # ``possible`` None: a text the prefilter cannot judge. Patterns changed after the engine
    # was built: the ids no longer describe them.
    return possible is not None and possible.isdisjoint(gate) and prefilter_current(recognizer)  # type: ignore[arg-type]


def attach_prefilter(recognizers: Sequence[EntityRecognizer]) -> Prefilter | None:
    """Give the built-in pattern recognizers the shared one-pass prefilter (``scanner.prefilter``)."""
    gated = [r for r in recognizers if getattr(r, "PREFILTER", False)]
    expressions, gates = expressions_of(gated)
    found = load_or_build(expressions, gates=gates)
    for r in gated:
        if isinstance(r, ValuePatternRecognizer):
            r.find_starts = finder_for
        r.prefilter = found
        r.prefilter_ids = (
            tuple(found.id_of(p.regex, r.global_regex_flags) for p in r.patterns) if found else ()
        )
    return found


def whole_recognizer_gates(recognizers: Sequence[EntityRecognizer]) -> dict[EntityRecognizer, frozenset[int]]:
    """The prefilter ids of each prefiltered recognizer whose results all come from its
    patterns, when Hyperscan holds all of them: it is called only on a text where one of them
    may match. Upstream ``PatternRecognizer``s do not skip patterns themselves; our own do, but
    a short cell asks some twenty of them in turn to find that none of their patterns may match
    (a quarter of the time of a scan's cell-sized calls). A recognizer that overrides
    ``analyze`` may find more than its patterns do, so it is always called."""
    gates: dict[EntityRecognizer, frozenset[int]] = {}
    for r in recognizers:
        ids = getattr(r, "prefilter_ids", ())
        gated_here = getattr(r, "PREFILTER", False) and (
            not isinstance(r, ValuePatternRecognizer) or type(r).analyze is ValuePatternRecognizer.analyze
        )
        if gated_here and ids and None not in ids:
            gates[r] = frozenset(ids)
    return gates


class _Selection:
    """The recognizers that serve one entity list, with their ids computed once."""

    def __init__(self, recognizers: list[EntityRecognizer], entities: list[str]) -> None:
        self.recognizers = recognizers
        self.entities = entities
        self.ids = {r: r.id for r in recognizers}
        self.rank = {rid: i for i, rid in enumerate(self.ids.values())}
        self.own_context = {
            r
            for r in recognizers
            if type(r).enhance_using_context is not EntityRecognizer.enhance_using_context
        }
        self._context_only: dict[tuple[EntityRecognizer, float], frozenset[str]] = {}

    def context_only(self, recognizer: EntityRecognizer, threshold: float) -> frozenset[str]:
        """``recognizer``'s ``CONTEXT_ONLY`` patterns that score below ``threshold``: without a
        context word their matches would be dropped (a recognizer with its own context step
        may use them otherwise, so it has none)."""
        key = (recognizer, threshold)
        names = self._context_only.get(key)
        if names is None:
            declared = getattr(recognizer, "CONTEXT_ONLY", frozenset())
            names = frozenset(
                p.name for p in recognizer.patterns if p.name in declared and p.score < threshold
            ) if declared and recognizer not in self.own_context else frozenset()  # fmt: skip
            self._context_only[key] = names
        return names
