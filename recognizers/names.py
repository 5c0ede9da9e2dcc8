"""What is not a person's name: the filter shared by the PERSON recognizers and columns.

spaCy's small model and label patterns both propose capitalised phrases; on insurance
paperwork many of them are insurers, form headings, drug names or field labels. Each list
below is a reason a candidate is rejected; ``person_rejection`` names the first that applies.
"""

from __future__ import annotations

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
    iban bic swift tin ein ref reference file case unit apt suite box po
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
    monday tuesday wednesday thursday friday saturday sunday
    all everyone there folks colleagues
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

_HAS_DIGIT_OR_AT = regex.compile(r"[\d@#$%&*=<>/\\|_]")
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
