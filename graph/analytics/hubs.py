"""Excellence hubs: communities of the cooperation graph, with their anchors, specialisation and score.

Method
------
1. **Backbone.** Every organization keeps its :data:`BACKBONE` strongest ties
   (by weight, see :mod:`graph.analytics.cooperation`); a tie kept by either end stays.
   Large consortia tie every partner to every other: the backbone keeps the
   ties that say who really works with whom, and makes step 2 fast (H2020:
   800,000 ties -> 124,000).
2. **Communities.** Louvain with refinement on the backbone, weighted, with a
   ``seed`` (:func:`graph.analytics.communities.louvain`: networkit's compiled PLM on
   one thread, the seed drawing the order in which nodes move): the same graph and
   seed give the same hubs in any process. Communities smaller than ``min_size``
   are not hubs.
3. **Figures** for each hub, computed on the whole cooperation graph:

   - *anchors*: the members with the largest weight of ties inside the hub;
   - *specialisation*: expertise over-represented in the hub. An
     organization "has" a term when it declares it (``HAS_EXPERTISE``) or took
     part in a project addressing it. ``lift = (share of members having it) /
     (share of all organizations having it)``; terms held by at least
     :data:`MIN_HOLDERS` members with ``lift >= MIN_LIFT`` are listed, strongest
     lift first, with their counts;
   - *funders* of the projects at least two members share, *countries* of
     the members, *size*, *density* (ties among members / possible ties) and
     *cohesion* (share of the members' tie weight that stays inside the hub);
   - a *name* made of its leading specialisation and its first anchor, e.g.
     "Cybersecurity · Cnam Maroc" (:func:`hub_name`).

Score
-----
``score = (size_part + cohesion + specialisation_part) / 3`` where
``size_part = log(size) / log(size of the largest hub)``, ``cohesion`` as
above, and ``specialisation_part = min(1, log2(best lift) / 3)`` (a lift of 8
or more counts fully; no listed term counts 0). Each part is returned.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from itertools import chain

import numpy as np
import scipy.sparse as sp

from graph.analytics.communities import louvain
from graph.analytics.cooperation import Cooperation, ranges
from graph.analytics.snapshot import collector_paused
from graph.errors import UnknownFilter
from graph.model import ROLES
from graph.text import Message

__all__ = [
    "BACKBONE",
    "MIN_HOLDERS",
    "MIN_LIFT",
    "SEPARATOR",
    "Hub",
    "backbone",
    "excellence_hubs",
    "filter_hubs",
    "hub_name",
    "shorten",
]

#: Strongest ties kept per organization for community detection.
BACKBONE = 5
#: A term is a specialisation of a hub when at least this many members have it...
MIN_HOLDERS = 2
#: ... and it is this many times more common in the hub than in the network.
MIN_LIFT = 1.5
#: Between the two parts of a hub's name.
SEPARATOR = " · "


@dataclass
class Hub:
    """One excellence hub; ``members`` holds every member id, ``anchors`` the most central.

    ``name`` and ``name_fr`` are its short name in English and in French (see :func:`hub_name`).
    """

    id: int
    name: str
    name_fr: str
    size: int
    score: float
    parts: dict[str, float]
    anchors: list[dict]
    specialisation: list[dict]
    funders: list[dict]
    countries: list[dict]
    roles: dict[str, int]
    density: float
    cohesion: float
    members: list[str] = field(repr=False)

    def to_dict(self, members: bool = False) -> dict:
        if members:
            return asdict(self)
        out = asdict(replace(self, members=[]))  # not a deep copy of every member id to drop it
        out.pop("members")
        return out


def hub_name(specialisation: list[dict], anchor: dict | None, country: dict | None = None) -> tuple[str, str]:
    """A hub's short name, in English and in French: its leading specialisation and its first anchor.

    The leading specialisation is the listed term with the largest ``share * log(lift)``: held by
    many members and characteristic of them (the list itself is ordered by lift, where a term held
    by two members can come first). Without a listed term, the members' leading country stands in.
    The anchor is named by its short name where the data has one. French names are used in the
    French form where the data has them.

    Examples
    --------
    >>> cyber = {"name": "Cybersecurity", "name_fr": "Cybersécurité", "share": 0.5, "lift": 3.0}
    >>> rare = {"name": "Hydropower", "name_fr": None, "share": 0.04, "lift": 9.0}
    >>> hub_name([rare, cyber], {"name": "Cnam Maroc", "short_name": None})
    ('Cybersecurity · Cnam Maroc', 'Cybersécurité · Cnam Maroc')
    >>> hub_name([], {"name": "Conservatoire national des arts et métiers", "short_name": "Cnam"},
    ...          {"name": "Morocco", "name_fr": "Maroc"})
    ('Morocco · Cnam', 'Maroc · Cnam')
    """
    parts: list[tuple[str, str]] = []
    lead = max(specialisation, key=lambda s: s["share"] * math.log(s["lift"]), default=None) or country
    if lead and lead.get("name"):
        parts.append((shorten(lead["name"]), shorten(lead.get("name_fr") or lead["name"])))
    if anchor:
        short = anchor.get("short_name")
        parts.append((shorten(short or anchor["name"]), shorten(short or anchor.get("name_fr") or anchor["name"])))
    return SEPARATOR.join(en for en, _ in parts), SEPARATOR.join(fr for _, fr in parts)


def shorten(name: str, most: int = 36) -> str:
    """``name`` short enough to label a hub: its head (before ``:`` or ``,``), else its acronym, else cut.

    >>> shorten("Food security, sustainable agriculture and forestry, marine and maritime research")
    'Food security'
    >>> shorten("Leadership in enabling and industrial technologies (LEIT): ICT, nanotechnologies")
    'LEIT'
    >>> shorten("Marie Skłodowska-Curie actions (MSCA): researcher mobility and training")
    'Marie Skłodowska-Curie actions'
    >>> shorten("Université des sciences et de la technologie Houari Boumediene")
    'Université des sciences et de la…'
    >>> shorten("Cybersecurity")
    'Cybersecurity'
    """
    head = re.split(r"[:,;]", name, maxsplit=1)[0].strip() or name
    acronym = re.search(r"\(([A-Z][A-Z0-9&-]{1,9})\)", head)
    head = re.sub(r"\s*\([^)]*\)", "", head).strip() or head
    if len(head) <= most:
        return head
    if acronym:
        return acronym.group(1)
    cut = head[: most - 1].rsplit(" ", 1)[0].rstrip(" ,;-–")
    return cut + "…"


def backbone(coop: Cooperation, per_node: int = BACKBONE) -> sp.csr_matrix:
    """The backbone of the cooperation graph: each organization's ``per_node`` strongest ties.

    A symmetric sparse matrix of tie weights in the rows and columns of
    ``coop.ids``; a tie kept by either end stays. Ties of equal weight are
    taken in id order, so the result depends only on the graph.

    An organization with ``per_node`` ties or fewer keeps them all; the others take their strongest
    tie ``per_node`` times over (one pass over their ties each, all organizations at once): at a
    million organizations, a few passes over the 26 million entries cost less than sorting them.
    """
    W = sp.csr_matrix(coop.W)
    W.sort_indices()
    degree = np.diff(W.indptr)
    kept = np.repeat(degree <= per_node, degree)
    heavy = np.flatnonzero(degree > per_node)
    if len(heavy):
        lengths = degree[heavy]
        at = ranges(W.indptr[heavy], lengths)  # the entries of the organizations with more ties
        weights = W.data[at]
        starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
        owner = np.repeat(np.arange(len(heavy)), lengths)
        for _ in range(per_node):
            best = np.flatnonzero(weights == np.maximum.reduceat(weights, starts)[owner])
            first = best[np.concatenate(([True], owner[best[1:]] != owner[best[:-1]]))]  # in id order
            kept[at[first]] = True
            weights[first] = -np.inf
    rows = np.repeat(np.arange(W.shape[0]), degree)
    keep = sp.csr_matrix((np.ones(int(kept.sum())), (rows[kept], W.indices[kept])), shape=W.shape)
    return sp.csr_matrix(W.multiply(keep.maximum(keep.T)))


def _incidence(
    keys: Iterable, lists: Iterable[Collection], row: Callable, column: Callable, shape: tuple[int, int]
) -> sp.csr_matrix:
    """The sparse matrix with ``row(key), column(item)`` for each ``item`` of each key's list (repeats summed).

    One pass of iterators in C over the keys and the lists, no tuple per entry. A key whose row is
    negative is left out."""
    lists = list(lists)
    lengths = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
    rows = np.repeat(np.fromiter(map(row, keys), dtype=np.int64, count=len(lists)), lengths)
    cols = np.fromiter(map(column, chain.from_iterable(lists)), dtype=np.int64, count=int(lengths.sum()))
    known = rows >= 0
    return sp.csr_matrix((np.ones(int(known.sum())), (rows[known], cols[known])), shape=shape)


def _matrices(coop: Cooperation) -> tuple[sp.csr_matrix, sp.csr_matrix, sp.csr_matrix, list[str], list[str]]:
    """Organizations x projects (took part), organizations x terms (*has* the term: declares it, or took part
    in a project addressing it), projects x funders (how many times each funds it), the term ids, the funder ids.
    """
    snapshot, index = coop.snapshot, coop.index
    n, m = len(coop.ids), len(snapshot.projects)
    held = snapshot.organization_expertise
    took_part = coop.took_part()
    addressed = [p["expertise"] or () for p in snapshot.projects]
    terms = sorted(set().union(*held.values(), *addressed))
    column = {e: k for k, e in enumerate(terms)}
    addresses = _incidence(range(m), addressed, int, column.__getitem__, (m, len(terms)))
    declared = _incidence(held, held.values(), lambda o: index.get(o, -1), column.__getitem__, (n, len(terms)))
    has = sp.csr_matrix((took_part @ addresses + declared) > 0, dtype=np.float64)

    funders = [p["funders"] or () for p in snapshot.projects]
    funder_ids = sorted(set().union(*funders))
    fcol = {f: k for k, f in enumerate(funder_ids)}
    funds = _incidence(range(m), funders, int, fcol.__getitem__, (m, len(funder_ids)))
    return took_part, has, funds, terms, funder_ids


def excellence_hubs(
    coop: Cooperation,
    *,
    seed: int = 0,
    min_size: int = 3,
    per_node: int = BACKBONE,
    resolution: float = 1.0,
) -> list[Hub]:
    """The excellence hubs of ``coop``, best score first (see the module docstring).

    Examples
    --------
    Two triangles of partners joined by one weak tie make two hubs:

    >>> from graph.analytics.cooperation import cooperation_graph
    >>> from graph.analytics.snapshot import snapshot_from_network
    >>> orgs = [{"id": o, "name": o, "roles": ["partner"], "country": "FR" if o < "d" else "MA"} for o in "abcdef"]
    >>> projects = [("p1", "abc"), ("p2", "abc"), ("p3", "def"), ("p4", "def"), ("p5", "cd")]
    >>> net = {"organizations": orgs, "projects": [{"id": p, "title": p, "end": "2020"} for p, _ in projects],
    ...        "participations": [{"organization": o, "project": p} for p, m in projects for o in m]}
    >>> hubs = excellence_hubs(cooperation_graph(snapshot_from_network(net)))
    >>> sorted(sorted(h.members) for h in hubs)
    [['a', 'b', 'c'], ['d', 'e', 'f']]
    """
    with collector_paused():  # beside a large heap (the snapshot), every collection would walk it for nothing
        return _excellence_hubs(coop, seed, min_size, per_node, resolution)


def _excellence_hubs(coop: Cooperation, seed: int, min_size: int, per_node: int, resolution: float) -> list[Hub]:
    B = backbone(coop, per_node)
    tied = np.flatnonzero(np.diff(B.indptr))
    # The communities are found by compiled code without the interpreter's lock, on a helper thread, while
    # this one makes what the hubs' figures need of the whole graph (at a million organizations, 5 s each).
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="hubs-communities") as pool:
        finding = pool.submit(louvain, B[tied][:, tied], resolution=resolution, seed=seed) if len(tied) else None
        took_part, has, funds, terms, funder_ids = _matrices(coop)
        codes = _Codes(coop)
        found = finding.result() if finding is not None else []
    # Rows of the members (ascending: rows are in id order), largest hub first, then by its first id.
    communities = sorted((np.sort(tied[c]) for c in found if len(c) >= min_size), key=lambda c: (-len(c), int(c[0])))
    if not communities:
        return []
    # Every hub at once: members x terms held, shared projects (two members or more) x funders; the members
    # of hub k are rows[starts[k]:starts[k + 1]].
    rows = np.concatenate(communities)
    starts = np.concatenate(([0], np.cumsum([len(c) for c in communities])))
    hub_rows = np.repeat(np.arange(len(communities)), np.diff(starts))
    membership = sp.csr_matrix((np.ones(len(rows)), (hub_rows, rows)), shape=(len(communities), len(coop.ids)))
    inside_counts = (membership @ has).toarray()
    holders = np.asarray(has.sum(axis=0)).ravel()
    shared = sp.csr_matrix(membership @ took_part)
    shared.data = (shared.data >= 2).astype(np.float64)
    shared.eliminate_zeros()
    funded = sp.csr_matrix(shared @ funds)
    inner_strength, inner_ties = _inner(coop.W, membership)
    members = np.array(coop.ids, dtype=object)[rows].tolist()
    countries, roles = codes.counts(rows, hub_rows, len(communities))
    figures = _Figures(
        coop=coop,
        largest=len(communities[0]),
        held=(inside_counts, holders),
        funded=funded,
        names=(terms, funder_ids),
        strength=coop.strength()[rows],
        inner_strength=inner_strength[rows],
        inner_ties=inner_ties,
        countries=countries,
        roles=roles,
    )
    hubs = [
        _hub(figures, number, members[starts[number - 1] : starts[number]], slice(starts[number - 1], starts[number]))
        for number in range(1, len(communities) + 1)
    ]
    hubs.sort(key=lambda h: (-h.score, h.id))
    return hubs


class _Codes:
    """Each organization's country and roles as numbers (in the order of ``coop.ids``), made once for the
    whole graph, so that the hubs' counts are made by numpy (:meth:`counts`)."""

    def __init__(self, coop: Cooperation):
        organizations = coop.snapshot.organizations
        found = [organizations[o] for o in coop.ids]
        country_code: dict = {}
        self.country = np.fromiter(
            (country_code.setdefault(row.get("country"), len(country_code)) for row in found),
            dtype=np.int64,
            count=len(found),
        )
        held = [row.get("roles") or () for row in found]
        role_code: dict = {}
        self.role_lengths = np.fromiter(map(len, held), dtype=np.int64, count=len(held))
        self.role_starts = np.concatenate(([0], np.cumsum(self.role_lengths)[:-1])).astype(np.int64)
        self.role = np.fromiter(
            (role_code.setdefault(r, len(role_code)) for r in chain.from_iterable(held)),
            dtype=np.int64,
            count=int(self.role_lengths.sum()),
        )
        self.countries, self.roles = list(country_code), list(role_code)

    def counts(self, rows: np.ndarray, hub_rows: np.ndarray, hubs: int) -> tuple[list[Counter], list[Counter]]:
        """For each hub (``hub_rows``: the hub of each of the member ``rows``), how many members are in each
        country and have each role; each Counter's keys in the order they first appear among the members."""
        lengths = self.role_lengths[rows]
        roles = self.role[ranges(self.role_starts[rows], lengths)]
        by_country = _counters(hub_rows, *_first_seen(self.country[rows], self.countries), hubs)
        by_role = _counters(np.repeat(hub_rows, lengths), *_first_seen(roles, self.roles), hubs)
        return by_country, by_role


def _first_seen(codes: np.ndarray, values: list) -> tuple[np.ndarray, list]:
    """``codes`` renumbered in the order each first appears, and the values in that order.

    >>> _first_seen(np.array([2, 0, 2, 1]), ["a", "b", "c"])
    (array([0, 1, 0, 2]), ['c', 'a', 'b'])
    """
    if not len(codes):
        return codes, []
    seen, first = np.unique(codes, return_index=True)
    order = seen[np.argsort(first, kind="stable")]
    renumber = np.zeros(len(values), dtype=np.int64)
    renumber[order] = np.arange(len(order))
    return renumber[codes], [values[k] for k in order.tolist()]


def _counters(hub: np.ndarray, value: np.ndarray, values: list, hubs: int) -> list[Counter]:
    """A Counter per hub of the ``values[value[i]]`` of the entries ``i`` of each ``hub[i]``."""
    if not values:
        return [Counter() for _ in range(hubs)]
    counts = np.bincount(hub * len(values) + value, minlength=hubs * len(values)).reshape(hubs, len(values))
    return [Counter({values[k]: int(row[k]) for k in np.flatnonzero(row).tolist()}) for row in counts]


def _inner(W: sp.csr_matrix, membership: sp.csr_matrix) -> tuple[np.ndarray, np.ndarray]:
    """Each organization's weight of ties inside its hub, and each hub's ties inside it (counted both ways;
    index 0: no hub), for every hub at once (``membership``: hubs x organizations)."""
    hub_of = np.zeros(W.shape[0], dtype=np.int64)
    found = membership.tocoo()
    hub_of[found.col] = found.row + 1
    rows = np.repeat(np.arange(W.shape[0]), np.diff(W.indptr))
    inside = (hub_of[rows] == hub_of[W.indices]) & (hub_of[rows] > 0)
    strength = np.bincount(rows[inside], weights=W.data[inside], minlength=W.shape[0])
    ties = np.bincount(hub_of[rows[inside]], minlength=membership.shape[0] + 1)
    return strength, ties


@dataclass
class _Figures:
    """What :func:`_hub` reads, computed for every hub at once. ``held``: how many members of each hub hold
    each term (hubs x terms), how many organizations do; ``names``: the term and funder ids of the columns;
    ``strength``, ``inner_strength``: of each member (all hubs' members one after the other), its tie weight
    and its weight inside its hub; ``inner_ties``: each hub's ties inside it (:func:`_inner`)."""

    coop: Cooperation
    largest: int
    held: tuple[np.ndarray, np.ndarray]
    funded: sp.csr_matrix
    names: tuple[list[str], list[str]]
    strength: np.ndarray
    inner_strength: np.ndarray
    inner_ties: np.ndarray
    countries: list[Counter]
    roles: list[Counter]


def _hub(figures: _Figures, number: int, members: list[str], at: slice) -> Hub:
    """Hub ``number`` of ``members`` (their figures at ``at`` in those of ``figures``): the module docstring."""
    coop = figures.coop
    snapshot, n_orgs = coop.snapshot, len(coop.ids)
    (inside_counts, holders), (terms, funder_ids) = figures.held, figures.names
    inside_row, inner_strength = inside_counts[number - 1], figures.inner_strength[at]
    # Equal weights (up to the last bits of their sums, which depend on the order of addition) in id order.
    order = np.argsort(-np.round(inner_strength, 9), kind="stable")
    anchors = [
        {
            "id": members[i],
            "name": snapshot.organizations[members[i]]["name"],
            "name_fr": snapshot.organizations[members[i]].get("name_fr"),
            "weight": round(float(inner_strength[i]), 3),
        }
        for i in order[:5].tolist()
    ]
    size = len(members)
    inner_nnz = int(figures.inner_ties[number])
    density = (inner_nnz / (size * (size - 1))) if size > 1 else 0.0
    total = float(figures.strength[at].sum())
    cohesion = float(inner_strength.sum()) / total if total else 0.0
    specialisation = []
    for k in np.flatnonzero(inside_row >= MIN_HOLDERS).tolist():
        inside, have = int(inside_row[k]), int(holders[k])
        lift = (inside / size) / (have / n_orgs)
        if lift >= MIN_LIFT:
            e = terms[k]
            term = snapshot.expertise.get(e, {})
            specialisation.append(
                {
                    "id": e,
                    "name": term.get("name", e),
                    "name_fr": term.get("name_fr"),
                    "members": inside,
                    "share": round(inside / size, 3),
                    "network_share": round(have / n_orgs, 4),
                    "lift": round(lift, 2),
                }
            )
    specialisation.sort(key=lambda s: (-s["lift"], -s["members"], s["id"]))
    funded = figures.funded
    lo, hi = funded.indptr[number - 1], funded.indptr[number]
    funders = {funder_ids[f]: int(c) for f, c in zip(funded.indices[lo:hi], funded.data[lo:hi], strict=True)}
    countries, roles = figures.countries[number - 1], figures.roles[number - 1]
    best_lift = specialisation[0]["lift"] if specialisation else 1.0
    leading_country = min(countries.items(), key=lambda x: (-x[1], str(x[0])))[0]
    name, name_fr = hub_name(
        specialisation, snapshot.organizations[anchors[0]["id"]], snapshot.countries.get(leading_country or "")
    )
    largest = figures.largest
    parts = {
        "size": round(math.log(size) / math.log(largest), 3) if largest > 1 else 1.0,
        "cohesion": round(cohesion, 3),
        "specialisation": round(min(1.0, math.log2(best_lift) / 3), 3),
    }
    return Hub(
        id=number,
        name=name,
        name_fr=name_fr,
        size=size,
        score=round(sum(parts.values()) / 3, 3),
        parts=parts,
        anchors=anchors,
        specialisation=specialisation[:8],
        funders=[
            {
                "id": f,
                "name": snapshot.organizations.get(f, {}).get("name", f),
                "name_fr": snapshot.organizations.get(f, {}).get("name_fr"),
                "projects": n,
            }
            for f, n in sorted(funders.items(), key=lambda x: (-x[1], x[0]))[:5]
        ],
        countries=[
            {"code": c, "members": n} for c, n in sorted(countries.items(), key=lambda x: (-x[1], str(x[0])))[:5]
        ],
        roles=dict(sorted(roles.items())),
        density=round(density, 4),
        cohesion=round(cohesion, 3),
        members=members,
    )


def filter_hubs(
    hubs: list[Hub],
    coop: Cooperation,
    *,
    expertise: str | None = None,
    country: str | None = None,
    role: str | None = None,
) -> list[Hub]:
    """The hubs specialised in ``expertise`` (or a narrower term), with members in ``country`` and of ``role``."""
    snapshot = coop.snapshot
    if expertise and expertise not in snapshot.expertise:
        raise UnknownFilter(
            Message("unknown expertise %(expertise)r: use an expertise id of the graph", expertise=expertise)
        )
    if country and country not in snapshot.countries:
        raise UnknownFilter(Message("unknown country %(country)r: use a country code of the graph", country=country))
    if role and role not in ROLES:
        raise UnknownFilter(Message("role must be one of %(roles)s, not %(role)r", roles=", ".join(ROLES), role=role))
    terms = snapshot.narrower(expertise) if expertise else set()
    out = []
    for hub in hubs:
        if terms and not terms.intersection(s["id"] for s in hub.specialisation):
            continue
        if (
            country
            and not any(c["code"] == country for c in hub.countries)
            and not any(snapshot.organizations[o].get("country") == country for o in hub.members)
        ):
            continue
        if role and not hub.roles.get(role):
            continue
        out.append(hub)
    return out
