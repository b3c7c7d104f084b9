"""The committed catalogues: complete in kk and ru, placeholders intact, generated ones fresh, compilable."""

from __future__ import annotations

import gettext
import shutil
from pathlib import Path

import pytest

from i18n.catalogs import DOMAINS, LOCALES_DIR, load_catalog, po_path
from i18n.compile import compile_all, generate_all, placeholder_problems
from i18n.languages import LOCALES

HUMAN_TRANSLATED = ("kk", "ru")


def _active_messages(locale: str, domain: str) -> list:
    catalog = load_catalog(po_path(locale, domain), locale=locale, domain=domain)
    return [message for message in catalog if message.id]


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_domain_has_a_template_and_catalogues_in_every_locale(domain: str) -> None:
    for locale in LOCALES:
        assert po_path(locale, domain).exists(), f"missing {po_path(locale, domain)}; run python -m i18n.compile"


@pytest.mark.parametrize("locale", HUMAN_TRANSLATED)
@pytest.mark.parametrize("domain", DOMAINS)
def test_every_message_is_translated(locale: str, domain: str) -> None:
    """Guard for page authors: after ``python -m i18n.extract`` write the kk and ru translations."""
    missing = []
    for message in _active_messages(locale, domain):
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(form.strip() for form in forms):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    assert not missing, (
        f"{po_path(locale, domain)} lacks {len(missing)} translation(s) (empty or fuzzy):\n  "
        + "\n  ".join(repr(msgid) for msgid in missing)
    )


@pytest.mark.parametrize("locale", list(LOCALES))
@pytest.mark.parametrize("domain", DOMAINS)
def test_placeholders_survive_translation(locale: str, domain: str) -> None:
    problems = [problem for message in _active_messages(locale, domain) for problem in placeholder_problems(message)]
    assert not problems, f"{po_path(locale, domain)}:\n  " + "\n  ".join(problems)


def test_generated_catalogues_are_up_to_date(tmp_path: Path) -> None:
    shutil.copytree(LOCALES_DIR, tmp_path / "locales", ignore=shutil.ignore_patterns("*.mo"))
    written = generate_all(tmp_path / "locales")
    assert not written, f"kk_Latn/kk_Arab catalogues are stale: run python -m i18n.compile ({written})"


def test_compile_from_a_clean_tree_is_idempotent(tmp_path: Path) -> None:
    source = tmp_path / "locales"
    shutil.copytree(LOCALES_DIR, source, ignore=shutil.ignore_patterns("*.mo", "kk_Latn", "kk_Arab"))
    output = tmp_path / "build"

    first = compile_all(source, output_dir=output)
    assert not first.problems
    assert {path.parent.parent.name for path in first.generated} == {"kk_Latn", "kk_Arab"}
    assert len(first.compiled) == len(LOCALES) * len(DOMAINS)
    snapshot = {path: path.read_bytes() for path in source.rglob("*.po")}

    second = compile_all(source, output_dir=output)
    assert second.generated == []
    assert {path: path.read_bytes() for path in source.rglob("*.po")} == snapshot
    assert not list(source.rglob("*.mo")), "with output_dir the source tree stays clean"

    with (output / "kk_Arab" / "LC_MESSAGES" / "common.mo").open("rb") as handle:
        arabic = gettext.GNUTranslations(handle)
    assert arabic.gettext("District") == "اۋدان"
    with (output / "ru" / "LC_MESSAGES" / "common.mo").open("rb") as handle:
        russian = gettext.GNUTranslations(handle)
    assert [russian.ngettext("{n} district", "{n} districts", n) for n in (1, 3, 5)] == [
        "{n} район",
        "{n} района",
        "{n} районов",
    ]


def test_compile_leaves_out_a_translation_that_breaks_a_placeholder(tmp_path: Path) -> None:
    source = tmp_path / "locales"
    po_file = source / "ru" / "LC_MESSAGES" / "map.po"
    po_file.parent.mkdir(parents=True)
    po_file.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "{n} settlements in <b>{district}</b>"\nmsgstr "{n} населённых пунктов в {район}"\n',
        encoding="utf-8",
    )
    report = compile_all(source)
    assert len(report.problems) == 1 and "{district}" in report.problems[0]
    with po_file.with_suffix(".mo").open("rb") as handle:
        translations = gettext.GNUTranslations(handle)
    assert translations.gettext("{n} settlements in <b>{district}</b>") == "{n} settlements in <b>{district}</b>"


@pytest.mark.parametrize("locale", list(LOCALES))
def test_zone_labels_split_into_name_and_meaning(locale: str) -> None:
    """The district card shows "Zone IV" as its metric and "not recommended" under it (ui/district_card.py)."""
    import i18n
    from i18n.vocabulary import ZONE_LABELS

    _ = i18n.translator(locale, "map")
    for zone in ("I", "II", "III", "IV"):
        name, dash, meaning = _(ZONE_LABELS[zone]).partition(" — ")
        assert dash and zone in name and meaning, (locale, zone, name)
