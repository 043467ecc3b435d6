"""The one way in and out of a view: request arguments (:mod:`web.args`), pages as HTML or JSON, errors."""

from __future__ import annotations

import pytest
from flask import Flask, url_for

from graph.errors import BadRequest
from graph.model import ROLES
from web import args


@pytest.fixture(scope="module")
def bare():
    """A Flask app with nothing in it: enough for reading a request's arguments."""
    return Flask(__name__)


def _error(bare, query: str, read):
    with bare.test_request_context("/?" + query), pytest.raises(BadRequest) as caught:
        read()
    return str(caught.value)


def _read(bare, query: str, read):
    with bare.test_request_context("/?" + query):
        return read()


def test_integers_have_bounds_a_default_and_one_message(bare):
    assert _read(bare, "", lambda: args.integer("limit", 1, 10, default=5)) == 5
    assert _read(bare, "", lambda: args.integer("limit", 1, 10)) is None
    assert _read(bare, "limit=+7", lambda: args.integer("limit", 1, 10)) == 7
    for raw in ("abc", "0", "11", "2.5"):
        message = _error(bare, f"limit={raw}", lambda: args.integer("limit", 1, 10))
        assert message == f"limit must be a whole number from 1 to 10, not {raw!r}"


def test_text_numbers_and_choices(bare):
    assert _read(bare, "q=++ecole+", lambda: args.text("q")) == "ecole"
    assert _error(bare, "q=" + "a" * 6, lambda: args.text("q", max_length=5)) == "q is limited to 5 characters"
    assert _read(bare, "x=-1.5", lambda: args.number("x", 0.0)) == -1.5
    assert _error(bare, "x=left", lambda: args.number("x", 0.0)) == "x must be a number, not 'left'"
    assert _read(bare, "color=hub", lambda: args.choice("color", ("hub",))) == "hub"
    assert _error(bare, "color=red", lambda: args.choice("color", ("hub",))) == "color must be 'hub', not 'red'"


def test_lists_are_repeated_or_comma_separated(bare):
    assert _read(bare, "id=a,b&id=+b+,,c", lambda: args.listed("id")) == ("a", "b", "c")
    assert _read(bare, "", lambda: args.listed("id")) == ()


def test_roles_with_their_deprecated_alias_name_the_parameter_given(bare):
    assert _read(bare, "role=centre,funder&kind=funder&kind=company", args.roles) == ("centre", "funder", "company")
    assert _read(bare, "kind=partner", args.role) == "partner"
    assert _read(bare, "kind=partner", lambda: args.role("role", alias=None)) is None
    expected = f"must be one of {', '.join(ROLES)}, not 'planet'"
    assert _error(bare, "kind=planet", args.roles) == "kind " + expected
    assert _error(bare, "role=planet", args.role) == "role " + expected
    assert _error(bare, "via_kind=planet", lambda: args.roles("via_role", "via_kind")) == "via_kind " + expected


def test_values_the_graph_must_have(bare):
    codes = {"FR", "MA"}
    assert _read(bare, "country=MA", lambda: args.country(codes)) == "MA"
    assert _read(bare, "country=MA,FR", lambda: args.countries(codes)) == ("MA", "FR")
    message = "unknown country 'ZZ': use a country code of the graph, e.g. FR"
    assert _error(bare, "country=ZZ", lambda: args.country(codes)) == message
    assert _error(bare, "country=FR&country=ZZ", lambda: args.countries(codes)) == message
    assert _error(bare, "expertise=x", lambda: args.expertise({"ai"})).startswith("unknown expertise 'x': ")


#: GET endpoints that are not pages: a redirect, files, the network's JSON-only expansion and the type-ahead.
#: Routes that answer something else than a page (a file, an asset, JSON only).
NOT_PAGES = {
    "explorer.index",
    "explorer.favicon",
    "explorer.vis_asset",
    "explorer.expand",
    "suggest.suggest",
    "static",
    "exports.network_file",
    "charts.hub_countries_csv",
    "charts.hub_timeline_csv",
    "charts.hub_timeline_json",
    "charts.organization_countries_csv",
    "charts.organization_timeline_csv",
    "charts.organization_timeline_json",
}


def test_every_page_has_its_json_twin_and_url_for_gives_the_page(web_app):
    rules = {r.rule: r.endpoint for r in web_app.url_map.iter_rules() if "GET" in (r.methods or ())}
    pages = {rule: endpoint for rule, endpoint in rules.items() if endpoint not in NOT_PAGES}
    assert len(pages) == 2 * 14, "fourteen pages (the sign-in page among them), each at two URLs"
    for rule, endpoint in pages.items():
        twin = rule.removesuffix(".json") if rule.endswith(".json") else rule + ".json"
        assert pages.get(twin) == endpoint, rule
    with web_app.test_request_context():
        assert url_for("explorer.network") == "/network"
        assert url_for("hubs.hub", hub_id=2) == "/hubs/2"


def test_a_form_page_answers_a_bad_name_with_the_form_and_candidates(client):
    for url in ("/recommendations?org=universite", "/partners?q=cybersecurity&from=universite"):
        page = client.get(url)
        text = page.get_data(as_text=True)
        assert page.status_code == 400 and 'class="candidates"' in text and 'id="form-error"' in text, url
        assert 'id="no-partner"' not in text and 'id="no-recommendation"' not in text, "no result notice: none asked"
    error = client.get("/recommendations.json?org=zzzzzz").get_json()["error"]
    assert set(error) == {"status", "message", "candidates", "suggestions"} and error["status"] == 400


def test_an_empty_form_is_a_page_and_json_says_what_to_give(client):
    empty = (("/paths", "give from and to"), ("/partners", "give q"), ("/recommendations", "give org"))
    for url, give in (*empty, ("/consortium", "give lead and need")):
        assert client.get(url).status_code == 200
        error = client.get(url + ".json").get_json()["error"]
        assert error["status"] == 400 and error["message"].startswith(give), url
        assert set(error) == {"status", "message"}


def test_errors_answer_json_to_who_asks_for_it(client):
    asked = client.get("/nope", headers={"Accept": "application/json"})
    assert asked.status_code == 404 and asked.get_json()["error"]["status"] == 404
    assert client.get("/nope").mimetype == "text/html"
    assert client.get("/hubs/9999").status_code == client.get("/network.json?hub=9999").status_code == 404
    bad = client.get("/partners.json?q=cybersecurity&country=ZZ").get_json()["error"]["message"]
    assert bad == client.get("/network.json?country=ZZ").get_json()["error"]["message"], "one message per mistake"
