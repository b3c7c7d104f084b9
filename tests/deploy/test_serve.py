"""deploy.serve and deploy.health without nginx or Streamlit: the cookie secret, ports, the config, health polls."""

from __future__ import annotations

import re
import socket
import stat
import tempfile
import urllib.request
from pathlib import Path

import pytest

from deploy import health, serve


def test_cookie_secret_is_made_once_private_and_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(serve.COOKIE_SECRET_ENV, raising=False)
    path = tmp_path / ".streamlit" / "cookie_secret"
    first = serve.cookie_secret(path)
    assert len(first) >= 40 and serve.cookie_secret(path) == first
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_cookie_secret_from_the_environment_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(serve.COOKIE_SECRET_ENV, "from-env")
    assert serve.cookie_secret(tmp_path / "cookie_secret") == "from-env"
    assert not (tmp_path / "cookie_secret").exists()


def test_a_taken_port_is_refused_before_anything_starts(tmp_path: Path) -> None:
    with socket.socket() as listener:
        listener.bind((serve.HOST, 0))
        listener.listen()
        taken = listener.getsockname()[1]
        assert not serve.port_is_free(taken)
        cluster = serve.Cluster(1, port=taken, run_dir=tmp_path)
        if serve.find_nginx() is None:
            pytest.skip("nginx is not installed (the port check runs after the nginx check)")
        with pytest.raises(serve.ServeError, match="already in use"):
            cluster.start()
    assert cluster.replicas == {}


def test_config_lists_every_replica_once_behind_the_route_hash(tmp_path: Path) -> None:
    conf = serve.render_nginx_conf(run_dir=tmp_path, listen_port=9000, replica_ports=[9001, 9002])
    assert conf.count("server 127.0.0.1:") == 2
    assert f"pid {tmp_path}/nginx.pid;" in conf and "daemon off;" in conf
    assert "hash $qonys_route consistent;" in conf


def test_health_reports_a_replica_that_does_not_answer() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{s.getsockname()[1]}"  # bound, not listening: connection refused
        assert health.wait_healthy([closed], timeout_s=0.5, interval_s=0.1) == [closed]
        assert health.main(["--timeout", "0.2", closed.rsplit(":", 1)[1]]) == 1


def test_static_config_serves_the_folder_with_the_public_servers_snippet(tmp_path: Path) -> None:
    conf = serve.render_static_conf(run_dir=tmp_path, listen_port=9000, root=tmp_path / "site")
    assert f"root {tmp_path / 'site'};" in conf and "listen 127.0.0.1:9000;" in conf
    assert f"include {serve.DEPLOY_DIR / 'nginx' / 'qonys-export.conf'};" in conf
    assert f"pid {tmp_path}/nginx.pid;" in conf and "daemon off;" in conf
    assert not re.search(r"@[A-Z_]+@", conf)
    # the production site includes the same snippet, so the bench measures what the public server sends
    site = (serve.DEPLOY_DIR / "nginx" / "qonys-site.conf").read_text(encoding="utf-8")
    assert "include snippets/qonys-export.conf;" in site and "gzip on;" not in site


def test_static_site_sends_gzip_and_cache_headers() -> None:
    """A private nginx (no browser) in front of a tiny export-shaped folder: compression and cache headers."""
    if serve.find_nginx() is None:
        pytest.skip("nginx is not installed: run `make nginx`")
    # Not in pytest's tmp_path: nginx started as root reads as `nobody`, and pytest's base folder is private.
    with tempfile.TemporaryDirectory(prefix="qonys-static-test-") as folder:
        tmp = Path(folder)
        tmp.chmod(0o755)
        root = tmp / "site"
        (root / "kk").mkdir(parents=True)
        (root / "static").mkdir()
        (root / "index.html").write_text("<!DOCTYPE html><title>Qonys</title>")
        (root / "kk" / "index.html").write_text("<!DOCTYPE html>" + "<p>Qonys</p>" * 500)
        (root / "static" / "leaflet.js").write_text("var L = {};" * 500)
        with serve.StaticSite(root, run_dir=tmp / "run") as site:
            page = _get(f"{site.url}/kk/index.html")
            script = _get(f"{site.url}/static/leaflet.js")
        assert not (tmp / "run" / "nginx.pid").exists()  # stopped (a given run folder is kept)
    assert page["content-encoding"] == "gzip" and page["content-type"].startswith("text/html")
    assert page["cache-control"] == "public, max-age=300, must-revalidate"
    assert script["content-encoding"] == "gzip" and script["cache-control"] == "public, max-age=2592000"


def _get(url: str) -> dict[str, str]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200
        return {name.lower(): value for name, value in response.headers.items()}
