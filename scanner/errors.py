"""Exceptions raised by insurescan. Callers catch ``InsurescanError``.

    InsurescanError
    ├── ConfigError                 bad options or config file: exit code 2
    ├── SourceError                 a root or share cannot be walked
    ├── ExtractError                one file cannot be read; carries ``status``
    │   ├── EncryptedFileError      password protected          -> "encrypted"
    │   ├── UnsupportedFormatError  no maintained reader        -> "unsupported"
    │   └── FileTooLargeError       size, ratio or depth limit  -> "too_large"
    ├── InventoryError              the store cannot be opened or written
    └── RedactionError              a redacted copy cannot be written
        └── VerificationError       the copy still holds a removed value

Messages name the file and the location, never a detected value.
"""

from __future__ import annotations


class InsurescanError(Exception):
    """Base of every error insurescan raises on purpose."""


class ConfigError(InsurescanError):
    """Invalid command-line option or configuration file."""


class SourceError(InsurescanError):
    """A scan root or share cannot be listed."""


class ExtractError(InsurescanError):
    """A file could not be read; the scan records ``status`` and goes on."""

    status = "error"


class EncryptedFileError(ExtractError):
    status = "encrypted"


class UnsupportedFormatError(ExtractError):
    status = "unsupported"


class FileTooLargeError(ExtractError):
    status = "too_large"


class ExtractTimeoutError(ExtractError):
    """The per-file time limit ran out."""

    status = "error"


class InventoryError(InsurescanError):
    """The inventory database cannot be opened or written."""


class RedactionError(InsurescanError):
    """A redacted copy cannot be produced."""


class VerificationError(RedactionError):
    """A redacted copy still contains a value that should be gone."""
