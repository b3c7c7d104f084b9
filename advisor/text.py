# i18n-domain: advisor
"""Words of the advisor: every label, choice and reason sentence, translated for a locale (no Streamlit).

The scoring side returns message keys and parameters (:mod:`scoring.reasons`, :mod:`scoring.advice`);
this module turns them into sentences in the sheet's or the screen's locale. Words shared with the map and
the export (zones, eligibility, units, yes/no of an indicator) come from :mod:`i18n.vocabulary`; indicator
values are formatted by :func:`i18n.format_value`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import i18n
from i18n import N_
from i18n.vocabulary import ELIGIBILITY_LABELS
from scoring.advice import AdviceInputError
from scoring.reasons import Reason
from scoring.registry import BY_CODE

SECTOR_LABELS: Mapping[str, str] = {
    "agriculture": N_("Agriculture and food processing"),
    "industry": N_("Industry, mining and metallurgy"),
    "construction": N_("Construction"),
    "healthcare": N_("Health care"),
    "education": N_("Education"),
    "energy": N_("Energy and utilities"),
    "oil_gas": N_("Oil and gas"),
    "trade_logistics": N_("Trade and logistics"),
    "tourism": N_("Tourism"),
    "other": N_("Other sector"),
    "unknown": N_("Not known"),
}
EDUCATION_LABELS: Mapping[str, str] = {
    "none": N_("No formal education"),
    "secondary": N_("Secondary school"),
    "vocational": N_("Vocational (college)"),
    "higher": N_("Higher (university)"),
    "unknown": N_("Not known"),
}
COUNTRY_LABELS: Mapping[str, str] = {
    "CN": N_("China"),
    "UZ": N_("Uzbekistan"),
    "MN": N_("Mongolia"),
    "TM": N_("Turkmenistan"),
    "RU": N_("Russia"),
    "IR": N_("Iran"),
    "AF": N_("Afghanistan"),
    "TR": N_("Turkey"),
    "other": N_("Other country"),
}
SETTLEMENT_LABELS: Mapping[str, str] = {"any": N_("No preference"), "urban": N_("Town or city"), "rural": N_("Village")}
CLIMATE_LABELS: Mapping[str, str] = {"any": N_("No preference"), "north": N_("North"), "south": N_("South")}
FIELD_LABELS: Mapping[str, str] = {
    "adults": N_("adults"),
    "children": N_("children"),
    "pensioners": N_("pensioners"),
    "education": N_("education"),
    "sheet_locale": N_("sheet language"),
    "origin": N_("country of origin"),
    "settlement": N_("urban or rural"),
    "climate": N_("climate"),
    "kin_oblast": N_("kin's oblast"),
}
KANDAS_ELIGIBLE_LABELS: Mapping[str, str] = {
    "yes": N_("Yes"),
    "no": N_("No"),
    "unclear": N_("unclear (the sources do not say)"),
}
#: Reason keys of scoring.reasons and scoring.advice bonuses → sentences.
REASONS: Mapping[str, str] = {
    "for_generic": N_("{indicator}: {value} — better than in {share} of districts"),
    "against_generic": N_("{indicator}: {value} — worse than in {share} of districts"),
    "for_designated": N_("The oblast is designated for kandas resettlement: the state support applies"),
    "against_designated": N_("The oblast is not designated for kandas resettlement: no state resettlement support"),
    "kin": N_("The family has kin in {oblast}"),
    "climate_north": N_("In the north, as the family prefers"),
    "climate_south": N_("In the south, as the family prefers"),
    "settlement_rural": N_("Mostly rural ({share} of people live in villages), as the family prefers"),
    "settlement_urban": N_("Mostly urban ({share} of people live in towns), as the family prefers"),
    "sector": N_("The oblast's priority sectors include the family's work: {sectors}"),
}
INHERITED_NOTE = N_("value of the oblast")
#: Message ids raised by scoring.advice.validate_applicant (listed here so that extraction finds them).
INPUT_ERRORS: tuple[str, ...] = (
    N_("The number of {field} must be a whole number"),
    N_("The number of {field} cannot be negative"),
    N_("The family has no members: enter at least one adult or pensioner"),
    N_("Children cannot move alone: enter at least one adult or pensioner"),
    N_("A family of more than {n} people: check the numbers"),
    N_("Unknown occupation sector: {sector}"),
    N_("Unknown value {value} for {field}"),
    N_("Unknown oblast for kin: {value}"),
)
SUPPORT_REASONS: Mapping[tuple[str, str], str] = {
    ("eligible", "kandas_settler_in_quota"): N_("designated region, family in the quota"),
    ("not_eligible", "kandas_settler_in_quota"): N_("only in a designated region within the quota"),
    ("unknown", "kandas_settler_in_quota"): N_("no designated-region list for this year"),
    ("eligible", "rural_specialist"): N_("a member moves to a village as a specialist"),
    ("not_eligible", "rural_specialist"): N_("only for specialists moving to a village"),
    ("not_in_force", "kandas_settler_in_quota"): N_("not in force in this year"),
    ("not_in_force", "rural_specialist"): N_("not in force in this year"),
}


def label(mapping: Mapping[str, str], key: str, _: Callable[[str], str]) -> str:
    """Translated label of ``key`` in ``mapping`` (the key itself when unknown)."""
    return _(mapping[key]) if key in mapping else str(key)


def input_error(exc: AdviceInputError, locale: str) -> str:
    """The translated message of a bad-input error."""
    _ = i18n.translator(locale, "advisor")
    params = dict(exc.params)
    if "field" in params:
        params["field"] = label(FIELD_LABELS, str(params["field"]), _)
    if "sector" in params:
        params["sector"] = str(params["sector"])
    return _(exc.msgid).format(**params)


def indicator_label(code: str, locale: str) -> str:
    """Registry label of an indicator in ``locale`` (kk_Latn/kk_Arab transliterated from kk)."""
    ind = BY_CODE.get(code)
    return code if ind is None else i18n.localised(ind.label, locale)


def format_value(code: str, value: float, locale: str) -> str:
    """An indicator value with its unit, for a sentence (yes/no indicators as words)."""
    ind = BY_CODE.get(code)
    unit = ind.unit if ind else ""
    full = i18n.format_value(value, unit, locale, with_unit=True)
    plain = i18n.format_value(value, unit, locale)
    tail = full[len(plain) :].strip() if full.startswith(plain) else ""
    # "129 100 000 адамға" reads as one number (and worse in right-to-left text): a unit that starts with
    # a number goes in brackets, "129 (100 000 адамға)".
    return f"{plain} ({tail})" if tail[:1].isdigit() else full


def reason_text(
    reason: Reason,
    locale: str,
    oblast_name: Callable[[str], str],
    cite: Callable[[str], str] | None = None,
) -> str:
    """One reason as a sentence in ``locale``; ``oblast_name`` turns a KATO into a place name; ``cite``
    turns ``"S01;S02"`` into the sheet's source numbers (without it the ids are shown)."""
    _ = i18n.translator(locale, "advisor")
    p = reason.params
    values: dict[str, object] = {}
    if "indicator" in p:
        values["indicator"] = indicator_label(str(p["indicator"]), locale)
        values["value"] = format_value(str(p["indicator"]), float(p["value"]), locale)  # type: ignore[arg-type]
    if "share" in p:
        values["share"] = i18n.format_percent(p["share"], locale)
    if "oblast" in p:
        values["oblast"] = oblast_name(str(p["oblast"]))
    if "sectors" in p:
        values["sectors"] = ", ".join(label(SECTOR_LABELS, s, _) for s in p["sectors"])  # type: ignore[union-attr]
    text = _(REASONS.get(reason.key, reason.key)).format(**values)
    extras = []
    if p.get("inherited"):
        extras.append(_(INHERITED_NOTE))
    if p.get("period"):
        extras.append(str(p["period"]))
    if p.get("source_id"):
        # "D:<code>" names the build's formula (Methodology page); the sheet lists the input sources.
        ids = [s for s in str(p["source_id"]).split(";") if s and not s.startswith("D:")]
        cited = cite(";".join(ids)) if cite else ";".join(ids)
        if cited:
            extras.append(cited)
    return f"{text} ({'; '.join(extras)})" if extras else text


def support_reason(status: str, rule: str, locale: str) -> str:
    _ = i18n.translator(locale, "advisor")
    key = SUPPORT_REASONS.get((status, rule))
    return _(key) if key else label(ELIGIBILITY_LABELS, status, _)


def measure_name(row: Mapping[str, object], locale: str) -> str:
    """Label of a support measure (from the data) in ``locale``."""
    return i18n.localised(row, locale, prefix="label_", default=str(row.get("code")))


def programme_name(row: Mapping[str, object], locale: str) -> str:
    """Name of a business programme in ``locale`` (Russian where the data has no Kazakh name)."""
    return i18n.localised(row, locale, prefix="name_", default=str(row.get("code")))


#: A wish and how a district stands against it → a sentence (``wishes`` of :class:`scoring.reasons.DistrictReasons`).
WISH_TEXTS: Mapping[tuple[str, str], str] = {
    ("kin", "met"): N_("Kin: the family's kin live in this oblast ({oblast})"),
    ("kin", "not_met"): N_("Kin: not here — the family's kin live in {oblast}"),
    ("settlement", "met"): N_("Town or village: as wished ({share} of people live in the wished kind of place)"),
    ("settlement", "not_met"): N_("Town or village: not as wished (only {share} live in the wished kind of place)"),
    ("settlement", "unknown"): N_("Town or village: cannot be judged (no rural share in the data)"),
    ("climate", "met"): N_("Climate: as wished"),
    ("climate", "not_met"): N_("Climate: not as wished"),
    ("climate", "unknown"): N_("Climate: cannot be judged (no location in the data)"),
    ("work", "met"): N_("Work: the family's fields are needed here: {sectors}"),
    ("work", "not_met"): N_("Work: the family's fields are not among the oblast's sourced needs"),
    ("work", "unknown"): N_("Work: cannot be judged (no sourced list of needed fields for this oblast)"),
}
#: The marker put before a wish line: met, not met, cannot be judged.
WISH_MARKS: Mapping[str, str] = {"met": "+", "not_met": "−", "unknown": "?"}
#: Conditions of a support measure (scoring.support.CONDITIONS) → words.
CONDITION_LABELS: Mapping[str, str] = {
    "designated_region": N_("only in a designated resettlement region"),
    "in_quota": N_("only if the family is in the regional quota"),
    "housing_purchase": N_("only when the family buys a home"),
    "rural_specialist": N_("only for a member who moves to a village as a specialist"),
}
#: The legal bases named in the support data (``support_measure.legal_basis``), in the reader's words.
#: A basis not listed here is shown as written in the data, marked with its language.
LEGAL_BASIS_LABELS: Mapping[str, str] = {
    "Rules of the Minister of National Economy order No. 72 of 6 Nov 2014 (as amended)": N_(
        "Rules approved by order No. 72 of the Minister of National Economy of 6 Nov 2014 (as amended)"
    ),
    "MinTrud order of 14 Nov 2025 amending the Rules of voluntary resettlement (in force 1 Jan 2026)": N_(
        "Order of the Ministry of Labour of 14 Nov 2025 amending the Rules of voluntary resettlement "
        "(in force from 1 Jan 2026)"
    ),
    "Migration Policy Concept 2023-2027 measure": N_("Migration Policy Concept 2023–2027"),
    "Rules of voluntary resettlement / Employment law measures": N_(
        "Rules of voluntary resettlement; measures of the Employment Law"
    ),
}
#: How-to-apply steps (table ``how_to_apply``, step → our short wording of the sourced summary,
#: data/raw/policy/SOURCES_apply.md A01–A05). A step not listed is shown from the data (en/ru).
APPLY_STEPS: Mapping[int, str] = {
    1: N_(
        "Where to apply for kandas status: the portal migration.enbek.kz (site or mobile app), the one window "
        "of this embassy, a Government for Citizens service centre (TsON) in Kazakhstan, or egov.kz"
    ),
    2: N_(
        "Documents: the application; a short autobiography; copies of the identity documents of the applicant "
        "and each family member with a notarised translation into Kazakh or Russian; papers showing Kazakh "
        "nationality (birth certificate, passport or other official papers of the home country)"
    ),
    3: N_("The application is reviewed within 30 working days"),
    4: N_("This embassy accepts kandas-status applications as a one window"),
    5: N_(
        "Since February 2026 a pilot adds a test, a questionnaire on migration.enbek.kz and an interview at "
        "the place of stay"
    ),
}
#: The step no source covers: where the regional quota and the support are applied for.
ASK_EMPLOYMENT_CENTRE = N_(
    "Regional quota and state support: apply at the employment centre of the chosen district. Its address, "
    "phone and the quota deadlines are not in our sources — ask the employment centre."
)


def wish_text(check: object, locale: str, oblast_name: Callable[[str], str]) -> str:
    """One wish check (:class:`scoring.advice.WishCheck`) as a marked sentence in ``locale``."""
    _ = i18n.translator(locale, "advisor")
    wish, status, p = check.wish, check.status, check.params  # type: ignore[attr-defined]
    template = WISH_TEXTS.get((wish, status))
    if template is None:
        return f"{WISH_MARKS.get(status, '?')} {wish}"
    values: dict[str, object] = {}
    if "oblast" in p and p["oblast"]:
        values["oblast"] = oblast_name(str(p["oblast"]))
    if "share" in p:
        values["share"] = i18n.format_percent(p["share"], locale)
    if "sectors" in p:
        values["sectors"] = ", ".join(label(SECTOR_LABELS, s, _) for s in p["sectors"])  # type: ignore[union-attr]
    try:
        text = _(template).format(**values)
    except KeyError:  # a parameter missing in the data: say the wish's state without it
        text = _(template).split(":")[0]
    return f"{WISH_MARKS[status]} {text}"


def legal_basis(text: object, locale: str) -> tuple[str, str | None]:
    """``(words, lang)``: the legal basis in ``locale`` when the catalogue names it, else the data's own
    text with its language (``"en"``) so that the sheet can mark it."""
    raw = str(text or "").strip()
    if not raw:
        return "—", None
    _ = i18n.translator(locale, "advisor")
    if raw in LEGAL_BASIS_LABELS:
        return _(LEGAL_BASIS_LABELS[raw]), None
    return raw, "en"


def family_summary(applicant: object, locale: str, oblast_name: Callable[[str], str]) -> str:
    """The family in one line without any personal identifier, e.g. "5 people, 2 adults — Agriculture…,
    Education; Village; kin: Abai Region" (the saved-consultation list and the sheet's head)."""
    _ = i18n.translator(locale, "advisor")
    _n = i18n.ngettext(locale, "advisor")
    a = applicant
    people = _n("{n} person", "{n} people", a.members).format(n=a.members)  # type: ignore[attr-defined]
    adults = _n("{n} adult", "{n} adults", a.adults).format(n=a.adults)  # type: ignore[attr-defined]
    work = [label(SECTOR_LABELS, s, _) for s in a.adult_sectors if s != "unknown"]  # type: ignore[attr-defined]
    parts = [f"{people}, {adults}" + (f" — {', '.join(work)}" if work else "")]
    if a.settlement != "any":  # type: ignore[attr-defined]
        parts.append(label(SETTLEMENT_LABELS, a.settlement, _))  # type: ignore[attr-defined]
    if a.climate != "any":  # type: ignore[attr-defined]
        parts.append(label(CLIMATE_LABELS, a.climate, _))  # type: ignore[attr-defined]
    if a.kin_oblast:  # type: ignore[attr-defined]
        parts.append(_("kin: {oblast}").format(oblast=oblast_name(a.kin_oblast)))  # type: ignore[attr-defined]
    return punctuated("; ".join(parts), locale)


def punctuated(text: str, locale: str) -> str:
    """Lists joined in code take the locale's comma and semicolon (، ؛ in töte jazu; a decimal comma,
    which has no space after it, stays)."""
    if locale != "kk_Arab":
        return text
    return text.replace(", ", "، ").replace("; ", "؛ ")
