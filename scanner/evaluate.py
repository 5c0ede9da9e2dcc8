"""Accuracy against a labelled corpus: precision, recall and F1 per entity.

Labels are JSON lines ``{"file": "rel/path", "pii": [{"type": T, "value": V}],
"decoys": [{"type": T, "value": V}]}``; ``decoys`` (optional) lists values
that look like identifiers but are not personal data (form numbers, insurer
phone lines), so the rate at which they are flagged can be measured.

A prediction is (file, entity type, value), counted once per file however
often it occurs. It matches a label of the same type and file when the
normalised values are equal, or when one contains the other and the shorter
is at least 60% of the longer (a name found without its middle initial still
counts; a lone first name does not).
"""

from __future__ import annotations

import json
import os
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from scanner.config import Config
from scanner.errors import ConfigError
from scanner.fingerprint import mask, normalise
from scanner.models import FileResult

Key = tuple[str, str, str]  # file, entity type, normalised value


@dataclass(frozen=True)
class Labels:
    pii: dict[str, set[tuple[str, str]]]  # file -> {(type, normalised value)}
    decoys: dict[str, set[str]]  # file -> {normalised value}

    @property
    def files(self) -> list[str]:
        return sorted(set(self.pii) | set(self.decoys))


def load_labels(path: str | Path) -> Labels:
    pii: dict[str, set[tuple[str, str]]] = defaultdict(set)
    decoys: dict[str, set[str]] = defaultdict(set)
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ConfigError(f"cannot read labels {path}: {exc.strerror}") from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            file = str(row["file"])
            pii[file]  # a file with no PII is still part of the corpus
            for item in row.get("pii", []):
                pii[file].add((item["type"], normalise(item["type"], str(item["value"]))))
            for item in row.get("decoys", []):
                decoys[file].add(_loose(str(item["value"])))
        except (ValueError, KeyError, TypeError) as exc:
            raise ConfigError(f"{path}:{n}: not a label line ({type(exc).__name__})") from None
    return Labels(dict(pii), dict(decoys))


def _loose(value: str) -> str:
    return "".join(ch for ch in value.casefold() if ch.isalnum())


def _similar(a: str, b: str) -> bool:
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return bool(short) and short in long_ and len(short) >= 0.6 * len(long_)


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass(frozen=True)
class Miss:
    """One error, for ``insurescan evaluate --show-errors``: the value is masked, never raw."""

    file: str
    kind: str  # "FN" (labelled, not found) or "FP" (found, not labelled)
    entity_type: str
    masked: str


@dataclass
class Evaluation:
    per_entity: dict[str, Score] = field(default_factory=dict)
    micro: Score = field(default_factory=Score)
    decoys: int = 0
    decoys_flagged: int = 0
    files: int = 0
    unread: Counter[str] = field(default_factory=Counter)
    misses: list[Miss] = field(default_factory=list)

    @property
    def decoy_rate(self) -> float:
        return self.decoys_flagged / self.decoys if self.decoys else 0.0

    def as_dict(self) -> dict[str, object]:
        return {
            "files": self.files,
            "micro": self.micro.as_dict(),
            "per_entity": {k: v.as_dict() for k, v in sorted(self.per_entity.items())},
            "decoys": self.decoys,
            "decoys_flagged": self.decoys_flagged,
            "decoy_rate": round(self.decoy_rate, 4),
            "unread_files": dict(self.unread),
        }


def score_predictions(labels: Labels, predicted: dict[str, set[tuple[str, str]]]) -> Evaluation:
    """Compare predicted (type, value) sets per file with the labels.

    ``predicted`` maps a label file to raw (type, value) pairs; values are
    normalised here the same way the labels are.
    """
    ev = Evaluation(files=len(labels.files))
    for file in labels.files:
        gold = labels.pii.get(file, set())
        raw = {(t, normalise(t, v)): v for t, v in sorted(predicted.get(file, set()))}
        pred = set(raw)
        matched_gold: set[tuple[str, str]] = set()
        for t, v in sorted(pred):
            hit = next(
                (g for g in sorted(gold) if g[0] == t and g not in matched_gold and _similar(g[1], v)), None
            )
            score = ev.per_entity.setdefault(t, Score())
            if hit:
                matched_gold.add(hit)
                score.tp += 1
            else:
                score.fp += 1
                ev.misses.append(Miss(file, "FP", t, mask(t, raw[(t, v)])))
        for g in sorted(gold - matched_gold):
            ev.per_entity.setdefault(g[0], Score()).fn += 1
            ev.misses.append(Miss(file, "FN", g[0], mask(g[0], g[1])))
        loose_pred = [_loose(v) for _, v in predicted.get(file, set())]
        for d in labels.decoys.get(file, set()):
            ev.decoys += 1
            if any(p and (p in d or d in p) for p in loose_pred):
                ev.decoys_flagged += 1
    for s in ev.per_entity.values():
        ev.micro.tp += s.tp
        ev.micro.fp += s.fp
        ev.micro.fn += s.fn
    return ev


def label_file(finding_path: str, docs: str) -> str:
    """``docs/a/b.zip!c.pdf`` -> ``a/b.zip``: labels are per top-level file."""
    top = finding_path.split("!", 1)[0]
    return os.path.relpath(top, docs)


def predictions_from_results(results: Iterable[FileResult], docs: str) -> dict[str, set[tuple[str, str]]]:
    out: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for r in results:
        for f in r.findings:
            assert f.text is not None, "evaluation needs revealed values (scan with reveal=True)"
            out[label_file(f.path, docs)].add((f.entity_type, f.text))
    return out


def evaluate(labels_path: str | Path, docs: str | Path, config: Config | None = None) -> Evaluation:
    """Scan ``docs`` (no inventory, values kept in memory only) and score it."""
    from scanner.pipeline import scan

    labels = load_labels(labels_path)
    docs = os.path.normpath(str(docs))
    results = list(scan([docs], config or Config(), reveal=True))
    ev = score_predictions(labels, predictions_from_results(results, docs))
    for r in results:
        if r.status.value not in ("ok", "unchanged"):
            ev.unread[r.status.value] += 1
    return ev
