"""The thin command-line adapters over the store and scoring."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from data import report, support


def test_support_family_of_five_2026(built_db: Path, capsys: pytest.CaptureFixture) -> None:
    assert support.main(["--members", "5", "--children", "2", "--oblast", "KZ-PAV", "--year", "2026"]) == 0
    out = capsys.readouterr().out
    # 70 MCI × 5 members × 4,325 KZT (MCI 2026) — relocation subsidy, Rules of voluntary resettlement
    assert "1513750" in out.replace(",", "").replace(".0", "")
    assert "designated region: yes" in out


def test_support_non_designated_region_gets_no_kandas_measures(built_db: Path, capsys: pytest.CaptureFixture) -> None:
    assert support.main(["--members", "3", "--oblast", "KZ-ALM", "--year", "2026"]) == 0
    out = capsys.readouterr().out
    assert "designated region: no" in out and "total: 0 KZT" in out


@pytest.mark.parametrize(
    "argv",
    [
        ["--members", "0", "--oblast", "KZ-PAV", "--year", "2026"],
        ["--members", "2", "--children", "-1", "--oblast", "KZ-PAV", "--year", "2026"],
        ["--members", "2", "--oblast", "KZ-XXX", "--year", "2026"],
    ],
)
def test_support_bad_input_is_a_message(built_db: Path, argv: list[str], capsys: pytest.CaptureFixture) -> None:
    assert support.main(argv) == 1
    err = capsys.readouterr().err
    assert err.startswith("support:") and "Traceback" not in err


def test_report_lists_every_district(built_db: Path, capsys: pytest.CaptureFixture) -> None:
    assert report.main(["--format", "json", "--draws", "50"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 225
    assert {"kato", "score", "zone", "rank", "rank_p5", "rank_p95", "zone_stability", "coverage"} <= set(rows[0])
    zones = {r["zone"] for r in rows}
    assert zones <= {"I", "II", "III", "IV", "insufficient", "ineligible"}


def test_report_carries_the_evidence_columns(built_db: Path, capsys: pytest.CaptureFixture) -> None:
    assert report.main(["--format", "json", "--draws", "20"]) == 0
    rows = json.loads(capsys.readouterr().out)
    cols = {"rank_in_oblast", "evidence_district", "evidence_inherited", "evidence_policy", "zone_uncertain"}
    assert cols <= set(rows[0])
    scored = [r for r in rows if r["score"] is not None]
    for r in scored:
        total = r["evidence_district"] + r["evidence_inherited"] + r["evidence_policy"]
        assert abs(total - 1.0) < 1e-9
    assert all(isinstance(r["zone_uncertain"], bool) for r in rows)


def test_report_summary_gives_the_evidence_ladder(built_db: Path, capsys: pytest.CaptureFixture) -> None:
    assert report.main(["--summary", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    steps = [s["step"] for s in out["steps"]]
    assert steps[0] == "before" and steps[-1] == "designated_cap"
    assert all(0.0 <= s["r2_oblast"] <= 1.0 for s in out["steps"])
    assert len(out["changes"]) == out["steps"][-1]["zones_changed_total"]
