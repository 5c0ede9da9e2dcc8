"""What the insurescan recognizers share: label-anchored patterns and value checks.

Presidio's ``PatternRecognizer`` scores the whole regex match, so a pattern that includes its
label ("Policy No. HO-1234567") would report the label as part of the value. ``ValuePatternRecognizer``
reports the span of the group named ``value`` when a pattern has one, and runs
``validate_result`` / ``invalidate_result`` on that value only. It also lets a recognizer say
that a passing check digit is evidence rather than proof (``VALIDATED_SCORES``): a 1-in-10
check digit on a bare 9-digit number still needs context.

The label builders here are used by every context-driven recognizer so that "Policy No.",
"Pol #", "Claim Ref:", "Subscriber ID" and a label on the line above are read the same way.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, ClassVar

import presidio_analyzer
import regex
from presidio_analyzer import EntityRecognizer, PatternRecognizer, RecognizerResult

if TYPE_CHECKING:
    from presidio_analyzer.nlp_engine import NlpArtifacts

logger = logging.getLogger("insurescan.recognizers")

# Same budget and flags Presidio uses, so a pattern behaves identically in both classes.
REGEX_TIMEOUT_SECONDS = float(os.environ.get("REGEX_TIMEOUT_SECONDS", 60))
DEFAULT_FLAGS = regex.DOTALL | regex.MULTILINE | regex.IGNORECASE
CASE_SENSITIVE_FLAGS = regex.DOTALL | regex.MULTILINE


class Pattern(presidio_analyzer.Pattern):
    """Presidio's ``Pattern`` for built-in patterns: the regex is compiled once, with its
    recognizer's flags, when first run.

    Upstream compiles each pattern at construction only to check it, with other flags, so every
    process compiled all of them twice (half a second of each worker's start-up). A test
    compiles every built-in pattern with its flags and runs it; a user's pattern is built with
    upstream's class and checked when the configuration is read (``recognizers.custom``).

    ``gate``, if given, is a regex that matches (with the same flags) in every text the pattern
    matches in, such as a part every match must contain: the engine's prefilter
    (``scanner.prefilter``) looks for it instead of the pattern. For a long pattern that
    Hyperscan can only approximate loosely; a test checks on real text that the gate is found
    wherever the pattern is.
    """

    def __init__(self, name: str, regex: str, score: float, gate: str | None = None) -> None:
        if not 0 <= score <= 1:
            raise ValueError(f"Invalid score: {score}. Score should be between 0 and 1")
        self.name = name
        self.regex = regex
        self.score = score
        self.gate = gate
        self.compiled_regex = None
        self.compiled_with_flags = None


class FinalScore(float):
    """A score from ``adjust_score`` that the engine's context enhancer must not raise.

    Used when the text around a value says it is *not* personal data (an insurer's
    customer-service line next to "call us"); the enhancer would otherwise add its +0.35
    for the word "call".
    """


class ValuePatternRecognizer(PatternRecognizer):
    """A ``PatternRecognizer`` whose patterns may contain their label.

    - A group named ``value`` sets the reported span; without one the whole match is used.
    - ``validate_result`` True gives ``VALIDATED_SCORES.get(pattern.name, 1.0)``; False drops
      the match; None keeps the pattern's score. ``invalidate_result`` True drops it.
    - ``adjust_score`` may lower or raise a score from the text around the value (for
      example a date of loss next to a date); returning 0 drops the match.
    """

    ENTITY: ClassVar[str] = ""
    PATTERNS: ClassVar[list[Pattern]] = []
    CONTEXT: ClassVar[list[str]] = []
    FLAGS: ClassVar[int] = DEFAULT_FLAGS
    VALIDATED_SCORES: ClassVar[dict[str, float]] = {}
    # Also try matches that start inside an earlier match: a label read as a rejected value
    # ("INSURED\nNAME OF INSURED - Nwosu, Adaeze") must not hide the label after it.
    OVERLAPPED: ClassVar[bool] = False
    # Seconds a pattern may run on one text. None for built-in patterns: a test runs each
    # through the probes that reject a catastrophically slow custom pattern
    # (``recognizers.custom.check_regex``), and the engine's clock check cost a seventh of
    # fast mode's time. A user's pattern keeps the limit.
    TIMEOUT: ClassVar[float | None] = None
    # Presidio's own context enhancer writes into each result's explanation; an engine that
    # drops explanations turns this off (``scanner.analyzer``): one per match cost more
    # than checking the match.
    build_explanations = True
    # Built-in patterns are checked by the engine's one-pass prefilter (``scanner.prefilter``);
    # the engine sets ``prefilter`` and, per pattern, its id there (None: always run).
    PREFILTER: ClassVar[bool] = True
    prefilter: Any = None
    prefilter_ids: tuple[int | None, ...] = ()
    # Set by the engine to ``scanner.starts.finder_for``: a pattern that every match begins
    # with a literal label word is tried only where one of those words is.
    find_starts: Callable[[str, int], Any] | None = None
    # Patterns whose matches become findings only through a context word: their score is
    # below the threshold, ``validate_result`` never passes them and ``adjust_score`` never
    # raises them. The engine leaves them out of a call where none of ``CONTEXT`` is in the
    # text or the call's context words (a log's timestamps, read as bare dates, with no "DOB").
    CONTEXT_ONLY: ClassVar[frozenset[str]] = frozenset()

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "en",
        supported_entity: str | None = None,
        name: str | None = None,
    ) -> None:
        super().__init__(
            supported_entity=supported_entity or self.ENTITY,
            name=name,
            supported_language=supported_language,
            patterns=list(patterns if patterns is not None else self.PATTERNS),
            context=list(context if context is not None else self.CONTEXT),
            global_regex_flags=self.FLAGS,
        )

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
        skip: frozenset[str] = frozenset(),
    ) -> list[RecognizerResult]:
        """Results of the patterns, less those named in ``skip`` (see ``CONTEXT_ONLY``)."""
        flags = regex_flags or self.global_regex_flags
        results: list[RecognizerResult] = []
        possible = None
        if self.prefilter is not None and flags == self.global_regex_flags:
            possible = self.prefilter.possible(text) if prefilter_current(self) else None
        for i, pattern in enumerate(self.patterns):
            if skip and pattern.name in skip:
                continue
            if possible is not None:
                gate = self.prefilter_ids[i]
                if gate is not None and gate not in possible:
                    continue  # the prefilter saw no possible match
            if not pattern.compiled_regex or pattern.compiled_with_flags != flags:
                pattern.compiled_with_flags = flags
                pattern.compiled_regex = regex.compile(pattern.regex, flags=flags)
            finder = self.find_starts(pattern.regex, flags) if self.find_starts is not None else None
            positions = finder.positions(text) if finder is not None else None
            try:
                if positions is not None:
                    matches = matches_at(
                        pattern.compiled_regex, text, positions, self.OVERLAPPED, self.TIMEOUT
                    )
                else:
                    matches = pattern.compiled_regex.finditer(
                        text, overlapped=self.OVERLAPPED, timeout=self.TIMEOUT
                    )
                for match in matches:
                    result = self._result_for(pattern, match, text)
                    if result is not None:
                        results.append(result)
            except TimeoutError:
                logger.warning("pattern %r of %s timed out; skipped", pattern.name, self.name)
        # Most calls find nothing; de-duplication of zero or one result is a copy and a sort.
        return remove_duplicates(results) if len(results) > 1 else results

    def _result_for(self, pattern: Pattern, match: regex.Match[str], text: str) -> RecognizerResult | None:
        has_value = "value" in match.re.groupindex and match.group("value") is not None
        start, end = match.span("value") if has_value else match.span()
        if has_value:
            start = glued_prefix_start(text, start)
        trimmed = self.trim_value(text, start, end, pattern)
        if trimmed is None:
            return None
        start, end = trimmed
        if start >= end:
            return None
        value = text[start:end]
        score = pattern.score
        validation = self.validate_result(value)
        if validation is False:
            return None
        if validation:
            score = self.VALIDATED_SCORES.get(pattern.name, EntityRecognizer.MAX_SCORE)
        if self.invalidate_result(value):
            return None
        score = self.adjust_score(score, text, start, end, labelled=has_value)
        if score <= EntityRecognizer.MIN_SCORE:
            return None
        explanation = None
        if self.build_explanations:
            explanation = self.build_regex_explanation(
                self.name, pattern.name, pattern.regex, pattern.score, validation, self.global_regex_flags
            )
            explanation.score = score
        metadata = {
            RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
        }
        if isinstance(score, FinalScore):
            # The lemma enhancer skips results already marked as context-enhanced.
            metadata[RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY] = True
        return RecognizerResult(
            entity_type=self.supported_entities[0],
            start=start,
            end=end,
            score=float(score),
            analysis_explanation=explanation,
            recognition_metadata=metadata,
        )

    def trim_value(self, text: str, start: int, end: int, pattern: Pattern) -> tuple[int, int] | None:
        """Narrow the span (e.g. drop a trailing label word); None rejects the match."""
        return start, end

    def adjust_score(self, score: float, text: str, start: int, end: int, labelled: bool) -> float:
        """Change a score from the surrounding text; ``labelled`` is True for label patterns.

        Return a ``FinalScore`` to keep the engine's context enhancer from raising it.
        """
        return score


def remove_duplicates(results: list[RecognizerResult]) -> list[RecognizerResult]:
    """Upstream's ``EntityRecognizer.remove_duplicates``, result for result and in the same
    order: duplicates (same span, type and score) give way to the first of them, zero scores
    and results another of the same type contains at an equal or higher score go, and the rest
    come sorted by score, start and length. Upstream hashes each result by formatting it as a
    string and sorts through lambdas: a twentieth of fast mode's time on dense text."""
    unique: dict[tuple[int, int, float, str], RecognizerResult] = {}
    for r in results:
        unique.setdefault((r.start, r.end, r.score, r.entity_type), r)
    ordered = sorted(unique.items(), key=_by_type_start_length_score)
    kept: list[RecognizerResult] = []
    active: list[RecognizerResult] = []
    entity = None
    for (start, end, score, entity_type), r in ordered:
        if entity_type != entity:
            entity, active = entity_type, []
        if score == 0:
            continue
        # Only a result still open at this start can contain this one.
        active = [f for f in active if f.end >= start]
        if any(f.start <= start and end <= f.end and score <= f.score for f in active):
            continue
        kept.append(r)
        active.append(r)
    kept.sort(key=_by_score_start_length)
    return kept


def _by_type_start_length_score(
    item: tuple[tuple[int, int, float, str], RecognizerResult],
) -> tuple[Any, ...]:
    (start, end, score, entity_type), _ = item
    return entity_type, start, start - end, -score


def _by_score_start_length(r: RecognizerResult) -> tuple[float, int, int]:
    return -r.score, r.start, r.start - r.end


def matches_at(
    compiled: regex.Pattern[str], text: str, positions: Iterable[int], overlapped: bool, timeout: float | None
) -> Iterator[regex.Match[str]]:
    """What ``compiled.finditer(text, overlapped=overlapped)`` yields, given every position at
    which a match can start (``scanner.starts``): an overlapped ``finditer`` is the match at
    each start in turn, a plain one the same with each search resuming where the last match
    ended. A match there consumes a literal word, so none is empty."""
    resume = 0
    for pos in positions:
        if pos < resume:
            continue
        match = compiled.match(text, pos, timeout=timeout)
        if match is not None:
            yield match
            if not overlapped:
                resume = match.end()


def prefiltered(recognizer: PatternRecognizer) -> PatternRecognizer:
    """Mark a built-in upstream ``PatternRecognizer`` whose results all come from matches of
    its patterns with its ``global_regex_flags``: the engine skips it for a text in which the
    prefilter (``scanner.prefilter``) says none of them can match."""
    recognizer.PREFILTER = True  # type: ignore[attr-defined]
    return recognizer


def prefilter_current(recognizer: PatternRecognizer) -> bool:
    """Whether the prefilter ids the engine attached still describe ``recognizer``'s patterns
    (a caller may have changed them after the engine was built; then every pattern runs)."""
    return len(getattr(recognizer, "prefilter_ids", ())) == len(recognizer.patterns)


# An upper-case prefix glued to the value ("POL-2020-553891", "CLM/2022/9221880") is part of
# the identifier although a label pattern reads "POL"/"CLM" as its label; left out, the copy
# kept "POL-" and the finding's fingerprint differed from the same number elsewhere.
_GLUED_PREFIX = regex.compile(r"(?<![\w])(?-i:[A-Z]{2,4})[-/]$")
_NOT_PREFIXES = frozenset({"NO", "ID", "NUM", "NBR", "NR", "REF"})


def glued_prefix_start(text: str, start: int) -> int:
    """``start`` moved back over an upper-case prefix and its ``-`` or ``/``, if one is glued on."""
    m = _GLUED_PREFIX.search(text, max(0, start - 5), start)
    if m is None or text[m.start() : m.end() - 1] in _NOT_PREFIXES:
        return start
    return m.start()


# --- labels ---------------------------------------------------------------------------------

# "No.", "Nº", "#", "Number", "Num", "Nbr", "ID", "Ref", "Reference", "Code" after a label noun.
LABEL_SUFFIX = (
    r"(?i:[ \t]*(?:\#|n[oº°]s?\.?(?![a-z])|nbr\.?|num(?:ber)?s?\.?(?![a-z])|id(?![a-z])|i\.d\.?"
    r"|ref(?:erence)?\.?(?![a-z])|code(?![a-z]))){0,2}"
)
# ":" / "#" / "-" / "=" / "|" between label and value, an optional "(if any)" style note, the
# value on the next line (or the one after a blank line, as PDF forms print it), and "is"/"was" in prose ("your claim number is ...").
# A question on a form ends with ")?" or "?": "Diagnosed conditions (ICD-10)?".
# A label in one paragraph or cell and its value in the next (DOCX, HTML <dt>/<dd>) arrive as
# two segments that detection joins with "\n\u241e\n" (``scanner.detect.JOIN``); the value's
# span stays inside its own segment, so the label may sit across that join.
SEGMENT_JOIN = "\u241e"
# "is"/"was" may end a line: "the other driver ... and the plate was\nAFR 6270".
VERB_SEPARATOR = r"(?:(?:is|was|reads)(?:[ \t]+|[ \t]*\r?\n[ \t]*))?"
LABEL_SEPARATOR = (
    r"(?i:[ \t]*(?:\([^()\n]{1,24}\)[ \t]*)?(?:[)?]+[ \t]*)?(?:[:#=|.\-–—]+[ \t]*)?"
    rf"(?:\r?\n[ \t]*(?:\r?\n[ \t]*)?(?:{SEGMENT_JOIN}\r?\n[ \t]*)?)?{VERB_SEPARATOR})"
)


def labelled(label: str, value: str, suffix: bool = True, lead: str = "") -> str:
    """Regex for ``<label>[No./#/ID][:] <value>`` capturing only the value in group ``value``.

    ``label`` is an alternation without the suffix words; it must not be preceded by a letter
    or digit so that "Claimant" never reads as "Claim". ``lead`` matches text between the
    separator and the value that belongs to neither (an issuing state before a plate).
    """
    return rf"(?<![\w])(?:{label}){LABEL_SUFFIX if suffix else ''}{LABEL_SEPARATOR}{lead}(?P<value>{value})"


def listed(label: str, value: str, lead: str = "") -> str:
    """Regex for the 2nd, 3rd ... value of a labelled list ("Dx: E11.9, I10 and Z79.4",
    "A. M54.50 B. G43.909"): a ``value`` preceded by the label and one or more values with
    commas, semicolons, "and", or letter pointers ("B.") between them."""
    sep = r"(?:[ \t]*[,;/][ \t]*|[ \t]+(?:and[ \t]+|&[ \t]+)?)(?:[A-L][.)][ \t]*)?"
    return (
        rf"(?<![\w.\-])(?={value})(?<=(?<![\w])(?:{label}){LABEL_SUFFIX}{LABEL_SEPARATOR}{lead}"
        rf"(?:{value}{sep}){{1,11}})(?P<value>{value})"
    )


# --- values ---------------------------------------------------------------------------------

# An insurer-style reference: letters and digits with -, / or . between groups, optionally a
# short letter prefix (with a 1-2 digit form or year code) and a space ("HO3 1234567",
# "BOP23 689832"), optionally digit groups after spaces ("PA 0461 0880 87", a 2-digit
# dependent suffix "U1234567 01"), the last one also before a full stop ("... PA 0461 0880 87."). Checked further by ``plausible_reference``.
REFERENCE_VALUE = (
    r"(?:(?-i:[A-Z]{1,4})\d{0,2}[ ](?=\d))?[A-Z0-9]+(?:[-/.][A-Z0-9]+){0,5}"
    r"(?:(?<=\d)[ ]\d{2,4}(?![\w/\-]|\.\w)){0,3}(?![\w])"
)

_DATE_SHAPE = regex.compile(
    r"^(?:\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/]\d{4}|\d{4}[-/]\d{2})$"
)
_AMOUNT_SHAPE = regex.compile(r"^[$£€]?[ ]?(?:\d{1,3}(?:,\d{3})+(?:\.\d{2})?|\d+\.\d{2})$")
_PHONE_SHAPE = regex.compile(r"^(?:1[-. ]?)?\(?\d{3}\)?[-. ]\d{3}[-. ]\d{4}$|^\d{3}-\d{4}$")
_RANGE_SHAPE = regex.compile(r"^\d{1,3}[ ]?[-–][ ]?\d{1,3}$")
_YEAR_SHAPE = regex.compile(r"^(?:19|20)\d{2}$")
_ASCENDING = "01234567890123456789012"
_PLACEHOLDERS = frozenset(
    {"NA", "NONE", "TBD", "TBA", "PENDING", "UNKNOWN", "NULL", "NIL", "SAMPLE", "EXAMPLE", "VOID", "SEE"}
)


def alnum(value: str) -> str:
    """Letters and digits only, upper-cased."""
    return _NOT_ALNUM.sub("", value.upper())


# What ``str.isalnum`` rejects: the standard ``re``'s non-word characters and "_" (``regex``'s
# \w holds more, marks and joiners).
_NOT_ALNUM = re.compile(r"[\W_]")


def looks_like_other_number(value: str) -> bool:
    """A date, year, amount, range (``18-25``) or formatted phone number: not an identifier."""
    v = value.strip()
    return bool(
        _DATE_SHAPE.match(v)
        or _AMOUNT_SHAPE.match(v)
        or _PHONE_SHAPE.match(v)
        or _YEAR_SHAPE.match(v)
        or _RANGE_SHAPE.match(v)
    )


def is_placeholder(value: str) -> bool:
    """All one character, a counting sequence, masked (``XXXX``) or a word like N/A or TBD."""
    core = alnum(value)
    if not core or core in _PLACEHOLDERS:
        return True
    if len(set(core)) == 1:
        return True
    if core.isdigit() and len(core) >= 6 and (core in _ASCENDING or core in _ASCENDING[::-1]):
        return True
    return core.count("X") >= max(4, len(core) - 4) and not core.isdigit()


def plausible_reference(value: str, min_len: int = 5, max_len: int = 20, min_digits: int = 3) -> bool:
    """Length, digit count and "not something else" checks for a labelled reference number."""
    core = alnum(value)
    if not min_len <= len(core) <= max_len:
        return False
    if sum(c.isdigit() for c in core) < min_digits:
        return False
    return not (looks_like_other_number(value) or is_placeholder(value))


# --- context around a value -----------------------------------------------------------------


def line_before(text: str, start: int, limit: int = 60) -> str:
    """The text on the same line before ``start``, at most ``limit`` characters."""
    line_start = text.rfind("\n", 0, start) + 1
    return text[max(line_start, start - limit) : start]


def line_after(text: str, end: int, limit: int = 60) -> str:
    """The text on the same line after ``end``, at most ``limit`` characters."""
    line_end = text.find("\n", end)
    if line_end == -1:
        line_end = len(text)
    return text[end : min(line_end, end + limit)]


def lines_before(text: str, start: int, limit: int = 120) -> str:
    """Up to ``limit`` characters before ``start``, across line breaks (for labels above)."""
    return text[max(0, start - limit) : start]
