from __future__ import annotations

import os
from pathlib import Path

import pytest

from scanner.config import Config
from scanner.errors import SourceError
from scanner.models import FileRef, Status
from scanner.sources import WalkIssue, walk


def _tree(tmp_path: Path) -> Path:
    root = tmp_path / "share"
    (root / "claims" / "2024").mkdir(parents=True)
    (root / "claims" / "2024" / "a.txt").write_text("a")
    (root / "claims" / "b.pdf").write_bytes(b"%PDF-1.4")
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text("x")
    (root / "top.csv").write_text("x,y")
    return root


def _refs(entries: list[FileRef | WalkIssue]) -> list[str]:
    return [e.path for e in entries if isinstance(e, FileRef)]


def test_walk_is_sorted_and_paths_keep_the_root_as_given(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    refs = _refs(list(walk(str(root), Config())))
    rel = [os.path.relpath(p, root) for p in refs]
    assert rel == [".git/config", "claims/2024/a.txt", "claims/b.pdf", "top.csv"]
    assert all(p.startswith(str(root)) for p in refs)


def test_include_exclude(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    cfg = Config(include=("**/*.txt", "**/*.csv"), exclude=("**/.git/**",))
    rel = [os.path.relpath(p, root) for p in _refs(list(walk(str(root), cfg)))]
    assert rel == ["claims/2024/a.txt", "top.csv"]


def test_single_file_root(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    f = root / "top.csv"
    entries = list(walk(str(f), Config()))
    assert len(entries) == 1 and isinstance(entries[0], FileRef)
    assert entries[0].size == 3 and entries[0].mode is not None and entries[0].owner


def test_missing_root(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="nope"):
        list(walk(str(tmp_path / "nope"), Config()))


def test_symlinks_not_followed_by_default(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    outside = tmp_path / "outside.txt"
    outside.write_text("secret elsewhere")
    (root / "link-out.txt").symlink_to(outside)
    (root / "claims" / "loop").symlink_to(root)
    entries = list(walk(str(root), Config()))
    issues = {os.path.relpath(e.path, root): e for e in entries if isinstance(e, WalkIssue)}
    assert issues["link-out.txt"].status == Status.SKIPPED
    assert issues["claims/loop"].status == Status.SKIPPED
    assert "symbolic link" in issues["link-out.txt"].reason
    assert str(outside) not in _refs(entries)


def test_symlink_loop_ends_when_following(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    (root / "claims" / "loop").symlink_to(root)
    entries = list(walk(str(root), Config(follow_symlinks=True)))
    issues = [e for e in entries if isinstance(e, WalkIssue)]
    assert any("loop" in e.reason for e in issues)
    assert len(_refs(entries)) == 4


def test_broken_link_is_reported(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    (root / "dangling.txt").symlink_to(tmp_path / "gone")
    entries = list(walk(str(root), Config(follow_symlinks=True)))
    issue = next(e for e in entries if isinstance(e, WalkIssue))
    assert issue.status == Status.ERROR and "broken" in issue.reason
