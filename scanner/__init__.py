"""insurescan: find, inventory and redact customer data in an insurer's files."""

__version__ = "0.1.0"
