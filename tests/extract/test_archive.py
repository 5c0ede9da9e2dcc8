from __future__ import annotations

import gzip
import io
import shutil
import subprocess
import tarfile
import time
import zipfile
from pathlib import Path

import pytest

from scanner.config import Limits
from scanner.errors import EncryptedFileError, ExtractError, FileTooLargeError
from scanner.extract import extract
from scanner.extract.base import Blob, ExtractContext

from .docs import pdf
from .helpers import SSN, holding, run


def _zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, data in members.items():
            if name.endswith("/"):
                zf.writestr(zipfile.ZipInfo(name), b"")
            else:
                zf.writestr(name, data)
    return buf.getvalue()


def _tar(members: dict[str, bytes], mode: str = "w") -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode=mode) as tf:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def test_nested_zip_member_path(tmp_path: Path) -> None:
    inner = _zip({"docs/": b"", "docs/a.txt": f"line one\nSSN {SSN}\n".encode()})
    report = pdf(tmp_path / "r.pdf", ["p1", "member MBR-4242"]).read_bytes()
    path = tmp_path / "outer.zip"
    path.write_bytes(_zip({"inner.zip": inner, "reports/r.pdf": report}))
    segments = run(path)
    seg = holding(segments, SSN)
    assert (seg.member, seg.location.line) == ("inner.zip!docs/a.txt", 1)
    pdf_seg = holding(segments, "MBR-4242")
    assert (pdf_seg.member, pdf_seg.location.page) == ("reports/r.pdf", 2)


@pytest.mark.parametrize(
    ("suffix", "mode"), [(".tar", "w"), (".tar.gz", "w:gz"), (".tgz", "w:gz"), (".tbz", "w:bz2")]
)
def test_tar_variants(tmp_path: Path, suffix: str, mode: str) -> None:
    path = tmp_path / f"bundle{suffix}"
    path.write_bytes(_tar({"claims/c.csv": f"name,ssn\nDana,{SSN}\n".encode()}, mode))
    seg = holding(run(path), SSN)
    assert (seg.member, seg.location.line, seg.context) == ("claims/c.csv", 2, ("ssn",))


def test_single_gzip_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt.gz"
    path.write_bytes(gzip.compress(f"a\nb\nSSN {SSN}\n".encode()))
    seg = holding(run(path), SSN)
    assert seg.member == "notes.txt"


def test_member_names_never_become_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "evil.zip"
    path.write_bytes(_zip({"../../escape.txt": SSN.encode(), "/abs/root.txt": b"x"}))
    seg = holding(run(path), SSN)
    assert seg.member == "../../escape.txt"
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["evil.zip"]
    assert not (tmp_path.parent.parent / "escape.txt").exists()


def _zip_cli(tmp_path: Path, archive: Path, password: str | None, *names: str) -> None:
    if shutil.which("zip") is None:
        pytest.skip("zip command not installed")
    args = ["zip", "-q", "-j"] + (["-P", password] if password else []) + [str(archive), *names]
    subprocess.run(args, check=True, cwd=tmp_path)


def test_all_members_encrypted(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(SSN)
    archive = tmp_path / "locked.zip"
    _zip_cli(tmp_path, archive, "secret", "a.txt")
    with pytest.raises(EncryptedFileError):
        run(archive)


def test_some_members_encrypted_are_noted(tmp_path: Path) -> None:
    (tmp_path / "locked.txt").write_text("hidden")
    (tmp_path / "open.txt").write_text(f"SSN {SSN}")
    archive = tmp_path / "mixed.zip"
    _zip_cli(tmp_path, archive, "secret", "locked.txt")
    _zip_cli(tmp_path, archive, None, "open.txt")
    ctx = ExtractContext()
    segments = list(extract(Blob(name="mixed.zip", fs_path=str(archive)), ctx))
    assert holding(segments, SSN).member == "open.txt"
    assert ctx.problems == [("locked.txt", "encrypted", "password-protected archive member")]


def test_high_ratio_zip_bomb_is_refused_before_inflating(tmp_path: Path) -> None:
    path = tmp_path / "bomb.zip"
    path.write_bytes(_zip({f"zeros{i}.txt": b"\0" * (20 << 20) for i in range(3)}))
    start = time.monotonic()
    with pytest.raises(FileTooLargeError, match="zip bomb"):
        run(path)
    assert time.monotonic() - start < 1.0


def test_nested_zip_bomb_is_refused(tmp_path: Path) -> None:
    leaf = _zip({"zeros.txt": b"0" * (8 << 20)})
    level = _zip({f"l{i}.zip": leaf for i in range(4)}, zipfile.ZIP_STORED)
    path = tmp_path / "nested.zip"
    path.write_bytes(_zip({f"m{i}.zip": level for i in range(4)}, zipfile.ZIP_STORED))
    with pytest.raises(FileTooLargeError):
        run(path)


def test_lying_sizes_cannot_exceed_the_budget(tmp_path: Path) -> None:
    big = b"A" * (4 << 20)
    data = bytearray(_zip({"a.txt": big}))
    # Shrink the declared size in the central directory: reading stops there.
    cd = data.rindex(b"PK\x01\x02")
    data[cd + 24 : cd + 28] = (1000).to_bytes(4, "little")
    with pytest.raises(ExtractError):
        run(bytes(data), "liar.zip")


def test_depth_over_the_limit_is_too_large(tmp_path: Path) -> None:
    data = _zip({"a.txt": SSN.encode()})
    for i in range(4):
        data = _zip({f"level{i}.zip": data})
    path = tmp_path / "deep.zip"
    path.write_bytes(data)
    with pytest.raises(FileTooLargeError, match="nesting"):
        run(path)
    shallow = holding(run(path, limits=Limits(max_archive_depth=6)), SSN)
    assert shallow.member == "level3.zip!level2.zip!level1.zip!level0.zip!a.txt"


def test_member_count_limit(tmp_path: Path) -> None:
    path = tmp_path / "many.zip"
    path.write_bytes(_zip({f"f{i}.txt": b"x" for i in range(20)}))
    with pytest.raises(FileTooLargeError, match="members"):
        run(path, limits=Limits(max_archive_members=10))


@pytest.mark.parametrize("name", ["broken.zip", "broken.tar.gz"])
def test_corrupt_archives_are_errors(tmp_path: Path, name: str) -> None:
    good = _zip({"a.txt": b"x" * 5000}) if name.endswith(".zip") else _tar({"a.txt": b"x" * 5000}, "w:gz")
    path = tmp_path / name
    path.write_bytes(good[: len(good) // 2])
    with pytest.raises(ExtractError) as info:
        run(path)
    assert info.value.status == "error"


def test_bad_member_is_a_problem_not_a_failure(tmp_path: Path) -> None:
    path = tmp_path / "mixed.zip"
    path.write_bytes(
        _zip({"junk.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "ok.txt": SSN.encode()})
    )
    ctx = ExtractContext()
    segments = list(extract(Blob(name="mixed.zip", fs_path=str(path)), ctx))
    assert holding(segments, SSN).member == "ok.txt"
    assert [(m, status) for m, status, _ in ctx.problems] == [("junk.doc", "unsupported")]
