"""The cooperation graph: organizations tied by the projects and agreements they share.

Built from a :class:`graph.analytics.snapshot.Snapshot` (so from the ``snapshot_*``
queries of ``queries/``), cached by the web app per graph version.

Weight of a tie
---------------
Two organizations ``a`` and ``b`` are tied when they took part in the same
project or are party to the same agreement. Each shared activity ``x`` adds

    recency(x) / (n(x) - 1)

to the tie's ``weight``, where ``n(x)`` is the number of participants of the
activity (Newman's collaboration weight: a bilateral agreement ties two
organizations more than a 60-partner consortium does) and

    recency(x) = 0.5 ** (max(0, ref_year - year(x)) / HALF_LIFE)

with ``year(x)`` the project's end year (else its start year; the signing
year of an agreement), ``ref_year`` the latest such year in the data (so the
same data always gives the same weights) and :data:`HALF_LIFE` = 5 years;
an activity without any year counts as ``recency = 0.5``. Each tie also
carries ``activities``, the number of shared projects and agreements;
:meth:`Cooperation.shared` lists them.
Funders are not tied to what they fund here (they are reached through
:func:`funded_by`). An activity with more than
:data:`graph.analytics.snapshot.WIDE_ACTIVITY` (1,000) participants ties none of them
(its pairs would grow as the square of its size); :attr:`Cooperation.wide`
lists those activities, and the pages say so.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp

from graph.analytics.snapshot import WIDE_ACTIVITY, Snapshot, collector_paused, is_wide
from graph.model import primary_role

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "HALF_LIFE",
    "UNDATED",
    "Cooperation",
    "activity_year",
    "cooperation_graph",
    "funded_by",
    "ranges",
    "recency",
]

#: Years after which a shared activity counts half.
HALF_LIFE = 5.0
#: Recency of an activity with no year.
UNDATED = 0.5


def activity_year(start: int | None, end: int | None) -> int | None:
    """The year that dates an activity: its end, else its start.

    >>> activity_year(2018, 2021), activity_year(2018, None), activity_year(None, None)
    (2021, 2018, None)
    """
    return end if end is not None else start


def recency(year: int | None, ref_year: int, half_life: float = HALF_LIFE) -> float:
    """``0.5 ** (years before ref_year / half_life)``; :data:`UNDATED` without a year.

    >>> recency(2020, 2020), recency(2015, 2020), recency(None, 2020)
    (1.0, 0.5, 0.5)
    """
    if year is None:
        return UNDATED
    return 0.5 ** (max(0, ref_year - year) / half_life)


@dataclass
class Cooperation:
    """The cooperation graph and what explains its ties.

    ``ids`` orders the organizations (every organization of the snapshot,
    sorted) as the rows and columns of ``W`` (symmetric sparse tie weights)
    and ``counts`` (symmetric sparse numbers of shared activities); ``index``
    maps an id to its row. ``wide`` lists the activities too large to tie
    their participants (:meth:`graph.analytics.snapshot.Snapshot.wide_activities`).
    ``G`` is the same graph as a :class:`networkx.Graph`
    (node attributes ``name``, ``name_fr``, ``kind``, ``roles``, ``country``;
    tie attributes ``weight`` and ``activities``), built on first use: at the
    scale of H2020 (800,000 ties) the whole-graph steps work on ``W``.
    """

    snapshot: Snapshot
    ref_year: int
    ids: list[str]
    index: dict[str, int]
    W: sp.csr_matrix
    counts: sp.csr_matrix
    projects_of: dict[str, list[int]] = field(default_factory=dict)
    agreements_of: dict[str, list[int]] = field(default_factory=dict)
    incidence: sp.csr_matrix | None = field(default=None, repr=False)
    wide: list[dict] = field(default_factory=list)
    #: Organizations x projects (1 where it took part), when built here (``None`` when read back from disk:
    #: :meth:`took_part` then makes it from ``projects_of``).
    _took_part: sp.csr_matrix | None = field(default=None, repr=False)
    _G: nx.Graph | None = field(default=None, repr=False)
    _incidence_t: sp.csr_matrix | None = field(default=None, repr=False)
    _costs: sp.csr_matrix | None = field(default=None, repr=False)

    @property
    def G(self) -> nx.Graph:
        if self._G is None:
            self._G = self.subgraph(self.ids)
        return self._G

    @property
    def costs(self) -> sp.csr_matrix:
        """Tie costs ``1 / weight`` in ``W``'s shape (the paths' distances), made once."""
        if self._costs is None:
            self._costs = sp.csr_matrix((1.0 / self.W.data, self.W.indices, self.W.indptr), shape=self.W.shape)
        return self._costs

    def subgraph(self, nodes: Iterable[str]) -> nx.Graph:
        """A :class:`networkx.Graph` of ``nodes`` (ids) and the ties between them."""
        import networkx as nx

        rows = np.array(sorted({self.index[o] for o in nodes}), dtype=np.int64)
        G = nx.Graph()
        for i in rows.tolist():
            G.add_node(self.ids[i], **self.node_attributes(self.ids[i]))
        weights = _canonical(sp.triu(self.W[rows][:, rows], k=1))
        counts = _canonical(sp.triu(self.counts[rows][:, rows], k=1))
        G.add_edges_from(
            (self.ids[rows[a]], self.ids[rows[b]], {"weight": w, "activities": int(n)})
            for a, b, w, n in zip(
                weights.row.tolist(), weights.col.tolist(), weights.data.tolist(), counts.data.tolist(), strict=True
            )
        )
        return G

    def hops(self, i: int) -> np.ndarray:
        """Hops from row ``i`` to every organization (``inf`` when not connected, 0 for ``i``).

        A breadth-first search over ``incidence`` (organizations x shared
        activities of two or more members), where a tie is an organization,
        an activity, an organization: that graph has the participations as
        edges (4 million for a million organizations) where ``W`` has every
        pair of co-participants (26 million entries). Each level expands a
        small frontier by its own rows, a large one by one sparse product
        with the whole matrix. Same distances as a BFS over ``W``.

        >>> from graph.analytics.snapshot import Snapshot
        >>> org = lambda o: {"id": o, "name": o, "roles": ["partner"]}
        >>> project = lambda j, members: {"id": j, "title": j, "start_year": 2020, "end_year": 2020,
        ...                               "participants": members, "coordinators": [], "funders": [], "expertise": []}
        >>> coop = cooperation_graph(Snapshot(1, organizations={o: org(o) for o in "abcde"},
        ...                                   projects=[project("p", ["a", "b", "c"]), project("q", ["c", "d"])]))
        >>> coop.hops(0).tolist()
        [0.0, 1.0, 1.0, 2.0, inf]
        """
        B = self.incidence
        if B is None:
            raise ValueError("this cooperation graph was built without its incidence matrix")
        if self._incidence_t is None:
            self._incidence_t = B.T.tocsr()
        BT = self._incidence_t
        n, a = B.shape
        found = np.full(n, np.inf)
        found[i] = 0.0
        seen_org = np.zeros(n, dtype=bool)
        seen_org[i] = True
        seen_activity = np.zeros(a, dtype=bool)
        frontier = np.array([i])
        level = 0
        while len(frontier):
            level += 1
            activities = _expand(B, BT, frontier, seen_activity)
            frontier = _expand(BT, B, activities, seen_org)
            found[frontier] = level
        return found

    def node_attributes(self, o: str) -> dict:
        row = self.snapshot.organizations[o]
        return {
            "name": row["name"],
            "name_fr": row.get("name_fr"),
            "role": primary_role(row.get("roles")),
            "roles": list(row.get("roles") or []),
            "country": row.get("country"),
        }

    def degree(self) -> np.ndarray:
        """Number of ties of each organization (in ``ids`` order)."""
        return np.diff(self.W.indptr)

    def strength(self) -> np.ndarray:
        """Sum of tie weights of each organization (in ``ids`` order)."""
        return np.asarray(self.W.sum(axis=1)).ravel()

    def took_part(self) -> sp.csr_matrix:
        """Organizations (rows, in ``ids`` order) x projects (columns, in the snapshot's order): 1 where it took
        part in the project (any size, wide ones too)."""
        if self._took_part is None:
            lists = [self.projects_of.get(o, ()) for o in self.ids]
            lengths = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
            rows = np.repeat(np.arange(len(lists)), lengths)
            cols = np.fromiter(itertools.chain.from_iterable(lists), dtype=np.int64, count=int(lengths.sum()))
            shape = (len(self.ids), len(self.snapshot.projects))
            self._took_part = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=shape)
        return self._took_part

    def shared(self, a: str, b: str) -> dict:
        """The projects and agreements ``a`` and ``b`` share, most recent first.

        Each project: ``id``, ``title``, ``programme``, ``start_year``,
        ``end_year``, ``funders``, ``expertise``; each agreement: ``id``,
        ``kind``, ``start_year``.
        """
        both = set(self.projects_of.get(a, ())) & set(self.projects_of.get(b, ()))
        projects = [self.snapshot.projects[i] for i in both]
        both = set(self.agreements_of.get(a, ())) & set(self.agreements_of.get(b, ()))
        agreements = [self.snapshot.agreements[i] for i in both]
        projects.sort(key=lambda p: (-(activity_year(p["start_year"], p["end_year"]) or 0), p["id"]))
        agreements.sort(key=lambda x: (-(x["start_year"] or 0), x["id"]))
        keys = ("id", "title", "programme", "start_year", "end_year", "funders", "expertise")
        return {
            "projects": [{k: p[k] for k in keys} for p in projects],
            "agreements": [{k: x[k] for k in ("id", "kind", "start_year")} for x in agreements],
        }


def _reference_year(snapshot: Snapshot) -> int:
    years = [activity_year(p["start_year"], p["end_year"]) for p in snapshot.projects]
    years += [a["start_year"] for a in snapshot.agreements]
    known = [y for y in years if y is not None]
    return max(known) if known else 0


def cooperation_graph(
    snapshot: Snapshot, *, half_life: float = HALF_LIFE, max_participants: int = WIDE_ACTIVITY
) -> Cooperation:
    """Project ``snapshot`` into the cooperation graph (see the module docstring).

    Examples
    --------
    >>> from graph.analytics.snapshot import Snapshot
    >>> org = lambda o: {"id": o, "name": o, "name_fr": None, "roles": ["partner"], "country": "FR"}
    >>> s = Snapshot(1, organizations={o: org(o) for o in "abcd"},
    ...     projects=[{"id": "p", "title": "P", "programme": None, "start_year": 2020, "end_year": 2020,
    ...                "participants": ["a", "b", "c"], "coordinators": [], "funders": [], "expertise": []}],
    ...     agreements=[{"id": "x", "kind": "MoU", "start_year": 2015, "parties": ["a", "b"]}])
    >>> coop = cooperation_graph(s)
    >>> round(coop.G["a"]["b"]["weight"], 3), coop.G["a"]["b"]["activities"]
    (1.0, 2)
    >>> round(coop.G["a"]["c"]["weight"], 3), sorted(coop.G["d"])
    (0.5, [])
    """
    with collector_paused():
        return _cooperation_graph(snapshot, half_life, max_participants)


def _cooperation_graph(snapshot: Snapshot, half_life: float, max_participants: int) -> Cooperation:
    ids = sorted(snapshot.organizations)
    index = {o: i for i, o in enumerate(ids)}
    n = len(ids)
    ref_year = _reference_year(snapshot)
    # Every (activity, organization) pair once, as arrays: projects first, then agreements.
    groups = [p["participants"] or () for p in snapshot.projects] + [a["parties"] or () for a in snapshot.agreements]
    years = [activity_year(p["start_year"], p["end_year"]) for p in snapshot.projects]
    years += [a["start_year"] for a in snapshot.agreements]
    lengths = np.fromiter(map(len, groups), dtype=np.int64, count=len(groups))
    act, org = _memberships(snapshot, groups, lengths, index)
    known = org >= 0
    pairs = np.sort(act[known] * max(n, 1) + org[known])  # by activity, then organization
    pairs = pairs[np.concatenate(([True], pairs[1:] != pairs[:-1]))] if len(pairs) else pairs  # np.unique sorts again
    act, org = pairs // max(n, 1), pairs % max(n, 1)
    m = len(snapshot.projects)
    in_projects = act < m

    # Activities of 2 to max_participants members, numbered in order, tie their members.
    size = np.bincount(act, minlength=len(groups))
    tying = (size >= 2) & (size <= max_participants)
    column = np.cumsum(tying) - 1
    activity = int(tying.sum())
    strength = _recencies(years, ref_year, half_life) / np.maximum(size - 1, 1)
    kept = tying[act]
    rows, cols, weights = org[kept], column[act[kept]], strength[act[kept]]

    B = sp.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(n, activity))
    Bc = sp.csr_matrix((np.asarray(weights, dtype=np.float64) + 1j, (rows, cols)), shape=(n, activity))
    # The product, compiled, runs without the interpreter's lock on a helper thread while this one makes
    # each organization's lists of activities (at a million organizations, about 3 s each).
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="cooperation-product") as pool:
        product = pool.submit(_weights_and_counts, Bc, B)
        projects_of = _activities_of(ids, org[in_projects], act[in_projects])
        agreements_of = _activities_of(ids, org[~in_projects], act[~in_projects] - m)
        took_part = sp.csr_matrix((np.ones(int(in_projects.sum())), (org[in_projects], act[in_projects])), shape=(n, m))
        W, counts = product.result()
    return Cooperation(
        snapshot=snapshot,
        ref_year=ref_year,
        ids=ids,
        index=index,
        W=W,
        counts=counts,
        projects_of=projects_of,
        agreements_of=agreements_of,
        incidence=B,
        wide=_wide(snapshot, lengths, max_participants),
        _took_part=took_part,
    )


def _recencies(years: list[int | None], ref_year: int, half_life: float) -> np.ndarray:
    """:func:`recency` of each year, the same floats, computed once per distinct year.

    >>> _recencies([2020, None, 2015, 2020], 2020, 5.0).tolist()
    [1.0, 0.5, 0.5, 1.0]
    """
    known = {y: recency(y, ref_year, half_life) for y in set(years)}
    return np.fromiter(map(known.__getitem__, years), dtype=np.float64, count=len(years))


def _wide(snapshot: Snapshot, lengths: np.ndarray, limit: int) -> list[dict]:
    """:meth:`Snapshot.wide_activities` from the activities' list ``lengths`` (projects, then agreements):
    only those with more than ``limit`` entries can be wide, and only they are looked at."""
    m = len(snapshot.projects)
    found = []
    for k in np.flatnonzero(lengths > limit).tolist():
        kind, row, key = ("project", snapshot.projects[k], "participants") if k < m else (
            "agreement", snapshot.agreements[k - m], "parties")  # fmt: skip
        if is_wide(row[key], limit):
            found.append({"kind": kind, "id": row["id"], "participants": len(set(row[key]))})
    return found


def _weights_and_counts(Bc: sp.csr_matrix, B: sp.csr_matrix) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    """The tie weights and the numbers of shared activities, without the diagonal, from **one** sparse product.

    ``B`` is organizations x activities (1 where it took part), ``Bc`` the same with ``weight + 1j``
    in each entry (the activity's weight): the real parts of ``Bc @ B.T`` are the summed weights and
    its imaginary parts count the shared activities (whole numbers, exact in a float), so the matrix
    of 26 million ties at a million organizations is multiplied out once, not twice. Same pattern
    for both: every shared activity has a weight > 0.

    >>> B = sp.csr_matrix(np.array([[1, 1, 0], [1, 0, 1], [0, 1, 1]], dtype=np.float32))
    >>> Bc = sp.csr_matrix(np.array([[0.5, 0.25, 0], [0.5, 0, 1], [0, 0.25, 1]]) + 1j * B.toarray())
    >>> W, counts = _weights_and_counts(Bc, B)
    >>> W.toarray().tolist(), counts.toarray().tolist()
    ([[0.0, 0.5, 0.25], [0.5, 0.0, 1.0], [0.25, 1.0, 0.0]], [[0.0, 1.0, 1.0], [1.0, 0.0, 1.0], [1.0, 1.0, 0.0]])
    """
    both = _without_diagonal(Bc @ B.T.astype(np.complex128))
    W = sp.csr_matrix((both.data.real.copy(), both.indices, both.indptr), shape=both.shape)
    counts = sp.csr_matrix(
        (both.data.imag.astype(np.float32), both.indices.copy(), both.indptr.copy()), shape=both.shape
    )
    return W, counts


def _memberships(
    snapshot: Snapshot, groups: list, lengths: np.ndarray, index: dict[str, int]
) -> tuple[np.ndarray, np.ndarray]:
    """(activity, organization row) of each member of each of ``groups`` (projects, then agreements), ``-1`` for
    an organization not in ``index``. The projects' from :attr:`Snapshot.participation_rows` when the
    snapshot has them (the same pairs, already numbered: at a million organizations, 4 million look-ups
    less)."""
    m = len(snapshot.projects)
    given = snapshot.participation_rows
    if given is None or int(lengths[:m].sum()) != len(given[0]):
        flat = itertools.chain.from_iterable(groups)
        org = np.fromiter(map(index.get, flat, itertools.repeat(-1)), dtype=np.int64, count=int(lengths.sum()))
        return np.repeat(np.arange(len(groups), dtype=np.int64), lengths), org
    flat = itertools.chain.from_iterable(groups[m:])
    parties = np.fromiter(map(index.get, flat, itertools.repeat(-1)), dtype=np.int64, count=int(lengths[m:].sum()))
    act = np.concatenate((given[0], np.repeat(np.arange(m, len(groups), dtype=np.int64), lengths[m:])))
    return act, np.concatenate((given[1], parties))


def _activities_of(ids: list[str], org: np.ndarray, act: np.ndarray) -> dict[str, list[int]]:
    """Organization id -> its activities (ascending), from (organization row, activity) pairs sorted by activity."""
    order = np.argsort(org, kind="stable")  # by organization; each one's activities stay ascending
    org, activities = org[order], act[order].tolist()
    bounds = np.flatnonzero(np.diff(org)) + 1
    starts = [0, *bounds.tolist()]
    ends = [*bounds.tolist(), len(activities)]
    owners = org[starts].tolist() if len(activities) else []
    return {ids[o]: activities[a:b] for o, a, b in zip(owners, starts, ends, strict=False)}


#: A BFS frontier whose rows hold more than 1/_GATHER_SHARE of the entries is expanded by a product with the whole
#: matrix (one pass over every entry) instead of gathering its rows' entries.
_GATHER_SHARE = 8


def ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """``starts[k] .. starts[k] + lengths[k] - 1`` for every ``k``, one after the other.

    The positions of some rows' entries in a CSR matrix (``starts = indptr[rows]``).

    >>> ranges(np.array([5, 0]), np.array([2, 3])).tolist()
    [5, 6, 0, 1, 2]
    """
    total = int(lengths.sum())
    return np.repeat(starts - (np.cumsum(lengths) - lengths), lengths) + np.arange(total)


def _expand(M: sp.csr_matrix, MT: sp.csr_matrix, rows: np.ndarray, seen: np.ndarray) -> np.ndarray:
    """The columns of ``M`` in ``rows`` not yet ``seen`` (marked seen now), sorted."""
    starts = M.indptr[rows]
    lengths = M.indptr[rows + 1] - starts
    reached = np.zeros(len(seen), dtype=bool)
    if lengths.sum() <= M.nnz // _GATHER_SHARE:
        reached[M.indices[ranges(starts, lengths)]] = True
    else:
        x = np.zeros(M.shape[0], dtype=np.float32)
        x[rows] = 1.0
        reached = MT @ x > 0
    new = np.flatnonzero(reached & ~seen)
    seen[new] = True
    return new


def _without_diagonal(m: sp.spmatrix) -> sp.csr_matrix:
    """``m`` (CSR) without its diagonal and explicit zeros, entries otherwise in their order.

    One filter of the entries: ``setdiag`` followed by ``eliminate_zeros`` was much slower.

    >>> _without_diagonal(sp.csr_matrix(np.array([[1.0, 2.0], [0.0, 3.0]]))).toarray().tolist()
    [[0.0, 2.0], [0.0, 0.0]]
    """
    m = sp.csr_matrix(m)
    rows = np.repeat(np.arange(m.shape[0]), np.diff(m.indptr))
    keep = (m.indices != rows) & (m.data != 0)
    indptr = np.concatenate(([0], np.cumsum(np.bincount(rows[keep], minlength=m.shape[0]))))
    return sp.csr_matrix((m.data[keep], m.indices[keep], indptr), shape=m.shape)


def _canonical(m: sp.spmatrix) -> sp.coo_matrix:
    m = sp.csr_matrix(m)
    m.sum_duplicates()
    m.sort_indices()
    return m.tocoo()


def funded_by(snapshot: Snapshot, funder: str) -> set[str]:
    """The organizations taking part in projects that ``funder`` funds."""
    return {o for p in snapshot.projects if funder in (p["funders"] or ()) for o in (p["participants"] or ())}
