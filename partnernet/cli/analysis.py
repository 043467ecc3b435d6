"""Commands for strategists and planners: hubs, paths, partners, recommendations, consortia."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

import click

from graph.model import ROLES
from partnernet.cli.base import QUICK_EXIT, cli, current_settings, dumps, table

__all__ = ["analyse", "consortium", "hubs", "keep_for_commands", "path", "partners", "recommend"]

if TYPE_CHECKING:
    from graph.analytics.analysis import Analysis
    from graph.errors import NoMatchingExpertise


def _analysis() -> Analysis:
    """The analysis of the graph as it is now: read from the data folder where kept for this graph version
    (:mod:`graph.analytics.stored`), else computed (and kept for the next command).

    The store, opened only when something must be computed, is closed when the command ends.
    """
    import gc

    from graph.analytics.stored import open_analysis

    # One command, then the process ends: the cyclic collector would only walk the snapshot's
    # hundreds of thousands of objects again and again to free nothing (memory is still freed
    # by reference counting).
    gc.disable()
    analysis = open_analysis(current_settings())
    if analysis.stored is None or all(analysis.stored.current(["snapshot"]).values()):
        click.get_current_context().call_on_close(lambda: _closed(analysis.close))
        return analysis
    # Not kept for this graph version: computed, then written once the command has answered, by a
    # child process (StoredAnalysis.flush), so that the next command reads it. Meanwhile a helper
    # thread imports what computing needs while the snapshot is read from the engine.
    analysis.stored.deferred = True
    importing = threading.Thread(target=_read_ahead, args=(analysis,), name="read-ahead")
    importing.start()

    def close() -> None:
        importing.join()  # no other thread when the child is made
        _closed(lambda: analysis.close(detach=True))

    click.get_current_context().call_on_close(close)
    return analysis


def _closed(close: Callable[[], None]) -> None:
    """``close()``, then let the process end without the interpreter's teardown (see QUICK_EXIT)."""
    close()
    QUICK_EXIT.set()


def _read_ahead(analysis: Analysis) -> None:
    """Start the engine and read the snapshot while the command imports what it needs, then import what
    computing needs (the engine's start and its own work leave the interpreter free)."""
    try:
        analysis.snapshot  # noqa: B018 (read and kept by the analysis; an error is raised again to the command)
    except Exception:
        pass
    _import_computing_modules()


def _import_computing_modules() -> None:
    """Import what computing the analysis needs (networkit alone: 0.3 s)."""
    import networkit  # noqa: F401
    import scipy.sparse.csgraph  # noqa: F401

    import graph.analytics.communities  # noqa: F401


def keep_for_commands() -> None:
    """Compute the analysis of the graph as it is now and keep it in the data folder, saying each step on stderr."""
    from graph.analytics.stored import keep_analysis, open_analysis

    analysis = open_analysis(current_settings())
    try:
        click.echo(f"analysis of graph version {analysis.version}:", err=True)
        seconds = keep_analysis(analysis, say=lambda line: click.echo(f"  {line}", err=True))
    finally:
        analysis.close()
    folder = analysis.stored.folder if analysis.stored is not None else "memory"
    click.echo(f"analysis kept in {folder} ({sum(seconds.values()):.1f} s)", err=True)


@cli.command()
def analyse() -> None:
    """Compute the analysis of the graph as it is now and keep it in the data folder.

    The snapshot, the cooperation graph, the hubs, the map of the network and the partner
    index are written to PARTNERNET_DATA_DIR/analysis once per graph version: the commands
    and a restarted server then read them instead of computing them. `load` and `demo` do
    this at the end; any write to the graph makes a new version, which is analysed again on
    first use.
    """
    keep_for_commands()


@cli.command()
@click.option("--expertise", help="Only hubs specialised in this expertise id (or a narrower term).")
@click.option("--country", help="Only hubs with members in this country (code).")
@click.option(
    "--role",
    "--kind",
    "role",
    type=click.Choice(ROLES),
    help="Only hubs with members of this role (--kind: its old name, deprecated).",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the community detection.")
@click.option("--members", is_flag=True, help="With --format json: list every member.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def hubs(expertise, country, role, seed, members, fmt) -> None:
    """Excellence hubs: communities of the cooperation graph, best score first, with their reasons.

    Each hub is named by its leading specialisation and its first anchor ("Cybersecurity · Cnam Maroc").
    """
    from graph.analytics.hubs import filter_hubs

    analysis = _analysis()
    found = analysis.hubs(seed)
    if expertise or country or role:
        found = filter_hubs(found, analysis.cooperation, expertise=expertise, country=country, role=role)
    if fmt == "json":
        click.echo(dumps([h.to_dict(members=members) for h in found]))
        return
    if not found:
        click.echo(
            "no hub matches these filters" if (expertise or country or role) else "no hub: the graph has no ties"
        )
        return
    rows = [
        {
            "hub": h.id,
            "name": h.name,
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
    table(rows, list(rows[0]))


#: Projects listed per hop of a path in the table output (JSON has them all).
HOP_PROJECTS = 3
#: What a path's cost means, under the table.
COST_EXPLAINED = (
    "cost: the sum over the ties of 1 / the tie's strength; lower is a stronger chain of ties "
    "(one project of two partners in the latest year costs 1)"
)


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
@click.option(
    "--via-role",
    "--via-kind",
    "via_roles",
    multiple=True,
    type=click.Choice(ROLES),
    help="Only through organizations of this role (--via-kind: its old name, deprecated).",
)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def path(source, target, k, max_hops, avoid, via_roles, fmt) -> None:
    """Cooperation paths from FROM to TO (ids or names; TO may be a funder), strong and recent ties first."""
    from graph.analytics.names import resolve_avoid, resolve_organization
    from graph.analytics.paths import cooperation_paths

    analysis = _analysis()
    snapshot = analysis.snapshot
    avoid_ids = resolve_avoid(snapshot, avoid)
    result = cooperation_paths(
        analysis.cooperation,
        resolve_organization(snapshot, source),
        resolve_organization(snapshot, target),
        k=k,
        max_hops=max_hops,
        avoid=avoid_ids,
        via_roles=via_roles,
    )
    data = result.to_dict()
    if fmt == "json":
        click.echo(dumps(data))
        return
    if not data["paths"]:
        click.echo(f"no path: {data['reason']}")
        return
    for number, found in enumerate(data["paths"], start=1):
        names = " -> ".join(o["name"] for o in found["organizations"])
        click.echo(f"{number}. {names}  (cost {found['cost']:.3g}, {len(found['hops'])} hops)")
        for hop in found["hops"]:
            click.echo(f"     {hop['source']['name']} {_hop_text(hop)}")
    click.echo(COST_EXPLAINED)


@cli.command()
@click.argument("query")
@click.option("--country", help="Country code, e.g. MA.")
@click.option("--role", type=click.Choice(ROLES, case_sensitive=False), help="Only organizations with this role.")
@click.option("--kind", help="Only this kind of institution, e.g. university (a role is still accepted: deprecated).")
@click.option("--funder", help="Only organizations in projects this funder paid for (id or short name).")
@click.option("--from", "origin", metavar="ORG", help="The asking organization (id or name): closer ranks higher.")
@click.option("--limit", type=click.IntRange(1, 200), default=20, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def partners(query, country, role, kind, funder, origin, limit, fmt) -> None:
    """Partners for QUERY (expertise words in French or English, accents and case ignored), with reasons."""
    from graph.analytics.finder import find_partners
    from graph.analytics.names import resolve_organization
    from graph.errors import NoMatchingExpertise

    analysis = _analysis()
    origin_id = resolve_organization(analysis.snapshot, origin) if origin else None
    try:
        found = find_partners(
            analysis, query, country=country, role=role, kind=kind, funder=funder, origin=origin_id, limit=limit
        )
    except NoMatchingExpertise as error:
        _nothing_matches(query, error, fmt)
        return
    if fmt == "json":
        click.echo(dumps([m.to_dict() for m in found]))
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
    table(rows, list(rows[0]))


def _nothing_matches(query: str, error: NoMatchingExpertise, fmt: str) -> None:
    """Expertise words that match nothing: no result (``[]`` in JSON), and why on stderr with the close names."""
    from graph.analytics.finder import nothing_matches

    if fmt == "json":
        click.echo(dumps([]))
    message: str = nothing_matches(query)
    if error.suggestions:
        message += f"; close expertise names: {'; '.join(error.suggestions)}"
    click.echo(message, err=fmt == "json")


@cli.command()
@click.argument("org")
@click.option(
    "--expertise", metavar="WORDS", help="Only organizations able to work on these words (as partners reads them)."
)
@click.option("--country", help="Only organizations of this country (code), e.g. MA.")
@click.option("--role", type=click.Choice(ROLES, case_sensitive=False), help="Only organizations with this role.")
@click.option("--sisters", is_flag=True, help="Also recommend sister centres (members of the same parent centre).")
@click.option("--limit", type=click.IntRange(1, 200), default=10, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def recommend(org, expertise, country, role, sisters, limit, fmt) -> None:
    """New partners for ORG (id or name): partners of its partners, ranked with their evidence.

    Sister centres (of its own network) are left out unless --sisters is given.
    """
    from graph.analytics.names import resolve_organization
    from graph.analytics.recommend import recommend_partners, why_no_recommendations
    from graph.errors import NoMatchingExpertise

    analysis = _analysis()
    org_id = resolve_organization(analysis.snapshot, org)
    try:
        found = recommend_partners(
            analysis, org_id, limit=limit, country=country, role=role, expertise=expertise, sisters=sisters
        )
    except NoMatchingExpertise as error:
        _nothing_matches(expertise, error, fmt)
        return
    if fmt == "json":
        click.echo(dumps([r.to_dict() for r in found]))
        return
    if not found:
        click.echo(
            why_no_recommendations(analysis, org_id, sisters=sisters, filtered=bool(expertise or country or role))
        )
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
    table(rows, list(rows[0]))


@cli.command()
@click.option("--lead", required=True, metavar="ORG", help="The leading organization (id or name).")
@click.option(
    "--need",
    "needs",
    multiple=True,
    required=True,
    metavar="WORDS",
    help="Needed expertise (words or an expertise id); repeat it, or separate needs with commas.",
)
@click.option("--topic", metavar="WORDS", help="The call's topic: members with expertise on it are preferred.")
@click.option(
    "--min-size", type=click.IntRange(1, 100), default=3, show_default=True, help="Organizations, lead included."
)
@click.option("--min-countries", type=click.IntRange(0, 100), default=1, show_default=True, help="Distinct countries.")
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    metavar="KIND",
    help="At least one member of this kind or role (company, university).",
)
@click.option(
    "--require-country",
    "require",
    multiple=True,
    metavar="CODE",
    help="At least one member in this country (code) or in a country of this priority (francophone).",
)
@click.option(
    "--exclude-country", "exclude", multiple=True, metavar="CODE", help="No member in this country (or priority)."
)
@click.option("--max-size", type=click.IntRange(1, 100), help="At most this many organizations, lead included.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def consortium(lead, needs, topic, min_size, min_countries, kinds, require, exclude, max_size, fmt) -> None:
    """Three alternative consortia led by --lead that meet the call's rules and cover the needs, with reasons.

    Members are chosen for their expertise on the needs and their ties to the lead and to each other; a rule
    that no consortium meets is named with the closest one got, and an uncovered need is said.
    """
    from graph.analytics.consortium import Rules, build_consortia
    from graph.analytics.names import resolve_organization

    analysis = _analysis()
    rules = Rules(
        min_size=min_size,
        min_countries=min_countries,
        kinds=tuple(kinds),
        require_countries=tuple(require),
        exclude_countries=tuple(exclude),
        max_size=max_size,
    )
    lead_id = resolve_organization(analysis.snapshot, lead)
    result = build_consortia(analysis, lead_id, list(needs), rules, topic=topic)
    if fmt == "json":
        click.echo(dumps(result.to_dict()))
        return
    _print_consortia(result.to_dict())


def _print_consortia(data: dict) -> None:
    """The consortia as text: each member with its reasons, each rule checked, what is not covered or met."""
    for need in data["needs"]:
        if not need["understood"]:
            close = f" (close expertise names: {'; '.join(need['suggestions'])})" if need["suggestions"] else ""
            click.echo(f"need not understood: {need['message']}{close}")
    if not data["consortia"]:
        click.echo("no consortium")
    for number, found in enumerate(data["consortia"], start=1):
        parts = ", ".join(f"{k} {v}" for k, v in found["parts"].items())
        without = f", without {', '.join(o['name'] for o in found['without'])}" if found["without"] else ""
        click.echo(f"consortium {number}: score {found['score']} ({parts}), {found['size']} organizations{without}")
        for member in found["members"]:
            lead = " (lead)" if member["lead"] else ""
            click.echo(f"  - {member['name']} [{member['id']}, {member['country'] or '?'}, {member['role']}]{lead}")
            for reason in member["reasons"]:
                click.echo(f"      {reason['text']}")
        click.echo("  rules: " + "; ".join(("met: " if c["met"] else "NOT met: ") + c["text"] for c in found["checks"]))
        if found["uncovered"]:
            click.echo(f"  not covered: {', '.join(found['uncovered'])}")
    for rule in data["unmet"]:
        click.echo(f"rule not met: {rule['text']}; closest: {rule['closest']}")
    for note in data["notes"]:
        click.echo(f"note: {note}")
    weights = data["weights"]
    click.echo(
        f"score: {weights['coverage']} x coverage of the needs + {weights['lead_ties']} x ties to the lead"
        f" + {weights['cohesion']} x ties between members"
    )
