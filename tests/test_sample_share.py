"""The whole sample share through the CLI: every file read, every format yields
findings, a re-scan reads nothing, and no raw value reaches the inventory's
bytes, any report, or the logs."""

from __future__ import annotations

import json
import logging
import shutil
import sys
from pathlib import Path

import pytest

from scanner.cli import main

ROOT = Path(__file__).resolve().parent.parent
SHARE = ROOT / "fixtures" / "share"
LABELS = ROOT / "fixtures" / "share.labels.jsonl"
NO_PII = {
    "brochures/homeowners-brochure.pdf",
    "brochures/auto-faq.txt",
    "wordings/ho3-policy-wording.md",
    "web/contact-us.html",
    "policies/wordings/personal-auto-policy-wording.docx",
}


def _raw_values() -> set[str]:
    """Labelled values long enough that finding one by chance in a report is impossible."""
    values = set()
    for line in LABELS.read_text().splitlines():
        for item in json.loads(line)["pii"]:
            v = item["value"]
            if len(v) >= 8 and sum(ch.isalnum() for ch in v) >= 7:
                values.add(v)
    return values


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    tmp = tmp_path_factory.mktemp("sample")
    share = tmp / "share"
    shutil.copytree(SHARE, share)
    db = tmp / "inv.db"
    out = {}
    handler = _Capture()
    logging.getLogger().addHandler(handler)
    old_level = logging.getLogger().level
    logging.getLogger().setLevel(logging.DEBUG)
    try:
        code = main(["scan", str(share), "--db", str(db), "-f", "json", "-o", str(tmp / "first.json"), "-q"])
        out["first_code"] = code
        out["first"] = json.loads((tmp / "first.json").read_text())
        code = main(["scan", str(share), "--db", str(db), "-f", "json", "-o", str(tmp / "second.json"), "-q"])
        out["second"] = json.loads((tmp / "second.json").read_text())
        for fmt in ("table", "jsonl", "csv", "sarif"):
            main(["report", "--db", str(db), "-f", fmt, "-o", str(tmp / f"report.{fmt}")])
    finally:
        logging.getLogger().removeHandler(handler)
        logging.getLogger().setLevel(old_level)
    out["tmp"], out["share"], out["logs"] = tmp, share, handler.text
    return out


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@pytest.mark.slow
def test_every_file_read_and_every_format_finds_something(scanned: dict[str, object]) -> None:
    first = scanned["first"]
    share = scanned["share"]
    assert scanned["first_code"] == 1
    files = {str(Path(f["path"]).relative_to(share)): f for f in first["files"]}  # type: ignore[index]
    assert len(files) == len(list(SHARE.rglob("*.*")))
    bad = {p: (f["status"], f["reason"]) for p, f in files.items() if f["status"] != "ok"}
    assert bad == {}
    by_file: dict[str, int] = {}
    for finding in first["findings"]:  # type: ignore[index]
        top = str(Path(finding["path"].split("!")[0]).relative_to(share))
        by_file[top] = by_file.get(top, 0) + 1
    for rel in files:
        if rel not in NO_PII:
            assert by_file.get(rel, 0) > 0, f"no findings in {rel}"
    exts = {Path(p).suffix for p in files if p not in NO_PII}
    assert {Path(p).suffix for p in by_file} == exts


@pytest.mark.slow
def test_rescan_reads_nothing(scanned: dict[str, object]) -> None:
    second = scanned["second"]
    assert second["summary"]["by_status"] == {"unchanged": len(list(SHARE.rglob("*.*")))}  # type: ignore[index]
    assert second["summary"]["findings"] == scanned["first"]["summary"]["findings"]  # type: ignore[index]


@pytest.mark.slow
def test_no_raw_value_in_inventory_reports_or_logs(scanned: dict[str, object]) -> None:
    tmp: Path = scanned["tmp"]  # type: ignore[assignment]
    blobs = {p.name: p.read_bytes() for p in tmp.iterdir() if p.is_file()}
    assert any(name.startswith("inv.db") for name in blobs)
    assert {"report.table", "report.jsonl", "report.csv", "report.sarif", "first.json"} <= set(blobs)
    logs = scanned["logs"]
    leaks = []
    for value in _raw_values():
        needle = value.encode()
        leaks += [(name, value[:2] + "…") for name, data in blobs.items() if needle in data]
        leaks += [("logs", value[:2] + "…")] if value in logs else []  # type: ignore[operator]
    assert leaks == []
    # the check is meaningful: the reports do carry masked forms of those findings
    assert b"***-**-" in blobs["report.jsonl"]


def test_python_m_scanner_help() -> None:
    import subprocess

    proc = subprocess.run(
        [sys.executable, "-m", "scanner", "--help"], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0 and "scan" in proc.stdout
