"""Archives (zip, tar, tar.gz/bz2/xz) and single compressed files (gz, bz2, xz).

Every member is handed to ``ctx.extract_member``, so nesting, expansion and
member-count limits are shared across all depths of one top-level file.
Zip bombs are stopped before anything is inflated: declared sizes are
checked against the budget first, and reads are capped at the declared size
(or, for a bare .gz that declares nothing, at what the budget has left), so a
lying header cannot make us hold more than the limits allow.

Members are kept in memory while small and spilled to an anonymous temporary
file (a random name, never one derived from the member name) when large.
"""

from __future__ import annotations

import bz2
import gzip
import lzma
import os
import tarfile
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO

from scanner.errors import EncryptedFileError, ExtractError, FileTooLargeError
from scanner.extract.base import Blob, ExtractContext
from scanner.models import Segment

CHUNK = 1 << 20
SPOOL_BYTES = 32 << 20


def _allowance(ctx: ExtractContext) -> int:
    """Bytes that may still be unpacked from this top-level file."""
    lim = ctx.limits
    left = lim.max_archive_total - ctx.budget.expanded
    if ctx.outer_size:
        left = min(left, int(max(ctx.outer_size, 1) * lim.max_expansion_ratio) - ctx.budget.expanded)
    return left


def _precheck(ctx: ExtractContext, declared: int, members: int) -> None:
    lim = ctx.limits
    if ctx.budget.members + members > lim.max_archive_members:
        raise FileTooLargeError(f"more than {lim.max_archive_members} archive members")
    if declared > _allowance(ctx):
        raise FileTooLargeError(
            "archive declares more content than the expansion limits allow (possible zip bomb)"
        )


@contextmanager
def _spooled(stream: IO[bytes], name: str, limit: int) -> Iterator[Blob]:
    """Read ``stream`` (at most ``limit`` bytes) into a ``Blob``; too much raises."""
    chunks: list[bytes] = []
    size = 0
    spill: IO[bytes] | None = None
    path: str | None = None
    try:
        while chunk := stream.read(CHUNK):
            size += len(chunk)
            if size > limit:
                raise FileTooLargeError(f"archive member {name!r} unpacks to more than allowed")
            if spill is None and size > SPOOL_BYTES:
                fd, path = tempfile.mkstemp(prefix="insurescan-")
                spill = os.fdopen(fd, "wb")
                spill.writelines(chunks)
                chunks.clear()
            if spill is not None:
                spill.write(chunk)
            else:
                chunks.append(chunk)
        if spill is not None:
            spill.close()
            yield Blob(name=name, fs_path=path)
        else:
            yield Blob(name=name, data=b"".join(chunks))
    finally:
        if spill is not None:
            spill.close()
        if path is not None:
            os.unlink(path)


def _member(ctx: ExtractContext, stream: IO[bytes], name: str, declared: int | None) -> Iterator[Segment]:
    if declared is None:
        limit = _allowance(ctx)
    else:
        ctx.account(declared)
        limit = declared
    with _spooled(stream, name, limit) as blob:
        if declared is None:
            ctx.account(blob.size)
        yield from ctx.extract_member(blob, member=name)


def extract_zip(blob: Blob, ctx: ExtractContext) -> Iterator[Segment]:
    with blob.open() as fh:
        try:
            zf = zipfile.ZipFile(fh)
        except (zipfile.BadZipFile, ValueError, EOFError, NotImplementedError):
            raise ExtractError("corrupt zip archive") from None
        with zf:
            infos = [info for info in zf.infolist() if not info.is_dir()]
            _precheck(ctx, sum(info.file_size for info in infos), len(infos))
            locked = [info for info in infos if info.flag_bits & 0x1]
            if locked and len(locked) == len(infos):
                raise EncryptedFileError("password-protected zip archive")
            for info in infos:
                ctx.check_time()
                if info.flag_bits & 0x1:
                    ctx.problems.append((info.filename, "encrypted", "password-protected archive member"))
                    continue
                try:
                    stream = zf.open(info)
                except (zipfile.BadZipFile, NotImplementedError, ValueError, EOFError, zlib.error) as exc:
                    ctx.problems.append(
                        (info.filename, "error", f"cannot open member ({type(exc).__name__})")
                    )
                    continue
                with stream:
                    try:
                        yield from _member(ctx, stream, info.filename, info.file_size)
                    except (zipfile.BadZipFile, EOFError, zlib.error, lzma.LZMAError) as exc:
                        raise ExtractError(f"corrupt zip member ({type(exc).__name__})") from None


def extract_tar(blob: Blob, ctx: ExtractContext) -> Iterator[Segment]:
    with blob.open() as fh:
        try:
            # Stream mode: members are read in order, compressed tars never seek.
            tf = tarfile.open(fileobj=fh, mode="r|*")  # noqa: SIM115 (closed by the with below)
        except (tarfile.TarError, OSError, EOFError, zlib.error, lzma.LZMAError):
            raise ExtractError("corrupt tar archive") from None
        with tf:
            try:
                for info in tf:
                    ctx.check_time()
                    if not info.isreg():
                        continue  # directories, links, devices: nothing to read, nowhere to follow
                    _precheck(ctx, info.size, 1)
                    stream = tf.extractfile(info)
                    if stream is None:
                        continue
                    yield from _member(ctx, stream, info.name, info.size)
            except (tarfile.TarError, EOFError, zlib.error, lzma.LZMAError) as exc:
                raise ExtractError(f"corrupt tar archive ({type(exc).__name__})") from None


_SUFFIXES = {".gz": "", ".gzip": "", ".z": "", ".bz2": "", ".xz": "", ".tgz": ".tar"}


def _inner_name(name: str) -> str:
    base = name.rsplit("/", 1)[-1].rsplit("!", 1)[-1]
    stem, dot, ext = base.rpartition(".")
    if dot and f".{ext.lower()}" in _SUFFIXES:
        return stem + _SUFFIXES[f".{ext.lower()}"]
    return base + ".out"


def _decompressor(fh: IO[bytes], head: bytes) -> tuple[str, IO[bytes]]:
    if head.startswith(b"BZh"):
        return "bzip2", bz2.BZ2File(fh)
    if head.startswith(b"\xfd7zXZ\x00"):
        return "xz", lzma.LZMAFile(fh)
    return "gzip", gzip.GzipFile(fileobj=fh)


def extract_compressed(blob: Blob, ctx: ExtractContext) -> Iterator[Segment]:
    """A single compressed file (``report.txt.gz``): its one member, unnamed inside."""
    _precheck(ctx, 0, 1)
    name = _inner_name(blob.name)
    with blob.open() as fh:
        kind, stream = _decompressor(fh, blob.head(6))
        with stream:
            try:
                yield from _member(ctx, stream, name, None)
            except (OSError, EOFError, zlib.error, lzma.LZMAError) as exc:
                raise ExtractError(f"corrupt {kind} stream ({type(exc).__name__})") from None
