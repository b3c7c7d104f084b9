"""Where the gettext catalogues live and how they are read and written (one domain per area of the app)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Final

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

#: One domain per area so that parallel page authors never edit the same file.
DOMAINS: Final = ("common", "map", "advisor", "data", "admin", "methodology", "export", "monitoring")

PACKAGE_DIR: Final = Path(__file__).resolve().parent
LOCALES_DIR: Final = PACKAGE_DIR / "locales"
TEMPLATES_DIR: Final = PACKAGE_DIR / "templates"
PROJECT = "Qonys"


def check_domain(domain: str) -> str:
    """Return ``domain`` unchanged if it is one of :data:`DOMAINS`; raise ``ValueError`` otherwise."""
    if domain not in DOMAINS:
        raise ValueError(f"unknown i18n domain {domain!r}; expected one of {', '.join(DOMAINS)}")
    return domain


def po_path(locale: str, domain: str, locales_dir: Path = LOCALES_DIR) -> Path:
    """Path of the ``.po`` file of ``domain`` in ``locale`` (``<dir>/<locale>/LC_MESSAGES/<domain>.po``)."""
    return locales_dir / locale / "LC_MESSAGES" / f"{domain}.po"


def template_path(domain: str, templates_dir: Path = TEMPLATES_DIR) -> Path:
    """Path of the ``.pot`` template of ``domain``."""
    return templates_dir / f"{domain}.pot"


def load_catalog(path: Path, *, locale: str | None = None, domain: str | None = None) -> Catalog:
    """Read a ``.po``/``.pot`` file into a Babel catalogue.

    Parameters
    ----------
    path : Path
        The file to read.
    locale, domain : str, optional
        Set on the catalogue; Babel does not read them from the file.

    Returns
    -------
    babel.messages.catalog.Catalog
    """
    with path.open("rb") as handle:
        return read_po(handle, locale=locale, domain=domain, abort_invalid=True)


def render_catalog(catalog: Catalog) -> bytes:
    """Serialise ``catalog`` as a ``.po`` file, deterministically (no line numbers, obsolete kept)."""
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, include_lineno=False, ignore_obsolete=False)
    return buffer.getvalue()


def write_if_changed(path: Path, content: bytes) -> bool:
    """Write ``content`` to ``path`` unless it already holds exactly that; return whether it wrote."""
    if path.exists() and path.read_bytes() == content:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return True
