"""The district card: first its top lines in plain words (the zone and what it means, whether state resettlement
support applies, what the zone rests on, "zone uncertain", the support for the family size chosen on the card,
what to do next), then, behind a switch that stays on for the session, the details: rank, score, pillar
contributions, every indicator with the value and period the score used (oblast totals apart), the oblast's quota
and the nearest adaptation centre.

``indicator_rows`` and ``quota_rows`` are plain functions (unit-tested); the nearest centre is
:func:`scoring.geo.nearest_centre`, the build's and the advisor's formula; ``render`` lays them out with Streamlit.
"""

# i18n-domain: map
from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from dataclasses import dataclass

import altair as alt
import pandas as pd
import pyarrow as pa
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
from scoring.evidence import CardNote, card_notes
from scoring.geo import nearest_centre
from scoring.registry import INDICATORS, PILLARS
from scoring.support import Family
from ui import cache, safe
from ui.safe import plain

Translate = Callable[[str], str]
#: Session key of the "details" switch of the card (one for every district: once open, they stay open).
DETAILS_KEY = "card_details"


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
    titles = source_titles(sources)
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


def source_titles(sources: pd.DataFrame) -> dict[str, str]:
    """Source id → title, from the store's ``source`` table."""
    return dict(zip(sources["id"], sources["title"], strict=True))


def _cite_html(ids: object, titles: dict[str, str]) -> str:
    """Source ids with their titles as HTML, each title in a ``lang`` span of its own language (a register
    title stays as written: Russian, Kazakh or English), so the page's text stays in the page's language."""
    return "; ".join(
        html.escape(i) + (" — " + safe.foreign(titles[i], text_lang(titles[i])) if i in titles else "")
        for i in source_ids(ids)
    )


def _source_line(ids: str, sources: pd.DataFrame, _: Translate) -> str:
    """``Source: S01 — <span lang="ru">title</span>`` (HTML, escaped)."""
    return html.escape(_("Source: {id}")).format(id=_cite_html(ids, source_titles(sources)))


@dataclass(frozen=True)
class CardData:
    """Everything the card of one district shows apart from the family's support: computed once per data
    version, locale, district and year (:func:`ui.cache.derived`), so a rerun only lays it out."""

    name: str
    oblast_kato: str
    oblast_name: str
    zone: object
    designated: bool | None
    notes: tuple[CardNote, ...]
    reported: dt.date | None
    ranks: tuple[str, str | None, str] | None  #: rank "r of n", rank in the oblast, score (texts)
    override: bool
    pillars: dict | None  #: the pillar chart's Vega-Lite spec (:func:`pillar_chart`, converted once)
    indicators: pa.Table  #: the district's indicators as shown (translated headers)
    totals: pa.Table | None  #: the oblast totals apart
    cited: tuple[str, ...]
    steps: tuple[str, ...]  #: "what to do next" lines (HTML, escaped)
    contacts: tuple[tuple[str, str], ...]  #: saved employment-centre contacts: text, citation
    mci: str | None  #: the MCI line (HTML, escaped)
    quotas: pa.Table | None  #: the oblast's quota rows as shown
    centre: str  #: the nearest adaptation centre's line


def _estimate(version: str, oblast_kato: str, year: int, family: Family):
    return cache.support_estimate(version, oblast_kato, year, family.members, family.children, family.in_quota)


def card_data(version: str, locale: str, kato: str, year: int) -> CardData | None:
    """The card of one district as data (None when it has no score); see :class:`CardData`."""
    _ = i18n.translator(locale, "map")
    scored = cache.scored_map(version)
    table = scored.table.set_index("kato")
    if kato not in table.index:
        return None
    row = table.loc[kato]
    unit = cache.units(version, "district").set_index("kato").loc[kato]
    oblasts = cache.units(version, "oblast").set_index("kato")
    oblast_kato = str(unit["parent_kato"])
    oblast_name = i18n.place_name(oblasts.loc[oblast_kato].to_dict(), locale) if oblast_kato in oblasts.index else ""
    akimat = int(cache.akimat_counts(version).get(kato, 0))
    ranks = None
    if pd.notna(row["rank"]):
        in_oblast = scored.table["parent_kato"].astype(str) == oblast_kato
        n = int(scored.table["rank"].notna().sum())
        ranks = (
            _("{rank} of {n}").format(rank=int(row["rank"]), n=n),
            _("{rank} of {n}").format(
                rank=int(row["rank_in_oblast"]), n=int(scored.table.loc[in_oblast, "rank"].notna().sum())
            )
            if pd.notna(row.get("rank_in_oblast"))
            else None,
            i18n.format_decimal(row["score"], 1, locale),
        )
    parts = scored.result.contributions
    parts = parts[parts["kato"] == kato].groupby("pillar")["contribution"].sum()
    pillars = None
    if parts.notna().any():
        frame = pd.DataFrame({_("Pillar"): [_(PILLAR_LABELS[p]) for p in parts.index], _("Points"): parts.to_numpy()})
        pillars = pillar_chart(frame, _("Pillar"), _("Points"), locale).to_dict()
    sources = cache.table(version, "sources")
    rows = indicator_rows(kato, cache.observations(version), sources, locale, _, provenance=scored.result.provenance)
    known = set(sources["id"])
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
    own = rows[~rows["oblast_total"]].drop(columns=["code", "raw", "oblast_total"]).rename(columns=headers)
    totals = rows[rows["oblast_total"]][["indicator", "value", "unit", "date", "source", "url"]]
    totals = totals.rename(columns=headers | {"value": _("Oblast total")})
    quotas = quota_table(version, oblast_kato, year, _, locale)
    return CardData(
        name=i18n.place_name(row.to_dict(), locale),
        oblast_kato=oblast_kato,
        oblast_name=oblast_name,
        zone=row["zone"],
        designated=_estimate(version, oblast_kato, year, Family(members=1)).designated,
        notes=tuple(card_notes(row, akimat_values=akimat)),
        reported=last_reported(cache.completeness(version), kato),
        ranks=ranks,
        override=bool(row.get("overrides_applied")),
        pillars=pillars,
        indicators=_arrow(own),
        totals=_arrow(totals) if len(totals) else None,
        cited=tuple(i for value in rows["source"] for i in source_ids(value) if i in known),
        steps=tuple(next_steps(version, locale, _)),
        contacts=tuple(contact_lines(version, oblast_kato, _)),
        mci=mci_line(version, year, _, locale),
        quotas=_arrow(quotas) if len(quotas) else None,
        centre=centre_line(version, unit, _, locale),
    )


def render(ctx, version: str, kato: str) -> None:
    """The card of one district (Streamlit): the plain top lines first, then the details."""
    _, locale = ctx._, ctx.locale
    year = dt.date.today().year
    card = cache.derived(card_data, version, locale, kato, year)
    if card is None:
        st.info(_("This district has no score."))
        return
    safe.markdown("{name}", element="subheader", name=card.name)
    st.caption(plain(card.oblast_name))
    # The top lines, in plain words: the zone and what it means, whether state support applies, what the zone
    # rests on, then the money for this family and what to do next.
    zone_name, zone_meaning = zone_name_and_meaning(card.zone, _)
    st.metric(_("Zone"), zone_name, delta=zone_meaning or None, delta_color="off", delta_arrow="off")
    st.markdown(plain(zone_sentence(card.zone, _)))
    sentence = plain(support_sentence(card.designated, card.oblast_name, year, _))
    (st.success if card.designated else st.warning)(sentence)
    for note in card.notes:
        text = plain(_(NOTE_TEXT[note]))
        if note == CardNote.ZONE_UNCERTAIN:
            st.warning(text)
        elif note != CardNote.CAPPED_OUTSIDE_DESIGNATED or card.designated is not False:
            st.markdown(text)
        else:
            st.caption(text)  # the warning above already says there is no state support
    # When the akimat last reported in the data campaign; "not reported" only when no note above says it already.
    if card.reported:
        st.caption(_("Last reported by the akimat: {date}").format(date=i18n.format_date(card.reported, locale)))
    elif CardNote.NO_AKIMAT_DATA not in card.notes:
        st.caption(_("The akimat has not reported district data yet."))
    render_family_support(ctx, version, card.oblast_kato, kato, year)
    st.markdown("**" + _("What to do next") + "**")
    for line in card.steps:
        st.markdown(line, unsafe_allow_html=True)
    for text, cite in card.contacts:
        safe.markdown("{text} ({cite})", text=text, cite=cite)
    for text in MISSING_STEPS:
        if not (card.contacts and text == MISSING_CONTACTS):
            st.caption(_(text))

    # The details (rank, score, the pillar chart, every indicator with its source) open on request and stay open
    # for the session: their tables and chart are the heaviest part of a first click (a cold browser fetches
    # their code before it shows any line of the card; bench/RESULTS.md "Map").
    if not st.toggle(_("Details: rank, score, indicators and sources"), key=DETAILS_KEY):
        return
    if card.ranks:
        c1, c2, c3 = st.columns(3)
        rank, rank_in_oblast, score = card.ranks
        c1.metric(_("Rank"), rank)
        if rank_in_oblast:
            c2.metric(_("Rank in the oblast"), rank_in_oblast)
        c3.metric(_("Score"), score)
    if card.override:
        st.caption(_("A policy override applies; see Methodology."))
    if card.pillars is not None:
        st.markdown("**" + _("Contribution of each pillar to the score (points)") + "**")
        st.vega_lite_chart(spec=card.pillars, width="stretch")
    links = {_("Link"): st.column_config.LinkColumn(_("Link"))}
    st.markdown("**" + _("Indicators") + "**")
    st.caption(_("Each value is the one the score used, with its period; a newer figure is shown beside it."))
    st.dataframe(card.indicators, hide_index=True, column_config=links)
    if card.totals is not None:
        st.markdown("**" + _("Oblast totals (figures for the whole oblast, not for this district)") + "**")
        st.dataframe(card.totals, hide_index=True, column_config=links)
    if card.cited:
        st.markdown("**" + _("Sources") + "**")
        st.markdown(source_list_html(list(card.cited), cache.table(version, "sources")), unsafe_allow_html=True)
    # The oblast's quota, the MCI and the nearest adaptation centre.
    if card.mci:
        st.caption(card.mci, unsafe_allow_html=True)
    if card.quotas is None:
        st.write(
            _("Kandas quota of the oblast in {year}: {value}").format(year=year, value=i18n.format_missing(locale))
        )
    else:
        st.markdown(_("Kandas quota of the oblast in {year}:").format(year=year))
        st.dataframe(card.quotas, hide_index=True)
    st.write(card.centre)


def render_family_support(ctx, version: str, oblast_kato: str, kato: str, year: int) -> None:
    """State support for the family size chosen here: "up to" with each measure's condition, the guaranteed
    part apart, monthly amounts said per month."""
    _, locale = ctx._, ctx.locale
    st.markdown("**" + _("Support for your family in {year}").format(year=year) + "**")
    c1, c2 = st.columns(2)
    adults = int(c1.number_input(_("Adults"), 1, 15, 2, key=f"adults_{kato}"))
    children = int(c2.number_input(_("Children"), 0, 15, 0, key=f"children_{kato}"))
    measures, total = cache.derived(family_support, version, locale, oblast_kato, year, adults, children)
    if measures:
        st.markdown(measures)
    st.write(total)


def family_support(
    version: str, locale: str, oblast_kato: str, year: int, adults: int, children: int
) -> tuple[str, str]:
    """The family's support as the card shows it: one line per measure that may apply (amount, condition, whether
    it is guaranteed; Markdown, data escaped) and the line with the guaranteed and "up to" totals.

    Lines, not a table: a phone shows them whole (a four-column grid scrolled sideways at 390 px).
    """
    _ = i18n.translator(locale, "map")
    est = _estimate(version, oblast_kato, year, Family(members=adults + children, children=children, in_quota=None))
    labels = cache.table(version, "measures").set_index("code")
    lines = []
    for m in est.measures.to_dict("records"):
        if m["status"] not in ("eligible", "conditional"):
            continue
        label = i18n.localised(labels.loc[m["code"]], locale, prefix="label_", default=m["code"])
        line = _("**{measure}**: {amount}. Condition: {condition}. Guaranteed: {guaranteed}.").format(
            measure=plain(label),
            amount=plain(measure_amount_text(m, locale, _)),
            condition=plain(condition_text(m["conditions"], _) or _("none")),
            guaranteed=plain(_("yes") if m["guaranteed"] else _("no")),
        )
        lines.append(f"- {line}")
    if est.up_to_kzt is None:
        total = _("Up to: {amount}").format(amount=i18n.format_missing(locale))
    elif not lines:
        total = _("No state resettlement payment applies to this family here.")
    else:
        total = _("Guaranteed: {guaranteed}. Up to {up_to} if every condition is met.").format(
            guaranteed=i18n.format_kzt(est.guaranteed_kzt, locale), up_to=i18n.format_kzt(est.up_to_kzt, locale)
        )
    return "\n".join(lines), total


def _arrow(frame: pd.DataFrame) -> pa.Table:
    """A table to show as Arrow, converted once (st.dataframe converts a pandas frame on every rerun)."""
    return pa.Table.from_pandas(frame, preserve_index=False)


def next_steps(version: str, locale: str, _: Translate) -> list[str]:
    """What to do next: where and how to apply, one cited line per step (HTML, escaped)."""
    titles = source_titles(cache.table(version, "sources"))
    steps = how_to_apply_steps(cache.table(version, "how_to_apply"), locale)
    if not steps:
        return [html.escape(_("How to apply: {value}").format(value=i18n.format_missing(locale)))]
    lines = []
    for i, (text, ids, lang) in enumerate(steps, start=1):
        # The step keeps its own language when no translation exists (how_to_apply_steps says which).
        shown = html.escape(text) if lang == locale.replace("_", "-") else safe.foreign(text, lang)
        lines.append(f"{i}\\. {shown} ({_cite_html(';'.join(ids), titles)})")
    return lines


def contact_lines(version: str, oblast_kato: str | None, _: Translate) -> list[tuple[str, str]]:
    """The oblast's saved employment-centre contacts (register ``apply_contacts``): text and citation."""
    if not oblast_kato:
        return []
    titles = source_titles(cache.table(version, "sources"))
    lines = []
    for text, source in apply_contact_lines(cache.apply_contacts(version, oblast_kato), _):
        cite = f"{source} — {titles[source]}" if source in titles else source
        lines.append((text, _("source: {value}").format(value=cite)))
    return lines


def mci_line(version: str, year: int, _: Translate, locale: str) -> str | None:
    """The MCI of the year with its source (HTML, escaped), or None."""
    mci = cache.table(version, "mci")
    mci_row = mci[mci["year"] == year]
    if mci_row.empty or pd.isna(mci_row.iloc[0]["kzt"]):
        return None
    return html.escape(_("MCI {year}: {kzt}. {source}")).format(
        year=year,
        kzt=html.escape(i18n.format_kzt(mci_row.iloc[0]["kzt"], locale)),
        source=_source_line(mci_row.iloc[0]["source_id"], cache.table(version, "sources"), _),
    )


def quota_table(version: str, oblast_kato: str, year: int, _: Translate, locale: str) -> pd.DataFrame:
    """The oblast's kandas quota rows of the year as the card shows them (empty when none)."""
    quotas = quota_rows(cache.table(version, "quotas"), oblast_kato, year)
    if quotas.empty:
        return pd.DataFrame()
    return pd.DataFrame(
        {
            _("Persons"): [i18n.format_number(p, locale) for p in quotas["persons"]],
            # The act's title in the page's language where the data carries it (act_kk/ru/en).
            _("Act"): [i18n.localised(q, locale, prefix="act_", default=q["act"]) for q in quotas.to_dict("records")],
            _("Preferred"): [_("yes") if p else _("no") for p in quotas["preferred"]],
            _("Source"): quotas["source_id"].tolist(),
        }
    )


def centre_line(version: str, unit: pd.Series, _: Translate, locale: str) -> str:
    """The nearest adaptation centre, its straight-line distance and source."""
    row, km = nearest_centre(unit["lat"], unit["lon"], cache.table(version, "centres"))
    if row is None:
        return _("Nearest adaptation centre: {value}").format(value=i18n.format_missing(locale))
    return _("Nearest adaptation centre: {name}, {km} km in a straight line ({source}).").format(
        name=i18n.localised(row, locale, prefix="name_", default=row["name"]),
        km=i18n.format_number(round(km), locale),
        source=row["source_id"],
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
