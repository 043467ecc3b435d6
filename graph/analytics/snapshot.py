"""What the explorer and the analytics read of the graph, held in memory.

A :class:`Snapshot` is read from the store through the ``snapshot_*`` queries
of ``queries/``, once per graph version (the web app caches it by
:meth:`graph.store.Store.version`). Everything computed from it (the
explorer's views, the cooperation graph) is a pure function of the snapshot.

Reading it costs little more than the client's own parsing of the replies (the
README's Performance section has the figures): each query's rows come as lists
of values (``read_rows`` of the store adapters: no dict per row, and the
embedded engine's plain reply where no column holds free-text lists, see
:data:`TYPED_READS`); relationships name their nodes by the engine's own
numbers, not their id texts, and come as one row of lists of numbers, parsed by
numpy (:data:`COLUMN_READS`); each organization's and project's dict is made
once, in its final shape, projects' lists by sorting arrays; and
:data:`READERS` helper threads read the next queries while this one turns rows
into the snapshot (:data:`READ_AHEAD`), so that the engine's work and Python's
overlap.
"""

from __future__ import annotations

import gc
import warnings
from collections import defaultdict, deque
from collections.abc import Callable, Collection, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice, repeat
from operator import itemgetter

import numpy as np

from graph.errors import QueryError
from graph.store import Store

__all__ = [
    "READS",
    "COLUMN_READS",
    "READERS",
    "READ_AHEAD",
    "TYPED_READS",
    "WIDE_ACTIVITY",
    "WORD_LISTS",
    "Snapshot",
    "collector_paused",
    "fetch_snapshot",
    "is_wide",
    "snapshot_from_network",
]

#: The queries :func:`fetch_snapshot` reads, one read each in this order, and the columns it takes from each (in
#: the order of their ``RETURN``). The relationships' rows name their nodes by the ``node`` column of the
#: organizations, projects and expertise queries: on FalkorDB the engine's own number of the node (an integer:
#: reading and sending it costs a fraction of its id text; at a million organizations the participations were
#: read in 13 s with ids, 6 s with numbers), on Neo4j the id itself. The snapshot maps them back to ids.
READS: dict[str, tuple[str, ...]] = {
    "snapshot_organizations": (
        "node",
        "id",
        "name",
        "name_fr",
        "short_name",
        "roles",
        "kind",
        "centre_level",
        "country",
        "city",
        "name_search",
    ),
    "snapshot_expertise": ("node", "id", "name", "name_fr", "broader"),
    "snapshot_organization_expertise": ("organization", "expertise", "level", "evidence"),
    "snapshot_projects": ("node", "id", "title", "programme", "start_year", "end_year"),
    "snapshot_project_keywords": ("project", "keywords"),
    "snapshot_participations": ("organization", "project", "coordinates"),
    "snapshot_fundings": ("funder", "project"),
    "snapshot_project_expertise": ("project", "expertise"),
    "snapshot_agreements": ("id", "kind", "start_year", "parties"),
    "snapshot_memberships": ("member", "parent"),
    "snapshot_countries": ("code", "name", "name_fr", "priority"),
}
#: Those answering one row of lists (a column each, see :func:`_columns`), not a row per relationship: one
#: value to parse per column, the lists of numbers parsed by numpy (at a million organizations, the 4 million
#: participations' three columns in 0.4 s, against about 5 s for rows of three values; the engine does the
#: work instead, on another core).
COLUMN_READS = frozenset({"snapshot_participations", "snapshot_fundings", "snapshot_project_expertise"})
#: Those read in the embedded engine's typed (compact) reply: their lists hold ids or keywords, free text. The
#: others hold ids, text, whole numbers and roles (words of :data:`graph.model.ROLES`), which its plain reply,
#: cheaper to parse, gives as they are (see ``read_rows`` in :mod:`graph.store.falkordb_store`).
TYPED_READS = frozenset({"snapshot_agreements", "snapshot_project_keywords"})
#: Columns of lists of words, which a plain reply writes as text.
WORD_LISTS = {"snapshot_organizations": ("roles",)}

#: An activity (project or agreement) with more participants than this ties none of them pairwise, in the
#: cooperation graph and in the explorer: its n participants would make n * (n - 1) / 2 ties (a programme of 20,000
#: members, 200 million), each worth almost nothing (Newman's weight 1 / (n - 1)). H2020's largest has 186.
WIDE_ACTIVITY = 1000


def is_wide(members: Collection[str] | None, limit: int) -> bool:
    """Whether an activity with these participants (ids, repeats allowed) has more than ``limit`` distinct ones.

    >>> is_wide(["a", "b", "b"], 2), is_wide(["a", "b", "c"], 2), is_wide(None, 0)
    (False, True, False)
    """
    if not members:
        return False
    return len(members) > limit and len(set(members)) > limit


@dataclass
class Snapshot:
    """Organizations, projects, agreements and vocabularies of one graph version.

    ``organizations``, ``expertise`` and ``countries`` map an id (a code for
    countries) to its row; ``projects`` are rows with ``title``, ``programme``,
    ``start_year``, ``end_year``, ``keywords`` (a list, or ``None``), ``participants``, ``coordinators``,
    ``funders`` and ``expertise`` (ids); ``agreements`` rows have ``kind``,
    ``start_year`` and ``parties``;
    ``memberships`` holds ``(member, parent)`` pairs and
    ``organization_expertise`` maps an organization to its expertise ids and
    ``expertise_evidence`` maps ``(organization, expertise)`` to
    ``{"level": ..., "evidence": ...}``.
    """

    version: int
    organizations: dict[str, dict] = field(default_factory=dict)
    projects: list[dict] = field(default_factory=list)
    agreements: list[dict] = field(default_factory=list)
    memberships: list[tuple[str, str]] = field(default_factory=list)
    organization_expertise: dict[str, set[str]] = field(default_factory=dict)
    expertise_evidence: dict[tuple[str, str], dict] = field(default_factory=dict)
    expertise: dict[str, dict] = field(default_factory=dict)
    countries: dict[str, dict] = field(default_factory=dict)
    #: The projects' participants as two arrays, when read from a store: row numbers in ``projects`` and in
    #: ``organizations`` (in the order of its keys, the ids sorted), sorted by project then organization, one
    #: pair per participation as ``participants`` has them. The cooperation graph is built from them without
    #: looking each id up again; ``None`` when the snapshot was made otherwise (it then reads ``participants``).
    participation_rows: tuple[np.ndarray, np.ndarray] | None = field(default=None, compare=False, repr=False)

    def wide_activities(self, limit: int | None = None) -> list[dict]:
        """The projects and agreements with more than ``limit`` (:data:`WIDE_ACTIVITY`) distinct participants.

        Each: ``kind`` (``project`` or ``agreement``), ``id``, ``participants`` (how many).

        >>> s = Snapshot(0, projects=[{"id": "p", "participants": ["a", "b", "c"]}],
        ...              agreements=[{"id": "x", "parties": ["a", "b"]}])
        >>> s.wide_activities(limit=2)
        [{'kind': 'project', 'id': 'p', 'participants': 3}]
        """
        limit = WIDE_ACTIVITY if limit is None else limit
        kinds = (("project", self.projects, "participants"), ("agreement", self.agreements, "parties"))
        return [
            {"kind": kind, "id": row["id"], "participants": len(set(row[key]))}
            for kind, rows, key in kinds
            for row in rows
            if is_wide(row[key], limit)
        ]

    def narrower(self, expertise_id: str) -> set[str]:
        """``expertise_id`` and every term below it (transitively).

        Examples
        --------
        >>> s = Snapshot(0, expertise={
        ...     "it": {"id": "it", "broader": None},
        ...     "security": {"id": "security", "broader": "it"},
        ...     "crypto": {"id": "crypto", "broader": "security"},
        ...     "law": {"id": "law", "broader": None}})
        >>> sorted(s.narrower("it"))
        ['crypto', 'it', 'security']
        >>> sorted(s.narrower("unknown"))
        ['unknown']
        """
        children: dict[str, list[str]] = defaultdict(list)
        for term in self.expertise.values():
            if term.get("broader"):
                children[term["broader"]].append(term["id"])
        found, todo = {expertise_id}, [expertise_id]
        while todo:
            for child in children.get(todo.pop(), ()):
                if child not in found:
                    found.add(child)
                    todo.append(child)
        return found


def _read(store: Store, name: str) -> list:
    """The rows of the snapshot query ``name``, each a sequence of the values of its :data:`READS` columns.

    Read with ``store.read_rows`` (no dict per row; see :data:`TYPED_READS`).
    """
    columns = READS[name]
    names, rows = store.read_rows(name, plain=name not in TYPED_READS, word_lists=WORD_LISTS.get(name, ()))
    if rows and tuple(names) != columns:
        raise QueryError(f"query {name} returns {', '.join(names)}; the snapshot reads {', '.join(columns)}")
    return rows


#: Queries read ahead of the one in use (in the order of :data:`READS`), by :data:`READERS` helper threads.
READ_AHEAD = 3
#: Queries read at once: the engine works on one while the client parses another's reply (at a million
#: organizations, one reader took 38-44 s to read them all, two 22-28 s; see the README's Performance section).
READERS = 2


class _ReadAhead:
    """The rows of each query of :data:`READS`, asked for in that order; while the caller uses one
    query's rows, a helper thread reads the next ones (:data:`READ_AHEAD` at most).

    The engine works on the next queries (and the client waits for them, without the interpreter's
    lock) while this thread turns rows into the snapshot: a few replies are held at a time, not all.
    """

    def __init__(self, store: Store, pool: ThreadPoolExecutor):
        self._store, self._pool, self._names = store, pool, iter(READS)
        self._ahead: deque[tuple[str, Future]] = deque()
        self._submit(READ_AHEAD + 1)

    def _submit(self, count: int) -> None:
        for name in islice(self._names, count):
            self._ahead.append((name, self._pool.submit(_read, self._store, name)))

    def __call__(self, name: str) -> list:
        expected, future = self._ahead.popleft()
        if expected != name:
            raise RuntimeError(f"{name} asked for before {expected}: read in the order of READS")
        self._submit(1)
        return future.result()


class _Nodes:
    """Node keys (the ``node`` column of a snapshot query) -> positions (``-1`` for a key not read: a node
    written between two reads).

    FalkorDB's keys are the engine's numbers of the nodes, small whole numbers: looked up in an array (a
    column of a million keys in milliseconds, against about 0.4 s through a dict); Neo4j's, ids, through a
    dict.

    >>> nodes = _Nodes([7, 3, 5])
    >>> nodes.positions([5, 7, 4, 9], 4).tolist(), _Nodes(["b", "a"]).positions(["a", "c"], 2).tolist()
    ([2, 0, -1, -1], [1, -1])
    """

    def __init__(self, keys: list):
        self.table: np.ndarray | None = None
        self.at: dict = {}
        numbers = all(type(key) is int and key >= 0 for key in keys)  # noqa: E721 (not bool)
        if numbers and keys and max(keys) < 8 * len(keys) + 1024:
            self.table = np.full(max(keys) + 1, -1, dtype=np.int64)
            self.table[np.asarray(keys, dtype=np.int64)] = np.arange(len(keys))
        else:
            self.at = {key: i for i, key in enumerate(keys)}

    def positions(self, keys: Iterable, count: int) -> np.ndarray:
        """The position of each of the ``count`` ``keys`` (an array of numbers, or any keys)."""
        if self.table is not None:  # the keys of the same engine's other queries are numbers too
            found = keys if isinstance(keys, np.ndarray) else np.fromiter(keys, dtype=np.int64, count=count)
            inside = (found >= 0) & (found < len(self.table))
            return np.where(inside, self.table[np.where(inside, found, 0)], -1)
        keys = keys.tolist() if isinstance(keys, np.ndarray) else keys
        return np.fromiter(map(self.at.get, keys, repeat(-1)), dtype=np.int64, count=count)


def _numbers(value: str) -> np.ndarray:
    """The whole numbers of a list's text ``value`` (``[1, 2, 3]``)."""
    inside = value.strip()[1:-1]
    if not inside.strip():
        return np.zeros(0, np.int64)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # numpy warns, and stops, at text that is not a number
            numbers = np.fromstring(inside, dtype=np.int64, sep=",")
    except (ValueError, DeprecationWarning):
        numbers = None
    if numbers is None or len(numbers) != inside.count(",") + 1:
        raise QueryError(f"the snapshot expected a list of whole numbers, not {value[:40]!r}")
    return numbers


def _columns(rows: list) -> list:
    """The lists of a :data:`COLUMN_READS` reply (one row of lists), each as an array when it holds whole
    numbers: FalkorDB's plain reply writes a list as its text (``[1, 2, 3]``), parsed here by numpy.

    >>> [c.tolist() if isinstance(c, np.ndarray) else c for c in _columns([["[3, 1]", ["a", "b"], "[]"]])]
    [[3, 1], ['a', 'b'], []]
    >>> _columns([])
    []
    """
    if not rows:
        return []
    out: list = []
    for value in rows[0]:
        out.append(_numbers(value) if isinstance(value, str) else value if value is not None else [])
    return out


def _sorted_pairs(groups: np.ndarray, members: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The (group, member) position pairs without those holding ``-1``, sorted by group then member."""
    known = (groups >= 0) & (members >= 0)
    groups, members = groups[known], members[known]
    order = np.lexsort((members, groups))
    return groups[order], members[order]


def _lists(pairs: tuple[np.ndarray, np.ndarray], names: list[str], count: int) -> list[list[str]]:
    """For each of ``count`` groups, the names of its members in :func:`_sorted_pairs` ``pairs``."""
    groups, members = pairs
    flat = np.asarray(names, dtype=object)[members].tolist() if len(members) else []
    bounds = np.searchsorted(groups, np.arange(count + 1)).tolist()
    return [flat[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True)]


def _grouped(groups: np.ndarray, members: np.ndarray, names: list[str], count: int) -> list[list[str]]:
    """For each of ``count`` groups, the names of its members (repeats kept), in the order of ``names``.

    ``groups`` and ``members`` are positions, one pair per row, ``-1`` for a row to leave out; ``names`` is
    sorted, so that members in the order of their positions are in the order of their names.

    >>> _grouped(np.array([1, 0, 1, -1]), np.array([2, 0, 1, 0]), ["a", "b", "c"], 3)
    [['a'], ['b', 'c'], []]
    """
    return _lists(_sorted_pairs(groups, members), names, count)


def _rows_by_node(rows: list, nodes: tuple[_Nodes, _Nodes]) -> tuple[np.ndarray, np.ndarray]:
    """The positions of the first two columns of rows naming (left, right) nodes."""
    return nodes[0].positions(map(itemgetter(0), rows), len(rows)), nodes[1].positions(
        map(itemgetter(1), rows), len(rows)
    )


def _pairs_by_node(columns: list, nodes: tuple[_Nodes, _Nodes]) -> tuple[np.ndarray, np.ndarray]:
    """The positions of the first two of :func:`_columns`, naming (left, right) nodes."""
    if not columns:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    return nodes[0].positions(columns[0], len(columns[0])), nodes[1].positions(columns[1], len(columns[1]))


def _activities(
    read: Callable[[str], list], organizations: _Nodes, organization_ids: list[str], terms: _Nodes, term_ids: list[str]
) -> tuple[list[dict], list[dict], tuple[np.ndarray, np.ndarray]]:
    """Projects (dicts made once, in their final shape, sorted by id) with their lists sorted; agreements; and
    the participations as positions (:attr:`Snapshot.participation_rows`)."""
    rows = sorted(read("snapshot_projects"), key=itemgetter(1))
    projects_at = _Nodes([row[0] for row in rows])
    m = len(rows)
    keywords: list[list[str] | None] = [None] * m
    found = read("snapshot_project_keywords")
    for at, words in zip(projects_at.positions(map(itemgetter(0), found), len(found)).tolist(), found, strict=True):
        if at >= 0:
            keywords[at] = words[1]
    participations = _columns(read("snapshot_participations"))
    organization, project = _pairs_by_node(participations, (organizations, projects_at))
    coordinates = np.asarray(participations[2], dtype=bool) if participations else np.zeros(0, bool)
    del participations
    participation_rows = _sorted_pairs(project, organization)
    participants = _lists(participation_rows, organization_ids, m)
    coordinators = _grouped(np.where(coordinates, project, -1), organization, organization_ids, m)
    funder, funded = _pairs_by_node(_columns(read("snapshot_fundings")), (organizations, projects_at))
    funders = _grouped(funded, funder, organization_ids, m)
    addressed, term = _pairs_by_node(_columns(read("snapshot_project_expertise")), (projects_at, terms))
    expertise = _grouped(addressed, term, term_ids, m)
    projects = [
        {
            "id": p,
            "title": title,
            "programme": programme,
            "start_year": start,
            "end_year": end,
            "keywords": keywords[i],
            "participants": participants[i],
            "coordinators": coordinators[i],
            "funders": funders[i],
            "expertise": expertise[i],
        }
        for i, (_, p, title, programme, start, end) in enumerate(rows)
    ]
    agreements = [
        {"id": a, "kind": kind, "start_year": start, "parties": sorted(parties or [])}
        for a, kind, start, parties in read("snapshot_agreements")
    ]
    return projects, agreements, participation_rows


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector paused, for steps that create millions of objects in no cycle.

    Every collection meanwhile walked the whole heap, to free nothing: at a million organizations that
    made reading the snapshot, and building the cooperation graph and the partner index, markedly slower
    (the README's Performance section has the figures).

    On leaving, the objects made meanwhile go straight to the oldest generation (``gc.freeze`` then
    ``gc.unfreeze``, which walk nothing): otherwise the next collection of the youngest would walk them all
    at once (at a million organizations, the snapshot's tens of millions of objects, seconds each time),
    then the middle one again. Only a full collection walks them, as it would have; cycles among them are
    still collected."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def fetch_snapshot(store: Store) -> Snapshot:
    """Read a :class:`Snapshot` of the graph in ``store``: one read of each ``snapshot_*`` query."""
    pool = ThreadPoolExecutor(max_workers=READERS, thread_name_prefix="snapshot-read")
    try:
        with collector_paused():
            version = store.version()
            return _assemble(version, _ReadAhead(store, pool))
    finally:
        pool.shutdown(cancel_futures=True)  # after an error, the reads not started yet are not made


def _assemble(version: int, read: Callable[[str], list]) -> Snapshot:
    """The snapshot from the rows of each query of :data:`READS` (asked for in that order); each row's dict
    is made once, in its final shape."""
    rows = sorted(read("snapshot_organizations"), key=itemgetter(1))
    organization_nodes = _Nodes([row[0] for row in rows])
    organizations = {
        o: {
            "id": o,
            "name": name,
            "name_fr": name_fr,
            "short_name": short_name,
            "roles": roles,
            "kind": kind,
            "centre_level": centre_level,
            "country": country,
            "city": city,
            "name_search": name_search,
        }
        for _, o, name, name_fr, short_name, roles, kind, centre_level, country, city, name_search in rows
    }
    ids = list(organizations)
    del rows
    rows = sorted(read("snapshot_expertise"), key=itemgetter(1))
    expertise = {
        e: {"id": e, "name": name, "name_fr": name_fr, "broader": broader} for _, e, name, name_fr, broader in rows
    }
    term_ids, term_nodes = list(expertise), _Nodes([row[0] for row in rows])
    org_expertise, evidence = _organization_expertise(
        read("snapshot_organization_expertise"), (organization_nodes, term_nodes), ids, term_ids
    )
    projects, agreements, participation_rows = _activities(read, organization_nodes, ids, term_nodes, term_ids)
    return Snapshot(
        version=version,
        organizations=organizations,
        projects=projects,
        agreements=agreements,
        memberships=[(member, parent) for member, parent in read("snapshot_memberships")],
        organization_expertise=org_expertise,
        expertise_evidence=evidence,
        expertise=expertise,
        countries={
            code: {"code": code, "name": name, "name_fr": name_fr, "priority": priority}
            for code, name, name_fr, priority in read("snapshot_countries")
        },
        participation_rows=participation_rows,
    )


def _organization_expertise(
    rows: list, nodes: tuple[_Nodes, _Nodes], ids: list[str], term_ids: list[str]
) -> tuple[dict[str, set[str]], dict[tuple[str, str], dict]]:
    """Each organization's expertise ids, and the evidence of each (organization, expertise) pair, in the
    order of the organizations' ids then the expertise ids (the engines' orders differ)."""
    organization, term = _rows_by_node(rows, nodes)
    order = np.lexsort((term, organization))
    organization, term = organization[order], term[order]
    rows = [rows[k] for k in order.tolist()]
    org_expertise: dict[str, set[str]] = defaultdict(set)
    evidence = {}
    for o, t, (_, _, level, said) in zip(organization.tolist(), term.tolist(), rows, strict=True):
        if o >= 0 and t >= 0:
            key = ids[o], term_ids[t]
            org_expertise[key[0]].add(key[1])
            evidence[key] = {"level": level, "evidence": said}
    return dict(org_expertise), evidence


def _keyword_list(value: object) -> list[str] | None:
    """A project's keywords as a list (the input format also takes them as one text separated by ``|``).

    >>> _keyword_list("solar energy| DAC"), _keyword_list(["qubits"]), _keyword_list(None)
    (['solar energy', 'DAC'], ['qubits'], None)
    """
    if not value:
        return None
    items = value.split("|") if isinstance(value, str) else list(value) if isinstance(value, (list, tuple)) else []
    return [k.strip() for k in items if isinstance(k, str) and k.strip()] or None


def snapshot_from_network(network: dict[str, list[dict]], version: int = 0) -> Snapshot:
    """The :class:`Snapshot` that loading ``network`` (input format, see ``loaders.schema``) would read back.

    For tests and benchmarks that need no engine.

    Why this is long: one short block per input table, in the order :func:`fetch_snapshot` reads
    them, so that the two can be compared side by side.

    >>> s = snapshot_from_network({
    ...     "organizations": [{"id": "a", "name": "A", "roles": ["partner"]},
    ...                       {"id": "b", "name": "B", "roles": ["funder"]}],
    ...     "projects": [{"id": "p", "title": "P", "start": "2020-01-01"}],
    ...     "participations": [{"organization": "a", "project": "p", "role": "coordinator"}],
    ...     "fundings": [{"funder": "b", "project": "p"}]})
    >>> p = s.projects[0]
    >>> p["participants"], p["coordinators"], p["funders"], p["start_year"]
    (['a'], ['a'], ['b'], 2020)
    """
    from graph.text import fold

    def year(value: object) -> int | None:
        return int(str(value)[:4]) if value else None

    def table(name: str) -> list[dict]:
        return network.get(name) or []

    organizations = {}
    for row in table("organizations"):
        organizations[row["id"]] = {
            "id": row["id"],
            "name": row["name"],
            "name_fr": row.get("name_fr"),
            "short_name": row.get("short_name"),
            "city": row.get("city"),
            "roles": list(row.get("roles") or []),
            "kind": row.get("kind"),
            "centre_level": row.get("centre_level"),
            "country": row.get("country"),
            "name_search": fold(" ".join(filter(None, (row["name"], row.get("name_fr"), row.get("short_name"))))),
        }
    projects = {
        row["id"]: {
            "id": row["id"],
            "title": row["title"],
            "programme": row.get("programme"),
            "start_year": year(row.get("start")),
            "end_year": year(row.get("end")),
            "keywords": _keyword_list(row.get("keywords")),
            "participants": [],
            "coordinators": [],
            "funders": [],
            "expertise": [],
        }
        for row in table("projects")
    }
    for row in table("participations"):
        projects[row["project"]]["participants"].append(row["organization"])
        if row.get("role") == "coordinator":
            projects[row["project"]]["coordinators"].append(row["organization"])
    for row in table("fundings"):
        projects[row["project"]]["funders"].append(row["funder"])
    for row in table("project_expertise"):
        projects[row["project"]]["expertise"].append(row["expertise"])
    for p in projects.values():
        for key in ("participants", "coordinators", "funders", "expertise"):
            p[key].sort()
    agreements = {
        row["id"]: {"id": row["id"], "kind": row.get("kind"), "start_year": year(row.get("signed")), "parties": []}
        for row in table("agreements")
    }
    for row in table("agreement_parties"):
        agreements[row["agreement"]]["parties"].append(row["organization"])
    org_expertise: dict[str, set[str]] = defaultdict(set)
    evidence = {}
    for row in table("organization_expertise"):
        org_expertise[row["organization"]].add(row["expertise"])
        evidence[row["organization"], row["expertise"]] = {"level": row.get("level"), "evidence": row.get("evidence")}
    return Snapshot(
        version=version,
        organizations=dict(sorted(organizations.items())),
        projects=[projects[k] for k in sorted(projects)],
        agreements=[{**agreements[k], "parties": sorted(agreements[k]["parties"])} for k in sorted(agreements)],
        memberships=sorted((row["member"], row["parent"]) for row in table("memberships")),
        organization_expertise=dict(org_expertise),
        expertise_evidence=evidence,
        expertise={
            row["id"]: {
                "id": row["id"],
                "name": row["name"],
                "name_fr": row.get("name_fr"),
                "broader": row.get("broader"),
            }
            for row in sorted(table("expertise"), key=lambda r: r["id"])
        },
        countries={
            row["code"]: {
                "code": row["code"],
                "name": row["name"],
                "name_fr": row.get("name_fr"),
                "priority": row.get("priority"),
            }
            for row in sorted(table("countries"), key=lambda r: r["code"])
        },
    )
