"""What was clicked or searched → what the map page shows: plain functions, no Streamlit (unit-tested).

It lives in data/ because it maps feature properties and typed names to the store's units (KATO) with no
IO and no Streamlit; ui/ holds only Streamlit modules, and layers/ one module per map layer.
"""

# i18n-domain: map
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import pandas as pd

from i18n import to_arabic, to_latin

#: Kinds of place the drill-down knows, from the widest.
KINDS = ("oblast", "district", "settlement")


@dataclass(frozen=True)
class Selection:
    """The drill-down state: an oblast, a district of it and a settlement of that district (each optional)."""

    oblast: str | None = None
    district: str | None = None
    settlement: str | None = None

    def highlight_katos(self, districts: pd.DataFrame) -> list[str]:
        """District katos to outline: the district, else every district of the oblast, else none."""
        if self.district:
            return [self.district]
        if self.oblast:
            return districts.loc[districts["parent_kato"].astype(str) == self.oblast, "kato"].astype(str).tolist()
        return []


def click_key(drawing: dict | None) -> str | None:
    """A stable identity of a ``last_active_drawing`` (to tell a new click from the same one seen again)."""
    props = (drawing or {}).get("properties") or {}
    layer = props.get("layer")
    if layer == "district" and props.get("kato"):
        return f"district:{props['kato']}"
    if layer == "settlement" and props.get("kato"):
        return f"settlement:{props['kato']}:{props.get('id', '')}"
    if layer == "centre" and props.get("index") is not None:
        return f"centre:{props['index']}"
    return None


def selection_from_click(drawing: dict | None, districts: pd.DataFrame, current: Selection = Selection()) -> Selection:
    """The selection after a click on the map.

    Parameters
    ----------
    drawing
        st_folium's ``last_active_drawing``: a GeoJSON feature whose ``properties.layer`` is ``district``
        (with ``kato``), ``settlement`` (``kato`` = its district, ``id`` = the settlement) or ``centre``.
    districts
        Frame with ``kato`` and ``parent_kato`` of every district.
    current
        The selection before the click (kept for clicks on anything else).

    Returns
    -------
    Selection
        A district click selects the district and its oblast; a settlement click also the settlement.
    """
    props = (drawing or {}).get("properties") or {}
    kato = props.get("kato")
    if props.get("layer") not in ("district", "settlement") or not kato:
        return current
    rows = districts.loc[districts["kato"].astype(str) == str(kato), "parent_kato"]
    if rows.empty:
        return current
    settlement = props.get("id") if props.get("layer") == "settlement" else None
    return Selection(oblast=str(rows.iloc[0]), district=str(kato), settlement=settlement or None)


def fold(text: object) -> str:
    """Search key: lower case, no accents/diacritics, Kazakh letters folded to their base (қ→к, ә→а …)."""
    if not isinstance(text, str):
        return ""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.translate(_FOLD)


_FOLD = str.maketrans(
    {
        "ә": "а",
        "ғ": "г",
        "қ": "к",
        "ң": "н",
        "ө": "о",
        "ұ": "у",
        "ү": "у",
        "һ": "х",
        "і": "и",
        "ё": "е",
        "й": "и",
        "ı": "i",
        "ş": "s",
        "\u0674": "",
    }
)


def search_index(places: pd.DataFrame) -> pd.DataFrame:
    """Add a ``search`` column: every name of a place in every script, folded (see :func:`fold`).

    Parameters
    ----------
    places
        Columns ``kind`` (oblast/district/settlement), ``kato``, ``name_kk``, ``name_ru``, ``name_en``
        (others kept).

    Returns
    -------
    pandas.DataFrame
        The same rows with ``search`` = folded kk, kk Latin, kk Arabic, ru and en names joined by ``|``.
    """

    def names(row: pd.Series) -> str:
        kk = row.get("name_kk") if isinstance(row.get("name_kk"), str) else ""
        parts = [kk, to_latin(kk) if kk else "", to_arabic(kk) if kk else "", row.get("name_ru"), row.get("name_en")]
        return "|".join(fold(p) for p in parts if isinstance(p, str) and p)

    out = places.copy()
    out["search"] = [names(row) for _, row in out.iterrows()]
    return out


def search(index: pd.DataFrame, query: str, *, limit: int = 20) -> pd.DataFrame:
    """Places whose name in any script contains ``query``: names starting with it first, wider kinds first.

    Parameters
    ----------
    index
        Output of :func:`search_index`.
    query
        What the user typed, in any script (Cyrillic, Latin, Arabic).
    limit
        Most rows returned.

    Returns
    -------
    pandas.DataFrame
        Matching rows (empty for a blank query).
    """
    key = fold(query.strip()) if isinstance(query, str) else ""
    if len(key) < 2:
        return index.iloc[0:0]
    hits = index[index["search"].str.contains(key, regex=False)]
    starts = hits["search"].map(lambda s: any(part.startswith(key) for part in s.split("|")))
    kind_order = hits["kind"].map({k: i for i, k in enumerate(KINDS)}).fillna(len(KINDS))
    ordered = hits.assign(_s=~starts, _k=kind_order).sort_values(["_s", "_k"], kind="stable")
    return ordered.drop(columns=["_s", "_k"]).head(limit)


def selection_for_place(place: pd.Series | dict, districts: pd.DataFrame) -> Selection:
    """The drill-down selection that shows a search hit (an oblast, a district or a settlement)."""
    kind, kato = place["kind"], str(place["kato"])
    if kind == "oblast":
        return Selection(oblast=kato)
    if kind == "district":
        return selection_from_click({"properties": {"layer": "district", "kato": kato}}, districts)
    district = place.get("district_kato")
    if district is None or (not isinstance(district, str) and pd.isna(district)):
        return Selection()
    return selection_from_click({"properties": {"layer": "settlement", "kato": str(district), "id": kato}}, districts)
