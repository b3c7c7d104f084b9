"""The Concept's targets catalogue, statuses, missing actuals and the settlement-vs-zones attribution."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from scoring import monitoring as m

#: Rows as the store returns them (kandas_stats.csv S15a/S15b, resettlement_policy.csv S10e), trimmed.
STATS = pd.DataFrame(
    {
        "scope": ["national", "national", "national"],
        "period_or_date": ["2025", "2025", "2024"],
        "indicator": [
            "kandas status granted in year",
            "kandas resettled into designated regions within 2025 quota",
            "kandas status granted in year",
        ],
        "value_num": [16805.0, 2309.0, 12325.0],
        "source_id": ["S15a;S15b", "S15a;S15b", "S15g"],
    }
)
QUOTAS = pd.DataFrame(
    {
        "year": [2025, 2025, 2025, 2026],
        "oblast_kato": [None, "550000000", "230000000", None],
        "category": ["kandas"] * 4,
        "persons": [2309, 1056, 100, 2281],
        "source_id": ["S10e", "S10e", "S10e", "S10d"],
        "preferred": [True, True, True, True],
    }
)
SETTLEMENT = pd.DataFrame(
    {
        "oblast_kato": ["550000000", "230000000", "230000000"],
        "indicator": [
            "regional_quota_kandas_fulfilment_ytd",
            "kandas_included_in_regional_quota",
            "regional_quota_kandas",
        ],
        "period": ["2025 (to ~Nov)", "2025", "2025"],
        "value": [88.7, 103.0, 103.0],
        "source_id": ["outcomes:k#25", "outcomes:k#7", "outcomes:k#8"],
        "source_url": ["https://www.inform.kz/ru/p", "https://www.inform.kz/ru/a", "https://www.inform.kz/ru/a"],
    }
)


def rows(**kwargs: object) -> pd.DataFrame:
    return m.monitor(kandas_stats=STATS, quotas=QUOTAS, settlement=SETTLEMENT, **kwargs)


def one(table: pd.DataFrame, indicator: str, year: int, scope: str = m.NATIONAL) -> pd.Series:
    hit = table[(table["indicator"] == indicator) & (table["year"] == year) & (table["scope"] == scope)]
    assert len(hit) == 1, hit
    return hit.iloc[0]


def test_catalogue_targets_as_the_decree_states_them() -> None:
    t = m.TARGETS_BY_CODE
    assert [t["kandas_employment_rate"].target_for(y) for y in m.CONCEPT_YEARS] == [83, 85, 87, 90, 95]
    assert [t["adaptation_services_coverage"].target_for(y) for y in m.CONCEPT_YEARS] == [80, 85, 90, 95, 100]
    assert [t["north_east_arrival_share"].target_for(y) for y in m.CONCEPT_YEARS] == [13.2, 13.7, 14.3, 15.0, 16.2]
    assert t["north_east_arrival_share"].baseline == (None, 12.6)
    imbalance = t["north_south_imbalance"]
    assert imbalance.baseline == (2021, 1.75) and imbalance.endpoint == (2028, 1.65)
    assert imbalance.direction == "lower_better"
    assert all(imbalance.target_for(y) is None for y in m.CONCEPT_YEARS), "no invented yearly targets"
    for target in m.CONCEPT_TARGETS:
        assert target.source_id == "S18" and target.citation
        # every yearly figure of the catalogue appears in the cited line
        for value in target.yearly.values():
            assert f"{value:g}%" in target.citation or f"{value:.1f}%" in target.citation


def test_rows_have_the_required_keys_and_known_statuses() -> None:
    table = rows()
    assert list(table.columns[:7]) == ["indicator", "year", "scope", "target", "actual", "source", "status"]
    assert set(table["status"]) <= set(m.STATUSES)
    assert set(table["indicator"]) == set(m.TARGETS_BY_CODE)


def test_missing_actual_is_not_reported() -> None:
    row = one(rows(), "kandas_employment_rate", 2025)
    assert row["target"] == 87 and math.isnan(row["actual"]) and row["status"] == m.NOT_REPORTED
    assert row["source"] == ""


def test_imbalance_has_no_yearly_target_and_its_endpoint() -> None:
    table = rows()
    assert one(table, "north_south_imbalance", 2025)["status"] == m.NO_TARGET
    end = one(table, "north_south_imbalance", 2028)
    assert end["target"] == 1.65 and end["status"] == m.NOT_REPORTED
    assert 2028 not in set(rows(include_endpoints=False)["year"])


def test_designated_share_2025() -> None:
    row = one(rows(), "designated_share_of_new_kandas", 2025)
    assert row["actual"] == pytest.approx(100 * 2309 / 16805, abs=0.01)  # 13.74 %
    assert row["status"] == m.NO_TARGET and row["source"] == "S15a;S15b" and row["origin"] == "derived"
    assert math.isnan(one(rows(), "designated_share_of_new_kandas", 2024)["actual"]), "2024: no resettled figure"


def test_quota_fulfilment_national_and_by_oblast() -> None:
    table = rows()
    national = one(table, "quota_fulfilment", 2025)
    assert national["actual"] == 100 and national["status"] == m.MET and national["target_source"] == "S10e"
    pavlodar = one(table, "quota_fulfilment", 2025, "550000000")
    assert pavlodar["actual"] == 88.7 and pavlodar["status"] == m.NOT_MET
    assert pavlodar["period"] == "2025 (to ~Nov)" and "year to date" in pavlodar["note"]
    assert pavlodar["source_url"] == "https://www.inform.kz/ru/p"
    atyrau = one(table, "quota_fulfilment", 2025, "230000000")
    assert atyrau["actual"] == 100 and "national order says 100" in atyrau["note"]
    assert one(table, "quota_fulfilment", 2026)["status"] == m.NOT_REPORTED
    assert one(table, "quota_fulfilment", 2027)["status"] == m.NO_TARGET, "no quota order for 2027"


def test_approved_akimat_value_fills_a_row_and_sourced_wins() -> None:
    approved = pd.DataFrame(
        {
            "kato": ["550000000", None, "550000000"],
            "indicator": ["kandas_employment_rate", "kandas_employment_rate", "quota_fulfilment"],
            "period": ["2025", "2025", "2025"],
            "value": [88.0, 80.0, 95.0],
            "source_id": ["akimat letter 7", "ministry letter", "akimat letter 8"],
        }
    )
    table = rows(approved=approved)
    oblast = one(table, "kandas_employment_rate", 2025, "550000000")
    assert oblast["actual"] == 88 and oblast["status"] == m.MET and oblast["origin"] == "akimat"
    national = one(table, "kandas_employment_rate", 2025)
    assert national["actual"] == 80 and national["status"] == m.NOT_MET
    assert one(table, "quota_fulfilment", 2025, "550000000")["actual"] == 88.7, "the sourced figure wins"


def test_akimat_quota_value_keeps_the_oblast_quota_target() -> None:
    approved = pd.DataFrame(
        {
            "kato": ["230000000"],
            "indicator": ["quota_fulfilment"],
            "period": ["2026"],
            "value": [96.0],
            "source_id": ["x"],
        }
    )
    quotas = pd.concat([QUOTAS, QUOTAS.iloc[[2]].assign(year=2026, persons=125, source_id="S10d")])
    table = m.monitor(kandas_stats=STATS, quotas=quotas, settlement=SETTLEMENT, approved=approved)
    row = one(table, "quota_fulfilment", 2026, "230000000")
    assert row["target"] == 100 and row["target_source"] == "S10d" and row["status"] == m.NOT_MET


def test_empty_inputs() -> None:
    table = m.monitor(kandas_stats=STATS.iloc[0:0], quotas=QUOTAS.iloc[0:0], approved=pd.DataFrame())
    assert set(table["status"]) <= {m.NOT_REPORTED, m.NO_TARGET}
    assert (table["scope"] == m.NATIONAL).all()


@pytest.mark.parametrize(
    ("target", "actual", "direction", "status"),
    [
        (87, 87, "higher_better", m.MET),
        (87, 86.9, "higher_better", m.NOT_MET),
        (1.65, 1.6, "lower_better", m.MET),
        (1.65, 1.7, "lower_better", m.NOT_MET),
        (None, 5, "higher_better", m.NO_TARGET),
        (float("nan"), None, "higher_better", m.NO_TARGET),
        (80, float("nan"), "higher_better", m.NOT_REPORTED),
    ],
)
def test_status_of(target: float | None, actual: float | None, direction: str, status: str) -> None:
    assert m.status_of(target, actual, direction) == status


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("2025", (2025, True)),
        ("2025 (YTD to ~Nov)", (2025, False)),
        ("2025-01..2025-09-01", (2025, False)),
        ("1991-2025", (None, False)),
        ("2023-2025 (text truncated)", (None, False)),
        ("current year at publication (undated)", (None, False)),
        (None, (None, False)),
    ],
)
def test_year_of_period(period: str | None, expected: tuple) -> None:
    assert m.year_of_period(period) == expected


def zones_fixture() -> pd.DataFrame:
    # Real KATO codes; zones and populations made up for the test.
    return pd.DataFrame(
        {
            "kato": ["551", "552", "191", "192", "471"],
            "parent_kato": ["550000000", "550000000", "190000000", "190000000", "470000000"],
            "zone": ["I", "III", "IV", "II", "insufficient"],
            "population": [300.0, 100.0, 900.0, 100.0, None],
        }
    )


def test_zone_mix_is_population_weighted() -> None:
    mix = m.zone_mix(zones_fixture()).set_index("oblast_kato")
    assert mix.loc["550000000", "I"] == 75 and mix.loc["550000000", "mostly_top_zones"]
    assert mix.loc["190000000", "top_zones_pct"] == 10 and not mix.loc["190000000", "mostly_top_zones"]
    assert mix.loc["470000000", "other"] == 100, "no population anywhere: districts count once each"


def test_settlement_vs_zones_and_headline() -> None:
    shares = pd.DataFrame(
        {
            "oblast_kato": ["190000000", "550000000"],
            "share_pct": [27.2, 5.0],
            "period": ["2023-01..2023-05-01"] * 2,
            "source_id": ["outcomes:k#36", "outcomes:k#99"],
            "source_url": ["https://lada.kz/x", "https://lada.kz/x"],
        }
    )
    frame = m.settlement_vs_zones(shares, zones_fixture())
    assert frame.iloc[0]["oblast_kato"] == "190000000", "largest share first"
    assert frame["share_pct"].isna().sum() == 1, "Mangystau is not named in this series"
    head = m.zones_headline(frame)
    assert head.share_top_zones_pct == 5.0 and head.attributed_pct == 32.2
    assert head.period == "2023-01..2023-05-01" and head.method == "oblast_majority"
    assert math.isnan(m.zones_headline(frame.assign(share_pct=float("nan"))).share_top_zones_pct)


def test_latest_oblast_shares_takes_one_period() -> None:
    settlement = pd.DataFrame(
        {
            "oblast_kato": ["190000000", "190000000", None],
            "indicator": ["share_of_new_kandas_settled_ytd"] * 3,
            "period": ["2023-01..2023-03-01", "2023-01..2023-05-01", "2023-01..2023-05-01"],
            "value": ["27", "27.2", "5"],
            "unit": ["percent of 3134", "percent of 6144", "percent of 6144"],
            "source_id": ["a", "b", "c"],
            "source_url": ["", "", ""],
        }
    )
    latest = m.latest_oblast_shares(settlement)
    assert list(latest["share_pct"]) == [27.2] and list(latest["total"]) == [6144]
    assert m.latest_oblast_shares(pd.DataFrame()).empty


def test_compact_ids() -> None:
    ids = ["outcomes:k.csv#37", "outcomes:k.csv#36", "S15a;S15b", "outcomes:k.csv#37", "S15a"]
    assert m.compact_ids(ids) == "outcomes:k.csv#36,37; S15a; S15b"
    assert m.compact_ids([]) == ""


def test_district_zone_shares() -> None:
    settlement = pd.DataFrame(
        {
            "oblast_kato": ["230000000", "230000000", "230000000", "470000000"],
            "district_kato": ["231000000", "233600000", None, "471000000"],
            "indicator": ["kandas_families_settled_ytd"] * 3 + ["kandas_settled_cumulative"],
            "period": ["2025 (YTD to ~Nov)"] * 3 + ["1991-2025"],
            "unit": ["families"] * 3 + ["persons"],
            "value": ["158", "7", "259", "18167"],
            "source_id": ["o#2", "o#3", "o#9", "o#10"],
            "source_url": ["https://inform.kz/a"] * 3 + ["https://lada.kz/b"],
        }
    )
    zones = pd.DataFrame({"kato": ["231000000", "233600000", "471000000"], "zone": ["I", "III", "IV"]})
    out = m.district_zone_shares(settlement, zones).set_index("oblast_kato")
    assert out.loc["230000000", "reported"] == 165, "the oblast-total row (no district) is not summed"
    assert out.loc["230000000", "top_zones"] == 158 and out.loc["230000000", "share_pct"] == 95.8
    assert out.loc["230000000", "source_id"] == "o#2,3"
    assert out.loc["470000000", "share_pct"] == 0
    assert m.district_zone_shares(settlement.assign(district_kato=None), zones).empty
