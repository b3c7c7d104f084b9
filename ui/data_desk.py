"""Widgets of the Data page: the editable table, the quick form, file import and history with rollback."""

# i18n-domain: data
from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import streamlit as st

import i18n
from data import _validate as _v
from data.errors import AccessDenied, ConflictError, ValidationFailed
from data.import_file import COLUMNS, import_file, template
from data.store import Edit, Store, StoreError
from data.store.build_writer import BUILD_USER
from i18n.vocabulary import ORIGIN_LABELS, STATUS_LABELS, term, unit_label
from ui import cache
from ui.context import PageContext
from ui.safe import html_table, plain

FLASH_KEY = "desk_flash"
CONFLICT_KEY = "desk_conflict"


def _label(row: pd.Series | dict, locale: str) -> str:
    return i18n.localised(row, locale, prefix="label_", default=str(row["indicator"]))


def _range(row: pd.Series, _) -> str:
    low = "" if pd.isna(row["min_value"]) else f"{row['min_value']:g}"
    high = "" if pd.isna(row["max_value"]) else f"{row['max_value']:g}"
    return _("{low} to {high} {unit}").format(low=low or "−∞", high=high or "∞", unit=unit_label(row["unit"], _))


def show_problems(ctx: PageContext, problems: list, names: dict[int, str] | None = None) -> None:
    """The validation report: one line per problem with row, column and the translated reason."""
    _ = ctx._
    _n = i18n.ngettext(ctx.locale, "data")
    st.error(
        _n("{n} problem; nothing was saved", "{n} problems; nothing was saved", len(problems)).format(n=len(problems))
    )
    report = pd.DataFrame(
        [
            {
                _("Row"): (names or {}).get(p.row, p.row) if p.row is not None else "",
                _("Column"): _(COLUMNS[p.column]) if p.column in COLUMNS else p.column or "",
                _("Problem"): _(p.reason).format(**p.params) if p.params else _(p.reason),
            }
            for p in problems
        ]
    )
    st.dataframe(report, hide_index=True, use_container_width=True)


def _save(ctx: PageContext, account: dict, edits: list[Edit], names: dict[int, str] | None = None) -> None:
    _ = ctx._
    try:
        result = ctx.store.save_observations(edits, user=account["username"])
    except ValidationFailed as exc:
        show_problems(ctx, exc.problems, names)
        return
    except ConflictError as exc:
        st.session_state[CONFLICT_KEY] = {"edits": edits, "conflicts": exc.conflicts}
        st.rerun()
    except AccessDenied:
        st.error(_("Your account may not change these values."))
        return
    except StoreError as exc:  # the database is busy (another writer) or cannot be written: nothing was saved
        st.error(plain(str(exc)))
        return
    cache.clear()  # frees the superseded entries; the new data version already shows the new values
    st.session_state[FLASH_KEY] = _(
        "Saved {n} value(s): {p} published, {q} waiting for review (batch {batch})."
    ).format(n=result["rows"], p=result["published"], q=result["pending"], batch=result["batch_id"])
    st.rerun()


def conflicts(ctx: PageContext, account: dict) -> bool:
    """Show a pending conflict and let the officer choose; True while one is shown."""
    _ = ctx._
    state = st.session_state.get(CONFLICT_KEY)
    if not state:
        return False
    st.warning(_("Someone else saved these values after you opened the table. Choose what to keep."))
    st.dataframe(
        pd.DataFrame(
            [
                {
                    _("KATO"): c["kato"],
                    _("Indicator"): c["indicator"],
                    _("Your value"): c["yours"],
                    _("Value now stored"): c["theirs"],
                    _("Saved by"): c["theirs_by"],
                    _("Saved at"): c["theirs_at"],
                }
                for c in state["conflicts"]
            ]
        ),
        hide_index=True,
        use_container_width=True,
    )
    left, right = st.columns(2)
    if left.button(_("Save mine over theirs"), key="conflict_mine"):
        current = {(c["kato"], c["indicator"]): c["current_id"] for c in state["conflicts"]}
        edits = [
            e
            if (e.kato, e.indicator) not in current
            else Edit(e.kato, e.indicator, e.value, e.period, e.source, e.reason, current[(e.kato, e.indicator)], e.row)
            for e in state["edits"]
        ]
        del st.session_state[CONFLICT_KEY]
        _save(ctx, account, edits)
    if right.button(_("Keep theirs and reload"), key="conflict_theirs"):
        del st.session_state[CONFLICT_KEY]
        st.rerun()
    return True


def _base(value: object) -> int | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else int(value)


def editor(ctx: PageContext, account: dict, grid: pd.DataFrame) -> None:
    """The table of one indicator for every unit in scope; save = one transaction."""
    _ = ctx._
    codes = list(dict.fromkeys(grid["indicator"]))
    labels = {c: _label(grid[grid["indicator"] == c].iloc[0], ctx.locale) for c in codes}
    code = st.selectbox(
        _("Indicator"), codes, format_func=labels.get, key="desk_indicator", placeholder=_("No indicator to edit")
    )
    rows = grid[grid["indicator"] == code].reset_index(drop=True)
    spec = rows.iloc[0]
    st.caption(_("Allowed range: {range}. Source and date are required for every value.").format(range=_range(spec, _)))
    names = [i18n.place_name(r, ctx.locale) for _i, r in rows.iterrows()]
    table = pd.DataFrame(
        {
            "kato": rows["kato"],
            "unit": names,
            "value": rows["value"].astype(float),
            "date": pd.to_datetime(rows["period_end"]).dt.date,
            "source": rows["source_title"].fillna(rows["source_id"]),
            "reason": "",
            "status": [term(STATUS_LABELS, v, _) for v in rows["status"]],
            "entered_by": [_("Qonys build") if e == BUILD_USER else e for e in rows["entered_by"]],
        }
    )
    edited = st.data_editor(
        table,
        key=f"desk_{code}_{ctx.store.data_version()}",
        hide_index=True,
        use_container_width=True,
        disabled=["kato", "unit", "status", "entered_by"],
        column_config={
            "kato": st.column_config.TextColumn(_("KATO")),
            "unit": st.column_config.TextColumn(_("District or oblast")),
            "value": st.column_config.NumberColumn(
                _("Value"),
                min_value=spec["min_value"],
                max_value=None if pd.isna(spec["max_value"]) else spec["max_value"],
                format="%g",
                help=_range(spec, _),
            ),
            "date": st.column_config.DateColumn(_("Date"), max_value=dt.date.today()),
            "source": st.column_config.TextColumn(_("Source"), max_chars=500),
            "reason": st.column_config.TextColumn(_("Reason (if implausible)"), max_chars=_v.TEXT_LIMITS["reason"]),
            "status": st.column_config.TextColumn(_("Status")),
            "entered_by": st.column_config.TextColumn(_("Entered by")),
        },
    )
    if st.button(_("Save changes"), type="primary", key="desk_save"):
        edits, where = [], {}
        for i in range(len(table)):
            before, after = table.iloc[i], edited.iloc[i]
            changed = any(not _same(before[c], after[c]) for c in ("value", "date", "source")) or bool(after["reason"])
            if changed:
                edits.append(
                    Edit(
                        after["kato"],
                        code,
                        after["value"],
                        after["date"],
                        after["source"],
                        after["reason"] or "",
                        _base(rows.loc[i, "base_id"]),
                        row=i + 1,
                    )
                )
                where[i + 1] = names[i]
        if not edits:
            st.info(_("Nothing changed."))
        else:
            _save(ctx, account, edits, where)


def _same(a: object, b: object) -> bool:
    """Equal cells, counting two missing ones (None, NaN, NaT) as equal.

    ``pd.NaT`` is an instance of ``datetime.date`` (via ``datetime``), so "is it a date?" must not skip
    the missing test: two NaT are equal here, or an untouched unit without a date counts as an edit.
    """
    a_missing = a is None or (not isinstance(a, str) and pd.isna(a))
    b_missing = b is None or (not isinstance(b, str) and pd.isna(b))
    if a_missing or b_missing:
        return a_missing and b_missing
    return a == b


def quick_form(ctx: PageContext, account: dict, grid: pd.DataFrame) -> None:
    """One value at a time: a plain form (keyboard and screen-reader friendly)."""
    _ = ctx._
    units = grid.drop_duplicates("kato")
    unit_names = {r["kato"]: f"{i18n.place_name(r, ctx.locale)} ({r['kato']})" for _i, r in units.iterrows()}
    codes = list(dict.fromkeys(grid["indicator"]))
    labels = {c: _label(grid[grid["indicator"] == c].iloc[0], ctx.locale) for c in codes}
    with st.form("quick_edit", clear_on_submit=False):
        kato = st.selectbox(
            _("District or oblast"),
            list(unit_names),
            format_func=unit_names.get,
            key="quick_unit",
            placeholder=_("No district or oblast in your scope"),
        )
        code = st.selectbox(
            _("Indicator"), codes, format_func=labels.get, key="quick_indicator", placeholder=_("No indicator to edit")
        )
        value = st.text_input(_("Value"), key="quick_value")
        # a text field read by the one date grammar (YYYY-MM-DD or DD.MM.YYYY): the date picker's own
        # parser re-ordered a typed 31.10.2026 into 2026-03-11
        day = st.text_input(_("Date (YYYY-MM-DD or DD.MM.YYYY)"), key="quick_date", max_chars=20)
        source = st.text_input(_("Source"), key="quick_source", max_chars=500)
        reason = st.text_input(_("Reason (if implausible)"), key="quick_reason", max_chars=_v.TEXT_LIMITS["reason"])
        submitted = st.form_submit_button(_("Save value"))
    if submitted:
        match = grid[(grid["kato"] == kato) & (grid["indicator"] == code)]
        base = _base(match.iloc[0]["base_id"]) if len(match) else None
        _save(ctx, account, [Edit(kato, code, value, day, source, reason, base, row=1)], {1: unit_names[kato]})


def importer(ctx: PageContext, account: dict) -> None:
    """Template download, upload, check-only or import, with the full report."""
    _ = ctx._
    left, right = st.columns(2)
    left.download_button(
        _("Template (XLSX)"),
        template(ctx.store, account, ctx.locale, "xlsx"),
        file_name="qonys-template.xlsx",
        key="tpl_xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    right.download_button(
        _("Template (CSV, UTF-8)"),
        template(ctx.store, account, ctx.locale, "csv"),
        file_name="qonys-template.csv",
        mime="text/csv",
        key="tpl_csv",
    )
    upload = st.file_uploader(_("File to import (CSV or XLSX, up to 10 MB)"), type=["csv", "xlsx"], key="upload")
    marks = {"": _("detect"), ",": _("comma (1,5)"), ".": _("point (1.5)")}
    # declared, 1,234 is read with the chosen mark; detected, it is refused as ambiguous (data/_validate.py)
    decimal = st.radio(
        _("Decimal mark in the file"), list(marks), format_func=marks.get, horizontal=True, key="import_decimal"
    )
    dry_run = st.checkbox(_("Check only (write nothing)"), value=True, key="dry_run")
    if upload is None or not st.button(_("Check file") if dry_run else _("Import file"), key="do_import"):
        return
    bar = st.progress(0.0, text=_("Checking…"))

    def progress(done: int, total: int) -> None:
        bar.progress(done / max(total, 1), text=_("Written {done} of {total} rows").format(done=done, total=total))

    try:
        result = import_file(
            ctx.store,
            user=account["username"],
            name=upload.name,
            data=upload.getvalue(),
            dry_run=dry_run,
            progress=progress,
            decimal=decimal or None,
        )
    except ValidationFailed as exc:
        bar.empty()
        show_problems(ctx, exc.problems)
        return
    except AccessDenied:
        bar.empty()
        st.error(_("Your account may not change these values."))
        return
    except StoreError as exc:
        bar.empty()
        st.error(plain(str(exc)))
        return
    bar.progress(1.0, text=_("Done"))
    if dry_run:
        st.success(
            _("The file is valid: {n} value(s) would be imported ({q} would wait for review).").format(
                n=result["rows"], q=result["pending"]
            )
        )
    else:
        cache.clear()
        st.success(
            _("Imported {n} value(s) as batch {batch}; {q} wait for review.").format(
                n=result["rows"], batch=result["batch_id"], q=result["pending"]
            )
        )


def history(ctx: PageContext, account: dict, store: Store, grid: pd.DataFrame) -> None:
    """Versions of a unit's values, the batches of the scope and their rollback."""
    _ = ctx._
    scope = store.scope_katos(account)
    units = grid.drop_duplicates("kato")
    unit_names = {r["kato"]: i18n.place_name(r, ctx.locale) for _i, r in units.iterrows()}
    kato = st.selectbox(
        _("District or oblast"),
        list(unit_names),
        format_func=unit_names.get,
        key="history_unit",
        placeholder=_("No district or oblast in your scope"),
    )
    versions = store.observation_history(kato)
    versions = versions[versions["indicator"].isin(set(grid["indicator"]))]
    sources = store.sources().set_index("id")["title"]
    # An HTML table (real rows: read by screen readers, searchable): the source register's titles and the
    # build's notes are English, quoting the originals, and carry lang="en"; an officer's note is as typed.
    by_build = (versions["entered_by"] == BUILD_USER).tolist()
    st.html(
        html_table(
            pd.DataFrame(
                {
                    _("Indicator"): versions["indicator"],
                    _("Value"): versions["value"],
                    _("Date"): versions["period"],
                    _("Origin"): [term(ORIGIN_LABELS, v, _) for v in versions["origin"]],
                    _("Status"): [term(STATUS_LABELS, v, _) for v in versions["status"]],
                    _("Version"): versions["version"],
                    _("Source"): [sources.get(s, s) for s in versions["source_id"]],
                    _("Entered by"): [
                        _("Qonys build") if b else e for b, e in zip(by_build, versions["entered_by"], strict=True)
                    ],
                    _("Entered at"): versions["entered_at"].dt.strftime("%Y-%m-%d %H:%M"),
                    _("Note"): versions["note"].fillna(""),
                    _("Batch"): versions["batch_id"].replace(BUILD_USER, _("Qonys build")),
                }
            ).set_index(_("Indicator")),
            langs={
                _("Source"): ["en" if s in sources.index else None for s in versions["source_id"]],
                _("Note"): ["en" if b else None for b in by_build],
            },
        )
    )
    st.subheader(_("Batches"))
    batches = store.batches(scope)
    if batches.empty:
        st.caption(_("No changes yet."))
        return
    built = _("Qonys build")
    shown = batches.assign(
        batch_id=batches["batch_id"].replace(BUILD_USER, built), username=batches["username"].replace(BUILD_USER, built)
    )
    st.dataframe(
        shown.drop(columns=["katos"]).rename(
            columns={
                "batch_id": _("Batch"),
                "at": _("When"),
                "username": _("Who"),
                "values_changed": _("Values"),
                "action": _("Action"),
                "rolled_back": _("Rolled back"),
            }
        ),
        hide_index=True,
        use_container_width=True,
    )
    with st.form("rollback"):
        batch = st.selectbox(
            _("Batch to roll back"),
            list(batches.loc[~batches["rolled_back"], "batch_id"]),
            key="rollback_batch",
            placeholder=_("No batch to roll back"),
        )
        reason = st.text_input(_("Reason"), key="rollback_reason", max_chars=500)
        submitted = st.form_submit_button(_("Roll back"))
    if submitted and batch:
        try:
            result = store.rollback_batch(batch, user=account["username"], reason=reason)
        except ValidationFailed as exc:
            show_problems(ctx, exc.problems)
            return
        except ConflictError as exc:
            st.error(
                _("These values changed after the batch; roll back the later batch first: {values}").format(
                    values=", ".join(f"{c['kato']}/{c['indicator']}" for c in exc.conflicts)
                )
            )
            return
        except AccessDenied:
            st.error(_("Your account may not change these values."))
            return
        except StoreError as exc:
            st.error(plain(str(exc)))
            return
        cache.clear()
        st.session_state[FLASH_KEY] = _("Rolled back as batch {batch} ({n} value(s)).").format(
            batch=result["batch_id"], n=result["rows"]
        )
        st.rerun()
