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

from flask import Blueprint, jsonify, request, session

from graph.errors import BadRequest, CSRFError, NotFound, QueryTimeout
from graph.store.console import check_console_query
from graph.store.library import library
from web.backend import get_backend
from web.pages import respond

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


def _read_queries() -> list:
    return [q for q in library().values() if not q.is_write]


def _limits() -> dict:
    settings = get_backend().settings
    return {"time_limit_s": settings.query_timeout, "row_limit": settings.row_limit}


def _form_params() -> str:
    """Parameters sent by the library's forms (``p.NAME=JSON value``) as one JSON object, or ``""``."""
    values = {}
    for key, raw in request.args.items():
        if key.startswith("p.") and key[2:]:
            try:
                values[key[2:]] = json.loads(raw)
            except ValueError:
                values[key[2:]] = raw  # plain text is a string
    return json.dumps(values, ensure_ascii=False) if values else ""


@bp.get("/console.json")
@bp.get("/console")
def console():
    backend = get_backend()
    name = request.args.get("name", "").strip()
    text, params = request.args.get("cypher", ""), request.args.get("params", "") or _form_params()
    if name:
        query = library().get(name)
        if query is None or query.is_write:
            raise NotFound(f"no saved read query named {name!r}: see /library")
        text = query.text(backend.store.dialect)
        params = params or json.dumps(query.example or {}, ensure_ascii=False)
    data = {"csrf_token": csrf_token(), "engine": backend.store.dialect, **_limits(), "name": name or None}
    return respond("console.html", data, cypher=text, params=params or "{}", autorun=request.args.get("run") == "1")


@bp.post("/console/run")
def run():
    _check_csrf()
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise BadRequest('send JSON: {"cypher": "MATCH ...", "params": {...}} or {"name": "...", "params": {...}}')
    params = body.get("params") or {}
    if not isinstance(params, dict):
        raise BadRequest('params must be a JSON object, e.g. {"country": "MA"}')
    store = get_backend().store
    if body.get("name"):
        query = library().get(str(body["name"]))
        if query is None or query.is_write:
            raise NotFound(f"no saved read query named {body['name']!r}: see /library")
        query.check_params(params)
        text = query.text(store.dialect)
    else:
        text = check_console_query(str(body.get("cypher") or ""))
    limits = _limits()
    try:
        result = store.run(text, params, read_only=True, timeout=limits["time_limit_s"], limit=limits["row_limit"])
    except QueryTimeout as e:
        raise QueryTimeout(
            f"{e} (time limit {limits['time_limit_s']:g} s, setting PARTNERNET_QUERY_TIMEOUT): add LIMIT or narrow it"
        ) from None
    return jsonify(
        {
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
    )


@bp.get("/library.json")
@bp.get("/library")
def saved_queries():
    queries = sorted(_read_queries(), key=lambda q: (not q.name.startswith("analyst_"), q.name))
    data = {
        "queries": [
            {
                "name": q.name,
                "title": q.title,
                "description": q.description,
                "params": [
                    {
                        "name": p,
                        "help": q.param_help.get(p, ""),
                        "example": (q.example or {}).get(p),
                        "example_json": json.dumps((q.example or {}).get(p), ensure_ascii=False),
                    }
                    for p in sorted(q.params)
                ],
                "returns": q.returns,
            }
            for q in queries
        ]
    }
    return respond("library.html", data)


def init_app(app) -> None:
    """Session settings for the CSRF token (its error goes through the app's one handler)."""
    app.secret_key = get_secret(app)
    app.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Strict")


def get_secret(app) -> bytes | str:
    key = app.extensions["partnernet"].settings.secret_key
    return key or secrets.token_bytes(32)
