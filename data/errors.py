"""The one validation error type shared by the build, the importer and the pages."""

from __future__ import annotations


class ValidationError(Exception):
    """A problem with one value of an input, named by where it is and why it is wrong.

    Parameters
    ----------
    reason
        Short English reason (a gettext message id, so the UI can translate it).
    file
        Name of the input file or table, if any.
    row
        1-based line number in the file as a spreadsheet shows it (header = line 1), if known.
    column
        Column name, if known.
    params
        Values to substitute into the translated reason (``{value}``, ``{min}`` …).
    """

    def __init__(
        self,
        reason: str,
        *,
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
        **params: object,
    ) -> None:
        self.reason = reason
        self.file = file
        self.row = row
        self.column = column
        self.params = params
        super().__init__(self.describe())

    def describe(self, translate=lambda s: s, columns: dict[str, str] | None = None) -> str:
        """Return the message, translated by ``translate`` when given.

        ``columns`` maps a column key to its message id (e.g. the importer's localised headers), so the
        column is named in the reader's language.
        """
        where = []
        if self.file:
            where.append(self.file)
        if self.row is not None:
            where.append(f"{translate('row')} {self.row}")
        if self.column:
            column = translate(columns[self.column]) if columns and self.column in columns else self.column
            where.append(f"{translate('column')} {column}")
        text = translate(self.reason).format(**self.params) if self.params else translate(self.reason)
        return f"{', '.join(where)}: {text}" if where else text


class ValidationFailed(Exception):
    """Every problem found in one input (a table edit or an imported file); nothing was written.

    Parameters
    ----------
    problems
        One :class:`ValidationError` per offending value, in row order.
    """

    def __init__(self, problems: list[ValidationError]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.row is None, p.row or 0, p.column or ""))
        super().__init__(f"{len(self.problems)} problem(s): " + "; ".join(p.describe() for p in self.problems[:5]))


class ConflictError(Exception):
    """Someone saved a value after the editor loaded it (optimistic version check); nothing was written.

    ``conflicts`` holds one dict per value: ``kato``, ``indicator``, ``yours`` (the value being saved),
    ``theirs`` (the value now stored), ``theirs_by``, ``theirs_at`` and ``current_id`` — the id to
    pass as ``base_id`` to overwrite deliberately.
    """

    def __init__(self, conflicts: list[dict]) -> None:
        self.conflicts = conflicts
        names = ", ".join(f"{c['kato']}/{c['indicator']}" for c in conflicts[:5])
        super().__init__(f"{len(conflicts)} value(s) changed by someone else since you loaded them: {names}")


class AccessDenied(Exception):
    """The user may not do this (wrong role, outside their scope, disabled or unknown)."""
