"""Messages of the ``common`` domain that every page needs, marked here so that extraction keeps them."""

from __future__ import annotations

from typing import Final

from i18n.runtime import N_

APP_TITLE: Final = N_("Qonys — the kandas resettlement map")
# TRANSLATORS: label of the language picker.
LANGUAGE: Final = N_("Language")

PAGES: Final = (N_("Map"), N_("Table"), N_("Advisor"), N_("Methodology"), N_("Data"), N_("Admin"))
AUTH: Final = (N_("Log in"), N_("Log out"), N_("Username"), N_("Password"))

ZONES: Final = (
    N_("Zone I — priority"),
    N_("Zone II — recommended"),
    N_("Zone III — possible"),
    N_("Zone IV — not recommended"),
    N_("Insufficient data"),
    N_("Not eligible"),
)

# TRANSLATORS: shown instead of any missing value; lower case, it is used inside tables and sentences.
NO_DATA: Final = N_("no data")

# TRANSLATORS: provenance of a value, lower case (shown after the value).
PROVENANCE: Final = (
    N_("inherited from the oblast"),
    N_("entered by the akimat"),
    N_("official statistics"),
    N_("reported by a project or the press (not official statistics)"),
    N_("derived"),
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

PILLARS: Final = (
    N_("Labour deficit"),
    N_("Housing"),
    N_("Adaptation"),
    N_("Support measures"),
    N_("Context"),
)

ATTRIBUTION_BOUNDARIES: Final = N_("Boundaries: geokz (A. Rodionov), CC BY 4.0, after OCHA COD-AB")
ATTRIBUTION_SETTLEMENTS: Final = N_(
    "Settlement points: GeoNames (CC BY 4.0) via Who's On First; populations: BNS RK (1 Jan 2023)"
)


def count_districts(n: int, _n: object) -> str:
    """Example of a plural message: ``_n("{n} district", "{n} districts", n)``; also seeds the catalogue."""
    return _n("{n} district", "{n} districts", n).format(n=n)  # type: ignore[operator]
