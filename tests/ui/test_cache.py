"""ui/cache.py is the only cache, and its one key — the store's data version — makes every read fresh after a write."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from data.store import Edit
from ui import cache

ROOT = Path(__file__).resolve().parents[2]
SEMEY = "101000000"  # a district of Abai oblast
VAC = "vacancies_per_jobseeker"


def test_no_streamlit_cache_outside_ui_cache() -> None:
    files = [
        ROOT / "app.py",
        *[p for d in ("pages", "ui", "data", "layers", "scoring", "i18n", "export") for p in (ROOT / d).rglob("*.py")],
    ]
    users = sorted(
        str(path.relative_to(ROOT))
        for path in files
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Attribute) and node.attr in ("cache_data", "cache_resource", "experimental_memo")
    )
    assert set(users) == {"ui/cache.py"}


def test_one_key_for_every_cached_read(desk_db: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QONYS_DB", str(desk_db["path"]))
    store = cache.open_store(str(desk_db["path"]))
    before = cache.data_version(store)
    assert before == f"{store.path}@{store.data_version()}"
    assert not (cache.observations(before)["kato"].eq(SEMEY) & cache.observations(before)["value"].eq(0.8)).any()
    inputs = cache.advisor_inputs(before)

    store.save_observations([Edit(SEMEY, VAC, 0.8, "2026-01-15", "Akimat letter 12")], user="akimat_abai")
    after = cache.data_version(store)
    assert after != before  # no cache.clear(): the new key alone makes the reads fresh
    obs = cache.observations(after)
    assert ((obs["kato"] == SEMEY) & (obs["indicator"] == VAC) & (obs["value"] == 0.8)).any()
    fresh = cache.advisor_inputs(after).observations  # the advisor once keyed on the build's version only
    assert ((fresh["kato"] == SEMEY) & (fresh["indicator"] == VAC) & (fresh["value"] == 0.8)).any()
    assert not ((inputs.observations["kato"] == SEMEY) & (inputs.observations["value"] == 0.8)).any()
    cache.clear()
