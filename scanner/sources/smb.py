"""Walk an SMB share and copy its files to a local spool, with smbprotocol.

A root looks like ``smb://[domain;]user[:password]@host[:port]/share/path``.
The password comes from the URL or, when the URL has none, from the
environment variable ``INSURESCAN_SMB_PASSWORD``. It is never shown: every
``FileRef.path`` and every message uses the URL with the password removed.

Path syntax: after ``host[:port]`` everything is path; ``?`` and ``#`` are
ordinary characters (they are legal in file names), ``%XX`` is decoded. The
paths we hand out escape only ``%`` (as ``%25``), so each ``FileRef.path`` is
readable and parses back to exactly the file it names. A password or user
containing ``/``, ``@`` or ``:`` must be percent-encoded in the URL.

Like the local walker, the walk is sorted, applies the include/exclude globs
of ``scanner.sources.local`` and never reads contents. Samba resolves Unix
symbolic links on the server, so a client cannot tell them from real folders;
loops are cut by the server's file ids (a directory already on the current
path is skipped). Windows reparse points (symlinks, junctions) are reported,
not followed.

Connections are pooled per (host, port, user, password) for the life of the
process, so the walk and the many ``fetch_smb`` calls after it share one
authenticated session; ``close_smb_connections`` ends them (also at exit).
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import errno
import os
import re
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any, BinaryIO
from urllib.parse import unquote

import smbclient
from smbclient import register_session, reset_connection_cache
from smbprotocol.exceptions import SMBAuthenticationError, SMBException, SMBOSError, SMBResponseException
from smbprotocol.header import NtStatus

from scanner.config import Config
from scanner.errors import ConfigError, ExtractError, FileTooLargeError, SourceError
from scanner.models import FileRef, Status
from scanner.sources.local import WalkIssue, _excluded_dir, selected

ENV_PASSWORD = "INSURESCAN_SMB_PASSWORD"
DEFAULT_PORT = 445
CONNECT_TIMEOUT = 30.0  # seconds; a dead host must not hang a nightly scan for smbprotocol's 60 s
CHUNK = 1 << 20  # per read request; smbclient caps it further to the negotiated max read size
MAX_DEPTH = 128  # last line of defence should a server hide a link loop from its file ids

# FILE_ATTRIBUTE_* bits from MS-FSCC 2.6; named here so the walk does not depend on smbprotocol's layout.
_ATTR_DIRECTORY = 0x10
_ATTR_REPARSE_POINT = 0x400
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class SmbLocation:
    """A parsed ``smb://`` URL. ``path`` is inside the share, ``/``-separated, ``""`` for its top.

    ``url`` is the URL as given minus the password and trailing slashes: what
    users see. ``password`` is kept out of ``repr`` so it cannot leak into a
    log line or a traceback.
    """

    host: str
    port: int
    share: str
    path: str
    user: str | None
    url: str
    password: str | None = field(default=None, repr=False)

    @property
    def unc(self) -> str:
        """``\\\\host\\share\\path`` as smbclient wants it."""
        parts = [self.share, *self.path.split("/")] if self.path else [self.share]
        return "\\\\" + self.host + "\\" + "\\".join(parts)

    def child(self, rel: str) -> SmbLocation:
        """The location of ``rel`` (``/``-separated) below this one."""
        if not rel:
            return self
        return replace(
            self,
            path=f"{self.path}/{rel}" if self.path else rel,
            url=f"{self.url}/{_escape(rel)}",
        )


def is_smb(root: str) -> bool:
    """Whether a scan root names an SMB share rather than a local path."""
    return root[:6].lower() == "smb://"


def _env_password() -> str | None:
    return os.environ.get(ENV_PASSWORD) or None


def _escape(rel: str) -> str:
    # Only '%' would be misread when the path is parsed again; everything else stays readable.
    return rel.replace("%", "%25")


def _split_netloc(url: str) -> tuple[str, str]:
    rest = url[6:]
    netloc, _, path = rest.partition("/")
    return netloc, path


def _redacted(url: str) -> str:
    """The URL with any password removed; safe for messages even when the URL is malformed."""
    if not is_smb(url):
        return url if "@" not in url else "<url with credentials>"
    netloc, path = _split_netloc(url)
    if "@" in netloc:
        userinfo, _, hostport = netloc.rpartition("@")
        netloc = f"{userinfo.partition(':')[0]}@{hostport}"
    return f"{url[:6]}{netloc}/{path}" if path else f"{url[:6]}{netloc}"


_HOST_RE = re.compile(r"^[A-Za-z0-9._-]+$")


def parse_smb_url(url: str, *, use_env: bool = True) -> SmbLocation:
    """Split ``smb://[domain;]user[:password]@host[:port]/share[/path]``.

    Without a password in the URL, ``$INSURESCAN_SMB_PASSWORD`` is used (unless
    ``use_env`` is false). ``domain;user`` becomes ``domain\\user`` for NTLM.
    Raises ``ConfigError`` naming the URL without its password.
    """
    shown = _redacted(url)
    if not is_smb(url):
        raise ConfigError(f"{shown}: not an smb:// URL")
    netloc, raw_path = _split_netloc(url)
    user: str | None = None
    password: str | None = None
    hostport = netloc
    if "@" in netloc:
        userinfo, _, hostport = netloc.rpartition("@")
        raw_user, has_pw, raw_pw = userinfo.partition(":")
        user = unquote(raw_user) or None
        if user and ";" in user:
            domain, _, name = user.partition(";")
            user = f"{domain}\\{name}" if domain else name
        if has_pw:
            password = unquote(raw_pw)

    port = DEFAULT_PORT
    if hostport.startswith("["):  # IPv6 literal: [::1]:445
        end = hostport.find("]")
        if end < 0:
            raise ConfigError(f"{shown}: unclosed '[' in the host")
        host, port_part = hostport[1:end], hostport[end + 1 :]
        if port_part and not port_part.startswith(":"):
            raise ConfigError(f"{shown}: unexpected text after the host")
        port_text = port_part[1:] if port_part else None
    else:
        host, has_port, port_text_raw = hostport.partition(":")
        port_text = port_text_raw if has_port else None
        if host and not _HOST_RE.match(host):
            raise ConfigError(f"{shown}: invalid host name {host!r}")
    if not host:
        raise ConfigError(f"{shown}: no host (expected smb://user@host/share/path)")
    if port_text is not None:
        if not port_text.isdigit() or not 0 < int(port_text) < 65536:
            raise ConfigError(f"{shown}: invalid port {port_text!r}")
        port = int(port_text)

    parts = [unquote(p) for p in raw_path.split("/") if p]
    if not parts:
        raise ConfigError(f"{shown}: no share name (expected smb://user@host/share/path)")
    for part in parts:
        # A '\' would be read as a separator in the UNC path, '..' would leave the named folder.
        if part in (".", "..") or "\\" in part or "\x00" in part:
            raise ConfigError(f"{shown}: invalid path component {part!r}")

    if password is None and use_env:
        password = _env_password()
    return SmbLocation(
        host=host,
        port=port,
        share=parts[0],
        path="/".join(parts[1:]),
        user=user,
        url=shown.rstrip("/"),
        password=password,
    )


# -- connections -------------------------------------------------------------------

_POOL_LOCK = threading.Lock()
_POOLS: dict[tuple[str, int, str | None, str | None], dict[str, Any]] = {}
# Passwords given in a walked URL, so fetch_smb (which only sees the password-free
# FileRef.path) can log on again in this process. Other processes use the env variable.
_REMEMBERED: dict[tuple[str, int, str | None], str] = {}


def _session_kwargs(loc: SmbLocation) -> dict[str, Any]:
    """Log on (or reuse a pooled session) and return the kwargs for smbclient calls.

    Each credential set gets its own connection cache: smbclient's shared
    cache matches sessions by user name only, so a wrong password could
    silently ride on an earlier good session.
    """
    key = (loc.host.lower(), loc.port, loc.user, loc.password)
    with _POOL_LOCK:
        cache = _POOLS.setdefault(key, {})
        try:
            register_session(
                loc.host,
                username=loc.user,
                password=loc.password,
                port=loc.port,
                connection_timeout=CONNECT_TIMEOUT,
                connection_cache=cache,
            )
        except BaseException:
            # Do not keep a half-open connection for credentials that did not work.
            _POOLS.pop(key, None)
            reset_connection_cache(fail_on_error=False, connection_cache=cache)
            raise
    return {
        "username": loc.user,
        "password": loc.password,
        "port": loc.port,
        "connection_timeout": CONNECT_TIMEOUT,
        "connection_cache": cache,
    }


def remembered_credentials() -> dict[tuple[str, int, str | None], str]:
    """Passwords taken from walked URLs, to hand to worker processes.

    A spawned worker does not share this process's memory, and ``FileRef.path``
    carries no password, so a worker that fetches files for a root whose
    password was in the URL needs these passed to ``remember_credentials``
    (e.g. in the pool initializer). A password from ``$INSURESCAN_SMB_PASSWORD``
    reaches workers through the environment and needs nothing.
    """
    return dict(_REMEMBERED)


def remember_credentials(credentials: dict[tuple[str, int, str | None], str]) -> None:
    """Make passwords from ``remembered_credentials`` (another process) usable by ``fetch_smb`` here."""
    _REMEMBERED.update(credentials)


def close_smb_connections() -> None:
    """Log off and disconnect every pooled SMB connection of this process."""
    with _POOL_LOCK:
        caches = list(_POOLS.values())
        _POOLS.clear()
    for cache in caches:
        reset_connection_cache(fail_on_error=False, connection_cache=cache)


atexit.register(close_smb_connections)


# -- errors ------------------------------------------------------------------------

_STATUS_TEXT = {
    "STATUS_LOGON_FAILURE": "logon failed (wrong user name or password)",
    "STATUS_WRONG_PASSWORD": "logon failed (wrong password)",
    "STATUS_PASSWORD_EXPIRED": "logon failed (password expired)",
    "STATUS_ACCOUNT_DISABLED": "logon failed (account disabled)",
    "STATUS_ACCOUNT_LOCKED_OUT": "logon failed (account locked out)",
    "STATUS_ACCESS_DENIED": "access denied",
    "STATUS_BAD_NETWORK_NAME": "no such share",
    "STATUS_OBJECT_NAME_NOT_FOUND": "not found",
    "STATUS_OBJECT_PATH_NOT_FOUND": "not found",
    "STATUS_NOT_FOUND": "not found",
    "STATUS_SHARING_VIOLATION": "locked by another program (sharing violation)",
    "STATUS_NETWORK_NAME_DELETED": "the share went away",
    "STATUS_USER_SESSION_DELETED": "the server ended the session",
}
_NOT_FOUND = {
    "STATUS_BAD_NETWORK_NAME",
    "STATUS_OBJECT_NAME_NOT_FOUND",
    "STATUS_OBJECT_PATH_NOT_FOUND",
    "STATUS_NOT_FOUND",
}
# Codes smbprotocol has no name for (MS-ERREF 2.3.1).
_EXTRA_STATUS = {0xC0000072: "STATUS_ACCOUNT_DISABLED", 0xC0000234: "STATUS_ACCOUNT_LOCKED_OUT"}


def _status_name(code: int) -> str:
    for name, value in vars(NtStatus).items():
        if name.startswith("STATUS_") and value == code:
            return name
    return _EXTRA_STATUS.get(code, f"NT status 0x{code:08x}")


def _reason(exc: BaseException, loc: SmbLocation) -> str:
    """A one-line, password-free description of an smbprotocol failure."""
    code = getattr(exc, "ntstatus", None) if isinstance(exc, SMBOSError) else None
    if isinstance(exc, SMBResponseException):
        code = exc.status
    if code:
        name = _status_name(code)
        text = _STATUS_TEXT.get(name, name)
    elif isinstance(exc, OSError) and exc.strerror:
        text = exc.strerror
    elif isinstance(exc, SMBAuthenticationError):
        text = "logon failed"
        if loc.password is None:
            text += f" (no password: set {ENV_PASSWORD} or put user:password@ in the URL)"
    elif isinstance(exc, ValueError) and str(exc).startswith("Failed to connect"):
        cause = exc.__cause__
        why = (cause.strerror if isinstance(cause, OSError) else None) or "connection failed"
        text = f"cannot connect to {loc.host}:{loc.port}: {why}"
    elif "timeout" in str(exc).lower():
        text = f"no answer from {loc.host}:{loc.port} within {CONNECT_TIMEOUT:.0f} s"
    else:
        text = type(exc).__name__
    if loc.password:
        text = text.replace(loc.password, "***")
    return " ".join(text.split())  # one line, whatever the library put in


def _not_found(exc: BaseException) -> bool:
    code = exc.status if isinstance(exc, SMBResponseException) else getattr(exc, "ntstatus", None)
    if code and _status_name(code) in _NOT_FOUND:
        return True
    return isinstance(exc, OSError) and exc.errno == errno.ENOENT


def _root_problem(exc: BaseException, root: SmbLocation, kwargs: dict[str, Any]) -> str:
    """Say whether the share or the path in it is missing; smbclient reports both as ENOENT."""
    if not _not_found(exc):
        return _reason(exc, root)
    share = replace(root, path="")
    if root.path:
        try:
            smbclient.stat(share.unc, **kwargs)
        except _SMB_ERRORS:
            pass
        else:
            return f"no such file or folder {root.path!r} in share {root.share!r}"
    return f"no share {root.share!r} on {root.host}:{root.port}"


# smbprotocol reports connect failures as ValueError and most others as SMBException/OSError.
_SMB_ERRORS = (SMBException, OSError, ValueError)


# -- walk --------------------------------------------------------------------------


def _mtime(when: dt.datetime) -> float:
    # Whole microseconds, as the directory listing gives them, so a file has
    # the same mtime whether it was reached by listing or by stat.
    return ((when - _EPOCH) // dt.timedelta(microseconds=1)) / 1_000_000


def _ref(loc: SmbLocation, size: int, mtime: float) -> FileRef:
    return FileRef(path=loc.url, size=size, mtime=mtime, source="smb", fs_path=None, owner=None, mode=None)


def walk_smb(url: str, config: Config) -> Iterator[FileRef | WalkIssue]:
    """Every file under an ``smb://`` root that the include/exclude globs select, sorted.

    Raises ``ConfigError`` for a malformed URL and ``SourceError`` (one line,
    no password) when the server, the logon, the share or the root path
    fails. A folder below the root that cannot be listed becomes a
    ``WalkIssue`` and the walk goes on. Owner and mode are not fetched: each
    would cost a round trip per file.
    """
    given = parse_smb_url(url, use_env=False)
    root = given if given.password is not None else replace(given, password=_env_password())
    try:
        kwargs = _session_kwargs(root)
    except _SMB_ERRORS as exc:
        raise SourceError(f"{root.url}: {_reason(exc, root)}") from None
    if given.password is not None:
        _REMEMBERED[(root.host.lower(), root.port, root.user)] = given.password
    try:
        st = smbclient.stat(root.unc, **kwargs)
    except _SMB_ERRORS as exc:
        raise SourceError(f"{root.url}: {_root_problem(exc, root, kwargs)}") from None

    if not st.st_file_attributes & _ATTR_DIRECTORY:
        yield _ref(root, st.st_size, (st.st_mtime_ns // 1000) / 1_000_000)
        return
    yield from _walk_dir(root, "", config, kwargs, frozenset({st.st_ino}) if st.st_ino else frozenset(), 0)


def _walk_dir(
    root: SmbLocation,
    rel_dir: str,
    config: Config,
    kwargs: dict[str, Any],
    seen: frozenset[int],
    depth: int,
) -> Iterator[FileRef | WalkIssue]:
    here = root.child(rel_dir)
    try:
        # Read the whole listing before descending so no directory handle stays open during recursion.
        with smbclient.scandir(here.unc, **kwargs) as it:
            entries = sorted(((e.name, e.smb_info) for e in it), key=lambda pair: pair[0])
    except _SMB_ERRORS as exc:
        yield WalkIssue(here.url, Status.ERROR, f"cannot list directory: {_reason(exc, root)}")
        return
    for name, info in entries:
        rel = f"{rel_dir}/{name}" if rel_dir else name
        attrs = info.file_attributes
        if attrs & _ATTR_REPARSE_POINT:
            # A Windows symlink or junction: its target is resolved by the client
            # and may be outside the share, so, as locally, we do not follow it.
            if selected(rel, config):
                yield WalkIssue(root.child(rel).url, Status.SKIPPED, "symbolic link or junction not followed")
            continue
        if attrs & _ATTR_DIRECTORY:
            file_id = int(info.file_id)
            if file_id and file_id in seen:
                yield WalkIssue(
                    root.child(rel).url, Status.SKIPPED, "directory already visited (symbolic link loop)"
                )
                continue
            if _excluded_dir(rel, config):
                continue
            if depth + 1 >= MAX_DEPTH:
                yield WalkIssue(root.child(rel).url, Status.SKIPPED, f"more than {MAX_DEPTH} folders deep")
                continue
            yield from _walk_dir(root, rel, config, kwargs, seen | {file_id} if file_id else seen, depth + 1)
        elif selected(rel, config):
            yield _ref(root.child(rel), int(info.end_of_file), _mtime(info.last_write_time))


# -- fetch -------------------------------------------------------------------------

_SUFFIX_RE = re.compile(r"^\.[A-Za-z0-9]{1,12}$")


def fetch_smb(ref: FileRef, dest_dir: str, max_bytes: int) -> str:
    """Copy an SMB file to a new private (0600) file in ``dest_dir``; return its path.

    Streams in chunks and stops as soon as more than ``max_bytes`` arrived
    (``FileTooLargeError``), so a file that grew since the walk cannot fill the
    spool. Other failures raise ``ExtractError`` with a one-line reason. The
    caller deletes the returned file. The file is opened with full sharing so
    the scan never locks users out of their documents.
    """
    if ref.source != "smb":
        raise ValueError(f"not an SMB file reference: source={ref.source!r}")
    if ref.size > max_bytes:
        raise FileTooLargeError(f"{ref.size} bytes is over the limit of {max_bytes}")
    loc = parse_smb_url(ref.path, use_env=False)
    if loc.password is None:
        remembered = _REMEMBERED.get((loc.host.lower(), loc.port, loc.user))
        loc = replace(loc, password=remembered or _env_password())
    try:
        kwargs = _session_kwargs(loc)
    except _SMB_ERRORS as exc:
        raise ExtractError(f"cannot connect to the share: {_reason(exc, loc)}") from None

    suffix = os.path.splitext(loc.path)[1]
    # Keep a plain extension: extractors fall back to it when sniffing is unsure.
    fd, local = tempfile.mkstemp(
        prefix="insurescan-smb-", suffix=suffix if _SUFFIX_RE.match(suffix) else "", dir=dest_dir
    )
    try:
        with (
            os.fdopen(fd, "wb") as out,
            smbclient.open_file(loc.unc, mode="rb", buffering=0, share_access="rwd", **kwargs) as src,
        ):
            total = 0
            while chunk := src.read(CHUNK):
                total += len(chunk)
                if total > max_bytes:
                    raise FileTooLargeError(f"more than {max_bytes} bytes (the limit) on the share")
                _spool_write(out, chunk)
            _spool_write(out, b"", flush=True)
    except _SMB_ERRORS as exc:
        # Spool (local) failures were turned into ExtractError already, so this came from the share.
        _remove(local)
        raise ExtractError(f"cannot read from the share: {_reason(exc, loc)}") from None
    except BaseException:
        _remove(local)
        raise
    return local


def _spool_write(out: BinaryIO, data: bytes, *, flush: bool = False) -> None:
    try:
        out.write(data)
        if flush:
            out.flush()
    except OSError as exc:
        raise ExtractError(f"cannot write the local copy: {exc.strerror or type(exc).__name__}") from None


def _remove(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
