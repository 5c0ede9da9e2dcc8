"""The cyclic garbage collector's settings for a process that scans.

A scan allocates container objects by the million (match results, findings, their
locations) and keeps many alive: the loaded engine (spaCy's vocabulary, the compiled
patterns) for the whole run, and in the parent every finding until the report is
written. CPython's default thresholds (700, 10, 10) start a full collection about every
70,000 net allocations, whenever the objects that survived the young generations since the
last one reach a quarter of those it kept, and each full collection walks every live object
again. Measured on a quarter of the benchmark
corpus (``make bench``'s generator, 137,000 findings), the collector took 2.1-2.6 s of
a 20 s one-process fast scan; in the parent of a two-worker scan of the whole corpus,
which only receives findings and writes the report, 3.3 s of its 9.5 s.

So a process that scans raises the young generation's threshold (a collection per
10,000 net allocations: the same objects are visited about as often in the young
generations, the old one is walked a fourteenth as often) and, once its engine is
loaded, freezes what exists: those objects live until the process ends and never need
visiting again. Our hot paths make no reference cycles, so nothing collectable waits
longer than a young collection; cycles made elsewhere (a traceback, a parser's tree)
are still found by the next full collection.

Only process entry points call ``tune`` (the ``insurescan`` program, a worker): a program that
imports insurescan as a library keeps its own collector settings.
"""

from __future__ import annotations

import gc

YOUNG_THRESHOLD = 10_000
_tuned = False


def tune() -> None:
    """Set this process's thresholds for scanning; ``freeze_loaded`` then takes effect."""
    global _tuned
    gc.set_threshold(YOUNG_THRESHOLD, 10, 10)
    _tuned = True


def freeze_loaded() -> None:
    """Move every object alive now (a freshly loaded engine) out of the collector's sight,
    after collecting what loading left behind. Does nothing unless ``tune`` was called."""
    if _tuned:
        gc.collect()
        gc.freeze()
