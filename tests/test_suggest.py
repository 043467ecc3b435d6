"""The type-ahead's endpoint, ``/suggest.json``, on the real engines, and its index (graph.analytics.names).

The network is the demo one (with its hostile name) plus a few organizations made for
these tests: a name holding ``<script>``, two organizations sharing a name, a name that
is another organization's id, a name with quotes, a backslash and a comma, an unaccented
"Ecole", and two names that differ in where "tech" is (start of a word, or inside one).
"""

from __future__ import annotations

import json

import pytest

from graph.analytics.names import MAX_SUGGESTIONS, SuggestionIndex, resolve_organization
from tests.conftest import XSS_ID, XSS_NAME, _holder, demo_with_xss, store_on

pytestmark = pytest.mark.engines("falkordb", "neo4j")

SCRIPT_NAME = "<script>alert(1)</script> Lab"
ODD_NAME = 'Fondation "Guillemets" \\ Barre, Virgule & <b>'
TWIN_NAME = "Laboratoire Jumeau"
ID_AS_NAME = "tc-pau"  # the id of a demo organization (Cnam Pau), here the name of another
EXTRA = [
    ("ta-script", SCRIPT_NAME, None, "Rabat"),
    ("ta-twin-a", TWIN_NAME, None, "Lyon"),
    ("ta-twin-b", TWIN_NAME, None, "Lille"),
    ("ta-odd", ODD_NAME, None, "Paris"),
    ("ta-id-name", ID_AS_NAME, None, None),
    ("ta-ecole", "Ecole Superieure Sans Accents", "ESSA", "Tours"),
    ("ta-zephyr-bio", "Zephyr Biotechnique", None, None),
    ("ta-zephyr-tech", "Zephyr Technique Avancée", None, None),
]


def demo_with_typeahead_names() -> dict:
    """:func:`tests.conftest.demo_with_xss` plus :data:`EXTRA` (partners in Morocco, no projects)."""
    network = demo_with_xss()
    for org_id, name, short_name, city in EXTRA:
        network["organizations"].append(
            {
                "id": org_id,
                "name": name,
                "name_fr": None,
                "short_name": short_name,
                "roles": ["partner"],
                "kind": "university",
                "centre_level": None,
                "country": "MA",
                "city": city,
                "lat": None,
                "lon": None,
                "website": None,
            }
        )
    return network


def load_typeahead_demo(store) -> None:
    from loaders.load import load_network
    from loaders.validate import has_errors, validate_network

    network = demo_with_typeahead_names()
    problems = validate_network(network)
    assert not has_errors(problems), problems
    load_network(store, network, source="tests: demo network + type-ahead names")


@pytest.fixture(scope="module")
def demo_store(engine, request):
    """The demo network with :data:`EXTRA` (overrides conftest's: ``web_app`` serves this one)."""
    with store_on(engine, request, _holder("demo_store", request.module), load_typeahead_demo) as store:
        yield store


def suggest(client, **query):
    response = client.get("/suggest.json", query_string=query)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    return response.get_json()


def test_a_city_finds_its_organizations(client):
    found = suggest(client, q="casabl")
    assert "Cnam Maroc" in [s["name"] for s in found]
    cnam_maroc = next(s for s in found if s["name"] == "Cnam Maroc")
    assert cnam_maroc == {
        "id": "pc-casablanca",
        "name": "Cnam Maroc",
        "name_fr": None,
        "short_name": "Cnam Maroc",
        "country": "MA",
        "city": "Casablanca",
        "role": "centre",
        "value": "Cnam Maroc",
        "role_name": "Centre",
    }
    assert all(s["city"] == "Casablanca" or "casablanca" in s["id"] for s in found)


def test_names_short_names_and_ids_match_exactly_first(client):
    assert suggest(client, q="cnam")[0]["id"] == "cnam"  # its short name, before the many "Cnam ..." names
    assert suggest(client, q="ESSA")[0]["id"] == "ta-ecole"
    assert suggest(client, q="pc-casablanca")[0]["id"] == "pc-casablanca"
    assert suggest(client, q="  CNAM   maroc ")[0]["id"] == "pc-casablanca"


def test_the_start_of_a_word_ranks_before_a_piece_inside_one(client):
    names = [s["name"] for s in suggest(client, q="zephyr tech")]
    # alphabetically and by activity (none) the other way round: only the rank puts it first
    assert names == ["Zephyr Technique Avancée", "Zephyr Biotechnique"]


def test_no_piece_inside_a_word_comes_before_the_start_of_one(client):
    for q in ("tech", "poly", "nat", "ma"):
        found = suggest(client, q=q, limit=50)
        starts = [any(w.startswith(q) for w in _words(s)) for s in found]
        assert starts == sorted(starts, reverse=True), (q, [s["name"] for s in found])
        assert any(starts), q


def _words(suggestion: dict) -> list[str]:
    import re

    from graph.text import fold

    return re.findall(
        r"\w+",
        fold(
            " ".join(
                filter(None, (suggestion["name"], suggestion["name_fr"], suggestion["short_name"], suggestion["id"]))
            )
        ),
    )


def test_accents_and_case_are_ignored_both_ways(client):
    plain, accented, upper = (suggest(client, q=q, limit=50) for q in ("ecole", "école", "ÉCOLE"))
    assert plain == accented == upper
    names = [s["name"] for s in plain]
    assert "École polytechnique fédérale de Lausanne" in names  # "ecole" finds "École"
    assert "Ecole Superieure Sans Accents" in names  # "école" finds "Ecole"


def test_limit_bounds(client):
    assert len(suggest(client, q="cnam")) == 8
    assert len(suggest(client, q="cnam", limit=1)) == 1
    assert len(suggest(client, q="a", limit=MAX_SUGGESTIONS)) == MAX_SUGGESTIONS
    for bad in ("0", str(MAX_SUGGESTIONS + 1), "-1", "abc", "nan"):
        response = client.get("/suggest.json", query_string={"q": "cnam", "limit": bad})
        assert response.status_code == 400, bad
        message = response.get_json()["error"]["message"]
        assert message == f"limit must be a whole number from 1 to {MAX_SUGGESTIONS}, not {bad!r}"


@pytest.mark.parametrize("q", [None, "", " ", "\t \n"])
def test_nothing_typed_suggests_nothing(client, q):
    query = {} if q is None else {"q": q}
    assert suggest(client, **query) == []


def test_too_long_q_is_a_400_naming_q(client):
    assert suggest(client, q="x" * 200) == []
    response = client.get("/suggest.json", query_string={"q": "x" * 201})
    assert response.status_code == 400
    assert response.get_json()["error"]["message"] == "q is limited to 200 characters"


def test_nothing_matches_is_an_empty_list(client):
    assert suggest(client, q="zzqqzz") == []
    assert suggest(client, q="\x00") == []


def test_hostile_names_come_back_exactly_as_json(client):
    for q, name in (("script", SCRIPT_NAME), ("img src", XSS_NAME), ("guillemets", ODD_NAME)):
        response = client.get("/suggest.json", query_string={"q": q})
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        found = json.loads(response.get_data(as_text=True))
        assert name in [s["name"] for s in found], q
    odd = suggest(client, q="guillemets")[0]
    assert odd["value"] == ODD_NAME and odd["city"] == "Paris"
    assert suggest(client, q="img src")[0]["id"] == XSS_ID


def test_a_shared_name_or_a_name_that_is_an_id_gives_the_id(client):
    twins = suggest(client, q="jumeau")
    assert {s["id"] for s in twins} == {"ta-twin-a", "ta-twin-b"}
    assert {s["value"] for s in twins} == {"ta-twin-a", "ta-twin-b"}
    assert {s["city"] for s in twins} == {"Lyon", "Lille"}  # what tells them apart in the list
    id_as_name = next(s for s in suggest(client, q=ID_AS_NAME, limit=20) if s["id"] == "ta-id-name")
    assert id_as_name["value"] == "ta-id-name"


def test_every_value_names_its_organization(snapshot):
    """What a suggestion puts in a field is read back as that organization by the forms."""
    index = SuggestionIndex(snapshot)
    for org_id in snapshot.organizations:
        assert resolve_organization(snapshot, index.value(org_id)) == org_id


def test_the_chosen_values_work_in_the_forms(client):
    (cnam_maroc,) = [s for s in suggest(client, q="casabl") if s["id"] == "pc-casablanca"]
    afd = suggest(client, q="afd")[0]
    paths = client.get("/paths.json", query_string={"from": cnam_maroc["value"], "to": afd["value"]})
    assert paths.status_code == 200 and paths.get_json()["paths"], paths.get_json()
    twin = suggest(client, q="jumeau")[0]
    response = client.get("/recommendations.json", query_string={"org": twin["value"]})
    assert response.status_code == 200 and response.get_json()["organization"]["id"] == twin["id"]


@pytest.mark.engines("falkordb")
def test_the_index_follows_the_graph_version(engine, store):
    """A write makes a new graph version: what it added is suggested at once."""
    from loaders.load import load_network
    from web import create_app

    network = demo_with_typeahead_names()
    app = create_app({"TESTING": True, "STORE": store, "SETTINGS": store.settings})
    client = app.test_client()
    assert suggest(client, q="quokka") == []
    load_network(store, network, source="tests")
    assert suggest(client, q="quokka") == []
    network["organizations"].append({**network["organizations"][-1], "id": "ta-quokka", "name": "Quokka Institute"})
    load_network(store, network, source="tests")
    assert [s["id"] for s in suggest(client, q="quokka")] == ["ta-quokka"]
    app.extensions["partnernet"].close()
