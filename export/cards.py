"""District cards of the static export: the plain top lines (zone and what it means, whether state resettlement
support applies, what the zone rests on, "zone uncertain", what to do next), then rank, score, pillar
contributions and every indicator with the value and period the score used (oblast totals apart).

Pure rendering: frames in (from :func:`data.scored.score_districts` and ``Store.observations``), HTML text
out. Every data string is HTML-escaped here; numbers are formatted for the locale by :mod:`i18n`.
"""

# i18n-domain: export
from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property

import pandas as pd

import i18n
from data.card import (
    MISSING_STEPS,
    condition_text,
    evidence_sentences,
    how_to_apply_steps,
    indicator_values,
    measure_amount_text,
    support_sentence,
    zone_sentence,
)
from i18n.vocabulary import ORIGIN_LABELS, PILLAR_LABELS, term, unit_label, zone_label
from scoring.evidence import akimat_value_counts
from scoring.support import Family, SupportEstimate, estimate_support

_SOURCE_SPLIT = re.compile(r"[;,]\s*")
#: Family sizes of the static card's support table (the app's card has a family-size control instead).
FAMILY_SIZES: tuple[int, ...] = (1, 2, 3, 4, 5, 6)


def esc(value: object) -> str:
    """HTML-escape any value (quotes too); a missing value gives the empty string."""
    return "" if i18n.is_missing(value) else html.escape(str(value), quote=True)


@dataclass(frozen=True)
class CardInputs:
    """Everything the cards of one export need, read once from the store and the scoring run."""

    table: pd.DataFrame  # score_districts(...).table
    contributions: pd.DataFrame  # score_districts(...).result.contributions
    observations: pd.DataFrame  # store.observations("district")
    indicators: pd.DataFrame  # store.indicators(), indexed by code
    sources: pd.DataFrame  # store.sources(), indexed by id
    oblasts: pd.DataFrame  # store.units("oblast"), indexed by kato
    profile_name: str
    profile_status: str  # 'published', 'default' or 'custom'
    provenance: pd.DataFrame | None = None  # score_districts(...).result.provenance: the values the score used
    designated: pd.DataFrame | None = None  # store.designated_regions()
    how_to_apply: pd.DataFrame | None = None  # store.how_to_apply()
    year: int | None = None  # the year whose designated regions the cards state
    measures: pd.DataFrame | None = None  # store.support_measures()
    mci: pd.DataFrame | None = None  # store.mci()

    def support_by_size(self, oblast_kato: str) -> list[tuple[int, SupportEstimate]]:
        """The support estimate for families of :data:`FAMILY_SIZES` members in the oblast (quota not known yet)."""
        if self.measures is None or self.mci is None or self.designated is None or self.year is None:
            return []
        key = str(oblast_kato)[:2]
        if key not in self._support_cache:
            self._support_cache[key] = [
                (
                    n,
                    estimate_support(
                        Family(members=n, in_quota=None),
                        oblast_kato=oblast_kato,
                        year=self.year,
                        measures=self.measures,
                        mci=self.mci,
                        designated=self.designated,
                    ),
                )
                for n in FAMILY_SIZES
            ]
        return self._support_cache[key]

    @cached_property
    def _support_cache(self) -> dict[str, list[tuple[int, SupportEstimate]]]:
        return {}

    @cached_property
    def akimat_values(self) -> dict[str, int]:
        """Per kato, how many akimat indicators have a value of the district's own."""
        return {str(k): int(v) for k, v in akimat_value_counts(self.observations).items()}

    def designated_for(self, oblast_kato: str) -> bool | None:
        """Whether the oblast is on the kandas designated list of :attr:`year` (``None``: no list in the data)."""
        if self.designated is None or self.year is None:
            return None
        lists = self.designated[
            (self.designated["year"].astype(int) == self.year) & (self.designated["category"] == "kandas")
        ]
        if lists.empty:
            return None
        return bool((lists["oblast_kato"].astype(str).str[:2] == str(oblast_kato)[:2]).any())

    @property
    def scored_count(self) -> int:
        return int(self.table["rank"].notna().sum())

    @cached_property
    def rows(self) -> dict[str, dict]:
        """Scored table rows by kato."""
        return {r["kato"]: r for r in self.table.to_dict("records")}

    @cached_property
    def oblast_rows(self) -> dict[str, dict]:
        return {kato: r for kato, r in zip(self.oblasts.index, self.oblasts.to_dict("records"), strict=True)}

    @cached_property
    def indicator_rows(self) -> dict[str, dict]:
        return {code: r for code, r in zip(self.indicators.index, self.indicators.to_dict("records"), strict=True)}

    @cached_property
    def source_rows(self) -> dict[str, dict]:
        return {sid: r for sid, r in zip(self.sources.index, self.sources.to_dict("records"), strict=True)}

    @cached_property
    def pillar_points(self) -> dict[tuple[str, str], float]:
        """Score points contributed by each (kato, pillar)."""
        sums = self.contributions.groupby(["kato", "pillar"])["contribution"].sum()
        return {key: float(value) for key, value in sums.items()}

    @cached_property
    def latest_observations(self) -> dict[str, list[dict]]:
        """The newest observation of each (kato, indicator), by period end then version, grouped by kato."""
        ordered = self.observations.sort_values(["kato", "indicator", "period_end", "version"], na_position="first")
        newest = ordered.groupby(["kato", "indicator"], sort=False).tail(1)
        grouped: dict[str, list[dict]] = {}
        for record in newest.to_dict("records"):
            grouped.setdefault(record["kato"], []).append(record)
        return grouped


def indicator_label(row: Mapping[str, object], locale: str) -> str:
    """The indicator's label in ``locale`` from the store's ``label_kk``/``label_ru``/``label_en``."""
    return i18n.localised(row, locale, prefix="label_")


def _source_links(source_ids: object, used: dict[str, None]) -> str:
    """Source codes of one value as links to the card's source list; records them in ``used``."""
    links = []
    for sid in _SOURCE_SPLIT.split("" if i18n.is_missing(source_ids) else str(source_ids)):
        if sid:
            used[sid] = None
            links.append(f'<a class="src" href="#src-{esc(sid)}">{esc(sid)}</a>')
    return ", ".join(links)


#: Letters only Kazakh Cyrillic has (Russian has none of them).
_KAZAKH_LETTERS = re.compile("[ӘәҒғҚқҢңӨөҰұҮүҺһІі]")
_CYRILLIC = re.compile("[\u0400-\u04ff]")


def text_lang(text: object) -> str:
    """The language of a source-register text as written, told by its script: Cyrillic with a Kazakh-only
    letter is ``"kk"``, other Cyrillic ``"ru"``, anything else ``"en"`` (the register's titles are Russian,
    Kazakh or English; a Latin title quoting nothing else is English)."""
    value = "" if i18n.is_missing(text) else str(text)
    if _CYRILLIC.search(value):
        return "kk" if _KAZAKH_LETTERS.search(value) else "ru"
    return "en"


def _foreign(text: object) -> str:
    """A source-register text in a ``<span lang>`` of its own language (:func:`text_lang`), escaped."""
    return f'<span lang="{text_lang(text)}">{esc(text)}</span>'


def _source_list(used: dict[str, None], sources: dict[str, dict]) -> str:
    items = []
    for sid in used:
        fields = []
        if sid in sources:
            src = sources[sid]
            # Titles, publishers and licences stay as the register writes them, each marked with its language.
            fields = [
                _foreign(src.get(k))
                for k in ("title", "publisher", "date", "licence")
                if not i18n.is_missing(src.get(k))
            ]
        items.append(f'<li id="src-{esc(sid)}"><b>{esc(sid)}</b>: {" — ".join(fields)}</li>')
    return f'<ul class="sources">{"".join(items)}</ul>'


def card_html(kato: str, inputs: CardInputs, locale: str, _: Callable[[str], str]) -> str:
    """The inner HTML of one district's card (escaped), in ``locale``."""
    t = {
        "oblast": _("Oblast"),
        "pillars": _("Pillar contributions"),
        "pillar": _("Pillar"),
        "pillar_score": _("Pillar score"),
        "points": _("Points in the score"),
        "indicators": _("Indicators"),
        "indicator": _("Indicator"),
        "value": _("Value"),
        "unit": _("Unit"),
        "date": _("Date"),
        "source": _("Source"),
        "origin": _("Origin"),
        "sources": _("Sources"),
        "scored_note": _("Each value is the one the score used, with its period; a newer figure is shown beside it."),
        "totals": _("Oblast totals (figures for the whole oblast, not for this district)"),
        "total": _("Oblast total"),
        "next": _("What to do next"),
    }
    row = inputs.rows[kato]
    used: dict[str, None] = {}
    name = i18n.place_name(row, locale)
    oblast = inputs.oblast_rows.get(row["parent_kato"], {})
    zone = str(row["zone"]) if not i18n.is_missing(row["zone"]) else "insufficient"
    parts = [f'<h1 id="name">{esc(name)}</h1>']
    if oblast:
        parts.append(f'<p class="oblast">{esc(t["oblast"])}: {esc(i18n.place_name(oblast, locale))}</p>')
    parts.append(
        f'<p class="zone zone-{esc(zone)}" data-zone="{esc(zone)}"><span class="sw"></span>'
        f"{esc(zone_label(zone, _))}</p>"
    )
    parts.append(f'<p class="zone-meaning">{esc(zone_sentence(zone, _))}</p>')
    if inputs.year is not None:
        designated = inputs.designated_for(str(row["parent_kato"]))
        kind = {True: "applies", False: "none", None: "unknown"}[designated]
        parts.append(
            f'<p class="support support-{kind}"><strong>'
            f"{esc(support_sentence(designated, i18n.place_name(oblast, locale) if oblast else '', inputs.year, _))}"
            "</strong></p>"
        )
    for sentence in evidence_sentences(row, inputs.akimat_values.get(kato, 0), _):
        parts.append(f'<p class="evidence">{esc(sentence)}</p>')
    parts.append(_support_html(str(row["parent_kato"]), inputs, locale, _))
    if inputs.how_to_apply is not None:
        parts.append(f'<h2>{esc(t["next"])}</h2><ol class="next">')
        for text, ids, lang in how_to_apply_steps(inputs.how_to_apply, locale):
            parts.append(f'<li lang="{esc(lang)}">{esc(text)} ({_source_links(";".join(ids), used)})</li>')
        parts.append("</ol>")
        parts.append("".join(f'<p class="missing">{esc(_(text))}</p>' for text in MISSING_STEPS))
    facts = []
    if not i18n.is_missing(row["rank"]):
        facts.append(
            (
                _("Rank"),
                _("{rank} of {n}").format(rank=_whole(row["rank"], locale), n=_whole(inputs.scored_count, locale)),
            )
        )
        if not i18n.is_missing(row.get("rank_in_oblast")):
            facts.append((_("Rank in the oblast"), _whole(row["rank_in_oblast"], locale)))
    facts.append(
        (
            _("Score"),
            i18n.format_decimal(row["score"], 1, locale) + " / 100"
            if not i18n.is_missing(row["score"])
            else i18n.format_missing(locale),
        )
    )
    if isinstance(row.get("eligibility_reason"), str) and row["eligibility_reason"]:
        facts.append((_("Not eligible"), row["eligibility_reason"]))
    parts.append('<dl class="facts">' + "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in facts) + "</dl>")

    parts.append(f"<h2>{esc(t['pillars'])}</h2>")
    parts.append(
        f'<table class="pillars"><thead><tr><th>{esc(t["pillar"])}</th><th>{esc(t["pillar_score"])}</th>'
        f"<th>{esc(t['points'])}</th></tr></thead><tbody>"
    )
    for pillar, label in PILLAR_LABELS.items():
        column = f"pillar_{pillar}"
        if column not in row:
            continue
        points = inputs.pillar_points.get((kato, pillar), 0.0)
        parts.append(
            f"<tr><td>{esc(_(label))}</td><td>{esc(i18n.format_decimal(row[column], 1, locale))}"
            f"</td><td>{esc(i18n.format_decimal(points, 1, locale))}</td></tr>"
            if not i18n.is_missing(row[column])
            else f"<tr><td>{esc(_(label))}</td><td colspan=2>{esc(i18n.format_missing(locale))}</td></tr>"
        )
    parts.append("</tbody></table>")

    values = indicator_values(kato, inputs.observations, inputs.provenance)
    values = values[values["code"].isin(inputs.indicator_rows)]
    parts.append(f"<h2>{esc(t['indicators'])}</h2>")
    parts.append(f'<p class="note">{esc(t["scored_note"])}</p>')
    parts.append(
        f'<table class="indicators"><thead><tr><th>{esc(t["indicator"])}</th><th>{esc(t["value"])}</th>'
        f"<th>{esc(t['unit'])}</th><th>{esc(t['date'])}</th><th>{esc(t['source'])}</th>"
        f"<th>{esc(t['origin'])}</th></tr></thead><tbody>"
    )
    for pillar in PILLAR_LABELS:
        rows = [v for v in values.to_dict("records") if inputs.indicator_rows[v["code"]]["pillar"] == pillar]
        rows = [v for v in rows if not v["oblast_total"]]
        if not rows:
            continue
        parts.append(f'<tr class="pillar"><th colspan=6>{esc(_(PILLAR_LABELS[pillar]))}</th></tr>')
        for v in rows:
            parts.append(_indicator_row(v, inputs, locale, _, used))
    parts.append("</tbody></table>")
    totals = [v for v in values.to_dict("records") if v["oblast_total"]]
    if totals:
        parts.append(f"<h2>{esc(t['totals'])}</h2>")
        parts.append(
            f'<table class="oblast-totals"><thead><tr><th>{esc(t["indicator"])}</th><th>{esc(t["total"])}</th>'
            f"<th>{esc(t['unit'])}</th><th>{esc(t['date'])}</th><th>{esc(t['source'])}</th>"
            f"<th>{esc(t['origin'])}</th></tr></thead><tbody>"
        )
        parts.extend(_indicator_row(v, inputs, locale, _, used) for v in totals)
        parts.append("</tbody></table>")
    parts.append(f"<h2>{esc(t['sources'])}</h2>{_source_list(used, inputs.source_rows)}")
    return "\n".join(parts)


def _support_html(oblast_kato: str, inputs: CardInputs, locale: str, _: Callable[[str], str]) -> str:
    """Support by family size: each measure with its amount for one person and its condition, then the
    guaranteed part and the "up to" ceiling for families of 1–6 members."""
    sizes = inputs.support_by_size(oblast_kato)
    if not sizes:
        return ""
    labels = inputs.measures.set_index("code") if inputs.measures is not None else None
    # Messages outside the f-strings: Babel (Python 3.11) does not extract a _() call inside an f-string.
    t = {
        "title": _("Support for a family in {year}").format(year=inputs.year),
        "measure": _("Measure"),
        "amount": _("Amount for one person"),
        "condition": _("Condition"),
        "none": _("none"),
        "members": _("Family members"),
        "guaranteed": _("Guaranteed"),
        "up_to": _("Up to, if every condition is met"),
    }
    out = [f"<h2>{esc(t['title'])}</h2>"]
    one = sizes[0][1].measures
    rows = [m for m in one.to_dict("records") if m["status"] in ("eligible", "conditional")]
    if rows:
        out.append(
            f'<table class="support-measures"><thead><tr><th>{esc(t["measure"])}</th>'
            f"<th>{esc(t['amount'])}</th><th>{esc(t['condition'])}</th></tr></thead><tbody>"
        )
        for m in rows:
            label = i18n.localised(labels.loc[m["code"]], locale, prefix="label_", default=m["code"])
            out.append(
                f"<tr><td>{esc(label)}</td><td>{esc(measure_amount_text(m, locale, _))}</td>"
                f"<td>{esc(condition_text(m['conditions'], _) or t['none'])}</td></tr>"
            )
        out.append("</tbody></table>")
    out.append(
        f'<table class="support-sizes"><thead><tr><th>{esc(t["members"])}</th>'
        f"<th>{esc(t['guaranteed'])}</th><th>{esc(t['up_to'])}</th></tr></thead><tbody>"
    )
    for n, est in sizes:
        out.append(
            f'<tr><td class="num">{esc(i18n.format_number(n, locale))}</td>'
            f'<td class="num">{esc(i18n.format_kzt(est.guaranteed_kzt, locale))}</td>'
            f'<td class="num">{esc(i18n.format_kzt(est.up_to_kzt, locale))}</td></tr>'
        )
    out.append("</tbody></table>")
    return "".join(out)


def _indicator_row(v: dict, inputs: CardInputs, locale: str, _: Callable[[str], str], used: dict[str, None]) -> str:
    """One indicator row: the value the score used (or the latest), its period, a newer figure, source, origin."""
    meta = inputs.indicator_rows[v["code"]]
    label = esc(indicator_label(meta, locale))
    if i18n.is_missing(v["period"]):
        return (
            f'<tr data-indicator="{esc(v["code"])}" class="missing"><td>{label}'
            f"</td><td colspan=5>{esc(i18n.format_missing(locale))}</td></tr>"
        )
    newer = ""
    if not i18n.is_missing(v["newer_period"]):
        newer = (
            '<br><span class="newer">'
            + esc(
                _("{value} ({period}), newer figure, not yet in the score").format(
                    value=i18n.format_value(v["newer_value"], meta["unit"], locale), period=v["newer_period"]
                )
            )
            + "</span>"
        )
    return (
        f'<tr data-indicator="{esc(v["code"])}"><td>{label}</td>'
        f'<td class="num">{esc(i18n.format_value(v["value"], meta["unit"], locale))}</td>'
        f"<td>{esc(unit_label(meta['unit'], _))}</td>"
        f"<td>{esc(v['period'])}{newer}</td><td>{_source_links(v['source_id'], used)}</td>"
        f'<td class="origin-{esc(v["origin"])}">{esc(term(ORIGIN_LABELS, v["origin"], _))}</td></tr>'
    )


def _whole(value: object, locale: str) -> str:
    """A rank or a count: rounded, no decimals."""
    return i18n.format_decimal(round(float(value)), 0, locale)  # type: ignore[arg-type]
