"""The graph store: one small interface, two adapters.

``open_store(settings)`` returns the embedded FalkorDB store, or the Neo4j
store when ``NEO4J_URI`` is set. Both return plain rows (``list[dict]``) in
which nodes, relationships and paths are plain dicts of one shape:

- node: ``{"element": "node", "id": str, "labels": [...], "properties": {...}}``
- relationship: ``{"element": "relationship", "id": str, "type": str,
  "start": str, "end": str, "properties": {...}}``
- path: ``{"element": "path", "nodes": [node...], "relationships": [rel...]}``

Named queries come from ``queries/`` (see :mod:`graph.store.library`); the store
refuses a missing or unexpected parameter before anything is sent.

Each adapter implements the abstract methods of :class:`Store`; the shared
methods (``read``, ``write``, ``version``, ``counts``, ``status``) are written
once here on top of them.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from contextlib import AbstractContextManager
from dataclasses import dataclass, field

from graph.settings import Settings
from graph.store.library import Query, get_query

__all__ = ["META_LABEL", "UNIQUE_KEYS", "Result", "Store"]

log = logging.getLogger(__name__)

META_LABEL = "PartnernetMeta"
#: The placeholder label (or type) of ``count_nodes_with_label`` and ``count_relationships_with_type``:
#: :meth:`Store.counts` writes the label or type it counts in its place.
_NAME_SLOT = "`NAME`"

#: (label, property) pairs that identify nodes: indexed and unique on both engines.
UNIQUE_KEYS: tuple[tuple[str, str], ...] = (
    ("Organization", "id"),
    ("Country", "code"),
    ("Expertise", "id"),
    ("Project", "id"),
    ("Agreement", "id"),
    (META_LABEL, "key"),
)


@dataclass
class Result:
    """Rows of a console query, with what is needed to show them honestly."""

    columns: list[str]
    rows: list[dict]
    truncated: bool = False
    elapsed_ms: float = 0.0
    engine: str = ""
    stats: dict = field(default_factory=dict)


class Store(ABC):
    """Interface of both adapters. ``dialect`` is ``"falkordb"`` or ``"neo4j"``."""

    dialect: str = ""
    settings: Settings
    #: True for the store of an ``atomic()`` block: the version changes once, when the block lands.
    in_atomic_block: bool = False
    #: True when the adapter's own write path makes the new graph version with each write (in one transaction).
    versions_each_write: bool = False
    #: Most rows one ``atomic()`` block should write (None: no limit). A larger load is written in
    #: several blocks (see :func:`loaders.load.load_network`).
    max_transaction_rows: int | None = None

    # -- to implement -------------------------------------------------------
    @abstractmethod
    def _execute(self, text: str, params: dict, write: bool) -> list[dict]:
        """Run Cypher text (already in this store's dialect) and return plain rows."""

    @abstractmethod
    def run(
        self,
        cypher: str,
        params: dict | None = None,
        read_only: bool = True,
        timeout: float | None = None,
        limit: int | None = None,
    ) -> Result:
        """Run console text: read-only enforced by the engine, time and row limits."""

    @abstractmethod
    def atomic(self) -> AbstractContextManager[Store]:
        """A store whose writes all land together when the block ends, or none do."""

    @property
    @abstractmethod
    def location(self) -> str:
        """Where the graph is, safe to show (no credentials)."""

    @property
    @abstractmethod
    def graph_id(self) -> str:
        """Which graph of its location this store holds (the embedded graph's name, the Neo4j database)."""

    @abstractmethod
    def close(self) -> None:
        """Release the connection (and, for the embedded engine, this process's use of it)."""

    @abstractmethod
    def setup_schema(self) -> None:
        """Create indexes and uniqueness constraints (idempotent)."""

    # -- shared -------------------------------------------------------------
    def read(self, name: str, **params) -> list[dict]:
        """Run a named read query of the library."""
        query = self._query(name, params)
        return self._execute(query.text(self.dialect), params, write=False)

    def read_rows(
        self, name: str, params: dict | None = None, *, plain: bool = False, word_lists: tuple[str, ...] = ()
    ) -> tuple[list[str], list]:
        """The column names and the rows of a named read query, each row a list of values.

        For reading a whole graph (:func:`graph.analytics.snapshot.fetch_snapshot`): the
        adapters answer without making a dict per row; ``plain`` (the engine's untyped reply
        may be used) and ``word_lists`` (columns of such a reply that hold lists of words)
        concern the embedded engine. This default reads the dicts of :meth:`read`.
        """
        rows = self.read(name, **(params or {}))
        names = list(rows[0]) if rows else []
        return names, [[row[n] for n in names] for row in rows]

    def write(self, name: str, **params) -> list[dict]:
        """Run a named write query; the graph version changes."""
        query = self._query(name, params)
        rows = self._execute(query.text(self.dialect), params, write=True)
        if not self.in_atomic_block and not self.versions_each_write:
            self._bump_version()
        return rows

    def _query(self, name: str, params: dict) -> Query:
        query = get_query(name)
        query.check_params(params)
        return query

    def _bump_version(self) -> None:
        self._execute(get_query("bump_graph_version").text(self.dialect), {"key": "graph"}, write=True)

    def revive(self) -> bool:
        """Start the engine again if it died (the embedded one); True if it was restarted.

        Neo4j's driver reconnects by itself: nothing to do.
        """
        return False

    def version(self) -> int:
        """A number that changes on every write (for caches)."""
        return self.graph_version()[0]

    def graph_version(self) -> tuple[int, int]:
        """``(version, created)``: the number that changes on every write, and when the graph was first written.

        ``created`` (a timestamp, 0 before the first write) tells this graph from one deleted and
        written again, whose version counts from 1 again: caches kept on disk are keyed by both
        (:mod:`graph.analytics.stored`).
        """
        rows = self.read("graph_version", key="graph")
        if not rows:
            return 0, 0
        return int(rows[0]["version"] or 0), int(rows[0].get("created") or 0)

    def counts(self) -> dict:
        """Node counts by label and relationship counts by type, from the engine's own statistics.

        Returns
        -------
        dict
            ``nodes``: how many nodes, partnernet's bookkeeping node (:data:`META_LABEL`) left out; a
            node with two labels counts once. ``relationships``: how many relationships. ``labels``:
            ``{label: n}`` sorted by label, the bookkeeping label and labels without nodes left out.
            ``types``: ``{type: n}`` sorted by type, types without relationships left out.

        Notes
        -----
        No node or relationship is read: the labels and types come from the engine's own lists
        (``count_labels``, ``count_relationship_types``) and each is counted by a query that the
        engine answers from its statistics (Neo4j's count store, FalkorDB's label and type
        matrices), so the time grows with the number of labels and types, not with the graph. The
        numbers are those of a full scan (``count_nodes``, ``count_nodes_by_label``,
        ``count_relationships_by_type``); see :meth:`_counts_by_name`.
        """
        labels = self._counts_by_name("count_labels", "label", "count_nodes_with_label")
        types = self._counts_by_name("count_relationship_types", "type", "count_relationships_with_type")
        bookkeeping = labels.pop(META_LABEL, 0)
        return {
            "nodes": int(self.read("count_all_nodes")[0]["n"]) - bookkeeping,
            "relationships": sum(types.values()),
            "labels": dict(sorted(labels.items())),
            "types": dict(sorted(types.items())),
        }

    def _counts_by_name(self, names: str, column: str, count: str) -> dict[str, int]:
        """``{name: n}`` for each label (or type) listed in ``column`` by the query ``names``, if ``n > 0``.

        Cypher takes no parameter for a label or a type in a pattern, and the engines answer a count
        from their statistics only for a label or type written in the text. So the text of the
        library query ``count``, which names the placeholder :data:`_NAME_SLOT`, gets each name in
        its place, in backquotes, once the name is checked to be an identifier (letters, digits and
        ``_`` only: nothing in it can end the quotes, and a keyword is harmless in them). Any other
        name is never written into a text: ``count + "_by_scan"`` takes it as a parameter named
        ``column`` (``$label``, ``$type``), and reads every node or relationship.
        """
        template = get_query(count).text(self.dialect)
        found: dict[str, int] = {}
        for name in sorted({row[column] for row in self.read(names)}):
            if name.isidentifier():
                rows = self._execute(template.replace(_NAME_SLOT, f"`{name}`"), {}, write=False)
            else:
                rows = self.read(f"{count}_by_scan", **{column: name})
            if rows[0]["n"]:
                found[name] = int(rows[0]["n"])
        return found

    def status(self) -> dict:
        return {"engine": self.dialect, "location": self.location, **self.counts(), "version": self.version()}

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
