"""The analysts' console: read-only by the engine, limits, errors, CSRF, the saved library, two clients."""

from __future__ import annotations

import json
import re
import threading
import time
import urllib.request
from http.cookiejar import CookieJar

import pytest

from graph.errors import PartnernetError, QueryTimeout
from graph.store.library import library

pytestmark = pytest.mark.engines("falkordb", "neo4j")

#: A read query that runs far longer than any time limit used here (4e8 rows, counted).
RUNAWAY = "UNWIND range(1, 20000) AS x UNWIND range(1, 20000) AS y RETURN count(*) AS n"

#: Ways of trying to change the graph from a read-only console. None may change anything.
WRITE_ATTEMPTS = [
    "CREATE (n:Intruder {name: 'x'})",
    "cReAtE (n:Intruder)",
    "MERGE (n:Organization {id: 'intruder'})",
    "MATCH (n:Organization {id: 'cnam'}) SET n.name = 'hacked'",
    "MATCH (n:Organization {id: 'cnam'}) SET n:Intruder",
    "MATCH (n:Organization {id: 'cnam'}) SET n += {name: 'hacked'}",
    "MATCH (n:Organization {id: 'cnam'}) REMOVE n.city",
    "MATCH (n:Organization {id: 'cnam'}) REMOVE n:Centre",
    "MATCH (n:Organization {id: 'cnam'}) DELETE n",
    "MATCH (n:Organization {id: 'cnam'}) DETACH DELETE n",
    "MATCH ()-[r:PARTICIPATES_IN]->() DELETE r",
    "MATCH (a:Organization {id: 'cnam'}), (b:Organization {id: 'afd'}) CREATE (a)-[:FUNDS]->(b)",
    "MATCH (a:Organization {id: 'cnam'}) MERGE (a)-[:MEMBER_OF]->(:Organization {id: 'intruder'})",
    "UNWIND range(1, 3) AS i CREATE (:Intruder {i: i})",
    "MATCH (n:Organization) WITH n LIMIT 1 FOREACH (x IN [1] | CREATE (:Intruder))",
    "OPTIONAL MATCH (n:Nothing) CREATE (:Intruder)",
    "CALL db.idx.fulltext.createNodeIndex('Organization', 'city')",
    "CALL db.idx.fulltext.drop('Organization')",
    "CREATE INDEX FOR (n:Organization) ON (n.city)",
    "DROP INDEX ON :Organization(id)",
    "CREATE CONSTRAINT ON (n:Organization) ASSERT n.city IS UNIQUE",
    "LOAD CSV FROM 'file:///etc/hostname' AS row CREATE (:Intruder {v: row[0]})",
    "// only a comment here\nCREATE (:Intruder)",
    "/* RETURN 1 */ CREATE (:Intruder)",
    "WITH 'MATCH (n) RETURN n' AS text CREATE (:Intruder {text: text})",
    "RETURN 'harmless' AS a UNION ALL MATCH (n:Organization {id: 'cnam'}) SET n.name = 'x' RETURN 'x' AS a",
    "CALL { CREATE (n:Intruder) RETURN n } RETURN n",
    "MATCH (n:Organization) RETURN count(n) AS n; CREATE (:Intruder)",
    "MATCH (n:Organization {id: 'cnam'}) SET n.name = $name RETURN n",
    # Neo4j's own forms (on FalkorDB: syntax errors or unknown procedures)
    "CREATE FULLTEXT INDEX intruder FOR (n:Organization) ON EACH [n.city]",
    "CREATE CONSTRAINT intruder FOR (n:Organization) REQUIRE n.city IS UNIQUE",
    "DROP CONSTRAINT organization_id",
    "MATCH (n:Organization {id: 'cnam'}) CALL (n) { SET n.name = 'hacked' } RETURN 1 AS one",
    "MATCH (n:Intruder) CALL (n) { DETACH DELETE n } IN TRANSACTIONS RETURN 1 AS one",
    "CALL db.createLabel('Intruder')",
    "CREATE USER intruder SET PASSWORD 'intruder-password'",
]


def _state(store) -> tuple:
    intruders = store.run("MATCH (n:Intruder) RETURN count(n) AS n").rows[0]["n"]
    schema = None
    if store.dialect == "neo4j":  # indexes and constraints, users
        schema = [
            store.run(f"SHOW {what} YIELD name RETURN name ORDER BY name").rows for what in ("INDEXES", "CONSTRAINTS")
        ]
        schema.append(store.run("CALL db.labels() YIELD label RETURN collect(label) AS labels").rows)
    return store.counts(), store.version(), intruders, schema


#: The library's groups of analyst queries, in their order.
GROUPS_EN = [
    "Who is in the network",
    "Who leads and who works with whom",
    "Who funds what",
    "Which agreements to renew or sign",
    "What is missing",
    "How to reach an organization",
]


@pytest.fixture
def client(web_app):
    c = web_app.test_client()
    c.token = c.get("/console.json").get_json()["csrf_token"]
    return c


def _run(client, body, token=None):
    return client.post("/console/run", json=body, headers={"X-CSRF-Token": token or client.token})


def test_no_write_attempt_changes_the_graph(client, demo_store):
    before = _state(demo_store)
    assert len(WRITE_ATTEMPTS) >= 20
    for text in WRITE_ATTEMPTS:
        with pytest.raises(PartnernetError):
            demo_store.run(text, {"name": "x"}, read_only=True)
        response = _run(client, {"cypher": text, "params": {"name": "x"}})
        assert response.status_code in (400, 403), (text, response.get_json())
        assert response.get_json()["error"]["message"], text
    assert _state(demo_store) == before
    assert _run(client, {"cypher": "MATCH (n:Organization {id: 'cnam'}) RETURN n.name AS name"}).get_json()["rows"] == [
        {"name": "Conservatoire national des arts et métiers"}
    ]


def test_writes_are_refused_by_the_engine_not_by_our_text_check(demo_store):
    from graph.errors import ReadOnlyError

    with pytest.raises(ReadOnlyError, match="read-only"):
        demo_store.run("CREATE (:Intruder)", read_only=True)  # sent as is: GRAPH.RO_QUERY / READ access refuse


def test_console_runs_a_query_and_reports_rows_time_and_engine(client, engine):
    data = _run(
        client, {"cypher": "MATCH (o:Organization {country: $c}) RETURN o.id AS id ORDER BY id", "params": {"c": "MA"}}
    ).get_json()
    assert data["columns"] == ["id"] and data["row_count"] == len(data["rows"]) > 0
    assert data["engine"] == engine and data["elapsed_ms"] >= 0 and data["truncated"] is False
    paths = _run(client, {"name": "organization_neighbourhood", "params": {"id": "cnam", "limit": 5}}).get_json()
    assert paths["row_count"] == 5 and paths["rows"][0]["path"]["element"] == "path"


def test_row_limit_cuts_and_says_so(demo_store):
    from web import create_app

    app = create_app({"STORE": demo_store, "SETTINGS": demo_store.settings.replace(row_limit=10)})
    client = app.test_client()
    token = client.get("/console.json").get_json()["csrf_token"]
    data = _run(client, {"cypher": "UNWIND range(1, 50) AS i RETURN i"}, token).get_json()
    assert data["row_count"] == 10 and data["truncated"] is True and "row limit" in data["message"]


def test_time_limit_stops_a_runaway_query_with_a_clear_message(demo_store):
    from web import create_app

    app = create_app({"STORE": demo_store, "SETTINGS": demo_store.settings.replace(query_timeout=0.5)})
    client = app.test_client()
    token = client.get("/console.json").get_json()["csrf_token"]
    response = _run(client, {"cypher": RUNAWAY}, token)
    assert response.status_code == 504  # not 408: Chromium re-sends a request after a 408
    assert "time limit 0.5 s" in response.get_json()["error"]["message"]
    # The runaway keeps its place in the console's pool (one query per user) until the engine has stopped it
    # (Neo4j notices its transaction's timeout a little after the answer went): wait for that, at most 30 s.
    pool, deadline = app.extensions["partnernet_console"], time.monotonic() + 30
    while pool.running and time.monotonic() < deadline:
        time.sleep(0.05)
    assert pool.running == 0, "the engine did not stop the runaway query"
    assert _run(client, {"cypher": "RETURN 1 AS one"}, token).get_json()["rows"] == [{"one": 1}]


def test_errors_are_named_with_their_position(client, engine):
    syntax = _run(client, {"cypher": "MATCH (n RETURN n"}).get_json()["error"]["message"]
    assert "syntax error at line 1, column" in syntax
    regex = _run(client, {"cypher": "MATCH (n:Organization) WHERE n.name =~ 'C.*' RETURN n.name AS name LIMIT 1"})
    if engine == "falkordb":  # FalkorDB has no regular expressions
        message = regex.get_json()["error"]["message"]
        assert message == "the embedded engine (FalkorDB) does not support `=~`; on Neo4j this query runs"
    else:
        assert regex.status_code == 200 and regex.get_json()["rows"][0]["name"].startswith("C")
    load = _run(client, {"cypher": "LOAD CSV FROM 'https://example.org/x.csv' AS row RETURN row"}).get_json()
    assert "LOAD CSV is not allowed" in load["error"]["message"]
    several = _run(client, {"cypher": "RETURN 1 AS a; RETURN 2 AS b"}).get_json()
    assert "one statement" in several["error"]["message"]
    params = _run(client, {"cypher": "RETURN 1 AS a", "params": [1]})
    assert params.status_code == 400 and "params" in params.get_json()["error"]["message"]
    missing = _run(client, {"name": "organization_neighbourhood", "params": {"id": "cnam"}}).get_json()
    assert "$limit" in missing["error"]["message"]


def test_csrf_token_is_required_and_bound_to_the_session(web_app, client):
    body = {"cypher": "RETURN 1 AS one"}
    assert client.post("/console/run", json=body).status_code == 403
    assert _run(client, body, token="forged").status_code == 403
    other = web_app.test_client()
    other.get("/console.json")
    assert other.post("/console/run", json=body, headers={"X-CSRF-Token": client.token}).status_code == 403
    assert _run(client, body).status_code == 200
    page = client.get("/console").get_data(as_text=True)
    assert f'data-csrf="{client.token}"' in page


def _library(client, url: str = "/library.json") -> dict[str, dict]:
    """The queries a library answer lists, by name (each with the title of its group)."""
    data = client.get(url).get_json()
    return {q["name"]: {**q, "group_title": g["title"]} for g in data["groups"] for q in g["queries"]}


def test_library_lists_the_analysts_queries_by_group_and_opens_them_in_the_console(client):
    data = client.get("/library.json").get_json()
    listed = _library(client)
    assert len(listed) == data["count"] == data["total"] == 16
    assert {n for n in listed if not n.startswith("analyst_")} == {"organization_neighbourhood"}
    assert [g["title"] for g in data["groups"]] == GROUPS_EN
    assert listed["analyst_cofunded_projects"]["group_title"] == "Who funds what"
    assert listed["analyst_two_hops_from_centre"]["group_title"] == "How to reach an organization"
    expiring = listed["analyst_agreements_expiring_between_years"]
    assert expiring["title"] == "Agreements expiring in a year range"
    assert [(p["name"], p["type"], p["value"]) for p in expiring["params"]] == [
        ("year_from", "integer", "2024"),
        ("year_to", "integer", "2025"),
        ("limit", "integer", "100"),
    ], "the header's order, typed, the example as the field shows it"
    page = client.get("/library").get_data(as_text=True)
    assert page.count('class="open-in-console"') == 16 and page.count('<section class="library-group"') == 6
    assert page.count("<h2>") == 6 and "<h2>Who funds what</h2>" in page
    assert 'id="library-q" name="q" value=""' in page and "16 of 16 queries" in page
    form = client.get("/console?name=organization_neighbourhood&run=1&p.id=cnam&p.limit=7").get_data(as_text=True)
    assert "{&#34;id&#34;: &#34;cnam&#34;, &#34;limit&#34;: 7}" in form, (
        "the fields' values, as JSON for the own-query box"
    )
    assert 'name="p.limit" data-type="integer" value="7" type="number" step="1" required' in form
    assert 'name="p.id" data-type="text" value="cnam" type="text" required' in form
    assert "MATCH path = (o:Organization {id: $id})" in form and 'data-autorun="1"' in form
    assert client.get("/console?name=upsert_organizations").status_code == 404, "write queries are not offered"


INTERNAL = ("existing_projects", "snapshot_organizations", "graph_version", "count_nodes", "organization_details")


def test_internal_queries_are_left_out_of_the_lists_but_open_and_run_by_name(client):
    listed = _library(client)
    library_page = client.get("/library").get_data(as_text=True)
    console_page = client.get("/console").get_data(as_text=True)
    assert console_page.count("<option value=") == 16 and console_page.count("<optgroup") == 6
    assert '<option value="analyst_cofunded_projects">Co-funded projects</option>' in console_page
    for name in INTERNAL:
        assert library()[name].internal and name not in listed
        assert f"query-{name}" not in library_page and f'value="{name}"' not in console_page
        assert client.get(f"/console?name={name}").status_code == 200, "still opens by name, as before"
    opened = client.get("/console.json?name=graph_version").get_json()
    assert opened["query"]["params"] == [
        {
            "name": "key",
            "type": "text",
            "type_name": "text",
            "nullable": False,
            "help": 'Key of the meta node ("graph").',
            "value": "graph",
            "example": "graph",
        }
    ]
    ran = _run(client, {"name": "graph_version", "params": {"key": "graph"}})
    assert ran.status_code == 200 and ran.get_json()["rows"][0]["version"] >= 1
    assert _run(client, {"name": "upsert_organizations", "params": {}}).status_code == 404


def test_library_search_on_the_server_ignores_accents_and_case(client):
    def found(q: str) -> set[str]:
        return set(_library(client, f"/library.json?q={q}"))

    assert found("CO-FUNDED") == found("cofunded") == {"analyst_cofunded_projects"}
    assert found("échéance expiring") == found("ECHEANCE EXPIRING") == {"analyst_agreements_expiring_between_years"}
    assert found("financeurs") == {"analyst_cofunded_projects", "analyst_funders_of_organizations_projects"}, "French"
    assert found("two_hops") == {"analyst_two_hops_from_centre"}, "the name"
    assert found("nothing-like-this") == set()
    page = client.get("/library?q=Cofunded").get_data(as_text=True)
    assert 'id="library-q" name="q" value="Cofunded"' in page and "1 of 16 queries" in page
    assert '<li id="query-analyst_cofunded_projects" data-search=' in page
    assert len(re.findall(r'<li id="query-\w+" data-search="[^"]*" hidden>', page)) == 15, "hidden, no JS needed"
    assert len(re.findall(r'<section class="library-group" id="group-\w+" hidden>', page)) == 5
    assert '<p id="library-none" hidden>' in page
    none = client.get("/library?q=zzz").get_data(as_text=True)
    assert "0 of 16 queries" in none and '<p id="library-none">' in none
    assert client.get("/library.json?q=" + "x" * 201).status_code == 400


def test_library_in_french_titles_groups_types_and_help(client):
    listed = _library(client, "/library.json?lang=fr")
    expiring = listed["analyst_agreements_expiring_between_years"]
    assert expiring["title"] == "Accords arrivant à échéance sur une période"
    assert expiring["description"].startswith("Les accords dont la date d'échéance")
    assert expiring["group_title"] == "Quels accords renouveler ou signer"
    assert expiring["params"][0]["help"] == "Première année de la période."
    assert expiring["params"][0]["type_name"] == "nombre entier"
    assert all(q["title"] != library()[q["name"]].title for q in listed.values()), "every one has its French title"
    page = client.get("/library?lang=fr").get_data(as_text=True)
    assert "<h2>Qui est dans le réseau</h2>" in page and "16 sur 16 requêtes" in page
    assert "Organisations à deux pas d&#39;un centre" in page
    console = client.get("/console?name=analyst_two_hops_from_centre&lang=fr").get_data(as_text=True)
    assert "Organisations à deux pas d&#39;un centre" in console and "nombre entier" in console


def test_text_parameters_need_no_quotes_and_values_are_converted_by_type(client):
    query = "analyst_organizations_with_expertise_or_narrower"
    opened = client.get(f"/console.json?name={query}&p.expertise=computer-science&p.country=&p.limit=3").get_json()
    assert [(p["name"], p["value"], p["example"]) for p in opened["query"]["params"]] == [
        ("expertise", "computer-science", "computer-science"),
        ("country", "", None),
        ("limit", "3", 3),
    ], "an empty optional field is null"
    page = client.get(f"/console?name={query}&p.expertise=energy&p.country=MA&p.limit=3").get_data(as_text=True)
    assert "{&#34;expertise&#34;: &#34;energy&#34;, &#34;country&#34;: &#34;MA&#34;, &#34;limit&#34;: 3}" in page
    typed = {"expertise": "computer-science", "country": "", "limit": "3"}
    as_typed = _run(client, {"name": query, "params": typed})
    as_json = _run(client, {"name": query, "params": {**typed, "country": None, "limit": 3}})
    assert as_typed.status_code == as_json.status_code == 200
    assert as_typed.get_json()["rows"] == as_json.get_json()["rows"] and as_json.get_json()["row_count"] == 3
    assert as_typed.get_json()["params"] == {"expertise": "computer-science", "country": None, "limit": 3}
    funders = "analyst_funders_of_organizations_projects"
    listed = _run(client, {"name": funders, "params": {"ids": " cnam, pc-casablanca ,", "limit": "50"}}).get_json()
    json_list = _run(client, {"name": funders, "params": {"ids": ["cnam", "pc-casablanca"], "limit": 50}}).get_json()
    assert listed["params"]["ids"] == ["cnam", "pc-casablanca"] and listed["rows"] == json_list["rows"] != []


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"p.limit": "abc"}, "$limit must be a whole number, not 'abc'"),
        ({"p.limit": "2.5"}, "$limit must be a whole number, not '2.5'"),
        ({"p.country": ""}, "$country needs a value (text)"),
        (
            {"p.nope": "1"},
            "query 'analyst_expertise_missing_in_country': unexpected $nope (it takes: $country, $limit)",
        ),
    ],
)
def test_a_bad_field_answers_400_naming_the_parameter(client, params, message):
    query = "analyst_expertise_missing_in_country"
    for url in ("/console", "/console.json"):
        response = client.get(url, query_string={"name": query, "run": "1", **params})
        assert response.status_code == 400, url
        assert message in response.get_data(as_text=True).replace("&#39;", "'"), url
    sent = {"country": "MA", "limit": 5, **{k[2:]: v for k, v in params.items()}}
    answer = _run(client, {"name": query, "params": sent})
    assert answer.status_code == 400 and answer.get_json()["error"]["message"] == message


def test_json_values_of_the_wrong_type_are_refused_and_messages_follow_the_language(client):
    cases = [
        ("analyst_funders_of_organizations_projects", {"ids": 5, "limit": 5}, "$ids must be a list of texts"),
        ("analyst_funders_of_organizations_projects", {"ids": ["a", 1], "limit": 5}, "$ids must be a list of texts"),
        ("analyst_expertise_missing_in_country", {"country": 33, "limit": 5}, "$country must be text, not 33"),
        ("analyst_expertise_missing_in_country", {"country": "MA", "limit": True}, "$limit must be a whole number"),
        ("analyst_centres_without_foreign_partner", {"since": "last year", "limit": 5}, "$since must be a whole"),
    ]
    for name, params, message in cases:
        answer = _run(client, {"name": name, "params": params})
        assert answer.status_code == 400 and message in answer.get_json()["error"]["message"], (name, params)
    french = client.get("/console.json?name=analyst_expertise_missing_in_country&p.limit=abc&lang=fr").get_json()
    assert french["error"]["message"] == "$limit doit être un nombre entier, pas 'abc'"


@pytest.mark.engines("neo4j")
def test_a_runaway_query_is_stopped_by_the_server(demo_store):
    """The time limit is the transaction's own: Neo4j stops it, it is no longer among its transactions."""
    show = "SHOW TRANSACTIONS YIELD currentQuery, status RETURN currentQuery, status"
    seen: list = []
    failure: dict = {}

    def runaway() -> None:
        try:
            demo_store.run(RUNAWAY, timeout=2)
        except QueryTimeout as e:
            failure["error"] = e

    thread = threading.Thread(target=runaway)
    started = time.monotonic()
    thread.start()
    while not seen and time.monotonic() - started < 1.8:
        seen = [r for r in demo_store.run(show).rows if r["currentQuery"] == RUNAWAY]
        time.sleep(0.05)
    thread.join(30)
    assert seen, "the runaway query was never seen running"
    assert "error" in failure and time.monotonic() - started < 10
    left = [r for r in demo_store.run(show).rows if r["currentQuery"] != show]
    assert left == [], left


def _post(url: str, body: dict, token: str, jar: CookieJar) -> tuple[int, dict, float]:
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json", "X-CSRF-Token": token}
    )
    try:
        with opener.open(request, timeout=60) as response:
            return response.status, json.loads(response.read()), time.monotonic()
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read()), time.monotonic()


def test_a_runaway_query_does_not_block_another_client(demo_store):
    from benchmarks.explorer_h2020 import serving
    from web import create_app

    app = create_app({"STORE": demo_store, "SETTINGS": demo_store.settings.replace(query_timeout=4)})
    with serving(app) as base:  # stopped by its own loop thread (closing it from here raised EBADF there)
        sessions = []
        for _ in range(2):
            jar = CookieJar()
            opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
            with opener.open(base + "/console.json", timeout=30) as response:
                sessions.append((jar, json.loads(response.read())["csrf_token"]))
        quick_query = {"cypher": "MATCH (o:Organization) RETURN count(o) AS n"}
        _post(base + "/console/run", quick_query, sessions[1][1], sessions[1][0])  # warm: compiled, cached
        with urllib.request.build_opener().open(base + "/organizations/cnam.json", timeout=60) as response:
            assert response.status == 200  # warm: the snapshot of this graph version is read
        slow: dict = {}

        def runaway() -> None:
            slow["result"] = _post(base + "/console/run", {"cypher": RUNAWAY}, sessions[0][1], sessions[0][0])

        thread = threading.Thread(target=runaway)
        thread.start()
        time.sleep(0.5)  # the runaway is now running in the engine
        quick = _post(base + "/console/run", quick_query, sessions[1][1], sessions[1][0])
        opener = urllib.request.build_opener()
        with opener.open(base + "/organizations/cnam.json", timeout=30) as response:
            page_done = time.monotonic()
            assert response.status == 200
        thread.join(60)
        status, body, slow_done = slow["result"]
        assert quick[0] == 200 and quick[1]["rows"][0]["n"] > 0
        assert quick[2] < slow_done and page_done < slow_done, "the other client was answered while the runaway ran"
        assert status == 504 and "time limit" in body["error"]["message"]
