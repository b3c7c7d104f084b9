"""The criteria registry: every indicator Qonys knows, in one typed list.

The Methodology page, the README table and the database's ``indicator`` table are all generated
from ``INDICATORS``; a test fails when an indicator lacks a label or description in any language.
The types live in :mod:`scoring.registry_types`, the lists in :mod:`scoring.indicators` (what the
zones may use) and :mod:`scoring.outcome_indicators` (what the akimats report on settled kandas).
"""

from __future__ import annotations

from scoring.indicators import BASE_INDICATORS
from scoring.outcome_indicators import OUTCOME_INDICATORS
from scoring.registry_types import (
    PILLARS,
    Completeness,
    Direction,
    Indicator,
    Pillar,
    Supplier,
    _i,
)

__all__ = [
    "BASE_INDICATORS",
    "BY_CODE",
    "INDICATORS",
    "OUTCOME_INDICATORS",
    "PILLARS",
    "Completeness",
    "Direction",
    "Indicator",
    "Pillar",
    "Supplier",
    "_i",
]

INDICATORS: tuple[Indicator, ...] = BASE_INDICATORS + OUTCOME_INDICATORS
"""Every indicator, in display order."""

BY_CODE: dict[str, Indicator] = {ind.code: ind for ind in INDICATORS}
