# i18n-domain: advisor
"""What the advice sheet says: a structured document of pages (sections of lines and tables), map shapes.

Page 1: the family, the three districts on the small map with zone and support ("up to", the guaranteed
part apart), the next steps and the officer's fields. Page 2: each district's wishes (met / not met / cannot
be judged), reasons and facts, and the support measure by measure. Last page: the numbered sources (titles
and links only). Everything is in the applicant's locale and script; a text that must stay in its original
language (a legal act the catalogue does not name, a source title) is a :class:`Foreign` string, which the
renderers mark with its ``lang``. :mod:`advisor.sheet_html` and :mod:`advisor.sheet_pdf` render the same
:class:`Sheet`; the small map's shapes are the district polygons in degrees (:mod:`advisor.sheet_map`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
import shapely

import i18n
from advisor.model import Advice, AdvisorInputs, DistrictAdvice
from advisor.text import (
    APPLY_STEPS,
    ASK_EMPLOYMENT_CENTRE,
    CONDITION_LABELS,
    COUNTRY_LABELS,
    EDUCATION_LABELS,
    family_summary,
    label,
    legal_basis,
    measure_name,
    punctuated,
    reason_text,
    wish_text,
)
from data.card import apply_contact_lines
from i18n.vocabulary import zone_label
from layers.zones import ZONE_COLOURS
from scoring.support import SupportEstimate

#: Fill of the districts not recommended on the sheet's map (the recommended ones take their zone's colour
#: from the public map's palette, layers/zones.py ``ZONE_COLOURS``, so the sheet and the map read alike).
OTHER_DISTRICT_COLOUR = "#eeeeee"
#: Settlements and priority sectors named per district on page 2 (the rest are on the Map page).
SETTLEMENTS_ON_SHEET = 3
PRIORITY_ON_SHEET = 3
#: Quota cases in the order the sheet lists them.
QUOTA_CASES = ("in_quota", "not_in_quota")
_URL = re.compile(r"https?://\S+")
#: Where a source's catalogue note stops being its title (the rest is our provenance notes).
_TITLE_ENDS = (
    "; ",
    ". ",
    " — ",
    ": Not found",
    ", xlsx",
    ", commit",
    ", repo",
    " in repo",
    " in GitHub repo",
    ", original",
    "Obtained",
    "Original:",
    ", sheet",
)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


class Foreign(str):
    """A text kept in its original language (``lang``, a BCP 47 tag) on a sheet in another language."""

    lang: str

    def __new__(cls, text: str, lang: str) -> Foreign:
        obj = super().__new__(cls, text)
        obj.lang = lang
        return obj


@dataclass(frozen=True)
class Officer:
    """What the officer types on the form for the sheet (never stored unless the consultation is saved)."""

    name: str = ""
    embassy: str = ""
    date: str = ""


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
    #: Page of the sheet (1, 2; :data:`SOURCES_PAGE` for the sources).
    page: int = 1
    #: Draw the small map after this section's lines.
    map_after: bool = False


SOURCES_PAGE = 3


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

    def pages(self) -> list[list[Section]]:
        """The sections grouped by page, in page order (empty pages left out)."""
        numbers = sorted({s.page for s in self.sections})
        return [[s for s in self.sections if s.page == n] for n in numbers]


class _Citations:
    """Numbers the sources in the order the sheet first cites them: ``cite("S01;S02") == "[1,\u00a02]"``."""

    def __init__(self, sources: pd.DataFrame) -> None:
        self.known = set(sources["id"].astype(str))
        self.order: list[str] = []

    def __call__(self, ids: object) -> str:
        numbers = []
        for sid in str(ids or "").split(";"):
            sid = sid.strip()
            if sid not in self.known:
                continue
            if sid not in self.order:
                self.order.append(sid)
            numbers.append(self.order.index(sid) + 1)
        # No-break spaces: a citation never wraps across lines.
        return "[" + ",\u00a0".join(str(n) for n in sorted(set(numbers))) + "]" if numbers else ""


def build_sheet(advice: Advice, inputs: AdvisorInputs, *, officer: Officer | None = None) -> Sheet:
    """Translate and format ``advice`` for its applicant's sheet locale (``officer``: the fields the officer
    typed for the sheet; blank lines to fill in by hand when not given)."""
    officer = officer or Officer()
    loc = advice.applicant.sheet_locale
    _ = i18n.translator(loc, "advisor")
    oblasts = inputs.oblasts.set_index("kato")
    cite = _Citations(inputs.sources)

    def oblast_name(kato: str) -> str:
        return i18n.place_name(oblasts.loc[kato].to_dict(), loc) if kato in oblasts.index else kato

    a = advice.applicant
    blank = "________________"
    family = Section(
        _("The family"),
        [
            family_summary(a, loc, oblast_name),
            _("Children {c}, pensioners {p}; education: {education}; country of origin: {country}").format(
                c=a.children,
                p=a.pensioners,
                education=label(EDUCATION_LABELS, a.education, _),
                country=label(COUNTRY_LABELS, a.origin, _),
            ),
            _quota_line(a.in_quota, loc),
        ],
        map_after=True,
    )
    sections = [
        Section(
            "",
            [
                _("Officer: {name}").format(name=officer.name.strip() or blank),
                _("Embassy: {embassy}").format(embassy=officer.embassy.strip() or blank),
                _("Date: {date}").format(date=officer.date.strip() or i18n.format_date(advice.made_on, loc)),
            ],
        ),
        family,
        _districts_section(advice, loc, oblast_name),
        _next_steps_section(advice, inputs, loc, cite),
    ]
    if advice.overrides.any:
        sections.append(_override_section(advice, inputs, loc))
    for i, d in enumerate(advice.districts, start=1):
        sections.append(_district_section(i, d, advice, loc, oblast_name, cite))
    sections.append(_support_section(advice, inputs, loc, cite))
    sections.append(_sources_section(inputs, loc, cite))
    footer = [
        _("Prepared on {date}.").format(date=i18n.format_date(advice.made_on, loc)),
        _(
            "This sheet is advice, not a decision: the quota, the designated regions and the support are decided "
            "by the authorities named in each legal basis."
        ),
    ]
    if loc == "kk_Arab":
        for section in sections:
            section.lines = [_punct(line, loc) for line in section.lines]
            if section.table:
                section.table.rows = [[_punct(cell, loc) for cell in row] for row in section.table.rows]
    return Sheet(
        loc,
        _("Advice on where to settle in Kazakhstan"),
        _("One-window consultation (Migration Policy Concept 2023–2027, Decree No. 961, Initiative 16)"),
        sections,
        footer,
        _map_shapes(advice, inputs),
    )


def _quota_line(in_quota: bool | None, loc: str) -> str:
    _ = i18n.translator(loc, "advisor")
    if in_quota is None:
        return _("In the regional quota: not known yet — the support is shown for both cases")
    return _("In the regional quota: yes") if in_quota else _("In the regional quota: no")


def _upto(est: SupportEstimate, loc: str) -> str:
    """ "up to X, guaranteed Y" of one estimate (never a bare total)."""
    _ = i18n.translator(loc, "advisor")
    if est.up_to_kzt is None or est.guaranteed_kzt is None:
        return _("unknown (MCI or eligibility not in the data)")
    if est.up_to_kzt == 0:
        return _("no state resettlement support")
    if not est.conditional_kzt:
        return _("up to {upto}; guaranteed {guaranteed}").format(
            upto=i18n.format_kzt(est.up_to_kzt, loc), guaranteed=i18n.format_kzt(est.guaranteed_kzt, loc)
        )
    return _("up to {upto}; guaranteed {guaranteed}; on conditions {conditional}").format(
        upto=i18n.format_kzt(est.up_to_kzt, loc),
        guaranteed=i18n.format_kzt(est.guaranteed_kzt, loc),
        conditional=i18n.format_kzt(est.conditional_kzt, loc),
    )


def support_summary(d: DistrictAdvice, loc: str, *, stacked: bool = False) -> list[str]:
    """The district's support, one line per quota case that applies ("up to", the guaranteed part and the
    conditional part); ``stacked`` puts each part on its own line (the sheet's narrow column: an amount
    never wraps away from its ₸)."""
    _ = i18n.translator(loc, "advisor")
    cases = d.support_cases or {"": d.support}
    names = {"in_quota": _("In the quota"), "not_in_quota": _("Not in the quota")}
    lines = []
    for case in (*QUOTA_CASES, ""):
        if case in cases:
            text = _upto(cases[case], loc)
            if stacked:
                text = "\n".join(re.split(r"[;؛] ", text))
            named = case and len(cases) > 1
            lines.append((f"{names[case]}:\n{text}" if stacked else f"{names[case]}: {text}") if named else text)
    return lines


def _districts_section(advice: Advice, loc: str, oblast_name: Callable[[str], str]) -> Section:
    _ = i18n.translator(loc, "advisor")
    rows = []
    for i, d in enumerate(advice.districts, start=1):
        place = _("{district}, {oblast}").format(
            district=i18n.place_name(d.names, loc), oblast=oblast_name(d.oblast_kato)
        )
        if d.pinned:
            place += " (" + _("pinned by the officer") + ")"
        rows.append([str(i), place, zone_label(d.zone, _), "\n".join(support_summary(d, loc, stacked=True))])
    header = ["№", _("District"), _("Zone"), _("State support for this family")]
    lines = [
        _(
            "Support is “up to”: the guaranteed part is paid once the family is granted it; the rest depends on "
            "conditions (see page 2)."
        )
    ]
    return Section(_("Three districts for this family"), lines, Table(header, rows, (0.05, 0.4, 0.17, 0.38)))


def _next_steps_section(advice: Advice, inputs: AdvisorInputs, loc: str, cite: _Citations) -> Section:
    _ = i18n.translator(loc, "advisor")
    lines = []
    for step in inputs.how_to_apply.to_dict("records"):
        number = int(step["step"])
        if number in APPLY_STEPS:
            text = _(APPLY_STEPS[number])
        else:
            lang = "ru" if loc == "ru" and isinstance(step.get("text_ru"), str) else "en"
            text = Foreign(str(step.get(f"text_{lang}") or ""), lang)
        marker = cite(step["source_id"])
        line = f"{len(lines) + 1}. {text}" + (f" {marker}" if marker else "")
        lines.append(Foreign(line, text.lang) if isinstance(text, Foreign) else line)
    contacts = []
    if not inputs.apply_contacts.empty:
        for oblast in dict.fromkeys(d.oblast_kato for d in advice.districts):
            rows = inputs.apply_contacts[inputs.apply_contacts["oblast_kato"] == oblast]
            name = i18n.place_name(inputs.oblasts.set_index("kato").loc[oblast].to_dict(), loc)
            for text, source in apply_contact_lines(rows, _):
                contacts.append(f"{name}: {text} ({_('source: {value}').format(value=source)})")
    if contacts:  # the akimat's own contacts, with their source; else the employment centre has the answer
        lines.extend(f"{len(lines) + 1 + i}. {c}" for i, c in enumerate(contacts))
    else:
        lines.append(f"{len(lines) + 1}. {_(ASK_EMPLOYMENT_CENTRE)}")
    return Section(_("Next steps: where and how to apply"), lines)


def _district_section(
    i: int,
    d: DistrictAdvice,
    advice: Advice,
    loc: str,
    oblast_name: Callable[[str], str],
    cite: _Citations,
) -> Section:
    _ = i18n.translator(loc, "advisor")
    name = i18n.place_name(d.names, loc)
    title = _("{i}. {district}, {oblast}").format(i=i, district=name, oblast=oblast_name(d.oblast_kato))
    lines = [zone_label(d.zone, _)]
    lines += [wish_text(w, loc, oblast_name) for w in d.reasons.wishes]
    lines += ["+ " + reason_text(r, loc, oblast_name, cite) for r in d.reasons.for_]
    if d.reasons.against is not None:
        lines.append("− " + reason_text(d.reasons.against, loc, oblast_name, cite))
    facts = []
    if not d.settlements.empty:
        names = [
            f"{i18n.place_name(s, loc)} ({i18n.format_number(s['population'], loc)})"
            for s in d.settlements.head(SETTLEMENTS_ON_SHEET).to_dict("records")
        ]
        facts.append(_("Largest settlements: {names}").format(names=", ".join(names)))
    if d.quota is None:
        facts.append(_("Kandas quota of the oblast for {year}: none in the data").format(year=advice.year))
    else:
        facts.append(
            _("Kandas quota of the oblast for {year}: {n} people (places left: not known) {source}").format(
                year=advice.year, n=i18n.format_number(d.quota["persons"], loc), source=cite(d.quota["source_id"])
            )
        )
    if d.designated is not None:
        facts.append(
            _("Designated resettlement region in {year}: {answer} {source}").format(
                year=advice.year,
                answer=_("Yes") if d.designated["designated"] else _("No"),
                source=cite(d.designated["source_id"]),
            )
        )
    if d.centre is not None:
        facts.append(
            _("Nearest adaptation centre: {city}, {km} km in a straight line {source}").format(
                city=_script(str(d.centre.get("city") or d.centre["name"]), loc),
                km=i18n.format_number(round(d.centre_km), loc),
                source=cite(d.centre["source_id"]),
            )
        )
    lines.append(" · ".join(f.strip() for f in facts))
    return Section(title, lines, page=2)


def _amount(m: dict, data: dict, mci: float | None, family_members: int, loc: str) -> str:
    """One measure's money in words: per month vs over the months, per person, a loan ceiling, a share."""
    _ = i18n.translator(loc, "advisor")
    kzt = i18n.format_kzt
    basis = m["basis"]
    high = m["amount_max_kzt"]
    unit_low = data.get("amount_mci") * mci if mci and pd.notna(data.get("amount_mci")) else None
    unit_high = data.get("amount_mci_max") * mci if mci and pd.notna(data.get("amount_mci_max")) else None
    if basis == "share":
        return _("a share of the price of the home (no fixed sum)")
    if basis == "per_family_month" and pd.notna(m["months"]) and unit_low is not None:
        per_month = kzt(unit_low, loc) + (f"–{kzt(unit_high, loc)}" if unit_high else "")
        months = int(m["months"])
        return _("{per_month} per month for up to {months} months: up to {sum} in {months} months").format(
            per_month=per_month, months=months, sum=kzt((unit_high or unit_low) * months, loc)
        )
    if basis == "loan_cap":
        top = high if pd.notna(high) else unit_high
        return _("a loan of up to {amount} (lent, not given)").format(amount=kzt(top, loc)) if top else "—"
    if basis == "per_member" and unit_low is not None:
        return _("{amount} per person × {n} = {sum}").format(
            amount=kzt(unit_low, loc), n=family_members, sum=kzt(unit_low * family_members, loc)
        )
    if basis == "per_specialist" and unit_low is not None:
        return _("{amount} per specialist").format(amount=kzt(unit_low, loc))
    if basis == "per_family" and unit_low is not None:
        return _("up to {amount} per family").format(amount=kzt(unit_low, loc))
    return i18n.format_missing(loc)


def _support_section(advice: Advice, inputs: AdvisorInputs, loc: str, cite: _Citations) -> Section:
    _ = i18n.translator(loc, "advisor")
    est = advice.support_designated
    measures = inputs.measures.set_index("code")
    rows = []
    for m in est.measures.to_dict("records"):
        if m["status"] == "not_in_force":
            continue
        data = measures.loc[m["code"]].to_dict()
        conditions = "; ".join(label(CONDITION_LABELS, c, _) for c in m["conditions"]) or "—"
        basis, lang = legal_basis(m["legal_basis"], loc)
        since = str(pd.Timestamp(m["valid_from"]).year) if m["valid_from"] is not None else "—"
        rows.append(
            [
                measure_name({**data, "code": m["code"]}, loc),
                _amount(m, data, est.mci_kzt, advice.applicant.members, loc),
                conditions,
                Foreign(basis, lang) if lang else basis,
                since,
                cite(m["source_id"]),
            ]
        )
    mci = i18n.format_kzt(est.mci_kzt, loc) if est.mci_kzt else i18n.format_missing(loc)
    lines = [
        _("Year {year}; MCI {mci} {source}. Each measure is paid only when its conditions are met.").format(
            year=advice.year, mci=mci, source=cite(_mci_source(inputs, advice.year))
        )
    ]
    header = [
        _("Support measure"),
        _("Amount"),
        _("Conditions"),
        _("Legal basis"),
        _("Since"),
        _("Source"),
    ]
    return Section(
        _("State support, measure by measure"),
        lines,
        Table(header, rows, (0.16, 0.22, 0.2, 0.22, 0.1, 0.1)),
        page=2,
    )


def _mci_source(inputs: AdvisorInputs, year: int) -> str:
    rows = inputs.mci[inputs.mci["year"] == year]
    return str(rows.iloc[0]["source_id"]) if len(rows) else ""


def _override_section(advice: Advice, inputs: AdvisorInputs, loc: str) -> Section:
    _ = i18n.translator(loc, "advisor")
    o = advice.overrides
    units = inputs.districts.set_index("kato")

    def names(katos: tuple[str, ...]) -> str:
        return ", ".join(i18n.place_name(units.loc[k].to_dict(), loc) for k in katos if k in units.index)

    lines = []
    if o.pinned:
        lines.append(_("Pinned by the officer: {names}").format(names=names(o.pinned)))
    if o.excluded:
        lines.append(_("Excluded by the officer: {names}").format(names=names(o.excluded)))
    if o.note.strip():
        lines.append(_("Officer's note: {note}").format(note=o.note.strip()))
    return Section(_("Officer's changes"), lines)


def _sources_section(inputs: AdvisorInputs, loc: str, cite: _Citations) -> Section:
    """The sources cited, numbered, with titles and links only (whole titles: lines wrap, never cut)."""
    _ = i18n.translator(loc, "advisor")
    src = inputs.sources.assign(id=inputs.sources["id"].astype(str)).set_index("id")
    lines = []
    for n, sid in enumerate(cite.order, start=1):
        raw = str(src.at[sid, "title"])
        title = short_title(raw)
        url = src.at[sid, "url"]
        if not isinstance(url, str) or not url:
            found = _URL.search(raw)
            url = found.group(0).rstrip(".,;)") if found else ""
        lang = "ru" if len(_CYRILLIC.findall(title)) > len(title) / 2 else "en"
        text = f"{title} — {url}" if url else title
        lines.append(Foreign(f"{n}. {text}", lang))
    return Section(_("Sources"), lines, page=SOURCES_PAGE)


def _punct(text: str, loc: str) -> str:
    """The locale's list punctuation in text joined here (a :class:`Foreign` text keeps its own)."""
    return text if isinstance(text, Foreign) else punctuated(text, loc)


def _script(text: str, loc: str) -> str:
    """A Cyrillic data name (a city) in the sheet's script: töte jazu for kk_Arab, Latin for kk_Latn and en."""
    if loc == "kk_Arab":
        return i18n.to_arabic(text)
    if loc in ("kk_Latn", "en"):
        return i18n.to_latin(text)
    return text


def short_title(note: str) -> str:
    """A source's title for the family's sheet: the catalogue note without links, bracketed remarks,
    repository names and commits, up to where the provenance notes begin (whole words, never cut)."""
    text = re.sub(r"`[^`]*`", "", note)
    for _pass in range(2):  # nested brackets
        text = re.sub(r"\s*\([^()]*\)", "", text)
    text = re.sub(r"\bcommit [0-9a-f]{6,40}\b", "", text)
    text = re.sub(r"\s+", " ", _URL.sub("", text))
    ends = [i for i in (text.find(mark) for mark in _TITLE_ENDS) if i > 0]
    if ends:
        text = text[: min(ends)]
    return re.sub(r"\s+", " ", text).strip(" ,:;.—") or note.strip()


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
