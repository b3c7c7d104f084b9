"""``python -m data.advice``: the same advice as the Advisor page for a family described in FAMILY.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from data import advice

CHINA = {  # five from China, a farmer and a teacher, want a village, kin in Abai
    "year": 2026,
    "adults": 2,
    "children": 3,
    "pensioners": 0,
    "work": ["agriculture", "education"],
    "education": "higher",
    "origin": "CN",
    "settlement": "village",
    "climate": "any",
    "kin_oblast": "KZ-ABY",
    "in_quota": None,
}
MONGOLIA = {
    "year": 2026,
    "adults": 1,
    "work": ["industry"],
    "education": "higher",
    "origin": "MN",
    "settlement": "town",
}


def run(tmp_path: Path, family: dict, *extra: str) -> int:
    path = tmp_path / "family.json"
    path.write_text(json.dumps(family), encoding="utf-8")
    return advice.main(["--profile", str(path), *extra])


def test_china_family_json(built_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert run(tmp_path, CHINA, "--locale", "kk_Arab") == 0
    out = json.loads(capsys.readouterr().out)
    districts = out["districts"]
    assert len(districts) == 3
    assert len({d["oblast_kato"] for d in districts}) == 3  # diverse picks
    abai = [d for d in districts if d["oblast_kato"] == "100000000"]  # kin in Abai decides visibly
    assert len(abai) == 1 and {w["wish"] for w in abai[0]["wishes_met"]} >= {"kin", "settlement"}
    assert all(any(w["wish"] == "kin" for w in d["wishes_not_met"]) for d in districts if d not in abai)
    support = abai[0]["support"]
    assert set(support) == {"in_quota", "not_in_quota"}  # quota unknown → both cases
    inside, outside = support["in_quota"], support["not_in_quota"]
    assert inside["up_to_kzt"] > inside["guaranteed_kzt"] > 0
    # outside the quota only the «С дипломом – в село!» allowance of the two village specialists remains
    quota_measures = [m for m in outside["measures"] if "in_quota" in m["conditions"]]
    assert quota_measures and all(m["status"] in ("not_eligible", "not_in_force") for m in quota_measures)
    assert outside["up_to_kzt"] == 2 * 100 * 4325
    assert outside["guaranteed_kzt"] == 0  # the allowance follows a village job the family does not have yet
    certificate = next(m for m in inside["measures"] if m["code"] == "MOBILITY_CERTIFICATE")
    assert "housing_purchase" in certificate["conditions"] and not certificate["guaranteed"]


def test_engineer_gets_three_oblasts(built_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert run(tmp_path, MONGOLIA, "--locale", "kk") == 0
    districts = json.loads(capsys.readouterr().out)["districts"]
    assert len({d["oblast_kato"] for d in districts}) == 3


@pytest.mark.parametrize("fmt", ["pdf", "html"])
def test_sheet_formats(built_db: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"sheet.{fmt}"
    assert run(tmp_path, CHINA, "--locale", "kk_Arab", "--format", fmt, "--out", str(out)) == 0
    data = out.read_bytes()
    assert data.startswith(b"%PDF") if fmt == "pdf" else b"<html" in data[:200].lower()


@pytest.mark.parametrize(
    ("family", "word"),
    [
        ({**CHINA, "settlement": "city"}, "settlement"),
        ({**CHINA, "kin_oblast": "KZ-XXX"}, "kin_oblast"),
        ({**CHINA, "year": "soon"}, "year"),
        ({**CHINA, "year": 1990}, "year"),
        ({**CHINA, "pets": 2}, "pets"),
        ({**CHINA, "adults": -1}, "adults"),
        ({**CHINA, "in_quota": "maybe"}, "in_quota"),
    ],
)
def test_bad_family_is_a_message(
    built_db: Path, tmp_path: Path, family: dict, word: str, capsys: pytest.CaptureFixture
) -> None:
    assert run(tmp_path, family) == 1
    err = capsys.readouterr().err
    assert err.startswith("advice:") and word in err and "Traceback" not in err
