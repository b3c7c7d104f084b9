"""Registers kept from the UI: centres, business programmes, priority sectors, how-to-apply contacts.

The ministry edits every register on the Admin page; an akimat officer its own oblast's rows on the
Data page. Each edit goes through :meth:`data.store.Store.save_register_rows` (checked, version-checked,
audited); the ministry also marks an oblast's register complete, citing a source.
"""

# i18n-domain: data
from __future__ import annotations

import pandas as pd
import streamlit as st

import i18n
from data.errors import AccessDenied, ConflictError, ValidationFailed
from data.store.registers import REGISTERS, ticked
from ui import cache
from ui.campaign_view import refused as _refused
from ui.campaign_view import translator as _t
from ui.context import PageContext

FLASH_KEY = "registers_flash"

REGISTER_LABELS = {
    "adaptation_centres": i18n.N_("Adaptation and temporary-stay centres"),
    "business_programmes": i18n.N_("Business programmes"),
    "priority_sectors": i18n.N_("Priority sectors"),
    "apply_contacts": i18n.N_("Where and how to apply (employment centres)"),
}
FIELD_LABELS = {
    "name": i18n.N_("Name"),
    "status": i18n.N_("Status"),
    "address": i18n.N_("Address"),
    "capacity": i18n.N_("Capacity (places)"),
    "services": i18n.N_("Services"),
    "lat": i18n.N_("Latitude"),
    "lon": i18n.N_("Longitude"),
    "operator": i18n.N_("Operator"),
    "instrument": i18n.N_("Instrument"),
    "max_amount": i18n.N_("Maximum amount"),
    "amount_unit": i18n.N_("Amount unit"),
    "eligibility": i18n.N_("Who is eligible"),
    "sector": i18n.N_("Sector or profession"),
    "kind": i18n.N_("Kind"),
    "value": i18n.N_("Value"),
    "period": i18n.N_("Period"),
    "note": i18n.N_("Note"),
    "office": i18n.N_("Office"),
    "phone": i18n.N_("Phone"),
    "hours": i18n.N_("Opening hours"),
    "oblast_kato": i18n.N_("Oblast KATO (empty: national)"),
    "source": i18n.N_("Source"),
    "deleted": i18n.N_("Delete"),
}


def changed_rows(before: pd.DataFrame, after: pd.DataFrame, fields: list[str]) -> list[dict]:
    """Rows added, changed or marked deleted in the editor (unchanged rows are not sent, so they keep
    their version and cannot conflict)."""
    old = {r["row_id"]: r for r in before.to_dict("records") if isinstance(r.get("row_id"), str)}
    out = []
    for row in after.to_dict("records"):
        base = old.get(row.get("row_id"))
        keys = [*fields, "oblast_kato", "source"]
        if base is None or ticked(row.get("deleted")) or any(not _same(base.get(k), row.get(k)) for k in keys):
            out.append(row)
    return out


def _same(a: object, b: object) -> bool:
    missing = [x is None or (isinstance(x, float) and x != x) or x == "" for x in (a, b)]
    return all(missing) or (not any(missing) and str(a) == str(b))


def editor(ctx: PageContext, account: dict, register: str, *, oblast_kato: str | None = None) -> None:
    """One register as an editable table (st.data_editor) with a save button."""
    _ = _t(ctx)
    fields = [f.name for f in REGISTERS[register]]
    rows = ctx.store.register_rows(register, oblast_kato=oblast_kato).assign(deleted=False)
    shown = rows[["row_id", "version", "oblast_kato", *fields, "source", "deleted"]]
    config = {c: st.column_config.Column(_(FIELD_LABELS[c])) for c in [*fields, "oblast_kato", "source"]}
    config.update(
        row_id=None,
        version=None,
        deleted=st.column_config.CheckboxColumn(_(FIELD_LABELS["deleted"])),
    )
    edited = st.data_editor(
        shown,
        column_config=config,
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        key=f"register_{register}_{oblast_kato or 'all'}",
    )
    if st.button(_("Save the register"), key=f"save_{register}_{oblast_kato or 'all'}"):
        changes = changed_rows(shown, edited, fields)
        if oblast_kato is not None:
            for row in changes:
                row["oblast_kato"] = row.get("oblast_kato") or oblast_kato
        try:
            n = ctx.store.save_register_rows(register, changes, user=account["username"])
        except (ValidationFailed, ConflictError, AccessDenied) as exc:
            _refused(ctx, exc)
        else:
            cache.clear()
            st.session_state[FLASH_KEY] = _("Saved {n} register row(s).").format(n=n)
            st.rerun()


def akimat(ctx: PageContext, account: dict) -> None:
    """The Data page's Registers section: the akimat's own oblast's rows of each register."""
    _ = _t(ctx)
    if FLASH_KEY in st.session_state:
        st.success(st.session_state.pop(FLASH_KEY))
    scope = account.get("scope_kato")
    unit = ctx.store.unit(scope) if scope else None
    if unit is None:
        st.info(_("Your account has no oblast; the ministry keeps the registers."))
        return
    oblast = scope if unit["level"] == "oblast" else unit["parent_kato"]
    register = st.selectbox(
        _("Register"),
        [r for r in REGISTERS if r != "business_programmes"],  # national programmes: the ministry's
        format_func=lambda r: _(REGISTER_LABELS[r]),
        key="register_akimat",
    )
    st.caption(_("Every row needs a source: a letter, an order or a web page."))
    editor(ctx, account, register, oblast_kato=oblast)


def ministry(ctx: PageContext, user: str) -> None:
    """The Admin page's Registers tab: every register, and which oblasts' registers are complete."""
    _ = _t(ctx)
    if FLASH_KEY in st.session_state:
        st.success(st.session_state.pop(FLASH_KEY))
    register = st.selectbox(
        _("Register"), list(REGISTERS), format_func=lambda r: _(REGISTER_LABELS[r]), key="register_ministry"
    )
    editor(ctx, {"username": user}, register)
    st.subheader(_("Register complete in an oblast"))
    st.caption(
        _("A register complete in every oblast lets the indicators computed from it enter the score (weight profile).")
    )
    marks = ctx.store.register_completeness()
    oblasts = ctx.store.units("oblast")
    names = {r["kato"]: i18n.place_name(r, ctx.locale) for _i, r in oblasts.iterrows()}
    mine = marks[marks["register"] == register]
    done = set(mine.loc[mine["complete"].astype(bool), "oblast_kato"])
    st.write(_("Complete in {n} of {total} oblasts.").format(n=len(done), total=len(names)))
    with st.form(f"complete_{register}"):
        kato = st.selectbox(_("Oblast"), list(names), format_func=names.get, key="complete_oblast")
        complete = st.checkbox(_("The register is complete for this oblast"), value=True, key="complete_flag")
        source = st.text_input(_("Source"), key="complete_source")
        if st.form_submit_button(_("Save"), key="complete_save"):
            try:
                ctx.store.mark_register_complete(register, kato, complete=complete, source=source, user=user)
            except (ValidationFailed, ConflictError, AccessDenied) as exc:
                _refused(ctx, exc)
            else:
                cache.clear()
                st.session_state[FLASH_KEY] = _("Saved.")
                st.rerun()
