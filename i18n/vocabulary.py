"""The one vocabulary of Qonys: the words every page, the export and the advice sheet share (``common`` domain).

Zones, pillars, origins of a value, bases and eligibility of support measures, statuses of a record and the
units of the registry's indicators are each named once here, as gettext message ids; translate them with any
domain's translator (every domain falls back to ``common``), e.g. ``_(PILLAR_LABELS["labour"])`` or
:func:`zone_label`. Pure: no Streamlit.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Final

from i18n.missing import is_missing
from i18n.runtime import N_

Translate = Callable[[str], str]

APP_TITLE: Final = N_("Qonys — the kandas resettlement map")
# TRANSLATORS: label of the language picker.
LANGUAGE: Final = N_("Language")

PAGES: Final = (N_("Map"), N_("Table"), N_("Advisor"), N_("Methodology"), N_("Data"), N_("Admin"))
AUTH: Final = (N_("Log in"), N_("Log out"), N_("Username"), N_("Password"))

#: Zone key (scoring/zones.py) → "name — meaning"; the district card splits the two at " — " (a test checks
#: that every locale keeps the dash).
ZONE_LABELS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "I": N_("Zone I — priority"),
        "II": N_("Zone II — recommended"),
        "III": N_("Zone III — possible"),
        "IV": N_("Zone IV — not recommended"),
        "insufficient": N_("Insufficient data"),
        "ineligible": N_("Not eligible"),
    }
)
#: The four ranked zones, best first.
RANKED_ZONES: Final = ("I", "II", "III", "IV")

# TRANSLATORS: shown instead of any missing value; lower case, it is used inside tables and sentences.
NO_DATA: Final = N_("no data")

# TRANSLATORS: provenance of a value, lower case (shown after the value or in an "Origin" column).
ORIGIN_LABELS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "official": N_("official statistics"),
        "reported": N_("reported by a project or the press (not official statistics)"),
        "akimat": N_("entered by the akimat"),
        "derived": N_("derived"),
        "inherited": N_("inherited from the oblast"),
        "policy": N_("set by a policy act"),
    }
)

COLUMNS: Final = (
    N_("Source"),
    N_("Date"),
    N_("Value"),
    N_("Unit"),
    N_("District"),
    N_("Oblast"),
    N_("Settlement"),
    N_("Score"),
    N_("Rank"),
    # TRANSLATORS: share of the indicators that have data for a unit.
    N_("Coverage"),
)

DOWNLOADS: Final = (N_("Download CSV"), N_("Download XLSX"), N_("Download GeoJSON"))

#: Pillar key (scoring/registry.py ``Pillar``) → label; ``context`` is shown but never weighted.
PILLAR_LABELS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "labour": N_("Labour deficit"),
        "housing": N_("Housing"),
        "adaptation": N_("Adaptation"),
        "support": N_("Support measures"),
        "context": N_("Context"),
    }
)

#: How a support measure's amount is counted (data/schema.sql ``support_measure.basis``).
BASIS_LABELS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "per_member": N_("per family member"),
        "per_family": N_("per family"),
        "per_family_month": N_("per family per month"),
        "per_specialist": N_("per rural specialist"),
        "loan_cap": N_("loan ceiling (not a grant)"),
        "share": N_("share of the housing price"),
    }
)

#: Whether a support measure applies to a family (scoring/support.py ``status``), lower case.
ELIGIBILITY_LABELS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "eligible": N_("eligible"),
        "not_eligible": N_("not eligible"),
        "not_in_force": N_("not in force this year"),
        "unknown": N_("unknown"),
    }
)

#: Status of a stored record: observations (data/schema.sql: published, pending, rejected), weight
#: profiles (draft, published, retired) and review verdicts (approved, rejected); lower case.
STATUS_LABELS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "published": N_("published"),
        "pending": N_("waiting for review"),
        "approved": N_("approved"),
        "rejected": N_("rejected"),
        "draft": N_("draft"),
        "retired": N_("retired"),
    }
)

#: Registry unit (scoring/registry.py ``Indicator.unit``, the message id itself) → its label; a test fails
#: when the registry uses a unit that is not here.
UNIT_LABELS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "ratio": N_("ratio"),
        "per 1,000 rural residents": N_("per 1,000 rural residents"),
        "%": N_("%"),
        "KZT": N_("KZT"),
        "KZT/month": N_("KZT/month"),
        "thousand KZT": N_("thousand KZT"),
        "km": N_("km"),
        "KZT/m²": N_("KZT/m²"),
        "KZT/m²/month": N_("KZT/m²/month"),
        "months of wage per m²": N_("months of wage per m²"),
        "units": N_("units"),
        "service types": N_("service types"),
        "per 10,000": N_("per 10,000"),
        "yes/no": N_("yes/no"),
        "per 100,000": N_("per 100,000"),
        "programmes": N_("programmes"),
        "persons": N_("persons"),
        "persons/km²": N_("persons/km²"),
        "settlements": N_("settlements"),
        "schools": N_("schools"),
        "KZT/person/month": N_("KZT/person/month"),
        "institutions": N_("institutions"),
        "persons/year": N_("persons/year"),
        "vacancies": N_("vacancies"),
        "families": N_("families"),
    }
)
#: Units counted in whole things (shown without decimals).
COUNT_UNITS: Final = frozenset(
    {"units", "service types", "programmes", "persons", "settlements", "schools", "institutions"}
    | {"persons/year", "vacancies", "families"}
)
#: Units in tenge (shown without decimals: tiyn are never meaningful here).
MONEY_UNITS: Final = frozenset({"KZT", "KZT/month", "thousand KZT", "KZT/m²", "KZT/m²/month", "KZT/person/month"})
#: Units not written after a number (a ratio has none; yes/no values are shown as words).
SILENT_UNITS: Final = frozenset({"ratio", "yes/no"})

# TRANSLATORS: the value of a yes/no indicator, lower case.
YES: Final = N_("yes")
# TRANSLATORS: the value of a yes/no indicator, lower case.
NO: Final = N_("no")

ATTRIBUTION_BOUNDARIES: Final = N_("Boundaries: geokz (A. Rodionov), CC BY 4.0, after OCHA COD-AB")
ATTRIBUTION_SETTLEMENTS: Final = N_(
    "Settlement points: GeoNames (CC BY 4.0) via Who's On First; populations: BNS RK (1 Jan 2023)"
)


def count_districts(n: int, _n: object) -> str:
    """Example of a plural message: ``_n("{n} district", "{n} districts", n)``; also seeds the catalogue."""
    return _n("{n} district", "{n} districts", n).format(n=n)  # type: ignore[operator]


def term(labels: Mapping[str, str], key: object, _: Translate) -> str:
    """The translated label of ``key`` in one of the mappings above; an unknown key is shown as it is, a missing
    one (None, NaN) as the empty string."""
    if isinstance(key, str):
        return _(labels[key]) if key in labels else key
    return "" if is_missing(key) else str(key)


def zone_label(zone: object, _: Translate) -> str:
    """Translated label of a zone key, e.g. "Zone IV — not recommended" (missing or unknown → "Insufficient data")."""
    key = zone if isinstance(zone, str) and zone in ZONE_LABELS else "insufficient"
    return _(ZONE_LABELS[key])


def zone_name_and_meaning(zone: object, _: Translate) -> tuple[str, str]:
    """The zone's label split at " — ": ``("Zone IV", "not recommended")``; ``("Insufficient data", "")``."""
    name, _dash, meaning = zone_label(zone, _).partition(" — ")
    return name, meaning


def unit_label(unit: str, _: Translate) -> str:
    """Translated label of a registry unit (an unknown unit is shown as it is)."""
    return term(UNIT_LABELS, unit, _)


#: Texts of the built-in default weight profile (scoring/profile.py): its name and its override's reason are
#: written in English there, and shown in the page's language through this table. A profile an administrator
#: names is shown as named.
BUILT_IN_PROFILE_TEXTS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "Default: equal weights, four pillars": N_("Default: equal weights, four pillars"),
        "Astana, Almaty and Shymkent and their city districts are never zone I: the Migration Policy Concept "
        "2023–2027 (Government Decree No. 961 of 30 Nov 2022) aims to relieve the overcrowded cities and steer "
        "kandas to the northern and eastern regions (Initiative 24: labour needs outside Astana, Almaty and "
        "Shymkent).": N_(
            "Astana, Almaty and Shymkent and their city districts are never zone I: the Migration Policy Concept "
            "2023–2027 (Government Decree No. 961 of 30 Nov 2022) aims to relieve the overcrowded cities and steer "
            "kandas to the northern and eastern regions (Initiative 24: labour needs outside Astana, Almaty and "
            "Shymkent)."
        ),
    }
)


def profile_text(text: str, _: Translate) -> str:
    """A weight profile's name or override reason in the page's language when it is the built-in default's
    (:data:`BUILT_IN_PROFILE_TEXTS`); any other text as written."""
    return _(BUILT_IN_PROFILE_TEXTS[text]) if text in BUILT_IN_PROFILE_TEXTS else text


#: English remarks that the reports' period labels carry (data/raw/outcomes/kandas_settlement_reported.csv),
#: shown in the page's language by :func:`period_label`; the dates themselves are ISO and stay as they are.
PERIOD_REMARKS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "YTD to ~Nov": N_("from the start of the year to about November"),
        "to ~Nov": N_("to about November"),
        "text truncated in the archived copy; only first district visible": N_(
            "text truncated in the archived copy; only the first district is visible"
        ),
        "current year at publication (undated)": N_("the year of publication (undated)"),
    }
)


def period_label(period: object, _: Translate) -> str:
    """A reported period (``"2025 (YTD to ~Nov)"``, ``"2024-01..2024-10"``) with its remark in the page's language.

    Examples
    --------
    >>> period_label("2025 (YTD to ~Nov)", lambda s: s)
    '2025 (from the start of the year to about November)'
    """
    if is_missing(period):
        return ""
    text = str(period)
    for remark, message in PERIOD_REMARKS.items():
        text = text.replace(remark, _(message))
    return text
