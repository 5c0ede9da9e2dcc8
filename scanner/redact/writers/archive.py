"""Archives (zip, tar, tar.gz/bz2/xz) and single compressed files, rebuilt member by member.

Each member goes through the writer for its own format and is written back
under its (redacted) name with its original timestamp. A member that cannot
be redacted (encrypted, a format with no writer, nested too deep) is left out
and listed in the manifest; links and devices in tars are left out too.
Sizes are checked against the same limits as extraction before anything is
inflated, and reads are capped, so a zip bomb fails the file instead of
filling memory.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import posixpath
import tarfile
import zipfile
import zlib
from collections.abc import Callable
from typing import IO

from scanner.errors import RedactionError
from scanner.redact.dispatch import Job, MemberIssue, UnredactableError


def _read(stream: IO[bytes], limit: int, name: str) -> bytes:
    data = stream.read(limit + 1)
    if len(data) > limit:
        # Not the member's name: names are redacted like text, this message is not.
        raise RedactionError("an archive member unpacks to more than allowed")
    return data


def _allowance(job: Job) -> int:
    lim = job.config.limits
    left = lim.max_archive_total - job.budget.expanded
    if job.outer_size:
        left = min(left, int(max(job.outer_size, 1) * lim.max_expansion_ratio) - job.budget.expanded)
    return max(left, 0)


class _Names:
    """Redacted member names, consistent per folder and never colliding."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self.done: dict[str, str] = {}
        self.taken: set[str] = set()

    def __call__(self, name: str) -> str:
        if not self.job.config.redact.redact_file_names or not self.job.redacting:
            return name
        parts = [p for p in name.split("/")]
        out = []
        for i, part in enumerate(parts):
            key = "/".join(parts[: i + 1])
            if key not in self.done:
                self.done[key] = self.job.transformer.transform_name(part) if part else part
            out.append(self.done[key])
        new = "/".join(out)
        stem, ext = posixpath.splitext(new)
        n = 1
        while new in self.taken:
            n += 1
            new = f"{stem}~{n}{ext}"
        self.taken.add(new)
        return new


def write_zip(data: bytes, name: str, job: Job) -> bytes:
    try:
        zin = zipfile.ZipFile(io.BytesIO(data))
        infos = zin.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError, NotImplementedError):
        raise UnredactableError("corrupt zip archive") from None
    files = [i for i in infos if not i.is_dir()]
    if sum(i.file_size for i in files) > _allowance(job):
        raise RedactionError(
            "archive declares more content than the expansion limits allow (possible zip bomb)"
        )
    names = _Names(job)
    out = io.BytesIO()
    with zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in infos:
            where = f"{job.path}!{info.filename}" if job.path else info.filename
            if info.is_dir():
                continue
            if info.flag_bits & 0x1:
                job.issues.append(MemberIssue(where, "encrypted", "password-protected archive member"))
                continue
            job.account(info.file_size)
            try:
                with zin.open(info) as stream:
                    body = _read(stream, info.file_size, info.filename)
            except (zipfile.BadZipFile, NotImplementedError, EOFError, zlib.error, lzma.LZMAError) as exc:
                job.issues.append(MemberIssue(where, "error", f"cannot open member ({type(exc).__name__})"))
                continue
            new = job.member(body, info.filename)
            if new is None:
                continue
            target = zipfile.ZipInfo(names(info.filename), date_time=info.date_time)
            target.compress_type = zipfile.ZIP_DEFLATED
            target.external_attr = info.external_attr
            zout.writestr(target, new)
    return out.getvalue()


def write_tar(data: bytes, name: str, job: Job) -> bytes:
    mode = "w"
    head = data[:6]
    if head.startswith(b"\x1f\x8b"):
        mode = "w:gz"
    elif head.startswith(b"BZh"):
        mode = "w:bz2"
    elif head.startswith(b"\xfd7zXZ\x00"):
        mode = "w:xz"
    names = _Names(job)
    out = io.BytesIO()
    try:
        tin = tarfile.open(fileobj=io.BytesIO(data), mode="r:*")  # noqa: SIM115 (closed below)
    except (tarfile.TarError, OSError, EOFError, zlib.error, lzma.LZMAError):
        raise UnredactableError("corrupt tar archive") from None
    with tin, tarfile.open(fileobj=out, mode=mode) as tout:  # type: ignore[call-overload]
        try:
            for info in tin:
                where = f"{job.path}!{info.name}" if job.path else info.name
                if info.isdir():
                    continue
                if not info.isreg():
                    job.issues.append(MemberIssue(where, "skipped", "link or device, not a file"))
                    continue
                job.account(info.size)
                stream = tin.extractfile(info)
                if stream is None:
                    continue
                new = job.member(_read(stream, info.size, info.name), info.name)
                if new is None:
                    continue
                target = tarfile.TarInfo(names(info.name))
                target.size, target.mtime, target.mode = len(new), info.mtime, info.mode
                tout.addfile(target, io.BytesIO(new))
        except (tarfile.TarError, EOFError, zlib.error, lzma.LZMAError) as exc:
            raise RedactionError(f"corrupt tar archive ({type(exc).__name__})") from None
    return out.getvalue()


_SUFFIXES = {".gz": "", ".gzip": "", ".z": "", ".bz2": "", ".xz": "", ".tgz": ".tar"}


def _inner_name(name: str) -> str:
    base = name.rsplit("/", 1)[-1].rsplit("!", 1)[-1]
    stem, dot, ext = base.rpartition(".")
    if dot and f".{ext.lower()}" in _SUFFIXES:
        return stem + _SUFFIXES[f".{ext.lower()}"]
    return base + ".out"


def _opener(data: bytes) -> tuple[IO[bytes], Callable[[bytes], bytes]]:
    if data.startswith(b"BZh"):
        return bz2.BZ2File(io.BytesIO(data)), bz2.compress
    if data.startswith(b"\xfd7zXZ\x00"):
        return lzma.LZMAFile(io.BytesIO(data)), lzma.compress
    return gzip.GzipFile(fileobj=io.BytesIO(data)), lambda body: gzip.compress(body, mtime=0)


def write_compressed(data: bytes, name: str, job: Job) -> bytes:
    stream, pack = _opener(data)
    try:
        with stream:
            inner = _read(stream, _allowance(job), name)
    except (OSError, EOFError, zlib.error, lzma.LZMAError) as exc:
        raise UnredactableError(f"corrupt compressed stream ({type(exc).__name__})") from None
    job.account(len(inner))
    new = job.member(inner, _inner_name(name))
    if new is None:
        reason = job.issues[-1].reason if job.issues else "cannot be redacted"
        raise UnredactableError(f"compressed file: {reason}")
    return pack(new)
