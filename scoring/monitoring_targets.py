"""The targets monitored by :mod:`scoring.monitoring`: the Migration Policy Concept's and the quota orders'.

The Concept's action plan (Government Decree No. 961 of 30 Nov 2022, source ``S18``) sets the targets,
copied line by line from ``data/raw/outcomes/SOURCES.md``; quota fulfilment is measured against the
year's MinTrud quota order (``S10b``–``S10e``). Pure data, no computation beyond :meth:`Target.target_for`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final, Literal

#: The Concept as the database's source registry names it (stats/SOURCES.md S18).
CONCEPT_SOURCE_ID: Final = "S18"
CONCEPT_URL: Final = "https://adilet.zan.kz/rus/docs/P2200000961"
DECREE_961: Final = "Government Decree No. 961 of 30 Nov 2022 (Migration Policy Concept 2023–2027), action plan"
#: Where the target lines below were copied from.
TARGETS_FILE: Final = "data/raw/outcomes/SOURCES.md, 'Targets of the Migration Policy Concept 2023–2027'"

#: Years the Concept covers; the default range of :func:`monitor`.
CONCEPT_YEARS: Final = range(2023, 2028)

Direction = Literal["higher_better", "lower_better"]


@dataclass(frozen=True)
class Target:
    """One monitored indicator of the Concept (or of the quota orders) with its citation.

    Attributes
    ----------
    code
        Stable identifier (also the ``indicator`` of akimat observations of it).
    label
        English label; the pages translate it through gettext (``ui.monitoring_view.LABELS``).
    unit
        ``'%'`` or ``'coefficient'``.
    direction
        Whether a higher actual meets a target (``higher_better``) or a lower one (``lower_better``).
    yearly
        Year → target value, as the action plan lists it. Empty when the indicator has no yearly target.
    endpoint
        ``(year, value)`` of a target stated only for the end of the period (none for the years between).
    baseline
        ``(year or None, value)`` stated by the source; the year is None when the source gives none.
    citation
        The exact line of the source the targets were copied from.
    source_id
        Source registry id of the target (``S18`` = Decree 961).
    """

    code: str
    label: str
    unit: str
    direction: Direction
    citation: str
    source_id: str
    yearly: Mapping[int, float] = field(default_factory=dict)
    endpoint: tuple[int, float] | None = None
    baseline: tuple[int | None, float] | None = None
    note: str = ""

    def target_for(self, year: int) -> float | None:
        """The target of ``year``: the yearly value, the endpoint in its own year, else None."""
        if year in self.yearly:
            return float(self.yearly[year])
        if self.endpoint is not None and self.endpoint[0] == year:
            return float(self.endpoint[1])
        return None


#: The Concept's targets, copied line by line from ``data/raw/outcomes/SOURCES.md`` (Decree No. 961).
CONCEPT_TARGETS: Final[tuple[Target, ...]] = (
    Target(
        code="kandas_employment_rate",
        label="Employment of working-age kandas and settlers",
        unit="%",
        direction="higher_better",
        yearly={2023: 83.0, 2024: 85.0, 2025: 87.0, 2026: 90.0, 2027: 95.0},
        citation=(
            "employment of working-age kandas and settlers, incl. entrepreneurship: 2023 83%, 2024 85%, "
            "2025 87%, 2026 90%, 2027 95%"
        ),
        source_id=CONCEPT_SOURCE_ID,
        note="No sourced employment rate of kandas was found; the ministry or akimats must report it.",
    ),
    Target(
        code="adaptation_services_coverage",
        label="Adaptation and integration services coverage",
        unit="%",
        direction="higher_better",
        yearly={2023: 80.0, 2024: 85.0, 2025: 90.0, 2026: 95.0, 2027: 100.0},
        citation=(
            "adaptation and integration services for settlers and kandas living in resettlement regions: "
            "2023 80%, 2024 85%, 2025 90%, 2026 95%, 2027 100%"
        ),
        source_id=CONCEPT_SOURCE_ID,
        note=(
            "A count is reported (8,719 kandas and 2,161 settlers served by 1 Nov 2024, S17e) but not the "
            "number living in resettlement regions, so no share can be computed."
        ),
    ),
    Target(
        code="north_east_arrival_share",
        label="Share of arrivals into the northern and eastern regions among inter-regional migrants",
        unit="%",
        direction="higher_better",
        yearly={2023: 13.2, 2024: 13.7, 2025: 14.3, 2026: 15.0, 2027: 16.2},
        baseline=(None, 12.6),
        citation=(
            "internal mobility, share of arrivals into the northern and eastern regions among inter-regional "
            "migrants: 2023 13.2%, 2024 13.7%, 2025 14.3%, 2026 15.0%, 2027 16.2% (baseline 12.6%)"
        ),
        source_id=CONCEPT_SOURCE_ID,
        note="Needs BNS inter-regional migration by destination, which is not in the vendored data.",
    ),
    Target(
        code="north_south_imbalance",
        label="North–south imbalance of migration indicators",
        unit="coefficient",
        direction="lower_better",
        endpoint=(2028, 1.65),
        baseline=(2021, 1.75),
        citation=(
            "expected result by 2028: the north–south imbalance of migration indicators reduced from a "
            "coefficient of 1.75 (2021) to 1.65"
        ),
        source_id=CONCEPT_SOURCE_ID,
        # Why no yearly values: the Concept states only the 2028 end point; a straight line between 1.75
        # and 1.65 would be our invention, not a target.
        note="The Concept sets only the 2028 end point (1.65, from 1.75 in 2021); no yearly target in between.",
    ),
)

#: Targets that come from the annual quota orders rather than from the Concept.
QUOTA_FULFILMENT: Final = Target(
    code="quota_fulfilment",
    label="Kandas quota fulfilment",
    unit="%",
    direction="higher_better",
    citation="annual order of the Minister of Labour and Social Protection on regional quotas (100% of the quota)",
    source_id="S10b;S10c;S10e;S10d",
    note="Target: every place of the year's kandas quota filled (100%).",
)
DESIGNATED_SHARE: Final = Target(
    code="designated_share_of_new_kandas",
    label="Share of new kandas resettled into designated regions",
    unit="%",
    direction="higher_better",
    citation="no target: neither the Concept nor the quota orders set one",
    source_id="",
    note="Kandas resettled within the quota ÷ kandas granted status in the year (both full-year figures).",
)

#: Every monitored indicator, in the order the pages show them.
CATALOGUE: Final[tuple[Target, ...]] = (*CONCEPT_TARGETS, QUOTA_FULFILMENT, DESIGNATED_SHARE)
TARGETS_BY_CODE: Final[dict[str, Target]] = {t.code: t for t in CATALOGUE}

#: Quota fulfilment is measured against the whole quota.
QUOTA_TARGET_PCT: Final = 100.0
