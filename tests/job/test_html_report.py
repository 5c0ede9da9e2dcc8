"""The HTML report, rendered by a real headless Chromium (Debian's ``chromium``): the page
shows the expected totals, runs no script, and shows hostile file names as text."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

from .helpers import SSN, invoke, ssn_line, write_job

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
HOSTILE = "<script>alert(1)</script>.txt"  # a directory "<script>alert(1)<" holding "script>.txt"


class _Page(HTMLParser):
    """What a reader sees: the text of each element with an id, the cells, the script tags."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts = 0
        self.svgs = 0
        self.text_by_id: dict[str, str] = {}
        self.cells: list[str] = []
        self._open: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.scripts += tag == "script"
        self.svgs += tag == "svg"
        ident = dict(attrs).get("id")
        self._open.append((tag, ident))
        if ident:
            self.text_by_id.setdefault(ident, "")
        if tag == "td":
            self.cells.append("")

    def handle_endtag(self, tag: str) -> None:
        while self._open:
            if self._open.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        for _, ident in self._open:
            if ident:
                self.text_by_id[ident] += data
        if any(t == "td" for t, _ in self._open) and self.cells:
            self.cells[-1] += data

    def total(self, key: str) -> str:
        return self.text_by_id[f"total-{key}"]


def _chromium(url: str, *extra: str) -> str:
    profile = tempfile.mkdtemp(prefix="insurescan-chromium-")
    try:
        proc = subprocess.run(
            [
                CHROMIUM or "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", f"--user-data-dir={profile}", *extra, url,
            ],
            capture_output=True, text=True, timeout=90, check=True,
        )  # fmt: skip
        return proc.stdout
    finally:
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def reported(tmp_path: Path) -> Path:
    root = tmp_path / "share"
    (root / "claims").mkdir(parents=True)
    (root / "claims" / "a.txt").write_text(ssn_line("a"))
    hostile = root / HOSTILE
    hostile.parent.mkdir()
    hostile.write_text(ssn_line("b"))
    (root / "clean.txt").write_text("Nothing personal here.\n")
    (root / "link.txt").symlink_to(root / "clean.txt")  # not followed: listed as not read
    for p in (root / "claims" / "a.txt", hostile, root / "clean.txt"):
        os.chmod(p, 0o600)
    os.chmod(root / "claims" / "a.txt", 0o644)
    reports = tmp_path / "reports"
    job = write_job(tmp_path / "nightly.toml", root, str(tmp_path / "inv.db"), reports)
    code, _, err = invoke("job", "run", str(job))
    assert code == 1, err
    return reports / "nightly-1.html"


@pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install -y chromium)"
)
def test_chromium_shows_the_totals_and_no_script(reported: Path, tmp_path: Path) -> None:
    html = reported.read_text()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert not any(v in html for v in SSN.values())

    dom = _chromium(reported.as_uri(), "--dump-dom")
    page = _Page()
    page.feed(dom)
    assert page.scripts == 0  # the hostile name did not become an element
    assert page.svgs == 3  # entity, regime, folder charts
    assert page.total("files") == "Files in scope4"
    assert page.total("files-with-pd").endswith("2")
    assert page.total("findings").endswith("2")
    assert page.total("new").endswith("2")
    assert page.total("exposed").endswith("1")
    assert page.total("unreadable").endswith("1")
    assert page.total("alerts").endswith("2")
    assert any(cell.endswith(HOSTILE) for cell in page.cells)
    assert "***-**-" + SSN["b"][-4:] in page.text_by_id["riskiest"]
    assert "symbolic link not followed" in page.text_by_id["unreadable"]
    assert "world-readable (mode 0644)" in page.text_by_id["riskiest"]

    shot = tmp_path / "page.png"
    _chromium(reported.as_uri(), f"--screenshot={shot}", "--window-size=1280,1600")
    assert shot.stat().st_size > 20_000  # a rendered page, not a blank one


def test_report_and_scan_render_html_too(reported: Path, tmp_path: Path) -> None:
    db = str(reported.parent.parent / "inv.db")
    out = tmp_path / "again.html"
    code, _, err = invoke("report", "--db", db, "--run", "1", "--format", "html", "--output", str(out))
    assert code == 1, err
    text = out.read_text()
    assert 'id="total-findings" data-total="findings"><dt>Findings</dt><dd>2</dd>' in text
    assert "nightly, run 1" in text and "&lt;script&gt;" in text
    code, stdout, _ = invoke(
        "scan", str(reported.parent.parent / "share"), "--no-db", "--mode", "fast", "-f", "html"
    )
    assert code == 1 and stdout.startswith("<!DOCTYPE html>") and "Not assessed here" in stdout
