"""``partnernet export``: the network view, as the network page draws it, to a file."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import click

from graph.model import ROLES
from partnernet.cli.base import cli, current_settings

__all__ = ["export", "view_query", "write_atomically"]

#: The formats of ``export`` (``svg`` beside those the issue asks for: the drawing as a picture).
EXPORT_FORMATS = ("gexf", "graphml", "csv", "svg", "html")


def view_query(options: dict) -> list[tuple[str, str]]:
    """The network page's URL parameters for the command's options (``--year-from`` is ``year_from=``...).

    >>> view_query({"role": ("centre", "partner"), "year_from": 2018, "funders": True, "hub": None, "lang": "fr"})
    [('role', 'centre'), ('role', 'partner'), ('year_from', '2018'), ('funders', '1'), ('lang', 'fr')]
    """
    query: list[tuple[str, str]] = []
    for name, value in options.items():
        if value is None or value == () or value is False:
            continue
        if name == "funders":
            query.append(("funders", "1"))
        elif name == "colour_by_hub":
            query.append(("color", "hub"))
        elif isinstance(value, tuple):
            query += [(name, str(v)) for v in value]
        else:
            query.append((name, str(value)))
    return query


def write_atomically(out: str, content: bytes) -> None:
    """``content`` to the file ``out`` (a temporary file beside it, then renamed: never half a file), or to
    standard output for ``-``."""
    if out == "-":
        sys.stdout.buffer.write(content)
        sys.stdout.buffer.flush()
        return
    target = Path(out)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as f:
            f.write(content)
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@cli.command()
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), required=True, help="What to write (see below).")
@click.option("--role", multiple=True, type=click.Choice(ROLES), help="Only organizations with this role (repeatable).")
@click.option("--country", multiple=True, metavar="CODE", help="Only organizations in this country (repeatable).")
@click.option("--priority", metavar="GROUP", help="Only organizations in a country of this priority group.")
@click.option("--expertise", metavar="ID", help="Projects addressing this expertise (or a narrower term).")
@click.option("--funder", metavar="ID", help="Projects funded by this funder.")
@click.option("--year-from", "year_from", type=int, metavar="YEAR", help="Projects and agreements from this year.")
@click.option("--year-to", "year_to", type=int, metavar="YEAR", help="Projects and agreements up to this year.")
@click.option("--min-strength", "min_strength", type=int, metavar="N", help="Ties of at least this strength.")
@click.option("--funders", is_flag=True, help="Also draw the funders and the ties of funding.")
@click.option("--max-nodes", "max_nodes", type=int, metavar="N", help="A lower cap than PARTNERNET_MAX_NODES.")
@click.option("--highlight", multiple=True, metavar="ID", help="Outline this organization, always shown (repeatable).")
@click.option("--path", metavar="ID,ID,...", help="Draw this chain of ties in its own colour.")
@click.option("--hub", type=int, metavar="N", help="Only the members of excellence hub N.")
@click.option("--colour-by-hub", "colour_by_hub", is_flag=True, help="Colour nodes by hub (the page's color=hub).")
@click.option("--lang", type=click.Choice(["en", "fr"]), default="en", show_default=True, help="Names and words.")
@click.argument("out", metavar="OUT")
def export(fmt: str, out: str, **options) -> None:
    """Write the network view to OUT (`-`: standard output), as the network page draws it.

    The options are the page's URL parameters (--year-from is year_from=, --role is
    role=...): the same options give the same view as /network with those parameters,
    with the same positions, colours and sizes.

    \b
    gexf     GEXF 1.3 for Gephi: positions, colours and sizes in viz, and the attributes
    graphml  GraphML (yEd, Cytoscape, networkx): the same attributes
    csv      a ZIP of nodes.csv and ties.csv (not to standard output)
    svg      the drawing as an SVG picture
    html     one self-contained HTML file: the view drawn with no server and no network,
             with filters by role and country and a search box

    \b
    Node attributes: label, name, short_name, role, roles, country, hub, strength,
    x, y (y points up), size, colour, highlighted, on_path.
    Tie attributes: weight (the tie's strength), projects, agreements, funded,
    membership, on_path.
    """
    from web import create_app
    from web.exports import network_export

    if fmt == "csv" and out == "-":
        raise click.UsageError("--format csv writes a ZIP archive: give a file name, not -")
    app = create_app({"SETTINGS": current_settings()})
    try:
        with app.test_request_context("/network", query_string=view_query(options)):
            content = network_export(fmt).content
    finally:
        app.extensions["partnernet"].close()
    try:
        write_atomically(out, content)
    except OSError as error:
        raise click.ClickException(f"cannot write {out}: {error.strerror or error}") from None
    if out != "-":
        click.echo(f"{out}: {len(content):,} bytes ({fmt})", err=True)
