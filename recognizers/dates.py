"""Date shapes shared by the date-of-birth recognizer and the column classifier."""

from __future__ import annotations

import datetime as dt

import regex

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip

_MONTH_NAME = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_MONTH = r"(?:0?[1-9]|1[0-2])"
_YEAR4 = r"(?:19|20)\d{2}"
_YEAR = r"(?:(?:19|20)?\d{2})"

# Numeric day/month order is ambiguous (US m/d/y, UK d/m/y); both are accepted and checked
# as a calendar date in either order by ``parse_date``.
DATE = (
    rf"(?:{_DAY}(?P<dsep>[/.\-]){_DAY}(?P=dsep){_YEAR}"
    rf"|{_YEAR4}(?P<isep>[-/.]){_MONTH}(?P=isep){_DAY}"
    rf"|{_MONTH_NAME}\.?[ \t]+{_DAY}(?:st|nd|rd|th)?,?[ \t]+{_YEAR4}"
    rf"|{_DAY}(?:st|nd|rd|th)?[ \t]+(?:of[ \t]+)?{_MONTH_NAME}\.?,?[ \t]+{_YEAR4}"
    rf"|{_DAY}[-/ ]{_MONTH_NAME}[-/ ]{_YEAR})"
    r"(?![\w/])"
)

# The characters a ``DATE`` can start with (a digit or a month's initial, either case). Put
# before it in a pattern without a literal start, it lets ``regex`` pass over every other
# position at once instead of trying each alternative there: half the time of scanning a
# text for bare dates.
DATE_START = r"(?=[0-9ADFJMNOSadfjmnos])"

_NUMERIC = regex.compile(r"^(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})$")
_WORDS = regex.compile(r"[a-z]+|\d+", regex.IGNORECASE)


def _year(y: int, digits: int) -> int:
    if digits > 2:
        return y
    # Two-digit birth years: 00..(this year) are 2000s, the rest 1900s.
    this = dt.date.today().year % 100
    return 2000 + y if y <= this else 1900 + y


_TIME_OF_DAY = regex.compile(r"[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$")


def parse_date(value: str) -> dt.date | None:
    """The calendar date ``value`` denotes, trying m/d/y then d/m/y; None if none exists.

    Accepts the shapes in ``DATE`` and ISO date-times (``1980-03-04 00:00:00`` from a
    spreadsheet cell).
    """
    text = value.strip()
    text = _TIME_OF_DAY.sub("", text)
    m = _NUMERIC.match(text)
    candidates: list[tuple[int, int, int]] = []
    if m:
        a, b, c = m.groups()
        if len(a) == 4:
            candidates.append((int(a), int(b), int(c)))
        else:
            year = _year(int(c), len(c))
            candidates += [(year, int(a), int(b)), (year, int(b), int(a))]
    else:
        parts = _WORDS.findall(text)
        month = next((MONTHS[p[:4].lower()] for p in parts if p[:4].lower() in MONTHS), None)
        month = month or next((MONTHS[p[:3].lower()] for p in parts if p[:3].lower() in MONTHS), None)
        numbers = [p for p in parts if p.isdigit()]
        if month is None or len(numbers) != 2:
            return None
        day_s, year_s = (numbers[0], numbers[1]) if len(numbers[1]) in (2, 4) else (numbers[1], numbers[0])
        if len(day_s) > 2:
            day_s, year_s = year_s, day_s
        candidates.append((_year(int(year_s), len(year_s)), month, int(day_s)))
    for year, month, day in candidates:
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    return None


def plausible_birth_date(value: str, today: dt.date | None = None) -> bool:
    """A real calendar date between 1900 and today."""
    date = parse_date(value)
    today = today or dt.date.today()
    return date is not None and dt.date(1900, 1, 1) <= date <= today
