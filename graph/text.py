"""Text helpers shared by the loader and the searches, and :class:`Message`, text the interface can translate."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

__all__ = ["FORMULA_STARTS", "INVISIBLE", "Message", "clean_id", "clean_text", "fold", "look_alike", "spreadsheet_safe"]


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


#: Characters that show nothing and change nothing in a name, removed from every text read: soft hyphen,
#: Mongolian vowel separator, zero-width space, word joiner, invisible operators, byte order mark (zero-width
#: no-break space). The zero-width joiner and non-joiner, which shape Arabic, Persian and Indic names, are
#: kept in names (not in ids: :func:`clean_id`).
INVISIBLE = "\u00ad\u180e\u200b\u2060\u2061\u2062\u2063\u2064\ufeff"
_INVISIBLE = re.compile(f"[{INVISIBLE}]")
#: Every format character (Unicode 14 category Cf: the invisible ones above, joiners, direction marks and
#: overrides, tags...): none belongs in an id.
_FORMAT = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U00013438\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)


def clean_text(text: str) -> str:
    r"""``text`` in Unicode NFC (composed: ``e`` + combining acute is ``é``), without :data:`INVISIBLE` characters.

    Two spellings that look the same are then the same text: a name typed on a Mac (decomposed) and on
    Windows (composed), a name pasted from a web page with a zero-width space.

    >>> clean_text("e\u0301cole"), clean_text("Cnam\u200b"), clean_text("multi\u00admedia"), clean_text("Cnam")
    ('école', 'Cnam', 'multimedia', 'Cnam')
    """
    if text.isascii():
        return text
    text = _INVISIBLE.sub("", text)
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def clean_id(text: str) -> str:
    r"""An id as compared and stored: NFKC (compatibility forms: full-width ``ｅｃｏｌｅ`` is ``ecole``, the
    ligature ``ﬁ`` is ``fi``), without any format character (zero-width, direction marks), stripped.

    Case and accents are kept: ``École`` and ``ecole`` stay two ids (:func:`look_alike` finds them).

    >>> clean_id("\uff45\uff43\uff4f\uff4c\uff45"), clean_id("ecole\u200b"), clean_id("e\u0301cole"), clean_id("ECOLE")
    ('ecole', 'ecole', 'école', 'ECOLE')
    """
    if text.isascii():
        return text
    text = _FORMAT.sub("", text)
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return text.strip()


def look_alike(text: str) -> str:
    r"""What ids that differ only by case, accents or width have in common (:func:`fold` of :func:`clean_id`).

    >>> look_alike("École") == look_alike("ecole") == look_alike("ＥＣＯＬＥ")
    True
    """
    return text.lower() if text.isascii() else fold(clean_id(text))


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

    def with_values(self, **values: Any) -> Message:
        """The same message with some values replaced.

        >>> Message("no %(what)s here", what="x" * 9).with_values(what="x…")
        'no x… here'
        """
        return _message(self.template, {**self.values, **values})


def _message(template: str, values: dict[str, Any]) -> Message:
    return Message(template, **values)
