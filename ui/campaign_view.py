"""Widgets of the data campaign: the akimat's to-do list (Data page), the ministry's request form,
reporting rates and overdue list (Admin page). Writes go through the audited store API."""

# i18n-domain: data
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

import i18n
from data.campaign import campaign_cells
from data.errors import AccessDenied, ConflictError, ValidationFailed
from data.import_file import template
from scoring import reporting
from ui import cache
from ui.context import PageContext
from ui.safe import markdown, plain

FLASH_KEY = "campaign_flash"

#: The to-do statuses in the reader's words (scoring/reporting.py).
STATUS_WORDS = {
    reporting.MISSING: i18n.N_("missing"),
    reporting.ENTERED: i18n.N_("entered"),
    reporting.PENDING: i18n.N_("pending review"),
    reporting.APPROVED: i18n.N_("approved"),
}


def translator(ctx: PageContext):
    """The data domain's translator: these widgets show on the Data and the Admin page alike."""
    return i18n.translator(ctx.locale, "data")


def refused(ctx: PageContext, exc: Exception) -> None:
    """A refused write said in the page's language (shared with the registers view)."""
    data_ = translator(ctx)
    if isinstance(exc, ValidationFailed):
        for p in exc.problems:
            st.error(plain(p.describe(data_)))
    elif isinstance(exc, ConflictError):
        st.error(translator(ctx)("Someone else changed this in the meantime; reload and try again."))
    else:
        st.error(translator(ctx)("Your account may not do this."))


def _labels(ctx: PageContext) -> dict[str, str]:
    ind = ctx.store.indicators()
    return {r["code"]: i18n.localised(r, ctx.locale, prefix="label_", default=r["code"]) for _i, r in ind.iterrows()}


def _period(_, year: object, quarter: object) -> str:
    return _("Q{quarter} {year}").format(quarter=int(quarter), year=int(year))


def _cells_frame(ctx: PageContext, cells: pd.DataFrame) -> pd.DataFrame:
    """The cells as the officer reads them (translated headers and statuses, overdue in words)."""
    _ = translator(ctx)
    labels = _labels(ctx)
    return pd.DataFrame(
        {
            _("Request"): cells["title"],
            _("Indicator"): cells["indicator"].map(lambda c: labels.get(c, c)),
            _("Unit"): [i18n.place_name(r, ctx.locale) for _i, r in cells.iterrows()],
            _("Period"): [_period(_, y, q) for y, q in zip(cells["year"], cells["quarter"], strict=True)],
            _("Deadline"): [i18n.format_date(d, ctx.locale) for d in cells["deadline"]],
            _("Status"): [_(STATUS_WORDS[s]) for s in cells["status"]],
            _("Overdue"): [_("overdue") if o else "" for o in cells["overdue"]],
        }
    )


def _red_overdue(frame: pd.DataFrame, column: str):
    """The overdue words in red (the word carries the meaning; the colour only draws the eye)."""
    return frame.style.map(lambda v: "color: #b00020; font-weight: 600" if v else "", subset=[column])


def todo(ctx: PageContext, account: dict) -> None:
    """The akimat's to-do list: every value the open requests expect of its units, and a template per request."""
    _ = translator(ctx)
    cells = campaign_cells(ctx.store, account)
    if cells.empty:
        st.info(_("No data request is open for your units."))
        return
    for request_id, mine in cells.groupby("request_id", sort=False):
        first = mine.iloc[0]
        done = int((mine["status"] != reporting.MISSING).sum())
        markdown(
            _("**{title}** — {period}, deadline {deadline}: {done} of {total} values reported"),
            element="subheader",
            title=first["title"],
            period=_period(_, first["year"], first["quarter"]),
            deadline=i18n.format_date(first["deadline"], ctx.locale),
            done=done,
            total=len(mine),
        )
        late = int(mine["overdue"].sum())
        if late:
            st.markdown(":red[" + plain(_("{n} value(s) overdue").format(n=late)) + "]")
        frame = _cells_frame(ctx, mine)
        st.dataframe(_red_overdue(frame, _("Overdue")), hide_index=True, width="stretch")
        left, right = st.columns(2)
        left.download_button(
            _("Template for this request (XLSX)"),
            template(ctx.store, account, ctx.locale, "xlsx", request_id=int(request_id)),
            file_name=f"qonys-request-{int(request_id)}.xlsx",
            key=f"req_xlsx_{int(request_id)}",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        right.download_button(
            _("Template for this request (CSV, UTF-8)"),
            template(ctx.store, account, ctx.locale, "csv", request_id=int(request_id)),
            file_name=f"qonys-request-{int(request_id)}.csv",
            key=f"req_csv_{int(request_id)}",
            mime="text/csv",
        )


def ministry(ctx: PageContext, user: str) -> None:
    """The Admin page's campaign tab: issue and withdraw requests, reporting rates, overdue list."""
    _ = translator(ctx)
    if FLASH_KEY in st.session_state:
        st.success(st.session_state.pop(FLASH_KEY))
    request_form(ctx, user)
    requests = ctx.store.data_requests()
    if requests.empty:
        return
    st.subheader(_("Open requests"))
    for r in requests.itertuples():
        with st.expander(f"#{r.id} {r.title} — {_period(_, r.year, r.quarter)}"):
            reason = st.text_input(_("Reason for withdrawing"), key=f"withdraw_reason_{r.id}")
            if st.button(_("Withdraw this request"), key=f"withdraw_{r.id}"):
                try:
                    ctx.store.withdraw_request(int(r.id), user=user, reason=reason)
                except (ValidationFailed, ConflictError, AccessDenied) as exc:
                    refused(ctx, exc)
                else:
                    _flash(_("Request #{id} withdrawn.").format(id=r.id))
    rates(ctx)


def _flash(message: str) -> None:
    cache.clear()
    st.session_state[FLASH_KEY] = message
    st.rerun()


def request_form(ctx: PageContext, user: str) -> None:
    """Issue a data request: indicators × a quarter × a deadline × oblasts (audited)."""
    _ = translator(ctx)
    settings = ctx.store.indicator_settings()
    codes = list(settings.loc[settings["akimat_editable"], "code"])
    labels = _labels(ctx)
    oblasts = ctx.store.units("oblast")
    names = {r["kato"]: i18n.place_name(r, ctx.locale) for _i, r in oblasts.iterrows()}
    today = dt.date.today()
    with st.form("issue_request"):
        st.subheader(_("Issue a data request"))
        title = st.text_input(_("Title"), key="req_title")
        left, middle, right = st.columns(3)
        year = left.number_input(_("Year"), min_value=2000, max_value=2100, value=today.year, step=1, key="req_year")
        quarter = middle.selectbox(_("Quarter"), [1, 2, 3, 4], index=(today.month - 1) // 3, key="req_quarter")
        deadline = right.date_input(_("Deadline"), value=today + dt.timedelta(days=30), key="req_deadline")
        chosen = st.multiselect(
            _("Indicators"),
            codes,
            format_func=lambda c: labels.get(c, c),
            key="req_indicators",
            placeholder=_("Choose indicators"),
        )
        where = st.multiselect(
            _("Oblasts"), list(names), format_func=names.get, key="req_oblasts", placeholder=_("Choose oblasts")
        )
        every = st.checkbox(_("Every oblast"), key="req_every")
        if st.form_submit_button(_("Issue the request")):
            try:
                new_id = ctx.store.issue_request(
                    user=user,
                    title=title,
                    year=int(year),
                    quarter=int(quarter),
                    deadline=deadline,
                    indicators=chosen,
                    oblasts=list(names) if every else where,
                )
            except (ValidationFailed, ConflictError, AccessDenied) as exc:
                refused(ctx, exc)
            else:
                _flash(_("Request #{id} issued.").format(id=new_id))


def rates(ctx: PageContext, *, say_when_empty: bool = False) -> None:
    """Reporting rates per oblast, district or indicator (counts and %), and the overdue list.

    Shown on the Admin page under the open requests and as the Monitoring page's "Reporting rates" tab;
    ``say_when_empty`` (the tab) says so when no request expects anything, instead of showing nothing.
    """
    _ = translator(ctx)
    cells = campaign_cells(ctx.store)
    if cells.empty:
        if say_when_empty:
            st.info(_("No data request is open."))
        return
    st.subheader(_("Reporting rates"))
    by = st.radio(
        _("Group by"),
        ["oblast_kato", "kato", "indicator"],
        format_func={"oblast_kato": _("Oblast"), "kato": _("District"), "indicator": _("Indicator")}.get,
        horizontal=True,
        key="rates_by",
    )
    table = reporting.reporting_rates(cells, [by])
    units = pd.concat([ctx.store.units("oblast"), ctx.store.units("district")])
    names = {r["kato"]: i18n.place_name(r, ctx.locale) for _i, r in units.iterrows()}
    labels = _labels(ctx)
    table[by] = table[by].map(lambda k: labels.get(k, k) if by == "indicator" else names.get(k, k))
    headers = {
        by: {"oblast_kato": _("Oblast"), "kato": _("District"), "indicator": _("Indicator")}[by],
        "expected": _("Expected"),
        "reported": _("Reported"),
        "on_time": _("On time"),
        "approved": _("Approved"),
        "reported_pct": _("Reported, %"),
        "on_time_pct": _("On time, %"),
        "approved_pct": _("Approved, %"),
    }
    st.dataframe(table.rename(columns=headers), hide_index=True, width="stretch")
    st.caption(
        _("Approved counts every published value: approved by the ministry, or entered where no review was needed.")
    )
    st.subheader(_("Overdue"))
    late = cells[cells["overdue"]]
    if late.empty:
        st.success(_("Nothing is overdue."))
        return
    frame = _cells_frame(ctx, late)
    st.dataframe(_red_overdue(frame, _("Overdue")), hide_index=True, width="stretch")
