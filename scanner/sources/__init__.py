"""Where files come from. A source yields ``FileRef``s (and ``WalkIssue``s for
entries it will not hand over); it never reads file contents."""

from scanner.sources.local import WalkIssue, walk

__all__ = ["WalkIssue", "walk"]
