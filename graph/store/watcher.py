"""The idle watcher of an embedded engine: stops a server nobody uses (``python -m graph.store.watcher``).

Started beside each engine (:meth:`graph.store.engine.EmbeddedEngine._spawn`).
The last user of an engine stops it when it leaves; a user killed before
that (SIGKILL, a lost terminal) leaves it running with nobody to stop it.
Once per second the watcher looks: no process holds ``users.lock``, and no
``engine.keep`` asks to keep it running, for ``idle`` seconds in a row: it stops
the engine as the last user would have (it looks under ``engine.lock``, as the
users do). It exits when the engine is gone, whoever stopped it.
"""

from __future__ import annotations

import fcntl
import logging
import sys
import time
from pathlib import Path

from graph.store.engine import EmbeddedEngine, file_lock, held

__all__ = ["watch"]

log = logging.getLogger(__name__)


def watch(data_dir: Path, idle: float, every: float = 1.0) -> None:
    """Watch the engine of ``data_dir`` until it stops; stop it after ``idle`` seconds unused."""
    engine = EmbeddedEngine(data_dir)
    unused_since: float | None = None
    while engine.running():
        # under engine.lock: release and stop take users.lock exclusively under it, and would take
        # this look for a user; acquire takes its shared lock under it
        with file_lock(engine.data_dir / "engine.lock", fcntl.LOCK_EX):
            used = engine.pinned or held(engine.data_dir / "users.lock", shared_probe=False)
            if used or not engine.running():
                unused_since = None
            elif unused_since is None:
                unused_since = time.monotonic()
            elif time.monotonic() - unused_since >= idle:
                log.warning("stopping the engine of %s: unused for %.0f s", data_dir, idle)
                try:
                    engine._shutdown(force=False)
                except Exception as e:  # noqa: BLE001 - said in the log; nothing more to do here
                    log.warning("%s", e)
                return
        time.sleep(min(every, max(idle / 4, 0.05)))


if __name__ == "__main__":  # pragma: no cover - run as a process by the engine
    watch(Path(sys.argv[1]), float(sys.argv[2]))
