"""The web app's state: one store per app, its analysis per graph version, and the cache of drawn views.

``init_app(app, settings)`` attaches an :class:`AppState`; views reach it with
:func:`get_state`. The store is opened on first use (not at import or
factory time) and closed when the process exits. The analytics of the graph
are one :class:`graph.analytics.analysis.Analysis` per graph version (snapshot,
cooperation graph, hubs, partner index: each computed once, on first use);
the map of the network that gives every view its positions
(:func:`graph.analytics.layout.network_map`) is one of its members;
views (filtered, capped, laid out) are kept per graph version and request in
a small LRU cache, with one lock per key so that two requests for the same
cold view compute it once.
"""

from __future__ import annotations

import atexit
import gzip
import logging
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask, current_app, g, has_request_context

from graph.analytics.analysis import Analysis
from graph.analytics.cooperation import Cooperation
from graph.analytics.hubs import Hub
from graph.analytics.layout import NetworkMap
from graph.analytics.snapshot import Snapshot
from graph.analytics.stored import stored_for
from graph.errors import EngineUnavailable, PartnernetError
from graph.settings import Settings
from graph.store import Store, open_store

__all__ = [
    "CACHE_SIZE",
    "COMPUTE_AT_ONCE",
    "GZIP_FROM",
    "RESPONSE_BYTES",
    "REVIVE_FIRST",
    "REVIVE_MOST",
    "AppState",
    "Responses",
    "get_state",
    "init_app",
    "warm",
]

log = logging.getLogger(__name__)

#: Views (and their drawings) kept in memory, most recently used first out last.
CACHE_SIZE = 64
#: Seconds before the second try at restarting a dead engine; each failed try doubles it, up to REVIVE_MOST.
REVIVE_FIRST = 0.5
REVIVE_MOST = 30.0
#: Pages computed at once (:meth:`AppState.computing`: a page nobody asked before, a view nobody drew before):
#: one can take a core for seconds, and the pages already kept must keep answering meanwhile (they need the
#: interpreter's lock too); the others wait their turn, holding a thread (``serve --threads``), not the lock.
COMPUTE_AT_ONCE = 2
#: Bytes of answered pages kept in memory (:class:`Responses`), most recently used first out last.
RESPONSE_BYTES = 128 * 1024 * 1024
#: Kept pages of this many bytes or more are also kept gzipped, for browsers that accept it (all do).
GZIP_FROM = 4096


class Responses:
    """Pages already answered, by key (graph version, URL, language, who): the bytes and their type.

    A page is a pure function of its key (:func:`web.responses.html_and_json`), so the second visitor of
    a page gets its bytes without the view nor the template: on H2020 the hubs page costs 0.6 s to render
    and nothing to send again. Bounded by bytes (:data:`RESPONSE_BYTES`); thread-safe.

    >>> r = Responses(limit=100)
    >>> for key in "abcde":
    ...     r.put((key,), b"x" * 25, "text/html")
    >>> r.get(("a",)), r.get(("e",))[1:], r.size
    (None, ('text/html', None), 100)
    """

    def __init__(self, limit: int = RESPONSE_BYTES) -> None:
        self.limit, self.size = limit, 0
        self._kept: OrderedDict[tuple, tuple[bytes, str, bytes | None]] = OrderedDict()
        self._lock = threading.Lock()
        self._making: dict[tuple, tuple[threading.Lock, int]] = {}

    @contextmanager
    def making(self, key: tuple) -> Iterator[None]:
        """One request at a time makes the page of ``key``: the others asking it meanwhile wait, then find it
        kept (:meth:`get`) instead of making it again."""
        with self._lock:
            lock, users = self._making.get(key, (threading.Lock(), 0))
            self._making[key] = (lock, users + 1)
        try:
            with lock:
                yield
        finally:
            with self._lock:
                lock, users = self._making[key]
                if users == 1:
                    del self._making[key]
                else:
                    self._making[key] = (lock, users - 1)

    def get(self, key: tuple) -> tuple[bytes, str, bytes | None] | None:
        """The page's bytes, their type and the same bytes gzipped (``None`` for a small page), if kept."""
        with self._lock:
            found = self._kept.get(key)
            if found is not None:
                self._kept.move_to_end(key)
            return found

    def put(self, key: tuple, body: bytes, mimetype: str) -> None:
        """Keep a page; one larger than :data:`GZIP_FROM` also gzipped (once: the network page's 1.5 MB of
        JSON on H2020 are sent as 0.2 MB to every browser after)."""
        if len(body) > self.limit // 4:  # one page never takes the room of many
            return
        packed = gzip.compress(body, compresslevel=5, mtime=0) if len(body) >= GZIP_FROM else None
        size = len(body) + len(packed or b"")
        with self._lock:
            old = self._kept.pop(key, None)
            if old is not None:
                self.size -= len(old[0]) + len(old[2] or b"")
            self._kept[key] = (body, mimetype, packed)
            self.size += size
            while self.size > self.limit:
                _, (dropped, _, dropped_packed) = self._kept.popitem(last=False)
                self.size -= len(dropped) + len(dropped_packed or b"")

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()
            self.size = 0


class AppState:
    """The store of an app, the analysis of its current graph version, and the views' cache (thread-safe)."""

    def __init__(self, settings: Settings, store: Store | None = None) -> None:
        self.settings = settings
        self._store = store
        self._owns_store = store is None
        self._lock = threading.Lock()
        self._analysis: Analysis | None = None
        self._analysis_lock = threading.Lock()
        self._cache: OrderedDict[tuple, Any] = OrderedDict()
        self._key_locks: dict[tuple, threading.Lock] = {}
        self.responses = Responses()
        self._computing = threading.BoundedSemaphore(COMPUTE_AT_ONCE)
        self._in_turn = threading.local()
        self._reviving: threading.Thread | None = None
        self._closed = False
        self._last_version: tuple[int, int] | None = None

    @property
    def store(self) -> Store:
        with self._lock:
            if self._store is None:
                self._store = open_store(self.settings)
            return self._store

    def analysis(self) -> Analysis:
        """The analysis of the current graph version (a new one after any write).

        Its members are read from the data folder where kept for this version, and kept
        there when computed (:mod:`graph.analytics.stored`): a restarted server reads them.
        """
        store = self.store
        version = self.graph_version()
        with self._analysis_lock:
            if self._analysis is None or self._analysis.version != version[0]:
                log.info("analysing graph version %s", version[0])
                self._analysis = Analysis.from_store(store, stored=stored_for(self.settings, store, version))
            return self._analysis

    def graph_version(self) -> tuple[int, int]:
        """The store's graph version, asked of the engine once per request (a page asks it for its key and for
        the analysis).

        When the engine does not answer, it is started again in the background (:meth:`engine_failed`) and the
        last version read stands meanwhile: pages kept and the analysis computed keep answering.
        """
        if has_request_context() and "partnernet_version" in g:
            return g.partnernet_version
        try:
            version = self.store.graph_version()
        except EngineUnavailable:
            self.engine_failed()
            if self._last_version is None or self._analysis is None:
                raise
            log.warning("the engine does not answer: pages answer from graph version %s", self._last_version[0])
            version = self._last_version
        self._last_version = version
        if has_request_context():
            g.partnernet_version = version
        return version

    def snapshot(self) -> Snapshot:
        """The snapshot of the current graph version (read again after any write)."""
        return self.analysis().snapshot

    def cooperation(self) -> Cooperation:
        """The cooperation graph of the current graph version (built once per version)."""
        return self.analysis().cooperation

    def hubs(self, seed: int = 0) -> list[Hub]:
        """The excellence hubs of the current graph version (computed once per version and seed)."""
        return self.analysis().hubs(seed)

    def network_map(self, seed: int = 0) -> NetworkMap:
        """The map of the current graph version (hubs as places), computed once per version and seed."""
        return self.analysis().network_map(seed)

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

    @contextmanager
    def computing(self) -> Iterator[None]:
        """A turn to compute (at most :data:`COMPUTE_AT_ONCE` threads at once); a thread already in its turn
        goes on (a page computing a view)."""
        if getattr(self._in_turn, "held", False):
            yield
            return
        with self._computing:
            self._in_turn.held = True
            try:
                yield
            finally:
                self._in_turn.held = False

    def cold(self, key: tuple, compute: Callable[[], Any]) -> Any:
        """:meth:`cached`, for a view that costs seconds to compute the first time (a filtered view of a large
        network): computed in a turn (:meth:`computing`), so that a burst of them leaves the other threads
        (and the interpreter's lock) to the pages already kept."""

        def in_turn() -> Any:
            with self.computing():
                return compute()

        return self.cached(key, in_turn)

    def forget_views(self) -> None:
        """Drop the cached views and drawings (not the analysis, nor its map): the next view is cold.

        For benchmarks that time cold views of one graph version.
        """
        with self._lock:
            self._cache.clear()
        self.responses.clear()

    def engine_failed(self) -> None:
        """A page found the engine gone: restart it in the background, trying again with a growing delay.

        Called by the error handler on :class:`EngineUnavailable` and when the graph version could
        not be read. One restarter at a time; the store reaps the dead engine and starts a new one on
        the same data folder (:meth:`graph.store.Store.revive`).
        """
        with self._lock:
            if self._closed or self._store is None or (self._reviving is not None and self._reviving.is_alive()):
                return
            self._reviving = threading.Thread(target=self._revive, daemon=True, name="partnernet-revive")
            self._reviving.start()

    def _revive(self) -> None:
        delay = REVIVE_FIRST
        while not self._closed and self._store is not None:
            try:
                if self._store.revive():
                    log.warning("the embedded engine had stopped: started again")
                return
            except PartnernetError as e:
                log.warning("could not start the engine again (%s): next try in %.1f s", e, delay)
            time.sleep(delay)
            delay = min(delay * 2, REVIVE_MOST)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            if self._store is not None and self._owns_store:
                self._store.close()
            self._store = None


def init_app(app: Flask, settings: Settings, store: Store | None = None) -> AppState:
    state = AppState(settings, store)
    app.extensions["partnernet"] = state
    _open_states.add(state)  # a weak reference: an app dropped takes its caches with it
    return state


#: Backends still alive, closed when the process exits (their store releases the embedded engine).
_open_states: weakref.WeakSet[AppState] = weakref.WeakSet()


@atexit.register
def _close_open_states() -> None:
    for state in list(_open_states):
        state.close()


def warm(app: Flask, partner_index: bool = True, pages: bool = True) -> int:
    """Compute what the first visitor of each page would otherwise wait for, for the current graph version.

    The cooperation graph, the hubs, the map of the network, the default
    network view, (unless ``pages`` is False) the map page's places, the charts' series and what changed
    between the default periods, and (unless ``partner_index`` is False) the partner finder's
    index: at a large scale minutes, paid here instead of by a visitor (read
    from the data folder where the analysis is kept). Returns the version warmed.
    """
    state: AppState = app.extensions["partnernet"]
    analysis = state.analysis()
    analysis.hubs()
    state.network_map()
    with app.test_client() as client:  # as the server itself: no sign-in (web.auth.WARMING)
        warming = {"partnernet.warming": True}
        client.get("/network", environ_base=warming)
        client.get("/search.json?q=a", environ_base=warming)  # the search's table of folded names
        if pages:
            client.get("/map.json", environ_base=warming)
            client.get("/changes.json", environ_base=warming)
            if analysis.hubs():
                client.get("/hubs/1", environ_base=warming)
    if partner_index:
        analysis.partner_index  # noqa: B018 (computed and kept by the analysis)
    return analysis.version


def get_state() -> AppState:
    return current_app.extensions["partnernet"]
