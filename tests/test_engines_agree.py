"""Same answers on both engines: the demo network in the embedded FalkorDB and in Neo4j.

The demo network (``loaders.generators.demo.demo_network``) is loaded into each engine once;
each engine's graph is read back (``fetch_snapshot``) and analysed (``Analysis.from_store``),
and every answer is compared in its JSON form (``to_dict``): status counts, the snapshot itself
(value for value, *type* for type, in the same order: ``1 == 1.0`` in Python, so a plain ``==``
would not see an int turned into a float), the excellence hubs (members, order, scores),
partner searches with and without filters and origin, k=5 cooperation paths, recommendations.
Floats are compared exactly: the same snapshot gives the same arithmetic.
"""

from __future__ import annotations

from typing import Any

import pytest

from graph.analytics.analysis import Analysis
from graph.analytics.finder import find_partners
from graph.analytics.paths import cooperation_paths
from graph.analytics.recommend import recommend_partners
from graph.analytics.snapshot import Snapshot
from tests.conftest import _holder, store_on

#: Partner searches: (query, filters); ``origin`` makes proximity part of the score.
PARTNER_SEARCHES = [
    ("cybersécurité", {}),
    ("energy", {"country": "MA"}),
    ("intelligence artificielle", {"role": "partner", "origin": "cnam"}),
    ("eau", {"funder": "afd"}),
    ("santé publique", {"origin": "pc-casablanca", "limit": 50}),
]
#: Cooperation paths asked for (k=5); ``afd`` is a funder: paths may end with a funded-by hop.
PATHS = [("cnam", "afd"), ("tc-mulhouse", "pc-casablanca"), ("co-edf", "pc-beyrouth"), ("rc-alsace", "pc-dakar")]
RECOMMEND = ["cnam", "pc-casablanca", "co-edf", "tc-mulhouse"]


def load_plain_demo(store) -> None:
    from loaders.generators.demo import DEMO_SOURCE, demo_network
    from loaders.load import load_network

    load_network(store, demo_network(), source=DEMO_SOURCE)


def typed(value: Any) -> Any:
    """``value`` with the type of every scalar beside it, lists and dicts in their order (sets sorted)."""
    if isinstance(value, dict):
        return ("dict", [(typed(k), typed(v)) for k, v in value.items()])
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, [typed(v) for v in value])
    if isinstance(value, (set, frozenset)):
        return ("set", sorted((typed(v) for v in value), key=repr))
    return (type(value).__name__, value)


def hub_keys(hubs: list[dict]) -> list[tuple]:
    """Each hub's id (its rank), members and score."""
    return [(h["id"], h["members"], h["score"]) for h in hubs]


def answers_of(store) -> dict[str, Any]:
    """Everything compared, as plain data, from ``store``'s graph."""
    analysis = Analysis.from_store(store)
    snapshot: Snapshot = analysis.snapshot
    out: dict[str, Any] = {
        "counts": store.counts(),
        "snapshot": {name: typed(value) for name, value in vars(snapshot).items() if name != "version"},
        "hubs": [hub.to_dict(members=True) for hub in analysis.hubs()],
    }
    for query, filters in PARTNER_SEARCHES:
        out[f"partners {query} {filters}"] = [m.to_dict() for m in find_partners(analysis, query, **filters)]
    for source, target in PATHS:
        out[f"paths {source} {target}"] = cooperation_paths(analysis.cooperation, source, target, k=5).to_dict()
    for org in RECOMMEND:
        out[f"recommend {org}"] = [r.to_dict() for r in recommend_partners(analysis, org)]
    return out


@pytest.fixture(scope="module")
def answers(neo4j_server, request) -> dict[str, dict[str, Any]]:
    """The answers of each engine holding the demo network (each engine's store closed after)."""
    found = {}
    for engine in ("falkordb", "neo4j"):
        with store_on(engine, request, _holder("plain_demo", request.module), load_plain_demo) as store:
            found[engine] = answers_of(store)
    return found


def test_status_counts_agree(answers):
    falkordb, neo4j = answers["falkordb"]["counts"], answers["neo4j"]["counts"]
    assert falkordb == neo4j
    assert falkordb["labels"]["Organization"] > 300 and falkordb["types"]["PARTICIPATES_IN"] > 1000


@pytest.mark.parametrize(
    "part",
    [
        "organizations",
        "projects",
        "agreements",
        "memberships",
        "organization_expertise",
        "expertise_evidence",
        "expertise",
        "countries",
    ],
)
def test_snapshot_agrees_value_type_and_order(answers, part):
    falkordb, neo4j = answers["falkordb"]["snapshot"][part], answers["neo4j"]["snapshot"][part]
    assert falkordb[1], f"the demo's snapshot has {part}"
    assert falkordb == neo4j


def test_excellence_hubs_agree(answers):
    falkordb, neo4j = answers["falkordb"]["hubs"], answers["neo4j"]["hubs"]
    assert len(falkordb) >= 3
    assert hub_keys(falkordb) == hub_keys(neo4j), "members, order and scores"
    assert falkordb == neo4j


@pytest.mark.parametrize(("query", "filters"), PARTNER_SEARCHES, ids=[q for q, _ in PARTNER_SEARCHES])
def test_partner_search_agrees(answers, query, filters):
    key = f"partners {query} {filters}"
    falkordb, neo4j = answers["falkordb"][key], answers["neo4j"][key]
    assert falkordb, f"{query!r} {filters} finds partners on the demo"
    if "origin" in filters:
        assert any(m["hops"] for m in falkordb), "proximity from the origin is part of the answer"
    assert falkordb == neo4j


@pytest.mark.parametrize(("source", "target"), PATHS, ids=[f"{s}-{t}" for s, t in PATHS])
def test_cooperation_paths_agree(answers, source, target):
    key = f"paths {source} {target}"
    falkordb, neo4j = answers["falkordb"][key], answers["neo4j"][key]
    assert len(falkordb["paths"]) >= 2, "several alternatives to compare"
    assert falkordb == neo4j


@pytest.mark.parametrize("org", RECOMMEND)
def test_recommendations_agree(answers, org):
    falkordb, neo4j = answers["falkordb"][f"recommend {org}"], answers["neo4j"][f"recommend {org}"]
    assert falkordb, f"{org} gets recommendations on the demo"
    assert falkordb == neo4j
