"""The embedded engine process: sharing, crash recovery, durability of acknowledged writes.

Every test leaves no engine behind: the ``data_dir`` fixture stops (``--force``) what runs on its
folder, and the tests that start engines in other ways stop them in ``finally``.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from graph.errors import EngineUnavailable
from graph.settings import load_settings
from graph.store import open_store
from graph.store.engine import EmbeddedEngine
from graph.store.version_file import read_version
from tests.conftest import load_small


def _servers_on(data_dir) -> list[int]:
    """Pids of live redis-server processes whose socket is in ``data_dir``."""
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                cmd = f.read()
            with open(f"/proc/{entry}/stat") as f:
                state = f.read().split(")")[-1].split()[0]
        except OSError:
            continue
        if b"redis-server" in cmd and str(data_dir).encode() + b"/engine.sock" in cmd and state != "Z":
            pids.append(int(entry))
    return pids


@contextmanager
def _disk_busy(folder: Path):
    """Another process writing to disk and syncing, as on a busy machine (slow fsyncs of the engine's file)."""
    code = (
        "import os, sys\n"
        "path = os.path.join(sys.argv[1], 'ballast')\n"
        "block = os.urandom(1 << 20)\n"
        "while True:\n"
        "    with open(path, 'wb') as f:\n"
        "        for _ in range(32):\n"
        "            f.write(block)\n"
        "        f.flush()\n"
        "        os.fsync(f.fileno())\n"
    )
    writer = subprocess.Popen([sys.executable, "-c", code, str(folder)])
    try:
        yield
    finally:
        writer.kill()
        writer.wait()
        (folder / "ballast").unlink(missing_ok=True)


def test_acknowledged_writes_survive_sigkill_of_the_engine(settings, data_dir, tmp_path):
    n = 300
    store = open_store(settings)
    assert store.connection.config_get("appendfsync") == {"appendfsync": "always"}  # the default: see the README
    with _disk_busy(tmp_path):
        for i in range(n):
            store.run("CREATE (:Probe {i: $i})", {"i": i}, read_only=False)
    pid = store.engine.pid()
    assert _servers_on(data_dir) == [pid]
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while _servers_on(data_dir) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not _servers_on(data_dir)
    store.close()  # must cope with the dead engine
    again = open_store(settings)  # stale socket and pid file are recovered from
    try:
        assert again.engine.pid() != pid
        rows = again.run("MATCH (p:Probe) RETURN count(p) AS n, sum(p.i) AS s").rows
        assert rows == [{"n": n, "s": n * (n - 1) // 2}]
    finally:
        again.close()


def test_stale_socket_and_pid_file_are_recovered(settings, data_dir):
    dead = subprocess.Popen(["true"])
    dead.wait()
    (data_dir / "engine.pid").write_text(f"{dead.pid}\n")
    (data_dir / "engine.sock").write_text("not a socket")
    with open_store(settings) as store:
        assert store.run("RETURN 1 AS x").rows == [{"x": 1}]
        assert store.engine.pid() != dead.pid


def test_processes_on_one_folder_share_one_server(settings, data_dir):
    child = subprocess.Popen(
        [sys.executable, "-c", _HOLDER],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PARTNERNET_DATA_DIR": str(data_dir)},
    )
    try:
        child_pid = json.loads(child.stdout.readline())["pid"]
        with open_store(settings) as store:
            assert store.engine.pid() == child_pid
            assert _servers_on(data_dir) == [child_pid]
            assert store.run("MATCH (h:Holder) RETURN count(h) AS n").rows == [{"n": 1}]
        assert _servers_on(data_dir) == [child_pid], "the server stopped while another process used it"
    finally:
        child.communicate("done\n", timeout=30)
    assert child.returncode == 0
    deadline = time.monotonic() + 10
    while _servers_on(data_dir) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not _servers_on(data_dir), "the last user did not stop the server"


_HOLDER = """
import json, sys
from graph.store import open_store
store = open_store()
store.run("CREATE (:Holder)", read_only=False)
print(json.dumps({"pid": store.engine.pid()}), flush=True)
sys.stdin.readline()
store.close()
"""


def test_processes_starting_together_never_double_the_server(data_dir):
    env = {**os.environ, "PARTNERNET_DATA_DIR": str(data_dir)}
    env.pop("NEO4J_URI", None)
    code = "from graph.store import open_store\ns = open_store()\ns.run('CREATE (:T)', read_only=False)\ns.close()"
    procs = [subprocess.Popen([sys.executable, "-c", code], env=env) for _ in range(4)]
    for p in procs:
        assert p.wait(timeout=120) == 0
    assert not _servers_on(data_dir)
    engine = EmbeddedEngine(data_dir)
    engine.acquire()
    try:
        reply = engine.client().execute_command("GRAPH.QUERY", "partnernet", "MATCH (t:T) RETURN count(t)")
        assert reply[1] == [[4]]
    finally:
        engine.release()
    assert "Address already in use" not in (data_dir / "engine.log").read_text()


def test_engine_start_keeps_it_running_until_stop(data_dir):
    engine = EmbeddedEngine(data_dir)
    engine.start(keep=True)
    pid = engine.pid()
    user = EmbeddedEngine(data_dir)
    user.acquire()
    user.release()
    assert _servers_on(data_dir) == [pid], "a kept engine stopped when its last user left"
    assert engine.status()["kept_running"]
    assert engine.stop()
    assert not _servers_on(data_dir)
    assert engine.status()["state"] == "down"


def _cli(data_dir: Path, *args: str, timeout: float = 120, **env: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "PARTNERNET_"))}
    environ.update(PARTNERNET_DATA_DIR=str(data_dir), **env)
    return subprocess.run(
        [sys.executable, "-m", "partnernet", *args], capture_output=True, text=True, env=environ, timeout=timeout
    )


def _cli_start(data_dir: Path, *args: str) -> subprocess.Popen:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "PARTNERNET_"))}
    environ["PARTNERNET_DATA_DIR"] = str(data_dir)
    return subprocess.Popen(
        [sys.executable, "-m", "partnernet", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environ,
    )


def test_two_loads_at_once_run_in_turn_and_stop_force_leaves_no_engine(data_dir, tmp_path):
    """Issue #19 item 8, its sequence: two loads at once, `engine stop --force`, the next command."""
    network = tmp_path / "network"
    assert _cli(data_dir, "generate", "--nodes", "400", str(network)).returncode == 0
    assert _cli(data_dir, "load", str(network)).returncode == 0  # a graph to copy: each load below copies it
    changed = tmp_path / "changed"
    assert _cli(data_dir, "generate", "--nodes", "400", "--seed", "1", str(changed)).returncode == 0
    first = _cli_start(data_dir, "load", str(changed))
    time.sleep(0.3)
    second = _cli_start(data_dir, "load", str(network), "--replace")
    try:
        outs = [p.communicate(timeout=120) for p in (first, second)]
    finally:
        for p in (first, second):
            p.kill()
            p.wait()
    assert [p.returncode for p in (first, second)] == [0, 0], outs
    assert any("another load is running" in err for _, err in outs), "the second load did not say that it waited"
    stopped = _cli(data_dir, "engine", "stop", "--force")
    assert stopped.returncode == 0 and "stopped" in stopped.stdout
    assert not _servers_on(data_dir)
    status = _cli(data_dir, "status", "--format", "json")
    assert status.returncode == 0, status.stderr
    assert json.loads(status.stdout)["nodes"] > 0
    assert not _servers_on(data_dir)


def test_a_load_waits_for_a_rewrite_of_the_engine_file(store):
    """A load's copy of the graph (GRAPH.COPY forks) beside a rewrite of the append-only file (it forks too)
    made the engine stop answering: the copy now waits for the rewrite."""
    load_small(store)

    def loads() -> None:
        for _ in range(3):
            store.connection.execute_command("BGREWRITEAOF")
            with store.atomic() as tx:
                tx.run("CREATE (:T)", read_only=False)

    worker = threading.Thread(target=loads, daemon=True)
    worker.start()
    worker.join(timeout=60)
    assert not worker.is_alive(), "the engine stopped answering"
    with store.engine.client(timeout=5) as c:
        assert c.ping()
    assert store.counts()["labels"]["T"] == 3
    assert "Can't fork" not in (store.engine.data_dir / "engine.log").read_text()


def test_stop_force_kills_an_engine_that_does_not_answer_and_none_is_doubled(data_dir):
    """A hung engine (stopped here with SIGSTOP): `engine stop --force` said "stopped" and left it
    running, and the next command started a second engine on the same folder."""
    with open_store(load_settings({"PARTNERNET_DATA_DIR": str(data_dir)}, environ={})) as store:
        store.run("CREATE (:T)", read_only=False)
    engine = EmbeddedEngine(data_dir)
    engine.start(keep=True)
    pid = engine.pid()
    os.kill(pid, signal.SIGSTOP)
    try:
        assert engine.ping() == "not answering"
        with pytest.raises(EngineUnavailable, match="does not answer"):
            EmbeddedEngine(data_dir, start_timeout=1).acquire()  # no second engine beside it
        assert _servers_on(data_dir) == [pid]
        stopped = _cli(data_dir, "engine", "stop", "--force")
        assert stopped.returncode == 0, stopped.stderr
        assert not _servers_on(data_dir), "stop --force said stopped; the engine still runs"
    finally:
        if _servers_on(data_dir):
            os.kill(pid, signal.SIGKILL)
    status = _cli(data_dir, "status", "--format", "json")
    assert status.returncode == 0, status.stderr
    assert json.loads(status.stdout)["nodes"] == 1
    assert not _servers_on(data_dir)


def _aof_tail(data_dir: Path) -> Path:
    return sorted((data_dir / "aof").glob("*.incr.aof"), key=lambda p: int(p.name.split(".")[2]))[-1]


def test_the_graph_version_never_goes_back_after_a_lost_tail(settings, data_dir):
    """The end of the engine's file lost (a crash under `everysec`, a disk): the version went from 4
    back to 3 with version 4's node kept, and what was kept for version 3 was taken for it."""
    seen = {}
    with open_store(settings) as store:
        for i in range(4):
            store.run("CREATE (:T {i: $i})", {"i": i}, read_only=False)
            seen[store.version()] = store.counts()["nodes"]
    tail = _aof_tail(data_dir)
    with open(tail, "r+b") as f:  # the last write cut in the middle: the engine drops it at start
        f.truncate(tail.stat().st_size - 20)
    with open_store(settings) as store:
        version, nodes = store.version(), store.counts()["nodes"]
        assert version not in seen or seen[version] == nodes, f"version {version} now holds {nodes} nodes"
        assert version > max(seen)
        note = store.engine.recovered()
    assert note and "lost" in note["message"]
    assert read_version(data_dir, settings.graph)[0] == version  # the version written beside it, too
    status = _cli(data_dir, "status")
    assert "WARNING" in status.stdout and "lost" in status.stdout


def test_a_graph_deleted_and_written_again_is_no_lost_tail(settings, data_dir):
    with open_store(settings) as store:
        store.run("CREATE (:T)", read_only=False)
        before = store.graph_version()
        store.delete_graph()
    with open_store(settings) as store:
        store.run("CREATE (:T)", read_only=False)
        assert store.graph_version()[0] > before[0]
        assert store.engine.recovered() is None


def test_a_staging_graph_left_beside_a_running_engine_is_removed_by_the_next_user(settings, data_dir):
    keeper = EmbeddedEngine(data_dir)
    keeper.start(keep=True)
    try:
        with open_store(settings) as store:
            store.connection.execute_command("GRAPH.QUERY", "partnernet__staging", "CREATE (:Half)")  # a killed load
        with open_store(settings) as store:
            assert not store.connection.exists("partnernet__staging")
    finally:
        keeper.stop()


def test_a_staging_graph_and_rewrite_files_left_by_kills_are_removed_at_start(settings, data_dir):
    with open_store(settings) as store:
        store.run("CREATE (:T)", read_only=False)
        store.connection.execute_command("GRAPH.QUERY", "partnernet__staging", "CREATE (:Half)")
        os.kill(store.engine.pid(), signal.SIGKILL)  # a load killed mid-way, its engine with it
        (data_dir / "temp-rewriteaof-bg-12345.aof").write_bytes(b"half a rewrite")
        deadline = time.monotonic() + 10
        while _servers_on(data_dir) and time.monotonic() < deadline:
            time.sleep(0.02)
    with open_store(settings) as store:
        assert not store.connection.exists("partnernet__staging")
        assert store.counts()["nodes"] == 1
    assert not (data_dir / "temp-rewriteaof-bg-12345.aof").exists()


def test_an_engine_whose_last_user_was_killed_stops_when_idle(data_dir):
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "PARTNERNET_"))}
    environ.update(PARTNERNET_DATA_DIR=str(data_dir), PARTNERNET_ENGINE_IDLE_TIMEOUT="1")
    code = "from graph.store import open_store\ns = open_store()\nprint(s.engine.pid(), flush=True)\ninput()"
    user = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=environ)
    try:
        pid = int(user.stdout.readline())
        assert _servers_on(data_dir) == [pid]
        time.sleep(2)
        assert _servers_on(data_dir) == [pid], "stopped while its user was alive"
    finally:
        user.kill()  # no release: the engine is left with nobody
        user.wait()
    deadline = time.monotonic() + 20
    while _servers_on(data_dir) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _servers_on(data_dir), "an engine nobody uses ran on"


def test_a_damaged_engine_file_says_why_and_engine_repair_mends_it(settings, data_dir):
    with open_store(settings) as store:
        for i in range(3):
            store.run("CREATE (:T {i: $i})", {"i": i}, read_only=False)
    tail = _aof_tail(data_dir)
    damaged = bytearray(tail.read_bytes())
    query = b"*3\r\n$11\r\nGRAPH.QUERY"
    last = damaged.rindex(b"*1\r\n$5\r\nMULTI") if b"MULTI" in damaged else damaged.rindex(query)
    damaged[last + 1 : last + 2] = b"x"  # the header of the last write made unreadable: not a cut tail
    tail.write_bytes(bytes(damaged))
    with pytest.raises(EngineUnavailable) as e:
        open_store(settings)
    message = str(e.value)
    assert "Bad file format" in message and "partnernet engine repair" in message
    assert "RAM" not in message
    repaired = _cli(data_dir, "engine", "repair", "--yes")
    assert repaired.returncode == 0, repaired.stdout + repaired.stderr
    assert list(data_dir.glob("aof.backup-*"))
    with open_store(settings) as store:
        assert store.counts()["nodes"] == 2  # the writes from the damage on are lost, the others kept


def test_the_web_app_starts_a_dead_engine_again(settings, data_dir):
    from web import create_app

    with open_store(settings) as store:
        load_small(store)
    app = create_app({"TESTING": True, "SETTINGS": settings})
    client = app.test_client()
    try:
        assert client.get("/network").status_code == 200
        assert client.get("/organizations/cnam").status_code == 200
        state = app.extensions["partnernet"]
        pid = state.store.engine.pid()
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while _servers_on(data_dir) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert client.get("/network").status_code == 200  # answered from what was computed
        assert client.get("/organizations/cnam").status_code == 200  # a page kept (web.state.Responses)
        asked = iter(range(1, 10_000))  # pages not asked before: each needs the engine

        def fresh_page() -> int:
            return client.get(f"/organizations/cnam?limit={next(asked)}").status_code

        deadline = time.monotonic() + 60
        while fresh_page() != 200 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert fresh_page() == 200, "the engine was not started again"
        assert len(_servers_on(data_dir)) == 1 and _servers_on(data_dir) != [pid]
        assert not Path(f"/proc/{pid}").exists(), "the dead engine was left a zombie"
    finally:
        app.extensions["partnernet"].close()
    assert not _servers_on(data_dir)
