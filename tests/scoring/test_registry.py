"""Every indicator of the registry is documented in the three languages and scorable."""

from __future__ import annotations

import pytest

from scoring.registry import INDICATORS, PILLARS


@pytest.mark.parametrize("indicator", INDICATORS, ids=lambda i: i.code)
def test_indicator_is_documented(indicator) -> None:
    for lang in ("kk", "ru", "en"):
        assert indicator.label.get(lang, "").strip(), f"{indicator.code}: no {lang} label"
        assert indicator.description.get(lang, "").strip(), f"{indicator.code}: no {lang} description"
    assert indicator.pillar in (*PILLARS, "context")
    assert indicator.direction in ("higher_better", "lower_better")


def test_codes_are_unique() -> None:
    codes = [i.code for i in INDICATORS]
    assert len(codes) == len(set(codes))
