"""The register state reaches the score: a partial register marked complete in every oblast is scored."""

from __future__ import annotations

import pytest

from data.scored import published_profile, score_districts
from data.store import Store
from scoring import DEFAULT_PROFILE

DISTANCE = "distance_to_adaptation_centre_km"


@pytest.fixture
def desk(desk_db: dict) -> Store:
    store = Store(desk_db["path"])
    yield store
    store.close()


def test_marking_the_centres_complete_everywhere_lets_the_distance_into_the_score(desk: Store) -> None:
    profile, status = published_profile(desk)
    assert status == "default" and DISTANCE not in profile.scored_indicators()
    oblasts = list(desk.units("oblast")["kato"])
    # One oblast short of the country: still partial, still out.
    for kato in oblasts[:-1]:
        desk.mark_register_complete("adaptation_centres", kato, complete=True, source="MLSP letter", user="ministry1")
    assert DISTANCE not in score_districts(desk, draws=5).profile.scored_indicators()
    desk.mark_register_complete(
        "adaptation_centres", oblasts[-1], complete=True, source="MLSP letter", user="ministry1"
    )
    scored = score_districts(desk, draws=5)
    assert "adaptation_centres" in scored.profile.complete_registers
    assert DISTANCE in scored.profile.scored_indicators()
    assert DISTANCE not in set(scored.result.excluded["indicator"])
    # A profile that weights the distance but does not list the register follows the store too.
    weighted = DEFAULT_PROFILE.model_copy(
        update={
            "indicators": {
                **DEFAULT_PROFILE.indicators,
                DISTANCE: DEFAULT_PROFILE.indicators[next(iter(DEFAULT_PROFILE.indicators))],
            }
        }
    )
    assert DISTANCE not in set(score_districts(desk, weighted, draws=5).result.excluded["indicator"])
