"""Louvain on sparse matrices (graph.analytics.communities) and hop counts over the incidence (Cooperation.hops)."""

from __future__ import annotations

import json

import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp
from scipy.sparse import csgraph

import graph.analytics.cooperation as cooperation
from graph.analytics import communities
from graph.analytics.communities import aggregate, local_moves, louvain, modularity
from graph.analytics.cooperation import cooperation_graph
from graph.analytics.hubs import excellence_hubs
from graph.analytics.snapshot import snapshot_from_network
from tests.processes import in_a_fresh_process


def _matrix(G: nx.Graph) -> sp.csr_matrix:
    return sp.csr_matrix(nx.to_scipy_sparse_array(G, nodelist=sorted(G), weight="weight", format="csr"))


def _labels(found: list[list[int]], n: int) -> np.ndarray:
    labels = np.empty(n, dtype=np.int64)
    for c, members in enumerate(found):
        labels[members] = c
    return labels


def test_modularity_is_networkx_modularity():
    G = nx.karate_club_graph()
    parts = [set(range(0, 10)), set(range(10, 20)), set(range(20, 34))]
    labels = _labels([sorted(p) for p in parts], 34)
    assert modularity(_matrix(G), labels) == pytest.approx(nx.community.modularity(G, parts, weight="weight"))


def test_aggregate_keeps_the_modularity_of_coarser_partitions():
    G = nx.karate_club_graph()
    A = _matrix(G)
    labels = local_moves(A, seed=3)
    coarse = aggregate(A, labels)
    assert coarse.sum() == pytest.approx(A.sum()), "no weight lost or counted twice"
    assert modularity(coarse, np.arange(coarse.shape[0])) == pytest.approx(modularity(A, labels))
    pairs = np.arange(coarse.shape[0]) // 2  # any coarser partition: the same on both graphs
    assert modularity(coarse, pairs) == pytest.approx(modularity(A, pairs[labels]))


def test_parallel_moves_find_planted_communities():
    G = nx.planted_partition_graph(8, 40, 0.5, 0.01, seed=2)
    found = louvain(_matrix(G), exact_ties=0, seed=0)
    planted = sorted(sorted(c) for c in G.graph["partition"])
    assert sorted(found) == planted


def test_parallel_moves_are_as_good_as_networkx_on_the_karate_club():
    G = nx.karate_club_graph()
    A = _matrix(G)
    ours = modularity(A, _labels(louvain(A, exact_ties=0, seed=0), 34))
    theirs = nx.community.modularity(G, nx.community.louvain_communities(G, weight="weight", seed=0), weight="weight")
    assert ours >= theirs - 0.02


def test_small_graphs_get_networkx_answer_and_every_node_once():
    G = nx.karate_club_graph()
    found = louvain(_matrix(G), seed=5)
    expected = nx.community.louvain_communities(nx.relabel_nodes(G, dict(enumerate(sorted(G)))), seed=5)
    assert sorted(map(sorted, found)) == sorted(map(sorted, expected))
    assert sorted(i for c in found for i in c) == list(range(34))


def test_same_seed_same_communities_other_seed_may_differ():
    A = _matrix(nx.planted_partition_graph(6, 30, 0.3, 0.05, seed=1))
    again = in_a_fresh_process(
        "import json, networkx as nx\n"
        "from graph.analytics.communities import louvain\n"
        "from tests.test_communities import _matrix\n"
        "A = _matrix(nx.planted_partition_graph(6, 30, 0.3, 0.05, seed=1))\n"
        "print(json.dumps(louvain(A, exact_ties=0, seed=4), default=int))\n"
    )
    assert json.loads(json.dumps(louvain(A, exact_ties=0, seed=4), default=int)) == again


def test_no_ties_each_node_alone():
    A = sp.csr_matrix((3, 3))
    assert louvain(A, exact_ties=0) == [[0], [1], [2]]
    assert local_moves(A).tolist() == [0, 1, 2]


@pytest.fixture(scope="module")
def demo_coop():
    from loaders.generators.demo import demo_network

    return cooperation_graph(snapshot_from_network(demo_network()))


def test_demo_hubs_through_the_parallel_moves(demo_coop, monkeypatch):
    # The demo's backbone is small enough for networkx alone: force the large-graph path and compare.
    exact = excellence_hubs(demo_coop, seed=0)
    monkeypatch.setattr(communities, "EXACT_TIES", 0)
    parallel = excellence_hubs(demo_coop, seed=0)
    assert parallel and exact
    members = [o for h in parallel for o in h.members]
    assert len(members) == len(set(members)), "an organization in one hub at most"

    def quality(hubs):
        ids = demo_coop.ids
        labels = np.arange(len(ids)) + len(ids)
        for h in hubs:
            labels[[demo_coop.index[o] for o in h.members]] = h.id
        return modularity(demo_coop.W, np.unique(labels, return_inverse=True)[1])

    assert quality(parallel) >= quality(exact) - 0.05


@pytest.mark.parametrize("share", [10**9, 1])
def test_hops_are_breadth_first_distances_over_the_ties(demo_coop, monkeypatch, share):
    # share 10**9: every level by a product with the whole matrix; 1: every level by its own rows.
    monkeypatch.setattr(cooperation, "_GATHER_SHARE", share)
    W = demo_coop.W
    for i in [0, int(np.argmax(demo_coop.degree())), len(demo_coop.ids) - 1]:
        expected = csgraph.shortest_path(W, unweighted=True, directed=False, indices=i)
        assert np.array_equal(demo_coop.hops(i), expected)
