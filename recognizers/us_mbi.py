"""Medicare Beneficiary Identifier."""

from __future__ import annotations

from presidio_analyzer.predefined_recognizers import UsMbiRecognizer as PresidioUsMbiRecognizer

from recognizers import checksums

# The specimen printed in CMS's MBI guidance and on sample cards.
_CMS_SPECIMENS = frozenset({"1EG4TE5MK73"})


class UsMbiRecognizer(PresidioUsMbiRecognizer):
    """MBI: 11 characters, ``C A AN N A AN N A A N N`` with letters other than S, L, O, I, B, Z
    (CMS, "Understanding the MBI"). Presidio's ``UsMbiRecognizer`` (disabled by default
    there) with its patterns and context (undashed 0.3, dashed 0.5; "Medicare", "MBI"),
    plus the rules its regex misses: position 1 is 1-9, never 0
    (``checksums.mbi_valid``), and the CMS specimen ``1EG4-TE5-MK73`` is a placeholder.
    No check digit exists, so ``validate_result`` stays None.
    """

    PREFILTER = True  # results only from its patterns: skipped where none can match (scanner.analyzer)

    def invalidate_result(self, pattern_text: str) -> bool:
        core = checksums.digits(pattern_text).upper()
        return not checksums.mbi_valid(core) or core in _CMS_SPECIMENS
