"""The analysts' console: Cypher in, a table and a graph out; read-only, with time and row limits.

``POST /console/run`` takes JSON ``{"cypher": TEXT, "params": {...}}`` or
``{"name": SAVED_QUERY, "params": {...}}`` and answers the rows. It needs the
``X-CSRF-Token`` header of the console page (also given by
``GET /console.json``, with its session cookie). Writes are refused by the
engine itself (FalkorDB ``GRAPH.RO_QUERY``, Neo4j READ access mode);
:mod:`graph.store.console` also refuses ``LOAD CSV`` and several statements.
"""

from __future__ import annotations

import hmac
import json
import secrets
from typing import Any

from flask import Blueprint, Flask, Response, jsonify, request, session

from graph.errors import BadRequest, CSRFError, QueryTimeout
from graph.store import Result
from graph.store.console import check_console_query
from graph.store.library import Query
from web import args
from web.lookups import get_query, read_queries
from web.responses import Page, html_and_json
from web.state import get_state

__all__ = ["bp", "csrf_token", "get_secret", "init_app"]

bp = Blueprint("console", __name__)


def csrf_token() -> str:
    """The session's token for the console's requests (made on first use)."""
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def _check_csrf() -> None:
    sent = request.headers.get("X-CSRF-Token", "")
    expected = session.get("csrf", "")
    if not expected or not hmac.compare_digest(sent, expected):
        raise CSRFError("missing or wrong CSRF token: reload the console page (GET /console.json gives one)")


def _limits() -> dict[str, Any]:
    settings = get_state().settings
    return {"time_limit_s": settings.query_timeout, "row_limit": settings.row_limit}


def _form_params() -> str:
    """Parameters sent by the library's forms (``p.NAME=JSON value``) as one JSON object, or ``""``."""
    values: dict[str, Any] = {}
    for key, raw in request.args.items():
        if key.startswith("p.") and key[2:]:
            try:
                values[key[2:]] = json.loads(raw)
            except ValueError:
                values[key[2:]] = raw  # plain text is a string
    return json.dumps(values, ensure_ascii=False) if values else ""


@html_and_json(bp, "/console")
def console() -> Page:
    """The console; ``?name=`` opens a saved query, ``p.NAME=`` gives its parameters, ``run=1`` runs it."""
    state = get_state()
    name = args.text("name")
    text, params = args.text("cypher"), args.text("params") or _form_params()
    if name:
        query = get_query(name)
        text = query.text(state.store.dialect)
        params = params or json.dumps(query.example or {}, ensure_ascii=False)
    data = {"csrf_token": csrf_token(), "engine": state.store.dialect, **_limits(), "name": name or None}
    return Page("console.html", data, {"cypher": text, "params": params or "{}", "autorun": args.text("run") == "1"})


def _query_text(body: Any) -> tuple[str, dict[str, Any]]:
    """The Cypher text and parameters of a console request's JSON body (a saved query's, or the analyst's own)."""
    if not isinstance(body, dict):
        raise BadRequest('send JSON: {"cypher": "MATCH ...", "params": {...}} or {"name": "...", "params": {...}}')
    params = body.get("params") or {}
    if not isinstance(params, dict):
        raise BadRequest('params must be a JSON object, e.g. {"country": "MA"}')
    if body.get("name"):
        query = get_query(str(body["name"]))
        query.check_params(params)
        return query.text(get_state().store.dialect), params
    return check_console_query(str(body.get("cypher") or "")), params


def _rows(result: Result, limits: dict[str, Any]) -> dict[str, Any]:
    """What the console shows of a result: the rows, whether the row limit cut them, the time and the engine."""
    return {
        "columns": result.columns,
        "rows": result.rows,
        "row_count": len(result.rows),
        "truncated": result.truncated,
        "message": (
            f"only the first {limits['row_limit']:,} rows are shown (row limit): add LIMIT or narrow the query"
            if result.truncated
            else None
        ),
        "elapsed_ms": round(result.elapsed_ms, 1),
        "engine": result.engine,
        **limits,
    }


@bp.post("/console/run")
def run() -> Response:
    """Run a read query with the time and row limits; JSON in, JSON out."""
    _check_csrf()
    text, params = _query_text(request.get_json(silent=True))
    limits = _limits()
    try:
        result = get_state().store.run(
            text, params, read_only=True, timeout=limits["time_limit_s"], limit=limits["row_limit"]
        )
    except QueryTimeout as e:
        raise QueryTimeout(
            f"{e} (time limit {limits['time_limit_s']:g} s, setting PARTNERNET_QUERY_TIMEOUT): add LIMIT or narrow it"
        ) from None
    return jsonify(_rows(result, limits))


def _described(q: Query) -> dict[str, Any]:
    """A saved query as the library lists it: its parameters with their help and example values."""
    example = q.example or {}
    return {
        "name": q.name,
        "title": q.title,
        "description": q.description,
        "params": [
            {
                "name": p,
                "help": q.param_help.get(p, ""),
                "example": example.get(p),
                "example_json": json.dumps(example.get(p), ensure_ascii=False),
            }
            for p in sorted(q.params)
        ],
        "returns": q.returns,
    }


@html_and_json(bp, "/library")
def saved_queries() -> Page:
    queries = sorted(read_queries(), key=lambda q: (not q.name.startswith("analyst_"), q.name))
    return Page("library.html", {"queries": [_described(q) for q in queries]})


def init_app(app: Flask) -> None:
    """Session settings for the CSRF token (its error goes through the app's one handler)."""
    app.secret_key = get_secret(app)
    app.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Strict")


def get_secret(app: Flask) -> bytes | str:
    key = app.extensions["partnernet"].settings.secret_key
    return key or secrets.token_bytes(32)
