"""Pages kept once answered (web.responses, web.state.Responses): what they may and may not be shared with.

A kept page is sent again only for the same graph version, URL, language and visitor: a write shows at
once, a French page is never sent in English, and a signed-in analyst never gets another's header (its
name, its sign-out form token).
"""

from __future__ import annotations

import copy
import re
import shutil
import tempfile
from pathlib import Path

import pytest

from loaders.load import load_network
from tests.conftest import app_on, load_small
from tests.test_auth import PASSWORD, sign_in
from web import create_app
from web.users import Users


def test_a_write_shows_at_once_though_the_page_was_kept(store, small_network):
    load_small(store)
    with app_on(store) as app:
        client = app.test_client()
        assert client.get("/search.json?q=zebra").get_json()["results"] == []
        assert app.extensions["partnernet"].responses.size > 0, "the answer was kept"
        network = copy.deepcopy(small_network)
        row = dict(network["organizations"][0], id="zebra-lab", name="Zebra Laboratory", short_name=None)
        network["organizations"].append(row)
        load_network(store, network, source="tests: one more organization")
        found = client.get("/search.json?q=zebra").get_json()["results"]
        assert [r["id"] for r in found] == ["zebra-lab"]


def test_each_language_has_its_own_kept_page(client):
    english = client.get("/hubs?lang=en").get_data(as_text=True)
    french = client.get("/hubs?lang=fr").get_data(as_text=True)
    assert 'lang="en"' in english and 'lang="fr"' in french
    assert client.get("/hubs?lang=en").get_data(as_text=True) == english
    client.get("/network?lang=en")  # back to English for the module's other tests


@pytest.fixture(scope="module")
def accounts(demo_store):
    path = Path(tempfile.mkdtemp(prefix="pn-kept-", dir="/tmp"))
    users = Users(path)
    for name in ("Ada", "Grace"):
        users.add(name, "analyst", PASSWORD)
    app = create_app(
        {"TESTING": True, "STORE": demo_store, "SETTINGS": demo_store.settings.replace(data_dir=path, auth="required")}
    )
    yield app
    app.extensions["partnernet"].close()
    shutil.rmtree(path, ignore_errors=True)


def _header(page: str) -> tuple[str, str]:
    name = re.search(r'<span class="account">([^<]*)</span>', page).group(1)
    token = re.search(r'id="signout-form">.*?name="csrf_token" value="([^"]+)"', page, re.S).group(1)
    return name, token


def test_a_kept_page_is_never_sent_to_another_visitor(accounts):
    ada, grace, ada_again = (sign_in(accounts, None, name=n) for n in ("Ada", "Grace", "Ada"))
    pages = {who: client.get("/hubs").get_data(as_text=True) for who, client in (("ada", ada), ("grace", grace))}
    pages["ada again"] = ada_again.get("/hubs").get_data(as_text=True)
    headers = {who: _header(page) for who, page in pages.items()}
    assert headers["ada"][0] == headers["ada again"][0] == "Ada" and headers["grace"][0] == "Grace"
    assert len({token for _, token in headers.values()}) == 3, "each session its own sign-out form token"
    assert sign_in(accounts, None).get("/hubs").status_code == 302, "anonymous: still sent to sign in"
    # the kept page of a session signs that session out
    response = ada.post("/signout", data={"csrf_token": headers["ada"][1]})
    assert response.status_code == 302 and ada.get("/hubs").status_code == 302


def test_the_console_page_is_not_kept(client):
    first = client.get("/console.json").get_json()["csrf_token"]
    other = client.application.test_client().get("/console.json").get_json()["csrf_token"]
    assert first != other


def test_a_large_kept_page_is_sent_gzipped_to_who_accepts_it(client):
    import gzip

    first = client.get("/network.json")
    assert first.headers.get("Content-Encoding") is None  # computed: sent as it is
    packed = client.get("/network.json", headers={"Accept-Encoding": "gzip, deflate"})
    assert packed.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed.headers["Vary"]
    assert gzip.decompress(packed.get_data()) == first.get_data() and len(packed.get_data()) < len(first.get_data())
    plain = client.get("/network.json", headers={"Accept-Encoding": "identity"})
    assert plain.headers.get("Content-Encoding") is None and plain.get_data() == first.get_data()
