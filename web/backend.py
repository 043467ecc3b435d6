"""One store per app, and the caches that make warm pages fast.

``init_app(app, settings)`` attaches a :class:`Backend`; views reach it with
:func:`get_backend`. The store is opened on first use (not at import or
factory time) and closed when the process exits. The snapshot of the graph is
kept per graph version; views (filtered, capped, laid out) are kept per graph
version and request in a small LRU cache, with one lock per key so that two
requests for the same cold view compute it once.
"""

from __future__ import annotations

import atexit
import logging
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from flask import Flask, current_app

from graph.analytics.cooperation import Cooperation, cooperation_graph
from graph.analytics.hubs import Hub, excellence_hubs
from graph.analytics.partners import partner_index
from graph.analytics.snapshot import Snapshot, fetch_snapshot
from graph.settings import Settings
from graph.store import Store, open_store

log = logging.getLogger(__name__)

#: Views (and their drawings) kept in memory, most recently used first out last.
CACHE_SIZE = 64


class Backend:
    """The store of an app and its caches (thread-safe)."""

    def __init__(self, settings: Settings, store: Store | None = None) -> None:
        self.settings = settings
        self._store = store
        self._owns_store = store is None
        self._lock = threading.Lock()
        self._snapshot: Snapshot | None = None
        self._snapshot_lock = threading.Lock()
        self._cache: OrderedDict[tuple, Any] = OrderedDict()
        self._key_locks: dict[tuple, threading.Lock] = {}

    @property
    def store(self) -> Store:
        with self._lock:
            if self._store is None:
                self._store = open_store(self.settings)
            return self._store

    def snapshot(self) -> Snapshot:
        """The snapshot of the current graph version (read again after any write)."""
        version = self.store.version()
        with self._snapshot_lock:
            if self._snapshot is None or self._snapshot.version != version:
                log.info("reading a snapshot of graph version %s", version)
                self._snapshot = fetch_snapshot(self.store)
            return self._snapshot

    def cooperation(self) -> Cooperation:
        """The cooperation graph of the current graph version (built once per version)."""
        snapshot = self.snapshot()
        return self.cached(("cooperation", snapshot.version), lambda: cooperation_graph(snapshot))

    def hubs(self, seed: int = 0) -> list[Hub]:
        """The excellence hubs of the current graph version (computed once per version and seed)."""
        coop = self.cooperation()
        return self.cached(("hubs", coop.snapshot.version, seed), lambda: excellence_hubs(coop, seed=seed))

    def cached(self, key: tuple, compute: Callable[[], Any]) -> Any:
        """``compute()`` once per ``key`` (keys should start with the graph version)."""
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
            key_lock = self._key_locks.setdefault(key, threading.Lock())
        with key_lock:
            with self._lock:
                if key in self._cache:
                    return self._cache[key]
            value = compute()
            with self._lock:
                self._cache[key] = value
                self._key_locks.pop(key, None)
                while len(self._cache) > CACHE_SIZE:
                    self._cache.popitem(last=False)
            return value

    def close(self) -> None:
        with self._lock:
            if self._store is not None and self._owns_store:
                self._store.close()
            self._store = None


def init_app(app: Flask, settings: Settings, store: Store | None = None) -> Backend:
    backend = Backend(settings, store)
    app.extensions["partnernet"] = backend
    _open_backends.add(backend)  # a weak reference: an app dropped takes its caches with it
    return backend


#: Backends still alive, closed when the process exits (their store releases the embedded engine).
_open_backends: weakref.WeakSet[Backend] = weakref.WeakSet()


@atexit.register
def _close_open_backends() -> None:
    for backend in list(_open_backends):
        backend.close()


def warm(app: Flask) -> int:
    """Compute what the first visitor of each page would otherwise wait for, for the current graph version.

    The default network view (snapshot, view, layout), the cooperation graph,
    the hubs and the partner finder's index: at a million organizations about
    three minutes, paid here instead of by a visitor. Returns the version warmed.
    """
    backend: Backend = app.extensions["partnernet"]
    version = backend.store.version()
    with app.test_client() as client:
        client.get("/network")
    backend.hubs()
    partner_index(backend.cooperation())
    return version


def get_backend() -> Backend:
    return current_app.extensions["partnernet"]
