"""The embedded engine process: sharing, crash recovery, durability of acknowledged writes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

from graph.store import open_store
from graph.store.engine import EmbeddedEngine


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


def test_acknowledged_writes_survive_sigkill_of_the_engine(settings, data_dir):
    n = 300
    store = open_store(settings)
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
