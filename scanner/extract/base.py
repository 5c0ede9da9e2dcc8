"""What every extractor receives: a ``Blob`` to read and an ``ExtractContext``.

An extractor is a function ``(blob, ctx) -> Iterator[Segment]``. It raises an
``ExtractError`` subclass (which carries the status) when the file cannot be
read; the scan loop records that and moves on. Containers (archives, e-mail
attachments) recurse through ``ctx.extract_member``, which applies the depth,
size and expansion limits.
"""

from __future__ import annotations

import hashlib
import io
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import BinaryIO

from scanner.config import Limits
from scanner.errors import ExtractError, ExtractTimeoutError, FileTooLargeError
from scanner.models import Segment


def extension_of(name: str) -> str:
    """The lower-case extension of a path or archive member name (``a.zip!b.TSV`` -> ``tsv``), or ``""``."""
    base = name.rsplit("/", 1)[-1].rsplit("!", 1)[-1]
    return base.rsplit(".", 1)[-1].lower() if "." in base else ""


@dataclass(frozen=True)
class Blob:
    """Bytes to extract from: a local file (``fs_path``) or an in-memory member."""

    name: str
    fs_path: str | None = None
    data: bytes | None = None

    @property
    def size(self) -> int:
        if self.data is not None:
            return len(self.data)
        assert self.fs_path is not None
        return os.path.getsize(self.fs_path)

    def open(self) -> BinaryIO:
        if self.data is not None:
            return io.BytesIO(self.data)
        assert self.fs_path is not None
        return open(self.fs_path, "rb")

    def head(self, n: int = 8192) -> bytes:
        """The first ``n`` bytes, for sniffing."""
        if self.data is not None:
            return self.data[:n]
        with self.open() as fh:
            return fh.read(n)

    def sha256(self) -> str:
        """The content's SHA-256, read in blocks of a MiB."""
        digest = hashlib.sha256()
        with self.open() as fh:
            while block := fh.read(1 << 20):
                digest.update(block)
        return digest.hexdigest()

    def read_all(self, limit: int) -> bytes:
        """The whole content, refusing more than ``limit`` bytes."""
        if self.size > limit:
            raise FileTooLargeError(f"{self.size} bytes is over the limit of {limit}")
        if self.data is not None:
            return self.data
        with self.open() as fh:
            return fh.read()

    @property
    def extension(self) -> str:
        return extension_of(self.name)


@dataclass
class _Budget:
    """Bytes unpacked so far from one top-level file, shared by all depths."""

    expanded: int = 0
    members: int = 0


@dataclass
class ExtractContext:
    limits: Limits = field(default_factory=Limits)
    ocr: bool = True
    depth: int = 0
    deadline: float | None = None
    budget: _Budget = field(default_factory=_Budget)
    outer_size: int = 0
    # Members of a container that could not be read: (member, status, reason).
    # Shared by all depths; the scan records them beside the file's status.
    problems: list[tuple[str, str, str]] = field(default_factory=list)
    # Set by scanner.extract so containers can recurse without importing it.
    dispatch: Callable[[Blob, ExtractContext], Iterator[Segment]] | None = None

    def check_time(self) -> None:
        """Extractors with long loops call this between pages/members."""
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise ExtractTimeoutError("per-file time limit reached")

    def account(self, nbytes: int) -> None:
        """Count ``nbytes`` of unpacked content against the expansion limits."""
        self.budget.expanded += nbytes
        self.budget.members += 1
        lim = self.limits
        if self.budget.members > lim.max_archive_members:
            raise FileTooLargeError(f"more than {lim.max_archive_members} archive members")
        if self.budget.expanded > lim.max_archive_total:
            raise FileTooLargeError(f"unpacks to more than {lim.max_archive_total} bytes")
        if self.outer_size and self.budget.expanded > max(self.outer_size, 1) * lim.max_expansion_ratio:
            raise FileTooLargeError(f"expansion ratio over {lim.max_expansion_ratio:g} (possible zip bomb)")

    def extract_member(self, blob: Blob, member: str) -> Iterator[Segment]:
        """Extract a contained file; segments get ``member`` prefixed with ``!``-joins.

        A member that cannot be read is noted in ``problems`` and skipped, so one
        encrypted attachment does not hide the rest of the e-mail. Limit breaches
        (``FileTooLargeError``) and the time limit propagate: they condemn the
        whole container.
        """
        if self.depth + 1 > self.limits.max_archive_depth:
            raise FileTooLargeError(f"nesting deeper than {self.limits.max_archive_depth} levels")
        assert self.dispatch is not None
        child = replace(self, depth=self.depth + 1, problems=[])
        try:
            for seg in self.dispatch(blob, child):
                inner = f"{member}!{seg.member}" if seg.member else member
                yield replace(seg, member=inner)
        except (FileTooLargeError, ExtractTimeoutError):
            raise
        except ExtractError as exc:
            self.problems.append((member, exc.status, str(exc)))
        for sub, status, reason in child.problems:
            self.problems.append((f"{member}!{sub}", status, reason))
