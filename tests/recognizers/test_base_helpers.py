"""Small helpers of ``recognizers.base`` against the definitions they stand for."""

from __future__ import annotations

import sys

from recognizers.base import alnum


def test_alnum_keeps_exactly_what_isalnum_accepts() -> None:
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    # Upper-casing first, as the definition does; "ß" becomes "SS", "ŉ" two characters.
    assert alnum(every) == "".join(c for c in every.upper() if c.isalnum())
    assert alnum("ab-12_3 ./x") == "AB123X"
