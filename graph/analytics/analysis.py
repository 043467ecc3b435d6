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
from typing import TYPE_CHECKING, Any, TypeVar

from graph.analytics.snapshot import Snapshot, fetch_snapshot
from graph.analytics.stored import (
    StoredAnalysis,
    cooperation_arrays,
    cooperation_from_arrays,
    hubs_arrays,
    hubs_from_arrays,
    index_arrays,
    index_from_arrays,
    map_arrays,
    map_from_arrays,
    snapshot_arrays,
    snapshot_from_arrays,
)
from graph.store import Store

if TYPE_CHECKING:
    from graph.analytics.cooperation import Cooperation
    from graph.analytics.hubs import Hub
    from graph.analytics.index import PartnerIndex
    from graph.analytics.layout import NetworkMap

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

    def __init__(
        self,
        snapshot: Snapshot | None = None,
        *,
        store: Store | Callable[[], Store] | None = None,
        stored: StoredAnalysis | None = None,
        owns_store: bool = False,
    ) -> None:
        if (snapshot is None) == (store is None):
            raise TypeError("give a snapshot, or a store to read it from")
        if stored is None and store is not None and not isinstance(store, Store):
            raise TypeError("a store opened on first use needs the kept analysis that says its version")
        self._store = store
        self._owns_store = owns_store
        self._read_error: Exception | None = None
        self._stored = stored
        self._values: dict[Hashable, Any] = {}
        self._lock = threading.Lock()  # guards _values and _locks
        self._locks: dict[Hashable, threading.Lock] = {}
        if snapshot is not None:
            self.version = snapshot.version
            self._values["snapshot"] = snapshot
        elif stored is not None:
            self.version = stored.key.version
        else:
            assert isinstance(store, Store)
            self.version = store.version()

    @classmethod
    def from_store(cls, store: Store, stored: StoredAnalysis | None = None) -> Analysis:
        """The analysis of the graph version ``store`` holds now; the snapshot is read from it on first use.

        The store must stay open until :attr:`snapshot` has been read. Should
        the graph be written meanwhile, the snapshot is of the newer version
        (``snapshot.version > version``): the caller holding analyses per
        version then sees a newer version and builds another (and nothing
        computed from that snapshot is kept on disk under this version).
        ``stored``: the members kept on disk for this version
        (:class:`graph.analytics.stored.StoredAnalysis`), read instead of computed, and
        written when computed.
        """
        return cls(store=store, stored=stored)

    @classmethod
    def kept(cls, stored: StoredAnalysis, store: Store | Callable[[], Store]) -> Analysis:
        """The analysis of the version ``stored`` is for: members read from disk where kept, else computed.

        ``store``: an open store, or what opens one (called only when a member must be computed
        from the snapshot). This analysis closes it once the snapshot is read, or in :meth:`close`.
        """
        return cls(store=store, stored=stored, owns_store=True)

    @property
    def stored(self) -> StoredAnalysis | None:
        """Where the members are kept on disk (None: in memory only)."""
        return self._stored

    def close(self, detach: bool = False) -> None:
        """Close the store this analysis opened, if it is still open, and write what is deferred
        (:meth:`graph.analytics.stored.StoredAnalysis.flush`; ``detach``: in a child process)."""
        if self._stored is not None:
            self._stored.flush(detach=detach)
        with self._lock:
            store, owned = self._store, self._owns_store
            if owned:
                self._store = None
        if owned and isinstance(store, Store):
            store.close()

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

    def _kept(self, key: Hashable, member: str, compute: Callable[[], T], codec: tuple[Callable, Callable]) -> T:
        """The member ``key``: read from disk (file ``member``) when kept there, else computed and kept."""
        encode, decode = codec

        def get() -> T:
            if self._stored is not None:
                found = self._stored.load(member, decode)
                if found is not None:
                    return found
            value = compute()
            if self._stored is not None and self._of_this_version():
                self._stored.save_later(member, encode, value)
            return value

        return self._once(key, get)

    def _of_this_version(self) -> bool:
        """False when the snapshot read is of a newer version than this analysis (a write came in between)."""
        with self._lock:
            snapshot = self._values.get("snapshot")
        return snapshot is None or snapshot.version == self.version

    def _read_snapshot(self) -> Snapshot:
        with self._lock:
            source, failed = self._store, self._read_error
        if source is None:
            if failed is not None:  # the read failed and its store is closed: the same error, for every caller
                raise failed
            raise RuntimeError("this analysis was closed before its snapshot was read")
        store = source if isinstance(source, Store) else source()
        try:
            return fetch_snapshot(store)
        except Exception as e:
            with self._lock:
                self._read_error = e
            raise
        finally:
            with self._lock:
                self._store = None  # the store is no longer needed (nor kept alive)
            if self._owns_store:
                store.close()

    @property
    def snapshot(self) -> Snapshot:
        """The graph of this version, in memory (:class:`graph.analytics.snapshot.Snapshot`)."""
        return self._kept("snapshot", "snapshot", self._read_snapshot, (snapshot_arrays, snapshot_from_arrays))

    @property
    def cooperation(self) -> Cooperation:
        """The cooperation graph (:func:`graph.analytics.cooperation.cooperation_graph`)."""
        from graph.analytics.cooperation import cooperation_graph

        return self._kept(
            "cooperation",
            "cooperation",
            lambda: cooperation_graph(self.snapshot),
            (cooperation_arrays, lambda arrays: cooperation_from_arrays(arrays, self.snapshot)),
        )

    def hubs(self, seed: int = 0) -> list[Hub]:
        """The excellence hubs (:func:`graph.analytics.hubs.excellence_hubs`), computed once per ``seed``."""
        from graph.analytics.hubs import excellence_hubs

        return self._kept(
            ("hubs", seed),
            f"hubs-{seed}",
            lambda: excellence_hubs(self.cooperation, seed=seed),
            (hubs_arrays, hubs_from_arrays),
        )

    def network_map(self, seed: int = 0) -> NetworkMap:
        """The map of the network (:func:`graph.analytics.layout.network_map`), computed once per ``seed``."""
        from graph.analytics.layout import network_map

        return self._kept(
            ("map", seed),
            f"map-{seed}",
            lambda: network_map(self.cooperation, self.hubs(seed), seed=seed),
            (map_arrays, map_from_arrays),
        )

    @property
    def partner_index(self) -> PartnerIndex:
        """What the partner finder and the recommender look up (:class:`graph.analytics.index.PartnerIndex`)."""
        from graph.analytics.index import PartnerIndex

        return self._kept(
            "partner_index",
            "partner_index",
            lambda: PartnerIndex(self.cooperation),
            (index_arrays, lambda arrays: index_from_arrays(arrays, self.cooperation)),
        )

    def computed(self) -> set[Hashable]:
        """The members computed so far: ``"snapshot"``, ``"cooperation"``, ``("hubs", seed)``, ``"partner_index"``."""
        with self._lock:
            return set(self._values)

    def __repr__(self) -> str:
        return f"<Analysis of graph version {self.version}: {sorted(map(str, self.computed()))}>"
