from __future__ import annotations

from pathlib import Path

import pytest

from scanner.errors import ExtractError

from .helpers import SSN, holding, run

CLAIMS = f"""<?xml version="1.0" encoding="UTF-8"?>
<c:claims xmlns:c="urn:example:claims">
  <c:claim id="1"><c:ssn>000-00-0001</c:ssn></c:claim>
  <c:claim id="2">
    <c:insured name="Dana Example">
      <c:ssn>{SSN}</c:ssn>
    </c:insured>
    <c:note>called <c:b>twice</c:b> from 555-0100 today</c:note>
  </c:claim>
</c:claims>
"""


def test_element_path_line_and_context(tmp_path: Path) -> None:
    path = tmp_path / "claims.xml"
    path.write_text(CLAIMS)
    segments = run(path)
    seg = holding(segments, SSN)
    assert (seg.location.key, seg.location.line, seg.context) == (
        "/claims/claim[2]/insured/ssn",
        6,
        ("ssn", "insured"),
    )
    attr = holding(segments, "Dana Example")
    assert (attr.location.key, attr.context) == ("/claims/claim[2]/insured/@name", ("name", "insured"))
    tail = holding(segments, "555-0100")
    assert tail.location.key == "/claims/claim[2]/note"


def test_utf16_xml(tmp_path: Path) -> None:
    path = tmp_path / "claims.xml"
    path.write_bytes(CLAIMS.replace("UTF-8", "UTF-16").encode("utf-16"))
    assert holding(run(path), SSN).location.key == "/claims/claim[2]/insured/ssn"


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<lolz>&lol4;</lolz>
"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<r>&secret;</r>
"""


@pytest.mark.parametrize("doc", [BILLION_LAUGHS, EXTERNAL])
def test_entity_declarations_are_refused(tmp_path: Path, doc: str) -> None:
    path = tmp_path / "evil.xml"
    path.write_text(doc)
    with pytest.raises(ExtractError, match="entit") as info:
        run(path)
    assert info.value.status == "error"


def test_entity_declaration_after_a_long_prolog_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "evil.xml"
    comment = "<!-- " + "x" * (2 << 20) + " -->\n"
    path.write_text('<?xml version="1.0"?>\n' + comment + EXTERNAL.split("\n", 1)[1])
    with pytest.raises(ExtractError, match="entit"):
        run(path)


def test_malformed_xml_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.xml"
    path.write_text("<a><b>text</a>")
    with pytest.raises(ExtractError, match="malformed XML"):
        run(path)


def test_names_that_may_hold_data_are_segments(tmp_path: Path) -> None:
    path = tmp_path / "register.xml"
    path.write_text(
        '<claims><claimNumber>see below</claimNumber><CLM-2024-123456 status="open" JaneRoe="witness"/>'
        "<claim><CLM-2024-123456/></claim></claims>"
    )
    located = {s.text: s.location.key for s in run(path)}
    assert located["CLM-2024-123456"] == "/claims/*[2]"
    assert located["Jane Roe"] == "/claims/*[2]/@*[2]"
    assert "claim Number" not in located and "claimNumber" not in located


def test_names_that_look_like_values_stay_out_of_locations(tmp_path: Path) -> None:
    path = tmp_path / "by_name.xml"
    path.write_text(
        '<claims><CLM-2024-123456 status="open"><insured>Dana Cole</insured></CLM-2024-123456>'
        '<claim><note POL-2020-553891="x">plain</note></claim></claims>'
    )
    segments = run(path)
    keys = [seg.location.key or "" for seg in segments]
    assert not any("123456" in k or "553891" in k for k in keys)
    assert holding(segments, "Dana Cole").location.key == "/claims/*[1]/insured"
    assert holding(segments, "plain").location.key == "/claims/claim/note"
