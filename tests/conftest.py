"""Shared fixtures. Every test gets its own fingerprint key file, so no test
touches the user's real key and fingerprints are stable within a test."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _key_file(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path_factory.mktemp("key") / "fingerprint.key"
    monkeypatch.setenv("INSURESCAN_KEY_FILE", str(path))
    return path
