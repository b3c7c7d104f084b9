"""Outcome indicators of the criteria registry (what happened to settlers), appended to ``INDICATORS``.

Empty for now; entries use :func:`scoring.registry._i` like :mod:`scoring.indicators`.
"""

from __future__ import annotations

from scoring.registry import Indicator

OUTCOME_INDICATORS: tuple[Indicator, ...] = ()
