"""Import akimat values from CSV/XLSX: ``python -m data.import_file --user NAME [--dry-run] FILE``.

All or nothing: every problem of every row is reported (row, column, reason) and nothing is written
unless the whole file is valid. Exit status 0 when the file was (or, with ``--dry-run``, would be)
imported, 1 when it is rejected. The command acts as the named account (its role and scope apply)
and needs the database file to itself (stop the app first: DuckDB has one writer process).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import i18n
from data import _validate as _v
from data.errors import AccessDenied, ConflictError, ValidationError, ValidationFailed
from data.store import UNCHECKED, Edit, Store, StoreError

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 100_000

#: Template columns: field key → localised header (message id of the ``data`` domain).
COLUMNS: dict[str, str] = {
    "kato": i18n.N_("KATO"),
    "unit": i18n.N_("District or oblast"),
    "indicator": i18n.N_("Indicator code"),
    "indicator_label": i18n.N_("Indicator name"),
    "measure": i18n.N_("Unit of measure"),
    "range": i18n.N_("Allowed range"),
    "current": i18n.N_("Current value"),
    "current_date": i18n.N_("Current date"),
    "value": i18n.N_("Value"),
    "date": i18n.N_("Date (YYYY-MM-DD)"),
    "source": i18n.N_("Source"),
    "reason": i18n.N_("Reason (if implausible)"),
}
REQUIRED = ("kato", "indicator", "value", "date", "source")
#: Columns read back on import; the others only help the person filling the template.
INPUT = ("kato", "indicator", "value", "date", "source", "reason")


def _header_names() -> dict[str, str]:
    """Every accepted header (any locale, the English id, the field key), case-folded → field key."""
    names: dict[str, str] = {}
    for locale in i18n.LOCALES:
        translate = i18n.translator(locale, "data")
        for key, msgid in COLUMNS.items():
            names[translate(msgid).strip().casefold()] = key
    for key, msgid in COLUMNS.items():
        names[msgid.casefold()] = key
    names.update({key: key for key in COLUMNS})
    return names


def _read_rows(name: str, data: bytes) -> list[list[object]]:
    """The cells of a CSV (UTF-8, comma/semicolon/tab) or XLSX file; raises ValidationFailed."""
    suffix = Path(name).suffix.lower()
    if len(data) > MAX_BYTES:
        raise ValidationFailed([ValidationError(_v.TOO_BIG, file=name, max=f"{MAX_BYTES // (1024 * 1024)} MB")])
    if suffix == ".csv":
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise ValidationFailed([ValidationError(_v.WRONG_ENCODING, file=name, row=line)]) from exc
        first = text.split("\n", 1)[0]
        delimiter = max(",;\t", key=first.count)
        try:
            return [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
        except csv.Error as exc:
            raise ValidationFailed([ValidationError(_v.UNREADABLE, file=name, value="CSV")]) from exc
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
            sheet = book.worksheets[0]
            rows = [list(row) for row in sheet.iter_rows(values_only=True)]
            book.close()
            return rows
        except (zipfile.BadZipFile, KeyError, ValueError, OSError, IndexError) as exc:
            raise ValidationFailed([ValidationError(_v.UNREADABLE, file=name, value="XLSX")]) from exc
    raise ValidationFailed([ValidationError(_v.WRONG_TYPE, file=name, value=suffix or "''")])


def parse(name: str, data: bytes) -> tuple[list[Edit], list[ValidationError]]:
    """Turn a file into edits (one per filled row) and the file-level problems found on the way."""
    rows = _read_rows(name, data)
    while rows and not any(str(c or "").strip() for c in rows[-1]):
        rows.pop()
    if len(rows) - 1 > MAX_ROWS:
        raise ValidationFailed([ValidationError(_v.TOO_MANY_ROWS, file=name, max=f"{MAX_ROWS:,}")])
    if len(rows) < 2:
        raise ValidationFailed([ValidationError(_v.EMPTY_FILE, file=name)])
    names = _header_names()
    problems: list[ValidationError] = []
    fields: list[str | None] = []
    for cell in rows[0]:
        text = str(cell or "").strip()
        key = names.get(text.casefold())
        if key is None and text:
            problems.append(ValidationError(_v.UNKNOWN_COLUMN, row=1, column=text[:40], value=repr(text[:40])))
        fields.append(key)
    missing = [k for k in REQUIRED if k not in fields]
    problems += [ValidationError(_v.MISSING_COLUMN, row=1, value=COLUMNS[k]) for k in missing]
    if missing:
        raise ValidationFailed(problems)
    edits: list[Edit] = []
    for line, row in enumerate(rows[1:], start=2):
        cells = {key: (row[i] if i < len(row) else None) for i, key in enumerate(fields) if key}
        if not any(str(cells.get(k) or "").strip() for k in ("value", "date", "source", "reason")):
            continue  # a template row left empty: no value to import
        for key, value in cells.items():
            if key not in INPUT and isinstance(value, str):
                problems += _v.check_text(value, row=line, column=COLUMNS[key])[1]
        edits.append(
            Edit(
                kato=cells.get("kato"),
                indicator=cells.get("indicator"),
                value=cells.get("value"),
                period=cells.get("date"),
                source=cells.get("source"),
                reason=cells.get("reason") or "",
                base_id=UNCHECKED,
                row=line,
            )
        )
    return edits, problems


def import_file(
    store: Store,
    *,
    user: str,
    name: str,
    data: bytes,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
    today: dt.date | None = None,
) -> dict:
    """Check a file and (unless ``dry_run``) write it as one batch; raises ValidationFailed with every problem."""
    edits, problems = parse(name, data)
    if not edits and not problems:
        raise ValidationFailed([ValidationError(_v.EMPTY_FILE, file=name)])
    try:
        result = store.save_observations(
            edits, user=user, dry_run=dry_run or bool(problems), progress=progress, today=today
        )
    except ValidationFailed as exc:
        raise ValidationFailed(problems + exc.problems) from exc
    if problems:
        raise ValidationFailed(problems)
    return result


def template(store: Store, account: dict, locale: str, fmt: str) -> bytes:
    """A CSV (UTF-8 with BOM) or XLSX template of the units and indicators a user may fill."""
    translate = i18n.translator(locale, "data")
    grid = store.desk_table(account)
    name_col = "name_ru" if locale == "ru" else "name_en" if locale == "en" else "name_kk"
    label_col = "label_ru" if locale == "ru" else "label_en" if locale == "en" else "label_kk"
    header = [translate(COLUMNS[k]) for k in COLUMNS]
    body = []
    for r in grid.itertuples():
        low = "" if r.min_value is None or r.min_value != r.min_value else f"{r.min_value:g}"
        high = "" if r.max_value is None or r.max_value != r.max_value else f"{r.max_value:g}"
        current = "" if r.value is None or r.value != r.value else f"{r.value:g}"
        body.append(
            [
                r.kato,
                _safe(getattr(r, name_col)),
                r.indicator,
                _safe(getattr(r, label_col)),
                _safe(r.unit),
                f"{low} – {high}",
                current,
                "" if not isinstance(r.period, str) else r.period,
                "",
                "",
                "",
                "",
            ]
        )
    if fmt == "csv":
        out = io.StringIO()
        csv.writer(out).writerows([header, *body])
        return ("\ufeff" + out.getvalue()).encode("utf-8")
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "qonys"
    for row in (header, *body):
        sheet.append(row)
    for column in sheet.iter_cols(min_row=2):
        for cell in column:
            cell.number_format = "@"  # text: no spreadsheet may turn a KATO or date into a number
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _safe(text: object) -> str:
    """A data text for a spreadsheet cell, defused if it would start a formula."""
    text = "" if text is None or text != text else str(text)
    return "'" + text if text[:1] in _v.FORMULA_PREFIXES else text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m data.import_file", description=__doc__.splitlines()[0])
    parser.add_argument("--user", required=True, help="account the import is made as (its scope applies)")
    parser.add_argument("--dry-run", action="store_true", help="check only: report, write nothing")
    parser.add_argument("file", type=Path)
    args = parser.parse_args(argv)
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        print(f"cannot read {args.file}: {exc.strerror}", file=sys.stderr)
        return 1

    def progress(done: int, total: int) -> None:
        print(f"written {done}/{total}", flush=True)

    try:
        store = Store()
        result = import_file(
            store, user=args.user, name=args.file.name, data=data, dry_run=args.dry_run, progress=progress
        )
    except ValidationFailed as exc:
        print(f"rejected: {len(exc.problems)} problem(s); nothing was written", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem.describe()}", file=sys.stderr)
        return 1
    except (AccessDenied, ConflictError, StoreError) as exc:
        print(f"rejected: {exc}", file=sys.stderr)
        return 1
    verb = "would import" if args.dry_run else "imported"
    print(
        f"{verb} {result['rows']} value(s): {result['published']} published, {result['pending']} pending review"
        + (f"; batch {result['batch_id']}" if result["batch_id"] else ""),
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
