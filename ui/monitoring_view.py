"""Monitoring of the Concept's targets: cached rows, the targets-vs-actuals tables and charts, and where
kandas settled beside the zones. Shared by the ministry Monitoring page and the public Progress page.

Charts are Altair (Vega-Lite bundled with Streamlit, no CDN). Every point's tooltip names its source
id and every table row links its source.
"""

# i18n-domain: monitoring
from __future__ import annotations

from collections.abc import Callable

import altair as alt
import pandas as pd
import streamlit as st

import i18n
from i18n.vocabulary import period_label
from scoring import monitoring
from ui import cache
from ui.context import PageContext
from ui.map_view import zone_label
from ui.safe import foreign, plain

Translate = Callable[[str], str]
N_ = i18n.N_

#: Indicator labels (msgids); a test checks every catalogue code has one.
LABELS: dict[str, str] = {
    "kandas_employment_rate": N_("Employment of working-age kandas and settlers"),
    "adaptation_services_coverage": N_("Adaptation and integration services coverage"),
    "north_east_arrival_share": N_("Share of arrivals into the northern and eastern regions"),
    "north_south_imbalance": N_("North–south imbalance of migration indicators"),
    "quota_fulfilment": N_("Kandas quota fulfilment"),
    "designated_share_of_new_kandas": N_("Share of new kandas resettled into designated regions"),
}
#: What each indicator's target is and why an actual may be missing (msgids).
NOTES: dict[str, str] = {
    "kandas_employment_rate": N_(
        "Target of the Concept's action plan for working-age kandas and settlers, incl. entrepreneurship. "
        "No sourced employment rate of kandas exists yet: the ministry or the akimats must report it."
    ),
    "adaptation_services_coverage": N_(
        "Target of the Concept's action plan for settlers and kandas living in resettlement regions. A count "
        "is reported (8,719 kandas and 2,161 settlers served by 1 Nov 2024, S17e) but not how many live in "
        "those regions, so no share can be computed."
    ),
    "north_east_arrival_share": N_(
        "Share of arrivals into the northern and eastern regions among inter-regional migrants; baseline "
        "12.6%. It needs BNS inter-regional migration by destination, which the data does not hold yet."
    ),
    "north_south_imbalance": N_(
        "The Concept sets only the end point: from a coefficient of 1.75 (2021) to 1.65 by 2028. The years "
        "between have no yearly target, and none is drawn."
    ),
    "quota_fulfilment": N_(
        "Target: every place of the year's kandas quota filled (100%), per the annual quota order of the "
        "Ministry of Labour. A figure marked 'part of the year' is not the year's final one."
    ),
    "designated_share_of_new_kandas": N_(
        "Kandas resettled within the quota divided by kandas granted status in the same year. Neither the "
        "Concept nor the quota orders set a target for it."
    ),
}
STATUS_LABELS: dict[str, str] = {
    monitoring.MET: N_("met"),
    monitoring.NOT_MET: N_("not met"),
    monitoring.NOT_REPORTED: N_("not reported"),
    monitoring.NO_TARGET: N_("no target"),
}
#: Settlement figures reported by district (kandas_settlement_reported.csv), msgids.
DISTRICT_FIGURES: dict[str, str] = {
    "kandas_families_settled_ytd": N_("Families settled since the start of the year"),
    "kandas_settled_cumulative": N_("Kandas settled, cumulative"),
    "kandas_settled": N_("Kandas settled"),
}
UNIT_LABELS: dict[str, str] = {"%": "%", "coefficient": N_("coefficient")}


# ------------------------------------------------------------------ frames
def scope_names(oblasts: pd.DataFrame, locale: str, _: Translate) -> dict[str, str]:
    names = {str(k): i18n.place_name(r, locale) for k, r in oblasts.set_index("kato").to_dict("index").items()}
    names[monitoring.NATIONAL] = _("Kazakhstan")
    return names


def _number(value: object, locale: str, digits: int = 1) -> str:
    return i18n.format_decimal(value, digits, locale)


def targets_frame(rows: pd.DataFrame, names: dict[str, str], locale: str, _: Translate) -> pd.DataFrame:
    """Rows of one indicator with translated headers; the link column holds the actual's source URL."""
    partial = [bool(p) and not monitoring.year_of_period(p)[1] for p in rows["period"].fillna("").astype(str).tolist()]
    return pd.DataFrame(
        {
            _("Year"): rows["year"].astype(str),
            _("Where"): [names.get(str(s), str(s)) for s in rows["scope"]],
            _("Target"): [_number(v, locale, 2) for v in rows["target"]],
            _("Actual"): [_number(v, locale, 2) for v in rows["actual"]],
            _("Status"): [_(STATUS_LABELS[s]) for s in rows["status"]],
            _("Part of the year"): [_("yes") if p else "" for p in partial],
            _("Period as reported"): [period_label(p, _) for p in rows["period"]],
            _("Source"): rows["source"].fillna("").astype(str),
            _("Link"): rows["source_url"].fillna("").astype(str).replace("", None),
            _("Target source"): rows["target_source"].fillna("").astype(str),
        }
    )


def target_chart(rows: pd.DataFrame, _: Translate) -> alt.LayerChart:
    """Target line (dashed; an end-point target is one point) and reported actuals, national rows."""
    data = rows.assign(
        year=rows["year"].astype(int),
        status_label=[_(STATUS_LABELS[s]) for s in rows["status"]],
        source=rows["source"].fillna("").replace("", "—"),
    )
    x = alt.X("year:O", title=_("Year"))
    target = alt.Chart(data[data["target"].notna()]).encode(
        x=x,
        y=alt.Y("target:Q", title=_("Value"), scale=alt.Scale(zero=False)),
        tooltip=[
            alt.Tooltip("year:O", title=_("Year")),
            alt.Tooltip("target:Q", title=_("Target")),
            alt.Tooltip("target_source:N", title=_("Target source")),
        ],
    )
    actual = (
        alt.Chart(data[data["actual"].notna()])
        .mark_circle(size=140, color="#1a7f37")
        .encode(
            x=x,
            y="actual:Q",
            tooltip=[
                alt.Tooltip("year:O", title=_("Year")),
                alt.Tooltip("actual:Q", title=_("Actual")),
                alt.Tooltip("status_label:N", title=_("Status")),
                alt.Tooltip("source:N", title=_("Source")),
                alt.Tooltip("period:N", title=_("Period as reported")),
            ],
        )
    )
    line = target.mark_line(strokeDash=[6, 4], color="#888888", point=alt.OverlayMarkDef(shape="diamond", size=80))
    return alt.layer(line, actual).properties(height=220)


def charts_left_to_right(ctx: PageContext) -> None:
    """Keep Vega-Lite charts left-to-right under the right-to-left layout of kk_Arab: the page's
    ``direction: rtl`` otherwise pushes the axis labels (drawn as SVG text) out of the chart."""
    if ctx.rtl:
        st.html("<style>.vega-embed{direction:ltr}</style>")


def render_indicators(ctx: PageContext, rows: pd.DataFrame, oblasts: pd.DataFrame, *, public: bool) -> None:
    """For each indicator: label, note, citation, chart of the national rows and the table of rows."""
    _ = ctx._
    charts_left_to_right(ctx)
    names = scope_names(oblasts, ctx.locale, _)
    link = _("Link")
    for target in monitoring.CATALOGUE:
        mine = rows[rows["indicator"] == target.code]
        if public:
            mine = mine[mine["scope"] == monitoring.NATIONAL]
        st.subheader(_(LABELS[target.code]))
        st.caption(_(NOTES[target.code]) + " " + _("Unit: {unit}.").format(unit=_(UNIT_LABELS[target.unit])))
        if target.source_id == monitoring.CONCEPT_SOURCE_ID:
            # The action-plan line is quoted as catalogued (in English), so it carries its own lang.
            st.caption(
                _("Target: Decree No. 961 of 30 Nov 2022 ({source}), action plan: “{line}”").format(
                    source=plain(monitoring.CONCEPT_SOURCE_ID), line=foreign(target.citation, "en")
                ),
                unsafe_allow_html=True,
            )
        national = mine[mine["scope"] == monitoring.NATIONAL]
        if national["target"].notna().any() or national["actual"].notna().any():
            st.altair_chart(target_chart(national, _), width="stretch")
        st.dataframe(
            targets_frame(mine, names, ctx.locale, _),
            hide_index=True,
            column_config={link: st.column_config.LinkColumn(link, display_text=_("open"))},
        )


def settlement_map(
    frame: pd.DataFrame, oblasts: pd.DataFrame, features: list[dict], names: dict[str, str], _: Translate
) -> alt.LayerChart:
    """Choropleth of each oblast's population share in zones I–II, with a circle per oblast sized by its
    share of new kandas (at the oblast centre). Vega-Lite geoshapes: no tiles, no CDN."""
    mix = frame.assign(oblast=[names.get(k, k) for k in frame["oblast_kato"]])
    shapes = (
        alt.Chart(alt.Data(values=features))
        .mark_geoshape(stroke="#ffffff", strokeWidth=0.7)
        .transform_lookup(
            lookup="properties.kato",
            from_=alt.LookupData(
                mix[["oblast_kato", "oblast", "top_zones_pct"]], "oblast_kato", ["oblast", "top_zones_pct"]
            ),
        )
        .encode(
            color=alt.Color(
                "top_zones_pct:Q",
                scale=alt.Scale(scheme="greens", domain=[0, 100]),
                title=_("Population in zones I–II, %"),
            ),
            tooltip=[
                alt.Tooltip("oblast:N", title=_("Oblast")),
                alt.Tooltip("top_zones_pct:Q", title=_("Population in zones I–II, %"), format=".1f"),
            ],
        )
    )
    centres = oblasts[["kato", "lat", "lon"]].rename(columns={"kato": "oblast_kato"})
    named = mix[mix["share_pct"].notna()].merge(centres, on="oblast_kato")
    circles = (
        alt.Chart(named)
        .mark_circle(color="#c0392b", opacity=0.75, stroke="#ffffff")
        .encode(
            longitude="lon:Q",
            latitude="lat:Q",
            size=alt.Size("share_pct:Q", title=_("Share of new kandas, %"), scale=alt.Scale(range=[60, 1600])),
            tooltip=[
                alt.Tooltip("oblast:N", title=_("Oblast")),
                alt.Tooltip("share_pct:Q", title=_("Share of new kandas, %")),
                alt.Tooltip("period:N", title=_("Period as reported")),
                alt.Tooltip("source_id:N", title=_("Source")),
            ],
        )
    )
    return alt.layer(shapes, circles).project(type="mercator").properties(height=420)


def render_settlement(ctx: PageContext, version: str, oblasts: pd.DataFrame) -> None:
    """Where new kandas settled (by oblast) beside each oblast's zone mix, with the headline share."""
    _ = ctx._
    charts_left_to_right(ctx)
    frame, headline = cache.settlement_zones(version)
    st.header(_("Where kandas settled, beside the zones"))
    if pd.isna(headline.share_top_zones_pct):
        st.info(_("No settlement figures by oblast are available."))
        return
    st.markdown(
        _(
            "**{share}% of new kandas** ({period}) settled in oblasts where most people live in districts "
            "of zones I–II. The source names the oblast for {attributed}% of them; the rest is not "
            "attributed to any oblast."
        ).format(
            share=_number(headline.share_top_zones_pct, ctx.locale),
            period=period_label(headline.period, _),
            attributed=_number(headline.attributed_pct, ctx.locale),
        )
    )
    st.caption(
        _(
            "Method: the arrivals are reported by oblast only, not by district, so they cannot be placed in a "
            "zone directly. An oblast's arrivals count as zones I–II when more than half of its population "
            "(1 Jan 2023) lives in districts of zones I–II under the published weight profile. Source of the "
            "arrivals: {source} (Ministry of Labour shares of new kandas by region)."
        ).format(source=monitoring.compact_ids(frame["source_id"].dropna()))
    )
    _designated_sentence(ctx, cache.monitoring_rows(version))
    names = scope_names(oblasts, ctx.locale, _)
    named = frame[frame["share_pct"].notna()].assign(oblast=lambda f: [names.get(k, k) for k in f["oblast_kato"]])
    order = named["oblast"].tolist()
    bars = (
        alt.Chart(named)
        .mark_bar(color="#2b6cb0")
        .encode(
            y=alt.Y("oblast:N", sort=order, title=None),
            x=alt.X("share_pct:Q", title=_("Share of new kandas, %")),
            tooltip=[
                alt.Tooltip("oblast:N", title=_("Oblast")),
                alt.Tooltip("share_pct:Q", title=_("Share of new kandas, %")),
                alt.Tooltip("period:N", title=_("Period as reported")),
                alt.Tooltip("source_id:N", title=_("Source")),
            ],
        )
    )
    zone_keys = [*monitoring.ZONE_COLUMNS, "other"]
    long = named.melt(id_vars=["oblast"], value_vars=zone_keys, var_name="zone", value_name="pct")
    long["zone_label"] = [zone_label(z if z != "other" else "insufficient", _) for z in long["zone"]]
    colours = alt.Scale(
        domain=[zone_label(z if z != "other" else "insufficient", _) for z in zone_keys],
        range=["#1a9850", "#91cf60", "#fee08b", "#d73027", "#bbbbbb"],
    )
    mix = (
        alt.Chart(long)
        .mark_bar()
        .encode(
            y=alt.Y("oblast:N", sort=order, title=None),
            x=alt.X("pct:Q", stack="normalize", title=_("Population by zone of its district")),
            color=alt.Color(
                "zone_label:N",
                scale=colours,
                title=_("Zone"),
                legend=alt.Legend(orient="bottom", columns=2, labelLimit=240),
            ),
            tooltip=[
                alt.Tooltip("oblast:N", title=_("Oblast")),
                alt.Tooltip("zone_label:N", title=_("Zone")),
                alt.Tooltip("pct:Q", title="%", format=".1f"),
            ],
        )
    )
    left, right = st.columns(2)
    left.altair_chart(bars.properties(height=alt.Step(24)), width="stretch")
    right.altair_chart(mix.properties(height=alt.Step(24)), width="stretch")
    st.altair_chart(settlement_map(frame, oblasts, cache.oblast_features(version), names, _), width="stretch")
    _district_figures(ctx, version, names)
    link = _("Link")
    table = pd.DataFrame(
        {
            _("Oblast"): named["oblast"],
            _("Share of new kandas, %"): named["share_pct"],
            _("Population in zones I–II, %"): named["top_zones_pct"].round(1),
            _("Counted as zones I–II"): [_("yes") if m else _("no") for m in named["mostly_top_zones"]],
            _("Source"): named["source_id"],
            link: named["source_url"].replace("", None),
        }
    )
    st.dataframe(
        table, hide_index=True, column_config={link: st.column_config.LinkColumn(link, display_text=_("open"))}
    )


def _district_figures(ctx: PageContext, version: str, names: dict[str, str]) -> None:
    """The few reports that give settlement by district, placed in today's zones."""
    _ = ctx._
    shares = cache.district_shares(version)
    if shares.empty:
        return
    st.subheader(_("Where a report gives districts"))
    st.caption(
        _(
            "Only these reports name the districts where kandas settled, so only they can be placed in zones "
            "directly. The zones are today's (published weight profile); the arrivals may be older. A period "
            "marked as truncated covers only the districts visible in the source."
        )
    )
    link = _("Link")
    table = pd.DataFrame(
        {
            _("Oblast"): [names.get(str(k), str(k)) for k in shares["oblast_kato"]],
            _("Figure"): [_(DISTRICT_FIGURES[i]) if i in DISTRICT_FIGURES else i for i in shares["indicator"]],
            _("Period as reported"): [period_label(p, _) for p in shares["period"]],
            _("Districts named"): shares["districts"],
            _("Reported in these districts"): shares["reported"],
            _("In zones I–II"): shares["top_zones"],
            _("Share in zones I–II, %"): shares["share_pct"],
            _("Source"): shares["source_id"],
            link: shares["source_url"].replace("", None),
        }
    )
    st.dataframe(
        table, hide_index=True, column_config={link: st.column_config.LinkColumn(link, display_text=_("open"))}
    )


def _designated_sentence(ctx: PageContext, rows: pd.DataFrame) -> None:
    """The latest full-year share of new kandas resettled within the quota, beside the headline."""
    _ = ctx._
    share = rows[(rows["indicator"] == monitoring.DESIGNATED_SHARE.code) & rows["actual"].notna()]
    if share.empty:
        return
    last = share.sort_values("year").iloc[-1]
    st.markdown(
        _(
            "For comparison: in {year}, **{share}% of the kandas granted status that year** were resettled "
            "into the designated regions within the quota (source {source})."
        ).format(year=int(last["year"]), share=_number(last["actual"], ctx.locale), source=last["source"])
    )


def render_centres(ctx: PageContext, version: str, oblasts: pd.DataFrame) -> None:
    """Adaptation centres reported in the press (partial list), for the ministry."""
    _ = ctx._
    centres = cache.reported_centres(version)
    kinds = centres[centres["indicator"] == "centre_type"]
    st.header(_("Adaptation centres reported in the press"))
    st.caption(
        _(
            "A partial list: no report was found on the centres the Concept (item 45) planned for Abai, Akmola, "
            "North Kazakhstan, Pavlodar, East Kazakhstan and Kostanay regions. It is complete only once the "
            "ministry or the akimats confirm it."
        )
    )
    names = scope_names(oblasts, ctx.locale, _)
    link = _("Link")
    st.dataframe(
        pd.DataFrame(
            {
                # Qonys' kk/ru/en wording of the reported name (outcomes/SOURCES.md, "Translations")
                _("Centre"): [
                    i18n.localised(r, ctx.locale, prefix="place_", default=r["kato_or_name"])
                    for r in kinds.to_dict("records")
                ],
                _("Oblast"): [
                    names.get(str(k), str(o)) for k, o in zip(kinds["oblast_kato"], kinds["oblast"], strict=True)
                ],
                _("Source"): kinds["source_id"],
                link: kinds["source_url"].replace("", None),
            }
        ),
        hide_index=True,
        column_config={link: st.column_config.LinkColumn(link, display_text=_("open"))},
    )
