"""The static export: files, locales, cards with provenance, escaping, atomic replacement."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import i18n
from data.store import Store
from export.cards import CardInputs, card_html
from export.site import export_site, read_inputs

ROOT = Path(__file__).resolve().parents[2]


def test_every_locale_has_a_map_and_a_card_per_district(site_dir: Path, store: Store) -> None:
    districts = store.units("district")["kato"].tolist()
    assert (site_dir / "index.html").is_file()
    for locale in i18n.LOCALES:
        page = (site_dir / locale / "index.html").read_text(encoding="utf-8")
        assert 'src="../static/leaflet.js"' in page
        cards = sorted(p.stem for p in (site_dir / locale / "d").glob("*.html"))
        assert cards == sorted(districts)
    assert (site_dir / "static" / "leaflet.js").is_file() and (site_dir / "static" / "LEAFLET_LICENSE").is_file()
    assert (site_dir / "data" / "districts.geojson").stat().st_size > 100_000
    ranking = pd.read_csv(site_dir / "data" / "ranking.csv", dtype={"kato": str})
    assert sorted(ranking["kato"]) == sorted(districts)


def test_no_absolute_or_remote_asset_reference(site_dir: Path) -> None:
    """Every src/href is relative (or an in-page anchor), so the site works from disk and any host."""
    for page in [site_dir / "index.html", site_dir / "kk" / "index.html", next((site_dir / "ru" / "d").glob("*.html"))]:
        text = page.read_text(encoding="utf-8")
        for ref in re.findall(r'(?:src|href)="([^"]*)"', text):
            assert not re.match(r"^(https?:)?//|^/", ref), f"{page.name}: non-relative reference {ref}"


def test_rtl_and_languages(site_dir: Path) -> None:
    arab = (site_dir / "kk_Arab" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="kk-Arab" dir="rtl">' in arab
    latn = (site_dir / "kk_Latn" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="kk-Latn" dir="ltr">' in latn
    # Source titles stay in their original language; everything else of a kk_Latn card is Latin.
    card = (site_dir / "kk_Latn" / "d" / "101000000.html").read_text(encoding="utf-8")
    card = re.sub(r'<ul class="sources">.*?</ul>', "", card, flags=re.S)
    # So do sourced texts without a Kazakh version, marked with their language (the how-to-apply steps).
    card = re.sub(r'<li lang="ru">.*?</li>', "", card, flags=re.S)
    assert not re.search("[А-Яа-яӘәҒғҚқҢңӨөҰұҮүҺһІі]", card), "kk_Latn card contains Cyrillic"
    ru_card = (site_dir / "ru" / "d" / "101000000.html").read_text(encoding="utf-8")
    assert "Вклад опор" in ru_card and "Pillar contributions" not in ru_card


def test_card_shows_zone_rank_band_pillars_and_every_indicator_with_provenance(site_dir: Path, store: Store) -> None:
    kato = "101000000"
    card = (site_dir / "en" / "d" / f"{kato}.html").read_text(encoding="utf-8")
    assert re.search(r'data-zone="(I|II|III|IV|insufficient|ineligible)"', card)
    assert "Pillar contributions" in card
    # The plain top lines: what the zone means, whether state support applies, what it rests on, what to do next.
    assert 'class="zone-meaning"' in card and 'class="support support-' in card
    assert "Most of this zone comes from oblast figures" in card and "What to do next" in card
    assert "migration.enbek.kz" in card and "employment centre: no data yet" in card
    for jargon in ("5–95", "p5", "indicator weight", "simulation"):
        assert jargon not in card
    # Oblast totals apart from the district's values; the period the score used.
    totals = card.split('class="oblast-totals"', 1)[1].split("</table>", 1)[0]
    assert 'data-indicator="doctors_total"' in totals and 'data-indicator="hospitals"' in totals
    main = card.split('class="indicators"', 1)[1].split("</table>", 1)[0]
    assert 'data-indicator="doctors_total"' not in main
    assert re.search(r'data-indicator="unemployment_rate">.*?<td>2023-Q4', main)
    obs = store.observations("district", katos=[kato])
    for code in obs["indicator"].unique():
        assert f'data-indicator="{code}"' in card, code
    assert 'class="support support-applies"' in card  # Abai is on the 2026 kandas list
    # Support by family size; the rent subsidy reads per month, its 12-month total apart.
    assert 'class="support-sizes"' in card and "per month for up to 12 months" in card
    # Inherited values say so; every shown source code is listed under Sources.
    assert "inherited from the oblast" in card
    for sid in set(re.findall(r'href="#src-([^"]+)"', card)):
        assert f'id="src-{sid}"' in card


def test_data_strings_are_escaped(store: Store) -> None:
    inputs = read_inputs(store, draws=20)
    evil = "<script>alert('қ')</script>"
    table = inputs.table.copy()
    table.loc[table.index[0], "name_en"] = evil
    obs = inputs.observations.copy()
    obs.loc[obs["kato"] == table.iloc[0]["kato"], "period"] = evil
    hacked = CardInputs(
        table=table,
        contributions=inputs.contributions,
        observations=obs,
        indicators=inputs.indicators,
        sources=inputs.sources,
        oblasts=inputs.oblasts,
        profile_name=evil,
        profile_status="default",
    )
    html = card_html(table.iloc[0]["kato"], hacked, "en", i18n.translator("en", "export"))
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_failed_export_leaves_the_old_site(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "site"
    export_site(store, out, locales=("en",), draws=20)
    before = sorted(p.relative_to(out) for p in out.rglob("*"))

    def boom(*args: object, **kwargs: object) -> str:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("export.site.district_page", boom)
    with pytest.raises(OSError):
        export_site(store, out, locales=("en", "ru"), draws=20)
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before
    assert not list(tmp_path.glob(".site.*")), "temporary export folder left behind"


def test_command_line(built_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "qonys.duckdb"
    db.write_bytes(built_db.read_bytes())  # the session database may be held open read-write by this process
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "export",
            "--out",
            str(tmp_path / "s"),
            "--db",
            str(db),
            "--locale",
            "kk",
            "--draws",
            "20",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "s" / "kk" / "index.html").is_file()
    missing = subprocess.run(
        [sys.executable, "-m", "export", "--out", str(tmp_path / "t"), "--db", str(tmp_path / "none.duckdb")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert missing.returncode == 1 and "python -m data.build" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_card_units_are_translated_and_values_formatted_by_unit(store: Store) -> None:
    inputs = read_inputs(store, draws=20)
    kato = "101000000"
    ru = card_html(kato, inputs, "ru", i18n.translator("ru", "export"))
    cells = re.findall(r'data-indicator="([^"]+)"><td>[^<]*</td><td class="num">([^<]*)</td><td>([^<]*)</td>', ru)
    rows = {code: (value, unit) for code, value, unit in cells}
    assert rows["avg_wage"][1] == "₸/мес." and not any("KZT" in unit for _value, unit in rows.values())
    population = rows["population"][0]
    assert re.fullmatch(r"[\d\xa0]+", population), population  # a count: no decimals


def test_every_link_stays_in_the_pages_locale(site_dir: Path) -> None:
    """A card opened on its own leads back to its own locale's map; a map page's links stay in its folder
    (its language bar excepted)."""
    for locale in i18n.LOCALES:
        _ = i18n.translator(locale, "export")
        card = (site_dir / locale / "d" / "101000000.html").read_text(encoding="utf-8")
        assert f'<a href="../index.html" target="_top">{_("Back to the map")}</a>' in card
        page = (site_dir / locale / "index.html").read_text(encoding="utf-8")
        page = re.sub(r"<nav.*?</nav>", "", page, flags=re.S)
        for ref in re.findall(r'href="([^"#]+)"', page):
            assert ref.startswith(("d/", "../data/", "../ATTRIBUTION", "../static/")), f"{locale}: {ref}"
