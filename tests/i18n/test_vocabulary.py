"""The one vocabulary: every key the data and the registry use has a label, translated in kk and ru."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import i18n
from i18n import vocabulary as v
from scoring.registry import INDICATORS, PILLARS

SCHEMA = (Path(__file__).resolve().parents[2] / "data" / "schema.sql").read_text(encoding="utf-8")
MAPPINGS = {
    "zones": v.ZONE_LABELS,
    "pillars": v.PILLAR_LABELS,
    "origins": v.ORIGIN_LABELS,
    "bases": v.BASIS_LABELS,
    "eligibility": v.ELIGIBILITY_LABELS,
    "statuses": v.STATUS_LABELS,
    "units": v.UNIT_LABELS,
    "profile texts": v.BUILT_IN_PROFILE_TEXTS,
    "period remarks": v.PERIOD_REMARKS,
}


def _checked(column: str) -> set[str]:
    """The values a CHECK (<column> IN (...)) of data/schema.sql allows."""
    found: set[str] = set()
    for match in re.finditer(rf"\b{column}\b[^,]*?CHECK \({column} IN \(([^)]*)\)\)", SCHEMA):
        found |= set(re.findall(r"'([^']+)'", match.group(1)))
    assert found, column
    return found


def test_units_are_the_registry_units() -> None:
    assert set(v.UNIT_LABELS) == {ind.unit for ind in INDICATORS}
    assert v.COUNT_UNITS | v.MONEY_UNITS | v.SILENT_UNITS <= set(v.UNIT_LABELS)


def test_every_pillar_supplier_basis_and_status_of_the_data_has_a_label() -> None:
    assert {*PILLARS, *(ind.pillar for ind in INDICATORS)} <= set(v.PILLAR_LABELS)
    assert {ind.supplier for ind in INDICATORS} | {"inherited"} <= set(v.ORIGIN_LABELS)
    assert _checked("origin") <= set(v.ORIGIN_LABELS)
    assert _checked("basis") <= set(v.BASIS_LABELS)
    assert _checked("status") <= set(v.STATUS_LABELS)


@pytest.mark.parametrize("locale", ["kk", "ru"])
@pytest.mark.parametrize("name", list(MAPPINGS))
def test_every_word_is_translated(locale: str, name: str) -> None:
    # Looked up through another domain, as the pages do: every domain falls back to common.
    _ = i18n.translator(locale, "export")
    untranslated = [m for m in MAPPINGS[name].values() if _(m) == m and m != "%"]
    assert not untranslated, (locale, untranslated)


@pytest.mark.parametrize("locale", list(i18n.LOCALES))
def test_policy_origin_is_named_not_shown_as_a_key(locale: str) -> None:
    _ = i18n.translator(locale, "map")
    label = v.term(v.ORIGIN_LABELS, "policy", _)
    assert label and label != "policy"


def test_zone_name_and_meaning() -> None:
    _ = i18n.translator("ru", "map")
    assert v.zone_name_and_meaning("IV", _) == ("Зона IV", "не рекомендуемая")
    assert v.zone_name_and_meaning(None, _) == (_("Insufficient data"), "")
    assert v.zone_label("no such zone", lambda s: s) == "Insufficient data"


def test_term_shows_unknown_keys_as_they_are_and_missing_ones_as_nothing() -> None:
    assert v.term(v.STATUS_LABELS, "pending", lambda s: s) == "waiting for review"
    assert v.term(v.STATUS_LABELS, "archived?", lambda s: s) == "archived?"
    assert v.term(v.STATUS_LABELS, None, lambda s: s) == ""
    assert v.term(v.STATUS_LABELS, float("nan"), lambda s: s) == ""


@pytest.mark.parametrize(("locale", "expected"), [("kk", "₸/м²"), ("kk_Latn", "₸/m²"), ("ru", "₸/м²"), ("en", "₸/m²")])
def test_unit_labels_use_the_tenge_sign(locale: str, expected: str) -> None:
    assert v.unit_label("KZT/m²", i18n.translator(locale, "common")) == expected


def test_built_in_profile_texts_follow_the_default_profile() -> None:
    """The table is keyed by the default profile's own English: a change there must reach the catalogue."""
    from scoring.profile import build_default_profile

    profile = build_default_profile()
    _ = i18n.translator("ru", "methodology")
    assert v.profile_text(profile.name, _) == "По умолчанию: равные веса, четыре опоры"
    assert v.profile_text(profile.overrides[0].reason, _).startswith("Астана, Алматы, Шымкент")
    assert v.profile_text("Профиль акимата", _) == "Профиль акимата"  # a name someone gave stays as given


def test_period_label_translates_the_remark_only() -> None:
    kk = i18n.translator("kk", "monitoring")
    assert v.period_label("2025 (YTD to ~Nov)", kk) == "2025 (жыл басынан шамамен қарашаға дейін)"
    assert v.period_label("2024-01..2024-10", kk) == "2024-01..2024-10"
    assert v.period_label(None, kk) == ""
