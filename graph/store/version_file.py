"""The embedded graph's version, written beside it: read without starting the engine.

The embedded FalkorDB store writes ``<graph>.version.json`` in the data folder
with each new graph version (``{"graph", "version", "created"}``, see
:meth:`graph.store.Store.graph_version`), and removes it before any write
starts, both under the data folder's write lock. So the file, when present,
holds the version of the graph as it is on disk: a command whose answer is
kept on disk for that version (:mod:`graph.analytics.stored`) answers without
starting the engine. A write that crashed half-way leaves no file, and the
next reader asks the engine.

Beside it, ``<graph>.counter.json`` keeps the highest version ever handed out
(``{"graph", "issued"}``), written (and synced to disk) after each write the
engine acknowledged, and never removed: a new version is one above both it and
the engine's own, so a version number is never handed out twice, even when the
engine lost the tail of its append-only file (then the graph's version is below
the counter: the store notices, reports it, and moves the graph to a new
version, see :meth:`graph.store.falkordb_store.FalkorDBStore.check_version`).

Only partnernet's own stores write to the graph of a data folder (the engine
listens on a Unix socket inside it); a graph changed by other means must have
its file removed (``partnernet engine stop`` and deleting the file is enough).

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> read_version(folder, "g") is None
True
>>> write_version(folder, "g", 3, 1700000000000)
>>> read_version(folder, "g")
(3, 1700000000000)
>>> forget_version(folder, "g"); read_version(folder, "g") is None
True
>>> read_counter(folder, "g"), write_counter(folder, "g", 5), read_counter(folder, "g")
(0, None, 5)
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from pathlib import Path

__all__ = ["forget_version", "read_counter", "read_version", "version_path", "write_counter", "write_version"]

log = logging.getLogger(__name__)


def version_path(data_dir: Path | str, graph: str) -> Path:
    """Where the version of ``graph`` is written in ``data_dir``."""
    return Path(data_dir) / f"{graph}.version.json"


def read_version(data_dir: Path | str, graph: str) -> tuple[int, int] | None:
    """``(version, created)`` of ``graph`` as last written, or None (no file, or one not of this graph)."""
    try:
        found = json.loads(version_path(data_dir, graph).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(found, dict) or found.get("graph") != graph:
        return None
    version, created = found.get("version"), found.get("created")
    if not isinstance(version, int) or not isinstance(created, int):
        return None
    return version, created


def write_version(data_dir: Path | str, graph: str, version: int, created: int) -> None:
    """Write ``(version, created)`` of ``graph`` (atomically: a temporary file renamed)."""
    path = version_path(data_dir, graph)
    text = json.dumps({"graph": graph, "version": int(version), "created": int(created)})
    try:
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(temporary, path)
    except OSError as e:  # the next reader asks the engine
        log.warning("could not write the graph version to %s: %s", path, e)


def forget_version(data_dir: Path | str, graph: str) -> None:
    """Remove the written version of ``graph`` (before a write: readers then ask the engine)."""
    try:
        version_path(data_dir, graph).unlink()
    except FileNotFoundError:
        pass


def _counter_path(data_dir: Path | str, graph: str) -> Path:
    return Path(data_dir) / f"{graph}.counter.json"


def read_counter(data_dir: Path | str, graph: str) -> int:
    """The highest version of ``graph`` ever handed out in ``data_dir`` (0: none known)."""
    try:
        found = json.loads(_counter_path(data_dir, graph).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return 0
    if not isinstance(found, dict) or found.get("graph") != graph or not isinstance(found.get("issued"), int):
        return 0
    return found["issued"]


def write_counter(data_dir: Path | str, graph: str, issued: int) -> None:
    """Keep ``issued`` as the highest version handed out (on disk before it returns: renamed, then synced)."""
    path = _counter_path(data_dir, graph)
    text = json.dumps({"graph": graph, "issued": int(issued)})
    try:
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temporary, path)
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
    except OSError as e:  # the engine's own version still counts up; only a lost tail could repeat one
        log.warning("could not write the version counter to %s: %s", path, e)
