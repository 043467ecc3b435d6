"""Excellence hubs, for strategists: the list, one hub, and the network coloured by hub."""

from __future__ import annotations

from flask import Blueprint, request

from graph.analytics.hubs import BACKBONE, MIN_HOLDERS, MIN_LIFT, filter_hubs
from graph.errors import NotFound
from graph.model import ROLES
from web.backend import get_backend
from web.pages import respond

bp = Blueprint("hubs", __name__)

METHOD = {
    "communities": f"Louvain (networkx, seed 0) on each organization's {BACKBONE} strongest ties",
    "specialisation": (
        f"terms held by at least {MIN_HOLDERS} members, at least {MIN_LIFT} times more common than in the network"
    ),
    "score": "(size part + cohesion + specialisation part) / 3; each part in [0, 1] and shown",
}


@bp.get("/hubs.json")
@bp.get("/hubs")
def hubs():
    backend = get_backend()
    coop = backend.cooperation()
    filters = {k: request.args.get(k, "").strip() or None for k in ("expertise", "country", "role")}
    filters["role"] = filters["role"] or request.args.get("kind", "").strip() or None  # kind=: deprecated name
    found = filter_hubs(backend.hubs(), coop, **filters)
    data = {
        "version": coop.snapshot.version,
        "filters": {k: v for k, v in filters.items() if v},
        "method": METHOD,
        "count": len(found),
        "hubs": [h.to_dict() for h in found],
    }
    return respond("hubs.html", data, expertise=coop.snapshot.expertise, countries=coop.snapshot.countries, roles=ROLES)


@bp.get("/hubs/<int:hub_id>.json")
@bp.get("/hubs/<int:hub_id>")
def hub(hub_id: int):
    backend = get_backend()
    coop = backend.cooperation()
    found = next((h for h in backend.hubs() if h.id == hub_id), None)
    if found is None:
        raise NotFound(f"no hub {hub_id} in this graph version: see /hubs")
    members = [
        {
            "id": o,
            "name": coop.snapshot.organizations[o]["name"],
            "name_fr": coop.snapshot.organizations[o].get("name_fr"),
            "country": coop.snapshot.organizations[o].get("country"),
            "roles": coop.snapshot.organizations[o].get("roles"),
        }
        for o in found.members
    ]
    data = {"version": coop.snapshot.version, "method": METHOD, "hub": {**found.to_dict(), "members": members}}
    return respond("hub.html", data, expertise=coop.snapshot.expertise, countries=coop.snapshot.countries)
