"""Medical record number."""

from __future__ import annotations

from recognizers.base import REFERENCE_VALUE, Pattern, ValuePatternRecognizer, labelled, plausible_reference

_MRN_LABEL = (
    r"mrn|med(?:ical)?\.?[ \t]*rec(?:ord)?s?\.?(?:[ \t]*(?:no\.?|number|\#|num))?|medical[ \t]+record"
    r"|patient[ \t]*(?:id|acct\.?|account|chart)(?![a-z])|patient'?s[ \t]+account|chart(?=[ \t]*(?:\#|no\b|number))"
    r"|hospital[ \t]+(?:no\.?|number|\#)|unit[ \t]+(?:no\.?|number)(?=[ \t]*:)|hrn|emr[ \t]*(?:\#|no\.?|id)"
    # "MR #" / "M.R. No." on hospital forms; never "Mr" alone, which is a title.
    r"|(?-i:MR|M\.R\.)(?=[ \t]*(?:\#|no\b|number|num\b))"
)


class MedicalRecordNumberRecognizer(ValuePatternRecognizer):
    """Medical record number: assigned by each hospital or practice (no national format);
    HIPAA Safe Harbor identifier (F). Found by its label: "MRN", "Med Rec #", "Medical
    Record No.", "Patient ID", "Patient Account No." (CMS-1500 box 26), "Chart #",
    "Hospital No.", "EMR ID", "MR #"; values 4-15 letters/digits with 4+ digits
    (``MRN-00482913``, ``A0048291``, ``20-448812``).
    Label-only, no checksum (None). Not matched: "Medical Records Dept 555-0100",
    dates, amounts, "Patient ID: see attached".
    """

    ENTITY = "MEDICAL_RECORD_NUMBER"

    PATTERNS = [
        Pattern("MRN (labelled)", labelled(_MRN_LABEL, REFERENCE_VALUE), 0.8),
    ]

    CONTEXT = ["mrn", "medical", "record", "chart", "patient"]

    def invalidate_result(self, pattern_text: str) -> bool:
        return not plausible_reference(pattern_text, min_len=4, max_len=15, min_digits=4)
