"""Same-shape surrogates: the engine behind ``--operator pseudonymize``.

A surrogate is derived from HMAC(key, entity, normalised value), so the same
value gets the same surrogate in every file and every run that uses the same
key, and nobody without the key can map surrogates back or test guesses.
Digits stay digits, letters stay letters of the same case, separators stay
where they were; names become other names, dates other valid dates, e-mail
domains reserved example domains.

Names are mapped word by word, so "Maria Gonzalez" and a later "Ms. Gonzalez"
share the surname surrogate and a recipient can still follow the thread.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import string
from collections.abc import Iterator

from scanner.fingerprint import normalise

# Common given names decide which list a name word is drawn from; the lists
# themselves only need to look like names.
_FIRST = (
    "Aaron Abigail Adam Alan Albert Alice Amanda Amy Andrea Andrew Angela Ann Anna Anthony Arthur Barbara "
    "Benjamin Betty Beverly Brandon Brenda Brian Bruce Carl Carol Carolyn Catherine Charles Cheryl Christina "
    "Christine Christopher Cynthia Daniel David Deborah Debra Dennis Diana Diane Donald Donna Dorothy Douglas "
    "Edward Elizabeth Emily Emma Eric Evelyn Frances Frank Gary George Gloria Grace Gregory Hannah Harold "
    "Heather Helen Henry Jack Jacob Jacqueline James Janet Janice Jason Jean Jeffrey Jennifer Jeremy Jerry "
    "Jessica Joan Joe John Jonathan Jose Joseph Joshua Joyce Juan Judith Judy Julia Julie Justin Karen "
    "Katherine Kathleen Keith Kelly Kenneth Kevin Kimberly Larry Laura Lauren Lawrence Linda Lisa Louis "
    "Margaret Maria Marie Marilyn Mark Martha Mary Matthew Megan Melissa Michael Michelle Nancy Nathan "
    "Nicholas Nicole Olivia Pamela Patricia Patrick Paul Peter Philip Rachel Ralph Raymond Rebecca Richard "
    "Robert Roger Ronald Rose Roy Russell Ruth Ryan Samantha Samuel Sandra Sara Sarah Scott Sean Sharon "
    "Shirley Sophia Stephanie Stephen Steven Susan Teresa Terry Thomas Timothy Tyler Victoria Virginia "
    "Walter Wayne William Willie Zachary"
).split()
_LAST = (
    "Adams Allen Alvarez Anderson Bailey Baker Barnes Bell Bennett Brooks Brown Butler Campbell Carter "
    "Castillo Chavez Clark Collins Cook Cooper Cox Cruz Davis Diaz Edwards Evans Fisher Flores Foster Garcia "
    "Gomez Gonzales Graham Gray Green Griffin Hall Harris Hayes Henderson Hernandez Hill Howard Hughes "
    "Jackson James Jenkins Johnson Jones Kelly Kim King Lee Lewis Long Lopez Martin Martinez Miller "
    "Mitchell Moore Morales Morgan Morris Murphy Myers Nelson Nguyen Ortiz Parker Patel Perez Perry Peterson "
    "Phillips Powell Price Ramirez Reed Reyes Richardson Rivera Roberts Robinson Rodriguez Rogers Ross "
    "Russell Sanchez Sanders Scott Simmons Smith Stewart Sullivan Taylor Thomas Thompson Torres Turner "
    "Walker Ward Watson White Williams Wilson Wood Wright Young"
).split()
_FIRST_SET = frozenset(n.casefold() for n in _FIRST)
_MONTHS = "January February March April May June July August September October November December".split()
_MONTH_INDEX = {m.casefold(): i for i, m in enumerate(_MONTHS)} | {
    m[:3].casefold(): i for i, m in enumerate(_MONTHS)
}
_DOMAINS = ("example.com", "example.net", "example.org")
_NUMERIC_DATE = re.compile(r"^(\d{1,4})([./-])(\d{1,2})\2(\d{2,4})$")
_WORDY_DATE = re.compile(r"^([A-Za-z]{3,9})\.?(\s+)(\d{1,2})(,?\s+)(\d{4})$")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


class _Stream:
    """Deterministic numbers from an HMAC counter; the seed is secret-derived."""

    def __init__(self, key: bytes, label: str) -> None:
        self._key = key
        self._label = label.encode()
        self._block = b""
        self._counter = 0

    def _bytes(self) -> Iterator[int]:
        while True:
            if not self._block:
                msg = self._label + b"\x00" + self._counter.to_bytes(8, "big")
                self._block = hmac.new(self._key, msg, hashlib.sha256).digest()
                self._counter += 1
            b, self._block = self._block[0], self._block[1:]
            yield b

    def below(self, n: int) -> int:
        """Uniform in ``range(n)`` (rejection sampling keeps it unbiased)."""
        if n <= 1:
            return 0
        nbytes = (n.bit_length() + 7) // 8
        limit = (256**nbytes // n) * n
        gen = self._bytes()
        while True:
            value = int.from_bytes(bytes(next(gen) for _ in range(nbytes)), "big")
            if value < limit:
                return value % n


def _case_like(template: str, word: str) -> str:
    if template.isupper() and len(template) > 1:
        return word.upper()
    if template.islower():
        return word.lower()
    return word


def _shape(stream: _Stream, value: str) -> str:
    out = []
    for ch in value:
        if ch.isdigit():
            out.append(string.digits[stream.below(10)])
        elif ch.isalpha() and ch.isascii():
            letter = string.ascii_lowercase[stream.below(26)]
            out.append(letter.upper() if ch.isupper() else letter)
        elif ch.isalpha():
            out.append("X" if ch.isupper() else "x")
        else:
            out.append(ch)
    return "".join(out)


def _name(key: bytes, value: str) -> str:
    def word(m: re.Match[str]) -> str:
        w = m.group(0)
        if len(w) == 1:
            return _shape(_Stream(key, "PERSON-initial\x00" + w.casefold()), w)
        stream = _Stream(key, "PERSON-word\x00" + w.casefold())
        pool = _FIRST if w.casefold() in _FIRST_SET else _LAST
        return _case_like(w, pool[stream.below(len(pool))])

    return _WORD.sub(word, value)


def _email(key: bytes, value: str) -> str:
    local, at, domain = value.rpartition("@")
    if not at:
        return _shape(_Stream(key, "EMAIL\x00" + value.casefold()), value)
    stream = _Stream(key, "EMAIL\x00" + normalise("EMAIL_ADDRESS", value))
    return f"{_shape(stream, local)}@{_DOMAINS[stream.below(len(_DOMAINS))]}"


def _date(stream: _Stream, value: str) -> str | None:
    month, day, year = stream.below(12) + 1, stream.below(28) + 1, 1940 + stream.below(66)
    m = _NUMERIC_DATE.match(value.strip())
    if m:
        a, sep, b, c = m.groups()
        if len(a) == 4:  # year first: ISO
            return f"{year:04d}{sep}{month:0{len(b)}d}{sep}{day:0{len(c)}d}"
        first, second = (day, month) if sep == "." else (month, day)
        y = f"{year:04d}" if len(c) == 4 else f"{year % 100:02d}"
        return f"{first:0{len(a)}d}{sep}{second:0{len(b)}d}{sep}{y}"
    m = _WORDY_DATE.match(value.strip())
    if m and m.group(1).casefold()[:3] in _MONTH_INDEX:
        name = _MONTHS[month - 1]
        name = name[:3] if len(m.group(1)) == 3 else name
        return f"{_case_like(m.group(1), name)}{m.group(2)}{day}{m.group(4)}{year}"
    return None


def surrogate(key: bytes, entity_type: str, value: str) -> str:
    """The consistent stand-in for ``value``; same key, entity and value, same result."""
    if entity_type == "PERSON":
        return _name(key, value)
    if entity_type == "EMAIL_ADDRESS":
        return _email(key, value)
    stream = _Stream(key, f"{entity_type}\x00{normalise(entity_type, value)}")
    if entity_type == "DATE_OF_BIRTH":
        dated = _date(stream, value)
        if dated is not None:
            return dated
    return _shape(stream, value)
