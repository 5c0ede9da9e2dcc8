"""Redacted copies for sharing: ``redact(path, out_dir, config) -> RedactionResult``.

Writers per format (``scanner.redact.writers``) rewrite each file with the
values the policy removes replaced by an operator's output (or, in PDFs and
images, painted over); ``verify`` re-reads every copy with the scanner's own
extractors and independent readers, and a copy that still holds a removed
value is not written. A JSON manifest records what was done. See
docs/redaction.md.
"""

from scanner.redact.dispatch import MemberIssue, UnredactableError
from scanner.redact.keys import Keyring, load_keyring, rotate
from scanner.redact.manifest import MANIFEST_NAME
from scanner.redact.operators import OPERATORS, create_operator
from scanner.redact.policy import OperatorSet, Policy, resolve_policy
from scanner.redact.run import RedactedFile, RedactionResult, redact, unredact
from scanner.redact.verify import Verification, verify

__all__ = [
    "MANIFEST_NAME",
    "OPERATORS",
    "Keyring",
    "MemberIssue",
    "OperatorSet",
    "Policy",
    "RedactedFile",
    "RedactionResult",
    "UnredactableError",
    "Verification",
    "create_operator",
    "load_keyring",
    "redact",
    "resolve_policy",
    "rotate",
    "unredact",
    "verify",
]
