"""The command line as users meet it: CliRunner for the options and exit codes,
and real subprocesses for ``python -m scanner`` and privilege-dropped runs."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scanner.cli import app

SSN = "412-67-3391"
runner = CliRunner()


@pytest.fixture()
def share(tmp_path: Path) -> Path:
    root = tmp_path / "share"
    root.mkdir()
    (root / "note.txt").write_text(f"Insured SSN: {SSN}\n")
    (root / "clean.txt").write_text("Nothing personal here.\n")
    return root


def test_exit_codes(share: Path, tmp_path: Path, cli: Callable[..., tuple[int, str, str]]) -> None:
    db = str(tmp_path / "inv.db")
    code, out, _ = cli("scan", str(share / "clean.txt"), "--db", db, "-q")
    assert code == 0
    code, out, _ = cli("scan", str(share), "--db", db, "-q")
    assert code == 1
    assert "***-**-3391" in out and SSN not in out
    code, _, err = cli("scan", str(tmp_path / "missing"), "--db", db)
    assert code == 2 and "no such file" in err
    code, _, err = cli("scan", str(share), "--entities", "NOT_AN_ENTITY", "--db", db)
    assert code == 2 and "unknown entity" in err
    code, _, err = cli("scan", str(share), "--format", "yaml", "--db", db)
    assert code == 2


def test_formats(share: Path, tmp_path: Path, cli: Callable[..., tuple[int, str, str]]) -> None:
    db = str(tmp_path / "inv.db")
    for fmt in ("json", "jsonl", "csv", "sarif", "table"):
        out_file = tmp_path / f"r.{fmt}"
        code, _, _ = cli("scan", str(share), "--db", db, "-f", fmt, "-o", str(out_file), "-q", "--full")
        assert code == 1
        body = out_file.read_text()
        assert SSN not in body and "***-**-3391" in body
    doc = json.loads((tmp_path / "r.json").read_text())
    assert doc["summary"]["by_entity"]["US_SSN"] == 1
    finding = json.loads((tmp_path / "r.jsonl").read_text().splitlines()[0])
    assert set(finding) == {
        "path", "entity_type", "score", "start", "end", "location", "recognizer", "masked", "fingerprint"
    }  # fmt: skip
    assert finding["path"] == str(share / "note.txt") and finding["location"] == {"line": 1}
    rows = list(csv.DictReader(io.StringIO((tmp_path / "r.csv").read_text())))
    assert rows[0]["entity_type"] == "US_SSN" and rows[0]["location"] == "line 1"
    sarif = json.loads((tmp_path / "r.sarif").read_text())
    assert sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 1


def test_summary_format_one_row_per_file(
    share: Path, tmp_path: Path, cli: Callable[..., tuple[int, str, str]]
) -> None:
    with zipfile.ZipFile(share / "bundle.zip", "w") as zf:
        zf.writestr("inner/member.txt", f"Claimant SSN {SSN}\n")
    code, out, _ = cli("scan", str(share), "--no-db", "-f", "summary", "-q")
    assert code == 1
    assert SSN not in out
    rows = {line.split("│")[1].strip(): line for line in out.splitlines() if line.startswith("│ /")}
    assert "US_SSN 1" in rows[str(share / "note.txt")]
    assert "US_SSN 1" in rows[str(share / "bundle.zip")]  # members count towards their archive
    assert "US_SSN 1" not in rows[str(share / "clean.txt")]
    assert "3 files, 2 findings, 3 ok" in out


def test_reveal_only_when_asked(
    share: Path, tmp_path: Path, cli: Callable[..., tuple[int, str, str]]
) -> None:
    out_file = tmp_path / "r.jsonl"
    code, _, _ = cli("scan", str(share), "--no-db", "-f", "jsonl", "-o", str(out_file), "--reveal", "-q")
    assert code == 1
    assert json.loads(out_file.read_text().splitlines()[0])["text"] == SSN
    assert oct(out_file.stat().st_mode & 0o777) == "0o600"


def test_rescan_says_unchanged(share: Path, tmp_path: Path, cli: Callable[..., tuple[int, str, str]]) -> None:
    db = str(tmp_path / "inv.db")
    cli("scan", str(share), "--db", db, "-q")
    code, out, err = cli("scan", str(share), "--db", db, "-f", "json")
    assert code == 1
    assert "2 unchanged" in err
    assert json.loads(out)["summary"]["findings"] == 1


def test_report_from_inventory(share: Path, tmp_path: Path, cli: Callable[..., tuple[int, str, str]]) -> None:
    db = str(tmp_path / "inv.db")
    cli("scan", str(share), "--db", db, "-q")
    code, out, _ = cli("report", "--db", db, "-f", "json")
    assert code == 1
    assert json.loads(out)["summary"]["by_entity"] == {"US_SSN": 1}
    code, _, err = cli("report", "--db", str(tmp_path / "none.db"))
    assert code == 2 and "no inventory" in err


def test_config_errors_exit_2(share: Path, tmp_path: Path, cli: Callable[..., tuple[int, str, str]]) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text("min_scroe = 1\n")
    code, _, err = cli("scan", str(share), "--config", str(cfg), "--no-db")
    assert code == 2 and "min_scroe" in err
    assert err.count("\n") == 1  # one line, no traceback


def test_entities_lists_catalogue() -> None:
    result = runner.invoke(app, ["entities", "--format", "json"])
    assert result.exit_code == 0
    names = {row["entity"] for row in json.loads(result.stdout)}
    assert {"US_SSN", "POLICY_NUMBER", "ICD10_CODE", "NDC_CODE", "PERSON"} <= names


def test_help_and_version() -> None:
    assert runner.invoke(app, ["--version"]).exit_code == 0
    result = runner.invoke(app, ["scan", "--help"])
    assert result.exit_code == 0 and "--reveal" in result.stdout


@pytest.fixture()
def world_readable_tmp() -> Iterator[Path]:
    d = Path(tempfile.mkdtemp(prefix="insurescan-"))
    d.chmod(0o755)
    yield d
    shutil.rmtree(d, ignore_errors=True)


@pytest.mark.slow
def test_subprocess_and_unreadable_file(world_readable_tmp: Path) -> None:
    """``python -m scanner`` in a real process; as root, drop to ``nobody`` so that
    a mode-000 file really is unreadable."""
    root = world_readable_tmp / "share"
    root.mkdir()
    (root / "note.txt").write_text(f"SSN: {SSN}\n")
    locked = root / "locked.txt"
    locked.write_text(f"SSN: {SSN}\n")
    locked.chmod(0)
    out = world_readable_tmp / "out"
    out.mkdir()
    os.chmod(out, 0o777)
    env = {**os.environ, "INSURESCAN_KEY_FILE": str(out / "key"), "HOME": str(out)}
    cmd = [
        sys.executable,
        "-m",
        "scanner",
        "scan",
        str(root),
        "--db",
        str(out / "inv.db"),
        "-f",
        "json",
        "-q",
    ]
    if os.geteuid() == 0:
        if not shutil.which("setpriv"):
            pytest.skip("setpriv is needed to drop privileges")
        cmd = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", *cmd]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=str(out), timeout=300)
    assert proc.returncode == 1, proc.stderr
    doc = json.loads(proc.stdout)
    statuses = {Path(f["path"]).name: (f["status"], f["reason"]) for f in doc["files"]}
    assert statuses["note.txt"][0] == "ok"
    assert statuses["locked.txt"] == ("error", "permission denied") or "Permission" in str(
        statuses["locked.txt"]
    )
    assert SSN not in proc.stdout + proc.stderr


def test_output_to_a_fifo_writes_in_place(
    share: Path, tmp_path: Path, cli: Callable[..., tuple[int, str, str]]
) -> None:
    """``-o /dev/null`` or a pipe must be written to, not replaced by a regular file."""
    import stat
    import threading

    fifo = tmp_path / "report.pipe"
    os.mkfifo(fifo)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text()))
    reader.start()
    code, _, _ = cli("scan", str(share), "--no-db", "-f", "json", "-o", str(fifo), "-q")
    reader.join(timeout=60)
    assert code == 1
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert json.loads(received[0])["summary"]["by_entity"] == {"US_SSN": 1}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.pipe", "share"]
