"""Shared fixtures. Every test gets its own fingerprint key file, so no test
touches the user's real key and fingerprints are stable within a test."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from scanner.cli import main

SSN = "412-67-3391"
EMAIL = "maria.gonzalez@example.org"


@pytest.fixture(autouse=True)
def _key_file(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path_factory.mktemp("key") / "fingerprint.key"
    monkeypatch.setenv("INSURESCAN_KEY_FILE", str(path))
    return path


@pytest.fixture
def small_share(tmp_path: Path) -> Path:
    """Three text files: an SSN behind a label, an e-mail address, and nothing personal."""
    root = tmp_path / "share"
    (root / "claims").mkdir(parents=True)
    (root / "claims" / "note.txt").write_text(f"Claim note\n\nThe insured's SSN: {SSN} was verified.\n")
    (root / "claims" / "contact.txt").write_text(f"Reply to {EMAIL} about the claim.\n")
    (root / "brochure.txt").write_text("Call us on weekdays. Our office opens at nine.\n")
    return root


def run_cli(*args: str) -> tuple[int, str, str]:
    """``insurescan ARGS`` through ``main``, so error mapping (exit 2) is what users get:
    exit code, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    old = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        code = main(list(args))
    finally:
        sys.stdout, sys.stderr = old
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def cli() -> Callable[..., tuple[int, str, str]]:
    return run_cli
