"""One Hyperscan pass per text that tells which built-in patterns cannot match it.

A scan runs some 80 patterns over every text, one ``regex`` scan each, and most of them find
nothing in most texts: that scanning was half of fast mode's time. Hyperscan compiles all
patterns into one automaton and, in prefilter mode (``HS_FLAG_PREFILTER``), reports every
pattern that *may* match: constructs it cannot run (look-arounds, back-references) are
widened, never narrowed, so a pattern it does not report has no match and is skipped. A
pattern it reports still runs through ``regex`` as before, so findings do not change (a test
compares gated and ungated engines on a corpus and on hostile and Unicode-heavy text).

Hyperscan's Unicode tables are older than the ``regex`` module's; the characters on which the
two disagree are found by probing every code point when the automaton is built, and a text
holding one runs every pattern (``_unsafe_class``). Compiling with Unicode semantics
(``HS_FLAG_UCP``, which the patterns' ``\\w``, ``\\b`` and case folding need on accented
names) and probing take about 35 s, so it is done once and kept in a cache file keyed by the
patterns, their flags, the probes and the Hyperscan and ``regex`` versions: under
``$INSURESCAN_CACHE_DIR``, else ``$XDG_CACHE_HOME/insurescan``, else ``~/.cache/insurescan``.
``make install`` builds it (``python -m scanner.prefilter``). A process that finds no cache
builds it under a file lock; another process meanwhile runs without the gate rather than wait.
No Hyperscan (an unsupported platform), an unwritable cache or a pattern Hyperscan cannot
parse only means that pattern, or every pattern, is always run.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import regex

from scanner.starts import utf8

_LOG = logging.getLogger("insurescan.prefilter")

try:
    import hyperscan
except ImportError:  # pragma: no cover - only on platforms without a Hyperscan wheel
    hyperscan = None


# The id of the expression that reports a character the prefilter cannot judge.
UNSAFE_ID = 1_000_000


def cache_dir() -> Path:
    """Where compiled pattern databases are kept."""
    explicit = os.environ.get("INSURESCAN_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "insurescan"


def _hs_flags(flags: int) -> int:
    hs = hyperscan
    out = hs.HS_FLAG_PREFILTER | hs.HS_FLAG_SINGLEMATCH | hs.HS_FLAG_ALLOWEMPTY
    out |= hs.HS_FLAG_UTF8 | hs.HS_FLAG_UCP
    if flags & regex.IGNORECASE:
        out |= hs.HS_FLAG_CASELESS
    if flags & regex.DOTALL:
        out |= hs.HS_FLAG_DOTALL
    if flags & regex.MULTILINE:
        out |= hs.HS_FLAG_MULTILINE
    return out


def _supported(pattern: str, flags: int) -> bool:
    # Flags beyond these change what a pattern matches in ways Hyperscan's do not express
    # (VERBOSE, ASCII, FULLCASE, ...). A Unicode property under case folding is wider in
    # ``regex`` ("\p{Lu}" then takes "é") than in Hyperscan. Such a pattern is always run.
    # A "(?i)" after the start applies to the whole pattern in ``regex`` (version 0), to the
    # rest of its group in Hyperscan: also always run.
    if flags & ~(regex.IGNORECASE | regex.DOTALL | regex.MULTILINE | regex.UNICODE):
        return False
    if any(m.start() > 0 for m in _GLOBAL_FLAGS.finditer(pattern)):
        return False
    return not _caseless_property(pattern, bool(flags & regex.IGNORECASE))


_GLOBAL_FLAGS = regex.compile(r"(?<!\\)(?:\\\\)*\K\(\?[a-zA-Z]+\)")


def _caseless_property(pattern: str, caseless: bool) -> bool:
    r"""Whether ``pattern`` uses ``\p{..}`` / ``\P{..}`` where letters are matched without case."""
    scopes = [caseless]
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            if pattern[i + 1 : i + 2] in ("p", "P") and scopes[-1]:
                return True
            i += 2
            continue
        if c == "(":
            flags = regex.match(r"\(\?([a-zA-Z]*)(?:-([a-zA-Z]*))?([:)])", pattern[i:])
            inner = scopes[-1]
            if flags:
                on, off, end = flags.groups()
                inner = (inner or "i" in on) and "i" not in (off or "")
                if end == ")":  # "(?i)": the rest of the enclosing group
                    scopes[-1] = inner
                    i += flags.end()
                    continue
            scopes.append(inner)
        elif c == ")" and len(scopes) > 1:
            scopes.pop()
        elif c == "[":
            j = i + 1 + (pattern[i + 1 : i + 2] == "^")
            j += pattern[j : j + 1] == "]"  # a leading "]" is a member
            while j < n and pattern[j] != "]":
                if pattern[j] == "\\":
                    if pattern[j + 1 : j + 2] in ("p", "P") and scopes[-1]:
                        return True
                    j += 1
                j += 1
            i = j
        i += 1
    return False


class Prefilter:
    """Which of ``expressions`` may match a text; see the module docstring."""

    def __init__(self, database: Any, ids: dict[tuple[str, int], int]) -> None:
        self._db = database
        self._scratch = hyperscan.Scratch(database)
        self.ids = ids
        self._text: str | None = None
        self._possible: frozenset[int] | None = None

    def id_of(self, pattern: str, flags: int) -> int | None:
        """The database id of a pattern compiled with ``flags``; None if it is not gated."""
        return self.ids.get((pattern, flags))

    def possible(self, text: str) -> frozenset[int] | None:
        """Ids of the patterns that may match ``text``; None when the text cannot be checked.

        The engine hands the same text to every recognizer in turn: the last answer is kept.
        """
        if text is self._text:
            return self._possible
        data = utf8(text)
        if data is None:  # lone surrogates: not UTF-8, which Hyperscan requires
            found = None
        else:
            hits: set[int] = set()
            try:
                self._db.scan(data, match_event_handler=_collect, context=hits, scratch=self._scratch)
            except hyperscan.error:  # out of memory, say: the patterns can still run
                found = None
            else:
                found = None if UNSAFE_ID in hits else frozenset(hits)
        self._text, self._possible = text, found
        return found


def _collect(pattern_id: int, _start: int, _end: int, _flags: int, hits: set[int]) -> None:
    hits.add(pattern_id)


def _key(expressions: Sequence[tuple[str, int]], gates: Mapping[str, str]) -> str:
    # The unsafe-character probes are compiled into the database too, and each pattern in the
    # form Hyperscan reads.
    forms = [form_of(p, gates.get(p)) for p, _ in expressions]
    blob = json.dumps(
        [hyperscan.__version__, regex.__version__, _PROBES, *expressions, *forms], ensure_ascii=True
    )
    return hashlib.sha256(blob.encode()).hexdigest()[:24]


# "(?<![\w-])" at a pattern's start: no word character (or hyphen) before the match.
_LEADING_LOOKBEHIND = regex.compile(r"^\(\?<!(\[(?!\^)(?:\\.|[^\]\\])+\]|\\w)\)")


# "(?:" or a group with its own flags, "(?i:", "(?-i:".
_OPENS_GROUP = regex.compile(r"\(\?[a-zA-Z]*(?:-[a-zA-Z]+)?:")


def form_of(pattern: str, gate: str | None = None) -> str:
    """What the prefilter compiles for ``pattern``: the form of its ``gate`` if it has one (a
    regex that matches every text the pattern matches in, declared with the pattern: see
    ``recognizers.base.Pattern``), else its own (``hyperscan_form``)."""
    return hyperscan_form(gate if gate is not None else pattern)


def hyperscan_form(pattern: str) -> str:
    r"""What the prefilter compiles for ``pattern``: an expression that matches wherever
    ``pattern`` does, which Hyperscan can run with few approximations.

    Hyperscan's prefilter mode widens what it cannot run, and on a long label pattern (a
    label alternation, separators, a value with look-arounds) it widened so far that "INFO"
    in a log line was a possible name after a label: every block of a log ran every such
    pattern. Three rewrites keep the answer a superset and make it tight:

    - a leading "(?<![\w-])" (no word character before the match), which Hyperscan would
      drop, becomes "(?:^|[^\w-])": the text's start or one such character, consumed;
    - a pattern that then opens with a group that every match must begin with (its label:
      no top-level "|", not optional) is cut to that group: no label, no match;
    - a pattern whose value must follow a look-behind ("(?<=label: E11.9, )(?P<value>I10)",
      the later values of a labelled list) becomes the look-behind's content followed by the
      rest: Hyperscan would drop the look-behind, and with it the label, so that every
      code-shaped word had been a possible list member.

    Before these, a back-reference to a group without groups inside ("(?P=sep)" after
    "(?P<sep>[-.])") becomes a copy of that group's content: Hyperscan cannot follow
    back-references and widened "555.0143" to "anything may follow", so that every
    three-digit number was a possible spaced SSN.

    A character on which ``regex`` and Hyperscan disagree about ``\w`` is among the probes
    (``_PROBES``), so a text holding one still runs every pattern.
    """
    prefix, rest = _leading_lookbehind(_backreferences_spelled_out(pattern))
    behind = _required_lookbehind(rest)
    if behind is not None:
        # The leading look-behind tests the character before the value, inside what the
        # look-behind's content matched: dropped, which only widens.
        content, after = behind
        return "".join(_leading_lookbehind(content)) + "(?:" + after + ")"
    if _OPENS_GROUP.match(rest) and not _top_level_bar(rest):
        end = _group_end(rest)
        if end is not None and rest[end : end + 1] not in ("?", "*", "{"):
            rest = rest[:end]
    return prefix + rest


def _backreferences_spelled_out(pattern: str) -> str:
    """``pattern`` with each "(?P=name)" replaced by "(?:content)" of the group "(?P<name>content)",
    where that group is defined once and holds no group itself: the text a back-reference
    matches is text its group matched, so the copy matches it too (and more)."""
    bodies: dict[str, str | None] = {}
    refs: list[tuple[int, int, str]] = []
    for i, c, _depth in _scan_groups(pattern):
        if c != "(":
            continue
        if pattern.startswith("(?P<", i):
            name_end = pattern.find(">", i)
            end = _group_end(pattern[i:])
            name = pattern[i + 4 : name_end]
            body = pattern[name_end + 1 : i + end - 1] if end is not None else None
            simple = body is not None and not any(ch == "(" for _, ch, _ in _scan_groups(body))
            bodies[name] = body if simple and name not in bodies else None
        elif pattern.startswith("(?P=", i):
            close = pattern.find(")", i)
            refs.append((i, close + 1, pattern[i + 4 : close]))
    out, at = [], 0
    for start, end, name in refs:
        body = bodies.get(name)
        if body is not None:
            out += [pattern[at:start], "(?:", body, ")"]
            at = end
    return "".join(out) + pattern[at:]


def _leading_lookbehind(pattern: str) -> tuple[str, str]:
    r"""A leading "(?<![\w-])" as a consumed "(?:^|[^\w-])", and the rest of ``pattern``."""
    m = _LEADING_LOOKBEHIND.match(pattern)
    if m is None:
        return "", pattern
    members = m.group(1)
    return "(?:^|" + (r"\W" if members == r"\w" else "[^" + members[1:]) + ")", pattern[m.end() :]


def _required_lookbehind(pattern: str) -> tuple[str, str] | None:
    """For a ``pattern`` that is look-aheads, then a look-behind "(?<=X)", then the rest:
    X and the rest. A match needs X to end where the rest begins, so "X" then the rest
    matches wherever ``pattern`` does (the look-aheads dropped). None for any other shape,
    and for a top-level "|", after which the look-behind would bind one alternative only."""
    if _top_level_bar(pattern):
        return None
    at = 0
    while pattern.startswith("(?=", at):
        end = _group_end(pattern[at:])
        if end is None:
            return None
        at += end
    if not pattern.startswith("(?<=", at):
        return None
    end = _group_end(pattern[at:])
    if end is None or pattern[at + end : at + end + 1] in ("?", "*", "{", "+"):
        return None
    content, after = pattern[at + 4 : at + end - 1], pattern[at + end :]
    return (content, after) if after else None


def _scan_groups(pattern: str) -> Iterable[tuple[int, str, int]]:
    """(index, character, depth before it) for the characters of ``pattern`` outside escapes
    and character classes."""
    depth, i, n = 0, 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            j = i + 1 + (pattern[i + 1 : i + 2] == "^")
            j += pattern[j : j + 1] == "]"
            while j < n and pattern[j] != "]":
                j += 2 if pattern[j] == "\\" else 1
            i = j + 1
            continue
        yield i, c, depth
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        i += 1


def _group_end(pattern: str) -> int | None:
    """The index just past the group that opens ``pattern``."""
    for i, c, depth in _scan_groups(pattern):
        if c == ")" and depth == 1:
            return i + 1
    return None


def _top_level_bar(pattern: str) -> bool:
    return any(c == "|" and depth == 0 for _, c, depth in _scan_groups(pattern))


# Character classes the patterns use, with the flags they are used with. Hyperscan's Unicode
# tables are older than the ``regex`` module's and differ on some characters (combining marks
# are word characters to ``regex``, not to Hyperscan; superscript digits the other way round;
# a dotted capital I matches "i" only in ``regex``). On a text holding any such character
# the prefilter could miss a match, so it answers "cannot tell" there (see ``_unsafe_class``).
_PROBES = (
    (r"[a-z]", regex.IGNORECASE), (r"[A-Z]", regex.IGNORECASE), (r"[a-z]", 0), (r"[A-Z]", 0),
    (r"\w", 0), (r"\W", 0), (r"\d", 0), (r"\D", 0), (r"\s", 0), (r"\S", 0), (r".", 0),
    (r"[^\W\d_]", 0), (r"[^a-z]", regex.IGNORECASE), (r"[eé]", regex.IGNORECASE),
    (r"\p{L}", 0), (r"\p{Lu}", 0), (r"\p{Ll}", 0), (r"\p{M}", 0),
)  # fmt: skip
# Code points from here on (rare scripts, private use) are not probed, only counted unsafe.
_LAST_CODE_POINT = 0x30000


@functools.cache
def _unsafe_class() -> str:
    """A Hyperscan class of the characters on which it and ``regex`` disagree for ``_PROBES``."""
    unsafe: set[int] = set()
    for pattern, flags in _PROBES:
        ours = regex.compile(pattern, flags)
        theirs = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        theirs.compile(
            expressions=[pattern.encode()], ids=[0], flags=[_hs_flags(flags) & ~hyperscan.HS_FLAG_PREFILTER]
        )
        scratch = hyperscan.Scratch(theirs)
        for cp in range(0x80, _LAST_CODE_POINT):
            if 0xD800 <= cp <= 0xDFFF or cp in unsafe:
                continue
            char = chr(cp)
            if ours.fullmatch(char):
                hits: set[int] = set()
                theirs.scan(char.encode(), match_event_handler=_collect, context=hits, scratch=scratch)
                if not hits:
                    unsafe.add(cp)
    ranges: list[tuple[int, int]] = []
    for cp in sorted(unsafe):
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1] = (ranges[-1][0], cp)
        else:
            ranges.append((cp, cp))
    ranges.append((_LAST_CODE_POINT, 0x10FFFF))
    return "[" + "".join(f"\\x{{{a:x}}}-\\x{{{b:x}}}" for a, b in ranges) + "]"


def _compile(
    expressions: Sequence[tuple[str, int]], gates: Mapping[str, str]
) -> tuple[Any, dict[tuple[str, int], int]]:
    unsafe = _unsafe_class()

    def build(chosen: Sequence[tuple[str, int]]) -> Any:
        db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        db.compile(
            expressions=[unsafe.encode(), *(form_of(p, gates.get(p)).encode("utf-8") for p, _ in chosen)],
            ids=[UNSAFE_ID, *range(len(chosen))],
            flags=[
                hyperscan.HS_FLAG_UTF8 | hyperscan.HS_FLAG_SINGLEMATCH,
                *(_hs_flags(f) for _, f in chosen),
            ],
        )
        return db

    try:
        return build(expressions), {e: i for i, e in enumerate(expressions)}
    except hyperscan.error:
        pass
    # Hyperscan does not say which pattern it refused: try each (slow, and only when a
    # pattern uses syntax only the ``regex`` module knows; those always run).
    accepted = []
    for expression in expressions:
        try:
            build([expression])
        except hyperscan.error:
            _LOG.debug("a pattern is not prefiltered: Hyperscan cannot compile it")
        else:
            accepted.append(expression)
    return build(accepted), {e: i for i, e in enumerate(accepted)}


_LOADED: dict[Path, tuple[Any, dict[tuple[str, int], int]]] = {}


def _load(path: Path, ids_path: Path) -> tuple[Any, dict[tuple[str, int], int]] | None:
    if path in _LOADED:  # another engine in this process (fast and full mode) read it
        return _LOADED[path]
    try:
        database = hyperscan.loadb(path.read_bytes(), hyperscan.HS_MODE_BLOCK)
        listed = json.loads(ids_path.read_text(encoding="utf-8"))
    except (OSError, ValueError, hyperscan.error):
        return None
    _LOADED[path] = database, {(p, f): i for p, f, i in listed}
    return _LOADED[path]


def _store(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def load_or_build(
    expressions: Iterable[tuple[str, int]], *, gates: Mapping[str, str] | None = None, wait: bool = False
) -> Prefilter | None:
    """The prefilter for ``(pattern, flags)`` pairs, from the cache or compiled into it;
    ``gates`` maps a pattern to the gate declared with it (``form_of``).

    Returns None (every pattern runs) without Hyperscan, when the cache cannot be written, or
    when another process is compiling the same patterns and ``wait`` is False.
    """
    if hyperscan is None:
        return None
    gates = dict(gates or {})
    # What Hyperscan reads must mean for it what it means for ``regex``: the gate, if any.
    chosen = sorted({(p, f) for p, f in expressions if _supported(gates.get(p, p), f)})
    if not chosen:
        return None
    key = _key(chosen, gates)
    folder = cache_dir()
    path, ids_path = folder / f"patterns-{key}.hsdb", folder / f"patterns-{key}.json"
    loaded = _load(path, ids_path)
    if loaded is not None:
        return Prefilter(*loaded)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        lock = open(folder / f"patterns-{key}.lock", "a")  # noqa: SIM115 - held while compiling
    except OSError as exc:
        _LOG.debug("no pattern prefilter: cannot use the cache (%s)", type(exc).__name__)
        return None
    with lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except OSError:
            _LOG.debug("no pattern prefilter in this process: another is compiling it")
            return None
        loaded = _load(path, ids_path)  # compiled by the process that held the lock
        if loaded is not None:
            return Prefilter(*loaded)
        _LOG.info("compiling the pattern prefilter (once; about 25 s)")
        database, ids = _compile(chosen, gates)
        try:
            _store(ids_path, json.dumps([[p, f, i] for (p, f), i in ids.items()]).encode())
            _store(path, hyperscan.dumpb(database))
        except OSError as exc:
            _LOG.debug("pattern prefilter not cached (%s)", type(exc).__name__)
        return Prefilter(database, ids)


def expressions_of(recognizers: Iterable[Any]) -> tuple[list[tuple[str, int]], dict[str, str]]:
    """The ``(pattern, flags)`` pairs of ``recognizers``' patterns, and the gates declared with
    them (a pattern's ``gate`` attribute), as ``load_or_build`` takes them."""
    expressions: list[tuple[str, int]] = []
    gates: dict[str, str] = {}
    for r in recognizers:
        for p in r.patterns:
            expressions.append((p.regex, r.global_regex_flags))
            gate = getattr(p, "gate", None)
            if gate is not None:
                gates[p.regex] = gate
    return expressions, gates


def main() -> None:
    """Build the cache for the built-in recognizers (``make install`` runs this)."""
    from recognizers.registry import build_recognizers

    expressions, gates = expressions_of(
        r for r in build_recognizers((), ner=False) if getattr(r, "PREFILTER", False)
    )
    prefilter = load_or_build(expressions, gates=gates, wait=True)
    print(f"pattern prefilter: {len(prefilter.ids) if prefilter else 0} patterns in {cache_dir()}")


if __name__ == "__main__":
    main()
