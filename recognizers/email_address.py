"""E-mail address."""

from __future__ import annotations

from typing import TYPE_CHECKING

import tldextract
from presidio_analyzer import RecognizerResult
from presidio_analyzer.predefined_recognizers import EmailRecognizer

if TYPE_CHECKING:
    from presidio_analyzer.nlp_engine import NlpArtifacts

# The bundled public-suffix snapshot only: insurescan runs without network access, and
# Presidio's module-level ``tldextract.extract`` would try to download the list.
_OFFLINE_TLD = tldextract.TLDExtract(cache_dir=None, suffix_list_urls=(), fallback_to_snapshot=True)

# Role mailboxes (RFC 2142 and the ones insurers print in brochures) reach a department, not
# a person.
ROLE_MAILBOXES = frozenset(
    {
        "abuse", "accounts", "admin", "billing", "careers", "claims", "complaints", "contact",
        "customercare", "customerservice", "customerservices", "enquiries", "feedback", "hello",
        "help", "helpdesk", "hostmaster", "hr", "info", "information", "inquiries", "mail",
        "marketing", "media", "newclaims", "noreply", "no-reply", "donotreply", "do-not-reply",
        "office", "payments", "postmaster", "press", "privacy", "quotes", "renewals", "sales",
        "security", "service", "support", "team", "underwriting", "webmaster", "dpo",
        "dataprotection", "fraud", "legal", "compliance", "subrogation", "provider", "providers",
        "memberservices", "appeals", "pharmacy", "orders", "reception", "enquiry",
    }
)  # fmt: skip


class EmailAddressRecognizer(EmailRecognizer):
    """E-mail address: Presidio's ``EmailRecognizer`` pattern (RFC 5322 local part, IDN and
    punycode domains), with the domain checked against the bundled Public Suffix List
    snapshot instead of a download, and role mailboxes (``claims@``, ``info@``,
    ``noreply@`` ...) invalidated because they reach a department, not a person.

    Not matched: ``user@localhost``, unknown TLDs (``a@b.invalid``), ``@handles``, role mailboxes.
    """

    PREFILTER = True  # results only from its patterns: skipped where none can match (scanner.analyzer)

    def __init__(self, name: str | None = None) -> None:
        super().__init__(supported_entity="EMAIL_ADDRESS", name=name or "EmailAddressRecognizer")

    def validate_result(self, pattern_text: str) -> bool:
        return _OFFLINE_TLD(pattern_text.rsplit("@", 1)[-1]).fqdn != ""

    def invalidate_result(self, pattern_text: str) -> bool:
        local = pattern_text.split("@", 1)[0].lower()
        return local in ROLE_MAILBOXES or local.replace(".", "").replace("_", "") in ROLE_MAILBOXES

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        for r in results:
            # RFC 5322 allows "=" in a local part, but in logs and query strings it is the
            # end of a key: "user_email=jane@example.com" reports only the address.
            local = text[r.start : r.end].split("@", 1)[0]
            if "=" in local:
                r.start += local.rindex("=") + 1
        return [r for r in results if not text[r.start : r.end].startswith("@")]
