"""What the benchmark commands share: progress log, statistics, memory figures, the machine,
the network to load and its loading, the engine folder and the command's common options.

Used by :mod:`benchmarks.explorer_h2020`, :mod:`benchmarks.analytics_h2020`, :mod:`benchmarks.scale` and
:mod:`benchmarks.load_h2020`; not a command itself.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import platform
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from graph.settings import Settings
from graph.store import Store, open_store
from graph.store.engine import EmbeddedEngine
from graph.store.falkordb_store import FalkorDBStore
from loaders.load import load_network
from loaders.validate import format_problems, has_errors, validate_network

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "cordis-h2020-eunets"

Log = Callable[[str], None]


def log_stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# -- statistics --------------------------------------------------------------------------


def p95(values: list[float]) -> float | None:
    """The 95th percentile by nearest rank (of 20 values: the 19th smallest; of 50: the 48th)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(math.ceil(0.95 * len(ordered)) - 1, 0)]


def describe(values: list[float], median_key: str = "median") -> dict:
    """Median (under ``median_key``), p95, min and max of ``values`` (None when empty), and the values."""
    if not values:
        return {"n": 0, median_key: None, "p95": None, "min": None, "max": None, "values": []}
    return {
        "n": len(values),
        median_key: statistics.median(values),
        "p95": p95(values),
        "min": min(values),
        "max": max(values),
        "values": values,
    }


def num(value: float | None, fmt: str = "8.1f") -> str:
    """``value`` in ``fmt``, or a ``-`` as wide as ``fmt`` when None."""
    if value is None:
        width = "".join(c for c in fmt.split(".")[0].split(",")[0] if c.isdigit())
        return "-".rjust(int(width or 0))
    return format(value, fmt)


# -- memory ------------------------------------------------------------------------------


def python_peak_mb() -> float:
    """Peak RSS of this process in MiB (``ru_maxrss``: KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024


def proc_status_mb(pid: int | str | None, field: str) -> float | None:
    """A ``kB`` field of ``/proc/<pid>/status`` (``VmHWM``, ``VmRSS``) in MiB, or None."""
    if pid is None:
        return None
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


# -- the machine -------------------------------------------------------------------------


def load_average() -> list[float] | None:
    """The load average over 1, 5 and 15 minutes (rounded), or None where unknown."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def machine(versions: dict | None = None) -> dict:
    """CPUs (all, usable), load average, Python, then ``versions`` (library: version), platform."""
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = None
    return {
        "cpu_count": os.cpu_count(),
        "cpus_usable": usable,
        "load_average": load_average(),
        "python": platform.python_version(),
        **(versions or {}),
        "platform": platform.platform(),
    }


# -- the network and its loading ---------------------------------------------------------


def read_network(name: str, data: Path) -> tuple[dict[str, list[dict]], str]:
    """The network to load and its source: ``h2020`` (the files of ``data``) or ``demo``."""
    if name == "demo":
        from loaders.generators.demo import DEMO_SOURCE, demo_network

        return demo_network(), DEMO_SOURCE
    from loaders.cordis import H2020_SOURCE, read_cordis_h2020

    return read_cordis_h2020(data), H2020_SOURCE


def prepare_graph(settings: Settings, network: str, data: Path, log: Log = log_stderr) -> tuple[Store, dict]:
    """Open the store of ``settings`` and load ``network`` into it unless its graph holds nodes.

    Returns the store (left open: it keeps the engine running) and the figures: engine start,
    read, validate, load seconds (None when the graph was reused) and the graph's counts.
    """
    started = time.perf_counter()
    store = open_store(settings)
    figures: dict = {"engine_start_seconds": time.perf_counter() - started, "reused": False}
    try:
        counts = store.counts()
        if counts["nodes"]:
            log(f"  the graph of {settings.data_dir} holds {counts['nodes']:,} nodes: used as it is")
            figures.update(reused=True, read_seconds=None, validate_seconds=None, load_seconds=None)
        else:
            started = time.perf_counter()
            rows, source = read_network(network, data)
            figures["read_seconds"] = time.perf_counter() - started
            figures["rows"] = sum(len(r) for r in rows.values())
            log(f"  read {figures['rows']:,} rows in {figures['read_seconds']:.2f} s")
            started = time.perf_counter()
            problems = validate_network(rows, source=source)
            figures["validate_seconds"] = time.perf_counter() - started
            if has_errors(problems):
                raise ValueError(f"the network does not validate:\n{format_problems(problems)}")
            started = time.perf_counter()
            load_network(store, rows, source)
            figures["load_seconds"] = time.perf_counter() - started
            del rows
            log(f"  validated in {figures['validate_seconds']:.2f} s, loaded in {figures['load_seconds']:.2f} s")
            counts = store.counts()
        figures["counts"] = counts
        figures["organizations"] = counts["labels"].get("Organization", 0)
    except BaseException:
        store.close()
        raise
    return store, figures


# -- the snapshot beside the raw reads ---------------------------------------------------


def _raw_reads(store: FalkorDBStore, typed_only: bool) -> float:
    """Every snapshot query sent to the embedded engine and its reply parsed by the client's protocol parser
    (hiredis) into Python lists, nothing else; returns the engine's own execution time (seconds), summed."""
    from graph.analytics.snapshot import READS, TYPED_READS
    from graph.store.library import get_query

    engine_ms = 0.0
    for name in READS:
        typed = ["--compact"] if typed_only or name in TYPED_READS else []
        text = get_query(name).text(store.dialect)
        reply = store.connection.execute_command("GRAPH.RO_QUERY", store.graph_name, text, *typed)
        engine_ms += next(float(s.split(":")[1].split()[0]) for s in reply[-1] if "execution time" in s)
    return engine_ms / 1000


def snapshot_beside_raw(store: Store, runs: int = 5, log: Log = log_stderr) -> dict | None:
    """:func:`graph.analytics.snapshot.fetch_snapshot` beside the raw reads of the same queries, in the same run.

    Embedded engine only (None otherwise). Each of ``runs`` rounds times, one after the other: *raw*, every
    query of ``READS`` sent as ``fetch_snapshot`` sends it (the plain reply, the typed one for ``TYPED_READS``)
    and its reply parsed by hiredis into Python lists, nothing more, one query after the other; *raw, all
    typed*, the same with every reply typed (compact), as the snapshot read them before; then
    ``fetch_snapshot``. Every step with the garbage collector paused, as ``fetch_snapshot`` pauses it, after
    a collection. Medians; ratios snapshot / raw; the engine's own execution time of the queries (the sum of
    each reply's "internal execution time").
    """
    from graph.analytics.snapshot import collector_paused, fetch_snapshot

    if not isinstance(store, FalkorDBStore):
        return None
    times: dict[str, list[float]] = {"raw": [], "raw_all_typed": [], "snapshot": []}
    engine: list[float] = []
    for _ in range(runs):
        for key, step in (
            ("raw", lambda: engine.append(_raw_reads(store, typed_only=False))),
            ("raw_all_typed", lambda: _raw_reads(store, typed_only=True)),
            ("snapshot", lambda: fetch_snapshot(store)),
        ):
            gc.collect()
            with collector_paused():
                started = time.perf_counter()
                step()
                times[key].append(time.perf_counter() - started)
    median = {key: statistics.median(values) for key, values in times.items()}
    figures = {
        "runs": runs,
        "seconds": median,
        "values": times,
        "engine_seconds": statistics.median(engine),
        "snapshot_vs_raw": median["snapshot"] / median["raw"],
        "snapshot_vs_raw_all_typed": median["snapshot"] / median["raw_all_typed"],
        "snapshot_vs_engine": median["snapshot"] / statistics.median(engine),
    }
    log(
        f"  snapshot {median['snapshot']:.2f} s beside the raw reads of the same queries {median['raw']:.2f} s "
        f"({figures['snapshot_vs_raw']:.2f}x; all typed {median['raw_all_typed']:.2f} s, "
        f"engine {figures['engine_seconds']:.2f} s), medians of {runs}"
    )
    return figures


# -- the engine folder -------------------------------------------------------------------


@contextmanager
def fresh_data_dir(prefix: str) -> Iterator[Path]:
    """A new short data folder under /tmp named ``<prefix>...`` (the engine's socket path must
    stay under 100 characters). On exit the engine of the folder is stopped and the folder deleted."""
    path = Path(tempfile.mkdtemp(prefix=prefix, dir="/tmp"))
    try:
        yield path
    finally:
        try:
            EmbeddedEngine(path).stop(force=True)
        finally:
            shutil.rmtree(path, ignore_errors=True)


@contextmanager
def data_folder(given: Path | None, prefix: str) -> Iterator[Path]:
    """``given``, left as it is, or a :func:`fresh_data_dir` (``prefix``), stopped and deleted on exit."""
    if given is not None:
        yield given.expanduser().resolve()
        return
    with fresh_data_dir(prefix) as path:
        yield path


# -- the command -------------------------------------------------------------------------


def add_graph_arguments(p: argparse.ArgumentParser) -> None:
    """``--data-dir``, ``--data`` and ``--network``: which engine folder, and what to load into it."""
    p.add_argument(
        "--data-dir",
        type=Path,
        help="engine folder to use (kept; its graph is used as it is when it holds nodes, loaded otherwise); "
        "default: a fresh folder under /tmp, deleted at the end",
    )
    p.add_argument("--data", type=Path, default=DEFAULT_DATA, help=f"H2020 folder (default {DEFAULT_DATA})")
    p.add_argument(
        "--network",
        choices=("h2020", "demo"),
        default="h2020",
        help="what to load: the H2020 files (default), or the small demo network (a quick check)",
    )


def write_json(path: Path, document: dict) -> None:
    """Every figure of ``document`` to ``path`` (JSON, indented), said on stderr."""
    path.write_text(json.dumps(document, indent=2, default=str) + "\n", encoding="utf-8")
    log_stderr(f"figures written to {path}")
