"""Commands that look after partnernet itself: status, schema, settings, queries, the engine, the server."""

from __future__ import annotations

import logging
import sys

import click

from graph.errors import EngineUnavailable, ParameterError, PartnernetError
from graph.settings import SETTINGS
from partnernet.cli.base import FORMATS, cli, current_settings, dumps, open_store, print_rows

__all__ = ["bench", "engine", "init", "query", "serve", "settings", "status"]


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def status(fmt: str) -> None:
    """Engine, location, node and relationship counts, graph version, whether its analysis is kept."""
    from graph.analytics.stored import MEMBER_NAMES, MEMBERS, stored_for

    with open_store() as store:
        info = store.status()
        kept = stored_for(current_settings(), store)
        engine = getattr(store, "engine", None)
        if engine is not None and engine.recovered():
            info["recovered"] = engine.recovered()
    current = kept.current(MEMBERS)
    info["analysis"] = {"current": all(current.values()), "folder": str(kept.folder), "members": current}
    if fmt == "json":
        click.echo(dumps(info))
        return
    click.echo(f"engine:        {info['engine']}")
    click.echo(f"location:      {info['location']}")
    click.echo(f"graph version: {info['version']}")
    if info.get("recovered"):
        click.echo(f"WARNING:       on {info['recovered']['when']}, {info['recovered']['message']}")
    if all(current.values()):
        click.echo(f"analysis:      current (kept in {kept.folder})")
    else:
        missing = ", ".join(MEMBER_NAMES[m] for m, ok in current.items() if not ok)
        click.echo(f"analysis:      not kept for this version ({missing}): `partnernet analyse` computes it")
    click.echo(f"nodes:         {info['nodes']}")
    for label, n in info["labels"].items():
        click.echo(f"  {label:<20} {n:>10}")
    click.echo(f"relationships: {info['relationships']}")
    for rtype, n in info["types"].items():
        click.echo(f"  {rtype:<20} {n:>10}")


@cli.command()
def init() -> None:
    """Create the indexes and uniqueness constraints (idempotent)."""
    with open_store() as store:
        store.setup_schema()
        click.echo(f"schema ready ({store.dialect} at {store.location})")


@cli.command()
def settings() -> None:
    """List every setting with its current value (secrets hidden)."""
    values = current_settings().redacted()
    for s in SETTINGS:
        click.echo(f"{s.name}={values[s.name] if values[s.name] is not None else ''}")
        click.echo(f"    {s.help}")


def _pairs(pairs: tuple[str, ...]) -> dict[str, str]:
    """``-p NAME=VALUE`` options as ``{NAME: VALUE}`` (text, converted later)."""
    values = {}
    for pair in pairs:
        if "=" not in pair:
            raise ParameterError(f"parameter {pair!r}: write it as name=value")
        name, raw = pair.split("=", 1)
        values[name.strip().lstrip("$")] = raw
    return values


def _list_queries(everything: bool) -> None:
    """The analysts' queries by group (``--all``: then every other query, marked internal)."""
    from graph.store.library import GROUPS, OTHER_GROUP, analyst_queries, library

    group = None
    for q in analyst_queries():
        if q.group != group or group is None:
            group = q.group or ""
            click.echo(f"{GROUPS.get(group, OTHER_GROUP)}:")
        click.echo(f"  {_listed(q)}")
    if everything:
        click.echo("internal (the loader, the analytics and the pages use them; they run by name):")
        for q in library().values():
            if q.internal:
                click.echo(f"  {_listed(q)}  [internal{', write' if q.is_write else ''}]")


def _listed(q) -> str:
    types = {p: q.parameter(p).type + (" or null" if q.parameter(p).nullable else "") for p in q.params}
    args = " ".join(f"-p {p}=<{types[p]}>" for p in q.parameters if p in q.params)
    return f"{q.name:<52} {q.title}{'  ' + args if args else ''}"


@cli.command()
@click.argument("name", required=False)
@click.option(
    "-p", "--param", "params", multiple=True, metavar="NAME=VALUE", help="A parameter (text, read by its type)."
)
@click.option("--cypher", help="Run this Cypher text instead of a named query.")
@click.option("--write", is_flag=True, help="Allow --cypher to write (read-only otherwise).")
@click.option("--list", "list_", is_flag=True, help="List the analysts' queries of the library, by group.")
@click.option("--all", "all_", is_flag=True, help="With --list: the internal queries too, marked.")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.option("--timeout", type=float, help="Time limit in seconds (--cypher; default PARTNERNET_QUERY_TIMEOUT).")
@click.option("--limit", type=int, help="Row limit (--cypher; default PARTNERNET_ROW_LIMIT).")
def query(name, params, cypher, write, list_, all_, fmt, timeout, limit) -> None:
    """Run a named query of the library, or Cypher text (read-only unless --write).

    A named query's parameters are read by the types of its header
    (`-p limit=10`, `-p country=MA`, `-p ids=cnam,afd`); for --cypher a value
    is JSON, or else text.

    \b
    partnernet query --list            (the analysts' queries; --all: every query)
    partnernet query analyst_expertise_missing_in_country -p country=MA -p limit=20
    partnernet query --cypher "MATCH (o:Organization) RETURN o.name LIMIT 5"
    """
    from graph.store.library import Parameter, get_query

    if list_:
        _list_queries(all_)
        return
    if bool(name) == bool(cypher):
        raise click.UsageError("give either a query NAME or --cypher TEXT")
    if cypher:
        if not write:
            from graph.store.console import check_console_query

            cypher = check_console_query(cypher)
        values = {k: Parameter(k).convert(v) for k, v in _pairs(params).items()}
        if not write:
            from graph.store.console import check_console_params

            check_console_params(values)
        with open_store() as store:
            result = store.run(cypher, values, read_only=not write, timeout=timeout, limit=limit)
        print_rows(result.rows, result.columns, fmt)
        if result.stats:
            click.echo(", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in result.stats.items()), err=True)
        if result.truncated:
            click.echo(f"note: cut at {len(result.rows)} rows (PARTNERNET_ROW_LIMIT or --limit)", err=True)
        return
    q = get_query(name)
    values = q.convert_params(_pairs(params))
    with open_store() as store:
        rows = store.write(name, **values) if q.is_write else store.read(name, **values)
    print_rows(rows, list(q.returns) or (list(rows[0]) if rows else []), fmt)


@cli.command(context_settings={"ignore_unknown_options": True, "help_option_names": []})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def bench(args: tuple[str, ...]) -> None:
    """The benchmark suites: `partnernet bench [SUITE] [OPTIONS]` (the README's Performance section).

    `cli`: whole commands as a user runs them (engine up or down, analysis kept or not);
    `communities` (or `h2020`): the analytics on H2020 beside networkx, networkit and igraph;
    `console`: the console's hostile queries (time to answer, a page meanwhile, the engine's memory);
    `scale`, or no suite: load and analytics from the demo to a million organizations
    (`partnernet bench --sizes demo` as before). `partnernet bench --help` lists the suites,
    `partnernet bench SUITE --help` a suite's options. The benchmarks are installed with
    partnernet (the `benchmarks` package).
    """
    from benchmarks import suites

    sys.exit(suites.main(list(args), prog="partnernet bench"))


@cli.group()
def engine() -> None:
    """Start, stop or inspect the embedded engine of PARTNERNET_DATA_DIR.

    By default each partnernet process starts the engine when it needs it and
    the last one to exit stops it. `engine start` keeps it running until
    `engine stop`.
    """


def _engine():
    from graph.store.falkordb_store import engine_for

    return engine_for(current_settings())


@engine.command("start")
def engine_start() -> None:
    """Start the engine and keep it running after this command."""
    e = _engine()
    e.start(keep=True)
    click.echo(f"engine running (pid {e.pid()}) on {e.socket_path}; stop it with `partnernet engine stop`")


@engine.command("stop")
@click.option(
    "--force", is_flag=True, help="Stop even while other partnernet processes use it; kill it if it does not answer."
)
def engine_stop(force: bool) -> None:
    """Stop the engine (its data stays on disk); says "stopped" only once no engine process is left."""
    e = _engine()
    pid = e.pid()
    if not e.stop(force=force):
        raise PartnernetError("other partnernet processes use the engine: stop them, or use --force")
    click.echo(f"engine stopped (pid {pid})" if pid else "engine stopped (it was not running)")


@engine.command("repair")
@click.option("--yes", is_flag=True, help="Repair without asking (a copy of the files is kept first).")
def engine_repair(yes: bool) -> None:
    """Check the engine's append-only files and, if one is damaged, cut it back to its last whole write.

    Runs `redis-check-aof` (the engine's own checker) on PARTNERNET_DATA_DIR/aof with the engine
    stopped. The repair keeps a copy of the folder (aof.backup-DATE) first; the writes after the
    damage are lost.
    """
    e = _engine()
    valid, report = e.repair(fix=False)
    click.echo(report)
    if valid:
        click.echo("the engine's files are valid: nothing to repair")
        return
    if not yes and not click.confirm("cut the damaged file back to its last whole write?"):
        raise PartnernetError("not repaired")
    valid, report = e.repair(fix=True)
    click.echo(report)
    if not valid:
        raise PartnernetError(f"the checker could not repair the files in {e.data_dir / 'aof'} (its report above)")
    click.echo("repaired: the engine starts again; writes after the damage are lost")


@engine.command("status")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def engine_status(fmt: str) -> None:
    """Whether the engine runs, its pid and socket."""
    info = _engine().status()
    if fmt == "json":
        click.echo(dumps(info))
    else:
        for k, v in info.items():
            click.echo(f"{k + ':':<14} {v}")


LOOPBACK = ("127.0.0.1", "localhost", "::1")


def _analysis_kept(app) -> bool:
    """Whether the analysis of the graph's current version is kept in the data folder."""
    from graph.analytics.stored import MEMBERS

    stored = app.extensions["partnernet"].analysis().stored
    return stored is not None and all(stored.current(MEMBERS).values())


def _serve_settings(host: str, no_auth: bool):
    """The settings to serve with: beyond loopback, sign-in is required unless ``--no-auth`` says otherwise."""
    from web.auth import auth_needed

    settings = current_settings()
    if no_auth:
        return settings.replace(auth="off")
    if host in LOOPBACK:
        return settings
    if settings.auth == "off":
        raise PartnernetError(f"PARTNERNET_AUTH=off: serving on {host} with no sign-in needs --no-auth to say so")
    if not auth_needed(settings.replace(auth="auto")):
        raise PartnernetError(
            f"serving on {host} needs accounts, and there is none in {settings.data_dir}: add one with "
            "`partnernet users add NAME --role admin` (or serve with --no-auth: anyone who reaches it runs Cypher)"
        )
    return settings.replace(auth="required")


#: Seconds between two checks of the graph version by the server's warming thread.
WARM_EVERY = 10


@cli.command()
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Interface to listen on (127.0.0.1: this machine only)."
)
@click.option("--port", default=5000, type=int, show_default=True)
@click.option(
    "--threads",
    default=64,
    type=click.IntRange(1, 1024),
    show_default=True,
    help="Requests served at the same time: a page not kept holds one while it waits its turn to be computed "
    "(2 at once), so that pages kept are answered meanwhile.",
)
@click.option(
    "--connections",
    default=1000,
    type=click.IntRange(1, 10_000),
    show_default=True,
    help="Connections kept open at once (browsers keep several each); beyond it, new ones wait to be accepted.",
)
@click.option(
    "--no-auth", is_flag=True, help="Serve beyond loopback with no sign-in: anyone who reaches it runs Cypher."
)
def serve(host: str, port: int, threads: int, connections: int, no_auth: bool) -> None:
    """Serve the web explorer (the network in the browser) until Ctrl+C (or SIGTERM)."""
    import signal
    import threading
    import time

    from waitress import create_server

    from web import create_app
    from web.state import warm as warm_caches

    if host not in LOOPBACK and not current_settings().allowed_hosts:
        raise PartnernetError(
            f"serving on {host} answers only requests naming this machine's loopback names: set "
            "PARTNERNET_ALLOWED_HOSTS to the host names its users type (e.g. partnernet.example.org), "
            "and see the README's Settings"
        )
    settings = _serve_settings(host, no_auth)
    app = create_app({"SETTINGS": settings})
    store = app.extensions["partnernet"].store  # opens (and starts) the engine now: errors show here, not in a page
    status = store.status()
    if _analysis_kept(app):  # read from the data folder (seconds at most): the first visitor waits for nothing
        started = time.perf_counter()
        warm_caches(app, partner_index=False, pages=False)
        click.echo(f"partnernet: the kept analysis read in {time.perf_counter() - started:.1f} s", err=True)
    server = create_server(
        app,
        host=host,
        port=port,
        threads=threads,
        connection_limit=connections,
        backlog=max(1024, connections),
        asyncore_use_poll=True,  # select() stops at 1,024 open files; poll() does not
        ident="partnernet",
    )
    url = f"http://{host if ':' not in host else '[' + host + ']'}:{port}/"
    click.echo(f"partnernet: {status['nodes']} nodes on {status['engine']}; serving {url} (Ctrl+C to stop)")
    if host not in LOOPBACK and settings.auth == "off":
        click.echo(
            f"WARNING: listening on {host} WITH NO SIGN-IN (--no-auth): anyone who can reach this machine "
            "reads the network and runs Cypher in the console",
            err=True,
        )

    def warm() -> None:
        """At start and after every change of the graph, compute the default view, hubs and partner index."""
        seen = None
        while True:
            try:
                if store.version() != seen:
                    seen = warm_caches(app)
            except EngineUnavailable:  # the engine died: started again in the background (with a backoff)
                app.extensions["partnernet"].engine_failed()
            except Exception:  # the page will report it to whoever asks; try again later
                logging.getLogger(__name__).debug("warming the caches failed", exc_info=True)
            time.sleep(WARM_EVERY)

    stopping = threading.Event()

    def stop(signum, frame) -> None:
        stopping.set()
        raise SystemExit(0)  # as Ctrl+C does: the finally below closes the store, and the engine stops if unused

    signal.signal(signal.SIGTERM, stop)  # `kill`, systemd, docker stop: without this the engine kept running
    threading.Thread(target=warm, daemon=True, name="partnernet-warm").start()
    try:
        server.run()
    except (BufferError, OSError):
        # SystemExit raised in the middle of a write of waitress's (a buffer still exported) surfaces as
        # this error instead: seen once in a test run. Stopping was asked for: stop as asked.
        if not stopping.is_set():
            raise
        logging.getLogger(__name__).debug("a write was cut by the stop", exc_info=True)
    finally:
        try:
            server.close()
        except (BufferError, OSError):  # the same, closing the connections of a cut write
            if not stopping.is_set():
                raise
        app.extensions["partnernet"].close()
