"""Tables printed as text: cells judged by their column header (TableColumnRecognizer), and
codes / checksummed numbers under a PDF-style header line (``tables.under_header``)."""

from __future__ import annotations

import random

import pytest
import regex

from recognizers import tables
from recognizers.tables import header_line_above, text_table_cells, under_header

# Synthetic values: NPI 1234567893 (CMS example, valid Luhn), DEA AB1234563 (valid check digit).
FIXED = """Health claims detail
Subscriber         Member ID     Group #     CPT    Diagnosis  Provider NPI  Paid
-----------------  ------------  ----------  -----  ---------  ------------  ----------
Iyer, Lakshmi      W066751243    GRP-340712  97140  S06.0X0A   1234567893    $7,997.00
Adebayo, Adaeze    317563920-04  N/A         72148  M25.561    1234567893    $58,111.22
"""
TAB = "Name\tRelationship\tDate of Birth\tSSN\tShare\nThanh Vu\tTrust\t07/18/1942\t216-81-9431\t50%\n"
PIPE = "| Date | Cardholder | Card # | Policy |\n| 05/29/2024 | Elodie Lefevre | 4111 1111 1111 1111 | AUT9775831 |\n"
PDF_ROWS = (
    "Subscriber Member ID Group # DOS CPT ICD-10 NPI Charges Paid\n"
    "Khalid Al-Sayed W752045527 0099954 02/12/2024 E0114 E11.9 1234567893 $19,546.00 $41,199.00\n"
)
RATES = "ZIP Code  Territory  Age band  Monthly premium\n--------  ---------  --------  ------\n80291     T25        21-24     $268.00\n"


def _cells(text: str) -> dict[str, str]:
    return {text[c.start : c.end]: c.header for c in text_table_cells(text)}


def test_fixed_width_cells_take_the_header_of_their_column() -> None:
    cells = _cells(FIXED)
    assert cells["W066751243"] == "Member ID"
    assert cells["317563920-04"] == "Member ID"
    assert cells["1234567893"] == "Provider NPI"
    assert cells["Iyer, Lakshmi"] == "Subscriber"


def test_tab_and_pipe_tables() -> None:
    assert _cells(TAB)["07/18/1942"] == "Date of Birth"
    assert _cells(PIPE)["AUT9775831"] == "Policy"
    assert _cells(PIPE)["Elodie Lefevre"] == "Cardholder"


def test_key_value_lines_are_not_a_table() -> None:
    assert text_table_cells("Member\tJun Zhao\nID No.\tW185677902\nGrp\t332056-7357\n") == ()
    assert (
        text_table_cells(
            "Policy No.: AUT0524912    Claim #: C-72-58616-71\nInsured: Jun Zhao    DOB: 01/02/1980\n"
        )
        == ()
    )


def test_header_line_above_for_pdf_rows() -> None:
    pos = PDF_ROWS.index("1234567893")
    assert header_line_above(PDF_ROWS, pos) == PDF_ROWS.splitlines()[0]
    assert under_header(PDF_ROWS, pos, regex.compile(r"\bNPI\b"))
    assert header_line_above("Please call us.\nThe claim 1234567893 is open.", 20) is None


# fmt: off
FOUND = [
    (FIXED, "MEMBER_ID", "317563920-04"),
    (FIXED, "GROUP_NUMBER", "GRP-340712"),
    (FIXED, "US_NPI", "1234567893"),
    (FIXED, "CPT_CODE", "97140"),
    (FIXED, "PERSON", "Iyer, Lakshmi"),
    (TAB, "DATE_OF_BIRTH", "07/18/1942"),
    (PIPE, "POLICY_NUMBER", "AUT9775831"),
    (PDF_ROWS, "US_NPI", "1234567893"),
    (PDF_ROWS, "HCPCS_CODE", "E0114"),
    (PDF_ROWS, "ICD10_CODE", "E11.9"),
    ("Drug  NDC  Qty  Prescriber DEA\nLisinopril 10 mg  8205-3028-10  30  AB1234563\n", "DEA_NUMBER", "AB1234563"),
    ("Diagnoses\nCode Description\nZ79.4 Long term (current) use of insulin\n", "ICD10_CODE", "Z79.4"),
]
NOT_FOUND = [
    (FIXED, "GROUP_NUMBER", "N/A"),                 # a cell that does not fit its column
    (RATES, "CPT_CODE", "80291"),                   # a ZIP code column is not a procedure column
    ("Date Provider Facility Amount\n05/21/2024 Dr. Rivera 1234567893 $300.00\n", "CPT_CODE", "30000"),
]
# fmt: on


@pytest.mark.parametrize(("text", "entity", "value"), FOUND)
def test_engine_finds_table_values(values, text: str, entity: str, value: str) -> None:
    assert value in values(text, entity)


@pytest.mark.parametrize(("text", "entity", "value"), NOT_FOUND)
def test_engine_ignores_values_that_do_not_fit(values, text: str, entity: str, value: str) -> None:
    assert value not in values(text, entity)


# Issue #5: a mail body's CRLF line ends, and the rule line under a fixed-width header.
CRLF_PIPE = (
    "Please see the open claims below.\r\n\r\n"
    "| Claim | Claimant | Policy | Date of Loss | Paid |\r\n"
    "| RH488-87597 | Reddy, Sanjay | UCJ/9695269/2019 | 01/08/2024 | $24,374.00 |\r\n"
    "| 22-273-818353 | Król, Zofia | PA 5074 7539 49 | 09/09/2023 | $6,880.00 |\r\n"
)
RULED = (
    "Diagnoses\n---------\nCode    Description\n------  ----------------------------------\n"
    "J06.9   Acute upper respiratory infection, unspecified\n"
    "M17.11  Unilateral primary osteoarthritis, right knee\n"
)


def test_crlf_pipe_table_cells() -> None:
    cells = _cells(CRLF_PIPE)
    assert cells["Król, Zofia"] == "Claimant"
    assert cells["$6,880.00"] == "Paid"  # the "\r" is not a cell of its own


def test_rule_line_is_not_the_header() -> None:
    pos = RULED.index("J06.9")
    assert header_line_above(RULED, pos) == "Diagnoses Code    Description"


# fmt: off
MORE_FOUND = [
    (CRLF_PIPE, "PERSON", "Reddy, Sanjay"),
    (CRLF_PIPE, "POLICY_NUMBER", "PA 5074 7539 49"),
    (RULED, "ICD10_CODE", "J06.9"),
    (RULED, "ICD10_CODE", "M17.11"),
]
# fmt: on


@pytest.mark.parametrize(("text", "entity", "value"), MORE_FOUND)
def test_engine_finds_more_table_values(values, text: str, entity: str, value: str) -> None:
    assert value in values(text, entity)


def _walk_up(text: str, pos: int) -> str | None:
    """``header_line_above`` as a plain walk from the row up, remembering nothing: the oracle
    for the remembered walks."""
    end = text.rfind("\n", 0, pos)
    for _ in range(tables._MAX_ROWS_UP):
        if end <= 0:
            return None
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end].strip()
        if not line or line == "\u241e":
            return None
        if tables._header_words(line) and not tables._RULE.match(line):
            return f"{tables._title_above(text, start)} {line}".strip()
        end = start - 1
    return None


ROWS = [
    "Subscriber Member ID Group # DOS CPT",
    "Code  Description",
    "Diagnoses",
    "-----  ----------",
    "Khalid Al-Sayed W752045527 0099954 02/12/2024 E0114",
    "E11.9  Type 2 diabetes",
    "2024-01-02 06:00:00.000 INFO txn=1c593af5 seq=2",
    "\u241e",
    "",
    "   ",
]


@pytest.mark.parametrize("seed", range(6))
def test_remembered_header_walks_equal_a_plain_walk(seed: int) -> None:
    rng = random.Random(seed)
    # Blocks long enough to cross the walk's limit of rows, with headers here and there.
    blank = 0 if seed % 2 else 2
    weights = [1, 1, 1, 1, 60, 20, 120, blank, blank, blank]
    lines = rng.choices(ROWS, weights=weights, k=rng.choice([50, 900, 1500]))
    text = "\n".join(lines) + "\n"
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"][:-1]
    queries = [s + rng.randrange(3) for s in starts]
    rng.shuffle(queries)  # remembered rows must not depend on the order of the questions
    tables._header_memo.cache_clear()
    assert [header_line_above(text, q) for q in queries] == [_walk_up(text, q) for q in queries]


@pytest.mark.parametrize("order", ["top first", "bottom first"])
def test_a_header_more_rows_up_than_the_limit_is_not_read(order: str) -> None:
    limit = tables._MAX_ROWS_UP
    rows = ["Subscriber Member ID Group # DOS CPT"]
    rows += [f"row {i} W75204552{i % 10} 02/12/2024" for i in range(limit + 5)]
    text = "\n".join(rows)
    at = [text.index(f"row {i} ") for i in range(limit + 5)]
    tables._header_memo.cache_clear()
    # Rows walked past are remembered with their distance to the header, which must still
    # honour the limit for the rows below them.
    asked = sorted(range(limit + 5), reverse=order == "bottom first")
    got = {i: header_line_above(text, at[i]) for i in asked}
    assert got[limit - 1] == rows[0] and got[0] == rows[0]
    assert got[limit] is None and got[limit + 4] is None


def test_the_gate_holds_wherever_a_table_is_found() -> None:
    """The engine's prefilter skips ``TableColumnRecognizer`` where ``_GATE`` has no match: a
    text in which tables are found must always match it, whatever its white space."""
    import random

    import regex

    from recognizers.table_columns import _GATE

    gate = regex.compile(_GATE)
    rng = random.Random(5)
    labels = ["Name", "SSN", "Member ID", "Date of Birth", "Plan"]
    values = ["Thanh Vu", "216-81-9431", "07/18/1942", "W185677902", "PPO"]
    seps = [" ", "  ", "   ", "\t", " | ", "|", "\u00a0", " \u00a0", "\u3000", "\r", "\x0b", "\x0c"]
    found = 0
    for _ in range(4_000):
        width, sep = rng.randint(2, 5), rng.choice(seps)

        def row(words: list[str], width: int = width, sep: str = sep) -> str:
            # Mostly the table's own separator, now and then another one.
            return (
                rng.choice(["", "| ", " "])
                + "".join(
                    w + (sep if rng.random() < 0.8 else rng.choice(seps)) for w in rng.sample(words, width)
                ).rstrip()
            )

        lines = [row(labels)] + [row(values) for _ in range(rng.randint(1, 3))]
        text = rng.choice(["\n", "\r\n"]).join(lines) + "\n"
        if text_table_cells(text):
            found += 1
            assert gate.search(text), repr(text)
    assert found > 500, found
