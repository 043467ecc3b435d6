"""Text helpers shared by the loader and the searches, and :class:`Message`, text the interface can translate."""

from __future__ import annotations

import unicodedata
from typing import Any

__all__ = ["FORMULA_STARTS", "Message", "fold", "spreadsheet_safe"]


#: What a spreadsheet reads as the start of a formula (OWASP, "CSV injection"): a cell of text starting so
#: is written after a ``'``, which spreadsheets show as text and do not run.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """``value`` for a CSV cell: text that a spreadsheet would run as a formula gets a leading ``'``.

    Numbers stay numbers (``-3`` is not text starting with ``-``).

    >>> spreadsheet_safe("=1+2"), spreadsheet_safe("-2"), spreadsheet_safe(-2), spreadsheet_safe("a-b")
    ("'=1+2", "'-2", -2, 'a-b')
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


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


class Message(str):
    """English text that keeps its gettext template and values, so the web app can say it in French.

    It is a ``str`` (the English text), so the CLI, logs and JSON use it as
    it is; :func:`web.i18n.translate` looks ``template`` up in the
    interface's catalog and puts the values back in. ``pybabel extract``
    finds the templates (``Message`` is one of its keywords, see
    ``babel.cfg``). Values that are messages themselves are translated too.

    >>> m = Message("works with %(n)s of your partners", n=3)
    >>> m, m.template, m.values
    ('works with 3 of your partners', 'works with %(n)s of your partners', {'n': 3})
    >>> Message("no values: 100% as written")
    'no values: 100% as written'
    """

    template: str
    values: dict[str, Any]

    def __new__(cls, template: str, **values: Any) -> Message:
        text = template % values if values else template
        self = super().__new__(cls, text)
        self.template = template
        self.values = values
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (_message, (self.template, self.values))


def _message(template: str, values: dict[str, Any]) -> Message:
    return Message(template, **values)
