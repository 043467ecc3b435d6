"""Explorer benchmark: the default network view of the whole CORDIS H2020 set, served and drawn.

Run from the repository root::

    python -m benchmarks.explorer_h2020 [--data-dir DIR] [--repeat 20] [--browser-runs 5] [--json PATH]

Steps, in this order:

1. **Load.** The H2020 files are read (:func:`loaders.cordis.read_cordis_h2020`), validated
   (:func:`loaders.validate.validate_network`) and loaded (:func:`loaders.load.load_network`)
   into a fresh embedded engine in a new short folder under ``/tmp`` (the engine's Unix
   socket path must stay short). With ``--data-dir DIR`` whose graph already holds nodes
   (``store.counts()``), that graph is used as it is and nothing is loaded. The store that
   loaded (or checked) the graph stays open until the end, so the engine keeps running and
   the web app's first request does not pay for an engine start.
2. **Server.** The real web app (``web.create_app``) on that folder, with
   ``PARTNERNET_MAX_NODES`` (default 1,500: the explorer's cap) and the embedded engine (a
   ``NEO4J_URI`` of the environment is ignored), served by waitress (4 threads) in a thread
   of this process on ``127.0.0.1``, measured over real HTTP with ``urllib`` (a new
   connection per request, the whole body read; ``time.perf_counter``):

   - *cold*: the first ``GET /network`` (opens the store, reads the snapshot, builds the
     capped view, lays it out, renders the page): one figure;
   - *warm*: ``GET /network``, ``GET /network.json`` and, as a baseline, the static
     ``GET /assets/vis/vis-network.min.js`` (about 470 KB, served by the same app),
     each ``--repeat`` times, interleaved (so that load elsewhere on the machine hits the
     three alike), after one uncounted request of each of the last two. Median, p95
     (nearest rank) and min; and the ratio warm ``/network`` median / static median.

   Every response must be a 200; ``/network.json`` must show ``min(total, max nodes)``
   organizations (1,500 for H2020).

   The cold ``GET /network`` is the *first-ever view* of the graph version: it reads the
   snapshot and computes the cooperation graph, the hubs and the map of the network
   (:func:`graph.analytics.layout.network_map`), which every later view reuses.
2b. **Filtered views** (:func:`measure_views`): five views of the graph, chosen from its data
   (:func:`chosen_views`): ``expertise=`` the term addressed by most projects, ``funder=`` the
   funder of most projects, ``year_from``/``year_to`` the two years around the median start
   year, ``hub=`` the first hub, and ``path=`` a chain of three organizations (the strongest,
   its strongest partner, that one's strongest other partner). Each is timed ``--view-repeat``
   times *cold* (``GET /network?...`` after the app's cached views are dropped with
   ``AppState.forget_views``: the view is filtered, capped, placed and drawn again, the
   snapshot, hubs and map of the graph version being kept) and as many times *warm* (the same
   URL again); medians, and the targets for context (cold <= 1.5 s, warm <= 300 ms).
2c. **Silhouette** (:func:`graph.analytics.layout.silhouette`) of the default view's positions
   by hub (the hubs of the whole network): of the graph served (from ``/network.json``) and of
   the demo network (built in this process from :func:`loaders.generators.demo.demo_network`,
   the same way the app builds it). Target >= 0.35, for context.
3. **Browser.** Debian's Chromium driven by Playwright, ``--browser-runs`` times, each in a
   new browser context (empty cache, as a first visit) with a 1400x900 viewport:
   ``page.goto(/network)``, then wait for ``body[data-drawn='1']``, which
   ``web/static/explorer.js`` sets on vis-network's first ``afterDrawing`` (physics are
   off: the first drawing is the final still picture). The figure is
   ``window.partnernet.drawnAt``: ``performance.now()`` at that first drawing, i.e.
   milliseconds since the navigation started. Also read: the nodes of the vis DataSet
   (must equal the view's), the page's navigation timing, console errors, uncaught errors
   and failed responses (there must be none), and the number of drawings: a script added
   before the page's own counts every ``afterDrawing`` from the first, and the page is left
   alone (no mouse, no keys) for 500 ms after the first drawing; a still canvas draws once.
4. **Figures.** A table on stdout (medians, targets for context: server response median
   <= 500 ms, canvas drawn <= 3 s; they are not checked, nothing here is a test), and with
   ``--json PATH`` every figure, with the machine (CPUs, load average, Python, Chromium).
   Progress goes to stderr. The exit status is 1 when a check (status 200, node counts,
   no browser errors) fails, never because of a time.
5. **Clean up.** Server stopped, the app's backend closed, the loading store closed; for a
   folder of our own, its engine stopped and the folder deleted (a ``--data-dir`` is left
   as it was found, its engine stopping when no one else uses it).

``--network demo`` loads the small demo network (:func:`loaders.demo.demo_network`)
instead of H2020: a quick check that the benchmark runs (``tests/test_benchmarks.py``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks.common import (
    Log,
    add_graph_arguments,
    data_folder,
    describe,
    log_stderr,
    machine,
    prepare_graph,
    write_json,
)
from graph.settings import load_settings

if TYPE_CHECKING:
    from playwright.sync_api import ViewportSize

CHROMIUM = "/usr/bin/chromium"
STATIC_PATH = "/assets/vis/vis-network.min.js"
VIEWPORT: ViewportSize = {"width": 1400, "height": 900}
#: The explorer's cap on the organizations sent to the browser (the setting's default).
MAX_NODES = 1500
#: How long the page is left alone after its first drawing, to see that it stays still.
STILL_MS = 500

#: Targets, for context (printed, never checked).
TARGET_RESPONSE_MS = 500.0
TARGET_DRAWN_S = 3.0
TARGET_COLD_VIEW_MS = 1500.0
TARGET_WARM_VIEW_MS = 300.0
TARGET_SILHOUETTE = 0.35

#: Counts every ``afterDrawing`` of the page's network from the first: the page's script
#: assigns ``window.partnernet`` right after creating the network, before vis-network's first
#: (asynchronous) drawing, and this setter hooks the network at that moment.
COUNT_DRAWINGS = """
(() => {
  let state;
  window.__pnDrawings = [];
  Object.defineProperty(window, "partnernet", {
    configurable: true,
    get() { return state; },
    set(value) {
      state = value;
      if (value && value.network) {
        value.network.on("afterDrawing", () => window.__pnDrawings.push(performance.now()));
      }
    },
  });
})();
"""

NAVIGATION_TIMING = """() => {
  const n = performance.getEntriesByType("navigation")[0];
  return n ? {response_start_ms: n.responseStart, response_end_ms: n.responseEnd,
              dom_content_loaded_ms: n.domContentLoadedEventEnd, load_ms: n.loadEventEnd,
              transfer_bytes: n.transferSize} : {};
}"""

# -- 2. server and HTTP ------------------------------------------------------------------


@contextmanager
def serving(app, threads: int = 4) -> Iterator[str]:
    """``app`` served by waitress (``threads`` threads) in a background thread; yields its base URL."""
    from waitress import create_server

    srv = create_server(app, host="127.0.0.1", port=0, threads=threads)
    thread = threading.Thread(target=srv.run, name="benchmark-waitress", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{srv.effective_port}"
    finally:
        # Worker threads first, then the sockets closed by the server's own loop thread: closing them from here
        # while that thread sits in select() raised EBADF there, and the traceback kept the app (and its backend)
        # alive.
        from waitress import wasyncore

        srv.task_dispatcher.shutdown(timeout=5)
        srv.trigger.pull_trigger(lambda: wasyncore.close_all(srv._map))
        thread.join(timeout=5)


def fetch(url: str, timeout: float = 300.0) -> tuple[int, float, bytes]:
    """``GET url`` on a new connection: (status, seconds until the whole body is read, body)."""
    request = urllib.request.Request(url, headers={"Accept-Language": "en"})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
            status = response.status
    except urllib.error.HTTPError as e:
        body, status = e.read(), e.code
    return status, time.perf_counter() - started, body


def measure_http(base: str, repeat: int, expected_shown: Callable[[dict], int], log: Log = log_stderr) -> dict:
    """Cold and warm ``/network``, warm ``/network.json`` and the static baseline (milliseconds)."""
    statuses: dict[str, list[int]] = {"network": [], "network_json": [], "static": []}
    status, seconds, body = fetch(base + "/network")
    statuses["network"].append(status)
    cold_ms = seconds * 1000
    log(f"  cold GET /network: {cold_ms:.0f} ms ({len(body):,} bytes, status {status})")
    page_bytes = len(body)

    status, _, body = fetch(base + "/network.json")  # uncounted first request
    statuses["network_json"].append(status)
    view = json.loads(body) if status == 200 else {}
    keys = ("shown", "total", "left_out", "ties", "total_ties", "max_nodes", "funders_hidden")
    summary = {k: view.get(k) for k in keys}
    nodes = [(n["id"], n["x"], n["y"]) for n in view.get("nodes", [])]
    json_bytes = len(body)
    status, _, body = fetch(base + STATIC_PATH)  # uncounted first request
    statuses["static"].append(status)
    static_bytes = len(body)

    times: dict[str, list[float]] = {"network": [], "network_json": [], "static": []}
    for i in range(repeat):
        for key, path in (("network", "/network"), ("network_json", "/network.json"), ("static", STATIC_PATH)):
            status, seconds, body = fetch(base + path)
            statuses[key].append(status)
            times[key].append(seconds * 1000)
        log(
            f"  warm {i + 1}/{repeat}: /network {times['network'][-1]:.0f} ms, "
            f"/network.json {times['network_json'][-1]:.0f} ms, static {times['static'][-1]:.1f} ms"
        )
    warm = {k: describe(v) for k, v in times.items()}
    static_median = warm["static"]["median"]
    ratio = warm["network"]["median"] / static_median if static_median else None
    expected = expected_shown(summary) if view else None
    checks = {
        "all_200": all(s == 200 for v in statuses.values() for s in v),
        "shown_expected": expected,
        "shown_ok": view != {} and summary["shown"] == expected,
    }
    return {
        "cold_network_ms": cold_ms,
        "warm_ms": warm,
        "ratio_network_vs_static": ratio,
        "bytes": {"network": page_bytes, "network_json": json_bytes, "static": static_bytes},
        "view": summary,
        "nodes": nodes,
        "statuses": {k: sorted(set(v)) for k, v in statuses.items()},
        "checks": checks,
    }


# -- 2b. filtered views, 2c. silhouette --------------------------------------------------


def chosen_views(app) -> dict[str, str]:
    """Five filtered views of the app's graph (module docstring, step 2b): name -> query string."""
    import numpy as np

    state = app.extensions["partnernet"]
    analysis = state.analysis()
    snapshot, coop = analysis.snapshot, analysis.cooperation
    addressed: dict[str, int] = {}
    funded: dict[str, int] = {}
    for p in snapshot.projects:
        for e in p["expertise"] or ():
            addressed[e] = addressed.get(e, 0) + 1
        for f in p["funders"] or ():
            funded[f] = funded.get(f, 0) + 1
    starts = sorted(p["start_year"] for p in snapshot.projects if p["start_year"] is not None)
    middle = starts[len(starts) // 2]
    W = coop.W.tocsr()
    strength = np.asarray(W.sum(axis=1)).ravel()
    chain = [int(np.argmax(strength))]
    for _ in range(2):
        row = W.getrow(chain[-1]).toarray().ravel()
        row[chain] = 0
        chain.append(int(np.argmax(row)))
    return {
        "expertise": f"expertise={max(sorted(addressed), key=lambda e: addressed[e])}",
        "funder": f"funder={max(sorted(funded), key=lambda f: funded[f])}",
        "years": f"year_from={middle}&year_to={middle + 1}",
        "hub": f"hub={state.hubs()[0].id}",
        "path": "path=" + ",".join(coop.ids[i] for i in chain),
    }


def measure_views(app, base: str, views: dict[str, str], repeat: int, log: Log = log_stderr) -> dict:
    """Each view ``repeat`` times cold (cached views dropped first) and ``repeat`` times warm (milliseconds)."""
    state = app.extensions["partnernet"]
    out: dict = {}
    for name, query in views.items():
        cold, warm, statuses = [], [], []
        for _ in range(repeat):
            state.forget_views()
            status, seconds, _ = fetch(f"{base}/network?{query}")
            cold.append(seconds * 1000)
            statuses.append(status)
        for _ in range(repeat):
            status, seconds, _ = fetch(f"{base}/network?{query}")
            warm.append(seconds * 1000)
            statuses.append(status)
        status, _, body = fetch(f"{base}/network.json?{query}")
        statuses.append(status)
        shown = json.loads(body).get("shown") if status == 200 else None
        out[name] = {"query": query, "cold_ms": describe(cold), "warm_ms": describe(warm), "shown": shown}
        out[name]["all_200"] = all(s == 200 for s in statuses)
        log(
            f"  view {name} ({query}): cold median {out[name]['cold_ms']['median']:.0f} ms, "
            f"warm median {out[name]['warm_ms']['median']:.1f} ms, {shown} organizations"
        )
    return out


def default_view_silhouette(nodes: list[tuple[str, float, float]], hub_of: dict[str, int]) -> float:
    """The silhouette by hub of a view's drawn positions (:func:`graph.analytics.layout.view_silhouette`)."""
    from graph.analytics.layout import view_silhouette

    return view_silhouette({o: (x, y) for o, x, y in nodes}, hub_of)


def demo_silhouette(max_nodes: int) -> float:
    """The silhouette by hub of the demo network's default view, built as the app builds it (no engine)."""
    from graph.analytics.analysis import Analysis
    from graph.analytics.layout import network_map
    from graph.analytics.snapshot import snapshot_from_network
    from graph.analytics.subgraph import build_subgraph
    from loaders.generators.demo import demo_network

    analysis = Analysis(snapshot_from_network(demo_network(), version=1))
    hubs = analysis.hubs()
    view = build_subgraph(analysis.snapshot, max_nodes=max_nodes, layout=network_map(analysis.cooperation, hubs))
    hub_of = {o: h.id for h in hubs for o in h.members}
    return default_view_silhouette([(o, a["x"], a["y"]) for o, a in view.G.nodes(data=True)], hub_of)


# -- 3. browser --------------------------------------------------------------------------


class PageWatch:
    """A page's console errors, uncaught errors and failed responses."""

    def __init__(self, page) -> None:
        self.errors: list[str] = []
        page.on("console", lambda m: self.errors.append(f"console: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        page.on("response", lambda r: self.errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)


def measure_browser(base: str, runs: int, chromium: str = CHROMIUM, log: Log = log_stderr) -> dict:
    """``runs`` first visits of ``/network`` in Chromium: time to the first drawing, nodes, stillness."""
    from playwright.sync_api import sync_playwright

    results = []
    with sync_playwright() as p:
        started = time.perf_counter()
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        launch_seconds = time.perf_counter() - started
        try:
            for i in range(runs):
                context = browser.new_context(viewport=VIEWPORT, locale="en-GB")
                try:
                    context.add_init_script(COUNT_DRAWINGS)
                    page = context.new_page()
                    watch = PageWatch(page)
                    started = time.perf_counter()
                    page.goto(base + "/network")
                    page.wait_for_selector("body[data-drawn='1']", timeout=120_000)
                    wall_ms = (time.perf_counter() - started) * 1000
                    drawn_ms = page.evaluate("window.partnernet.drawnAt")
                    drawings_at_drawn = page.evaluate("window.__pnDrawings.length")
                    nodes = page.evaluate("window.partnernet.nodes.length")
                    timing = page.evaluate(NAVIGATION_TIMING)
                    page.wait_for_timeout(STILL_MS)
                    drawings = page.evaluate("window.__pnDrawings")
                    run = {
                        "drawn_ms": drawn_ms,
                        "wall_ms": wall_ms,
                        "nodes": nodes,
                        "drawings": len(drawings),
                        "drawings_at_drawn": drawings_at_drawn,
                        "later_drawings_ms": [round(t - drawn_ms, 1) for t in drawings[1:]],
                        "watched_ms": page.evaluate("performance.now()") - drawn_ms,
                        "navigation": timing,
                        "errors": list(watch.errors),
                    }
                finally:
                    context.close()
                results.append(run)
                log(
                    f"  browser {i + 1}/{runs}: drawn at {drawn_ms:.0f} ms, {nodes:,} nodes, "
                    f"{run['drawings']} drawing(s) in {run['watched_ms']:.0f} ms after, {len(run['errors'])} error(s)"
                )
            version = browser.version
        finally:
            browser.close()
    return {
        "chromium": version,
        "launch_seconds": launch_seconds,
        "drawn_ms": describe([r["drawn_ms"] for r in results]),
        "runs": results,
    }


# -- figures -----------------------------------------------------------------------------


def _ms(value: float | None, fmt: str = "8.1f") -> str:
    return "-".rjust(int(fmt.split(".")[0])) if value is None else format(value, fmt)


def _views_table(result: dict) -> list[str]:
    """The filtered views' cold and warm medians and the silhouettes, as lines of the table."""
    views, static = result["views"], result["http"]["warm_ms"]["static"]["median"]
    head = f"{'filtered views, GET /network?... (ms)':<44} {'n':>3} {'cold':>8} {'warm':>8} {'shown':>6}"
    lines = [head, "-" * len(head)]
    for name, v in views.items():
        lines.append(
            f"{name + ' (' + v['query'][:30] + ')':<44} {v['cold_ms']['n']:>3} "
            f"{_ms(v['cold_ms']['median'])} {_ms(v['warm_ms']['median'])} {v['shown'] or 0:>6,}"
        )
    colds = [v["cold_ms"]["median"] for v in views.values()]
    warms = [v["warm_ms"]["median"] for v in views.values()]
    lines.append(
        f"slowest cold median {_ms(max(colds), '.0f')} ms (target <= {TARGET_COLD_VIEW_MS:g}), slowest warm median "
        f"{_ms(max(warms), '.1f')} ms (target <= {TARGET_WARM_VIEW_MS:g}); static baseline {_ms(static, '.1f')} ms"
    )
    sil = result["silhouette"]
    lines.append(
        f"silhouette of the default view by hub (target >= {TARGET_SILHOUETTE:g}): "
        f"this graph {_ms(sil['graph'], '.3f')}, demo network {_ms(sil['demo'], '.3f')}"
    )
    return lines


def format_table(result: dict) -> str:
    """The figures of a run as a text table, with the checks and the targets."""
    load, http, browser, env = result["load"], result["http"], result["browser"], result["machine"]
    view = http["view"]
    ok = {True: "met", False: "MISSED"}
    lines = [
        f"partnernet explorer benchmark: {result['network_label']}",
        f"machine: {env['cpu_count']} CPU(s) ({env['cpus_usable']} usable), load average {env['load_average']}, "
        f"Python {env['python']}, Chromium {browser['chromium']}",
        "",
    ]
    if load["reused"]:
        lines.append(f"load: graph of {result['data_dir']} used as it was ({load['counts']['nodes']:,} nodes)")
    else:
        lines.append(
            f"load: {load['rows']:,} rows; read {load['read_seconds']:.2f} s, "
            f"validate {load['validate_seconds']:.2f} s, load_network {load['load_seconds']:.2f} s; "
            f"whole {load['read_seconds'] + load['validate_seconds'] + load['load_seconds']:.2f} s "
            f"(engine start {load['engine_start_seconds']:.2f} s apart)"
        )
    lines.append(
        f"view: shown {view['shown']:,} of {view['total']:,} organizations, left out {view['left_out']:,}; "
        f"ties {view['ties']:,} of {view['total_ties']:,} (max nodes {view['max_nodes']:,})"
    )
    sizes = http["bytes"]
    lines.append(
        f"sizes: /network {sizes['network']:,} B, /network.json {sizes['network_json']:,} B, "
        f"vis-network.min.js {sizes['static']:,} B"
    )
    lines.append("")
    head = f"{'server, over HTTP (ms)':<44} {'n':>3} {'median':>8} {'p95':>8} {'min':>8} {'max':>8}"
    lines += [head, "-" * len(head)]
    lines.append(f"{'GET /network cold: first-ever view':<44} {1:>3} {_ms(http['cold_network_ms'])}")
    for label, key in (
        ("GET /network warm", "network"),
        ("GET /network.json warm", "network_json"),
        ("GET vis-network.min.js (static baseline)", "static"),
    ):
        f = http["warm_ms"][key]
        lines.append(f"{label:<44} {f['n']:>3} {_ms(f['median'])} {_ms(f['p95'])} {_ms(f['min'])} {_ms(f['max'])}")
    ratio = http["ratio_network_vs_static"]
    lines.append(f"ratio warm /network median / static median: {_ms(ratio, '.1f')}x")
    lines.append("")
    lines += _views_table(result)
    lines.append("")
    drawn = browser["drawn_ms"]
    head = f"{'Chromium, first visit (ms from navigation)':<44} {'n':>3} {'median':>8} {'max':>8} {'min':>8}"
    lines += [head, "-" * len(head)]
    lines.append(
        f"{'canvas drawn (window.partnernet.drawnAt)':<44} {drawn['n']:>3} "
        f"{_ms(drawn['median'])} {_ms(drawn['max'])} {_ms(drawn['min'])}"
    )
    runs = browser["runs"]
    for label, key in (
        ("  response start", "response_start_ms"),
        ("  DOMContentLoaded", "dom_content_loaded_ms"),
    ):
        f = describe([r["navigation"][key] for r in runs if r["navigation"].get(key) is not None])
        lines.append(f"{label:<44} {f['n']:>3} {_ms(f['median'])} {_ms(f['max'])} {_ms(f['min'])}")
    nodes = sorted({r["nodes"] for r in runs})
    drawings = [r["drawings"] for r in runs]
    errors = sum(len(r["errors"]) for r in runs)
    watched = min((r["watched_ms"] for r in runs), default=0)
    lines.append(
        f"vis DataSet nodes: {', '.join(f'{n:,}' for n in nodes)}; drawings per page, watched >= {watched:.0f} ms "
        f"after the first (still canvas: 1): {drawings}; browser errors: {errors}"
    )
    lines.append("")
    t = result["targets"]
    lines.append(
        f"target server response median <= {TARGET_RESPONSE_MS:g} ms: {ok[t['response_ok']]} "
        f"(warm /network {_ms(http['warm_ms']['network']['median'], '.0f')} ms; "
        f"cold {_ms(http['cold_network_ms'], '.0f')} ms)"
    )
    lines.append(
        f"target canvas drawn <= {TARGET_DRAWN_S:g} s: {ok[t['drawn_ok']]} "
        f"(median {_ms(drawn['median'], '.0f')} ms, max {_ms(drawn['max'], '.0f')} ms)"
    )
    failed = [k for k, v in result["checks"].items() if v is False]
    lines.append("checks: " + ("all passed" if not failed else "FAILED: " + ", ".join(failed)))
    for r in runs:
        for e in r["errors"][:5]:
            lines.append(f"  browser error: {e}")
    return "\n".join(lines)


# -- command -----------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m benchmarks.explorer_h2020",
        description="Serve the explorer's default view of the CORDIS H2020 network (capped at 1,500 "
        "organizations) and time it: cold and warm HTTP responses beside a static file, and the "
        "time to the first drawing of the canvas in Chromium.",
    )
    add_graph_arguments(p)
    p.add_argument("--repeat", type=int, default=20, help="warm HTTP requests of each URL (default 20)")
    p.add_argument("--browser-runs", type=int, default=5, help="page loads in Chromium (default 5)")
    p.add_argument(
        "--view-repeat", type=int, default=5, help="cold and warm requests of each filtered view (default 5)"
    )
    p.add_argument(
        "--max-nodes", type=int, default=MAX_NODES, help=f"PARTNERNET_MAX_NODES of the app (default {MAX_NODES})"
    )
    p.add_argument("--chromium", default=CHROMIUM, help=f"Chromium executable (default {CHROMIUM})")
    p.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    return p


def run(args: argparse.Namespace, data: Path, path: Path, log: Log = log_stderr) -> dict:
    """Every measurement on the engine folder ``path``; returns the figures."""
    overrides = {"PARTNERNET_DATA_DIR": str(path), "PARTNERNET_MAX_NODES": args.max_nodes, "NEO4J_URI": None}
    settings = load_settings(overrides)
    env = machine()
    log(f"engine folder {path}")
    store, load = prepare_graph(settings, args.network, data, log)
    try:
        from web import create_app

        app = create_app({"SETTINGS": overrides})
        try:
            with serving(app) as base:
                log(f"serving on {base}")
                http = measure_http(base, args.repeat, lambda v: min(v["total"] or 0, args.max_nodes), log)
                view = http["view"]
                log(f"  view: shown {view['shown']}, total {view['total']}, left out {view['left_out']}")
                views = measure_views(app, base, chosen_views(app), args.view_repeat, log)
                hub_of = {o: h.id for h in app.extensions["partnernet"].hubs() for o in h.members}
                silhouette = {
                    "graph": default_view_silhouette(http.pop("nodes"), hub_of),
                    "demo": demo_silhouette(args.max_nodes),
                }
                log(f"  silhouette by hub: this graph {silhouette['graph']:.3f}, demo {silhouette['demo']:.3f}")
                browser = measure_browser(base, args.browser_runs, args.chromium, log)
        finally:
            app.extensions["partnernet"].close()
    finally:
        store.close()
    shown = http["view"]["shown"]
    runs = browser["runs"]
    checks = {
        "http_all_200": http["checks"]["all_200"],
        "shown_is_min_total_max_nodes": http["checks"]["shown_ok"],
        "browser_nodes_equal_shown": bool(runs) and all(r["nodes"] == shown for r in runs),
        "browser_no_errors": all(not r["errors"] for r in runs),
        "canvas_still": all(r["drawings"] == 1 for r in runs),
        "views_all_200": all(v["all_200"] for v in views.values()),
    }
    targets = {
        "response_median_ms_max": TARGET_RESPONSE_MS,
        "drawn_seconds_max": TARGET_DRAWN_S,
        "response_ok": (http["warm_ms"]["network"]["median"] or math.inf) <= TARGET_RESPONSE_MS,
        "drawn_ok": (browser["drawn_ms"]["median"] if runs else math.inf) <= TARGET_DRAWN_S * 1000,
        "cold_view_ok": max(v["cold_ms"]["median"] for v in views.values()) <= TARGET_COLD_VIEW_MS,
        "warm_view_ok": max(v["warm_ms"]["median"] for v in views.values()) <= TARGET_WARM_VIEW_MS,
        "silhouette_ok": min(silhouette.values()) >= TARGET_SILHOUETTE,
    }
    return {
        "machine": env,
        "load": load,
        "http": http,
        "views": views,
        "silhouette": silhouette,
        "browser": browser,
        "checks": checks,
        "targets": targets,
    }


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.browser_runs < 1 or args.view_repeat < 1:
        parser.error("--repeat, --browser-runs and --view-repeat must be at least 1")
    if args.max_nodes < 1:
        parser.error("--max-nodes must be at least 1")
    data = args.data.expanduser().resolve()
    if args.network == "h2020" and not (data / "h2020.csv.gz").exists():
        parser.error(f"{data} holds no h2020.csv.gz: give the H2020 folder with --data")
    if not Path(args.chromium).exists():
        parser.error(f"{args.chromium} is missing: apt-get install chromium, or give --chromium")
    with data_folder(args.data_dir, "pnx-") as path:
        result = run(args, data, path)
    label = f"CORDIS H2020 ({data})" if args.network == "h2020" else "demo network"
    document = {
        "benchmark": "explorer_h2020",
        "network": args.network,
        "network_label": label,
        "data_dir": str(args.data_dir) if args.data_dir else None,
        "when": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "repeat": args.repeat,
        "browser_runs": args.browser_runs,
        "view_repeat": args.view_repeat,
        "max_nodes": args.max_nodes,
        **result,
    }
    print(format_table(document))
    if args.json:
        write_json(args.json, document)
    return 0 if all(result["checks"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
