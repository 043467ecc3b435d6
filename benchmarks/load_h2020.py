"""Load benchmark: the whole CORDIS H2020 set through partnernet, beside a raw baseline.

Run from the repository root::

    python -m benchmarks.load_h2020 [--repeat N] [--data PATH] [--json PATH]

Each repetition starts a fresh embedded engine in a new short folder under ``/tmp`` and
measures, in this order:

1. partnernet's full path into the graph of the settings (``partnernet``): read the files
   (:func:`loaders.cordis.read_cordis_h2020`), validate them
   (:func:`loaders.validate.validate_network`) and load them
   (:func:`loaders.load.load_network`: content hashes, provenance, a staging copy swapped in
   atomically, the append-only file compacted);
2. that graph is deleted and the freed memory given back to the system (``MEMORY PURGE``),
   then the raw baseline: the same in-memory rows written by the
   engine's own batched ``UNWIND $rows AS row MERGE ...`` (``benchmarks/raw_queries/``,
   batches of 5000) into another fresh graph (``raw``) of the same engine, after the same id
   indexes. No validation, hashing, provenance, staging copy, role labels or BROADER links:
   only dates turned into ISO text, as the engine cannot take them otherwise.

Then the engine is stopped and its folder deleted. Engine start and index creation are
outside every timing. Figures of each step: wall time (``time.perf_counter``), rows/s (rows
of the input tables / seconds), peak RSS of this Python process (``getrusage`` ``ru_maxrss``)
and of the engine's ``redis-server`` (``VmHWM`` of ``/proc/<pid>/status``, read before it
stops). Both peaks are reset to the current RSS (``/proc/<pid>/clear_refs``) when each step
starts, so a peak is the step's own (what the process already held included).

The medians over the repetitions are printed as a table on stdout, with the ratios
partnernet/raw; ``--json PATH`` also writes every figure. Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import platform
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import redis

from benchmarks.common import DEFAULT_DATA, Log, fresh_data_dir, log_stderr, proc_status_mb, python_peak_mb, write_json
from benchmarks.common import num as _num
from graph.settings import Settings, load_settings
from graph.store.falkordb_store import FalkorDBStore
from graph.store.library import Query, load_library, statements
from loaders.cordis import H2020_SOURCE, read_cordis_h2020
from loaders.load import BATCH_SIZE, load_network
from loaders.validate import format_problems, has_errors, validate_network

RAW_QUERIES = Path(__file__).resolve().parent / "raw_queries"
RAW_BATCH_SIZE = 5000
RAW_GRAPH = "raw"

#: The raw baseline's writes: (query of ``raw_queries/``, table whose rows it takes), in order.
RAW_STEPS: tuple[tuple[str, str], ...] = (
    ("countries", "countries"),
    ("organizations", "organizations"),
    ("located_in", "organizations"),
    ("expertise", "expertise"),
    ("projects", "projects"),
    ("project_expertise", "project_expertise"),
    ("participations", "participations"),
    ("fundings", "fundings"),
)

#: partnernet's steps, and the whole path (their sum).
STEPS = ("read", "validate", "load", "whole")
METRICS = ("seconds", "rows_per_s", "python_peak_mb", "engine_peak_mb")

#: Targets of partnernet's whole path (read + validate + load).
TARGET_SECONDS = 15.0
TARGET_RATIO = 3.0

# -- memory ------------------------------------------------------------------------------


def reset_peak(pid: int | str = "self") -> bool:
    """Reset a process's peak RSS to its current RSS (Linux ``clear_refs``); False if not possible."""
    try:
        with open(f"/proc/{pid}/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


@contextmanager
def measured(rows: int | None = None, engine_pid: int | None = None) -> Iterator[dict]:
    """Time a step and take its peak RSS (this process, and the engine when given).

    Yields the figures, filled in when the block ends; a step that learns its row
    count inside sets ``figures["rows"]``.
    """
    gc.collect()
    figures: dict = {"rows": rows}
    reset = reset_peak("self")
    if engine_pid:
        reset = reset_peak(engine_pid) and reset
        figures["engine_start_mb"] = proc_status_mb(engine_pid, "VmRSS")
    figures["python_start_mb"] = proc_status_mb("self", "VmRSS")
    started = time.perf_counter()
    yield figures
    seconds = time.perf_counter() - started
    figures["seconds"] = seconds
    figures["rows_per_s"] = figures["rows"] / seconds if figures["rows"] and seconds > 0 else None
    figures["python_peak_mb"] = python_peak_mb()
    figures["engine_peak_mb"] = proc_status_mb(engine_pid, "VmHWM") if engine_pid else None
    figures["peaks_reset"] = reset


# -- the two measurements ----------------------------------------------------------------


def count_rows(network: dict[str, list[dict]]) -> int:
    return sum(len(rows) for rows in network.values())


def _table_progress(log: Log) -> Callable[[str, int], None]:
    current: list[str] = []

    def progress(table: str, n: int) -> None:
        if not current or current[-1] != table:
            current.append(table)
            log(f"    writing {table}")

    return progress


def run_partnernet(
    store: FalkorDBStore,
    read: Callable[[], dict[str, list[dict]]],
    source: str,
    log: Log = log_stderr,
) -> tuple[dict, dict[str, list[dict]]]:
    """partnernet's full path into ``store``: read, validate, ``load_network``.

    Returns the figures of each step (and of the whole, their sum) and the network read.
    Raises ``ValueError`` listing the problems when validation finds an error.
    """
    engine_pid = store.engine.pid()
    figures: dict = {}
    with measured() as figures["read"]:
        network = read()
        figures["read"]["rows"] = rows = count_rows(network)
    log(f"  partnernet read:     {figures['read']['seconds']:7.2f} s  ({rows:,} rows)")
    with measured(rows) as figures["validate"]:
        problems = validate_network(network, source=source)
    log(f"  partnernet validate: {figures['validate']['seconds']:7.2f} s  ({len(problems)} problems)")
    if has_errors(problems):
        raise ValueError(f"the network does not validate:\n{format_problems(problems)}")
    with measured(rows, engine_pid) as figures["load"]:
        summary = load_network(store, network, source, progress=_table_progress(log))
    log(f"  partnernet load:     {figures['load']['seconds']:7.2f} s")
    steps = [figures[s] for s in ("read", "validate", "load")]
    seconds = sum(f["seconds"] for f in steps)
    figures["whole"] = {
        "rows": rows,
        "seconds": seconds,
        "rows_per_s": rows / seconds if seconds > 0 else None,
        "python_peak_mb": max(f["python_peak_mb"] for f in steps),
        "engine_peak_mb": figures["load"]["engine_peak_mb"],
    }
    figures["summary"] = summary.as_dict()["tables"]
    return figures, network


def _iso(row: dict) -> dict:
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in row.items()}


def raw_batches(network: dict[str, list[dict]], query_name: str, table: str) -> list[dict]:
    """The rows one raw query is sent: the table's rows, dates as ISO text (LOCATED_IN: id and country)."""
    rows = network.get(table, [])
    if query_name == "located_in":
        return [{"id": r["id"], "country": r["country"]} for r in rows if r.get("country") is not None]
    return [_iso(r) for r in rows]


def run_raw(
    graph,
    network: dict[str, list[dict]],
    engine_pid: int | None = None,
    batch_size: int = RAW_BATCH_SIZE,
    queries: dict[str, Query] | None = None,
    log: Log = log_stderr,
) -> dict:
    """The raw baseline: ``network``'s rows into a fresh FalkorDB ``graph`` (a ``falkordb`` Graph).

    Creates the id indexes (untimed), then times the batched ``UNWIND ... MERGE`` queries of
    ``raw_queries/`` (the row conversion to parameters included).
    """
    queries = queries if queries is not None else load_library(RAW_QUERIES)
    for statement in statements(queries["schema"].text("falkordb")):
        graph.query(statement)
    tables: dict[str, float] = {}
    with measured(count_rows(network), engine_pid) as figures:
        for name, table in RAW_STEPS:
            started = time.perf_counter()
            query = queries[name]
            text = query.text("falkordb")
            rows = raw_batches(network, name, table)
            for i in range(0, len(rows), batch_size):
                params = {"rows": rows[i : i + batch_size]}
                query.check_params(params)
                graph.query(text, params)
            tables[name] = time.perf_counter() - started
    figures["tables"] = tables
    log(f"  raw UNWIND MERGE:    {figures['seconds']:7.2f} s")
    return figures


def _purge(store: FalkorDBStore, engine_pid: int | None, wait: float = 10.0) -> None:
    """Give the engine's freed memory back to the system (jemalloc keeps it otherwise).

    A deleted graph is freed in the background: purge until the engine's RSS stops falling.
    """
    deadline = time.monotonic() + wait
    before = None
    while time.monotonic() < deadline:
        try:
            store.connection.execute_command("MEMORY", "PURGE")
        except redis.exceptions.RedisError as e:
            log_stderr(f"  note: MEMORY PURGE failed ({e}): the raw baseline's engine peak includes freed memory")
            return
        rss = proc_status_mb(engine_pid, "VmRSS") if engine_pid else None
        if rss is None or (before is not None and before - rss < 1.0):
            return
        before = rss
        time.sleep(0.2)


def _counts_match(partnernet: dict, raw: dict) -> bool:
    """Every label and relationship type of the raw graph has the same count in partnernet's."""
    return all(partnernet["labels"].get(k) == n for k, n in raw["labels"].items()) and all(
        partnernet["types"].get(k) == n for k, n in raw["types"].items()
    )


def measure_once(
    settings: Settings,
    read: Callable[[], dict[str, list[dict]]],
    source: str,
    log: Log = log_stderr,
) -> dict:
    """One repetition in the engine of ``settings.data_dir``: partnernet, then the raw baseline.

    The engine is started here and stopped when both are measured (if nobody else uses it).
    """
    started = time.perf_counter()
    store = FalkorDBStore(settings)  # starts the engine; creates the graph with its schema
    engine_start = time.perf_counter() - started
    try:
        engine_pid = store.engine.pid()
        partnernet, network = run_partnernet(store, read, source, log)
        partnernet_counts = store.counts()
        store.delete_graph()  # the raw graph starts in an engine holding no graph,
        _purge(store, engine_pid)  # and with the freed memory given back
        raw_name = RAW_GRAPH if store.graph_name != RAW_GRAPH else f"{RAW_GRAPH}_baseline"
        raw = run_raw(store.db.select_graph(raw_name), network, engine_pid=engine_pid, log=log)
        del network
        raw_store = FalkorDBStore(settings, graph_name=raw_name)  # the graph exists: no schema added
        try:
            raw_counts = raw_store.counts()
        finally:
            raw_store.close()
    finally:
        store.close()
    match = _counts_match(partnernet_counts, raw_counts)
    if not match:
        log(f"  WARNING: the graphs differ: partnernet {partnernet_counts}, raw {raw_counts}")
    return {
        "engine_start_seconds": engine_start,
        "partnernet": partnernet,
        "raw": raw,
        "counts": {"partnernet": partnernet_counts, "raw": raw_counts, "match": match},
    }


# -- figures -----------------------------------------------------------------------------


def _median(values: list) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def summarize(runs: list[dict]) -> dict:
    """Medians over the runs, the ratios partnernet/raw and the targets."""
    rows = runs[0]["partnernet"]["whole"]["rows"]

    def medians(figures: list[dict]) -> dict:
        out = {m: _median([f.get(m) for f in figures]) for m in METRICS if m != "rows_per_s"}
        out["rows_per_s"] = rows / out["seconds"] if out["seconds"] else None
        return out

    partnernet = {s: medians([r["partnernet"][s] for r in runs]) for s in STEPS}
    raw = medians([r["raw"] for r in runs])
    raw_s = raw["seconds"]
    whole_s, load_s = partnernet["whole"]["seconds"], partnernet["load"]["seconds"]
    ratio: dict[str, Any] = {
        "whole_vs_raw": whole_s / raw_s if raw_s else None,
        "load_vs_raw": load_s / raw_s if raw_s else None,
        "whole_vs_raw_per_run": [
            r["partnernet"]["whole"]["seconds"] / r["raw"]["seconds"] if r["raw"]["seconds"] else None for r in runs
        ],
    }
    targets = {
        "whole_seconds_max": TARGET_SECONDS,
        "whole_vs_raw_max": TARGET_RATIO,
        "whole_seconds_ok": whole_s <= TARGET_SECONDS,
        "whole_vs_raw_ok": ratio["whole_vs_raw"] is not None and ratio["whole_vs_raw"] <= TARGET_RATIO,
    }
    return {
        "rows": rows,
        "repeat": len(runs),
        "median": {"partnernet": partnernet, "raw": raw},
        "ratio": ratio,
        "targets": targets,
        "counts_match": all(r["counts"]["match"] for r in runs),
        "peaks_reset": all(
            r["raw"].get("peaks_reset", False) and r["partnernet"]["load"].get("peaks_reset", False) for r in runs
        ),
    }


def format_table(result: dict, tables: dict[str, int] | None = None, title: str = "") -> str:
    """The medians as a text table, with the ratios and the targets."""
    med = result["median"]
    lines = []
    if title:
        lines.append(title)
    counts = ", ".join(f"{t} {n:,}" for t, n in (tables or {}).items() if n)
    lines.append(f"{result['rows']:,} rows{f' ({counts})' if counts else ''}")
    lines.append(f"median of {result['repeat']} run(s), each in a fresh engine and graph")
    lines.append("")
    head = f"{'step':<38} {'seconds':>8} {'rows/s':>10} {'python peak MB':>15} {'engine peak MB':>15}"
    lines += [head, "-" * len(head)]
    shown = [
        ("partnernet  read files", med["partnernet"]["read"]),
        ("partnernet  validate", med["partnernet"]["validate"]),
        (f"partnernet  load_network (batch {BATCH_SIZE})", med["partnernet"]["load"]),
        ("partnernet  whole (read+validate+load)", med["partnernet"]["whole"]),
        (f"raw         UNWIND MERGE (batch {RAW_BATCH_SIZE})", med["raw"]),
    ]
    for label, f in shown:
        lines.append(
            f"{label:<38} {_num(f['seconds'], '8.2f')} {_num(f['rows_per_s'], '10,.0f')} "
            f"{_num(f['python_peak_mb'], '15.0f')} {_num(f['engine_peak_mb'], '15.0f')}"
        )
    lines.append("")
    ratio, targets = result["ratio"], result["targets"]
    per_run = ", ".join(_num(r, ".2f") for r in ratio["whole_vs_raw_per_run"])
    lines.append(f"ratio partnernet whole / raw: {_num(ratio['whole_vs_raw'], '.2f')}x  (per run: {per_run})")
    lines.append(f"ratio partnernet load / raw:  {_num(ratio['load_vs_raw'], '.2f')}x")
    whole_s = med["partnernet"]["whole"]["seconds"]
    ok = {True: "met", False: "MISSED"}
    lines.append(
        f"target whole <= {TARGET_SECONDS:g} s: {ok[targets['whole_seconds_ok']]} ({whole_s:.2f} s); "
        f"whole <= {TARGET_RATIO:g}x raw: {ok[targets['whole_vs_raw_ok']]}"
    )
    if not result["counts_match"]:
        lines.append("WARNING: the raw graph and partnernet's graph do not hold the same nodes and relationships")
    if not result["peaks_reset"]:
        lines.append("note: peak RSS could not be reset between steps: peaks are cumulative")
    return "\n".join(lines)


# -- command -----------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m benchmarks.load_h2020",
        description="Load the whole CORDIS H2020 set into a fresh embedded engine through partnernet "
        "(read, validate, load) and through a raw batched UNWIND/MERGE baseline; print medians.",
    )
    p.add_argument("--repeat", type=int, default=3, help="repetitions, each in a fresh engine (default 3)")
    p.add_argument("--data", type=Path, default=DEFAULT_DATA, help=f"H2020 folder (default {DEFAULT_DATA})")
    p.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.repeat < 1:
        _parser().error("--repeat must be at least 1")
    data = args.data.expanduser().resolve()
    if not (data / "h2020.csv.gz").exists():
        _parser().error(f"{data} holds no h2020.csv.gz: give the H2020 folder with --data")
    runs = []
    for i in range(args.repeat):
        with fresh_data_dir("pnb-") as path:
            log_stderr(f"[{i + 1}/{args.repeat}] fresh engine in {path}")
            settings = load_settings({"PARTNERNET_DATA_DIR": str(path)})
            runs.append(measure_once(settings, lambda: read_cordis_h2020(data), H2020_SOURCE))
        gc.collect()
    result = summarize(runs)
    tables = {t: s["created"] + s["updated"] + s["unchanged"] for t, s in runs[0]["partnernet"]["summary"].items()}
    print(format_table(result, tables, title=f"partnernet load benchmark: CORDIS H2020 ({data})"))
    if args.json:
        document = {
            "benchmark": "load_h2020",
            "data": str(data),
            "when": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
            "environment": {
                "python": platform.python_version(),
                "platform": platform.platform(),
                "fsync": settings.fsync,
                "batch_size": BATCH_SIZE,
                "raw_batch_size": RAW_BATCH_SIZE,
            },
            "tables": tables,
            **result,
            "runs": runs,
        }
        write_json(args.json, document)
    return 0


if __name__ == "__main__":
    sys.exit(main())
