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
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from presidio_analyzer import AnalyzerEngine, RecognizerRegistry, RecognizerResult

from recognizers import columns
from recognizers.catalogue import CATALOGUE
from recognizers.registry import build_recognizers
from scanner.analyzer import LeanAnalyzerEngine
from scanner.config import Config, CustomRecognizer
from scanner.context import FastContextEnhancer
from scanner.fingerprint import fingerprint, mask
from scanner.models import Finding, Location, Segment
from scanner.nlp import OfflineSpacyNlpEngine

_LOG = logging.getLogger(__name__)

CHUNK_CHARS = 100_000
OVERLAP_CHARS = 1_000
BATCH_SIZE = 32
COLUMN_RECOGNIZER = "ColumnHeaderClassifier"

# Entities whose values may be printed without a digit. Every other catalogue entity's value
# holds digits (its patterns, checksums or ``plausible_reference`` demand them), so text
# without any (a column of names, a paragraph of prose) skips those recognizers: a quarter of
# the analyzer calls of a scan, each otherwise running some 70 patterns for nothing.
WITHOUT_DIGITS = frozenset(
    {"PERSON", "EMAIL_ADDRESS", "LICENSE_PLATE", "IP_ADDRESS", "STREET_ADDRESS", "DATE_OF_BIRTH"}
)
_DIGIT = re.compile(r"\d")


@functools.lru_cache(maxsize=4)
def _cached_analyzer(ner: bool, custom: tuple[CustomRecognizer, ...]) -> AnalyzerEngine:
    nlp_engine = OfflineSpacyNlpEngine(ner=ner)
    nlp_engine.load()
    registry = RecognizerRegistry(recognizers=build_recognizers(custom, ner=ner), supported_languages=["en"])
    return LeanAnalyzerEngine(
        registry=registry,
        nlp_engine=nlp_engine,
        supported_languages=["en"],
        context_aware_enhancer=FastContextEnhancer(),
    )


def build_analyzer(config: Config | None = None) -> AnalyzerEngine:
    """The process-wide engine for ``config`` (NER unless ``mode == "fast"``)."""
    config = config or Config()
    return _cached_analyzer(config.mode != "fast", tuple(config.recognizers))


def clear_cache() -> None:
    _cached_analyzer.cache_clear()


# Short segments (cells, lines, headers) are analysed together: one analyzer
# call per segment costs more than the matching itself. Segments with the same
# per-call context are joined with a separator no pattern crosses ("\n" plus a
# record-separator symbol, neither space nor word character), and results are
# mapped back; a result that spans the separator is dropped.
JOIN = "\n\u241e\n"
MERGE_CHARS = 20_000


@dataclass
class _Piece:
    """Text sent to the analyzer in one call, and how its offsets map back.

    ``spans`` holds (segment index, start in piece, end in piece, offset of
    that start within the segment). Only results starting in ``[own_start,
    own_end)`` count: overlapping chunks of one long segment each own a window.
    """

    text: str
    context: tuple[str, ...]
    spans: list[tuple[int, int, int, int]]
    own_start: int
    own_end: int


def _chunks(index: int, seg: Segment, chunk: int, overlap: int) -> Iterator[_Piece]:
    text = seg.text
    step = chunk - overlap
    half = overlap // 2
    offset = 0
    while True:
        last = offset + chunk >= len(text)
        body = text[offset : offset + chunk]
        own_start = 0 if offset == 0 else half
        own_end = len(body) if last else step + half
        yield _Piece(body, seg.context, [(index, 0, len(body), offset)], own_start, own_end)
        if last:
            return
        offset += step


def _plan(segments: Sequence[Segment], chunk: int, overlap: int) -> list[_Piece]:
    pieces: list[_Piece] = []
    open_by_context: dict[tuple[str, ...], _Piece] = {}
    for i, seg in enumerate(segments):
        if not seg.text.strip():
            continue
        if len(seg.text) > chunk:
            pieces.extend(_chunks(i, seg, chunk, overlap))
            continue
        piece = open_by_context.get(seg.context)
        if piece is not None and len(piece.text) + len(JOIN) + len(seg.text) > MERGE_CHARS:
            piece = None
        if piece is None:
            piece = _Piece("", seg.context, [], 0, 0)
            open_by_context[seg.context] = piece
            pieces.append(piece)
        else:
            piece.text += JOIN
        start = len(piece.text)
        piece.text += seg.text
        piece.spans.append((i, start, len(piece.text), 0))
        piece.own_end = len(piece.text)
    return pieces


def _locate(piece: _Piece, start: int, end: int) -> tuple[int, int] | None:
    """(segment index, offset in segment) of a result, or None if it crosses a join."""
    starts = [s[1] for s in piece.spans]
    k = bisect_right(starts, start) - 1
    if k < 0:
        return None
    index, s0, s1, seg_offset = piece.spans[k]
    if end > s1:
        return None
    return index, start - s0 + seg_offset


def resolve_overlaps(results: Sequence[RecognizerResult]) -> list[RecognizerResult]:
    """Where results of different types overlap, keep the surest (then longest)."""
    # Kept spans never overlap, so sorted by start they are sorted by end too: a candidate
    # only needs checking against its two neighbours.
    starts: list[int] = []
    kept: list[RecognizerResult] = []
    for r in sorted(results, key=lambda r: (-r.score, -(r.end - r.start), r.start)):
        at = bisect_right(starts, r.start)
        if at and kept[at - 1].end > r.start:
            continue
        if at < len(kept) and kept[at].start < r.end:
            continue
        starts.insert(at, r.start)
        kept.insert(at, r)
    return kept


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
        catalogue = set(CATALOGUE)
        wanted = self.entities or self.analyzer.get_supported_entities(language="en")
        # A custom recognizer's pattern may match letters only: its entity always runs.
        custom = {spec.entity for spec in config.recognizers}
        self.entities_without_digits = [
            e for e in wanted if e in WITHOUT_DIGITS or e in custom or e not in catalogue
        ]

    # -- core: spans per segment ------------------------------------------------
    def analyze(self, segments: Sequence[Segment]) -> list[list[RecognizerResult]]:
        """Results per segment, offsets relative to each segment's text."""
        out: list[list[RecognizerResult]] = [[] for _ in segments]
        pieces = _plan(segments, self.chunk_chars, self.overlap_chars)
        nlp: OfflineSpacyNlpEngine = self.analyzer.nlp_engine  # type: ignore[assignment]
        for first in range(0, len(pieces), BATCH_SIZE):
            batch = pieces[first : first + BATCH_SIZE]
            self._analyze_batch(nlp, batch, out)
        for i, seg in enumerate(segments):
            out[i].extend(self._from_header(seg))
            out[i] = resolve_overlaps(out[i])
        return out

    def _analyze_batch(
        self, nlp: OfflineSpacyNlpEngine, batch: list[_Piece], out: list[list[RecognizerResult]]
    ) -> None:
        # spaCy keeps every new string it sees; once its vocabulary has grown past a bound the
        # zone frees them after each batch, so memory stays flat over a 200 MB file. Nothing
        # made inside (docs, spans) outlives this batch: results hold offsets only.
        with nlp.memory_zone():
            texts = [p.text for p in batch]
            artifacts_list = nlp.pipe(texts)
            for piece, artifacts in zip(batch, artifacts_list, strict=True):
                entities = self.entities
                if not _DIGIT.search(piece.text):
                    entities = self.entities_without_digits
                    if not entities:
                        continue
                results = self.analyzer.analyze(
                    text=piece.text,
                    language="en",
                    entities=entities,
                    nlp_artifacts=artifacts,
                    context=list(piece.context) or None,
                    score_threshold=self.config.min_score,
                )
                for r in results:
                    if not piece.own_start <= r.start < piece.own_end:
                        continue
                    where = _locate(piece, r.start, r.end)
                    if where is None:
                        continue
                    index, s = where
                    out[index].append(
                        RecognizerResult(r.entity_type, s, s + (r.end - r.start), r.score,
                                         r.analysis_explanation, r.recognition_metadata)
                    )  # fmt: skip

    def _from_header(self, seg: Segment) -> list[RecognizerResult]:
        """A cell under a header that names an entity is judged as that entity."""
        value = seg.text.strip()
        if not value or not seg.context:
            return []
        for header in seg.context:
            if columns.entity_for_header(header) is None:
                continue
            # classify_cell, not classify_value: a HCPCS code under "Procedure" and any code
            # under a bare "Code" header are reported as what they are.
            judged = columns.classify_cell(header, value)
            if judged is None:
                # The next word may still name it: a key-value block under a table's columns
                # ("Member #" | "634052050-03" in the column headed "Code").
                continue
            entity, score = judged
            if self.entities and entity not in self.entities:
                return []
            if score >= self.config.min_score:
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
            lines: dict[int, Location] = {}
            for r in results:
                found.append(self._finding(path, seg, r, lines))
        return found

    def _finding(self, path: str, seg: Segment, r: RecognizerResult, lines: dict[int, Location]) -> Finding:
        value = seg.text[r.start : r.end]
        start, end, loc = r.start, r.end, seg.location
        if loc.line is not None:
            # Report the line the value is on and offsets within that line. The values of one
            # line share its ``Location``: it is pickled once and its JSON made once.
            line_start = seg.text.rfind("\n", 0, r.start) + 1
            shared = lines.get(line_start)
            if shared is None:
                line = loc.line + seg.text.count("\n", 0, r.start)
                shared = lines[line_start] = loc.on_line(line)
            loc = shared
            start, end = r.start - line_start, r.end - line_start
        meta = r.recognition_metadata or {}
        return Finding.of(
            f"{path}!{seg.member}" if seg.member else path,
            r.entity_type,
            float(r.score),
            start,
            end,
            loc,
            str(meta.get("recognizer_name", "unknown")),
            mask(r.entity_type, value),
            fingerprint(self.key, r.entity_type, value),
            value if self.reveal else None,
        )
