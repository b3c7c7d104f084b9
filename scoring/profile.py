"""Weight profiles: the typed, versioned, JSON-serialisable configuration of one scoring run.

A profile says which indicators count and how much (weights within pillars, pillar weights), how
values are normalised and aggregated, which units are eligible at all, how much data a unit needs,
how scores become zones and which named policy overrides apply afterwards. Ministry analysts
publish profiles (DESIGN.md, Admin page); the pipeline in :mod:`scoring.pipeline` reads them.
"""

from __future__ import annotations

import json
from typing import Literal

import pydantic
from pydantic import BaseModel, ConfigDict, Field, model_validator

from scoring.registry import BY_CODE, PILLARS

NormalisationMethod = Literal["minmax", "zscore", "rank", "goalposts"]
Aggregation = Literal["arithmetic", "geometric"]
Zone = Literal["I", "II", "III", "IV"]

#: Zones from best (most recommended for settling) to worst.
ZONES: tuple[Zone, ...] = ("I", "II", "III", "IV")
#: Zone label of a unit whose present weight share is below ``min_coverage``.
INSUFFICIENT = "insufficient"
#: Zone label of a unit that fails a hard eligibility filter.
INELIGIBLE = "ineligible"


class ScoringConfigError(ValueError):
    """A weight profile or a pipeline argument names something the engine does not know."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Goalposts(_Model):
    """Fixed bounds of an indicator in its own unit: ``low`` maps to 0 and ``high`` to 1 before direction."""

    low: float
    high: float

    @model_validator(mode="after")
    def _ordered(self) -> Goalposts:
        if not self.low < self.high:
            raise ValueError(f"goalposts need low < high, got low={self.low}, high={self.high}")
        return self


class IndicatorSpec(_Model):
    """Weight of one indicator within its pillar and, optionally, its own normalisation method."""

    weight: float = Field(ge=0.0)
    normalisation: NormalisationMethod | None = None
    goalposts: Goalposts | None = None


class Winsorisation(_Model):
    """Clip every indicator to its ``lower`` and ``upper`` quantiles before normalisation."""

    lower: float = Field(default=0.05, ge=0.0, le=1.0)
    upper: float = Field(default=0.95, ge=0.0, le=1.0)

    @model_validator(mode="after")
    def _ordered(self) -> Winsorisation:
        if not self.lower < self.upper:
            raise ValueError(f"winsorisation needs lower < upper, got {self.lower} and {self.upper}")
        return self


class EligibilityFilter(_Model):
    """A hard filter ``value(indicator) <op> value``; a unit without a value fails it too."""

    name: str
    indicator: str
    op: Literal["==", "!=", ">", ">=", "<", "<="]
    value: float
    reason: str = ""


class ZoningRule(_Model):
    """How a 0–100 score becomes zone I–IV.

    ``thresholds``: lower score bounds of zones I, II and III (descending); below the last is IV.
    ``quantiles``: the bounds are those quantiles of the scores of the ranked units, so by default
    each zone holds a quarter of them.
    ``outside_designated_max_zone``: the best zone a unit outside the designated resettlement
    regions may get (default ``"III"``: never zone I or II), ``None`` turns the rule off. The
    state's resettlement support for kandas and settlers in the regional quota is paid only in the
    regions designated for the year (designated lists S11/S11b/S11c in data/raw/stats/SOURCES.md;
    the same eligibility rule in :func:`scoring.support.estimate_support`), so a "recommended"
    zone outside them would promise a family support it cannot get. Applied after zoning by
    :func:`scoring.zones.outside_designated_override` and reported like an override.
    """

    method: Literal["thresholds", "quantiles"] = "quantiles"
    thresholds: tuple[float, float, float] = (75.0, 50.0, 25.0)
    quantiles: tuple[float, float, float] = (0.75, 0.50, 0.25)
    outside_designated_max_zone: Zone | None = "III"

    @model_validator(mode="after")
    def _descending(self) -> ZoningRule:
        for name in ("thresholds", "quantiles"):
            cuts = getattr(self, name)
            if not cuts[0] >= cuts[1] >= cuts[2]:
                raise ValueError(f"zoning {name} must be descending (zone I first), got {cuts}")
        if not all(0.0 <= q <= 1.0 for q in self.quantiles):
            raise ValueError(f"zoning quantiles must lie in [0, 1], got {self.quantiles}")
        return self


class PolicyOverride(_Model):
    """A named policy rule that caps the zone of some units after zoning.

    ``max_zone`` is the best zone the units may get (``"II"`` means never zone I); ``min_zone`` the
    worst. Units are those listed in ``katos`` and those whose ``parent_kato`` is in ``parent_katos``.
    """

    name: str
    katos: tuple[str, ...] = ()
    parent_katos: tuple[str, ...] = ()
    max_zone: Zone | None = None
    min_zone: Zone | None = None
    reason: str

    @model_validator(mode="after")
    def _meaningful(self) -> PolicyOverride:
        if not (self.katos or self.parent_katos):
            raise ValueError(f"override {self.name!r} names no units (katos or parent_katos)")
        if self.max_zone is None and self.min_zone is None:
            raise ValueError(f"override {self.name!r} sets neither max_zone nor min_zone")
        if self.max_zone and self.min_zone and ZONES.index(self.max_zone) > ZONES.index(self.min_zone):
            raise ValueError(f"override {self.name!r}: max_zone {self.max_zone} is worse than min_zone")
        return self


class WeightProfile(_Model):
    """One published scoring configuration (see module docstring).

    Indicator codes must exist in :data:`scoring.registry.INDICATORS`; an indicator's pillar comes
    from the registry. ``normalisation`` is the default method, overridden per indicator by
    :attr:`IndicatorSpec.normalisation`. ``min_coverage`` is the share of the total nominal weight
    a unit must have values for, else its zone is ``"insufficient"``. ``complete_registers`` names
    the registers (:attr:`scoring.registry.Indicator.register`) the ministry has marked complete;
    an indicator marked ``partial`` is scored only when its register is listed here (the pipeline
    reports it as excluded otherwise).
    """

    id: str
    name: str
    version: int = Field(ge=1)
    description: str = ""
    indicators: dict[str, IndicatorSpec]
    pillar_weights: dict[str, float]
    normalisation: NormalisationMethod = "minmax"
    winsorise: Winsorisation | None = None
    aggregation_within: Aggregation = "arithmetic"
    aggregation_across: Aggregation = "arithmetic"
    filters: tuple[EligibilityFilter, ...] = ()
    min_coverage: float = Field(default=0.5, ge=0.0, le=1.0)
    zoning: ZoningRule = ZoningRule()
    overrides: tuple[PolicyOverride, ...] = ()
    complete_registers: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> WeightProfile:
        for code in [*self.indicators, *(f.indicator for f in self.filters)]:
            if code not in BY_CODE:
                raise ValueError(f"unknown indicator code {code!r} (not in scoring/registry.py)")
        for pillar, weight in self.pillar_weights.items():
            if pillar not in (*PILLARS, "context"):
                raise ValueError(f"unknown pillar {pillar!r}; pillars are {PILLARS} and 'context'")
            if weight < 0:
                raise ValueError(f"pillar weight of {pillar!r} is negative ({weight})")
        for code, spec in self.indicators.items():
            pillar = BY_CODE[code].pillar
            if pillar not in self.pillar_weights:
                raise ValueError(f"indicator {code!r} is in pillar {pillar!r}, which has no pillar weight")
            if self.method_for(code) == "goalposts" and spec.goalposts is None:
                raise ValueError(f"indicator {code!r} is normalised by goalposts but has none")
        known = {ind.register for ind in BY_CODE.values() if ind.register}
        for name in self.complete_registers:
            if name not in known:
                raise ValueError(f"unknown register {name!r} in complete_registers; known: {sorted(known)}")
        if not self.scored_indicators():
            raise ValueError("the profile gives no indicator a positive weight in a positively weighted pillar")
        return self

    def method_for(self, code: str) -> NormalisationMethod:
        """Normalisation method of indicator ``code`` (its own, else the profile default)."""
        spec = self.indicators.get(code)
        return spec.normalisation if spec and spec.normalisation else self.normalisation

    def scored_indicators(self) -> list[str]:
        """Codes with a positive weight in a pillar of positive weight, in registry order."""
        return [
            code
            for code in BY_CODE
            if code in self.indicators
            and self.indicators[code].weight > 0
            and self.pillar_weights.get(BY_CODE[code].pillar, 0.0) > 0
        ]

    def scored_pillars(self) -> list[str]:
        """Pillars holding at least one scored indicator, in :data:`PILLARS` order."""
        used = {BY_CODE[code].pillar for code in self.scored_indicators()}
        return [p for p in (*PILLARS, "context") if p in used]

    def effective_weights(self) -> dict[str, float]:
        """Nominal weight of each scored indicator in the whole score.

        :math:`W_i = \\frac{v_{p(i)}}{\\sum_q v_q} \\cdot \\frac{w_i}{\\sum_{j \\in p(i)} w_j}`, summing to 1.
        """
        codes = self.scored_indicators()
        pillars = self.scored_pillars()
        pillar_total = sum(self.pillar_weights[p] for p in pillars)
        within_total = {p: sum(self.indicators[c].weight for c in codes if BY_CODE[c].pillar == p) for p in pillars}
        return {
            c: self.pillar_weights[BY_CODE[c].pillar]
            / pillar_total
            * self.indicators[c].weight
            / within_total[BY_CODE[c].pillar]
            for c in codes
        }

    def to_json(self) -> str:
        """The profile as JSON text (what the ``weight_profile`` table stores)."""
        return self.model_dump_json(indent=2)


def load_profile(data: str | dict) -> WeightProfile:
    """Build a profile from JSON text or a dict, raising :class:`ScoringConfigError` on any problem.

    Parameters
    ----------
    data
        JSON text or the equivalent dict (e.g. from ``weight_profile.weights_json``).

    Returns
    -------
    WeightProfile
    """
    try:
        raw = json.loads(data) if isinstance(data, str) else data
        return WeightProfile.model_validate(raw)
    except (pydantic.ValidationError, json.JSONDecodeError) as exc:
        raise ScoringConfigError(f"invalid weight profile: {exc}") from exc


#: Cities of republican significance (KATO of the city; their city districts have it as parent).
REPUBLICAN_CITIES_KATO: tuple[str, ...] = ("710000000", "750000000", "790000000")

#: Pairs the default profile would otherwise count twice (|r| >= 0.75 over the districts, see
#: :func:`scoring.correlation.indicator_correlations` and docs/EVIDENCE.md): dropped code -> (kept
#: code, why that one is kept). The dropped indicator stays in the registry and on the cards.
DEFAULT_DROPPED_AS_REDUNDANT: dict[str, tuple[str, str]] = {
    # r = 0.76 over districts, 0.79 within oblasts: both measure how far the district is from a
    # town. The oblast centre is kept because the oblast's offices and services (the kandas
    # services among them) are there; it is also what the old score weighted most within oblasts.
    "distance_to_city100k_km": (
        "distance_to_oblast_centre_km",
        "both measure urban proximity; the oblast's offices and services are in its centre",
    ),
    # r = 0.83: GRP per capita counts all regional output (extraction included), not what a
    # worker is paid; the average wage is what a family earns.
    "grp_per_capita": ("avg_wage", "the wage is what a family earns; GRP counts all regional output"),
    # r = 0.82: the resale price also enters price_to_wage; a newly arrived family rents first.
    "housing_price_m2": (
        "housing_rent_m2",
        "a newly arrived family rents first; the price is already in price_to_wage",
    ),
    # Spearman 0.93: the quota is given to designated regions; the designation itself caps the
    # zone (ZoningRule.outside_designated_max_zone) instead of being counted a second time.
    "designated_region": (
        "kandas_quota_per_100k",
        "the quota is given to the designated regions; designation caps the zone instead",
    ),
}


def default_exclusions(*, complete_registers: tuple[str, ...] = ()) -> dict[str, str]:
    """Registry indicators kept out of the default profile, code → reason id.

    The evidence rule of the default profile: an indicator is scored only if its source is
    official (an official statistic, a legal act, or an approved akimat entry: ``source_official``)
    and complete for its level (``completeness == "complete"``, or its register is in
    ``complete_registers``), it is not a context indicator, and it is not the dropped half of a
    redundant pair (:data:`DEFAULT_DROPPED_AS_REDUNDANT`). Reason ids: ``"context"``,
    ``"unofficial_source"``, ``"partial_register"``, ``"redundant"``.
    """
    out: dict[str, str] = {}
    for ind in BY_CODE.values():
        if ind.pillar == "context":
            out[ind.code] = "context"
        elif not ind.source_official:
            out[ind.code] = "unofficial_source"
        elif ind.completeness == "partial" and not (ind.register and ind.register in complete_registers):
            out[ind.code] = "partial_register"
        elif ind.code in DEFAULT_DROPPED_AS_REDUNDANT:
            out[ind.code] = "redundant"
    return out


def build_default_profile(*, complete_registers: tuple[str, ...] = ()) -> WeightProfile:
    """The default profile, with ``complete_registers`` as the ministry has marked them (Admin).

    Equal weights, within its pillar, for every indicator that passes :func:`default_exclusions`
    and equal weights for the four pillars; quartile zones with the designated-region cap; the
    republican-cities override.
    """
    excluded = default_exclusions(complete_registers=complete_registers)
    return WeightProfile(
        id="default",
        name="Default: equal weights, four pillars",
        version=2,
        description=(
            "Equal weights for every scored registry indicator within its pillar and for the four pillars "
            "(the OECD/JRC Handbook's default absent a published choice). Only official, complete sources "
            "are scored: a source marked partial (the adaptation-centre list) and a project website (S38) "
            "are shown, not scored; of two indicators correlated at |r| >= 0.75 one is kept. Context "
            "indicators are shown but not weighted. Min-max normalisation, arithmetic aggregation, "
            "quartile zones; districts outside the designated regions are at best zone III."
        ),
        indicators={code: IndicatorSpec(weight=1.0) for code in BY_CODE if code not in excluded},
        pillar_weights={**{p: 1.0 for p in PILLARS}, "context": 0.0},
        complete_registers=complete_registers,
        overrides=(
            PolicyOverride(
                name="republican_cities_never_zone_I",
                katos=REPUBLICAN_CITIES_KATO,
                parent_katos=REPUBLICAN_CITIES_KATO,
                max_zone="II",
                reason=(
                    "Astana, Almaty and Shymkent and their city districts are never zone I: the Migration "
                    "Policy Concept 2023–2027 (Government Decree No. 961 of 30 Nov 2022) aims to relieve "
                    "the overcrowded cities and steer kandas to the northern and eastern regions "
                    "(Initiative 24: labour needs outside Astana, Almaty and Shymkent)."
                ),
            ),
        ),
    )


DEFAULT_PROFILE = build_default_profile()
"""The profile the public map uses until a ministry analyst publishes another."""
