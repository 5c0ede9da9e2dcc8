"""Insurance claim number."""

from __future__ import annotations

from recognizers.base import REFERENCE_VALUE, Pattern, ValuePatternRecognizer, labelled, plausible_reference

_CLAIM_LABEL = (
    r"(?:insurance[ \t]+|your[ \t]+|our[ \t]+)?(?:claim|clm)(?![a-z])(?:[ \t]+(?:file|notes|summary|report|record))?"
    r"|(?:our|your)[ \t]+ref(?:erence)?\.?|file(?=[ \t]*(?:\#|no\b|number))|loss[ \t]+(?:no\b|number|\#|ref)"
)


class ClaimNumberRecognizer(ValuePatternRecognizer):
    """Claim number: carrier-specific, found by its label. Formats seen on acknowledgement
    letters, EOBs and claim registers: ``CLM-2024-0012345``, ``24-0012345-HO``,
    ``0412-558877``, ``C2024/000871``, ``1234567890``; 5-20 letters and digits, 3+ digits.

    Labels: "Claim", "Claim No./Number/#/ID/Ref", "Clm #", "Claim File", "Claim notes/summary -", "Our/Your Ref",
    "File No.", "Loss No." ("Claimant" is not a label). A bare ``CLM``-prefixed reference
    scores 0.3 so "claim" context makes it a finding.
    No checksum: ``validate_result`` is None. Not matched: "claim for water damage",
    "Claim Date 05/06/2024", CPT/ICD codes after "Claim Lines", amounts, years,
    placeholders, CMS-1500 and ACORD form numbers (fewer than 3 digits or no label).
    """

    ENTITY = "CLAIM_NUMBER"

    PATTERNS = [
        Pattern("Claim number (labelled)", labelled(_CLAIM_LABEL, REFERENCE_VALUE), 0.8),
        Pattern(
            "Claim number (prefixed)",
            r"(?<![\w-])CLM[-/ ]?\d[A-Z0-9]*(?:[-/][A-Z0-9]+){0,4}(?![\w])",
            0.3,
        ),
    ]

    CONTEXT = ["claim", "clm", "ref", "reference", "file"]
    CONTEXT_ONLY = frozenset({"Claim number (prefixed)"})

    def invalidate_result(self, pattern_text: str) -> bool:
        return not plausible_reference(pattern_text, min_len=5, max_len=20, min_digits=3)
