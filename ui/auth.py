"""Sidebar sign-in widget and the role gate of staff pages (logic in :mod:`data.auth`)."""

# i18n-domain: admin
from __future__ import annotations

import time

import streamlit as st

import i18n
from data import permissions
from data.auth import SESSION_IDLE_MINUTES, Account, AuthError, authenticate, hash_password

SESSION_KEY = "qonys_account"
ROLE_LABELS = {
    "consul": i18n.N_("Embassy officer"),
    "akimat": i18n.N_("Akimat officer"),
    "ministry": i18n.N_("Ministry analyst"),
}


def current_account() -> dict | None:
    """The signed-in account of this session, or None; ends the session after 30 idle minutes."""
    account = st.session_state.get(SESSION_KEY)
    if not account:
        return None
    if time.monotonic() - account["last_seen"] > SESSION_IDLE_MINUTES * 60:
        del st.session_state[SESSION_KEY]
        st.session_state["qonys_timed_out"] = True
        return None
    account["last_seen"] = time.monotonic()
    return account


def sidebar_login(locale: str) -> dict | None:
    """Sign-in form (or the signed-in user and a sign-out button) in the sidebar; returns the account."""
    _ = i18n.translator(locale, "admin")
    account = current_account()
    if account:
        role_label = ROLE_LABELS[account["role"]]
        st.sidebar.caption(_("Signed in as {user} ({role})").format(user=account["username"], role=_(role_label)))
        if st.sidebar.button(_("Sign out"), key="logout"):
            del st.session_state[SESSION_KEY]
            st.rerun()
        return account
    if st.session_state.pop("qonys_timed_out", False):
        st.sidebar.info(_("Your session ended after {n} minutes without activity.").format(n=SESSION_IDLE_MINUTES))
    with st.sidebar.expander(_("Staff sign-in"), expanded=False):
        _login_form(_, "login")
    return None


def _login_form(_, key: str) -> None:
    """The sign-in form under ``key`` (the sidebar's, or a page's own when opened by a direct link)."""
    with st.form(key, clear_on_submit=True):
        username = st.text_input(_("User name"), key=f"{key}_user")
        password = st.text_input(_("Password"), type="password", key=f"{key}_password")
        submitted = st.form_submit_button(_("Sign in"))
    if not submitted:
        return
    from ui.context import get_store

    try:
        signed = authenticate(get_store(), username, password, client=_client())
    except AuthError as exc:
        if exc.reason == "throttled":
            st.error(_("Too many failed attempts: try again after {time} UTC.").format(time=f"{exc.until:%H:%M:%S}"))
        else:
            st.error(_("Wrong user name or password."))
        return
    st.session_state[SESSION_KEY] = {**signed.as_dict(), "last_seen": time.monotonic()}
    st.rerun()


def _client() -> str | None:
    """The remote address of this session (for the sign-in throttle), or None when unknown."""
    try:
        return getattr(st.context, "ip_address", None)
    except Exception:  # no request context (AppTest, bare mode): no per-client throttle then
        return None


def require_page(page: str) -> Account:
    """The signed-in account if its role may open ``page`` (:data:`data.permissions.PAGE_ROLES`)."""
    return require_role(*permissions.PAGE_ROLES[page])


def require_role(*roles: str) -> Account:
    """The signed-in account if its role is one of ``roles``; else a sign-in hint and the page stops."""
    from ui.context import current_locale

    _ = i18n.translator(current_locale(), "admin")
    account = current_account()
    if account is None:
        st.info(_("Sign in with a staff account (sidebar) to use this page."))
        _login_form(_, "page_login")
        st.stop()
    if account["role"] not in roles:
        st.warning(_("Your account cannot use this page."))
        st.stop()
    return Account(account["username"], account["role"], account["scope_kato"])


def new_password_hash(_, first: str, second: str) -> str | None:
    """Hash of a new password typed twice, or None after showing why it is refused."""
    if first != second:
        st.error(_("The two passwords differ."))
        return None
    try:
        return hash_password(first)
    except AuthError:
        st.error(_("A password needs 10 to 72 characters."))
        return None
