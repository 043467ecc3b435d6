"""Text helpers shared by the loader and the searches."""

from __future__ import annotations

import unicodedata

__all__ = ["fold"]


def fold(text: str | None) -> str:
    """Lower-case ``text`` without accents, for accent- and case-insensitive matching.

    Examples
    --------
    >>> fold("École Supérieure d'Ingénieurs")
    "ecole superieure d'ingenieurs"
    >>> fold(None)
    ''
    """
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
