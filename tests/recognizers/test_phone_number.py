"""PHONE_NUMBER: PhoneNumberRecognizer (replaces Presidio's PhoneRecognizer)."""

from __future__ import annotations

import pytest

ENTITY = "PHONE_NUMBER"

# fmt: off
POSITIVES = [
    ("Phone: (312) 555-0143", "(312) 555-0143", 0.8),
    ("Cell 312.555.0143, best after 5", "312.555.0143", 0.8),
    ("Please call the claimant at 312-555-0143.", "312-555-0143", 0.55),
    ("Home Tel: +1 312 555 0143", "+1 312 555 0143", 0.8),
    ("Mobile: 3125550143", "3125550143", 0.8),
    ("| Amara Okafor | (773) 555-0188 | amara@example.com |", "(773) 555-0188", 0.55),
    ("Work phone 1-312-555-0143 ext. 204", "1-312-555-0143 ext. 204", 0.8),
    ("Tel: 020 7946 0958", "020 7946 0958", 0.8),
    ("Claimant mobile 07700 900123", "07700 900123", 0.8),
    ("Reached the witness on +44 20 7946 0958 yesterday.", "+44 20 7946 0958", 0.5),
    ("Contact number: +49 30 901820", "+49 30 901820", 0.8),
    ("Fax: (312) 555-0199", "(312) 555-0199", 0.8),
    ("Phone\n312-555-0143", "312-555-0143", 0.8),
]
NEGATIVES = [
    "Call us toll-free at 1-800-555-0199.",                       # toll-free
    "Claims line: (888) 555-0100",
    "Call us at (860) 555-0100, Monday-Friday 8am-6pm.",          # insurer line, opening hours
    "Customer Service (860) 547-5000",
    "Our claims team is available at 860-555-0123 24/7.",
    "Freephone 0800 123 4567",                                    # UK freephone
    "Call our helpline on 0345 600 1234",                         # UK national rate
    "SSN 536-90-4399",
    "ZIP 62704-1234",
    "NDC 00093-7210-01",
    "Claim 2024-001-0043 opened",
    "Phone: 123-456-7890",                                        # placeholder, area code 1xx
    "Phone: (555) 555-5555",                                      # placeholder
    "Date 2024.05.06 12:30",
    "Policy 3125550143",                                          # bare digits without a phone label
    "Total 1,234,567.89",
]
# fmt: on


@pytest.mark.parametrize(("text", "value", "min_score"), POSITIVES)
def test_finds(values, text: str, value: str, min_score: float) -> None:
    found = values(text, ENTITY)
    assert found.get(value, 0.0) >= min_score, found


@pytest.mark.parametrize("text", NEGATIVES)
def test_ignores(values, text: str) -> None:
    assert values(text, ENTITY) == {}


def test_plain_north_american_numbers_parse_as_the_library_parses_them() -> None:
    # ``_parse`` reads these shapes itself; the library must agree on every one of them.
    import random

    import phonenumbers

    from recognizers import phone_number

    rng = random.Random(5)
    seen = 0
    for _ in range(6000):
        area, exchange = f"{rng.randint(0, 999):03d}", f"{rng.randint(0, 999):03d}"
        line = f"{rng.randint(0, 9999):04d}"
        lead = rng.choice(["", "", "1", "+1", "1 ", "+1 ", "1-", "+1.", "1."])
        opened, closed = rng.choice([("", ""), ("(", ")"), ("(", ""), ("", ")")])
        seps = [rng.choice(["", " ", "-", "."]) for _ in range(2)]
        value = f"{lead}{opened}{area}{closed}{seps[0]}{exchange}{seps[1]}{line}"
        if phone_number._PLAIN_NANP.fullmatch(value) is None:
            continue
        seen += 1
        phone_number._parse.cache_clear()
        region = None if value.startswith("+") else "US"
        assert phone_number._parse(value) == phonenumbers.parse(value, region), value
    assert seen > 2500
    # Other shapes are left to the library.
    for value, core, region in [
        ("(212) 555-0143 x12", "(212) 555-0143", "US"),
        ("212-155-0143", "212-155-0143", "US"),
        ("020 7946 0958", "020 7946 0958", "GB"),
        ("+44 20 7946 0958", "+44 20 7946 0958", None),
    ]:
        phone_number._parse.cache_clear()
        assert phone_number._parse(value) == phonenumbers.parse(core, region), value
