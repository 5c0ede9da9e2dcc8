"""Which writer handles a file, and how containers recurse.

A writer is ``(data, name, job) -> bytes``: the redacted file. It raises
``UnredactableError`` when the format cannot be rewritten safely (the file is
then not copied and listed with the reason) and ``RedactionError`` when this
particular file failed. Containers (archives, e-mail attachments, embedded
Office objects) hand their members to ``job.member``, which applies the same
depth and size limits as extraction and records members it had to drop.

Writers are imported on first use, as extractors are: PDF, Office and OCR
libraries are slow to import.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from scanner.config import Config
from scanner.errors import RedactionError
from scanner.extract.base import Blob
from scanner.extract.sniff import UNSUPPORTED, sniff
from scanner.redact.engine import TextTransformer

Writer = Callable[[bytes, str, "Job"], bytes]


class UnredactableError(RedactionError):
    """The format cannot be rewritten safely; the file is not copied."""

    status = "unsupported"


@dataclass(frozen=True)
class MemberIssue:
    """A member of a container that was left out of the copy, and why."""

    member: str
    status: str
    reason: str


_REASONS = {
    **UNSUPPORTED,
    "msg": "Outlook .msg cannot be rewritten; save it as .eml and redact that",
    "office-encrypted": "password-protected Office document; cannot be read or rewritten",
}

WRITERS: dict[str, tuple[str, str]] = {
    "text": ("text", "write_text"),
    "csv": ("text", "write_delimited"),
    "tsv": ("text", "write_delimited"),
    "json": ("structured", "write_json"),
    "jsonl": ("structured", "write_jsonl"),
    "xml": ("structured", "write_xml"),
    "html": ("markup", "write_html"),
    "eml": ("email", "write_eml"),
    "docx": ("ooxml", "write_package"),
    "pptx": ("ooxml", "write_package"),
    "xlsx": ("xlsx", "write_xlsx"),
    "pdf": ("pdf", "write_pdf"),
    "image": ("image", "write_image"),
    "zip": ("archive", "write_zip"),
    "tar": ("archive", "write_tar"),
    "gzip": ("archive", "write_compressed"),
    "bzip2": ("archive", "write_compressed"),
    "xz": ("archive", "write_compressed"),
}


def writer_for(kind: str) -> Writer:
    """The writer for a sniffed kind; ``UnredactableError`` with the reason if none."""
    if kind not in WRITERS:
        raise UnredactableError(_REASONS.get(kind, f"no redaction writer for {kind} files"))
    module, function = WRITERS[kind]
    impl: Writer = getattr(importlib.import_module(f"scanner.redact.writers.{module}"), function)
    return impl


@dataclass
class _Budget:
    expanded: int = 0
    members: int = 0


@dataclass
class Job:
    """Everything a writer needs: the transformer, the config, and the container chain."""

    transformer: TextTransformer
    config: Config
    depth: int = 0
    path: str = ""
    issues: list[MemberIssue] = field(default_factory=list)
    budget: _Budget = field(default_factory=_Budget)
    outer_size: int = 0

    @property
    def redacting(self) -> bool:
        return self.transformer.mode == "redact"

    def write(self, data: bytes, name: str) -> bytes:
        kind = sniff(Blob(name=name, data=data))
        return writer_for(kind)(data, name, self)

    def account(self, nbytes: int) -> None:
        """Count unpacked bytes against the archive limits (zip bombs end here)."""
        lim = self.config.limits
        self.budget.expanded += nbytes
        self.budget.members += 1
        if self.budget.members > lim.max_archive_members:
            raise RedactionError(f"more than {lim.max_archive_members} archive members")
        if self.budget.expanded > lim.max_archive_total:
            raise RedactionError(f"unpacks to more than {lim.max_archive_total} bytes")
        if self.outer_size and self.budget.expanded > max(self.outer_size, 1) * lim.max_expansion_ratio:
            raise RedactionError(f"expansion ratio over {lim.max_expansion_ratio:g} (possible zip bomb)")

    def member(self, data: bytes, name: str) -> bytes | None:
        """The redacted member, or ``None`` when it had to be left out (recorded in ``issues``)."""
        where = f"{self.path}!{name}" if self.path else name
        if self.depth + 1 > self.config.limits.max_archive_depth:
            self.issues.append(MemberIssue(where, "too_large", "nested deeper than the archive depth limit"))
            return None
        child = replace(self, depth=self.depth + 1, path=where)
        try:
            return child.write(data, name)
        except UnredactableError as exc:
            self.issues.append(MemberIssue(where, "unsupported", str(exc)))
            return None
