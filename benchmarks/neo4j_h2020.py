"""The Neo4j benchmark: a network loaded into Neo4j and analysed, beside the embedded engine in the same run.

Run from the repository root (``partnernet bench --engine neo4j`` takes the same arguments)::

    python -m benchmarks.neo4j_h2020 [--network h2020|demo] [--data DIR] [--heap 1g] [--json OUT]

The Neo4j server is the one of ``NEO4J_URI`` (with ``NEO4J_USER``/``NEO4J_PASSWORD``) when
``--use-server`` is given: **its database is emptied** (every node, index and constraint),
so never point it at a database you keep. Otherwise the benchmark starts the test suite's
Neo4j 5.26 Community server (``tests/neo4j_server``, a source checkout with Java 17 and
Maven) with the JVM heap ``--heap``, on a free loopback port, and stops it at the end.

For each engine (the embedded FalkorDB in a fresh folder, then Neo4j), in this order,
wall seconds by ``time.perf_counter``:

1. **raw**: the engine's own batched ``UNWIND $rows ... MERGE`` of the same rows
   (:func:`benchmarks.load_h2020.run_raw`: the tables of ``benchmarks/raw_queries/``, no
   validation, hashing, provenance or atomic swap), after its id indexes (untimed); then
   the graph is emptied;
2. **load**: partnernet's own path: ``validate_network`` and ``load_network`` (schema
   created first, untimed), the counts checked against the raw graph's;
3. **cold hubs**: ``fetch_snapshot``, ``cooperation_graph``, ``excellence_hubs`` (seed 0),
   each timed, and the hubs compared between the engines (the same members, in the same
   order, is the expected answer).

The network is read once (its reading is not timed). One run of each step: an H2020 load
takes minutes; the figures are single runs on a shared machine, stated as such.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from benchmarks.analytics_h2020 import cold_hubs_once, hub_members
from benchmarks.common import DEFAULT_DATA, ROOT, Log, fresh_data_dir, log_stderr, machine, read_network, write_json
from benchmarks.load_h2020 import RAW_BATCH_SIZE, run_raw
from graph.settings import Settings, load_settings
from graph.store import Store, open_store
from loaders.load import load_network
from loaders.validate import format_problems, has_errors, validate_network

__all__ = ["main"]


class _Neo4jGraph:
    """What :func:`benchmarks.load_h2020.run_raw` needs of a graph: ``query(text, params)``, on Neo4j."""

    def __init__(self, driver: Any, database: str) -> None:
        self.driver, self.database = driver, database

    def query(self, text: str, params: dict | None = None) -> None:
        self.driver.execute_query(text, params or {}, database_=self.database)


def empty_neo4j(driver: Any, database: str) -> None:
    """Delete every node (in batched transactions), index and constraint of ``database``."""
    with driver.session(database=database) as session:
        session.run("MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
        for record in list(session.run("SHOW CONSTRAINTS YIELD name")):
            session.run(f"DROP CONSTRAINT `{record['name']}` IF EXISTS").consume()
        for record in list(session.run("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP'")):
            session.run(f"DROP INDEX `{record['name']}` IF EXISTS").consume()


@contextmanager
def neo4j_settings(args: argparse.Namespace, log: Log) -> Iterator[Settings]:
    """Settings of the Neo4j server to measure: the user's (``--use-server``) or one started here."""
    if args.use_server:
        settings = load_settings({"PARTNERNET_ENGINE": "neo4j"})
        log(f"  Neo4j of NEO4J_URI ({settings.neo4j_uri}): its database will be emptied")
        yield settings
        return
    sys.path.insert(0, str(ROOT))
    from tests.neo4j_server.launcher import start_server, stop_server

    password = os.urandom(12).hex()
    with tempfile.TemporaryDirectory(prefix="pn-neo4j-") as tmp:
        started = time.perf_counter()
        jvm = (f"-Xms{args.heap}", f"-Xmx{args.heap}", "-XX:+UseSerialGC")
        proc, uri = start_server(Path(tmp), password, jvm_opts=jvm)
        log(f"  Neo4j 5.26 Community started on {uri} in {time.perf_counter() - started:.1f} s (heap {args.heap})")
        try:
            overrides = {"PARTNERNET_ENGINE": "neo4j", "NEO4J_URI": uri, "NEO4J_USER": "neo4j"}
            yield load_settings({**overrides, "NEO4J_PASSWORD": password}, environ={})
        finally:
            stop_server(proc)


def measure_engine(store: Store, network: dict, source: str, empty: Any, raw_graph: Any, log: Log) -> dict:
    """Raw baseline, partnernet's load and cold hubs on one engine (see the module docstring)."""
    figures: dict = {"engine": store.dialect}
    empty()
    figures["raw"] = run_raw(raw_graph, network, batch_size=RAW_BATCH_SIZE, log=log)
    figures["raw_counts"] = store.counts()
    log(f"  {store.dialect}: raw UNWIND MERGE {figures['raw']['seconds']:.1f} s")
    empty()
    store.setup_schema()
    started = time.perf_counter()
    problems = validate_network(network, source=source)
    figures["validate_seconds"] = time.perf_counter() - started
    if has_errors(problems):
        raise ValueError(f"the network does not validate:\n{format_problems(problems)}")
    started = time.perf_counter()
    load_network(store, network, source)
    figures["load_seconds"] = time.perf_counter() - started
    figures["counts"] = store.counts()
    log(f"  {store.dialect}: validate {figures['validate_seconds']:.1f} s, load {figures['load_seconds']:.1f} s")
    figures["cold_hubs"], _coop, hubs = cold_hubs_once(store)
    figures["hubs"] = hub_members(hubs)
    log(f"  {store.dialect}: cold hubs {figures['cold_hubs']['total_seconds']:.1f} s ({len(hubs)} hubs)")
    return figures


def measure_falkordb(network: dict, source: str, log: Log) -> dict:
    """The embedded engine in a fresh folder; the raw baseline writes the same graph, emptied after it."""
    with fresh_data_dir("pnb-") as path:
        settings = load_settings({"PARTNERNET_DATA_DIR": str(path), "PARTNERNET_ENGINE": "falkordb"}, environ={})
        with open_store(settings) as store:
            graph = store.graph  # type: ignore[attr-defined]
            return measure_engine(store, network, source, store.delete_graph, graph, log)  # type: ignore[attr-defined]


def measure_neo4j(network: dict, source: str, args: argparse.Namespace, log: Log) -> dict:
    with neo4j_settings(args, log) as settings:
        with open_store(settings) as store:
            driver, database = store.driver, settings.neo4j_database  # type: ignore[attr-defined]
            figures = measure_engine(
                store, network, source, lambda: empty_neo4j(driver, database), _Neo4jGraph(driver, database), log
            )
    figures["heap"] = None if args.use_server else args.heap
    return figures


def _counts_of(figures: dict) -> dict:
    return {"labels": figures["counts"]["labels"], "types": figures["counts"]["types"]}


def _raw_match(figures: dict) -> bool:
    """Every label and relationship type the raw baseline wrote has the same count in partnernet's graph."""
    ours, raw = figures["counts"], figures["raw_counts"]
    return all(ours["labels"].get(k) == n for k, n in raw["labels"].items()) and all(
        ours["types"].get(k) == n for k, n in raw["types"].items()
    )


def rows(result: dict) -> list[tuple[str, str, str, str]]:
    """The table: (step, embedded, Neo4j, Neo4j / embedded)."""
    f, n = result["falkordb"], result["neo4j"]

    def pair(label: str, a: float | None, b: float | None) -> tuple[str, str, str, str]:
        ratio = f"{b / a:.2f}x" if a and b else "-"
        return (label, f"{a:.1f} s" if a is not None else "-", f"{b:.1f} s" if b is not None else "-", ratio)

    out = [
        pair("raw UNWIND ... MERGE (baseline)", f["raw"]["seconds"], n["raw"]["seconds"]),
        pair("partnernet validate", f["validate_seconds"], n["validate_seconds"]),
        pair("partnernet load", f["load_seconds"], n["load_seconds"]),
    ]
    for engine in (f, n):
        engine["load_vs_raw"] = engine["load_seconds"] / engine["raw"]["seconds"] if engine["raw"]["seconds"] else None
    out.append(("load / raw on the same engine", f"{f['load_vs_raw']:.2f}x", f"{n['load_vs_raw']:.2f}x", ""))
    for key, label in (
        ("snapshot_seconds", "snapshot"),
        ("projection_seconds", "projection"),
        ("hubs_seconds", "excellence hubs"),
        ("total_seconds", "cold hubs, whole"),
    ):
        out.append(pair(label, f["cold_hubs"][key], n["cold_hubs"][key]))
    return out


def format_table(result: dict) -> str:
    lines = [f"{'step':<34} {'embedded':>10} {'Neo4j':>10} {'ratio':>8}"]
    lines += [f"{a:<34} {b:>10} {c:>10} {d:>8}" for a, b, c, d in rows(result)]
    checks = result["checks"]
    lines.append(
        f"same counts on both engines: {checks['same_counts']}; raw counts match: {checks['raw_counts_match']}; "
        f"same hubs: {checks['same_hubs']}; "
        f"Neo4j heap: {result['neo4j']['heap'] or 'the server of NEO4J_URI'}"
    )
    return "\n".join(lines)


def _parser(prog: str) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=prog, description=__doc__.split("\n\n")[0])
    p.add_argument("--network", choices=["h2020", "demo"], default="h2020", help="the network (default h2020)")
    p.add_argument("--data", type=Path, default=DEFAULT_DATA, help=f"H2020 folder (default {DEFAULT_DATA})")
    p.add_argument("--heap", default="1g", help="JVM heap of the Neo4j server started here (default 1g)")
    p.add_argument("--use-server", action="store_true", help="measure the Neo4j of NEO4J_URI (EMPTIED) instead")
    p.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    return p


def main(argv: list[str] | None = None, prog: str = "python -m benchmarks.neo4j_h2020") -> int:
    args = _parser(prog).parse_args(argv)
    logging.getLogger("neo4j").setLevel(logging.ERROR)  # the server's notes on unknown labels of an empty graph
    log = log_stderr
    network, source = read_network(args.network, args.data)
    log(f"{args.network}: {sum(len(r) for r in network.values()):,} rows")
    result: dict = {"network": args.network, "machine": machine()}
    result["falkordb"] = measure_falkordb(network, source, log)
    result["neo4j"] = measure_neo4j(network, source, args, log)
    result["checks"] = {
        "same_counts": _counts_of(result["falkordb"]) == _counts_of(result["neo4j"]),
        "raw_counts_match": all(_raw_match(result[e]) for e in ("falkordb", "neo4j")),
        "same_hubs": result["falkordb"]["hubs"] == result["neo4j"]["hubs"],
    }
    for engine in ("falkordb", "neo4j"):
        result[engine]["hub_count"] = len(result[engine].pop("hubs"))
    print(format_table(result))
    if args.json:
        write_json(args.json, result)
    return 0 if all(result["checks"].values()) else 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
