"""Louvain communities of a weighted graph held as a sparse matrix, by networkit's compiled PLM.

:func:`networkx.community.louvain_communities` moves one node at a time in
pure Python: seconds on H2020's backbone (124,000 ties), minutes on the
backbone of a million organizations (3.5 million ties). :func:`louvain`
hands the matrix to **networkit's PLM** (*Parallel Louvain Method*, Staudt and
Meyerhenke, *Engineering parallel algorithms for community detection in
massive networks*, 2016), compiled C++, with its **refinement** phase: after
each aggregation, the nodes of the finer level move again between the
communities found on the coarser one, which finds partitions of higher
modularity than plain Louvain (networkx's) on the same graph. The README's
Performance section has the figures, beside networkx and igraph.

Deterministic: networkit works on one thread (``par="none"``, and its OpenMP
thread count set to 1 for the call, in the calling thread only, then set
back), nodes moved one at a time in a fixed order: with more threads, building
the graph and PLM's phases race, and the answer changes from run to run (seen
on a 2-core machine: the same seed, other communities in each new process). The ``seed`` draws
that order (a permutation of the rows, by numpy), as networkx's ``seed`` draws
the order in which its Louvain visits the nodes. The same matrix and seed give
the same communities in any process.

networkit (MIT) is imported on the first call, not with this module: its
import takes about half a second, which commands that never compute
communities do not pay.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

__all__ = ["MOVE_ROUNDS", "louvain", "modularity"]

#: Rounds of local moves at each level of PLM at most (networkit's ``maxIter``, 32 by default). The later
#: rounds move few nodes, and the refinement after each aggregation moves them anyway: on the backbone of a
#: million organizations, 4 rounds found modularity 0.8097 in 5.4 s, 32 rounds 0.8096 in 11.6 s; on H2020's
#: (three seeds) 0.6535-0.6597 against 0.6535-0.6618, and networkx's Louvain 0.6506.
MOVE_ROUNDS = 4


def modularity(A: sp.csr_matrix, labels: np.ndarray, resolution: float = 1.0) -> float:
    """Newman's modularity of the partition ``labels`` of the symmetric weighted matrix ``A``.

    The diagonal holds self-loops counted twice, as in an aggregated graph's matrix.

    >>> import networkx as nx
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


def _networkit_graph(A: sp.csr_matrix, order: np.ndarray):
    """The networkit graph of the ties of ``A`` (above its diagonal), row ``i`` becoming node ``order[i]``."""
    import networkit as nk

    upper = sp.triu(A, k=1).tocoo()
    n = A.shape[0]
    ties = sp.csr_matrix((upper.data, (order[upper.row], order[upper.col])), shape=(n, n))
    if hasattr(nk.graph, "GraphFromCsr"):  # networkit 11.1 and later
        return nk.graph.GraphFromCsr(ties, directed=False, weighted=True)
    coo = ties.tocoo()  # the ties in the same order (by node, then neighbour): the same graph, the same answer
    ends = (coo.row.astype(np.uint64), coo.col.astype(np.uint64))
    return nk.graph.GraphFromCoo((coo.data, ends), n, directed=False, weighted=True)


def louvain(A: sp.csr_matrix, *, resolution: float = 1.0, seed: int = 0) -> list[list[int]]:
    """Louvain communities (with refinement) of the symmetric weighted matrix ``A``, as lists of row numbers.

    Ties are the entries off the diagonal (a positive weight each); the diagonal
    is not read. Communities are sorted by size (largest first), then by their
    smallest row; members in row order; a row without ties is a community of its
    own. See the module docstring.

    Parameters
    ----------
    A : scipy.sparse matrix
        Symmetric, non-negative tie weights.
    resolution : float
        Modularity's resolution (networkx's ``resolution``, networkit's ``gamma``):
        above 1, smaller communities.
    seed : int
        Draws the order in which nodes move.

    Examples
    --------
    Two cliques of four joined through one more node (``8``): each clique is a
    community, and the node between them joins one.

    >>> import networkx as nx
    >>> A = nx.to_scipy_sparse_array(nx.barbell_graph(4, 1), format="csr")
    >>> found = louvain(A)
    >>> sorted(sorted(set(c) - {8}) for c in found)
    [[0, 1, 2, 3], [4, 5, 6, 7]]
    >>> sorted(len(c) for c in found)
    [4, 5]
    """
    import networkit as nk

    A = sp.csr_matrix(A, dtype=np.float64)
    n = A.shape[0]
    if n == 0:
        return []
    order = np.random.default_rng(seed).permutation(n)
    threads = nk.getMaxNumberOfThreads()  # OpenMP's setting, this thread's own
    nk.setNumberOfThreads(1)
    try:
        plm = nk.community.PLM(
            _networkit_graph(A, order), refine=True, gamma=resolution, par="none", maxIter=MOVE_ROUNDS
        )
        plm.run()
        found = plm.getPartition().getVector()
    finally:
        nk.setNumberOfThreads(threads)
    labels = np.asarray(found, dtype=np.int64)[order]
    rows = np.argsort(labels, kind="stable")
    groups = np.split(rows, np.flatnonzero(np.diff(labels[rows])) + 1)
    out = [g.tolist() for g in groups]
    out.sort(key=lambda c: (-len(c), c[0]))
    return out
