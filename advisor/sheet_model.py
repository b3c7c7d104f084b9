# i18n-domain: advisor
"""What the advice sheet says: a structured document (title, sections of lines and tables, footer, map shapes).

Everything on the sheet is in the applicant's locale and script; data strings (source titles,
legal bases, priority-sector texts) stay in the language of their source (the renderers escape them).
:mod:`advisor.sheet_html` and :mod:`advisor.sheet_pdf` render the same :class:`Sheet`; the small map's
shapes are the district polygons in degrees (:mod:`advisor.sheet_map` projects them).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
import shapely

import i18n
from advisor.model import Advice, AdvisorInputs, DistrictAdvice
from advisor.text import (
    CLIMATE_LABELS,
    COUNTRY_LABELS,
    EDUCATION_LABELS,
    KANDAS_ELIGIBLE_LABELS,
    SECTOR_LABELS,
    SETTLEMENT_LABELS,
    label,
    measure_name,
    programme_name,
    reason_text,
    support_reason,
)
from i18n.vocabulary import zone_label
from layers.zones import ZONE_COLOURS
from scoring.support import SupportEstimate

#: Fill of the districts not recommended on the sheet's map (the recommended ones take their zone's colour
#: from the public map's palette, layers/zones.py ``ZONE_COLOURS``, so the sheet and the map read alike).
OTHER_DISTRICT_COLOUR = "#eeeeee"
SOURCE_TITLE_CHARS = 160


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    widths: tuple[float, ...] = ()


@dataclass
class Section:
    title: str
    lines: list[str] = field(default_factory=list)
    table: Table | None = None


@dataclass
class Sheet:
    """What the sheet says, already translated and formatted."""

    locale: str
    title: str
    subtitle: str
    sections: list[Section]
    footer: list[str]
    map_shapes: list[tuple[list[list[tuple[float, float]]], str, str]]  # rings, fill colour, label

    @property
    def rtl(self) -> bool:
        return i18n.is_rtl(self.locale)


def build_sheet(advice: Advice, inputs: AdvisorInputs) -> Sheet:
    """Translate and format ``advice`` for its applicant's sheet locale."""
    loc = advice.applicant.sheet_locale
    _ = i18n.translator(loc, "advisor")
    oblasts = inputs.oblasts.set_index("kato")

    def oblast_name(kato: str) -> str:
        return i18n.place_name(oblasts.loc[kato].to_dict(), loc) if kato in oblasts.index else kato

    a = advice.applicant
    family = Section(
        _("The family"),
        [
            _("Members: {n} (adults {a}, children {c}, pensioners {p})").format(
                n=a.members, a=a.adults, c=a.children, p=a.pensioners
            ),
            _("Work of the adults: {sectors}").format(
                sectors=", ".join(label(SECTOR_LABELS, s, _) for s in a.adult_sectors) or "—"
            ),
            _("Education: {education}").format(education=label(EDUCATION_LABELS, a.education, _)),
            _("Country of origin: {country}").format(country=label(COUNTRY_LABELS, a.origin, _)),
            _("Wishes: {settlement}; climate: {climate}; kin in: {kin}; ready for a designated region: {ready}").format(
                settlement=label(SETTLEMENT_LABELS, a.settlement, _),
                climate=label(CLIMATE_LABELS, a.climate, _),
                kin=oblast_name(a.kin_oblast) if a.kin_oblast else "—",
                ready=_("Yes") if a.ready_designated else _("No"),
            ),
        ],
    )
    sections = [family]
    for i, d in enumerate(advice.districts, start=1):
        sections.append(_district_section(i, d, advice, inputs, loc, oblast_name))
    sections.append(_support_section(advice, inputs, loc))
    sections.append(_programmes_section(advice, inputs, loc))
    sections.append(_override_section(advice, inputs, loc))
    sections.append(_sources_section(advice, inputs, loc))
    footer = [
        _("Prepared on {date}. Data version {version} (built {built}); weights: {status}.").format(
            date=i18n.format_date(advice.made_on, loc),
            version=advice.data_version,
            built=advice.built_at,
            status=_("published profile") if advice.profile_status == "published" else _("default profile"),
        ),
        _(
            "This sheet is advice, not a decision: the quota, the designated regions and the support are decided "
            "by the authorities named in each legal basis."
        ),
    ]
    return Sheet(
        loc,
        _("Advice on where to settle in Kazakhstan"),
        _("One-window consultation (Migration Policy Concept 2023–2027, Decree No. 961, Initiative 16)"),
        sections,
        footer,
        _map_shapes(advice, inputs),
    )


def _district_section(
    i: int, d: DistrictAdvice, advice: Advice, inputs: AdvisorInputs, loc: str, oblast_name: Callable[[str], str]
) -> Section:
    _ = i18n.translator(loc, "advisor")
    name = i18n.place_name(d.names, loc)
    title = _("{i}. {district}, {oblast}").format(i=i, district=name, oblast=oblast_name(d.oblast_kato))
    if d.pinned:
        title += " — " + _("pinned by the officer")
    lines = []
    if d.score is None:
        lines.append(_("{zone}: no score").format(zone=zone_label(d.zone, _)))
    else:
        lines.append(
            _(
                "{zone}; score {score} of 100 (+{bonus} for the family's wishes); rank {rank} (5–95% band {low}–{high})"
            ).format(
                zone=zone_label(d.zone, _),
                score=i18n.format_decimal(d.score, 1, loc),
                bonus=i18n.format_decimal(d.bonus, 1, loc),
                rank=_int(d.rank, loc),
                low=_int(d.rank_p5, loc),
                high=_int(d.rank_p95, loc),
            )
        )
    for r in d.reasons.for_:
        lines.append("+ " + reason_text(r, loc, oblast_name))
    if d.reasons.against is not None:
        lines.append("− " + reason_text(d.reasons.against, loc, oblast_name))
    else:
        lines.append("− " + _("No marked weakness among the scored indicators"))
    for r in d.reasons.preferences:
        lines.append("✓ " + reason_text(r, loc, oblast_name))
    if d.settlements.empty:
        lines.append(_("Official settlements: none listed in the data for this district"))
    else:
        names = [
            f"{i18n.place_name(s, loc)} ({i18n.format_number(s['population'], loc)})"
            for s in d.settlements.to_dict("records")
        ]
        date = d.settlements["pop_date"].dropna()
        lines.append(
            _("Official settlements (population {date}, BNS): {names}").format(
                names=", ".join(names), date=i18n.format_date(date.iloc[0], loc) if len(date) else "—"
            )
        )
    if d.quota is None:
        lines.append(_("Kandas quota of the oblast for {year}: none in the data").format(year=advice.year))
    else:
        lines.append(
            _(
                "Kandas quota of the oblast for {year}: {n} people ({act}; source {source}); remaining: "
                "unknown — no data on places already used"
            ).format(
                year=advice.year,
                n=i18n.format_number(d.quota["persons"], loc),
                act=d.quota.get("act") or "—",
                source=d.quota["source_id"],
            )
        )
    if d.designated is None:
        lines.append(_("Designated resettlement region in {year}: unknown (no list)").format(year=advice.year))
    else:
        text = _("Yes") if d.designated["designated"] else _("No")
        lines.append(
            _("Designated resettlement region in {year}: {answer} (source {source})").format(
                year=advice.year, answer=text, source=d.designated["source_id"]
            )
        )
    if d.priority.empty:
        lines.append(_("Priority sectors of the oblast: no sourced information yet"))
    else:
        lines.append(_("Priority sectors and labour needs of the oblast:"))
        for p in d.priority.to_dict("records"):
            value = f" — {p['value']}" if isinstance(p.get("value"), str) and p["value"] else ""
            lines.append(f"• {p['sector_or_profession']}{value} ({p['period']}; {p['source_id']})")
    if d.centre is None:
        lines.append(_("Nearest adaptation centre: none with a known location"))
    else:
        lines.append(
            _(
                "Nearest adaptation centre: {name}, {city} — {km} km in a straight line; capacity {cap}; "
                "status: {status} (source {source})"
            ).format(
                name=d.centre["name"],
                city=d.centre.get("city") or "—",
                km=i18n.format_number(round(d.centre_km), loc),
                cap=i18n.format_number(d.centre.get("capacity"), loc),
                status=d.centre.get("status") or "—",
                source=d.centre["source_id"],
            )
        )
        lines.append(_("Contacts of the centre: not in the sourced data — ask the local employment centre"))
    total = d.support
    lines.append(_("State support for this family here: {total}").format(total=_total(total, loc)))
    return Section(title, lines)


def _int(value: float | None, loc: str) -> str:
    return i18n.format_missing(loc) if value is None else i18n.format_number(int(round(value)), loc)


def _total(estimate: SupportEstimate, loc: str) -> str:
    _ = i18n.translator(loc, "advisor")
    if estimate.total_min_kzt is None:
        return _("unknown (MCI or eligibility not in the data)")
    if estimate.total_min_kzt == estimate.total_max_kzt:
        return i18n.format_kzt(estimate.total_min_kzt, loc)
    return f"{i18n.format_kzt(estimate.total_min_kzt, loc)} – {i18n.format_kzt(estimate.total_max_kzt, loc)}"


def _support_section(advice: Advice, inputs: AdvisorInputs, loc: str) -> Section:
    _ = i18n.translator(loc, "advisor")
    est = advice.support_designated
    measures = inputs.measures.set_index("code")
    rows = []
    for m in est.measures.to_dict("records"):
        data = measures.loc[m["code"]].to_dict()
        if pd.notna(m["amount_min_kzt"]):
            amount = i18n.format_kzt(m["amount_min_kzt"], loc)
            if m["amount_max_kzt"] != m["amount_min_kzt"] and pd.notna(m["amount_max_kzt"]):
                amount += " – " + i18n.format_kzt(m["amount_max_kzt"], loc)
            if not m["in_total"]:
                amount += " " + _("(loan, not in the total)")
        elif pd.notna(m["amount_max_kzt"]):
            amount = _("up to {amount}").format(amount=i18n.format_kzt(m["amount_max_kzt"], loc))
            if not m["in_total"]:
                amount += " " + _("(loan, not in the total)")
        elif isinstance(data.get("amount_text"), str) and m["eligible"]:
            amount = data["amount_text"]
        else:
            amount = "—"
        months = i18n.format_number(m["months"], loc) if pd.notna(m["months"]) else "—"
        rows.append(
            [
                measure_name({**data, "code": m["code"]}, loc),
                support_reason(m["status"], str(data["eligibility"]), loc),
                amount,
                months,
                str(m["legal_basis"] or "—"),
                str(m["source_id"]),
            ]
        )
    mci = i18n.format_kzt(est.mci_kzt, loc) if est.mci_kzt else i18n.format_missing(loc)
    lines = [
        _(
            "Year {year}; MCI {mci} (source {source}). Amounts for a family of {n} in a designated region "
            "within the quota."
        ).format(year=advice.year, mci=mci, n=advice.applicant.members, source=_mci_source(inputs, advice.year)),
        _("Total state support for this family: {total}").format(total=_total(est, loc)),
        _(
            "Outside a designated region (or outside the quota) the kandas resettlement measures do not apply: "
            "total {total}."
        ).format(total=_total(advice.support_outside, loc)),
    ]
    header = [
        _("Support measure"),
        _("Eligibility"),
        _("Amount, tenge"),
        _("Months"),
        _("Legal basis"),
        _("Source of data"),
    ]
    return Section(_("State support for this family"), lines, Table(header, rows, (0.22, 0.18, 0.18, 0.07, 0.25, 0.1)))


def _mci_source(inputs: AdvisorInputs, year: int) -> str:
    rows = inputs.mci[inputs.mci["year"] == year]
    return str(rows.iloc[0]["source_id"]) if len(rows) else "—"


def _programmes_section(advice: Advice, inputs: AdvisorInputs, loc: str) -> Section:
    _ = i18n.translator(loc, "advisor")
    mci = advice.support_designated.mci_kzt
    rows = []
    for p in inputs.programmes.to_dict("records"):
        amount = "—"
        if isinstance(p.get("max_amount"), str) and p["max_amount"]:
            unit = p.get("amount_unit") if isinstance(p.get("amount_unit"), str) else ""
            if unit == "MCI" and mci:
                kzt = i18n.format_kzt(float(p["max_amount"]) * mci, loc)
                amount = _("up to {mci} MCI = {kzt}").format(mci=p["max_amount"], kzt=kzt)
            elif unit == "KZT":
                amount = _("up to {amount}").format(amount=i18n.format_kzt(float(p["max_amount"]), loc))
            else:
                amount = f"{p['max_amount']} {unit}".strip()
        rows.append(
            [
                programme_name(p, loc),
                amount,
                label(KANDAS_ELIGIBLE_LABELS, str(p.get("kandas_eligible")), _),
                str(p.get("valid_period") or "—"),
                str(p["source_id"]),
            ]
        )
    header = [_("Programme"), _("Maximum amount"), _("Open to kandas"), _("Period"), _("Source of data")]
    lines = [_("National business-support programmes; none is specific to kandas.")]
    return Section(_("Business-support programmes"), lines, Table(header, rows, (0.36, 0.2, 0.14, 0.2, 0.1)))


def _override_section(advice: Advice, inputs: AdvisorInputs, loc: str) -> Section:
    _ = i18n.translator(loc, "advisor")
    o = advice.overrides
    units = inputs.districts.set_index("kato")

    def names(katos: tuple[str, ...]) -> str:
        return ", ".join(i18n.place_name(units.loc[k].to_dict(), loc) for k in katos if k in units.index)

    if not o.any:
        return Section(_("Officer's changes"), [_("None: the ranking is the engine's.")])
    lines = []
    if o.pinned:
        lines.append(_("Pinned by the officer: {names}").format(names=names(o.pinned)))
    if o.excluded:
        lines.append(_("Excluded by the officer: {names}").format(names=names(o.excluded)))
    if o.note.strip():
        lines.append(_("Officer's note: {note}").format(note=o.note.strip()))
    return Section(_("Officer's changes"), lines)


def _sources_section(advice: Advice, inputs: AdvisorInputs, loc: str) -> Section:
    _ = i18n.translator(loc, "advisor")
    used: set[str] = set()
    for d in advice.districts:
        for r in (*d.reasons.for_, *((d.reasons.against,) if d.reasons.against else ())):
            used.update(str(r.params.get("source_id", "")).split(";"))
        used.update(str(p).split(";")[0] for p in d.priority["source_id"])
        for part in (d.quota, d.designated, d.centre):
            if part:
                used.update(str(part["source_id"]).split(";"))
    used.update(str(s) for s in advice.support_designated.measures["source_id"] for s in str(s).split(";"))
    used.update(str(s) for p in inputs.programmes["source_id"] for s in str(p).split(";"))
    src = inputs.sources.set_index("id")
    lines = []
    for sid in sorted(s for s in used if s and s in src.index):
        title = str(src.at[sid, "title"])
        title = title if len(title) <= SOURCE_TITLE_CHARS else title[: SOURCE_TITLE_CHARS - 1] + "…"
        lines.append(f"{sid}: {title}")
    return Section(_("Sources of this sheet"), lines)


def _map_shapes(advice: Advice, inputs: AdvisorInputs) -> list:
    chosen = {d.kato: (str(i), d.zone) for i, d in enumerate(advice.districts, start=1)}
    shapes = []
    for row in inputs.geometry.itertuples(index=False):
        geom = shapely.from_wkb(bytes(row.wkb))
        polys = list(geom.geoms) if hasattr(geom, "geoms") else [geom]
        rings = [list(p.exterior.coords) for p in polys if p.geom_type == "Polygon"]
        num, zone = chosen.get(str(row.kato), ("", ""))
        colour = ZONE_COLOURS.get(zone, ZONE_COLOURS["insufficient"]) if num else OTHER_DISTRICT_COLOUR
        shapes.append((rings, colour, num))
    return shapes
