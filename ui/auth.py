"""Sidebar sign-in widget and the role gate of staff pages (logic in :mod:`data.auth`)."""

# i18n-domain: admin
from __future__ import annotations

import secrets
import threading
import time

import streamlit as st

import i18n
from data import permissions
from data.auth import SESSION_IDLE_MINUTES, Account, AuthError, authenticate, hash_password

SESSION_KEY = "qonys_account"
#: Query parameter holding the opaque session token, so that a reload (which loses Streamlit's session
#: state) finds the signed-in account again within the idle timeout. The token is random and means
#: nothing outside this server process; no personal data goes into the URL.
TOKEN_PARAM = "s"
#: token → {"account": dict, "last_seen": monotonic seconds, "draft": dict}; server memory only, never stored.
_SESSIONS: dict[str, dict] = {}
_SESSIONS_LOCK = threading.Lock()
ROLE_LABELS = {
    "consul": i18n.N_("Embassy officer"),
    "akimat": i18n.N_("Akimat officer"),
    "ministry": i18n.N_("Ministry analyst"),
}


def current_account() -> dict | None:
    """The signed-in account of this session, or None; ends the session after 30 idle minutes.

    After a reload the account comes back from the session token in the URL (:data:`TOKEN_PARAM`) if it
    was used within the idle timeout."""
    account = st.session_state.get(SESSION_KEY) or _restore_from_token()
    if not account:
        return None
    if time.monotonic() - account["last_seen"] > SESSION_IDLE_MINUTES * 60:
        del st.session_state[SESSION_KEY]
        _forget_token(account.get("token"))
        st.session_state["qonys_timed_out"] = True
        return None
    account["last_seen"] = time.monotonic()
    token = account.get("token")
    with _SESSIONS_LOCK:
        if token in _SESSIONS:
            _SESSIONS[token]["last_seen"] = account["last_seen"]
    if token and _query_token() != token:
        _set_query_token(token)
    return account


def _query_token() -> str | None:
    try:
        value = st.query_params.get(TOKEN_PARAM)
    except Exception:  # no request context
        return None
    return value if isinstance(value, str) and value else None


def _set_query_token(token: str | None) -> None:
    try:
        if token:
            st.query_params[TOKEN_PARAM] = token
        elif TOKEN_PARAM in st.query_params:
            del st.query_params[TOKEN_PARAM]
    except Exception:  # no request context
        pass


def _restore_from_token() -> dict | None:
    """The account of the URL's session token if it is known and not idle too long (else None)."""
    token = _query_token()
    if not token:
        return None
    now = time.monotonic()
    with _SESSIONS_LOCK:
        entry = _SESSIONS.get(token)
        if entry is None:
            return None
        if now - entry["last_seen"] > SESSION_IDLE_MINUTES * 60:
            del _SESSIONS[token]
            st.session_state["qonys_timed_out"] = True
            return None
        account = {**entry["account"], "token": token, "last_seen": now}
    st.session_state[SESSION_KEY] = account
    return account


def _start_token_session(account: dict) -> str:
    token = secrets.token_urlsafe(24)
    with _SESSIONS_LOCK:
        _SESSIONS[token] = {"account": dict(account), "last_seen": time.monotonic(), "draft": {}}
    _set_query_token(token)
    return token


def _forget_token(token: str | None) -> None:
    with _SESSIONS_LOCK:
        _SESSIONS.pop(token or "", None)
    _set_query_token(None)


def session_draft() -> dict:
    """The form draft kept with this session's token (server memory only; empty without a token)."""
    account = st.session_state.get(SESSION_KEY) or {}
    with _SESSIONS_LOCK:
        entry = _SESSIONS.get(account.get("token") or "")
        return dict(entry["draft"]) if entry else {}


def save_session_draft(values: dict) -> None:
    """Keep ``values`` (a form's widget values) with this session's token until sign-out or the idle timeout."""
    account = st.session_state.get(SESSION_KEY) or {}
    with _SESSIONS_LOCK:
        entry = _SESSIONS.get(account.get("token") or "")
        if entry is not None:
            entry["draft"] = dict(values)


def sidebar_login(locale: str) -> dict | None:
    """Sign-in form (or the signed-in user and a sign-out button) in the sidebar; returns the account."""
    _ = i18n.translator(locale, "admin")
    account = current_account()
    if account:
        role_label = ROLE_LABELS[account["role"]]
        st.sidebar.caption(_("Signed in as {user} ({role})").format(user=account["username"], role=_(role_label)))
        if st.sidebar.button(_("Sign out"), key="logout"):
            _forget_token(account.get("token"))
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
    account = signed.as_dict()
    st.session_state[SESSION_KEY] = {**account, "token": _start_token_session(account), "last_seen": time.monotonic()}
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
