"""Excellence hubs, for strategists: the list, one hub, and the network coloured by hub."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from graph.analytics.cooperation import Cooperation
from graph.analytics.hubs import BACKBONE, MIN_HOLDERS, MIN_LIFT, Hub, filter_hubs
from graph.errors import BadRequest
from graph.text import Message
from web import args
from web.charts import hub_charts
from web.lookups import get_hub
from web.responses import Page, html_and_json
from web.state import get_state

__all__ = ["HUBS_PER_PAGE", "METHOD", "bp"]

bp = Blueprint("hubs", __name__)

#: Hubs listed on one page of the hubs page (``?page=``); its JSON lists them all.
HUBS_PER_PAGE = 50

#: How hubs are found and scored, as the pages and the JSON say it.
METHOD = {
    "communities": Message(
        "Louvain with refinement (networkit's PLM, seed 0) on each organization's %(backbone)s strongest ties",
        backbone=BACKBONE,
    ),
    "specialisation": Message(
        "terms held by at least %(holders)s members, at least %(lift)s times more common than in the network",
        holders=MIN_HOLDERS,
        lift=MIN_LIFT,
    ),
    "score": Message("(size part + cohesion + specialisation part) / 3; each part in [0, 1] and shown"),
}


@html_and_json(bp, "/hubs")
def hubs() -> Page:
    state = get_state()
    coop = state.cooperation()
    filters = {
        "expertise": args.expertise(coop.snapshot.expertise),
        "country": args.country(coop.snapshot.countries),
        "role": args.role("role", alias="kind"),  # kind=: the old name of role=, deprecated
    }
    found = filter_hubs(state.hubs(), coop, **filters)
    listed = [h.to_dict() for h in found]
    data = {
        "version": coop.snapshot.version,
        "filters": {k: v for k, v in filters.items() if v},
        "method": METHOD,
        "count": len(found),
        "hubs": listed,
    }
    return Page("hubs.html", data, lambda: _hubs_context(coop, listed))


def _hubs_context(coop: Cooperation, found: list[dict[str, Any]]) -> dict[str, Any]:
    """The page's form choices, and the hubs of the page ``?page=`` asks for (:data:`HUBS_PER_PAGE` a page; the
    JSON has them all)."""
    pages = max(1, -(-len(found) // HUBS_PER_PAGE))
    page = args.integer("page", 1, 10**6, default=1)
    if page > pages:  # said plainly: "from 1 to 1, not '2'" read as a typing error
        raise BadRequest(
            Message("there is no page %(page)s: these hubs fit on one page", page=str(page))
            if pages == 1
            else Message("there is no page %(page)s: these hubs fill %(pages)s pages", page=str(page), pages=str(pages))
        )
    start = (page - 1) * HUBS_PER_PAGE
    return {
        "expertise": coop.snapshot.expertise,
        "countries": coop.snapshot.countries,
        "shown": found[start : start + HUBS_PER_PAGE],
        "pager": {"page": page, "pages": pages, "first": start + 1, "last": min(start + HUBS_PER_PAGE, len(found))},
    }


def _members(coop: Cooperation, hub: Hub) -> list[dict[str, Any]]:
    organizations = coop.snapshot.organizations
    return [
        {
            "id": o,
            "name": organizations[o]["name"],
            "name_fr": organizations[o].get("name_fr"),
            "country": organizations[o].get("country"),
            "roles": organizations[o].get("roles"),
        }
        for o in hub.members
    ]


@html_and_json(bp, "/hubs/<int:hub_id>")
def hub(hub_id: int) -> Page:
    coop = get_state().cooperation()
    found = get_hub(hub_id)
    members = _members(coop, found)
    data = {"version": coop.snapshot.version, "method": METHOD, "hub": {**found.to_dict(), "members": members}}
    context = {"expertise": coop.snapshot.expertise, "countries": coop.snapshot.countries}
    return Page("hub.html", data, lambda: {**context, **hub_charts(found)})
