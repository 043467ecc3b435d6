"""Exports of the network view (GEXF, GraphML, CSV, SVG, offline HTML) and of the tables (CSV), on both engines.

Each network file is read back with networkx and checked against the view the page
draws for the same URL (``/network.json``): the same nodes, the same ties, and
the attributes as drawn (position, colour, size, role, hub, weight).
"""

from __future__ import annotations

import csv
import io
import zipfile

import networkx as nx
import pytest

from graph.analytics.export import NODE_COLUMNS, TIE_COLUMNS, drawn_graph, nodes_and_ties_zip, svg_text
from tests.conftest import XSS_ID, XSS_NAME

pytestmark = pytest.mark.engines("falkordb", "neo4j")

VIEWS = ["", "country=MA", "role=centre&role=partner&min_strength=2", "path=cnam,pc-casablanca", "funders=1"]


def _hub_of(web_app) -> dict[str, int]:
    from web.state import get_state

    with web_app.app_context():
        return {o: h.id for h in get_state().hubs() for o in h.members}


def _expected(client, web_app, query: str) -> tuple[dict, set[frozenset], dict]:
    """What the page draws for ``query``: node id -> attributes as exported, the ties, tie -> weight."""
    drawing = client.get(f"/network.json?{query}").get_json()
    hub_of = _hub_of(web_app)
    nodes = {
        n["id"]: {
            "x": n["x"],
            "y": -n["y"] + 0.0,
            "size": n["size"],
            "colour": n["color"]["background"],
            "role": n["role"],
            "country": n.get("country"),
            "strength": n["strength"],
            "hub": hub_of.get(n["id"]),
            "name": n["name"],
        }
        for n in drawing["nodes"]
    }
    ties = {frozenset((e["from"], e["to"])): e["value"] for e in drawing["edges"]}
    return nodes, set(ties), ties


def _check(G: nx.Graph, nodes: dict, ties: set, weights: dict) -> None:
    assert set(G.nodes) == set(nodes)
    assert {frozenset(e) for e in G.edges} == ties
    assert G.number_of_edges() == len(ties)
    for o, want in nodes.items():
        got = G.nodes[o]
        for key, value in want.items():
            assert got.get(key) == value, (o, key, got.get(key), value)
    for u, v, a in G.edges(data=True):
        assert a["weight"] == weights[frozenset((u, v))], (u, v)


@pytest.mark.parametrize("query", VIEWS)
def test_gexf_and_graphml_read_back_as_the_page_draws_the_view(client, web_app, query):
    nodes, ties, weights = _expected(client, web_app, query)
    assert nodes
    for fmt, read in (("gexf", nx.read_gexf), ("graphml", nx.read_graphml)):
        response = client.get(f"/network/export/{fmt}?{query}")
        assert response.status_code == 200, response.data[:300]
        assert response.headers["Content-Disposition"] == f'attachment; filename="partnernet-network.{fmt}"'
        G = read(io.BytesIO(response.data))
        _check(G, nodes, ties, weights)
        if query.startswith("path="):
            assert {o for o, a in G.nodes(data=True) if a["on_path"]} == {"cnam", "pc-casablanca"}


def test_gexf_carries_the_drawing_for_gephi(client):
    drawn = {n["id"]: n for n in client.get("/network.json").get_json()["nodes"]}
    G = nx.read_gexf(io.BytesIO(client.get("/network/export/gexf").data))
    assert b'xmlns="http://gexf.net/1.3"' in client.get("/network/export/gexf").data
    for o, a in G.nodes(data=True):
        viz, n = a["viz"], drawn[o]
        assert viz["position"] == {"x": n["x"], "y": -n["y"] + 0.0, "z": 0.0}
        assert viz["size"] == n["size"]
        assert "#{r:02x}{g:02x}{b:02x}".format(**viz["color"]) == n["color"]["background"]
        assert a["label"] == n["label"]


def test_csv_zip_holds_nodes_and_ties(client, web_app):
    nodes, ties, _ = _expected(client, web_app, "country=MA")
    response = client.get("/network/export/csv?country=MA")
    assert response.mimetype == "application/zip"
    assert response.headers["Content-Disposition"] == 'attachment; filename="partnernet-network-csv.zip"'
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        assert sorted(archive.namelist()) == ["nodes.csv", "ties.csv"]
        node_rows = list(csv.DictReader(io.StringIO(archive.read("nodes.csv").decode("utf-8"))))
        tie_rows = list(csv.DictReader(io.StringIO(archive.read("ties.csv").decode("utf-8"))))
    assert tuple(node_rows[0]) == NODE_COLUMNS and tuple(tie_rows[0]) == TIE_COLUMNS
    assert {r["id"] for r in node_rows} == set(nodes)
    assert {frozenset((r["source"], r["target"])) for r in tie_rows} == ties
    xss = next((r for r in node_rows if r["id"] == XSS_ID), None)
    assert xss is not None and xss["name"] == XSS_NAME


def test_svg_and_offline_html(client):
    count = len(client.get("/network.json?country=MA").get_json()["nodes"])
    svg = client.get("/network/export/svg?country=MA")
    assert svg.mimetype == "image/svg+xml"
    assert svg.data.count(b"<circle") == count
    assert b"<img src=x" not in svg.data and b"&lt;img src=x onerror=alert(1)&gt;" in svg.data
    page = client.get("/network/export/html?country=MA&lang=fr")
    assert page.headers["Content-Disposition"] == 'attachment; filename="partnernet-network.html"'
    text = page.data.decode("utf-8")
    assert "Instantané du réseau" in text
    assert "<script src" not in text and "<link" not in text and "http://" not in text.split("<script>")[0]
    assert XSS_NAME not in text  # the name is in the data as JSON with <, > escaped


def test_export_errors(client):
    assert client.get("/network/export/pdf").status_code == 404
    bad = client.get("/network/export/gexf.json?country=ZZ")
    assert bad.status_code == 404
    response = client.get("/network/export/gexf?country=ZZ", headers={"Accept": "application/json"})
    assert response.status_code == 400
    assert "country" in response.get_json()["error"]["message"]


def test_network_page_links_its_exports_with_its_query(client):
    text = client.get("/network?country=MA&min_strength=2").data.decode("utf-8")
    for fmt in ("gexf", "graphml", "csv", "svg", "html"):
        assert f'href="/network/export/{fmt}?country=MA&amp;min_strength=2"' in text
    assert 'id="export-png"' in text


@pytest.mark.parametrize(
    ("url", "key", "columns"),
    [
        ("/hubs", "hubs", ("id", "name", "score", "size", "anchors")),
        ("/partners?q=cybersecurity", "results", ("rank", "id", "name", "score", "expertise", "terms")),
        ("/recommendations?org=cnam", "results", ("rank", "id", "name", "score", "common_partners", "partners")),
    ],
)
def test_tables_as_csv_and_json(client, url, key, columns):
    sep = "&" if "?" in url else "?"
    data = client.get(f"{url}{sep}format=json").get_json()[key]
    response = client.get(f"{url}{sep}format=csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    name = url.split("?")[0].strip("/")
    assert response.headers["Content-Disposition"] == f'attachment; filename="partnernet-{name}.csv"'
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8"))))
    assert len(rows) == len(data) > 0
    assert set(columns) <= set(rows[0])
    assert [r["id"] for r in rows] == [str(d["id"]) for d in data]
    assert 'id="table-exports"' in client.get(url).data.decode("utf-8")


def test_paths_as_csv_one_row_per_hop(client):
    data = client.get("/paths.json?from=cnam&to=pc-casablanca").get_json()
    rows = list(csv.DictReader(io.StringIO(client.get("/paths?from=cnam&to=pc-casablanca&format=csv").data.decode())))
    assert len(rows) == sum(len(p["hops"]) for p in data["paths"]) > 0
    assert rows[0]["from_id"] == "cnam"


def test_csv_of_a_page_without_table_or_an_empty_form(client):
    assert client.get("/search?q=cnam&format=csv").status_code == 400
    assert client.get("/paths?format=csv").status_code == 400


# Pure functions: a tiny graph whose answer is checked by hand.


def _tiny() -> tuple[nx.Graph, list[dict]]:
    G = nx.Graph()
    G.add_node("a", name='=HYPERLINK("http://x")', short_name=None, role="centre", roles=["centre"], country="FR")
    G.add_node("b", name="Béta </script>", short_name="B", role="partner", roles=["partner", "company"], country=None)
    G.nodes["a"]["strength"] = G.nodes["b"]["strength"] = 3
    G.add_edge("a", "b", strength=3, projects=2, agreements=1, funded=0, membership=0)
    drawn = [
        {"id": "a", "label": "=HYPERLINK", "x": 1.5, "y": -2.0, "size": 40.0, "color": {"background": "#c0392b"}},
        {"id": "b", "label": "B", "x": 0.0, "y": 3.0, "size": 8.0, "color": {"background": "#27ae60"}},
    ]
    return G, drawn


def test_drawn_graph_attributes():
    G, drawn = _tiny()
    D = drawn_graph(G, drawn, {"b": 2})
    assert D.nodes["a"] == {
        "label": "=HYPERLINK",
        "name": '=HYPERLINK("http://x")',
        "role": "centre",
        "roles": "centre",
        "country": "FR",
        "strength": 3,
        "x": 1.5,
        "y": 2.0,
        "size": 40.0,
        "colour": "#c0392b",
        "highlighted": False,
        "on_path": False,
    }
    assert D.nodes["b"]["roles"] == "partner;company" and D.nodes["b"]["hub"] == 2
    assert D.edges["a", "b"] == {
        "weight": 3,
        "projects": 2,
        "agreements": 1,
        "funded": 0,
        "membership": 0,
        "on_path": False,
    }


def test_csv_cells_are_spreadsheet_safe_and_svg_escapes_names():
    G, drawn = _tiny()
    D = drawn_graph(G, drawn, {})
    with zipfile.ZipFile(io.BytesIO(nodes_and_ties_zip(D))) as archive:
        rows = list(csv.DictReader(io.StringIO(archive.read("nodes.csv").decode("utf-8"))))
    assert rows[0]["name"] == '\'=HYPERLINK("http://x")' and rows[0]["label"] == "'=HYPERLINK"
    assert rows[0]["hub"] == "" and rows[1]["country"] == ""
    svg = svg_text(D, "t")
    assert "</script>" not in svg and "Béta &lt;/script&gt;" in svg
