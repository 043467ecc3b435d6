"""HTML or JSON for every page, and the one error handler."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from flask import jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from graph.errors import PartnernetError
from web.i18n import LANGUAGES, get_lang, gettext, localized

log = logging.getLogger(__name__)


def wants_json() -> bool:
    """``?format=json``, a path ending in ``.json``, or a request that sends JSON (the console's API)."""
    return request.args.get("format") == "json" or request.path.endswith(".json") or request.is_json


def respond(template: str, data: dict, **context):
    """``data`` as JSON, or the template rendered with ``data`` and ``context``."""
    if wants_json():
        return jsonify(data)
    return render_template(template, **data, **context)


def url_with(**changes) -> str:
    """The current URL with query parameters changed (``None`` removes one)."""
    args = request.args.to_dict(flat=False)
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = [value]
    query = urlencode([(k, v) for k, vs in args.items() for v in vs])
    return request.path + ("?" + query if query else "")


def template_globals() -> dict:
    return {"_": gettext, "lang": get_lang(), "languages": LANGUAGES, "localized": localized, "url_with": url_with}


def handle_error(error: Exception):
    """One place for errors: a friendly page or JSON, never a traceback."""
    if isinstance(error, HTTPException):
        status, message = error.code or 500, error.description or error.name
    elif isinstance(error, PartnernetError):
        status, message = error.status, str(error)
    else:
        log.exception("unexpected error on %s", request.path)
        status, message = 500, "Internal error: the server log has the details."
    if wants_json() or request.accept_mimetypes.best == "application/json":
        response = jsonify({"error": {"status": status, "message": message}})
    else:
        response = render_template("error.html", status=status, message=message)
    return response, status
