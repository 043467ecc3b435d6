"""The explorer, for strategists: the network page, an organization's details, search.

Filters travel in the URL (shareable; the back button works). Hooks for the
hubs and paths pages: ``highlight=ID,ID`` outlines organizations and always
shows them; ``path=ID,ID,ID`` draws a chain of ties in its own colour.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import replace
from pathlib import Path

from flask import Blueprint, redirect, request, send_from_directory, url_for
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from graph.analytics.hubs import Hub
from graph.analytics.snapshot import WIDE_ACTIVITY, Snapshot
from graph.analytics.subgraph import Filters, Subgraph, build_subgraph, neighbourhood
from graph.errors import BadRequest, NotFound
from graph.model import ROLES
from graph.text import fold
from web.backend import get_backend
from web.drawing import COLOURS, VIS_DIR, vis_data
from web.i18n import MESSAGES, get_lang, gettext, localized
from web.pages import respond

bp = Blueprint("explorer", __name__)

LIST_LIMIT = 50


@bp.get("/")
def index():
    return redirect(url_for("explorer.network"))


@bp.get("/favicon.ico")
def favicon():
    return send_from_directory(Path(__file__).parent / "static", "favicon.svg", mimetype="image/svg+xml")


@bp.get("/assets/vis/<path:name>")
def vis_asset(name: str):
    """vis-network's JavaScript and CSS, from the installed pyvis package."""
    return send_from_directory(VIS_DIR, name)


def _int_arg(name: str, low: int, high: int, default: int | None = None) -> int | None:
    raw = request.args.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadRequest(f"{name} must be a whole number between {low} and {high}, not {raw!r}") from None
    if not low <= value <= high:
        raise BadRequest(f"{name} must be between {low} and {high}, not {value}")
    return value


def _list_arg(name: str) -> tuple[str, ...]:
    values = [v.strip() for raw in request.args.getlist(name) for v in raw.split(",")]
    return tuple(dict.fromkeys(v for v in values if v))


def parse_filters(snapshot: Snapshot) -> Filters:
    """The filters of the request's URL, checked against the graph (unknown values get a 400)."""
    roles = _list_arg("role") + _list_arg("kind")  # kind=: the old name of role=, deprecated
    countries = _list_arg("country")
    priority = request.args.get("priority", "").strip() or None
    expertise = request.args.get("expertise", "").strip() or None
    funder = request.args.get("funder", "").strip() or None
    for name in ("role", "kind"):
        for role in _list_arg(name):
            if role not in ROLES:
                raise BadRequest(f"{name} must be one of {', '.join(ROLES)}, not {role!r}")
    for code in countries:
        if code not in snapshot.countries:
            raise BadRequest(f"unknown country {code!r}: use a country code of the graph, e.g. FR")
    if priority and priority not in {c.get("priority") for c in snapshot.countries.values()}:
        raise BadRequest(f"unknown priority group {priority!r}")
    if expertise and expertise not in snapshot.expertise:
        raise BadRequest(f"unknown expertise {expertise!r}: use an expertise id of the graph")
    if funder and funder not in snapshot.organizations:
        raise BadRequest(f"unknown funder {funder!r}: use the id of an organization")
    filters = Filters(
        roles=tuple(dict.fromkeys(roles)),
        countries=countries,
        priority=priority,
        expertise=expertise,
        funder=funder,
        year_from=_int_arg("year_from", 1900, 2200),
        year_to=_int_arg("year_to", 1900, 2200),
        min_strength=_int_arg("min_strength", 1, 1_000_000, 1) or 1,
    )
    if filters.year_from and filters.year_to and filters.year_from > filters.year_to:
        raise BadRequest(f"year_from ({filters.year_from}) is after year_to ({filters.year_to})")
    return filters


def _labels() -> dict[str, str]:
    messages = MESSAGES[get_lang()]
    return {k: v for k, v in messages.items() if k.startswith("kind.") or k == "strength"}


def _hub_arg() -> Hub | None:
    """The hub named by ``?hub=N`` (the hubs page links to the network with it)."""
    number = _int_arg("hub", 1, 10**9)
    if number is None:
        return None
    hub = next((h for h in get_backend().hubs() if h.id == number), None)
    if hub is None:
        raise NotFound(f"no hub {number} in this graph version: see /hubs")
    return hub


def _colour_by_hub() -> dict[str, int] | None:
    """``?color=hub``: organization -> its hub's number (for the drawing's palette)."""
    colour = request.args.get("color", "").strip()
    if not colour:
        return None
    if colour != "hub":
        raise BadRequest(f"color must be 'hub', not {colour!r}")
    return {o: h.id for h in get_backend().hubs() for o in h.members}


def _view_and_drawing(snapshot: Snapshot) -> tuple[Subgraph, dict, str]:
    backend = get_backend()
    limit = backend.settings.max_nodes
    filters = parse_filters(snapshot)
    max_nodes = _int_arg("max_nodes", 1, limit, limit) or limit
    highlight, path = _list_arg("highlight"), _list_arg("path")
    hub = _hub_arg()
    if hub is not None:
        filters = replace(filters, only=tuple(hub.members))
        highlight = tuple(dict.fromkeys((*highlight, *(a["id"] for a in hub.anchors))))
    hubs_of = _colour_by_hub()
    key = (snapshot.version, filters, max_nodes, highlight, path)
    view = backend.cached(
        ("view", *key), lambda: build_subgraph(snapshot, filters, max_nodes=max_nodes, highlight=highlight, path=path)
    )
    lang = get_lang()

    def draw():
        data = vis_data(view.G, lang, _labels(), hubs_of=hubs_of)
        return data, htmlsafe_json_dumps(data)

    data, text = backend.cached(("drawing", *key, lang, hubs_of is not None), draw)
    return view, data, text


def _summary(view: Subgraph) -> dict:
    return {
        "shown": view.G.number_of_nodes(),
        "total": view.total_nodes,
        "ties": view.G.number_of_edges(),
        "total_ties": view.total_ties,
        "left_out": view.left_out,
        "ties_left_out": view.ties_left_out,
        "wide_activities": view.wide_activities,
        "wide_limit": WIDE_ACTIVITY,
        "max_nodes": view.max_nodes,
    }


def _choices(snapshot: Snapshot) -> dict:
    """What the filter form offers (names in the page's language)."""
    lang = get_lang()
    return {
        "countries": sorted(
            ({"code": c, "name": localized(row, lang=lang) or c} for c, row in snapshot.countries.items()),
            key=lambda r: fold(r["name"]),
        ),
        "priorities": sorted({row["priority"] for row in snapshot.countries.values() if row.get("priority")}),
        "expertise": sorted(
            ({"id": e, "name": localized(row, lang=lang) or e} for e, row in snapshot.expertise.items()),
            key=lambda r: fold(r["name"]),
        ),
        "funders": sorted(
            (
                {"id": o, "name": localized(row, lang=lang) or o}
                for o, row in snapshot.organizations.items()
                if "funder" in (row.get("roles") or ())
            ),
            key=lambda r: fold(r["name"]),
        ),
        "roles": [{"id": r, "name": gettext(f"kind.{r}"), "colour": COLOURS[r]} for r in ROLES],
    }


@bp.get("/network.json")
@bp.get("/network")  # registered first: url_for gives the HTML page
def network():
    snapshot = get_backend().snapshot()
    view, data, text = _view_and_drawing(snapshot)
    summary = _summary(view)
    payload = {
        "version": snapshot.version,
        "filters": view.filters.as_dict(),
        "highlight": list(view.highlight),
        "path": list(view.path),
        "missing": list(view.missing),
        **summary,
        "legend": [{"role": r, "colour": COLOURS[r]} for r in ROLES],
        **data,
    }
    if request.path.endswith(".json") or request.args.get("format") == "json":
        return respond("", payload)
    return respond(
        "network.html",
        {k: v for k, v in payload.items() if k not in ("nodes", "edges", "options")},
        drawing=Markup(text),
        choices=_choices(snapshot),
        args=request.args,
    )


@bp.get("/network/expand.json")
def expand():
    """A node's strongest neighbours, placed on a ring around it.

    The page's activity filters (expertise, funder, years) and minimum tie
    strength apply; its organization filters (role, country, priority group)
    do not: expanding is how one looks beyond them.
    """
    snapshot = get_backend().snapshot()
    filters = replace(parse_filters(snapshot), roles=(), countries=(), priority=None)
    node = request.args.get("node", "")
    if node not in snapshot.organizations:
        raise NotFound(f"no organization with id {node!r}")
    try:
        x, y = float(request.args.get("x", 0)), float(request.args.get("y", 0))
    except ValueError:
        raise BadRequest("x and y must be numbers") from None
    limit = _int_arg("limit", 1, 200, 30) or 30
    G = get_backend().cached(
        ("expand", snapshot.version, filters, node, limit), lambda: neighbourhood(snapshot, filters, node, limit=limit)
    )
    others = [o for o in G if o != node]
    radius = 150 + 8 * len(others)
    for i, o in enumerate(others):
        angle = 2 * math.pi * i / max(len(others), 1)
        G.nodes[o]["x"] = round(x + radius * math.cos(angle), 1)
        G.nodes[o]["y"] = round(y + radius * math.sin(angle), 1)
    G.nodes[node]["x"], G.nodes[node]["y"] = x, y
    data = vis_data(G, get_lang(), _labels())
    return respond("", {"node": node, "nodes": data["nodes"], "edges": data["edges"]})


def _named(rows: list[dict]) -> list[dict]:
    lang = get_lang()
    return [{**row, "display_name": localized(row, lang=lang)} for row in rows]


@bp.get("/organizations/<org_id>.json")
@bp.get("/organizations/<org_id>")
def organization(org_id: str):
    store = get_backend().store
    found = store.read("organization_details", id=org_id)
    if not found:
        raise NotFound(f"no organization with id {org_id!r}")
    org = found[0]
    memberships = store.read("organization_memberships", id=org_id)
    data = {
        "organization": {
            **{k: v for k, v in org.items() if k not in ("source", "imported_at")},
            "display_name": localized(org),
            "country_display": localized({"name": org["country_name"], "name_fr": org["country_name_fr"]}),
        },
        "expertise": _named(store.read("organization_expertise", id=org_id)),
        "ties": {
            "partners": _named(store.read("organization_partners", id=org_id, limit=LIST_LIMIT)),
            "agreement_partners": _named(store.read("organization_agreement_partners", id=org_id, limit=LIST_LIMIT)),
            "parents": _named([m for m in memberships if m["direction"] == "parent"]),
            "members": _named([m for m in memberships if m["direction"] == "member"]),
        },
        "projects": {
            "count": org["projects"],
            "items": store.read("organization_projects", id=org_id, limit=LIST_LIMIT),
        },
        "funded_projects": store.read("organization_funded_projects", id=org_id, limit=LIST_LIMIT),
        "funders": _named(store.read("organization_funders", id=org_id)),
        "provenance": {"source": org["source"], "imported_at": org["imported_at"]},
    }
    return respond("organization.html", data)


def _activity(snapshot: Snapshot) -> Counter:
    return get_backend().cached(
        ("activity", snapshot.version),
        lambda: Counter(o for p in snapshot.projects for o in (p["participants"] or ())),
    )


def search_organizations(snapshot: Snapshot, q: str, limit: int) -> list[dict]:
    """Organizations whose names hold every word of ``q`` (accents and case ignored), best first."""
    words = fold(q).split()
    if not words:
        return []
    whole = " ".join(words)
    activity = _activity(snapshot)
    hits = []
    for o, row in snapshot.organizations.items():
        haystack = row.get("name_search") or fold(row.get("name"))
        if o == q or all(w in haystack for w in words):
            names = [fold(row.get(k)) for k in ("short_name", "name", "name_fr")]
            rank = 0 if o == q or whole in names else 1 if any(n.startswith(whole) for n in names) else 2
            hits.append((rank, -activity[o], fold(row["name"]), o))
    hits.sort()
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
        for *_, o in hits[:limit]
    ]


@bp.get("/search.json")
@bp.get("/search")
def search():
    snapshot = get_backend().snapshot()
    q = request.args.get("q", "").strip()
    if len(q) > 200:
        raise BadRequest("the search text is limited to 200 characters")
    limit = _int_arg("limit", 1, 100, 20) or 20
    results = search_organizations(snapshot, q, limit)
    return respond("search.html", {"q": q, "results": results})
