"""Governance flags and summaries, drawn from what the inventory already knows.

Per file holding personal data:

- ``exposed``: others can read it: world-readable, group-readable (unless the
  policy allows groups), or owned by someone outside ``allowed_owners``.
- ``retention``: it is older (by modification time) than the strictest
  retention rule that applies to its folder or to an entity it holds.
- ``special_category``: health codes together with something that identifies
  the person (GDPR Art. 9 data about an identifiable person; HIPAA PHI).

The risk score is ``sum(weight(sensitivity) * (1 + log10(count)))`` over the
entity types in the file, times ``1 + 1.0 exposed + 0.5 retention + 1.0
special_category``: many values of one kind weigh less than many kinds, and a
readable file of health records ranks above a locked one.

Entity sensitivity and regimes come from ``recognizers.catalogue``; an entity
the catalogue does not list (a custom recognizer) counts as medium and is
summarised under "unclassified".
"""

from __future__ import annotations

import collections
import math
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

HEALTH = frozenset({"ICD10_CODE", "CPT_CODE", "HCPCS_CODE", "NDC_CODE"})
IDENTITY = frozenset(
    {
        "PERSON", "US_SSN", "DATE_OF_BIRTH", "MEMBER_ID", "US_MBI", "MEDICAL_RECORD_NUMBER", "UK_NHS",
        "UK_NINO", "US_DRIVER_LICENSE", "US_PASSPORT", "EMAIL_ADDRESS", "PHONE_NUMBER", "STREET_ADDRESS",
        "POLICY_NUMBER", "CLAIM_NUMBER",
    }
)  # fmt: skip
FLAGS = ("exposed", "retention", "special_category")
UNCLASSIFIED = "unclassified"
_WEIGHTS = (
    ("special", 4.0),
    ("critical", 4.0),
    ("very", 4.0),
    ("high", 3.0),
    ("medium", 2.0),
    ("moderate", 2.0),
)
_REGIME_ORDER = ("GDPR", "GDPR Art. 9", "HIPAA", "CCPA", "GLBA")


def _catalogue() -> dict[str, Any]:
    try:
        from recognizers.catalogue import CATALOGUE
    except ImportError:  # the catalogue is optional for reports built outside a full install
        return {}
    return dict(CATALOGUE)


def sensitivity_weight(sensitivity: str | None) -> float:
    s = (sensitivity or "medium").lower()
    for word, weight in _WEIGHTS:
        if word in s:
            return weight
    return 1.0 if "low" in s else 2.0


def regimes_of(entity: str, catalogue: dict[str, Any]) -> tuple[str, ...]:
    info = catalogue.get(entity)
    regimes = tuple(getattr(info, "regimes", ()) or ()) if info is not None else ()
    return regimes or (UNCLASSIFIED,)


@dataclass(frozen=True)
class RetentionRule:
    """Keep personal data at most ``days``; ``folder`` (relative to a root, or absolute) and/or ``entity``
    say where it applies. A rule with neither applies everywhere."""

    days: int
    folder: str | None = None
    entity: str | None = None

    def applies(self, rel: str, path: str, entities: Iterable[str]) -> bool:
        if self.folder is not None:
            folder = self.folder.rstrip("/")
            target = path if os.path.isabs(folder) else rel
            if not (target == folder or target.startswith(folder + "/") or folder in ("", ".")):
                return False
        return self.entity is None or self.entity in set(entities)

    def describe(self) -> str:
        where = [f"folder {self.folder}"] if self.folder else []
        where += [f"entity {self.entity}"] if self.entity else []
        return f"{self.days} days" + (f" ({', '.join(where)})" if where else "")


@dataclass(frozen=True)
class Policy:
    allowed_owners: tuple[str, ...] = ()
    group_readable_ok: bool = False
    retention: tuple[RetentionRule, ...] = ()
    folder_depth: int = 2

    def as_dict(self) -> dict[str, Any]:
        return {
            "allowed_owners": list(self.allowed_owners),
            "group_readable_ok": self.group_readable_ok,
            "retention": [{"days": r.days, "folder": r.folder, "entity": r.entity} for r in self.retention],
            "folder_depth": self.folder_depth,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Policy:
        return cls(
            allowed_owners=tuple(d.get("allowed_owners", ())),
            group_readable_ok=bool(d.get("group_readable_ok", False)),
            retention=tuple(RetentionRule(**r) for r in d.get("retention", ())),
            folder_depth=int(d.get("folder_depth", 2)),
        )


@dataclass
class FileFacts:
    """What governance needs about one file; ``owner``, ``mode``, ``mtime`` may be unknown."""

    path: str
    root: str | None = None
    owner: str | None = None
    mode: int | None = None
    mtime: float | None = None
    status: str = "ok"
    entities: collections.Counter[str] = field(default_factory=collections.Counter)
    samples: list[str] = field(default_factory=list)

    @property
    def rel(self) -> str:
        if self.root and self.path != self.root and self.path.startswith(self.root.rstrip("/") + "/"):
            return self.path[len(self.root.rstrip("/")) + 1 :]
        return self.path


@dataclass
class FileRisk:
    facts: FileFacts
    flags: dict[str, str]  # flag -> reason a person can act on
    score: float

    @property
    def findings(self) -> int:
        return sum(self.facts.entities.values())


@dataclass
class Bucket:
    """A row of a summary: a regime or a folder."""

    name: str
    files: int = 0
    findings: int = 0
    entities: collections.Counter[str] = field(default_factory=collections.Counter)
    flagged: collections.Counter[str] = field(default_factory=collections.Counter)
    risk: float = 0.0


@dataclass
class Assessment:
    files: list[FileRisk]  # files with personal data, riskiest first
    by_regime: list[Bucket]
    by_folder: list[Bucket]
    flag_counts: dict[str, int]
    assessed: dict[str, bool]  # which flags could be assessed with the facts at hand

    def summary(self) -> dict[str, Any]:
        return {
            "files_with_personal_data": len(self.files),
            "flags": self.flag_counts,
            "by_regime": {b.name: {"files": b.files, "findings": b.findings} for b in self.by_regime},
            "by_folder": {b.name: {"files": b.files, "findings": b.findings} for b in self.by_folder},
        }


def file_flags(facts: FileFacts, policy: Policy, now: float) -> dict[str, str]:
    """The flags of one file holding personal data, each with its reason."""
    flags: dict[str, str] = {}
    exposure = []
    if facts.mode is not None:
        if facts.mode & 0o004:
            exposure.append(f"world-readable (mode {facts.mode:04o})")
        elif facts.mode & 0o040 and not policy.group_readable_ok:
            exposure.append(f"group-readable (mode {facts.mode:04o})")
    if policy.allowed_owners and facts.owner is not None and facts.owner not in policy.allowed_owners:
        exposure.append(f"owner {facts.owner} is not an allowed owner")
    if exposure:
        flags["exposed"] = "; ".join(exposure)
    if facts.mtime is not None and facts.mtime > 0:
        rules = [r for r in policy.retention if r.applies(facts.rel, facts.path, facts.entities)]
        if rules:
            strictest = min(rules, key=lambda r: r.days)
            age_days = (now - facts.mtime) / 86400
            if age_days > strictest.days:
                flags["retention"] = f"{int(age_days)} days old, rule {strictest.describe()}"
    health = sorted(set(facts.entities) & HEALTH)
    ident = sorted(set(facts.entities) & IDENTITY)
    if health and ident:
        flags["special_category"] = f"{', '.join(health)} with {', '.join(ident)}"
    return flags


def risk_score(facts: FileFacts, flags: dict[str, str], catalogue: dict[str, Any]) -> float:
    base = 0.0
    for entity, n in facts.entities.items():
        info = catalogue.get(entity)
        base += sensitivity_weight(getattr(info, "sensitivity", None)) * (1 + math.log10(max(n, 1)))
    factor = (
        1 + ("exposed" in flags) * 1.0 + ("retention" in flags) * 0.5 + ("special_category" in flags) * 1.0
    )
    return round(base * factor, 1)


def folder_of(facts: FileFacts, depth: int) -> str:
    parts = facts.rel.split("/")[:-1][: max(depth, 0)]
    base = facts.root.rstrip("/") if facts.root and facts.rel != facts.path else ""
    if not parts:
        return base or os.path.dirname(facts.path) or "."
    return "/".join([base, *parts]) if base else "/".join(parts)


def assess(facts: Iterable[FileFacts], policy: Policy, now: float) -> Assessment:
    """Flags, risk per file and summaries by regime and folder, for files holding personal data."""
    catalogue = _catalogue()
    risks: list[FileRisk] = []
    regimes: dict[str, Bucket] = {}
    folders: dict[str, Bucket] = {}
    counts = dict.fromkeys(FLAGS, 0)
    all_facts = [f for f in facts if f.entities]
    for f in all_facts:
        flags = file_flags(f, policy, now)
        risk = FileRisk(f, flags, risk_score(f, flags, catalogue))
        risks.append(risk)
        for flag in flags:
            counts[flag] += 1
        folder = folders.setdefault(
            folder_of(f, policy.folder_depth), Bucket(folder_of(f, policy.folder_depth))
        )
        _add(folder, risk, f.entities)
        per_regime: dict[str, collections.Counter[str]] = {}
        for entity, n in f.entities.items():
            for regime in regimes_of(entity, catalogue):
                per_regime.setdefault(regime, collections.Counter())[entity] += n
        for regime, ents in per_regime.items():
            _add(regimes.setdefault(regime, Bucket(regime)), risk, ents)
    risks.sort(key=lambda r: (-r.score, r.facts.path))
    return Assessment(
        files=risks,
        by_regime=sorted(regimes.values(), key=_regime_key),
        by_folder=sorted(folders.values(), key=lambda b: (-b.risk, b.name)),
        flag_counts=counts,
        assessed={
            "exposed": any(f.mode is not None for f in all_facts),
            "retention": bool(policy.retention) and any(f.mtime for f in all_facts),
            "special_category": True,
        },
    )


def _add(bucket: Bucket, risk: FileRisk, entities: collections.Counter[str]) -> None:
    bucket.files += 1
    bucket.findings += sum(entities.values())
    bucket.entities.update(entities)
    bucket.flagged.update(risk.flags.keys())
    bucket.risk = round(bucket.risk + risk.score, 1)


def _regime_key(b: Bucket) -> tuple[int, str]:
    for i, name in enumerate(_REGIME_ORDER):
        if b.name == name or (b.name.startswith(name + " ") and name != "GDPR"):
            return (i, b.name)
    return (len(_REGIME_ORDER) + (b.name == UNCLASSIFIED), b.name)


SAMPLES_PER_FILE = 3


def _file_of(path: str, known: set[str]) -> str:
    # A finding inside an archive member or attachment belongs to the outer file.
    if path in known:
        return path
    head = path
    while "!" in head:
        head = head.rpartition("!")[0]
        if head in known:
            return head
    return path


def facts_from_inventory(inventory: Any) -> list[FileFacts]:
    """One ``FileFacts`` per file the inventory holds (removed files left out)."""
    facts = {
        r["path"]: FileFacts(
            path=r["path"],
            root=r["root"],
            owner=r["owner"],
            mode=r["mode"],
            mtime=r["mtime"],
            status=r["status"],
        )
        for r in inventory.iter_files()
    }
    known = set(facts)
    for f in inventory.iter_findings():
        ff = facts.get(_file_of(f.path, known))
        if ff is None:
            continue
        ff.entities[f.entity_type] += 1
        if len(ff.samples) < SAMPLES_PER_FILE and f.masked not in ff.samples:
            ff.samples.append(f.masked)
    return list(facts.values())


def facts_from_report(data: Any, reveal: bool = False) -> list[FileFacts]:
    """From a ``ReportData`` alone: no owner, mode or age, so only special_category can be assessed."""
    facts = {s.path: FileFacts(path=s.path, status=s.status) for s in data.files}
    known = set(facts)
    for f in data.findings:
        path = _file_of(f.path, known)
        ff = facts.setdefault(path, FileFacts(path=path))
        ff.entities[f.entity_type] += 1
        shown = f.text if reveal and f.text is not None else f.masked
        if len(ff.samples) < SAMPLES_PER_FILE and shown not in ff.samples:
            ff.samples.append(shown)
    return list(facts.values())
