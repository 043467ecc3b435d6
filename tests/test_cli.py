"""The command line, run as a user runs it: a new process per command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.fixture
def run(data_dir):
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env["PARTNERNET_DATA_DIR"] = str(data_dir)

    def run(*args, check=True):
        proc = subprocess.run(
            [sys.executable, "-m", "partnernet", *args], capture_output=True, text=True, env=env, timeout=300
        )
        if check and proc.returncode != 0:
            raise AssertionError(f"partnernet {' '.join(args)} failed ({proc.returncode}): {proc.stderr}")
        return proc

    return run


def test_console_script_is_installed():
    script = Path(sys.executable).with_name("partnernet")
    assert script.exists(), f"no console script at {script}: pip install the project"


def test_status_json_reports_the_embedded_engine(run, data_dir):
    info = json.loads(run("status", "--format", "json").stdout)
    assert info["engine"] == "falkordb"
    assert info["location"] == str(data_dir)
    assert set(info) >= {"engine", "location", "nodes", "relationships", "labels", "types", "version"}


def test_query_cypher_json(run):
    assert json.loads(run("query", "--cypher", "RETURN 1 AS x", "--format", "json").stdout) == [{"x": 1}]


def test_a_write_lands_and_is_seen_by_a_new_process(run):
    run("query", "--cypher", "CREATE (:T {i: 1})", "--write")
    out = run("query", "--cypher", "MATCH (t:T) RETURN count(t) AS n", "--format", "json").stdout
    assert json.loads(out) == [{"n": 1}]


def test_write_without_flag_is_refused_and_changes_nothing(run):
    before = json.loads(run("status", "--format", "json").stdout)
    proc = run("query", "--cypher", "CREATE (:T {i: 1})", check=False)
    assert proc.returncode != 0
    assert "read-only" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert json.loads(run("status", "--format", "json").stdout) == before


def test_named_query_with_parameters_and_formats(run):
    run("query", "--cypher", "CREATE (:A), (:A), (:B)", "--write")
    rows = json.loads(run("query", "count_nodes_by_label", "-p", "meta=PartnernetMeta", "--format", "json").stdout)
    assert rows == [{"label": "A", "n": 2}, {"label": "B", "n": 1}]
    csv_out = run("query", "count_nodes_by_label", "-p", "meta=PartnernetMeta", "--format", "csv").stdout
    assert csv_out.splitlines() == ["label,n", "A,2", "B,1"]


def test_errors_are_one_line_with_nonzero_exit(run):
    for args, needle in [
        (("query", "count_nodes"), "missing $meta"),
        (("query", "no_such_query"), "no query named"),
        (("query", "--cypher", "MATCH (a RETURN a"), "syntax error"),
        (("query", "--cypher", "RETURN " + "(" * 30 + "1" + ")" * 30), "nests 30 levels deep"),
        (("query", "--cypher", "RETURN $p", "-p", "p=" + "[" * 20 + "]" * 20), "parameters nest 20 levels"),
    ]:
        proc = run(*args, check=False)
        assert proc.returncode != 0, args
        assert needle in proc.stderr, (args, proc.stderr)
        assert "Traceback" not in proc.stderr


def test_query_list_shows_analyst_queries_and_all_shows_the_internal_ones(run):
    out = run("query", "--list").stdout
    assert "analyst_cofunded_projects" in out and "count_nodes" not in out and "bump_graph_version" not in out
    every = run("query", "--list", "--all").stdout
    assert "analyst_cofunded_projects" in every
    assert any("count_nodes" in line and "[internal]" in line for line in every.splitlines()), every
    assert any("bump_graph_version" in line and "write" in line for line in every.splitlines()), every


def test_engine_start_status_stop(run):
    run("engine", "start")
    info = json.loads(run("engine", "status", "--format", "json").stdout)
    assert info["state"] == "up" and info["kept_running"]
    run("status")  # uses the running engine and leaves it running
    assert json.loads(run("engine", "status", "--format", "json").stdout)["state"] == "up"
    run("engine", "stop")
    assert json.loads(run("engine", "status", "--format", "json").stdout)["state"] == "down"


def test_bench_is_the_scale_benchmark(run, tmp_path):
    helped = run("bench", "--help")
    assert "usage: partnernet bench" in helped.stdout and "--sizes" in helped.stdout
    refused = run("bench", "--sizes", "tiny", check=False)
    assert refused.returncode == 2 and "'tiny' is not demo, h2020 or a number" in refused.stderr
    out = tmp_path / "scale.json"
    done = run("bench", "--sizes", "2k", "--quick", "--repeat", "3", "--json", str(out))
    figures = json.loads(out.read_text())
    assert [n["network"] for n in figures["networks"]] == ["2k"]
    assert all(figures["checks"].values()) and "partner search" in done.stdout


def test_serve_stops_on_sigterm_and_releases_the_engine(data_dir, tmp_path):
    import signal
    import socket
    import time
    import urllib.request

    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env["PARTNERNET_DATA_DIR"] = str(data_dir)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "partnernet", "serve", "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    try:
        deadline = time.monotonic() + 60
        while "serving" not in log.read_text() and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.2)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/network", timeout=30) as response:
            assert response.status == 200
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0, log.read_text()
    finally:
        if proc.poll() is None:
            proc.kill()
    status = subprocess.run(
        [sys.executable, "-m", "partnernet", "engine", "status", "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert json.loads(status.stdout)["state"] == "down", "the engine stopped with its last user"


def test_query_csv_writes_formulas_as_text(run):
    """CSV injection (OWASP): text a spreadsheet would run is written after a quote; numbers stay numbers."""
    cypher = "RETURN '=HYPERLINK(\"http://x\")' AS f, '+1' AS p, '@SUM(A1)' AS a, 'a-b' AS plain, -3 AS n"
    out = run("query", "--cypher", cypher, "--format", "csv").stdout.splitlines()
    assert out[0] == "f,p,a,plain,n"
    assert out[1] == '"\'=HYPERLINK(""http://x"")",\'+1,\'@SUM(A1),a-b,-3'


def test_serve_beyond_loopback_needs_the_allowed_host_names(run):
    proc = run("serve", "--host", "0.0.0.0", "--port", "5098", check=False)
    assert proc.returncode == 1 and "PARTNERNET_ALLOWED_HOSTS" in proc.stderr
    assert "Traceback" not in proc.stderr
