"""What the explorer and the analytics read of the graph, held in memory.

A :class:`Snapshot` is read from the store through the ``snapshot_*`` queries
of ``queries/``, once per graph version (the web app caches it by
:meth:`graph.store.Store.version`). Everything computed from it (the
explorer's views, the cooperation graph) is a pure function of the snapshot.

Reading it costs little more than the client's own parsing of the replies (the
README's Performance section has the figures): each query's rows come as lists
of values (``read_rows`` of the store adapters: no dict per row, and the
embedded engine's plain reply where no column holds free-text lists, see
:data:`TYPED_READS`); each organization's and project's dict is made once, in
its final shape; and a helper thread reads the next queries while this one
turns rows into the snapshot (:data:`READ_AHEAD`), so that the engine's work
and Python's overlap.
"""

from __future__ import annotations

import gc
from collections import defaultdict, deque
from collections.abc import Callable, Collection, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from operator import itemgetter

from graph.errors import QueryError
from graph.store import Store

__all__ = [
    "READS",
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
#: the order of their ``RETURN``).
READS: dict[str, tuple[str, ...]] = {
    "snapshot_organizations": (
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
    "snapshot_organization_expertise": ("organization", "expertise", "level", "evidence"),
    "snapshot_participations": ("organization", "project", "role"),
    "snapshot_projects": ("id", "title", "programme", "start_year", "end_year", "keywords"),
    "snapshot_fundings": ("funder", "project"),
    "snapshot_project_expertise": ("project", "expertise"),
    "snapshot_agreements": ("id", "kind", "start_year", "parties"),
    "snapshot_memberships": ("member", "parent"),
    "snapshot_expertise": ("id", "name", "name_fr", "broader"),
    "snapshot_countries": ("code", "name", "name_fr", "priority"),
}
#: Those read in the embedded engine's typed (compact) reply: their lists hold ids or keywords, free text. The
#: others hold ids, text, whole numbers and roles (words of :data:`graph.model.ROLES`), which its plain reply,
#: cheaper to parse, gives as they are (see ``read_rows`` in :mod:`graph.store.falkordb_store`).
TYPED_READS = frozenset({"snapshot_agreements", "snapshot_projects"})
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


#: Queries read ahead of the one in use (by one helper thread, in the order of :data:`READS`).
READ_AHEAD = 2


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


def _activities(read: Callable[[str], list]) -> tuple[list[dict], list[dict]]:
    """Projects (dicts made once, in their final shape) and agreements, with their lists, sorted."""
    lists: defaultdict[str, tuple[list[str], ...]] = defaultdict(lambda: ([], [], [], []))
    for organization, project, role in read("snapshot_participations"):
        found = lists[project]
        found[0].append(organization)
        if role == "coordinator":
            found[1].append(organization)
    projects = []
    for p, title, programme, start, end, keywords in sorted(read("snapshot_projects"), key=itemgetter(0)):
        participants, coordinators, funders, expertise = lists[p]
        projects.append(
            {
                "id": p,
                "title": title,
                "programme": programme,
                "start_year": start,
                "end_year": end,
                "keywords": keywords,
                "participants": participants,
                "coordinators": coordinators,
                "funders": funders,
                "expertise": expertise,
            }
        )
    for funder, project in read("snapshot_fundings"):
        lists[project][2].append(funder)
    for project, term in read("snapshot_project_expertise"):
        lists[project][3].append(term)
    for found in lists.values():  # the engine's order is not stable: sorted for reproducible results
        for members in found:
            if len(members) > 1:
                members.sort()
    agreements = [
        {"id": a, "kind": kind, "start_year": start, "parties": sorted(parties or [])}
        for a, kind, start, parties in read("snapshot_agreements")
    ]
    return projects, agreements


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
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="snapshot-read")
    try:
        with collector_paused():
            version = store.version()
            return _assemble(version, _ReadAhead(store, pool))
    finally:
        pool.shutdown(cancel_futures=True)  # after an error, the reads not started yet are not made


def _assemble(version: int, read: Callable[[str], list]) -> Snapshot:
    """The snapshot from the rows of each query of :data:`READS` (asked for in that order); each row's dict
    is made once, in its final shape."""
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
        for o, name, name_fr, short_name, roles, kind, centre_level, country, city, name_search in sorted(
            read("snapshot_organizations"), key=itemgetter(0)
        )
    }
    org_expertise: dict[str, set[str]] = defaultdict(set)
    evidence = {}
    for organization, term, level, said in read("snapshot_organization_expertise"):
        org_expertise[organization].add(term)
        evidence[organization, term] = {"level": level, "evidence": said}
    projects, agreements = _activities(read)
    return Snapshot(
        version=version,
        organizations=organizations,
        projects=projects,
        agreements=agreements,
        memberships=[(member, parent) for member, parent in read("snapshot_memberships")],
        organization_expertise=dict(org_expertise),
        expertise_evidence=evidence,
        expertise={
            e: {"id": e, "name": name, "name_fr": name_fr, "broader": broader}
            for e, name, name_fr, broader in read("snapshot_expertise")
        },
        countries={
            code: {"code": code, "name": name, "name_fr": name_fr, "priority": priority}
            for code, name, name_fr, priority in read("snapshot_countries")
        },
    )


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
