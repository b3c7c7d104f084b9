"""deploy.serve and deploy.health without nginx or Streamlit: the cookie secret, ports, the config, health polls."""

from __future__ import annotations

import socket
import stat
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
