"""The static public site: one zone map per locale, district cards as pages, local Leaflet, no server.

Layout of the output folder (every link relative, so it opens from disk and from any static host)::

    index.html                  language chooser (links to the five locales)
    <locale>/index.html         the zone map: districts + oblast borders + legend, ranking list, card panel
    <locale>/d/<kato>.html      one card per district (zone, rank band, score, pillars, every indicator)
    data/districts.geojson      simplified district boundaries (open data; the map embeds them packed, below)
    data/oblasts.geojson        oblast borders
    data/ranking.csv            kato, names, zone, rank, rank band, score, coverage, pillar scores
    static/                     Leaflet 1.9.4 and its licence, copied from ./static
    ATTRIBUTION.txt             sources and licences

Chromium refuses ``fetch`` of a local JSON file from a ``file://`` page, so the map's geometry and styles are
embedded in each locale's page by the layers; cards are separate HTML pages shown in an ``<iframe>``, which
``file://`` allows. The embedded geometry is packed (:func:`pack_geojson`: coordinates on a 0.001° grid,
delta-encoded integers; a third of GeoJSON's compressed bytes) and unpacked in the page before Leaflet reads it,
so that a phone on a slow network paints the map sooner (``bench/map.py``'s throttled-phone measure).
"""

# i18n-domain: export
from __future__ import annotations

import datetime as dt
import html
import json
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import folium
from folium.template import Template

import i18n
from data._validate import defuse_formula
from data.card import oblast_only
from data.scored import score_districts
from data.store import Store
from export.cards import CardInputs, card_html, esc
from i18n.vocabulary import ZONE_LABELS, profile_text
from layers import legend, oblasts, zones
from layers._markup import OnMap, script_safe, to_js
from layers.basemap import new_map
from layers.highlight import HIGHLIGHT_COLOUR

ROOT = Path(__file__).resolve().parents[1]
STATIC_DIR = ROOT / "static"
CENTER = (48.0, 67.0)
ZOOM = 5
BOUNDARIES = "Boundaries: geokz (A. Rodionov), CC BY 4.0, after OCHA COD-AB"
SETTLEMENTS = "Settlement points: GeoNames (CC BY 4.0) via Who's On First; populations: BNS RK (1 Jan 2023)"
HTML_LANG = {"kk": "kk", "kk_Latn": "kk-Latn", "kk_Arab": "kk-Arab", "ru": "ru", "en": "en"}

_PAGE_CSS = """
html,body{height:100%;margin:0;font:14px/1.4 system-ui,"Noto Sans","DejaVu Sans",sans-serif;color:#222}
#qonys-top{position:absolute;top:0;left:0;right:0;height:3rem;display:flex;align-items:center;gap:1rem;
  padding:0 .8rem;background:#00798C;color:#fff;box-sizing:border-box;overflow:hidden}
#qonys-top h1{font-size:1.05rem;margin:0;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
#qonys-top nav a{color:#fff;margin:0 .3rem}
#qonys-top nav a[aria-current]{font-weight:bold;text-decoration:none}
.folium-map{position:absolute!important;top:3rem!important;bottom:0!important;left:0!important;right:26rem!important;
  width:auto!important;height:auto!important}
#qonys-panel{position:absolute;top:3rem;bottom:0;right:0;width:26rem;overflow:auto;box-sizing:border-box;
  border-left:1px solid #ccc;background:#fff}
#qonys-panel iframe{width:100%;height:70vh;border:0;display:none}
#qonys-panel.has-card iframe{display:block}
#qonys-panel .intro,#qonys-panel .ranking{padding:.6rem .8rem}
#qonys-panel table{border-collapse:collapse;width:100%;font-size:13px}
#qonys-panel td,#qonys-panel th{padding:2px 4px;border-bottom:1px solid #eee;text-align:start}
#qonys-panel .sw{display:inline-block;width:.8rem;height:.8rem;border:1px solid #4d4d4d;vertical-align:middle}
#qonys-panel footer{padding:.6rem .8rem;font-size:12px;color:#555}
[dir=rtl] .folium-map{right:0!important;left:26rem!important}
[dir=rtl] #qonys-panel{right:auto;left:0;border-left:0;border-right:1px solid #ccc}
@media (max-width:760px){
  .folium-map{right:0!important;left:0!important;bottom:45vh!important}
  #qonys-panel{top:auto;height:45vh;width:auto;left:0!important;right:0!important;border:0;border-top:1px solid #ccc}
  #qonys-top h1{font-size:.9rem}
}
"""

_CARD_CSS = """
body{margin:0;padding:.6rem .8rem;font:14px/1.4 system-ui,"Noto Sans","DejaVu Sans",sans-serif;color:#222}
h1{font-size:1.2rem;margin:.2rem 0}h2{font-size:1rem;margin:.8rem 0 .3rem}
dl.facts{display:grid;grid-template-columns:auto 1fr;gap:2px .8rem;margin:.4rem 0}dt{color:#555}dd{margin:0}
table{border-collapse:collapse;width:100%;font-size:13px}td,th{padding:2px 4px;border-bottom:1px solid #eee;
text-align:start;vertical-align:top}td.num{text-align:end;white-space:nowrap}tr.pillar th{background:#f3f5f7}
tr.missing td{color:#777}.zone .sw{display:inline-block;width:1rem;height:.8rem;border:1px solid #4d4d4d;
margin-inline-end:.4rem;vertical-align:middle}.src{border-bottom:1px dotted #999;cursor:help}
.note{font-size:12px;color:#555}
"""


#: The map page's coordinates are on a grid of 1/GEOMETRY_SCALE degree (≤ 0.0005° off, ~50 m; the build
#: simplified the boundaries with a 0.01° tolerance, data/geometry.py). Borders shared by two districts, or by a
#: district and its oblast, keep identical vertices, so they stay shared.
GEOMETRY_SCALE = 1000

#: In the page's head: ``qonysGeo(packed)`` → the FeatureCollection that :func:`pack_geojson` packed.
_UNPACK_JS = """
function qonysGeo(p) {
  return {type: "FeatureCollection", features: p.f.map(function (f) {
    var polygons = f[2].map(function (polygon) {
      return polygon.map(function (ring) {
        var out = new Array(ring.length / 2), x = 0, y = 0;
        for (var i = 0; i < ring.length; i += 2) { x += ring[i]; y += ring[i + 1]; out[i / 2] = [x / p.s, y / p.s]; }
        return out;
      });
    });
    return {type: "Feature", properties: f[0],
            geometry: f[1] === "Polygon" ? {type: "Polygon", coordinates: polygons[0]}
                                         : {type: "MultiPolygon", coordinates: polygons}};
  })};
}
"""


def pack_geojson(text: str, scale: int = GEOMETRY_SCALE) -> str:
    """Polygon FeatureCollection text → compact JSON for the page's ``qonysGeo``.

    ``{"s": scale, "f": [[properties, "Polygon" | "MultiPolygon", [[ring, …], …]], …]}``, each ring a flat list
    of integers ``dx0, dy0, dx1, dy1, …``: coordinates × ``scale``, rounded, each the difference from the
    previous point of the ring (the first from 0, 0); repeated points after rounding are dropped unless the
    ring would keep fewer than four.
    """
    features = []
    for feature in json.loads(text)["features"]:
        geometry = feature["geometry"]
        kind = geometry["type"]
        if kind not in ("Polygon", "MultiPolygon"):
            raise ValueError(f"only polygons are packed, not {kind}")
        polygons = [geometry["coordinates"]] if kind == "Polygon" else geometry["coordinates"]
        packed = []
        for polygon in polygons:
            rings = []
            for ring in polygon:
                points = [(round(x * scale), round(y * scale)) for x, y, *_ in ring]
                kept = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
                if len(kept) < 4:
                    kept = points
                flat, last = [], (0, 0)
                for point in kept:
                    flat += [point[0] - last[0], point[1] - last[1]]
                    last = point
                rings.append(flat)
            packed.append(rings)
        features.append([feature.get("properties") or {}, kind, packed])
    return json.dumps({"s": scale, "f": features}, ensure_ascii=False, separators=(",", ":"))


def _embed_packed(layer: folium.map.Layer, geojson_text: str) -> folium.map.Layer:
    """Make ``layer`` (a zones or oblasts layer) embed its geometry packed, unpacked by ``qonysGeo`` in the page."""
    if not isinstance(getattr(layer, "geojson_js", None), str):
        raise TypeError(f"{type(layer).__name__} no longer embeds its GeoJSON as `geojson_js`: update export/site.py")
    layer.geojson_js = f"qonysGeo({script_safe(pack_geojson(geojson_text))})"
    return layer


class _Selection(OnMap, folium.MacroElement):
    """Click a district (or a ranking link, or ``#<kato>`` in the URL) → outline it and show its card page."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (o) {
            // The panel follows this script in the page (map_page): look it up when needed, not now.
            var map = {{ this.map_js }}, d = map.qonys.districts, byKato = {}, current = null;
            d.eachLayer(function (l) { byKato[l.feature.properties.kato] = l; });
            function select(kato, fit) {
                if (!/^[0-9]{9}$/.test(kato) || !byKato[kato]) { return; }
                if (current) { current.setStyle(current._qonysBase); }
                current = byKato[kato];
                current.setStyle({color: o.colour, weight: 3, opacity: 1});
                current.bringToFront();
                if (fit) { map.fitBounds(current.getBounds(), {maxZoom: 8, padding: [16, 16]}); }
                var panel = document.getElementById("qonys-panel"), frame = document.getElementById("qonys-card");
                frame.src = "d/" + kato + ".html";
                panel.classList.add("has-card");
                panel.scrollTop = 0;
                document.body.setAttribute("data-selected", kato);
                if (location.hash !== "#" + kato) { history.replaceState(null, "", "#" + kato); }
            }
            d.on("click", function (e) { select(e.layer.feature.properties.kato, false); });
            d.eachLayer(function (l) { l.off("mouseout"); l.on("mouseout", function () {
                l.setStyle(l === current ? {weight: 3} : {weight: l._qonysBase.weight}); }); });
            document.addEventListener("click", function (ev) {
                var a = ev.target.closest ? ev.target.closest("a[data-kato]") : null;
                if (a) { ev.preventDefault(); select(a.dataset.kato, true); }
            });
            function openHash() { if (location.hash.length > 1) { select(location.hash.slice(1), true); } }
            if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", openHash); }
            else { openHash(); }
            document.body.setAttribute("data-districts", String(Object.keys(byKato).length));
        })({{ this.options_js }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "QonysSelection"
        self.options_js = to_js({"colour": HIGHLIGHT_COLOUR})


@dataclass(frozen=True)
class ExportSummary:
    """What one export wrote: folder, locales, district count, bytes and seconds."""

    out: Path
    locales: tuple[str, ...]
    districts: int
    files: int
    total_bytes: int
    seconds: float


def _zone_frame(inputs: CardInputs, locale: str, _) -> object:
    frame = inputs.table[["kato", "zone"]].copy()
    frame["name"] = [i18n.place_name(r, locale) for r in inputs.table.to_dict("records")]
    lines = []
    for r in inputs.table.itertuples(index=False):
        zone = r.zone if isinstance(r.zone, str) else "insufficient"
        line = _(ZONE_LABELS.get(zone, zone))
        if r.rank == r.rank:  # not NaN
            line += (
                "\n"
                + _("Rank")
                + ": "
                + _("{rank} of {n}").format(
                    rank=i18n.format_decimal(r.rank, 0, locale), n=i18n.format_decimal(inputs.scored_count, 0, locale)
                )
            )
        lines.append(line)
    frame["tooltip"] = lines
    # The same marks as the app's map (layers/zones.py): hatched when the zone rests on oblast data only,
    # dotted outline when it is uncertain; the tooltip says both in words.
    frame["oblast_only"] = oblast_only(inputs.table).to_numpy()
    frame["uncertain"] = inputs.table["zone_uncertain"].fillna(False).astype(bool).to_numpy()
    frame["tooltip"] = [
        "\n".join(
            [line, *([_("Zone uncertain")] if unsure else []), *([_("Zone from oblast figures only")] if only else [])]
        )
        for line, unsure, only in zip(frame["tooltip"], frame["uncertain"], frame["oblast_only"], strict=True)
    ]
    return frame


def _language_nav(locale: str, prefix: str) -> str:
    links = []
    for code, label in i18n.LOCALES.items():
        current = ' aria-current="page"' if code == locale else ""
        links.append(f'<a href="{prefix}{code}/index.html" lang="{HTML_LANG[code]}"{current}>{esc(label)}</a>')
    return "<nav>" + " ".join(links) + "</nav>"


def _ranking_html(inputs: CardInputs, locale: str, _) -> str:
    heading, rank_h, district_h = _("Ranking of districts"), _("Rank"), _("District")
    zone_h, band_h = _("Zone"), _("Rank band (5–95 %)")
    rows = []
    ordered = inputs.table.sort_values(["rank", "kato"], na_position="last")
    for r in ordered.to_dict("records"):
        zone = r["zone"] if isinstance(r["zone"], str) else "insufficient"
        colour = zones.ZONE_COLOURS.get(zone, "#bdbdbd")
        rank = i18n.format_decimal(r["rank"], 0, locale) if r["rank"] == r["rank"] else "—"
        band = (
            f"{i18n.format_decimal(round(r['rank_p5']), 0, locale)}–{i18n.format_decimal(round(r['rank_p95']), 0, locale)}"
            if r.get("rank_p5") == r.get("rank_p5") and r.get("rank_p5") is not None
            else ""
        )
        rows.append(
            f'<tr><td>{esc(rank)}</td><td><a href="d/{esc(r["kato"])}.html" data-kato="{esc(r["kato"])}" '
            f'target="qonys-card">{esc(i18n.place_name(r, locale))}</a></td>'
            f'<td><span class="sw" style="background:{esc(colour)}" title="{esc(_(ZONE_LABELS[zone]))}">'
            f"</span></td><td>{esc(band)}</td></tr>"
        )
    return (
        f'<section class="ranking"><h2>{esc(heading)}</h2><table><thead><tr>'
        f"<th>{esc(rank_h)}</th><th>{esc(district_h)}</th><th>{esc(zone_h)}</th>"
        f"<th>{esc(band_h)}</th></tr></thead><tbody>{''.join(rows)}</tbody></table></section>"
    )


def _footer(inputs: CardInputs, meta: dict[str, str], locale: str, _) -> str:
    profile = (
        _("Weight profile: {name} (published)")
        if inputs.profile_status == "published"
        else _("Weight profile: {name} (default, none published yet)")
    ).format(name=profile_text(inputs.profile_name, _))
    built = _("Data version {version}, built {date}; exported {exported}.").format(
        version=meta.get("data_version", "?"), date=meta.get("built_at", "?"), exported=time.strftime("%Y-%m-%d %H:%M")
    )
    software, licences = _("Map software: Leaflet 1.9.4 (BSD-2-Clause)."), _("Sources and licences")
    decree = _(
        "Migration Policy Concept 2023–2027 (Government Decree No. 961), Initiative 16, item 28. "
        "A successor Concept to 2030 was adopted in December 2025."
    )
    return (
        f"<footer><p>{esc(profile)}</p><p>{esc(built)}</p><p>{esc(_(BOUNDARIES))}</p>"
        f"<p>{esc(software)} "
        f'<a href="../data/districts.geojson">GeoJSON</a> · <a href="../data/ranking.csv">CSV</a> · '
        f'<a href="../ATTRIBUTION.txt">{esc(licences)}</a></p>'
        f"<p>{esc(decree)}</p>"
        "</footer>"
    )


def map_page(inputs: CardInputs, district_geojson: str, oblast_geojson: str, meta: dict[str, str], locale: str) -> str:
    """The full HTML of one locale's map page (map, legend, ranking, card panel)."""
    _ = i18n.translator(locale, "export")
    direction = "rtl" if i18n.is_rtl(locale) else "ltr"
    m = new_map(
        attribution=html.escape(_(BOUNDARIES)),
        center=CENTER,
        zoom=ZOOM,
        locale_dir=direction,
        static_prefix="../static/",
    )
    m.get_root().header.add_child(folium.Element(f"<script>{_UNPACK_JS}</script>"), name="qonys_unpack")
    district_layer = zones.build(district_geojson, _zone_frame(inputs, locale, _), name=_("Resettlement zones"))
    _embed_packed(district_layer, district_geojson).add_to(m)
    _embed_packed(oblasts.build(oblast_geojson, name=_("Oblast boundaries")), oblast_geojson).add_to(m)
    labels = {
        z: _(label) for z, label in ZONE_LABELS.items() if z in set(inputs.table["zone"].dropna()) | {"insufficient"}
    }
    legend.build(
        [
            *legend.zone_entries(labels),
            legend.LegendEntry(_("Hatched: zone from oblast figures only"), zones.ZONE_COLOURS["III"], "hatch"),
            legend.LegendEntry(_("Dotted outline: zone uncertain"), "#ffffff", "uncertain"),
        ],
        title=_("Resettlement zones"),
        locale_dir=direction,
        note=_("Click a district for its card."),
    ).add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    title, card_label = _("Qonys — the kandas resettlement map"), _("District card")
    intro = _("Click a district on the map or in the ranking to open its card.")
    m.add_child(_Selection())
    m.get_root().header.add_child(folium.Element(f"<style>{_PAGE_CSS}</style>"), name="qonys_page_css")
    m.get_root().header.add_child(folium.Element(f"<title>{esc(title)}</title>"), name="qonys_title")
    top = f'<header id="qonys-top"><h1>{esc(title)}</h1>{_language_nav(locale, "../")}</header>'
    panel = (
        f'<aside id="qonys-panel" aria-label="{esc(card_label)}">'
        f'<iframe id="qonys-card" name="qonys-card" title="{esc(card_label)}"></iframe>'
        f'<p class="intro">{esc(intro)}</p>'
        f"{_ranking_html(inputs, locale, _)}{_footer(inputs, meta, locale, _)}</aside>"
    )
    m.get_root().html.add_child(folium.Element(top), name="qonys_page", index=0)
    page = m.get_root().render()
    # The panel (card frame, 224-row ranking, footer) after the map's script, which folium puts after </body>:
    # the browser builds and paints the map before it parses and lays out the ranking (on a slow phone the
    # ranking's intermediate frames cost about 0.3 s before the map; bench/map.py). Same position on screen.
    before, body_end, script = page.rpartition("</body>")
    script, html_end, rest = script.rpartition("</html>")
    if not body_end or not html_end:
        raise ValueError("folium's page has no </body> or </html>")
    page = f"{before}{script.rstrip()}\n{panel}\n</body>\n</html>{rest}"
    return page.replace("<html>", f'<html lang="{HTML_LANG[locale]}" dir="{direction}">', 1)


def district_page(kato: str, inputs: CardInputs, locale: str) -> str:
    """A district card as a standalone HTML page (shown in the map page's panel, or opened on its own)."""
    _ = i18n.translator(locale, "export")
    direction = "rtl" if i18n.is_rtl(locale) else "ltr"
    zone_css = "".join(f".zone-{z} .sw{{background:{c}}}" for z, c in zones.ZONE_COLOURS.items())
    body = card_html(kato, inputs, locale, _)
    note = _("Every source of the export is also listed in ATTRIBUTION.txt.")
    # A card opened on its own (a shared link) leads back to the map of its own locale, not to the chooser.
    back_label = _("Back to the map")
    back = f'<p class="back"><a href="../index.html" target="_top">{esc(back_label)}</a></p>'
    return (
        f'<!DOCTYPE html>\n<html lang="{HTML_LANG[locale]}" dir="{direction}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width,initial-scale=1"><title>{esc(kato)}</title>'
        f"<style>{_CARD_CSS}{zone_css}</style></head><body>{body}"
        f'<p class="note">{esc(note)}</p>{back}</body></html>\n'
    )


def index_page(meta: dict[str, str]) -> str:
    """The language chooser at the root of the site."""
    items = []
    for code, label in i18n.LOCALES.items():
        title = i18n.translator(code, "export")("Qonys — the kandas resettlement map")
        direction = "rtl" if i18n.is_rtl(code) else "ltr"
        items.append(
            f'<li lang="{HTML_LANG[code]}" dir="{direction}"><a href="{code}/index.html">{esc(label)}</a> — '
            f"{esc(title)}</li>"
        )
    return (
        '<!DOCTYPE html>\n<html lang="kk"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1"><title>Qonys</title>'
        "<style>body{font:16px/1.5 system-ui,sans-serif;margin:2rem}</style></head><body>"
        f"<h1>Qonys</h1><ul>{''.join(items)}</ul>"
        f"<p><small>{esc(meta.get('data_version', ''))}</small></p></body></html>\n"
    )


def attribution_text(inputs: CardInputs) -> str:
    lines = [
        "Qonys static export — sources and licences",
        "",
        BOUNDARIES,
        SETTLEMENTS,
        "Leaflet 1.9.4 — BSD-2-Clause, see static/LEAFLET_LICENSE",
        "",
        "Sources cited by the district cards:",
    ]
    for sid, src in inputs.sources.iterrows():
        fields = [
            str(v)
            for v in (src.get("title"), src.get("publisher"), src.get("date"), src.get("url"), src.get("licence"))
            if not i18n.is_missing(v)
        ]
        lines.append(f"{sid}: " + " — ".join(fields))
    return "\n".join(lines) + "\n"


def read_inputs(store: Store, *, draws: int = 1000) -> CardInputs:
    """Score the districts with the published profile and read everything the cards show."""
    scored = score_districts(store, draws=draws)
    return CardInputs(
        table=scored.table,
        contributions=scored.result.contributions,
        observations=store.observations("district"),
        indicators=store.indicators().set_index("code"),
        sources=store.sources().set_index("id"),
        oblasts=store.units("oblast").set_index("kato"),
        profile_name=scored.profile.name,
        profile_status=scored.profile_status,
        provenance=scored.result.provenance,
        designated=store.designated_regions(),
        how_to_apply=store.how_to_apply(),
        year=dt.date.today().year,
        measures=store.support_measures(),
        mci=store.mci(),
    )


def export_site(
    store: Store, out: Path, *, locales: tuple[str, ...] = tuple(i18n.LOCALES), draws: int = 1000
) -> ExportSummary:
    """Write the static site into ``out`` (created; existing files of the same names are replaced).

    The site is written into a sibling temporary folder and moved into place at the end, so a failed
    export never leaves a half-written site at ``out``.
    """
    started = time.perf_counter()
    for locale in locales:
        i18n.translator(locale, "export")  # raises on an unknown locale before anything is written
    inputs = read_inputs(store, draws=draws)
    meta = store.meta()
    district_geojson, oblast_geojson = store.geojson("district"), store.geojson("oblast")
    out = Path(out)
    tmp = out.with_name(f".{out.name}.tmp-export")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        shutil.copytree(STATIC_DIR, tmp / "static")
        (tmp / "data").mkdir()
        (tmp / "data" / "districts.geojson").write_text(district_geojson, encoding="utf-8")
        (tmp / "data" / "oblasts.geojson").write_text(oblast_geojson, encoding="utf-8")
        columns = [c for c in inputs.table.columns if c not in ("overrides_applied",)]
        # names that would start a formula in a spreadsheet get a leading ' (as in the app's downloads)
        inputs.table[columns].map(defuse_formula).to_csv(tmp / "data" / "ranking.csv", index=False)
        (tmp / "ATTRIBUTION.txt").write_text(attribution_text(inputs), encoding="utf-8")
        (tmp / "index.html").write_text(index_page(meta), encoding="utf-8")
        for locale in locales:
            folder = tmp / locale
            (folder / "d").mkdir(parents=True)
            (folder / "index.html").write_text(
                map_page(inputs, district_geojson, oblast_geojson, meta, locale), encoding="utf-8"
            )
            for kato in inputs.table["kato"]:
                (folder / "d" / f"{kato}.html").write_text(district_page(kato, inputs, locale), encoding="utf-8")
        if out.exists():
            old = out.with_name(f".{out.name}.old-export")
            shutil.rmtree(old, ignore_errors=True)
            out.rename(old)
            tmp.rename(out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            tmp.rename(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    files = [p for p in out.rglob("*") if p.is_file()]
    return ExportSummary(
        out=out,
        locales=tuple(locales),
        districts=len(inputs.table),
        files=len(files),
        total_bytes=sum(p.stat().st_size for p in files),
        seconds=time.perf_counter() - started,
    )
