"""``partnernet bench console``: the console's hostile queries (issue #19, item 4), as figures.

Each case of :data:`CASES` is sent to the served app (waitress, 8 threads as ``partnernet serve``),
one browser session per query, all at once; meanwhile a page (``/organizations/cnam.json``,
warmed) is fetched. For each case it prints the slowest console answer against the time limit,
the answers' statuses, the page's time against its median when nothing else runs (the baseline,
measured in the same run), whether the engine is the same process and answers afterwards, and
the engine's memory (its allocator's ``used_memory``) before, at most during, and once the
console is idle again. tests/test_console_limits.py checks the same figures against the issue's
bounds (:func:`measure` is shared).

    partnernet bench console                       (the demo network, limit 10 s)
    partnernet bench console --network h2020 --limit 10 --json console.json
"""

from __future__ import annotations

import argparse
import json
import statistics
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

from benchmarks.common import add_graph_arguments, data_folder, load_average, log_stderr, prepare_graph, write_json

__all__ = ["CASES", "PAGE", "Session", "fetch_page", "main", "measure", "used_memory"]

#: The queries of the issue, each with how many are sent at once.
CASES: dict[str, tuple[str, int]] = {
    "nested 100,000 deep": ("RETURN " + "(" * 100_000 + "1" + ")" * 100_000 + " AS one", 1),
    "nested 30 deep": ("RETURN " + "(" * 30 + "1" + ")" * 30 + " AS one", 1),
    # 10^8 additions in one expression (~8 s alone): FalkorDB looks at its time limit only after it
    "two nested reduce": (
        "RETURN reduce(s = 0, x IN range(1, 10000) | s + reduce(t = 0, y IN range(1, 10000) | t + y)) AS n",
        2,
    ),
    "ten cartesian": ("MATCH (a), (b), (c), (d) RETURN count(*) AS n", 10),
    "size(range(1, 10^8))": ("RETURN size(range(1, 100000000)) AS n", 1),
    "UNWIND 4M rows": ("UNWIND range(1, 4000000) AS x RETURN x", 1),
}
#: The page fetched while the console queries run.
PAGE = "/organizations/cnam.json"
#: Most seconds :func:`measure` waits for the console's pool to be idle and the engine's memory to come back.
SETTLE = 120.0


def fetch_page(base: str, timeout: float = 60, page: str = PAGE) -> tuple[int, float]:
    """``GET page``: its status and seconds."""
    started = time.monotonic()
    with urllib.request.urlopen(base + page, timeout=timeout) as response:
        response.read()
        return response.status, time.monotonic() - started


class Session:
    """A browser's session of the console: its cookie and CSRF token."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        with self.opener.open(base + "/console.json", timeout=30) as response:
            self.token = json.loads(response.read())["csrf_token"]

    def run(self, cypher: str, params: dict | None = None, timeout: float = 120) -> dict:
        """POST the query: ``status`` (None: no answer within ``timeout``), ``answer`` and ``seconds``."""
        body = json.dumps({"cypher": cypher, "params": params or {}}).encode()
        headers = {"Content-Type": "application/json", "X-CSRF-Token": self.token}
        request = urllib.request.Request(self.base + "/console/run", data=body, headers=headers)
        started = time.monotonic()
        try:
            with self.opener.open(request, timeout=timeout) as response:
                status, answer = response.status, json.loads(response.read())
        except urllib.error.HTTPError as e:
            status, answer = e.code, json.loads(e.read() or b"{}")
        except (TimeoutError, urllib.error.URLError, ConnectionError) as e:
            status, answer = None, {"error": {"message": f"no answer: {e}"}}
        return {"status": status, "answer": answer, "seconds": time.monotonic() - started}


def used_memory(store) -> int | None:
    """The engine's memory in bytes (its allocator's count); None when it does not answer."""
    try:
        return int(store.connection.info("memory")["used_memory"])
    except Exception:
        return None


def _settle(app, store, before: int) -> tuple[float, int | None]:
    """Seconds until the console's pool is idle and the engine's memory within 10 % of ``before`` (at most
    :data:`SETTLE`), and the memory then."""
    started = time.monotonic()
    while True:
        pool = app.extensions.get("partnernet_console")
        used = used_memory(store)
        idle = pool is None or pool.running == 0
        if (idle and used is not None and used <= before * 1.10) or time.monotonic() - started > SETTLE:
            return time.monotonic() - started, used
        time.sleep(0.2)


def measure(app, base: str, store, cypher: str, copies: int, timeout: float, page: str = PAGE) -> dict:
    """Send ``copies`` of ``cypher`` at once (a session each), fetch ``page`` meanwhile; the figures.

    ``timeout``: seconds a console request may take before it counts as not answered.
    """
    _settle(app, store, used_memory(store) or 0)
    before, pid = used_memory(store) or 0, store.engine.pid()
    sessions = [Session(base) for _ in range(copies)]
    answers: list[dict] = [{} for _ in range(copies)]
    peak = [before]
    done = threading.Event()

    def send(i: int) -> None:
        answers[i] = sessions[i].run(cypher, timeout=timeout)

    def watch() -> None:
        while not done.wait(0.1):
            peak[0] = max(peak[0], used_memory(store) or 0)

    threads = [threading.Thread(target=send, args=(i,)) for i in range(copies)]
    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    for thread in threads:
        thread.start()
    time.sleep(0.5)  # the console queries are in the engine, or waiting for their turn
    page_status, page_seconds = fetch_page(base, page=page)
    for thread in threads:
        thread.join(timeout + 10)
    alive = store.engine.ping() == "up" and store.engine.pid() == pid
    settle_seconds, after = _settle(app, store, before) if alive else (None, None)
    done.set()
    return {
        "answers": [
            {"status": a.get("status"), "seconds": a.get("seconds"), "answer": a.get("answer")} for a in answers
        ],
        "slowest_seconds": max(a.get("seconds", timeout) for a in answers),
        "page_status": page_status,
        "page_seconds": page_seconds,
        "engine_alive": alive,
        "memory_before": before,
        "memory_peak": peak[0],
        "memory_after": after,
        "settle_seconds": settle_seconds,
    }


def _parser(prog: str) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=prog, description=__doc__.split("\n\n")[0])
    add_graph_arguments(p)
    p.set_defaults(network="demo")
    p.add_argument("--limit", type=float, default=10.0, help="the console's time limit in seconds (default 10)")
    p.add_argument("--page-runs", type=int, default=9, help="page fetches for the idle baseline (default 9)")
    p.add_argument("--json", type=Path, help="write every figure to this JSON file")
    p.add_argument("--page", help=f"the page fetched meanwhile (default {PAGE}, or the first organization's)")
    return p


def _mib(value: int | None) -> str:
    return "-" if value is None else f"{value / 2**20:8.1f}"


def main(argv: list[str] | None = None, prog: str = "partnernet bench console") -> int:
    """Run every case of :data:`CASES` and print one line of figures per case."""
    from benchmarks.explorer_h2020 import serving
    from graph.settings import load_settings
    from web import create_app

    args = _parser(prog).parse_args(argv)
    with data_folder(args.data_dir, "pn-bc-") as path:
        settings = load_settings({"PARTNERNET_DATA_DIR": str(path)}, environ={}).replace(query_timeout=args.limit)
        store, _ = prepare_graph(settings, args.network, args.data)
        try:
            app = create_app({"STORE": store, "SETTINGS": settings})
            page = args.page or PAGE
            if args.page is None and args.network != "demo":
                first = store.run("MATCH (o:Organization) RETURN o.id AS id ORDER BY id LIMIT 1").rows[0]["id"]
                page = f"/organizations/{urllib.parse.quote(first)}.json"
            with serving(app, threads=8) as base:
                fetch_page(base, timeout=600, page=page)  # warm: the snapshot of this graph version is read
                idle = statistics.median(fetch_page(base, page=page)[1] for _ in range(args.page_runs))
                log_stderr(f"load average {load_average()}; console time limit {args.limit:g} s")
                print(f"page {page} alone: median {idle:.3f} s of {args.page_runs}")
                print(
                    f"{'case':<22} {'slowest':>8} {'statuses':<24} {'page':>7} {'x idle':>7} {'alive':>5} "
                    f"{'MiB before':>10} {'peak':>8} {'after':>8} {'settled':>8}"
                )
                figures = {"limit": args.limit, "page_idle_median": idle, "load_average": load_average(), "cases": {}}
                for name, (cypher, copies) in CASES.items():
                    f = measure(app, base, store, cypher, copies, timeout=args.limit + 120, page=page)
                    figures["cases"][name] = f
                    statuses = ",".join(sorted({str(a["status"]) for a in f["answers"]}))
                    settled = "-" if f["settle_seconds"] is None else f"{f['settle_seconds']:.1f} s"
                    print(
                        f"{name:<22} {f['slowest_seconds']:7.2f}s {statuses:<24} {f['page_seconds']:6.3f}s "
                        f"{f['page_seconds'] / idle:6.1f}x {str(f['engine_alive']):>5} {_mib(f['memory_before']):>10} "
                        f"{_mib(f['memory_peak'])} {_mib(f['memory_after'])} {settled:>8}",
                        flush=True,
                    )
            app.extensions["partnernet"].close()
        finally:
            store.close()
    if args.json:
        write_json(args.json, figures)
    return 0
