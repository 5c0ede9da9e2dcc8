from __future__ import annotations

from pathlib import Path

import pytest

from scanner.errors import ExtractError

from .helpers import SSN, holding, run
from .msgfile import Msg, build_msg


@pytest.fixture(scope="module")
def outlook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    inner = Msg(
        subject="Original report",
        body="Forwarded: member MBR-2020\n",
        attachments=[("deep.txt", b"deep note 555-0144\n")],
    )
    msg = Msg(
        subject="Claim CLM-77",
        body=f"Hello,\nthe insured SSN is {SSN}\n",
        sender_name="Dana Example",
        to=[("Claims Team", "claims@example.com")],
        cc=[("Bob Roe", "bob@example.org")],
        attachments=[("policy.txt", b"policy POL-99001122\n")],
        embedded=[inner],
    )
    path = tmp_path_factory.mktemp("msg") / "mail.msg"
    path.write_bytes(build_msg(msg))
    return path


def test_headers(outlook: Path) -> None:
    seg = holding(run(outlook), "Dana Example")
    assert seg.location.part == "headers"
    assert "Bob Roe" in seg.text and "Claims Team" in seg.text and "CLM-77" in seg.text


def test_body(outlook: Path) -> None:
    seg = holding(run(outlook), SSN)
    assert (seg.location.part, seg.member) == ("body", None)


@pytest.mark.parametrize(
    ("marker", "member"),
    [
        ("POL-99001122", "policy.txt"),
        ("MBR-2020", "Original report.msg"),
        ("555-0144", "Original report.msg!deep.txt"),
    ],
)
def test_attachments_and_embedded_messages(outlook: Path, marker: str, member: str) -> None:
    assert holding(run(outlook), marker).member == member


def test_msg_named_bin_is_sniffed(outlook: Path, tmp_path: Path) -> None:
    renamed = tmp_path / "x.bin"
    renamed.write_bytes(outlook.read_bytes())
    assert holding(run(renamed), SSN).location.part == "body"


def test_damaged_msg_is_an_error(outlook: Path) -> None:
    data = outlook.read_bytes()
    with pytest.raises(ExtractError):
        run(data[: len(data) // 3], "cut.msg")
