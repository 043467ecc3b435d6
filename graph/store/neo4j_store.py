"""The production store: Neo4j 5 (single server, Aura or cluster) through the official driver.

- Named reads and writes go through ``driver.execute_query`` (managed
  transactions: transient errors, such as a deadlock or a leader switch, are
  retried by the driver), reads with READ routing, so a cluster sends them to
  readers and the server itself refuses writes in them.
- The console's ``run`` is a managed transaction in a READ session with a
  transaction timeout (``neo4j.unit_of_work(timeout=...)``): the server
  itself stops the transaction when the time is up, not only the client.
- ``atomic()`` is one explicit transaction: the loader's ``UNWIND $rows``
  batches all land at its commit, or none do. A load of more than
  :attr:`Neo4jStore.max_transaction_rows` rows is written in several (see
  :mod:`loaders.load`).
- The connection pool is bounded (:data:`MAX_POOL_SIZE`); the server's
  notifications (warnings about labels or properties not in the graph yet)
  are switched off.

Credentials never appear in errors or logs: the URI is shown without its
user information.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

import neo4j
from neo4j import GraphDatabase, RoutingControl
from neo4j import exceptions as nx

from graph.errors import (
    AuthenticationFailed,
    ConfigurationError,
    EngineUnavailable,
    QueryError,
    QuerySyntaxError,
    QueryTimeout,
    ReadOnlyError,
    UnsupportedFeature,
)
from graph.settings import Settings
from graph.store.base import Result, Store
from graph.store.library import get_query, statements

__all__ = ["MAX_POOL_SIZE", "Neo4jStore", "safe_uri"]

log = logging.getLogger(__name__)

SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")

#: Most connections the driver opens to one server (the web app's threads share them).
MAX_POOL_SIZE = 16
#: Seconds a caller waits for a free connection of the pool before an error.
ACQUISITION_TIMEOUT = 30.0

_POSITION = re.compile(r"\(line (\d+), column (\d+) \(offset: \d+\)\)")


def safe_uri(uri: str) -> str:
    """The URI without user name or password.

    Examples
    --------
    >>> safe_uri("neo4j+s://alice:secret@db.example.org:7687")
    'neo4j+s://db.example.org:7687'
    """
    parts = urlsplit(uri)
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def _point(value: neo4j.spatial.Point) -> dict:
    """A point as FalkorDB gives it: ``{"latitude": .., "longitude": ..}`` (a geographic one), else ``{"x": .., ...}``.

    >>> _point(neo4j.spatial.WGS84Point((2.35, 48.85)))
    {'latitude': 48.85, 'longitude': 2.35}
    >>> _point(neo4j.spatial.CartesianPoint((1.0, 2.0)))
    {'x': 1.0, 'y': 2.0}
    """
    if isinstance(value, neo4j.spatial.WGS84Point):
        plain = {"latitude": value.latitude, "longitude": value.longitude}
        if len(value) > 2:
            plain["height"] = value.height
        return plain
    return dict(zip(("x", "y", "z"), value, strict=False))


def _plain(value):
    if isinstance(value, neo4j.graph.Node):
        return {
            "element": "node",
            "id": value.element_id,
            "labels": sorted(value.labels),
            "properties": {k: _plain(v) for k, v in value.items()},
        }
    if isinstance(value, neo4j.graph.Relationship):
        return {
            "element": "relationship",
            "id": value.element_id,
            "type": value.type,
            "start": value.start_node.element_id if value.start_node else None,
            "end": value.end_node.element_id if value.end_node else None,
            "properties": {k: _plain(v) for k, v in value.items()},
        }
    if isinstance(value, neo4j.graph.Path):
        return {
            "element": "path",
            "nodes": [_plain(n) for n in value.nodes],
            "relationships": [_plain(r) for r in value.relationships],
        }
    if isinstance(value, neo4j.spatial.Point):  # a tuple: test it before lists and the rest
        return _point(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):  # neo4j.time types
        return value.iso_format()
    return value


#: Values that Bolt gives as plain Python already (``_plain`` leaves them as they are).
_AS_SENT = frozenset({str, int, float, bool, type(None)})


def _plain_rows(records: list) -> list:
    """Records in plain values: as they are (tuples) when every value is text, a number, a boolean or null.

    >>> _plain_rows([("a", None, 2)]), _plain_rows([(["x"], neo4j.spatial.CartesianPoint((1.0, 2.0)))])
    ([('a', None, 2)], [[['x'], {'x': 1.0, 'y': 2.0}]])
    """
    if all(set(map(type, column)) <= _AS_SENT for column in zip(*records, strict=True)):
        return records
    return [list(map(_plain, record)) for record in records]


def _syntax_error(message: str) -> QuerySyntaxError:
    """Neo4j's syntax error as ``syntax error at line L, column C: what`` (as on FalkorDB).

    >>> str(_syntax_error("Invalid input 'RETURN': expected ')' (line 1, column 10 (offset: 9))"))
    "syntax error at line 1, column 10: Invalid input 'RETURN': expected ')'"
    """
    first = message.splitlines()[0] if message else ""
    if "exactly one statement" in first:
        return QuerySyntaxError("one statement per query: remove the ';' and what follows it")
    m = _POSITION.search(first)
    if m is None:
        return QuerySyntaxError(f"syntax error: {first}")
    what = (first[: m.start()] + first[m.end() :]).strip().rstrip(".")
    return QuerySyntaxError(f"syntax error at line {m.group(1)}, column {m.group(2)}: {what}")


_COUNTERS = ("nodes_created", "nodes_deleted", "relationships_created", "relationships_deleted", "properties_set")


def _stats(counters) -> dict:
    """The nonzero write counters of a result, named as on FalkorDB."""
    if counters is None:
        return {}
    return {k: int(getattr(counters, k)) for k in _COUNTERS if getattr(counters, k, 0)}


class Neo4jStore(Store):
    """A Neo4j database. The caller's settings give URI, user, password, database."""

    dialect = "neo4j"
    #: Most rows the loader writes in one transaction. The transaction state lives in the
    #: server's heap: H2020 (281,000 rows to write) in one transaction needs more than the
    #: 700 MiB of transaction memory a 1 GB heap allows; 50,000 rows stay well under it.
    max_transaction_rows = 50_000
    uri: str
    database: str
    driver: neo4j.Driver

    def __init__(
        self, settings: Settings, connection_timeout: float = 5.0, *, transaction_of: Neo4jStore | None = None
    ):
        """Connect to ``settings.neo4j_uri`` (the connection is checked now).

        ``transaction_of``: the store whose ``atomic()`` block this one serves;
        it shares that store's driver and runs every query in the block's
        transaction (set by ``atomic()``).
        """
        self.settings = settings
        self._tx: neo4j.Transaction | None = None
        if transaction_of is not None:
            self.uri, self.database, self.driver = transaction_of.uri, transaction_of.database, transaction_of.driver
            self.in_atomic_block = True
            return
        uri = settings.neo4j_uri or ""
        scheme = urlsplit(uri).scheme
        if scheme not in SCHEMES:
            raise ConfigurationError(f"NEO4J_URI scheme {scheme!r} is not one of {', '.join(SCHEMES)}")
        if "@" in urlsplit(uri).netloc:
            raise ConfigurationError(
                "NEO4J_URI holds a user name or password: put them in NEO4J_USER and NEO4J_PASSWORD instead"
            )
        self.uri = safe_uri(uri)
        self.database = settings.neo4j_database
        password = settings.neo4j_password
        auth = (settings.neo4j_user, password) if password else None
        try:
            self.driver = GraphDatabase.driver(
                uri,
                auth=auth,
                connection_timeout=connection_timeout,
                max_connection_pool_size=MAX_POOL_SIZE,
                connection_acquisition_timeout=ACQUISITION_TIMEOUT,
                notifications_min_severity=neo4j.NotificationMinimumSeverity.OFF,
            )
            self.driver.verify_connectivity()
        except Exception as e:
            if getattr(self, "driver", None) is not None:
                self.driver.close()
            raise self._translate(e) from None

    @property
    def graph_id(self) -> str:
        return self.database

    @property
    def location(self) -> str:
        return f"{self.uri} (database {self.database})"

    def _translate(self, e: Exception) -> Exception:
        if isinstance(e, nx.AuthError):
            return AuthenticationFailed(f"Neo4j at {self.uri} refused the credentials of NEO4J_USER/NEO4J_PASSWORD")
        if isinstance(e, (nx.ServiceUnavailable, nx.SessionExpired, OSError)):
            return EngineUnavailable(
                f"Neo4j is not reachable at {self.uri}: start it (e.g. the docker command in the README) "
                f"or fix NEO4J_URI"
            )
        if isinstance(e, nx.ConfigurationError):
            return ConfigurationError(f"the Neo4j driver refused its configuration for {self.uri}")
        if isinstance(e, nx.Neo4jError):
            code = e.code or ""
            message = e.message or str(e)
            if code.endswith("SyntaxError"):
                return _syntax_error(message)
            if "AccessMode" in code or "ForbiddenDueToTransactionType" in code or "WriteOnReadOnly" in code:
                return ReadOnlyError("read-only: this query writes to the graph, and writes are refused here")
            if "TransactionTimedOut" in code or "Timeout" in code:
                return QueryTimeout("the query ran past its time limit and was stopped")
            if "ProcedureNotFound" in code or "UnknownFunction" in code:
                return UnsupportedFeature(message)
            return QueryError(message)
        if isinstance(e, nx.DriverError):
            return QueryError(str(e))
        return e

    def _execute(self, text: str, params: dict, write: bool) -> list[dict]:
        try:
            if self._tx is not None:
                return [{k: _plain(v) for k, v in r.items()} for r in self._tx.run(text, params)]
            records, _, _ = self.driver.execute_query(
                text,
                params,
                routing_=RoutingControl.WRITE if write else RoutingControl.READ,
                database_=self.database,
            )
        except Exception as e:
            raise self._translate(e) from None
        return [{k: _plain(v) for k, v in r.items()} for r in records]

    def read_rows(
        self, name: str, params: dict | None = None, *, plain: bool = False, word_lists: tuple[str, ...] = ()
    ) -> tuple[list[str], list]:
        """The column names and the rows of a named read query, each row a sequence of values: no dict per row.

        For reading a whole graph (see :func:`graph.analytics.snapshot.fetch_snapshot`). ``plain`` and
        ``word_lists`` are for the embedded engine's sake: Bolt's values carry their types.
        """
        params = params or {}
        text = self._query(name, params).text(self.dialect)
        try:
            if self._tx is not None:
                result = self._tx.run(text, params)
                keys, records = list(result.keys()), list(result)
            else:
                records, _, keys = self.driver.execute_query(
                    text, params, routing_=RoutingControl.READ, database_=self.database
                )
        except Exception as e:
            raise self._translate(e) from None
        return list(keys), _plain_rows(records)

    def run(self, cypher, params=None, read_only=True, timeout=None, limit=None) -> Result:
        timeout = self.settings.query_timeout if timeout is None else timeout
        limit = self.settings.row_limit if limit is None else limit
        started = time.perf_counter()

        def work(tx):
            result = tx.run(cypher, params or {})
            rows, truncated = [], False
            for record in result:
                if limit is not None and len(rows) >= limit:
                    truncated = True
                    break
                rows.append({k: _plain(v) for k, v in record.items()})
            keys = list(result.keys())
            counters = result.consume().counters if not truncated else None
            return keys, rows, truncated, _stats(counters)

        try:
            if self._tx is not None:  # inside atomic(): the block's transaction, its time limit is the block's
                columns, rows, truncated, stats = work(self._tx)
            else:
                # The timeout is the transaction's own: the server stops it when the time is up.
                unit = neo4j.unit_of_work(timeout=max(timeout, 0.001))(work)
                mode = neo4j.READ_ACCESS if read_only else neo4j.WRITE_ACCESS
                with self.driver.session(database=self.database, default_access_mode=mode) as session:
                    if read_only:
                        columns, rows, truncated, stats = session.execute_read(unit)
                    else:
                        columns, rows, truncated, stats = session.execute_write(unit)
        except Exception as e:
            raise self._translate(e) from None
        if not read_only and self._tx is None:
            self._bump_version()
        elapsed = (time.perf_counter() - started) * 1000
        return Result(columns, rows, truncated, elapsed, self.dialect, stats)

    def setup_schema(self) -> None:
        for statement in statements(get_query("schema").text(self.dialect)):
            self._execute(statement, {}, write=True)

    @contextmanager
    def atomic(self) -> Iterator[Store]:
        """All writes of the block in one transaction: committed together or rolled back."""
        if self._tx is not None:
            yield self
            return
        try:
            session = self.driver.session(database=self.database, default_access_mode=neo4j.WRITE_ACCESS)
            tx = session.begin_transaction()
        except Exception as e:
            raise self._translate(e) from None
        inner = Neo4jStore(self.settings, transaction_of=self)
        inner._tx = tx
        try:
            yield inner
            try:
                tx.run(get_query("bump_graph_version").text(self.dialect), {"key": "graph"}).consume()
                tx.commit()
            except Exception as e:
                raise self._translate(e) from None
        except BaseException:
            if not tx.closed():
                tx.rollback()
            raise
        finally:
            session.close()

    def close(self) -> None:
        if self._tx is None:
            self.driver.close()
