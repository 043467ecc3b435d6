"""Cooperation paths: chains of existing ties from one organization to another, or to a funder.

A *cooperation path* goes from a ``source`` organization to a ``target``
through organizations that share projects or agreements (the ties of
:mod:`graph.analytics.cooperation`), and each hop is explained by what the two
organizations did together. :func:`cooperation_paths` returns several
alternatives, cheapest first; it works on the sparse matrix ``coop.W``, so it
answers interactively on a graph the size of H2020 (35,872 organizations,
796,670 ties), where :func:`yen_paths` (networkx) needs ``coop.G`` built
first and then explores path after path in Python (the README's Performance
section has the figures).

Cost
----
Paths prefer strong and recent ties: a tie of weight ``w`` (Newman weight
discounted by recency, see :mod:`graph.analytics.cooperation`) costs ``1 / w``, and a
path costs the sum of its ties' costs. Two organizations that signed a
bilateral agreement in the latest year of the data (``w = 1``, cost 1) are one unit apart; two
partners of one 11-partner project ten years ago (``w = 0.1 * 0.25``,
cost 40) are forty units apart, so a path through two strong ties beats one
through a single weak tie.

Funders
-------
Funders are not tied to what they fund in the cooperation graph. When the
``target`` funds projects, a path may also end at any organization that took
part in a project it funded, followed by a last *funded by* hop to the
target that lists those projects. That hop costs nothing and counts as a hop.

Method
------
Dijkstra's algorithm (:func:`scipy.sparse.csgraph.dijkstra`) runs once from
the source and once from the target (from the target and every organization
it funded, at once), each keeping its shortest-path tree. Every organization
``v`` reached by both gives a candidate path: the tree path from the source
to ``v`` followed by the tree path from ``v`` to the target, of cost
``d(source, v) + d(v, target)`` (the *via-node* method; every node of the
best path gives the best path itself). Every tie ``(u, v)`` gives one too:
the tree path to ``u``, the tie, the tree path from ``v``, of cost
``d(source, u) + 1 / w(u, v) + d(v, target)`` (*via-tie*: it includes the
via-node paths and adds the detours around a single tie of the best path,
which no via-node path takes when the best path goes through every node).
Candidates that repeat an organization are dropped, the others are
deduplicated and taken cheapest first (at most :data:`_EXAMINED` of each
kind are looked at). The first path is the cheapest there is; the others are
good, distinct alternatives, each the cheapest path through its node or tie,
but not necessarily the next cheapest paths: this is not Yen's exact k
shortest simple paths (:func:`yen_paths`), which costs about ``k`` times the
path length Dijkstra runs, each on a graph with some ties removed.

Constraints
-----------
``avoid`` removes organizations (by id) and every organization of a country
(by code), ``via_roles`` removes every organization that has none of those
roles (``centre``, ``partner``, ``company``, ``funder``); both apply to the
organizations between the source and the target (the organizations funded
by a funder target included), never to the source and target themselves.
``max_hops`` drops longer paths; when the cheapest path is too long, or too
few short paths are found, the cheapest paths of at most ``h`` hops are
computed exactly by rounds of Bellman-Ford over the sparse matrix
(``h = max_hops // 2`` from the source, the rest from the target), and their
via-node and via-tie paths are added: the first path is then the cheapest of
at most ``max_hops`` hops. When no path is left, :attr:`PathsResult.reason`
says why: the two are not connected at all, or which constraint rules out
every path (for ``max_hops``, with the fewest hops possible).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Container, Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import breadth_first_order, dijkstra

from graph.analytics.cooperation import Cooperation, activity_year
from graph.errors import PathQueryError, UnknownOrganization
from graph.model import ROLES
from graph.text import Message

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["COOPERATION", "FUNDED_BY", "CooperationPath", "Hop", "PathsResult", "cooperation_paths", "yen_paths"]

#: A shortest-path tree: the path from a node back to its root (node first).
Tree = Callable[[int], list[int]]

#: Kind of a hop between two organizations that share projects or agreements.
COOPERATION = "cooperation"
#: Kind of the last hop of a path to a funder: the organization took part in projects the funder funded.
FUNDED_BY = "funded_by"

_NO_PREDECESSOR = -9999  # scipy.sparse.csgraph's marker
_SEED = -1  # hop layers: the node starts a path here
_STAY = -2  # hop layers: same cost as with one hop fewer
_UNREACHED = -3
#: How many candidate paths of each kind are looked at, at most, to find the ``k`` alternatives.
_EXAMINED = 2000


@dataclass(frozen=True)
class Hop:
    """One step of a path, with what explains it.

    A ``"cooperation"`` hop joins two organizations tied by ``weight``
    (``projects`` and ``agreements`` they share, most recent first, as in
    :meth:`graph.analytics.cooperation.Cooperation.shared`). A ``"funded_by"`` hop
    goes from an organization to the funder of ``projects`` it took part in;
    its ``weight`` is ``None``.
    """

    source: str
    target: str
    weight: float | None
    projects: list[dict] = field(default_factory=list)
    agreements: list[dict] = field(default_factory=list)
    kind: str = COOPERATION

    @property
    def cost(self) -> float:
        """``1 / weight``; 0 for a ``"funded_by"`` hop."""
        return 0.0 if self.weight is None else 1.0 / self.weight


@dataclass(frozen=True)
class CooperationPath:
    """A chain of organizations from the source to the target, its cost and its explained hops."""

    organizations: tuple[str, ...]
    cost: float
    hops: tuple[Hop, ...]


@dataclass
class PathsResult:
    """What :func:`cooperation_paths` found.

    ``paths`` (cheapest first) is empty when there is none; ``reason`` then
    says why in plain words (``None`` otherwise). ``constraints`` echoes the
    question, ``names`` maps every organization mentioned to its name, and
    ``to_funder`` is true when the target funds projects (so paths may end
    with a ``"funded_by"`` hop).
    """

    source: str
    target: str
    paths: list[CooperationPath]
    reason: Message | None = None
    constraints: dict = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    to_funder: bool = False

    def to_dict(self) -> dict:
        """The result as plain JSON-ready data: ids, names, costs and explained hops."""

        def org(o: str) -> dict:
            return {"id": o, "name": self.names.get(o, o)}

        return {
            "source": org(self.source),
            "target": org(self.target),
            "to_funder": self.to_funder,
            "constraints": self.constraints,
            "reason": self.reason,
            "paths": [
                {
                    "cost": p.cost,
                    "organizations": [org(o) for o in p.organizations],
                    "hops": [
                        {
                            "source": org(h.source),
                            "target": org(h.target),
                            "kind": h.kind,
                            "weight": h.weight,
                            "projects": h.projects,
                            "agreements": h.agreements,
                        }
                        for h in p.hops
                    ],
                }
                for p in self.paths
            ],
        }


def cooperation_paths(
    coop: Cooperation,
    source: str,
    target: str,
    *,
    k: int = 5,
    max_hops: int | None = None,
    avoid: Iterable[str] = (),
    via_roles: Iterable[str] = (),
) -> PathsResult:
    """Up to ``k`` alternative cooperation paths from ``source`` to ``target``, cheapest first.

    See the module docstring for the cost of a tie (``1 / weight``), paths
    to a funder, the method and what the alternatives are.

    Why this is long: the steps of the method (checks, masks, Dijkstra from both ends, via-node and
    via-tie candidates, then hop-limited layers) share about a dozen arrays; each step's work is in
    the helpers below, and this function only chains them.

    Parameters
    ----------
    coop : Cooperation
        The cooperation graph (:func:`graph.analytics.cooperation.cooperation_graph`).
    source, target : str
        Organization ids (:func:`graph.analytics.names.resolve_organization` turns
        names into ids). When ``target`` funds projects, paths may end at
        the organizations that took part in them, then a ``"funded_by"`` hop.
    k : int
        How many paths at most.
    max_hops : int, optional
        Longest path, in hops (a ``"funded_by"`` hop counts).
    avoid : iterable of str
        Organization ids, or country codes, that paths must not go through.
    via_roles : iterable of str
        When given, every organization between source and target must have
        one of these roles (``centre``, ``partner``, ``company``, ``funder``).

    Returns
    -------
    PathsResult
        ``paths`` of :class:`CooperationPath` (simple: no organization
        twice), and ``reason`` when there are none.

    Raises
    ------
    UnknownOrganization
        ``source`` or ``target`` is not an organization id.
    PathQueryError
        ``source == target``, ``k < 1``, ``max_hops < 1``, or an ``avoid``
        entry or a role that does not exist.

    Examples
    --------
    ``a`` reaches ``d`` through ``b`` (two strong ties) or ``c`` (two weak
    ones); ``e`` is alone.

    >>> from graph.analytics.cooperation import cooperation_graph
    >>> from graph.analytics.snapshot import snapshot_from_network
    >>> pairs = {"p1": "ab", "p2": "bd", "p3": "ac", "p4": "cd"}
    >>> coop = cooperation_graph(snapshot_from_network({
    ...     "organizations": [{"id": o, "name": o.upper()} for o in "abcde"],
    ...     "projects": [{"id": p, "title": p, "end": "2020" if p in ("p1", "p2") else "2010"} for p in pairs],
    ...     "participations": [{"organization": o, "project": p} for p, os in pairs.items() for o in os]}))
    >>> result = cooperation_paths(coop, "a", "d")
    >>> [(p.organizations, p.cost) for p in result.paths]
    [(('a', 'b', 'd'), 2.0), (('a', 'c', 'd'), 8.0)]
    >>> [p["id"] for p in result.paths[0].hops[0].projects]
    ['p1']
    >>> [p.organizations for p in cooperation_paths(coop, "a", "d", avoid=["b"]).paths]
    [('a', 'c', 'd')]
    >>> cooperation_paths(coop, "a", "e").reason
    'A and E are not connected: no chain of shared projects or agreements links them'
    >>> hop = result.to_dict()["paths"][1]["hops"][0]
    >>> hop["source"], hop["target"], hop["weight"], [p["title"] for p in hop["projects"]]
    ({'id': 'a', 'name': 'A'}, {'id': 'c', 'name': 'C'}, 0.25, ['p3'])
    """
    snapshot = coop.snapshot
    for o in (source, target):
        if o not in coop.index:
            raise UnknownOrganization(Message("no organization has the id %(id)r", id=o))
    if source == target:
        raise PathQueryError(Message("the source and the target are the same organization (%(id)s)", id=source))
    if k < 1:
        raise PathQueryError(Message("k must be at least 1, not %(k)s", k=k))
    if max_hops is not None and max_hops < 1:
        raise PathQueryError(Message("max_hops must be at least 1, not %(max_hops)s", max_hops=max_hops))
    avoid = [avoid] if isinstance(avoid, str) else list(avoid)
    via_roles = [via_roles] if isinstance(via_roles, str) else list(via_roles)
    avoided_ids, avoided_countries = _avoided(coop, avoid)
    roles = set(via_roles)
    if roles - set(ROLES):
        unknown = ", ".join(sorted(roles - set(ROLES)))
        raise PathQueryError(
            Message(
                "unknown organization role: %(unknown)s (roles are %(roles)s)", unknown=unknown, roles=", ".join(ROLES)
            )
        )

    s, t = coop.index[source], coop.index[target]
    funded = sorted(coop.index[o] for o in _funded(coop, target) if o != target)
    avoided = _avoid_mask(coop, avoided_ids, avoided_countries, (s, t))
    unwanted_role = _role_mask(coop, roles, (s, t))
    blocked = _either(avoided, unwanted_role)
    C = _cost_matrix(coop, blocked)
    # Where paths end: the target itself (0 hops left), or an organization it funded (1 "funded by" hop left).
    ends = [(t, 0)] + [(f, 1) for f in funded if blocked is None or not blocked[f]]

    result = PathsResult(
        source=source,
        target=target,
        paths=[],
        constraints={"k": k, "max_hops": max_hops, "avoid": avoid, "via_roles": via_roles},
        names={o: snapshot.organizations[o]["name"] for o in (source, target)},
        to_funder=bool(funded),
    )
    d_s, pred_s = dijkstra(C, indices=s, return_predecessors=True)
    end_nodes = np.array([e for e, _ in ends])
    if not np.isfinite(d_s[end_nodes]).any():
        result.reason = _unreachable_reason(coop, s, t, funded, avoided, unwanted_role, avoid, roles)
        return result
    d_t, pred_t, _ = dijkstra(C, indices=end_nodes, return_predecessors=True, min_only=True)

    tree_s, tree_t = _tree(pred_s), _tree(pred_t)
    found: dict[tuple[int, ...], None] = {}
    best = _take(_via_nodes(d_s, tree_s, d_t, tree_t), t, 1, None, {})[0]  # the cheapest path (always simple)
    if max_hops is None or len(best) - 1 <= max_hops:
        for candidates in (_via_nodes(d_s, tree_s, d_t, tree_t), _via_ties(C, d_s, tree_s, d_t, tree_t, d_s + d_t)):
            found.update(dict.fromkeys(_take(candidates, t, k, max_hops, found)))
    if max_hops is not None and len(found) < k:
        fewest = _fewest_hops(C, s, ends)
        if fewest > max_hops:
            result.reason = _too_long_reason(_name(coop, s), _name(coop, t), max_hops, fewest, blocked is not None)
            return result
        # Up to max_hops // 2 hops from the source, the rest from the target (which may need one for "funded by").
        half = max_hops // 2
        rows = np.repeat(np.arange(C.shape[0]), np.diff(C.indptr))
        D_s, P_s = _hop_layers(C, rows, [(s, 0)], half)
        D_t, P_t = _hop_layers(C, rows, ends, max_hops - half)
        top_s, top_t = len(D_s) - 1, len(D_t) - 1
        below_t = min(max_hops - half - 1, top_t)
        # A tie from u costs at least the via-node cost of u: D_t[h](u) <= cost(u, v) + D_t[h - 1](v).
        bound = D_s[top_s] + D_t[top_t]
        tree_s, tree_t = _layer_tree(P_s, top_s), _layer_tree(P_t, below_t)
        streams = (
            _via_nodes(D_s[top_s], tree_s, D_t[top_t], _layer_tree(P_t, top_t)),
            _via_ties(C, D_s[top_s], tree_s, D_t[below_t], tree_t, bound),
        )
        for candidates in streams:
            found.update(dict.fromkeys(_take(candidates, t, k, max_hops, found)))

    funded_set = set(funded)
    ranked = sorted(
        found, key=lambda nodes: (_cost(coop.W, nodes, funded_set), len(nodes), [coop.ids[i] for i in nodes])
    )
    result.paths = [_explain(coop, nodes, funded_set) for nodes in ranked[:k]]
    result.names.update((o, snapshot.organizations[o]["name"]) for p in result.paths for o in p.organizations)
    return result


def yen_paths(G: nx.Graph, source: Hashable, target: Hashable, k: int = 5) -> list[list]:
    """The ``k`` cheapest simple paths of ``G`` (a tie costs ``1 / weight``), by Yen's algorithm.

    The exact, naive baseline of :func:`cooperation_paths` (between two
    organizations, without constraints or funders): too slow to answer
    interactively on ``coop.G`` at the scale of H2020.

    >>> import networkx as nx
    >>> G = nx.Graph([("a", "b", {"weight": 1}), ("b", "d", {"weight": 1}), ("a", "d", {"weight": 0.25})])
    >>> yen_paths(G, "a", "d")
    [['a', 'b', 'd'], ['a', 'd']]
    """
    import networkx as nx

    paths = nx.shortest_simple_paths(G, source, target, weight=lambda u, v, d: 1.0 / d["weight"])
    return list(itertools.islice(paths, k))


# -- constraints -------------------------------------------------------------


def _funded(coop: Cooperation, funder: str) -> set[str]:
    """The organizations that took part in projects ``funder`` funded (all funders indexed once per ``coop``)."""
    table = vars(coop).get("_funded_by")
    if table is None:
        table = {}
        for p in coop.snapshot.projects:
            for f in p["funders"] or ():
                table.setdefault(f, set()).update(p["participants"] or ())
        vars(coop)["_funded_by"] = table
    return table.get(funder, set())


def _avoided(coop: Cooperation, avoid: list[str]) -> tuple[set[str], set[str]]:
    """Split ``avoid`` into organization ids and country codes (an organization id wins)."""
    ids, countries = set(), set()
    known: set[str] | None = None
    for item in avoid:
        if item in coop.index:
            ids.add(item)
            continue
        if known is None:
            known = set(coop.snapshot.countries)
            known.update(str(row["country"]) for row in coop.snapshot.organizations.values() if row.get("country"))
        code = str(item).upper()
        if code not in known:
            raise PathQueryError(
                Message("cannot avoid %(item)r: it is neither an organization id nor a country code", item=item)
            )
        countries.add(code)
    return ids, countries


def _avoid_mask(coop: Cooperation, ids: set[str], countries: set[str], keep: tuple[int, ...]) -> np.ndarray | None:
    if not ids and not countries:
        return None
    mask = np.zeros(len(coop.ids), dtype=bool)
    for o in ids:
        mask[coop.index[o]] = True
    if countries:
        organizations = coop.snapshot.organizations
        mask |= np.fromiter((organizations[o].get("country") in countries for o in coop.ids), bool, len(coop.ids))
    mask[list(keep)] = False
    return mask


def _role_mask(coop: Cooperation, roles: set[str], keep: tuple[int, ...]) -> np.ndarray | None:
    if not roles:
        return None
    organizations = coop.snapshot.organizations
    mask = np.fromiter((roles.isdisjoint(organizations[o].get("roles") or ()) for o in coop.ids), bool, len(coop.ids))
    mask[list(keep)] = False
    return mask


def _either(a: np.ndarray | None, b: np.ndarray | None) -> np.ndarray | None:
    if a is None:
        return b
    return a if b is None else a | b


def _cost_matrix(coop: Cooperation, blocked: np.ndarray | None) -> sp.csr_matrix:
    """Tie costs ``1 / weight`` (:attr:`Cooperation.costs`), without the ties of ``blocked`` organizations."""
    costs = coop.costs
    if blocked is None or not blocked.any():
        return costs
    n = costs.shape[0]
    rows = np.repeat(np.arange(n), np.diff(costs.indptr))
    keep = ~(blocked[rows] | blocked[costs.indices])
    indptr = np.concatenate(([0], np.cumsum(np.bincount(rows[keep], minlength=n))))
    return sp.csr_matrix((costs.data[keep], costs.indices[keep], indptr), shape=(n, n))


# -- candidate paths ---------------------------------------------------------


def _in_order(total: np.ndarray, first: int = 256) -> Iterator[int]:
    """Indices of the finite entries of ``total``, smallest first (ties by index), sorted lazily.

    The smallest ``first`` are sorted first, then four times as many, and so on:
    the caller usually needs a few dozen of a million.
    """
    finite = np.flatnonzero(np.isfinite(total))
    values = total[finite]
    done, size = -np.inf, first
    while True:
        if size >= values.size:
            chosen = np.flatnonzero(values > done)
        else:
            threshold = np.partition(values, size)[size]
            chosen = np.flatnonzero((values > done) & (values <= threshold))
        yield from finite[chosen[np.argsort(values[chosen], kind="stable")]].tolist()
        if size >= values.size:
            return
        done, size = threshold, size * 4


def _tree(pred: np.ndarray) -> Tree:
    """``v`` -> the nodes from ``v`` up to the root of a shortest-path tree of :func:`dijkstra`."""
    up = pred.tolist()

    def climb(v: int) -> list[int]:
        nodes = [v]
        while up[v] != _NO_PREDECESSOR:
            v = up[v]
            nodes.append(v)
        return nodes

    return climb


def _via_nodes(cost_s: np.ndarray, tree_s: Tree, cost_t: np.ndarray, tree_t: Tree) -> Iterator[list[int]]:
    """Via-node paths: for each ``v``, the tree path from the source to ``v``, then from ``v`` to an end."""
    for v in _in_order(cost_s + cost_t):
        yield tree_s(v)[::-1] + tree_t(v)[1:]


def _via_ties(
    C: sp.csr_matrix,
    cost_s: np.ndarray,
    tree_s: Tree,
    cost_t: np.ndarray,
    tree_t: Tree,
    bound: np.ndarray,
    first: int = 256,
) -> Iterator[list[int]]:
    """Via-tie paths: for each tie ``(u, v)``, the tree path from the source to ``u``, the tie, then ``v`` to an end.

    A tie of the source's tree gives a via-node path; the others give detours
    around a single tie that no via-node path takes. Candidates come cheapest
    first without costing every tie: ``bound[u]`` (the via-node cost of
    ``u``) is at most the cost through any tie ``(u, v)``, so the ties of the
    ``first`` organizations of least bound are enough to yield every tie
    cheaper than the next organization's bound; then four times as many...
    """
    finite = np.flatnonzero(np.isfinite(bound))
    order = finite[np.argsort(bound[finite], kind="stable")]
    pending = (np.empty(0), np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64))
    expanded, size = 0, first
    while expanded < order.size:
        new = order[expanded:size]
        expanded = min(size, order.size)
        threshold = bound[order[expanded]] if expanded < order.size else np.inf
        starts, lengths = C.indptr[new], C.indptr[new + 1] - C.indptr[new]
        offsets = np.cumsum(lengths) - lengths
        positions = np.arange(lengths.sum()) - np.repeat(offsets - starts, lengths)
        u, v = np.repeat(new, lengths), C.indices[positions]
        total = np.concatenate((pending[0], cost_s[u] + C.data[positions] + cost_t[v]))
        u, v = np.concatenate((pending[1], u)), np.concatenate((pending[2], v))
        ready = total <= threshold
        keep = ~ready & (total < np.inf)
        pending = (total[keep], u[keep], v[keep])
        ready &= total < np.inf
        chosen = np.flatnonzero(ready)
        for e in chosen[np.argsort(total[chosen], kind="stable")].tolist():
            yield tree_s(int(u[e]))[::-1] + tree_t(int(v[e]))
        size *= 4


def _take(
    candidates: Iterator[list[int]], t: int, k: int, max_hops: int | None, found: Container[tuple[int, ...]]
) -> list[tuple[int, ...]]:
    """Up to ``k`` simple paths of ``candidates`` not in ``found``, within ``max_hops``, in their order.

    A path that stops at an organization the target funded gets its "funded
    by" hop. At most :data:`_EXAMINED` candidates are looked at.
    """
    taken: dict[tuple[int, ...], None] = {}
    for nodes in itertools.islice(candidates, _EXAMINED):
        if nodes[-1] != t:
            nodes.append(t)
        key = tuple(nodes)
        if key in found or key in taken or len(set(key)) < len(key):
            continue
        if max_hops is not None and len(key) - 1 > max_hops:
            continue
        taken[key] = None
        if len(taken) == k:
            break
    return list(taken)


# -- hop-bounded paths -------------------------------------------------------


def _hop_layers(C: sp.csr_matrix, rows: np.ndarray, seeds: list[tuple[int, int]], layers: int) -> tuple[list, list]:
    """Cheapest costs from ``seeds`` with at most ``h`` hops, for ``h = 0..layers`` (Bellman-Ford rounds).

    ``seeds`` are ``(node, hops already used)`` pairs, at cost 0. Returns
    the cost arrays and, for each, the predecessors: a node, or
    ``_SEED``, ``_STAY`` (same as one layer down) or ``_UNREACHED``.
    Stops early when a round changes nothing.
    """
    n = C.shape[0]
    starts = C.indptr[:-1][np.diff(C.indptr) > 0]
    nonempty = np.flatnonzero(np.diff(C.indptr))
    seed_nodes = np.array([node for node, _ in seeds])
    seed_hops = np.array([used for _, used in seeds])
    d = np.full(n, np.inf)
    pred = np.full(n, _UNREACHED)
    d[seed_nodes[seed_hops == 0]], pred[seed_nodes[seed_hops == 0]] = 0.0, _SEED
    D, P = [d], [pred]
    for h in range(1, layers + 1):
        reach = d[C.indices] + C.data
        best = np.full(n, np.inf)
        if nonempty.size:
            best[nonempty] = np.minimum.reduceat(reach, starts)
        improved = best < d
        new_d = np.where(improved, best, d)
        new_pred = np.where(np.isfinite(d), _STAY, _UNREACHED)
        attained = np.flatnonzero(improved[rows] & (reach == best[rows]))
        if attained.size:
            r = rows[attained]
            first = np.concatenate(([True], r[1:] != r[:-1]))
            new_pred[r[first]] = C.indices[attained[first]]
        new_d[seed_nodes[seed_hops == h]], new_pred[seed_nodes[seed_hops == h]] = 0.0, _SEED
        if not improved.any() and (seed_hops < h).all():
            break
        d = new_d
        D.append(d)
        P.append(new_pred)
    return D, P


def _layer_tree(P: list, layer: int) -> Tree:
    """``v`` -> the nodes from ``v`` back to a seed along the cheapest path of at most ``layer`` hops."""

    def climb(v: int) -> list[int]:
        nodes, h = [v], layer
        while True:
            p = int(P[h][v])
            if p == _SEED:
                return nodes
            if p != _STAY:
                v = p
                nodes.append(v)
            h -= 1

    return climb


def _fewest_hops(C: sp.csr_matrix, s: int, ends: list[tuple[int, int]]) -> int:
    """Hops of the shortest chain from ``s`` to an end (whose ``used`` hops are added); ``s`` must reach one."""
    hops = dijkstra(C, indices=s, unweighted=True)
    return int(min(hops[e] + used for e, used in ends))


# -- explanations ------------------------------------------------------------


def _name(coop: Cooperation, i: int) -> str:
    return coop.snapshot.organizations[coop.ids[i]]["name"]


def _reaches(coop: Cooperation, s: int, ends: list[int], blocked: np.ndarray | None) -> bool:
    reached = breadth_first_order(_cost_matrix(coop, blocked), s, return_predecessors=False)
    return bool(np.isin(ends, reached).any())


def _unreachable_reason(
    coop: Cooperation,
    s: int,
    t: int,
    funded: list[int],
    avoided: np.ndarray | None,
    unwanted_role: np.ndarray | None,
    avoid: list[str],
    roles: set[str],
) -> Message:
    a, b = _name(coop, s), _name(coop, t)
    ends = [t, *funded]
    if not _reaches(coop, s, ends, None):
        if funded:
            return Message(
                "%(a)s and %(b)s are not connected: no chain of shared projects or agreements links %(a)s "
                "to %(b)s or to an organization that took part in a project %(b)s funded",
                a=a,
                b=b,
            )
        return Message(
            "%(a)s and %(b)s are not connected: no chain of shared projects or agreements links them", a=a, b=b
        )
    avoiding = Message("an avoided organization or country (%(avoid)s)", avoid=", ".join(avoid))
    only = Message("%(roles)s organizations", roles=_any_of([_ROLE_WORDS[r] for r in sorted(roles)] or [""]))
    problems = []
    if avoided is not None and not _reaches(coop, s, ends, avoided):
        problems.append(Message("every chain between them goes through %(avoiding)s", avoiding=avoiding))
    if unwanted_role is not None and not _reaches(coop, s, ends, unwanted_role):
        problems.append(Message("no chain between them goes only through %(only)s", only=only))
    if not problems:
        problems.append(
            Message(
                "no chain between them both avoids %(avoiding)s and goes only through %(only)s",
                avoiding=avoiding,
                only=only,
            )
        )
    why = (
        problems[0]
        if len(problems) == 1
        else Message("%(first)s; and %(second)s", first=problems[0], second=problems[1])
    )
    return Message(
        "%(a)s and %(b)s are connected, but not under these constraints: %(problems)s", a=a, b=b, problems=why
    )


def _too_long_reason(a: str, b: str, max_hops: int, fewest: int, constrained: bool) -> Message:
    """Why no path of at most ``max_hops`` hops links ``a`` to ``b`` (``fewest > max_hops``: a plural)."""
    if constrained:
        return Message(
            "no chain links %(a)s to %(b)s within the hop limit (%(max_hops)s) under these constraints: "
            "the fewest possible is %(fewest)s hops",
            max_hops=max_hops,
            a=a,
            b=b,
            fewest=fewest,
        )
    return Message(
        "no chain links %(a)s to %(b)s within the hop limit (%(max_hops)s): the fewest possible is %(fewest)s hops",
        max_hops=max_hops,
        a=a,
        b=b,
        fewest=fewest,
    )


#: Each role as a word in a sentence ("centre or partner organizations").
_ROLE_WORDS = {
    "centre": Message("centre"),
    "partner": Message("partner"),
    "company": Message("company"),
    "funder": Message("funder"),
}
assert set(_ROLE_WORDS) == set(ROLES)


def _any_of(words: list[str]) -> str:
    """``a or b or c``, each word still translatable."""
    either = words[0]
    for word in words[1:]:  # each time a Message: the words stay translatable
        either = Message("%(either)s or %(word)s", either=either, word=word)
    return either


def _explain(coop: Cooperation, nodes: tuple[int, ...], funded: set[int]) -> CooperationPath:
    """The path of ``nodes``; it ends with a "funded by" hop when the last but one was funded by the last."""
    ids = [coop.ids[i] for i in nodes]
    hops = []
    for h, (i, j) in enumerate(itertools.pairwise(nodes)):
        a, b = ids[h], ids[h + 1]
        if h == len(nodes) - 2 and i in funded:
            hops.append(Hop(a, b, None, projects=_funded_projects(coop, a, b), kind=FUNDED_BY))
        else:
            shared = coop.shared(a, b)
            hops.append(Hop(a, b, _weight(coop.W, i, j), projects=shared["projects"], agreements=shared["agreements"]))
    cost = math.fsum(hop.cost for hop in hops)
    return CooperationPath(organizations=tuple(ids), cost=cost, hops=tuple(hops))


def _cost(W: sp.csr_matrix, nodes: tuple[int, ...], funded: set[int]) -> float:
    """The cost of the path of ``nodes`` (a last hop from an organization the target funded costs nothing)."""
    ties = list(itertools.pairwise(nodes))
    if nodes[-2] in funded:
        ties.pop()
    return math.fsum(1.0 / _weight(W, i, j) for i, j in ties)


def _weight(W: sp.csr_matrix, i: int, j: int) -> float:
    lo, hi = W.indptr[i], W.indptr[i + 1]
    return float(W.data[lo + np.flatnonzero(W.indices[lo:hi] == j)[0]])


def _funded_projects(coop: Cooperation, organization: str, funder: str) -> list[dict]:
    projects = [coop.snapshot.projects[j] for j in coop.projects_of.get(organization, ())]
    projects = [p for p in projects if funder in (p["funders"] or ())]
    projects.sort(key=lambda p: (-(activity_year(p["start_year"], p["end_year"]) or 0), p["id"]))
    keys = ("id", "title", "programme", "start_year", "end_year", "funders", "expertise")
    return [{k: p[k] for k in keys} for p in projects]
