"""Format extractors: one module per format family, chosen by content sniffing.

``extract(blob, ctx)`` is the single entry point; ``EXTRACTORS`` maps a sniffed
kind to its function. Adding a format = one module + one line here + one rule
in ``sniff.py``.
"""
