"""Storage: the graph engines behind one small interface.

- :mod:`graph.store.base`: the :class:`Store` interface and the row shapes;
- :mod:`graph.store.library`: the Cypher query library (``queries/``);
- :mod:`graph.store.falkordb_store` + :mod:`graph.store.engine`: the embedded
  FalkorDB engine (a child ``redis-server``);
- :mod:`graph.store.neo4j_store`: Neo4j 5, single server, Aura or cluster;
- :mod:`graph.store.console`: what the analysts' console refuses before a query
  reaches the engine.

Nothing here imports analytics, loaders or the web app.
"""

from __future__ import annotations

from graph.settings import Settings, load_settings
from graph.store.base import META_LABEL, UNIQUE_KEYS, Result, Store

__all__ = ["META_LABEL", "UNIQUE_KEYS", "Result", "Store", "open_store"]


def open_store(settings: Settings | None = None) -> Store:
    """The store of ``settings.engine``: the embedded FalkorDB engine, or Neo4j.

    ``PARTNERNET_ENGINE`` chooses; it defaults to ``neo4j`` when ``NEO4J_URI``
    is set, else ``falkordb``.
    """
    settings = settings if settings is not None else load_settings()
    if settings.engine == "neo4j":
        from graph.store.neo4j_store import Neo4jStore

        return Neo4jStore(settings)
    from graph.store.falkordb_store import FalkorDBStore

    return FalkorDBStore(settings)
