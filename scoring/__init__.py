"""Qonys scoring engine: pure functions from observations and a weight profile to zones and ranks.

No streamlit, no duckdb, no file or network IO: data frames and typed configuration in, data frames
and dataclasses out. Start with :func:`scoring.pipeline.score` and :data:`scoring.profile.DEFAULT_PROFILE`.
"""

from scoring.pipeline import ScoreResult, score
from scoring.profile import DEFAULT_PROFILE, ScoringConfigError, WeightProfile, load_profile
from scoring.sensitivity import sensitivity

__all__ = [
    "DEFAULT_PROFILE",
    "ScoreResult",
    "ScoringConfigError",
    "WeightProfile",
    "load_profile",
    "score",
    "sensitivity",
]
