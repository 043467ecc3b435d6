"""The embedded store: FalkorDB through the ``falkordb`` client on a Unix socket."""

from __future__ import annotations

import fcntl
import logging
import os
import re
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext

import redis
from falkordb import FalkorDB
from falkordb.edge import Edge
from falkordb.helpers import stringify_param_value
from falkordb.node import Node
from falkordb.path import Path as FPath
from falkordb.query_result import QueryResult

from graph.errors import (
    EngineUnavailable,
    QueryError,
    QuerySyntaxError,
    QueryTimeout,
    ReadOnlyError,
    UnsupportedFeature,
)
from graph.settings import Settings
from graph.store.base import UNIQUE_KEYS, Result, Store
from graph.store.console import limited
from graph.store.engine import STAGING_SUFFIX, EmbeddedEngine, file_lock
from graph.store.library import get_query, statements
from graph.store.version_file import forget_version, read_counter, read_version, write_counter, write_version

__all__ = ["CACHE_SIZE", "FalkorDBStore", "engine_for", "module_args", "translate_error"]

log = logging.getLogger(__name__)

#: Query plans the engine keeps, per thread (FalkorDB ``CACHE_SIZE``; its default, written down to be bounded).
CACHE_SIZE = 25
#: Queries the engine holds waiting for a thread before it refuses more (FalkorDB ``MAX_QUEUED_QUERIES``).
MAX_QUEUED_QUERIES = 256
#: Growth of the engine's memory across a console query past which its cached plans are pushed out.
_GROWTH = 1.10
_GROWTH_SLACK = 8 * 2**20


def module_args(settings: Settings) -> tuple[str, ...]:
    """FalkorDB's arguments when partnernet starts the engine: a memory cap per query, a bounded plan cache,
    a bounded queue, and one thread more than the console's queries at once (at least one per core), so
    that the console never holds every thread.

    >>> from graph.settings import load_settings
    >>> module_args(load_settings({"PARTNERNET_QUERY_MEMORY": "512"}, environ={}))[:2]
    ('QUERY_MEM_CAPACITY', '536870912')
    """
    args = ("QUERY_MEM_CAPACITY", str(settings.query_memory * 2**20)) if settings.query_memory > 0 else ()
    threads = max(os.cpu_count() or 1, settings.console_queries + 1)
    return (
        *args,
        "CACHE_SIZE",
        str(CACHE_SIZE),
        "MAX_QUEUED_QUERIES",
        str(MAX_QUEUED_QUERIES),
        "THREAD_COUNT",
        str(threads),
    )


def engine_for(settings: Settings) -> EmbeddedEngine:
    """The embedded engine of ``settings.data_dir``, started (if this process starts it) with :func:`module_args`."""
    return EmbeddedEngine(
        settings.data_dir,
        settings.fsync,
        settings.engine_start_timeout,
        settings.engine_idle_timeout,
        module_args=module_args(settings),
    )


_STATS = ("nodes_created", "nodes_deleted", "relationships_created", "relationships_deleted", "properties_set")
#: What ``INFO persistence`` says while the engine runs a forked child (a rewrite, a save, a module's fork).
_FORKS = ("aof_rewrite_in_progress", "aof_rewrite_scheduled", "rdb_bgsave_in_progress", "module_fork_in_progress")
_NOT_SUPPORTED = re.compile(r"(does not currently support|not supported|is not supported)\s*(.*)", re.I)


def _plain(value):
    """Convert a FalkorDB value into plain Python (see :mod:`graph.store` for the shapes)."""
    if isinstance(value, Node):
        return {
            "element": "node",
            "id": str(value.id),
            "labels": list(value.labels or []),
            "properties": dict(value.properties),
        }
    if isinstance(value, Edge):
        src, dst = value.src_node, value.dest_node
        return {
            "element": "relationship",
            "id": str(value.id),
            "type": value.relation,
            "start": str(src.id if isinstance(src, Node) else src),
            "end": str(dst.id if isinstance(dst, Node) else dst),
            "properties": dict(value.properties),
        }
    if isinstance(value, FPath):
        return {
            "element": "path",
            "nodes": [_plain(n) for n in value.nodes()],
            "relationships": [_plain(e) for e in value.edges()],
        }
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


class _Entity(Exception):
    """A node, relationship, path or other typed value in a result: the client's own parser reads it."""


def _scalar(cell):
    """A value of the compact result format, when it is a scalar, a list or a map (see :func:`_compact_rows`)."""
    kind, value = cell
    if kind <= 3:  # unknown, null, string, integer: the value as the protocol gave it
        return value
    if kind == 6:
        return [_scalar(c) for c in value]
    if kind == 4:
        return value == "true"
    if kind == 5:
        return float(value)
    if kind == 10:
        return {value[i]: _scalar(value[i + 1]) for i in range(0, len(value), 2)}
    if kind == 11:  # a point, as the client's parser gives it
        return {"latitude": float(value[0]), "longitude": float(value[1])}
    raise _Entity


def _raise_errors(response) -> None:
    """Raise the error a ``GRAPH.QUERY`` reply carries (the protocol puts it in the reply, not around it)."""
    for item in (response[0], response[-1]):
        if isinstance(item, redis.exceptions.ResponseError):
            raise item


def _compact_rows(response) -> tuple[list[str], list[list]] | None:
    """Column names and rows of a compact ``GRAPH.QUERY`` reply holding only scalars, lists and maps.

    ``None`` when a value is a node, a relationship or a path. The ``falkordb``
    client parses every value through a table of functions; a reply of plain
    values needs none of that: the common cells (null, text, integer) are
    taken as they came, the others go through :func:`_scalar` (the README's
    Performance section has the figures).

    >>> _compact_rows([[[1, "id"], [1, "roles"]], [[[2, "a"], [6, [[2, "partner"]]]], [[2, "b"], [1, None]]], []])
    (['id', 'roles'], [['a', ['partner']], ['b', None]])
    """
    _raise_errors(response)
    if len(response) < 3:
        return [], []
    names = [name for _, name in response[0]]
    try:
        return names, [[v if k <= 3 else _scalar((k, v)) for k, v in row] for row in response[1]]
    except _Entity:
        return None


def _word_list(text: str | None) -> list[str] | None:
    """A list of words as the plain reply writes it.

    >>> _word_list("[partner, funder]"), _word_list("[]"), _word_list(None)
    (['partner', 'funder'], [], None)
    """
    if text is None:
        return None
    return text[1:-1].split(", ") if len(text) > 2 else []


def _plain_rows(response, word_lists: tuple[str, ...] = ()) -> tuple[list[str], list[list]]:
    """Column names and rows of a plain (not compact) ``GRAPH.QUERY`` reply, as the protocol sent them.

    The columns named in ``word_lists`` hold lists of words, which the plain reply
    writes as text (``[partner, funder]``): they are read back as lists.

    >>> _plain_rows([["id", "roles"], [["a", "[partner, funder]"], ["b", None]], []], word_lists=("roles",))
    (['id', 'roles'], [['a', ['partner', 'funder']], ['b', None]])
    """
    _raise_errors(response)
    if len(response) < 3:
        return [], []
    names, rows = response[0], response[1]
    for column in map(names.index, word_lists):
        for row in rows:
            row[column] = _word_list(row[column])
    return names, rows


def _fast_rows(response) -> list[dict] | None:
    """Rows of a compact ``GRAPH.QUERY`` reply holding only scalars, lists and maps; ``None`` otherwise."""
    found = _compact_rows(response)
    if found is None:
        return None
    names, rows = found
    return [dict(zip(names, row, strict=True)) for row in rows]


def translate_error(e: Exception, text: str = "") -> Exception:
    """Turn a FalkorDB/redis error into the project's own error type."""
    if isinstance(e, (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)):
        return EngineUnavailable(f"the embedded engine stopped answering ({e}); run `partnernet engine status`")
    message = str(e)
    if "only on read-only queries" in message:
        return ReadOnlyError("read-only: this query writes to the graph, and writes are refused here")
    if "timed out" in message.lower():
        return QueryTimeout("the query ran past its time limit and was stopped")
    if "mem consumption exceeded capacity" in message:
        return QueryError(
            "the query needed more memory than one query may take in the engine (PARTNERNET_QUERY_MEMORY) "
            "and was stopped: narrow it"
        )
    if "max pending queries exceeded" in message.lower():
        return EngineUnavailable("the engine has too many queries waiting: try again in a moment")
    m = re.search(r"errMsg: (.*?) line: (\d+), column: (\d+)", message)
    if m:
        return QuerySyntaxError(f"syntax error at line {m.group(2)}, column {m.group(3)}: {m.group(1)}")
    if "more than one statement" in message:
        return QueryError("one statement per query: remove the ';' and what follows it")
    m = _NOT_SUPPORTED.search(message)
    if m:
        feature = m.group(2).strip().rstrip(".") or message
        return UnsupportedFeature(
            f"the embedded engine (FalkorDB) does not support `{feature}`; on Neo4j this query runs"
        )
    return QueryError(message)


def params_header(params: dict | None) -> str:
    """The ``CYPHER name=value ...`` prefix that carries parameters to FalkorDB.

    >>> params_header({"id": "a", "ids": [1, 2]})
    'CYPHER `id`="a" `ids`=[1,2] '
    >>> params_header(None)
    ''
    """
    if not params:
        return ""
    return "CYPHER " + "".join(f"`{name}`={stringify_param_value(value)} " for name, value in params.items())


class FalkorDBStore(Store):
    """The embedded FalkorDB graph of one data folder.

    ``FalkorDBStore(settings)`` starts (or joins) the engine of
    ``settings.data_dir`` and opens its graph. The methods under "FalkorDB
    only" (``compact``, ``delete_graph``) are not part of :class:`Store`.
    """

    dialect = "falkordb"
    versions_each_write = True

    def __init__(self, settings: Settings, graph_name: str | None = None, *, staging_for: FalkorDBStore | None = None):
        """Open ``graph_name`` (default ``settings.graph``) on the engine of ``settings.data_dir``.

        ``staging_for``: the store whose ``atomic()`` block this one serves; it
        shares that store's engine and connection, takes no write lock of its
        own, does not bump the version per write, and closes nothing.
        """
        self.settings = settings
        if staging_for is None:
            self.engine = engine_for(settings)
            self.engine.acquire()
            self.db = FalkorDB(
                unix_socket_path=str(self.engine.socket_path), socket_timeout=settings.engine_socket_timeout
            )
        else:
            self.engine, self.db = staging_for.engine, staging_for.db
        self.graph_name = graph_name or settings.graph
        self.graph = self.db.select_graph(self.graph_name)
        self._staging = self.in_atomic_block = staging_for is not None
        self._closed = False
        if self._staging:
            return
        try:
            if not self.connection.exists(self.graph_name):
                self.setup_schema()  # creates the graph, with its indexes
            self.check_version()
        except redis.exceptions.RedisError as e:
            self.close()
            raise translate_error(e) from None
        except BaseException:
            self.close()
            raise

    @property
    def location(self) -> str:
        return self.engine.location

    @property
    def graph_id(self) -> str:
        return self.graph_name

    @property
    def connection(self) -> redis.Redis:
        return self.db.connection

    def _write_lock(self):
        if self._staging:
            return nullcontext()
        return file_lock(self.engine.data_dir / "write.lock", fcntl.LOCK_EX)

    def _call(self, text: str, params: dict | None, write: bool, timeout_ms: int | None = None):
        """Run ``text``; a write (outside an ``atomic()`` block) makes a new graph version with it."""
        try:
            if write and not self._staging:
                return self._versioned_write(text, params or {}, timeout_ms)
            if write:
                return self.graph.query(text, params or None, timeout=timeout_ms)
            return self.graph.ro_query(text, params or None, timeout=timeout_ms)
        except redis.exceptions.RedisError as e:
            raise translate_error(e, text) from None

    def _versioned_write(self, text: str, params: dict, timeout_ms: int | None) -> QueryResult:
        """The write and its new graph version in one transaction (MULTI/EXEC), under the write lock.

        Both land in the append-only file or neither does (the engine drops a
        transaction cut short at the end of its file), so a graph never holds a
        write under the version before it. The version is one above the
        highest ever handed out (:func:`read_counter`), which is kept after the
        engine acknowledged it.
        """
        stamp = get_query("set_graph_version").text(self.dialect)
        with self._write_lock():
            self._forget_version()
            self._set_fsync(self.settings.fsync)  # as configured, even after a load killed mid-way
            version = max(super().graph_version()[0], read_counter(self.engine.data_dir, self.graph_name)) + 1
            timeout = ["timeout", timeout_ms] if timeout_ms else []
            pipe = self.connection.pipeline(transaction=True)
            pipe.execute_command("GRAPH.QUERY", self.graph_name, params_header(params) + text, "--compact", *timeout)
            pipe.execute_command(
                "GRAPH.QUERY", self.graph_name, params_header({"key": "graph", "version": version}) + stamp, "--compact"
            )
            reply, stamped = pipe.execute(raise_on_error=False)
            if isinstance(stamped, Exception):
                raise stamped
            found = QueryResult(self.graph, stamped).result_set[0]
            write_counter(self.engine.data_dir, self.graph_name, version)
            write_version(self.engine.data_dir, self.graph_name, found[0], found[1])
            self._compact_if_grown()
        if isinstance(reply, Exception):
            raise reply
        return QueryResult(self.graph, reply)

    def check_version(self) -> None:
        """At open, when no write is under way: drop the staging graph a killed load left, and check the version.

        A graph whose version is below the highest ever handed out lost writes (the engine's file lost
        its tail): it is noted (``partnernet status`` says it) and moved to a new version, so that nothing
        kept for a version it had, or will have again, is taken for it. A graph with no version yet (new,
        or deleted) is not a loss: its next version is above the highest anyway.
        """
        if self._staging:
            return
        issued = read_counter(self.engine.data_dir, self.graph_name)
        staging = f"{self.graph_name}{STAGING_SUFFIX}"
        try:
            with file_lock(self.engine.data_dir / "write.lock", fcntl.LOCK_EX | fcntl.LOCK_NB):
                if self.connection.exists(staging):  # no load runs: loads hold the write lock throughout
                    log.warning("removing the staging graph %s left by an interrupted load", staging)
                    self.connection.delete(staging)
                version = super().graph_version()[0] if issued else 0
                if not 0 < version < issued:
                    return
        except BlockingIOError:  # a write is under way: it hands out a version above both
            return
        self.engine.note_recovered(
            f"the graph {self.graph_name} is at version {version}, below version {issued} handed out before: "
            "the engine lost the writes after it (the end of its append-only file); it now has a new version"
        )
        self._versioned_write("RETURN 1", {}, None)

    def _execute(self, text: str, params: dict, write: bool) -> list[dict]:
        if write:
            result = self._call(text, params, write)
        else:
            try:
                response = self._read_reply(text, params, compact=True)
                rows = _fast_rows(response)
                if rows is not None:
                    return rows
                result = QueryResult(self.graph, response)
            except redis.exceptions.RedisError as e:
                raise translate_error(e, text) from None
        columns = [h[1] for h in result.header]
        return [dict(zip(columns, map(_plain, row), strict=True)) for row in result.result_set]

    def _read_reply(self, text: str, params: dict, compact: bool):
        command = ["GRAPH.RO_QUERY", self.graph_name, params_header(params) + text]
        return self.connection.execute_command(*command, *(["--compact"] if compact else []))

    def read_rows(
        self, name: str, params: dict | None = None, *, plain: bool = False, word_lists: tuple[str, ...] = ()
    ) -> tuple[list[str], list[list]]:
        """The column names and the rows of a named read query, each row a list of values: no dict per row.

        For reading a whole graph (see :func:`graph.analytics.snapshot.fetch_snapshot`). ``plain``: the
        caller knows that every column holds only text, integers and nulls, or lists of words named in
        ``word_lists`` (words without ``", "``, such as roles), and the engine sends its plain reply,
        cheaper to parse than the typed (compact) one, whose rows come as they are. In the plain reply a
        float, a boolean, a map or another list would come as its text.
        """
        params = params or {}
        text = self._query(name, params).text(self.dialect)
        try:
            response = self._read_reply(text, params, compact=not plain)
            if plain:
                return _plain_rows(response, word_lists)
            found = _compact_rows(response)
            if found is None:  # nodes, relationships or paths: the client's parser reads them
                result = QueryResult(self.graph, response)
                found = [h[1] for h in result.header], [list(map(_plain, row)) for row in result.result_set]
        except redis.exceptions.RedisError as e:
            raise translate_error(e, text) from None
        return found

    def run(self, cypher, params=None, read_only=True, timeout=None, limit=None) -> Result:
        """Console text, read-only unless told: the row limit is written into it (:func:`limited`), so the
        engine sends at most one row past it; cached plans that grew the engine's memory are pushed out."""
        timeout = self.settings.query_timeout if timeout is None else timeout
        limit = self.settings.row_limit if limit is None else limit
        text = limited(cypher, limit, params) if read_only and limit is not None else cypher
        before = self._used_memory() if read_only else None
        started = time.perf_counter()
        timeout_ms = max(1, int(timeout * 1000))
        try:
            try:
                result = self._call(text, params or {}, write=not read_only, timeout_ms=timeout_ms)
            except QuerySyntaxError:
                if text == cypher:
                    raise
                self._explain(cypher, params or {})  # the error of the text as written (its lines, its columns)
                log.warning("the row limit written into a console query broke it; ran as written: %r", cypher)
                result = self._call(cypher, params or {}, write=False, timeout_ms=timeout_ms)
        finally:
            if before is not None:
                self._forget_grown_plans(before)
        elapsed = (time.perf_counter() - started) * 1000
        columns = [h[1] for h in result.header]
        rows = result.result_set
        truncated = limit is not None and len(rows) > limit
        rows = rows[:limit] if truncated else rows
        stats = {k: int(getattr(result, k)) for k in _STATS if getattr(result, k, 0)}
        return Result(
            columns=columns,
            rows=[dict(zip(columns, map(_plain, row), strict=True)) for row in rows],
            truncated=truncated,
            elapsed_ms=elapsed,
            engine=self.dialect,
            stats=stats,
        )

    def _explain(self, text: str, params: dict) -> None:
        """Plan ``text`` without running it: its syntax error, if it has one."""
        try:
            self.connection.execute_command("GRAPH.EXPLAIN", self.graph_name, params_header(params) + text)
        except redis.exceptions.RedisError as e:
            raise translate_error(e, text) from None

    def _used_memory(self) -> int | None:
        """The engine's memory in bytes (its allocator's count), None when it does not answer."""
        try:
            return int(self.connection.info("memory")["used_memory"])
        except (redis.exceptions.RedisError, KeyError, ValueError):
            return None

    def _forget_grown_plans(self, before: int | None) -> None:
        """Push the cached query plans out of the engine when its memory grew past :data:`_GROWTH` across a query.

        FalkorDB keeps each thread's last :data:`CACHE_SIZE` plans, and a plan keeps the values computed
        when it was built: ``UNWIND range(1, 4000000)`` keeps a list of 4 million numbers (64 MB) in the
        engine after it answered. There is no command to empty the cache: new, trivial queries push the
        old plans out (two rounds of every thread's cache, ~0.05 s).
        """
        after = self._used_memory()
        if before is None or after is None or after <= before * _GROWTH + _GROWTH_SLACK:
            return
        try:
            config = dict(self.connection.execute_command("GRAPH.CONFIG", "GET", "*"))
            plans = 2 * int(config.get("THREAD_COUNT", 2)) * int(config.get("CACHE_SIZE", CACHE_SIZE))
            nonce = secrets.token_hex(4)
            for i in range(plans):
                self.connection.execute_command("GRAPH.RO_QUERY", self.graph_name, f"RETURN {i} AS forget_{nonce}")
        except redis.exceptions.RedisError as e:
            log.info("cached plans not pushed out: %s", e)
        log.info("engine memory %s -> %s bytes across a console query: cached plans pushed out", before, after)

    # -- the version written beside the graph (graph.store.version_file) ----------
    def _forget_version(self) -> None:
        """Before a write (under the write lock): the written version no longer holds."""
        if not self._staging:
            forget_version(self.engine.data_dir, self.graph_name)

    def _bump_version(self) -> None:
        """A new graph version (with no other write), written beside the graph, under the write lock."""
        self._call("RETURN 1", {}, write=True)

    def revive(self) -> bool:
        """Start the engine again if it died (its dead process reaped); True if it was restarted."""
        if self._staging or self._closed:
            return False
        restarted = self.engine.revive()
        if restarted:
            self.check_version()
        return restarted

    def graph_version(self) -> tuple[int, int]:
        """``(version, created)`` read from the engine; written beside the graph when it was not
        (a graph written before the file existed), under the write lock so that no write is under way."""
        found = super().graph_version()
        if self._staging or found[0] == 0 or read_version(self.engine.data_dir, self.graph_name) is not None:
            return found
        try:
            with file_lock(self.engine.data_dir / "write.lock", fcntl.LOCK_EX | fcntl.LOCK_NB):
                found = super().graph_version()
                write_version(self.engine.data_dir, self.graph_name, *found)
        except BlockingIOError:  # a write is under way: it writes the file when it lands
            pass
        return found

    def setup_schema(self) -> None:
        for statement in statements(get_query("schema").text(self.dialect)):
            try:
                self.graph.query(statement)
            except redis.exceptions.ResponseError as e:
                if "already indexed" not in str(e):
                    raise translate_error(e) from None
        for label, prop in UNIQUE_KEYS:
            try:
                self.connection.execute_command(
                    "GRAPH.CONSTRAINT", "CREATE", self.graph_name, "UNIQUE", "NODE", label, "PROPERTIES", 1, prop
                )
            except redis.exceptions.ResponseError as e:
                if "already exists" not in str(e).lower():
                    raise translate_error(e) from None

    @contextmanager
    def atomic(self) -> Iterator[Store]:
        """Writes go to a copy of the graph, which replaces it in one step when the block ends.

        Readers see the old graph until then; an error, a crash or a kill at any
        point before the swap leaves the graph exactly as it was.
        """
        if self._staging:
            yield self
            return
        staging_name = f"{self.graph_name}{STAGING_SUFFIX}"
        conn = self.connection
        with self._write_lock():
            self._forget_version()
            try:
                # The copy need not be on disk write by write: no one is told it is (a crash drops it).
                # The swap below is acknowledged under the configured policy, once all of it is on disk.
                self._set_fsync("everysec")
                conn.delete(staging_name)
                if conn.exists(self.graph_name):
                    self._wait_no_fork()  # GRAPH.COPY forks: beside a rewrite's fork, the engine hung
                    conn.execute_command("GRAPH.COPY", self.graph_name, staging_name)
                staging = FalkorDBStore(self.settings, staging_name, staging_for=self)
                staging.setup_schema()
                version = max(self.graph_version()[0], read_counter(self.engine.data_dir, self.graph_name)) + 1
            except redis.exceptions.RedisError as e:
                raise translate_error(e) from None
            try:
                yield staging
                stamp = get_query("set_graph_version").text(self.dialect)
                bumped = staging._execute(stamp, {"key": "graph", "version": version}, True)
            except BaseException:
                try:
                    conn.delete(staging_name)
                except redis.exceptions.RedisError:
                    log.warning("could not delete the staging graph %s", staging_name)
                raise
            finally:
                try:
                    self._set_fsync(self.settings.fsync)
                except redis.exceptions.RedisError as e:  # the engine is gone: the rename below fails too
                    log.warning("could not set the engine's fsync policy back: %s", e)
            try:
                conn.rename(staging_name, self.graph_name)
            except redis.exceptions.RedisError as e:
                raise translate_error(e) from None
            write_counter(self.engine.data_dir, self.graph_name, version)
            write_version(self.engine.data_dir, self.graph_name, bumped[0]["version"], bumped[0]["created"])
            self.engine.forget_recovered()  # the graph is the one just loaded
            self.compact()  # under the write lock: the next load's GRAPH.COPY waits for it

    # -- FalkorDB only: not part of the Store interface ------------------------
    def compact(self, wait: float = 120.0) -> None:
        """Rewrite the append-only file as a snapshot, so that a start loads it instead of replaying writes.

        Waits for the rewrite up to ``wait`` seconds. The engine starts no rewrite
        of its own (``--auto-aof-rewrite-percentage 0``): call it under the write lock.
        """
        conn = self.connection
        try:
            conn.execute_command("BGREWRITEAOF")
        except redis.exceptions.ResponseError as e:  # one already running or scheduled
            log.info("append-only rewrite not started: %s", e)
        try:
            self._wait_no_fork(wait)
        except EngineUnavailable:
            log.info("the rewrite of the append-only file goes on in the background")

    def _set_fsync(self, policy: str) -> None:
        """The engine's fsync policy of its append-only file (under the write lock; set every time, as
        a load killed while it had relaxed it leaves it relaxed)."""
        self.connection.config_set("appendfsync", policy)

    def _compact_if_grown(self) -> None:
        """After a write (under the write lock): rewrite the append-only file once it has grown to twice
        its last snapshot and at least 64 MiB (what the engine's own automatic rewrite did)."""
        info = self.connection.info("persistence")
        size, base = int(info.get("aof_current_size") or 0), int(info.get("aof_base_size") or 0)
        if size >= max(64 << 20, 2 * base):
            self.compact()

    def _wait_no_fork(self, wait: float = 600.0) -> None:
        """Wait until the engine runs no forked child (a rewrite of its append-only file, a copy of a graph)."""
        conn = self.connection
        deadline = time.monotonic() + wait
        while True:
            info = conn.info("persistence")
            busy = [k for k in _FORKS if info.get(k)]
            if not busy:
                return
            if time.monotonic() > deadline:
                raise EngineUnavailable(f"the engine is still busy ({', '.join(busy)}) after {wait:.0f} s: try again")
            time.sleep(0.05)

    def delete_graph(self) -> None:
        """Remove every node and relationship (used by tests and `--replace` on empty input)."""
        with self._write_lock():
            self._forget_version()
            self._set_fsync(self.settings.fsync)
            self.connection.delete(self.graph_name)

    def close(self) -> None:
        if self._closed or self._staging:
            return
        self._closed = True
        try:
            self.db.connection.close()
        except redis.exceptions.RedisError:
            pass
        self.engine.release()
