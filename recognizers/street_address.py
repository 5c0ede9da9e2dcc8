"""Street address (US and UK)."""

from __future__ import annotations

import regex

from recognizers.base import (
    CASE_SENSITIVE_FLAGS,
    FinalScore,
    Pattern,
    ValuePatternRecognizer,
    line_after,
    line_before,
)

US_STATES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY"
    "|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR|GU|VI"
)
_STATE_NAMES = (
    "Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii"
    "|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan"
    "|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New[ ]Hampshire|New[ ]Jersey|New[ ]Mexico"
    "|New[ ]York|North[ ]Carolina|North[ ]Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode[ ]Island"
    "|South[ ]Carolina|South[ ]Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|West[ ]Virginia"
    "|Wisconsin|Wyoming"
)
# USPS Publication 28, appendix C1 (common street suffixes and abbreviations), plus UK types.
_US_SUFFIX = (
    r"(?i:street|st|avenue|ave|av|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|terrace"
    r"|ter|circle|cir|parkway|pkwy|highway|hwy|trail|trl|square|sq|loop|path|pike|row|plaza|plz|alley"
    r"|crossing|xing|point|pt|ridge|heights|hts|commons|creek|glen|hollow|landing|meadows?|pass|bend"
    r"|cove|expressway|expy|freeway|fwy|turnpike|tpke|route|rte|run|walk|center|ctr|crescent|close"
    r"|grove|park|hill|view|estates?|harbor|isle|junction|jct|manor|mill|orchard|station|sta|summit"
    r"|valley|vista|village|woods?)\.?"
)
_UK_SUFFIX = (
    r"(?i:road|rd|street|st|lane|avenue|ave|close|drive|gardens|gdns|place|crescent|way|court|terrace"
    r"|grove|hill|mews|row|square|walk|park|rise|view|green|parade|wharf|quay|gate|yard|vale|end"
    r"|common|wood|meadow|field|fields|croft|chase|link|approach|broadway|circus)\.?"
)
_DIRECTION = r"(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West)\.?"
_WORD = r"(?:\p{Lu}[\p{L}'’\-]*\.?|\d{1,3}(?i:st|nd|rd|th))"
_NUMBER = r"\d{1,6}[A-Z]?(?:[-/]\d{1,4}[A-Z]?)?(?:[ ]1/2)?"
_US_STREET = (
    rf"{_NUMBER}[ \t]+(?:{_DIRECTION}[ \t]+)?{_WORD}(?:[ \t]+{_WORD}){{0,3}}[ \t]+{_US_SUFFIX}"
    rf"(?:[ \t]+{_DIRECTION}(?![\w]))?|{_NUMBER}[ \t]+(?i:broadway)"
)
_UNIT = (
    r"(?:,?[ \t]*(?i:apt|apartment|suite|ste|unit|fl|floor|rm|room|bldg|building|lot|trlr|dept)\.?[ \t]*\#?"
    r"[ \t]*[A-Z0-9][A-Z0-9\-]{0,5}(?![\w])|,?[ \t]*\#[ \t]*[A-Z0-9][A-Z0-9\-]{0,5}(?![\w]))?"
)
_CITY = r"\p{Lu}[\p{L}.'’\-]*(?:[ \t]+\p{Lu}[\p{L}.'’\-]*){0,3}"
_CITY_LINE = (
    rf"(?:,[ \t]*(?:\r?\n[ \t]*)?|[ \t]*\r?\n[ \t]*|[ \t]+){_CITY},?[ \t]+(?:{US_STATES}|{_STATE_NAMES})\.?,?"
    r"[ \t]+\d{5}(?:-\d{4})?(?![\w-])"
)
_PO_BOX = r"(?i:p\.?[ ]?o\.?[ ]?box|post[ ]office[ ]box)[ \t]+\d{1,6}"
UK_POSTCODE = (
    r"(?:GIR[ ]?0AA|[A-PR-UWYZ](?:\d{1,2}|[A-HK-Y]\d{1,2}|\d[A-HJKPSTUW]|[A-HK-Y]\d[ABEHMNPRV-Y])"
    r"[ ]?\d[ABD-HJLNP-UW-Z]{2})(?![\w])"
)
_UK_STREET = (
    rf"(?:(?i:flat|apartment|unit)[ \t]+\d{{1,4}}[A-Z]?,?[ \t]+)?\d{{1,4}}[A-Z]?,?[ \t]+{_WORD}"
    rf"(?:[ \t]+{_WORD}){{0,3}}[ \t]+{_UK_SUFFIX}"
)
_UK_TOWNS = rf"(?:,?[ \t]*(?:\r?\n[ \t]*)?{_CITY}){{0,3}}"

# Text before an address that says it belongs to an organisation: letterheads, "send to",
# "our office", a company name on the line above.
_ORGANISATION_BEFORE = regex.compile(
    r"\b(?:send|mail|return|remit|write|post|forward|deliver)\b[^\n]{0,30}\bto\b|\bpayments?\b|\bheadquarter"
    r"|\bhead[ \t]+office|\bour[ \t]+(?:\w+[ \t]+)?(?:office|offices|address|headquarters|location|branch)"
    r"|\bvisit[ \t]+us|\blocated[ \t]+at|\battn\b|\battention\b|\bdepartment\b|\bdept\b|\bc/o\b"
    r"|\b(?:inc|llc|llp|ltd|corp|corporation|company|co|insurance|assurance|mutual|group|plc|services"
    r"|hospital|clinic|bank|agency|underwriters|administrators|pharmacy|university|associates"
    r"|indemnity|casualty|health[ \t]+plan|creditor|correspondence[ \t]+to|house)\b\.?",
    regex.IGNORECASE,
)


# City, state and ZIP in the next cells of a table row: "315 Maple Ave | Evanston | IL | 60201".
_CELLS_AFTER = regex.compile(
    rf"^[ \t]*[|;\t,][ \t]*{_CITY}[ \t]*[|;\t,][ \t]*(?:{US_STATES})[ \t]*[|;\t,][ \t]*\d{{5}}(?:-\d{{4}})?\b"
)

# An address printed with a toll-free number ("500 Granite Pkwy, Omaha, NE 68102 | 1-888-555-0121")
# is a business's letterhead or footer: people do not have 800 numbers.
_TOLL_FREE_AFTER = regex.compile(
    r"^[ \t]*[|,;·•\-–][ \t]*(?:\+?1[-. ]?)?\(?8(?:00|33|44|55|66|77|88)\)?[-. ]?\d{3}[-. ]?\d{4}"
)


class StreetAddressRecognizer(ValuePatternRecognizer):
    """Street address. US: house number, optional direction, street name and a USPS
    Publication 28 suffix, an optional unit (Apt/Suite/Unit/#), and city, state (code or
    name) and ZIP[+4] on the same line or the next. UK: house number (optionally "Flat n"),
    street and type, towns, and a Royal Mail postcode (required). PO Boxes count with a city
    line. Source of shapes: USPS Pub. 28; Royal Mail Programmers' Guide (postcode format).

    Scores: full US address 0.85, UK with postcode 0.85, PO Box with city line 0.6, a street
    line followed by city, state and ZIP cells of a table row 0.7, a street line alone 0.45
    (needs "address"/"home"/"property"/"lives" context). An address whose
    line (or the line above) names an organisation or says where to send mail
    ("send claims to", "Inc.", "Insurance Company", "our office") keeps 0.2, unraised.
    Not matched: "2 Year Term", "24 Hour Service", amounts, "Suite 100" alone, ZIP alone,
    "Form 1 Main" without a suffix, lower-case prose.
    """

    ENTITY = "STREET_ADDRESS"
    FLAGS = CASE_SENSITIVE_FLAGS

    PATTERNS = [
        Pattern("US address (full)", rf"(?<![\w-])(?:{_US_STREET}){_UNIT}{_CITY_LINE}", 0.85),
        Pattern(
            "UK address (postcode)",
            rf"(?<![\w-]){_UK_STREET}{_UK_TOWNS},?[ \t]*(?:\r?\n[ \t]*)?{UK_POSTCODE}",
            0.85,
            # Hyperscan widens the whole so far that it ran on most US addresses.
            gate=UK_POSTCODE,
        ),
        Pattern("PO Box (with city)", rf"(?<![\w-]){_PO_BOX}{_CITY_LINE}", 0.6),
        Pattern("Street line", rf"(?<![\w-])(?:{_US_STREET}){_UNIT}(?![\w])", 0.45),
    ]

    CONTEXT = [
        "address", "addr", "residence", "reside", "resides", "home", "live", "lives", "living", "property",
        "location", "premises", "mailing", "domicile", "street",
    ]  # fmt: skip

    def adjust_score(self, score: float, text: str, start: int, end: int, labelled: bool) -> float:
        before = line_before(text, start, 80)
        if not before.strip():
            before = line_before(text, len(text[:start].rstrip()), 80)
        if _ORGANISATION_BEFORE.search(before):
            return FinalScore(min(score, 0.2))
        if _TOLL_FREE_AFTER.match(line_after(text, end, 40)):
            return FinalScore(min(score, 0.2))
        if score < 0.7 and _CELLS_AFTER.match(line_after(text, end, 80)):
            return 0.7
        return score
