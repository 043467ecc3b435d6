"""Where the explorer draws each organization: a map of the whole network with its hubs as places.

The map is computed once per graph version from the cooperation graph and the
excellence hubs (:mod:`graph.analytics.hubs`); every view of the explorer
(:func:`graph.analytics.subgraph.build_subgraph`) takes its nodes' positions
from it, so that a filtered view shows its organizations where the default
view shows them, and a strategist recognises the map after filtering.

Method (:func:`network_map`)
----------------------------
1. **Hubs as regions.** Each hub gets a disc of radius ``sqrt(size)`` (one
   unit of area per member, so a hub's area grows with its size). The graph
   of hubs (a tie between two hubs weighs the cooperation weight between
   their members) is laid out by forces between the discs: tied hubs pull
   together (log of the weight), all discs push apart so that they keep a gap
   of :data:`GAP` times the smaller radius (plus one unit). With more than :data:`FORCED_HUBS`
   hubs, the largest are laid out so and each smaller one is put at the edge
   of the map beside the hub it is most tied to; overlaps are then removed.
2. **Members inside their region.** The members of every hub are laid out
   at once (Fruchterman–Reingold in numpy: each member pushed by its 6
   nearest fellow members, found with a k-d tree, and pulled by its 6
   strongest ties inside the hub, weights scaled so that a member with many
   ties is not pulled harder than one with few), each hub in its own frame,
   then scaled into its disc. A fixed number of steps (30; fewer above
   50,000 hub members) bounds the cost (the README's Performance section).
3. **Organizations in no hub** (a group smaller than a hub, or a funder that
   is tied by funding only) go beside their strongest neighbour that has a
   place (by cooperation weight; a funder by projects funded), on a small
   spiral around it; the rest (tied to no one) in a disc at the right of the
   map (its margin), grouped by country.

Everything random comes from ``numpy.random.default_rng(seed)`` and no step
depends on the order of a set or dict: the same graph, hubs and seed give the
same map in any process.

A view (:func:`view_positions`) draws some of the organizations of each hub
(the strongest, which sit near the middle of their region): each hub's
members drawn are spread over a disc that grows with their number, around the
hub's place, each keeping its direction and its rank by distance from the
hub's centre, so that they neither crowd into a dot nor leave their place;
the discs are enlarged together and kept apart.

Measures: :func:`silhouette` (how well positions separate the hubs) and
:func:`displacement` (how far shared organizations move between two views).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from scipy.spatial import cKDTree

from graph.analytics.cooperation import Cooperation
from graph.analytics.hubs import Hub

__all__ = [
    "FORCED_HUBS",
    "GAP",
    "VIEW_GAP",
    "VIEW_POWER",
    "VIEW_SPACING",
    "NetworkMap",
    "displacement",
    "network_map",
    "silhouette",
    "view_positions",
    "view_silhouette",
]

#: Gap between two hub regions, as a share of the smaller one's radius (plus one unit).
GAP = 0.5
#: At most this many hubs (the largest) are placed by forces; smaller ones beside their strongest tie.
FORCED_HUBS = 800
#: In a view, a hub's ``k`` members drawn spread over a disc of radius ``VIEW_SPACING * sqrt(k)`` (map units).
VIEW_SPACING = 1.5
#: In a view, two regions keep apart by this share of the larger one's radius, on top of :data:`GAP`.
VIEW_GAP = 0.5
#: In a view, the ``r``-th nearest of a region's ``k`` members drawn is put at ``((r + 0.5) / k) ** VIEW_POWER``
#: of the region's radius from its centre (0.5 would fill the disc evenly; more keeps the middle denser, and
#: hubs easier to tell apart: see :func:`silhouette`).
VIEW_POWER = 0.75
#: Golden angle (radians): consecutive points of a spiral on it never line up.
_GOLDEN = math.pi * (3 - math.sqrt(5))


@dataclass
class NetworkMap:
    """Positions of every organization, in map units (a hub of ``n`` members spans a disc of radius ``sqrt(n)``).

    ``ids`` are the rows of ``xy`` and ``hub_of`` (the hub number of each
    organization, 0 for none) and ``host`` (the hub whose region holds it: its
    own, or that of the neighbour it was put beside; 0 in the margin);
    ``centres`` and ``radii`` give each hub's region; ``extent`` is the radius of the whole map (margin included).
    Organizations of a graph version are all on its map.
    """

    ids: list[str]
    index: dict[str, int]
    xy: np.ndarray
    hub_of: np.ndarray
    host: np.ndarray
    centres: dict[int, tuple[float, float]] = field(default_factory=dict)
    radii: dict[int, float] = field(default_factory=dict)
    extent: float = 1.0
    seed: int = 0
    #: The graph version of the cooperation graph mapped.
    version: int | None = None
    #: The disc of the organizations tied to no one (``x, y, radius``; radius 0 when there are none).
    margin: tuple[float, float, float] = (0.0, 0.0, 0.0)

    def position(self, o: str) -> tuple[float, float] | None:
        """The position of organization ``o`` (None when the map does not have it)."""
        i = self.index.get(o)
        return None if i is None else (float(self.xy[i, 0]), float(self.xy[i, 1]))

    def hub(self, o: str) -> int:
        """The hub number of ``o`` (0 when it is in no hub or not on the map)."""
        i = self.index.get(o)
        return 0 if i is None else int(self.hub_of[i])


def network_map(coop: Cooperation, hubs: Sequence[Hub], *, seed: int = 0, iterations: int | None = None) -> NetworkMap:
    """The map of the network: hubs as regions, their members inside, the others beside or around (module doc).

    Parameters
    ----------
    coop : Cooperation
        The cooperation graph (its ``ids`` are the map's rows).
    hubs : list of Hub
        The excellence hubs of ``coop`` (:func:`graph.analytics.hubs.excellence_hubs`).
    seed : int
        Seed of every random step: the same arguments give the same map.
    iterations : int, optional
        Steps of the members' layout (default: 60, fewer above 50,000 hub members).

    Examples
    --------
    Two triangles of partners joined by one weak tie: two hubs, two places.

    >>> from graph.analytics.cooperation import cooperation_graph
    >>> from graph.analytics.hubs import excellence_hubs
    >>> from graph.analytics.snapshot import snapshot_from_network
    >>> orgs = [{"id": o, "name": o, "roles": ["partner"]} for o in "abcdefg"]
    >>> projects = [("p1", "abc"), ("p2", "abc"), ("p3", "def"), ("p4", "def"), ("p5", "cd")]
    >>> net = {"organizations": orgs, "projects": [{"id": p, "title": p, "end": "2020"} for p, _ in projects],
    ...        "participations": [{"organization": o, "project": p} for p, m in projects for o in m]}
    >>> coop = cooperation_graph(snapshot_from_network(net))
    >>> m = network_map(coop, excellence_hubs(coop))
    >>> sorted({m.hub(o) for o in "abc"}), sorted({m.hub(o) for o in "def"}), m.hub("g")
    ([1], [2], 0)
    >>> labels = [m.hub(o) for o in "abcdef"]
    >>> silhouette(np.array([m.position(o) for o in "abcdef"]), labels) > 0.4
    True
    """
    n = len(coop.ids)
    hub_of = np.zeros(n, dtype=np.int64)
    ordered = sorted(hubs, key=lambda h: h.id)
    for h in ordered:
        hub_of[[coop.index[o] for o in h.members]] = h.id
    rng = np.random.default_rng(seed)
    W = sp.csr_matrix(coop.W, dtype=np.float64)
    xy = np.zeros((n, 2))
    placed = np.zeros(n, dtype=bool)
    centres: dict[int, tuple[float, float]] = {}
    radii: dict[int, float] = {}
    if ordered:
        numbers = np.array([h.id for h in ordered])
        sizes = np.array([h.size for h in ordered], dtype=float)
        radius = np.sqrt(sizes)
        centre = _hub_centres(_hub_ties(W, hub_of, numbers), radius, rng)
        local = _members_layout(W, hub_of, numbers, radius, rng, iterations)
        members = hub_of > 0
        slot = np.searchsorted(numbers, hub_of[members])
        xy[members] = centre[slot] + local[members]
        placed |= members
        centres = {int(h): (float(x), float(y)) for h, (x, y) in zip(numbers, centre, strict=True)}
        radii = {int(h): float(r) for h, r in zip(numbers, radius, strict=True)}
    host = hub_of.copy()
    _beside_neighbours(xy, placed, host, W)
    funding, funders = _funding(coop)
    _beside_neighbours(xy, placed, host, funding, only=funders)  # an organization funded, not tied, goes to the margin
    if placed.any():  # the bounding box of what is placed, centred on 0
        shift = (xy[placed].min(axis=0) + xy[placed].max(axis=0)) / 2
        xy[placed] -= shift
        centres = {h: (x - float(shift[0]), y - float(shift[1])) for h, (x, y) in centres.items()}
    countries = np.array([str(coop.snapshot.organizations[o].get("country") or "") for o in coop.ids])
    margin = _margin(xy, placed, np.lexsort((np.arange(n), countries)))  # the margin grouped by country
    extent = float(np.hypot(*xy.T).max()) if n else 1.0
    return NetworkMap(
        list(coop.ids), dict(coop.index), xy, hub_of, host, centres, radii, extent, seed, coop.snapshot.version, margin
    )


def _hub_ties(W: sp.csr_matrix, hub_of: np.ndarray, numbers: np.ndarray) -> sp.csr_matrix:
    """Cooperation weight between the members of each pair of hubs (rows and columns in ``numbers`` order)."""
    rows = np.flatnonzero(hub_of > 0)
    M = sp.csr_matrix(
        (np.ones(len(rows)), (np.searchsorted(numbers, hub_of[rows]), rows)), shape=(len(numbers), W.shape[0])
    )
    T = sp.csr_matrix(M @ W @ M.T)
    T.setdiag(0)
    T.eliminate_zeros()
    return T


def _hub_centres(T: sp.csr_matrix, radius: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Centres of the hubs' discs: forces between the largest, the others beside their strongest tie, no overlap."""
    h = len(radius)
    order = np.lexsort((np.arange(h), -radius))  # largest first, then by number
    forced = np.sort(order[:FORCED_HUBS])
    centre = np.zeros((h, 2))
    centre[forced] = _discs_by_forces(T[forced][:, forced], radius[forced], rng)
    rest = np.sort(order[FORCED_HUBS:])
    if len(rest):  # at the edge of the map, in the direction of the forced hub each is most tied to
        edge = float(np.max(np.hypot(*centre[forced].T) + radius[forced]))
        ties = sp.csr_matrix(T[rest][:, forced])
        best = forced[np.asarray(ties.argmax(axis=1)).ravel()]
        direction = centre[best] / np.maximum(np.hypot(*centre[best].T), 1e-9)[:, None]
        k = np.arange(len(rest))
        spiral = np.column_stack((np.cos(k * _GOLDEN), np.sin(k * _GOLDEN)))
        untied = (np.diff(ties.indptr) == 0) | (np.hypot(*direction.T) < 0.5)
        direction[untied] = spiral[untied]
        centre[rest] = direction * (edge + radius[rest])[:, None] + rng.normal(0, 1, (len(rest), 2))
    return _without_overlaps(centre, radius)


def _discs_by_forces(T: sp.csr_matrix, radius: np.ndarray, rng: np.random.Generator, steps: int = 100) -> np.ndarray:
    """Centres of discs pulled together by their ties (log weight) and pushed apart to their radii plus a gap."""
    h = len(radius)
    if h == 1:
        return np.zeros((1, 2))
    spread = math.sqrt(float((radius**2).sum())) * 1.5
    angle = rng.uniform(0, 2 * math.pi, h)
    at = rng.uniform(0, 1, h) ** 0.5 * spread
    P = np.column_stack((at * np.cos(angle), at * np.sin(angle)))
    pull = np.log1p(T.toarray() / (float(T.data.mean()) if T.nnz else 1.0))
    pull /= pull.max() or 1.0
    ideal = (radius[:, None] + radius[None, :]) + GAP * np.minimum(radius[:, None], radius[None, :]) + 1.0
    ideal2, pull = ideal**2, pull / ideal
    # Gravity towards the middle, about half the push of all the others at the edge of the first spread:
    # a hub tied to no other stays in the picture.
    gravity = 0.5 * float(ideal2.sum(axis=1).mean()) / spread**2
    for step in range(steps):
        dx, dy = P[:, :1] - P[:, 0], P[:, 1:] - P[:, 1]
        dist2 = dx * dx + dy * dy
        np.fill_diagonal(dist2, 1.0)
        force = ideal2 / dist2 - pull * np.sqrt(dist2)  # per unit of (dx, dy): push ideal^2 / d, pull d^2 / ideal
        np.fill_diagonal(force, 0.0)
        move = np.column_stack(((force * dx).sum(axis=1), (force * dy).sum(axis=1))) - gravity * P
        length = np.hypot(*move.T)[:, None] + 1e-12
        cap = spread * 0.1 * (1 - step / steps) + 0.01
        P += move / length * np.minimum(length, cap)
    return P - P.mean(axis=0)


def _without_overlaps(
    P: np.ndarray, radius: np.ndarray, steps: int = 200, centred: bool = True, larger: float = 0.0
) -> np.ndarray:
    """``P`` moved as little as it takes for discs of ``radius`` to keep their gap (:data:`GAP`); ``centred``:
    then moved so that their mean is 0."""
    P = P.copy()
    if len(P) < 2:
        return P - P.mean(axis=0) if len(P) and centred else P
    # The 64 largest discs are paired with those within their reach; the others with those within reach of two
    # of the largest of them.
    big = np.zeros(len(P), dtype=bool)
    big[np.argsort(-radius, kind="stable")[:64]] = True
    usual = float(radius[~big].max()) if (~big).any() else 0.0
    reach = 2 * usual * (1 + GAP + larger) + 1.0
    bigs = np.flatnonzero(big)
    big_reach = radius[bigs] * (1 + larger) + float(radius.max()) * (1 + GAP + larger) + 1.0
    for _ in range(steps):
        tree = cKDTree(P)
        pairs = tree.query_pairs(reach, output_type="ndarray").reshape(-1, 2)
        pairs = pairs[~big[pairs[:, 0]] & ~big[pairs[:, 1]]]
        near = tree.query_ball_point(P[bigs], big_reach)
        a_big = np.repeat(bigs, [len(x) for x in near])
        b_any = np.fromiter((j for x in near for j in x), dtype=np.int64, count=len(a_big))
        keep = (a_big != b_any) & (~big[b_any] | (a_big < b_any))
        a = np.concatenate((pairs[:, 0], a_big[keep]))
        b = np.concatenate((pairs[:, 1], b_any[keep]))
        if not len(a):
            break
        small, large = np.minimum(radius[a], radius[b]), np.maximum(radius[a], radius[b])
        need = radius[a] + radius[b] + GAP * small + larger * large + 1.0
        delta = P[a] - P[b]
        dist = np.hypot(*delta.T)
        short = dist < need - 1e-6
        if not short.any():
            break
        a, b, delta, dist, need = a[short], b[short], delta[short], dist[short], need[short]
        tied = dist < 1e-9
        delta[tied] = np.column_stack((np.cos(a[tied] * _GOLDEN), np.sin(a[tied] * _GOLDEN)))
        dist[tied] = 1.0
        unit = delta / dist[:, None]
        share_a = radius[b] ** 2 / (radius[a] ** 2 + radius[b] ** 2)  # the smaller disc moves more
        gap = (need - dist)[:, None] * 0.5
        move = np.zeros_like(P)
        np.add.at(move, a, unit * gap * 2 * share_a[:, None])
        np.add.at(move, b, -unit * gap * 2 * (1 - share_a)[:, None])
        P += move
    return P - P.mean(axis=0) if centred else P


def _members_layout(
    W: sp.csr_matrix,
    hub_of: np.ndarray,
    numbers: np.ndarray,
    radius: np.ndarray,
    rng: np.random.Generator,
    iterations: int | None,
) -> np.ndarray:
    """Each hub member's position relative to its hub's centre, inside the hub's disc (rows of ``W``).

    Why this is long: one force simulation of every hub at once (each hub in its own frame, set far
    apart so that the k-d tree never pairs two hubs), then each hub scaled into its disc; split, the
    steps would pass seven arrays between them.
    """
    n = W.shape[0]
    members = np.flatnonzero(hub_of > 0)
    slot = np.full(n, -1)
    slot[members] = np.searchsorted(numbers, hub_of[members])
    m = len(members)
    local = np.zeros((n, 2))
    if not m:
        return local
    own = slot[members]
    size = np.bincount(own, minlength=len(numbers)).astype(float)
    span = np.sqrt(size)
    angle = rng.uniform(0, 2 * math.pi, m)
    at = rng.uniform(0, 1, m) ** 0.5 * span[own]
    X = np.column_stack((at * np.cos(angle), at * np.sin(angle)))
    frame = np.zeros((m, 2))
    frame[:, 0] = (np.cumsum(4 * span + 10) - 2 * span - 5)[own]  # far apart: no pair across hubs

    a, b, w = _strongest_inside(W, members, own)
    steps = iterations if iterations is not None else max(12, int(30 * min(1.0, math.sqrt(50_000 / m))))
    neighbours = min(6, max(m - 1, 1))
    for step in range(steps):
        if step % 4 == 0:  # the nearest members change slowly: looked up every fourth step
            _, near = cKDTree(X + frame).query(X + frame, k=neighbours + 1)
            p = np.repeat(np.arange(m), neighbours)
            q = near[:, 1:].ravel()
            ok = (q < m) & (own[np.minimum(q, m - 1)] == own[p])
            p, q = p[ok], q[ok]
        # Repulsion 1 / distance from the nearest members only: a fixed cost per step, however dense.
        d = X[p] - X[q]
        d2 = (d**2).sum(axis=1)
        close = d2 < 1e-12
        d[close] = np.column_stack((np.cos(p[close] * _GOLDEN), np.sin(p[close] * _GOLDEN))) * 1e-3
        d2[close] = 1e-6
        move = _summed(p, d / d2[:, None], m)
        if len(a):
            d = X[a] - X[b]
            f = d * (np.hypot(*d.T) * w)[:, None]  # attraction distance^2 * weight
            move += _summed(b, f, m) - _summed(a, f, m)
        move -= 0.05 * X / span[own][:, None]  # gravity towards the hub's centre
        length = np.hypot(*move.T)[:, None] + 1e-12
        cap = (0.3 * span[own] * (1 - step / steps) ** 2 + 0.05)[:, None]
        X += move / length * np.minimum(length, cap)

    for k in range(len(numbers)):
        rows = np.flatnonzero(own == k)
        Y = X[rows] - X[rows].mean(axis=0)
        dist = np.hypot(*Y.T)
        reach = float(np.quantile(dist, 0.95)) if len(rows) > 1 else 0.0
        if reach > 0:
            Y *= 0.95 * radius[k] / reach
            dist = np.hypot(*Y.T)
            out = dist > radius[k]
            Y[out] *= (radius[k] / dist[out])[:, None]
        local[members[rows]] = Y
    return local


def _strongest_inside(W: sp.csr_matrix, members: np.ndarray, own: np.ndarray, per_node: int = 6) -> tuple:
    """The ties that lay out the members: each member's ``per_node`` strongest ties inside its hub (kept by
    either end), as member positions ``a < b`` and weights scaled so that each member's ties pull it with a
    total force of about 1 whatever their number (``w / sqrt(s_a s_b)``, ``s`` a member's summed weight):
    raw weights pull consortia into dense clumps."""
    inner = sp.csr_matrix(W[members][:, members])
    inner.sort_indices()
    rows = np.repeat(np.arange(len(members)), np.diff(inner.indptr))
    same = own[rows] == own[inner.indices]
    rows, cols, w = rows[same], inner.indices[same], inner.data[same]
    order = np.lexsort((cols, -w, rows))  # by member, strongest first, then by column
    rank = np.arange(len(order)) - np.searchsorted(rows[order], rows[order], side="left")
    kept = order[rank < per_node]
    a, b = np.minimum(rows[kept], cols[kept]), np.maximum(rows[kept], cols[kept])
    pair = np.unique(a * len(members) + b)
    a, b = pair // len(members), pair % len(members)
    w = np.asarray(inner[a, b]).ravel()
    s = np.bincount(a, w, minlength=len(members)) + np.bincount(b, w, minlength=len(members))
    return a, b, w / np.sqrt(s[a] * s[b])


def _summed(rows: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    """Row sums of ``values`` (k x 2) grouped by ``rows`` into ``n`` rows."""
    return np.column_stack((np.bincount(rows, values[:, 0], minlength=n), np.bincount(rows, values[:, 1], minlength=n)))


def _funding(coop: Cooperation) -> tuple[sp.csr_matrix, np.ndarray]:
    """Projects funded between a funder and each participant (symmetric, rows of ``coop.ids``), and which rows
    fund projects."""
    rows, cols = [], []
    index = coop.index
    for p in coop.snapshot.projects:
        for f in p["funders"] or ():
            if f in index:
                for o in p["participants"] or ():
                    if o in index and o != f:
                        rows.append(index[f])
                        cols.append(index[o])
    n = len(coop.ids)
    F = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))
    funders = np.zeros(n, dtype=bool)
    funders[rows] = True
    return sp.csr_matrix(F + F.T), funders


def _beside_neighbours(
    xy: np.ndarray,
    placed: np.ndarray,
    host: np.ndarray,
    W: sp.csr_matrix,
    rounds: int = 4,
    only: np.ndarray | None = None,
) -> None:
    """Put each unplaced row (of ``only``) tied to a placed one beside its strongest such neighbour, on a spiral,
    in the region of that neighbour (``host``)."""
    for _ in range(rounds):
        todo = np.flatnonzero(~placed if only is None else ~placed & only)
        if not len(todo):
            return
        ties = sp.csr_matrix(W[todo][:, np.flatnonzero(placed)])
        if not ties.nnz:
            return
        has = np.diff(ties.indptr) > 0
        best = np.asarray(ties.argmax(axis=1)).ravel()
        anchors = np.flatnonzero(placed)[best[has]]
        newcomers = todo[has]
        order = np.lexsort((newcomers, anchors))  # by anchor, then row
        anchors, newcomers = anchors[order], newcomers[order]
        first = np.searchsorted(anchors, anchors, side="left")
        k = np.arange(len(anchors)) - first + 1
        angle = k * _GOLDEN + anchors * 0.618
        xy[newcomers] = xy[anchors] + np.column_stack((np.cos(angle), np.sin(angle))) * (0.6 * np.sqrt(k))[:, None]
        host[newcomers] = host[anchors]
        placed[newcomers] = True


def _margin(xy: np.ndarray, placed: np.ndarray, order: np.ndarray) -> tuple[float, float, float]:
    """Put the rows still unplaced (tied to no one) in a disc at the right of the map, in ``order``; return that
    disc, ``(x, y, radius)`` (radius 0 when there are none)."""
    inside = float(np.hypot(*xy[placed].T).max()) if placed.any() else 0.0
    todo = order[~placed[order]]
    if not len(todo):
        return (0.0, 0.0, 0.0)
    k = np.arange(len(todo))
    r = 0.8 * np.sqrt(k + 0.5)  # a spiral of about one unit of area per organization
    reach = float(r.max()) + 0.5
    middle = (inside + 3.0 + reach) if placed.any() else 0.0
    xy[todo] = np.column_stack((middle + r * np.cos(k * _GOLDEN), r * np.sin(k * _GOLDEN)))
    placed[todo] = True
    return (middle, 0.0, reach)


def view_positions(layout: NetworkMap, ids: Sequence[str]) -> tuple[np.ndarray, dict[int, tuple[float, float, float]]]:
    """Positions (map units) of the organizations ``ids`` drawn together, and the region of each hub they show.

    The organizations of each region (a hub's, ``layout.host``, or the
    margin's) are spread from its centre over a disc of radius ``VIEW_SPACING *
    sqrt(k)`` (``k`` of them drawn; at most the region's radius), each keeping
    its direction from the centre, its rank by distance from it setting its
    distance (:data:`VIEW_POWER`). These discs are then all enlarged by one
    factor, so that together they cover the area of the map's regions they
    stand for (the drawing is fitted to the screen anyway: this keeps the
    view's positions in the map's units, comparable from view to view), and
    moved apart where they would overlap (:data:`GAP`, :data:`VIEW_GAP`). The regions are
    ``hub -> (x, y, radius)`` for the hubs with members drawn.

    >>> layout = NetworkMap(["a", "b", "c"], {"a": 0, "b": 1, "c": 2}, np.array([[0.0, 1], [0, 2], [40, 0]]),
    ...                     np.array([1, 1, 0]), np.array([1, 1, 0]), {1: (0.0, 0.0)}, {1: 30.0})
    >>> xy, regions = view_positions(layout, ["a", "b"])
    >>> xy.round(2).tolist(), [round(r, 2) for r in regions[1]]
    ([[0.0, 10.61], [0.0, 24.18]], [0.0, 0.0, 30.0])
    """
    rows = np.array([layout.index[o] for o in ids], dtype=np.int64)
    xy = layout.xy[rows].copy()
    host = layout.host[rows]
    places = np.unique(host).tolist()
    centre = np.array([layout.centres[h] if h else layout.margin[:2] for h in places], dtype=float).reshape(-1, 2)
    full = np.array([layout.radii[h] if h else layout.margin[2] for h in places], dtype=float)
    counts = np.array([int((host == h).sum()) for h in places], dtype=float)
    drawn = np.minimum(full, VIEW_SPACING * np.sqrt(counts))
    grow = math.sqrt(float((full**2).sum()) / float((drawn**2).sum())) if drawn.any() else 1.0
    reach = drawn * grow
    moved = _without_overlaps(centre, reach, centred=False, larger=VIEW_GAP)
    regions: dict[int, tuple[float, float, float]] = {}
    for k, h in enumerate(places):
        mine = np.flatnonzero(host == h)
        offset = xy[mine] - centre[k]
        dist = np.hypot(*offset.T)
        rank = np.empty(len(mine))
        rank[np.lexsort((rows[mine], dist))] = np.arange(len(mine))
        wanted = reach[k] * ((rank + 0.5) / len(mine)) ** VIEW_POWER
        far = dist > 1e-9
        offset[far] *= (wanted[far] / dist[far])[:, None]
        offset[~far] = 0.0
        xy[mine] = moved[k] + offset
        if h:
            regions[int(h)] = (float(moved[k, 0]), float(moved[k, 1]), float(reach[k]))
    return xy, regions


def silhouette(xy: np.ndarray | Sequence[Sequence[float]], labels: Sequence[int] | np.ndarray) -> float:
    """The mean silhouette of positions ``xy`` grouped by ``labels`` (label ≤ 0: in no group, left out).

    For each point, ``a`` is its mean distance to the other points of its
    group, ``b`` the smallest mean distance to the points of another group,
    and ``s = (b - a) / max(a, b)`` (0 for a point alone in its group); the
    result is the mean of ``s`` over the grouped points: near 1 when groups
    are tight and apart, near 0 when they overlap, below 0 when points sit
    nearer another group than their own. ``nan`` with fewer than two groups.

    Examples
    --------
    >>> silhouette([(0, 0), (0, 1), (10, 0), (10, 1)], [1, 1, 2, 2]) > 0.9
    True
    >>> silhouette([(0, 0), (10, 0), (0, 1), (10, 1)], [1, 1, 2, 2]) < 0
    True
    >>> silhouette([(0, 0), (1, 1)], [1, 1])
    nan
    """
    points = np.asarray(xy, dtype=float).reshape(-1, 2)
    labels = np.asarray(labels)
    keep = labels > 0
    points, labels = points[keep], labels[keep]
    groups, group = np.unique(labels, return_inverse=True)
    if len(groups) < 2:
        return math.nan
    count = np.bincount(group).astype(float)
    onehot = sp.csr_matrix((np.ones(len(group)), (np.arange(len(group)), group)), shape=(len(group), len(groups)))
    scores = np.zeros(len(points))
    for lo in range(0, len(points), 2000):  # rows in chunks: at most 2,000 x n distances at once
        chunk = slice(lo, lo + 2000)
        delta = points[chunk, None, :] - points[None, :, :]
        D = np.sqrt((delta**2).sum(axis=2))
        sums = np.asarray(D @ onehot)
        own = group[chunk]
        rows = np.arange(len(own))
        a = sums[rows, own] / np.maximum(count[own] - 1, 1)
        means = sums / count
        means[rows, own] = np.inf
        b = means.min(axis=1)
        s = np.where(np.maximum(a, b) > 0, (b - a) / np.maximum(np.maximum(a, b), 1e-300), 0.0)
        scores[chunk] = np.where(count[own] > 1, s, 0.0)
    return float(scores.mean())


def view_silhouette(positions: Mapping[str, tuple[float, float]], hub_of: Mapping[str, int]) -> float:
    """:func:`silhouette` of a view's positions (organization -> x, y) grouped by hub (organization -> number)."""
    ids = sorted(positions)
    return silhouette(np.array([positions[o] for o in ids], dtype=float), [hub_of.get(o, 0) for o in ids])


def displacement(
    before: Mapping[str, tuple[float, float]], after: Mapping[str, tuple[float, float]]
) -> tuple[float, int]:
    """How far the organizations of both views moved: mean distance / the radius of ``before``, and how many.

    No rotation or scaling is undone first (no Procrustes): a view that keeps
    its shared organizations where they were scores 0; one that scatters
    them anew scores about 1. The radius is the largest distance of a point
    of ``before`` from its centroid. ``(nan, 0)`` when the views share none.

    >>> displacement({"a": (0, 0), "b": (10, 0)}, {"a": (0, 0), "b": (10, 1), "c": (5, 5)})
    (0.1, 2)
    """
    shared = sorted(set(before) & set(after))
    if not shared:
        return math.nan, 0
    old = np.array([before[o] for o in shared], dtype=float)
    new = np.array([after[o] for o in shared], dtype=float)
    everything = np.array(list(before.values()), dtype=float)
    reach = float(np.hypot(*(everything - everything.mean(axis=0)).T).max()) or 1.0
    return round(float(np.hypot(*(new - old).T).mean()) / reach, 6), len(shared)
