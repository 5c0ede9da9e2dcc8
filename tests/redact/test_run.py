"""A run as a whole: safety rules, failing closed, the manifest, profiles, the command line."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from scanner.cli import main
from scanner.config import Config, config_from_dict
from scanner.errors import ConfigError
from scanner.redact import MANIFEST_NAME, resolve_policy
from scanner.redact.dispatch import WRITERS
from tests.redact.conftest import EMAIL, FORBIDDEN, NAME, POLICY, SSN, leaks

TEXT = f"Claimant {NAME}, SSN {SSN}, policy {POLICY}, e-mail {EMAIL}.\nThe roof was damaged by hail.\n"


def _tree(root: Path) -> Path:
    (root / "claims" / "2024").mkdir(parents=True)
    (root / "claims" / "2024" / "note.txt").write_text(TEXT)
    (root / "claims" / "list.csv").write_text(f"name,ssn,amount\n{NAME},{SSN},1200\n")
    (root / "legacy.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    return root


def _hashes(root: Path) -> dict[str, str]:
    return {
        str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_tree_is_mirrored_originals_untouched_unsupported_listed(run, tmp_path: Path) -> None:
    src = _tree(tmp_path / "share")
    before = _hashes(src)
    result, out = run(src)
    assert _hashes(src) == before
    by_name = {f.source: f for f in result.files}
    assert by_name["claims/2024/note.txt"].status == "written"
    assert (out / "claims" / "2024" / "note.txt").exists() and (out / "claims" / "list.csv").exists()
    legacy = by_name["legacy.doc"]
    assert legacy.status == "unsupported" and legacy.output is None and legacy.reason
    assert not (out / "legacy.doc").exists()  # not copied
    assert result.exit_code == 1  # something could not be redacted: say so
    copy = (out / "claims" / "2024" / "note.txt").read_text()
    assert leaks(copy) == [] and "The roof was damaged by hail." in copy


def test_manifest_records_hashes_counts_operator_and_no_values(run, tmp_path: Path) -> None:
    src = _tree(tmp_path / "share")
    result, out = run(src, operator="mask")
    raw = (out / MANIFEST_NAME).read_text()
    assert leaks(raw) == [] and "1947" not in raw
    manifest = json.loads(raw)
    note = next(f for f in manifest["files"] if f["source"] == "claims/2024/note.txt")
    assert note["verified"] is True and note["status"] == "written"
    assert note["source_sha256"] == hashlib.sha256((src / "claims/2024/note.txt").read_bytes()).hexdigest()
    assert note["output_sha256"] == hashlib.sha256((out / "claims/2024/note.txt").read_bytes()).hexdigest()
    assert note["counts"]["US_SSN"] == 1 and note["operators"]["US_SSN"] == "mask"
    assert manifest["policy"]["default_operator"] == "mask"
    legacy = next(f for f in manifest["files"] if f["source"] == "legacy.doc")
    assert legacy["status"] == "unsupported" and legacy["reason"] and legacy["output"] is None
    assert manifest["summary"] == {"unsupported": 1, "written": 2}
    assert result.manifest == out / MANIFEST_NAME


def test_output_inside_input_and_existing_outputs_are_refused(run, tmp_path: Path) -> None:
    src = _tree(tmp_path / "share")
    with pytest.raises(ConfigError, match="inside the input"):
        _redact(src, src / "redacted")
    assert not (src / "redacted").exists()
    out = tmp_path / "out"
    _redact(src, out)
    with pytest.raises(ConfigError, match="--force"):
        _redact(src, out)
    _redact(src, out, force=True)  # allowed when asked


def _redact(src: Path, out: Path, **options: object) -> object:
    from scanner.redact import redact

    return redact(src, out, Config(), **options)  # type: ignore[arg-type]


def test_a_broken_writer_fails_closed(run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A writer that forgets to redact: the check catches it, nothing is written, exit code 1."""
    import scanner.redact.writers.text as text_writers

    def lazy(data: bytes, name: str, job: object) -> bytes:
        text_writers.write_text(data, name, job)  # type: ignore[arg-type]  # detects, then drops the result
        return data

    monkeypatch.setattr(text_writers, "write_lazy", lazy, raising=False)
    monkeypatch.setitem(WRITERS, "text", ("text", "write_lazy"))
    src = tmp_path / "note.txt"
    src.write_text(TEXT)
    result, out = run(src)
    f = result.files[0]
    assert f.status == "failed" and not f.verified and f.output is None
    assert "verification failed" in (f.reason or "") and leaks(f.reason or "") == []
    assert not (out / "note.txt").exists()
    assert not [p for p in out.iterdir() if p.name != MANIFEST_NAME]  # no temporary left behind either
    assert result.exit_code == 3
    assert json.loads((out / MANIFEST_NAME).read_text())["files"][0]["verified"] is False


# fmt: off
PROFILE_CASES = [
    # (profile, keep, only, removed, kept)
    (None,        None,        None,        {"PERSON", "US_SSN", "POLICY_NUMBER"}, set()),
    ("reinsurer", None,        None,        {"PERSON", "US_SSN"},                  {"POLICY_NUMBER"}),
    ("auditor",   None,        None,        {"US_SSN"},                            {"PERSON", "POLICY_NUMBER"}),
    (None,        ["PERSON"],  None,        {"US_SSN", "POLICY_NUMBER"},           {"PERSON"}),
    ("auditor",   None,        ["PERSON"],  {"PERSON"},                            {"US_SSN", "POLICY_NUMBER"}),
    ("reinsurer", ["US_SSN"],  None,        {"PERSON"},                            {"US_SSN", "POLICY_NUMBER"}),
]
# fmt: on

PROFILES = config_from_dict(
    {
        "profiles": {
            "reinsurer": {"keep": ["POLICY_NUMBER", "CLAIM_NUMBER"], "operator": "pseudonymize"},
            "auditor": {"remove": ["US_SSN"], "operators": {"US_SSN": "mask"}},
        }
    }
)


@pytest.mark.parametrize(("profile", "keep", "only", "removed", "kept"), PROFILE_CASES)
def test_profiles_keep_and_only(
    profile: str | None, keep: list[str] | None, only: list[str] | None, removed: set[str], kept: set[str]
) -> None:
    policy = resolve_policy(PROFILES, profile=profile, keep=keep, only=only)
    assert {e for e in removed | kept if policy.removes(e)} == removed


def test_profile_operators_and_errors() -> None:
    assert resolve_policy(PROFILES, profile="reinsurer").operator_for("PERSON") == "pseudonymize"
    assert resolve_policy(PROFILES, profile="auditor").operator_for("US_SSN") == "mask"
    assert resolve_policy(PROFILES, profile="auditor", operator="hash").operator_for("US_SSN") == "hash"
    with pytest.raises(ConfigError, match="unknown profile"):
        resolve_policy(PROFILES, profile="press")
    with pytest.raises(ConfigError, match="not both"):
        resolve_policy(PROFILES, keep=["PERSON"], only=["US_SSN"])
    with pytest.raises(ConfigError, match="unknown entity"):
        resolve_policy(PROFILES, keep=["SHOE_SIZE"])


def test_profile_in_a_run_leaves_kept_entities(run, tmp_path: Path) -> None:
    src = tmp_path / "note.txt"
    src.write_text(TEXT)
    result, out = run(src, PROFILES, profile="auditor")
    copy = (out / "note.txt").read_text()
    assert SSN not in copy and "***-**-1947" in copy and NAME in copy and POLICY in copy
    assert result.files[0].operators == {"US_SSN": "mask"}


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """Run the command line as ``insurescan`` does (errors become exit 2); (code, all output)."""
    code = main(list(args))
    seen = capsys.readouterr()
    return code, seen.out + seen.err


def test_cli_exit_codes_and_no_values_in_its_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = _tree(tmp_path / "share")
    out = tmp_path / "out"
    code, text = _cli(capsys, "redact", str(src), "--output-dir", str(out), "--no-db")
    assert code == 1, text  # legacy.doc could not be redacted
    assert leaks(text) == [] and "legacy.doc" in text and "unsupported" in text
    (src / "legacy.doc").unlink()
    code, text = _cli(capsys, "redact", str(src), "--output-dir", str(out), "--no-db")
    assert code == 2 and "--force" in text
    code, text = _cli(capsys, "redact", str(src), "--output-dir", str(out), "--force", "--no-db")
    assert code == 0, text
    code, text = _cli(capsys, "redact", str(src), "--output-dir", str(src / "x"), "--no-db")
    assert code == 2 and "inside the input" in text
    for path in out.rglob("*"):
        if path.is_file():
            assert leaks(path.read_text(errors="replace"), FORBIDDEN) == [], path.name


def test_runs_and_key_rotations_are_audited(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from scanner import audit
    from scanner.inventory import Inventory

    src = tmp_path / "note.txt"
    src.write_text(TEXT)
    db = str(tmp_path / "inv.db")
    ring = str(tmp_path / "ring")
    args = ["redact", str(src), "--output-dir", str(tmp_path / "out"), "--db", db]
    assert _cli(capsys, *args, "--operator", "encrypt", "--key-file", ring)[0] == 0
    assert _cli(capsys, "keys", "rotate", "--key-file", ring, "--db", db)[0] == 0
    back = ["unredact", str(tmp_path / "out"), "--output-dir", str(tmp_path / "back"), "--key-file", ring]
    assert _cli(capsys, *back, "--db", db)[0] == 0
    with Inventory(db) as inv:
        entries = audit.entries(inv)
        assert audit.verify(inv).ok
    assert [e.event for e in entries] == ["redact", "keys-rotate", "unredact", "unredact"]
    first = entries[0].details
    assert first["counts"] == {"written": 1} and first["entities"]["US_SSN"] == 1
    assert first["options"]["operator"] == "encrypt" and first["options"]["key_id"].startswith("k")
    assert [e.details["outcome"] for e in entries[2:]] == ["started", "complete"]
    assert leaks(json.dumps([e.details for e in entries])) == []


def test_unredact_is_refused_when_it_cannot_be_audited(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "copy.txt").write_text("nothing sealed here\n")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    out = tmp_path / "b"
    code, _ = _cli(capsys, "unredact", str(tmp_path / "copy.txt"), "--output-dir", str(out),
                   "--db", str(blocker / "inv.db"))  # fmt: skip
    assert code == 2 and not out.exists()


def test_file_names_carrying_values_are_redacted_others_kept(run, tmp_path: Path) -> None:
    src = tmp_path / "share"
    (src / "Maria_Gonzalez").mkdir(parents=True)
    for name in ("Maria_Gonzalez/statement.txt", f"ssn-{SSN}.txt", "policy-schedule-2024-0117.txt"):
        (src / name).write_text("The roof was damaged by hail.\n")
    result, out = run(src)
    assert result.exit_code == 0, result.files
    names = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.txt"))
    assert names == ["_PERSON__/statement.txt", "policy-schedule-2024-0117.txt", "ssn-_US_SSN_.txt"]
    assert leaks((out / MANIFEST_NAME).read_text()) == []
