"""Data page (akimat officers, ministry): edit and import indicators of units in scope, history, rollback."""

import streamlit as st

import i18n
from ui import campaign_view, registers_view
from ui.auth import require_page
from ui.context import page_context
from ui.data_desk import FLASH_KEY, conflicts, editor, history, importer, quick_form
from ui.safe import plain

ctx = page_context("data")
_ = ctx._
st.title(_("Data"))
account = require_page("data").as_dict()
scope = account["scope_kato"]
unit = ctx.store.unit(scope) if scope else None
st.caption(
    _("Scope: {scope}").format(scope=plain(i18n.place_name(unit, ctx.locale)) if unit else _("the whole country"))
)
if FLASH_KEY in st.session_state:
    st.success(st.session_state.pop(FLASH_KEY))

grid = ctx.store.desk_table(account)
if grid.empty:
    st.info(_("No indicator can be edited in your scope."))
    st.stop()

if not conflicts(ctx, account):
    edit_tab, todo_tab, import_tab, history_tab, registers_tab = st.tabs(
        [_("Edit values"), _("To do"), _("Import a file"), _("History and rollback"), _("Registers")]
    )
    with edit_tab:
        editor(ctx, account, grid)
        st.subheader(_("One value"))
        quick_form(ctx, account, grid)
    with todo_tab:
        campaign_view.todo(ctx, account)
    with import_tab:
        importer(ctx, account)
    with history_tab:
        history(ctx, account, ctx.store, grid)
    with registers_tab:
        registers_view.akimat(ctx, account)
