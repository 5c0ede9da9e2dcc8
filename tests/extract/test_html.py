from __future__ import annotations

from pathlib import Path

from .helpers import SSN, holding, run

PAGE = f"""<!DOCTYPE html>
<html><head><title>Claim</title>
<script>var ssn = "999-99-9999";</script>
<style>.x {{ color: red }}</style></head>
<body>
<p>Insured <b>Dana</b>
Example, SSN
{SSN}</p>
<table>
<tr><th>Name</th><th>Member ID</th></tr>
<tr><td>Ann Lee</td><td>MBR-31337</td></tr>
</table>
<table><tr><td>Policy no.:</td><td>POL-123<br>renewed</td></tr></table>
<form><input name="phone" value="555-0188"><input type="hidden" name="t" value="tok-1"></form>
</body></html>
"""


def test_visible_text_with_source_lines(tmp_path: Path) -> None:
    path = tmp_path / "claim.html"
    path.write_text(PAGE)
    segments = run(path)
    seg = holding(segments, SSN)
    assert seg.location.line == 6
    assert seg.location.line + seg.text[: seg.text.index(SSN)].count("\n") == 8
    assert "Dana\nExample" in seg.text
    assert not any("999-99-9999" in s.text or "color" in s.text for s in segments)
    assert not any("tok-1" in s.text for s in segments)


def test_table_cell_carries_its_header(tmp_path: Path) -> None:
    path = tmp_path / "claim.htm"
    path.write_text(PAGE)
    segments = run(path)
    seg = holding(segments, "MBR-31337")
    assert (seg.location.line, seg.context) == (11, ("Member ID", "Ann Lee"))
    policy = holding(segments, "POL-123")
    assert (policy.text, policy.location.line, policy.context) == ("POL-123 renewed", 13, ("Policy no.:",))
    assert holding(segments, "555-0188").context == ("phone",)


def test_html_fragment_named_txt_is_sniffed(tmp_path: Path) -> None:
    path = tmp_path / "mail-body.txt"
    path.write_text(f"<html><body><p>SSN <i>{SSN}</i></p><script>x=1</script></body></html>")
    segments = run(path)
    assert [s.text for s in segments] == [f"SSN {SSN}"]


def test_declared_charset_is_used(tmp_path: Path) -> None:
    path = tmp_path / "legacy.html"
    path.write_bytes(
        '<html><head><meta charset="windows-1252"></head><body>Ça coûte €5</body></html>'.encode("cp1252")
    )
    assert holding(run(path), "coûte").text == "Ça coûte €5"
