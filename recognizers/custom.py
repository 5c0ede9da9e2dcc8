"""User-defined recognizers from the ``[[recognizers]]`` tables of the TOML config.

Every insurer has its own policy-number format; this turns one table into a Presidio
recognizer without code. Everything is checked when the config is loaded, before any file
is read: the regex must compile in the engine Presidio uses (the ``regex`` module, with
Presidio's flags), must not match the empty string, must finish quickly on adversarial
input, and a checksum name must be one of ``checksums.NAMED``.

A pattern may capture the value in a group named ``value`` so that a label can be part of
the pattern: ``regex = "Ref(?:erence)?: (?P<value>ACME-[0-9]{8})"``.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import regex
from presidio_analyzer import Pattern, PatternRecognizer

from recognizers.base import DEFAULT_FLAGS, REGEX_TIMEOUT_SECONDS, ValuePatternRecognizer, is_placeholder
from recognizers.checksums import NAMED
from scanner.config import CustomRecognizer
from scanner.errors import ConfigError

# Each adversarial input runs for at most this long; exponential backtracking on 5,000
# characters never finishes, a sane pattern takes microseconds.
SLOW_REGEX_SECONDS = 1.0
_ADVERSARIAL_LENGTH = 5000
_ENTITY_NAME = regex.compile(r"^[A-Z][A-Z0-9_]{1,63}$")


class CustomPatternRecognizer(ValuePatternRecognizer):
    """A recognizer built from one ``[[recognizers]]`` config table (see ``build_custom``)."""

    # Probed by ``check_regex`` like the built-in patterns, but a user's pattern may still meet
    # an input no probe tried: the engine stops it after this long.
    TIMEOUT = REGEX_TIMEOUT_SECONDS
    # Not in the prefilter's cached database: a user's pattern would mean compiling anew.
    PREFILTER = False

    def __init__(
        self,
        entity: str,
        name: str,
        pattern: Pattern,
        context: list[str],
        checksum: Callable[[str], bool] | None = None,
    ) -> None:
        self._checksum = checksum
        super().__init__(patterns=[pattern], context=context, supported_entity=entity, name=name)

    def validate_result(self, pattern_text: str) -> bool | None:
        if self._checksum is None:
            return None
        return self._checksum(pattern_text)

    def invalidate_result(self, pattern_text: str) -> bool:
        return is_placeholder(pattern_text)


def build_custom(spec: CustomRecognizer) -> PatternRecognizer:
    """A recognizer for ``spec``; raises ``ConfigError`` naming it if the spec is unusable.

    With a checksum, a match whose check fails is dropped and one that passes scores 1.0;
    without, matches score ``spec.score`` and the engine adds its context boost when one of
    ``spec.context`` precedes the match.
    """
    name = spec.name or f"Custom{spec.entity.title().replace('_', '')}Recognizer"
    where = f"recognizer {name!r}"
    if not _ENTITY_NAME.match(spec.entity):
        raise ConfigError(f"{where}: entity {spec.entity!r} must be upper-case letters, digits and '_'")
    if not 0 < spec.score <= 1:
        raise ConfigError(f"{where}: score must be between 0 and 1")
    checksum = None
    if spec.checksum is not None:
        checksum = NAMED.get(spec.checksum.strip().lower())
        if checksum is None:
            known = ", ".join(sorted(NAMED))
            raise ConfigError(f"{where}: unknown checksum {spec.checksum!r} (known: {known})")
    check_regex(spec.regex, where)
    pattern = Pattern(name=f"{name} pattern", regex=spec.regex, score=spec.score)
    return CustomPatternRecognizer(
        entity=spec.entity,
        name=name,
        pattern=pattern,
        context=[word.lower() for word in spec.context],
        checksum=checksum,
    )


def check_regex(source: str, where: str) -> regex.Pattern[str]:
    """Compile ``source`` as Presidio will and reject patterns that cannot work.

    The ``regex`` module's ``timeout`` interrupts a runaway match from inside the engine, so
    no subprocess is needed (Python's ``re`` could not be stopped).
    """
    try:
        compiled = regex.compile(source, flags=DEFAULT_FLAGS)
    except (regex.error, ValueError, OverflowError) as exc:
        raise ConfigError(f"{where}: regex does not compile: {exc}") from None
    if compiled.fullmatch(""):
        raise ConfigError(f"{where}: regex matches the empty string; it would match everywhere")
    for probe in adversarial_inputs(source):
        started = time.monotonic()
        try:
            for _ in compiled.finditer(probe, timeout=SLOW_REGEX_SECONDS):
                if time.monotonic() - started > SLOW_REGEX_SECONDS:
                    raise TimeoutError
        except TimeoutError:
            raise ConfigError(
                f"{where}: regex is catastrophically slow (more than {SLOW_REGEX_SECONDS:g} s on a "
                f"{len(probe):,}-character input); avoid nested quantifiers such as (a+)+ or (\\d*)*"
            ) from None
    return compiled


def adversarial_inputs(source: str) -> list[str]:
    """Long runs that make backtracking patterns explode: one character repeated, then a
    character that forces the match to fail, for letters, digits, spaces, separators and
    the literal characters of the pattern itself."""
    n = _ADVERSARIAL_LENGTH
    probes = [
        "a" * n + "!",
        "1" * n + "x",
        "A1" * (n // 2) + "!",
        " " * n + "!",
        "-" * n + "!",
        "a1-" * (n // 3) + "!",
    ]
    literals = [c for c in dict.fromkeys(regex.sub(r"\\.", "", source)) if c.isalnum() or c in "-_./: #@"]
    probes += [c * n + "\x00" for c in literals[:12]]
    return probes
