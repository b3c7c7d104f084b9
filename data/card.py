"""What a district card says in plain words: pure functions shared by the map page's card (ui/district_card.py)
and the static export's card (export/cards.py); no Streamlit, no IO (unit-tested).

It lives in data/ like data/selection.py: it maps the scored table, the store's observations and the support
estimate to the card's sentences. The sentences are gettext message ids of the ``common`` domain, so the map
page and the export (whose domains fall back to ``common``) translate them alike.
"""

# i18n-domain: common
from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd

import i18n
from i18n.runtime import N_
from i18n.vocabulary import COUNT_UNITS
from scoring.evidence import CardNote, card_notes
from scoring.registry import BY_CODE, INDICATORS

Translate = Callable[[str], str]

#: One sentence per zone key saying what the zone means for a family (like an outlook line).
ZONE_MEANINGS: Mapping[str, str] = {
    "I": N_("Priority: among the districts that score best for a resettling family."),
    "II": N_("Recommended: scores above the middle of the districts for a resettling family."),
    "III": N_("Possible: scores below the middle; check the support and the jobs before moving."),
    "IV": N_("Not recommended: among the districts that score lowest for a resettling family."),
    "insufficient": N_("Not enough data to place this district in a zone."),
    "ineligible": N_("This district is kept out of the zones by a rule of the weight profile."),
}

#: The English text of each card note (scoring/evidence.py ``CARD_NOTE_TEXT``) as a message id; a test checks
#: that both say the same.
NOTE_TEXT: Mapping[CardNote, str] = {
    CardNote.MOSTLY_INHERITED: N_("Most of this zone comes from oblast figures, not from figures about this district."),
    CardNote.NO_AKIMAT_DATA: N_("The akimat has not reported district data yet."),
    CardNote.MOSTLY_POLICY: N_("Most of this zone comes from policy: the region's quota and designation."),
    CardNote.MOSTLY_DISTRICT: N_("Most of this zone rests on figures measured for this district."),
    CardNote.ZONE_UNCERTAIN: N_(
        "Zone uncertain: with other reasonable weights this district often lands in another zone."
    ),
    CardNote.CAPPED_OUTSIDE_DESIGNATED: N_(
        "Not recommended above zone III: the region is not designated for resettlement this year, "
        "so a family gets no state resettlement support here."
    ),
    CardNote.INSUFFICIENT_DATA: N_("Not enough data to give this district a zone."),
}

#: What the money of a measure depends on (scoring/support.py ``CONDITIONS``), as "only …" phrases.
CONDITION_LABELS: Mapping[str, str] = {
    "designated_region": N_("only in a designated resettlement region"),
    "in_quota": N_("only if the family is in this year's regional quota"),
    "housing_purchase": N_("only when the family buys a home"),
    "rural_specialist": N_("only for a member who moves to a village as a specialist"),
}

#: Steps of "what to do next" that no source gives yet: shown as missing, never guessed.
MISSING_STEPS: tuple[str, ...] = (
    N_("Contacts of the regional employment centre: no data yet (no source)."),
    N_("Deadlines for applying for support: no data yet (no source)."),
)
#: The step of :data:`MISSING_STEPS` that a saved "where and how to apply" contact (register ``apply_contacts``) replaces.
MISSING_CONTACTS = MISSING_STEPS[0]


#: A scored district whose share of the score's weight from its own figures (``evidence_district``) is below
#: this is marked "zone from oblast figures only" (hatched on the map). A quarter: below it, three quarters or
#: more of the zone is oblast figures and policy, the same for every district of the oblast (docs/EVIDENCE.md;
#: today every district has 0.125, its own distance to the oblast centre).
OBLAST_ONLY_BELOW = 0.25


def oblast_only(table: pd.DataFrame) -> pd.Series:
    """Whether each scored district's zone rests on oblast data only (:data:`OBLAST_ONLY_BELOW`)."""
    if "evidence_district" not in table.columns:
        return pd.Series(False, index=table.index)
    return (table["evidence_district"].astype(float) < OBLAST_ONLY_BELOW).fillna(False).astype(bool)


def zone_sentence(zone: object, _: Translate) -> str:
    """What the zone means, in one sentence (missing or unknown zone → the "not enough data" sentence)."""
    key = zone if isinstance(zone, str) and zone in ZONE_MEANINGS else "insufficient"
    return _(ZONE_MEANINGS[key])


def support_sentence(designated: bool | None, oblast: str, year: int, _: Translate) -> str:
    """Whether state resettlement support applies in the district's oblast in ``year``, in plain words.

    ``designated`` is :attr:`scoring.support.SupportEstimate.designated` (``None`` = no list for the year).
    """
    if designated is None:
        return _(
            "Whether state resettlement support applies here is not known: there is no list of designated "
            "regions for {year} in the data."
        ).format(year=year)
    if designated:
        return _(
            "State resettlement support applies here: {oblast} is a designated resettlement region in {year}."
        ).format(oblast=oblast, year=year)
    return _("No state resettlement support here: {oblast} is not a designated resettlement region in {year}.").format(
        oblast=oblast, year=year
    )


def evidence_sentences(row: Mapping[str, object] | pd.Series, akimat_values: int, _: Translate) -> list[str]:
    """The card notes of :func:`scoring.evidence.card_notes` as translated sentences, in reading order."""
    return [_(NOTE_TEXT[note]) for note in card_notes(row, akimat_values=akimat_values)]


def is_oblast_total(code: str, origin: object) -> bool:
    """Whether a value is a count for the whole oblast (doctors, hospitals, schools …), never the district's own.

    An indicator counted in whole things (:data:`i18n.vocabulary.COUNT_UNITS`) whose value the district inherits
    from its oblast, or that exists only at oblast level, is the oblast's total.
    """
    ind = BY_CODE[code]
    return ind.unit in COUNT_UNITS and (origin == "inherited" or ind.level == "oblast")


def indicator_values(kato: str, observations: pd.DataFrame, provenance: pd.DataFrame | None) -> pd.DataFrame:
    """Per registry indicator of one district: the value the score used and a newer one if there is one.

    Parameters
    ----------
    kato
        District KATO.
    observations
        The store's district observations (with inheritance).
    provenance
        :attr:`scoring.pipeline.ScoreResult.provenance` (index ``kato``, ``indicator``; ``value``, ``period``,
        ``origin``, ``source_id``), or ``None``.

    Returns
    -------
    pandas.DataFrame
        Columns ``code``, ``value``, ``period``, ``origin``, ``source_id`` (the scored observation where the
        score used one, else the latest), ``scored`` (bool), ``newer_value``, ``newer_period`` (the latest
        observation when it is newer than the scored one, else missing) and ``oblast_total`` (bool). A missing
        value stays missing (NaN), never 0.
    """
    own = observations[observations["kato"].astype(str) == str(kato)].sort_values("period_end")
    latest = own.groupby("indicator").tail(1).set_index("indicator")
    used: dict[str, Mapping[str, object]] = {}
    if provenance is not None and len(provenance):
        at = provenance.loc[provenance.index.get_level_values("kato").astype(str) == str(kato)]
        used = {ind: r for (_kato, ind), r in zip(at.index, at.to_dict("records"), strict=True)}
    rows = []
    for ind in INDICATORS:
        last = latest.loc[ind.code].to_dict() if ind.code in latest.index else None
        chosen = used.get(ind.code) or last
        newer = (
            last
            if last is not None and ind.code in used and str(last["period"]) != str(used[ind.code]["period"])
            else None
        )
        origin = None if chosen is None else chosen.get("origin")
        rows.append(
            {
                "code": ind.code,
                "value": float("nan") if chosen is None or i18n.is_missing(chosen["value"]) else float(chosen["value"]),
                "period": None if chosen is None else str(chosen["period"]),
                "origin": origin,
                "source_id": None if chosen is None else chosen.get("source_id"),
                "scored": ind.code in used,
                "newer_value": float("nan") if newer is None else float(newer["value"]),
                "newer_period": None if newer is None else str(newer["period"]),
                "oblast_total": chosen is not None and is_oblast_total(ind.code, origin),
            }
        )
    return pd.DataFrame(rows)


def per_month_kzt(amount_kzt: float, months: object) -> float:
    """The monthly part of a per-family-per-month measure whose amount is the total over ``months``."""
    return float("nan") if i18n.is_missing(months) or not float(months) else amount_kzt / float(months)  # type: ignore[arg-type]


def measure_amount_text(m: Mapping[str, object], locale: str, _: Translate) -> str:
    """A measure's tenge amount for the family, with what it is per: the rent subsidy reads "per month, for up
    to 12 months", its 12-month total said apart so it never reads as a monthly sum.

    ``m`` is one row of :attr:`scoring.support.SupportEstimate.measures`.
    """
    low, high = m["amount_min_kzt"], m["amount_max_kzt"]
    if i18n.is_missing(low) and i18n.is_missing(high):
        return i18n.format_missing(locale)
    low = high if i18n.is_missing(low) else low
    high = low if i18n.is_missing(high) else high

    def span(a: float, b: float) -> str:
        if a == b:
            return i18n.format_kzt(a, locale)
        return _("{low} to {high}").format(low=i18n.format_kzt(a, locale), high=i18n.format_kzt(b, locale))

    if m["basis"] == "per_family_month":
        months = m["months"]
        monthly = span(per_month_kzt(float(low), months), per_month_kzt(float(high), months))  # type: ignore[arg-type]
        return _("{monthly} per month for up to {months} months (at most {total} in all)").format(
            monthly=monthly, months=i18n.format_number(months, locale), total=i18n.format_kzt(high, locale)
        )
    if m["basis"] == "loan_cap":
        return _("a loan of up to {amount} (to be repaid)").format(amount=i18n.format_kzt(high, locale))
    if low == high:
        return i18n.format_kzt(low, locale)
    return _("up to {total}").format(total=i18n.format_kzt(high, locale))


def condition_text(conditions: object, _: Translate) -> str:
    """The conditions of a measure as one phrase ("only if …; only when …"); "" when none."""
    items = list(conditions) if isinstance(conditions, list | tuple) else []
    return "; ".join(_(CONDITION_LABELS[c]) for c in items if c in CONDITION_LABELS)


def how_to_apply_steps(steps: pd.DataFrame, locale: str) -> list[tuple[str, list[str], str]]:
    """The "what to do next" steps in ``locale`` (text, source ids, language of the text), in step order.

    ``steps`` is the store's ``how_to_apply`` table (``step``, ``text_en``, ``text_ru``, ``source_id``); without
    a Kazakh text Kazakh readers get the Russian one (:func:`i18n.localised`), and the language code says so
    (for a ``lang`` attribute).
    """
    out = []
    for r in steps.sort_values("step").to_dict("records"):
        ids = [s.strip() for s in str(r.get("source_id") or "").split(";") if s.strip()]
        text = i18n.localised(r, locale, prefix="text_")
        lang = next((code for code in ("ru", "en") if r.get(f"text_{code}") == text), locale.replace("_", "-"))
        out.append((text, ids, lang))
    return out


def apply_contact_lines(rows: pd.DataFrame, _: Callable[[str], str]) -> list[tuple[str, str]]:
    """The oblast's saved "where and how to apply" contacts (register ``apply_contacts``) as (text, source).

    ``rows`` are :meth:`Store.register_rows` of ``apply_contacts`` for one oblast. Each text is the office, then
    the address, phone and opening hours that the row has (a blank field is left out, never guessed); a row
    without a source is not shown (the register requires one). Empty when the oblast has no contact saved, and
    the card then says "no data yet (no source)" (:data:`MISSING_CONTACTS`).
    """
    out = []
    for r in rows.to_dict("records"):

        def field(name: str, r: dict = r) -> str:
            value = r.get(name)
            return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value).strip()

        office, source = field("office"), field("source")
        if not office or not source:
            continue
        parts = [office]
        if field("address"):
            parts.append(_("address: {value}").format(value=field("address")))
        if field("phone"):
            parts.append(_("phone: {value}").format(value=field("phone")))
        if field("hours"):
            parts.append(_("hours: {value}").format(value=field("hours")))
        out.append(("; ".join(parts), source))
    return out
