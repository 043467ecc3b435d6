"""Accounts and roles in the web app: every route × every role (anonymous included), sign-in and out,
the rate limit, the session cookie, sessions ended by a removal or a new password, the trusted header.

The real app on the demo network, with real accounts in a SQLite file of a temporary data folder.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

import pytest

from web import create_app
from web.auth import Attempts
from web.users import Users

PASSWORD = "a password long enough"
ROLES = ("viewer", "analyst", "admin")

#: What each part of the app needs (the spec, written apart from web.auth.NEEDED): an endpoint's row wins over
#: its blueprint's; ``None``: anyone; not listed: admin only.
EXPECTED = {
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


def _rules() -> list[tuple[str, str, str]]:
    """(rule, method, endpoint) of every route and method of the app, read from its url_map (new ones are covered)."""
    app = create_app({"SETTINGS": {"PARTNERNET_SECRET_KEY": "x" * 32, "PARTNERNET_DATA_DIR": "/nonexistent"}})
    return _routes(app)


def _routes(app) -> list[tuple[str, str, str]]:
    return sorted((r.rule, m, r.endpoint) for r in app.url_map.iter_rules() for m in ("GET", "POST") if m in r.methods)


RULES = _rules()


def expected_role(endpoint: str) -> str | None:
    if endpoint in EXPECTED:
        return EXPECTED[endpoint]
    blueprint = endpoint.rpartition(".")[0]
    return EXPECTED[blueprint] if blueprint in EXPECTED else "admin"


def allows(role: str | None, needed: str | None) -> bool:
    return needed is None or (role is not None and ROLES.index(role) >= ROLES.index(needed))


@pytest.fixture(scope="module")
def accounts_dir():
    path = Path(tempfile.mkdtemp(prefix="pn-auth-", dir="/tmp"))
    users = Users(path)
    for role in ROLES:
        users.add(role.capitalize(), role, PASSWORD)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def _app(demo_store, data_dir: Path, **settings):
    return create_app(
        {"TESTING": True, "STORE": demo_store, "SETTINGS": demo_store.settings.replace(data_dir=data_dir, **settings)}
    )


@pytest.fixture(scope="module")
def auth_app(demo_store, accounts_dir):
    app = _app(demo_store, accounts_dir)
    yield app
    app.extensions["partnernet"].close()


def form_token(client, path: str = "/signin") -> str:
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def sign_in(app, role: str | None, name: str | None = None, password: str = PASSWORD):
    """A test client of ``app`` signed in as the account of ``role`` (``None``: anonymous)."""
    client = app.test_client()
    if role is not None or name is not None:
        response = client.post(
            "/signin", data={"csrf_token": form_token(client), "name": name or role.upper(), "password": password}
        )
        assert response.status_code == 302, response.get_data(as_text=True)
    return client


@pytest.fixture(scope="module")
def clients(auth_app):
    return {role: sign_in(auth_app, role) for role in (None, *ROLES)}


@pytest.fixture(scope="module")
def hub_id(clients):
    return str(clients["admin"].get("/hubs.json").get_json()["hubs"][0]["id"])


def _url(rule: str, hub_id: str) -> str:
    values = {"org_id": "cnam", "hub_id": hub_id, "filename": "style.css", "name": "vis-network.min.js", "fmt": "gexf"}
    return re.sub(r"<(?:[^:>]+:)?([^>]+)>", lambda m: values[m.group(1)], rule)


def _request(app, clients, role, rule, method, hub_id):
    """The answer to ``rule`` for ``role``: a GET with the role's client, a POST made as a page would make it."""
    url = _url(rule, hub_id)
    if method == "GET":
        return clients[role].get(url)
    if rule == "/console/run":
        client = clients[role]
        token = client.get("/console.json").get_json().get("csrf_token", "") if allows(role, "analyst") else ""
        return client.post(url, json={"cypher": "RETURN 1 AS x"}, headers={"X-CSRF-Token": token})
    client = sign_in(app, role)  # its own session: signing in or out must not change the shared clients
    data = {"csrf_token": form_token(client)}
    if rule == "/signin":
        data.update(name="admin", password=PASSWORD)
    return client.post(url, data=data)


@pytest.mark.parametrize("role", [None, *ROLES], ids=["anonymous", *ROLES])
@pytest.mark.parametrize(("rule", "method", "endpoint"), RULES, ids=[f"{m} {r}" for r, m, _ in RULES])
def test_every_route_for_every_role(auth_app, clients, hub_id, rule, method, endpoint, role):
    response = _request(auth_app, clients, role, rule, method, hub_id)
    needed = expected_role(endpoint)
    status, location = response.status_code, response.headers.get("Location", "")
    if allows(role, needed):
        assert status not in (401, 403) and not location.startswith("/signin?"), (status, response.get_data()[:300])
        assert status < 500
    elif role is None:
        if rule.endswith(".json") or rule == "/console/run":
            assert status == 401
            assert response.get_json()["error"]["status"] == 401
        else:
            assert status == 302 and location.startswith("/signin?next=/"), (status, location)
    else:
        assert status == 403
        if rule.endswith(".json") or rule == "/console/run":
            assert "analyst" in response.get_json()["error"]["message"]


def test_the_routes_are_those_of_the_app(auth_app):
    assert _routes(auth_app) == RULES


def test_anonymous_asking_for_json_gets_401_json(clients):
    response = clients[None].get("/hubs", headers={"Accept": "application/json"})
    assert response.status_code == 401
    assert response.get_json() == {"error": {"status": 401, "message": "sign in first (POST /signin)"}}
    assert clients[None].get("/network?format=json").status_code == 401


def test_a_route_not_in_the_table_is_for_admins_only(demo_store, accounts_dir):
    app = _app(demo_store, accounts_dir)
    app.add_url_rule("/loads", "loads", lambda: "the loads page")
    statuses = {role: sign_in(app, role).get("/loads").status_code for role in (None, *ROLES)}
    assert statuses == {None: 302, "viewer": 403, "analyst": 403, "admin": 200}


def test_the_server_warms_its_default_view_whatever_the_accounts(auth_app):
    from web.state import warm

    client = auth_app.test_client()
    assert client.get("/network", environ_base={"partnernet.warming": True}).status_code == 200
    assert client.get("/network", headers={"partnernet.warming": "1"}).status_code == 302  # not from a client
    with auth_app.app_context():
        assert warm(auth_app, partner_index=False)


def test_no_account_no_sign_in(web_app, client):
    """Loopback, single user, no account: every page opens as before (PARTNERNET_AUTH=auto)."""
    assert client.get("/console.json").status_code == 200
    assert client.get("/hubs").status_code == 200
    assert b"signout-form" not in client.get("/hubs").data


def test_auth_required_with_no_account_lets_nobody_in(demo_store, tmp_path):
    app = _app(demo_store, tmp_path, auth="required")
    assert app.test_client().get("/hubs.json").status_code == 401
    assert _app(demo_store, tmp_path, auth="off").test_client().get("/hubs.json").status_code == 200


def test_sign_in_goes_to_next_local_path_only(auth_app):
    client = auth_app.test_client()
    assert client.get("/hubs?country=MA").headers["Location"] == "/signin?next=/hubs?country%3DMA"
    token = form_token(client, "/signin?next=/hubs")
    data = {"csrf_token": token, "name": "viewer", "password": PASSWORD, "next": "/hubs?country=MA"}
    assert client.post("/signin", data=data).headers["Location"] == "/hubs?country=MA"
    client = auth_app.test_client()
    data = {**data, "csrf_token": form_token(client), "next": "//evil.example/x"}
    assert client.post("/signin", data=data).headers["Location"] == "/network"


def test_wrong_password_or_name_is_refused_alike(auth_app):
    client = auth_app.test_client()
    token = form_token(client)
    wrong = client.post("/signin", data={"csrf_token": token, "name": "viewer", "password": "not it at all"})
    unknown = client.post("/signin", data={"csrf_token": token, "name": "nobody", "password": PASSWORD})
    assert wrong.status_code == unknown.status_code == 401
    assert "wrong name or password" in wrong.get_data(as_text=True)
    assert client.get("/hubs").status_code == 302
    french = client.post("/signin?lang=fr", data={"csrf_token": token, "name": "x", "password": "y"})
    assert "nom ou mot de passe incorrect" in french.get_data(as_text=True)


def test_sign_in_needs_the_form_token_and_same_origin(auth_app):
    client = auth_app.test_client()
    token = form_token(client)
    data = {"csrf_token": token, "name": "admin", "password": PASSWORD}
    assert client.post("/signin", data={**data, "csrf_token": "forged"}).status_code == 403
    cross = client.post("/signin", data=data, headers={"Origin": "https://evil.example"})
    assert cross.status_code == 403 and "cross-origin request refused" in cross.get_data(as_text=True)
    assert client.post("/signin", data=data, headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403
    null = {"Origin": "null", "Sec-Fetch-Site": "same-origin"}  # what Chromium sends (no-referrer): the token decides
    assert client.post("/signin", data={**data, "csrf_token": "forged"}, headers=null).status_code == 403
    assert client.post("/signin", data=data, headers=null).status_code == 302
    client = auth_app.test_client()
    data["csrf_token"] = form_token(client)
    assert client.post("/signin", data=data, headers={"Origin": "http://localhost"}).status_code == 302


def test_sign_out_ends_the_session(auth_app):
    client = sign_in(auth_app, "analyst")
    page = client.get("/hubs").get_data(as_text=True)
    assert "Analyst" in page and 'id="signout-form"' in page and ">Console<" in page
    assert client.post("/signout", data={"csrf_token": "forged"}).status_code == 403
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert client.post("/signout", data={"csrf_token": token}).headers["Location"] == "/signin"
    assert client.get("/hubs").status_code == 302


def test_viewer_sees_no_console_link(clients):
    page = clients["viewer"].get("/hubs").get_data(as_text=True)
    assert "Viewer" in page and ">Console<" not in page


def test_failed_sign_ins_are_limited_per_address_and_per_name(demo_store, accounts_dir):
    app = _app(demo_store, accounts_dir)
    now = [1000.0]
    app.extensions["partnernet.attempts"] = Attempts(limit=5, window=60, clock=lambda: now[0])

    def attempt(name, password="wrong password", addr="10.0.0.1"):
        client = app.test_client()
        data = {"csrf_token": form_token(client), "name": name, "password": password}
        return client.post("/signin", data=data, environ_base={"REMOTE_ADDR": addr})

    assert [attempt("viewer").status_code for _ in range(5)] == [401] * 5
    refused = attempt("viewer", PASSWORD)  # even the right password: wait
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "60"
    assert attempt("analyst").status_code == 429  # same address
    assert attempt("viewer", PASSWORD, addr="10.0.0.2").status_code == 429  # same name
    assert attempt("analyst", PASSWORD, addr="10.0.0.2").status_code == 302  # another address and name
    now[0] += 61
    assert attempt("viewer", PASSWORD).status_code == 302


def test_session_cookie_flags(demo_store, accounts_dir):
    app = _app(demo_store, accounts_dir)
    client = app.test_client()
    token = form_token(client)
    response = client.post("/signin", data={"csrf_token": token, "name": "viewer", "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Secure" not in cookie
    assert PASSWORD not in cookie
    secure = app.test_client()
    secure_token = form_token(secure)
    data = {"csrf_token": secure_token, "name": "viewer", "password": PASSWORD}
    over_https = secure.post("/signin", data=data, base_url="https://localhost")
    assert "Secure" in over_https.headers["Set-Cookie"]
    always = _app(demo_store, accounts_dir, secure_cookies="on").test_client()
    assert "Secure" in always.get("/signin").headers["Set-Cookie"]


def test_a_removed_account_or_a_new_password_ends_its_sessions(auth_app, accounts_dir):
    users = Users(accounts_dir)
    users.add("Temp", "viewer", PASSWORD)
    client = sign_in(auth_app, None, name="temp")
    assert client.get("/hubs.json").status_code == 200
    users.set_password("TEMP", "another password entirely")
    assert client.get("/hubs.json").status_code == 401
    client = sign_in(auth_app, None, name="temp", password="another password entirely")
    assert client.get("/hubs.json").status_code == 200
    users.remove("temp")
    assert client.get("/hubs.json").status_code == 401


def test_a_session_ends_after_its_max_age(auth_app, monkeypatch):
    import web.auth

    client = sign_in(auth_app, "viewer")
    assert client.get("/hubs.json").status_code == 200
    monkeypatch.setattr(web.auth, "SESSION_MAX_AGE", 0)
    assert client.get("/hubs.json").status_code == 401


def test_the_session_key_is_kept_in_the_data_folder(auth_app, accounts_dir):
    key = accounts_dir / "secret_key"
    assert key.stat().st_mode & 0o777 == 0o600
    assert (accounts_dir / "users.sqlite").stat().st_mode & 0o777 == 0o600
    assert auth_app.secret_key == key.read_bytes()


def test_trusted_header_of_a_reverse_proxy(demo_store, accounts_dir):
    app = _app(demo_store, accounts_dir, trusted_user_header="X-Remote-User")
    client = app.test_client()
    assert client.get("/console.json", headers={"X-Remote-User": "analyst"}).status_code == 200
    page = client.get("/hubs", headers={"X-Remote-User": "analyst"})
    assert page.status_code == 200 and 'id="signout-form"' not in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "private"
    assert client.get("/console.json", headers={"X-Remote-User": "Viewer"}).status_code == 403
    unknown = client.get("/hubs.json", headers={"X-Remote-User": "mallory"})
    assert unknown.status_code == 403 and "mallory" in unknown.get_json()["error"]["message"]
    assert client.get("/hubs.json").status_code == 401  # no header: sign in as usual
    plain = _app(demo_store, accounts_dir).test_client()  # the header is ignored when the setting is unset
    assert plain.get("/hubs.json", headers={"X-Remote-User": "admin"}).status_code == 401
