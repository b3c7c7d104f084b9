"""Weight profiles: validation, JSON round trip, the default profile."""

from __future__ import annotations

import json

import pytest

from scoring.profile import DEFAULT_PROFILE, ScoringConfigError, default_exclusions, load_profile
from scoring.registry import INDICATORS, PILLARS


def test_default_profile_weights_every_scored_indicator_and_not_context() -> None:
    excluded = default_exclusions()
    scored = {i.code for i in INDICATORS if i.pillar != "context" and i.code not in excluded}
    assert set(DEFAULT_PROFILE.scored_indicators()) == scored
    assert DEFAULT_PROFILE.pillar_weights["context"] == 0
    assert sum(DEFAULT_PROFILE.effective_weights().values()) == pytest.approx(1.0)
    assert DEFAULT_PROFILE.scored_pillars() == list(PILLARS)


def test_default_override_names_the_three_cities_and_cites_the_concept() -> None:
    (rule,) = DEFAULT_PROFILE.overrides
    assert set(rule.katos) == set(rule.parent_katos) == {"710000000", "750000000", "790000000"}
    assert rule.max_zone == "II" and "961" in rule.reason


def test_json_round_trip() -> None:
    text = DEFAULT_PROFILE.to_json()
    assert load_profile(text) == DEFAULT_PROFILE
    assert json.loads(text)["version"] == 2  # 2: the evidence rules of docs/EVIDENCE.md


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        ({"normalisation": "maxmin"}, "normalisation"),
        ({"aggregation_within": "harmonic"}, "aggregation_within"),
        ({"indicators": {"no_such_code": {"weight": 1}}}, "unknown indicator code 'no_such_code'"),
        ({"pillar_weights": {"labour": 1, "weather": 1}}, "unknown pillar 'weather'"),
        ({"indicators": {"avg_wage": {"weight": 1, "normalisation": "goalposts"}}}, "has none"),
        ({"zoning": {"method": "jenks"}}, "zoning"),
        ({"overrides": [{"name": "x", "reason": "r", "max_zone": "V", "katos": ["1"]}]}, "max_zone"),
    ],
)
def test_bad_profiles_raise_clear_errors(patch: dict, message: str) -> None:
    data = {**json.loads(DEFAULT_PROFILE.to_json()), **patch}
    with pytest.raises(ScoringConfigError, match=message):
        load_profile(data)


def test_bad_json_is_a_config_error() -> None:
    with pytest.raises(ScoringConfigError):
        load_profile("{not json")
