"""The web app through Flask's test client, on the real embedded engine holding the demo network."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from urllib.parse import quote

import pytest

from graph.model import primary_role
from graph.text import fold
from tests.conftest import XSS_ID, XSS_NAME

PAGES = ["/network", "/organizations/cnam", "/search?q=cnam", "/network?country=MA&kind=partner"]


def _json_url(url: str) -> str:
    path, _, query = url.partition("?")
    return path + ".json" + ("?" + query if query else "")


@pytest.mark.parametrize("url", PAGES)
def test_every_page_answers_html_and_json(client, url):
    html = client.get(url)
    assert html.status_code == 200 and html.mimetype == "text/html"
    for variant in (_json_url(url), url + ("&" if "?" in url else "?") + "format=json"):
        data = client.get(variant)
        assert data.status_code == 200 and data.mimetype == "application/json", variant
        assert isinstance(data.get_json(), dict)


def test_network_sends_every_organization_of_a_small_network(client, demo_store):
    rows = demo_store.read("snapshot_organizations")
    ids = {r["id"] for r in rows}
    funders = {r["id"] for r in rows if primary_role(r["roles"]) == "funder"}
    default = client.get("/network.json").get_json()
    assert {n["id"] for n in default["nodes"]} == ids - funders, "funders are drawn only when asked for"
    assert default["funders_hidden"] == len(funders) > 0 and "funders=1" in default["funders_note"]
    data = client.get("/network.json?funders=1").get_json()
    assert {n["id"] for n in data["nodes"]} == ids
    assert data["shown"] == data["total"] == len(ids) and data["left_out"] == 0
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in data["nodes"])
    assert data["options"]["physics"]["enabled"] is False
    assert {n["role"] for n in data["nodes"]} == {"centre", "partner", "company", "funder"}
    assert [e["role"] for e in data["legend"]] == ["centre", "funder", "company", "partner"]


def test_same_view_is_drawn_the_same_by_another_app(client, demo_store):
    from web import create_app

    first = client.get("/network.json?country=FR").get_json()
    other = create_app({"TESTING": True, "STORE": demo_store, "SETTINGS": demo_store.settings})
    second = other.test_client().get("/network.json?country=FR").get_json()
    assert [(n["id"], n["x"], n["y"]) for n in first["nodes"]] == [(n["id"], n["x"], n["y"]) for n in second["nodes"]]


def test_view_is_capped_at_max_nodes_and_says_what_was_left_out(demo_store):
    from web import create_app

    settings = demo_store.settings.replace(max_nodes=40)
    client = create_app({"TESTING": True, "STORE": demo_store, "SETTINGS": settings}).test_client()
    data = client.get("/network.json").get_json()
    assert data["shown"] == 40 and data["left_out"] == data["total"] - 40 > 0
    strengths = sorted((n["strength"] for n in data["nodes"]), reverse=True)
    full = create_app({"TESTING": True, "STORE": demo_store, "SETTINGS": demo_store.settings}).test_client()
    everything = sorted((n["strength"] for n in full.get("/network.json").get_json()["nodes"]), reverse=True)
    assert strengths == everything[:40], "the strongest organizations are the ones kept"
    assert len(data["edges"]) <= 4 * 40
    page = client.get("/network").get_data(as_text=True)
    assert f"{data['left_out']:,} organizations were left out" in page and "Narrow the view" in page
    weakest = min(full.get("/network.json").get_json()["nodes"], key=lambda n: (n["strength"], n["id"]))["id"]
    forced = client.get(f"/network.json?highlight={weakest}").get_json()
    assert weakest in {n["id"] for n in forced["nodes"]} and forced["shown"] == 40
    assert client.get("/network.json?max_nodes=41").status_code == 400


def _nodes(client, query: str) -> list[dict]:
    response = client.get("/network.json?" + query)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["nodes"]


def test_filters_are_applied_on_the_server(client, demo_store):
    orgs = {r["id"]: r for r in demo_store.read("snapshot_organizations")}
    morocco = _nodes(client, "country=MA")
    assert morocco and all(orgs[n["id"]]["country"] == "MA" for n in morocco)
    assert len(morocco) == sum(1 for o in orgs.values() if o["country"] == "MA")
    funders = _nodes(client, "kind=funder")
    assert funders and all("funder" in orgs[n["id"]]["roles"] for n in funders)
    two = _nodes(client, "kind=funder&kind=company")
    assert len(two) == sum(1 for o in orgs.values() if {"funder", "company"} & set(o["roles"]))
    afd = _nodes(client, "funder=afd&funders=1")
    funded = {
        r["id"]
        for r in demo_store.run(
            "MATCH (:Organization {id:'afd'})-[:FUNDS]->(p)<-[:PARTICIPATES_IN]-(o) RETURN DISTINCT o.id AS id"
        ).rows
    }
    assert {n["id"] for n in afd} == funded | {"afd"}
    recent = _nodes(client, "year_from=2024&year_to=2025&funders=1")
    active = {
        r["id"]
        for r in demo_store.run(
            "MATCH (o:Organization)-[:PARTICIPATES_IN]->(p:Project) WHERE p.start_year <= 2025 AND p.end_year >= 2024 "
            "RETURN DISTINCT o.id AS id UNION MATCH (o:Organization)-[:PARTY_TO]->(a:Agreement) "
            "WHERE a.start_year >= 2024 AND a.start_year <= 2025 RETURN DISTINCT o.id AS id"
        ).rows
    }
    assert {n["id"] for n in recent} == active
    strong = client.get("/network.json?min_strength=3").get_json()
    assert strong["edges"] and all(e["value"] >= 3 for e in strong["edges"])
    assert strong["shown"] < len(orgs)


def test_expertise_filter_includes_narrower_terms(client, demo_store):
    broader = demo_store.run(
        "MATCH (n:Expertise)-[:BROADER]->(b:Expertise) RETURN b.id AS id, collect(n.id) AS narrower LIMIT 1"
    ).rows[0]
    having = {
        r["id"]
        for r in demo_store.run(
            "MATCH (o:Organization)-[:HAS_EXPERTISE]->(e:Expertise) WHERE e.id IN $ids RETURN DISTINCT o.id AS id",
            {"ids": [broader["id"], *broader["narrower"]]},
        ).rows
    }
    shown = {n["id"] for n in _nodes(client, f"expertise={broader['id']}")}
    assert having and having <= shown


@pytest.mark.parametrize(
    "query, word",
    [
        ("year_from=abc", "year_from"),
        ("country=ZZ", "country"),
        ("role=planet", "role"),
        ("kind=planet", "kind"),
        ("expertise=nope", "expertise"),
        ("funder=nope", "funder"),
        ("min_strength=0", "min_strength"),
        ("year_from=2025&year_to=2020", "year_from"),
    ],
)
def test_bad_filters_get_a_clear_error(client, query, word):
    data = client.get("/network.json?" + query)
    assert data.status_code == 400 and word in data.get_json()["error"]["message"]
    page = client.get("/network?" + query)
    assert page.status_code == 400 and word in page.get_data(as_text=True)
    assert "Traceback" not in page.get_data(as_text=True)


def test_search_ignores_accents_and_case(client, demo_store):
    for q in ("ecole", "ÉCOLE", "Ecole"):
        results = client.get(f"/search.json?q={quote(q)}").get_json()["results"]
        assert results and all("ecole" in fold(r["name"] + " " + (r["short_name"] or "")) for r in results)
    expected = sum(1 for r in demo_store.read("snapshot_organizations") if "ecole" in r["name_search"])
    assert len(client.get("/search.json?q=ecole&limit=100").get_json()["results"]) == expected
    assert client.get("/search.json?q=zzzzqqq").get_json()["results"] == []
    assert "No organization found" in client.get("/search?q=zzzzqqq").get_data(as_text=True)


def test_organization_details_group_ties_and_show_provenance(client, demo_store):
    data = client.get("/organizations/cnam.json").get_json()
    assert data["organization"]["id"] == "cnam"
    members = demo_store.run("MATCH (m)-[:MEMBER_OF]->(:Organization {id:'cnam'}) RETURN count(m) AS n").rows[0]["n"]
    assert len(data["ties"]["members"]) == members > 0
    assert set(data["ties"]) == {"partners", "agreement_partners", "parents", "members"}
    assert data["projects"]["count"] >= len(data["projects"]["items"])
    assert data["provenance"]["source"] == "tests: demo network + one hostile name"
    afd = client.get("/organizations/afd.json").get_json()
    assert afd["funded_projects"] and all(p["title"] for p in afd["funded_projects"])
    missing = client.get("/organizations/nope.json")
    assert missing.status_code == 404 and "nope" in missing.get_json()["error"]["message"]


def test_organization_counts_every_partner_while_listing_a_few(client, demo_store):
    first = demo_store.read("organization_partners", id="cnam", limit=1)[0]["id"]
    for org in ("cnam", first):
        every = demo_store.read("organization_partners", id=org, limit=1_000_000)
        agreements = demo_store.read("organization_agreement_partners", id=org, limit=1_000_000)
        data = client.get(f"/organizations/{org}.json?limit=2").get_json()
        assert data["counts"]["partners"] == len(every) > 2
        assert data["counts"]["agreement_partners"] == len(agreements)
        assert [t["id"] for t in data["ties"]["partners"]] == [t["id"] for t in every[:2]]


def test_expand_returns_the_neighbourhood_around_a_position(client):
    data = client.get("/network/expand.json?node=cnam&x=100&y=-50&limit=10").get_json()
    ids = [n["id"] for n in data["nodes"]]
    assert ids[0] == "cnam" and 1 < len(ids) <= 11
    assert (data["nodes"][0]["x"], data["nodes"][0]["y"]) == (100, -50)
    assert all(set(ids) >= {e["from"], e["to"]} for e in data["edges"])
    assert client.get("/network/expand.json?node=nope").status_code == 404


def test_names_are_escaped_in_every_page(client):
    for url in (f"/organizations/{XSS_ID}", "/search?q=img+src", "/network"):
        page = client.get(url).get_data(as_text=True)
        assert XSS_NAME not in page and "<script>x</script>" not in page and "<b>Rabat</b>" not in page, url
    assert "&lt;img src=x onerror=alert(1)&gt;" in client.get(f"/organizations/{XSS_ID}").get_data(as_text=True)
    network = client.get("/network").get_data(as_text=True)
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in network
    node = next(n for n in client.get("/network.json").get_json()["nodes"] if n["id"] == XSS_ID)
    assert node["label"] == XSS_NAME and node["title"].startswith(XSS_NAME), "tooltips carry text, not markup"


def test_security_headers_on_pages_assets_and_errors(client):
    for url in ("/network", "/network.json", "/assets/vis/vis-network.min.js", "/static/style.css", "/nope"):
        response = client.get(url)
        csp = response.headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "script-src 'self'" in csp and "http" not in csp, url
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"


# URLs written in the vis-network file that no code loads: licence headers, an error
# message's link and the SVG namespace. Any other absolute URL in an asset fails the test.
NOT_LOADED = {
    "http://almende.com",
    "http://opensource.org/licenses/MIT",
    "http://www.apache.org/licenses/LICENSE-2.0",
    "http://www.w3.org/2000/svg",
    "https://github.com/uuidjs/uuid#getrandomvalues-not-supported",
    "https://github.com/visjs",
    "https://github.com/zloirock/core-js",
    "https://github.com/zloirock/core-js/blob/v3.21.1/LICENSE",
    "https://visjs.github.io/vis-network/",
}
_ATTRIBUTE_URL = re.compile(r"""(?:src|href|action|srcset|poster|data)\s*=\s*["']?\s*((?:https?:)?//[^"'\s>]+)""", re.I)
_CSS_URL = re.compile(r"""(?:url\(\s*["']?|@import\s+["'])((?:https?:)?//[^"')\s]+)""", re.I)
_ANY_URL = re.compile(r"""(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}[^"'\s)]*""", re.I)


def test_no_page_or_asset_references_an_external_host(client):
    pages = [*PAGES, f"/organizations/{XSS_ID}", "/nope", "/network?lang=fr"]
    assets: set[str] = set()
    for url in pages:
        html = client.get(url).get_data(as_text=True)
        external = _ATTRIBUTE_URL.findall(html) + _CSS_URL.findall(html)
        assert not external, (url, external)
        assets.update(re.findall(r"""(?:src|href)="(/(?:static|assets)/[^"]+)\"""", html))
    assert {"/assets/vis/vis-network.min.js", "/assets/vis/vis-network.css", "/static/explorer.js"} <= assets
    for url in sorted(assets):
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.get_data(as_text=True)
        assert not _CSS_URL.findall(text), url
        found = {u for u in _ANY_URL.findall(text) if u.startswith(("http", "//"))} - NOT_LOADED
        assert not found, (url, found)


def test_interface_follows_the_browser_language_and_can_be_switched(web_app, demo_store):
    client = web_app.test_client()  # no language cookie yet
    french = client.get("/network", headers={"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"}).get_data(as_text=True)
    assert '<html lang="fr">' in french and "Réseau" in french and "Filtres" in french
    english = web_app.test_client().get("/network", headers={"Accept-Language": "en-GB"}).get_data(as_text=True)
    assert '<html lang="en">' in english and "Filters" in english
    switched = client.get("/network?lang=en", headers={"Accept-Language": "fr"})
    assert '<html lang="en">' in switched.get_data(as_text=True)
    assert "lang=en" in switched.headers["Set-Cookie"]
    term = demo_store.run(
        "MATCH (:Organization {id:'cnam'})-[:HAS_EXPERTISE]->(e) WHERE e.name_fr IS NOT NULL AND e.name_fr <> e.name "
        "RETURN e.name AS name, e.name_fr AS name_fr LIMIT 1"
    ).rows[0]
    fr = client.get("/organizations/cnam.json?lang=fr").get_json()
    assert term["name_fr"] in {e["display_name"] for e in fr["expertise"]}
    en = client.get("/organizations/cnam.json?lang=en").get_json()
    assert term["name"] in {e["display_name"] for e in en["expertise"]}


def test_unexpected_errors_show_a_friendly_page_without_traceback(demo_store, caplog):
    from web import create_app

    app = create_app({"STORE": demo_store, "SETTINGS": demo_store.settings})

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals")

    client = app.test_client()
    page = client.get("/boom")
    assert page.status_code == 500
    text = page.get_data(as_text=True)
    assert "secret internals" not in text and "Traceback" not in text and "Internal error" in text
    assert client.get("/boom?format=json").get_json()["error"]["status"] == 500
    assert "secret internals" in caplog.text, "the server log keeps the details"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _listening_addresses(port: int) -> set[str]:
    """Hex local addresses of the sockets listening on ``port`` (from /proc/net/tcp and tcp6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as f:
            for line in f.readlines()[1:]:
                local, state = line.split()[1], line.split()[3]
                address, _, hex_port = local.partition(":")
                if state == "0A" and int(hex_port, 16) == port:
                    found.add(address)
    return found


def test_serve_binds_to_localhost_and_serves_the_network(demo_store):
    port = _free_port()
    env = {**os.environ, "PARTNERNET_DATA_DIR": str(demo_store.settings.data_dir)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "partnernet.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/network.json", timeout=30) as response:
                    body = response.read()
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.2)
        assert b'"nodes"' in body
        assert _listening_addresses(port) == {"0100007F"}, "bound to 127.0.0.1 only"
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=30)
    assert f"serving http://127.0.0.1:{port}/" in out


def test_activities_too_wide_to_tie_are_left_out_and_said(demo_store, monkeypatch):
    import graph.analytics.subgraph
    import web.explorer
    from web import create_app

    client = create_app({"TESTING": True, "STORE": demo_store, "SETTINGS": demo_store.settings}).test_client()
    before = client.get("/network.json").get_json()
    assert before["wide_activities"] == 0 and 'id="wide"' not in client.get("/network").get_data(as_text=True)
    monkeypatch.setattr(graph.analytics.subgraph, "WIDE_ACTIVITY", 3)
    monkeypatch.setattr(web.explorer, "WIDE_ACTIVITY", 3)
    client = create_app({"TESTING": True, "STORE": demo_store, "SETTINGS": demo_store.settings}).test_client()
    after = client.get("/network.json").get_json()
    assert after["wide_activities"] > 0 and after["wide_limit"] == 3
    assert after["total_ties"] < before["total_ties"], "wide projects tie nobody"
    page = client.get("/network").get_data(as_text=True)
    assert f"{after['wide_activities']:,} projects or agreements have more than 3 participants" in page


def test_warm_computes_the_default_view_hubs_and_partner_index(demo_store):
    from web import create_app
    from web.state import warm

    app = create_app({"TESTING": True, "STORE": demo_store, "SETTINGS": demo_store.settings})
    state = app.extensions["partnernet"]
    version = warm(app)
    assert version == demo_store.version()
    analysis = state.analysis()
    assert analysis.version == version
    assert ("hubs", 0) in analysis.computed() and "cooperation" in analysis.computed()
    cached = list(state._cache)
    assert any(key[0] == "view" for key in cached) and any(key[0] == "drawing" for key in cached)
    assert any(key[0] == "places" for key in cached), "the map's places"
    assert any(key[0] == "changes" for key in cached), "what changed between the default periods"
    assert "partner_index" in analysis.computed(), "the partner finder's index is built"


def test_only_the_allowed_host_names_are_served(demo_store):
    """DNS rebinding: a request naming another host is refused (400); the console refuses other origins."""
    from web import create_app

    app = create_app({"TESTING": True, "STORE": demo_store, "SETTINGS": demo_store.settings})
    client = app.test_client()
    assert client.get("/hubs.json").status_code == 200  # Host: localhost
    assert client.get("/hubs.json", headers={"Host": "127.0.0.1:5000"}).status_code == 200
    assert client.get("/hubs.json", headers={"Host": "attacker.example:5000"}).status_code == 400
    refused = client.get("/hubs", headers={"Host": "attacker.example"})  # a page: no links to that host either
    assert refused.status_code == 400 and "PARTNERNET_ALLOWED_HOSTS" in refused.get_data(as_text=True)
    token = client.get("/console.json").get_json()["csrf_token"]
    run = {"cypher": "RETURN 1 AS x", "params": {}}
    other = client.post("/console/run", json=run, headers={"X-CSRF-Token": token, "Origin": "http://attacker.example"})
    assert other.status_code == 403
    same = client.post("/console/run", json=run, headers={"X-CSRF-Token": token, "Origin": "http://localhost:5000"})
    assert same.status_code == 200, same.get_data(as_text=True)
    named = demo_store.settings.replace(allowed_hosts="partners.example.org, .cnam.fr")
    app = create_app({"TESTING": True, "STORE": demo_store, "SETTINGS": named})
    client = app.test_client()
    assert client.get("/hubs.json", headers={"Host": "partners.example.org"}).status_code == 200
    assert client.get("/hubs.json", headers={"Host": "lab.cnam.fr"}).status_code == 200
    assert client.get("/hubs.json", headers={"Host": "localhost"}).status_code == 400


def test_the_hubs_page_lists_its_hubs_page_by_page(demo_store, monkeypatch):
    import re

    import web.hubs
    from tests.conftest import app_on

    monkeypatch.setattr(web.hubs, "HUBS_PER_PAGE", 2)
    with app_on(demo_store) as app:
        client = app.test_client()
        every = [h["id"] for h in client.get("/hubs.json").get_json()["hubs"]]
        assert len(every) > 2, "the JSON lists every hub"
        seen = []
        for page in range(1, -(-len(every) // 2) + 1):
            html = client.get(f"/hubs?page={page}").get_data(as_text=True)
            seen += [int(n) for n in re.findall(r'<td class="hub-number"><a href="/hubs/(\d+)"', html)]
            assert ('rel="next"' in html) == (page * 2 < len(every))
        assert seen == every
        past = client.get(f"/hubs?page={len(every)}")
        assert past.status_code == 400
        assert f"there is no page {len(every)}: these hubs fill {-(-len(every) // 2)} pages" in past.get_data(
            as_text=True
        )
