"""The README's "Using Neo4j" steps and the command line, against the run's Neo4j test server.

Every command is the installed ``partnernet`` script in a new process, configured only by the
environment variables the README names (``NEO4J_URI``, ``NEO4J_USER``, ``NEO4J_PASSWORD``, or
``NEO4J_AUTH=user/password``; no ``PARTNERNET_ENGINE``): the README's own shell block is run
with the test server's URI and password in place of the example's. The counts after
``partnernet demo`` (and after ``partnernet load`` of the small fixture network) must equal the
embedded engine's, run the same way with no ``NEO4J_*`` variable in a fresh data folder.
``partnernet serve`` on Neo4j answers the explorer's pages, and the generated password shows in
no page and no line of its output (logging at DEBUG).

The run's Neo4j database is shared by every module: this one empties it when it starts and
again when it ends (``Neo4jServer.empty``, under a holder name of its own, so that the next
module's fixture fills it again; see ``tests/conftest.py``).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT, _holder, _stop_engine, store_on

PARTNERNET = Path(sys.executable).with_name("partnernet")
README = ROOT / "README.md"
COUNTED = ("nodes", "relationships", "labels", "types")


def clean_environ(data_dir: Path) -> dict[str, str]:
    """This process's environment without any Neo4j or engine setting, with its own data folder."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "PARTNERNET_"))}
    env["PARTNERNET_DATA_DIR"] = str(data_dir)
    env["PATH"] = f"{PARTNERNET.parent}{os.pathsep}{env.get('PATH', '')}"
    return env


def partnernet(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([str(PARTNERNET), *args], capture_output=True, text=True, env=env, timeout=300)
    if check and proc.returncode != 0:
        raise AssertionError(f"partnernet {' '.join(args)} failed ({proc.returncode}): {proc.stderr}")
    return proc


def counted(status: dict) -> dict:
    return {k: status[k] for k in COUNTED}


def readme_block() -> str:
    """The shell block of the README's "Using Neo4j" section."""
    section = README.read_text().split("\n## Using Neo4j\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, re.S)
    assert len(blocks) == 1, "the section has one shell block"
    return blocks[0]


@pytest.fixture(scope="module")
def data_folder() -> object:
    """A short fresh folder for the embedded engine (its socket path must stay short); the engine stopped after."""
    path = Path(tempfile.mkdtemp(prefix="pn-", dir="/tmp"))
    yield path
    _stop_engine(path)
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="module")
def neo4j_database(neo4j_server, request):
    """The run's Neo4j database, emptied before the module and again after it."""
    with store_on("neo4j", request, _holder("cli", request.module)) as store:
        yield store
        neo4j_server.empty(store, _holder("cli:ended", request.module))


@pytest.fixture(scope="module")
def neo4j_env(neo4j_server, neo4j_database, data_folder) -> dict[str, str]:
    """The environment the README sets: URI, user and password (the data folder is there but unused)."""
    env = clean_environ(data_folder / "unused")
    env.update(NEO4J_URI=neo4j_server.uri, NEO4J_USER="neo4j", NEO4J_PASSWORD=neo4j_server.password)
    return env


@pytest.fixture(scope="module")
def embedded_counts(data_folder) -> dict[str, dict]:
    """The embedded engine's counts after ``partnernet demo``, then after ``partnernet load`` of network_small."""
    env = clean_environ(data_folder / "embedded")
    found = {}
    partnernet(env, "demo")
    found["demo"] = json.loads(partnernet(env, "status", "--format", "json").stdout)
    assert found["demo"]["engine"] == "falkordb"
    partnernet(env, "load", str(FIXTURES / "network_small"))
    found["small"] = json.loads(partnernet(env, "status", "--format", "json").stdout)
    partnernet(env, "engine", "stop")
    return found


@pytest.fixture(scope="module")
def readme_run(neo4j_server, neo4j_database, neo4j_env) -> dict:
    """The README's block, run by bash with the test server's URI and password; then ``status``."""
    block = readme_block()
    lines = [line for line in block.splitlines() if line.strip()]
    assert lines[0].startswith("docker run ") and "NEO4J_AUTH=neo4j/change-this-password" in lines[0]
    assert lines[1] == "export NEO4J_URI=bolt://localhost:7687 NEO4J_USER=neo4j NEO4J_PASSWORD=change-this-password"
    assert lines[2:] == ["partnernet init && partnernet demo"]
    script = "\n".join(lines[1:]).replace("bolt://localhost:7687", neo4j_server.uri)
    script = script.replace("change-this-password", neo4j_server.password)
    env = {k: v for k, v in neo4j_env.items() if not k.startswith("NEO4J_")}  # the block exports them itself
    done = subprocess.run(["bash", "-ec", script], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    status = json.loads(partnernet(neo4j_env, "status", "--format", "json").stdout)
    return {"output": done.stdout + done.stderr, "status": status}


def test_status_reports_neo4j_with_user_and_password(neo4j_server, neo4j_env):
    proc = partnernet(neo4j_env, "status", "--format", "json")
    info = json.loads(proc.stdout)
    assert info["engine"] == "neo4j"
    assert neo4j_server.uri in info["location"]
    assert neo4j_server.password not in proc.stdout + proc.stderr


def test_status_reports_neo4j_with_neo4j_auth(neo4j_server, neo4j_env):
    env = {k: v for k, v in neo4j_env.items() if k not in ("NEO4J_USER", "NEO4J_PASSWORD")}
    env["NEO4J_AUTH"] = f"neo4j/{neo4j_server.password}"
    proc = partnernet(env, "status", "--format", "json")
    assert json.loads(proc.stdout)["engine"] == "neo4j"
    assert neo4j_server.password not in proc.stdout + proc.stderr
    env["NEO4J_AUTH"] = "neo4j/not-the-password"
    refused = partnernet(env, "status", check=False)
    assert refused.returncode != 0 and "refused the credentials" in refused.stderr
    assert "not-the-password" not in refused.stdout + refused.stderr


def test_readme_steps_give_the_embedded_engines_counts(readme_run, embedded_counts, neo4j_server):
    assert readme_run["status"]["engine"] == "neo4j"
    assert counted(readme_run["status"]) == counted(embedded_counts["demo"])
    assert readme_run["status"]["labels"]["Organization"] > 300
    assert neo4j_server.password not in readme_run["output"]


def test_init_is_idempotent_and_creates_the_constraints(neo4j_env, neo4j_database):
    partnernet(neo4j_env, "init")
    constraints = {r["name"] for r in neo4j_database.run("SHOW CONSTRAINTS YIELD name").rows}
    assert len(constraints) >= 6
    partnernet(neo4j_env, "init")
    assert {r["name"] for r in neo4j_database.run("SHOW CONSTRAINTS YIELD name").rows} == constraints


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_on_neo4j_answers_and_never_shows_the_password(readme_run, neo4j_env, neo4j_server, tmp_path):
    env = {**neo4j_env, "PARTNERNET_LOG_LEVEL": "DEBUG"}
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        proc = subprocess.Popen([str(PARTNERNET), "serve", "--port", str(port)], stdout=out, stderr=out, env=env)
    pages = {}
    try:
        deadline = time.monotonic() + 60
        while "serving" not in log.read_text() and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.2)
        assert "on neo4j; serving" in log.read_text(), log.read_text()
        for path in ("/network", "/hubs.json", "/partners.json?q=cyber"):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=60) as response:
                assert response.status == 200, path
                pages[path] = response.read().decode()
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0, log.read_text()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert json.loads(pages["/hubs.json"])["hubs"], "hubs computed from Neo4j"
    assert json.loads(pages["/partners.json?q=cyber"])["results"], "partners found on Neo4j"
    output = log.read_text()
    for where, text in [*pages.items(), ("the server's output", output)]:
        assert neo4j_server.password not in text, f"the password shows in {where}"


def test_load_of_the_small_network_on_neo4j(readme_run, neo4j_env, embedded_counts):
    proc = partnernet(neo4j_env, "load", str(FIXTURES / "network_small"))
    assert "loaded: " in proc.stdout
    status = json.loads(partnernet(neo4j_env, "status", "--format", "json").stdout)
    assert status["engine"] == "neo4j"
    assert counted(status) == counted(embedded_counts["small"])
    assert status["nodes"] > readme_run["status"]["nodes"]
