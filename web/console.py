"""The analysts' console: Cypher in, a table and a graph out; read-only, with time and row limits.

``POST /console/run`` takes JSON ``{"cypher": TEXT, "params": {...}}`` or
``{"name": SAVED_QUERY, "params": {...}}`` and answers the rows. It needs the
``X-CSRF-Token`` header of the console page (also given by
``GET /console.json``, with its session cookie). Writes are refused by the
engine itself (FalkorDB ``GRAPH.RO_QUERY``, Neo4j READ access mode);
:mod:`graph.store.console` also refuses ``LOAD CSV`` and several statements.

A saved query's parameters are typed (``// param NAME (TYPE):`` in its
header): its form has one field per parameter, sent as typed text
(``p.limit=25``, ``p.country=MA``, ``p.ids=cnam, afd``) and converted here by
the declared type; a bad value answers 400 naming the parameter. The library
(``/library``) lists the analysts' queries by the question they answer
(internal queries run by name but are not listed).
"""

from __future__ import annotations

import hmac
import json
import secrets
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, Flask, Response, current_app, jsonify, request, session

from graph.errors import BadRequest, CSRFError, QueryTimeout
from graph.store import Result
from graph.store.console import ConsolePool, check_console_params, check_console_query
from graph.store.library import GROUPS, OTHER_GROUP, TYPES, Parameter, Query, analyst_queries
from graph.text import Message, fold
from web import args
from web.i18n import gettext, localized, number, translate
from web.lookups import get_query
from web.responses import Page, html_and_json
from web.state import get_state

__all__ = ["bp", "check_origin", "csrf_token", "get_secret", "init_app"]

bp = Blueprint("console", __name__)


def csrf_token() -> str:
    """The session's token for the console's requests (made on first use)."""
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def check_origin() -> None:
    """A browser's request from a page of another origin (another host, or this one behind a rebinding DNS
    name) is refused, whatever its token."""
    origin = request.headers.get("Origin")
    if origin is None:
        return  # not sent by a browser (curl, the CLI), or a same-origin GET
    from werkzeug.sansio.utils import host_is_trusted

    host = urlsplit(origin).netloc
    if origin == "null" or not host or not host_is_trusted(host, current_app.config.get("TRUSTED_HOSTS") or []):
        raise CSRFError(Message("cross-origin request refused: the console answers only its own pages"))


def _check_csrf() -> None:
    check_origin()
    sent = request.headers.get("X-CSRF-Token", "")
    expected = session.get("csrf", "")
    if not expected or not hmac.compare_digest(sent, expected):
        raise CSRFError(Message("missing or wrong CSRF token: reload the console page (GET /console.json gives one)"))


def _limits() -> dict[str, Any]:
    settings = get_state().settings
    return {"time_limit_s": settings.query_timeout, "row_limit": settings.row_limit}


def _form_values() -> dict[str, str]:
    """The parameters of the library's and the console's forms (``p.NAME=value``), as typed."""
    return {key[2:]: raw for key, raw in request.args.items() if key.startswith("p.") and key[2:]}


def _json_object(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError:
        value = None
    if not isinstance(value, dict):
        raise BadRequest(Message('params must be a JSON object, e.g. {"country": "MA"}'))
    return value


def _saved_params(query: Query, params: str) -> dict[str, Any]:
    """A saved query's parameters: its example, then ``params=`` (JSON), then the form's fields; converted."""
    given = {**(query.example or {}), **(_json_object(params) if params else {}), **_form_values()}
    return query.convert_params(given)


@html_and_json(bp, "/console", kept=False)
def console() -> Page:
    """The console; ``?name=`` opens a saved query, ``p.NAME=`` gives its parameters, ``run=1`` runs it."""
    state = get_state()
    name, text, params = args.text("name"), args.text("cypher"), args.text("params")
    described = None
    if name:
        query = get_query(name)
        values = _saved_params(query, params)
        text, params = query.text(state.store.dialect), json.dumps(values, ensure_ascii=False)
        described = _described(query, values)
    elif not params and _form_values():
        params = json.dumps({k: Parameter(k).convert(v) for k, v in _form_values().items()}, ensure_ascii=False)
    data = {"csrf_token": csrf_token(), "engine": state.store.dialect, **_limits(), "name": name or None}
    context = {"cypher": text, "params": params or "{}", "autorun": args.text("run") == "1", "saved": _catalogue}
    return Page("console.html", {**data, "query": described}, context)


def _query_text(body: Any) -> tuple[str, dict[str, Any]]:
    """The Cypher text and parameters of a console request's JSON body (a saved query's, or the analyst's own)."""
    if not isinstance(body, dict):
        raise BadRequest(
            Message('send JSON: {"cypher": "MATCH ...", "params": {...}} or {"name": "...", "params": {...}}')
        )
    params = body.get("params") or {}
    if not isinstance(params, dict):
        raise BadRequest(Message('params must be a JSON object, e.g. {"country": "MA"}'))
    if body.get("name"):
        query = get_query(str(body["name"]))
        return query.text(get_state().store.dialect), check_console_params(query.convert_params(params))
    return check_console_query(str(body.get("cypher") or "")), check_console_params(params)


def _rows(result: Result, params: dict[str, Any], limits: dict[str, Any]) -> dict[str, Any]:
    """What the console shows of a result: the rows, whether the row limit cut them, the time and the engine."""
    message = gettext(
        "only the first %(n)s rows are shown (row limit): add LIMIT or narrow the query", n=number(limits["row_limit"])
    )
    return {
        "columns": result.columns,
        "rows": result.rows,
        "row_count": len(result.rows),
        "truncated": result.truncated,
        "message": message if result.truncated else None,
        "elapsed_ms": round(result.elapsed_ms, 1),
        "engine": result.engine,
        "params": params,
        **limits,
    }


def _pool() -> ConsolePool:
    """The app's pool of console queries (:class:`ConsolePool`, made by :func:`init_app`)."""
    return current_app.extensions["partnernet_console"]


def _user() -> str:
    """Whose console query this is: the signed-in account, else the browser session (its CSRF token)."""
    from web.auth import current_account

    account = current_account()
    return f"account:{account.name}" if account is not None else f"session:{csrf_token()}"


@bp.post("/console/run")
def run() -> Response:
    """Run a read query with the time and row limits, in the console's pool; JSON in, JSON out."""
    _check_csrf()
    text, params = _query_text(request.get_json(silent=True))
    limits = _limits()
    store, row_limit = get_state().store, limits["row_limit"]
    try:
        result = _pool().run(
            _user(),
            limits["time_limit_s"],
            lambda left: store.run(text, params, read_only=True, timeout=left, limit=row_limit),
        )
    except QueryTimeout as e:
        raise QueryTimeout(
            Message(
                "%(error)s (time limit %(seconds)s s, setting PARTNERNET_QUERY_TIMEOUT): add LIMIT or narrow it",
                error=e.args[0] if e.args else str(e),
                seconds=f"{limits['time_limit_s']:g}",
            )
        ) from None
    return jsonify(_rows(result, params, limits))


def _field(parameter: Parameter, value: Any) -> dict[str, Any]:
    """A parameter as its form field shows it: its type, its help and its value as text."""
    help_ = localized({"help": parameter.help, "help_fr": parameter.help_fr}, "help")
    return {
        "name": parameter.name,
        "type": parameter.type,
        "type_name": translate(TYPES[parameter.type]),
        "nullable": parameter.nullable,
        "help": help_ or "",
        "value": parameter.as_text(value),
        "example": value,
    }


def _described(q: Query, values: dict[str, Any] | None = None) -> dict[str, Any]:
    """A saved query as the library and the console show it, in the page's language, its fields set to ``values``."""
    values = (q.example or {}) if values is None else values
    texts = {"title": q.title, "title_fr": q.title_fr, "description": q.description, "description_fr": q.description_fr}
    return {
        "name": q.name,
        "title": localized(texts, "title"),
        "description": localized(texts, "description"),
        "group": q.group,
        "params": [_field(q.parameter(p), values.get(p)) for p in q.parameters if p in q.params],
        "returns": list(q.returns),
    }


def _searched(q: Query) -> str:
    """What the library's search looks in: the name, the titles and descriptions in both languages, folded."""
    return fold(" ".join((q.name, q.title, q.title_fr, q.description, q.description_fr)))


def _grouped(queries: list[Query], describe: Callable[[Query], dict[str, Any]]) -> list[dict[str, Any]]:
    """``queries`` (in library order) under their groups' titles, each described by ``describe``."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for q in queries:
        groups.setdefault(q.group or "", []).append(describe(q))
    return [
        {"key": key or None, "title": translate(GROUPS.get(key, OTHER_GROUP)), "queries": described}
        for key, described in groups.items()
    ]


def _catalogue(found: set[str] | None = None) -> list[dict[str, Any]]:
    """Every analyst query by group, for the pages: with what the search looks in and whether ``found`` has it."""

    def describe(q: Query) -> dict[str, Any]:
        return {**_described(q), "search": _searched(q), "shown": found is None or q.name in found}

    return _grouped(analyst_queries(), describe)


@html_and_json(bp, "/library")
def saved_queries() -> Page:
    """The analysts' saved queries by group; ``?q=`` keeps those with every word (accents and case ignored)."""
    q = args.text("q", max_length=200)
    words = fold(q).split()
    every = analyst_queries()
    found = [x for x in every if all(w in _searched(x) for w in words)]
    data = {"q": q, "count": len(found), "total": len(every), "groups": _grouped(found, _described)}
    return Page("library.html", data, lambda: {"catalogue": _catalogue({x.name for x in found})})


def init_app(app: Flask) -> None:
    """Session settings for the CSRF token (its error goes through the app's one handler); the console's pool."""
    app.secret_key = get_secret(app)
    app.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Strict")
    settings = app.extensions["partnernet"].settings
    app.extensions["partnernet_console"] = ConsolePool(settings.console_queries, settings.console_queries_per_user)


def get_secret(app: Flask) -> bytes | str:
    """PARTNERNET_SECRET_KEY, else the key kept in the data folder (:func:`web.auth.kept_secret`)."""
    from web.auth import kept_secret

    settings = app.extensions["partnernet"].settings
    return settings.secret_key or kept_secret(settings.data_dir)
