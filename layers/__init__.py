"""Map layers of the zone map: one module per layer, each a pure ``build(..., *, options)`` → folium element.

No ``streamlit``, no file or database IO here: geometry arrives as GeoJSON text, styling as data frames with
display strings already translated. Modules: :mod:`basemap` (the map itself, local Leaflet only),
:mod:`zones` (district choropleth, ``ZONE_COLOURS``), :mod:`oblasts`, :mod:`settlements`, :mod:`centres`,
:mod:`legend`, :mod:`highlight` (selection outline and drill-down fit).
"""
