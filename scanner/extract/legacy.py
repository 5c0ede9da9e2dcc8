"""Office files we recognise but cannot open.

Password-protected OOXML (docx/xlsx/pptx) is stored as an OLE compound file
holding ``EncryptionInfo`` and ``EncryptedPackage`` streams: without the
password there is nothing to read, which the inventory must say plainly.
"""

from __future__ import annotations

from collections.abc import Iterator

from scanner.errors import EncryptedFileError
from scanner.extract.base import Blob, ExtractContext
from scanner.models import Segment


def extract_encrypted_office(blob: Blob, ctx: ExtractContext) -> Iterator[Segment]:
    raise EncryptedFileError("password-protected Office document")
