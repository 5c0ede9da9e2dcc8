"""Health plan member / subscriber identifier."""

from __future__ import annotations

from recognizers.base import REFERENCE_VALUE, Pattern, ValuePatternRecognizer, labelled, plausible_reference

_MEMBER_LABEL = (
    r"(?:member|subscriber|enrollee|enrolee|insured'?s?|participant|recipient|medicaid|chip|plan[ \t]+member"
    r"|health[ \t]+plan|beneficiary|patient'?s?[ \t]+insurance)"
    r"[ \t]*(?:id(?:entification)?(?![a-z])|i\.d\.?|\#|no\.?(?![a-z])|number|num(?![a-z])|card[ \t]+(?:no\.?|number|\#))"
    r"|id[ \t]*card[ \t]*(?:no\.?|number|\#)|member(?=[ \t]*:)|subscriber(?=[ \t]*:)"
)

# On a health plan's ID card and EOB header the member ID is just "ID No." / "ID #". Only at
# the start of a line or field: "Tax ID No.", "Agent ID #", "Claim ID" name something else.
_BARE_ID_LABEL = r"(?i:id[ \t]*(?:no\.?|number|\#)|identification[ \t]+(?:no\.?|number))(?![a-z])"


class MemberIdRecognizer(ValuePatternRecognizer):
    """Health plan member / subscriber ID: payer-specific and printed on the ID card, so found
    by its label. Shapes from real cards and CMS-1500 box 1a ("Insured's ID Number"): an
    alpha prefix + digits (``XYZ123456789``, ``W123456789``), 9-11 digits, a dependent suffix
    (``U1234567 01``, ``123456789-02``); Medicaid (T-MSIS MEMBER-ID) allows up to 20 characters.

    Labels: "Member ID/#/No.", "Subscriber ID/No.", "Enrollee ID", "Insured's ID Number",
    "Medicaid ID", "ID Card No.", "Member:". A bare 3-letter-prefix ID (BCBS style) scores
    0.15 so only "member"/"subscriber" context raises it.
    No checksum (None). Replaces Presidio's ``UsHealthInsuranceMemberIdRecognizer``
    (precision 0.05: any letter-digit token near "insurance" or "policy").
    Not matched: "Member Services 1-800-...", "Member since 2019", dates, amounts, group
    numbers, values with fewer than 4 digits.
    """

    ENTITY = "MEMBER_ID"
    COUNTRY_CODE = "us"

    PATTERNS = [
        Pattern("Member ID (labelled)", labelled(_MEMBER_LABEL, REFERENCE_VALUE), 0.8),
        # The ID card's own words: "ID No.", "ID #", "Identification Number" with nothing in front.
        Pattern(
            "Member ID (ID No.)",
            r"(?<![\w.'’\-][ \t]?)" + labelled(_BARE_ID_LABEL, REFERENCE_VALUE, suffix=False),
            0.6,
        ),
        Pattern("Member ID (alpha prefix)", r"(?<![\w-])[A-Z]{3}\d{8,12}(?![\w-])", 0.15),
    ]

    CONTEXT = ["member", "subscriber", "enrollee", "insured", "medicaid"]
    CONTEXT_ONLY = frozenset({"Member ID (alpha prefix)"})

    def invalidate_result(self, pattern_text: str) -> bool:
        return not plausible_reference(pattern_text, min_len=6, max_len=20, min_digits=4)
