"""The analysts' console: read-only by the engine, limits, errors, CSRF, the saved library, two clients."""

from __future__ import annotations

import json
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


def test_library_lists_every_read_query_and_opens_it_in_the_console(client, demo_store):
    listed = {q["name"]: q for q in client.get("/library.json").get_json()["queries"]}
    reads = {q.name for q in library().values() if not q.is_write}
    assert set(listed) == reads
    assert all(listed[name]["title"] and listed[name]["description"] for name in listed)
    page = client.get("/library").get_data(as_text=True)
    assert page.count('class="open-in-console"') == len(reads)
    form = client.get("/console?name=organization_neighbourhood&run=1&p.id=cnam&p.limit=7").get_data(as_text=True)
    assert "{&#34;id&#34;: &#34;cnam&#34;, &#34;limit&#34;: 7}" in form, "one field per parameter, JSON values"
    assert 'name="p.limit" size="18" value="25"' in page
    console = client.get("/console?name=organization_neighbourhood&run=1").get_data(as_text=True)
    assert "MATCH path = (o:Organization {id: $id})" in console and 'data-autorun="1"' in console
    assert client.get("/console?name=upsert_organizations").status_code == 404, "write queries are not offered"


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
