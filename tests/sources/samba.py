"""A throw-away Samba server on 127.0.0.1 for the SMB source tests.

The design asks for tests against a real server, not mocks: smbprotocol's
behaviour on errors (logon failure, missing share, access denied) is exactly
what the source has to translate, and a mock would only repeat our guesses.

Everything the server writes (passdb, locks, state, logs, pid) lives in one
temp dir; it listens on a free port on ``lo`` only and is stopped with its
whole process group, so nothing is left running after the tests. Needs
Debian's ``samba`` package and root (to add the local test user smbd maps the
SMB account to).
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

TEST_USER = "insurescan-smbtest"
START_TIMEOUT = 20.0


class SambaUnavailable(Exception):
    """smbd is not installed or would not start; the tests skip with this reason."""


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _ensure_user(name: str) -> None:
    try:
        pwd.getpwnam(name)
        return
    except KeyError:
        pass
    # smbd serves files as the local account an SMB user maps to; a home dir is not needed.
    res = subprocess.run(
        ["useradd", "--no-create-home", "--shell", "/usr/sbin/nologin", name], capture_output=True
    )
    if res.returncode != 0:
        try:
            pwd.getpwnam(name)  # another test run added it meanwhile
        except KeyError:
            raise SambaUnavailable(
                f"cannot add local user {name}: {res.stderr.decode(errors='replace').strip()}"
            ) from None


class SambaServer:
    """``smbd`` serving ``share_root`` read-only as ``[share]`` for ``TEST_USER``."""

    def __init__(self, share_root: Path, password: str) -> None:
        self.share_root = share_root
        self.password = password
        self.user = TEST_USER
        self.host = "127.0.0.1"
        self.port = 0
        self.conf: Path | None = None
        self._dir: Path | None = None
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def log_file(self) -> Path:
        assert self._dir is not None
        return self._dir / "log" / "smbd.log"

    def _conf(self) -> str:
        assert self._dir is not None
        d = self._dir
        return f"""[global]
    server role = standalone server
    smb ports = {self.port}
    bind interfaces only = yes
    interfaces = lo
    disable netbios = yes
    server min protocol = SMB2
    map to guest = never
    passdb backend = tdbsam:{d}/private/passdb.tdb
    private dir = {d}/private
    lock directory = {d}/lock
    state directory = {d}/state
    cache directory = {d}/cache
    pid directory = {d}/pid
    ncalrpc dir = {d}/ncalrpc
    binddns dir = {d}/binddns
    log file = {self.log_file}
    log level = 1
    max log size = 0
    load printers = no
    printing = bsd
    printcap name = /dev/null
    disable spoolss = yes
    usershare path =

[share]
    path = {self.share_root}
    read only = yes
    browseable = yes
"""

    def start(self) -> None:
        smbd = shutil.which("smbd") or ("/usr/sbin/smbd" if os.path.exists("/usr/sbin/smbd") else None)
        smbpasswd = shutil.which("smbpasswd")
        if not smbd or not smbpasswd:
            raise SambaUnavailable("smbd/smbpasswd not installed (Debian package 'samba')")
        if os.geteuid() != 0:
            raise SambaUnavailable("the Samba fixture needs root to add a local test user")
        try:
            _ensure_user(self.user)
        except OSError as exc:
            raise SambaUnavailable(f"cannot add local user {self.user}: {exc}") from None

        self._dir = Path(tempfile.mkdtemp(prefix="insurescan-samba-"))
        for sub in ("private", "lock", "state", "cache", "pid", "ncalrpc", "binddns", "log"):
            (self._dir / sub).mkdir()
        self.port = _free_port()
        conf = self._dir / "smb.conf"
        conf.write_text(self._conf())
        self.conf = conf

        # -s reads the password twice from stdin; -c puts the account in our temp passdb only.
        res = subprocess.run(
            [smbpasswd, "-c", str(conf), "-a", "-s", self.user],
            input=f"{self.password}\n{self.password}\n".encode(),
            capture_output=True,
            timeout=30,
        )
        if res.returncode != 0:
            raise SambaUnavailable(f"smbpasswd failed: {res.stderr.decode(errors='replace').strip()}")

        # Own session -> own process group, so teardown reaches smbd's per-client
        # children and any samba-dcerpcd helper it spawned, and nothing else.
        with open(self._dir / "log" / "stdout.log", "wb") as out:
            self._proc = subprocess.Popen(
                [smbd, "--foreground", "--no-process-group", f"--configfile={conf}", "--debug-stdout"],
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                tail = self._tail()
                self.stop()
                raise SambaUnavailable(f"smbd exited with {self._proc.returncode}: {tail}")
            try:
                with socket.create_connection((self.host, self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.1)
        tail = self._tail()
        self.stop()
        raise SambaUnavailable(
            f"smbd did not listen on port {self.port} within {START_TIMEOUT:.0f} s: {tail}"
        )

    def _tail(self) -> str:
        assert self._dir is not None
        text = ""
        for name in ("stdout.log", "smbd.log"):
            p = self._dir / "log" / name
            if p.exists():
                text += p.read_text(errors="replace")
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        return " | ".join(lines[-5:]) or "(no log output)"

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            # smbd stops its own children on SIGTERM and reaps them; signalling the whole
            # group at once would leave them as zombies once their parent is gone.
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        if proc is not None:
            # Children of smbd (per-connection servers) share its group; make sure none outlive it.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None

    def url(self, path: str = "", *, password: str | None = None, share: str = "share") -> str:
        cred = self.user if password is None else f"{self.user}:{password}"
        tail = f"/{path}" if path else ""
        return f"smb://{cred}@{self.host}:{self.port}/{share}{tail}"
