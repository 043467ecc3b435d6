"""Errors, answered in one place: a friendly page or JSON, never a traceback.

Every error class of :mod:`graph.errors` carries its HTTP status;
:func:`handle_error` (registered for every exception) answers with it,
Flask's own HTTP errors (404 for an unknown URL...) keep theirs, and anything
else is a 500 whose details go to the server log only. So do the details of
the engine and configuration errors (503, 500: they name files, sockets,
hosts): the page says the service is unavailable. Values a user typed are
quoted at most :data:`SHOWN` characters long, in pages and in the log. A form page (paths,
partners, recommendations) answers a mistake in what was typed with the form
again, the message and, for names, the closest organizations:
:func:`form_error`.
"""

from __future__ import annotations

import logging
import traceback
from typing import Any

from flask import Response, current_app, request
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException, SecurityError

from graph.errors import EngineUnavailable, PartnernetError
from graph.text import Message
from web.i18n import gettext, translate
from web.responses import Page, answer

__all__ = ["SHOWN", "error_message", "form_error", "handle_error"]

log = logging.getLogger(__name__)

#: Most characters of a value (a path, a typed value) quoted in an error page or in the log.
SHOWN = 80


def _short(text: str) -> str:
    """``text`` cut to :data:`SHOWN` characters, saying how long it was."""
    return text if len(text) <= SHOWN else f"{text[: SHOWN - 1]}… ({len(text)} characters)"


def handle_error(error: Exception) -> ResponseReturnValue:
    """The error page (``error.html``) or ``{"error": {"status": ..., "message": ...}}``."""
    if isinstance(error, SecurityError):  # a host name not allowed: no page of ours (its links name that host)
        text = "400 Bad Request: this server does not answer to that host name (PARTNERNET_ALLOWED_HOSTS)\n"
        return Response(text, status=400, mimetype="text/plain")
    if isinstance(error, HTTPException):
        status, message = error.code or 500, error.description or error.name
    elif isinstance(error, PartnernetError) and error.status in (500, 503):
        # The engine or the configuration: the details (a socket's path, a host) are for the server log.
        log.error("%s on %s: %s", type(error).__name__, _short(request.path), error)
        status = error.status
        message = (
            gettext("The graph engine is not available: the server log has the details.")
            if status == 503
            else gettext("Internal error: the server log has the details.")
        )
    elif isinstance(error, PartnernetError):
        status, message = error.status, error_message(error)
        if isinstance(error, EngineUnavailable) and "partnernet" in current_app.extensions:
            current_app.extensions["partnernet"].engine_failed()  # started again in the background
    else:
        _log_unexpected(error)
        status, message = 500, gettext("Internal error: the server log has the details.")
    page = Page(
        "error.html", {"error": {"status": status, "message": message}}, {"status": status, "message": message}, status
    )
    return answer(page, accept=True)


def _behind(error: BaseException) -> BaseException | None:
    """The error that ``error`` was raised from or while handling (as a traceback shows it), or None."""
    return error.__cause__ or (None if error.__suppress_context__ else error.__context__)


def _log_unexpected(error: Exception) -> None:
    """Log an unexpected error once: where it happened, its message and those of the errors behind it, cut
    (a request's value may be 100 KB)."""
    behind: list[str] = []
    cause = _behind(error)
    while cause is not None and len(behind) < 5:
        behind.append(f" (from {type(cause).__name__}: {_short(str(cause))})")
        cause = _behind(cause)
    where = "".join(traceback.format_tb(error.__traceback__))
    path, message = _short(request.path), _short(str(error))
    log.error("unexpected error on %s: %s: %s%s\n%s", path, type(error).__name__, message, "".join(behind), where)


def error_message(error: Exception) -> str:
    """The message of ``error`` in the request's language (a :class:`graph.text.Message` is translated), its
    values cut to :data:`SHOWN` characters (they may be what a request gave)."""
    if len(error.args) != 1:
        return str(error)
    message = error.args[0]
    if isinstance(message, Message) and message.values:
        cut = {
            k: v if isinstance(v, Message) or not isinstance(v, str) else _short(v) for k, v in message.values.items()
        }
        message = message.with_values(**cut)
    return translate(message)


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
