"""A subgraph of the network: filtered, capped and laid out, as the explorer draws it.

(The explorer's *view* in the web app's sense is the page; this is what the
page draws.)

Pure functions of a :class:`graph.analytics.snapshot.Snapshot`; no I/O.

Nodes are organizations. Two organizations are *tied* when they took part in
the same projects or are party to the same agreements (``cooperation``), when
one funded projects of the other (``funding``), or when a centre is a member
of another (``membership``). A tie's **strength** is the number of joint
activities behind it: shared projects + shared agreements + funded projects
(+ 1 for a membership). A node's **strength** (its weighted degree) sizes it
and ranks it when the view must be cut.

Filters work in two steps:

* *activity filters* (expertise, funder, year range) keep the projects that
  address the expertise (or a narrower term), are funded by the funder, or
  run during the years; only those projects (and, without expertise or
  funder filter, the agreements signed in those years) make ties, and only
  organizations taking part in them stay (plus, for expertise, those that
  have it, and the funder itself);
* *organization filters* (role, country, priority group) keep organizations
  with one of the roles, in one of the countries, in a country of the group.

``min_strength`` then drops weaker ties and the organizations left with none.

**Funders are not drawn unless asked** (``Filters.funders``, or ``funder`` among
the roles): an organization whose role is *funder* (:func:`graph.model.primary_role`)
is left out, and so are the ties of funding, which would make a star of the
picture where one funder pays for most projects (the European Commission in
CORDIS data). ``Subgraph.funders_hidden`` says how many were left out. The
``funder`` filter still keeps the projects of that funder.

**Positions** come from the map of the whole network
(:func:`graph.analytics.layout.network_map`, hubs as places) when one is given,
so that every view shows an organization at the same place; without a map,
from a spring layout of the view (:func:`networkx.spring_layout`, seeded).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import networkx as nx
import numpy as np
import scipy.sparse as sp

from graph.analytics.layout import NetworkMap, view_positions
from graph.analytics.snapshot import WIDE_ACTIVITY, Snapshot
from graph.model import primary_role

__all__ = [
    "EDGES_PER_NODE",
    "LAYOUT_SCALE",
    "Filters",
    "Subgraph",
    "build_subgraph",
    "filtered_ties",
    "neighbourhood",
    "node_attributes",
    "tie_matrices",
]

#: At most this many ties per node shown are sent with a capped view.
EDGES_PER_NODE = 4
#: A view's positions are the map's (:class:`graph.analytics.layout.NetworkMap`: about one unit between
#: neighbours) times this.
LAYOUT_SCALE = 40.0


@dataclass(frozen=True)
class Filters:
    """What a view keeps; see the module docstring. Empty means no filter."""

    roles: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    priority: str | None = None
    expertise: str | None = None
    funder: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    min_strength: int = 1
    #: Only these organizations (e.g. the members of a hub); empty means all.
    only: tuple[str, ...] = ()
    #: Draw funders and the ties of funding (off: see the module docstring).
    funders: bool = False

    @property
    def filters_activities(self) -> bool:
        return bool(self.expertise or self.funder or self.year_from is not None or self.year_to is not None)

    @property
    def shows_funders(self) -> bool:
        """Whether funders are drawn: asked with ``funders``, or by asking for the role ``funder``."""
        return self.funders or "funder" in self.roles

    def as_dict(self) -> dict:
        """The filters that are set, as URL parameters would carry them."""
        out: dict = {}
        for name in ("roles", "countries"):
            if getattr(self, name):
                out[name] = list(getattr(self, name))
        for name in ("priority", "expertise", "funder", "year_from", "year_to"):
            if getattr(self, name) not in (None, ""):
                out[name] = getattr(self, name)
        if self.min_strength > 1:
            out["min_strength"] = self.min_strength
        if self.funders:
            out["funders"] = 1
        return out


@dataclass
class Subgraph:
    """A subgraph ready to draw: ``G`` holds the nodes shown, with ``x``/``y`` positions.

    ``total_nodes`` and ``total_ties`` count what the filters keep before the
    cap; ``left_out`` is how many organizations were cut to stay under
    ``max_nodes``; ``ties_left_out`` how many ties between shown nodes were
    not sent (the weakest); ``wide_activities`` how many kept projects and
    agreements have more than :data:`graph.analytics.snapshot.WIDE_ACTIVITY`
    participants, and so tie none of them; ``missing`` lists highlighted ids
    that do not exist; ``funders_hidden`` how many funders the filters keep
    were not drawn (see :attr:`Filters.funders`); ``regions`` gives, for each
    hub with members shown (when positions come from a map), the centre of its
    region and the radius that holds its members shown, ``(x, y, r)``.
    """

    G: nx.Graph
    filters: Filters
    max_nodes: int
    total_nodes: int
    total_ties: int
    left_out: int = 0
    ties_left_out: int = 0
    wide_activities: int = 0
    highlight: tuple[str, ...] = ()
    path: tuple[str, ...] = ()
    missing: tuple[str, ...] = field(default_factory=tuple)
    funders_hidden: int = 0
    regions: dict[int, tuple[float, float, float]] = field(default_factory=dict)


def _kept_activities(snapshot: Snapshot, filters: Filters) -> tuple[list[dict], list[dict]]:
    projects, agreements = snapshot.projects, snapshot.agreements
    if filters.expertise:
        terms = snapshot.narrower(filters.expertise)
        projects = [p for p in projects if terms.intersection(p["expertise"] or ())]
    if filters.funder:
        projects = [p for p in projects if filters.funder in (p["funders"] or ())]
    if filters.year_from is not None or filters.year_to is not None:
        lo = filters.year_from if filters.year_from is not None else -(10**6)
        hi = filters.year_to if filters.year_to is not None else 10**6

        def overlaps(start: int | None, end: int | None) -> bool:
            if start is None:
                start = end
            if end is None:
                end = start
            if start is None or end is None:
                return False
            return start <= hi and end >= lo

        projects = [p for p in projects if overlaps(p["start_year"], p["end_year"])]
        agreements = [a for a in agreements if overlaps(a["start_year"], a["start_year"])]
    if filters.expertise or filters.funder:
        agreements = []
    return projects, agreements


def _kept_organizations(snapshot: Snapshot, filters: Filters, projects: list[dict], agreements: list[dict]) -> set[str]:
    orgs = snapshot.organizations
    if filters.filters_activities:
        kept = {o for p in projects for o in (p["participants"] or ())}
        kept.update(o for a in agreements for o in (a["parties"] or ()))
        if filters.expertise:
            terms = snapshot.narrower(filters.expertise)
            kept.update(o for o, have in snapshot.organization_expertise.items() if terms & have)
        if filters.funder:
            kept.add(filters.funder)
        kept &= orgs.keys()
    else:
        kept = set(orgs)
    if filters.only:
        kept &= set(filters.only)
    if filters.roles:
        wanted = set(filters.roles)
        kept = {o for o in kept if wanted.intersection(orgs[o]["roles"] or ())}
    if filters.countries:
        countries = set(filters.countries)
        kept = {o for o in kept if orgs[o]["country"] in countries}
    if filters.priority:
        in_group = {c for c, row in snapshot.countries.items() if row.get("priority") == filters.priority}
        kept = {o for o in kept if orgs[o]["country"] in in_group}
    return kept


def _incidence(index: dict[str, int], groups: Sequence[Sequence[str]]) -> sp.csr_matrix:
    """Matrix organization x activity with a 1 where the organization takes part (ids not in ``index`` skipped)."""
    lengths = np.fromiter(map(len, groups), dtype=np.int64, count=len(groups))
    flat = itertools.chain.from_iterable(groups)
    rows = np.fromiter(map(index.get, flat, itertools.repeat(-1)), dtype=np.int64, count=int(lengths.sum()))
    cols = np.repeat(np.arange(len(groups), dtype=np.int64), lengths)
    known = rows >= 0
    M = sp.csr_matrix(
        (np.ones(int(known.sum()), dtype=np.int32), (rows[known], cols[known])), shape=(len(index), len(groups))
    )
    M.data[:] = 1  # an organization listed twice in an activity takes part once
    return M


def _wide(groups: Sequence[Sequence[str]]) -> np.ndarray:
    """Whether each activity has more than :data:`graph.analytics.snapshot.WIDE_ACTIVITY` distinct participants."""
    wide = np.zeros(len(groups), dtype=bool)
    for j, members in enumerate(groups):
        if len(members) > WIDE_ACTIVITY and len(set(members)) > WIDE_ACTIVITY:
            wide[j] = True
    return wide


def _pairs(incidence: sp.csr_matrix, wide: np.ndarray) -> sp.csr_matrix:
    """Upper-triangular counts of the activities each pair of rows share, wide activities left out."""
    if wide.any():
        incidence = incidence.copy()
        incidence.data[wide[incidence.indices]] = 0
        incidence.eliminate_zeros()
    return sp.triu(incidence @ incidence.T, k=1, format="csr")


def node_attributes(
    snapshot: Snapshot, o: str, strength: int, highlighted: bool = False, on_path: bool = False
) -> dict:
    """What a subgraph's node carries: names, role (colour), roles, country, strength, highlight flags."""
    row = snapshot.organizations[o]
    return {
        "name": row["name"],
        "name_fr": row.get("name_fr"),
        "short_name": row.get("short_name"),
        "role": primary_role(row.get("roles")),
        "roles": list(row.get("roles") or []),
        "country": row.get("country"),
        "strength": strength,
        "highlighted": highlighted,
        "on_path": on_path,
    }


def tie_matrices(
    snapshot: Snapshot, ids: list[str], projects: list[dict], agreements: list[dict], *, funding: bool = True
) -> dict[str, sp.csr_matrix]:
    """Upper-triangular tie counts between ``ids`` (in that order), by kind of tie, from the kept activities.

    Keys: ``projects`` (shared projects), ``agreements`` (shared agreements),
    ``funded`` (projects of one funded by the other; all zero when not ``funding``),
    ``membership`` (1 when one centre is a member of the other).
    """
    index = {o: i for i, o in enumerate(ids)}
    n = len(ids)

    def upper(m: sp.spmatrix) -> sp.csr_matrix:
        m = sp.csr_matrix(m)
        return sp.triu(m + m.T, k=1, format="csr") if m.nnz else sp.csr_matrix((n, n), dtype=np.int32)

    participants = [p["participants"] or () for p in projects]
    parties = [a["parties"] or () for a in agreements]
    B = _incidence(index, participants)
    if funding:
        funded = sp.csr_matrix(_incidence(index, [p["funders"] or () for p in projects]) @ B.T)
        funded.setdiag(0)
        funded = upper(funded)
    else:
        funded = sp.csr_matrix((n, n), dtype=np.int32)
    pairs = [(index[m], index[p]) for m, p in snapshot.memberships if m in index and p in index and m != p]
    member = upper(
        sp.csr_matrix(
            (np.ones(len(pairs), dtype=np.int32), ([a for a, _ in pairs], [b for _, b in pairs])), shape=(n, n)
        )
    )
    member.data[:] = 1
    return {
        "projects": _pairs(B, _wide(participants)),
        "agreements": _pairs(_incidence(index, parties), _wide(parties)),
        "funded": funded,
        "membership": member,
    }


def filtered_ties(
    snapshot: Snapshot, filters: Filters, extra: Iterable[str] = ()
) -> tuple[set[str], list[str], dict[str, sp.csr_matrix], sp.csr_matrix, int, int]:
    """The organizations the filters keep, the ids of the matrices (kept + ``extra``), ties by kind, their sum,
    how many of the kept activities are too wide to tie their participants, and how many funders were left out
    (funders not asked for: :attr:`Filters.shows_funders`)."""
    projects, agreements = _kept_activities(snapshot, filters)
    kept = _kept_organizations(snapshot, filters, projects, agreements)
    hidden = 0
    if not filters.shows_funders:
        orgs = snapshot.organizations
        funders = {
            o for o in kept if "funder" in (orgs[o]["roles"] or ()) and primary_role(orgs[o]["roles"]) == "funder"
        }
        kept -= funders
        hidden = len(funders)
    ids = sorted(kept | set(extra))
    ties = tie_matrices(snapshot, ids, projects, agreements, funding=filters.shows_funders)
    total = sp.csr_matrix(ties["projects"] + ties["agreements"] + ties["funded"] + ties["membership"])
    wide = int(_wide([p["participants"] or () for p in projects]).sum())
    wide += int(_wide([a["parties"] or () for a in agreements]).sum())
    return kept, ids, ties, total, wide, hidden


def _chosen(
    ids: list[str], kept: set[str], forced: list[str], strength: np.ndarray, filters: Filters, max_nodes: int
) -> tuple[list[int], int, int]:
    """Rows shown (strongest first): the forced ones, then the strongest kept, up to ``max_nodes``; how many the
    filters keep; how many of those were left out."""
    in_filters = np.fromiter((o in kept for o in ids), dtype=bool, count=len(ids))
    if filters.min_strength > 1:
        in_filters &= strength > 0
    rows = np.arange(len(ids))
    by_strength = np.lexsort((rows, -strength))  # ids are sorted: row order is id order
    candidates = by_strength[in_filters[by_strength]]
    forced_set = set(forced)
    is_forced = np.fromiter((o in forced_set for o in ids), dtype=bool, count=len(ids))
    room = max(max_nodes - int(is_forced.sum()), 0)
    extra = candidates[~is_forced[candidates]][:room]
    shown = np.zeros(len(ids), dtype=bool)
    shown[is_forced] = True
    shown[extra] = True
    chosen = by_strength[shown[by_strength]].tolist()
    total_nodes = len(candidates)
    return chosen, total_nodes, total_nodes - int((shown & in_filters).sum())


def _strongest_ties(shown: sp.coo_matrix, nodes: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The ties of ``shown`` (upper triangle) sorted strongest first, and which are sent: each node's strongest,
    then the strongest others up to :data:`EDGES_PER_NODE` per node."""
    rows, cols, values = shown.row, shown.col, shown.data
    order = np.lexsort((cols, rows, -values))
    rows, cols, values = rows[order], cols[order], values[order]
    m = len(values)
    keep = np.zeros(m, dtype=bool)
    if m:
        _, first = np.unique(np.concatenate([rows, cols]), return_index=True)
        keep[first % m] = True
        budget = EDGES_PER_NODE * nodes - int(keep.sum())
        if budget > 0:
            extra = np.flatnonzero(~keep)[:budget]
            keep[extra] = True
    return rows, cols, values, keep


def build_subgraph(
    snapshot: Snapshot,
    filters: Filters | None = None,
    *,
    max_nodes: int = 1500,
    highlight: Iterable[str] = (),
    path: Iterable[str] = (),
    seed: int = 0,
    layout: NetworkMap | None = None,
) -> Subgraph:
    """The part of the network that ``filters`` keep, cut to ``max_nodes``, laid out.

    The strongest organizations (by node strength) are kept when more than
    ``max_nodes`` pass the filters; ``path`` and ``highlight`` ids are always
    kept (up to ``max_nodes`` of them). Each node keeps its strongest tie, then the strongest others are
    kept up to :data:`EDGES_PER_NODE` per node. Positions come from ``layout``
    (the map of the snapshot's graph version, times :data:`LAYOUT_SCALE`; each
    node also gets its ``hub``) or, without one (or with the map of another
    version), from :func:`networkx.spring_layout` with ``seed``: the same
    snapshot and arguments give the same picture.

    Examples
    --------
    >>> s = Snapshot(1, organizations={
    ...     o: {"id": o, "name": o.upper(), "name_fr": None, "short_name": None, "roles": ["partner"],
    ...         "kind": None, "centre_level": None, "country": "FR", "name_search": o}
    ...     for o in "abcd"},
    ...     projects=[{"id": "p1", "start_year": 2020, "end_year": 2021, "participants": ["a", "b", "c"],
    ...                "funders": [], "expertise": []},
    ...               {"id": "p2", "start_year": 2022, "end_year": 2023, "participants": ["a", "b"],
    ...                "funders": [], "expertise": []}])
    >>> view = build_subgraph(s)
    >>> sorted(view.G.edges(data="strength"))
    [('a', 'b', 2), ('a', 'c', 1), ('b', 'c', 1)]
    >>> view.G.nodes["a"]["strength"], view.G.nodes["d"]["strength"]
    (3, 0)
    >>> sorted(build_subgraph(s, Filters(min_strength=2)).G)
    ['a', 'b']
    >>> sorted(build_subgraph(s, Filters(year_from=2022)).G)
    ['a', 'b']
    >>> v = build_subgraph(s, max_nodes=2, highlight=["d"])
    >>> sorted(v.G), v.left_out
    (['a', 'd'], 2)
    """
    filters = filters or Filters()
    highlight = tuple(dict.fromkeys(highlight))
    path = tuple(path)
    forced = [o for o in dict.fromkeys((*path, *highlight)) if o in snapshot.organizations][:max_nodes]
    missing = tuple(o for o in dict.fromkeys((*highlight, *path)) if o not in snapshot.organizations)

    kept, ids, ties, total, wide, hidden = filtered_ties(snapshot, filters, forced)
    total.data[total.data < max(filters.min_strength, 1)] = 0
    total.eliminate_zeros()
    strength = np.asarray((total + total.T).sum(axis=1)).ravel()
    chosen, total_nodes, left_out = _chosen(ids, kept, forced, strength, filters, max_nodes)

    sel = np.array(chosen, dtype=np.int64)
    rows, cols, values, keep = _strongest_ties(total[sel][:, sel].tocoo(), len(chosen))
    G = nx.Graph()
    for i in chosen:
        o = ids[i]
        G.add_node(o, **node_attributes(snapshot, o, int(strength[i]), o in highlight, o in path))
    a, b = sel[rows[keep]], sel[cols[keep]]
    by_kind = {k: np.asarray(m[a, b]).ravel().tolist() if len(a) else [] for k, m in ties.items()}
    for n, (u, v, value) in enumerate(zip(a.tolist(), b.tolist(), values[keep].tolist(), strict=True)):
        G.add_edge(ids[u], ids[v], strength=int(value), **{k: int(by_kind[k][n]) for k in ties})
    for u, v in zip(path, path[1:], strict=False):
        if u in G and v in G:
            if G.has_edge(u, v):
                G.edges[u, v]["on_path"] = True
            else:
                G.add_edge(u, v, strength=0, on_path=True, **dict.fromkeys(ties, 0))
    if layout is not None and layout.version in (None, snapshot.version):
        regions = _from_map(G, layout)
    else:  # no map, or the map of another graph version (written meanwhile): a layout of the view itself
        regions = {}
        _place(G, seed)
    return Subgraph(
        G=G,
        filters=filters,
        max_nodes=max_nodes,
        total_nodes=total_nodes,
        total_ties=int(total.nnz),
        left_out=left_out,
        ties_left_out=int(len(keep) - keep.sum()),
        wide_activities=wide,
        highlight=tuple(o for o in highlight if o in snapshot.organizations),
        path=tuple(o for o in path if o in snapshot.organizations),
        missing=missing,
        funders_hidden=hidden,
        regions=regions,
    )


def _from_map(G: nx.Graph, layout: NetworkMap) -> dict[int, tuple[float, float, float]]:
    """Set ``x``, ``y`` and ``hub`` on every node from ``layout`` (:func:`graph.analytics.layout.view_positions`);
    return the regions of the hubs shown, ``hub -> (x, y, r)``, in the same units."""
    ids = list(G)
    xy, regions = view_positions(layout, ids)
    for o, (x, y) in zip(ids, (xy * LAYOUT_SCALE).round(1).tolist(), strict=True):
        G.nodes[o]["x"], G.nodes[o]["y"] = x, y
        G.nodes[o]["hub"] = layout.hub(o) or None
    return {
        hub: (round(x * LAYOUT_SCALE, 1), round(y * LAYOUT_SCALE, 1), round((r + 1.0) * LAYOUT_SCALE, 1))
        for hub, (x, y, r) in regions.items()
    }


def _place(G: nx.Graph, seed: int, scale: float = 1000.0) -> None:
    """Set ``x`` and ``y`` on every node (spring layout, seeded, pulled by the log of tie strength)."""
    if not len(G):
        return
    # Attraction grows with the log of a tie's strength: raw counts (a funder of 800
    # projects) would pull whole regions into one point.
    for _, _, a in G.edges(data=True):
        a["pull"] = math.log1p(a.get("strength", 1))
    # From 500 nodes networkx minimises the layout's energy with L-BFGS: 25 steps give
    # nearly the picture of 50 (pairwise distances correlate at 0.94 on the H2020
    # default view; 0.29 between two seeds) in half the time.
    iterations = 25 if len(G) >= 500 else 50
    pos = nx.spring_layout(G, weight="pull", seed=seed, scale=scale, iterations=iterations)
    for _, _, a in G.edges(data=True):
        del a["pull"]
    for node, (x, y) in pos.items():
        G.nodes[node]["x"] = round(float(x), 1)
        G.nodes[node]["y"] = round(float(y), 1)


def neighbourhood(snapshot: Snapshot, filters: Filters | None, node: str, *, limit: int = 50) -> nx.Graph:
    """``node`` and its ``limit`` strongest neighbours under ``filters``, with the ties between them.

    Raises :class:`networkx.NodeNotFound` when ``node`` is not an organization.
    Positions are not set: the caller places them around ``node``.
    """
    if node not in snapshot.organizations:
        raise nx.NodeNotFound(f"organization {node!r} is not in the graph")
    filters = filters or Filters()
    _, ids, _, total, _, _ = filtered_ties(snapshot, filters, [node])
    total = total + total.T
    index = {o: i for i, o in enumerate(ids)}
    row = total.getrow(index[node]).tocoo()
    pairs = [(int(v), ids[j]) for j, v in zip(row.col, row.data, strict=True) if v >= max(filters.min_strength, 1)]
    pairs.sort(key=lambda p: (-p[0], p[1]))
    members = [node] + [o for _, o in pairs[:limit]]
    sel = [index[o] for o in members]
    sub = total[sel][:, sel].tocoo()
    strength = np.asarray(total[sel].sum(axis=1)).ravel()
    G = nx.Graph()
    for o, value in zip(members, strength, strict=True):
        G.add_node(o, **node_attributes(snapshot, o, int(value)))
    for a, b, v in zip(sub.row, sub.col, sub.data, strict=True):
        if a < b and v >= max(filters.min_strength, 1):
            G.add_edge(members[a], members[b], strength=int(v))
    return G
