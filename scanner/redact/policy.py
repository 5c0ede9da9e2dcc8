"""What goes and what it becomes: profiles, ``--keep``/``--only``, operators per entity.

Which entities are removed:

- default: every entity the detector reports;
- ``[profiles.NAME]`` with ``keep``: all but those; with ``remove``: only those;
- ``--keep A,B`` adds to what stays; ``--only A,B`` removes exactly A and B
  (it replaces a profile's sets; giving both flags is an error).

Which operator, first match wins: ``--operator`` (the command line beats the
config), the profile's ``operators`` entry, the profile's ``operator``,
``[redact.operators]``, ``[redact] operator``, ``replace``.

``OperatorSet`` validates every operator the policy can reach, with its real
parameters, before any output is opened.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from presidio_anonymizer.entities import InvalidParamError
from presidio_anonymizer.operators import Operator

from scanner.config import REDACT_OPERATORS, Config
from scanner.errors import ConfigError
from scanner.redact.keys import Keyring, load_keyring
from scanner.redact.operators import ENTITY, create_operator, derive_key


@dataclass(frozen=True)
class Policy:
    remove: frozenset[str] | None  # None: every detected entity
    keep: frozenset[str] = frozenset()
    default_operator: str = "replace"
    operators: tuple[tuple[str, str], ...] = ()
    profile: str | None = None

    def removes(self, entity: str) -> bool:
        return entity not in self.keep and (self.remove is None or entity in self.remove)

    def operator_for(self, entity: str) -> str:
        return dict(self.operators).get(entity, self.default_operator)

    def uses(self, name: str) -> bool:
        return self.default_operator == name or any(op == name for _, op in self.operators)

    def describe(self) -> dict[str, Any]:
        return {
            "profile": self.profile,
            "remove": sorted(self.remove) if self.remove is not None else "all detected",
            "keep": sorted(self.keep),
            "default_operator": self.default_operator,
            "operators": dict(sorted(self.operators)),
        }


def _known_entities(config: Config) -> set[str] | None:
    try:
        from recognizers.catalogue import CATALOGUE
    except ImportError:  # catalogue not installed: nothing to check names against
        return None
    return set(CATALOGUE) | {r.entity for r in config.recognizers}


def _check(entities: Iterable[str], known: set[str] | None, where: str) -> None:
    if known is None:
        return
    for e in entities:
        if e not in known:
            raise ConfigError(f"{where}: unknown entity {e!r}; see 'insurescan entities'")


def resolve_policy(
    config: Config,
    profile: str | None = None,
    keep: Iterable[str] | None = None,
    only: Iterable[str] | None = None,
    operator: str | None = None,
) -> Policy:
    """The policy for one run; ``ConfigError`` on unknown names or contradictions."""
    keep_set = {e.strip().upper() for e in keep or () if e.strip()}
    only_set = {e.strip().upper() for e in only or () if e.strip()}
    if keep_set and only_set:
        raise ConfigError("give --keep or --only, not both")
    if operator is not None and operator not in REDACT_OPERATORS:
        raise ConfigError(f"unknown operator {operator!r} (choose from {', '.join(REDACT_OPERATORS)})")
    known = _known_entities(config)
    _check(keep_set, known, "--keep")
    _check(only_set, known, "--only")
    settings = config.redact
    operators = dict(settings.operators)
    default = settings.operator
    remove: set[str] | None = None
    kept: set[str] = set()
    if profile is not None:
        prof = config.profile(profile)
        _check((*prof.keep, *prof.remove, *(e for e, _ in prof.operators)), known, f"profile {profile}")
        kept |= set(prof.keep)
        remove = set(prof.remove) or None
        default = prof.operator or default
        operators.update(dict(prof.operators))
    _check((e for e, _ in settings.operators), known, "[redact.operators]")
    if only_set:
        remove, kept = only_set, set()
    kept |= keep_set
    if operator is not None:
        default, operators = operator, {}
    return Policy(
        remove=frozenset(remove) if remove is not None else None,
        keep=frozenset(kept),
        default_operator=default,
        operators=tuple(sorted(operators.items())),
        profile=profile,
    )


@dataclass
class OperatorSet:
    """Operators bound to their parameters; ``apply(entity, value)`` is all callers need."""

    policy: Policy
    params: dict[str, Any] = field(default_factory=dict)
    keyring: Keyring | None = None
    _cache: dict[str, Operator] = field(default_factory=dict)

    @classmethod
    def build(
        cls, policy: Policy, config: Config, hmac_key: bytes, key_file: str | None = None
    ) -> OperatorSet:
        keyring = None
        if policy.uses("encrypt"):
            keyring = load_keyring(key_file or config.redact.key_file, create=True)
        params: dict[str, Any] = {
            "replace": {},
            "mask": {"chars_to_keep": config.redact.mask_tail, "masking_char": config.redact.mask_char},
            "hash": {"key": derive_key(hmac_key, "hash")},
            "pseudonymize": {"key": derive_key(hmac_key, "pseudonymize")},
            "encrypt": {"key": keyring.current_key, "key_id": keyring.current} if keyring else {},
        }
        ops = cls(policy=policy, params=params, keyring=keyring)
        for name in {policy.default_operator, *(op for _, op in policy.operators)}:
            ops._operator(name, "PERSON")
        return ops

    def _operator(self, name: str, entity: str) -> Operator:
        op = self._cache.get(name)
        if op is None:
            op = create_operator(name)
            try:
                op.validate({**self.params[name], ENTITY: entity})
            except InvalidParamError as exc:
                raise ConfigError(f"operator {name}: {exc}") from None
            self._cache[name] = op
        return op

    def name_for(self, entity: str) -> str:
        return self.policy.operator_for(entity)

    def apply(self, entity: str, value: str, operator: str | None = None) -> str:
        name = operator or self.name_for(entity)
        return self._operator(name, entity).operate(value, {**self.params[name], ENTITY: entity})

    @property
    def key_id(self) -> str | None:
        return self.keyring.current if self.keyring else None
