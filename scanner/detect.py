"""Detection: segments in, findings out.

One Presidio ``AnalyzerEngine`` per process (built lazily, cached), fed in
batches through ``nlp.pipe``. Long texts are cut into overlapping chunks; each
chunk *owns* a window of offsets and keeps only the results that start there,
so a value that straddles a border is found exactly once. Structured cells
(CSV/XLSX/JSON) whose header names an entity are classified from the header.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from presidio_analyzer import AnalyzerEngine, RecognizerRegistry, RecognizerResult

from recognizers import columns
from recognizers.registry import build_recognizers
from scanner.config import Config, CustomRecognizer
from scanner.fingerprint import fingerprint, mask
from scanner.models import Finding, Location, Segment
from scanner.nlp import OfflineSpacyNlpEngine

_LOG = logging.getLogger(__name__)

CHUNK_CHARS = 100_000
OVERLAP_CHARS = 1_000
BATCH_SIZE = 32
COLUMN_RECOGNIZER = "ColumnHeaderClassifier"


@functools.lru_cache(maxsize=4)
def _cached_analyzer(ner: bool, custom: tuple[CustomRecognizer, ...]) -> AnalyzerEngine:
    nlp_engine = OfflineSpacyNlpEngine(ner=ner)
    nlp_engine.load()
    registry = RecognizerRegistry(recognizers=build_recognizers(custom, ner=ner), supported_languages=["en"])
    return AnalyzerEngine(registry=registry, nlp_engine=nlp_engine, supported_languages=["en"])


def build_analyzer(config: Config | None = None) -> AnalyzerEngine:
    """The process-wide engine for ``config`` (NER unless ``mode == "fast"``)."""
    config = config or Config()
    return _cached_analyzer(config.mode != "fast", tuple(config.recognizers))


def clear_cache() -> None:
    _cached_analyzer.cache_clear()


@dataclass(frozen=True)
class _Piece:
    """A slice of a segment's text sent to the analyzer, and the offsets it owns."""

    index: int  # which segment
    offset: int
    text: str
    own_start: int
    own_end: int


def _pieces(index: int, text: str, chunk: int, overlap: int) -> Iterator[_Piece]:
    if len(text) <= chunk:
        yield _Piece(index, 0, text, 0, len(text))
        return
    step = chunk - overlap
    half = overlap // 2
    offset = 0
    while True:
        last = offset + chunk >= len(text)
        own_start = 0 if offset == 0 else offset + half
        own_end = len(text) if last else offset + step + half
        yield _Piece(index, offset, text[offset : offset + chunk], own_start, own_end)
        if last:
            return
        offset += step


def resolve_overlaps(results: Sequence[RecognizerResult]) -> list[RecognizerResult]:
    """Where results of different types overlap, keep the surest (then longest)."""
    kept: list[RecognizerResult] = []
    for r in sorted(results, key=lambda r: (-r.score, -(r.end - r.start), r.start)):
        if all(r.end <= k.start or r.start >= k.end for k in kept):
            kept.append(r)
    return sorted(kept, key=lambda r: (r.start, r.end))


class Detector:
    """Finds entities in segments. Build one per process and reuse it."""

    def __init__(
        self,
        config: Config,
        key: bytes,
        reveal: bool = False,
        chunk_chars: int = CHUNK_CHARS,
        overlap_chars: int = OVERLAP_CHARS,
    ) -> None:
        if overlap_chars * 2 >= chunk_chars:
            raise ValueError("overlap must be less than half the chunk size")
        self.config = config
        self.key = key
        self.reveal = reveal
        self.chunk_chars = chunk_chars
        self.overlap_chars = overlap_chars
        self.analyzer = build_analyzer(config)
        self.entities = list(config.entities) or None

    # -- core: spans per segment ------------------------------------------------
    def analyze(self, segments: Sequence[Segment]) -> list[list[RecognizerResult]]:
        """Results per segment, offsets relative to each segment's text."""
        out: list[list[RecognizerResult]] = [[] for _ in segments]
        pieces = [
            p
            for i, seg in enumerate(segments)
            if seg.text.strip()
            for p in _pieces(i, seg.text, self.chunk_chars, self.overlap_chars)
        ]
        nlp: OfflineSpacyNlpEngine = self.analyzer.nlp_engine  # type: ignore[assignment]
        for start in range(0, len(pieces), BATCH_SIZE):
            batch = pieces[start : start + BATCH_SIZE]
            for piece, artifacts in zip(batch, nlp.pipe(p.text for p in batch), strict=True):
                seg = segments[piece.index]
                results = self.analyzer.analyze(
                    text=piece.text,
                    language="en",
                    entities=self.entities,
                    nlp_artifacts=artifacts,
                    context=list(seg.context) or None,
                    score_threshold=self.config.min_score,
                )
                for r in results:
                    s, e = r.start + piece.offset, r.end + piece.offset
                    if piece.own_start <= s < piece.own_end:
                        out[piece.index].append(
                            RecognizerResult(r.entity_type, s, e, r.score, r.analysis_explanation,
                                             r.recognition_metadata)
                        )  # fmt: skip
        for i, seg in enumerate(segments):
            out[i].extend(self._from_header(seg))
            out[i] = resolve_overlaps(out[i])
        return out

    def _from_header(self, seg: Segment) -> list[RecognizerResult]:
        """A cell under a header that names an entity is judged as that entity."""
        value = seg.text.strip()
        if not value or not seg.context:
            return []
        for header in seg.context:
            entity = columns.entity_for_header(header)
            if entity is None or (self.entities and entity not in self.entities):
                continue
            score = columns.classify_value(entity, value)
            if score is not None and score >= self.config.min_score:
                start = seg.text.index(value)
                return [
                    RecognizerResult(entity, start, start + len(value), score,
                                     recognition_metadata={"recognizer_name": COLUMN_RECOGNIZER})
                ]  # fmt: skip
            return []
        return []

    # -- findings -----------------------------------------------------------------
    def findings(self, path: str, segments: Iterable[Segment]) -> list[Finding]:
        segs = list(segments)
        found: list[Finding] = []
        for seg, results in zip(segs, self.analyze(segs), strict=True):
            for r in results:
                found.append(self._finding(path, seg, r))
        return found

    def _finding(self, path: str, seg: Segment, r: RecognizerResult) -> Finding:
        value = seg.text[r.start : r.end]
        start, end, loc = r.start, r.end, seg.location
        if loc.line is not None:
            # Report the line the value is on and offsets within that line.
            line_start = seg.text.rfind("\n", 0, r.start) + 1
            loc = Location(**{**loc.as_dict(), "line": loc.line + seg.text.count("\n", 0, r.start)})
            start, end = r.start - line_start, r.end - line_start
        meta = r.recognition_metadata or {}
        return Finding(
            path=f"{path}!{seg.member}" if seg.member else path,
            entity_type=r.entity_type,
            score=float(r.score),
            start=start,
            end=end,
            location=loc,
            recognizer=str(meta.get("recognizer_name", "unknown")),
            masked=mask(r.entity_type, value),
            fingerprint=fingerprint(self.key, r.entity_type, value),
            text=value if self.reveal else None,
        )
