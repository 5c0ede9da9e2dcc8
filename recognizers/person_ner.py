"""Person names found by spaCy's named-entity recognizer, filtered."""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex
from presidio_analyzer import RecognizerResult
from presidio_analyzer.predefined_recognizers import SpacyRecognizer

from recognizers.names import LABEL_WORDS, NOT_NAME_WORDS, is_person_name, named_organisation, tokens
from recognizers.person import with_repeats

if TYPE_CHECKING:
    from presidio_analyzer.nlp_engine import NlpArtifacts

_TITLES = ("mr", "mrs", "ms", "miss", "mx", "dr", "prof")


class PersonNerRecognizer(SpacyRecognizer):
    """PERSON entities from the spaCy pipeline the engine already ran (Presidio's
    ``SpacyRecognizer`` reduced to PERSON: its DATE_TIME, NRP, LOCATION and ORGANIZATION
    outputs are not insurescan entities).

    The small English model tags many capitalised headings, insurers and drugs as PERSON,
    and glues field labels to names across table cells, so each entity is cut at the first
    line break, stripped of label words at either end ("DOB", "Insured"), and rejected by
    ``names.person_rejection``. A single word scores 0.4 (not reported on its own) unless a
    title precedes it ("Ms. Okafor"); whole names keep spaCy's 0.85.
    """

    ENTITIES = ["PERSON"]

    def __init__(self, supported_language: str = "en", name: str | None = None) -> None:
        super().__init__(
            supported_language=supported_language,
            supported_entities=["PERSON"],
            name=name or "PersonNerRecognizer",
        )

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results = []
        for result in super().analyze(text, entities, nlp_artifacts):
            if result.entity_type not in ("PERSON", "PER"):
                continue
            span = _clean_span(text, result.start, result.end)
            if span is None:
                continue
            span = _complete_name(text, *span)
            if span is None or named_organisation(text, text[span[0] : span[1]]):
                continue
            result.entity_type = "PERSON"
            result.start, result.end = span
            words = text[result.start : result.end].split()
            if len(words) == 1 and not _after_title(text, result.start):
                result.score = min(result.score, 0.4)
            results.append(result)
        # The same name printed again where the model did not tag it (a subject line, upper case).
        return results + with_repeats(self, text, results, 0.85)


def _clean_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Cut at a line break and a column gap, trim label words and punctuation at both ends, then filter."""
    value = text[start:end]
    if "\n" in value:
        # Keep the line with most letters: "Claimant\nJane Roe" -> "Jane Roe".
        lines = value.split("\n")
        best = max(range(len(lines)), key=lambda i: sum(c.isalpha() for c in lines[i]))
        start += sum(len(line) + 1 for line in lines[:best])
        value = lines[best]
    gaps = list(_COLUMN_GAP.finditer(value))
    if gaps:
        # A name never runs across a table's column gap: "Wright, Sarah      Slip and fall".
        bounds = [0, *(x for m in gaps for x in m.span()), len(value)]
        cells = [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds), 2)]
        cs, ce = max(cells, key=lambda c: sum(ch.isalpha() for ch in value[c[0] : c[1]]))
        start += cs
        value = value[cs:ce]
    words = value.split(" ")
    offset = 0
    while words and (not words[0].strip() or _is_label(words[0])):
        offset += len(words[0]) + 1
        words.pop(0)
    while words and (not words[-1].strip() or _is_label(words[-1])):
        words.pop()
    phrase = " ".join(words).rstrip(",;:")
    if phrase.endswith(("'s", "’s")):
        phrase = phrase[:-2]
    if not phrase or not is_person_name(phrase):
        return None
    return start + offset, start + offset + len(phrase)


_COLUMN_GAP = regex.compile(r"[ ]{2,}|\t")


# The rest of a hyphenated given name the model cut off ("Seo" + "-yeon"), then the surname
# after a lone given name ("Dr. Océane" + " Faure").
_HYPHEN_REST = regex.compile(r"^-[\p{Ll}\p{Lu}][\p{L}\p{M}]*")
_NEXT_WORD = regex.compile(r"^[ ](\p{Lu}[\p{Ll}\p{M}'’]+(?:-\p{Lu}[\p{Ll}\p{M}'’]+)?)(?![\p{L}\p{M}.])")


def _complete_name(text: str, start: int, end: int) -> tuple[int, int] | None:
    m = _HYPHEN_REST.match(text[end : end + 30])
    if m:
        end += m.end()
    if len(text[start:end].split()) == 1:
        m = _NEXT_WORD.match(text[end : end + 40])
        if m and not _is_label(m.group(1)):
            end += m.end()
    return (start, end) if is_person_name(text[start:end]) else None


def _is_label(word: str) -> bool:
    t = tokens(word)
    return bool(t) and (t[0] in LABEL_WORDS or t[0] in NOT_NAME_WORDS)


def _after_title(text: str, start: int) -> bool:
    before = text[max(0, start - 6) : start].strip().rstrip(".").lower().split()
    return bool(before) and before[-1] in _TITLES
