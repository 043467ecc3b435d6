"""What the web app tells and logs about a request (issue #19 items 6 and 13): no engine paths in pages, long
values neither copied into the log nor echoed in full, query lengths capped in one place (web/args.py)."""

from __future__ import annotations

import logging

import pytest

from tests.conftest import app_on, load_small
from web import args
from web.errors import SHOWN

pytestmark = pytest.mark.engines("falkordb")

BIG = "y" * 100_000


def test_a_503_page_does_not_show_the_engine_socket(store, data_dir, caplog, monkeypatch):
    """It said: the embedded engine stopped answering (Error 2 connecting to /tmp/.../engine.sock ...)."""
    from graph.store.engine import EmbeddedEngine
    from web.state import AppState

    load_small(store)
    # not started again in the background meanwhile (tests/test_engine.py tests that): every page below needs it
    monkeypatch.setattr(AppState, "engine_failed", lambda self: None)
    with app_on(store) as app:
        client = app.test_client()
        assert client.get("/organizations/cnam.json").status_code == 200
        EmbeddedEngine(data_dir).stop(force=True)
        assert client.get("/organizations/cnam.json").status_code == 200, "a page kept answers without the engine"
        asked = (("/organizations/cnam.json?limit=3", "en"), ("/organizations/cnam?limit=3", "en"))
        for url, lang in (*asked, ("/organizations/cnam.json?limit=4", "fr")):  # pages not kept: they need it
            with caplog.at_level(logging.ERROR, logger="web"):
                caplog.clear()
                response = client.get(url, headers={"Accept-Language": lang})
            assert response.status_code == 503, url
            page = response.get_data(as_text=True)
            assert str(data_dir) not in page and "engine.sock" not in page
            expected = "Le moteur de graphe" if lang == "fr" else "The graph engine is not available"
            assert expected in page
            assert str(data_dir) in caplog.text  # the details are in the server's log


def test_an_unexpected_error_logs_a_long_value_once_and_cut(small_web, monkeypatch, caplog):
    """An internal error logged the request's path and then the exception's text: a 100 KB value, twice."""
    import web.explorer

    def failing(org_id, snapshot=None):
        raise LookupError(f"cannot look up {org_id}") from KeyError(org_id)

    monkeypatch.setattr(web.explorer, "get_organization", failing)
    with caplog.at_level(logging.ERROR, logger="web"):
        response = small_web.get(f"/organizations/{BIG}.json")
    assert response.status_code == 500
    assert BIG[:SHOWN] not in response.get_data(as_text=True)
    (record,) = [r for r in caplog.records if r.name == "web.errors"]
    logged = record.getMessage() + (record.exc_text or "")
    assert "LookupError" in logged and "explorer.py" in logged  # what failed, and where
    assert "(from KeyError: 'yyy" in logged  # what it was raised from, cut too
    assert logged.count("y" * SHOWN) == 0 and len(logged) < 5_000


def test_messages_quote_a_long_value_cut(small_web):
    response = small_web.get(f"/network/expand.json?node={'z' * 5_000}")
    assert response.status_code == 404
    message = response.get_json()["error"]["message"]
    assert message.startswith("unknown node 'zzz") and "(5000 characters)" in message and len(message) < 300


@pytest.mark.parametrize("path", ["/partners.json", "/search.json", "/suggest.json", "/recommendations.json"])
def test_the_words_typed_are_capped_with_a_clear_400(small_web, path):
    """A q of 100 KB cost the partner finder 9 s of CPU; its limit is the search's, kept in web/args.py."""
    response = small_web.get(f"{path}?org=cnam&q={'w' * (args.MAX_WORDS + 1)}")
    assert response.status_code == 400, response.get_data(as_text=True)[:200]
    assert response.get_json()["error"]["message"] == f"q is limited to {args.MAX_WORDS} characters"
    assert small_web.get(f"{path}?org=cnam&q={'w' * args.MAX_WORDS}").status_code in (200, 400)


@pytest.mark.parametrize("path", ["/network.json", "/hubs.json", "/paths.json", "/map.json"])
def test_any_value_of_the_query_string_is_capped(small_web, path):
    """A page echoed an unknown argument of 100 KB four times in its links."""
    response = small_web.get(f"{path}?anything={BIG}")
    assert response.status_code == 400
    message = response.get_json()["error"]["message"]
    assert message.startswith("anything is limited to") and message.replace(",", "").endswith(
        f"{args.MAX_VALUE} characters"
    ), message
    assert len(response.get_data()) < 1_000
    french = small_web.get(f"{path}?anything={BIG}", headers={"Accept-Language": "fr"})
    assert "est limité à" in french.get_json()["error"]["message"]


def test_an_id_in_a_url_is_read_as_the_loader_reads_ids(small_web):
    """The loader stores ids in NFKC without invisible characters: a link spelled otherwise finds them too."""
    for spelled in ("cnam\u200b", "\uff43\uff4e\uff41\uff4d"):
        response = small_web.get(f"/organizations/{spelled}.json")
        assert response.status_code == 200 and response.get_json()["organization"]["id"] == "cnam"


@pytest.fixture(scope="module")
def small_web(small_store):
    with app_on(small_store) as app:
        yield app.test_client()
