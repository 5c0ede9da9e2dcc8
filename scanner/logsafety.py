"""Keep third-party loggers from writing document content to our logs.

pdfminer logs every token it parses at DEBUG, and other readers quote what
they choke on. A user who runs with ``--verbose`` (or an application that sets
the root logger to DEBUG) must not get customer data in the log, so these
loggers are held at WARNING whatever the root level is.
"""

from __future__ import annotations

import logging

CONTENT_LOGGERS = (
    "pdfminer",
    "pdfplumber",
    "pypdfium2",
    "PIL",
    "extract_msg",
    "olefile",
    "openpyxl",
    "docx",
    "pptx",
    "pytesseract",
    "presidio-analyzer",
    "presidio-anonymizer",
    "spacy",
    "charset_normalizer",
    "smbprotocol",
    "spnego",
    "tldextract",
    "filelock",
)


def quiet_content_loggers(level: int = logging.WARNING) -> None:
    for name in CONTENT_LOGGERS:
        logger = logging.getLogger(name)
        if logger.level == logging.NOTSET or logger.level < level:
            logger.setLevel(level)
