"""Same answers on both engines: CORDIS H2020 (the shared eunets snapshot) in FalkorDB and in Neo4j.

H2020 is read once, loaded into each engine once (the embedded engine ~20 s, Neo4j ~45 s on
this project's 2-core machine: the module takes about two minutes), and each engine's graph is
read back and analysed; only the answers are kept, so one graph is in memory at a time. The
answers compared: the status counts (and those of the input's tables), the snapshot (a digest of
each part, values with their types, in order), the excellence hubs, k=5 cooperation paths
between anchors of the largest hubs, and partner searches with and without filters and origin.
Skipped, with the reason, when the shared data is absent.
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path
from typing import Any

import pytest

from graph.analytics.analysis import Analysis
from graph.analytics.finder import find_partners
from graph.analytics.paths import cooperation_paths
from tests.conftest import SHARED_DATA, _holder, store_on
from tests.test_engines_agree import hub_keys, typed

H2020_FOLDER = SHARED_DATA / "cordis-h2020-eunets"
#: CNRS (a PIC): the origin of a partner search.
CNRS = "999997930"
PARTNER_SEARCHES = [
    ("energy", {}),
    ("nuclear fusion", {"country": "FR"}),
    ("health", {"role": "company", "origin": CNRS}),
    ("transport", {"origin": CNRS, "limit": 50}),
]


def digest(value: Any) -> str:
    return hashlib.sha256(repr(typed(value)).encode()).hexdigest()


def answers_of(store, seconds: dict[str, float]) -> dict[str, Any]:
    """What is compared, from ``store``'s graph; ``seconds`` gets how long the reads took."""
    started = time.perf_counter()
    analysis = Analysis.from_store(store)
    snapshot = analysis.snapshot
    seconds["snapshot"] = time.perf_counter() - started
    hubs = analysis.hubs()
    seconds["hubs"] = time.perf_counter() - started - seconds["snapshot"]
    anchors = [hub.anchors[0]["id"] for hub in sorted(hubs, key=lambda hub: -hub.size)[:3]]  # connected ones
    pairs = [(anchors[0], anchors[1]), (anchors[0], anchors[2]), (anchors[1], anchors[2])]
    return {
        "counts": store.counts(),
        "snapshot": {name: digest(value) for name, value in vars(snapshot).items() if name != "version"},
        "hubs": [hub.to_dict(members=True) for hub in hubs],
        "paths": {
            pair: cooperation_paths(analysis.cooperation, *pair, k=5).to_dict()
            for pair in pairs  # the same pairs on both engines when their hubs agree (a test checks)
        },
        "partners": {f"{q} {f}": [m.to_dict() for m in find_partners(analysis, q, **f)] for q, f in PARTNER_SEARCHES},
    }


@pytest.fixture(scope="module")
def h2020_network() -> dict[str, list[dict]]:
    if not (H2020_FOLDER / "h2020.csv.gz").is_file():
        pytest.skip(f"shared data not found at {H2020_FOLDER} (the CORDIS H2020 eunets snapshot)")
    from loaders.cordis import read_cordis_h2020

    return read_cordis_h2020(Path(H2020_FOLDER))


@pytest.fixture(scope="module")
def h2020_answers(h2020_network, neo4j_server, request) -> dict[str, dict[str, Any]]:
    from loaders.cordis import H2020_SOURCE
    from loaders.load import load_network

    found: dict[str, dict[str, Any]] = {}
    for engine in ("falkordb", "neo4j"):
        seconds: dict[str, float] = {}

        def fill(store, seconds=seconds):
            started = time.perf_counter()
            load_network(store, h2020_network, source=H2020_SOURCE)
            seconds["load"] = time.perf_counter() - started

        with store_on(engine, request, _holder("h2020", request.module), fill) as store:
            found[engine] = answers_of(store, seconds)
        print(f"[{engine}] H2020 " + ", ".join(f"{k} {v:.1f} s" for k, v in seconds.items()))
    return found


def test_counts_agree_and_match_the_input(h2020_answers, h2020_network):
    falkordb, neo4j = h2020_answers["falkordb"]["counts"], h2020_answers["neo4j"]["counts"]
    assert falkordb == neo4j
    assert neo4j["labels"]["Organization"] == len(h2020_network["organizations"]) == 35_872
    assert neo4j["labels"]["Project"] == len(h2020_network["projects"]) == 31_451
    assert neo4j["types"]["PARTICIPATES_IN"] == len(h2020_network["participations"]) == 144_726


def test_snapshot_agrees(h2020_answers):
    assert h2020_answers["falkordb"]["snapshot"] == h2020_answers["neo4j"]["snapshot"]


def test_excellence_hubs_agree(h2020_answers):
    falkordb, neo4j = h2020_answers["falkordb"]["hubs"], h2020_answers["neo4j"]["hubs"]
    assert len(falkordb) > 50
    assert hub_keys(falkordb) == hub_keys(neo4j), "members, order and scores"
    assert falkordb == neo4j


def test_cooperation_paths_agree(h2020_answers):
    falkordb, neo4j = h2020_answers["falkordb"]["paths"], h2020_answers["neo4j"]["paths"]
    assert list(falkordb) == list(neo4j), "the same pairs were asked (the hubs agree)"
    assert all(answer["paths"] for answer in falkordb.values())
    assert sum(len(answer["paths"]) for answer in falkordb.values()) >= 6, "alternatives are compared too"
    assert falkordb == neo4j


def test_partner_searches_agree(h2020_answers):
    falkordb, neo4j = h2020_answers["falkordb"]["partners"], h2020_answers["neo4j"]["partners"]
    assert all(falkordb.values()), {k: len(v) for k, v in falkordb.items()}
    assert falkordb == neo4j
