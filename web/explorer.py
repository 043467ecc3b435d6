"""The explorer, for strategists: the network page, an organization's details, search.

Filters travel in the URL (shareable; the back button works). Hooks for the
hubs and paths pages: ``highlight=ID,ID`` outlines organizations and always
shows them; ``path=ID,ID,ID`` draws a chain of ties in its own colour;
``hub=N`` shows the members of hub N and ``color=hub`` colours by hub.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import networkx as nx
from flask import Blueprint, Response, jsonify, redirect, request, send_from_directory, url_for
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup
from werkzeug.wrappers import Response as BaseResponse

from graph.analytics.hubs import Hub
from graph.analytics.snapshot import WIDE_ACTIVITY, Snapshot
from graph.analytics.subgraph import Filters, Subgraph, build_subgraph, neighbourhood
from graph.errors import BadRequest, NotFound
from graph.model import ROLES
from graph.store import Store
from graph.text import Message, fold
from web import args
from web.charts import organization_charts
from web.drawing import COLOURS, HUB_PALETTE, NO_HUB, VIS_DIR, vis_data
from web.i18n import ROLE_NAMES, get_lang, gettext, localized, number
from web.lookups import get_hub, get_organization
from web.responses import Page, html_and_json
from web.state import get_state

__all__ = ["bp", "choices", "parse_filters", "search_organizations", "view_and_drawing", "year_range"]

bp = Blueprint("explorer", __name__)

#: Ties, projects and funded projects listed on an organization's page.
LIST_LIMIT = 50
#: Hubs drawn as named regions on the network page: those with at least MIN_REGION members drawn, the
#: REGIONS with most of them.
REGIONS = 12
MIN_REGION = 3


@bp.get("/")
def index() -> BaseResponse:
    return redirect(url_for("explorer.network"))


@bp.get("/favicon.ico")
def favicon() -> Response:
    return send_from_directory(Path(__file__).parent / "static", "favicon.svg", mimetype="image/svg+xml")


@bp.get("/assets/vis/<path:name>")
def vis_asset(name: str) -> Response:
    """vis-network's JavaScript and CSS, from the installed pyvis package."""
    return send_from_directory(VIS_DIR, name)


def parse_filters(snapshot: Snapshot) -> Filters:
    """The filters of the request's URL, checked against the graph (unknown values get a 400)."""
    priorities = {row["priority"] for row in snapshot.countries.values() if row.get("priority")}
    filters = Filters(
        roles=args.roles("role", alias="kind"),  # kind=: the old name of role=, deprecated
        countries=args.countries(snapshot.countries),
        priority=args.known("priority", priorities, Message("use a priority group of the graph")),
        expertise=args.expertise(snapshot.expertise),
        funder=args.known("funder", snapshot.organizations, Message("use the id of an organization")),
        year_from=args.integer("year_from", 1900, 2200),
        year_to=args.integer("year_to", 1900, 2200),
        min_strength=args.integer("min_strength", 1, 1_000_000, default=1),
        funders=args.choice("funders", ("0", "1")) == "1",
    )
    if filters.year_from and filters.year_to and filters.year_from > filters.year_to:
        raise BadRequest(
            Message(
                "year_from (%(start)s) is after year_to (%(end)s)",
                start=str(filters.year_from),
                end=str(filters.year_to),
            )
        )
    return filters


def year_range(snapshot: Snapshot) -> list[int] | None:
    """The first and last year of the graph's projects and agreements (the year control's ends), or None."""

    def compute() -> list[int] | None:
        years = [y for p in snapshot.projects for y in (p.get("start_year"), p.get("end_year")) if y is not None]
        years += [a["start_year"] for a in snapshot.agreements if a.get("start_year") is not None]
        return [min(years), max(years)] if years else None

    return get_state().cached(("years", snapshot.version), compute)


def _labels() -> dict[str, str]:
    return {**{f"role.{r}": str(name) for r, name in ROLE_NAMES.items()}, "strength": gettext("Strength")}


def _hub() -> Hub | None:
    """The hub named by ``?hub=N`` (the hubs page links to the network with it)."""
    number = args.integer("hub", 1, 10**9)
    return None if number is None else get_hub(number)


def _colour_by_hub() -> dict[str, int] | None:
    """``?color=hub``: organization -> its hub's number (for the drawing's palette)."""
    if args.choice("color", ("hub",)) is None:
        return None
    return {o: h.id for h in get_state().hubs() for o in h.members}


def _spread_asked() -> float | None:
    """``?spread=``: the stretch of the positions asked for (the year control keeps the first drawing's)."""
    text = request.args.get("spread")
    if text is None:
        return None
    try:
        value = round(float(text), 6)
    except ValueError:
        value = math.nan
    if not 0 < value < 1e6:
        raise BadRequest(Message("spread must be a positive number"))
    return value


def view_and_drawing(snapshot: Snapshot) -> tuple[Subgraph, dict[str, Any], str]:
    """The view the URL asks for, its vis-network data, and that data as JSON for the page (all cached)."""
    state = get_state()
    limit = state.settings.max_nodes
    filters = parse_filters(snapshot)
    max_nodes = args.integer("max_nodes", 1, limit, default=limit)
    highlight, path = args.listed("highlight"), args.listed("path")
    hub = _hub()
    if hub is not None:
        filters = replace(filters, only=tuple(hub.members))
        highlight = tuple(dict.fromkeys((*highlight, *(a["id"] for a in hub.anchors))))
    hubs_of = _colour_by_hub()
    key = (snapshot.version, filters, max_nodes, highlight, path)
    view = state.cold(
        ("view", *key),
        lambda: build_subgraph(
            snapshot, filters, max_nodes=max_nodes, highlight=highlight, path=path, layout=state.network_map()
        ),
    )
    lang = get_lang()

    spread = _spread_asked()

    def draw() -> tuple[dict[str, Any], str]:
        data = vis_data(view.G, lang, _labels(), hubs_of=hubs_of, areas=view.regions, fit=True, spread=spread)
        return data, htmlsafe_json_dumps(data)

    data, text = state.cached(("drawing", *key, lang, hubs_of is not None, spread), draw)
    return view, data, text


def _summary(view: Subgraph) -> dict[str, Any]:
    """What the page counts; ``outside_filters``: organizations drawn because they are highlighted or on the path."""
    return {
        "shown": view.G.number_of_nodes(),
        "outside_filters": view.G.number_of_nodes() - (view.total_nodes - view.left_out),
        "total": view.total_nodes,
        "ties": view.G.number_of_edges(),
        "total_ties": view.total_ties,
        "left_out": view.left_out,
        "ties_left_out": view.ties_left_out,
        "wide_activities": view.wide_activities,
        "wide_limit": WIDE_ACTIVITY,
        "max_nodes": view.max_nodes,
        "funders_hidden": view.funders_hidden,
        "funders_note": gettext("Funders not drawn: %(n)s. Show them with funders=1.", n=view.funders_hidden)
        if view.funders_hidden
        else None,
    }


def choices(snapshot: Snapshot) -> dict[str, list[Any]]:
    """What the filter form offers (names in the page's language, in alphabetical order)."""
    lang = get_lang()

    def named(rows: dict[str, dict[str, Any]], key: str) -> list[dict[str, str]]:
        found = ({key: i, "name": localized(row, lang=lang) or i} for i, row in rows.items())
        return sorted(found, key=lambda r: fold(r["name"]))

    funders = {o: row for o, row in snapshot.organizations.items() if "funder" in (row.get("roles") or ())}
    return {
        "countries": named(snapshot.countries, "code"),
        "priorities": sorted({row["priority"] for row in snapshot.countries.values() if row.get("priority")}),
        "expertise": named(snapshot.expertise, "id"),
        "funders": named(funders, "id"),
        "roles": [{"id": r, "name": str(ROLE_NAMES[r]), "colour": COLOURS[r]} for r in ROLES],
    }


def _regions(snapshot: Snapshot, G: nx.Graph) -> list[dict[str, Any]]:
    """The hubs with members drawn, by number; ``region``: drawn as a named region (:data:`REGIONS` of the hubs
    with :data:`MIN_REGION` members drawn or more, those with most)."""
    state = get_state()
    hubs = {h.id: h for h in state.hubs()}
    hub_of = state.cached(("hub of", snapshot.version), lambda: {o: h.id for h in hubs.values() for o in h.members})
    inside: dict[int, list[str]] = {}
    for o in G:
        if o in hub_of:
            inside.setdefault(hub_of[o], []).append(o)
    chosen = sorted((h for h, m in inside.items() if len(m) >= MIN_REGION), key=lambda h: (-len(inside[h]), h))
    drawn = set(chosen[:REGIONS])
    fr = get_lang() == "fr"
    return [
        {
            "id": h,
            "name": hubs[h].name_fr if fr else hubs[h].name,
            "colour": HUB_PALETTE[h - 1] if h <= len(HUB_PALETTE) else NO_HUB,
            "members": inside[h],
            "region": h in drawn,
        }
        for h in sorted(inside)
    ]


def _short_name(snapshot: Snapshot, o: str) -> str:
    row = snapshot.organizations.get(o, {})
    return row.get("short_name") or localized(row) or o


def _title(snapshot: Snapshot, view: Subgraph, hub: Hub | None) -> str | None:
    """What a view opened for a path, a hub or highlighted organizations shows, as its title says it."""
    if view.path:
        hops = len(view.path) - 1
        ends = {"start": _short_name(snapshot, view.path[0]), "end": _short_name(snapshot, view.path[-1])}
        if hops == 1:
            return gettext("Path: %(start)s → %(end)s, 1 hop", **ends)
        return gettext("Path: %(start)s → %(end)s, %(hops)s hops", **ends, hops=number(hops))
    if hub is not None:
        return gettext("Hub %(n)s: %(name)s", n=hub.id, name=hub.name_fr if get_lang() == "fr" else hub.name)
    if view.highlight:
        names = ", ".join(_short_name(snapshot, o) for o in view.highlight[:3])
        if len(view.highlight) > 3:
            return gettext(
                "Highlighted: %(names)s and %(more)s more", names=names, more=number(len(view.highlight) - 3)
            )
        return gettext("Highlighted: %(names)s", names=names)
    return None


@html_and_json(bp, "/network")
def network() -> Page:
    """The network, filtered and capped: the page draws it; the JSON has vis-network's nodes, edges and options."""
    snapshot = get_state().snapshot()
    view, data, text = view_and_drawing(snapshot)
    hub = _hub()
    payload = {
        "version": snapshot.version,
        "title": _title(snapshot, view, hub),
        "hub": hub.id if hub is not None else None,
        "regions": _regions(snapshot, view.G),
        "filters": view.filters.as_dict(),
        "highlight": list(view.highlight),
        "path": list(view.path),
        "missing": list(view.missing),
        **_summary(view),
        "legend": [{"role": r, "colour": COLOURS[r]} for r in ROLES],
        "years": year_range(snapshot),
        **data,
    }
    return Page(
        "network.html", payload, lambda: {"drawing": Markup(text), "choices": choices(snapshot), "args": request.args}
    )


def _on_a_ring(G: nx.Graph, node: str, x: float, y: float) -> nx.Graph:
    """``G`` with ``node`` at ``(x, y)`` and the others on a ring around it (wider for more neighbours)."""
    others = [o for o in G if o != node]
    radius = 150 + 8 * len(others)
    for i, o in enumerate(others):
        angle = 2 * math.pi * i / max(len(others), 1)
        G.nodes[o]["x"] = round(x + radius * math.cos(angle), 1)
        G.nodes[o]["y"] = round(y + radius * math.sin(angle), 1)
    G.nodes[node]["x"], G.nodes[node]["y"] = x, y
    return G


@bp.get("/network/expand.json")
def expand() -> Response:
    """A node's strongest neighbours, placed on a ring around it (JSON only: the network page asks for it).

    The page's activity filters (expertise, funder, years) and minimum tie
    strength apply; its organization filters (role, country, priority group)
    do not: expanding is how one looks beyond them.
    """
    snapshot = get_state().snapshot()
    filters = replace(parse_filters(snapshot), roles=(), countries=(), priority=None)
    node = args.text("node")
    if not node:
        raise BadRequest(Message("give node: the id of the organization to expand"))
    if node not in snapshot.organizations:
        raise NotFound(Message("unknown node %(node)r: give the id of an organization", node=node))
    x, y = args.number("x", 0.0), args.number("y", 0.0)
    limit = args.integer("limit", 1, 200, default=30)
    G = get_state().cold(
        ("expand", snapshot.version, filters, node, limit), lambda: neighbourhood(snapshot, filters, node, limit=limit)
    )
    data = vis_data(_on_a_ring(G, node, x, y), get_lang(), _labels())
    return jsonify({"node": node, "nodes": data["nodes"], "edges": data["edges"]})


def _named(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    lang = get_lang()
    return [{**row, "display_name": localized(row, lang=lang)} for row in rows]


def _funded(snapshot: Snapshot) -> Counter[str]:
    """Projects funded per funder (cached per graph version): the lists of an organization say "50 of N"."""
    return get_state().cached(
        ("funded", snapshot.version), lambda: Counter(f for p in snapshot.projects for f in (p["funders"] or ()))
    )


def _details(store: Store, org: dict[str, Any]) -> dict[str, Any]:
    """What an organization's page shows: its ties by kind, projects, funders, and where the data came from.

    Lists are cut to ``?limit=`` (default :data:`LIST_LIMIT`); ``counts`` says how long each is in full.
    """
    org_id = org["id"]
    limit = args.integer("limit", 1, 10_000, default=LIST_LIMIT)
    memberships = store.read("organization_memberships", id=org_id)
    partners = store.read("organization_partners", id=org_id, limit=limit)
    agreement_partners = store.read("organization_agreement_partners", id=org_id, limit=limit)
    counted = store.read("organization_partner_counts", id=org_id)[0]  # counted in the engine, not sent
    return {
        "organization": {
            **{k: v for k, v in org.items() if k not in ("source", "imported_at")},
            "display_name": localized(org),
            "country_display": localized({"name": org["country_name"], "name_fr": org["country_name_fr"]}),
        },
        "expertise": _named(store.read("organization_expertise", id=org_id)),
        "counts": {
            "partners": counted["partners"],
            "agreement_partners": counted["agreement_partners"],
            "projects": org["projects"],
            "funded_projects": _funded(get_state().snapshot())[org_id],
        },
        "ties": {
            "partners": _named(partners),
            "agreement_partners": _named(agreement_partners),
            "parents": _named([m for m in memberships if m["direction"] == "parent"]),
            "members": _named([m for m in memberships if m["direction"] == "member"]),
        },
        "projects": {
            "count": org["projects"],
            "items": store.read("organization_projects", id=org_id, limit=limit),
        },
        "funded_projects": store.read("organization_funded_projects", id=org_id, limit=limit),
        "funders": _named(store.read("organization_funders", id=org_id)),
        "provenance": {"source": org["source"], "imported_at": org["imported_at"]},
    }


@html_and_json(bp, "/organizations/<org_id>")
def organization(org_id: str) -> Page:
    org = get_organization(org_id)
    return Page("organization.html", _details(get_state().store, org), lambda: organization_charts(org["id"]))


def _activity(snapshot: Snapshot) -> Counter[str]:
    """Projects per organization (cached per graph version): the search ranks the active first."""
    return get_state().cached(
        ("activity", snapshot.version),
        lambda: Counter(o for p in snapshot.projects for o in (p["participants"] or ())),
    )


def search_organizations(snapshot: Snapshot, q: str, limit: int) -> list[dict[str, Any]]:
    """Organizations whose names hold every word of ``q`` (accents and case ignored), best first."""
    return _search_rows(snapshot, _search_hits(snapshot, q)[:limit])


def _search_table(snapshot: Snapshot) -> list[tuple[str, str, tuple[str, ...]]]:
    """Per graph version: ``(id, folded names searched, folded names ranked)`` of every organization, the most
    active first (then by folded name, then id): a search only checks words in text already folded."""

    def build() -> list[tuple[str, str, tuple[str, ...]]]:
        activity = _activity(snapshot)
        rows = []
        for o, row in snapshot.organizations.items():
            names = tuple(fold(row.get(k)) for k in ("short_name", "name", "name_fr"))
            rows.append((-activity[o], names[1], o, row.get("name_search") or names[1], names))
        rows.sort()
        return [(o, haystack, names) for *_, o, haystack, names in rows]

    return get_state().cached(("search table", snapshot.version), build)


def _search_hits(snapshot: Snapshot, q: str) -> list[str]:
    """The ids of every organization that :func:`search_organizations` finds, best first: the id itself or a
    name that is the whole query, then names starting with it, then the others; the most active first in each."""
    words = fold(q).split()
    if not words:
        return []
    whole = " ".join(words)
    ranked: tuple[list[str], list[str], list[str]] = ([], [], [])
    for o, haystack, names in _search_table(snapshot):
        if o == q or all(w in haystack for w in words):
            rank = 0 if o == q or whole in names else 1 if any(n.startswith(whole) for n in names) else 2
            ranked[rank].append(o)
    return [o for hits in ranked for o in hits]


def _search_rows(snapshot: Snapshot, found: list[str]) -> list[dict[str, Any]]:
    activity = _activity(snapshot)
    lang = get_lang()
    return [
        {
            "id": o,
            "name": snapshot.organizations[o]["name"],
            "display_name": localized(snapshot.organizations[o], lang=lang),
            "short_name": snapshot.organizations[o].get("short_name"),
            "country": snapshot.organizations[o].get("country"),
            "roles": snapshot.organizations[o].get("roles"),
            "projects": activity[o],
        }
        for o in found
    ]


@html_and_json(bp, "/search")
def search() -> Page:
    q = args.words("q")
    limit = args.integer("limit", 1, 100, default=20)
    snapshot = get_state().snapshot()
    found = _search_hits(snapshot, q)
    return Page("search.html", {"q": q, "count": len(found), "results": _search_rows(snapshot, found[:limit])})
