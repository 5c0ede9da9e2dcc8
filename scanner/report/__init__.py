"""Renderers: turn a result set (from a scan or from the inventory) into a report.

Reports never scan and never import detection. Each format is one function
``render_<fmt>(data, out, reveal)`` registered in ``RENDERERS``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from scanner.report.data import FileSummary, ReportData
from scanner.report.formats import (
    render_csv,
    render_json,
    render_jsonl,
    render_sarif,
    render_summary,
    render_table,
)
from scanner.report.html import render_html

RENDERERS: dict[str, Callable[[ReportData, TextIO, bool], None]] = {
    "table": render_table,
    "summary": render_summary,
    "json": render_json,
    "jsonl": render_jsonl,
    "csv": render_csv,
    "sarif": render_sarif,
    "html": render_html,
}

__all__ = ["RENDERERS", "FileSummary", "ReportData", "render"]


def render(fmt: str, data: ReportData, out: TextIO, reveal: bool = False) -> None:
    RENDERERS[fmt](data, out, reveal)
