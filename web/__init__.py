"""The web app: ``create_app(config=None)`` builds it; ``partnernet serve`` runs it.

One blueprint per user job (``explorer``: the network; ``hubs``: excellence
hubs, for strategists; ``planner``: paths, partners and recommendations;
``console``: Cypher and the saved queries, for analysts; ``suggest``: the
type-ahead's organization names, ``/suggest.json``). Views read their
arguments with :mod:`web.args`, look up what a URL names with
:mod:`web.lookups` and return a :class:`web.responses.Page`, answered as HTML
or, with ``?format=json`` or a ``.json`` suffix, as JSON; errors go through
one handler (:mod:`web.errors`).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from flask import Flask, Response, request

from graph.settings import Settings, load_settings
from web import i18n, state
from web.errors import handle_error
from web.responses import template_globals

__all__ = ["CONTENT_SECURITY_POLICY", "create_app"]

#: Only our own origin: no CDN, no inline script, no external request.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)


#: The host names served when PARTNERNET_ALLOWED_HOSTS is unset.
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")


def allowed_hosts(settings: Settings) -> list[str]:
    """The host names the app answers to: PARTNERNET_ALLOWED_HOSTS, else :data:`LOOPBACK_HOSTS`.

    >>> from graph.settings import load_settings
    >>> allowed_hosts(load_settings({"PARTNERNET_ALLOWED_HOSTS": " Partners.Example.org, .cnam.fr"}, environ={}))
    ['partners.example.org', '.cnam.fr']
    >>> allowed_hosts(load_settings({}, environ={}))
    ['localhost', '127.0.0.1', '::1']
    """
    given = [h.strip().lower() for h in (settings.allowed_hosts or "").split(",") if h.strip()]
    return given or list(LOOPBACK_HOSTS)


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app.

    ``config`` updates Flask's config; ``config["SETTINGS"]`` is a
    :class:`graph.settings.Settings`, or a mapping of setting name -> value
    that overrides the environment; and ``config["STORE"]``
    gives an open store to use instead of opening one (tests). Nothing is
    opened here: the store opens on the first request that needs it.
    """
    app = Flask(__name__)
    app.config.update(JSON_SORT_KEYS=False)
    if config:
        app.config.update({k: v for k, v in config.items() if k not in ("SETTINGS", "STORE")})
    given = (config or {}).get("SETTINGS")
    settings = given if isinstance(given, Settings) else load_settings(given)
    logging.getLogger("web").setLevel(settings.log_level)
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    if "TRUSTED_HOSTS" not in (config or {}):  # a request naming another host: 400 (DNS rebinding)
        app.config["TRUSTED_HOSTS"] = allowed_hosts(settings)
    state.init_app(app, settings, (config or {}).get("STORE"))

    from web import args, auth, charts, console, consortium, exports, report, suggest
    from web.explorer import bp as explorer
    from web.hubs import bp as hubs
    from web.map import bp as network_map
    from web.planner import bp as planner

    app.register_blueprint(explorer)
    app.register_blueprint(hubs)
    app.register_blueprint(network_map)
    app.register_blueprint(planner)
    app.register_blueprint(consortium.bp)
    app.register_blueprint(console.bp)
    app.register_blueprint(suggest.bp)
    app.register_blueprint(exports.bp)
    app.register_blueprint(charts.bp)
    app.register_blueprint(report.bp)
    console.init_app(app)
    args.init_app(app)  # lengths of the query string's values, in one place (web/args.py)
    auth.init_app(app)  # sign-in and roles (web/auth.py): the check before every request
    i18n.init_app(app)
    app.register_error_handler(Exception, handle_error)
    app.after_request(_security_headers)
    app.context_processor(template_globals)
    return app


def _security_headers(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    if request.path.startswith("/assets/"):
        response.headers.setdefault("Cache-Control", "public, max-age=86400")
    response.vary.add("Accept-Language")
    response.vary.add("Cookie")
    return response
