"""Date of birth: a date with birth context, never any date."""

from __future__ import annotations

import regex

from recognizers.base import Pattern, ValuePatternRecognizer, labelled, line_before
from recognizers.dates import DATE, DATE_START, plausible_birth_date

_BIRTH_LABEL = (
    r"d\.?[ ]?o\.?[ ]?b\.?(?:[ \t]*/[ \t]*age)?|date[ \t]+of[ \t]+birth|birth[ \t]*date|birthdate|birthday"
    r"|born(?:[ \t]+(?:on|in))?|b\.(?=[ \t]*\d)|fecha[ \t]+de[ \t]+nacimiento"
)
# The nearest label before a bare date decides what the date is: "Date of loss", "DOS",
# "Effective", "from ... to" are not births.
_ANY_LABEL = regex.compile(
    rf"(?P<birth>\b(?:{_BIRTH_LABEL}))"
    r"|(?P<other>\b(?:dated?|d/?o/?l|d/?o/?s|loss|service|incident|accident|injury|injured|occurrence"
    r"|effective|eff|expir\w*|exp|issued?|admi\w*|discharge\w*|visit|signed|signature|reported|report"
    r"|notice|notified|received|paid|payment|from|to|through|thru|period|renew\w*|inception|term"
    r"|death|died|deceased|hired?|employment|start|end|due|printed|as[ \t]+of|on|since|until"
    r"|between|and|or|updated|created|submitted|approved|denied|closed|opened)\b)",
    regex.IGNORECASE,
)


class DateOfBirthRecognizer(ValuePatternRecognizer):
    """Date of birth: a calendar date between 1900 and today with a birth label in front
    ("DOB", "D.O.B.", "Date of Birth", "Birth Date", "born (on)"), on the same line or the
    line above, in numeric (m/d/y, d/m/y, ISO) or written ("March 4, 1975", "4 Mar 1975") form.

    Replaces Presidio's ``DateRecognizer`` (every date is DATE_TIME at 0.6). A date without
    a label scores 0.15 so that only a DOB column header or form label passed as context
    lifts it; if the nearest label before it on its line (or at the end of the line above) is
    another kind of date ("Date of loss", "DOS",
    "Effective", "from"/"to", "Signed") it is dropped.
    Not matched: dates of loss, service, admission, policy periods, letter dates, future
    dates, impossible dates (02/30/1980), years alone, month/year.
    """

    ENTITY = "DATE_OF_BIRTH"

    PATTERNS = [
        Pattern("DOB (labelled)", labelled(_BIRTH_LABEL, DATE, suffix=False), 0.85),
        Pattern("Date (bare)", rf"(?<![\w/.\-]){DATE_START}{DATE}", 0.15),
    ]

    CONTEXT = ["dob", "birth", "born", "birthday", "birthdate", "d.o.b."]
    CONTEXT_ONLY = frozenset({"Date (bare)"})

    def invalidate_result(self, pattern_text: str) -> bool:
        return not plausible_birth_date(pattern_text)

    def adjust_score(self, score: float, text: str, start: int, end: int, labelled: bool) -> float:
        if labelled:
            return score
        before = line_before(text, start, 80)
        if not before.strip():
            # The date starts its line: a label, if any, sits at the end of the line above.
            before = line_before(text, len(text[:start].rstrip()), 80)
        labels = list(_ANY_LABEL.finditer(before))
        last = labels[-1] if labels else None
        if last is not None and last.group("other"):
            return 0.0
        return score
