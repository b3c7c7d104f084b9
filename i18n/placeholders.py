"""Spans of a message that belong to the program, not the language: format fields, HTML tags, entities, URLs."""

from __future__ import annotations

import re
from collections import Counter
from typing import Final

# Only ASCII spans are protected: a field name or tag is code, while Cyrillic inside an attribute
# (``title="…"``) is text a reader sees and must be transliterated like the rest.
_BRACE_FIELD: Final = r"\{\{|\}\}|\{[A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+|\[[A-Za-z0-9_]+\])*(?:![rsa])?(?::[!-z|~]*)?\}"
_PERCENT_FIELD: Final = (
    r"%%|%\([A-Za-z_][A-Za-z0-9_]*\)[-#0+ ]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]|%[-#0+]*\d*(?:\.\d+)?[sdif]"
)
_HTML_TAG: Final = r"</?[A-Za-z][\x20-\x3b\x3d\x3f-\x7e]*>"
_ENTITY: Final = r"&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9A-Fa-f]+);"
# A URL ends on a letter, digit or one of /#=&_- so that the comma or full stop after it stays text.
_URL: Final = r"https?://[\x21-\x7e]*[A-Za-z0-9/#=&_-]"

#: Fields and tags that a translation must carry over exactly (as a multiset; order may change).
PLACEHOLDER_RE: Final = re.compile(f"{_BRACE_FIELD}|{_PERCENT_FIELD}|{_HTML_TAG}")

#: Everything transliteration must copy verbatim: placeholders plus entities and URLs.
PROTECTED_RE: Final = re.compile(f"{_URL}|{_ENTITY}|{_BRACE_FIELD}|{_PERCENT_FIELD}|{_HTML_TAG}")


def placeholders(text: str) -> Counter[str]:
    """Count the format fields and HTML tags in ``text``.

    Parameters
    ----------
    text : str
        A message id or translation.

    Returns
    -------
    collections.Counter
        Multiset of the placeholder spans, e.g. ``Counter({"{name}": 1, "<b>": 1, "</b>": 1})``.
    """
    return Counter(PLACEHOLDER_RE.findall(text))


def split_protected(text: str) -> list[tuple[str, bool]]:
    """Cut ``text`` into ``(span, protected)`` pieces, in order, that join back to ``text``."""
    pieces: list[tuple[str, bool]] = []
    position = 0
    for match in PROTECTED_RE.finditer(text):
        if match.start() > position:
            pieces.append((text[position : match.start()], False))
        pieces.append((match.group(), True))
        position = match.end()
    if position < len(text):
        pieces.append((text[position:], False))
    return pieces
