"""Insurance policy number."""

from __future__ import annotations

from recognizers.base import REFERENCE_VALUE, Pattern, ValuePatternRecognizer, labelled, plausible_reference

_POLICY_LABEL = (
    r"(?:insurance[ \t]+|master[ \t]+|group[ \t]+)?(?:policy|pol\.?|plcy)(?![a-z])"
    r"|(?:certificate|cert\.?)(?=[ \t]*(?:\#|no|number|id))|contract(?=[ \t]*(?:\#|no\b|number))"
)


class PolicyNumberRecognizer(ValuePatternRecognizer):
    """Policy number: carrier-specific, so found by its label. Real formats seen on
    declarations pages, ACORD certificates and EOBs: digits (``00123456789``), a line-of-business
    prefix (``HO-4412398``, ``PA 20240117``, ``WC2-123-456789-024``), years and slashes
    (``POL/2023/004512``), dependent or term suffixes (``A12345678-01``); 5-20 letters and
    digits with at least 3 digits.

    Labels: "Policy", "Policy No./Number/#/ID", "Pol #", "Plcy No", "Certificate No.",
    "Contract No.", "Master Policy", on the same line or the line above; a URL path segment after
    ``/policies/`` in upper case. A bare
    line-of-business-prefixed reference (``POL-``, ``PLC``) scores 0.15 so only "policy"
    context raises it.
    No checksum exists: ``validate_result`` is None. Not matched: "Policy Period 01/01/2024",
    policy form numbers without a label (``HO 00 03``), years, amounts, phone numbers,
    placeholders (``N/A``, ``XXXXXXX``), values with fewer than 3 digits.
    """

    ENTITY = "POLICY_NUMBER"

    PATTERNS = [
        Pattern("Policy number (labelled)", labelled(_POLICY_LABEL, REFERENCE_VALUE), 0.8),
        # A portal's URL names the policy it shows: "/portal/policies/AUT9158448/documents".
        # Upper case only: a lower-case segment is a page slug ("/policies/privacy-2024").
        Pattern(
            "Policy number (URL path)",
            r"(?<![\w])polic(?:y|ies)/(?P<value>(?-i:[A-Z0-9]+(?:-[A-Z0-9]+){0,5}))(?=[/?#\"'\s]|$)",
            0.7,
        ),
        Pattern(
            "Policy number (prefixed)",
            r"(?<![\w-])(?:POL|PLCY|PLC)[-/ ]?\d[A-Z0-9]*(?:[-/][A-Z0-9]+){0,4}(?![\w])",
            0.15,
        ),
    ]

    CONTEXT = ["policy", "policies", "certificate", "contract", "pol"]
    CONTEXT_ONLY = frozenset({"Policy number (prefixed)"})

    def invalidate_result(self, pattern_text: str) -> bool:
        return not plausible_reference(pattern_text, min_len=5, max_len=20, min_digits=3)
