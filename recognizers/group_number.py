"""Health plan group number."""

from __future__ import annotations

from recognizers.base import REFERENCE_VALUE, Pattern, ValuePatternRecognizer, labelled, plausible_reference

_GROUP_LABEL = (
    r"(?:employer[ \t]+|plan[ \t]+|insured'?s?[ \t]+|health[ \t]+plan[ \t]+)?(?:group|grp)"
    r"(?=[ \t]*(?:\#|no\b|nbr|number|num\b|id\b|code\b|:|[-–—][ \t]))"
    r"|(?:employer[ \t]+|plan[ \t]+)?(?:group|grp)(?=[ \t]+\d)"
    r"|(?<=^[ \t]*)(?:group|grp)(?=[ \t]*\r?\n)"  # a form's field label alone on its line
)


class GroupNumberRecognizer(ValuePatternRecognizer):
    """Group number: identifies the employer's plan on a health ID card or CMS-1500 box 11
    ("Insured's Policy Group or FECA Number"); 4-15 letters and digits with 3+ digits
    (``0012345``, ``GRP-884512``, ``A1234-0001``, ``98765-010-00100``).

    Labels: "Group", "Group No./Number/#/ID/Code", "Grp #", "Grp - ", "Employer Group". Label-only:
    a bare number is never a group number. No checksum (None).
    Not matched: "Group Health Plan", "group of 5", "Group Name: Acme Corp", years, amounts.
    """

    ENTITY = "GROUP_NUMBER"
    COUNTRY_CODE = "us"

    PATTERNS = [
        Pattern("Group number (labelled)", labelled(_GROUP_LABEL, REFERENCE_VALUE), 0.8),
    ]

    CONTEXT = ["group", "grp"]

    def invalidate_result(self, pattern_text: str) -> bool:
        return not plausible_reference(pattern_text, min_len=4, max_len=15, min_digits=3)
