"""Build ``data/qonys.duckdb`` from the vendored files in ``data/raw/`` — reproducible, validated, atomic.

Usage: ``python -m data.build [--out PATH] [--raw DIR] [--keep-staff-data | --discard-staff-data]``.
The database is written to a temporary file and renamed over the old one only when every check passed,
so a failed build leaves the old database untouched; staff data of the old file is carried over.
Modules: :mod:`~data.build.sources`, :mod:`~data.build.units`, :mod:`~data.build.observations`,
:mod:`~data.build.derived`, :mod:`~data.build.policy`, :mod:`~data.build.programmes`,
:mod:`~data.build.reported`, :mod:`~data.build.checks`, :mod:`~data.build.pipeline` (the steps of
:func:`build`) and :mod:`~data.build.__main__` (the command line).
"""

from __future__ import annotations

from data.build.checks import NATIONAL_POPULATION_2023
from data.build.derived import DERIVED
from data.build.pipeline import build
from data.build.table import Loaded


def main(argv: list[str] | None = None) -> int:
    """The command line (see :mod:`data.build.__main__`)."""
    from data.build.__main__ import main as _main

    return _main(argv)


__all__ = ["DERIVED", "NATIONAL_POPULATION_2023", "Loaded", "build", "main"]
