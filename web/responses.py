"""One way to answer: a view returns a :class:`Page`, and :func:`answer` sends it as HTML or JSON.

Datasette's pattern: the view computes its data once; one place decides the
format. A page answers JSON for a path ending in ``.json``, for
``?format=json`` and for a request that sends JSON (the console's API);
otherwise its template is rendered with the same data. :func:`html_and_json`
registers a view at both URLs (``/network`` and ``/network.json``); with ``?format=csv`` the
hubs, paths, partners and recommendations pages answer their table as CSV (:mod:`web.tables`).

>>> page = Page("search.html", {"q": "cnam", "results": []})
>>> page.status, page.missing
(200, None)
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, jsonify, make_response, render_template, request
from flask.typing import ResponseReturnValue

from graph.errors import BadRequest
from graph.model import ROLES
from web.i18n import LANGUAGES, get_lang, localized, number, role_name, translate
from web.state import get_state

__all__ = ["Page", "answer", "html_and_json", "template_globals", "url_with", "wants_json"]

#: What only the HTML page needs, or a function that computes it (so that JSON requests do not pay for it).
Context = Mapping[str, Any] | Callable[[], Mapping[str, Any]]


@dataclass(frozen=True)
class Page:
    """What a view answers: its ``data`` (the JSON) and the ``template`` that shows it.

    ``context`` adds what only the HTML needs (a form's choices, a drawing);
    ``status`` is the HTTP status. ``missing`` marks an empty form: the HTML
    shows the form, a JSON client gets a 400 with this message (what to give).
    """

    template: str
    data: Mapping[str, Any]
    context: Context = field(default_factory=dict)
    status: int = 200
    missing: str | None = None

    @classmethod
    def form(cls, template: str, missing: str, **context: Any) -> Page:
        """An empty form: nothing asked yet, so nothing to answer in JSON but what to give."""
        return cls(template, {}, context, missing=missing)


def wants_json(accept: bool = False) -> bool:
    """JSON for ``?format=json``, a path ending in ``.json``, a request sending JSON, or (``accept``) asking for it."""
    return (
        request.args.get("format") == "json"
        or request.path.endswith(".json")
        or request.is_json
        or (accept and request.accept_mimetypes.best == "application/json")
    )


def answer(page: Page, accept: bool = False) -> ResponseReturnValue:
    """``page`` as JSON or as its rendered template (see :func:`wants_json` for ``accept``)."""
    if wants_json(accept):
        if page.missing:
            raise BadRequest(page.missing)
        return jsonify(page.data), page.status
    context = page.context() if callable(page.context) else page.context
    return render_template(page.template, **page.data, **context), page.status


def _cache_key() -> tuple | None:
    """What a page's bytes depend on: the graph version, the URL, the language, the day (printed pages say
    it) and who asks (:func:`web.auth.identity`); ``None`` for what is never kept (a CSV table)."""
    if request.args.get("format") == "csv":
        return None
    from web.auth import identity  # web.auth answers with pages of this module

    version = get_state().graph_version()
    return (version, request.path, request.query_string, get_lang(), wants_json(), dt.date.today(), identity())


def _kept_response(body: bytes, mimetype: str, packed: bytes | None) -> Response:
    """A kept page, gzipped when it was kept so and the browser accepts it."""
    if packed is None:
        return Response(body, mimetype=mimetype)
    if "gzip" not in request.accept_encodings:
        response = Response(body, mimetype=mimetype)
    else:
        response = Response(packed, mimetype=mimetype)
        response.headers["Content-Encoding"] = "gzip"
    response.vary.add("Accept-Encoding")
    return response


def html_and_json(
    bp: Blueprint, rule: str, kept: bool = True
) -> Callable[[Callable[..., Page]], Callable[..., ResponseReturnValue]]:
    """Register a view returning a :class:`Page` at ``rule`` (first: ``url_for`` gives it) and ``rule.json``.

    ``kept``: the page is a pure function of the graph's version and its URL (and language, and who asks),
    so the bytes answered are kept (:class:`web.state.Responses`) and sent again to the next visitor of
    that URL without the view. False for a page that holds anything else (the console's form token).
    """

    def register(view: Callable[..., Page]) -> Callable[..., ResponseReturnValue]:
        @functools.wraps(view)
        def endpoint(**values: Any) -> ResponseReturnValue:
            key = _cache_key() if kept else None
            if key is None:
                return make(key, values)
            responses = get_state().responses
            found = responses.get(key)
            if found is None:
                with responses.making(key):  # asked again meanwhile: made once, the others wait for it
                    found = responses.get(key)
                    if found is None:
                        return make(key, values)
            return _kept_response(*found)

        def make(key: tuple | None, values: dict[str, Any]) -> ResponseReturnValue:
            with get_state().computing():  # a page not kept waits its turn; pages kept are answered meanwhile
                page = view(**values)
                if request.args.get("format") == "csv":  # a page's table (web.tables); errors answer as ever
                    from web.tables import csv_answer

                    if page.missing:
                        raise BadRequest(page.missing)
                    return csv_answer(page.data)
                response = make_response(answer(page))
            if key is not None and response.status_code == 200 and not response.is_streamed:
                get_state().responses.put(key, response.get_data(), response.mimetype or "text/html")
            return response

        bp.add_url_rule(rule, view_func=endpoint, methods=["GET"])
        bp.add_url_rule(rule + ".json", view_func=endpoint, methods=["GET"])
        return endpoint

    return register


def url_with(**changes: str | None) -> str:
    """The current URL with query parameters changed (``None`` removes one)."""
    args = request.args.to_dict(flat=False)
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = [value]
    query = urlencode([(k, v) for k, vs in args.items() for v in vs])
    return request.path + ("?" + query if query else "")


def template_globals() -> dict[str, Any]:
    """What every template can use (besides ``_``, Flask-Babel's): the language, names in it, URLs and the roles."""
    return {
        "lang": get_lang(),
        "languages": LANGUAGES,
        "localized": localized,
        "number": number,
        "role_name": role_name,
        "translate": translate,
        "roles": ROLES,
        "url_with": url_with,
    }
