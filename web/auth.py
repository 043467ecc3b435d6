"""Sign-in and roles: who may see which page.

Whether sign-in is needed is ``PARTNERNET_AUTH``: ``auto`` (the default)
needs it as soon as one account exists (:mod:`web.users`, made with
``partnernet users add``), ``required`` always, ``off`` never. When it is
needed, one check before every request (:func:`authorize`) looks the
endpoint up in :data:`NEEDED` (an endpoint's own row, else its blueprint's;
anything not listed is for admins only: deny by default) and answers an
anonymous visitor with the sign-in page (a JSON request: 401) and a user
whose role is not enough with 403.

A user is known by the session cookie (signed, ``HttpOnly``,
``SameSite=Strict``, ``Secure`` over https or with
``PARTNERNET_SECURE_COOKIES=on``), which holds the account's name and token
and when it signed in: a changed password or a removed account ends its
sessions, and so do :data:`SESSION_MAX_AGE` seconds. Behind a reverse
proxy that signs users in (single sign-on), ``PARTNERNET_TRUSTED_USER_HEADER``
names the header that carries the user's name; that user must be an account.
Sign-in attempts that fail are limited per address and per name
(:data:`ATTEMPTS` a minute); one more answers 429 with ``Retry-After``.
"""

from __future__ import annotations

import hmac
import logging
import os
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, Flask, g, redirect, request, session, url_for
from flask.sessions import SecureCookieSessionInterface
from flask.typing import ResponseReturnValue
from werkzeug.wrappers import Response as BaseResponse

from graph.errors import CSRFError, Forbidden, SignInRequired, TooManyAttempts
from graph.settings import Settings
from graph.text import Message
from web.responses import Page, answer, wants_json
from web.users import Account, Users, name_key, role_allows

__all__ = [
    "ATTEMPTS",
    "NEEDED",
    "identity",
    "SESSION_MAX_AGE",
    "WARMING",
    "WINDOW",
    "Attempts",
    "auth_needed",
    "authorize",
    "bp",
    "current_account",
    "init_app",
    "kept_secret",
    "needed_role",
    "safe_next",
]

log = logging.getLogger(__name__)

bp = Blueprint("auth", __name__)

#: The role each part of the app needs: an endpoint's row wins over its blueprint's; ``None``: anyone.
#: Anything not listed needs ``admin`` (deny by default).
NEEDED: dict[str, str | None] = {
    "static": None,
    "explorer.favicon": None,
    "explorer.vis_asset": None,
    "auth": None,
    "explorer": "viewer",
    "map": "viewer",
    "hubs": "viewer",
    "planner": "viewer",
    "consortium": "viewer",
    "suggest": "viewer",
    "exports": "viewer",
    "charts": "viewer",
    "report": "viewer",
    "console": "analyst",
}

#: The WSGI environ key of the server's own requests that warm its caches (:func:`web.state.warm`): a client
#: cannot set it (its headers arrive as ``HTTP_*`` keys).
WARMING = "partnernet.warming"
#: Seconds a session lasts after signing in (then sign in again).
SESSION_MAX_AGE = 12 * 3600
#: Failed sign-in attempts allowed per address and per name in :data:`WINDOW` seconds.
ATTEMPTS = 5
WINDOW = 60.0


def needed_role(endpoint: str) -> str | None:
    """The role an endpoint needs (``None``: anyone; not listed: ``admin``).

    >>> needed_role("console.run"), needed_role("explorer.favicon"), needed_role("loads.upload")
    ('analyst', None, 'admin')
    """
    if endpoint in NEEDED:
        return NEEDED[endpoint]
    blueprint = endpoint.rpartition(".")[0]
    return NEEDED[blueprint] if blueprint and blueprint in NEEDED else "admin"


def _settings() -> Settings:
    from web.state import get_state

    return get_state().settings


def _users() -> Users:
    return Users(_settings().data_dir)


def auth_needed(settings: Settings) -> bool:
    """Whether the web app asks who is there: ``PARTNERNET_AUTH``, and for ``auto`` whether an account exists."""
    if settings.auth == "off":
        return False
    return settings.auth == "required" or Users(settings.data_dir).exist()


def _needed_here() -> bool:
    """:func:`auth_needed` for this request (asked once)."""
    if "auth_needed" not in g:
        g.auth_needed = auth_needed(_settings())
    return bool(g.auth_needed)


def current_account() -> Account | None:
    """The signed-in account of this request: the trusted proxy header's, else the session's (if still valid)."""
    if "account" in g:
        return g.account
    account = None
    header = _settings().trusted_user_header
    name = request.headers.get(header) if header else None
    if name:
        account = g.account = _users().get(name)
        g.by_proxy = True  # signed in by the proxy: signing out is the proxy's business
        if account is None:
            raise Forbidden(Message("%(name)r is not a partnernet account: ask an administrator", name=name))
    elif "user" in session:
        account = _users().get(session["user"])
        fresh = time.time() - float(session.get("at", 0)) < SESSION_MAX_AGE
        if account is None or not fresh or not hmac.compare_digest(account.token, str(session.get("token", ""))):
            account = None
            session.clear()  # removed, its password changed, or too old: this session is over
    g.account = account
    return account


def authorize() -> ResponseReturnValue | None:
    """Before every request: let it through, send an anonymous visitor to sign in, or refuse (403)."""
    needed = needed_role(request.endpoint) if request.endpoint else None  # no endpoint: Flask's 404 or 405
    if needed is None or request.environ.get(WARMING) is True or not _needed_here():
        return None
    account = current_account()
    if account is None:
        if wants_json(accept=True):
            raise SignInRequired(Message("sign in first (POST /signin)"))
        return redirect(url_for("auth.signin", next=safe_next(request.full_path)))
    if not role_allows(account.role, needed):
        raise Forbidden(
            Message(
                "this page is for the role %(needed)s and above; %(name)s is %(role)s",
                needed=needed,
                name=account.name,
                role=account.role,
            )
        )
    return None


def safe_next(target: str | None) -> str:
    """A path of this site to go to after signing in (anything else: the network page).

    >>> safe_next("/hubs?country=MA"), safe_next("//evil.example/x"), safe_next("https://evil.example/")
    ('/hubs?country=MA', '/network', '/network')
    >>> safe_next("/\\\\evil.example"), safe_next("/network?")
    ('/network', '/network')
    """
    target = (target or "").rstrip("?")
    parts = urlsplit(target)
    if not target.startswith("/") or target.startswith(("//", "/\\")) or parts.scheme or parts.netloc:
        return "/network"
    if any(ord(c) < 32 for c in target) or target.startswith("/signin"):
        return "/network"
    return target


class Attempts:
    """Failed attempts per key (an address, a name) in a sliding window: :meth:`wait` says how long to wait."""

    def __init__(self, limit: int = ATTEMPTS, window: float = WINDOW, clock: Callable[[], float] = time.monotonic):
        self.limit, self.window, self.clock = limit, window, clock
        self._failed: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failed.setdefault(key, deque())
        while times and times[0] <= now - self.window:
            times.popleft()
        return times

    def wait(self, *keys: str) -> int:
        """Seconds until one more attempt is allowed for every key (0: now)."""
        now = self.clock()
        with self._lock:
            full = [self._recent(k, now) for k in keys]
            waits = [times[0] + self.window - now for times in full if len(times) >= self.limit]
        return max(1, int(max(waits) + 0.999)) if waits else 0

    def failed(self, *keys: str) -> None:
        now = self.clock()
        with self._lock:
            if len(self._failed) > 10_000:  # forget the keys with nothing recent
                self._failed = {k: t for k, t in self._failed.items() if t and t[-1] > now - self.window}
            for key in keys:
                self._recent(key, now).append(now)


def _check_form_token() -> None:
    """A form posted from a page of this site: same origin (when the browser says) and the session's token.

    Our pages' ``Referrer-Policy: no-referrer`` makes a browser send ``Origin: null`` with a form: that one
    is judged by ``Sec-Fetch-Site`` (where the browser sends it) and the token.
    """
    from web.console import check_origin

    refused = CSRFError(Message("cross-origin request refused: sign in and out from this site's own pages"))
    if request.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
        raise refused
    if request.headers.get("Origin") != "null":
        try:
            check_origin()
        except CSRFError:
            raise refused from None
    sent, expected = request.form.get("csrf_token", ""), session.get("csrf", "")
    if not expected or not hmac.compare_digest(sent, expected):
        raise CSRFError(Message("the form has expired: reload the page and try again"))


def _signin_page(message: str | None = None, status: int = 200) -> Page:
    from web.console import csrf_token

    if message:
        data: dict[str, Any] = {"error": {"status": status, "message": message}}
    else:  # who is signed in, for a script (GET /signin.json)
        account = current_account() if _needed_here() else None
        data = {"sign_in_needed": _needed_here(), "account": account and {"name": account.name, "role": account.role}}
    context = {"next": safe_next(request.values.get("next")), "csrf_token": csrf_token(), "name": ""}
    if request.method == "POST":
        context["name"] = request.form.get("name", "")
    return Page("signin.html", data, context, status)


@bp.get("/signin.json")
@bp.route("/signin", methods=["GET", "POST"])  # first registered: url_for gives it
def signin() -> ResponseReturnValue:
    """The sign-in form (as JSON: whether sign-in is needed, and who is signed in); posted, it opens a session."""
    if request.method == "GET":
        return answer(_signin_page())
    _check_form_token()
    name, password = request.form.get("name", "")[:200], request.form.get("password", "")[:1000]
    keys = (f"address:{request.remote_addr}", f"name:{name_key(name)}")
    attempts = _attempts()
    wait = attempts.wait(*keys)
    if wait:
        error = TooManyAttempts(Message("too many failed sign-ins: try again in %(s)s seconds", s=wait), wait)
        response = _answer_response(_signin_page(_message(error), error.status))
        response.headers["Retry-After"] = str(wait)
        return response
    account = _users().check(name, password)
    if account is None:
        attempts.failed(*keys)
        log.warning("failed sign-in from %s", request.remote_addr)
        return answer(_signin_page(_message(SignInRequired(Message("wrong name or password"))), 401))
    session.clear()  # a new session for the new user (no fixation)
    session.update(user=account.key, token=account.token, at=int(time.time()))
    log.info("%s signed in from %s", account.name, request.remote_addr)
    return redirect(safe_next(request.form.get("next")))


@bp.post("/signout")
def signout() -> BaseResponse:
    """End the session and show the sign-in form."""
    _check_form_token()
    session.clear()
    return redirect(url_for("auth.signin"))


def _message(error: Exception) -> str:
    from web.errors import error_message

    return error_message(error)


def _answer_response(page: Page) -> BaseResponse:
    from flask import make_response

    return make_response(answer(page))


def _attempts() -> Attempts:
    from flask import current_app

    return current_app.extensions["partnernet.attempts"]


class _Sessions(SecureCookieSessionInterface):
    """Flask's signed cookie, ``Secure`` as ``PARTNERNET_SECURE_COOKIES`` says (``auto``: over https)."""

    def get_cookie_secure(self, app: Flask) -> bool:
        mode = app.extensions["partnernet"].settings.secure_cookies
        return mode == "on" or (mode == "auto" and request.is_secure)


def kept_secret(data_dir: Path) -> bytes:
    """The key kept in ``data_dir/secret_key`` (made on first use, readable by its owner only).

    When the folder cannot be written, a random key for this process (sessions end with it).
    """
    path = Path(data_dir) / "secret_key"
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            key = path.read_bytes()
            if len(key) >= 32:
                return key
            raise OSError(f"{path} is too short: remove it to make a new key") from None
        key = secrets.token_bytes(32)
        with os.fdopen(fd, "wb") as f:
            f.write(key)
        return key
    except OSError as e:
        log.warning("no session key kept (%s): a random one for this process", e)
        return secrets.token_bytes(32)


def _template_globals() -> dict[str, Any]:
    """For the header: the signed-in account (or ``None``), whether it may open an endpoint, the form token."""

    def may(endpoint: str) -> bool:
        needed = needed_role(endpoint)
        if needed is None or not _needed_here():
            return True
        account = current_account()
        return account is not None and role_allows(account.role, needed)

    from web.console import csrf_token

    account = current_account() if _needed_here() else None
    return {"account": account, "by_proxy": g.get("by_proxy", False), "may": may, "session_token": csrf_token}


def identity() -> tuple[str, str, str] | None:
    """Who a page is shown to, as far as its text depends on it: ``None`` where no sign-in is needed (every
    visitor sees the same header), else the account's name, role and session form token (in the header's
    sign-out form; made now when the session has none yet). For keys of cached pages (:mod:`web.responses`)."""
    if not _needed_here():
        return None
    account = current_account()
    if account is None:
        return ("", "", "")
    from web.console import csrf_token

    return (account.name, account.role, csrf_token())


def _private(response: BaseResponse) -> BaseResponse:
    """A page shown to a signed-in user is kept by no shared cache."""
    if g.get("account") is not None:
        response.headers.setdefault("Cache-Control", "private")
    return response


def init_app(app: Flask) -> None:
    """The sign-in pages, the check before every request, and the session cookie's settings."""
    app.register_blueprint(bp)
    app.extensions["partnernet.attempts"] = Attempts()
    app.session_interface = _Sessions()
    app.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Strict")
    app.before_request(authorize)
    app.context_processor(_template_globals)
    app.after_request(_private)
