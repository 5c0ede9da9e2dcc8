"""Cells of tables printed as text, judged by their column header."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from presidio_analyzer import EntityRecognizer, Pattern, RecognizerResult

from recognizers import columns
from recognizers.tables import text_table_cells

if TYPE_CHECKING:
    from presidio_analyzer.nlp_engine import NlpArtifacts


_GATE = r"  |\t|\|[^\n]*\|"


class TableColumnRecognizer(EntityRecognizer):
    """A value in a tab-separated, pipe or fixed-width text table is classified by the header
    of its column, exactly as a CSV or XLSX cell is (``recognizers.columns``): a loss run's
    "Member ID" column holds member IDs whatever their format, a "Rendering NPI" column NPIs
    (check digit still required), a "Claimant" column people.

    A header names the column only when it stands over three or more short labels and the
    rows keep its separators (``recognizers.tables``); a cell that does not fit its column
    ("N/A" under "SSN") is not reported. Scores are those of ``columns.classify_value``.
    """

    # Gated by the engine's prefilter (``scanner.analyzer``) on ``patterns``: a table's header
    # line holds a tab, two pipes or a gap of two spaces (``recognizers.tables._style``), so a
    # text without any is not parsed line by line (most texts: 304 of 4,220 multi-line texts of
    # the benchmark's quarter corpus hold one). The pattern finds nothing by itself.
    PREFILTER: ClassVar[bool] = True
    global_regex_flags = 0

    def __init__(self, supported_language: str = "en", name: str | None = None) -> None:
        super().__init__(
            supported_entities=sorted(columns.CLASSIFIED_ENTITIES),
            name=name or "TableColumnRecognizer",
            supported_language=supported_language,
        )
        self.patterns = [Pattern("a tab, two spaces or two pipes on a line (a gate)", _GATE, 0.0)]

    def load(self) -> None:
        """Nothing to load."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        wanted = set(entities) if entities else None
        results: list[RecognizerResult] = []
        for cell in text_table_cells(text):
            judged = columns.classify_cell(cell.header, text[cell.start : cell.end])
            if judged is None:
                continue
            entity, score = judged
            if wanted is not None and entity not in wanted:
                continue
            results.append(column_result(self, entity, cell.start, cell.end, score))
        return results


def column_result(
    recognizer: EntityRecognizer, entity: str, start: int, end: int, score: float
) -> RecognizerResult:
    """A result judged by a column header or field name: that label already is the context,
    so the context enhancer must not add to the score."""
    return RecognizerResult(
        entity_type=entity,
        start=start,
        end=end,
        score=score,
        recognition_metadata={
            RecognizerResult.RECOGNIZER_NAME_KEY: recognizer.name,
            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: recognizer.id,
            RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY: True,
        },
    )
