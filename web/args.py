"""The request's query-string arguments, read and checked in one place.

Every page reads its arguments with these functions. Text is stripped; a
list is given repeated (``country=MA&country=FR``) or comma-separated
(``country=MA,FR``); a value the graph must have (a country code, an
expertise id) is checked against it, accents and case ignored
(``country=ma`` is ``MA``), and answered as the graph spells it. A bad value is a
:class:`graph.errors.BadRequest` (400) with one message per kind of mistake,
naming the parameter:

- ``NAME must be a whole number from LOW to HIGH, not 'RAW'``
- ``NAME must be a number, not 'RAW'``
- ``NAME is limited to N characters``

Lengths are capped here, in one place: every value of the query string at
:data:`MAX_VALUE` characters (checked before any view runs, :func:`init_app`),
and the words typed in a search box (``q`` of the partner finder, the search,
the type-ahead, the recommendations) at :data:`MAX_WORDS`: matching a query
costs time in proportion to its length (a ``q`` of 100 KB cost the partner
finder 9 s of CPU).
- ``NAME must be one of A, B, C, not 'VALUE'``
- ``unknown NAME 'VALUE': HINT``
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from typing import overload

from flask import Flask, request

from graph.errors import BadRequest
from graph.model import ROLES
from graph.text import Message, fold

__all__ = [
    "MAX_VALUE",
    "MAX_WORDS",
    "check_lengths",
    "choice",
    "countries",
    "country",
    "expertise",
    "init_app",
    "integer",
    "known",
    "listed",
    "number",
    "role",
    "roles",
    "text",
    "words",
]

#: Longest value of any query-string argument (a longer one is answered 400 before any view runs).
MAX_VALUE = 10_000
#: Longest text typed in a search box (``q``): words, a name; longer is a mistake, answered 400.
MAX_WORDS = 200

COUNTRY_HINT = Message("use a country code of the graph, e.g. FR")


def _too_long(name: str, length: int) -> BadRequest:
    return BadRequest(Message("%(name)s is limited to %(length)s characters", name=name[:40], length=length))


def check_lengths() -> None:
    """Refuse (400) a request with a query-string value longer than :data:`MAX_VALUE`, naming it."""
    for name, value in request.args.items(multi=True):
        if len(value) > MAX_VALUE or len(name) > MAX_VALUE:
            raise _too_long(name, MAX_VALUE)


def init_app(app: Flask) -> None:
    """Check every request's lengths before its view runs (:func:`check_lengths`)."""
    app.before_request(check_lengths)


EXPERTISE_HINT = Message("use an expertise id of the graph")


def text(name: str, max_length: int | None = None) -> str:
    """The argument ``name``, stripped; ``""`` when it is absent."""
    value = request.args.get(name, "").strip()
    if max_length is not None and len(value) > max_length:
        raise _too_long(name, max_length)
    return value


def words(name: str = "q") -> str:
    """The text typed in a search box (``name``), stripped, at most :data:`MAX_WORDS` characters (else 400)."""
    return text(name, max_length=MAX_WORDS)


@overload
def integer(name: str, low: int, high: int, default: int) -> int: ...
@overload
def integer(name: str, low: int, high: int, default: None = None) -> int | None: ...
def integer(name: str, low: int, high: int, default: int | None = None) -> int | None:
    """The argument ``name`` as a whole number from ``low`` to ``high``; ``default`` when it is absent."""
    raw = text(name)
    if not raw:
        return default
    try:
        value: int | None = int(raw)
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        raise BadRequest(
            Message(
                "%(name)s must be a whole number from %(low)s to %(high)s, not %(raw)r",
                name=name,
                low=str(low),
                high=str(high),
                raw=raw,
            )
        )
    return value


def number(name: str, default: float) -> float:
    """The argument ``name`` as a finite number (not ``nan`` or ``inf``); ``default`` when it is absent."""
    raw = text(name)
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise BadRequest(Message("%(name)s must be a number, not %(raw)r", name=name, raw=raw))
    return value


def listed(name: str) -> tuple[str, ...]:
    """Every value of ``name``, repeated or comma-separated, stripped, without blanks or repeats, in order."""
    values = (v.strip() for raw in request.args.getlist(name) for v in raw.split(","))
    return tuple(dict.fromkeys(v for v in values if v))


def _one_of(name: str, value: str, choices: Sequence[str]) -> str:
    """``value`` as ``choices`` spell it (case ignored), or a 400."""
    if value in choices:
        return value
    value = next((c for c in choices if c.casefold() == value.casefold()), value)
    if value not in choices:
        expected = repr(choices[0]) if len(choices) == 1 else Message("one of %(choices)s", choices=", ".join(choices))
        raise BadRequest(
            Message("%(name)s must be %(expected)s, not %(value)r", name=name, expected=expected, value=value)
        )
    return value


def choice(name: str, choices: Sequence[str]) -> str | None:
    """The argument ``name``, one of ``choices``; ``None`` when it is absent."""
    value = text(name)
    return _one_of(name, value, choices) if value else None


def role(name: str = "role", alias: str | None = "kind") -> str | None:
    """One role (:data:`graph.model.ROLES`) given as ``name=``, or as ``alias=`` (its deprecated old name)."""
    return choice(name, ROLES) or (choice(alias, ROLES) if alias else None)


def roles(name: str = "role", alias: str | None = "kind") -> tuple[str, ...]:
    """Roles given as ``name=`` (a list) and as ``alias=`` (its deprecated old name), each checked."""
    given = [_one_of(n, r, ROLES) for n in (name, alias) if n for r in listed(n)]
    return tuple(dict.fromkeys(given))


def _check_known(name: str, value: str, values: Collection[str], hint: Message) -> str:
    """``value`` as ``values`` spell it (accents and case ignored: ``ma`` is ``MA``), or a 400."""
    if value in values:
        return value
    folded = fold(value)
    found = [v for v in values if fold(v) == folded]
    if len(found) != 1:
        raise BadRequest(Message("unknown %(name)s %(value)r: %(hint)s", name=name, value=value, hint=hint))
    return found[0]


def known(name: str, values: Collection[str], hint: Message) -> str | None:
    """The argument ``name`` if it is one of ``values`` (what the graph has); ``None`` when it is absent."""
    value = text(name)
    return _check_known(name, value, values, hint) if value else None


def country(codes: Collection[str], name: str = "country") -> str | None:
    """A country code of the graph (``codes``); ``None`` when it is absent."""
    return known(name, codes, COUNTRY_HINT)


def countries(codes: Collection[str], name: str = "country") -> tuple[str, ...]:
    """Country codes of the graph (``codes``), as a list."""
    return tuple(_check_known(name, code, codes, COUNTRY_HINT) for code in listed(name))


def expertise(ids: Collection[str], name: str = "expertise") -> str | None:
    """An expertise id of the graph (``ids``); ``None`` when it is absent."""
    return known(name, ids, EXPERTISE_HINT)
