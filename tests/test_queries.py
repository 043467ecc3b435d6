"""Every query of the library runs on both engines and returns its documented columns."""

from __future__ import annotations

import pytest

from graph.store import Store
from graph.store.library import DIALECTS, library, load_library
from loaders.load import load_network
from tests.conftest import FIXTURES

pytestmark = pytest.mark.engines("falkordb", "neo4j")

READS = sorted(name for name, q in library().items() if not q.is_write)
WRITES = sorted(name for name, q in library().items() if q.is_write)


def test_library_reads_and_every_query_has_both_dialects():
    queries = load_library()
    assert len(queries) >= 10
    for q in queries.values():
        assert set(q.texts) == set(DIALECTS)
        assert q.title and q.description


@pytest.mark.parametrize("name", READS)
def test_read_query_runs_on_fixture_network_with_documented_columns(name, small_store):
    query = library()[name]
    assert set(query.example) == set(query.params), f"{name}: '// example:' must give every parameter"
    result = small_store.run(query.text(small_store.dialect), query.example)
    assert result.columns == list(query.returns), f"{name}: returns {result.columns}, documents {query.returns}"
    rows = small_store.read(name, **query.example)  # the library's own path: the same rows
    assert sorted(map(repr, rows)) == sorted(map(repr, result.rows))


def test_every_write_query_is_used_by_the_loader(store, small_network, monkeypatch):
    used = set()
    original = Store.write

    def recording_write(self, name, **params):
        used.add(name)
        return original(self, name, **params)

    monkeypatch.setattr(Store, "write", recording_write)
    store.setup_schema()
    load_network(store, small_network, source="fixture")
    changed = {t: [dict(r) for r in rows] for t, rows in small_network.items()}
    for row in changed["organizations"]:
        row["roles"] = list(reversed(row["roles"]))
    load_network(store, changed, source="fixture")  # updates
    nothing_but_countries = {"organizations": [], "countries": small_network["countries"][:1]}
    load_network(store, nothing_but_countries, source="fixture", replace=True)  # deletes
    store.write("bump_graph_version", key="graph")
    centre_or_funder_created = {f"create_organizations_{r}" for r in ("centre", "partner", "company", "funder")}
    missing = sorted(set(WRITES) - used - {"schema"})
    assert not missing, f"write queries never run by the tests: {missing}"
    assert centre_or_funder_created <= used
    assert store.counts()["labels"] == {"Country": 1}


def test_fixture_network_exists():
    assert (FIXTURES / "network_small" / "organizations.csv").exists()
