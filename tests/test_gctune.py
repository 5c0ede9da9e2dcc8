"""The collector settings of a scanning process: set by the process entry points only, and
the loaded engine frozen once tuned (``scanner/gctune.py``)."""

from __future__ import annotations

import gc
import subprocess
import sys
from collections.abc import Iterator

import pytest

from scanner import gctune
from scanner.config import Config
from scanner.pipeline import ScanStats, _Runner


@pytest.fixture
def restored_gc() -> Iterator[None]:
    """This test process's collector as it was: thresholds, frozen objects, the module flag."""
    thresholds, tuned = gc.get_threshold(), gctune._tuned
    yield
    gc.set_threshold(*thresholds)
    gc.unfreeze()
    gctune._tuned = tuned


def test_freeze_does_nothing_in_a_process_that_was_not_tuned(restored_gc: None) -> None:
    gctune._tuned = False
    before = gc.get_freeze_count()
    gctune.freeze_loaded()
    assert gc.get_freeze_count() == before


def test_tuned_process_freezes_what_is_loaded_and_only_that(restored_gc: None) -> None:
    gctune.tune()
    assert gc.get_threshold() == (gctune.YOUNG_THRESHOLD, 10, 10)
    loaded = [[i] for i in range(5_000)]  # containers alive before the freeze
    gctune.freeze_loaded()
    frozen = gc.get_freeze_count()
    assert frozen >= len(loaded)
    later = [[i] for i in range(5_000)]
    assert gc.get_freeze_count() == frozen  # made after the freeze: still collectable
    assert gc.is_tracked(later[0])


def test_the_program_tunes_its_process_and_a_caller_of_main_keeps_its_own() -> None:
    code = (
        "import gc, sys\n"
        "from scanner.cli import main\n"
        "before = gc.get_threshold()\n"
        "sys.argv = ['insurescan', '--version']\n"
        "main()\n"
        "print(before[0], gc.get_threshold()[0], file=sys.stderr)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stderr.split() == ["700", str(gctune.YOUNG_THRESHOLD)]
    embedded = code.replace("sys.argv = ['insurescan', '--version']\nmain()", "main(['--version'])")
    run = subprocess.run([sys.executable, "-c", embedded], capture_output=True, text=True, check=True)
    assert run.stderr.split() == ["700", "700"]


def test_a_worker_process_is_tuned_and_has_its_engine_frozen() -> None:
    runner = _Runner(Config(mode="fast", workers=2), b"k" * 32, False, ScanStats())
    try:
        pool = runner.pool()
        assert pool.submit(gc.get_threshold).result() == (gctune.YOUNG_THRESHOLD, 10, 10)
        # The engine's objects (spaCy's vocabulary, compiled patterns) are tens of thousands.
        assert pool.submit(gc.get_freeze_count).result() > 50_000
    finally:
        runner.close()
