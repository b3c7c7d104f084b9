"""Extraction: the domain of a file, and a round trip that keeps existing translations."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from i18n.catalogs import load_catalog, po_path, template_path
from i18n.extract import domain_for, extract_templates, update_catalogs

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("path", "source", "domain"),
    [
        ("pages/map.py", "", "map"),
        ("pages/3_Advisor.py", "", "advisor"),
        ("pages/methodology.py", "", "methodology"),
        ("pages/admin.py", "", "admin"),
        ("pages/data.py", "", "data"),
        ("app.py", "", "common"),
        ("ui/context.py", "", "common"),
        ("layers/zones.py", "", "common"),
        ("export/site.py", "", "export"),
        ("data/report.py", "", "data"),
        ("pages/home.py", '_ = translator(locale, "advisor")', "advisor"),
        ("pages/home.py", 'ctx = page_context("methodology")', "methodology"),
        ("layers/zones.py", "# i18n-domain: map\n", "map"),
        ("pages/map.py", '_ = translator(locale, "map")\n_c = translator(locale, "common")', "map"),
    ],
)
def test_domain_for(path: str, source: str, domain: str) -> None:
    assert domain_for(path, source) == domain


def test_ambiguous_or_unknown_domain_is_refused() -> None:
    with pytest.raises(ValueError, match="i18n-domain"):
        domain_for("pages/x.py", 'translator(l, "map"); translator(l, "admin")')
    with pytest.raises(ValueError, match="'maps'"):
        domain_for("pages/x.py", "# i18n-domain: maps\n")


def test_round_trip_keeps_translations_and_dedupes_common(tmp_path: Path) -> None:
    (tmp_path / "pages").mkdir()
    shutil.copytree(ROOT / "i18n", tmp_path / "i18n", ignore=shutil.ignore_patterns("*.mo", "__pycache__"))
    (tmp_path / "pages" / "map.py").write_text(
        'from i18n import translator\n_ = translator("kk", "map")\n'
        '_("District")\n_("Population of {district}")\n_n("{n} village", "{n} villages", 2)\n',
        encoding="utf-8",
    )
    locales, templates = tmp_path / "i18n" / "locales", tmp_path / "i18n" / "templates"
    update_catalogs(extract_templates(tmp_path), locales, templates)

    map_ids = [message.id for message in load_catalog(template_path("map", templates)) if message.id]
    assert map_ids == ["Population of {district}", ("{n} village", "{n} villages")]  # "District" is in common
    kk_common = load_catalog(po_path("kk", "common", locales), locale="kk")
    assert kk_common["District"].string == "Аудан"
    new = load_catalog(po_path("ru", "map", locales), locale="ru")["Population of {district}"]
    assert new.string == "" or new.fuzzy  # Babel may offer a similar map message as a fuzzy guess

    before = {path: path.read_bytes() for path in (tmp_path / "i18n").rglob("*.po*")}
    assert update_catalogs(extract_templates(tmp_path), locales, templates) == []
    assert {path: path.read_bytes() for path in (tmp_path / "i18n").rglob("*.po*")} == before
