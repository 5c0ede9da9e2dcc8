"""The scan loop: walk -> (unchanged?) -> extract -> detect -> record.

Each file is handled by ``process_file``, which never raises for a bad file:
it returns a ``FileResult`` with a status and a short reason. Files run in
this process (``workers == 1``) or in a pool of worker processes, each of which
builds its own detection engine once; results come back in walk order so the
output is the same for any number of workers, and only this process writes
to the inventory. A big plain-text file or PDF is read in parts (``part_plan``),
so that a 200 MB log or a 2,000-page PDF keeps every worker busy.
"""

from __future__ import annotations

import collections
import hashlib
import logging
import os
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING, Any

import scanner
from scanner import gctune
from scanner.config import Config
from scanner.errors import ExtractError, ExtractTimeoutError, InsurescanError
from scanner.extract import classified, extract
from scanner.extract.base import Blob, ExtractContext
from scanner.extract.sniff import sniff
from scanner.fingerprint import load_or_create_key
from scanner.logsafety import quiet_content_loggers
from scanner.models import FileRef, FileResult, Finding, Segment, Status
from scanner.sources import WalkIssue, walk
from scanner.stored import entity_types

if TYPE_CHECKING:  # detection pulls in spaCy and Presidio: imported only when a file is read
    from scanner.detect import Detector
    from scanner.extract.pdf import PdfPlan
    from scanner.extract.text import TextPlan

    PartPlan = TextPlan | PdfPlan

    # SQLAlchemy: a worker process, which imports this module, never writes the inventory.
    from scanner.inventory import Inventory

_LOG = logging.getLogger(__name__)
BATCH_CHARS = 200_000
BATCH_SEGMENTS = 512
IN_FLIGHT_PER_WORKER = 32
UNCHANGED_BATCH = 500  # paths in one IN (...) query: below every database's bound


# The code whose changes change findings: recognizers, extractors and the detection engine.
_FINDING_CODE = ("recognizers/*.py", "recognizers/data/*", "scanner/extract/*.py",
                 "scanner/detect.py", "scanner/nlp.py", "scanner/context.py")  # fmt: skip


def config_hash(config: Config) -> str:
    """What makes an old result stale: our version, the detection settings and the code
    that reads files and finds values. When it changes, unchanged files are read again."""
    h = hashlib.sha256(scanner.__version__.encode())
    relevant = (config.entities, config.min_score, config.mode, config.ocr, config.recognizers, config.limits)
    h.update(repr(relevant).encode())
    root = Path(__file__).resolve().parent.parent
    for pattern in _FINDING_CODE:
        for p in sorted(root.glob(pattern)):
            h.update(p.relative_to(root).as_posix().encode())
            h.update(p.read_bytes())
    return h.hexdigest()


@dataclass
class ScanStats:
    """Counts for the summary line, filled while results stream."""

    files: int = 0
    by_status: collections.Counter[str] = field(default_factory=collections.Counter)
    findings: int = 0
    by_entity: collections.Counter[str] = field(default_factory=collections.Counter)
    removed: list[str] = field(default_factory=list)
    scan_id: int | None = None
    # Processes that built a detection engine for this scan (this one, or the worker pool's).
    # 0 for a re-scan of an unchanged tree: nothing is read, so spaCy is never loaded.
    engine_processes: int = 0

    def add(self, result: FileResult) -> None:
        self.files += 1
        self.by_status[result.status.value] += 1
        self.findings += len(result.findings)
        self.by_entity.update(entity_types(result.findings))


# -- one file -------------------------------------------------------------------


class _Watchdog:
    """Interrupts an extractor that produces nothing for ``seconds``.

    SIGALRM is the only way to stop a hung parser without a process per file;
    it works in the main thread of this process or of a worker. The alarm is set
    once per file and, when it rings, looks at how long the extractor has been
    working on its current segment (time spent by our own caller does not count):
    setting it anew around every segment was two system calls per JSON leaf or
    HTML block, a fortieth of a fast scan.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.active = seconds > 0 and threading.current_thread() is threading.main_thread()
        self._old: Any = None
        # When the extractor was last asked for a segment; None while our caller works.
        self._asked: float | None = None

    def __enter__(self) -> _Watchdog:
        if self.active:
            self._old = signal.signal(signal.SIGALRM, self._fire)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.active:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self._old)

    def _fire(self, _signum: int, _frame: Any) -> None:
        asked = self._asked
        left = self.seconds if asked is None else self.seconds - (time.monotonic() - asked)
        if left > 0:
            signal.setitimer(signal.ITIMER_REAL, left)  # not the extractor's time yet: look again
            return
        raise ExtractTimeoutError(f"extractor made no progress for {self.seconds:g} s")

    def guard(self, segments: Iterator[Segment]) -> Iterator[Segment]:
        if not self.active:
            yield from segments
            return
        signal.setitimer(signal.ITIMER_REAL, self.seconds)
        while True:
            self._asked = time.monotonic()
            try:
                seg = next(segments)
            except StopIteration:
                return
            finally:
                self._asked = None
            yield seg


def _batches(segments: Iterable[Segment]) -> Iterator[list[Segment]]:
    batch: list[Segment] = []
    size = 0
    for seg in segments:
        batch.append(seg)
        size += len(seg.text)
        if size >= BATCH_CHARS or len(batch) >= BATCH_SEGMENTS:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _problem_note(problems: list[tuple[str, str, str]]) -> str | None:
    if not problems:
        return None
    shown = "; ".join(f"{m}: {s} ({r})" for m, s, r in problems[:5])
    more = f"; and {len(problems) - 5} more" if len(problems) > 5 else ""
    return f"{len(problems)} member(s) not read: {shown}{more}"


def process_file(ref: FileRef, config: Config, detector: Detector, *, in_parts: bool = True) -> FileResult:
    """Read, detect and describe one file (a big one in parts, unless ``in_parts`` is False:
    it was planned already). Never raises for a bad file."""
    if ref.fs_path is None and ref.source == "smb":
        return _process_remote(ref, config, detector)
    assert ref.fs_path is not None
    kind: str | None = None
    try:
        if ref.size > config.limits.max_file_size:
            return FileResult(
                ref,
                Status.TOO_LARGE,
                error=f"{ref.size} bytes is over max_file_size {config.limits.max_file_size}",
            )
        blob = Blob(name=ref.path, fs_path=ref.fs_path)
        kind = sniff(blob)
        plan = part_plan(ref, config, kind) if in_parts else None
        if plan is not None:
            parts = [process_part(ref, plan, i, config, detector) for i in range(len(plan.parts))]
            return merge_parts(ref, plan, parts)
        digest = blob.sha256()
        ctx = ExtractContext(limits=config.limits, ocr=config.ocr)
        found: list[Finding] = []
        with _Watchdog(config.limits.per_file_timeout) as dog:
            for batch in _batches(dog.guard(iter(extract(blob, ctx)))):
                found.extend(detector.findings(ref.path, batch))
        changed = _changed(ref)
        if changed is not None:
            return replace(changed, sha256=digest, extractor=kind)
        return FileResult(
            ref, Status.OK, tuple(found), error=_problem_note(ctx.problems), sha256=digest, extractor=kind
        )
    except Exception as exc:  # a bad file, a bug or a library failure: keep the scan going
        return _failed(ref, exc, kind)


def _changed(ref: FileRef) -> FileResult | None:
    """An error result if the local file is not as the walk saw it any more."""
    st = os.stat(ref.fs_path)  # type: ignore[arg-type]
    if ref.source == "local" and (st.st_size != ref.size or st.st_mtime != ref.mtime):
        return FileResult(ref, Status.ERROR, error="file changed during the scan")
    return None


def _failed(ref: FileRef, exc: Exception, kind: str | None) -> FileResult:
    """The status and short reason for a file that could not be read."""
    if isinstance(exc, ExtractError):
        return FileResult(ref, Status(exc.status), error=str(exc) or exc.__class__.__name__, extractor=kind)
    if isinstance(exc, FileNotFoundError):
        return FileResult(ref, Status.ERROR, error="file vanished during the scan", extractor=kind)
    if isinstance(exc, PermissionError):
        return FileResult(ref, Status.ERROR, error="permission denied", extractor=kind)
    if isinstance(exc, OSError):
        return FileResult(ref, Status.ERROR, error=f"cannot read: {exc.strerror or type(exc).__name__}")
    if isinstance(exc, RecursionError):
        return FileResult(ref, Status.ERROR, error="nesting too deep to parse", extractor=kind)
    if isinstance(exc, MemoryError):
        return FileResult(ref, Status.TOO_LARGE, error="ran out of memory reading this file", extractor=kind)
    # A bug or a library failure. Library messages can quote file content: only the type is kept.
    _LOG.debug("unexpected %s in %s", type(exc).__name__, kind)
    return FileResult(ref, Status.ERROR, error=f"internal error ({type(exc).__name__}) in {kind} extractor")


# -- big files in parts ------------------------------------------------------------

# With OCR on, a PDF of scanned pages is read in runs of this many (``plan_pdf_parts``).
SCANNED_PART_PAGES = 2
# A PDF page with text on it (its content stream, its object and cross-reference entry)
# takes more bytes than the first, a scanned page more than the second: a smaller file cannot
# hold enough such pages to be worth reading in parts, so no worker is asked to plan it.
_MIN_PDF_PAGE_BYTES = 128
_MIN_SCANNED_PAGE_BYTES = 8 * 1024


def part_plan(ref: FileRef, config: Config, kind: str | None = None, *, pdfs: bool = True) -> PartPlan | None:
    """The parts to read a big local file in, or None to read ``ref`` whole: a plain-text
    file of at least twice ``limits.text_part_size`` bytes, a PDF (unless ``pdfs`` is False)
    of at least twice ``limits.pdf_part_pages`` pages or, with OCR on, twice
    ``SCANNED_PART_PAGES`` scanned pages. ``kind`` is the file's format if it was sniffed
    already. A file that cannot be planned is read whole, where its problem gets its status."""
    limits = config.limits
    if ref.fs_path is None or ref.size > limits.max_file_size:
        return None
    text = limits.text_part_size > 0 and ref.size >= 2 * limits.text_part_size
    pdf = pdfs and _may_hold_pdf_parts(ref, config)
    if not (text or pdf):
        return None
    blob = Blob(name=ref.path, fs_path=ref.fs_path)
    try:
        kind = kind or sniff(blob)
        if text and kind == "text":
            from scanner.extract.text import plan_text_parts

            return plan_text_parts(blob, limits.text_part_size)
        if pdf and kind == "pdf":
            from scanner.extract.pdf import plan_pdf_parts

            return plan_pdf_parts(blob, limits.pdf_part_pages, _scanned_run(config))
    except Exception:
        return None
    return None


def _scanned_run(config: Config) -> int:
    """Pages in a run of a scanned PDF: 0 (not read in short runs) while OCR is off."""
    return min(config.limits.pdf_part_pages, SCANNED_PART_PAGES) if config.ocr else 0


def _may_hold_pdf_parts(ref: FileRef, config: Config) -> bool:
    """Whether ``ref`` is large enough to be a PDF worth reading in parts (``part_plan``)."""
    pages = config.limits.pdf_part_pages
    if pages <= 0:
        return False
    floor = pages * _MIN_PDF_PAGE_BYTES
    if scanned := _scanned_run(config):
        floor = min(floor, scanned * _MIN_SCANNED_PAGE_BYTES)
    return ref.size >= 2 * floor


def _pdf_to_plan(ref: FileRef, config: Config) -> bool:
    """A local PDF that a worker should plan (``_plan_or_work``): this process reads its first
    bytes, never the PDF itself."""
    if ref.fs_path is None or ref.size > config.limits.max_file_size or not _may_hold_pdf_parts(ref, config):
        return False
    try:
        return sniff(Blob(name=ref.path, fs_path=ref.fs_path)) == "pdf"
    except Exception:
        return False


def process_part(ref: FileRef, plan: PartPlan, index: int, config: Config, detector: Detector) -> FileResult:
    """The findings of one part of a file read in parts (``part_plan``); never raises."""
    blob = Blob(name=ref.path, fs_path=ref.fs_path)
    ctx = ExtractContext(limits=config.limits, ocr=config.ocr)
    found: list[Finding] = []
    try:
        # A file gone or locked away is found as a whole read finds it (``sniff`` opens it).
        with open(ref.fs_path, "rb"):  # type: ignore[arg-type]
            pass
        with _Watchdog(config.limits.per_file_timeout) as dog:
            for batch in _batches(dog.guard(classified(plan.kind, plan.segments(blob, ctx, index)))):
                found.extend(detector.findings(ref.path, batch))
    except Exception as exc:
        return _failed(ref, exc, plan.kind)
    return FileResult(ref, Status.OK, tuple(found), error=_problem_note(ctx.problems), extractor=plan.kind)


def merge_parts(ref: FileRef, plan: PartPlan, parts: list[FileResult]) -> FileResult:
    """One file's result from its parts' results, in order: the first part that failed
    decides the file's status, as a failure of the whole file would."""
    for part in parts:
        if part.status is not Status.OK:
            return replace(part, file=ref)
    try:
        changed = _changed(ref)
    except Exception as exc:
        return _failed(ref, exc, plan.kind)
    if changed is not None:
        return replace(changed, sha256=plan.sha256, extractor=plan.kind)
    notes = [p.error for p in parts if p.error]
    return FileResult(
        ref,
        Status.OK,
        tuple(f for p in parts for f in p.findings),
        error="; ".join(notes) or None,
        sha256=plan.sha256,
        extractor=plan.kind,
    )


def _process_remote(ref: FileRef, config: Config, detector: Detector) -> FileResult:
    """Copy a share's file to a private spool file, read it there, delete it."""
    from scanner.sources.smb import fetch_smb

    if ref.size > config.limits.max_file_size:
        return FileResult(ref, Status.TOO_LARGE, error=f"{ref.size} bytes is over max_file_size")
    with tempfile.TemporaryDirectory(prefix="insurescan-spool-") as spool:
        try:
            local = fetch_smb(ref, spool, config.limits.max_file_size)
        except ExtractError as exc:
            return FileResult(ref, Status(exc.status), error=str(exc))
        except InsurescanError as exc:
            return FileResult(ref, Status.ERROR, error=str(exc))
        except OSError as exc:
            return FileResult(ref, Status.ERROR, error=f"cannot copy from the share: {type(exc).__name__}")
        result = process_file(replace(ref, fs_path=local, source="smb-spool"), config, detector)
        return replace(result, file=ref)


# -- workers ----------------------------------------------------------------------

_WORKER: dict[str, Any] = {}


def _init_worker(
    config: Config, key: bytes, reveal: bool, smb_credentials: dict[Any, str] | None = None
) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    gctune.tune()
    quiet_content_loggers()
    if smb_credentials:
        from scanner.sources.smb import remember_credentials

        remember_credentials(smb_credentials)
    from scanner.detect import Detector

    _WORKER["config"] = config
    _WORKER["detector"] = Detector(config, key, reveal=reveal)
    gctune.freeze_loaded()


def _started() -> None:
    """A task that only makes the pool start a worker process."""


def _work(ref: FileRef) -> FileResult:
    return process_file(ref, _WORKER["config"], _WORKER["detector"])


def _work_part(ref: FileRef, plan: PartPlan, index: int) -> FileResult:
    return process_part(ref, plan, index, _WORKER["config"], _WORKER["detector"])


def _plan_or_work(ref: FileRef) -> FileResult | PartPlan:
    """A PDF's plan, made in a worker: pdfium (C++) opens the file to count and sample its
    pages, and a PDF that crashes it must cost that file, not the process that holds the
    scan. A PDF not worth reading in parts is read here whole."""
    config = _WORKER["config"]
    plan = part_plan(ref, config)
    return plan if plan is not None else process_file(ref, config, _WORKER["detector"], in_parts=False)


class _Parts:
    """The pending parts of one file read in parts by the pool; ``result`` is the file's."""

    def __init__(self, ref: FileRef, plan: PartPlan, futures: list[Future[FileResult]]) -> None:
        self.ref, self.plan, self.futures = ref, plan, futures

    def result(self) -> FileResult:
        return merge_parts(self.ref, self.plan, [f.result() for f in self.futures])


class _Planned:
    """A PDF a worker plans (``_plan_or_work``): when the plan comes back its parts go to the
    pool, or the worker has read the file whole."""

    def __init__(self, runner: _Runner, ref: FileRef, future: Future[FileResult | PartPlan]) -> None:
        self.runner, self.ref, self.future = runner, ref, future

    def result(self) -> FileResult:
        got = self.future.result()
        if isinstance(got, FileResult):
            return got
        pool = self.runner.pool()
        return _Parts(
            self.ref, got, [pool.submit(_work_part, self.ref, got, i) for i in range(len(got.parts))]
        ).result()


class _Runner:
    """Runs ``process_file`` here or in a process pool, results in submission order; a big
    plain-text file or PDF is read in parts (``part_plan``), here one after the other, in the
    pool side by side, and its findings are the same either way."""

    def __init__(self, config: Config, key: bytes, reveal: bool, stats: ScanStats) -> None:
        self.config, self.key, self.reveal, self.stats = config, key, reveal, stats
        self._detector: Detector | None = None
        self._pool: ProcessPoolExecutor | None = None

    @property
    def detector(self) -> Detector:
        # Built on first use: a re-scan of an unchanged tree never loads spaCy.
        if self._detector is None:
            from scanner.detect import Detector

            _LOG.debug("loading the detection engine")
            self._detector = Detector(self.config, self.key, reveal=self.reveal)
            gctune.freeze_loaded()
            self.stats.engine_processes += 1
        return self._detector

    def _initargs(self) -> tuple[Any, ...]:
        # A password given in an smb:// URL lives only in this process; hand it on.
        smb = sys.modules.get("scanner.sources.smb")
        creds = smb.remembered_credentials() if smb is not None else None
        return (self.config, self.key, self.reveal, creds)

    def pool(self) -> ProcessPoolExecutor:
        # Started when the first file needs reading, like ``detector``: each worker loads
        # spaCy (seconds), which a re-scan of an unchanged tree must not pay for.
        if self._pool is None:
            _LOG.debug("starting %d worker processes", self.config.workers)
            self.stats.engine_processes += self.config.workers
            self._pool = ProcessPoolExecutor(
                max_workers=self.config.workers,
                mp_context=get_context("spawn"),
                initializer=_init_worker,
                initargs=self._initargs(),
            )
            # The pool starts a process per task submitted while none is idle: one task per
            # worker starts them all at once. A PDF planned by a worker (``_Planned``) is one
            # task until its plan comes back, and the second worker started loading its
            # engine only then (a second more for the 2,000-page PDF).
            for _ in range(self.config.workers):
                self._pool.submit(_started)
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def run(self, items: Iterable[FileRef | FileResult]) -> Iterator[FileResult]:
        """Process refs; pass ready results through; keep the input order."""
        if self.config.workers <= 1:
            for item in items:
                yield item if isinstance(item, FileResult) else process_file(item, self.config, self.detector)
            return
        # Files in flight. Results leave in walk order, so a long file at the head holds the
        # output back; with only a few queued behind it the other workers ran dry and waited.
        window = self.config.workers * IN_FLIGHT_PER_WORKER
        pending: collections.deque[
            tuple[FileRef | FileResult, Future[FileResult] | _Parts | _Planned | None]
        ] = collections.deque()
        for item in items:
            pending.append((item, None if isinstance(item, FileResult) else self._submit(item)))
            while len(pending) > window:
                yield self._next(pending)
        while pending:
            yield self._next(pending)

    def _submit(self, ref: FileRef) -> Future[FileResult] | _Parts | _Planned:
        # A big plain-text file or PDF goes out in parts, so that every worker reads some of it.
        # A text file is planned here; a PDF by a worker (``_plan_or_work``).
        plan = part_plan(ref, self.config, pdfs=False)
        if plan is not None:
            return _Parts(
                ref, plan, [self.pool().submit(_work_part, ref, plan, i) for i in range(len(plan.parts))]
            )
        if _pdf_to_plan(ref, self.config):
            return _Planned(self, ref, self.pool().submit(_plan_or_work, ref))
        return self.pool().submit(_work, ref)

    def _next(
        self, pending: collections.deque[tuple[Any, Future[FileResult] | _Parts | _Planned | None]]
    ) -> FileResult:
        item, fut = pending.popleft()
        if fut is None:
            return item  # type: ignore[no-any-return]
        try:
            return fut.result()
        except BrokenProcessPool:
            # A worker died (a parser crashed the interpreter). Start a new pool,
            # resubmit the files that were in flight, and retry this one alone.
            self._pool = None
            for i, (other, f) in enumerate(pending):
                if f is not None:
                    pending[i] = (other, self._submit(other))
            return self._retry_alone(item)

    def _retry_alone(self, ref: FileRef) -> FileResult:
        self.stats.engine_processes += 1
        with ProcessPoolExecutor(
            max_workers=1, mp_context=get_context("spawn"), initializer=_init_worker,
            initargs=self._initargs(),
        ) as solo:  # fmt: skip
            try:
                return solo.submit(_work, ref).result()
            except BrokenProcessPool:
                return FileResult(ref, Status.ERROR, error="the extractor crashed its worker process")


# -- the scan -----------------------------------------------------------------------


def _is_remote(root: str) -> bool:
    return root[:6].lower() == "smb://"


def _normalise_root(root: str) -> str:
    return root.rstrip("/") if _is_remote(root) else os.path.normpath(root)


def _walker(root: str, config: Config) -> Iterator[FileRef | WalkIssue]:
    if _is_remote(root):
        from scanner.sources.smb import walk_smb

        return walk_smb(root, config)
    return walk(root, config)


def scan(
    paths: Iterable[str | os.PathLike[str]],
    config: Config | None = None,
    *,
    inventory: Inventory | None = None,
    full: bool = False,
    reveal: bool = False,
    key: bytes | None = None,
    stats: ScanStats | None = None,
    on_file: Callable[[FileRef | WalkIssue], None] | None = None,
) -> Iterator[FileResult]:
    """Scan files and directory trees; yield one ``FileResult`` per file.

    With an ``inventory``, files whose size and mtime match the stored record
    (scanned with the same settings) are not read again: they are yielded with
    status ``unchanged`` and their stored findings. Each result is recorded as
    it comes, and files that disappeared are marked removed.
    """
    config = config or Config()
    quiet_content_loggers()
    key = key if key is not None else load_or_create_key(config.key_file)
    stats = stats if stats is not None else ScanStats()
    chash = config_hash(config)
    roots = [_normalise_root(os.fspath(p)) for p in paths]
    scan_id = inventory.start_scan(roots, scanner.__version__, chash) if inventory else None
    stats.scan_id = scan_id
    runner = _Runner(config, key, reveal, stats)
    completed = False
    try:
        for root in roots:
            yield from _scan_root(root, config, inventory, scan_id, chash, full, runner, stats, on_file)
        completed = True
    finally:
        runner.close()
        if inventory is not None and scan_id is not None:
            counts = dict(stats.by_status) | {"findings": stats.findings, "removed": len(stats.removed)}
            inventory.finish_scan(scan_id, counts, "complete" if completed else "interrupted")


def _scan_root(
    root: str,
    config: Config,
    inventory: Inventory | None,
    scan_id: int | None,
    chash: str,
    full: bool,
    runner: _Runner,
    stats: ScanStats,
    on_file: Callable[[FileRef | WalkIssue], None] | None,
) -> Iterator[FileResult]:
    known = inventory.known(root) if inventory else {}
    seen: set[str] = set()
    # Unchanged files wait here until a batch of them is full (or a file to read comes),
    # then their stored findings come in one query: memory holds one batch, never the
    # whole inventory, and the output keeps the walk order.
    unchanged: list[FileRef] = []

    def stored() -> Iterator[FileResult]:
        if not unchanged or inventory is None:
            return
        by_path = inventory.findings_by_file(root, [ref.path for ref in unchanged])
        for ref in unchanged:
            yield FileResult(ref, Status.UNCHANGED, by_path.get(ref.path, ()))
        unchanged.clear()

    def items() -> Iterator[FileRef | FileResult]:
        for entry in _walker(root, config):
            if on_file:
                on_file(entry)
            seen.add(entry.path)
            if isinstance(entry, WalkIssue):
                yield from stored()
                ref = FileRef(path=entry.path, size=0, mtime=0.0)
                yield FileResult(ref, entry.status, error=entry.reason)
            elif inventory and not full and inventory.is_unchanged(known.get(entry.path), entry, chash):
                unchanged.append(entry)
                if len(unchanged) >= UNCHANGED_BATCH:
                    yield from stored()
            else:
                yield from stored()
                yield entry
        yield from stored()

    for result in runner.run(items()):
        if inventory is not None and scan_id is not None and result.status != Status.UNCHANGED:
            inventory.record(scan_id, root, result, chash)
        stats.add(result)
        yield result
    if inventory is not None:
        gone = inventory.mark_removed(root, seen)
        stats.removed.extend(gone)
