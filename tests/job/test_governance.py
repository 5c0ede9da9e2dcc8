"""Exposure, retention and special-category flags, risk and summaries: from file modes,
owners and ages chosen in the test, through a real job run."""

from __future__ import annotations

import collections
import os
import time
from pathlib import Path

import pytest

from recognizers.catalogue import CATALOGUE
from scanner.governance import FileFacts, Policy, RetentionRule, assess, file_flags

from .helpers import invoke, ssn_line, summary, write_job

DAY = 86400.0
NOW = 1_800_000_000.0


def _facts(
    path: str, mode: int = 0o600, age_days: float = 0, owner: str = "claims", **entities: int
) -> FileFacts:
    return FileFacts(
        path=f"/srv/share/{path}", root="/srv/share", owner=owner, mode=mode, mtime=NOW - age_days * DAY,
        entities=collections.Counter(entities or {"US_SSN": 1}),
    )  # fmt: skip


# fmt: off
FLAG_CASES = [
    # facts,                                                         policy,                        expected flags
    (_facts("a.txt", mode=0o644),                                    Policy(),                      {"exposed"}),
    (_facts("a.txt", mode=0o640),                                    Policy(),                      {"exposed"}),
    (_facts("a.txt", mode=0o640),                                    Policy(group_readable_ok=True), set()),
    (_facts("a.txt", mode=0o600),                                    Policy(),                      set()),
    (_facts("a.txt", owner="mallory"),                               Policy(allowed_owners=("claims",)), {"exposed"}),
    (_facts("a.txt", age_days=400),                                  Policy(retention=(RetentionRule(365),)), {"retention"}),
    (_facts("a.txt", age_days=300),                                  Policy(retention=(RetentionRule(365),)), set()),
    (_facts("tmp/a.txt", age_days=40),                               Policy(retention=(RetentionRule(2555), RetentionRule(30, folder="tmp"))), {"retention"}),
    (_facts("keep/a.txt", age_days=40),                              Policy(retention=(RetentionRule(30, folder="tmp"),)), set()),
    (_facts("a.txt", age_days=40, CREDIT_CARD=1),                    Policy(retention=(RetentionRule(30, entity="CREDIT_CARD"),)), {"retention"}),
    (_facts("a.txt", age_days=40),                                   Policy(retention=(RetentionRule(30, entity="CREDIT_CARD"),)), set()),
    (_facts("a.txt", ICD10_CODE=2, PERSON=1),                        Policy(),                      {"special_category"}),
    (_facts("a.txt", ICD10_CODE=2),                                  Policy(),                      set()),
]
# fmt: on


@pytest.mark.parametrize(("facts", "policy", "expected"), FLAG_CASES)
def test_file_flags(facts: FileFacts, policy: Policy, expected: set[str]) -> None:
    assert set(file_flags(facts, policy, NOW)) == expected


def test_risk_ranks_flags_and_summaries_follow_the_catalogue() -> None:
    files = [
        _facts("claims/open.txt", mode=0o644, ICD10_CODE=1, US_SSN=1),
        _facts("claims/closed.txt", US_SSN=1),
        _facts("hr/x/y/deep.txt", mode=0o600, CREDIT_CARD=3),
        FileFacts(path="/srv/share/clean.txt", root="/srv/share"),  # no personal data: not assessed
    ]
    a = assess(files, Policy(folder_depth=1), NOW)
    assert [r.facts.path.rsplit("/", 1)[1] for r in a.files] == ["open.txt", "deep.txt", "closed.txt"]
    assert a.files[0].flags.keys() == {"exposed", "special_category"}
    regimes = {b.name: b for b in a.by_regime}
    for entity in ("US_SSN", "ICD10_CODE", "CREDIT_CARD"):
        for regime in CATALOGUE[entity].regimes:
            assert entity in regimes[regime].entities
    assert regimes["GDPR Art. 9"].files == 1  # only the file with a diagnosis code
    folders = {b.name: (b.files, b.findings) for b in a.by_folder}
    assert folders == {"/srv/share/claims": (2, 3), "/srv/share/hr": (1, 3)}


def test_flags_from_modes_owners_and_mtimes_in_a_job(tmp_path: Path) -> None:
    root = tmp_path / "share"
    (root / "tmp").mkdir(parents=True)
    now = time.time()
    plan = {
        # name: (mode, age in days, text)
        "world.txt": (0o644, 0, ssn_line("a")),
        "group.txt": (0o640, 0, ssn_line("b")),
        "private.txt": (0o600, 0, ssn_line("c")),
        "old.txt": (0o600, 400, ssn_line("e")),
        "tmp/scratch.txt": (0o600, 40, ssn_line("f")),
        "clean-but-open.txt": (0o666, 900, "Nothing personal here.\n"),
    }
    for name, (mode, age, text) in plan.items():
        p = root / name
        p.write_text(text)
        os.chmod(p, mode)
        os.utime(p, (now - age * DAY, now - age * DAY))
    extra = (
        "[governance]\nallowed_owners = []\n"
        "[[retention]]\ndays = 365\n"
        '[[retention]]\ndays = 30\nfolder = "tmp"\n'
        '[alerts]\nflags = ["exposed"]\n'
    )
    reports = tmp_path / "reports"
    job = write_job(tmp_path / "gov.toml", root, str(tmp_path / "inv.db"), reports, extra)
    code, _, err = invoke("job", "run", str(job))
    assert code == 1, err  # new SSNs in exposed files alert
    doc = summary(reports, "gov", 1)
    flags = {f["path"].removeprefix(str(root) + "/"): set(f["flags"]) for f in doc["riskiest_files"]}
    assert flags == {
        "world.txt": {"exposed"},
        "group.txt": {"exposed"},
        "private.txt": set(),
        "old.txt": {"retention"},
        "tmp/scratch.txt": {"retention"},
    }
    reasons = {f["path"].rsplit("/", 1)[1]: f["flags"] for f in doc["riskiest_files"]}
    assert reasons["world.txt"]["exposed"] == "world-readable (mode 0644)"
    assert "rule 30 days (folder tmp)" in reasons["scratch.txt"]["retention"]
    assert doc["governance"]["flags"] == {"exposed": 2, "retention": 2, "special_category": 0}
    assert [a["path"].rsplit("/", 1)[1] for a in doc["alerts"]] == ["group.txt", "world.txt"]
    # An owner outside the allowed set exposes even a 0600 file.
    if os.geteuid() == 0:
        os.chown(root / "private.txt", 54321, -1)
        job.write_text(job.read_text().replace("allowed_owners = []", 'allowed_owners = ["root"]'))
        code, _, err = invoke("job", "run", str(job))
        assert code == 0, err  # nothing new, so nothing to alert on
        doc = summary(reports, "gov", 2)
        by_name = {f["path"].rsplit("/", 1)[1]: f["flags"] for f in doc["riskiest_files"]}
        assert by_name["private.txt"] == {"exposed": "owner 54321 is not an allowed owner"}
