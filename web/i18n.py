"""French and English: the interface follows the browser, ``?lang=`` switches (and is remembered).

The interface's messages are gettext messages, as in every Flask-Babel app:
English text in the code and templates (``_("Network")``), French in
``web/translations/fr/LC_MESSAGES/messages.po``. Translators work with the
usual commands (``pybabel extract -F babel.cfg -o web/translations/messages.pot .``,
``pybabel update``, ``pybabel compile -d web/translations``), see the README.

Messages made outside the web app (errors, the partner finder's reasons,
recommendation evidence) are :class:`graph.text.Message` objects: English
text that also keeps its template and values, so :func:`translate` can say
it again in the page's language. Numbers are formatted by Babel for the
locale (``1 452`` in French, ``1,452`` in English). Names from the data show
in French where the data has a French name (:func:`localized`).
"""

from __future__ import annotations

import functools
import numbers
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from babel import Locale
from babel.numbers import NumberPattern, parse_pattern
from flask import Flask, Response, g, request
from flask_babel import Babel, get_locale
from flask_babel import gettext as _gettext
from flask_babel import lazy_gettext as _l

from graph.model import ROLES
from graph.text import Message

__all__ = [
    "COOKIE",
    "LANGUAGES",
    "ROLE_NAMES",
    "get_lang",
    "gettext",
    "init_app",
    "localized",
    "number",
    "remember_lang",
    "role_name",
    "translate",
]

LANGUAGES = ("en", "fr")
COOKIE = "lang"

#: The name of each role, for forms, legends and tables.
ROLE_NAMES = {"centre": _l("Centre"), "partner": _l("Partner"), "company": _l("Company"), "funder": _l("Funder")}
assert set(ROLE_NAMES) == set(ROLES)


def init_app(app: Flask) -> None:
    """Flask-Babel with the request's language; the language remembered on the response."""
    Babel(app, locale_selector=get_lang)
    app.after_request(remember_lang)


def get_lang() -> str:
    """The language of this request: ``?lang=``, else the cookie, else the browser's, else English."""
    if "lang" not in g:
        asked = request.args.get("lang")
        if asked in LANGUAGES:
            g.lang = asked
        elif request.cookies.get(COOKIE) in LANGUAGES:
            g.lang = request.cookies[COOKIE]
        else:
            g.lang = request.accept_languages.best_match(LANGUAGES, default="en")
    return g.lang


def remember_lang(response: Response) -> Response:
    """Keep a language chosen with ``?lang=`` for the next pages."""
    asked = request.args.get("lang")
    if asked in LANGUAGES and request.cookies.get(COOKIE) != asked:
        response.set_cookie(COOKIE, asked, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response


def gettext(message: str, **values: object) -> str:
    """``message`` in the request's language, with ``values`` put in (``%(name)s``)."""
    return _gettext(message, **values)


def role_name(role: str | None) -> str:
    """The name of ``role`` in the request's language (the id itself if it is not a role)."""
    name = ROLE_NAMES.get(role or "")
    return str(name) if name is not None else (role or "")


def number(value: Any, digits: int = 0) -> str:
    """``value`` written for the request's language: ``1 452`` in French, ``1,452`` in English.

    Whole numbers stay whole; others get at most ``digits`` decimals. Anything
    that is not a number is returned as it is.
    """
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        value = int(value)
    elif isinstance(value, numbers.Real | Decimal) and not isinstance(value, bool):
        value = value if isinstance(value, Decimal) else float(value)
    else:
        return "" if value is None else str(value)
    locale = get_locale() or Locale.parse("en")
    return _pattern(max(digits, 0)).apply(value, locale)


@functools.lru_cache(maxsize=16)
def _pattern(digits: int) -> NumberPattern:
    """The number pattern of ``digits`` decimals at most, parsed once (parsing it took most of the time of a
    page of a few thousand numbers)."""
    return parse_pattern("#,##0" if digits == 0 else "#,##0." + "#" * digits)


def translate(text: Any) -> str:
    """``text`` in the request's language: a :class:`graph.text.Message` is said again from its
    template (its values translated too), numbers are formatted for the locale; anything else
    is returned as text."""
    if isinstance(text, Message):
        values = {k: _value(v) for k, v in text.values.items()}
        return _gettext(text.template, **values) if values else _gettext(text.template)
    return "" if text is None else str(text)


def _value(value: Any) -> Any:
    if isinstance(value, Message):
        return translate(value)
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return number(value, 3)
    return value


def localized(row: Mapping[str, Any] | None, field: str = "name", lang: str | None = None) -> str | None:
    """``row[field + '_fr']`` in French when the data has it, else ``row[field]``.

    >>> localized({"name": "Computer science", "name_fr": "Informatique"}, lang="fr")
    'Informatique'
    >>> localized({"name": "Cnam", "name_fr": None}, lang="fr")
    'Cnam'
    """
    if not row:
        return None
    lang = lang or get_lang()
    if lang == "fr" and row.get(f"{field}_fr"):
        return row[f"{field}_fr"]
    return row.get(field)
