"""One static export of the session database, shared by the export tests (unit and browser)."""

from __future__ import annotations

from pathlib import Path

import pytest

from data.store import Store
from export.site import ExportSummary, export_site


@pytest.fixture(scope="session")
def exported_site(store: Store, tmp_path_factory: pytest.TempPathFactory) -> ExportSummary:
    """The whole site (five locales) written from the session database; 200 Monte-Carlo draws keep it quick."""
    return export_site(store, tmp_path_factory.mktemp("site") / "site", draws=200)


@pytest.fixture(scope="session")
def site_dir(exported_site: ExportSummary) -> Path:
    return exported_site.out
