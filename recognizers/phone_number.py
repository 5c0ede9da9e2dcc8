"""Telephone number (North American and UK formats, international with ``+``)."""

from __future__ import annotations

import functools

import phonenumbers
import regex
from phonenumbers import NumberParseException, PhoneNumberType

from recognizers.base import FinalScore, Pattern, ValuePatternRecognizer, labelled, line_after, line_before

_EXT = r"(?:[ ]*(?:x|ext\.?|extension)[ ]*\d{1,5})?"
_NANP = (
    r"(?:(?:\+1|1)[-. ]?)?(?:\(\d{3}\)[ ]?\d{3}[-. ]\d{4}|\d{3}(?P<sep>[-.])\d{3}(?P=sep)\d{4})"
    r"|\+1[ ]\d{3}[ ]\d{3}[ ]\d{4}"
)
_NANP_SPACED = r"\d{3}[ ]\d{3}[ ]\d{4}"
_UK = r"(?:\+44[ ]?(?:\(0\)[ ]?)?\d{2,4}|\(0\d{2,4}\)|0\d{2,4})[ ]\d{3,4}[ ]?\d{3,4}|\+44\d{9,10}"
_INTL = r"\+[2-9]\d{0,2}(?:[ .\-]?\(?\d{1,4}\)?){2,6}"
_BARE = r"1?\d{10}|0\d{9,10}"
_END = r"(?![\w-])"

# A department line, not a person: "call us", "customer service", opening hours after it.
_NOT_PERSONAL_BEFORE = regex.compile(
    r"\b(?:call|contact|phone|ring|reach|text|fax)[ \t]+us\b|\bcustomer[ \t]+(?:service|care|support|line)"
    r"|\b(?:our|the)[ \t]+(?:\w+[ \t]+)?(?:line|team|department|dept|hotline|helpline|office|desk|cent(?:er|re))\b"
    r"|\bhot[ \t]?line|\bhelp[ \t]?line|\btoll[- ]free|\b(?:head|main|regional|branch|home)[ \t]+office"
    r"|\bswitchboard|\b24/7|\bclaims?[ \t]+(?:line|hotline|department|dept|team|unit|centre|center)"
    r"|\b(?:member|provider|customer|policyholder)[ \t]+services|\bnurse[ \t]+line|\bTTY\b|\bTDD\b",
    regex.IGNORECASE,
)
_NOT_PERSONAL_AFTER = regex.compile(
    r"^\W{0,4}(?:toll[- ]free|24/7|mon(?:day)?\b|weekdays|option\b|\(?tty)"
    r"|\b\d{1,2}(?::\d{2})?[ ]?(?:am|pm|a\.m\.|p\.m\.)",
    regex.IGNORECASE,
)
_TOLL_FREE_NANP = frozenset({"800", "888", "877", "866", "855", "844", "833", "822", "900", "976"})
_NOT_PERSONAL_TYPES = frozenset(
    {
        PhoneNumberType.TOLL_FREE,
        PhoneNumberType.PREMIUM_RATE,
        PhoneNumberType.SHARED_COST,
        PhoneNumberType.UAN,
        PhoneNumberType.VOICEMAIL,
    }
)
_PHONE_LABEL = (
    r"(?:(?:home|work|business|daytime|evening|day|night|alt(?:ernate)?|primary|contact|cell(?:ular)?|mobile"
    r"|fax)[ \t]*)?(?:tel(?:ephone)?|phone|ph|mobile|mob|cell(?:[ \t]*phone)?|fax|contact[ \t]+(?:no|number))\.?"
)


class PhoneNumberRecognizer(ValuePatternRecognizer):
    """Phone numbers as people write them, checked with Google's libphonenumber
    (``phonenumbers``): NANP ``(212) 555-0143`` / ``212-555-0143`` / ``212.555.0143`` /
    ``+1 212 555 0143``; UK ``020 7946 0958`` / ``07700 900123`` / ``+44 20 7946 0958``; other
    countries only with ``+`` and a valid number.

    Replaces Presidio's ``PhoneRecognizer`` (precision 0.22 on insurance paperwork: it reads
    bare digit runs in any of eight regions). Here a bare 10/11-digit run scores 0.1 and
    needs a label; spaced 3-3-4 scores 0.3. NANP numbers must have an area code and exchange
    starting 2-9 (NANPA); the 555 exchange is allowed because fictional numbers are what
    test documents hold.

    Not personal, so invalidated: toll-free and premium numbers (800/888/.../900, UK
    0800/08xx/09xx/03xx, libphonenumber types TOLL_FREE, PREMIUM_RATE, SHARED_COST, UAN);
    numbers next to "call us", "customer service", "claims line" or opening hours keep 0.2
    and are not raised by context. Not matched: SSNs (3-2-4), ZIP+4, dates, NDC codes
    (5-4-2), placeholder ``123-456-7890``.
    """

    ENTITY = "PHONE_NUMBER"

    PATTERNS = [
        Pattern(
            "Phone (labelled)",
            labelled(_PHONE_LABEL, rf"(?:{_NANP}|{_UK}|{_INTL}|{_NANP_SPACED}|{_BARE}){_EXT}{_END}"),
            0.8,
        ),
        Pattern("Phone (NANP)", rf"(?<![\w+\-.]|\d[ ])(?:{_NANP}){_EXT}{_END}", 0.55),
        Pattern("Phone (UK)", rf"(?<![\w+\-.])(?:{_UK}){_EXT}{_END}", 0.5),
        Pattern("Phone (international)", rf"(?<![\w+\-.])(?:{_INTL}){_EXT}{_END}", 0.5),
        Pattern("Phone (spaced)", rf"(?<![\w+\-.]|\d[ ]){_NANP_SPACED}{_EXT}(?![\w-]|[ ]\d)", 0.3),
        Pattern("Phone (bare)", rf"(?<![\w+\-.])(?:{_BARE}){_END}", 0.1),
    ]

    CONTEXT = ["phone", "telephone", "tel", "mobile", "cell", "fax", "contact", "call", "reach"]

    def validate_result(self, pattern_text: str) -> bool | None:
        number = _parse(pattern_text)
        if number is None:
            return False
        national = str(number.national_number)
        if number.country_code == 1:
            area, exchange = national[:3], national[3:6]
            ok = len(national) == 10 and area[0] in "23456789" and exchange[0] in "23456789"
            return None if ok and area[1:] != "11" else False
        if number.country_code == 44:
            return None if phonenumbers.is_possible_number(number) else False
        return None if phonenumbers.is_valid_number(number) else False

    def invalidate_result(self, pattern_text: str) -> bool:
        number = _parse(pattern_text)
        if number is None:
            return True
        national = str(number.national_number)
        if len(set(national)) <= 2 or national in ("1234567890", "2345678901", "9876543210"):
            return True
        if number.country_code == 1:
            return national[:3] in _TOLL_FREE_NANP
        if number.country_code == 44 and national[:1] in ("3", "8", "9"):
            return True  # 03 national rate, 08 freephone/shared cost, 09 premium (Ofcom)
        return phonenumbers.number_type(number) in _NOT_PERSONAL_TYPES

    def adjust_score(self, score: float, text: str, start: int, end: int, labelled: bool) -> float:
        if _NOT_PERSONAL_BEFORE.search(line_before(text, start, 70)) or _NOT_PERSONAL_AFTER.search(
            line_after(text, end, 40)
        ):
            return FinalScore(min(score, 0.2))
        return score


_EXTENSION = regex.compile(r"(?i)[ ]*(?:x|ext\.?|extension)[ ]*\d{1,5}$")
_NOT_DIGIT = regex.compile(r"\D")


# A North American number as the patterns print it: an optional "+1"/"1", an area code and
# exchange that start with 2-9, optional parentheses and one separator between groups.
_PLAIN_NANP = regex.compile(r"(?:\+?1[-. ]?)?\(?([2-9]\d{2})\)?[-. ]?([2-9]\d{2})[-. ]?(\d{4})")


@functools.lru_cache(maxsize=4096)
def _parse(value: str) -> phonenumbers.PhoneNumber | None:
    """Parse as written: ``+`` means international, 0 means UK, otherwise North American.

    Memoised (callers only read the result): the check and the invalidation both parse each
    candidate, and an insurer's service numbers repeat on every page. A plain North American
    number is read without the library, to the same object (a test compares the two on
    every shape): its parser had been most of checking a phone number."""
    core = _EXTENSION.sub("", value.strip())
    plain = _PLAIN_NANP.fullmatch(core)
    if plain is not None:
        return phonenumbers.PhoneNumber(country_code=1, national_number=int("".join(plain.groups())))
    digits = _NOT_DIGIT.sub("", core)
    if core.startswith("+"):
        region = None
    elif digits.startswith("0"):
        region = "GB"
    else:
        region = "US"
    try:
        return phonenumbers.parse(core, region)
    except NumberParseException:
        return None
