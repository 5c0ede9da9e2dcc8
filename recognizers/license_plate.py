"""Vehicle licence plate / registration mark."""

from __future__ import annotations

from recognizers.base import (
    Pattern,
    ValuePatternRecognizer,
    is_placeholder,
    labelled,
    looks_like_other_number,
)

_STATES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY"
    "|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY"
)
_PLATE_LABEL = (
    r"(?:(?:licen[cs]e|lic\.?|number|registration|reg\.?|vehicle|tag)[ \t]*)?plate(?:[ \t]+(?:no\.?|number|\#))?"
    r"|(?:vehicle[ \t]+)?registration[ \t]+(?:mark|no\.?|number|plate|\#)|reg\.?[ \t]*(?:no\.?|mark|\#)"
    r"|vrn|vrm|tag[ \t]*(?:\#|no\b\.?|number)"
)
# Optional issuing state before the value ("CA 7ABC123", "(TX) ABC-1234"), then 2-8 letters
# and digits with at most one space or dash; UK current marks "AB51 ABC".
_PLATE_STATE = rf"(?:\(?(?-i:{_STATES})\)?[ \t:/-]+(?=[A-Z0-9]{{2}}))?"
_PLATE_VALUE = r"[A-Z0-9]{1,4}[- ]?[A-Z0-9]{1,5}(?![\w/-]|[.,]\d)"


class LicensePlateRecognizer(ValuePatternRecognizer):
    """Licence plate / vehicle registration mark. US plates have no national format (each
    state issues its own, 2-8 characters), so a value is taken after a label: "License
    Plate", "Plate No.", "Lic. Plate", "Tag #", "Registration No./Mark", "Reg. No.", "VRN",
    with an optional issuing state (``CA 7ABC123``). The UK current format (DVLA, 2001:
    two letters, age identifier, three letters, ``AB51 ABC``) scores 0.3 bare so
    "registration"/"plate" context raises it.

    Not matched: words without digits ("Plate: none"), dates, years, amounts, the ZIP in
    "registration 62704-1234", ACORD form numbers, values over 8 characters.
    """

    ENTITY = "LICENSE_PLATE"

    PATTERNS = [
        Pattern(
            "Plate (labelled)", labelled(_PLATE_LABEL, _PLATE_VALUE, suffix=False, lead=_PLATE_STATE), 0.8
        ),
        Pattern(
            "Plate (UK current)",
            r"(?<![\w-])(?-i:[A-HJ-PR-Y]{2}(?:0[1-9]|[1-7]\d)[ ]?[A-HJ-PR-Z]{3})(?![\w-])",
            0.3,
        ),
    ]

    CONTEXT = ["plate", "registration", "vrn", "vrm", "numberplate"]

    def invalidate_result(self, pattern_text: str) -> bool:
        core = "".join(c for c in pattern_text if c.isalnum())
        return (
            not 2 <= len(core) <= 8
            or not any(c.isdigit() for c in core)
            # Plates are printed in capitals; "Tag #1 of 3" is not plate "1 of".
            or any(c.islower() for c in pattern_text)
            or looks_like_other_number(pattern_text)
            or is_placeholder(core)
        )
