"""The floor of bench/map.py: st_folium of an empty map (local Leaflet, no layers, no data).

Whatever a Streamlit page with an st_folium map does, it pays this: Streamlit's own start-up in the browser,
the websocket, one script run, the component iframe and Leaflet. Served by its own streamlit process.
"""

import folium
from streamlit_folium import st_folium

m = folium.Map(location=[48.0, 67.0], zoom_start=5, tiles=None)
m.default_js = [("leaflet", "/app/static/leaflet.js")]
m.default_css = [("leaflet_css", "/app/static/leaflet.css")]
st_folium(m, key="floor", height=560, use_container_width=True, returned_objects=[])
