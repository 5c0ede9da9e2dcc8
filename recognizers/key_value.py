"""Values after a machine key in logs and exports: ``policy_number=HO3-486-2291-07``."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import regex
from presidio_analyzer import EntityRecognizer, Pattern, RecognizerResult

from recognizers import columns
from recognizers.table_columns import column_result

if TYPE_CHECKING:
    from presidio_analyzer.nlp_engine import NlpArtifacts

# A key people do not type but programs write: snake_case, kebab-case, dotted or camelCase
# ("policy_number", "member-id", "claim.ref", "licensePlate"). Human labels ("Policy No.")
# are the label-anchored recognizers' business.
# Possessive runs and a start only at a word boundary keep a 100,000-character token linear.
_KEY = r"(?:[A-Za-z][A-Za-z0-9]*+(?:[_.\-][A-Za-z0-9]++)++|[a-z]++(?:[A-Z][a-z0-9]*+)++)"
_PAIR = regex.compile(
    rf"""(?<![\w.\-])(?P<q>["']?)(?P<key>{_KEY})(?P=q)[ \t]*[:=][ \t]*
    (?:"(?P<dq>[^"\n]{{1,80}})"|'(?P<sq>[^'\n]{{1,80}})'
      |(?P<bare>[^\s,;|&"'<>{{}}\[\]][^\n,;|&"'<>{{}}\[\]]{{0,79}}?)
       (?=[ \t]+[A-Za-z_][\w.\-]*[ \t]*[:=]|[ \t]*(?:[,;|&\n}}\]]|$)))""",
    regex.VERBOSE | regex.MULTILINE,
)
# A two-column dump, one field a line: "policy_number<TAB>LF/2021/88216".
_TAB_PAIR = regex.compile(rf"^[ ]*(?P<key>{_KEY})\t+(?P<bare>[^\t\r\n]{{1,80}}?)[ \t]*\r?$", regex.MULTILINE)
# Quick rejection: a text with no key-shaped run followed by ":", "=" or a tab has nothing here.
_PREFILTER = regex.compile(rf"(?<![\w.\-]){_KEY}(?:[\"']?[ \t]*[:=]|\t)")
# The same test without possessive runs, which Hyperscan cannot read: it matches wherever
# ``_PREFILTER`` does (giving back characters only adds matches), so where the engine's
# one-pass prefilter finds no match of it this recognizer is not called at all.
_GATE = (
    r"""(?<![\w.\-])(?:[A-Za-z][A-Za-z0-9]*(?:[_.\-][A-Za-z0-9]+)+|[a-z]+(?:[A-Z][a-z0-9]*)+)"""
    r"""(?:["']?[ \t]*[:=]|\t)"""
)


class KeyValueRecognizer(EntityRecognizer):
    """``key=value``, ``key: value`` and ``key<TAB>value`` pairs whose key is a program's field
    name, in logs, YAML/INI-like exports, query strings and two-column dumps. The key is read as a column header would be
    (``recognizers.columns``: ``policy_number`` names POLICY_NUMBER, ``dob`` nothing here
    as it has no separator) and the value is judged by that column's rules, so a checksum
    or shape is still required; ``policy_number=N/A`` is nothing.
    Source of the key vocabulary: the header table in ``recognizers.columns``.
    """

    # Gated by the engine's prefilter (``scanner.analyzer``) on ``patterns``: one expression
    # that every text this recognizer finds something in matches. It finds nothing by itself.
    PREFILTER: ClassVar[bool] = True
    global_regex_flags = 0

    def __init__(self, supported_language: str = "en", name: str | None = None) -> None:
        super().__init__(
            supported_entities=sorted(columns.CLASSIFIED_ENTITIES),
            name=name or "KeyValueRecognizer",
            supported_language=supported_language,
        )
        self.patterns = [Pattern("key then ':', '=' or a tab (a gate, not a finding)", _GATE, 0.0)]

    def load(self) -> None:
        """Nothing to load."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if not _PREFILTER.search(text):
            return []
        wanted = set(entities) if entities else None
        results: list[RecognizerResult] = []
        for match in (*_PAIR.finditer(text), *_TAB_PAIR.finditer(text)):
            key = match.group("key")
            if columns.entity_for_header(key) is None:
                continue
            group = next(
                g for g in ("dq", "sq", "bare") if g in match.re.groupindex and match.group(g) is not None
            )
            value = match.group(group).strip()
            if not value:
                continue
            judged = columns.classify_cell(key, value)
            if judged is None:
                continue
            entity, score = judged
            if wanted is not None and entity not in wanted:
                continue
            start = match.start(group) + match.group(group).index(value)
            results.append(column_result(self, entity, start, start + len(value), score))
        return results
