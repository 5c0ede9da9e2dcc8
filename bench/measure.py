"""Timing and memory of a command's whole process tree, read from /proc."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_rss: int  # bytes, summed over the process and all its descendants
    returncode: int
    timed_out: bool = False


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            text = (task / "children").read_text()
            out.extend(int(c) for c in text.split())
    except OSError:
        pass
    return out


def tree_rss(pid: int) -> int:
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
                    break
        except OSError:
            continue
        stack.extend(_children(p))
    return total


def run_measured(
    cmd: list[str],
    env: dict[str, str] | None = None,
    cwd: str | None = None,
    timeout: float | None = None,
) -> Run:
    """Run ``cmd``; wall time and the peak RSS of its process tree (sampled every 50 ms).

    With ``timeout``, the command's process group is stopped after that many seconds and the
    run is marked ``timed_out`` (its peak RSS is then the peak up to that moment).
    """
    peak = 0
    t0 = time.perf_counter()
    # A session of its own, so a timeout can stop the workers too, and only them.
    proc = subprocess.Popen(
        cmd,
        env={**os.environ, **(env or {})},
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss(proc.pid))
            done.wait(0.05)

    t = threading.Thread(target=sample, daemon=True)
    t.start()
    timed_out = False
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        os.killpg(proc.pid, signal.SIGKILL)
        _, err = proc.communicate()
    elapsed = time.perf_counter() - t0
    done.set()
    t.join()
    if not timed_out and proc.returncode not in (0, 1):
        raise RuntimeError(f"{cmd[:3]} failed ({proc.returncode}): {err.decode(errors='replace')[-2000:]}")
    return Run(elapsed, peak, proc.returncode, timed_out)
