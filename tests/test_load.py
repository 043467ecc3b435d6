"""Loading networks into both real engines: validated, atomic, idempotent, with provenance."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from loaders.generators.demo import DEMO_SOURCE, demo_network
from loaders.load import load_network
from tests.conftest import FIXTURES, SHARED_DATA

pytestmark = pytest.mark.engines("falkordb", "neo4j")

BAD_CASES = sorted(p.name for p in (FIXTURES / "bad").iterdir() if p.is_dir())


@pytest.fixture
def cli(engine, data_dir, request):
    """``cli(*args)`` runs ``partnernet`` in a subprocess on the test's engine, which starts empty."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "PARTNERNET_"))}
    env["PARTNERNET_DATA_DIR"] = str(data_dir)
    if engine == "neo4j":
        request.getfixturevalue("store")  # empties the database
        env.update(request.getfixturevalue("neo4j_server").env())

    def run(*args):
        return subprocess.run(
            [sys.executable, "-m", "partnernet", *args], capture_output=True, text=True, env=env, timeout=600
        )

    return run


def _snapshot(store):
    return store.counts(), store.version()


def test_small_network_loads_with_provenance(loaded_store, small_network):
    counts = loaded_store.counts()
    assert counts["labels"]["Organization"] == len(small_network["organizations"])
    assert counts["types"]["PARTICIPATES_IN"] == len(small_network["participations"])
    missing = loaded_store.run(
        "MATCH (n) WHERE NOT n:PartnernetMeta AND (n.source IS NULL OR n.imported_at IS NULL) RETURN count(n) AS n"
    ).rows
    assert missing == [{"n": 0}]
    missing = loaded_store.run(
        "MATCH ()-[r]->() WHERE r.source IS NULL OR r.imported_at IS NULL RETURN count(r) AS n"
    ).rows
    assert missing == [{"n": 0}]


def test_role_labels_follow_roles(loaded_store, small_network):
    for row in small_network["organizations"]:
        labels = loaded_store.run(
            "MATCH (o:Organization {id: $id}) RETURN labels(o) AS labels", {"id": row["id"]}
        ).rows[0]["labels"]
        expected = {"Organization"} | {r.capitalize() for r in row["roles"]}
        assert set(labels) == expected, row["id"]


@pytest.mark.parametrize("case", BAD_CASES)
def test_bad_input_is_rejected_and_changes_nothing(case, cli):
    assert cli("load", str(FIXTURES / "network_small")).returncode == 0
    before = cli("status", "--format", "json").stdout
    proc = cli("load", str(FIXTURES / "bad" / case))
    assert proc.returncode != 0
    assert "nothing was written" in proc.stderr
    assert ".csv" in proc.stderr  # names the file
    assert "Traceback" not in proc.stderr
    assert cli("status", "--format", "json").stdout == before


def test_malformed_and_typed_errors_name_line_and_column(cli):
    proc = cli("load", str(FIXTURES / "bad" / "wrong_type"))
    assert proc.returncode != 0
    assert "line " in proc.stderr and "column " in proc.stderr


def test_a_10_mb_field_is_rejected_and_changes_nothing(cli, tmp_path):
    folder = tmp_path / "huge"
    shutil.copytree(FIXTURES / "network_small", folder)
    text = (folder / "organizations.csv").read_text(encoding="utf-8-sig")
    header, first, *rest = text.splitlines()
    sep = ";" if header.count(";") > header.count(",") else ","
    cells = first.split(sep)
    cells[1] = '"' + "x" * 10_000_000 + '"'
    (folder / "organizations.csv").write_text("\n".join([header, sep.join(cells), *rest]) + "\n", encoding="utf-8")
    before = cli("status", "--format", "json").stdout
    proc = cli("load", str(folder))
    assert proc.returncode != 0
    assert "organizations.csv" in proc.stderr and "line 2" in proc.stderr
    assert cli("status", "--format", "json").stdout == before


def test_failure_in_the_middle_of_writing_leaves_the_graph_unchanged(store, engine, small_network):
    load_network(store, small_network, source="first")
    network = demo_network()
    before = _snapshot(store)
    batches = []

    def fail_on_third_batch(table, n):
        batches.append(table)
        if len(batches) == 3:
            raise RuntimeError("simulated crash in the middle of the load")

    with pytest.raises(RuntimeError, match="simulated"):
        load_network(store, network, source=DEMO_SOURCE, progress=fail_on_third_batch, batch_size=50)
    assert len(batches) == 3  # it was writing
    assert _snapshot(store) == before
    if engine == "falkordb":
        assert store.connection.exists(f"{store.graph_name}__staging") == 0
    else:  # the load's transaction was rolled back: no other transaction is left open
        running = store.run("SHOW TRANSACTIONS YIELD currentQuery RETURN currentQuery").rows
        assert [r["currentQuery"] for r in running] == ["SHOW TRANSACTIONS YIELD currentQuery RETURN currentQuery"]
    summary = load_network(store, network, source=DEMO_SOURCE)
    assert summary.counts["organizations"]["created"] > 0


def test_loading_twice_is_idempotent_and_changes_update(store):
    network = demo_network()
    first = load_network(store, network, source=DEMO_SOURCE)
    counts = store.counts()
    again = load_network(store, network, source=DEMO_SOURCE)
    assert store.counts() == counts
    assert all(c["created"] == c["updated"] == c["deleted"] == 0 for c in again.counts.values())
    assert sum(c["unchanged"] for c in again.counts.values()) == sum(c["created"] for c in first.counts.values())

    changed = {t: [dict(r) for r in rows] for t, rows in network.items()}
    org = changed["organizations"][0]
    org["name"] = org["name"] + " (renamed)"
    removed = changed["participations"].pop()
    summary = load_network(store, changed, source=DEMO_SOURCE)
    assert summary.counts["organizations"]["updated"] == 1
    assert summary.counts["participations"]["deleted"] == 0  # without --replace nothing is removed
    name = store.run("MATCH (o:Organization {id: $id}) RETURN o.name AS name", {"id": org["id"]}).rows
    assert name == [{"name": org["name"]}]

    summary = load_network(store, changed, source=DEMO_SOURCE, replace=True)
    assert summary.counts["participations"]["deleted"] == 1
    gone = store.run(
        "MATCH (:Organization {id: $o})-[r:PARTICIPATES_IN]->(:Project {id: $p}) RETURN count(r) AS n",
        {"o": removed["organization"], "p": removed["project"]},
    ).rows
    assert gone == [{"n": 0}]
    assert store.counts()["types"]["PARTICIPATES_IN"] == counts["types"]["PARTICIPATES_IN"] - 1


def test_dry_run_writes_nothing(store, small_network):
    before = _snapshot(store)
    summary = load_network(store, small_network, source="x", dry_run=True)
    assert summary.counts["organizations"]["created"] == len(small_network["organizations"])
    assert _snapshot(store) == before


def test_demo_twice_gives_identical_counts(cli):
    first = cli("demo")
    assert first.returncode == 0, first.stderr
    assert "Illustrative" in first.stdout
    counts = json.loads(cli("status", "--format", "json").stdout)
    assert 1000 <= counts["nodes"] <= 3000
    assert cli("demo").returncode == 0
    again = json.loads(cli("status", "--format", "json").stdout)
    assert {k: again[k] for k in ("nodes", "relationships", "labels", "types")} == {
        k: counts[k] for k in ("nodes", "relationships", "labels", "types")
    }


@pytest.mark.engines("falkordb")  # H2020 on Neo4j: issue #13's H2020 part
def test_h2020_loads_whole(cli):
    folder = SHARED_DATA / "cordis-h2020-eunets"
    if not (folder / "h2020.csv.gz").exists():
        pytest.skip(f"shared data not found at {folder}")
    proc = cli("load", str(folder), "--format", "cordis-h2020")
    assert proc.returncode == 0, proc.stderr
    status = json.loads(cli("status", "--format", "json").stdout)
    participating = cli(
        "query",
        "--cypher",
        "MATCH (o:Organization)-[:PARTICIPATES_IN]->() RETURN count(DISTINCT o) AS n",
        "--format",
        "json",
    )
    assert json.loads(participating.stdout) == [{"n": 35871}]
    assert status["labels"]["Project"] == 31451
    assert status["types"]["PARTICIPATES_IN"] == 144726
    assert status["labels"]["Funder"] == 1  # the European Commission, which has no country
    assert status["types"]["FUNDS"] == 31451
    again = cli("load", str(folder), "--format", "cordis-h2020", "--output", "json")
    tables = json.loads(again.stdout)["tables"]
    assert all(t["created"] == t["updated"] == 0 for t in tables.values()), tables
    namibia = cli("query", "--cypher", "MATCH (c:Country {code: 'NA'}) RETURN c.name AS name", "--format", "json")
    assert json.loads(namibia.stdout) == [{"name": "Namibia"}]


def test_organizations_without_country_are_created(store, small_network):
    """FalkorDB drops nodes created in rows that a later WHERE filters out: the queries must not filter."""
    network = {t: [dict(r) for r in rows] for t, rows in small_network.items()}
    for row in network["organizations"][:2]:
        row["country"] = None
    load_network(store, network, source="fixture")
    assert store.counts()["labels"]["Organization"] == len(network["organizations"])
    located = store.run("MATCH (:Organization)-[r:LOCATED_IN]->(:Country) RETURN count(r) AS n").rows
    assert located == [{"n": len(network["organizations"]) - 2}]
    again = load_network(store, network, source="fixture")
    assert again.counts["organizations"]["created"] == 0 and again.counts["organizations"]["unchanged"] > 0


def test_a_load_larger_than_one_transaction_lands_in_several_and_a_rerun_completes_it(store, engine):
    """Neo4j caps the rows of one transaction (``max_transaction_rows``): larger loads commit in parts."""
    network = demo_network()
    store.max_transaction_rows = 2000  # the demo is about 7,500 rows: four transactions or more
    written = []

    def fail_late(table, n):
        written.append(table)
        if table == "participations":
            raise RuntimeError("simulated crash in a later transaction")

    with pytest.raises(RuntimeError, match="simulated"):
        load_network(store, network, source=DEMO_SOURCE, progress=fail_late, batch_size=500)
    partial = store.counts()
    assert 0 < partial["labels"]["Organization"] and "PARTICIPATES_IN" not in partial["types"]
    summary = load_network(store, network, source=DEMO_SOURCE, batch_size=500)  # the same load again
    assert summary.counts["organizations"]["created"] == 0 and summary.counts["participations"]["created"] > 0
    assert summary.counts["organizations"]["unchanged"] == len(network["organizations"])
    whole = store.counts()
    assert whole["types"]["PARTICIPATES_IN"] == len(network["participations"])
    assert all(
        c["created"] == c["updated"] == 0 for c in load_network(store, network, source=DEMO_SOURCE).counts.values()
    )
