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


def test_every_akimat_indicator_has_a_plausible_range_inside_its_hard_range() -> None:
    # An absurd first value has nothing of its own to compare with; the plausible range catches it.
    for ind in INDICATORS:
        if ind.supplier != "akimat":
            continue
        assert ind.plausible is not None, ind.code
        low, high = ind.plausible
        assert low < high, ind.code
        assert ind.min_value is None or ind.min_value <= low, ind.code
        assert ind.max_value is None or high <= ind.max_value, ind.code


def test_the_indicator_list_is_importable_from_either_module() -> None:
    from scoring import indicators, outcome_indicators, registry

    assert registry.INDICATORS == indicators.BASE_INDICATORS + outcome_indicators.OUTCOME_INDICATORS
    assert set(registry.BY_CODE) == {i.code for i in registry.INDICATORS}
