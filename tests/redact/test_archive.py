"""Archives: rebuilt member by member; members that cannot be redacted are left out and listed."""

from __future__ import annotations

import io
import json
import tarfile
import zipfile
from pathlib import Path

from tests.redact.conftest import NAME, SSN, leaks


def test_zip_members_redacted_and_rebuilt(run, tmp_path: Path) -> None:
    src = tmp_path / "bundle.zip"
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as z:
        z.writestr("deep.txt", f"Nested note: {NAME}, SSN {SSN}.\n")
    with zipfile.ZipFile(src, "w") as z:
        z.writestr("notes/a.txt", f"Claimant {NAME}, SSN {SSN}, roof damage.\n")
        z.writestr("b.json", json.dumps({"claimant": NAME, "ssn": SSN, "amount": 1200}))
        z.writestr("inner.zip", inner.getvalue())
        z.writestr("legacy.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    result, out = run(src)
    written = result.files[0]
    assert written.status == "written" and written.verified
    assert [(m.member, m.status) for m in written.members] == [("legacy.doc", "unsupported")]
    assert result.exit_code == 1
    with zipfile.ZipFile(out / "bundle.zip") as z:
        assert sorted(z.namelist()) == ["b.json", "inner.zip", "notes/a.txt"]
        text = z.read("notes/a.txt").decode() + z.read("b.json").decode()
        with zipfile.ZipFile(io.BytesIO(z.read("inner.zip"))) as nested:
            text += nested.read("deep.txt").decode()
    assert leaks(text) == []
    assert "roof damage." in text and json.loads(z_json(out))["amount"] == 1200


def z_json(out: Path) -> str:
    with zipfile.ZipFile(out / "bundle.zip") as z:
        return z.read("b.json").decode()


def test_tar_gz_and_member_names(run, tmp_path: Path) -> None:
    src = tmp_path / "claims.tar.gz"
    with tarfile.open(src, "w:gz") as tar:
        body = f"Claimant {NAME}, SSN {SSN}. Hail damage to the car.\n".encode()
        info = tarfile.TarInfo(f"claims/{SSN}.txt")
        info.size = len(body)
        tar.addfile(info, io.BytesIO(body))
    result, out = run(src)
    assert result.exit_code == 0, result.files
    with tarfile.open(out / "claims.tar.gz", "r:gz") as tar:
        names = tar.getnames()
        text = "".join(tar.extractfile(m).read().decode() for m in tar.getmembers() if m.isfile())
    assert leaks(" ".join(names) + text) == []
    assert "Hail damage to the car." in text and names[0].startswith("claims/")
