"""The public map in Debian's Chromium: districts are drawn, and nothing is fetched from another host."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import record_hosts, shot, wait_for_map

pytestmark = pytest.mark.e2e


def test_map_draws_districts_without_leaving_the_host(app_server, page) -> None:
    hosts = record_hosts(page)
    page.goto(f"{app_server.url}/map?lang=kk")
    frame = wait_for_map(page)
    assert frame.locator("path.leaflet-interactive").count() >= 200
    shot(page, "map-kk")
    page.wait_for_timeout(1500)  # late requests too (favicon, fonts)
    assert hosts <= {f"127.0.0.1:{app_server.port}"}, f"requests to other hosts: {hosts}"
