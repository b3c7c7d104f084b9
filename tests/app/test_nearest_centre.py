"""The nearest adaptation centre of a real district: the build's indicator, the card and the advisor agree.

Before one formula served all three, the card (a sphere) and the indicator (WGS84) differed by ~2 km.
"""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

import i18n
from advisor.model import Overrides, build_advice, load_inputs
from data.store import Store
from scoring.advice import validate_applicant
from ui.district_card import DETAILS_KEY

ROOT = Path(__file__).resolve().parents[2]
KATO = "631000000"  # Zaysan district, East Kazakhstan oblast (BNS 2023)
OBLAST = "630000000"
INDICATOR = "distance_to_adaptation_centre_km"


def test_build_card_and_advisor_agree_on_the_nearest_centre(built_db: Path, store: Store) -> None:
    obs = store.observations("district")
    built_km = float(obs.loc[(obs["kato"] == KATO) & (obs["indicator"] == INDICATOR), "value"].iloc[0])

    applicant = validate_applicant({"adults": 1, "adult_sectors": ["other"]})
    advice = build_advice(load_inputs(store), applicant, year=2026, overrides=Overrides(pinned=(KATO,)))
    advised = next(d for d in advice.districts if d.kato == KATO)
    assert advised.centre_km == built_km

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params["lang"] = "en"
    at.switch_page("pages/map.py")
    at.run()
    at.session_state[DETAILS_KEY] = True
    at.selectbox(key="sel_oblast").select(OBLAST).run()
    at.selectbox(key="sel_district").select(KATO).run()
    assert not at.exception, at.exception
    _ = i18n.translator("en", "map")
    expected = _("Nearest adaptation centre: {name}, {km} km in a straight line ({source}).").format(
        # The card names the centre in the page's language (name_kk/ru/en), the advisor keeps the stored row.
        name=i18n.localised(advised.centre, "en", prefix="name_", default=advised.centre["name"]),
        km=i18n.format_number(round(built_km), "en"),
        source=advised.centre["source_id"],
    )
    assert expected in [m.value for m in at.markdown]
