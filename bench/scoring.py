"""Time the scoring engine: score + zones of ~225 districts × 20 indicators, and a 1,000-draw Monte-Carlo.

Run ``python -m bench.scoring`` from the repository root. Uses synthetic data (225 districts, the 18
scored indicators of the default profile plus 2 context ones, two periods each) and, when
``data/qonys.duckdb`` exists, the real database too. The baseline, measured in the same run, is the
naive Monte-Carlo: a full pandas ``score`` per draw with perturbed weights (50 draws, extrapolated
to 1,000). Targets: score ≤ 20 ms, Monte-Carlo ≤ 1 s.
"""

from __future__ import annotations

import os
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from scoring import DEFAULT_PROFILE, score, sensitivity
from scoring.profile import WeightProfile

ROOT = Path(__file__).resolve().parents[1]
TARGET_SCORE_MS = 20.0
TARGET_MC_S = 1.0


def synthetic(n_districts: int = 225, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Units and long observations shaped like the store's (two periods, 10% missing)."""
    rng = np.random.default_rng(seed)
    oblasts = [f"{k}0000000" for k in (10, 11, 15, 19, 23, 27, 31, 33, 35, 39, 43, 47, 55, 59, 61, 62, 63, 71, 75, 79)]
    katos = [f"{oblasts[i % 20][:2]}{i:03d}0000" for i in range(n_districts)]
    units = pd.DataFrame(
        {
            "kato": katos,
            "level": "district",
            "parent_kato": [oblasts[i % 20] for i in range(n_districts)],
            "name_kk": "Қарағанды ауданы",
            "name_ru": "район",
            "name_en": "District",
            "population": rng.integers(5_000, 200_000, n_districts).astype(float),
        }
    )
    codes = DEFAULT_PROFILE.scored_indicators() + ["rural_share_pct", "density_per_km2"]
    rows = []
    for period, end in (("2022", "2022-12-31"), ("2023", "2023-12-31")):
        for code in codes:
            present = rng.random(n_districts) > 0.1
            rows.append(
                pd.DataFrame(
                    {
                        "kato": np.array(katos)[present],
                        "indicator": code,
                        "value": rng.lognormal(3, 0.5, present.sum()),
                        "period": period,
                        "period_end": pd.Timestamp(end),
                        "source_id": "SYN",
                        "origin": "official",
                    }
                )
            )
    return units, pd.concat(rows, ignore_index=True)


def best_ms(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median and minimum wall time of ``fn`` in milliseconds over ``repeat`` runs (after one warm-up)."""
    fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), min(times)


def naive_monte_carlo(units: pd.DataFrame, obs: pd.DataFrame, profile: WeightProfile, draws: int) -> None:
    """The baseline: one full pandas pipeline per draw."""
    rng = np.random.default_rng(0)
    methods = ("minmax", "zscore", "rank")
    data = profile.model_dump()
    for _ in range(draws):
        data["indicators"] = {c: {"weight": s["weight"] * rng.uniform(0.5, 1.5)} for c, s in data["indicators"].items()}
        data["pillar_weights"] = {p: w * rng.uniform(0.5, 1.5) for p, w in data["pillar_weights"].items()}
        data["normalisation"] = methods[rng.integers(3)]
        score(units, obs, WeightProfile.model_validate(data))


def run(label: str, units: pd.DataFrame, obs: pd.DataFrame) -> list[str]:
    n_units = int((units["level"] == "district").sum())
    n_ind = obs["indicator"].nunique()
    score_med, score_min = best_ms(lambda: score(units, obs, DEFAULT_PROFILE), 30)
    mc_med, mc_min = best_ms(lambda: sensitivity(units, obs, DEFAULT_PROFILE, draws=1000, seed=0), 5)
    naive_ms, _ = best_ms(lambda: naive_monte_carlo(units, obs, DEFAULT_PROFILE, 50), 1)
    naive_1000_ms = naive_ms * 20
    lines = [
        f"| {label} | {n_units} × {n_ind} | score + zones | {score_med:.1f} ms (min {score_min:.1f}) | ≤ "
        f"{TARGET_SCORE_MS:.0f} ms | {'ok' if score_med <= TARGET_SCORE_MS else 'MISSED'} |",
        f"| {label} | {n_units} × {n_ind} | Monte-Carlo, 1,000 draws | {mc_med:.0f} ms (min {mc_min:.0f}) | ≤ "
        f"{TARGET_MC_S * 1000:.0f} ms | {'ok' if mc_med <= TARGET_MC_S * 1000 else 'MISSED'} |",
        f"| {label} | {n_units} × {n_ind} | naive baseline: pandas pipeline per draw, 50 draws × 20 | "
        f"{naive_1000_ms:.0f} ms | — | vectorised is {naive_1000_ms / mc_med:.0f}× faster |",
    ]
    return lines


def main() -> None:
    lines = ["| data | units × indicators | step | median time | target | verdict |", "|---|---|---|---|---|---|"]
    lines += run("synthetic", *synthetic())
    db = ROOT / "data" / "qonys.duckdb"
    if db.exists():
        from data.store import Store  # the bench may read the database; scoring/ never does

        store = Store(db, read_only=True)
        lines += run("real (data/qonys.duckdb)", store.units("district"), store.observations("district"))
        store.close()
    print(
        f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, numpy {np.__version__}, pandas {pd.__version__}; "
        f"{time.strftime('%Y-%m-%d')}"
    )
    print("\n".join(lines))


if __name__ == "__main__":
    main()
