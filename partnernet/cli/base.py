"""The ``partnernet`` command line: the composition root of the tool.

This module holds the command group, the helpers every command uses and
:func:`main`; the commands live beside it, one module per job
(:mod:`partnernet.cli.data`: loading; :mod:`partnernet.cli.analysis`: hubs,
paths, partners; :mod:`partnernet.cli.admin`: the engine, settings, queries,
the server). Every command opens one store from the settings, does its work
and closes it. Errors print one line and exit non-zero; ``--debug`` shows the
traceback.
"""

from __future__ import annotations

import csv
import importlib
import io
import json
import logging
import os
import sys
import threading

import click

from graph.errors import PartnernetError
from graph.settings import Settings, load_settings
from graph.store import Store

__all__ = [
    "COMMAND_MODULES",
    "FORMATS",
    "OUTPUTS",
    "QUICK_EXIT",
    "LazyGroup",
    "cli",
    "current_settings",
    "dumps",
    "main",
    "open_store",
    "print_rows",
    "table",
]

FORMATS = click.Choice(["table", "json", "csv"])
OUTPUTS = click.Choice(["table", "json"])


def current_settings() -> Settings:
    return load_settings()


def open_store() -> Store:
    from graph.store import open_store as open_

    return open_(current_settings())


def dumps(value) -> str:
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


def _csv_cell(value) -> object:
    from graph.text import spreadsheet_safe

    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return spreadsheet_safe(_cell(value))


def print_rows(rows: list[dict], columns: list[str], fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, default=str))
        return
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(columns)
        for row in rows:  # text a spreadsheet would run as a formula is written as text (graph.text)
            writer.writerow([_csv_cell(row.get(c)) for c in columns])
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


def table(rows: list[dict], columns: list[str]) -> None:
    print_rows(rows, columns, "table")


#: The module that defines each command: a command imports its module (and what that needs) only when run, so
#: that `partnernet hubs` does not import the loaders, nor `partnernet load` the analytics.
COMMAND_MODULES = {
    "analyse": "partnernet.cli.analysis",
    "consortium": "partnernet.cli.analysis",
    "hubs": "partnernet.cli.analysis",
    "path": "partnernet.cli.analysis",
    "partners": "partnernet.cli.analysis",
    "recommend": "partnernet.cli.analysis",
    "bench": "partnernet.cli.admin",
    "engine": "partnernet.cli.admin",
    "init": "partnernet.cli.admin",
    "query": "partnernet.cli.admin",
    "serve": "partnernet.cli.admin",
    "settings": "partnernet.cli.admin",
    "status": "partnernet.cli.admin",
    "demo": "partnernet.cli.data",
    "export": "partnernet.cli.export",
    "generate": "partnernet.cli.data",
    "load": "partnernet.cli.data",
    "users": "partnernet.cli.users",
}


class LazyGroup(click.Group):
    """A group whose commands are registered by their module (:data:`COMMAND_MODULES`), imported on first use."""

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMAND_MODULES:
            importlib.import_module(COMMAND_MODULES[cmd_name])
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        for module in sorted(set(COMMAND_MODULES.values())):
            importlib.import_module(module)
        return super().list_commands(ctx)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks and debug logs.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """partnernet: load a partnership network into a graph and explore it.

    Uses the embedded FalkorDB engine in PARTNERNET_DATA_DIR, or Neo4j when
    NEO4J_URI is set. `partnernet settings` lists every setting.
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug
    level = "DEBUG" if debug else current_settings().log_level
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    if not debug:  # the driver logs connection failures that our own error already reports
        logging.getLogger("neo4j").setLevel(logging.CRITICAL)


#: Set by a command that has answered and closed everything it opened (the analytics commands): the process
#: then ends without the interpreter's teardown, which frees a snapshot's million objects one by one
#: (half a second of a `hubs` on H2020) only for the process to end.
QUICK_EXIT = threading.Event()


def _quick_exit() -> None:
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    os._exit(0)


def main() -> None:
    """Entry point: run the CLI, turning errors into one line and an exit code."""
    debug = "--debug" in sys.argv[1:]
    try:
        cli.main(standalone_mode=False)
        if QUICK_EXIT.is_set():
            _quick_exit()
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
