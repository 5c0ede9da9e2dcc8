"""Job files: ``job init`` writes one that runs; a bad one is refused with exit 2 and one line
naming the setting, before anything is scanned or written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from scanner.job import load_job

from .helpers import invoke, write_job

# fmt: off
BAD = [
    # (name, extra top-level TOML, overrides for write_job, expected words in the message)
    ("unknown key",        'exlude = ["*.tmp"]\n',                     {},  ["exlude", "did you mean 'exclude'"]),
    ("bad glob",           'include = ["claims/[abc"]\n',              {},  ["include[0]", "unclosed '['"]),
    ("absolute glob",      'exclude = ["/tmp/*"]\n',                   {},  ["exclude[0]", "relative to a root"]),
    ("unreachable db",     "",  {"database": "postgresql+psycopg://nobody@127.0.0.1:9/none"}, ["database", "cannot open"]),
    ("unwritable reports", "",  {"reports": "BLOCKER/reports"},            ["reports", "cannot write"]),
    ("missing root",       "",  {"root": "no-such-folder"},                ["roots[0]", "no such file"]),
    ("unknown format",     'formats = ["pdf"]\n',                      {},  ["formats[0]", "unknown format"]),
    ("unknown entity",     "[alerts]\nentities = [\"US_SSNN\"]\n",      {},  ["alerts.entities[0]", "US_SSNN"]),
    ("bad retention",      "[[retention]]\ndays = 0\n",                {},  ["retention[0].days"]),
    ("unknown nested key", "[governance]\nallowed_owner = []\n",       {},  ["governance.allowed_owner", "did you mean"]),
    ("not toml",           "roots = [\n",                              {},  ["not valid TOML"]),
]
# fmt: on


@pytest.mark.parametrize(("name", "extra", "over", "words"), BAD, ids=[b[0] for b in BAD])
def test_bad_job_exits_2_before_scanning(
    tmp_path: Path, share: Path, name: str, extra: str, over: dict[str, str], words: list[str]
) -> None:
    blocker = tmp_path / "BLOCKER"
    blocker.write_text("a file where a folder should be")
    db = over.get("database", str(tmp_path / "inv.db"))
    reports = (
        Path(over["reports"].replace("BLOCKER", str(blocker))) if "reports" in over else tmp_path / "reports"
    )
    root = tmp_path / over["root"] if "root" in over else share
    job = write_job(tmp_path / "nightly.toml", root, db, reports)
    text = job.read_text()
    if name == "not toml":
        job.write_text(extra)
    elif extra.startswith("formats"):
        job.write_text(text.replace('formats = ["html", "summary"]\n', extra))
    elif extra.startswith("["):
        job.write_text(text + extra)  # a table goes after the top-level keys
    else:
        job.write_text(extra + text)
    code, out, err = invoke("job", "run", str(job))
    assert code == 2, err
    assert err.count("\n") == 1, err  # one line
    for word in words:
        assert word in err, err
    assert out == ""
    # nothing scanned, nothing reported
    if "://" not in db and Path(db).exists():
        engine = sa.create_engine(f"sqlite:///{db}")
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT count(*) FROM scans")).scalar() == 0
        engine.dispose()
    assert not reports.exists() or not any(reports.iterdir())


def test_init_writes_a_job_that_runs(tmp_path: Path, share: Path) -> None:
    job_file = tmp_path / "etc" / "claims-nightly.toml"
    code, _, err = invoke(
        "job", "init", str(job_file), "--root", str(share), "--db", str(tmp_path / "inv.db"),
        "--reports", str(tmp_path / "reports"),
    )  # fmt: skip
    assert code == 0, err
    text = job_file.read_text()
    assert text.count("\n# ") > 5  # commented
    job = load_job(job_file)
    assert job.name == "claims-nightly" and job.roots == (str(share),)
    assert job.policy.retention[0].days == 2555
    # refuses to overwrite
    code, _, err = invoke(
        "job", "init", str(job_file), "--root", str(share), "--db", "x.db", "--reports", "r"
    )
    assert code == 2 and "already exists" in err
    # make it quick, then run it
    job_file.write_text(text.replace('mode = "full"', 'mode = "fast"'))
    code, _, err = invoke("job", "run", str(job_file))
    assert code == 1, err  # the first run finds everything new
    assert "job claims-nightly run 1" in err
    doc = json.loads((tmp_path / "reports" / "claims-nightly-latest.summary.json").read_text())
    assert doc["delta"]["summary"]["new_findings"] == 3
