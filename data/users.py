"""Manage accounts: ``python -m data.users add|list|disable|enable|set-password``.

Passwords are read from standard input (a terminal prompt when interactive), never from an argument,
so they stay out of shell history and process lists. There is no default account or password.

Examples
--------
``python -m data.users add aigerim --role akimat --scope 100000000`` then type the password twice;
``printf '%s\\n' "$PW" | python -m data.users set-password aigerim``.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from data.auth import AuthError, hash_password
from data.errors import ValidationFailed
from data.permissions import OPERATOR, ROLES
from data.store import Store, StoreError

CLI_USER = OPERATOR  # the console needs no account: see data.permissions.OPERATOR


def _read_password(stdin: object) -> str:
    if getattr(stdin, "isatty", lambda: False)():
        first = getpass.getpass("Password: ")
        if getpass.getpass("Repeat: ") != first:
            raise AuthError("mismatch")
        return first
    return stdin.readline().rstrip("\r\n")  # type: ignore[attr-defined]


def main(argv: list[str] | None = None, *, stdin: object = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m data.users", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    add = sub.add_parser("add", help="create an account; the password is read from standard input")
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--scope", default=None, help="oblast or district KATO (akimat users only)")
    sub.add_parser("list", help="list accounts (no hashes)")
    for name in ("disable", "enable", "set-password"):
        sub.add_parser(name).add_argument("username")
    args = parser.parse_args(argv)
    stdin = stdin or sys.stdin
    try:
        store = Store()
        if args.command == "list":
            print(store.users().to_string(index=False))
        elif args.command == "add":
            store.add_user(args.username, args.role, args.scope, hash_password(_read_password(stdin)), by=CLI_USER)
            print(f"added {args.username} ({args.role})")
        elif args.command == "set-password":
            if store.user(args.username) is None:
                print(f"unknown user {args.username}", file=sys.stderr)
                return 1
            store.set_user(args.username, by=CLI_USER, password_hash=hash_password(_read_password(stdin)))
            print(f"password of {args.username} set")
        else:
            if store.user(args.username) is None:
                print(f"unknown user {args.username}", file=sys.stderr)
                return 1
            store.set_user(args.username, by=CLI_USER, disabled=args.command == "disable")
            print(f"{args.username} {args.command}d")
    except AuthError as exc:
        message = (
            "passwords differ"
            if exc.reason == "mismatch"
            else "password must be 10–72 bytes and not blank"
            if exc.reason == "weak"
            else str(exc)
        )
        print(message, file=sys.stderr)
        return 1
    except (ValidationFailed, StoreError) as exc:
        print(exc.problems[0].describe() if isinstance(exc, ValidationFailed) else exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
