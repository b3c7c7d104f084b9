"""The district card: first its top lines in plain words (the zone and what it means, whether state resettlement
support applies, what the zone rests on, "zone uncertain", the support for the family size chosen on the card,
what to do next), then the details: rank, score, pillar contributions, every indicator with the value and period
the score used (oblast totals apart), the oblast's quota and the nearest adaptation centre.

``indicator_rows`` and ``quota_rows`` are plain functions (unit-tested); the nearest centre is
:func:`scoring.geo.nearest_centre`, the build's and the advisor's formula; ``render`` lays them out with Streamlit.
"""

# i18n-domain: map
from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable

import altair as alt
import pandas as pd
import streamlit as st

import i18n
from data.card import (
    MISSING_CONTACTS,
    MISSING_STEPS,
    NOTE_TEXT,
    apply_contact_lines,
    condition_text,
    how_to_apply_steps,
    indicator_values,
    measure_amount_text,
    support_sentence,
    zone_sentence,
)
from data.completeness import last_reported
from data.scored import ScoredMap
from export.cards import text_lang
from i18n.vocabulary import (
    ORIGIN_LABELS,
    PILLAR_LABELS,
    term,
    unit_label,
    zone_label,
    zone_name_and_meaning,
)
from scoring.evidence import CardNote, akimat_value_counts, card_notes
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
    kato: str,
    observations: pd.DataFrame,
    sources: pd.DataFrame,
    locale: str,
    _: Translate,
    *,
    provenance: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every registry indicator of one district: the value the score used, its period, a newer figure if any,
    unit, source and origin (:func:`data.card.indicator_values`).

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
    provenance
        :attr:`scoring.pipeline.ScoreResult.provenance`; without it every row shows its latest value.

    Returns
    -------
    pandas.DataFrame
        Columns ``code``, ``pillar``, ``indicator``, ``value``, ``raw``, ``unit``, ``date``, ``newer``,
        ``source``, ``url``, ``origin``, ``oblast_total``; one row per registry indicator, missing values say so.
    """
    urls = {i: u for i, u in zip(sources["id"], sources["url"], strict=True) if isinstance(u, str)}
    values = indicator_values(kato, observations, provenance).set_index("code")
    missing = i18n.format_missing(locale)
    rows = []
    for ind in INDICATORS:
        v = values.loc[ind.code]
        known = pd.notna(v["period"])
        ids = source_ids(v["source_id"]) if known else []
        newer = ""
        if pd.notna(v["newer_period"]):
            newer = _("{value} ({period}), newer figure, not yet in the score").format(
                value=i18n.format_value(v["newer_value"], ind.unit, locale), period=v["newer_period"]
            )
        rows.append(
            {
                "code": ind.code,
                "pillar": _(PILLAR_LABELS[ind.pillar]),
                "indicator": i18n.localised(ind.label, locale),
                "value": i18n.format_value(v["value"], ind.unit, locale),
                "raw": None if pd.isna(v["value"]) else float(v["value"]),
                "unit": unit_label(ind.unit, _),
                "date": v["period"] if known else missing,
                "newer": newer,
                # Ids only: a data-frame cell cannot carry a lang attribute, so the titles (Russian, Kazakh or
                # English as the register writes them) are listed below the table (:func:`source_list_html`).
                "source": "; ".join(ids) or missing,
                "url": next((urls[i] for i in ids if i in urls), None),
                "origin": term(ORIGIN_LABELS, v["origin"], _) if known else missing,
                "oblast_total": bool(v["oblast_total"]),
            }
        )
    return pd.DataFrame(rows)


def pillar_chart(frame: pd.DataFrame, label: str, value: str, locale: str) -> alt.Chart:
    """Horizontal bars of pillar points whose labels are never cut: Vega-Lite truncates axis labels at 180 px
    by default, too short for "Жұмыс пен табыс" in Arabic script or long Russian pillar names."""
    # The tooltip shows the points as text in the page's decimal separator (d3's format always writes a dot).
    shown = frame.assign(**{f"{value} ": [i18n.format_decimal(v, 1, locale) for v in frame[value]]})
    return (
        alt.Chart(shown)
        .mark_bar()
        .encode(
            y=alt.Y(f"{label}:N", sort=None, axis=alt.Axis(labelLimit=600, title=None)),
            x=alt.X(f"{value}:Q", axis=alt.Axis(format="d", tickMinStep=1)),
            tooltip=[alt.Tooltip(f"{label}:N"), alt.Tooltip(f"{value} :N", title=value)],
        )
        .properties(height=200)
    )


def source_list_html(ids: list[str], sources: pd.DataFrame) -> str:
    """The cited sources as an HTML list, each title marked with its own language (escaped)."""
    titles = dict(zip(sources["id"], sources["title"], strict=True))
    items = "".join(f"<li>{_cite_html(i, titles)}</li>" for i in dict.fromkeys(ids))
    return f'<ul class="sources">{items}</ul>' if items else ""


def quota_rows(quotas: pd.DataFrame, oblast_kato: str, year: int) -> pd.DataFrame:
    """The oblast's kandas quota rows of ``year``, preferred first (disagreeing reports kept beside it)."""
    rows = quotas[
        (quotas["year"] == year)
        & (quotas["category"] == "kandas")
        & (quotas["oblast_kato"].astype(str) == str(oblast_kato))
    ]
    return rows.sort_values("preferred", ascending=False)


def _cite_html(ids: object, titles: dict[str, str]) -> str:
    """Source ids with their titles as HTML, each title in a ``lang`` span of its own language (a register
    title stays as written: Russian, Kazakh or English), so the page's text stays in the page's language."""
    return "; ".join(
        html.escape(i) + (" — " + safe.foreign(titles[i], text_lang(titles[i])) if i in titles else "")
        for i in source_ids(ids)
    )


def _source_line(ids: str, sources: pd.DataFrame, _: Translate) -> str:
    """``Source: S01 — <span lang="ru">title</span>`` (HTML, escaped)."""
    titles = dict(zip(sources["id"], sources["title"], strict=True))
    return html.escape(_("Source: {id}")).format(id=_cite_html(ids, titles))


def _estimate(version: str, oblast_kato: str, year: int, family: Family):
    return estimate_support(
        family,
        oblast_kato=oblast_kato,
        year=year,
        measures=cache.table(version, "measures"),
        mci=cache.table(version, "mci"),
        designated=cache.table(version, "designated"),
    )


def render(ctx, version: str, scored: ScoredMap, kato: str) -> None:
    """The card of one district (Streamlit): the plain top lines first, then the details."""
    _, locale = ctx._, ctx.locale
    table = scored.table.set_index("kato")
    if kato not in table.index:
        st.info(_("This district has no score."))
        return
    row = table.loc[kato]
    unit = cache.units(version, "district").set_index("kato").loc[kato]
    oblasts = cache.units(version, "oblast").set_index("kato")
    oblast_kato = str(unit["parent_kato"])
    oblast_name = i18n.place_name(oblasts.loc[oblast_kato].to_dict(), locale) if oblast_kato in oblasts.index else ""
    safe.markdown("{name}", element="subheader", name=i18n.place_name(row.to_dict(), locale))
    st.caption(plain(oblast_name))
    # The top lines, in plain words: the zone and what it means, whether state support applies, what the zone
    # rests on, then the money for this family and what to do next.
    zone_name, zone_meaning = zone_name_and_meaning(row["zone"], _)
    st.metric(_("Zone"), zone_name, delta=zone_meaning or None, delta_color="off", delta_arrow="off")
    st.markdown(plain(zone_sentence(row["zone"], _)))
    year = dt.date.today().year
    designated = _estimate(version, oblast_kato, year, Family(members=1)).designated
    sentence = plain(support_sentence(designated, oblast_name, year, _))
    (st.success if designated else st.warning)(sentence)
    akimat = int(akimat_value_counts(cache.observations(version)).get(kato, 0))
    notes = card_notes(row, akimat_values=akimat)
    for note in notes:
        text = plain(_(NOTE_TEXT[note]))
        if note == CardNote.ZONE_UNCERTAIN:
            st.warning(text)
        elif note != CardNote.CAPPED_OUTSIDE_DESIGNATED or designated is not False:
            st.markdown(text)
        else:
            st.caption(text)  # the warning above already says there is no state support
    # When the akimat last reported in the data campaign; "not reported" only when no note above says it already.
    reported = last_reported(cache.completeness(version), kato)
    if reported:
        st.caption(_("Last reported by the akimat: {date}").format(date=i18n.format_date(reported, locale)))
    elif CardNote.NO_AKIMAT_DATA not in notes:
        st.caption(_("The akimat has not reported district data yet."))
    render_family_support(ctx, version, oblast_kato, unit, year)
    render_next_steps(ctx, version, oblast_kato)

    st.markdown("**" + _("Details") + "**")
    n = int(scored.table["rank"].notna().sum())
    if pd.notna(row["rank"]):
        c1, c2, c3 = st.columns(3)
        c1.metric(_("Rank"), _("{rank} of {n}").format(rank=int(row["rank"]), n=n))
        in_oblast = scored.table["parent_kato"].astype(str) == oblast_kato
        if pd.notna(row.get("rank_in_oblast")):
            c2.metric(
                _("Rank in the oblast"),
                _("{rank} of {n}").format(
                    rank=int(row["rank_in_oblast"]), n=int(scored.table.loc[in_oblast, "rank"].notna().sum())
                ),
            )
        c3.metric(_("Score"), i18n.format_decimal(row["score"], 1, locale))
    if row.get("overrides_applied"):
        st.caption(_("A policy override applies; see Methodology."))
    parts = scored.result.contributions
    parts = parts[parts["kato"] == kato].groupby("pillar")["contribution"].sum()
    if parts.notna().any():
        chart = pd.DataFrame(
            {_("Pillar"): [_(PILLAR_LABELS[p]) for p in parts.index], _("Points"): parts.to_numpy()}
        ).set_index(_("Pillar"))
        st.markdown("**" + _("Contribution of each pillar to the score (points)") + "**")
        st.altair_chart(pillar_chart(chart.reset_index(), _("Pillar"), _("Points"), locale), width="stretch")
    sources = cache.table(version, "sources")
    rows = indicator_rows(kato, cache.observations(version), sources, locale, _, provenance=scored.result.provenance)
    headers = {
        "pillar": _("Pillar"),
        "indicator": _("Indicator"),
        "value": _("Value used in the score"),
        "unit": _("Unit"),
        "date": _("Period"),
        "newer": _("Newer figure"),
        "source": _("Source"),
        "url": _("Link"),
        "origin": _("Origin"),
    }
    links = {_("Link"): st.column_config.LinkColumn(_("Link"))}
    st.markdown("**" + _("Indicators") + "**")
    st.caption(_("Each value is the one the score used, with its period; a newer figure is shown beside it."))
    own = rows[~rows["oblast_total"]].drop(columns=["code", "raw", "oblast_total"])
    st.dataframe(own.rename(columns=headers), hide_index=True, column_config=links)
    totals = rows[rows["oblast_total"]]
    if len(totals):
        st.markdown("**" + _("Oblast totals (figures for the whole oblast, not for this district)") + "**")
        st.dataframe(
            totals[["indicator", "value", "unit", "date", "source", "url"]].rename(
                columns=headers | {"value": _("Oblast total")}
            ),
            hide_index=True,
            column_config=links,
        )
    known = set(sources["id"])
    cited = [i for value in rows["source"] for i in source_ids(value) if i in known]
    if cited:
        st.markdown("**" + _("Sources") + "**")
        st.markdown(source_list_html(cited, sources), unsafe_allow_html=True)
    render_support(ctx, version, oblast_kato, unit)


def render_family_support(ctx, version: str, oblast_kato: str, unit: pd.Series, year: int) -> None:
    """State support for the family size chosen here: "up to" with each measure's condition, the guaranteed
    part apart, monthly amounts said per month."""
    _, locale = ctx._, ctx.locale
    st.markdown("**" + _("Support for your family in {year}").format(year=year) + "**")
    c1, c2 = st.columns(2)
    adults = int(c1.number_input(_("Adults"), 1, 15, 2, key=f"adults_{unit.name}"))
    children = int(c2.number_input(_("Children"), 0, 15, 0, key=f"children_{unit.name}"))
    est = _estimate(version, oblast_kato, year, Family(members=adults + children, children=children, in_quota=None))
    labels = cache.table(version, "measures").set_index("code")
    lines = []
    for m in est.measures.to_dict("records"):
        if m["status"] not in ("eligible", "conditional"):
            continue
        label = i18n.localised(labels.loc[m["code"]], locale, prefix="label_", default=m["code"])
        lines.append(
            {
                _("Measure"): label,
                _("Amount for your family"): measure_amount_text(m, locale, _),
                _("Condition"): condition_text(m["conditions"], _) or _("none"),
                _("Guaranteed"): _("yes") if m["guaranteed"] else _("no"),
            }
        )
    if lines:
        st.dataframe(pd.DataFrame(lines), hide_index=True)
    if est.up_to_kzt is None:
        st.write(_("Up to: {amount}").format(amount=i18n.format_missing(locale)))
    elif not lines:
        st.write(_("No state resettlement payment applies to this family here."))
    else:
        st.write(
            _("Guaranteed: {guaranteed}. Up to {up_to} if every condition is met.").format(
                guaranteed=i18n.format_kzt(est.guaranteed_kzt, locale), up_to=i18n.format_kzt(est.up_to_kzt, locale)
            )
        )


def render_next_steps(ctx, version: str, oblast_kato: str | None = None) -> None:
    """What to do next: where and how to apply (cited steps), the oblast's saved employment-centre contacts
    (register ``apply_contacts``), and what no source says yet."""
    _, locale = ctx._, ctx.locale
    st.markdown("**" + _("What to do next") + "**")
    titles = dict(zip(cache.table(version, "sources")["id"], cache.table(version, "sources")["title"], strict=True))
    steps = how_to_apply_steps(cache.table(version, "how_to_apply"), locale)
    if not steps:
        st.write(_("How to apply: {value}").format(value=i18n.format_missing(locale)))
    for i, (text, ids, lang) in enumerate(steps, start=1):
        # The step keeps its own language when no translation exists (how_to_apply_steps says which).
        shown = html.escape(text) if lang == locale.replace("_", "-") else safe.foreign(text, lang)
        st.markdown(f"{i}\\. {shown} ({_cite_html(';'.join(ids), titles)})", unsafe_allow_html=True)
    rows = ctx.store.register_rows("apply_contacts", oblast_kato=oblast_kato) if oblast_kato else None
    contacts = apply_contact_lines(rows, _) if rows is not None else []
    for text, source in contacts:
        cite = f"{source} — {titles[source]}" if source in titles else source
        safe.markdown("{text} ({cite})", text=text, cite=_("source: {value}").format(value=cite))
    for text in MISSING_STEPS:
        if not (contacts and text == MISSING_CONTACTS):
            st.caption(_(text))


def render_support(ctx, version: str, oblast_kato: str, unit: pd.Series) -> None:
    """The oblast's quota, the MCI and the nearest adaptation centre."""
    _, locale = ctx._, ctx.locale
    year = dt.date.today().year
    sources = cache.table(version, "sources")
    mci = cache.table(version, "mci")
    mci_row = mci[mci["year"] == year]
    if not mci_row.empty and pd.notna(mci_row.iloc[0]["kzt"]):
        st.caption(
            html.escape(_("MCI {year}: {kzt}. {source}")).format(
                year=year,
                kzt=html.escape(i18n.format_kzt(mci_row.iloc[0]["kzt"], locale)),
                source=_source_line(mci_row.iloc[0]["source_id"], sources, _),
            ),
            unsafe_allow_html=True,
        )
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
                    # The act's title in the page's language where the data carries it (act_kk/ru/en).
                    _("Act"): [
                        i18n.localised(q, locale, prefix="act_", default=q["act"]) for q in quotas.to_dict("records")
                    ],
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
                name=i18n.localised(row, locale, prefix="name_", default=row["name"]),
                km=i18n.format_number(round(km), locale),
                source=row["source_id"],
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
            _("Rank in the oblast"): i18n.format_missing(locale)
            if pd.isna(r.get("rank_in_oblast"))
            else str(int(r["rank_in_oblast"])),
            _("Score"): i18n.format_decimal(r["score"], 1, locale),
            _("Zone uncertain"): _("yes") if bool(r.get("zone_uncertain", False)) else _("no"),
            _("Share of the zone from district data (%)"): i18n.format_missing(locale)
            if pd.isna(r["evidence_district"])
            else i18n.format_number(round(100 * float(r["evidence_district"])), locale),
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
