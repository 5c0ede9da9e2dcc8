"""Walk a local directory tree (or a single file) in a stable order.

Symbolic links are not followed by default: a link may point outside the tree
the user asked about, or back into it (a loop). With ``follow_symlinks`` they
are followed, but each directory is entered once (by device and inode), so a
loop ends.
"""

from __future__ import annotations

import fnmatch
import os
import pwd
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath

from scanner.config import Config
from scanner.errors import SourceError
from scanner.models import FileRef, Status


@dataclass(frozen=True)
class WalkIssue:
    """An entry the walk saw but will not hand to extraction."""

    path: str
    status: Status
    reason: str


def _owner(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


def _matches(rel: str, patterns: tuple[str, ...]) -> bool:
    """Glob match on the relative path; ``**/`` also matches at the top level."""
    p = PurePosixPath(rel)
    for pat in patterns:
        if p.match(pat) or fnmatch.fnmatch(rel, pat):
            return True
        if pat.startswith("**/") and (p.match(pat[3:]) or fnmatch.fnmatch(rel, pat[3:])):
            return True
    return False


def selected(rel: str, config: Config) -> bool:
    if config.include and not _matches(rel, config.include):
        return False
    return not (config.exclude and _matches(rel, config.exclude))


def _ref(display: str, fs_path: str, st: os.stat_result) -> FileRef:
    return FileRef(
        path=display,
        size=st.st_size,
        mtime=st.st_mtime,
        source="local",
        fs_path=fs_path,
        owner=_owner(st.st_uid),
        mode=stat.S_IMODE(st.st_mode),
    )


def walk(root: str, config: Config) -> Iterator[FileRef | WalkIssue]:
    """Every regular file under ``root`` that the include/exclude globs select.

    ``FileRef.path`` is ``root`` as given joined with the relative path, so the
    user recognises it. Raises ``SourceError`` if ``root`` itself is missing.
    """
    try:
        st = os.stat(root) if config.follow_symlinks else os.lstat(root)
    except OSError as exc:
        raise SourceError(f"{root}: {exc.strerror}") from None
    if stat.S_ISLNK(st.st_mode):
        st = os.stat(root)  # a root given explicitly is what the user meant
    if stat.S_ISREG(st.st_mode):
        yield _ref(root, root, st)
        return
    if not stat.S_ISDIR(st.st_mode):
        raise SourceError(f"{root}: not a file or directory")
    yield from _walk_dir(root, "", config, {(st.st_dev, st.st_ino)})


def _walk_dir(
    root: str, rel_dir: str, config: Config, seen: set[tuple[int, int]]
) -> Iterator[FileRef | WalkIssue]:
    here = os.path.join(root, rel_dir) if rel_dir else root
    try:
        with os.scandir(here) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        yield WalkIssue(_display(root, rel_dir), Status.ERROR, f"cannot list directory: {exc.strerror}")
        return
    for entry in entries:
        rel = f"{rel_dir}/{entry.name}" if rel_dir else entry.name
        display = _display(root, rel)
        try:
            is_link = entry.is_symlink()
            if is_link and not config.follow_symlinks:
                if selected(rel, config):
                    yield WalkIssue(display, Status.SKIPPED, "symbolic link not followed")
                continue
            st = entry.stat(follow_symlinks=True)
        except FileNotFoundError:
            yield WalkIssue(
                display, Status.ERROR, "broken symbolic link" if is_link else "vanished during walk"
            )
            continue
        except OSError as exc:
            yield WalkIssue(display, Status.ERROR, f"cannot stat: {exc.strerror}")
            continue
        if stat.S_ISDIR(st.st_mode):
            ident = (st.st_dev, st.st_ino)
            if ident in seen:
                yield WalkIssue(display, Status.SKIPPED, "directory already visited (symbolic link loop)")
                continue
            if _excluded_dir(rel, config):
                continue
            yield from _walk_dir(root, rel, config, seen | {ident})
        elif stat.S_ISREG(st.st_mode):
            if selected(rel, config):
                yield _ref(display, os.path.join(here, entry.name), st)
        elif selected(rel, config):
            yield WalkIssue(display, Status.SKIPPED, "not a regular file")


def _excluded_dir(rel: str, config: Config) -> bool:
    # "**/.git/**" excludes the directory itself, so we never descend into it.
    return (
        bool(config.exclude)
        and _matches(rel + "/x", config.exclude)
        and _matches(rel + "/y/z", config.exclude)
    )


def _display(root: str, rel: str) -> str:
    if not rel:
        return root
    return os.path.join(root, rel)
