"""Admin page (ministry): review queue, weight profiles and zoning, quotas, support measures, indicator
settings, users and scopes, audit log."""

import streamlit as st

from ui import admin_desk, campaign_view, registers_view
from ui.auth import require_page
from ui.context import page_context

ctx = page_context("admin")
_ = ctx._
st.title(_("Admin"))
account = require_page("admin").as_dict()
user = account["username"]
if admin_desk.FLASH_KEY in st.session_state:
    st.success(st.session_state.pop(admin_desk.FLASH_KEY))

tabs = st.tabs(
    [
        _("Review queue"),
        _("Weight profiles"),
        _("Quotas"),
        _("Support measures"),
        _("Indicators"),
        _("Users"),
        _("Audit log"),
        _("Data campaign"),
        _("Registers"),
    ]
)
with tabs[0]:
    admin_desk.review(ctx, user)
with tabs[1]:
    admin_desk.profiles(ctx, user)
with tabs[2]:
    admin_desk.quotas(ctx, user)
with tabs[3]:
    admin_desk.measures(ctx, user)
with tabs[4]:
    admin_desk.indicators(ctx, user)
with tabs[5]:
    admin_desk.users(ctx, user)
with tabs[6]:
    admin_desk.audit(ctx)
with tabs[7]:
    campaign_view.ministry(ctx, user)
with tabs[8]:
    registers_view.ministry(ctx, user)
