"""The district card: zone, rank band, score, pillar contributions, every indicator with its provenance,
support in tenge, the oblast's quota, designated-region status and the nearest adaptation centre.

``indicator_rows`` and ``quota_rows`` are plain functions (unit-tested); the nearest centre is
:func:`scoring.geo.nearest_centre`, the build's and the advisor's formula; ``render`` lays them out with Streamlit.
"""

# i18n-domain: map
from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd
import streamlit as st

import i18n
from data.scored import ScoredMap
from i18n.vocabulary import (
    BASIS_LABELS,
    ELIGIBILITY_LABELS,
    ORIGIN_LABELS,
    PILLAR_LABELS,
    term,
    unit_label,
    zone_label,
    zone_name_and_meaning,
)
from scoring.geo import nearest_centre
from scoring.registry import INDICATORS, PILLARS
from scoring.support import Family, estimate_support
from ui import cache, safe
from ui.safe import plain

Translate = Callable[[str], str]


def source_ids(value: object) -> list[str]:
    """Source ids of an observation (``"D:x;S01;GEOKZ"`` → three ids)."""
    return [s.strip() for s in str(value).split(";") if s.strip()] if isinstance(value, str) else []


def indicator_rows(
    kato: str, observations: pd.DataFrame, sources: pd.DataFrame, locale: str, _: Translate
) -> pd.DataFrame:
    """Every registry indicator of one district: value, unit, date, source and origin (latest period).

    Parameters
    ----------
    kato
        District KATO.
    observations
        The store's district observations (with inheritance).
    sources
        The store's ``source`` table (``id``, ``title``, ``url``).
    locale, _
        Locale and translator of the page.

    Returns
    -------
    pandas.DataFrame
        Columns ``code``, ``pillar``, ``indicator``, ``value``, ``raw``, ``unit``, ``date``, ``source``,
        ``url``, ``origin``; one row per registry indicator, missing values say so.
    """
    titles = dict(zip(sources["id"], sources["title"], strict=True))
    urls = {i: u for i, u in zip(sources["id"], sources["url"], strict=True) if isinstance(u, str)}
    own = observations[observations["kato"].astype(str) == str(kato)].sort_values("period_end")
    latest = own.groupby("indicator").tail(1).set_index("indicator")
    rows = []
    for ind in INDICATORS:
        obs = latest.loc[ind.code] if ind.code in latest.index else None
        ids = source_ids(obs["source_id"]) if obs is not None else []
        rows.append(
            {
                "code": ind.code,
                "pillar": _(PILLAR_LABELS[ind.pillar]),
                "indicator": i18n.localised(ind.label, locale),
                "value": i18n.format_value(None if obs is None else obs["value"], ind.unit, locale),
                "raw": None if obs is None else float(obs["value"]),
                "unit": unit_label(ind.unit, _),
                "date": i18n.format_missing(locale) if obs is None else str(obs["period"]),
                "source": "; ".join(f"{i}: {titles.get(i, i18n.format_missing(locale))}" for i in ids)
                or i18n.format_missing(locale),
                "url": next((urls[i] for i in ids if i in urls), None),
                "origin": i18n.format_missing(locale) if obs is None else term(ORIGIN_LABELS, obs["origin"], _),
            }
        )
    return pd.DataFrame(rows)


def quota_rows(quotas: pd.DataFrame, oblast_kato: str, year: int) -> pd.DataFrame:
    """The oblast's kandas quota rows of ``year``, preferred first (disagreeing reports kept beside it)."""
    rows = quotas[
        (quotas["year"] == year)
        & (quotas["category"] == "kandas")
        & (quotas["oblast_kato"].astype(str) == str(oblast_kato))
    ]
    return rows.sort_values("preferred", ascending=False)


def _source_line(ids: str, sources: pd.DataFrame, _: Translate) -> str:
    titles = dict(zip(sources["id"], sources["title"], strict=True))
    return _("Source: {id}").format(id="; ".join(f"{i} — {titles.get(i, '?')}" for i in source_ids(ids)))


def render(ctx, version: str, scored: ScoredMap, kato: str) -> None:
    """The card of one district (Streamlit)."""
    _, locale = ctx._, ctx.locale
    table = scored.table.set_index("kato")
    if kato not in table.index:
        st.info(_("This district has no score."))
        return
    row = table.loc[kato]
    unit = cache.units(version, "district").set_index("kato").loc[kato]
    oblasts = cache.units(version, "oblast").set_index("kato")
    oblast_kato = str(unit["parent_kato"])
    safe.markdown("{name}", element="subheader", name=i18n.place_name(row.to_dict(), locale))
    st.caption(
        plain(i18n.place_name(oblasts.loc[oblast_kato].to_dict(), locale)) if oblast_kato in oblasts.index else ""
    )
    n = int(scored.table["rank"].notna().sum())
    c1, c2, c3 = st.columns(3)
    # "Zone IV" as the value, "not recommended" under it: the whole label is too wide for a phone's metric.
    zone_name, zone_meaning = zone_name_and_meaning(row["zone"], _)
    c1.metric(_("Zone"), zone_name, delta=zone_meaning or None, delta_color="off", delta_arrow="off")
    if pd.notna(row["rank"]):
        c2.metric(
            _("Rank"),
            _("{rank} of {n}").format(rank=int(row["rank"]), n=n),
            help=_("Rank band (5th–95th percentile over weight uncertainty): {lo}–{hi}").format(
                lo=int(row["rank_p5"]), hi=int(row["rank_p95"])
            ),
        )
        c3.metric(_("Score"), i18n.format_decimal(row["score"], 1, locale))
        st.write(
            _("Rank band (p5–p95): {lo}–{hi}; zone stability: {share} of simulations in this zone.").format(
                lo=int(row["rank_p5"]), hi=int(row["rank_p95"]), share=i18n.format_percent(row["zone_share"], locale)
            )
        )
    st.write(
        _("Coverage: {share} of the indicator weight has data.").format(
            share=i18n.format_percent(row["coverage"], locale)
        )
    )
    if row.get("overrides_applied"):
        st.caption(_("A policy override applies; see Methodology."))
    parts = scored.result.contributions
    parts = parts[parts["kato"] == kato].groupby("pillar")["contribution"].sum()
    if parts.notna().any():
        chart = pd.DataFrame(
            {_("Pillar"): [_(PILLAR_LABELS[p]) for p in parts.index], _("Points"): parts.to_numpy()}
        ).set_index(_("Pillar"))
        st.markdown("**" + _("Contribution of each pillar to the score (points)") + "**")
        st.bar_chart(chart, horizontal=True, height=200)
    sources = cache.table(version, "sources")
    rows = indicator_rows(kato, cache.observations(version), sources, locale, _)
    st.markdown("**" + _("Indicators") + "**")
    st.dataframe(
        rows.drop(columns=["code", "raw"]).rename(
            columns={
                "pillar": _("Pillar"),
                "indicator": _("Indicator"),
                "value": _("Value"),
                "unit": _("Unit"),
                "date": _("Date"),
                "source": _("Source"),
                "url": _("Link"),
                "origin": _("Origin"),
            }
        ),
        hide_index=True,
        column_config={_("Link"): st.column_config.LinkColumn(_("Link"))},
    )
    render_support(ctx, version, oblast_kato, unit)


def render_support(ctx, version: str, oblast_kato: str, unit: pd.Series) -> None:
    """Support in tenge for this year, quota, designated status and nearest centre."""
    _, locale = ctx._, ctx.locale
    year = dt.date.today().year
    sources = cache.table(version, "sources")
    st.markdown("**" + _("State support in {year}").format(year=year) + "**")
    members = st.number_input(
        _("Family members (amounts are for this family size)"), 1, 15, 1, key=f"family_{unit.name}"
    )
    est = estimate_support(
        Family(members=int(members)),
        oblast_kato=oblast_kato,
        year=year,
        measures=cache.table(version, "measures"),
        mci=cache.table(version, "mci"),
        designated=cache.table(version, "designated"),
    )
    labels = cache.table(version, "measures").set_index("code")
    measure_rows = []
    for m in est.measures.itertuples(index=False):
        label = i18n.localised(labels.loc[m.code], locale, prefix="label_", default=m.code)
        amount = i18n.format_kzt(m.amount_min_kzt, locale)
        if pd.notna(m.amount_max_kzt) and m.amount_max_kzt != m.amount_min_kzt:
            amount = f"{i18n.format_kzt(m.amount_min_kzt, locale)} – {i18n.format_kzt(m.amount_max_kzt, locale)}"
        measure_rows.append(
            {
                _("Measure"): label,
                _("Status"): term(ELIGIBILITY_LABELS, m.status, _),
                _("Amount"): amount,
                _("Basis"): term(BASIS_LABELS, m.basis, _),
                _("Source"): m.source_id,
            }
        )
    st.dataframe(pd.DataFrame(measure_rows), hide_index=True)
    mci = cache.table(version, "mci")
    mci_row = mci[mci["year"] == year]
    if est.mci_kzt is not None and not mci_row.empty:
        st.caption(
            _("MCI {year}: {kzt}. {source}").format(
                year=year,
                kzt=i18n.format_kzt(est.mci_kzt, locale),
                source=_source_line(mci_row.iloc[0]["source_id"], sources, _),
            )
        )
    total = i18n.format_kzt(est.total_min_kzt, locale)
    if est.total_max_kzt is not None and est.total_max_kzt != est.total_min_kzt:
        total = f"{total} – {i18n.format_kzt(est.total_max_kzt, locale)}"  # the rent subsidy is a range
    st.write(_("Total of the grants: {total}").format(total=total))
    if est.designated is None:
        st.write(_("Designated resettlement region: {answer}").format(answer=i18n.format_missing(locale)))
    else:
        st.write(_("Designated resettlement region: {answer}").format(answer=_("yes") if est.designated else _("no")))
    quotas = quota_rows(cache.table(version, "quotas"), oblast_kato, year)
    if quotas.empty:
        st.write(
            _("Kandas quota of the oblast in {year}: {value}").format(year=year, value=i18n.format_missing(locale))
        )
    else:
        st.markdown(_("Kandas quota of the oblast in {year}:").format(year=year))
        st.dataframe(
            pd.DataFrame(
                {
                    _("Persons"): [i18n.format_number(p, locale) for p in quotas["persons"]],
                    _("Act"): quotas["act"].tolist(),
                    _("Preferred"): [_("yes") if p else _("no") for p in quotas["preferred"]],
                    _("Source"): quotas["source_id"].tolist(),
                }
            ),
            hide_index=True,
        )
    row, km = nearest_centre(unit["lat"], unit["lon"], cache.table(version, "centres"))
    if row is None:
        st.write(_("Nearest adaptation centre: {value}").format(value=i18n.format_missing(locale)))
    else:
        st.write(
            _("Nearest adaptation centre: {name}, {km} km in a straight line ({source}).").format(
                name=row["city"], km=i18n.format_number(round(km), locale), source=row["source_id"]
            )
        )


def render_compare(ctx, version: str, scored: ScoredMap, katos: list[str]) -> None:
    """Two or three districts side by side: zone, rank band, score, coverage and each pillar."""
    _, locale = ctx._, ctx.locale
    table = scored.table.set_index("kato")
    columns = {}
    for kato in katos:
        if kato not in table.index:
            continue
        r = table.loc[kato]
        col = {
            _("Zone"): zone_label(r["zone"], _),
            _("Rank"): i18n.format_missing(locale) if pd.isna(r["rank"]) else str(int(r["rank"])),
            _("Rank band (p5–p95)"): i18n.format_missing(locale)
            if pd.isna(r["rank"])
            else f"{int(r['rank_p5'])}–{int(r['rank_p95'])}",
            _("Score"): i18n.format_decimal(r["score"], 1, locale),
            _("Coverage"): i18n.format_percent(r["coverage"], locale),
        }
        for p in PILLARS:
            if f"pillar_{p}" in table.columns:
                col[_(PILLAR_LABELS[p])] = i18n.format_decimal(r[f"pillar_{p}"], 1, locale)
        columns[i18n.place_name(r.to_dict(), locale)] = col
    if columns:
        st.dataframe(pd.DataFrame(columns), width="stretch")


def render_settlement(ctx, version: str, settlement_id: str) -> None:
    """A settlement's name, kind and population; GeoNames villages carry no official population."""
    _, locale = ctx._, ctx.locale
    points = cache.settlements(version, False)
    rows = points[points["kato"] == settlement_id]
    if rows.empty:
        return
    s = rows.iloc[0]
    safe.markdown("**{name}**", name=i18n.place_name(s.to_dict(), locale))
    if bool(s["official"]) and pd.notna(s["population"]):
        st.write(
            _("Population {n} (BNS, {date})").format(
                n=i18n.format_number(s["population"], locale), date=i18n.format_date(s["pop_date"], locale)
            )
        )
    else:
        st.write(
            _(
                "Village from GeoNames via Who's On First (CC BY 4.0): position rounded to 1–2 km, the name "
                "may be Soviet-era; no official population."
            )
        )
