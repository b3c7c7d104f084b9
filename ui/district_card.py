"""The district card: zone, rank band, score, pillar contributions, every indicator with its provenance,
support in tenge, the oblast's quota, designated-region status and the nearest adaptation centre.

``indicator_rows``, ``quota_rows`` and ``nearest_centre`` are plain functions (unit-tested); ``render``
lays them out with Streamlit.
"""

# i18n-domain: map
from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable

import pandas as pd
import streamlit as st

import i18n
from data.scored import ScoredMap
from scoring.registry import INDICATORS, PILLARS
from scoring.support import Family, estimate_support
from ui import map_data
from ui.map_view import zone_label
from ui.safe import plain

Translate = Callable[[str], str]
EARTH_RADIUS_KM = 6371.0088

ORIGINS = {
    "official": i18n.N_("official statistics"),
    "akimat": i18n.N_("entered by the akimat"),
    "derived": i18n.N_("derived"),
    "inherited": i18n.N_("inherited from the oblast"),
}
PILLAR_LABELS = {
    "labour": i18n.N_("Labour deficit"),
    "housing": i18n.N_("Housing"),
    "adaptation": i18n.N_("Adaptation"),
    "support": i18n.N_("Support measures"),
    "context": i18n.N_("Context"),
}
STATUS = {
    "eligible": i18n.N_("eligible"),
    "not_eligible": i18n.N_("not eligible"),
    "not_in_force": i18n.N_("not in force this year"),
    "unknown": i18n.N_("unknown"),
}
BASIS = {
    "per_member": i18n.N_("per family member"),
    "per_family": i18n.N_("per family"),
    "per_family_month": i18n.N_("per family per month"),
    "per_specialist": i18n.N_("per rural specialist"),
    "loan_cap": i18n.N_("loan ceiling (not a grant)"),
    "share": i18n.N_("share of the housing price"),
}
UNITS = (
    i18n.N_("ratio"),
    i18n.N_("per 1,000 rural residents"),
    i18n.N_("%"),
    i18n.N_("KZT/month"),
    i18n.N_("thousand KZT"),
    i18n.N_("km"),
    i18n.N_("KZT/m²"),
    i18n.N_("KZT/m²/month"),
    i18n.N_("months of wage per m²"),
    i18n.N_("units"),
    i18n.N_("service types"),
    i18n.N_("per 10,000"),
    i18n.N_("yes/no"),
    i18n.N_("per 100,000"),
    i18n.N_("programmes"),
    i18n.N_("persons"),
    i18n.N_("persons/km²"),
    i18n.N_("settlements"),
    i18n.N_("schools"),
    i18n.N_("KZT/person/month"),
    i18n.N_("institutions"),
    i18n.N_("persons/year"),
    i18n.N_("vacancies"),
    i18n.N_("families"),
    i18n.N_("KZT"),
)


def text_for(texts: dict[str, str], locale: str) -> str:
    """A registry text (keyed kk/ru/en) in ``locale``; kk_Latn/kk_Arab are transliterated from kk."""
    if locale == "kk_Latn":
        return i18n.to_latin(texts["kk"])
    if locale == "kk_Arab":
        return i18n.to_arabic(texts["kk"])
    return texts.get(locale) or texts["en"]


def source_ids(value: object) -> list[str]:
    """Source ids of an observation (``"D:x;S01;GEOKZ"`` → three ids)."""
    return [s.strip() for s in str(value).split(";") if s.strip()] if isinstance(value, str) else []


def format_value(value: object, unit: str, locale: str, _: Translate) -> str:
    """A value with its translated unit; yes/no indicators as words; missing as "no data"."""
    if i18n.is_missing(value):
        return i18n.format_missing(locale)
    if unit == "yes/no":
        return _("yes") if float(value) >= 0.5 else _("no")
    number = float(value)
    text = i18n.format_decimal(number, 0 if abs(number) >= 100 else 2, locale)
    return f"{text} {_(unit)}"


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
                "indicator": text_for(ind.label, locale),
                "value": format_value(None if obs is None else obs["value"], ind.unit, locale, _),
                "raw": None if obs is None else float(obs["value"]),
                "unit": _(ind.unit),
                "date": i18n.format_missing(locale) if obs is None else str(obs["period"]),
                "source": "; ".join(f"{i}: {titles.get(i, i18n.format_missing(locale))}" for i in ids)
                or i18n.format_missing(locale),
                "url": next((urls[i] for i in ids if i in urls), None),
                "origin": i18n.format_missing(locale) if obs is None else _(ORIGINS.get(obs["origin"], obs["origin"])),
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


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance: :math:`2R\\arcsin\\sqrt{\\sin^2(\\Delta\\phi/2)+\\cos\\phi_1\\cos\\phi_2\\sin^2(\\Delta\\lambda/2)}`."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def nearest_centre(lat: float, lon: float, centres: pd.DataFrame) -> tuple[pd.Series, float] | None:
    """The adaptation centre nearest to a point and its great-circle distance in km (None without data)."""
    ok = centres.dropna(subset=["lat", "lon"])
    if ok.empty or i18n.is_missing(lat) or i18n.is_missing(lon):
        return None
    dist = [haversine_km(lat, lon, a, b) for a, b in zip(ok["lat"], ok["lon"], strict=True)]
    i = min(range(len(dist)), key=dist.__getitem__)
    return ok.iloc[i], dist[i]


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
    unit = map_data.units(version, "district").set_index("kato").loc[kato]
    oblasts = map_data.units(version, "oblast").set_index("kato")
    oblast_kato = str(unit["parent_kato"])
    st.subheader(plain(i18n.place_name(row.to_dict(), locale)))
    st.caption(
        plain(i18n.place_name(oblasts.loc[oblast_kato].to_dict(), locale)) if oblast_kato in oblasts.index else ""
    )
    n = int(scored.table["rank"].notna().sum())
    c1, c2, c3 = st.columns(3)
    # "Zone IV" as the value, "not recommended" under it: the whole label is too wide for a phone's metric.
    zone_name, _dash, zone_meaning = zone_label(row["zone"], _).partition(" — ")
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
    sources = map_data.table(version, "sources")
    rows = indicator_rows(kato, map_data.observations(version), sources, locale, _)
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
    sources = map_data.table(version, "sources")
    st.markdown("**" + _("State support in {year}").format(year=year) + "**")
    members = st.number_input(
        _("Family members (amounts are for this family size)"), 1, 15, 1, key=f"family_{unit.name}"
    )
    est = estimate_support(
        Family(members=int(members)),
        oblast_kato=oblast_kato,
        year=year,
        measures=map_data.table(version, "measures"),
        mci=map_data.table(version, "mci"),
        designated=map_data.table(version, "designated"),
    )
    labels = map_data.table(version, "measures").set_index("code")
    lang = locale if locale in ("kk", "ru", "en") else "kk"
    measure_rows = []
    for m in est.measures.itertuples(index=False):
        label = labels.loc[m.code, f"label_{lang}"]
        label = text_for({"kk": label, "en": label}, locale) if locale in ("kk_Latn", "kk_Arab") else label
        amount = i18n.format_kzt(m.amount_min_kzt, locale)
        if pd.notna(m.amount_max_kzt) and m.amount_max_kzt != m.amount_min_kzt:
            amount = f"{i18n.format_kzt(m.amount_min_kzt, locale)} – {i18n.format_kzt(m.amount_max_kzt, locale)}"
        measure_rows.append(
            {
                _("Measure"): label,
                _("Status"): _(STATUS[m.status]),
                _("Amount"): amount,
                _("Basis"): _(BASIS.get(m.basis, m.basis)),
                _("Source"): m.source_id,
            }
        )
    st.dataframe(pd.DataFrame(measure_rows), hide_index=True)
    mci = map_data.table(version, "mci")
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
    quotas = quota_rows(map_data.table(version, "quotas"), oblast_kato, year)
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
    centre = nearest_centre(unit["lat"], unit["lon"], map_data.table(version, "centres"))
    if centre is None:
        st.write(_("Nearest adaptation centre: {value}").format(value=i18n.format_missing(locale)))
    else:
        row, km = centre
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
    points = map_data.settlements(version, False)
    rows = points[points["kato"] == settlement_id]
    if rows.empty:
        return
    s = rows.iloc[0]
    st.markdown(f"**{plain(i18n.place_name(s.to_dict(), locale))}**")
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
