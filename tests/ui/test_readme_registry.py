"""The README's indicator table is the registry's: an indicator missing from it fails here."""

from __future__ import annotations

from scoring.registry import INDICATORS
from scoring.registry_table import BEGIN, END, README, markdown_table, readme_with_table


def test_readme_table_matches_registry() -> None:
    text = README.read_text(encoding="utf-8")
    assert BEGIN in text and END in text, "run: python -m scoring.registry_table --write"
    assert text.split(BEGIN, 1)[1].split(END, 1)[0].strip() == markdown_table(), (
        "README indicator table is stale; run: python -m scoring.registry_table --write"
    )


def test_every_indicator_is_documented() -> None:
    table = README.read_text(encoding="utf-8").split(BEGIN, 1)[1].split(END, 1)[0]
    undocumented = [ind.code for ind in INDICATORS if f"| `{ind.code}` |" not in table]
    assert not undocumented, f"indicators missing from README: {undocumented}"


def test_rewrite_is_idempotent() -> None:
    once = readme_with_table("# Title\n")
    assert readme_with_table(once) == once
