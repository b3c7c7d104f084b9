"""Every monitored indicator, status and unit has a translated label on the monitoring pages."""

from __future__ import annotations

import pandas as pd
import pytest

import i18n
from scoring import monitoring
from ui import monitoring_view as view


def test_every_catalogue_entry_has_a_label_and_a_note() -> None:
    codes = {t.code for t in monitoring.CATALOGUE}
    assert set(view.LABELS) == codes and set(view.NOTES) == codes
    assert set(view.STATUS_LABELS) == set(monitoring.STATUSES)
    assert {t.unit for t in monitoring.CATALOGUE} <= set(view.UNIT_LABELS)


@pytest.mark.parametrize("locale", ["kk", "ru", "kk_Latn", "kk_Arab"])
def test_labels_are_translated(locale: str) -> None:
    _ = i18n.translator(locale, "monitoring")
    for msgid in [*view.LABELS.values(), *view.NOTES.values(), *view.STATUS_LABELS.values()]:
        assert _(msgid) != msgid, (locale, msgid)


def test_targets_frame_marks_part_of_the_year_and_keeps_links() -> None:
    rows = pd.DataFrame(
        {
            "year": [2025, 2025],
            "scope": ["national", "550000000"],
            "target": [100.0, 100.0],
            "actual": [100.0, 88.7],
            "status": ["met", "not met"],
            "period": ["2025", "2025 (to ~Nov)"],
            "source": ["S15a;S15b", "outcomes:k#25"],
            "source_url": ["", "https://www.inform.kz/ru/x"],
            "target_source": ["S10e", "S10e"],
        }
    )
    _ = i18n.translator("en", "monitoring")
    frame = view.targets_frame(rows, {"national": "Kazakhstan", "550000000": "Pavlodar Region"}, "en", _)
    assert list(frame["Part of the year"]) == ["", "yes"]
    assert pd.isna(frame["Link"].iloc[0]) and frame["Link"].iloc[1] == "https://www.inform.kz/ru/x"
    assert list(frame["Actual"]) == ["100.00", "88.70"]
