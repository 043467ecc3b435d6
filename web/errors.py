"""Errors, answered in one place: a friendly page or JSON, never a traceback.

Every error class of :mod:`graph.errors` carries its HTTP status;
:func:`handle_error` (registered for every exception) answers with it,
Flask's own HTTP errors (404 for an unknown URL...) keep theirs, and anything
else is a 500 whose details go to the server log only. A form page (paths,
partners, recommendations) answers a mistake in what was typed with the form
again, the message and, for names, the closest organizations:
:func:`form_error`.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Response, current_app, request
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException, SecurityError

from graph.errors import EngineUnavailable, PartnernetError
from web.i18n import gettext, translate
from web.responses import Page, answer

__all__ = ["error_message", "form_error", "handle_error"]

log = logging.getLogger(__name__)


def handle_error(error: Exception) -> ResponseReturnValue:
    """The error page (``error.html``) or ``{"error": {"status": ..., "message": ...}}``."""
    if isinstance(error, SecurityError):  # a host name not allowed: no page of ours (its links name that host)
        text = "400 Bad Request: this server does not answer to that host name (PARTNERNET_ALLOWED_HOSTS)\n"
        return Response(text, status=400, mimetype="text/plain")
    if isinstance(error, HTTPException):
        status, message = error.code or 500, error.description or error.name
    elif isinstance(error, PartnernetError):
        status, message = error.status, error_message(error)
        if isinstance(error, EngineUnavailable) and "partnernet" in current_app.extensions:
            current_app.extensions["partnernet"].engine_failed()  # started again in the background
    else:
        log.exception("unexpected error on %s", request.path)
        status, message = 500, gettext("Internal error: the server log has the details.")
    page = Page(
        "error.html", {"error": {"status": status, "message": message}}, {"status": status, "message": message}, status
    )
    return answer(page, accept=True)


def error_message(error: Exception) -> str:
    """The message of ``error`` in the request's language (a :class:`graph.text.Message` is translated)."""
    return translate(error.args[0]) if len(error.args) == 1 else str(error)


def form_error(template: str, error: PartnernetError, **context: Any) -> Page:
    """The form ``template`` again with what went wrong: ``error.candidates`` (names) and ``error.suggestions``.

    The JSON is ``{"error": {"status", "message", "candidates", "suggestions"}}``;
    ``context`` is what the template needs besides (the form's values).
    """
    candidates = [{"id": i, "name": n} for i, n in getattr(error, "candidates", [])]
    suggestions = list(getattr(error, "suggestions", []) or [])
    payload = {
        "status": error.status,
        "message": error_message(error),
        "candidates": candidates,
        "suggestions": suggestions,
    }
    return Page(template, {"error": payload}, context, error.status)
