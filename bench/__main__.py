"""``python -m bench`` (``make bench``): run every benchmark script present and print its figures.

Order: data build, scoring, map (when bench/map.py exists), static export, hostile import files, load test (N = 10, 25, 50).
Each is also runnable alone: ``python -m bench.<name>``. Record figures in bench/RESULTS.md by hand, under
the script's own heading, with the machine and date printed here.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import platform
import sys
import time

SCRIPTS = ("build", "scoring", "map", "export", "hostile", "load")


def machine() -> str:
    cpu = "?"
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{platform.machine()}, {os.cpu_count()} cores ({cpu}), {mem_gb:.0f} GB RAM, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
    )


def main(argv: list[str] | None = None) -> int:
    only = set(argv if argv is not None else sys.argv[1:])
    print(f"Qonys benchmarks — {time.strftime('%Y-%m-%d %H:%M %Z')}")
    print(f"Machine: {machine()}")
    failed = []
    for name in SCRIPTS:
        if only and name not in only:
            continue
        if importlib.util.find_spec(f"bench.{name}") is None:
            print(f"\n== bench.{name}: not present, skipped")
            continue
        print(f"\n== bench.{name}", flush=True)
        started = time.perf_counter()
        module = importlib.import_module(f"bench.{name}")
        try:
            status = module.main([]) if name in ("load", "export") else module.main()
        except SystemExit as exc:
            status = exc.code
        if status not in (None, 0):
            failed.append(name)
        print(
            f"== bench.{name}: {time.perf_counter() - started:.0f} s" + (" — MISSED a target" if status else ""),
            flush=True,
        )
    if failed:
        print(f"\nTargets missed in: {', '.join(failed)} (see above)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
