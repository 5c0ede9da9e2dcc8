"""Person names after labels, titles and sign-offs."""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex
from presidio_analyzer import EntityRecognizer, RecognizerResult

from recognizers.base import (
    CASE_SENSITIVE_FLAGS,
    LABEL_SEPARATOR,
    SEGMENT_JOIN,
    VERB_SEPARATOR,
    Pattern,
    ValuePatternRecognizer,
)
from recognizers.names import (
    LABEL_WORDS,
    NOT_NAME_WORDS,
    ORG_SUFFIXES,
    is_person_name,
    named_organisation,
    repeated_name_spans,
    tokens,
)
from recognizers.street_address import _PO_BOX, _UK_STREET, _US_STREET

if TYPE_CHECKING:
    from presidio_analyzer.nlp_engine import NlpArtifacts

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
    r"(?:insured|assured|claimant|patient|policy[ \t]?holder|policy[ \t]?owner|owner|applicant|beneficiary"
    r"|subscriber|member|employee|driver|injured[ \t]+(?:party|person|worker|employee)|deceased|decedent"
    r"|spouse|dependent|guardian|parent|witness|contact|insured[ \t]+person|account[ \t]+holder"
    r"|card[ \t]?holder|name[ \t]+on[ \t]+card|plan[ \t]+member|enrollee|recipient|claimant/insured"
    r"|insured/patient|agent|adjuster|examiner|examinee|representative|attorney|physician|doctor|provider"
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
    rf"(?i:name[ \t]+of[ \t]+(?:the[ \t]+)?{_ROLE}|{_ROLE}(?:'s)?(?:[ \t]+(?:full[ \t]+)?name)?|{_NOT_PERSON_NAME_FIELD}(?:full[ \t]+|legal[ \t]+"
    r"|printed[ \t]+)?name|attn\.?|attention|dear|print[ \t]+name|(?:to|from|cc|by)(?=[ \t]*:))"
)
_SINGLE_LABEL = r"(?i:first[ \t]+name|given[ \t]+names?|last[ \t]+name|surname|family[ \t]+name|forename)"
_TITLE = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sra|Herr|Frau|Mme)\.?"
_SIGN_OFF = (
    r"(?i:sincerely(?:[ \t]+yours)?|yours[ \t]+(?:sincerely|truly|faithfully)|(?:best|kind|warm|warmest)"
    r"[ \t]+regards|regards|respectfully(?:[ \t]+yours)?|thank[ \t]+you|thanks|cordially|best|cheers)"
)
# No "is"/"was": "the insured was ..." is prose.
_LABEL_SEP = LABEL_SEPARATOR.replace(VERB_SEPARATOR, "")
# "a vehicle driven by Chloé Faure", "Settlement batch closed by Jae-won Lim": the agent of a
# past participle that only people are the agent of in claim paperwork.
_BY = (
    r"(?i:driven|operated|closed|approved|prepared|reviewed|examined|treated|seen|referred|handled"
    r"|witnessed|completed|submitted|authori[sz]ed|assessed|inspected|signed|countersigned|interviewed"
    r"|attended|represented)[ \t]+(?i:by)(?:[ \t]+|[ \t]*\r?\n[ \t]*)"
    r"|(?i:spoke|spoken|speaking|talked|met|meeting|conferred)[ \t]+(?i:with|to)(?:[ \t]+|[ \t]*\r?\n[ \t]*)"
)
# A report of who did what on a date: "On 03/23/2024 Matthias Hoffmann reported a kitchen fire".
_ON_DATE = (
    r"(?i:on)[ \t]+(?:\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}[ \t]+\p{Lu}\p{Ll}+[ \t]+\d{4}"
    r"|\p{Lu}\p{Ll}+\.?[ \t]+\d{1,2},?[ \t]+\d{4}),?[ \t]+"
)
_REPORTING_VERB = (
    r"(?i:reported|called|phoned|stated|advised|notified|said|told|wrote|e-?mailed|submitted|filed"
    r"|was|visited|presented|attended|returned|confirmed|sent|signed|slipped|fell|noticed|discovered)"
)
# A beneficiary or dependant list: "Do-yoon Lee, son, born October 24, 1963".
_RELATION = (
    r"(?i:son|daughter|spouse|wife|husband|partner|brother|sister|mother|father|parent|child|stepson"
    r"|stepdaughter|grandson|granddaughter|grandchild|nephew|niece|cousin|friend|fianc[eé]e?|trust|estate"
    r"|guardian|born|dob)"
)
# A column header alone on its line, and a cell that is a whole line holding one name.
_COLUMN_HEADER = regex.compile(
    rf"^[ \t]*(?i:(?:{_ROLE})(?:[ \t]+(?:full[ \t]+)?name)?|(?:full[ \t]+)?name)[ \t]*:?[ \t]*\r?$",
    regex.MULTILINE,
)
_WHOLE_LINE_NAME = regex.compile(rf"[ \t]*(?P<value>{_LAST_FIRST}|{_NAME})[ \t]*\r?$")
_MAX_COLUMN_ROWS = 500
# A signature's "job title | employer" line.
_EMPLOYER_AFTER_TITLE = regex.compile(
    r"(?i:adjuster|agent|examiner|representative|investigator|manager|specialist|underwriter)[ \t]*\|[ \t]*$"
)
# A postal address block: the addressee's line, then the street line ("HUONG LE\n1618 BIRCH LN").
_STREET_NEXT = (
    rf"(?:[ \t]*\r?\n(?:[ \t]*{SEGMENT_JOIN}[ \t]*\r?\n)?[ \t]*|[ \t]+)"
    rf"(?=(?:{_US_STREET}|{_UK_STREET}|{_PO_BOX})(?![\p{{L}}\p{{M}}]))"
)


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

    Names in a name position outside a field (0.75, two words or more, any case): the agent
    of "driven/closed/reviewed by", "spoke with", "On 03/23/2024 <name> reported", "the other
    driver was <name>", "Signed <name> MBChB", a relation list ("<name>, son, born ..."), the
    addressee line over a street line ("HUONG LE\n1618 BIRCH LN"), and the rest of a column
    printed one name a line under its role header (PDF text of a register). A name found
    this way or by a label is also reported where the text prints it again, in "Last, First"
    or "First Last" order or in upper case (0.8, ``names.repeated_name_spans``).
    Not matched: "Claims Adjuster | Cobalt Ridge" (the employer in a signature), "inspected by
    Keystone Roofing Company", "Hello Again", "Signed Release Form".
    """

    ENTITY = "PERSON"
    FLAGS = CASE_SENSITIVE_FLAGS
    OVERLAPPED = True

    PATTERNS = [
        Pattern("Name after label", rf"(?<![\w])(?:{_NAME_LABEL}){_LABEL_SEP}(?P<value>{_VALUE})", 0.85),
        Pattern(
            "Single name field", rf"(?<![\w])(?:{_SINGLE_LABEL}){_LABEL_SEP}(?P<value>{_ONE_OR_MORE})", 0.7
        ),
        Pattern(
            "Name after title",
            rf"(?<![\w]){_TITLE}(?:[ \t]+|[ \t]*\r?\n[ \t]*)(?P<value>{_ONE_OR_MORE})(?![\p{{L}}])",
            0.7,
        ),
        # "The other driver was Do-yoon Jung", "the insured is Amara Okafor": a role in prose.
        Pattern(
            "Role is name",
            rf"(?<![\w])(?i:the[ \t]+(?:other[ \t]+)?|other[ \t]+)(?i:{_ROLE})[ \t]+(?i:was|is)"
            rf"(?:[ \t]+|[ \t]*\r?\n[ \t]*)(?P<value>{_NAME})(?![\p{{L}}\p{{M}}])",
            0.75,
        ),
        Pattern(
            "Name under sign-off",
            rf"(?<![\w]){_SIGN_OFF}[ \t]*,?[ \t]*\r?\n(?:[ \t]*\r?\n)?[ \t]*(?P<value>{_VALUE})",
            0.75,
        ),
        # "Hi Chinedu," / "Dear Sabine,": an e-mail greeting names its reader by first name.
        Pattern(
            "Greeting",
            rf"(?<![\w])(?i:hi|hello|dear|good[ \t]+(?:morning|afternoon))[ \t]+(?P<value>{_WORD})"
            r"(?=[ \t]*(?:[,!]|:?[ \t\r]*$))",
            0.75,
        ),
        Pattern("Signature line", rf"(?:/s/|(?i:signed|signature)[ \t]*:)[ \t]*(?P<value>{_VALUE})", 0.8),
        # "Signed Emily Clarke MBChB FRCS, 26/06/2024": no colon, so the name must end the clause.
        Pattern(
            "Signed name",
            rf"(?<![\w])(?i:signed)(?:[ \t]+|[ \t]*\r?\n[ \t]*)(?P<value>{_NAME})(?=[ \t]*(?:[,;\r\n]|$))",
            0.75,
        ),
        Pattern("Name after by", rf"(?<![\w])(?:{_BY})(?P<value>{_NAME})(?![\p{{L}}\p{{M}}])", 0.75),
        Pattern(
            "Name after a date",
            rf"(?<![\w]){_ON_DATE}(?P<value>{_NAME})[ \t]+(?={_REPORTING_VERB}(?![\p{{L}}]))",
            0.75,
        ),
        Pattern(
            "Name in a relation list",
            rf"^[ \t]*(?:[-*•][ \t]+)?(?P<value>{_NAME}),[ \t]*(?={_RELATION}(?![\p{{L}}]))",
            0.75,
        ),
        Pattern("Addressee over a street line", rf"^[ \t]*(?P<value>{_NAME}){_STREET_NEXT}", 0.75),
    ]

    CONTEXT: list[str] = []

    # Patterns whose value must keep at least two words after trimming.
    _TWO_WORDS = frozenset(
        {
            "Name after label",
            "Name under sign-off",
            "Signature line",
            "Signed name",
            "Name after by",
            "Role is name",
            "Name after a date",
            "Name in a relation list",
            "Addressee over a street line",
        }
    )

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        results += self._column_under_label(text, results)
        return results + with_repeats(self, text, results, REPEATED_SCORE)

    def _column_under_label(self, text: str, results: list[RecognizerResult]) -> list[RecognizerResult]:
        """A table column printed one cell a line (PDF text of a register): a role header alone
        on its line ("Assured", "Claimant Name"), then one name per line until a line that is
        not a name ("TOTAL", a blank line, the next column's header)."""
        out: list[RecognizerResult] = []
        if "\n" not in text:
            return out
        taken = {(r.start, r.end) for r in results}
        judged: dict[str, bool] = {}  # a name repeated down a column is judged once
        for header in _COLUMN_HEADER.finditer(text):
            pos = header.end()
            for _ in range(_MAX_COLUMN_ROWS):
                if not text.startswith("\n", pos):
                    break
                line_start = pos + 1
                line_end = text.find("\n", line_start)
                line_end = len(text) if line_end == -1 else line_end
                cell = _WHOLE_LINE_NAME.match(text, line_start, line_end)
                if cell is None:
                    break
                s, e = cell.span("value")
                phrase = text[s:e]
                if phrase not in judged:
                    judged[phrase] = is_person_name(phrase.replace(",", " ")) and not named_organisation(
                        text, phrase
                    )
                if not judged[phrase]:
                    break
                if (s, e) not in taken:
                    out.append(self._result(s, e, 0.75))
                pos = line_end
        return out

    def _result(self, start: int, end: int, score: float) -> RecognizerResult:
        return RecognizerResult(
            "PERSON",
            start,
            end,
            score,
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
            },
        )

    def trim_value(self, text: str, start: int, end: int, pattern: Pattern) -> tuple[int, int] | None:
        tab = text.find("\t", start, end)
        if tab != -1:
            end = tab  # a tab ends a form field: "Member: Thu Do<TAB>Date of Birth: ..."
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
        if pattern.name == "Name after label" and _EMPLOYER_AFTER_TITLE.search(
            text[max(0, start - 40) : start]
        ):
            return None  # "Claims Adjuster | Cobalt Ridge": the adjuster's employer
        if not is_person_name(phrase) or named_organisation(text, phrase):
            return None  # "Field Adjuster | Cobalt Ridge" where "Cobalt Ridge Indemnity" is printed
        return start, start + len(phrase)


# A name found by a label, printed again elsewhere in the same text (``names.repeated_name_spans``).
REPEATED_SCORE = 0.8


def with_repeats(
    recognizer: EntityRecognizer, text: str, results: list[RecognizerResult], score: float
) -> list[RecognizerResult]:
    """Results for the other places ``text`` prints a name in ``results`` (two words or more,
    reported at ``score`` or above), in the same or another order or case."""
    names = []
    for r in sorted(results, key=lambda r: -(r.end - r.start)):
        phrase = text[r.start : r.end]
        if r.score >= score and (len(phrase.split()) >= 2 or "," in phrase) and phrase not in names:
            names.append(phrase)
    if not names:
        return []
    taken = [(r.start, r.end) for r in results]
    metadata = {
        RecognizerResult.RECOGNIZER_NAME_KEY: recognizer.name,
        RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: recognizer.id,
    }
    return [
        RecognizerResult("PERSON", s, e, score, recognition_metadata=dict(metadata))
        for s, e in repeated_name_spans(text, names, taken)
    ]
