"""Load benchmark of the web app: many clients at once on a served network, as a busy Monday would.

Run from the repository root (``partnernet bench web`` takes the same arguments)::

    python -m benchmarks.load_web [--data-dir DIR | --network demo] [--clients 50] [--seconds 60]
                                  [--connections 200] [--json OUT]

It serves the folder's graph with ``partnernet serve`` (a child process on a free loopback port,
as a user starts it: waitress, its default threads and connection limit), waits until the server
has warmed its caches, then runs two phases:

1. **mixed**: ``--clients`` clients at once, each a thread with its own keep-alive connection that
   asks one page after another with no pause (a closed loop: the hardest a client can push), for
   ``--seconds``. Each request is drawn at random (seeded) from the workload: the network page and
   its JSON, the search, the partner finder, the hubs list and a hub's page, organization pages
   (the most active organization's among them: on H2020 the European Commission's, 1,372 projects),
   a path, recommendations, and ``--cold-share`` (10 %) of *cold views*: network views filtered
   in a way nobody asked before (a country, a span of years and a minimum strength not drawn yet),
   which the server computes from the analysis. Meanwhile ``--console`` analysts (2) run console
   queries one after another (signed with the console's CSRF token, as the page does).
2. **connections**: ``--connections`` connections opened at once, each asking the network page's
   JSON ``--requests`` times (3); every failure (refused, reset, timed out, not 200) counted.

For each kind of request: how many, errors, median, p95, p99 and max latency (client side, from
sending the request to the last byte of the answer). The exit status is 1 when a request failed.
The server's own log is written to stderr at the end when something failed.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.client
import json
import os
import random
import socket
import subprocess
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from benchmarks import common
from benchmarks.common import add_graph_arguments, data_folder, load_average, log_stderr, prepare_graph, write_json
from graph.settings import load_settings

__all__ = ["Recorder", "Workload", "main", "percentile"]

#: Words a planner types into the partner finder (H2020 and the demo both have partners for each).
PARTNER_WORDS = ("energy", "health", "climate", "materials", "water", "robotics", "cancer", "security", "data")
#: What the mixed workload asks, by weight (cold views and console queries apart).
MIX = {
    "network": 10,
    "network.json": 10,
    "search": 15,
    "partners": 15,
    "hubs": 10,
    "hub": 10,
    "organization": 15,
    "busiest organization": 5,
    "path": 5,
    "recommendations": 5,
}
#: Said after the kind of a request whose URL had no answer yet in the run when it was sent: the server computes
#: it (or waits for its first computation, under way).
FIRST = ", first visit"
#: Console queries the analysts run, in turn (cheap and dearer ones).
CONSOLE_QUERIES = (
    "MATCH (o:Organization) RETURN o.country AS country, count(*) AS n ORDER BY n DESC LIMIT 20",
    "MATCH (o:Organization)-[:PARTICIPATES_IN]->(p:Project) RETURN o.id, count(p) AS n ORDER BY n DESC LIMIT 10",
    "MATCH (p:Project) RETURN p.programme AS programme, count(*) AS n ORDER BY n DESC",
)


def percentile(values: list[float], q: float) -> float | None:
    """The ``q``-th percentile (0-100) of ``values``, nearest rank.

    >>> percentile([1.0, 2.0, 3.0, 4.0], 50), percentile([1.0, 2.0, 3.0, 4.0], 99), percentile([], 50)
    (2.0, 4.0, None)
    """
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, min(len(ordered), -(-len(ordered) * q // 100)))
    return ordered[int(rank) - 1]


@dataclass
class Recorder:
    """Latencies and failures by kind of request, from many threads."""

    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    failures: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, seconds: float, failure: str | None = None) -> None:
        with self.lock:
            self.times[kind].append(seconds)
            if failure:
                self.failures[kind].append(failure)

    def rows(self) -> list[dict]:
        """One row per kind: count, errors, median, p95, p99, max (seconds)."""
        return [
            {
                "kind": kind,
                "count": len(times),
                "errors": len(self.failures.get(kind, ())),
                "median": percentile(times, 50),
                "p95": percentile(times, 95),
                "p99": percentile(times, 99),
                "max": max(times),
                "first_error": next(iter(self.failures.get(kind, ())), None),
            }
            for kind, times in sorted(self.times.items())
        ]


class Workload:
    """The requests of the mixed phase, drawn at random (seeded) from what the served graph holds."""

    def __init__(self, network: dict, hubs: list[dict], seed: int, cold_share: float):
        nodes = sorted(network["nodes"], key=lambda n: -(n.get("strength") or 0))
        self.ids = [n["id"] for n in nodes]
        self.names = [str(n.get("name") or n["id"]) for n in nodes]
        self.busiest = self.ids[0]
        self.hubs = [h["id"] for h in hubs] or [1]
        countries = sorted({n.get("country") for n in nodes if n.get("country")})
        self.cold = iter(self._cold_views(countries or [""], random.Random(seed)))
        self.cold_share = cold_share
        self._answered: set[str] = {"/network", "/network.json", "/hubs", "/hubs.json"}  # warmed by the server
        self._lock = threading.Lock()

    def first_visit(self, path: str) -> bool:
        """Whether no answer to ``path`` has come back yet in this run (the server has kept nothing of it)."""
        with self._lock:
            return path not in self._answered

    def answered(self, path: str) -> None:
        with self._lock:
            self._answered.add(path)

    @staticmethod
    def _cold_views(countries: list[str], rng: random.Random) -> list[str]:
        """Network views filtered in ways nobody asked before, each once, in a random order."""
        views = [
            f"/network.json?country={c}&year_from={y}&year_to={y + span}&min_strength={s}"
            for c in countries
            for y in range(2014, 2021)
            for span in (1, 3)
            for s in (1, 2)
        ]
        rng.shuffle(views)
        return views

    def draw(self, rng: random.Random) -> tuple[str, str]:
        """One request of the mix: ``(kind, path)``."""
        if rng.random() < self.cold_share:
            path = next(self.cold, None)
            if path is not None:
                return "cold view", path
        kind = rng.choices(list(MIX), weights=list(MIX.values()))[0]
        one = rng.choice(self.ids)
        paths: dict[str, Callable[[], str]] = {
            "network": lambda: "/network",
            "network.json": lambda: "/network.json",
            "search": lambda: "/search.json?q=" + quote(rng.choice(self.names)[:4]),
            "partners": lambda: "/partners?q=" + rng.choice(PARTNER_WORDS),
            "hubs": lambda: "/hubs",
            "hub": lambda: f"/hubs/{rng.choice(self.hubs)}",
            "organization": lambda: "/organizations/" + quote(one, safe=""),
            "busiest organization": lambda: "/organizations/" + quote(self.busiest, safe=""),
            "path": lambda: f"/paths.json?from={quote(one, safe='')}&to={quote(rng.choice(self.ids), safe='')}",
            "recommendations": lambda: "/recommendations?org=" + quote(one, safe=""),
        }
        return kind, paths[kind]()


def _get(conn: http.client.HTTPConnection, path: str, headers: dict | None = None) -> tuple[int, bytes]:
    """GET ``path`` as a browser does (gzip accepted, and unpacked): the status and the page's bytes."""
    conn.request("GET", path, headers={"Accept-Encoding": "gzip", **(headers or {})})
    response = conn.getresponse()
    body = response.read()
    if response.getheader("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    return response.status, body


def _timed(recorder: Recorder, kind: str, call: Callable[[], int]) -> None:
    """Time ``call()`` (which returns an HTTP status) and record it as ``kind``; 5xx, 4xx and errors fail."""
    started = time.perf_counter()
    try:
        status = call()
        failure = None if status < 400 else f"HTTP {status}"
    except (OSError, http.client.HTTPException) as e:
        failure = f"{type(e).__name__}: {e}"
    recorder.add(kind, time.perf_counter() - started, failure)


def _client(port: int, workload: Workload, seed: int, until: float, recorder: Recorder) -> None:
    """One client of the mixed phase: a keep-alive connection, one request after another until ``until``."""
    rng = random.Random(seed)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    while time.perf_counter() < until:
        kind, path = workload.draw(rng)
        if kind != "cold view" and workload.first_visit(path):
            kind += FIRST

        def ask(path: str = path) -> int:
            try:
                status = _get(conn, path)[0]
            except (OSError, http.client.HTTPException):
                conn.close()  # a new connection for the next request
                raise
            workload.answered(path)
            return status

        _timed(recorder, kind, ask)
    conn.close()


def _analyst(port: int, until: float, recorder: Recorder) -> None:
    """One analyst: the console's page (its CSRF token and session cookie), then queries one after another."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    conn.request("GET", "/console.json")
    response = conn.getresponse()
    token = json.loads(response.read())["csrf_token"]
    cookie = (response.getheader("Set-Cookie") or "").split(";")[0]
    headers = {
        "Content-Type": "application/json",
        "X-CSRF-Token": token,
        "Cookie": cookie,
        "Origin": f"http://127.0.0.1:{port}",
    }
    turn = 0
    while time.perf_counter() < until:
        body = json.dumps({"cypher": CONSOLE_QUERIES[turn % len(CONSOLE_QUERIES)], "params": {}})
        turn += 1

        def run(body: str = body) -> int:
            conn.request("POST", "/console/run", body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            return response.status

        _timed(recorder, "console query", run)
    conn.close()


def _run_threads(targets: Sequence[Callable[[], object]]) -> None:
    threads = [threading.Thread(target=t, daemon=True) for t in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def mixed(port: int, args: argparse.Namespace) -> tuple[list[dict], float]:
    """Phase 1: the rows by kind, and the requests answered per second."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    network = json.loads(_get(conn, "/network.json")[1])
    hubs = json.loads(_get(conn, "/hubs.json")[1]).get("hubs", [])
    conn.close()
    workload = Workload(network, hubs, args.seed, args.cold_share)
    recorder = Recorder()
    started = time.perf_counter()
    until = started + args.seconds
    targets = [functools.partial(_client, port, workload, args.seed + i, until, recorder) for i in range(args.clients)]
    targets += [functools.partial(_analyst, port, until, recorder) for _ in range(args.console)]
    _run_threads(targets)
    elapsed = time.perf_counter() - started
    pages = Recorder()
    for kind, times in recorder.times.items():
        if kind not in ("cold view", "console query"):
            group = "every page, first visits" if kind.endswith(FIRST) else "every page asked before (kept)"
            for seconds in times:
                pages.add(group, seconds)
            for failure in recorder.failures.get(kind, ()):
                pages.failures[group].append(failure)
    return recorder.rows() + pages.rows(), sum(len(t) for t in recorder.times.values()) / elapsed


def connections(port: int, count: int, requests: int) -> list[dict]:
    """Phase 2: ``count`` connections opened at once, each asking ``requests`` times; rows by kind."""
    recorder = Recorder()
    ready = threading.Barrier(count)

    def one() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        try:
            conn.connect()
        except OSError as e:
            recorder.add("connect", 0.0, f"{type(e).__name__}: {e}")
        ready.wait()
        for _ in range(requests):
            _timed(recorder, f"{count} connections: /network.json", lambda: _get(conn, "/network.json")[0])
        conn.close()

    _run_threads([one for _ in range(count)])
    return recorder.rows()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def served(data_dir: Path, threads: int | None) -> Iterator[tuple[int, subprocess.Popen]]:
    """``partnernet serve`` on the folder, on a free loopback port, until the block ends (then SIGTERM)."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env.update(PARTNERNET_DATA_DIR=str(data_dir), PARTNERNET_AUTH="off")
    command = [sys.executable, "-m", "partnernet", "serve", "--port", str(port)]
    if threads:
        command += ["--threads", str(threads)]
    log_path = data_dir / "bench-web-serve.log"
    with open(log_path, "wb") as log:
        server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_warm(port, server)
            yield port, server
        finally:
            server.terminate()
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                server.kill()


def _wait_warm(port: int, server: subprocess.Popen, limit: float = 900) -> None:
    """Until the server answers the network page, the hubs and the map from its caches (warmed)."""
    deadline = time.perf_counter() + limit
    while time.perf_counter() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"partnernet serve exited with status {server.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
            times = []
            for path in ("/network.json", "/hubs.json", "/map.json", "/partners.json?q=energy"):
                started = time.perf_counter()
                status = _get(conn, path)[0]
                times.append(time.perf_counter() - started)
                if status != 200:
                    raise RuntimeError(f"{path}: HTTP {status}")
            conn.close()
            if max(times) < 0.5:
                return
        except OSError:
            pass
        time.sleep(1)
    raise RuntimeError(f"partnernet serve not warm after {limit:.0f} s")


def _table(rows: list[dict]) -> str:
    def ms(value: float | None) -> str:
        return "-" if value is None else f"{value * 1000:,.0f}"

    lines = [f"{'request':<40} {'count':>7} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}"]
    lines += [
        f"{r['kind']:<40} {r['count']:>7,} {r['errors']:>6} {ms(r['median']):>8} {ms(r['p95']):>8} "
        f"{ms(r['p99']):>8} {ms(r['max']):>8}"
        for r in rows
    ]
    return "\n".join(lines)


def _parser(prog: str | None = None) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=prog, description=__doc__.split("\n\n")[0])
    add_graph_arguments(p)
    p.add_argument("--clients", type=int, default=50, help="clients at once in the mixed phase (default 50)")
    p.add_argument("--seconds", type=float, default=60, help="length of the mixed phase (default 60)")
    p.add_argument("--cold-share", type=float, default=0.1, help="share of cold views in the mix (default 0.1)")
    p.add_argument("--console", type=int, default=2, help="analysts running console queries (default 2)")
    p.add_argument("--connections", type=int, default=200, help="connections at once, phase 2 (default 200)")
    p.add_argument("--requests", type=int, default=3, help="requests on each connection, phase 2 (default 3)")
    p.add_argument("--threads", type=int, help="the server's --threads (default: serve's own default)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    return p


def main(argv: list[str] | None = None, prog: str | None = None) -> int:
    args = _parser(prog).parse_args(argv)
    document: dict = {"machine": common.machine(), "load_average_start": load_average(), "arguments": vars(args)}
    with data_folder(args.data_dir, "pn-bench-web-") as folder:
        settings = load_settings({"PARTNERNET_DATA_DIR": str(folder), "NEO4J_URI": None})
        store, figures = prepare_graph(settings, args.network, args.data)
        store.close()
        document["graph"] = figures
        log_stderr(f"serving {folder} and waiting for its caches to be warm")
        with served(folder, args.threads) as (port, server):
            log_stderr(f"mixed: {args.clients} clients for {args.seconds:g} s")
            rows, rate = mixed(port, args)
            log_stderr(f"connections: {args.connections} at once")
            rows += connections(port, args.connections, args.requests)
            alive = server.poll() is None
    document.update(rows=rows, requests_per_second=rate, load_average_end=load_average(), server_alive=alive)
    print(f"partnernet web load benchmark: {args.network}, {args.clients} clients for {args.seconds:g} s")
    print(f"machine: {document['machine']}; load average {document['load_average_start']} at the start")
    print(_table(rows))
    print(f"mixed phase: {rate:,.1f} requests/s; server alive at the end: {alive}")
    if args.json:
        write_json(args.json, document)
    failed = sum(r["errors"] for r in rows)
    if failed:
        print(f"{failed} requests failed", file=sys.stderr)
    return 1 if failed or not alive else 0


if __name__ == "__main__":
    sys.exit(main(prog="python -m benchmarks.load_web"))
