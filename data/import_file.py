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
import re
import sys
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import i18n
from data import _validate as _v
from data.campaign import campaign_cells
from data.errors import AccessDenied, ConflictError, ValidationError, ValidationFailed
from data.store import UNCHECKED, Edit, Store, StoreError
from scoring.reporting import quarter_bounds

#: Limits a file is measured against before it is read (a hostile file is refused in well under 2 s and
#: 300 MB; see bench/hostile.py). The template of a whole oblast has a few thousand rows and 12 columns.
MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 100_000
#: Columns A–Z: the template has 12; a cell reference of two letters (AA…) is beyond the limit.
MAX_COLUMNS = 26
#: Cells of an XLSX sheet, counted before openpyxl parses them (it needs microseconds per cell).
MAX_CELLS = (MAX_ROWS + 1) * 12
#: Everything an XLSX unpacks to, all parts together: a full 100,000-row template unpacks to about 40 MB.
MAX_UNPACKED_BYTES = 64 * 1024 * 1024
#: Deflate squeezes spreadsheet XML 5–30×; a part squeezed more than 100× is built to explode (zip bomb).
MAX_RATIO = 100
#: Parts smaller than this are not held to the ratio (a tiny repetitive part can compress very well).
RATIO_FLOOR_BYTES = 1024 * 1024
#: Parts of an XLSX: a workbook has a dozen; each entry of the zip directory costs memory before it is read.
MAX_PARTS = 1000
_CHUNK_BYTES = 1024 * 1024

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


def _mb(n: int) -> str:
    return f"{n // (1024 * 1024)} MB"


def _reject(reason: str, **params: object) -> ValidationFailed:
    return ValidationFailed([ValidationError(reason, **params)])


def _read_rows(name: str, data: bytes) -> list[list[object]]:
    """The cells of a CSV (UTF-8, comma/semicolon/tab) or XLSX file, measured before it is read.

    Raises ValidationFailed naming the limit a hostile file breaks (size, unpacked size, compression
    ratio, declared sheet size, rows, columns) or saying the file cannot be read; never a traceback.
    """
    suffix = Path(name).suffix.lower()
    if len(data) > MAX_BYTES:
        raise _reject(_v.TOO_BIG, file=name, max=_mb(MAX_BYTES))
    if suffix == ".csv":
        return _read_csv(name, data)
    if suffix == ".xlsx":
        _measure_xlsx(name, data)
        return _read_xlsx(name, data)
    raise _reject(_v.WRONG_TYPE, file=name, value=suffix or "''")


def _read_csv(name: str, data: bytes) -> list[list[object]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _reject(_v.WRONG_ENCODING, file=name, row=line) from exc
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    # The file is at most MAX_BYTES: let any cell be read, so an overlong one is reported by row and column
    # (the text checks) instead of failing the whole file at csv's 128 KB default.
    csv.field_size_limit(MAX_BYTES)
    rows: list[list[object]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for row in reader:
            if len(row) > MAX_COLUMNS:
                if _width(row) > MAX_COLUMNS:
                    raise _reject(_v.TOO_MANY_COLUMNS, file=name, row=reader.line_num, max=MAX_COLUMNS)
                # empty cells past the limit: keep one, so a row longer than the header is still seen
                row = row[: MAX_COLUMNS + 1]
            rows.append(row)
            if len(rows) > MAX_ROWS + 1:
                raise _reject(_v.TOO_MANY_ROWS, file=name, max=f"{MAX_ROWS:,}")
    except csv.Error as exc:
        raise _reject(_v.UNREADABLE, file=name, row=reader.line_num, value="CSV") from exc
    return rows


_DIMENSION_RE = re.compile(
    rb"<(?:\w+:)?dimension\s+ref=\"\$?([A-Za-z]{1,3})\$?(\d{1,7})(?::\$?([A-Za-z]{1,3})\$?(\d{1,7}))?\""
)
_ROOT_RE = re.compile(rb"<(\w+:)?worksheet[\s>]")
#: A cell reference in column AA or beyond (MAX_COLUMNS is 26); a literal-led pattern, so it scans fast.
_WIDE_RE = re.compile(rb'r="[A-Z][A-Z]')


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n


def _measure_xlsx(name: str, data: bytes) -> None:
    """Refuse a zip bomb, a DTD or an oversized sheet from the zip directory and a streamed pass over the
    sheets (rows counted, never built), before openpyxl touches the file.
    """
    # the entry count from the end-of-directory record, before zipfile builds one object per entry
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 66_000))
    if end >= 0 and len(data) >= end + 12 and int.from_bytes(data[end + 10 : end + 12], "little") > MAX_PARTS:
        raise _reject(_v.TOO_MANY_PARTS, file=name, max=MAX_PARTS)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
        if len(infos) > MAX_PARTS:  # a zip64 directory, where the count above was 0xFFFF
            raise _reject(_v.TOO_MANY_PARTS, file=name, max=MAX_PARTS)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise _reject(_v.UNREADABLE, file=name, value="XLSX") from exc
    for info in infos:
        if info.file_size > RATIO_FLOOR_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _reject(_v.ZIP_RATIO, file=name, max=MAX_RATIO)
    if sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
        raise _reject(_v.ZIP_BOMB, file=name, max=_mb(MAX_UNPACKED_BYTES))
    unpacked = 0
    try:
        for info in infos:
            if not info.filename.endswith((".xml", ".rels")):
                continue
            sheet = info.filename.startswith("xl/worksheets/")
            rows, cells, carry, first, tags = 0, 0, b"", True, (b"<row", b"<c")
            with archive.open(info) as part:
                while chunk := part.read(_CHUNK_BYTES):
                    unpacked += len(chunk)
                    if unpacked > MAX_UNPACKED_BYTES:  # the directory may lie about sizes
                        raise _reject(_v.ZIP_BOMB, file=name, max=_mb(MAX_UNPACKED_BYTES))
                    if first:
                        first = False
                        head = chunk[:4096]
                        if b"<!DOCTYPE" in head or b"<!ENTITY" in head:  # entity expansion: not in an XLSX
                            raise _reject(_v.UNREADABLE, file=name, value="XLSX")
                        root = _ROOT_RE.search(head)
                        if root and root.group(1):  # a namespace prefix (x:row): count the prefixed tags
                            tags = (b"<" + root.group(1) + b"row", b"<" + root.group(1) + b"c")
                        dim = _DIMENSION_RE.search(head) if sheet else None
                        if dim and dim.group(3):
                            cols = _column_number(dim.group(3)) - _column_number(dim.group(1)) + 1
                            if cols > MAX_COLUMNS or int(dim.group(4)) > MAX_ROWS + 1:
                                size = (dim.group(1) + dim.group(2) + b":" + dim.group(3) + dim.group(4)).decode()
                                raise _reject(
                                    _v.DECLARED_TOO_BIG,
                                    file=name,
                                    value=size,
                                    max=f"{MAX_ROWS + 1:,} × {MAX_COLUMNS}",
                                )
                    if not sheet:
                        continue
                    # count row tags in whole tags only: keep the text after the last "<" for the next chunk
                    buffer = carry + chunk
                    cut = buffer.rfind(b"<")
                    cut = len(buffer) if cut < 0 else cut
                    # bytes.count, not a regex: 64 MB are counted in a fraction of a second
                    whole = buffer[:cut]
                    rows += sum(whole.count(tags[0] + end) for end in (b" ", b">", b"/", b"\n", b"\t"))
                    cells += sum(whole.count(tags[1] + end) for end in (b" ", b">", b"/", b"\n", b"\t"))
                    carry = buffer[cut:][-4096:]
                    if rows > MAX_ROWS + 1:
                        raise _reject(_v.TOO_MANY_ROWS, file=name, max=f"{MAX_ROWS:,}")
                    if cells > MAX_CELLS:
                        raise _reject(_v.TOO_MANY_CELLS, file=name, max=f"{MAX_CELLS:,}")
                    if _WIDE_RE.search(whole):
                        raise _reject(_v.TOO_MANY_COLUMNS, file=name, max=MAX_COLUMNS)
    except ValidationFailed:
        raise
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError, RuntimeError, ValueError) as exc:
        raise _reject(_v.UNREADABLE, file=name, value="XLSX") from exc


def _read_xlsx(name: str, data: bytes) -> list[list[object]]:
    """The first sheet's cells, streamed (openpyxl read-only) and stopped at the row and column limits."""
    from openpyxl import load_workbook

    rows: list[list[object]] = []
    book = None
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        sheet = book.worksheets[0]
        # bounded: openpyxl pads every row to the declared width and fills declared-but-absent rows
        for row in sheet.iter_rows(max_col=MAX_COLUMNS + 1, max_row=MAX_ROWS + 2, values_only=True):
            if row[MAX_COLUMNS:] and any(c is not None and str(c).strip() for c in row[MAX_COLUMNS:]):
                raise _reject(_v.TOO_MANY_COLUMNS, file=name, max=MAX_COLUMNS)
            rows.append(list(row[:MAX_COLUMNS]))
            if len(rows) > MAX_ROWS + 1:
                raise _reject(_v.TOO_MANY_ROWS, file=name, max=f"{MAX_ROWS:,}")
    except ValidationFailed:
        raise
    except Exception as exc:  # any failure of the parser on an untrusted file means "cannot read"
        raise _reject(_v.UNREADABLE, file=name, value="XLSX") from exc
    finally:
        if book is not None:
            book.close()
    return rows


def _width(row: list[object]) -> int:
    """Number of cells up to the last non-empty one."""
    n = len(row)
    while n and not str(row[n - 1] if row[n - 1] is not None else "").strip():
        n -= 1
    return n


def parse(
    name: str, data: bytes, *, decimal: str | None = None, today: dt.date | None = None
) -> tuple[list[Edit], list[ValidationError]]:
    """Turn a file into edits (one per filled row) and the file-level problems found on the way.

    ``decimal`` declares the file's decimal mark (``","`` or ``"."``); by default it is detected
    (see the number grammar in :mod:`data._validate`). Values are parsed here, by that mark; the text and
    date cells are checked here too (the store checks them again on write), so that the file alone is judged.
    """
    today = today or dt.date.today()
    rows = _read_rows(name, data)
    while rows and not any(str(c if c is not None else "").strip() for c in rows[-1]):
        rows.pop()
    if len(rows) < 2:
        raise ValidationFailed([ValidationError(_v.EMPTY_FILE, file=name)])
    names = _header_names()
    problems: list[ValidationError] = []
    fields: list[str | None] = []
    where: dict[str, int] = {}
    for position, cell in enumerate(rows[0], start=1):
        text, found = _v.check_text(cell, row=1, column=str(position))
        problems += [p for p in found if p.reason != _v.TOO_LONG]
        key = names.get(text.casefold())
        if key is None and text:
            problems.append(ValidationError(_v.UNKNOWN_COLUMN, row=1, column=str(position), value=repr(text[:40])))
        elif key in where:
            problems.append(
                ValidationError(
                    _v.DUPLICATE_COLUMN, row=1, column=str(position), value=repr(text[:40]), other=where[key]
                )
            )
            key = None
        elif key:
            where[key] = position
        fields.append(key)
    missing = [k for k in REQUIRED if k not in fields]
    problems += [ValidationError(_v.MISSING_COLUMN, row=1, value=COLUMNS[k]) for k in missing]
    if problems:  # an unknown, doubled or missing header: no row can be read safely
        raise ValidationFailed(problems)
    # A CSV row longer than the header, even by an empty cell, was split (an unquoted 1,5); a spreadsheet
    # row is measured to its last filled cell.
    csv_file = Path(name).suffix.lower() == ".csv"
    width = len(rows[0]) if csv_file else _width(rows[0])
    value_at = fields.index("value")
    mark: tuple[str, int | None] | str | None = decimal
    if decimal is None:
        mark = _v.detect_decimal_mark(
            [(line, row[value_at]) for line, row in enumerate(rows[1:], start=2) if len(row) > value_at]
        )
    edits: list[Edit] = []
    for line, row in enumerate(rows[1:], start=2):
        cells_in_row = len(row) if csv_file else _width(row)
        if cells_in_row > width:
            problems.append(ValidationError(_v.EXTRA_CELLS, row=line, cells=cells_in_row, columns=width))
            continue
        cells = {key: (row[i] if i < len(row) else None) for i, key in enumerate(fields) if key}
        if not any(
            str(cells.get(k) if cells.get(k) is not None else "").strip() for k in ("value", "date", "source", "reason")
        ):
            continue  # a template row left empty: no value to import
        for key, value in cells.items():
            if key not in INPUT and isinstance(value, str):
                problems += _v.check_text(value, row=line, column=COLUMNS[key])[1]
        value, found = _v.parse_number(cells.get("value"), row=line, column="value", decimal=mark)
        problems += found
        for key in ("source", "reason"):
            problems += _v.check_text(cells.get(key), row=line, column=key)[1]
        if cells.get("date") not in (None, ""):
            problems += _v.parse_date(cells.get("date"), today=today, row=line, column="date")[1]
        edits.append(
            Edit(
                kato=cells.get("kato"),
                indicator=cells.get("indicator"),
                value=cells.get("value") if found else value,
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
    decimal: str | None = None,
) -> dict:
    """Check a file and (unless ``dry_run``) write it as one batch; raises ValidationFailed with every problem.

    The file is measured before it is read (:func:`_read_rows`); ``decimal`` declares its decimal mark
    (``","`` or ``"."``, default detected). Nothing is written unless every row of the file is valid.
    """
    edits, problems = parse(name, data, decimal=decimal, today=today)
    if not edits and not problems:
        raise ValidationFailed([ValidationError(_v.EMPTY_FILE, file=name)])
    try:
        result = store.save_observations(
            edits, user=user, dry_run=dry_run or bool(problems), progress=progress, today=today
        )
    except ValidationFailed as exc:
        # a cell the importer already refused is reported once
        mine = {(p.row, p.column) for p in problems}
        raise ValidationFailed(problems + [p for p in exc.problems if (p.row, p.column) not in mine]) from exc
    if problems:
        raise ValidationFailed(problems)
    return result


def template(store: Store, account: dict, locale: str, fmt: str, *, request_id: int | None = None) -> bytes:
    """A CSV (UTF-8 with BOM) or XLSX template of the units and indicators a user may fill.

    With ``request_id`` (a data request of the campaign, :mod:`data.store.campaign`): only the
    requested indicators and the user's units the request expects, the date column pre-filled with
    the last day of the requested quarter. Headers, unit and indicator names are in ``locale``.
    """
    translate = i18n.translator(locale, "data")
    grid = store.desk_table(account)
    due = ""
    if request_id is not None:
        cells = campaign_cells(store, account)
        cells = cells[cells["request_id"] == request_id]
        keys = set(zip(cells["kato"], cells["indicator"], strict=True))
        grid = grid[[k in keys for k in zip(grid["kato"], grid["indicator"], strict=True)]]
        if len(cells):
            due = quarter_bounds(int(cells["year"].iloc[0]), int(cells["quarter"].iloc[0]))[1].isoformat()
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
                due,
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
    parser.add_argument(
        "--decimal",
        choices=("point", "comma"),
        help="the file's decimal mark (default: detected; 1,234 is then refused as ambiguous)",
    )
    parser.add_argument(
        "--locale", choices=list(i18n.LOCALES), default="en", help="language of the problem report (default en)"
    )
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
            store,
            user=args.user,
            name=args.file.name,
            data=data,
            dry_run=args.dry_run,
            progress=progress,
            decimal={"point": ".", "comma": ","}.get(args.decimal or ""),
        )
    except ValidationFailed as exc:
        print(f"rejected: {len(exc.problems)} problem(s); nothing was written", file=sys.stderr)
        translate = i18n.translator(args.locale, "data")
        for problem in exc.problems:
            print(f"  {problem.describe(translate, COLUMNS)}", file=sys.stderr)
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
