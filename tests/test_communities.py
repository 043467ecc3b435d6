"""Communities (graph.analytics.communities: networkit's PLM) and hop counts over the incidence (Cooperation.hops)."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp
from scipy.sparse import csgraph

import graph.analytics.cooperation as cooperation
from graph.analytics.communities import louvain, modularity
from graph.analytics.cooperation import cooperation_graph
from graph.analytics.hubs import backbone, excellence_hubs
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


def test_planted_communities_are_found():
    G = nx.planted_partition_graph(8, 40, 0.5, 0.01, seed=2)
    found = louvain(_matrix(G), seed=0)
    planted = sorted(sorted(c) for c in G.graph["partition"])
    assert sorted(found) == planted


def test_every_row_once_largest_first_then_smallest_row():
    G = nx.disjoint_union_all([nx.complete_graph(3), nx.complete_graph(5), nx.complete_graph(3)])
    G.add_node(11)  # no tie: alone
    assert louvain(_matrix(G)) == [[3, 4, 5, 6, 7], [0, 1, 2], [8, 9, 10], [11]]


def test_at_least_networkx_modularity_on_the_karate_club():
    G = nx.karate_club_graph()
    A = _matrix(G)
    ours = [modularity(A, _labels(louvain(A, seed=seed), 34)) for seed in range(5)]
    theirs = [
        nx.community.modularity(G, nx.community.louvain_communities(G, weight="weight", seed=seed), weight="weight")
        for seed in range(5)
    ]
    assert min(ours) >= min(theirs) and sum(ours) >= sum(theirs)


def test_resolution_above_one_finds_smaller_communities():
    A = _matrix(nx.karate_club_graph())
    counts = [len(louvain(A, resolution=r)) for r in (0.5, 1.0, 2.0, 4.0)]
    assert counts == sorted(counts) and counts[0] < counts[-1]


def test_same_seed_same_communities_in_a_fresh_process_other_seeds_differ():
    A = _matrix(nx.gnm_random_graph(200, 600, seed=1))  # no clear structure: the order of moves matters
    again = in_a_fresh_process(
        "import json, networkx as nx\n"
        "from graph.analytics.communities import louvain\n"
        "from tests.test_communities import _matrix\n"
        "A = _matrix(nx.gnm_random_graph(200, 600, seed=1))\n"
        "print(json.dumps(louvain(A, seed=4)))\n"
    )
    assert louvain(A, seed=4) == again
    assert any(louvain(A, seed=s) != again for s in range(4))


def test_one_networkit_thread_for_the_call_the_callers_setting_kept():
    import networkit as nk

    A = _matrix(nx.gnm_random_graph(300, 1200, seed=3))
    threads = nk.getMaxNumberOfThreads()
    try:
        found = []
        for n in (1, 2, 4):
            nk.setNumberOfThreads(n)
            found.append(louvain(A, seed=2))
            assert nk.getMaxNumberOfThreads() == n
    finally:
        nk.setNumberOfThreads(threads)
    assert found[0] == found[1] == found[2]


def test_networkit_without_graph_from_csr_builds_the_same_graph(monkeypatch):
    import networkit as nk

    A = _matrix(nx.gnm_random_graph(300, 1200, seed=3))
    expected = louvain(A, seed=2)
    monkeypatch.delattr(nk.graph, "GraphFromCsr")  # networkit 11.0 (the last release for Intel Macs) has none
    assert louvain(A, seed=2) == expected


def test_no_ties_each_node_alone():
    assert louvain(sp.csr_matrix((3, 3))) == [[0], [1], [2]]
    assert louvain(sp.csr_matrix((0, 0))) == []


@pytest.fixture(scope="module")
def demo_coop():
    from loaders.generators.demo import demo_network

    return cooperation_graph(snapshot_from_network(demo_network()))


def test_demo_hubs_at_least_as_modular_as_networkx_louvain_on_the_backbone(demo_coop):
    B = backbone(demo_coop)
    tied = np.flatnonzero(np.diff(B.indptr))
    A = B[tied][:, tied]
    hubs = excellence_hubs(demo_coop, seed=0)
    members = [demo_coop.index[o] for h in hubs for o in h.members]
    assert hubs and len(members) == len(set(members)), "an organization in one hub at most"
    G = nx.from_scipy_sparse_array(A)
    theirs = nx.community.louvain_communities(G, weight="weight", seed=0)
    assert modularity(A, _labels(louvain(A, seed=0), A.shape[0])) >= modularity(
        A, _labels(list(map(sorted, theirs)), A.shape[0])
    )


@pytest.mark.parametrize("share", [10**9, 1])
def test_hops_are_breadth_first_distances_over_the_ties(demo_coop, monkeypatch, share):
    # share 10**9: every level by a product with the whole matrix; 1: every level by its own rows.
    monkeypatch.setattr(cooperation, "_GATHER_SHARE", share)
    W = demo_coop.W
    for i in [0, int(np.argmax(demo_coop.degree())), len(demo_coop.ids) - 1]:
        expected = csgraph.shortest_path(W, unweighted=True, directed=False, indices=i)
        assert np.array_equal(demo_coop.hops(i), expected)
