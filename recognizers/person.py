"""Person names after labels, titles and sign-offs."""

from __future__ import annotations

import regex
from presidio_analyzer import Pattern

from recognizers.base import CASE_SENSITIVE_FLAGS, LABEL_SEPARATOR, ValuePatternRecognizer
from recognizers.names import (
    LABEL_WORDS,
    NOT_NAME_WORDS,
    ORG_SUFFIXES,
    is_person_name,
    named_organisation,
    tokens,
)

# A name word in any script: an upper-case letter then letters, marks, apostrophes, hyphens
# (O'Brien, Nguyễn, Jean-Luc, McAllister, ÓSúilleabháin); an initial ("J."); particles in lower
# case between words (van der, de la, bin, al-, ibn).
_WORD = r"(?:\p{Lu}[\p{Ll}\p{Lu}\p{M}'’\-]*\.?|(?:al|el|ad|ibn|bin|ben|abu|d|o)['’\-]\p{Lu}[\p{L}\p{M}'’\-]*)"
_PARTICLE = (
    r"(?:van|von|der|den|de|del|della|da|das|dos|du|di|la|le|bin|binti|bint|ibn|al|el|ter|ten|y|e|af|zu"
    r"|st\.|mac|ap)"
)
_NAME = rf"{_WORD}(?:[ \t]+(?:{_PARTICLE}[ \t]+)*{_WORD}){{1,4}}"
_ONE_OR_MORE = rf"{_WORD}(?:[ \t]+(?:{_PARTICLE}[ \t]+)*{_WORD}){{0,4}}"
_LAST_FIRST = rf"\p{{Lu}}[\p{{L}}\p{{M}}'’\-]+,[ \t]*{_WORD}(?:[ \t]+{_WORD}){{0,2}}"
_CJK = r"[\p{Han}\p{Hangul}]{2,4}"
_CJK_CHAR = regex.compile(r"[\p{Han}\p{Hangul}]")
_VALUE = rf"(?:{_LAST_FIRST}|{_NAME}|{_CJK})(?![\p{{L}}\p{{M}}])"

_ROLE = (
    r"(?:(?:named|additional|primary|proposed|prospective|joint|co-?)[ \t]+)?"
    r"(?:insured|claimant|patient|policy[ \t]?holder|policy[ \t]?owner|owner|applicant|beneficiary"
    r"|subscriber|member|employee|driver|injured[ \t]+(?:party|person|worker|employee)|deceased|decedent"
    r"|spouse|dependent|guardian|parent|witness|contact|insured[ \t]+person|account[ \t]+holder"
    r"|card[ \t]?holder|name[ \t]+on[ \t]+card|plan[ \t]+member|enrollee|recipient|claimant/insured"
    r"|insured/patient|agent|adjuster|examiner|representative|attorney|physician|doctor|provider"
    r"|prepared[ \t]+for|caller|reported[ \t]+by|requested[ \t]+by|patient/subscriber|assignee|payee)"
)
# "Company Name", "Plan Name", "User Name" are not people.
_NOT_PERSON_NAME_FIELD = (
    r"(?<!(?i:company|business|employer|insurer|carrier|plan|product|group|file|user|account|bank|facility"
    r"|practice|hospital|clinic|pharmacy|drug|medication|vendor|agency|brand|street|city|trade|domain|host"
    r"|field|document|program|project|policy|organi[sz]ation|org|entity|firm|school|network|payer|make"
    r"|model|vehicle|dba)[ \t])"
)
_NAME_LABEL = (
    rf"(?i:{_ROLE}(?:'s)?(?:[ \t]+(?:full[ \t]+)?name)?|{_NOT_PERSON_NAME_FIELD}(?:full[ \t]+|legal[ \t]+"
    r"|printed[ \t]+)?name|attn\.?|attention|dear|print[ \t]+name|(?:to|from|cc|by)(?=[ \t]*:))"
)
_SINGLE_LABEL = r"(?i:first[ \t]+name|given[ \t]+names?|last[ \t]+name|surname|family[ \t]+name|forename)"
_TITLE = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sra|Herr|Frau|Mme)\.?"
_SIGN_OFF = (
    r"(?i:sincerely(?:[ \t]+yours)?|yours[ \t]+(?:sincerely|truly|faithfully)|(?:best|kind|warm|warmest)"
    r"[ \t]+regards|regards|respectfully(?:[ \t]+yours)?|thank[ \t]+you|thanks|cordially|best|cheers)"
)
_LABEL_SEP = LABEL_SEPARATOR.replace(r"(?:(?:is|was|reads)[ \t]+)?", "")


class PersonRecognizer(ValuePatternRecognizer):
    """A person's name where paperwork puts one: after a role label ("Insured:", "Claimant
    Name", "Patient:", "Policyholder", "Beneficiary", "Name:", "Attn:", "Dear"), after a
    title ("Ms. Okafor"), under a sign-off ("Sincerely,\\nPriya Raman"), after "/s/", or as
    "LAST, First" in a form field. Names from any culture: any script's capital letters,
    particles (van der, de la, bin, al-), hyphens and apostrophes, CJK names of 2-4 characters.

    Complements spaCy NER (``PersonNerRecognizer``), which misses names in forms and tables.
    Candidates are checked by ``names.person_rejection``: organisations and insurers ("Acme
    Insurance Company", "Blue Cross"), drug names, field labels ("SSN", "DOB") and headings
    are not people; trailing label words ("Jane Roe DOB") are trimmed off.
    Scores: role label 0.85, title 0.7, sign-off 0.75, first/last-name fields 0.7.
    """

    ENTITY = "PERSON"
    FLAGS = CASE_SENSITIVE_FLAGS

    PATTERNS = [
        Pattern("Name after label", rf"(?<![\w])(?:{_NAME_LABEL}){_LABEL_SEP}(?P<value>{_VALUE})", 0.85),
        Pattern(
            "Single name field", rf"(?<![\w])(?:{_SINGLE_LABEL}){_LABEL_SEP}(?P<value>{_ONE_OR_MORE})", 0.7
        ),
        Pattern("Name after title", rf"(?<![\w]){_TITLE}[ \t]+(?P<value>{_ONE_OR_MORE})(?![\p{{L}}])", 0.7),
        Pattern(
            "Name under sign-off",
            rf"(?<![\w]){_SIGN_OFF}[ \t]*,?[ \t]*\r?\n(?:[ \t]*\r?\n)?[ \t]*(?P<value>{_VALUE})",
            0.75,
        ),
        # "Hi Chinedu," / "Dear Sabine,": an e-mail greeting names its reader by first name.
        Pattern(
            "Greeting",
            rf"(?<![\w])(?i:hi|hello|dear|good[ \t]+(?:morning|afternoon))[ \t]+(?P<value>{_WORD})"
            r"(?=[ \t]*[,!:]?[ \t]*$)",
            0.75,
        ),
        Pattern("Signature line", rf"(?:/s/|(?i:signed|signature)[ \t]*:)[ \t]*(?P<value>{_VALUE})", 0.8),
    ]

    CONTEXT: list[str] = []

    # Patterns whose value must keep at least two words after trimming.
    _TWO_WORDS = frozenset({"Name after label", "Name under sign-off", "Signature line"})

    def trim_value(self, text: str, start: int, end: int, pattern: Pattern) -> tuple[int, int] | None:
        words = text[start:end].split(" ")
        if tokens(words[-1]) and tokens(words[-1])[0] in ORG_SUFFIXES:
            return None  # "Acme Manufacturing Inc." is a company, however it is trimmed
        # "Jane Roe DOB" / "Roe, Jane Policy": drop label and common words at the end.
        while (
            words
            and tokens(words[-1])
            and (tokens(words[-1])[0] in LABEL_WORDS or tokens(words[-1])[0] in NOT_NAME_WORDS)
        ):
            words.pop()
        # A possessive belongs to the sentence, not the name ("Dr. Lee's office").
        while words and not words[-1].strip("\t"):
            words.pop()
        if not words:
            return None
        phrase = " ".join(words)
        if phrase.endswith(("'s", "’s")):
            phrase = phrase[:-2]
        phrase = phrase.rstrip(" \t,;:")
        if phrase.endswith(".") and not (len(phrase) >= 3 and phrase[-3] == " "):
            phrase = phrase[:-1]  # a full stop, unless it ends an initial ("John A.")
        single = len(phrase.split()) < 2 and "," not in phrase and not _CJK_CHAR.search(phrase)
        if pattern.name in self._TWO_WORDS and single:
            return None
        if not is_person_name(phrase) or named_organisation(text, phrase):
            return None  # "Field Adjuster | Cobalt Ridge" where "Cobalt Ridge Indemnity" is printed
        return start, start + len(phrase)
