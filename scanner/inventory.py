"""The inventory: which files were scanned, with what outcome, and what they hold.

SQLAlchemy Core, so one code path serves an embedded SQLite file (the default)
and a shared PostgreSQL database (``postgresql+psycopg://…``). Each file's
result is committed on its own: a scan killed half-way leaves every finished
file recorded, and the next run re-reads only the rest.

A finding's identity is (path, entity_type, fingerprint), not its offsets, so
a delta between runs survives edits that move text around. No raw value is
ever stored: only the masked form and the keyed fingerprint.
"""

from __future__ import annotations

import itertools
import json
import operator
import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from scanner.errors import InventoryError
from scanner.models import FileRef, FileResult, Finding, Status
from scanner.stored import StoredFindings, stored_finding

DEFAULT_DB = ".insurescan/inventory.db"
SCHEMA_VERSION = 2
FINAL_STATUSES = {Status.OK, Status.ENCRYPTED, Status.UNSUPPORTED, Status.TOO_LARGE, Status.SKIPPED}

metadata = sa.MetaData()

meta_table = sa.Table(
    "meta",
    metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

scans = sa.Table(
    "scans",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("started_at", sa.Float, nullable=False),
    sa.Column("finished_at", sa.Float),
    sa.Column("state", sa.String(16), nullable=False),  # running | complete | interrupted
    sa.Column("version", sa.String(32), nullable=False),
    sa.Column("config_hash", sa.String(64), nullable=False),
    sa.Column("roots", sa.Text, nullable=False),  # JSON list
    sa.Column("counts", sa.Text),  # JSON: status -> number, findings
)

files = sa.Table(
    "files",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("path", sa.Text, nullable=False, unique=True),
    sa.Column("root", sa.Text, nullable=False),
    sa.Column("size", sa.BigInteger),
    sa.Column("mtime", sa.Float),
    sa.Column("sha256", sa.String(64)),
    sa.Column("owner", sa.String(128)),
    sa.Column("mode", sa.Integer),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("reason", sa.Text),
    sa.Column("extractor", sa.String(32)),
    sa.Column("findings_count", sa.Integer, nullable=False, default=0),
    sa.Column("config_hash", sa.String(64)),
    sa.Column("scanned_at", sa.Float),
    sa.Column("scan_id", sa.Integer, sa.ForeignKey("scans.id")),
    sa.Column("removed_at", sa.Float),
)

findings = sa.Table(
    "findings",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("file_id", sa.Integer, sa.ForeignKey("files.id", ondelete="CASCADE"), nullable=False),
    sa.Column("scan_id", sa.Integer, sa.ForeignKey("scans.id"), nullable=False),
    sa.Column("path", sa.Text, nullable=False),  # includes archive member / attachment
    sa.Column("entity_type", sa.String(64), nullable=False),
    sa.Column("score", sa.Float, nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("location", sa.Text, nullable=False),  # JSON
    sa.Column("recognizer", sa.String(128), nullable=False),
    sa.Column("masked", sa.Text, nullable=False),
    sa.Column("fingerprint", sa.String(80), nullable=False),
)

# Schema 2: what changed per scan, so a delta is a set difference over events
# rather than a comparison of snapshots nobody kept. Written by ``record`` and
# ``mark_removed`` in the same transaction as the findings they describe.
finding_events = sa.Table(
    "finding_events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("scan_id", sa.Integer, sa.ForeignKey("scans.id"), nullable=False),
    sa.Column("file_path", sa.Text, nullable=False),
    sa.Column("path", sa.Text, nullable=False),
    sa.Column("entity_type", sa.String(64), nullable=False),
    sa.Column("fingerprint", sa.String(80), nullable=False),
    sa.Column("change", sa.String(16), nullable=False),  # new | resolved
    sa.Column("reason", sa.String(32), nullable=False),  # see FINDING_REASONS
    sa.Column("masked", sa.Text, nullable=False),
    sa.Column("score", sa.Float, nullable=False),
    sa.Column("location", sa.Text, nullable=False),  # JSON
)

file_events = sa.Table(
    "file_events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("scan_id", sa.Integer, sa.ForeignKey("scans.id"), nullable=False),
    sa.Column("path", sa.Text, nullable=False),
    sa.Column("change", sa.String(16), nullable=False),  # added | changed | removed
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("findings_before", sa.Integer, nullable=False),
    sa.Column("findings_after", sa.Integer, nullable=False),
)

job_runs = sa.Table(
    "job_runs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("job", sa.String(128), nullable=False),
    sa.Column("job_file", sa.Text, nullable=False),
    sa.Column("scan_id", sa.Integer, sa.ForeignKey("scans.id")),
    sa.Column("started_at", sa.Float, nullable=False),
    sa.Column("finished_at", sa.Float),
    sa.Column("outcome", sa.String(16), nullable=False),  # running | clean | alerts | failed
    sa.Column("exit_code", sa.Integer),
    sa.Column("policy", sa.Text),  # JSON: the governance policy the run applied
    sa.Column("summary", sa.Text),  # JSON
)

# Hash-chained audit trail; ``seq`` is assigned by the writer (not the database)
# so that a gap is evidence of a removed entry. See scanner/audit.py.
audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("at", sa.String(40), nullable=False),
    sa.Column("event", sa.String(64), nullable=False),
    sa.Column("actor", sa.String(128), nullable=False),
    sa.Column("host", sa.String(255), nullable=False),
    sa.Column("details", sa.Text, nullable=False),
    sa.Column("prev_hash", sa.String(64), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
)

FINDING_REASONS = {
    "file_added": "in a file new to the inventory",
    "file_changed": "in a file that changed",
    "value_gone": "the file changed and no longer holds the value",
    "file_removed": "the file was removed",
    "file_unreadable": "the file can no longer be read, so the value is not confirmed",
}

sa.Index("ix_findings_file", findings.c.file_id)
sa.Index("ix_finding_events_scan", finding_events.c.scan_id)
sa.Index("ix_file_events_scan", file_events.c.scan_id)
sa.Index("ix_job_runs_job", job_runs.c.job, job_runs.c.scan_id)
sa.Index("ix_files_root", files.c.root)


def db_url(db: str | None) -> str:
    """A SQLAlchemy URL from ``--db``: a URL passes through, anything else is a SQLite file."""
    db = db or DEFAULT_DB
    if "://" in db:
        return db
    return f"sqlite:///{Path(db).expanduser().absolute()}"


def _prepare_sqlite_file(url: str) -> None:
    """Create the SQLite file 0600 before SQLite does (it would honour the umask)."""
    path = Path(url.removeprefix("sqlite:///"))
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        os.close(fd)
        os.chmod(path, 0o600)
    except OSError as exc:
        raise InventoryError(f"cannot create inventory {path}: {exc.strerror}") from None


@dataclass(frozen=True)
class StoredFile:
    path: str
    size: int | None
    mtime: float | None
    status: str
    config_hash: str | None
    removed: bool


class Inventory:
    """Read and write the inventory database."""

    def __init__(self, db: str | None = None) -> None:
        self.url = db_url(db)
        self._scan_id: int | None = None
        if self.url.startswith("sqlite:///"):
            _prepare_sqlite_file(self.url)
        try:
            self.engine: Engine = sa.create_engine(self.url, future=True)
            if self.engine.dialect.name == "sqlite":
                sa.event.listen(self.engine, "connect", _sqlite_pragmas)
            metadata.create_all(self.engine)
            self._check_schema()
        except sa.exc.SQLAlchemyError as exc:
            raise InventoryError(f"cannot open inventory {self.safe_url}: {_short(exc)}") from None

    @property
    def safe_url(self) -> str:
        return sa.engine.make_url(self.url).render_as_string(hide_password=True)

    def _check_schema(self) -> None:
        with self.engine.begin() as conn:
            row = conn.execute(sa.select(meta_table.c.value).where(meta_table.c.key == "schema")).first()
            if row is None:
                conn.execute(sa.insert(meta_table).values(key="schema", value=str(SCHEMA_VERSION)))
            elif int(row.value) > SCHEMA_VERSION:
                raise InventoryError(
                    f"inventory schema {row.value} is newer than this insurescan ({SCHEMA_VERSION})"
                )
            elif int(row.value) < SCHEMA_VERSION:
                _migrate(conn, int(row.value))
            _drop_fingerprint_index(conn)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Inventory:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- scans -------------------------------------------------------------------
    def start_scan(self, roots: Iterable[str], version: str, config_hash: str) -> int:
        with self._begin() as conn:
            res = conn.execute(
                sa.insert(scans).values(
                    started_at=time.time(),
                    state="running",
                    version=version,
                    config_hash=config_hash,
                    roots=json.dumps(list(roots)),
                )
            )
            self._scan_id = int(res.inserted_primary_key[0])
            return self._scan_id

    def get_scan(self, scan_id: int) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(scans).where(scans.c.id == scan_id)).mappings().first()
            return dict(row) if row else None

    def finish_scan(self, scan_id: int, counts: dict[str, int], state: str = "complete") -> None:
        with self._begin() as conn:
            conn.execute(
                sa.update(scans)
                .where(scans.c.id == scan_id)
                .values(finished_at=time.time(), state=state, counts=json.dumps(counts, sort_keys=True))
            )

    def last_scan(self) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(scans).order_by(scans.c.id.desc()).limit(1)).mappings().first()
            return dict(row) if row else None

    # -- files -------------------------------------------------------------------
    def known(self, root: str) -> dict[str, StoredFile]:
        """What the inventory holds under ``root``, for change detection."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(
                    files.c.path, files.c.size, files.c.mtime, files.c.status,
                    files.c.config_hash, files.c.removed_at,
                ).where(files.c.root == root)
            )  # fmt: skip
            return {
                r.path: StoredFile(r.path, r.size, r.mtime, r.status, r.config_hash, r.removed_at is not None)
                for r in rows
            }

    def is_unchanged(self, stored: StoredFile | None, ref: FileRef, config_hash: str) -> bool:
        return (
            stored is not None
            and not stored.removed
            and stored.status in {s.value for s in FINAL_STATUSES}
            and stored.size == ref.size
            and stored.mtime == ref.mtime
            and stored.config_hash == config_hash
        )

    def record(self, scan_id: int, root: str, result: FileResult, config_hash: str) -> None:
        """Store one file's outcome, replacing its previous findings, in one transaction."""
        ref = result.file
        values = {
            "root": root,
            "size": ref.size,
            "mtime": ref.mtime,
            "sha256": result.sha256,
            "owner": ref.owner,
            "mode": ref.mode,
            "status": result.status.value,
            "reason": result.error,
            "extractor": result.extractor,
            "findings_count": len(result.findings),
            "config_hash": config_hash if result.status in FINAL_STATUSES else None,
            "scanned_at": time.time(),
            "scan_id": scan_id,
            "removed_at": None,
        }
        self._scan_id = scan_id
        with self._begin() as conn:
            old = conn.execute(
                sa.select(files.c.id, files.c.removed_at, files.c.sha256).where(files.c.path == ref.path)
            ).first()
            before: list[Any] = []
            if old is None:
                file_id = conn.execute(sa.insert(files).values(path=ref.path, **values)).inserted_primary_key[
                    0
                ]
            else:
                file_id = old.id
                before = conn.execute(sa.select(findings).where(findings.c.file_id == file_id)).all()
                conn.execute(sa.update(files).where(files.c.id == file_id).values(**values))
                conn.execute(sa.delete(findings).where(findings.c.file_id == file_id))
            if result.findings:
                _insert_many(conn, findings, [_finding_row(file_id, scan_id, f) for f in result.findings])
            added = old is None or old.removed_at is not None
            _record_events(conn, scan_id, ref.path, result, before, added, old.sha256 if old else None)

    def refresh_metadata(self, refs: Iterable[FileRef]) -> int:
        """Store the current owner and mode of files not read again (status unchanged).

        A chmod or chown leaves size and mtime alone, so the scan skips the file;
        exposure flags must still see who can read it now. Returns rows updated.
        """
        wanted = {r.path: (r.owner, r.mode) for r in refs if r.owner is not None or r.mode is not None}
        if not wanted:
            return 0
        changed = 0
        with self._begin() as conn:
            paths = list(wanted)
            for i in range(0, len(paths), 500):
                chunk = paths[i : i + 500]
                rows = conn.execute(
                    sa.select(files.c.id, files.c.path, files.c.owner, files.c.mode).where(
                        files.c.path.in_(chunk)
                    )
                ).all()
                for r in rows:
                    owner, mode = wanted[r.path]
                    if (r.owner, r.mode) != (owner, mode):
                        conn.execute(
                            sa.update(files).where(files.c.id == r.id).values(owner=owner, mode=mode)
                        )
                        changed += 1
        return changed

    def mark_removed(self, root: str, seen: set[str]) -> list[str]:
        """Files under ``root`` not seen by a complete walk are gone; drop their findings."""
        now = time.time()
        with self._begin() as conn:
            rows = conn.execute(
                sa.select(files.c.id, files.c.path).where(files.c.root == root, files.c.removed_at.is_(None))
            ).all()
            gone = [r for r in rows if r.path not in seen]
            scan_id = self._current_scan(conn) if gone else None
            for r in gone:
                before = conn.execute(sa.select(findings).where(findings.c.file_id == r.id)).all()
                conn.execute(
                    sa.update(files)
                    .where(files.c.id == r.id)
                    .values(removed_at=now, status=Status.REMOVED.value, findings_count=0)
                )
                conn.execute(sa.delete(findings).where(findings.c.file_id == r.id))
                if scan_id is not None:
                    _removal_events(conn, scan_id, r.path, before)
        return [r.path for r in gone]

    def _current_scan(self, conn: Connection) -> int | None:
        # The pipeline calls mark_removed(root, seen) without a scan id; the scan
        # that is running is the one this object started or last recorded for.
        if self._scan_id is not None:
            return self._scan_id
        return conn.execute(sa.select(sa.func.max(scans.c.id))).scalar()

    # -- reading -----------------------------------------------------------------
    def iter_files(self, include_removed: bool = False) -> Iterator[dict[str, Any]]:
        q = sa.select(files).order_by(files.c.path)
        if not include_removed:
            q = q.where(files.c.removed_at.is_(None))
        with self.engine.connect() as conn:
            for row in conn.execute(q).mappings():
                yield dict(row)

    def iter_findings(self) -> Iterator[Finding]:
        q = (
            sa.select(*_FINDING_COLUMNS, findings.c.file_id)
            .join(files, files.c.id == findings.c.file_id)
            .where(files.c.removed_at.is_(None))
            .order_by(findings.c.path, findings.c.id)
        )
        with self.engine.connect() as conn:
            for row in conn.execute(q):
                yield stored_finding(row)  # type: ignore[arg-type]

    def findings_by_file(self, root: str, paths: Iterable[str] | None = None) -> dict[str, StoredFindings]:
        """Stored findings of the files under ``root`` (only ``paths``, when given), keyed
        by the file's path, each file's in the order they were found.

        They stay rows (``scanner/stored.py``): a re-scan re-reports every stored finding, and
        building a ``Finding`` for each was most of its time."""
        own_path = sa.case((findings.c.path == files.c.path, sa.null()), else_=findings.c.path)
        where = [files.c.root == root, files.c.removed_at.is_(None)]
        if paths is not None:
            wanted = list(paths)
            if not wanted:
                return {}
            where.append(files.c.path.in_(wanted))
        q = (
            sa.select(own_path, *_FINDING_COLUMNS[1:], findings.c.file_id)
            .join(files, files.c.id == findings.c.file_id)
            .where(*where)
            # Files by id (as the root's index holds them), each one's findings by id (as the
            # findings index (file_id, id) holds them): SQLite reads rows in this order, without
            # a sort. Ordered by findings.file_id, the same order, it sorted the whole batch.
            .order_by(files.c.id, findings.c.id)
        )
        out: dict[str, StoredFindings] = {}
        with self.engine.connect() as conn:
            file_paths = dict(conn.execute(sa.select(files.c.id, files.c.path).where(*where)).all())
            result = conn.execute(q)
            # One batch of files, read whole from the driver's cursor as plain tuples: SQLAlchemy
            # rows cost a third of the reading, and these columns need no type conversion.
            rows = result.cursor.fetchall()
            result.close()
        # The file id stays on the end of each row (``StoredRow``): cutting it off made a
        # second tuple of every row (a tenth of the reading).
        for file_id, group in itertools.groupby(rows, key=operator.itemgetter(-1)):
            path = file_paths[file_id]
            out[path] = StoredFindings(list(group), path)
        return out

    def _begin(self) -> Any:
        return _Tx(self)


class _Tx:
    """``engine.begin()`` that turns database errors into ``InventoryError``."""

    def __init__(self, inv: Inventory) -> None:
        self.inv = inv
        self.cm = inv.engine.begin()

    def __enter__(self) -> Connection:
        try:
            return self.cm.__enter__()
        except sa.exc.SQLAlchemyError as exc:
            raise InventoryError(f"inventory {self.inv.safe_url}: {_short(exc)}") from None

    def __exit__(self, et: Any, ev: Any, tb: Any) -> bool:
        try:
            self.cm.__exit__(et, ev, tb)
        except sa.exc.SQLAlchemyError as exc:
            raise InventoryError(f"inventory {self.inv.safe_url}: {_short(exc)}") from None
        if isinstance(ev, sa.exc.SQLAlchemyError):
            raise InventoryError(f"inventory {self.inv.safe_url}: {_short(ev)}") from None
        return False


def _identity(row: Any) -> tuple[str, str, str]:
    return (row.path, row.entity_type, row.fingerprint)


def _record_events(
    conn: Connection,
    scan_id: int,
    file_path: str,
    result: FileResult,
    before: list[Any],
    added: bool,
    old_sha256: str | None,
) -> None:
    """Finding and file events for one recorded file: set differences on identity."""
    old = {_identity(r): r for r in before}
    new: dict[tuple[str, str, str], Finding] = {}
    for f in result.findings:
        ident = (f.path, f.entity_type, f.fingerprint)
        if ident not in new or f.score > new[ident].score:
            new[ident] = f
    rows = [
        _event_row(scan_id, file_path, f, "new", "file_added" if added else "file_changed")
        for ident, f in new.items()
        if ident not in old
    ]
    gone_reason = "value_gone" if result.status == Status.OK else "file_unreadable"
    rows += [
        _stored_event_row(scan_id, file_path, r, gone_reason) for ident, r in old.items() if ident not in new
    ]
    if rows:
        _insert_many(conn, finding_events, rows)
    if added or rows or old_sha256 != result.sha256:
        conn.execute(
            sa.insert(file_events).values(
                scan_id=scan_id,
                path=file_path,
                change="added" if added else "changed",
                status=result.status.value,
                findings_before=len(before),
                findings_after=len(result.findings),
            )
        )


def _removal_events(conn: Connection, scan_id: int, file_path: str, before: list[Any]) -> None:
    seen: set[tuple[str, str, str]] = set()
    rows = []
    for r in before:
        if _identity(r) not in seen:
            seen.add(_identity(r))
            rows.append(_stored_event_row(scan_id, file_path, r, "file_removed"))
    if rows:
        _insert_many(conn, finding_events, rows)
    conn.execute(
        sa.insert(file_events).values(
            scan_id=scan_id,
            path=file_path,
            change="removed",
            status=Status.REMOVED.value,
            findings_before=len(before),
            findings_after=0,
        )
    )


# Rows go to ``_insert_many`` as tuples in the table's column order (its id left out).
def _event_row(scan_id: int, file_path: str, f: Finding, change: str, reason: str) -> tuple[Any, ...]:
    return (
        scan_id, file_path, f.path, f.entity_type, f.fingerprint, change, reason,
        f.masked, f.score, f.location.stored_json(),
    )  # fmt: skip


def _stored_event_row(
    scan_id: int, file_path: str, r: Any, reason: str, change: str = "resolved"
) -> tuple[Any, ...]:
    return (
        scan_id, file_path, r.path, r.entity_type, r.fingerprint, change, reason,
        r.masked, r.score, r.location,
    )  # fmt: skip


def _migrate(conn: Connection, version: int) -> None:
    """Bring an older inventory up to ``SCHEMA_VERSION`` (tables already exist via create_all)."""
    if version < 2:
        # Findings recorded before events existed become "new" in the scan that
        # found them, so the first delta after the upgrade is not everything.
        rows = conn.execute(
            sa.select(findings, files.c.path.label("file_path")).join(files, files.c.id == findings.c.file_id)
        ).all()
        seen: set[tuple[str, str, str]] = set()
        events = []
        for r in rows:
            if _identity(r) in seen:
                continue
            seen.add(_identity(r))
            events.append(_stored_event_row(r.scan_id, r.file_path, r, "file_added", "new"))
        if events:
            _insert_many(conn, finding_events, events)
    conn.execute(sa.update(meta_table).where(meta_table.c.key == "schema").values(value=str(SCHEMA_VERSION)))


_OLD_INDEX = "ix_findings_fingerprint"


def _drop_fingerprint_index(conn: Connection) -> None:
    """Drop the index on ``findings.fingerprint`` that inventories written before 2026-11-30
    have. Nothing looked findings up by fingerprint, and fingerprints are random, so each
    finding landed on a page of its own of that index: 40% of recording a file. Not a schema
    change (the tables are the same, and an older insurescan can still share the inventory);
    looking the index up is a read, so an inventory without it takes no write lock here."""
    if any(ix["name"] == _OLD_INDEX for ix in sa.inspect(conn).get_indexes("findings")):
        conn.execute(sa.text(f"DROP INDEX {_OLD_INDEX}"))


def _finding_row(file_id: int, scan_id: int, f: Finding) -> tuple[Any, ...]:
    return (
        file_id, scan_id, f.path, f.entity_type, f.score, f.start, f.end,
        f.location.stored_json(), f.recognizer, f.masked, f.fingerprint,
    )  # fmt: skip


_MARKS = {"qmark": "?", "format": "%s", "pyformat": "%s"}


def _insert_many(conn: Connection, table: sa.Table, rows: list[tuple[Any, ...]]) -> None:
    """Insert rows (tuples in ``table``'s column order, without its id) in one driver
    ``executemany``: SQLAlchemy's per-row parameter handling was a fifth of recording a file."""
    columns = [c for c in table.columns if c.name != "id"]
    mark = _MARKS.get(conn.dialect.paramstyle)
    if mark is None:  # a driver with named or numbered parameters: the portable path
        names = [c.name for c in columns]
        conn.execute(sa.insert(table), [dict(zip(names, row, strict=True)) for row in rows])
        return
    quote = conn.dialect.identifier_preparer.quote
    listed = ", ".join(quote(c.name) for c in columns)
    marks = ", ".join([mark] * len(columns))
    conn.exec_driver_sql(f"INSERT INTO {quote(table.name)} ({listed}) VALUES ({marks})", rows)


_FINDING_COLUMNS = (
    findings.c.path, findings.c.entity_type, findings.c.score, findings.c.start, findings.c.end,
    findings.c.location, findings.c.recognizer, findings.c.masked, findings.c.fingerprint,
)  # fmt: skip


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _short(exc: BaseException) -> str:
    # SQLAlchemy messages embed the statement and its parameters; parameters could
    # hold paths but never values, still keep only the driver's first line.
    orig = getattr(exc, "orig", None) or exc
    return str(orig).splitlines()[0][:200]
