"""Whole-process CLI benchmark: what a person at the shell waits for, hyperfine-style.

Run from the repository root (``partnernet bench cli`` takes the same arguments)::

    python -m benchmarks.cli_process [--data-dir DIR | --network demo] [--runs 7] [--warmup 1] [--json OUT]

Each measured command is a new process, ``sys.executable -m partnernet ...``, with
``PARTNERNET_DATA_DIR`` set to the engine folder (and the embedded engine forced: ``NEO4J_URI``
is left out of its environment); its wall time is taken with ``time.perf_counter`` around
``subprocess.run`` (no shell: nothing to subtract), its output captured. Each command runs
``--warmup`` times uncounted (default 1), then ``--runs`` times (default 7): median, min and max.
A command that exits non-zero ends its row as *failed*, with the last line it wrote.

The commands: ``status``, ``hubs --format json``, ``partners energy`` and ``path FROM TO``
(``--path``; H2020: ``999997930 909875521``; demo: ``rc-alsace tc-pau``, four hops apart), each
in four conditions, in this order:

- **engine up**: ``partnernet engine start`` before the runs (the engine stays running);
  **engine down**: ``partnernet engine stop`` before the runs, so each process starts the engine,
  reads its graph back from disk and stops it when it exits (a stop that is refused, because
  other processes use the engine, skips the *down* rows: it is never forced);
- **not cached**: ``$PARTNERNET_DATA_DIR/analysis/`` deleted before each run (warm-up included);
  **cached**: ``partnernet analyse`` once before the runs (its own time is a row of its own).
  When ``partnernet analyse`` fails (an older partnernet has no such command) the *cached* rows
  are skipped, with the reason.

``--engine`` and ``--cache`` keep one side of each. Before them, the **process floor**: ``python
-c pass`` and ``python -m partnernet --help``, the same number of runs: what any process of this
Python, and any partnernet command, costs before it touches the graph.

The folder: ``--data-dir DIR`` (its graph used as it is when it holds nodes, loaded otherwise;
its engine is left as it was found: kept running if it was, else stopped; its ``analysis/``
folder is deleted and rebuilt by the runs), or by default a fresh folder under /tmp into which
the H2020 files of ``--data`` (or, with ``--network demo``, the demo network) are loaded,
stopped and deleted at the end (:func:`benchmarks.common.prepare_graph`,
:func:`benchmarks.common.fresh_data_dir`).

A table on stdout (condition, command, median, min, max, runs); ``--json PATH`` writes every
time, the machine and the load average. Progress goes to stderr. The exit status is 1 when a
command failed, 0 otherwise (skipped rows included).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks import common
from benchmarks.common import Log, add_graph_arguments, data_folder, load_average, log_stderr, prepare_graph, write_json
from graph.settings import load_settings
from graph.store.engine import EmbeddedEngine

__all__ = [
    "ANALYSIS_DIR",
    "CONDITIONS",
    "DEFAULT_PATHS",
    "DEFAULT_QUERY",
    "FLOOR",
    "Runner",
    "commands",
    "format_table",
    "main",
    "measure",
]

#: The analysis cache of a data folder (what *not cached* deletes before each run).
ANALYSIS_DIR = "analysis"
#: ``path FROM TO`` by network: two organizations with a path between them.
DEFAULT_PATHS = {"h2020": ("999997930", "909875521"), "demo": ("rc-alsace", "tc-pau")}
DEFAULT_QUERY = "energy"
#: (engine, cached), in the order they run.
CONDITIONS = (("up", False), ("up", True), ("down", False), ("down", True))
#: The process floor: what a process of this Python, and any partnernet command, costs.
FLOOR = (("python -c pass", ["-c", "pass"]), ("python -m partnernet --help", ["-m", "partnernet", "--help"]))
#: First words of an output that found nothing (said beside the row: the command did not do its work).
FOUND_NOTHING = ("no path", "nothing matches", "no hub", "no partner", "[]")
PROG = "python -m benchmarks.cli_process"


def commands(source: str, target: str, query: str = DEFAULT_QUERY) -> list[tuple[str, list[str]]]:
    """The measured commands: (label, arguments after ``python -m partnernet``).

    >>> [label for label, _ in commands("a", "b")]
    ['status', 'hubs --format json', 'partners energy', 'path a b']
    """
    return [
        ("status", ["status"]),
        ("hubs --format json", ["hubs", "--format", "json"]),
        (f"partners {query}", ["partners", query]),
        (f"path {source} {target}", ["path", source, target]),
    ]


def condition_label(engine: str, cached: bool) -> str:
    """``engine up, not cached`` and the like."""
    return f"engine {engine}, {'cached' if cached else 'not cached'}"


def _last_line(text: bytes) -> str:
    lines = text.decode(errors="replace").strip().splitlines()
    return lines[-1] if lines else "(nothing written)"


# -- running processes -------------------------------------------------------------------


@dataclass
class Runner:
    """How every process runs: the folder, its environment, the runs, the time limit, the log."""

    data_dir: Path
    runs: int = 7
    warmup: int = 1
    timeout: float = 600.0
    log: Log = log_stderr
    env: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        left_out = ("NEO4J_URI", "NEO4J_AUTH", "PARTNERNET_ENGINE", "PARTNERNET_DATA_DIR")
        self.env = {k: v for k, v in os.environ.items() if k not in left_out}
        self.env.update(PARTNERNET_DATA_DIR=str(self.data_dir), PARTNERNET_ENGINE="falkordb")

    def timed(self, args: list[str]) -> tuple[float, subprocess.CompletedProcess]:
        """``sys.executable *args``: its wall seconds and what it did."""
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, *args], env=self.env, stdin=subprocess.DEVNULL, capture_output=True, timeout=self.timeout
        )
        return time.perf_counter() - started, done

    def partnernet(self, *args: str) -> str | None:
        """``partnernet *args``, untimed; None when it succeeded, else what went wrong."""
        _, done = self.timed(["-m", "partnernet", *args])
        if done.returncode == 0:
            return None
        return f"`partnernet {' '.join(args)}` failed (exit status {done.returncode}): {_last_line(done.stderr)}"

    def clear_cache(self) -> None:
        """Delete the kept analysis, once the previous command's child has written it (see settled_cache)."""
        self.settled_cache()
        shutil.rmtree(self.data_dir / ANALYSIS_DIR, ignore_errors=True)

    def settled_cache(self, quiet: float = 1.0, timeout: float = 30.0) -> None:
        """Wait until the analysis folder has stopped changing for ``quiet`` seconds with no file being written.

        A command that computed the analysis answers, then a child process writes it: the next
        run must not start while that child still works (it would share the two cores with it).
        """
        folder = self.data_dir / ANALYSIS_DIR
        deadline = time.monotonic() + timeout
        seen, since = None, time.monotonic()
        while time.monotonic() < deadline:
            try:
                files = sorted((f.name, f.stat().st_size) for f in folder.glob("*")) if folder.is_dir() else []
            except FileNotFoundError:  # a temporary file renamed meanwhile
                files = None
            if files is None or files != seen or any(name.endswith(".tmp") for name, _ in files):
                seen, since = files, time.monotonic()
            elif time.monotonic() - since >= quiet:
                return
            time.sleep(0.1)

    def engine_state(self) -> str:
        """``up``, ``loading`` or ``down`` (asked without starting anything)."""
        return EmbeddedEngine(self.data_dir).ping()


def measure(runner: Runner, args: list[str], before: Callable[[], None] | None = None) -> dict:
    """``--warmup`` then ``--runs`` processes of ``sys.executable *args``, ``before()`` (untimed) before each.

    Returns median, min, max and every value (seconds), the bytes of the last output and a note when
    that output found nothing; or, when a process fails, ``failed`` (and the values so far).
    """
    values: list[float] = []
    done = None
    for i in range(runner.warmup + runner.runs):
        if before is not None:
            before()
        seconds, done = runner.timed(args)
        if done.returncode != 0:
            return {"failed": f"exit status {done.returncode}: {_last_line(done.stderr)}", "values": values}
        if i >= runner.warmup:
            values.append(seconds)
    figures = common.describe(values)
    del figures["p95"]
    output = done.stdout if done is not None else b""
    figures["stdout_bytes"] = len(output)
    if output.decode(errors="replace").lstrip().startswith(FOUND_NOTHING):
        figures["note"] = f"found nothing: {_last_line(output)[:80]}"
    return figures


# -- the conditions ----------------------------------------------------------------------


def _before(runner: Runner, engine: str, cached: bool, found_up: list[int]) -> Callable[[], None]:
    """What runs before each process: the cache deleted (not cached), the engine checked down (down)."""

    def before() -> None:
        if not cached:
            runner.clear_cache()
        if engine == "down" and runner.engine_state() != "down":
            found_up.append(1)  # someone else started it: said beside the row, never stopped by force

    return before


def _setup(runner: Runner, engine: str, cached: bool, rows: list[dict], label: str) -> str | None:
    """The engine started or stopped, then the cache built (cached): None when ready, else why not."""
    problem = runner.partnernet("engine", "start" if engine == "up" else "stop")
    if problem is not None or not cached:
        return problem
    runner.clear_cache()
    runner.log(f"  {label}: partnernet analyse")
    seconds, done = runner.timed(["-m", "partnernet", "analyse"])
    if done.returncode != 0:
        return f"`partnernet analyse` failed (exit status {done.returncode}): {_last_line(done.stderr)}"
    rows.append({"condition": label, "engine": engine, "cached": cached, "command": "analyse (once, before the runs)"})
    rows[-1].update(common.describe([seconds]), kind="setup")
    return None


def measure_condition(runner: Runner, engine: str, cached: bool, measured: list[tuple[str, list[str]]]) -> list[dict]:
    """Every command of ``measured`` in one condition (or each row skipped, with the reason)."""
    label = condition_label(engine, cached)
    rows: list[dict] = []
    skipped = _setup(runner, engine, cached, rows, label)
    for name, args in measured:
        row: dict = {"condition": label, "engine": engine, "cached": cached, "command": name, "kind": "command"}
        if skipped is not None:
            rows.append(row | {"skipped": skipped})
            continue
        runner.log(f"  {label}: {name}")
        found_up: list[int] = []
        row.update(measure(runner, ["-m", "partnernet", *args], _before(runner, engine, cached, found_up)))
        if found_up:
            row["note"] = f"engine found running before {len(found_up)} run(s): someone else started it"
        rows.append(row)
    if skipped is not None:
        runner.log(f"  {label}: skipped: {skipped}")
    return rows


def measure_all(runner: Runner, measured: list[tuple[str, list[str]]], conditions: list[tuple[str, bool]]) -> list:
    """The process floor, then every condition; the rows of the table."""
    rows: list[dict] = []
    for name, args in FLOOR:
        runner.log(f"  process floor: {name}")
        rows.append({"condition": "process floor", "command": name, "kind": "floor", **measure(runner, args)})
    for engine, cached in conditions:
        rows.extend(measure_condition(runner, engine, cached, measured))
    return rows


def restore_engine(runner: Runner, kept_running: bool) -> None:
    """Leave the engine as it was found: kept running if it was (``engine start``), else not kept (``stop``)."""
    problem = runner.partnernet("engine", "start" if kept_running else "stop")
    if problem is not None:
        runner.log(f"  could not leave the engine as it was found: {problem}")


# -- the figures -------------------------------------------------------------------------


def _seconds(value: float | None) -> str:
    return common.num(value, "9.3f")


def format_table(document: dict) -> str:
    """The table: condition, command, median, min and max seconds, runs; skipped and failed rows said so."""
    width = max([len(r["command"]) for r in document["rows"]] + [7])
    lines = [
        f"Whole processes, `{Path(sys.executable).name} -m partnernet ...`, on {document['network_label']}: "
        f"wall seconds, {document['runs']} runs after {document['warmup']} warm-up",
        "",
        f"{'condition':<24} {'command':<{width}} {'median s':>9} {'min':>9} {'max':>9} {'runs':>5}",
    ]
    said = None
    for r in document["rows"]:
        start = f"{r['condition']:<24} {r['command']:<{width}}"
        if "skipped" in r:
            lines.append(f"{start} skipped" + (" (as above)" if r["skipped"] == said else f": {r['skipped']}"))
            said = r["skipped"]
            continue
        if "failed" in r:
            lines.append(f"{start} FAILED: {r['failed']}")
        else:
            figures = " ".join(_seconds(r[k]) for k in ("median", "min", "max"))
            lines.append(f"{start} {figures} {r['n']:>5}" + (f"  ({r['note']})" if r.get("note") else ""))
    lines += [
        "",
        "engine up: `partnernet engine start` before the runs; down: each process starts the engine and stops it.",
        f"not cached: {ANALYSIS_DIR}/ of the data folder deleted before each run; "
        "cached: `partnernet analyse` once before the runs.",
    ]
    return "\n".join(lines)


# -- the command -------------------------------------------------------------------------


def _parser(prog: str) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=prog,
        description="Time whole partnernet processes (status, hubs, partners, path), hyperfine-style, with the "
        "engine up or down and the analysis cached or not, beside the process floor (python -c pass, "
        "partnernet --help); print one table.",
    )
    add_graph_arguments(p)
    p.add_argument("--runs", type=int, default=7, help="timed runs of each command (default 7)")
    p.add_argument("--warmup", type=int, default=1, help="uncounted runs before them (default 1)")
    p.add_argument(
        "--path",
        nargs=2,
        metavar=("FROM", "TO"),
        help="the organizations of `path FROM TO` (default: 999997930 909875521 on H2020, rc-alsace tc-pau on demo)",
    )
    p.add_argument("--query", default=DEFAULT_QUERY, help=f"the words of `partners` (default {DEFAULT_QUERY})")
    p.add_argument(
        "--engine", choices=("up", "down", "both"), default="both", help="engine conditions measured (default both)"
    )
    p.add_argument(
        "--cache", choices=("no", "yes", "both"), default="both", help="analysis-cache conditions (default both)"
    )
    p.add_argument("--timeout", type=float, default=600.0, help="seconds allowed to each process (default 600)")
    p.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    return p


def run(args: argparse.Namespace, path: Path, log: Log = log_stderr) -> dict:
    """Every measurement on the engine folder ``path``; returns the document (figures and rows)."""
    engine_at_start = EmbeddedEngine(path).status()
    kept = ", kept running" if engine_at_start["kept_running"] else ""
    log(f"engine folder {path} (engine {engine_at_start['state']}{kept})")
    settings = load_settings({"PARTNERNET_DATA_DIR": str(path), "NEO4J_URI": None})
    store, load = prepare_graph(settings, args.network, args.data.expanduser().resolve(), log)
    store.close()
    runner = Runner(path, runs=args.runs, warmup=args.warmup, timeout=args.timeout, log=log)
    source, target = args.path or DEFAULT_PATHS[args.network]
    measured = commands(source, target, query=args.query)
    conditions = [
        (engine, cached)
        for engine, cached in CONDITIONS
        if args.engine in ("both", engine) and args.cache in ("both", "yes" if cached else "no")
    ]
    machine = common.machine()
    try:
        rows = measure_all(runner, measured, conditions)
    finally:
        restore_engine(runner, engine_at_start["kept_running"])
    if load["reused"]:
        label = f"the graph of {path}"
    else:
        label = "the demo network" if args.network == "demo" else f"CORDIS H2020 ({args.data})"
    machine["load_average_end"] = load_average()
    return {
        "benchmark": "cli_process",
        "when": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "network": args.network,
        "network_label": f"{label}, {load['organizations']:,} organizations",
        "data_dir": str(path),
        "python": sys.executable,
        "runs": args.runs,
        "warmup": args.warmup,
        "engine_at_start": engine_at_start,
        "load": load,
        "rows": rows,
        "machine": machine,
    }


def main(argv: list[str] | None = None, prog: str = PROG) -> int:
    """Parse ``argv``, measure, print the table (and write ``--json``); 1 when a command failed."""
    parser = _parser(prog)
    args = parser.parse_args(argv)
    if args.runs < 1 or args.warmup < 0:
        parser.error("--runs must be at least 1 and --warmup at least 0")
    data = args.data.expanduser().resolve()
    if args.network == "h2020" and args.data_dir is None and not (data / "h2020.csv.gz").exists():
        parser.error(f"{data} holds no h2020.csv.gz: give the H2020 folder with --data, or --data-dir")
    with data_folder(args.data_dir, "pncli-") as path:
        document = run(args, path)
    print(format_table(document))
    if args.json:
        write_json(args.json, document)
    return 1 if any("failed" in r for r in document["rows"]) else 0


if __name__ == "__main__":
    sys.exit(main())
