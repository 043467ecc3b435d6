"""Analytics benchmark: excellence hubs, partner search, cooperation paths and recommendations on H2020.

Run from the repository root::

    python -m benchmarks.analytics_h2020 [--data-dir DIR] [--repeat 50] [--cold-runs 3] [--json PATH]

Steps, in this order (partnernet's own figures first, then the networkx baselines, so that
the memory peak of each part can be told apart and the large networkx graph does not sit in
memory while partnernet is timed):

1. **Load.** The H2020 files are read (:func:`loaders.cordis.read_cordis_h2020`), validated
   (:func:`loaders.validate.validate_network`) and loaded (:func:`loaders.load.load_network`)
   into a fresh embedded engine in a new short folder under ``/tmp`` (the engine's Unix
   socket path must stay short). With ``--data-dir DIR`` whose graph already holds nodes,
   that graph is used as it is and nothing is loaded. The store stays open until the end,
   so the engine keeps running (its start is never timed).
2. **Cold hubs**, ``--cold-runs`` times, each with new objects (nothing cached): read the
   snapshot from the engine (:func:`graph.analytics.snapshot.fetch_snapshot`), project it into the
   cooperation graph (:func:`graph.analytics.cooperation.cooperation_graph`), find the excellence hubs
   (:func:`graph.analytics.hubs.excellence_hubs`, ``seed=0``). Each step and the total are timed
   (``time.perf_counter``); the medians are reported. *Determinism check*: every run gives
   the same hubs, members and order (with one run, the hubs are computed a second time from
   a new projection of the same snapshot).
   Then the **snapshot beside the raw reads** of the same queries, ``--snapshot-runs`` times
   (:func:`benchmarks.common.snapshot_beside_raw`: each query sent as ``fetch_snapshot`` sends it, its
   reply parsed by the client and nothing else; also every reply typed, as before, and the engine's own
   execution time), medians and the ratio snapshot / raw.
3. **Warm queries** on the cooperation graph of the last cold run, with
   :func:`graph.analytics.partners.partner_index` built once (its build time is reported). Each kind
   is called once, uncounted, then ``--repeat`` times on arguments drawn by a
   ``random.Random(--seed)`` (so the same on every run); p50, p95 (nearest rank) and max,
   in milliseconds:

   - *partner search* (:func:`graph.analytics.partners.find_partners`, 20 results): queries drawn
     from a list of words of the H2020 vocabulary in English and French (``marie curie``,
     ``énergie``, ``ERC``...) and from the names of the graph's expertise terms (so the demo
     network has queries too); a query that matches nothing is left out before timing.
     Calls cycle through four forms: no filter, an ``origin`` (an organization with ties:
     the proximity part needs its hops to everyone), a ``country`` filter (the country of an
     organization with ties), both;
   - *k=5 cooperation paths* (:func:`graph.analytics.paths.cooperation_paths`) between two
     organizations with ties. *Checks*: a pair in the same connected component (scipy
     ``connected_components``) gets at least one path, another gets none and a reason;
   - *recommendations* (:func:`graph.analytics.partners.recommend_partners`, 10 results) for an
     organization with ties.
4. **Baselines** (networkx, on the same cooperation graph):

   - hubs: the full ``networkx.Graph`` built from the ties (``coop.G``, built on first use:
     that build is timed) and ``networkx.community.louvain_communities(G, weight="weight",
     seed=0)`` on it, once; ratio baseline / ours, of the whole cold hubs and of the
     communities-and-scores step alone (both start from the cooperation graph);
   - communities: the hubs' own step on the backbone (:func:`graph.analytics.communities.louvain`,
     networkit's PLM with refinement) beside networkx's Louvain on the same backbone and, when
     python-igraph is installed (never a dependency), igraph's Leiden, with the modularity of each
     (:func:`backbone_communities_baseline`);
   - paths: Yen's exact k shortest simple paths (:func:`graph.analytics.paths.yen_paths`, networkx
     ``shortest_simple_paths``, seconds each) on the first ``--yen-pairs`` connected pairs;
     ratio of the medians, ours taken on the same pairs. *Check*: the paths are compared:
     partnernet's first path costs what Yen's first costs (the cheapest), and its ``i``-th
     cheapest costs at least Yen's ``i``-th (Yen's are the exact ``k`` cheapest);
   - recommendations: naive link prediction, the partners of the partners of the
     organization not tied to it scored by ``networkx.adamic_adar_index`` and sorted, on the
     first ``--baseline-repeat`` organizations. *Check*: every organization partnernet
     recommends is such a candidate, with the same Adamic–Adar value.

5. **Memory.** Peak RSS of this process (``getrusage`` ``ru_maxrss``) after the cold hubs,
   after the warm queries and after the baselines (a peak so far: it never goes down), and
   of the engine's ``redis-server`` (``VmHWM``). No ``tracemalloc``: it would slow every
   figure down.
6. **Figures.** A table on stdout, with targets for context (cold hubs <= 10 s; p95 of
   partner search, k=5 paths and recommendations <= 150 ms; communities on the backbone
   <= 0.5 s with a modularity at least networkx's; snapshot <= 1.3x the raw reads): met or
   MISSED, never a failure. ``--json PATH`` writes every figure and the machine (with its load average at
   the start and at the end: on a shared machine, other work shows in the tails). Progress
   goes to stderr.
   The exit status is 1 when a check fails, never because of a time.
7. **Clean up.** The store closed; for a folder of our own, its engine stopped and the
   folder deleted (a ``--data-dir`` is left as it was found, its engine stopping when no
   one else uses it).

``--network demo`` loads the small demo network (:func:`loaders.demo.demo_network`)
instead of H2020: a quick check that the benchmark runs (``tests/test_benchmarks.py``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import math
import random
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import networkx as nx
import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from benchmarks import common
from benchmarks.common import (
    Log,
    add_graph_arguments,
    data_folder,
    load_average,
    log_stderr,
    prepare_graph,
    proc_status_mb,
    python_peak_mb,
    snapshot_beside_raw,
    write_json,
)
from benchmarks.common import num as _num
from graph.analytics.communities import louvain, modularity
from graph.analytics.cooperation import Cooperation, cooperation_graph
from graph.analytics.finder import find_partners, match_query
from graph.analytics.hubs import Hub, backbone, excellence_hubs
from graph.analytics.index import STOPWORDS, PartnerIndex, partner_index
from graph.analytics.paths import cooperation_paths, yen_paths
from graph.analytics.recommend import recommend_partners
from graph.analytics.snapshot import fetch_snapshot
from graph.errors import NoMatchingExpertise
from graph.settings import load_settings
from graph.store import Store
from graph.text import fold

T = TypeVar("T")

#: Paths asked for, and results of a search or a recommendation.
K_PATHS = 5
SEARCH_LIMIT = 20
RECOMMEND_LIMIT = 10
#: Largest hub sizes shown.
SIZES_SHOWN = 10

#: Targets, for context (printed, never a failure).
TARGET_COLD_HUBS_S = 10.0
TARGET_P95_MS = 150.0
#: The community step on the backbone (issue 18: H2020), with a modularity at least networkx Louvain's.
TARGET_COMMUNITIES_S = 0.5
#: The snapshot beside the raw reads of the same queries.
TARGET_SNAPSHOT_VS_RAW = 1.3

#: Queries in the words of the H2020 programme parts, English and French; the names of
#: the graph's expertise terms are added (see :func:`search_queries`).
H2020_QUERIES = (
    "marie curie",
    "énergie",
    "ERC",
    "health",
    "transport",
    "climat",
    "santé",
    "clean energy",
    "frontier research",
    "nanotechnologies",
    "biotechnology",
    "sécurité alimentaire",
    "bioeconomy",
    "research infrastructures",
    "innovation PME",
    "risk finance",
    "fusion nucléaire",
    "espace",
    "sociétés inclusives",
    "widening participation",
    "science with and for society",
    "FET",
    "mobilité des chercheurs",
    "environment raw materials",
)

#: The four forms of a partner search, in turn: (with an origin, with a country filter).
SEARCH_FORMS = ((False, False), (True, False), (False, True), (True, True))

# -- statistics and memory ---------------------------------------------------------------


def describe(values: list[float]) -> dict:
    """p50 (median), p95, min and max of ``values`` (None when empty), and the values themselves."""
    return common.describe(values, median_key="p50")


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def engine_pid(store: Store) -> int | None:
    """The pid of the embedded engine behind ``store`` (None for Neo4j or when unknown)."""
    engine = getattr(store, "engine", None)
    try:
        return engine.pid() if engine is not None else None
    except Exception:  # a figure, not a check
        return None


def memory_point(store: Store) -> dict:
    """Peak RSS of this process so far, its current RSS, and the engine's peak and current RSS (MiB)."""
    pid = engine_pid(store)
    return {
        "python_peak_mb": python_peak_mb(),
        "python_rss_mb": proc_status_mb("self", "VmRSS"),
        "engine_peak_mb": proc_status_mb(pid, "VmHWM"),
        "engine_rss_mb": proc_status_mb(pid, "VmRSS"),
    }


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


# -- 2. cold hubs ------------------------------------------------------------------------


def hub_members(hubs: list[Hub]) -> list[list[str]]:
    """The members of each hub, in the order of the hubs (what the determinism check compares)."""
    return [list(h.members) for h in hubs]


def cold_hubs_once(store: Store, seed: int = 0) -> tuple[dict, Cooperation, list[Hub]]:
    """Snapshot, projection and hubs from nothing: the seconds of each step and of the whole."""
    started = time.perf_counter()
    snapshot = fetch_snapshot(store)
    snapshot_s = time.perf_counter() - started
    started = time.perf_counter()
    coop = cooperation_graph(snapshot)
    projection_s = time.perf_counter() - started
    started = time.perf_counter()
    hubs = excellence_hubs(coop, seed=seed)
    hubs_s = time.perf_counter() - started
    figures = {
        "snapshot_seconds": snapshot_s,
        "projection_seconds": projection_s,
        "hubs_seconds": hubs_s,
        "total_seconds": snapshot_s + projection_s + hubs_s,
    }
    return figures, coop, hubs


def measure_cold_hubs(store: Store, runs: int, seed: int = 0, log: Log = log_stderr) -> tuple[dict, Cooperation]:
    """``runs`` cold hubs, the medians, the hubs found and the determinism check.

    Returns the figures and the cooperation graph of the last run (for the warm queries).
    """
    per_run: list[dict] = []
    members: list[list[list[str]]] = []
    coop: Cooperation | None = None
    hubs: list[Hub] = []
    for i in range(runs):
        coop = None
        hubs = []
        gc.collect()
        figures, coop, hubs = cold_hubs_once(store, seed)
        per_run.append(figures)
        members.append(hub_members(hubs))
        log(
            f"  cold hubs {i + 1}/{runs}: snapshot {figures['snapshot_seconds']:.2f} s, projection "
            f"{figures['projection_seconds']:.2f} s, hubs {figures['hubs_seconds']:.2f} s, total "
            f"{figures['total_seconds']:.2f} s ({len(hubs)} hubs)"
        )
    assert coop is not None
    second_from = "cold runs"
    if runs < 2:  # a second run from a new projection of the same snapshot
        again = excellence_hubs(cooperation_graph(coop.snapshot), seed=seed)
        members.append(hub_members(again))
        second_from = "a second projection of the last snapshot"
    deterministic = all(m == members[0] for m in members[1:])
    log(f"  determinism (seed {seed}, {len(members)} runs): {'same hubs' if deterministic else 'DIFFERENT hubs'}")
    degree = coop.degree()
    sizes = sorted((h.size for h in hubs), reverse=True)
    best = hubs[0] if hubs else None
    return {
        "runs": per_run,
        "median": {key: _median([r[key] for r in per_run]) for key in per_run[0]},
        "hubs": len(hubs),
        "members_in_hubs": sum(sizes),
        "largest_sizes": sizes[:SIZES_SHOWN],
        "best_hub": None
        if best is None
        else {
            "id": best.id,
            "size": best.size,
            "score": best.score,
            "anchors": [a["name"] for a in best.anchors[:3]],
            "specialisation": [s["name"] for s in best.specialisation[:3]],
        },
        "seed": seed,
        "determinism": {"compared": len(members), "from": second_from, "same_hubs": deterministic},
        "graph": {
            "organizations": len(coop.ids),
            "with_ties": int((degree > 0).sum()),
            "ties": int(coop.W.nnz // 2),
            "projects": len(coop.snapshot.projects),
            "agreements": len(coop.snapshot.agreements),
            "expertise_terms": len(coop.snapshot.expertise),
        },
    }, coop


# -- 3. warm queries ---------------------------------------------------------------------


def search_queries(index: PartnerIndex) -> tuple[list[str], list[str]]:
    """The queries of the partner search, and those left out because they match nothing.

    :data:`H2020_QUERIES`, then for each expertise term of the graph its English and
    French names cut to their first two words of three letters or more that are not function
    words (``Marie Skłodowska``, ``Énergies sûres``), and the acronyms in its names (``ERC``,
    ``MSCA``); each query once.
    """
    candidates = list(H2020_QUERIES)
    for term in sorted(index.coop.snapshot.expertise.values(), key=lambda t: t["id"]):
        for name in (term.get("name"), term.get("name_fr")):
            if not name:
                continue
            words = [w for w in re.findall(r"\w+", name) if len(w) > 2 and fold(w) not in STOPWORDS]
            candidates.append(" ".join(words[:2]))
            candidates.extend(w for w in words if w.isupper() and w.isalpha() and len(w) <= 6)
    kept, left_out = [], []
    for q in dict.fromkeys(c for c in candidates if c):
        try:
            match_query(index, q)
        except NoMatchingExpertise:
            left_out.append(q)
        else:
            kept.append(q)
    return kept, left_out


def search_calls(index: PartnerIndex, tied: list[str], repeat: int, rng: random.Random) -> tuple[list[dict], dict]:
    """``repeat + 1`` partner searches (the first is the warm-up): query, origin, country, form."""
    queries, left_out = search_queries(index)
    if not queries:
        raise ValueError("no query of the H2020 vocabulary or of the graph's expertise names matches anything")
    organizations = index.coop.snapshot.organizations
    with_country = [o for o in tied if organizations[o].get("country")]
    calls = []
    for i in range(repeat + 1):
        with_origin, with_filter = SEARCH_FORMS[i % len(SEARCH_FORMS)]
        country = None
        if with_filter and with_country:
            country = organizations[rng.choice(with_country)]["country"]
        calls.append(
            {
                "query": rng.choice(queries),
                "origin": rng.choice(tied) if with_origin else None,
                "country": country,
                "form": ("origin" if with_origin else "plain") + ("+country" if country else ""),
            }
        )
    return calls, {"queries": queries, "left_out": left_out}


def measure_search(
    index: PartnerIndex, tied: list[str], repeat: int, rng: random.Random, log: Log = log_stderr
) -> dict:
    calls, pool = search_calls(index, tied, repeat, rng)
    times: list[float] = []
    results: list[int] = []
    for n, call in enumerate(calls):
        started = time.perf_counter()
        found = find_partners(index, call["query"], origin=call["origin"], country=call["country"], limit=SEARCH_LIMIT)
        elapsed = _ms(started)
        if n == 0:  # the warm-up
            continue
        times.append(elapsed)
        results.append(len(found))
        call.update(ms=elapsed, results=len(found))
    log(f"  partner search: p50 {_median(times):.1f} ms over {len(times)} calls ({len(pool['queries'])} queries)")
    forms = sorted({c["form"] for c in calls[1:]}, key=["plain", "origin", "plain+country", "origin+country"].index)
    return {
        "ms": describe(times),
        "by_form": {f: describe([c["ms"] for c in calls[1:] if c["form"] == f]) for f in forms},
        "empty_results": sum(1 for r in results if r == 0),
        "queries": pool["queries"],
        "queries_left_out": pool["left_out"],
        "calls": calls[1:],
    }


def _pairs(tied: list[str], count: int, rng: random.Random) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    while len(pairs) < count:
        a, b = rng.choice(tied), rng.choice(tied)
        if a != b:
            pairs.append((a, b))
    return pairs


def measure_paths(
    coop: Cooperation, tied: list[str], repeat: int, rng: random.Random, log: Log = log_stderr
) -> tuple[dict, list[dict]]:
    """k=5 cooperation paths between ``repeat`` random pairs (after one uncounted pair)."""
    _, component = connected_components(coop.W, directed=False)
    pairs = _pairs(tied, repeat + 1, rng)
    times: list[float] = []
    calls: list[dict] = []
    for n, (a, b) in enumerate(pairs):
        started = time.perf_counter()
        result = cooperation_paths(coop, a, b, k=K_PATHS)
        elapsed = _ms(started)
        if n == 0:
            continue
        linked = bool(component[coop.index[a]] == component[coop.index[b]])
        times.append(elapsed)
        calls.append(
            {
                "source": a,
                "target": b,
                "ms": elapsed,
                "connected": linked,
                "paths": len(result.paths),
                "costs": [p.cost for p in result.paths],
                "hops": [len(p.hops) for p in result.paths],
                "reason": result.reason,
            }
        )
    connected = [c for c in calls if c["connected"]]
    apart = [c for c in calls if not c["connected"]]
    log(f"  k={K_PATHS} paths: p50 {_median(times):.1f} ms over {len(times)} pairs ({len(apart)} not connected)")
    return {
        "k": K_PATHS,
        "ms": describe(times),
        "pairs_connected": len(connected),
        "pairs_not_connected": len(apart),
        "pairs_with_k_paths": sum(1 for c in connected if c["paths"] == K_PATHS),
        "checks": {
            "found_for_connected": all(c["paths"] >= 1 for c in connected),
            "none_with_reason_for_not_connected": all(c["paths"] == 0 and c["reason"] for c in apart),
        },
    }, calls


def measure_recommendations(
    index: PartnerIndex, tied: list[str], repeat: int, rng: random.Random, log: Log = log_stderr
) -> tuple[dict, list[dict]]:
    """``recommend_partners`` for ``repeat`` random organizations with ties (after one uncounted)."""
    orgs = [rng.choice(tied) for _ in range(repeat + 1)]
    times: list[float] = []
    calls: list[dict] = []
    for n, org in enumerate(orgs):
        started = time.perf_counter()
        found = recommend_partners(index, org, limit=RECOMMEND_LIMIT)
        elapsed = _ms(started)
        if n == 0:
            continue
        times.append(elapsed)
        calls.append(
            {"org": org, "ms": elapsed, "recommended": [{"id": r.id, "adamic_adar": r.adamic_adar} for r in found]}
        )
    log(f"  recommendations: p50 {_median(times):.1f} ms over {len(times)} organizations")
    return {
        "limit": RECOMMEND_LIMIT,
        "ms": describe(times),
        "empty_results": sum(1 for c in calls if not c["recommended"]),
    }, calls


# -- 4. baselines ------------------------------------------------------------------------


def louvain_baseline(coop: Cooperation, seed: int = 0, log: Log = log_stderr) -> dict:
    """The full ``networkx.Graph`` (``coop.G``, built here) and Louvain on it: seconds of each."""
    started = time.perf_counter()
    G = coop.G
    build_s = time.perf_counter() - started
    log(f"  networkx graph built in {build_s:.2f} s ({G.number_of_nodes():,} nodes, {G.number_of_edges():,} edges)")
    started = time.perf_counter()
    communities = nx.community.louvain_communities(G, weight="weight", seed=seed)
    louvain_s = time.perf_counter() - started
    sizes = sorted((len(c) for c in communities), reverse=True)
    log(f"  networkx Louvain in {louvain_s:.2f} s ({len(communities):,} communities)")
    return {
        "build_graph_seconds": build_s,
        "louvain_seconds": louvain_s,
        "total_seconds": build_s + louvain_s,
        "communities": len(communities),
        "communities_min_3": sum(1 for s in sizes if s >= 3),
        "largest_sizes": sizes[:SIZES_SHOWN],
        "nodes": G.number_of_nodes(),
        "edges": G.number_of_edges(),
    }


#: Timed runs of each compiled community step on the backbone (the median is reported; networkx runs once).
COMMUNITY_RUNS = 3


def _median_run(step: Callable[[], T], runs: int) -> tuple[float, T]:
    """The median seconds of ``runs`` calls of ``step()`` (at least one), and its last answer."""
    seconds = []
    for _ in range(max(runs, 1)):
        started = time.perf_counter()
        answer = step()
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds), answer


def igraph_leiden(A: sp.csr_matrix, seed: int = 0, runs: int = COMMUNITY_RUNS) -> dict:
    """igraph's Leiden (modularity, its default two iterations) on ``A``, when python-igraph is installed.

    A baseline only, never a dependency (igraph is GPL-2.0-or-later; see the README's Licences). Its graph
    is built before the timing, as networkx's is; its random numbers come from ``random.Random(seed)``.
    Returns seconds (median of ``runs``) and the communities, or ``{"skipped": ...}``.
    """
    try:
        import igraph
    except ImportError:
        return {"skipped": "python-igraph is not installed"}
    upper = sp.triu(A, k=1).tocoo()
    G = igraph.Graph(n=A.shape[0], edges=list(zip(upper.row.tolist(), upper.col.tolist(), strict=True)))
    G.es["weight"] = upper.data.tolist()

    def leiden() -> list[list[int]]:
        igraph.set_random_number_generator(random.Random(seed))
        try:
            clusters = G.community_leiden(objective_function="modularity", weights="weight")
        finally:
            igraph.set_random_number_generator(random)
        return [list(c) for c in clusters]

    seconds, found = _median_run(leiden, runs)
    return {"seconds": seconds, "communities": found, "version": igraph.__version__}


def backbone_communities_baseline(
    coop: Cooperation, seed: int = 0, log: Log = log_stderr, runs: int = COMMUNITY_RUNS, with_networkx: bool = True
) -> dict:
    """The hubs' community step on the same backbone: :func:`graph.analytics.communities.louvain` (networkit's PLM
    with refinement, its conversion included) beside networkx's Louvain and, when installed, igraph's Leiden.

    Seconds (ours and igraph's: median of ``runs``; networkx: once, or not at all without ``with_networkx``) and
    the modularity of each, computed alike (:func:`graph.analytics.communities.modularity`). networkx and igraph
    get the backbone as a graph of their own, built before the timing.
    """
    B = backbone(coop)
    tied = np.flatnonzero(np.diff(B.indptr))
    A = B[tied][:, tied]

    def quality(groups) -> float:
        labels = np.empty(A.shape[0], dtype=np.int64)
        for c, members in enumerate(groups):
            labels[list(members)] = c
        return modularity(A, labels)

    upper = sp.triu(A, k=1).tocoo()
    ours_s, ours = _median_run(lambda: louvain(A, seed=seed), runs)
    figures: dict = {
        "ties": int(upper.nnz),
        "runs": runs,
        "ours_method": "networkit PLM with refinement (graph.analytics.communities.louvain)",
        "ours_seconds": ours_s,
        "ours_modularity": quality(ours),
        "ours_communities": len(ours),
    }
    if with_networkx:
        G = nx.Graph()
        G.add_nodes_from(range(A.shape[0]))
        G.add_weighted_edges_from(zip(upper.row.tolist(), upper.col.tolist(), upper.data.tolist(), strict=True))
        networkx_s, theirs = _median_run(lambda: nx.community.louvain_communities(G, weight="weight", seed=seed), 1)
        figures.update(
            networkx_seconds=networkx_s, networkx_modularity=quality(theirs), networkx_communities=len(theirs)
        )
    leiden = igraph_leiden(A, seed, runs)
    if "communities" in leiden:
        found = leiden.pop("communities")
        leiden.update(modularity=quality(found), communities=len(found))
    figures["igraph_leiden"] = leiden
    said = [f"ours {ours_s:.2f} s (Q {figures['ours_modularity']:.4f})"]
    if with_networkx:
        said.append(f"networkx Louvain {figures['networkx_seconds']:.2f} s (Q {figures['networkx_modularity']:.4f})")
    if "seconds" in leiden:
        said.append(f"igraph Leiden {leiden['seconds']:.2f} s (Q {leiden['modularity']:.4f})")
    log(f"  backbone ({figures['ties']:,} ties): " + ", ".join(said))
    return figures


def _path_cost(G: nx.Graph, nodes: list) -> float:
    return math.fsum(1.0 / G[u][v]["weight"] for u, v in zip(nodes, nodes[1:], strict=False))


def yen_baseline(coop: Cooperation, calls: list[dict], pairs: int, log: Log = log_stderr) -> dict:
    """Yen's k shortest simple paths on the first ``pairs`` connected pairs, and the cost check."""
    G = coop.G
    chosen = [c for c in calls if c["connected"]][:pairs]
    times: list[float] = []
    compared: list[dict] = []
    for c in chosen:
        started = time.perf_counter()
        paths = yen_paths(G, c["source"], c["target"], k=K_PATHS)
        elapsed = _ms(started)
        times.append(elapsed)
        yen_costs = [_path_cost(G, p) for p in paths]
        ours = sorted(c["costs"])
        tolerance = 1e-9 * max([1.0, *yen_costs])
        first_same = bool(ours) and bool(yen_costs) and abs(ours[0] - yen_costs[0]) <= tolerance
        not_below = all(o >= y - tolerance for o, y in zip(ours, yen_costs, strict=False))
        compared.append(
            {
                "source": c["source"],
                "target": c["target"],
                "ms": elapsed,
                "ours_ms": c["ms"],
                "yen_costs": yen_costs,
                "ours_costs": ours,
                "first_is_cheapest": first_same,
                "none_cheaper_than_yen": not_below,
            }
        )
        log(f"  yen_paths {len(times)}/{len(chosen)}: {elapsed / 1000:.2f} s (ours {c['ms']:.1f} ms)")
    ours_median = _median([c["ms"] for c in chosen])
    yen_median = _median(times)
    return {
        "pairs": len(chosen),
        "ms": describe(times),
        "ours_same_pairs_p50_ms": ours_median,
        "ratio_yen_vs_ours": yen_median / ours_median if yen_median and ours_median else None,
        "compared": compared,
        "checks": {
            "first_path_is_cheapest": all(c["first_is_cheapest"] for c in compared),
            "no_path_cheaper_than_yen": all(c["none_cheaper_than_yen"] for c in compared),
        },
    }


def networkx_recommend(G: nx.Graph, org: str, limit: int = RECOMMEND_LIMIT) -> tuple[list, dict[str, float]]:
    """Naive link prediction: partners of partners not tied to ``org``, by ``nx.adamic_adar_index``.

    Returns the best ``limit`` (candidate, score), and every candidate's score.
    """
    partners = set(G[org])
    candidates = {y for z in partners for y in G[z]} - partners - {org}
    scores = {y: s for _, y, s in nx.adamic_adar_index(G, [(org, y) for y in sorted(candidates)])}
    best = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    return best, scores


def adamic_adar_baseline(coop: Cooperation, calls: list[dict], count: int, log: Log = log_stderr) -> dict:
    """The networkx link prediction on the first ``count`` organizations, and the Adamic–Adar check."""
    G = coop.G
    chosen = calls[:count]
    times: list[float] = []
    mismatches: list[dict] = []
    candidates: list[int] = []
    for c in chosen:
        started = time.perf_counter()
        _, scores = networkx_recommend(G, c["org"])
        times.append(_ms(started))
        candidates.append(len(scores))
        for r in c["recommended"]:
            expected = scores.get(r["id"])
            if expected is None or abs(expected - r["adamic_adar"]) > 1e-4:
                mismatches.append({"org": c["org"], "id": r["id"], "ours": r["adamic_adar"], "networkx": expected})
    ours_median = _median([c["ms"] for c in chosen])
    median = _median(times)
    log(f"  networkx Adamic-Adar: p50 {median:.1f} ms over {len(times)} organizations")
    return {
        "organizations": len(chosen),
        "ms": describe(times),
        "candidates": candidates,
        "ours_same_orgs_p50_ms": ours_median,
        "ratio_networkx_vs_ours": median / ours_median if median and ours_median else None,
        "mismatches": mismatches[:20],
        "checks": {"recommended_match_networkx_adamic_adar": not mismatches},
    }


# -- figures -----------------------------------------------------------------------------


def machine() -> dict:
    """The machine (:func:`benchmarks.common.machine`) with the versions of networkx, numpy and scipy."""
    import scipy

    return common.machine({"networkx": nx.__version__, "numpy": np.__version__, "scipy": scipy.__version__})


def _sizes(sizes: list[int]) -> str:
    return ", ".join(f"{s:,}" for s in sizes)


def format_table(result: dict) -> str:
    """The figures of a run as a text table, with the checks and the targets."""
    load, cold, env = result["load"], result["cold_hubs"], result["machine"]
    warm, base, memory = result["warm"], result["baselines"], result["memory"]
    g = cold["graph"]
    ok = {True: "met", False: "MISSED"}
    lines = [
        f"partnernet analytics benchmark: {result['network_label']}",
        f"machine: {env['cpu_count']} CPU(s) ({env['cpus_usable']} usable), load average {env['load_average']} "
        f"at the start, {env.get('load_average_end')} at the end, "
        f"Python {env['python']}, networkx {env['networkx']}, numpy {env['numpy']}, scipy {env['scipy']}",
    ]
    if load["reused"]:
        lines.append(f"load: graph of {result['data_dir']} used as it was ({load['counts']['nodes']:,} nodes)")
    else:
        lines.append(
            f"load: {load['rows']:,} rows; read {load['read_seconds']:.2f} s, "
            f"validate {load['validate_seconds']:.2f} s, load_network {load['load_seconds']:.2f} s "
            "(not part of the figures below)"
        )
    lines.append(
        f"graph: {g['organizations']:,} organizations ({g['with_ties']:,} with ties), {g['ties']:,} ties, "
        f"{g['projects']:,} projects, {g['agreements']:,} agreements, {g['expertise_terms']} expertise terms"
    )
    lines.append("")

    runs = cold["runs"]
    head = f"{'cold hubs (seconds)':<50} {'n':>3} {'median':>8} {'min':>8} {'max':>8}"
    lines += [head, "-" * len(head)]
    for label, key in (
        ("read snapshot (fetch_snapshot)", "snapshot_seconds"),
        ("projection (cooperation_graph)", "projection_seconds"),
        ("communities and scores (excellence_hubs)", "hubs_seconds"),
        ("total", "total_seconds"),
    ):
        values = [r[key] for r in runs]
        lines.append(
            f"{label:<50} {len(values):>3} {_num(cold['median'][key], '8.2f')} "
            f"{_num(min(values), '8.2f')} {_num(max(values), '8.2f')}"
        )
    louvain = base["louvain"]
    lines.append(f"{'baseline: build nx.Graph (coop.G)':<50} {1:>3} {_num(louvain['build_graph_seconds'], '8.2f')}")
    lines.append(
        f"{'baseline: networkx louvain_communities, full graph':<50} {1:>3} {_num(louvain['louvain_seconds'], '8.2f')}"
    )
    lines.append(f"{'baseline: total':<50} {1:>3} {_num(louvain['total_seconds'], '8.2f')}")
    ratio = result["ratios"]
    lines.append(
        f"ratio baseline / ours: {_num(ratio['louvain_vs_cold_total'], '.2f')}x of the whole cold hubs; "
        f"{_num(ratio['louvain_vs_hubs_step'], '.2f')}x of excellence_hubs alone (same starting point)"
    )
    lines.append(
        f"hubs: {cold['hubs']:,} ({cold['members_in_hubs']:,} members); largest: {_sizes(cold['largest_sizes'])}"
    )
    best = cold["best_hub"]
    if best:
        lines.append(
            f"best-scored hub: #{best['id']}, {best['size']:,} members, score {best['score']}, anchors "
            f"{'; '.join(best['anchors'])}; specialisation {'; '.join(best['specialisation']) or '-'}"
        )
    lines.append(
        f"baseline communities: {louvain['communities']:,} ({louvain['communities_min_3']:,} of 3 or more); "
        f"largest: {_sizes(louvain['largest_sizes'])}"
    )
    det = cold["determinism"]
    lines.append(
        f"determinism (seed {cold['seed']}, {det['compared']} runs from {det['from']}): "
        f"{'same hubs, same members, same order' if det['same_hubs'] else 'DIFFERENT hubs'}"
    )
    lines += [*snapshot_lines(result["snapshot"]), *communities_lines(base["backbone_communities"]), ""]

    head = f"{'warm queries (ms)':<50} {'n':>3} {'p50':>8} {'p95':>8} {'max':>8}"
    lines += [head, "-" * len(head)]

    def row(label: str, f: dict) -> None:
        lines.append(f"{label:<50} {f['n']:>3} {_num(f['p50'])} {_num(f['p95'])} {_num(f['max'])}")

    lines.append(f"{'partner index build (partner_index), once':<50} {1:>3} {_num(warm['index_build_ms'])}")
    search = warm["search"]
    row(f"partner search (find_partners, {SEARCH_LIMIT} results)", search["ms"])
    for form, f in search["by_form"].items():
        row(f"  {form}", f)
    paths = warm["paths"]
    row(f"k={K_PATHS} cooperation paths (cooperation_paths)", paths["ms"])
    yen = base["yen"]
    row("  baseline yen_paths (networkx), same first pairs", yen["ms"])
    recs = warm["recommendations"]
    row(f"recommendations (recommend_partners, {RECOMMEND_LIMIT} results)", recs["ms"])
    aa = base["adamic_adar"]
    row("  baseline networkx adamic_adar_index, same orgs", aa["ms"])
    lines.append(
        f"ratio yen / ours: {_num(yen['ratio_yen_vs_ours'], '.0f')}x (medians on the same {yen['pairs']} pairs; "
        f"ours {_num(yen['ours_same_pairs_p50_ms'], '.1f')} ms)"
    )
    lines.append(
        f"ratio networkx Adamic-Adar / ours: {_num(aa['ratio_networkx_vs_ours'], '.1f')}x (medians on the same "
        f"{aa['organizations']} organizations; ours {_num(aa['ours_same_orgs_p50_ms'], '.1f')} ms)"
    )
    lines.append(
        f"partner search: {len(search['queries'])} queries "
        f"({len(search['queries_left_out'])} left out: match nothing), "
        f"{search['empty_results']} call(s) with no result; paths: {paths['pairs_connected']} connected pairs "
        f"({paths['pairs_with_k_paths']} with {K_PATHS} paths), {paths['pairs_not_connected']} not connected; "
        f"recommendations: {recs['empty_results']} organization(s) with none"
    )
    lines.append("")

    lines.append(
        "memory, peak RSS of this process so far (ru_maxrss): "
        f"after cold hubs {_num(memory['after_cold_hubs']['python_peak_mb'], '.0f')} MiB, "
        f"after warm queries {_num(memory['after_warm_queries']['python_peak_mb'], '.0f')} MiB, "
        f"after networkx baselines {_num(memory['after_baselines']['python_peak_mb'], '.0f')} MiB; "
        f"engine (redis-server VmHWM) {_num(memory['after_baselines']['engine_peak_mb'], '.0f')} MiB"
    )
    lines.append("")
    t = result["targets"]
    lines.append(
        f"target cold hubs <= {TARGET_COLD_HUBS_S:g} s: {ok[t['cold_hubs_ok']]} "
        f"(median {_num(cold['median']['total_seconds'], '.2f')} s)"
    )
    for label, key, f in (
        ("partner search", "search_ok", search["ms"]),
        (f"k={K_PATHS} paths", "paths_ok", paths["ms"]),
        ("recommendations", "recommendations_ok", recs["ms"]),
    ):
        lines.append(f"target {label} p95 <= {TARGET_P95_MS:g} ms: {ok[t[key]]} (p95 {_num(f['p95'], '.1f')} ms)")
    on_backbone = base["backbone_communities"]
    lines.append(
        f"target communities on the backbone <= {TARGET_COMMUNITIES_S:g} s with networkx's modularity or more: "
        f"{ok[t['communities_ok']]} ({_num(on_backbone['ours_seconds'], '.2f')} s, Q "
        f"{on_backbone['ours_modularity']:.4f} vs {on_backbone['networkx_modularity']:.4f})"
    )
    if result["snapshot"] is not None:
        lines.append(
            f"target snapshot <= {TARGET_SNAPSHOT_VS_RAW:g}x the raw reads: {ok[t['snapshot_ok']]} "
            f"({result['snapshot']['snapshot_vs_raw']:.2f}x)"
        )
    failed = [k for k, v in result["checks"].items() if not v]
    lines.append("checks: " + ("all passed" if not failed else "FAILED: " + ", ".join(failed)))
    return "\n".join(lines)


def snapshot_lines(snapshot: dict | None) -> list[str]:
    """The snapshot beside the raw reads (:func:`benchmarks.common.snapshot_beside_raw`), as lines of the table."""
    if snapshot is None:
        return ["snapshot beside the raw reads: not measured (embedded engine only)"]
    sec = snapshot["seconds"]
    return [
        f"snapshot beside the raw reads of the same queries (medians of {snapshot['runs']}, collector paused): "
        f"fetch_snapshot {sec['snapshot']:.3f} s, raw {sec['raw']:.3f} s ({snapshot['snapshot_vs_raw']:.2f}x), "
        f"raw with every reply typed {sec['raw_all_typed']:.3f} s ({snapshot['snapshot_vs_raw_all_typed']:.2f}x), "
        f"engine's own execution {snapshot['engine_seconds']:.3f} s ({snapshot['snapshot_vs_engine']:.2f}x)"
    ]


def communities_lines(figures: dict) -> list[str]:
    """The community step on the backbone beside networkx and igraph, as lines of the table."""
    leiden = figures["igraph_leiden"]
    line = (
        f"communities on the backbone ({figures['ties']:,} ties; ours and igraph: medians of {figures['runs']}): "
        f"ours {figures['ours_seconds']:.3f} s (Q {figures['ours_modularity']:.4f}, "
        f"{figures['ours_communities']:,} communities)"
    )
    if "networkx_seconds" in figures:
        line += (
            f", networkx Louvain {figures['networkx_seconds']:.2f} s (Q {figures['networkx_modularity']:.4f}, "
            f"{figures['networkx_communities']:,})"
        )
    if "seconds" in leiden:
        line += f", igraph Leiden {leiden['seconds']:.3f} s (Q {leiden['modularity']:.4f}, {leiden['communities']:,})"
    else:
        line += f"; igraph Leiden skipped: {leiden['skipped']}"
    return [line]


# -- command -----------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m benchmarks.analytics_h2020",
        description="Time partnernet's analytics on the CORDIS H2020 network: cold excellence hubs beside "
        "networkx Louvain, and warm partner search, k=5 cooperation paths and recommendations beside "
        "networkx baselines (Yen's paths, Adamic-Adar).",
    )
    add_graph_arguments(p)
    p.add_argument("--repeat", type=int, default=50, help="timed calls of each warm query (default 50)")
    p.add_argument("--cold-runs", type=int, default=3, help="cold hubs runs (default 3)")
    p.add_argument("--snapshot-runs", type=int, default=5, help="runs of the snapshot beside the raw reads (default 5)")
    p.add_argument(
        "--yen-pairs", type=int, default=5, help="pairs for the Yen baseline (seconds each on H2020; default 5)"
    )
    p.add_argument(
        "--baseline-repeat",
        type=int,
        default=10,
        help="organizations for the networkx Adamic-Adar baseline (default 10)",
    )
    p.add_argument(
        "--seed", type=int, default=0, help="seed of the random queries, pairs and organizations (default 0)"
    )
    p.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    return p


def run(args: argparse.Namespace, data: Path, path: Path, log: Log = log_stderr) -> dict:
    """Every measurement on the engine folder ``path``; returns the figures."""
    settings = load_settings({"PARTNERNET_DATA_DIR": str(path), "NEO4J_URI": None})
    env = machine()
    log(f"engine folder {path}")
    store, load = prepare_graph(settings, args.network, data, log)
    memory: dict = {"start": memory_point(store)}
    try:
        log(f"cold hubs, {args.cold_runs} run(s)")
        cold, coop = measure_cold_hubs(store, args.cold_runs, seed=0, log=log)
        memory["after_cold_hubs"] = memory_point(store)
        log(f"snapshot beside the raw reads, {args.snapshot_runs} run(s)")
        snapshot = snapshot_beside_raw(store, args.snapshot_runs, log)

        log("warm queries")
        tied = [coop.ids[i] for i in np.flatnonzero(coop.degree() > 0).tolist()]
        if len(tied) < 2:
            raise ValueError("the graph has fewer than two organizations with ties: nothing to measure")
        started = time.perf_counter()
        index = partner_index(coop)
        index_ms = _ms(started)
        log(f"  partner index built in {index_ms:.0f} ms")
        search = measure_search(index, tied, args.repeat, random.Random(f"{args.seed}-search"), log)
        paths, path_calls = measure_paths(coop, tied, args.repeat, random.Random(f"{args.seed}-paths"), log)
        recs, rec_calls = measure_recommendations(
            index, tied, args.repeat, random.Random(f"{args.seed}-recommendations"), log
        )
        memory["after_warm_queries"] = memory_point(store)

        log("networkx baselines")
        louvain = louvain_baseline(coop, seed=0, log=log)
        communities = backbone_communities_baseline(coop, seed=0, log=log)
        yen = yen_baseline(coop, path_calls, args.yen_pairs, log)
        aa = adamic_adar_baseline(coop, rec_calls, args.baseline_repeat, log)
        memory["after_baselines"] = memory_point(store)
    finally:
        store.close()
    paths["calls"] = path_calls
    recs["calls"] = rec_calls
    median = cold["median"]
    ratios = {
        "louvain_vs_cold_total": louvain["total_seconds"] / median["total_seconds"],
        "louvain_vs_hubs_step": louvain["total_seconds"] / median["hubs_seconds"],
        "networkx_vs_ours_communities": communities["networkx_seconds"] / communities["ours_seconds"],
        "yen_vs_paths": yen["ratio_yen_vs_ours"],
        "adamic_adar_vs_recommendations": aa["ratio_networkx_vs_ours"],
    }
    checks = {
        "hubs_found": cold["hubs"] > 0,
        "hubs_deterministic": cold["determinism"]["same_hubs"],
        "snapshot_holds_every_organization": cold["graph"]["organizations"] == load["organizations"],
        "paths_found_for_connected_pairs": paths["checks"]["found_for_connected"],
        "no_path_only_when_not_connected": paths["checks"]["none_with_reason_for_not_connected"],
        "first_path_is_cheapest_as_yen": yen["checks"]["first_path_is_cheapest"],
        "no_path_cheaper_than_yen": yen["checks"]["no_path_cheaper_than_yen"],
        "yen_compared": yen["pairs"] > 0,
        "recommendations_match_networkx_adamic_adar": aa["checks"]["recommended_match_networkx_adamic_adar"],
    }
    p95s = {"search": search["ms"]["p95"], "paths": paths["ms"]["p95"], "recommendations": recs["ms"]["p95"]}
    targets = {
        "cold_hubs_seconds_max": TARGET_COLD_HUBS_S,
        "p95_ms_max": TARGET_P95_MS,
        "cold_hubs_ok": median["total_seconds"] <= TARGET_COLD_HUBS_S,
        "communities_seconds_max": TARGET_COMMUNITIES_S,
        "communities_ok": communities["ours_seconds"] <= TARGET_COMMUNITIES_S
        and communities["ours_modularity"] >= communities["networkx_modularity"],
        "snapshot_vs_raw_max": TARGET_SNAPSHOT_VS_RAW,
        "snapshot_ok": snapshot is None or snapshot["snapshot_vs_raw"] <= TARGET_SNAPSHOT_VS_RAW,
        **{f"{k}_ok": (v if v is not None else math.inf) <= TARGET_P95_MS for k, v in p95s.items()},
    }
    return {
        "machine": env,
        "load": load,
        "cold_hubs": cold,
        "snapshot": snapshot,
        "warm": {"index_build_ms": index_ms, "search": search, "paths": paths, "recommendations": recs},
        "baselines": {"louvain": louvain, "backbone_communities": communities, "yen": yen, "adamic_adar": aa},
        "ratios": ratios,
        "memory": memory,
        "checks": checks,
        "targets": targets,
    }


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if min(args.repeat, args.cold_runs, args.snapshot_runs, args.yen_pairs, args.baseline_repeat) < 1:
        parser.error("--repeat, --cold-runs, --snapshot-runs, --yen-pairs and --baseline-repeat must be at least 1")
    data = args.data.expanduser().resolve()
    if args.network == "h2020" and args.data_dir is None and not (data / "h2020.csv.gz").exists():
        parser.error(f"{data} holds no h2020.csv.gz: give the H2020 folder with --data")
    with data_folder(args.data_dir, "pna-") as path:
        result = run(args, data, path)
    if result["load"]["reused"]:
        label = f"graph of {path} (used as it was)"
    else:
        label = f"CORDIS H2020 ({data})" if args.network == "h2020" else "demo network"
    document = {
        "benchmark": "analytics_h2020",
        "network": args.network,
        "network_label": label,
        "data_dir": str(args.data_dir) if args.data_dir else None,
        "when": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "repeat": args.repeat,
        "cold_runs": args.cold_runs,
        "snapshot_runs": args.snapshot_runs,
        "yen_pairs": args.yen_pairs,
        "baseline_repeat": args.baseline_repeat,
        "seed": args.seed,
        **result,
    }
    document["machine"]["load_average_end"] = load_average()
    print(format_table(document))
    if args.json:
        write_json(args.json, document)
    return 0 if all(result["checks"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
