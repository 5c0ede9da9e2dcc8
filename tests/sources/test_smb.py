"""The SMB source against a real Samba server on 127.0.0.1 (see ``samba.py``).

The URL parser tests need no server. The rest share one ``smbd`` for the
module; they skip, with the reason, only when smbd cannot be installed or
started on this machine.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote

import pytest

from scanner.config import Config
from scanner.errors import ConfigError, ExtractError, FileTooLargeError, SourceError
from scanner.models import FileRef, Status
from scanner.sources import WalkIssue, walk
from scanner.sources.smb import (
    ENV_PASSWORD,
    close_smb_connections,
    fetch_smb,
    is_smb,
    parse_smb_url,
    remember_credentials,
    remembered_credentials,
    walk_smb,
)
from tests.sources.samba import SambaServer, SambaUnavailable

ODD_NAME = "Müller file #2 100%.txt"  # non-ASCII, space, '#' and '%' must survive the URL round trip


# -- URL parsing (no server) -------------------------------------------------------


@pytest.fixture(autouse=True)
def _no_password_in_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_PASSWORD, raising=False)


def test_parse_full_url() -> None:
    loc = parse_smb_url("smb://alice:p%40ss%2Fw@files.example.com:4455/claims/2024/q1")
    assert (loc.host, loc.port, loc.share, loc.path, loc.user) == (
        "files.example.com",
        4455,
        "claims",
        "2024/q1",
        "alice",
    )
    assert loc.password == "p@ss/w"
    assert loc.url == "smb://alice@files.example.com:4455/claims/2024/q1"
    assert "p@ss" not in repr(loc) and "p%40ss" not in repr(loc)
    assert loc.unc == r"\\files.example.com\claims\2024\q1"


def test_parse_defaults_domain_env_and_ipv6(monkeypatch: pytest.MonkeyPatch) -> None:
    loc = parse_smb_url("SMB://CORP;bob@[::1]/share/")
    assert (loc.host, loc.port, loc.share, loc.path, loc.user, loc.password) == (
        "::1",
        445,
        "share",
        "",
        "CORP\\bob",
        None,
    )
    assert loc.url == "SMB://CORP;bob@[::1]/share"
    monkeypatch.setenv(ENV_PASSWORD, "from-env")
    assert parse_smb_url("smb://bob@host/share").password == "from-env"
    assert parse_smb_url("smb://bob:given@host/share").password == "given"  # the URL wins
    assert parse_smb_url("smb://bob@host/share", use_env=False).password is None


def test_parse_path_decoding_round_trips() -> None:
    loc = parse_smb_url("smb://u@h/s/dir%20one/a#b?.txt")
    assert loc.path == "dir one/a#b?.txt"  # '#' and '?' are file-name characters here
    child = parse_smb_url("smb://u@h/s").child(f"x/{ODD_NAME}")
    assert parse_smb_url(child.url).path == f"x/{ODD_NAME}"


@pytest.mark.parametrize(
    "url",
    [
        "http://u:TopSecret1@h/share",
        "smb://u:TopSecret1@/share",
        "smb://u:TopSecret1@host",
        "smb://u:TopSecret1@host/",
        "smb://u:TopSecret1@host:99999/share",
        "smb://u:TopSecret1@host:abc/share",
        "smb://u:TopSecret1@[::1/share",
        "smb://u:TopSecret1@bad host/share",
        "smb://u:TopSecret1@host/share/../etc",
        "smb://u:TopSecret1@host/share/a%5Cb",
    ],
)
def test_parse_rejects_malformed_urls_without_showing_the_password(url: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_smb_url(url)
    assert "TopSecret1" not in str(info.value)


def test_is_smb() -> None:
    assert is_smb("smb://h/s") and is_smb("SMB://h/s")
    assert not is_smb("/srv/smb://x") and not is_smb("claims/a.pdf")


# -- against smbd ------------------------------------------------------------------


def _build_share(root: Path) -> None:
    tree = root / "tree"
    (tree / "claims" / "2024").mkdir(parents=True)
    (tree / "claims" / "2024" / "a.txt").write_text("claimant: Jane Roe\n")
    (tree / "claims" / "b.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    (tree / "claims" / ODD_NAME).write_text("odd\n")
    (tree / ".git").mkdir()
    (tree / ".git" / "config").write_text("[core]\n")
    (tree / "top.csv").write_text("name,ssn\nJane Roe,078-05-1120\n")
    (tree / "empty.txt").write_bytes(b"")
    # A few MiB of noise: several read requests, so chunking and the size limit are exercised.
    (tree / "big.bin").write_bytes(secrets.token_bytes(3 * 1024 * 1024 + 123))
    (root / "ok.txt").write_text("ok\n")
    (root / "noread.txt").write_text("x\n")
    (root / "locked").mkdir()
    (root / "locked" / "inner.txt").write_text("x\n")
    (root / "links").mkdir()
    (root / "links" / "loop").symlink_to(root)
    (root / "links" / "outside.txt").symlink_to("/etc/hostname")
    # smbd serves files as the test user, who must be able to read all of it but 'locked'.
    for dirpath, _dirnames, filenames in os.walk(root):
        os.chmod(dirpath, 0o755)
        for name in filenames:
            p = os.path.join(dirpath, name)
            if not os.path.islink(p):
                os.chmod(p, 0o644)
    (root / "locked").chmod(0)
    (root / "noread.txt").chmod(0)


@pytest.fixture(scope="module")
def share() -> Iterator[tuple[SambaServer, Path]]:
    root = Path(tempfile.mkdtemp(prefix="insurescan-smbshare-"))  # not under pytest's 0700 tmp dirs
    try:
        _build_share(root)
        server = SambaServer(root, password=secrets.token_urlsafe(12))
        try:
            server.start()
        except SambaUnavailable as exc:
            pytest.skip(f"no Samba server for the SMB tests: {exc}")
        try:
            yield server, root
        finally:
            close_smb_connections()  # log off before the server goes away
            server.stop()
    finally:
        (root / "locked").chmod(0o755)
        shutil.rmtree(root, ignore_errors=True)


def _good_url(server: SambaServer, path: str = "") -> str:
    return server.url(path, password=server.password)


def _refs(entries: list[FileRef | WalkIssue]) -> list[FileRef]:
    return [e for e in entries if isinstance(e, FileRef)]


def _rel(url: str, base: str) -> str:
    assert url.startswith(base + "/")
    return unquote(url[len(base) + 1 :])


def test_walk_matches_the_local_walker(share: tuple[SambaServer, Path]) -> None:
    server, root = share
    url = _good_url(server, "tree")
    shown = server.url("tree")  # what users see: no password
    remote = _refs(list(walk_smb(url, Config())))
    local = _refs(list(walk(str(root / "tree"), Config())))

    assert [_rel(r.path, shown) for r in remote] == [os.path.relpath(r.path, root / "tree") for r in local]
    assert ODD_NAME in {os.path.basename(_rel(r.path, shown)) for r in remote}
    for r, loc in zip(remote, local, strict=True):
        assert server.password not in r.path
        assert (r.source, r.fs_path, r.mode, r.size) == ("smb", None, None, loc.size)
        assert abs(r.mtime - loc.mtime) < 2e-6  # SMB listings carry whole microseconds


def test_include_exclude(share: tuple[SambaServer, Path]) -> None:
    server, root = share
    cfg = Config(include=("**/*.txt", "**/*.csv"), exclude=("**/.git/**", "**/2024/**"))
    shown = server.url("tree")
    remote = [_rel(r.path, shown) for r in _refs(list(walk_smb(_good_url(server, "tree"), cfg)))]
    local = [os.path.relpath(r.path, root / "tree") for r in _refs(list(walk(str(root / "tree"), cfg)))]
    assert remote == local == [f"claims/{ODD_NAME}", "empty.txt", "top.csv"]


def test_fetch_gives_identical_bytes_in_a_private_file(
    share: tuple[SambaServer, Path], tmp_path: Path
) -> None:
    server, root = share
    shown = server.url("tree")
    refs = _refs(list(walk_smb(_good_url(server, "tree"), Config())))
    assert len(refs) == 7
    for ref in refs:
        local = fetch_smb(ref, str(tmp_path), max_bytes=10 * 1024 * 1024)
        try:
            assert os.path.dirname(local) == str(tmp_path)
            assert stat.S_IMODE(os.stat(local).st_mode) == 0o600
            rel = _rel(ref.path, shown)
            assert Path(local).read_bytes() == (root / "tree" / rel).read_bytes(), rel
            if rel.endswith(".pdf"):
                assert local.endswith(".pdf")  # extractors may fall back to the extension
        finally:
            os.unlink(local)
    assert list(tmp_path.iterdir()) == []


def test_fetch_enforces_max_bytes(share: tuple[SambaServer, Path], tmp_path: Path) -> None:
    server, _ = share
    big = next(
        r for r in _refs(list(walk_smb(_good_url(server, "tree"), Config()))) if r.path.endswith("big.bin")
    )
    with pytest.raises(FileTooLargeError):
        fetch_smb(big, str(tmp_path), max_bytes=big.size - 1)
    # A file that grew after the walk: the listing said small, the stream is cut off.
    with pytest.raises(FileTooLargeError):
        fetch_smb(replace(big, size=10), str(tmp_path), max_bytes=1024 * 1024)
    assert list(tmp_path.iterdir()) == []


def test_fetch_of_a_vanished_file(share: tuple[SambaServer, Path], tmp_path: Path) -> None:
    server, _ = share
    # The walk registers the URL's password for later fetches in this process.
    ref = _refs(list(walk_smb(_good_url(server, "tree"), Config())))[0]
    gone = replace(ref, path=server.url("tree/no-such-file.txt"))
    with pytest.raises(ExtractError, match="not found"):
        fetch_smb(gone, str(tmp_path), max_bytes=1024)
    assert list(tmp_path.iterdir()) == []


def test_password_from_the_environment(
    share: tuple[SambaServer, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    server, _ = share
    monkeypatch.setenv(ENV_PASSWORD, server.password)
    refs = _refs(list(walk_smb(server.url("tree/claims"), Config())))
    assert [r.path.rsplit("/", 1)[1] for r in refs] == ["a.txt", ODD_NAME.replace("%", "%25"), "b.pdf"]


def test_wrong_password_is_a_source_error_without_the_password(
    share: tuple[SambaServer, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    server, _ = share
    wrong = "Wr0ng-" + secrets.token_hex(6)
    with pytest.raises(SourceError) as info:
        list(walk_smb(server.url("tree", password=wrong), Config()))
    msg = str(info.value)
    assert wrong not in msg and "logon failed" in msg and server.url("tree") in msg
    assert "\n" not in msg

    monkeypatch.setenv(ENV_PASSWORD, wrong)
    with pytest.raises(SourceError) as info:
        list(walk_smb(server.url("tree"), Config()))
    assert wrong not in str(info.value) and "logon failed" in str(info.value)


def test_missing_share_and_missing_path(share: tuple[SambaServer, Path]) -> None:
    server, _ = share
    with pytest.raises(SourceError, match="no share 'nosuch'") as info:
        list(walk_smb(server.url(share="nosuch", password=server.password), Config()))
    assert server.password not in str(info.value)
    with pytest.raises(SourceError, match="no such file or folder 'tree/nope'"):
        list(walk_smb(_good_url(server, "tree/nope"), Config()))


def test_no_server_listening_is_a_source_error() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # bound but not listening: connections are refused
        with pytest.raises(SourceError, match="cannot connect"):
            list(walk_smb(f"smb://u:pw@127.0.0.1:{port}/share", Config()))


def test_single_file_root(share: tuple[SambaServer, Path]) -> None:
    server, root = share
    entries = list(walk_smb(_good_url(server, "tree/top.csv"), Config()))
    assert len(entries) == 1 and isinstance(entries[0], FileRef)
    ref = entries[0]
    assert ref.path == server.url("tree/top.csv")
    assert ref.size == (root / "tree" / "top.csv").stat().st_size


def test_unlistable_folder_and_link_loop_do_not_stop_the_walk(share: tuple[SambaServer, Path]) -> None:
    server, _ = share
    shown = server.url()
    entries = list(walk_smb(_good_url(server), Config()))
    issues = {_rel(e.path, shown): e for e in entries if isinstance(e, WalkIssue)}
    refs = [_rel(r.path, shown) for r in _refs(entries)]

    assert issues["locked"].status == Status.ERROR and "access denied" in issues["locked"].reason
    # Samba follows the link on the server; its file id shows it is the share's own top folder.
    assert issues["links/loop"].status == Status.SKIPPED and "loop" in issues["links/loop"].reason
    assert "ok.txt" in refs and "tree/claims/2024/a.txt" in refs
    assert not any(r.startswith("locked/") for r in refs)
    assert "links/outside.txt" not in refs  # Samba does not serve links that leave the share


def test_fetch_of_an_unreadable_file(share: tuple[SambaServer, Path], tmp_path: Path) -> None:
    server, _ = share
    ref = next(
        r for r in _refs(list(walk_smb(_good_url(server), Config()))) if r.path.endswith("/noread.txt")
    )
    with pytest.raises(ExtractError, match="access denied"):
        fetch_smb(ref, str(tmp_path), max_bytes=1024)
    assert list(tmp_path.iterdir()) == []


def test_url_password_reaches_another_process_only_when_handed_over(
    share: tuple[SambaServer, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server, _ = share
    ref = _refs(list(walk_smb(_good_url(server, "tree"), Config())))[0]
    saved = remembered_credentials()
    assert server.password in saved.values()
    # As in a freshly spawned worker: nothing remembered, no environment variable.
    import scanner.sources.smb as smb

    monkeypatch.setattr(smb, "_REMEMBERED", {})
    with pytest.raises(ExtractError, match="logon failed") as info:
        fetch_smb(ref, str(tmp_path), max_bytes=1024 * 1024)
    assert ENV_PASSWORD in str(info.value)  # tells the user how to give one
    remember_credentials(saved)
    os.unlink(fetch_smb(ref, str(tmp_path), max_bytes=1024 * 1024))
