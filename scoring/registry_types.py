"""The types of the criteria registry: :class:`Indicator`, its literals and the ``_i`` shorthand the lists use.

Kept apart from :mod:`scoring.registry` so that the indicator lists (:mod:`scoring.indicators`,
:mod:`scoring.outcome_indicators`) and the registry import in one direction: types ← lists ← registry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Pillar = Literal["labour", "housing", "adaptation", "support", "context"]
Direction = Literal["higher_better", "lower_better"]
#: Who supplies values: official statistics, akimat officers, the build (derived), policy acts, or a
#: project or news report that is not official statistics (``reported``, e.g. S38, a regional project site).
Supplier = Literal["official", "akimat", "derived", "policy", "reported"]
#: Whether the source lists every unit of the indicator's level (``complete``) or only some (``partial``).
Completeness = Literal["complete", "partial"]

PILLARS: tuple[Pillar, ...] = ("labour", "housing", "adaptation", "support")
"""The four scored pillars (DESIGN.md). ``context`` indicators are shown but never weighted."""


@dataclass(frozen=True)
class Indicator:
    """One indicator of the registry.

    Parameters
    ----------
    code
        Stable key used in the database (``observation.indicator``) and in weight profiles.
    pillar
        Pillar it belongs to; ``context`` means displayed only.
    unit
        Unit of the stored value, e.g. ``"%"``, ``"KZT"``, ``"km"``.
    direction
        Whether a higher value is better for a settling family.
    level
        Lowest level at which a value normally exists (``district`` or ``oblast``); oblast values
        are inherited by their districts and marked so.
    supplier
        Who supplies values.
    label, description
        Texts keyed by language code ``kk``, ``ru``, ``en``.
    source_ids
        Source registry ids (``S..``/``P..``) of the official values, empty for akimat-entered ones.
    min_value, max_value
        Allowed range of a value (validation of edits and imports), ``None`` for unbounded. A value
        outside it is rejected.
    tags
        Free labels; ``"policy"`` marks a value set by a policy act (a quota, a designation) even
        when the build derives it, so the evidence shares count it as policy, not as measurement.
    completeness
        ``"partial"`` when the source (or the register a derived value is computed from) is known
        to list only some of the units or objects it should (the adaptation-centre list, S17: two
        centres found). A partial indicator is shown but not scored until the ministry marks its
        ``register`` complete (``WeightProfile.complete_registers``).
    register
        Name of the register whose completeness the ministry confirms (``""`` when not applicable).
    source_official
        ``False`` when the values, or an input of their formula, come from a source that is neither
        an official statistic, a legal act nor an approved akimat entry (e.g. a project website,
        S38); such an indicator is shown but kept out of the default profile.
    plausible
        ``(low, high)`` within which a value entered at the data desk is published at once; outside
        it (but inside ``min_value``/``max_value``) it waits for ministry review with a reason. It
        catches an absurd *first* value, which has no previous value or peers to compare with.
        ``None``: no such threshold (values are only compared with their past and their peers).
        Every akimat-entered indicator has one, with a comment saying where it comes from.
    """

    code: str
    pillar: Pillar
    unit: str
    direction: Direction
    level: Literal["district", "oblast"]
    supplier: Supplier
    label: dict[str, str]
    description: dict[str, str]
    source_ids: tuple[str, ...] = ()
    min_value: float | None = 0.0
    max_value: float | None = None
    formula: str = ""
    tags: tuple[str, ...] = field(default=())
    completeness: Completeness = "complete"
    register: str = ""
    source_official: bool = True
    plausible: tuple[float, float] | None = None


def _i(
    code: str,
    pillar: Pillar,
    unit: str,
    direction: Direction,
    level: str,
    supplier: Supplier,
    kk: str,
    ru: str,
    en: str,
    *,
    desc_kk: str,
    desc_ru: str,
    desc_en: str,
    **kw: object,
) -> Indicator:
    return Indicator(
        code,
        pillar,
        unit,
        direction,
        level,
        supplier,  # type: ignore[arg-type]
        {"kk": kk, "ru": ru, "en": en},
        {"kk": desc_kk, "ru": desc_ru, "en": desc_en},
        **kw,
    )  # type: ignore[arg-type]
