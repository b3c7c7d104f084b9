"""One test for "this value is missing", shared by formatting and place names."""

from __future__ import annotations

from typing import Any


def is_missing(value: Any) -> bool:
    """Tell whether ``value`` stands for "no data".

    ``None``, float/NumPy NaN, ``pandas.NA``, ``pandas.NaT`` and blank strings are missing; ``0`` is a value.

    Parameters
    ----------
    value : Any
        A scalar from a data frame, the store, or user input.

    Returns
    -------
    bool
        ``True`` when the value must be shown as missing.
    """
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    try:
        return bool(value != value)  # NaN and NaT are the only values unequal to themselves
    except TypeError:
        return True  # pandas.NA: its comparisons are themselves NA and refuse bool()
