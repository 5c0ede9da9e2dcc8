"""Where a label pattern's matches can begin, found by one literal search.

``regex`` tries a pattern at every position of a text. For a pattern that opens with a long
label alternation that is most of its cost: "Name after label" (some eighty role labels,
case-folded) took 1.8 s of a fast scan's 8 s over a 10 MB log, for one match. Every match of
such a pattern begins with one of a few literal strings ("insured", "claimant", "attn", "to",
...), read off the pattern itself (``literal_starts``): a new label word needs no list kept by
hand. Hyperscan finds those strings, case-folded, in one pass, and the pattern is tried only
there, with ``match`` (``recognizers.base.matches_at``): ``regex``'s overlapped ``finditer`` is
exactly the match at each start position in turn, and its plain ``finditer`` the same with each
search starting where the last match ended, so findings do not change: a test compares both
ways on a corpus, on its Unicode-altered copies and on random text.

Where the answer could be wrong the pattern runs as before (``StartFinder.positions`` returns
None, ``literal_starts`` None): a pattern in syntax only ``regex`` knows or with flags beyond
case, dot-all, multi-line and verbose (full case folding would take "ß" for "ss"), a text that
is not UTF-8 (lone surrogates), and a text holding one of the four non-ASCII letters that
``regex`` folds to an ASCII one ("İ", "ı", "ſ", the Kelvin sign), which Hyperscan's case
folding leaves alone.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from re import _constants as _sre  # type: ignore[attr-defined]
from re import _parser as _sre_parse  # type: ignore[attr-defined]
from typing import Any

try:
    import hyperscan
except ImportError:  # pragma: no cover - only on platforms without a Hyperscan wheel
    hyperscan = None

# Characters that ``regex`` matches to an ASCII letter when ignoring case (a test finds them
# by trying every code point).
FOLDS_TO_ASCII = "\u0130\u0131\u017f\u212a"
_FOLDING = re.compile(f"[{FOLDS_TO_ASCII}]")

# Longest literal kept; a longer start would only make the search a little more selective.
_LIMIT = 12
# Shortest start worth searching for: a single character is at nearly every word.
_SHORTEST = 2
# Fewer different first letters than this: the pattern is left to ``regex`` (``finder_for``).
_FEWEST_OPENINGS = 3
# More alternative starts than this: the pattern is left to ``regex``.
_MOST = 512
# ``\p{..}`` and ``\P{..}``, which the standard library's parser does not know; they never
# give a literal, so any class stands in for them.
_PROPERTY = re.compile(r"(?<!\\)((?:\\\\)*)\\[pP]\{[^}]*\}")
# Braces holding e, i, s or d: ``regex``'s fuzzy matching ("(?:claim){e<=1}"), which the
# standard library would read as literal text; such a pattern is left to ``regex``.
_FUZZY = re.compile(r"\{[^{}]*[eisd][^{}]*\}")
# Flags that mean the same to ``regex`` and the standard library (``regex``'s values are theirs).
_READ_FLAGS = int(re.IGNORECASE | re.DOTALL | re.MULTILINE | re.VERBOSE | re.UNICODE)


class _TooMany(Exception):
    pass


@functools.lru_cache(maxsize=1024)
def literal_starts(pattern: str, flags: int) -> tuple[str, ...] | None:
    """Lower-case ASCII strings such that every match of ``pattern`` begins with one of them,
    ignoring case; None when there are none of two characters or more to rely on.

    The pattern is read with the standard library's parser (``\\p{..}`` replaced by a class);
    syntax only ``regex`` has fails there or is refused before (fuzzy matching), and then the
    answer is None. Look-arounds consume
    nothing and are passed over; a character class of up to four literal characters forks
    the strings if they are letters or digits; anything else (a wider class, ``.``, a
    back-reference) ends them.
    """
    if int(flags) & ~_READ_FLAGS:
        return None
    source = _PROPERTY.sub(r"\1\\w", pattern)
    if _FUZZY.search(source):
        return None
    try:
        parsed = _sre_parse.parse(source, flags & ~re.UNICODE)
        found = _walk(list(parsed), {"": True})
    except (re.error, _TooMany, RecursionError, TypeError, ValueError, AttributeError):
        return None
    starts = _shortest_only(found)
    if not starts or min(map(len, starts)) < _SHORTEST:
        return None
    return tuple(sorted(starts))


def _walk(items: Sequence[tuple[Any, Any]], strings: dict[str, bool]) -> dict[str, bool]:
    """``strings`` (prefix -> whether it may still grow) carried through ``items``."""
    for op, av in items:
        if not any(strings.values()):
            break
        if op is _sre.LITERAL:
            strings = _extend(strings, (chr(av),))
        elif op is _sre.IN:
            members = _few_literals(av)
            strings = _extend(strings, members) if members else _closed(strings)
        elif op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
            continue  # zero-width
        elif op is _sre.SUBPATTERN:
            strings = _walk(av[-1], strings)
        elif op is _sre.ATOMIC_GROUP:
            strings = _walk(av, strings)
        elif op is _sre.BRANCH:
            out: dict[str, bool] = {}
            for alternative in av[1]:
                _merge(out, _walk(alternative, strings))
            strings = out
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
            low, high, sub = av
            times = min(max(low, 1), _LIMIT)
            repeated = strings
            for _ in range(times):
                repeated = _walk(sub, repeated)
            if high != times:
                repeated = _closed(repeated)  # more repeats may follow: what comes next is not known
            if low == 0:
                _merge(repeated, strings)
            strings = repeated
        else:
            strings = _closed(strings)
        strings = _pruned(strings)
    return strings


def _extend(strings: dict[str, bool], chars: Sequence[str]) -> dict[str, bool]:
    out: dict[str, bool] = {}
    for prefix, growing in strings.items():
        if not growing:
            _merge(out, {prefix: False})
            continue
        for c in chars:
            if not c.isascii():
                _merge(out, {prefix: False})
            else:
                longer = prefix + c.lower()
                _merge(out, {longer: len(longer) < _LIMIT})
    return out


def _few_literals(items: Sequence[tuple[Any, Any]]) -> tuple[str, ...] | None:
    chars: list[str] = []
    for op, av in items:
        if op is _sre.LITERAL:
            chars.append(chr(av))
        elif op is _sre.RANGE and av[1] - av[0] < 4:
            chars.extend(chr(c) for c in range(av[0], av[1] + 1))
        else:
            return None  # a negated class, a category, a wide range
    # Only letters and digits fork: a class of separators ("[ \t]") ends the start, which
    # is selective enough by then, and forking there multiplied the strings past ``_MOST``.
    if not all(c.isascii() and c.isalnum() for c in chars):
        return None
    lowered = sorted({c.lower() for c in chars})
    return tuple(lowered) if len(lowered) <= 4 else None


def _closed(strings: dict[str, bool]) -> dict[str, bool]:
    return dict.fromkeys(strings, False)


def _merge(into: dict[str, bool], strings: dict[str, bool]) -> None:
    # A prefix that stops in one branch stops: after it, anything may follow.
    for prefix, growing in strings.items():
        into[prefix] = into.get(prefix, True) and growing


def _pruned(strings: dict[str, bool]) -> dict[str, bool]:
    """Without strings that a stopped, shorter one already stands for."""
    stopped = [p for p, growing in strings.items() if not growing]
    out = {p: g for p, g in strings.items() if not _extends_any(p, stopped)}
    if len(out) > _MOST:
        raise _TooMany
    return out


def _shortest_only(strings: dict[str, bool]) -> set[str]:
    return {p for p in strings if not _extends_any(p, strings)}


def _extends_any(prefix: str, shorter: Iterable[str]) -> bool:
    """Whether ``prefix`` begins with another of ``shorter``."""
    return any(prefix != s and prefix.startswith(s) for s in shorter)


class StartFinder:
    """The positions of a text where one of ``starts`` begins, ignoring ASCII case."""

    def __init__(self, starts: Sequence[str]) -> None:
        self.starts = tuple(starts)
        self._lengths = [len(s) for s in self.starts]
        self._db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        self._db.compile(
            expressions=[s.encode("ascii") for s in self.starts],
            ids=list(range(len(self.starts))),
            flags=hyperscan.HS_FLAG_CASELESS,
            literal=True,
        )
        self._scratch = hyperscan.Scratch(self._db)

    def positions(self, text: str) -> list[int] | None:
        """Sorted character offsets; None when they cannot be relied on (see the module)."""
        data = utf8(text)
        if data is None:
            return None
        multibyte = len(data) != len(text)
        if multibyte and _FOLDING.search(text):
            return None
        found: list[int] = []
        try:
            self._db.scan(
                data, match_event_handler=_on_start, context=(found, self._lengths), scratch=self._scratch
            )
        except hyperscan.error:
            return None
        if not found:
            return found
        found = sorted(set(found))
        return _char_offsets(data, found) if multibyte else found


def _on_start(
    pattern_id: int, _from: int, end: int, _flags: int, context: tuple[list[int], list[int]]
) -> None:
    found, lengths = context
    found.append(end - lengths[pattern_id])


def _char_offsets(data: bytes, offsets: list[int]) -> list[int]:
    # The starts are ASCII, so each offset falls between two characters.
    out, chars, previous = [], 0, 0
    for offset in offsets:
        chars += len(data[previous:offset].decode("utf-8"))
        previous = offset
        out.append(chars)
    return out


_last: tuple[str | None, bytes | None] = (None, None)


def utf8(text: str) -> bytes | None:
    """``text`` in UTF-8, None if it holds lone surrogates; the last answer is kept, as the
    engine hands one text to every pattern in turn."""
    global _last
    last = _last  # read once: the pair is replaced whole
    if last[0] is text:
        return last[1]
    try:
        data: bytes | None = text.encode("utf-8")
    except UnicodeEncodeError:
        data = None
    _last = (text, data)
    return data


@functools.lru_cache(maxsize=1024)
def finder_for(pattern: str, flags: int) -> StartFinder | None:
    """The ``StartFinder`` for a pattern, shared by every engine in the process; None when the
    pattern has no literal starts to search for or Hyperscan is missing."""
    if hyperscan is None:
        return None
    starts = literal_starts(pattern, flags)
    # Words that all begin with one or two letters ("on"; "the", "other"; "clm") are as quick
    # for ``regex``, which skips to those letters itself: searched for, such patterns ran
    # slower, and one with many opening letters ("Name after label") eight times faster.
    if starts is None or len({s[0] for s in starts}) < _FEWEST_OPENINGS:
        return None
    try:
        return StartFinder(starts)
    except hyperscan.error:
        return None
