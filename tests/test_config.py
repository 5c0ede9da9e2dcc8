from __future__ import annotations

from pathlib import Path

import pytest

from scanner.config import Config, load_config, parse_size
from scanner.errors import ConfigError

# fmt: off
SIZES = [
    ("64 MiB", 64 * 1024**2),
    ("1GB", 1000**3),
    ("512", 512),
    (1024, 1024),
    ("1.5 KiB", 1536),
]
# fmt: on


@pytest.mark.parametrize(("text", "expected"), SIZES)
def test_parse_size(text: str | int, expected: int) -> None:
    assert parse_size(text, "x") == expected


@pytest.mark.parametrize("bad", ["lots", "-1", "12 parsecs", True])
def test_parse_size_rejects(bad: object) -> None:
    with pytest.raises(ConfigError, match="x"):
        parse_size(bad, "x")  # type: ignore[arg-type]


def test_defaults_without_file() -> None:
    assert load_config(None) == Config()


def test_full_file(tmp_path: Path) -> None:
    f = tmp_path / "c.toml"
    f.write_text(
        """
include = ["**/*.pdf"]
exclude = ["**/tmp/**"]
entities = ["us_ssn", "PERSON"]
min_score = 0.7
[limits]
max_file_size = "10 MiB"
max_archive_depth = 2
max_expansion_ratio = 50
per_file_timeout = 5
text_part_size = "2 MiB"
pdf_part_pages = 100
[[recognizers]]
entity = "policy_number"
regex = "ACME-[0-9]{8}"
context = ["policy"]
score = 0.4
"""
    )
    c = load_config(f)
    assert c.include == ("**/*.pdf",)
    assert c.entities == ("US_SSN", "PERSON")
    assert c.min_score == 0.7
    assert c.limits.max_file_size == 10 * 1024**2
    assert c.limits.max_archive_depth == 2
    assert c.limits.per_file_timeout == 5.0
    assert c.limits.text_part_size == 2 * 1024**2
    assert Config().limits.text_part_size == 8 * 1024**2
    assert c.limits.pdf_part_pages == 100
    assert Config().limits.pdf_part_pages == 250
    assert c.recognizers[0].entity == "POLICY_NUMBER"
    assert c.recognizers[0].name == "CustomPolicyNumberRecognizer"
    assert c.recognizers[0].context == ("policy",)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("min_scroe = 0.5", "unknown setting 'min_scroe'"),
        ("[limits]\nmax_depth = 3", "unknown setting 'max_depth'"),
        ("min_score = 2", "min_score"),
        ("entities = 3", "entities"),
        ("[[recognizers]]\nentity = 'X'", "'regex' is required"),
        ("[limits]\nmax_file_size = 'huge'", "max_file_size"),
        ("[limits]\ntext_part_size = -1", "text_part_size: must not be negative"),
        ("[limits]\npdf_part_pages = 2.5", "pdf_part_pages: expected a whole number"),
        ("this is not toml", "not valid TOML"),
    ],
)
def test_bad_files_name_the_setting(tmp_path: Path, body: str, message: str) -> None:
    f = tmp_path / "c.toml"
    f.write_text(body)
    with pytest.raises(ConfigError, match=message):
        load_config(f)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read config file"):
        load_config(tmp_path / "nope.toml")


def test_overrides_ignore_none() -> None:
    c = Config().with_overrides(min_score=None, workers=3)
    assert c.min_score == Config().min_score
    assert c.workers == 3
