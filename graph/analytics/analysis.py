"""One analysis per graph version: the snapshot and what is computed from it, each once, on first use.

An :class:`Analysis` is what the CLI and the web app ask for hubs, paths,
partners and recommendations. The CLI builds one per command; the web app
keeps one per graph version (and builds another after a write). Its members
are computed when first asked for, kept, and shared between threads: two
threads asking for the same member wait for one computation.

>>> from graph.analytics.snapshot import snapshot_from_network
>>> orgs = [{"id": o, "name": o.upper(), "roles": ["partner"]} for o in "abcd"]
>>> projects = [{"id": p, "title": p} for p in ("ab", "bc", "cd")]
>>> participations = [{"organization": o, "project": p} for p in ("ab", "bc", "cd") for o in p]
>>> analysis = Analysis(snapshot_from_network(
...     {"organizations": orgs, "projects": projects, "participations": participations}, version=3))
>>> analysis.version, sorted(analysis.computed())
(3, ['snapshot'])
>>> analysis.cooperation.ids
['a', 'b', 'c', 'd']
>>> analysis.cooperation is analysis.cooperation
True
>>> sorted(analysis.computed())
['cooperation', 'snapshot']
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from graph.analytics.cooperation import Cooperation, cooperation_graph
from graph.analytics.hubs import Hub, excellence_hubs
from graph.analytics.index import PartnerIndex
from graph.analytics.snapshot import Snapshot, fetch_snapshot
from graph.store import Store

__all__ = ["Analysis"]

T = TypeVar("T")


class Analysis:
    """The analytics of one graph version, each member computed on first use and kept (thread-safe).

    Parameters
    ----------
    snapshot : Snapshot, optional
        The graph version to analyse.
    store : Store, optional
        Instead of ``snapshot``: the store to read it from, on first use
        (the version is that of the store now; see :meth:`from_store`).

    Attributes
    ----------
    version : int
        The graph version analysed (that of the snapshot, or of the store
        when :meth:`from_store` was called).

    See Also
    --------
    graph.analytics.finder.find_partners, graph.analytics.recommend.recommend_partners :
        take an ``Analysis`` (and use its :attr:`partner_index`).

    Notes
    -----
    Members are computed under one lock each: two threads asking for the
    same cold member compute it once, and different members (the hubs and
    the partner index) can be computed at the same time. A member whose
    computation raised is computed again when next asked for. The results
    are shared: do not modify them.
    """

    def __init__(self, snapshot: Snapshot | None = None, *, store: Store | None = None) -> None:
        if (snapshot is None) == (store is None):
            raise TypeError("give a snapshot, or a store to read it from")
        self._read: Callable[[], Snapshot] | None = None
        self._values: dict[Hashable, Any] = {}
        self._lock = threading.Lock()  # guards _values and _locks
        self._locks: dict[Hashable, threading.Lock] = {}
        if snapshot is not None:
            self.version = snapshot.version
            self._values["snapshot"] = snapshot
        else:
            assert store is not None
            self.version = store.version()
            self._read = lambda: fetch_snapshot(store)

    @classmethod
    def from_store(cls, store: Store) -> Analysis:
        """The analysis of the graph version ``store`` holds now; the snapshot is read from it on first use.

        The store must stay open until :attr:`snapshot` has been read. Should
        the graph be written meanwhile, the snapshot is of the newer version
        (``snapshot.version > version``): the caller holding analyses per
        version then sees a newer version and builds another.
        """
        return cls(store=store)

    def _once(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The member ``key``, computed by ``compute()`` once (other threads asking meanwhile wait for it)."""
        with self._lock:
            if key in self._values:
                return self._values[key]
            key_lock = self._locks.setdefault(key, threading.Lock())
        with key_lock:
            with self._lock:
                if key in self._values:
                    return self._values[key]
            value = compute()
            with self._lock:
                self._values[key] = value
                self._locks.pop(key, None)
            return value

    def _read_snapshot(self) -> Snapshot:
        assert self._read is not None, "an Analysis built from a snapshot holds it from the start"
        snapshot = self._read()
        self._read = None  # the store is no longer needed (nor kept alive)
        return snapshot

    @property
    def snapshot(self) -> Snapshot:
        """The graph of this version, in memory (:class:`graph.analytics.snapshot.Snapshot`)."""
        return self._once("snapshot", self._read_snapshot)

    @property
    def cooperation(self) -> Cooperation:
        """The cooperation graph (:func:`graph.analytics.cooperation.cooperation_graph`)."""
        return self._once("cooperation", lambda: cooperation_graph(self.snapshot))

    def hubs(self, seed: int = 0) -> list[Hub]:
        """The excellence hubs (:func:`graph.analytics.hubs.excellence_hubs`), computed once per ``seed``."""
        return self._once(("hubs", seed), lambda: excellence_hubs(self.cooperation, seed=seed))

    @property
    def partner_index(self) -> PartnerIndex:
        """What the partner finder and the recommender look up (:class:`graph.analytics.index.PartnerIndex`)."""
        return self._once("partner_index", lambda: PartnerIndex(self.cooperation))

    def computed(self) -> set[Hashable]:
        """The members computed so far: ``"snapshot"``, ``"cooperation"``, ``("hubs", seed)``, ``"partner_index"``."""
        with self._lock:
            return set(self._values)

    def __repr__(self) -> str:
        return f"<Analysis of graph version {self.version}: {sorted(map(str, self.computed()))}>"
