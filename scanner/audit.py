"""The audit trail: an append-only, hash-chained record in the inventory database.

Each entry stores who (OS user, host), when, what (event name) and a JSON
``details`` object (command, options, roots, counts, outcome), plus the hash of
the previous entry and its own hash over all of that. Changing, removing or
reordering an entry breaks the chain at that entry; ``verify`` names it.

The sequence number is chosen by the writer while it holds the ``audit_head``
row of the ``meta`` table (a row lock on PostgreSQL, the write lock on SQLite),
so concurrent writers queue up instead of forking the chain. That row also
records the last entry, so removing entries from the end is detected too.
Someone who can rewrite the whole table and the head can forge a consistent
chain: keep the head hash printed by ``audit verify`` (or shown in each job
report) somewhere else to anchor it.

``details`` must never hold a detected value: callers pass counts, options and
paths, never finding text.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import socket
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import sqlalchemy as sa

from scanner.errors import InsurescanError, InventoryError
from scanner.inventory import Inventory, audit_log, meta_table

GENESIS = "0" * 64
HEAD_KEY = "audit_head"
_RETRIES = 5


@dataclass(frozen=True)
class Entry:
    seq: int
    at: str
    event: str
    actor: str
    host: str
    details: dict[str, Any]
    hash: str


@dataclass(frozen=True)
class Verification:
    ok: bool
    entries: int
    head: str
    problem: str | None = None
    seq: int | None = None  # the entry the problem is at


def os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return str(os.getuid())


def entry_hash(prev_hash: str, at: str, event: str, actor: str, host: str, details: str) -> str:
    """SHA-256 over the previous hash and this entry's stored text.

    The sequence number is left out on purpose: an entry moved to another
    position keeps a valid hash of its own, so verify can tell "moved" from
    "edited".
    """
    payload = json.dumps([prev_hash, at, event, actor, host, details], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _canonical(details: dict[str, Any]) -> str:
    return json.dumps(details, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def append(inventory: Inventory, event: str, details: dict[str, Any]) -> int:
    """Add one entry; returns its sequence number. Raises ``InventoryError`` if it cannot."""
    text = _canonical(details)
    actor, host = os_user(), socket.gethostname()
    last_exc: Exception | None = None
    for _ in range(_RETRIES):
        try:
            with inventory.engine.begin() as conn:
                seq, prev = _lock_head(conn)
                at = datetime.now(UTC).isoformat(timespec="microseconds")
                digest = entry_hash(prev, at, event, actor, host, text)
                conn.execute(
                    sa.insert(audit_log).values(
                        seq=seq + 1, at=at, event=event, actor=actor, host=host, details=text,
                        prev_hash=prev, hash=digest,
                    )
                )  # fmt: skip
                conn.execute(
                    sa.update(meta_table)
                    .where(meta_table.c.key == HEAD_KEY)
                    .values(value=f"{seq + 1} {digest}")
                )
                return seq + 1
        except (sa.exc.IntegrityError, sa.exc.OperationalError) as exc:
            last_exc = exc  # another writer won the race for this seq; read the head again
    raise InventoryError(f"cannot write the audit trail in {inventory.safe_url}: {type(last_exc).__name__}")


def _lock_head(conn: sa.Connection) -> tuple[int, str]:
    """Take the head row for this transaction and return (last seq, last hash)."""
    # A no-op update takes the write lock before anything is read, so the read
    # below sees the newest head on both SQLite and PostgreSQL.
    res = conn.execute(
        sa.update(meta_table).where(meta_table.c.key == HEAD_KEY).values(value=meta_table.c.value)
    )
    if res.rowcount == 0:
        last = conn.execute(
            sa.select(audit_log.c.seq, audit_log.c.hash).order_by(audit_log.c.seq.desc()).limit(1)
        ).first()
        seq, digest = (last.seq, last.hash) if last else (0, GENESIS)
        conn.execute(sa.insert(meta_table).values(key=HEAD_KEY, value=f"{seq} {digest}"))
        return seq, digest
    # New entries follow the head, not whatever row is last: if rows were cut
    # from the end, the gap stays visible to verify instead of being papered over.
    value = conn.execute(sa.select(meta_table.c.value).where(meta_table.c.key == HEAD_KEY)).scalar_one()
    seq, _, digest = value.partition(" ")
    return int(seq), digest


def entries(inventory: Inventory, limit: int | None = None) -> list[Entry]:
    q = sa.select(audit_log).order_by(audit_log.c.seq.desc() if limit else audit_log.c.seq)
    if limit:
        q = q.limit(limit)
    with inventory.engine.connect() as conn:
        rows = conn.execute(q).all()
    if limit:
        rows.reverse()
    return [Entry(r.seq, r.at, r.event, r.actor, r.host, json.loads(r.details), r.hash) for r in rows]


def verify(inventory: Inventory) -> Verification:
    """Walk the chain; the first entry that was altered, removed or reordered fails it."""
    with inventory.engine.connect() as conn:
        rows = conn.execute(sa.select(audit_log).order_by(audit_log.c.seq)).all()
        head = conn.execute(sa.select(meta_table.c.value).where(meta_table.c.key == HEAD_KEY)).scalar()
    by_hash = {r.hash: r.seq for r in rows}
    prev_hash, prev_seq = GENESIS, 0
    for r in rows:
        if r.seq != prev_seq + 1:
            missing = prev_seq + 1
            what = (
                f"audit entries {missing}-{r.seq - 1} are"
                if r.seq - 1 > missing
                else f"audit entry {missing} is"
            )
            return Verification(False, len(rows), prev_hash, f"{what} missing (removed)", missing)
        if entry_hash(r.prev_hash, r.at, r.event, r.actor, r.host, r.details) != r.hash:
            return Verification(
                False,
                len(rows),
                prev_hash,
                f"audit entry {r.seq} was altered (its content does not match its hash)",
                r.seq,
            )
        if r.prev_hash != prev_hash:
            if r.prev_hash in by_hash:
                problem = (
                    f"audit entry {r.seq} is out of order (it was written after entry {by_hash[r.prev_hash]})"
                )
                return Verification(False, len(rows), prev_hash, problem, r.seq)
            problem = f"audit entry {prev_seq} was altered (entry {r.seq} no longer follows it)"
            return Verification(False, len(rows), prev_hash, problem, prev_seq)
        prev_hash, prev_seq = r.hash, r.seq
    head_seq, _, head_hash = (head or f"0 {GENESIS}").partition(" ")
    if int(head_seq) > prev_seq:
        n = int(head_seq)
        what = f"audit entry {n} is" if n == prev_seq + 1 else f"audit entries {prev_seq + 1}-{n} are"
        return Verification(
            False, len(rows), prev_hash, f"{what} missing (removed from the end)", prev_seq + 1
        )
    if (int(head_seq), head_hash) != (prev_seq, prev_hash):
        problem = f"the audit head does not match entry {prev_seq} (the trail or its head was altered)"
        return Verification(False, len(rows), prev_hash, problem, prev_seq)
    return Verification(True, len(rows), prev_hash)


def head(inventory: Inventory) -> str:
    with inventory.engine.connect() as conn:
        value = conn.execute(sa.select(meta_table.c.value).where(meta_table.c.key == HEAD_KEY)).scalar()
    return (value or f"0 {GENESIS}").partition(" ")[2]


def safe_root(root: str) -> str:
    """A root as recorded: a URL (smb://user:secret@host/share) loses its password."""
    if "://" not in root:
        return root
    parts = urlsplit(root)
    if parts.password is None:
        return root
    host = parts.hostname or ""
    netloc = f"{parts.username}@{host}" if parts.username else host
    if parts.port:
        netloc += f":{parts.port}"
    return urlunsplit(parts._replace(netloc=netloc))


def _plain(value: Any) -> Any:
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "value") and not isinstance(value, str | int | float | bool):  # enums
        return value.value
    return value


def audit_scan(
    inventory: Inventory | None,
    db: str | None,
    roots: list[str],
    stats: Any,
    options: dict[str, Any],
    completed: bool,
) -> None:
    """The ``scan`` command's entry. With ``--no-db`` only a ``--reveal`` is recorded (in the
    inventory named by ``--db`` or the default one): raw values must not leave unaudited.

    Raises ``InventoryError`` when a completed scan cannot be audited, so the
    report (which may hold raw values) is not written; an interrupted scan's
    own error is what the user must see, so then failures are swallowed.
    """
    reveal = bool(options.get("reveal"))
    if inventory is None and not reveal:
        return
    counts = {"files": stats.files, "findings": stats.findings, "removed": len(stats.removed)}
    counts |= dict(sorted(stats.by_status.items()))
    details = {
        "command": "scan",
        "options": {k: _plain(v) for k, v in sorted(options.items())},
        "roots": [safe_root(r) for r in roots],
        "counts": counts,
        "scan_id": stats.scan_id,
        "outcome": ("findings" if stats.findings else "clean") if completed else "interrupted",
        "reveal": reveal,
        "pid": os.getpid(),
    }
    own = inventory is None
    try:
        target = Inventory(db) if own else inventory
        assert target is not None
        try:
            append(target, "scan", details)
        finally:
            if own:
                target.close()
    except InsurescanError:
        if completed:
            raise
