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
    """

    method: Literal["thresholds", "quantiles"] = "quantiles"
    thresholds: tuple[float, float, float] = (75.0, 50.0, 25.0)
    quantiles: tuple[float, float, float] = (0.75, 0.50, 0.25)

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
    a unit must have values for, else its zone is ``"insufficient"``.
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

DEFAULT_PROFILE = WeightProfile(
    id="default",
    name="Default: equal weights, four pillars",
    version=1,
    description=(
        "Equal weights for every scored registry indicator within its pillar and for the four pillars "
        "(the OECD/JRC Handbook's default absent a published choice); context indicators are shown "
        "but not weighted. Min-max normalisation, arithmetic aggregation, quartile zones. No hard "
        "filter: every district is ranked, and designated-region status and quota count through the "
        "support pillar."
    ),
    indicators={ind.code: IndicatorSpec(weight=1.0) for ind in BY_CODE.values() if ind.pillar != "context"},
    pillar_weights={**{p: 1.0 for p in PILLARS}, "context": 0.0},
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
"""The profile the public map uses until a ministry analyst publishes another."""
