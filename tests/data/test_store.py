"""The store's read API on the real database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from data.store import Store, StoreError


def test_inherited_values_are_marked(store: Store) -> None:
    obs = store.observations("district", katos=["103200000"])
    unemployment = obs[obs["indicator"] == "unemployment_rate"]
    assert not unemployment.empty
    assert set(unemployment["origin"]) == {"inherited"}
    assert set(unemployment["inherited_from"]) == {"100000000"}
    own = obs[obs["indicator"] == "rural_share_pct"]
    assert set(own["origin"]) == {"derived"} and own["inherited_from"].isna().all()


def test_district_value_wins_over_oblast(store: Store) -> None:
    obs = store.observations("district")
    pairs = obs.groupby(["kato", "indicator"])["origin"].agg(set)
    assert not any({"inherited"} < origins for origins in pairs), "a unit mixes own and inherited rows"


def test_every_observation_has_provenance(store: Store) -> None:
    obs = store.observations("district")
    assert obs[["source_id", "period", "period_end", "origin"]].notna().all().all()


def test_geojson_is_ready_text(store: Store) -> None:
    text = store.geojson("district")
    data = json.loads(text)
    assert len(data["features"]) == 224
    assert all(len(f["properties"]["kato"]) == 9 for f in data["features"])
    assert len(text.encode()) < 0.35 * len(store.geojson("district", simplified=False).encode())


def test_units_and_settlements(store: Store) -> None:
    assert len(store.units("oblast")) == 20
    official = store.settlements()
    assert len(official) == 242 and official["official"].all()
    assert len(store.settlements(official_only=False)) == 11_733
    with pytest.raises(ValueError, match="unknown level"):
        store.units("galaxy")


def test_missing_database_says_how_to_rebuild(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="python -m data.build"):
        Store(tmp_path / "nope.duckdb")


def test_corrupt_database_says_how_to_rebuild(tmp_path: Path) -> None:
    bad = tmp_path / "bad.duckdb"
    bad.write_bytes(b"not a database" * 100)
    with pytest.raises(StoreError, match="python -m data.build"):
        Store(bad)


def test_how_to_apply_steps_in_order_with_sources(store) -> None:
    steps = store.how_to_apply()
    assert steps["step"].tolist() == sorted(steps["step"])
    assert {"text_en", "text_ru", "source_id"} <= set(steps.columns)
    assert steps["source_id"].str.match(r"A0\d").all()
