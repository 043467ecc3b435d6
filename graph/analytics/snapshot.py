"""What the explorer and the analytics read of the graph, held in memory.

A :class:`Snapshot` is read from the store through the ``snapshot_*`` queries
of ``queries/``, once per graph version (the web app caches it by
:meth:`graph.store.Store.version`). Everything computed from it (the
explorer's views, the cooperation graph) is a pure function of the snapshot.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from graph.store import Store

__all__ = ["WIDE_ACTIVITY", "Snapshot", "collector_paused", "fetch_snapshot", "is_wide", "snapshot_from_network"]

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


def _projects(store: Store) -> list[dict]:
    """Project rows with their ``participants``, ``coordinators``, ``funders`` and ``expertise`` lists."""
    projects = store.read("snapshot_projects")
    by_id = {p["id"]: p for p in projects}
    for p in projects:
        p.update(participants=[], coordinators=[], funders=[], expertise=[])
    for row in store.read("snapshot_participations"):
        p = by_id[row["project"]]
        p["participants"].append(row["organization"])
        if row["role"] == "coordinator":
            p["coordinators"].append(row["organization"])
    for row in store.read("snapshot_fundings"):
        by_id[row["project"]]["funders"].append(row["funder"])
    for row in store.read("snapshot_project_expertise"):
        by_id[row["project"]]["expertise"].append(row["expertise"])
    for p in projects:  # the engine's order is not stable: sort for reproducible results
        for key in ("participants", "coordinators", "funders", "expertise"):
            p[key].sort()
    return projects


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector paused, for steps that create millions of objects in no cycle.

    Every collection meanwhile walked the whole heap, to free nothing: at a million organizations that
    made reading the snapshot, and building the cooperation graph and the partner index, markedly slower
    (the README's Performance section has the figures)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def fetch_snapshot(store: Store) -> Snapshot:
    """Read a :class:`Snapshot` of the graph in ``store``: one read of each ``snapshot_*`` query."""
    with collector_paused():
        return _fetch_snapshot(store)


def _fetch_snapshot(store: Store) -> Snapshot:
    version = store.version()
    org_expertise: dict[str, set[str]] = defaultdict(set)
    evidence = {}
    for row in store.read("snapshot_organization_expertise"):
        org_expertise[row["organization"]].add(row["expertise"])
        evidence[row["organization"], row["expertise"]] = {"level": row["level"], "evidence": row["evidence"]}
    return Snapshot(
        version=version,
        organizations={row["id"]: row for row in store.read("snapshot_organizations")},
        projects=_projects(store),
        agreements=[{**row, "parties": sorted(row["parties"] or [])} for row in store.read("snapshot_agreements")],
        memberships=[(row["member"], row["parent"]) for row in store.read("snapshot_memberships")],
        organization_expertise=dict(org_expertise),
        expertise_evidence=evidence,
        expertise={row["id"]: row for row in store.read("snapshot_expertise")},
        countries={row["code"]: row for row in store.read("snapshot_countries")},
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
