"""Commands that bring a network in: load, demo, generate."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import click

from graph.errors import PartnernetError
from loaders.inputs import FORMATS, format_names, read_input
from partnernet.cli.base import cli, dumps, open_store

__all__ = ["demo", "generate", "load"]


def _formats_help() -> str:
    """The --format choices, one a line, from the table of input forms (loaders.inputs.FORMATS)."""
    lines = ["auto: recognized from PATH (the default)"] + [f"{f.name}: {f.description}" for f in FORMATS]
    return "\b\nInput formats (--format):\n" + "\n".join(f"  {line}" for line in lines)


def _load(network: dict, problems: list, source: str, replace: bool, dry_run: bool, fmt: str) -> None:
    with _one_load_at_a_time(dry_run):
        _load_now(network, problems, source, replace, dry_run, fmt)


def _load_now(network: dict, problems: list, source: str, replace: bool, dry_run: bool, fmt: str) -> None:
    import time

    from loaders.load import load_network
    from loaders.validate import format_problems, has_errors

    if problems:
        click.echo(format_problems(problems, limit=50), err=True)
    if has_errors(problems):
        raise PartnernetError("the input has errors (listed above): nothing was written")
    started = time.perf_counter()
    total = sum(len(rows) for rows in network.values())
    with open_store() as store:
        show = sys.stderr.isatty() and not dry_run
        with click.progressbar(length=total, label="loading", file=sys.stderr if show else io.StringIO()) as bar:
            summary = load_network(
                store, network, source, replace=replace, dry_run=dry_run, progress=lambda _t, n: bar.update(n)
            )
        counts = store.counts()
    elapsed = time.perf_counter() - started
    if fmt == "json":
        click.echo(dumps({**summary.as_dict(), "seconds": round(elapsed, 3), "graph": counts}))
        return
    click.echo(summary.table())
    verb = "would change" if dry_run else "loaded"
    click.echo(
        f"{verb}: {source} in {elapsed:.1f} s; the graph holds {counts['nodes']} nodes "
        f"and {counts['relationships']} relationships"
    )
    if not dry_run:
        _analyse()


def _one_load_at_a_time(dry_run: bool):
    """Loads on one data folder run one after the other: a second one says so and waits (``load.lock``)."""
    from contextlib import nullcontext

    from graph.store.engine import exclusive
    from partnernet.cli.base import current_settings

    if dry_run:
        return nullcontext()
    folder = current_settings().data_dir
    folder.mkdir(parents=True, exist_ok=True)

    def say(holder: str) -> None:
        click.echo(f"another load is running on {folder} ({holder}): waiting for it to end", err=True)

    return exclusive(folder / "load.lock", say)


def _analyse() -> None:
    """After a load: the analysis of the new graph version, kept for the commands and the server."""
    from partnernet.cli.analysis import keep_for_commands

    keep_for_commands()


@cli.command(epilog=_formats_help())
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format",
    "input_format",
    type=click.Choice(format_names()),
    default="auto",
    show_default=True,
    help="The form of PATH (listed below).",
)
@click.option("--dry-run", is_flag=True, help="Validate and say what would change, without writing.")
@click.option("--replace", is_flag=True, help="Also delete what the input no longer holds.")
@click.option(
    "--map",
    "mapping",
    metavar="THEIRS=OURS,...",
    help="Names of the table's columns in ours (organizations-table): orgId=id,name=name,... or a file of such lines.",
)
@click.option("--output", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def load(path: Path, input_format: str, dry_run: bool, replace: bool, mapping: str | None, fmt: str) -> None:
    """Validate a network (CSV folder, Excel workbook, JSON file, CORDIS data) and load it atomically.

    Any error in the input: every problem is listed and nothing is written.
    An organization already in the graph keeps what earlier sources gave it and
    gets what it lacked (a name, a city). The format of the files: docs/input-format.md.
    """
    from loaders.table import parse_mapping

    try:
        columns = parse_mapping(mapping)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--map") from None
    show = sys.stderr.isatty()
    with click.progressbar(length=0, label="reading", file=sys.stderr if show else io.StringIO()) as bar:

        def progress(done: int, total: int) -> None:
            bar.length = total
            bar.update(done - bar.pos)

        network, problems, source = read_input(path, input_format, progress=progress, columns=columns)
    _load(network, problems, source, replace, dry_run, fmt)


@cli.command()
@click.option("--seed", type=int, default=2026, show_default=True, help="Seed of the generator.")
@click.option("--replace", is_flag=True, help="Also delete what is not in the demo network.")
@click.option("--output", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def demo(seed: int, replace: bool, fmt: str) -> None:
    """Load the illustrative demo network (its relations are invented)."""
    from loaders.generators.demo import DEMO_NOTICE, DEMO_SOURCE, demo_network
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
    network. Everything in it is invented (loaders/generators/synthetic.py).
    """
    import time

    from loaders.generators.synthetic import generate_network
    from loaders.readers import write_network

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
