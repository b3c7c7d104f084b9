"""Sample strings and katos shared by the layer tests (the edge cases STYLE.md asks for)."""

from __future__ import annotations

import json

FIXTURE_KATOS = ["101000000", "103200000", "111000000", "111600000", "271000000"]
XSS = "<script>alert(1)</script>"
KAZAKH = "Әғқңөұүһі Ақтөбе"
ARABIC = "قازاقستان"


def geojson_feature_count(text: str) -> int:
    """Number of features in GeoJSON text."""
    return len(json.loads(text)["features"])
