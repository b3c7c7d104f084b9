"""Who may do what: every role and scope rule of Qonys in one place (see DESIGN.md "Users").

The store enforces these rules on every write (re-reading the acting account inside the write's
transaction), and :mod:`ui.auth` / :mod:`app` use the same tables to show or hide pages. Pure: no
Streamlit, no DuckDB.
"""

from __future__ import annotations

from collections.abc import Iterable

#: Roles of signed-in users (the public needs no account).
ROLES = ("consul", "akimat", "ministry")

#: The person at the server's console (``python -m data.users``, tests): whoever can run commands
#: there can already read and replace the database file, so account management from the console
#: needs no account. The name is reserved: no account may be called so.
OPERATOR = "cli"

#: Each action and the roles that may do it.
ACTIONS: dict[str, tuple[str, ...]] = {
    "edit_values": ("akimat", "ministry"),  # enter values on the data desk (within scope)
    "rollback": ("akimat", "ministry"),  # undo an own-scope batch
    "review": ("ministry",),  # approve or reject pending values
    "manage_settings": ("ministry",),  # profiles, quotas, support measures, indicator policy
    "manage_users": ("ministry",),  # add accounts, change role/scope/password, disable/enable
    "consult": ("consul", "ministry"),  # save and delete advisor consultations
    "issue_request": ("ministry",),  # issue and withdraw data requests (the data campaign)
    "edit_registers": ("akimat", "ministry"),  # centres, programmes, sectors, contacts (akimat: own oblast)
    "confirm_register": ("ministry",),  # mark an oblast's register complete (lets an indicator be scored)
}

#: Which pages each role may open (the public has no account and sees Map, Table, Methodology and Progress).
PAGES_BY_ROLE: dict[str | None, tuple[str, ...]] = {
    None: ("map", "table", "methodology", "progress"),
    "consul": ("map", "table", "methodology", "progress", "advisor"),
    "akimat": ("map", "table", "methodology", "progress", "data"),
    "ministry": ("map", "table", "methodology", "progress", "advisor", "data", "admin", "monitoring"),
}

#: Roles that may use each staff page (the pages' ``require_role`` gate).
PAGE_ROLES: dict[str, tuple[str, ...]] = {
    page: tuple(role for role in ROLES if page in PAGES_BY_ROLE[role])
    for page in ("advisor", "data", "admin", "monitoring")
}


def roles_for(action: str) -> tuple[str, ...]:
    """The roles that may do ``action`` (a key of :data:`ACTIONS`)."""
    try:
        return ACTIONS[action]
    except KeyError:
        raise ValueError(f"unknown action {action!r}; expected one of {sorted(ACTIONS)}") from None


def may(role: str | None, action: str) -> bool:
    """Whether a role (None = public) may do ``action``."""
    return role in roles_for(action)


def may_open(role: str | None, page: str) -> bool:
    """Whether a role (None = public) may open a page (``map``, ``advisor``, ``data`` …)."""
    return page in PAGES_BY_ROLE.get(role, PAGES_BY_ROLE[None])


def may_edit_indicator(role: str, *, supplier: str, akimat_editable: bool) -> bool:
    """Whether a role may enter values of an indicator.

    The ministry may enter every indicator but derived ones (those are computed from others); an
    akimat officer only those the akimat supplies or the ministry allowed (``akimat_editable``).
    """
    if role == "ministry":
        return supplier != "derived"
    if role == "akimat":
        return supplier == "akimat" or bool(akimat_editable)
    return False


def scope_rule(role: str, scope_kato: str | None) -> str | None:
    """Where an account may edit: ``'everywhere'`` (ministry), ``'unit'`` (an akimat's KATO and the
    districts under it) or None (nowhere)."""
    if role == "ministry":
        return "everywhere"
    if role == "akimat" and scope_kato:
        return "unit"
    return None


def is_active(account: dict | None, *, now: object | None = None) -> bool:
    """Whether an account row may act: it exists, is not disabled and not locked at ``now``."""
    if account is None or account.get("disabled"):
        return False
    until = account.get("locked_until")
    return until is None or now is None or until <= now


def within_scope(katos: Iterable[str], allowed: set[str] | None) -> bool:
    """Whether every KATO is inside an account's scope (``allowed`` None: everywhere)."""
    return allowed is None or set(katos) <= allowed


def may_delete_consultation(account: dict, saved_by: str) -> bool:
    """An embassy officer deletes the consultations they saved; the ministry any."""
    return may(account["role"], "consult") and (account["role"] == "ministry" or account["username"] == saved_by)


def may_edit_register_row(account: dict, oblast_kato: str | None, *, oblast_of_scope: str | None) -> bool:
    """Whether an account may add or change a register row of ``oblast_kato``.

    The ministry edits every row (national rows, ``oblast_kato`` None, included); an akimat officer only
    rows of the oblast its scope lies in (``oblast_of_scope``: the scope itself or its parent oblast).
    """
    if account["role"] == "ministry":
        return True
    return account["role"] == "akimat" and oblast_kato is not None and oblast_kato == oblast_of_scope
