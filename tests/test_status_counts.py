"""``Store.counts()`` on both engines: the engine's own statistics give the numbers of a full scan.

The full scan is the library's ``count_nodes``, ``count_nodes_by_label`` and
``count_relationships_by_type`` (every node and relationship read), what ``counts()`` ran before
it asked the engines' statistics.
"""

from __future__ import annotations

import pytest

from graph.store import Store
from graph.store.base import _NAME_SLOT, META_LABEL
from graph.store.library import get_query

pytestmark = pytest.mark.engines("falkordb", "neo4j")

#: The queries that :meth:`Store.counts` sends once per label or type: answered from statistics.
PER_NAME = ("count_nodes_with_label", "count_relationships_with_type")


def scanned(store: Store) -> dict:
    """What ``counts()`` returns, counted by reading every node and relationship."""
    labels = {r["label"]: r["n"] for r in store.read("count_nodes_by_label", meta=META_LABEL)}
    types = {r["type"]: r["n"] for r in store.read("count_relationships_by_type")}
    return {
        "nodes": store.read("count_nodes", meta=META_LABEL)[0]["n"],
        "relationships": sum(types.values()),
        "labels": dict(sorted(labels.items())),
        "types": dict(sorted(types.items())),
    }


def test_counts_of_the_demo_network_are_those_of_a_full_scan(demo_store):
    counts = demo_store.counts()
    assert counts == scanned(demo_store)
    assert list(counts) == ["nodes", "relationships", "labels", "types"]
    assert list(counts["labels"]) == sorted(counts["labels"]) and list(counts["types"]) == sorted(counts["types"])
    assert META_LABEL not in counts["labels"]
    # Organizations also carry their role labels (Centre, Partner...): a node counts once in "nodes"
    assert counts["nodes"] < sum(counts["labels"].values())
    assert counts["relationships"] == sum(counts["types"].values()) > 0
    assert all(type(n) is int for n in [counts["nodes"], *counts["labels"].values(), *counts["types"].values()])


def test_an_empty_graph_counts_nothing_though_the_engine_knows_labels(store):
    store.setup_schema()  # FalkorDB: the indexed labels exist, without nodes
    store.write("bump_graph_version", key="graph")  # the bookkeeping node only
    assert store.counts() == {"nodes": 0, "relationships": 0, "labels": {}, "types": {}} == scanned(store)


def test_counts_follow_writes_deletions_several_labels_and_parallel_relationships(store):
    store.run(
        "CREATE (a:Organization:Partner {id: 'a'}), (b:Organization:Centre {id: 'b'}), (c:Country {code: 'FR'}),"
        " (a)-[:LOCATED_IN]->(c), (b)-[:LOCATED_IN]->(c), (a)-[:R]->(b), (a)-[:R]->(b), (a)-[:R]->(b),"
        " (:Gone), (:Gone)-[:GONE]->(:Gone)",
        read_only=False,
    )
    store.write("bump_graph_version", key="graph")
    store.run("MATCH (g:Gone) DETACH DELETE g", read_only=False)
    store.run("MATCH ()-[r:R]->() WITH r LIMIT 1 DELETE r", read_only=False)
    store.run("MATCH (b:Centre) REMOVE b:Centre", read_only=False)
    expected = {
        "nodes": 3,
        "relationships": 4,
        "labels": {"Country": 1, "Organization": 2, "Partner": 1},
        "types": {"LOCATED_IN": 2, "R": 2},
    }
    assert store.counts() == expected == scanned(store)


def test_a_name_that_is_not_an_identifier_is_counted_by_a_scan_never_written_in_a_text(store, monkeypatch):
    # Backquoted: a space, a keyword, a letter outside ASCII (a backquote: Neo4j only, the test below).
    store.run(
        "CREATE (a:`two words`:`MATCH`:`Université`)-[:`has part`]->(b:`two words`), (a)-[:`RETURN`]->(b)",
        read_only=False,
    )
    sent: list[str] = []
    execute = store._execute

    def recording(text, params, write):
        sent.append(text)
        return execute(text, params, write)

    monkeypatch.setattr(store, "_execute", recording)
    counts = store.counts()
    assert counts == scanned(store)
    assert counts["labels"] == {"MATCH": 1, "Université": 1, "two words": 2}
    assert counts["types"] == {"RETURN": 1, "has part": 1}
    assert not any("two words" in text or "has part" in text for text in sent)  # they went as parameters
    assert sum("$label" in text or "$type" in text for text in sent) == 2  # one scan each


@pytest.mark.engines("neo4j")
def test_a_label_with_a_backquote_cannot_end_the_quotes(store):
    store.run("CREATE (:`x``) DETACH DELETE (n) //`), (:Kept)", read_only=False)
    counts = store.counts()
    assert counts["labels"] == {"Kept": 1, "x`) DETACH DELETE (n) //": 1} and counts == scanned(store)


def test_the_per_name_queries_name_their_placeholder_once(engine):
    for name in PER_NAME:
        text = get_query(name).text(engine)
        assert text.count(_NAME_SLOT) == 1, name
        assert not get_query(name).params, name


@pytest.mark.parametrize(
    "name, pattern",
    [
        ("count_nodes_with_label", "CREATE (:Organization), (:Organization:Partner)"),
        ("count_relationships_with_type", "CREATE ()-[:R]->()"),
    ],
)
def test_the_engine_answers_from_its_statistics_not_by_reading(store, engine, name, pattern):
    store.run(pattern, read_only=False)
    label = "Organization" if "label" in name else "R"
    text = get_query(name).text(engine).replace(_NAME_SLOT, f"`{label}`")
    if engine == "neo4j":
        _, summary, _ = store.driver.execute_query("EXPLAIN " + text, database_=store.database)
        operators = operators_of(summary.plan)
        assert any(op.startswith(("NodeCountFromCountStore", "RelationshipCountFromCountStore")) for op in operators)
        assert not any("Scan" in op for op in operators), operators
    else:
        plan = str(store.graph.explain(text))
        assert "Scan" not in plan and "Traverse" not in plan, plan  # FalkorDB: the label's or type's matrix
    assert store._execute(text, {}, write=False) == [{"n": 2 if "label" in name else 1}]


def operators_of(plan: dict) -> list[str]:
    """The operator names of a Neo4j plan (as the driver gives it), root first."""
    return [plan["operatorType"], *(op for child in plan.get("children", []) for op in operators_of(child))]
