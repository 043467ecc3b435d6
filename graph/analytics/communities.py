"""Louvain communities of a large weighted graph held as a sparse matrix.

:func:`networkx.community.louvain_communities` moves one node at a time in
pure Python: too slow for the backbone of a million organizations (3.5
million ties). :func:`louvain` gives the same kind of answer (a partition
found by Louvain's local moves and aggregation, for the same modularity with
the same ``resolution``) at that scale many times faster, moving nodes in
sparse matrix products (the README's Performance section has the figures):

1. While the graph has more than ``exact_ties`` ties, one **level of parallel
   local moves** (:func:`local_moves`): every node computes, with sparse
   matrix products, the modularity gain of joining each neighbouring
   community, and a random half (from ``seed``) of the nodes with a positive
   gain move at once; passes repeat until almost no node moves. Moving only
   half of them keeps two nodes from swapping communities forever (the
   heuristic of Lu, Halappanavar and Kalyanaraman, *Parallel heuristics for
   scalable community detection*, 2015). Then the communities become the
   nodes of a smaller graph (:func:`aggregate`), their inner weight a
   self-loop, as in Louvain's own second phase.
2. Below ``exact_ties``, :func:`networkx.community.louvain_communities`
   (weighted, seeded) finishes on what is left, so a graph that is small from
   the start (the demo network, H2020's backbone of 124,000 ties) gets
   exactly networkx's answer.

Pure functions of the matrix and the seed: the same input gives the same
communities.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import scipy.sparse as sp

__all__ = ["EXACT_TIES", "MAX_PASSES", "SETTLED", "aggregate", "local_moves", "louvain", "modularity"]

#: Graphs with at most this many ties go to networkx's Louvain as they are.
EXACT_TIES = 200_000
#: A pass of local moves in which fewer than this share of the nodes move ends the level.
SETTLED = 0.002
#: Passes of local moves in one level at most.
MAX_PASSES = 40


def modularity(A: sp.csr_matrix, labels: np.ndarray, resolution: float = 1.0) -> float:
    """Newman's modularity of the partition ``labels`` of the symmetric weighted matrix ``A``.

    The diagonal holds self-loops counted twice, as :func:`aggregate` leaves them.

    >>> A = sp.csr_matrix(np.array([[0, 1, 1, 0], [1, 0, 1, 0], [1, 1, 0, 1], [0, 0, 1, 0]], dtype=float))
    >>> round(modularity(A, np.array([0, 0, 0, 1])), 4) == round(nx.community.modularity(
    ...     nx.from_numpy_array(A.toarray()), [{0, 1, 2}, {3}]), 4)
    True
    """
    k = np.asarray(A.sum(axis=1)).ravel()
    m2 = k.sum()
    if m2 == 0:
        return 0.0
    coo = A.tocoo()
    inner = coo.data[labels[coo.row] == labels[coo.col]].sum()
    tot = np.bincount(labels, weights=k)
    return float(inner / m2 - resolution * (tot**2).sum() / m2**2)


def _indicator(labels: np.ndarray, count: int) -> sp.csr_matrix:
    n = len(labels)
    return sp.csr_matrix((np.ones(n), labels, np.arange(n + 1)), shape=(n, count))


def local_moves(
    A: sp.csr_matrix, *, resolution: float = 1.0, seed: int = 0, max_passes: int = MAX_PASSES
) -> np.ndarray:
    """One level of parallel Louvain moves on ``A`` (symmetric, self-loops on the diagonal counted twice).

    Returns the community of each node, numbered ``0..c-1`` in order of first
    appearance. See the module docstring.

    Examples
    --------
    Two triangles joined by one tie:

    >>> G = nx.barbell_graph(3, 0)
    >>> labels = local_moves(nx.to_scipy_sparse_array(G, format="csr"))
    >>> labels.tolist()
    [0, 0, 0, 1, 1, 1]
    """
    A = sp.csr_matrix(A, dtype=np.float64)
    n = A.shape[0]
    k = np.asarray(A.sum(axis=1)).ravel()
    m2 = k.sum()
    labels = np.arange(n)
    if m2 == 0 or n < 2:
        return labels
    diag = A.diagonal()
    rng = np.random.default_rng(seed)
    for _ in range(max_passes):
        tot = np.bincount(labels, weights=k, minlength=n)
        C = (A @ _indicator(labels, n)).tocsr()  # weight from each node to each community around it
        sizes = np.diff(C.indptr)
        rows = np.repeat(np.arange(n), sizes)
        cols = C.indices
        own = cols == labels[rows]
        weight = C.data - np.where(own, diag[rows], 0.0)
        score = weight - resolution * k[rows] * (tot[cols] - np.where(own, k[rows], 0.0)) / m2
        stay = -resolution * k * (tot[labels] - k) / m2
        stay[rows[own]] = score[own]
        starts = C.indptr[:-1][sizes > 0]
        best = np.full(n, -np.inf)
        best[sizes > 0] = np.maximum.reduceat(score, starts)
        hit = np.where(score >= best[rows], cols, n)
        target = np.full(n, n)
        target[sizes > 0] = np.minimum.reduceat(hit, starts)
        wants = (best - stay > 1e-12 * np.maximum(1.0, np.abs(stay))) & (target < n) & (target != labels)
        moving = wants & (rng.random(n) < 0.5)
        if not moving.any():
            if not wants.any():
                break
            continue
        labels = labels.copy()
        labels[moving] = target[moving]
        if wants.sum() < SETTLED * n:
            break
    _, first, inverse = np.unique(labels, return_index=True, return_inverse=True)
    order = np.argsort(np.argsort(first, kind="stable"), kind="stable")
    return order[inverse]


def aggregate(A: sp.csr_matrix, labels: np.ndarray) -> sp.csr_matrix:
    """The graph of the communities ``labels`` of ``A``: inner weights on the diagonal (counted twice).

    >>> A = sp.csr_matrix(nx.to_scipy_sparse_array(nx.barbell_graph(3, 0)))
    >>> aggregate(A, np.array([0, 0, 0, 1, 1, 1])).toarray().tolist()
    [[6.0, 1.0], [1.0, 6.0]]
    """
    S = _indicator(labels, int(labels.max()) + 1 if len(labels) else 0)
    return (S.T @ A @ S).tocsr()


def louvain(
    A: sp.csr_matrix,
    *,
    resolution: float = 1.0,
    seed: int = 0,
    exact_ties: int | None = None,
) -> list[list[int]]:
    """Louvain communities of the symmetric weighted matrix ``A``, as lists of row numbers.

    Communities are sorted by size (largest first), then by their smallest
    row; members in row order. ``exact_ties`` defaults to :data:`EXACT_TIES`.
    See the module docstring.

    Examples
    --------
    Two cliques of four joined through one more node (``8``), by networkx
    alone and by the parallel moves alone: each clique is a community.

    >>> A = nx.to_scipy_sparse_array(nx.barbell_graph(4, 1), format="csr")
    >>> louvain(A)
    [[4, 5, 6, 7, 8], [0, 1, 2, 3]]
    >>> louvain(A, exact_ties=0)
    [[0, 1, 2, 3, 8], [4, 5, 6, 7]]
    """
    if exact_ties is None:
        exact_ties = EXACT_TIES
    A = sp.csr_matrix(A, dtype=np.float64)
    n = A.shape[0]
    node_community = np.arange(n)  # community of each original row in the current graph
    level = 0
    while (A.nnz - np.count_nonzero(A.diagonal())) // 2 > exact_ties:
        labels = local_moves(A, resolution=resolution, seed=seed + level)
        if labels.max() + 1 == A.shape[0]:
            break  # nothing merged: networkx takes it from here
        node_community = labels[node_community]
        A = aggregate(A, labels)
        level += 1
    G = nx.Graph()
    G.add_nodes_from(range(A.shape[0]))
    coo = sp.triu(A).tocoo()
    half = np.where(coo.row == coo.col, 0.5, 1.0)  # networkx counts a self-loop twice in a degree
    G.add_weighted_edges_from(
        zip(coo.row.tolist(), coo.col.tolist(), (coo.data * half).tolist(), strict=True), weight="weight"
    )
    found = nx.community.louvain_communities(G, weight="weight", resolution=resolution, seed=seed)
    top = np.empty(A.shape[0], dtype=np.int64)
    for c, members in enumerate(found):
        top[list(members)] = c
    final = top[node_community]
    order = np.argsort(final, kind="stable")
    groups = np.split(order, np.flatnonzero(np.diff(final[order])) + 1) if n else []
    out = [g.tolist() for g in groups]
    out.sort(key=lambda c: (-len(c), c[0]))
    return out
