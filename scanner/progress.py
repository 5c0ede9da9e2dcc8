"""A progress display on stderr for interactive runs; a no-op otherwise."""

from __future__ import annotations

from types import TracebackType

from rich.console import Console
from rich.progress import Progress as RichProgress
from rich.progress import SpinnerColumn, TextColumn, TimeElapsedColumn


class Progress:
    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self._progress: RichProgress | None = None
        self._task: int | None = None
        self.count = 0

    def __enter__(self) -> Progress:
        if self.enabled:
            self._progress = RichProgress(
                SpinnerColumn(),
                TextColumn("{task.completed} files"),
                TimeElapsedColumn(),
                TextColumn("{task.description}", style="dim"),
                console=Console(stderr=True),
                transient=True,
            )
            self._progress.__enter__()
            self._task = self._progress.add_task("", total=None)
        return self

    def advance(self, path: str) -> None:
        self.count += 1
        if self._progress is not None and self._task is not None:
            # Paths are shown, never values.
            self._progress.update(self._task, advance=1, description=path[-60:])

    def __exit__(
        self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._progress is not None:
            self._progress.__exit__(et, ev, tb)
