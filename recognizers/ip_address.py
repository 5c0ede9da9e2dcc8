"""IP address."""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex
from presidio_analyzer import RecognizerResult
from presidio_analyzer.predefined_recognizers import IpRecognizer

from recognizers.base import line_before

if TYPE_CHECKING:
    from presidio_analyzer.nlp_engine import NlpArtifacts

# Paperwork numbers its sections and versions with dotted numbers that are also valid IPv4.
_NUMBERING_BEFORE = regex.compile(
    r"(?:\b(?:section|sect|sec|clause|article|art|chapter|ch|item|rule|para|paragraph|step|appendix|exhibit"
    r"|schedule|version|ver|release|rev|revision|build|form|page|table|figure|fig|part|no)\.?|§|\bv)[ \t]*$",
    regex.IGNORECASE,
)
_IP_WORD = regex.compile(
    r"\bip\b|\bipv[46]\b|\baddress\b|\bhost\b|\blogin\b|\blogged\b|\bserver\b", regex.IGNORECASE
)


class IpAddressRecognizer(IpRecognizer):
    """IPv4 and IPv6 addresses: Presidio's ``IpRecognizer`` patterns and ``ipaddress`` check,
    minus dotted section and version numbers: a match right after "Section", "Clause",
    "Version", "Form", "§" or "v" is dropped, and so is one whose four parts are all single
    digits (``4.2.1.5``) unless "IP", "address", "host" or "login" is on the line.
    """

    PREFILTER = True  # results only from its patterns: skipped where none can match (scanner.analyzer)

    def __init__(self, name: str | None = None) -> None:
        super().__init__(supported_entity="IP_ADDRESS", name=name or "IpAddressRecognizer")

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        kept = []
        for result in super().analyze(text, entities, nlp_artifacts, regex_flags):
            before = line_before(text, result.start, 40)
            value = text[result.start : result.end]
            if _NUMBERING_BEFORE.search(before):
                continue
            parts = value.split(".")
            if len(parts) == 4 and all(len(p) == 1 for p in parts) and not _IP_WORD.search(before):
                continue
            kept.append(result)
        return kept
