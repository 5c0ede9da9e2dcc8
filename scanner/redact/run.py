"""One redaction run: walk, plan outputs, write each file, verify, record.

Safety rules, checked before anything is written: the output folder is not
inside the input tree and no output lands on an input; existing outputs are
not overwritten without ``force``; every operator is validated with its keys.
Each copy is written to a temporary name and renamed into place only after
verification passed, so a failed file leaves nothing behind.

Per file: what ``scan`` finds in the original seeds the writer's sweep, the
writer writes, the check reads the copy back; values the check finds that the
writer did not are fed to another attempt (``ATTEMPTS`` in all).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scanner.config import Config
from scanner.detect import Detector
from scanner.errors import ConfigError, InsurescanError, RedactionError
from scanner.extract import extract, sniff
from scanner.extract.base import Blob, ExtractContext
from scanner.fingerprint import load_or_create_key
from scanner.models import FileRef
from scanner.redact.dispatch import WRITERS, Job, MemberIssue, UnredactableError
from scanner.redact.engine import Redactor, TextTransformer, Unredactor
from scanner.redact.keys import load_keyring
from scanner.redact.manifest import MANIFEST_NAME, manifest_dict, write_manifest
from scanner.redact.policy import OperatorSet, Policy, resolve_policy
from scanner.redact.verify import Verification, verify
from scanner.sources import WalkIssue, walk

# Member statuses that mean "something was left out that the user may need".
_INCOMPLETE = {"unsupported", "encrypted", "error", "too_large", "skipped"}


@dataclass(frozen=True)
class RedactedFile:
    """The outcome for one input file. ``source``/``output`` are relative, redacted names."""

    source: str
    output: str | None
    status: str  # written | failed | unsupported | too_large | skipped | error
    reason: str | None = None
    verified: bool = False
    source_sha256: str | None = None
    output_sha256: str | None = None
    counts: dict[str, int] = field(default_factory=dict)
    operators: dict[str, str] = field(default_factory=dict)
    members: tuple[MemberIssue, ...] = ()

    @property
    def complete(self) -> bool:
        return self.status == "written" and not any(m.status in _INCOMPLETE for m in self.members)

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "output": self.output,
            "status": self.status,
            "verified": self.verified,
            "reason": self.reason,
            "source_sha256": self.source_sha256,
            "output_sha256": self.output_sha256,
            "counts": dict(sorted(self.counts.items())),
            "operators": dict(sorted(self.operators.items())),
            "members": [{"member": m.member, "status": m.status, "reason": m.reason} for m in self.members],
        }


@dataclass
class RedactionResult:
    files: list[RedactedFile]
    output_dir: Path
    policy: Policy | None = None
    manifest: Path | None = None
    key_id: str | None = None  # the encryption key that sealed tokens, if any

    @property
    def exit_code(self) -> int:
        """0: every file written and verified. 1: something could not be redacted and
        was left out (unsupported format, withheld member), as listed. 3: a file
        failed (its check found a value, or its writer broke): not written."""
        if any(f.status == "failed" for f in self.files):
            return 3
        return 0 if all(f.complete for f in self.files) else 1


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


@dataclass(frozen=True)
class _Item:
    ref: FileRef | WalkIssue
    rel: str


def _items(path: Path, config: Config) -> tuple[list[_Item], Path]:
    if not path.exists():
        raise ConfigError(f"{path}: no such file or directory")
    root = path if path.is_dir() else path.parent
    items = []
    for entry in walk(str(path), config):
        fs = entry.fs_path if isinstance(entry, FileRef) and entry.fs_path else entry.path
        rel = os.path.relpath(fs, root) if path.is_dir() else path.name
        items.append(_Item(entry, Path(rel).as_posix()))
    return items, root


def _check_targets(
    path: Path, out_dir: Path, targets: Iterable[Path], force: bool, extra: Iterable[Path]
) -> None:
    src = path.resolve()
    out = out_dir.resolve()
    if path.is_dir() and _inside(out, src):
        raise ConfigError(
            f"output folder {out_dir} is inside the input tree {path}; choose a folder outside it"
        )
    if out.exists() and not out.is_dir():
        raise ConfigError(f"{out_dir} exists and is not a folder")
    for target in targets:
        resolved = target.resolve()
        if resolved == src or (path.is_dir() and _inside(resolved, src)):
            raise ConfigError(f"refusing to write {target}: it would land on or inside the input")
        if not force and (target.exists() or target.is_symlink()):
            raise ConfigError(f"{target} exists; pass --force to overwrite")
    for other in extra:
        if not force and other.exists():
            raise ConfigError(f"{other} exists; pass --force to overwrite")


def _write_atomic(target: Path, data: bytes, mode: int) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.insurescan-tmp-{os.getpid()}")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        if target.is_symlink():
            target.unlink()  # never write through a link planted at the target
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


class _Namer:
    """Output names: each path component redacted once, the same way everywhere."""

    def __init__(self, transformer: TextTransformer | None) -> None:
        self.transformer = transformer
        self.done: dict[str, str] = {}

    def prepare(self, rels: Iterable[str]) -> None:
        if self.transformer is None:
            return
        parts = sorted({p for rel in rels for p in rel.split("/") if p and p not in self.done})
        if not parts:
            return
        self.done.update((p, self.transformer.transform_name(p)) for p in parts)

    def __call__(self, rel: str) -> str:
        if self.transformer is None:
            return rel
        return "/".join(self.done.get(p, p) for p in rel.split("/"))

    def member(self, member: str) -> str:
        if self.transformer is None:
            return member
        return "!".join(
            "/".join(self.transformer.transform_name(p) for p in m.split("/")) for m in member.split("!")
        )


def _scanned(
    data: bytes, name: str, make: Callable[[], TextTransformer], config: Config
) -> list[tuple[str, str]]:
    """(entity, value) of everything ``insurescan scan`` reports in the original
    that the policy removes.

    A writer detects on its own units (a Word paragraph, a header line, a PDF
    page's glyphs), and detection depends on the neighbouring text, so it can
    miss a value the scanner's segments reveal ("Jörg" alone in a greeting is a
    name next to the signature it follows). Seeded into the first attempt, the
    sweep removes each such value wherever it is written: whatever the scanner
    finds in the original is gone from the copy. Held in memory only.
    """
    probe = make()
    if not isinstance(probe, Redactor):
        return []
    blob = Blob(name=name, data=data)
    if sniff(blob) not in WRITERS:
        return []  # not copied anyway: no need to read it
    ctx = ExtractContext(limits=config.limits, ocr=config.ocr)
    try:
        segments = list(extract(blob, ctx))
    except InsurescanError:
        return []  # the writer decides what an unreadable file means
    found = []
    for seg, results in zip(segments, probe.detector.analyze(segments), strict=True):
        found.extend(
            (r.entity_type, seg.text[r.start : r.end]) for r in results if probe.policy.removes(r.entity_type)
        )
    return found


# Attempts per file: the check reads the copy as a recipient's scan would, and
# detection depends on neighbouring text (a form number after "Policy" reads as
# a policy number), so it can find a value the writer's own pass did not. Such
# values are fed to the next attempt, whose sweep removes every copy of them.
ATTEMPTS = 3


def _process(
    item: _Item,
    target_rel: str,
    out_dir: Path,
    make: Callable[[], TextTransformer],
    config: Config,
    namer: _Namer,
    check: bool,
    mode: int,
) -> RedactedFile:
    ref = item.ref
    if isinstance(ref, WalkIssue):
        return RedactedFile(target_rel, None, str(ref.status), ref.reason)
    if ref.size > config.limits.max_file_size:
        return RedactedFile(target_rel, None, "too_large", f"{ref.size} bytes is over the size limit")
    try:
        data = Path(ref.fs_path or ref.path).read_bytes()
    except OSError as exc:
        return RedactedFile(target_rel, None, "error", f"cannot read: {exc.strerror}")
    src_sha = _sha256(data)
    seed = _scanned(data, item.rel, make, config) if check else []
    result: Verification | None = None
    for _attempt in range(ATTEMPTS if check else 1):
        transformer = make()
        if isinstance(transformer, Redactor):
            transformer.seed(seed)
        job = Job(transformer, config, outer_size=len(data))
        try:
            out = job.write(data, item.rel)
        except UnredactableError as exc:
            return RedactedFile(target_rel, None, "unsupported", str(exc), source_sha256=src_sha)
        except RedactionError as exc:
            return RedactedFile(target_rel, None, "failed", str(exc), source_sha256=src_sha)
        except Exception as exc:  # a library failing on odd input costs this file, not the run
            reason = f"writer error ({type(exc).__name__})"
            return RedactedFile(target_rel, None, "failed", reason, source_sha256=src_sha)
        members = tuple(MemberIssue(namer.member(m.member), m.status, m.reason) for m in job.issues)
        counts = dict(transformer.counts)
        operators = dict(transformer.operators_used)
        if not check:
            break
        assert isinstance(transformer, Redactor)
        result = verify(out, item.rel, transformer, config)
        if result.ok:
            break
        new = [f for f in result.found if transformer.key(f[1]) not in transformer.removed]
        if not new:
            break  # nothing the next attempt could do differently
        seed = [*transformer.removed.values(), *new]
    if result is not None and not result.ok:
        reason = "verification failed: " + "; ".join(result.problems[:5])
        return RedactedFile(
            target_rel, None, "failed", reason, False, src_sha, None, counts, operators, members
        )
    _write_atomic(out_dir / target_rel, out, mode)
    return RedactedFile(
        target_rel, target_rel, "written", None, check, src_sha, _sha256(out), counts, operators, members
    )


def redact(
    path: str | Path,
    out_dir: str | Path,
    config: Config,
    *,
    operator: str | None = None,
    profile: str | None = None,
    keep: Iterable[str] | None = None,
    only: Iterable[str] | None = None,
    key_file: str | None = None,
    force: bool = False,
    detector: Detector | None = None,
    on_file: Callable[[RedactedFile], None] | None = None,
) -> RedactionResult:
    """Write verified, redacted copies of ``path`` (a file or a tree) under ``out_dir``."""
    path, out_dir = Path(path), Path(out_dir)
    policy = resolve_policy(config, profile=profile, keep=keep, only=only, operator=operator)
    key = load_or_create_key(config.key_file)
    ops = OperatorSet.build(policy, config, key, key_file)
    items, _ = _items(path, config)
    detector = detector or Detector(config, key)
    namer = _Namer(Redactor(detector, ops) if config.redact.redact_file_names else None)
    namer.prepare(item.rel for item in items)
    targets = {item.rel: namer(item.rel) for item in items}
    _check_targets(path, out_dir, [out_dir / t for t in targets.values()], force, [out_dir / MANIFEST_NAME])
    out_dir.mkdir(parents=True, exist_ok=True)
    files = []
    for item in items:
        done = _process(
            item, targets[item.rel], out_dir, lambda: Redactor(detector, ops), config, namer, True, 0o644
        )
        files.append(done)
        if on_file:
            on_file(done)
    result = RedactionResult(files, out_dir, policy, key_id=ops.key_id)
    result.manifest = write_manifest(out_dir, manifest_dict(files, policy, ops.key_id))
    return result


def unredact(
    path: str | Path,
    out_dir: str | Path,
    config: Config,
    *,
    key_file: str | None = None,
    force: bool = False,
    on_file: Callable[[RedactedFile], None] | None = None,
) -> RedactionResult:
    """Restore encrypted values in copies made with ``--operator encrypt`` (needs the keyring).

    Restored copies hold personal data again: they are written 0600 and no
    manifest is left beside them.
    """
    path, out_dir = Path(path), Path(out_dir)
    ring = load_keyring(key_file or config.redact.key_file, create=False)
    items, _ = _items(path, config)
    items = [i for i in items if Path(i.rel).name != MANIFEST_NAME]
    namer = _Namer(None)
    _check_targets(path, out_dir, [out_dir / i.rel for i in items], force, [])
    out_dir.mkdir(parents=True, exist_ok=True)
    files = []
    for item in items:
        done = _process(item, item.rel, out_dir, lambda: Unredactor(ring), config, namer, False, 0o600)
        files.append(done)
        if on_file:
            on_file(done)
    return RedactionResult(files, out_dir)
