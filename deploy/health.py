"""Wait until Streamlit replicas answer their health endpoint: ``python -m deploy.health 8511 8512``.

Used before nginx starts (by :mod:`deploy.serve`, and as ``ExecStartPre`` of the nginx unit in
``deploy/systemd``), so the first visitors do not meet replicas that are still importing the app.
Exit status 0 when every replica answered ``ok`` within the time limit, 1 otherwise (naming the ones
that did not).
"""

from __future__ import annotations

import argparse
import sys
import time
import urllib.request

HEALTH_PATH = "/_stcore/health"


def is_healthy(base_url: str, *, timeout_s: float = 2.0) -> bool:
    """Whether ``base_url`` + ``/_stcore/health`` answers 200 now."""
    try:
        with urllib.request.urlopen(base_url.rstrip("/") + HEALTH_PATH, timeout=timeout_s) as response:
            return response.status == 200
    except OSError:
        return False


def wait_healthy(base_urls: list[str], *, timeout_s: float = 60.0, interval_s: float = 0.3) -> list[str]:
    """Poll every URL until all are healthy or ``timeout_s`` passes; return the ones still not healthy."""
    pending = list(base_urls)
    deadline = time.monotonic() + timeout_s
    while pending:
        pending = [url for url in pending if not is_healthy(url)]
        if not pending or time.monotonic() >= deadline:
            break
        time.sleep(interval_s)
    return pending


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m deploy.health", description=__doc__.splitlines()[0])
    parser.add_argument("ports", type=int, nargs="+", help="replica ports")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for all of them")
    args = parser.parse_args(argv)
    urls = [f"http://{args.host}:{port}" for port in args.ports]
    failing = wait_healthy(urls, timeout_s=args.timeout)
    for url in urls:
        print(f"{url}{HEALTH_PATH}: {'not healthy' if url in failing else 'ok'}")
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
