"""The ``partnernet`` command line: the composition root of the tool.

Every command opens one store from the settings, does its work and closes it.
Errors print one line and exit non-zero; ``--debug`` shows the traceback.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import sys
from pathlib import Path

import click

from graph.errors import ParameterError, PartnernetError
from graph.settings import SETTINGS, load_settings

FORMATS = click.Choice(["table", "json", "csv"])


def _settings():
    return load_settings()


def _open_store():
    from graph.store import open_store

    return open_store(_settings())


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, default=str)


def _cell(value) -> str:
    if isinstance(value, dict) and value.get("element") == "node":
        props = value["properties"]
        name = props.get("name") or props.get("title") or props.get("id") or props.get("code") or value["id"]
        return f"({':'.join(value['labels'])} {name})"
    if isinstance(value, dict) and value.get("element") == "relationship":
        return f"[:{value['type']}]"
    if isinstance(value, dict) and value.get("element") == "path":
        return f"<path of {len(value['relationships'])} hops>"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return "" if value is None else str(value)


def _print_rows(rows: list[dict], columns: list[str], fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, default=str))
        return
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in columns])
        click.echo(buf.getvalue(), nl=False)
        return
    if not columns:
        click.echo("(no columns returned)")
        return
    cells = [[_cell(row.get(c)) for c in columns] for row in rows]
    widths = [min(60, max([len(c)] + [len(r[i]) for r in cells])) for i, c in enumerate(columns)]
    click.echo("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)))
    click.echo("  ".join("-" * w for w in widths))
    for r in cells:
        click.echo("  ".join(v[:w].ljust(w) for v, w in zip(r, widths, strict=True)))
    click.echo(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks and debug logs.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """partnernet: load a partnership network into a graph and explore it.

    Uses the embedded FalkorDB engine in PARTNERNET_DATA_DIR, or Neo4j when
    NEO4J_URI is set. `partnernet settings` lists every setting.
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug
    level = "DEBUG" if debug else load_settings().get("PARTNERNET_LOG_LEVEL", "WARNING")
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    if not debug:  # the driver logs connection failures that our own error already reports
        logging.getLogger("neo4j").setLevel(logging.CRITICAL)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def status(fmt: str) -> None:
    """Engine, location, node and relationship counts, graph version."""
    with _open_store() as store:
        info = store.status()
    if fmt == "json":
        click.echo(_dumps(info))
        return
    click.echo(f"engine:        {info['engine']}")
    click.echo(f"location:      {info['location']}")
    click.echo(f"graph version: {info['version']}")
    click.echo(f"nodes:         {info['nodes']}")
    for label, n in info["labels"].items():
        click.echo(f"  {label:<20} {n:>10}")
    click.echo(f"relationships: {info['relationships']}")
    for rtype, n in info["types"].items():
        click.echo(f"  {rtype:<20} {n:>10}")


@cli.command()
def init() -> None:
    """Create the indexes and uniqueness constraints (idempotent)."""
    with _open_store() as store:
        store.setup_schema()
        click.echo(f"schema ready ({store.dialect} at {store.location})")


@cli.command()
def settings() -> None:
    """List every setting with its current value (secrets hidden)."""
    values = load_settings().redacted()
    for s in SETTINGS:
        click.echo(f"{s.name}={values[s.name] if values[s.name] is not None else ''}")
        click.echo(f"    {s.help}")


def _parse_params(pairs: tuple[str, ...], example: dict | None = None) -> dict:
    params = {}
    for pair in pairs:
        if "=" not in pair:
            raise ParameterError(f"parameter {pair!r}: write it as name=value")
        name, raw = pair.split("=", 1)
        name = name.strip().lstrip("$")
        if example is not None and isinstance(example.get(name), str):
            params[name] = raw
            continue
        try:
            params[name] = json.loads(raw)
        except json.JSONDecodeError:
            params[name] = raw
    return params


@cli.command()
@click.argument("name", required=False)
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE", help="A parameter (JSON or text).")
@click.option("--cypher", help="Run this Cypher text instead of a named query.")
@click.option("--write", is_flag=True, help="Allow --cypher to write (read-only otherwise).")
@click.option("--list", "list_", is_flag=True, help="List the queries of the library.")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.option("--timeout", type=float, help="Time limit in seconds (--cypher; default PARTNERNET_QUERY_TIMEOUT).")
@click.option("--limit", type=int, help="Row limit (--cypher; default PARTNERNET_ROW_LIMIT).")
def query(name, params, cypher, write, list_, fmt, timeout, limit) -> None:
    """Run a named query of the library, or Cypher text (read-only unless --write).

    \b
    partnernet query --list
    partnernet query count_nodes -p meta=PartnernetMeta --format json
    partnernet query --cypher "MATCH (o:Organization) RETURN o.name LIMIT 5"
    """
    from graph.library import get_query, library

    if list_:
        for q in library().values():
            if not q.is_write:
                args = " ".join(f"-p {p}=…" for p in sorted(q.params))
                click.echo(f"{q.name:<36} {q.title}{'  ' + args if args else ''}")
        return
    if bool(name) == bool(cypher):
        raise click.UsageError("give either a query NAME or --cypher TEXT")
    if cypher:
        if not write:
            from graph.console import check_console_query

            cypher = check_console_query(cypher)
        with _open_store() as store:
            result = store.run(cypher, _parse_params(params), read_only=not write, timeout=timeout, limit=limit)
        _print_rows(result.rows, result.columns, fmt)
        if result.stats:
            click.echo(", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in result.stats.items()), err=True)
        if result.truncated:
            click.echo(f"note: cut at {len(result.rows)} rows (PARTNERNET_ROW_LIMIT or --limit)", err=True)
        return
    q = get_query(name)
    values = _parse_params(params, q.example)
    with _open_store() as store:
        rows = store.write(name, **values) if q.is_write else store.read(name, **values)
    _print_rows(rows, list(q.returns) or (list(rows[0]) if rows else []), fmt)


LOAD_FORMATS = ["auto", "csv", "xlsx", "json", "cordis-h2020", "cordis-fp"]


def _read_input(path: Path, fmt: str) -> tuple[dict, list, str]:
    """Read a network in any supported form: (network, problems, source)."""
    from loaders import cordis
    from loaders.readers import read_network
    from loaders.validate import validate_network

    if fmt == "auto" and path.is_dir():
        if (path / "h2020.csv.gz").exists():
            fmt = "cordis-h2020"
        elif (path / "derived_FP_participation.csv").exists():
            fmt = "cordis-fp"
    if fmt == "cordis-h2020":
        network = cordis.read_cordis_h2020(path)
        return network, validate_network(network, source=str(path)), cordis.H2020_SOURCE
    if fmt == "cordis-fp":
        network = cordis.read_cordis_fp(path)
        return network, validate_network(network, source=str(path)), cordis.FP_SOURCE
    network, problems = read_network(path, "auto" if fmt == "auto" else fmt)
    return network, problems, str(path)


def _load(network: dict, problems: list, source: str, replace: bool, dry_run: bool, fmt: str) -> None:
    import time

    from loaders.load import load_network
    from loaders.validate import format_problems, has_errors

    if problems:
        click.echo(format_problems(problems, limit=50), err=True)
    if has_errors(problems):
        raise PartnernetError("the input has errors (listed above): nothing was written")
    started = time.perf_counter()
    total = sum(len(rows) for rows in network.values())
    with _open_store() as store:
        show = sys.stderr.isatty() and not dry_run
        with click.progressbar(length=total, label="loading", file=sys.stderr if show else io.StringIO()) as bar:
            summary = load_network(
                store, network, source, replace=replace, dry_run=dry_run, progress=lambda _t, n: bar.update(n)
            )
        counts = store.counts()
    elapsed = time.perf_counter() - started
    if fmt == "json":
        click.echo(_dumps({**summary.as_dict(), "seconds": round(elapsed, 3), "graph": counts}))
        return
    click.echo(summary.table())
    verb = "would change" if dry_run else "loaded"
    click.echo(
        f"{verb}: {source} in {elapsed:.1f} s; the graph holds {counts['nodes']} nodes "
        f"and {counts['relationships']} relationships"
    )


@cli.command()
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--format", "input_format", type=click.Choice(LOAD_FORMATS), default="auto", show_default=True)
@click.option("--dry-run", is_flag=True, help="Validate and say what would change, without writing.")
@click.option("--replace", is_flag=True, help="Also delete what the input no longer holds.")
@click.option("--output", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def load(path: Path, input_format: str, dry_run: bool, replace: bool, fmt: str) -> None:
    """Validate a network (CSV folder, Excel workbook, JSON file, CORDIS data) and load it atomically.

    Any error in the input: every problem is listed and nothing is written.
    The format of the files: docs/input-format.md.
    """
    network, problems, source = _read_input(path, input_format)
    _load(network, problems, source, replace, dry_run, fmt)


@cli.command()
@click.option("--seed", type=int, default=2026, show_default=True, help="Seed of the generator.")
@click.option("--replace", is_flag=True, help="Also delete what is not in the demo network.")
@click.option("--output", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def demo(seed: int, replace: bool, fmt: str) -> None:
    """Load the illustrative demo network (its relations are invented)."""
    from loaders.demo import DEMO_NOTICE, DEMO_SOURCE, demo_network
    from loaders.validate import validate_network

    network = demo_network(seed)
    problems = validate_network(network, source=DEMO_SOURCE)
    _load(network, problems, DEMO_SOURCE, replace, False, fmt)
    if fmt != "json":
        click.echo(DEMO_NOTICE)


@cli.command()
@click.argument("out", type=click.Path(path_type=Path))
@click.option("--nodes", type=click.IntRange(min=50), required=True, help="Number of organizations (at least 50).")
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True, help="Seed of the generator.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "json"]),
    default="csv",
    show_default=True,
    help="A CSV folder or one JSON file.",
)
@click.option("--force", is_flag=True, help="Write into OUT even when it exists and is not empty.")
def generate(out: Path, nodes: int, seed: int, fmt: str, force: bool) -> None:
    """Write a synthetic network of NODES organizations to OUT, ready for `partnernet load OUT`.

    Its structure follows Horizon 2020 (about 0.9 projects and 4 participations
    per organization, a heavy tail of very active organizations, communities by
    expertise and country, a few large funders); the same seed gives the same
    network. Everything in it is invented (loaders/synthetic.py).
    """
    import time

    from loaders.readers import write_network
    from loaders.synthetic import generate_network

    if out.exists() and not force:
        if out.is_dir() and any(out.iterdir()):
            raise PartnernetError(f"{out} is a folder that is not empty: choose another OUT, or use --force")
        if out.is_file() and out.stat().st_size > 0:
            raise PartnernetError(f"{out} exists and is not empty: choose another OUT, or use --force")
    if fmt == "csv" and out.exists() and not out.is_dir():
        raise PartnernetError(f"{out} is a file: --format csv writes a folder")
    if fmt == "json" and out.is_dir():
        raise PartnernetError(f"{out} is a folder: --format json writes a file")
    started = time.perf_counter()
    network = generate_network(nodes, seed)
    out.parent.mkdir(parents=True, exist_ok=True)
    write_network(network, out, fmt)
    counts = ", ".join(f"{name} {len(rows)}" for name, rows in network.items())
    click.echo(f"wrote {out} ({fmt}, seed {seed}) in {time.perf_counter() - started:.1f} s: {counts}")


@cli.command(context_settings={"ignore_unknown_options": True, "help_option_names": []})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def bench(args: tuple[str, ...]) -> None:
    """The scale benchmark (benchmarks/scale.py): load and analytics from the demo to a million organizations.

    Every argument goes to the benchmark: `partnernet bench --help` lists
    them (`--sizes demo,h2020,10k,100k`, `--json OUT`, `--quick`...). It
    needs a source checkout of partnernet (the benchmarks are not installed).
    """
    root = Path(__file__).resolve().parent.parent
    if not (root / "benchmarks" / "scale.py").is_file():
        raise PartnernetError(
            f"no benchmarks/scale.py beside {Path(__file__).resolve().parent}: "
            "partnernet bench runs from a source checkout (pip install -e .)"
        )
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    from benchmarks import scale

    sys.exit(scale.main(list(args), prog="partnernet bench"))


@cli.group()
def engine() -> None:
    """Start, stop or inspect the embedded engine of PARTNERNET_DATA_DIR.

    By default each partnernet process starts the engine when it needs it and
    the last one to exit stops it. `engine start` keeps it running until
    `engine stop`.
    """


def _engine():
    from graph.engine import EmbeddedEngine

    s = _settings()
    return EmbeddedEngine(s.data_dir, s["PARTNERNET_FSYNC"], s["PARTNERNET_ENGINE_START_TIMEOUT"])


@engine.command("start")
def engine_start() -> None:
    """Start the engine and keep it running after this command."""
    e = _engine()
    e.start(keep=True)
    click.echo(f"engine running (pid {e.pid()}) on {e.socket_path}; stop it with `partnernet engine stop`")


@engine.command("stop")
@click.option("--force", is_flag=True, help="Stop even while other partnernet processes use it.")
def engine_stop(force: bool) -> None:
    """Stop the engine (its data stays on disk)."""
    if not _engine().stop(force=force):
        raise PartnernetError("other partnernet processes use the engine: stop them, or use --force")
    click.echo("engine stopped")


@engine.command("status")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def engine_status(fmt: str) -> None:
    """Whether the engine runs, its pid and socket."""
    info = _engine().status()
    if fmt == "json":
        click.echo(_dumps(info))
    else:
        for k, v in info.items():
            click.echo(f"{k + ':':<14} {v}")


def _cooperation():
    """Read the graph once and project it (the web app caches this per graph version)."""
    from graph.cooperation import cooperation_graph
    from graph.snapshot import fetch_snapshot

    store = _open_store()
    try:
        snapshot = fetch_snapshot(store)
    finally:
        store.close()
    return cooperation_graph(snapshot)


def _table(rows: list[dict], columns: list[str]) -> None:
    _print_rows(rows, columns, "table")


@cli.command()
@click.option("--expertise", help="Only hubs specialised in this expertise id (or a narrower term).")
@click.option("--country", help="Only hubs with members in this country (code).")
@click.option(
    "--kind", type=click.Choice(["centre", "partner", "company", "funder"]), help="Only hubs with members of this kind."
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the community detection.")
@click.option("--members", is_flag=True, help="With --format json: list every member.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def hubs(expertise, country, kind, seed, members, fmt) -> None:
    """Excellence hubs: communities of the cooperation graph, best score first, with their reasons."""
    from graph.hubs import excellence_hubs, filter_hubs

    coop = _cooperation()
    found = filter_hubs(excellence_hubs(coop, seed=seed), coop, expertise=expertise, country=country, kind=kind)
    if fmt == "json":
        click.echo(_dumps([h.to_dict(members=members) for h in found]))
        return
    if not found:
        click.echo(
            "no hub matches these filters" if (expertise or country or kind) else "no hub: the graph has no ties"
        )
        return
    rows = [
        {
            "hub": h.id,
            "score": h.score,
            "parts (size, cohesion, specialisation)": " / ".join(
                str(h.parts[k]) for k in ("size", "cohesion", "specialisation")
            ),
            "size": h.size,
            "anchors": ", ".join(a["name"] for a in h.anchors[:2]),
            "specialisation": ", ".join(f"{s['name']} x{s['lift']}" for s in h.specialisation[:2]),
            "funders": ", ".join(f"{f['name']} ({f['projects']})" for f in h.funders[:2]),
            "countries": ", ".join(f"{c['code']} {c['members']}" for c in h.countries[:3]),
        }
        for h in found
    ]
    _table(rows, list(rows[0]))


#: Projects listed per hop of a path in the table output (JSON has them all).
HOP_PROJECTS = 3


def _hop_text(hop: dict) -> str:
    shown = [
        f"{p['title']} ({p.get('end_year') or p.get('start_year') or '?'})" for p in hop["projects"][:HOP_PROJECTS]
    ]
    more = len(hop["projects"]) - len(shown)
    shown += [
        f"agreement {a['kind'] or a['id']} ({a.get('start_year') or '?'})" for a in hop["agreements"][:HOP_PROJECTS]
    ]
    verb = "funded by" if hop["kind"] == "funded_by" else "with"
    return f"{verb} {hop['target']['name']}: " + "; ".join(shown) + (f"; +{more} more" if more > 0 else "")


@cli.command()
@click.argument("source", metavar="FROM")
@click.argument("target", metavar="TO")
@click.option("-k", "k", type=click.IntRange(1, 20), default=5, show_default=True, help="Alternative paths wanted.")
@click.option("--max-hops", type=click.IntRange(1, 20), help="Longest chain accepted.")
@click.option(
    "--avoid", multiple=True, metavar="ORG_OR_COUNTRY", help="An organization (id or name) or country code to avoid."
)
@click.option("--via-kind", "via_kinds", multiple=True, type=click.Choice(["centre", "partner", "company", "funder"]))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def path(source, target, k, max_hops, avoid, via_kinds, fmt) -> None:
    """Cooperation paths from FROM to TO (ids or names; TO may be a funder), strong and recent ties first."""
    from graph.names import resolve_avoid, resolve_organization
    from graph.paths import cooperation_paths

    coop = _cooperation()
    snapshot = coop.snapshot
    avoid_ids = resolve_avoid(snapshot, avoid)
    result = cooperation_paths(
        coop,
        resolve_organization(snapshot, source),
        resolve_organization(snapshot, target),
        k=k,
        max_hops=max_hops,
        avoid=avoid_ids,
        via_kinds=via_kinds,
    )
    data = result.to_dict()
    if fmt == "json":
        click.echo(_dumps(data))
        return
    if not data["paths"]:
        click.echo(f"no path: {data['reason']}")
        return
    for number, found in enumerate(data["paths"], start=1):
        names = " -> ".join(o["name"] for o in found["organizations"])
        click.echo(f"{number}. {names}  (cost {found['cost']:.3g}, {len(found['hops'])} hops)")
        for hop in found["hops"]:
            click.echo(f"     {hop['source']['name']} {_hop_text(hop)}")


@cli.command()
@click.argument("query")
@click.option("--country", help="Country code, e.g. MA.")
@click.option("--kind", help="Role (centre, partner, company, funder) or kind of institution.")
@click.option("--funder", help="Only organizations in projects this funder paid for (id or short name).")
@click.option("--from", "origin", metavar="ORG", help="The asking organization (id or name): closer ranks higher.")
@click.option("--limit", type=click.IntRange(1, 200), default=20, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def partners(query, country, kind, funder, origin, limit, fmt) -> None:
    """Partners for QUERY (expertise words in French or English, accents and case ignored), with reasons."""
    from graph.names import resolve_organization
    from graph.partners import find_partners

    coop = _cooperation()
    origin_id = resolve_organization(coop.snapshot, origin) if origin else None
    found = find_partners(coop, query, country=country, kind=kind, funder=funder, origin=origin_id, limit=limit)
    if fmt == "json":
        click.echo(_dumps([m.to_dict() for m in found]))
        return
    if not found:
        click.echo("no partner matches these filters")
        return
    rows = [
        {
            "rank": n,
            "organization": m.name,
            "country": m.country or "",
            "score": m.score,
            "expertise / track record / proximity": " / ".join(
                "-" if v is None else str(v) for v in (m.expertise, m.track_record, m.proximity)
            ),
            "why": m.text,
        }
        for n, m in enumerate(found, start=1)
    ]
    _table(rows, list(rows[0]))


@cli.command()
@click.argument("org")
@click.option("--limit", type=click.IntRange(1, 200), default=10, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def recommend(org, limit, fmt) -> None:
    """New partners for ORG (id or name): partners of its partners, ranked with their evidence."""
    from graph.names import resolve_organization
    from graph.partners import recommend_partners, why_no_recommendations

    coop = _cooperation()
    org_id = resolve_organization(coop.snapshot, org)
    found = recommend_partners(coop, org_id, limit=limit)
    if fmt == "json":
        click.echo(_dumps([r.to_dict() for r in found]))
        return
    if not found:
        click.echo(why_no_recommendations(coop, org_id))
        return
    rows = [
        {
            "rank": n,
            "organization": r.name,
            "country": r.country or "",
            "score": r.score,
            "common partners": r.common_partners,
            "why": r.text,
        }
        for n, r in enumerate(found, start=1)
    ]
    _table(rows, list(rows[0]))


LOOPBACK = ("127.0.0.1", "localhost", "::1")
#: Seconds between two checks of the graph version by the server's warming thread.
WARM_EVERY = 10


@cli.command()
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Interface to listen on (127.0.0.1: this machine only)."
)
@click.option("--port", default=5000, type=int, show_default=True)
@click.option("--threads", default=8, type=int, show_default=True, help="Requests served at the same time.")
def serve(host: str, port: int, threads: int) -> None:
    """Serve the web explorer (the network in the browser) until Ctrl+C (or SIGTERM)."""
    import signal
    import threading
    import time

    from waitress import create_server

    from web import create_app

    app = create_app()
    store = app.extensions["partnernet"].store  # opens (and starts) the engine now: errors show here, not in a page
    status = store.status()
    server = create_server(app, host=host, port=port, threads=threads, ident="partnernet")
    url = f"http://{host if ':' not in host else '[' + host + ']'}:{port}/"
    click.echo(f"partnernet: {status['nodes']} nodes on {status['engine']}; serving {url} (Ctrl+C to stop)")
    if host not in LOOPBACK:
        click.echo(f"warning: listening on {host}: anyone who can reach this machine can read the network", err=True)

    def warm() -> None:
        """At start and after every change of the graph, compute the default view, hubs and partner index."""
        from web.backend import warm as warm_caches

        seen = None
        while True:
            try:
                if store.version() != seen:
                    seen = warm_caches(app)
            except Exception:  # the page will report it to whoever asks; try again later
                logging.getLogger(__name__).debug("warming the caches failed", exc_info=True)
            time.sleep(WARM_EVERY)

    def stop(signum, frame) -> None:
        raise SystemExit(0)  # as Ctrl+C does: the finally below closes the store, and the engine stops if unused

    signal.signal(signal.SIGTERM, stop)  # `kill`, systemd, docker stop: without this the engine kept running
    threading.Thread(target=warm, daemon=True, name="partnernet-warm").start()
    try:
        server.run()
    finally:
        server.close()
        app.extensions["partnernet"].close()


def main() -> None:
    """Entry point: run the CLI, turning errors into one line and an exit code."""
    debug = "--debug" in sys.argv[1:]
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.ClickException as e:
        e.show()
        sys.exit(e.exit_code)
    except PartnernetError as e:
        if debug:
            raise
        click.echo(f"error: {e}", err=True)
        problems = getattr(e, "problems", None)
        if problems:
            click.echo(problems if isinstance(problems, str) else "\n".join(map(str, problems)), err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
    except Exception as e:  # an unexpected failure: one line, the traceback with --debug
        if debug:
            raise
        click.echo(f"internal error: {type(e).__name__}: {e} (run with --debug for the traceback)", err=True)
        sys.exit(2)


if __name__ == "__main__":  # pragma: no cover
    main()
