"""Fixtures for the scheduled-job tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from .helpers import ssn_line


@pytest.fixture
def share(tmp_path: Path) -> Path:
    root = tmp_path / "share"
    (root / "claims").mkdir(parents=True)
    (root / "claims" / "a.txt").write_text("Claim notes\n" + ssn_line("a"))
    (root / "claims" / "b.txt").write_text(ssn_line("b"))
    (root / "c.txt").write_text("Insured " + ssn_line("c"))
    (root / "clean.txt").write_text("Nothing personal here.\n")
    return root
