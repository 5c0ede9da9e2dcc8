from __future__ import annotations

import bz2
import gzip
import io
import tarfile
import zipfile
from email.message import EmailMessage
from pathlib import Path

import docx
import pytest
from extract_msg.ole_writer import OleWriter
from openpyxl import Workbook
from pptx import Presentation

from scanner.extract import EXTRACTORS, sniff
from scanner.extract.base import Blob
from scanner.extract.sniff import UNSUPPORTED

from .docs import pdf, text_image
from .msgfile import Msg, build_msg


def _ole(*names: str) -> bytes:
    writer = OleWriter()
    for name in names:
        writer.addEntry([name], b"\0" * 100)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _office(kind: str) -> bytes:
    buf = io.BytesIO()
    if kind == "docx":
        docx.Document().save(buf)
    elif kind == "xlsx":
        Workbook().save(buf)
    else:
        Presentation().save(buf)
    return buf.getvalue()


def _image(fmt: str) -> bytes:
    buf = io.BytesIO()
    text_image("x", (40, 20)).save(buf, format=fmt)
    return buf.getvalue()


def _tar_gz() -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tf:
        info = tarfile.TarInfo("a.txt")
        info.size = 1
        tf.addfile(info, io.BytesIO(b"x"))
    return buf.getvalue()


def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("notes/a.txt", "x")
    return buf.getvalue()


def _mail() -> bytes:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "a@example.com", "b@example.com", "hi"
    msg.set_content("body")
    return bytes(msg)


# fmt: off
CASES = [
    ("report.txt",   lambda p: pdf(p / "x.pdf", ["x"]).read_bytes(),   "pdf"),
    ("blob.bin",     lambda p: _office("docx"),                        "docx"),
    ("data.zip",     lambda p: _office("xlsx"),                        "xlsx"),
    ("deck",         lambda p: _office("pptx"),                        "pptx"),
    ("archive.dat",  lambda p: _zip(),                                 "zip"),
    ("mail.dat",     lambda p: build_msg(Msg(subject="s", body="b")),  "msg"),
    ("old.bin",      lambda p: _ole("WordDocument", "1Table"),         "doc"),
    ("old.doc",      lambda p: _ole("Workbook"),                       "xls"),
    ("old.ppt",      lambda p: _ole("PowerPoint Document"),            "ppt"),
    ("secret.xlsx",  lambda p: _ole("EncryptionInfo", "EncryptedPackage"), "office-encrypted"),
    ("thing.ole",    lambda p: _ole("Whatever"),                       "ole"),
    ("x.gz",         lambda p: gzip.compress(b"hello"),                "gzip"),
    ("x.bz2",        lambda p: bz2.compress(b"hello"),                 "bzip2"),
    ("x.gz",         lambda p: _tar_gz(),                              "tar"),
    ("scan.pdf",     lambda p: _image("PNG"),                          "image"),
    ("scan",         lambda p: _image("JPEG"),                         "image"),
    ("scan",         lambda p: _image("TIFF"),                         "image"),
    ("scan",         lambda p: _image("BMP"),                          "image"),
    ("scan",         lambda p: _image("GIF"),                          "image"),
    ("saved.txt",    lambda p: _mail(),                                "eml"),
    ("page.txt",     lambda p: b"<!DOCTYPE html><html><body>x</body></html>", "html"),
    ("feed",         lambda p: b'<?xml version="1.0"?><a>x</a>',       "xml"),
    ("export",       lambda p: b"<claims><claim id='1'/></claims>",    "xml"),
    ("access.log",   lambda p: b"<IP_ADDRESS> - - [12/Jun/2024] GET /claims\n", "text"),
    ("data.txt",     lambda p: b'{"a": [1, 2]}',                       "json"),
    ("data",         lambda p: b'{"a": 1}\n{"a": 2}\n',                "jsonl"),
    ("data.csv",     lambda p: b"a,b\n1,2\n",                          "csv"),
    ("data.tsv",     lambda p: b"a\tb\n1\t2\n",                        "tsv"),
    ("settings.ini", lambda p: b"[general]\nname = x\n",               "text"),
    ("README",       lambda p: "Grüße\n".encode("utf-16"),             "text"),
    ("empty.json",   lambda p: b"",                                    "text"),
    ("notes.txt",    lambda p: bytes(range(256)) * 4,                  "text"),
    ("mystery.bin",  lambda p: bytes(range(256)) * 4,                  "binary"),
    ("mystery.pdf",  lambda p: bytes(range(256)) * 4,                  "pdf"),
    ("a.7z",         lambda p: b"7z\xbc\xaf\x27\x1c" + bytes(100),     "7z"),
    ("doc.wpd",      lambda p: b"\xffWPC" + bytes(100),                "wordperfect"),
]
# fmt: on


@pytest.mark.parametrize(("name", "make", "kind"), CASES)
def test_sniff_by_content(tmp_path: Path, name: str, make: object, kind: str) -> None:
    data = make(tmp_path)  # type: ignore[operator]
    assert sniff(Blob(name=name, data=data)) == kind
    path = tmp_path / name
    path.write_bytes(data)
    assert sniff(Blob(name=name, fs_path=str(path))) == kind


def test_every_kind_has_an_extractor() -> None:
    kinds = {kind for _, _, kind in CASES} | set(UNSUPPORTED)
    assert kinds <= set(EXTRACTORS)
