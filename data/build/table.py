"""One loaded table of the build and the source lines its rows came from."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Loaded:
    """A table to write and, per row, the line of the vendored file it came from.

    Parameters
    ----------
    table
        Rows in the database table's columns (extra columns are ignored by the writer).
    lines
        Line numbers (as a spreadsheet shows them, header = 1) aligned with ``table``; ``None`` when
        rows do not map one-to-one to lines (then errors name the row's position instead).
    file
        The vendored file the rows came from (``stats/mci.csv``), named in errors.
    """

    table: pd.DataFrame
    lines: pd.Series | None = None
    file: str | None = None

    def line(self, i: int) -> int:
        """The source line of row ``i`` (0-based position), or ``i + 1`` when unknown."""
        return int(self.lines.iloc[i]) if self.lines is not None else i + 1


def from_csv(frame: pd.DataFrame, columns: list[str], file: str) -> Loaded:
    """A :class:`Loaded` of a frame read by :func:`data.raw.read_csv`, keeping ``columns`` and the lines."""
    return Loaded(frame[columns].reset_index(drop=True), frame["_line"].reset_index(drop=True), file)
