"""Extract ``_()``-marked strings into one template per domain and merge them into the kk/ru/en catalogues.

Run ``python -m i18n.extract`` from the project root.  A file's domain is, in this order: a
``# i18n-domain: <domain>`` comment; the domain literal of its ``translator(locale, "<domain>")`` call;
its path (see :data:`PATH_DOMAINS`); ``page_context("<domain>")`` counts as a translator call.  A message already in ``common`` is not repeated in another domain:
the runtime falls back to ``common``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Final

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file

from i18n.catalogs import (
    DOMAINS,
    LOCALES_DIR,
    PROJECT,
    TEMPLATES_DIR,
    check_domain,
    load_catalog,
    po_path,
    render_catalog,
    template_path,
    write_if_changed,
)
from i18n.languages import HUMAN_LOCALES

PROJECT_ROOT: Final = Path(__file__).resolve().parent.parent

#: ``_("…")`` translates, ``N_("…")`` only marks, ``_n("one", "many", n)`` is the plural form.
KEYWORDS: Final = {"_": None, "N_": None, "_n": (1, 2)}

#: Files and folders scanned, relative to the project root.
SOURCE_PATHS: Final = ("app.py", "pages", "ui", "advisor", "layers", "data", "export", "i18n/vocabulary.py")

#: Path prefix → domain; the first match wins.  Pages are matched by a word in their file name.
PATH_DOMAINS: Final = (
    ("data/", "data"),
    ("export/", "export"),
    ("ui/", "common"),
    ("layers/", "common"),
    ("app.py", "common"),
    ("i18n/", "common"),
)
PAGE_WORDS: Final = (
    ("methodolog", "methodology"),
    ("advisor", "advisor"),
    ("admin", "admin"),
    ("data", "data"),
    ("map", "map"),
)

_DOMAIN_COMMENT_RE: Final = re.compile(r"^#\s*i18n-domain:\s*(\w+)", re.MULTILINE)
# ``translator(locale, "map")``, ``ngettext(locale, "map")`` or the UI helper ``page_context("map")``.
_TRANSLATOR_CALL_RE: Final = re.compile(
    r"\b(?:(?:translator|ngettext)\(\s*[^,()]+,\s*|page_context\(\s*)[\"'](\w+)[\"']\s*\)"
)


def domain_for(relative_path: str, source: str) -> str:
    """Decide the domain of one source file.

    Parameters
    ----------
    relative_path : str
        POSIX path from the project root, e.g. ``"pages/2_Advisor.py"``.
    source : str
        The file's text (read for the override comment and the ``translator`` call).

    Returns
    -------
    str
        One of :data:`i18n.catalogs.DOMAINS`.

    Raises
    ------
    ValueError
        If the file names an unknown domain, or uses several non-common domains without a comment.
    """
    comment = _DOMAIN_COMMENT_RE.search(source)
    if comment:
        return check_domain(comment.group(1))
    called = {check_domain(name) for name in _TRANSLATOR_CALL_RE.findall(source)} - {"common"}
    if len(called) == 1:
        return called.pop()
    if len(called) > 1:
        raise ValueError(f"{relative_path} uses domains {sorted(called)}; add a '# i18n-domain: <domain>' comment")
    if relative_path.startswith("pages/"):
        stem = Path(relative_path).stem.lower()
        return next((domain for word, domain in PAGE_WORDS if word in stem), "common")
    return next((domain for prefix, domain in PATH_DOMAINS if relative_path.startswith(prefix)), "common")


def _source_files(root: Path) -> Iterator[Path]:
    for entry in SOURCE_PATHS:
        path = root / entry
        if path.is_file():
            yield path
        elif path.is_dir():
            yield from sorted(p for p in path.rglob("*.py") if "__pycache__" not in p.parts)


def extract_templates(root: Path = PROJECT_ROOT) -> dict[str, Catalog]:
    """Collect the marked messages of the project into one template catalogue per domain.

    Parameters
    ----------
    root : Path
        Project root holding the folders of :data:`SOURCE_PATHS`.

    Returns
    -------
    dict[str, Catalog]
        Domain → template, for every domain (empty ones included).
    """
    templates = {domain: Catalog(project=PROJECT, domain=domain, fuzzy=False) for domain in DOMAINS}
    for path in _source_files(root):
        relative = path.relative_to(root).as_posix()
        catalog = templates[domain_for(relative, path.read_text(encoding="utf-8"))]
        for lineno, message, comments, context in extract_from_file(
            "python", path, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",), strip_comment_tags=True
        ):
            catalog.add(message, None, [(relative, lineno)], auto_comments=comments, context=context)
    common_ids = {message.id for message in templates["common"] if message.id}
    for domain, catalog in templates.items():
        if domain == "common":
            continue
        for message in [m for m in catalog if m.id and m.id in common_ids]:
            catalog.delete(message.id, context=message.context)
    return templates


def _write_template(template: Catalog, path: Path) -> bool:
    """Write a template, keeping its old creation date when no message changed (no churn in git)."""
    if path.exists():
        template.creation_date = load_catalog(path).creation_date
        if render_catalog(template) == path.read_bytes():
            return False
        template.creation_date = dt.datetime.now(dt.UTC)
    return write_if_changed(path, render_catalog(template))


def update_catalogs(
    templates: dict[str, Catalog], locales_dir: Path = LOCALES_DIR, templates_dir: Path = TEMPLATES_DIR
) -> list[Path]:
    """Write the templates and merge them into the human catalogues, keeping existing translations.

    Returns
    -------
    list[Path]
        The files that changed.
    """
    changed: list[Path] = []
    for domain, template in templates.items():
        if _write_template(template, template_path(domain, templates_dir)):
            changed.append(template_path(domain, templates_dir))
        for locale in HUMAN_LOCALES:
            path = po_path(locale, domain, locales_dir)
            if path.exists():
                catalog = load_catalog(path, locale=locale, domain=domain)
            else:
                catalog = Catalog(locale=locale, domain=domain, project=PROJECT, fuzzy=False)
            catalog.update(template, update_creation_date=True)
            if write_if_changed(path, render_catalog(catalog)):
                changed.append(path)
    return changed


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m i18n.extract [--root DIR]``."""
    parser = argparse.ArgumentParser(prog="python -m i18n.extract", description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=PROJECT_ROOT, help="project root (sources and i18n/)")
    args = parser.parse_args(argv)
    templates = extract_templates(args.root)
    package = args.root / "i18n"
    for path in update_catalogs(templates, package / "locales", package / "templates"):
        print(f"updated {path}")
    for domain, template in templates.items():
        print(f"{domain}: {sum(1 for message in template if message.id)} messages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
