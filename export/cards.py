"""District cards of the static export: zone, rank band, score, pillar contributions and every indicator.

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
from i18n import N_

ZONE_LABELS: dict[str, str] = {
    "I": N_("Zone I — priority"),
    "II": N_("Zone II — recommended"),
    "III": N_("Zone III — possible"),
    "IV": N_("Zone IV — not recommended"),
    "insufficient": N_("Insufficient data"),
    "ineligible": N_("Not eligible"),
}
PILLAR_LABELS: dict[str, str] = {
    "labour": N_("Labour deficit"),
    "housing": N_("Housing"),
    "adaptation": N_("Adaptation"),
    "support": N_("Support measures"),
    "context": N_("Context"),
}
ORIGIN_LABELS: dict[str, str] = {
    "official": N_("official statistics"),
    "reported": N_("reported by a project or the press (not official statistics)"),
    "akimat": N_("entered by the akimat"),
    "derived": N_("derived"),
    "inherited": N_("inherited from the oblast"),
}
_SOURCE_SPLIT = re.compile(r"[;,]\s*")


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
    """The indicator's label in ``locale`` (kk_Latn/kk_Arab transliterated from kk; en as stored)."""
    if locale == "kk_Latn":
        return i18n.to_latin(str(row["label_kk"]))
    if locale == "kk_Arab":
        return i18n.to_arabic(str(row["label_kk"]))
    key = {"kk": "label_kk", "ru": "label_ru"}.get(locale, "label_en")
    value = row.get(key)
    return str(value) if not i18n.is_missing(value) else str(row["label_en"])


def format_value(value: object, locale: str) -> str:
    """A number with sensible decimals for the locale (integers without, small values with more)."""
    if i18n.is_missing(value):
        return i18n.format_missing(locale)
    number = float(value)  # type: ignore[arg-type]
    if number.is_integer():
        return i18n.format_decimal(number, 0, locale)
    digits = 1 if abs(number) >= 10 else 2 if abs(number) >= 0.1 else 3
    return i18n.format_decimal(number, digits, locale)


def _source_links(source_ids: object, used: dict[str, None]) -> str:
    """Source codes of one value as links to the card's source list; records them in ``used``."""
    links = []
    for sid in _SOURCE_SPLIT.split("" if i18n.is_missing(source_ids) else str(source_ids)):
        if sid:
            used[sid] = None
            links.append(f'<a class="src" href="#src-{esc(sid)}">{esc(sid)}</a>')
    return ", ".join(links)


def _source_list(used: dict[str, None], sources: dict[str, dict]) -> str:
    items = []
    for sid in used:
        fields = []
        if sid in sources:
            src = sources[sid]
            fields = [
                esc(src.get(k)) for k in ("title", "publisher", "date", "licence") if not i18n.is_missing(src.get(k))
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
    }
    row = inputs.rows[kato]
    name = i18n.place_name(row, locale)
    oblast = inputs.oblast_rows.get(row["parent_kato"], {})
    zone = str(row["zone"]) if not i18n.is_missing(row["zone"]) else "insufficient"
    parts = [f'<h1 id="name">{esc(name)}</h1>']
    if oblast:
        parts.append(f'<p class="oblast">{esc(t["oblast"])}: {esc(i18n.place_name(oblast, locale))}</p>')
    parts.append(
        f'<p class="zone zone-{esc(zone)}" data-zone="{esc(zone)}"><span class="sw"></span>'
        f"{esc(_(ZONE_LABELS.get(zone, zone)))}</p>"
    )
    facts = []
    if not i18n.is_missing(row["rank"]):
        facts.append(
            (
                _("Rank"),
                _("{rank} of {n}").format(
                    rank=format_value(row["rank"], locale), n=format_value(inputs.scored_count, locale)
                ),
            )
        )
        if not i18n.is_missing(row.get("rank_p5")):
            facts.append(
                (
                    _("Rank band (5–95 %)"),
                    f"{format_value(round(row['rank_p5']), locale)}–{format_value(round(row['rank_p95']), locale)}",
                )
            )
        if not i18n.is_missing(row.get("zone_share")):
            facts.append(
                (_("Same zone under weight uncertainty"), i18n.format_percent(float(row["zone_share"]), locale))
            )
    facts.append(
        (
            _("Score"),
            i18n.format_decimal(row["score"], 1, locale) + " / 100"
            if not i18n.is_missing(row["score"])
            else i18n.format_missing(locale),
        )
    )
    facts.append(
        (
            _("Coverage"),
            i18n.format_percent(float(row["coverage"]), locale)
            if not i18n.is_missing(row["coverage"])
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
            f"<tr><td>{esc(_(label))}</td><td>{esc(format_value(round(float(row[column]), 1), locale))}"
            f"</td><td>{esc(i18n.format_decimal(points, 1, locale))}</td></tr>"
            if not i18n.is_missing(row[column])
            else f"<tr><td>{esc(_(label))}</td><td colspan=2>{esc(i18n.format_missing(locale))}</td></tr>"
        )
    parts.append("</tbody></table>")

    own = inputs.latest_observations.get(kato, [])
    used: dict[str, None] = {}
    parts.append(f"<h2>{esc(t['indicators'])}</h2>")
    parts.append(
        f'<table class="indicators"><thead><tr><th>{esc(t["indicator"])}</th><th>{esc(t["value"])}</th>'
        f"<th>{esc(t['unit'])}</th><th>{esc(t['date'])}</th><th>{esc(t['source'])}</th>"
        f"<th>{esc(t['origin'])}</th></tr></thead><tbody>"
    )
    for pillar in PILLAR_LABELS:
        codes = [code for code, meta in inputs.indicator_rows.items() if meta["pillar"] == pillar]
        rows = [obs for obs in own if obs["indicator"] in codes]
        present = {obs["indicator"] for obs in rows}
        missing = [code for code in codes if code not in present]
        if not rows and not missing:
            continue
        parts.append(f'<tr class="pillar"><th colspan=6>{esc(_(PILLAR_LABELS[pillar]))}</th></tr>')
        for obs in rows:
            meta = inputs.indicator_rows[obs["indicator"]]
            origin = _(ORIGIN_LABELS.get(obs["origin"], obs["origin"]))
            parts.append(
                f'<tr data-indicator="{esc(obs["indicator"])}"><td>{esc(indicator_label(meta, locale))}</td>'
                f'<td class="num">{esc(format_value(obs["value"], locale))}</td><td>{esc(meta["unit"])}</td>'
                f"<td>{esc(obs['period'])}</td><td>{_source_links(obs['source_id'], used)}</td>"
                f'<td class="origin-{esc(obs["origin"])}">{esc(origin)}</td></tr>'
            )
        for code in missing:
            meta = inputs.indicator_rows[code]
            parts.append(
                f'<tr data-indicator="{esc(code)}" class="missing"><td>{esc(indicator_label(meta, locale))}'
                f"</td><td colspan=5>{esc(i18n.format_missing(locale))}</td></tr>"
            )
    parts.append("</tbody></table>")
    parts.append(f"<h2>{esc(t['sources'])}</h2>{_source_list(used, inputs.source_rows)}")
    return "\n".join(parts)
