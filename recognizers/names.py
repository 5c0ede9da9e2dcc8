"""What is not a person's name: the filter shared by the PERSON recognizers and columns.

spaCy's small model and label patterns both propose capitalised phrases; on insurance
paperwork many of them are insurers, form headings, drug names or field labels. Each list
below is a reason a candidate is rejected; ``person_rejection`` names the first that applies.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

import regex

# Field labels and identifier words that show up capitalised next to names ("SSN", "DOB").
LABEL_WORDS = frozenset(
    """
    ssn ss dob d.o.b. d.o.b mrn npi dea vin id ids no number num nbr policy claim claims member group
    telephone mbr billed peril security social credit card relationship brother sister spouse partner
    plan date birth address phone tel fax email e-mail mobile cell zip postcode state city county
    country name names insured claimant patient policyholder subscriber beneficiary applicant
    employee employer owner signature signed dated total amount balance due
    status type code codes icd cpt hcpcs ndc dx rx diagnosis procedure account acct routing aba
    iban bic swift tin ein ref reference file case unit apt suite box po passport section part
    """.split()
)  # fmt: skip

# Words that make a phrase a document heading, a department or a thing rather than a person.
NOT_NAME_WORDS = frozenset(
    """
    the a an and or of for to in on at by with from as per via re fw fwd attn attention dear hi hello
    n/a na none unknown tbd tba pending same self see attached above below various yes not applicable
    null void sample example test redacted withheld confidential private
    benefits benefit explanation statement summary notice notification letter report form forms
    schedule declarations declaration endorsement exclusion exclusions coverage coverages deductible
    premium premiums liability collision comprehensive vehicle auto automobile home homeowners
    property dwelling flood fire theft damage loss losses medical dental vision pharmacy prescription
    drug drugs treatment therapy emergency urgent care network provider providers physician doctor
    nurse adjuster agent broker underwriter underwriting department dept team office services service
    customer customers support center centre division section item line box subtotal payment
    payments paid time period effective expiration renewal terms conditions contract certificate
    accident incident injury injuries bodily personal general limited limit limits total annual
    monthly daily weekly new old first last middle full primary secondary additional other
    street avenue road drive boulevard highway suite floor building
    mr mrs ms miss mx dr prof sir madam jr sr md dds rn np phd esq
    we you your yours our ours this these those it its they their them my me us i
    mbchb mbbs frcs frcp mrcp mrcs facs dpm dnp crna lpn lcsw
    monday tuesday wednesday thursday friday saturday sunday
    all everyone there folks colleagues again both
    important please thank thanks sincerely regards best kind yours truly respectfully cordially
    welcome congratulations dear questions contact call visit online portal app website
    hospital clinic health healthcare medicare medicaid insurance assurance mutual life casualty
    financial bank trust company corporation corp inc llc llp ltd plc co group holdings partners
    associates agency underwriters administrators foundation university college school
    license licence licensed permit registration plate vin make model year color colour
    information info details detail record records history description notes note comments remarks
    request response review approved denied closed open opened reopened paid unpaid submitted
    received reported filed complete incomplete required optional signed witness injured insurer
    carrier employer relationship occupation gender sex male female marital single married
    divorced widowed children child son daughter wife husband mother father
    true false mailing work cell business billing shipping physical
    admitted discharged attending charges
    builders restoration roofing construction contractors plumbing towing surgery memorial
    regional indemnity physiotherapy imaging institute
    """.split()
)  # fmt: skip

# Organisation suffixes: a phrase ending in one of these is an organisation.
ORG_SUFFIXES = frozenset(
    """
    inc inc. llc llp ltd ltd. plc corp corp. co co. company corporation group holdings partners
    associates agency insurance assurance mutual bank trust hospital clinic pharmacy center centre
    services solutions systems foundation university college
    """.split()
)  # fmt: skip

# Carriers, health plans, administrators and brand names often tagged PERSON by NER.
INSURERS = frozenset(
    """
    aetna cigna humana anthem allstate geico progressive nationwide travelers chubb metlife prudential
    unitedhealthcare unitedhealth optum bcbs farmers usaa hartford aig zurich axa aviva allianz
    lloyd's lloyds admiral bupa massmutual guardian erie amica hanover markel berkley esurance safeco
    centene molina wellcare ambetter medica highmark premera regence carefirst emblemhealth
    tricare ameritas aflac assurant lemonade hiscox munich swiss generali mapfre sompo tokio
    transamerica protective unum equitable voya brighthouse globe
    """.split()
)  # fmt: skip
INSURER_PHRASES = (
    "state farm", "liberty mutual", "blue cross", "blue shield", "direct line", "legal & general",
    "legal and general", "new york life", "northwestern mutual", "mutual of omaha", "american family",
    "the general", "florida blue", "john hancock", "pacific life", "great west", "sun life",
    "united healthcare", "health net", "lincoln financial", "swiss re", "munich re", "kaiser permanente",
    "oscar health", "principal financial", "guardian life",
)  # fmt: skip

# Common prescription drugs (top US dispensed generics and brands), often capitalised alone.
DRUGS = frozenset(
    """
    lisinopril metformin atorvastatin amlodipine levothyroxine omeprazole simvastatin losartan
    albuterol gabapentin hydrochlorothiazide sertraline metoprolol montelukast rosuvastatin
    escitalopram bupropion furosemide pantoprazole fluoxetine trazodone prednisone tramadol
    amoxicillin azithromycin ciprofloxacin doxycycline cephalexin ibuprofen acetaminophen naproxen
    meloxicam cyclobenzaprine oxycodone hydrocodone morphine fentanyl insulin lantus humalog
    warfarin apixaban eliquis xarelto rivaroxaban clopidogrel plavix carvedilol citalopram
    duloxetine venlafaxine alprazolam clonazepam lorazepam zolpidem quetiapine aripiprazole
    risperidone lamotrigine topiramate levetiracetam tamsulosin finasteride sildenafil tadalafil
    ozempic semaglutide wegovy mounjaro tirzepatide jardiance januvia trulicity humira adalimumab
    keytruda enbrel stelara dupixent ventolin advair symbicort spiriva singulair synthroid
    crestor lipitor zocor norvasc prilosec nexium zoloft prozac lexapro wellbutrin xanax valium
    ambien neurontin lyrica cymbalta seroquel abilify tylenol advil motrin aleve aspirin
    penicillin methotrexate prednisolone dexamethasone hydroxychloroquine famotidine ondansetron
    """.split()
)  # fmt: skip

_HAS_DIGIT_OR_AT = regex.compile(r"[\d@#$%&*=<>/\\|_;]")  # ";": cells of a mis-split CSV row
_TOKEN_STRIP = ".,;:()[]\"'’"


def tokens(phrase: str) -> list[str]:
    """Lower-cased words of ``phrase`` without surrounding punctuation."""
    return [t.strip(_TOKEN_STRIP).lower() for t in phrase.split() if t.strip(_TOKEN_STRIP)]


def person_rejection(phrase: str) -> str | None:
    """Why ``phrase`` is not a person's name, or None if it may be one."""
    words = tokens(phrase)
    if not words:
        return "empty"
    if _HAS_DIGIT_OR_AT.search(phrase):
        return "digits or symbols"
    if any(c.islower() for c in phrase) and not any(c.isupper() for c in phrase):
        return "lower case"  # "jump starts": names are printed with capitals
    if len(words) > 6:
        return "too long"
    lowered = " ".join(words)
    if any(p in lowered for p in INSURER_PHRASES) or any(w in INSURERS for w in words):
        return "insurer"
    if any(w in DRUGS for w in words):
        return "drug"
    if words[-1] in ORG_SUFFIXES:
        return "organisation"
    # A capital initial ("Michael A. Bennett") is not the article "a".
    initials = {
        t.strip(_TOKEN_STRIP).lower()
        for t in phrase.split()
        if len(t.strip(_TOKEN_STRIP)) == 1 and t[0].isupper()
    }
    if any((w in LABEL_WORDS or w in NOT_NAME_WORDS) and w not in initials for w in words):
        return "label or common word"
    if all(len(w) <= 1 for w in words):
        return "initials only"
    return None


# Words that end an organisation's name ("Cobalt Ridge Indemnity", "St. Luke's Regional Medical
# Center"): a candidate printed elsewhere in the same text followed by one is that organisation.
_ORG_END = ORG_SUFFIXES | frozenset(
    """
    indemnity casualty surgery memorial builders restoration roofing construction contractors
    towing motors imaging institute physiotherapy health life plan medical regional
    care therapy rehabilitation dental orthopedics orthopaedics radiology pediatrics glass recovery
    """.split()
)


def named_organisation(text: str, phrase: str) -> bool:
    """``phrase`` appears in ``text`` as the start of an organisation's name: followed (after an
    optional "'s") by up to three capitalised words, the last of them an organisation word."""
    if len(phrase) < 3:
        return False
    pos = text.find(phrase)
    while pos != -1:
        after = text[pos + len(phrase) : pos + len(phrase) + 60].split("\n", 1)[0]
        m = _ORG_AFTER.match(after)
        if m and tokens(m.group("last"))[:1] and tokens(m.group("last"))[0] in _ORG_END:
            return True
        pos = text.find(phrase, pos + 1)
    return False


_ORG_AFTER = regex.compile(r"^(?:['’]s)?(?:[ \t]+\p{Lu}[\p{L}&.\-]*){0,2}[ \t]+(?P<last>\p{Lu}[\p{L}.]*)")


def is_person_name(phrase: str) -> bool:
    """``phrase`` may be a person's name (see ``person_rejection``)."""
    return person_rejection(phrase) is None


# --- the same name elsewhere in the text ---------------------------------------------------

_MAX_REPEATED = 50


def name_variants(phrase: str) -> list[str]:
    """How the same person is printed elsewhere: "Nwosu, Adaeze" <-> "Adaeze Nwosu", with and
    without a middle name or initial, and in upper case. Never a first name alone."""
    phrase = " ".join(phrase.split())
    if "," in phrase:
        last, rest = (part.strip() for part in phrase.split(",", 1))
        given = rest.split()
        if not last or not given:
            return []
        forms = {f"{last}, {rest}", f"{rest} {last}", f"{given[0]} {last}", f"{last}, {given[0]}"}
    else:
        words = phrase.split()
        if len(words) < 2:
            return []
        last, given = words[-1], words[:-1]
        forms = {phrase, f"{last}, {' '.join(given)}", f"{last}, {given[0]}", f"{given[0]} {last}"}
    forms |= {f.upper() for f in forms}
    # Longest first: "Bennett, Michael A." before "Bennett, Michael" takes its span.
    return sorted((f for f in forms if is_person_name(f.replace(",", " "))), key=lambda f: (-len(f), f))


def _in_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_" or unicodedata.category(ch).startswith("M")


def _variant_spans(text: str, variant: str) -> Iterator[tuple[int, int]]:
    """Where ``variant`` is printed as whole words, any run of white space between its words
    and none before a comma ("Nwosu,  Adaeze", "Adaeze\nNwosu").

    Found with ``str.find`` and a walk: compiling a pattern per name cost ~0.3 ms each, a
    sixth of the scan time of a claims register full of names."""
    words = variant.replace(",", " , ").split()
    if not words:
        return
    first, rest = words[0], words[1:]
    pos = text.find(first)
    while pos != -1:
        i, ok, after_comma = pos + len(first), True, False
        for w in rest:
            if w == ",":
                if not text.startswith(",", i):
                    ok = False
                    break
                i += 1
                after_comma = True
                while i < len(text) and text[i].isspace():
                    i += 1
                continue
            if not after_comma:
                j = i
                while j < len(text) and text[j].isspace():
                    j += 1
                if j == i:
                    ok = False
                    break
                i = j
            after_comma = False
            if not text.startswith(w, i):
                ok = False
                break
            i += len(w)
        if ok and not (pos > 0 and _in_word(text[pos - 1])) and not (i < len(text) and _in_word(text[i])):
            yield pos, i
        pos = text.find(first, pos + 1)


def repeated_name_spans(text: str, phrases: list[str], taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans in ``text`` where one of ``phrases`` (names already found, two words or more) is
    printed again, in any of its ``name_variants``, outside the ``taken`` spans. A name read
    from a label ("Name of Insured - Nwosu, Adaeze") is the same name in the narrative
    ("On 02/27/2023 Adaeze Nwosu reported ...") or a subject line ("Claim 123 (Nwosu, Adaeze)")."""
    found: list[tuple[int, int]] = []
    spans = list(taken)
    done: set[str] = set()
    for phrase in phrases[:_MAX_REPEATED]:
        for variant in name_variants(phrase):
            if variant in done:
                continue
            done.add(variant)
            for s, e in _variant_spans(text, variant):
                if all(e <= ts or s >= te for ts, te in spans):
                    spans.append((s, e))
                    found.append((s, e))
    return found


# A word as it may start a name: optional opening punctuation, a capital, no digit.
_CAPITALISED = regex.compile(r"(?:^|(?<=\s))[\p{P}\p{S}]*(\p{Lu}[^\s\d]*)(?=\s|$)")


def may_hold_name(line: str) -> bool:
    """Whether ``line`` has a word that can be part of a name ``person_rejection`` accepts: one
    starting with a capital, without digits, that is not a label, common word, drug or insurer.

    A name the NER model finds is cut at line breaks and stripped of label words at its ends,
    and a phrase holding a label or common word, or no capital, is rejected; so a line of
    dates, amounts and references, or of labels only ("Policy Number:", "Date of Loss"), gives
    the model nothing it could report. ``scanner.nlp`` keeps such lines from the model."""
    for m in _CAPITALISED.finditer(line):
        words = tokens(m.group(1))
        if words and words[0] not in _NEVER_IN_A_NAME:
            return True
    return False


# A phrase holding one of these is rejected whatever else it holds (``person_rejection``), so
# a capitalised drug ("Atorvastatin 20 mg") or insurer gives the model nothing to find.
_NEVER_IN_A_NAME = LABEL_WORDS | NOT_NAME_WORDS | DRUGS | INSURERS
