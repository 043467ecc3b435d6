"""The store on both real engines: rows, parameters, read-only, versions, errors."""

from __future__ import annotations

import pytest

from graph.errors import (
    ParameterError,
    QueryNotFound,
    QuerySyntaxError,
    QueryTimeout,
    ReadOnlyError,
    UnsupportedFeature,
)

pytestmark = pytest.mark.engines("falkordb", "neo4j")


def test_named_read_returns_plain_rows(store):
    store.run("CREATE (:Organization {id: 'a'}), (:Organization {id: 'b'})", read_only=False)
    assert store.read("count_nodes", meta="PartnernetMeta") == [{"n": 2}]
    assert store.read("count_nodes_by_label", meta="PartnernetMeta") == [{"label": "Organization", "n": 2}]


def test_nodes_relationships_and_paths_become_plain_dicts(store):
    store.run("CREATE (:A {name: 'x'})-[:R {w: 2}]->(:B {name: 'y'})", read_only=False)
    row = store.run("MATCH p = (a:A)-[r:R]->(b:B) RETURN p, r, a").rows[0]
    a, r, p = row["a"], row["r"], row["p"]
    assert a == {"element": "node", "id": a["id"], "labels": ["A"], "properties": {"name": "x"}}
    assert isinstance(a["id"], str)
    assert r["element"] == "relationship" and r["type"] == "R" and r["properties"] == {"w": 2}
    assert r["start"] == a["id"] and r["end"] != a["id"]
    assert p["element"] == "path"
    assert [n["labels"] for n in p["nodes"]] == [["A"], ["B"]]
    assert [x["type"] for x in p["relationships"]] == ["R"]


@pytest.mark.engines("falkordb")
def test_fast_read_path_gives_what_the_client_parser_gives(store):
    # Library reads parse plain values themselves and hand entities to the falkordb client's parser.
    store.run("CREATE (:A {name: 'x', n: 3, f: 1.5, ok: true, tags: ['u', 'v']})-[:R {w: 2}]->(:B)", read_only=False)
    plain = (
        "MATCH (a:A) RETURN a.name AS s, a.n AS i, a.f AS f, a.ok AS b, a.tags AS l, a.none AS z, "
        "{k: a.n, m: [a.f, null]} AS m, [x IN a.tags | {t: x}] AS nested"
    )
    fast = store._execute(plain, {}, write=False)
    assert fast == store.run(plain).rows
    assert fast == [
        {"s": "x", "i": 3, "f": 1.5, "b": True, "l": ["u", "v"], "z": None, "m": {"k": 3, "m": [1.5, None]},
         "nested": [{"t": "u"}, {"t": "v"}]}
    ]  # fmt: skip
    entities = "MATCH p = (a:A)-[r:R]->(b:B) RETURN a.name AS name, a, r, p"
    assert store._execute(entities, {}, write=False) == store.run(entities).rows
    assert store._execute("MATCH (a:A) WHERE a.n = $n RETURN a.name AS s", {"n": 4}, write=False) == []
    with pytest.raises(QuerySyntaxError):
        store._execute("MATCH (a:A RETURN a", {}, write=False)


@pytest.mark.parametrize(
    "params, message",
    [
        ({}, "missing $meta"),
        ({"meta": "X", "extra": 1}, "unexpected $extra"),
        ({"other": 1}, "missing $meta; unexpected $other"),
    ],
)
def test_store_refuses_missing_or_unexpected_parameters(store, params, message):
    before = store.version()
    with pytest.raises(ParameterError) as e:
        store.read("count_nodes", **params)
    assert "count_nodes" in str(e.value) and message in str(e.value)
    assert store.version() == before


def test_unknown_query_names_close_ones(store):
    with pytest.raises(QueryNotFound, match="count_nodes"):
        store.read("count_node")


def test_console_is_read_only_by_engine_and_changes_nothing(store):
    store.run("CREATE (:T {i: 1})", read_only=False)
    before = (store.counts(), store.version())
    with pytest.raises(ReadOnlyError, match="read-only"):
        store.run("MATCH (t:T) SET t.i = 2 RETURN t")
    with pytest.raises(ReadOnlyError):
        store.read("bump_graph_version", key="graph")  # a write query through the read path
    assert (store.counts(), store.version()) == before
    assert store.run("MATCH (t:T) RETURN t.i AS i").rows == [{"i": 1}]


def test_version_changes_on_every_write_only(store):
    v0 = store.version()
    store.run("RETURN 1")
    assert store.version() == v0
    store.run("CREATE (:T)", read_only=False)
    v1 = store.version()
    assert v1 != v0
    store.write("bump_graph_version", key="graph")
    assert store.version() not in (v0, v1)


def test_syntax_error_gives_position(store):
    with pytest.raises(QuerySyntaxError, match=r"line 1, column \d+"):
        store.run("MATCH (a RETURN a")


def test_missing_feature_is_named(store, engine):
    """FalkorDB has no regular expressions (`=~`); Neo4j runs them."""
    store.run("CREATE (:A {name: 'xy'}), (:A {name: 'yx'})", read_only=False)
    text = "MATCH (a:A) WHERE a.name =~ 'x.*' RETURN a.name AS name"
    if engine == "falkordb":
        with pytest.raises(UnsupportedFeature, match="=~"):
            store.run(text)
    else:
        assert store.run(text).rows == [{"name": "xy"}]


def test_time_limit(store):
    with pytest.raises(QueryTimeout, match="time limit"):
        store.run("UNWIND range(1, 100000) AS x UNWIND range(1, 100000) AS y RETURN count(*)", timeout=0.1)


def test_row_limit_cuts_and_says_so(store):
    result = store.run("UNWIND range(1, 10) AS x RETURN x", limit=4)
    assert [r["x"] for r in result.rows] == [1, 2, 3, 4]
    assert result.truncated
    assert not store.run("UNWIND range(1, 4) AS x RETURN x", limit=4).truncated


def test_atomic_block_lands_whole_or_not_at_all(store):
    before = (store.counts(), store.version())
    with pytest.raises(RuntimeError):
        with store.atomic() as tx:
            tx.run("CREATE (:T {i: 1})", read_only=False)
            raise RuntimeError("failure in the middle")
    assert (store.counts(), store.version()) == before
    with store.atomic() as tx:
        tx.run("CREATE (:T {i: 1})", read_only=False)
        tx.run("CREATE (:T {i: 2})", read_only=False)
        assert store.counts()["nodes"] == 0  # readers see the old graph until the swap
    assert store.counts()["labels"] == {"T": 2}
    assert store.version() != before[1]


def test_status_shape(store, engine):
    info = store.status()
    assert set(info) == {"engine", "location", "nodes", "relationships", "labels", "types", "version"}
    assert info["engine"] == engine
