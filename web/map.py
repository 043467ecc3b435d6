"""The map, for strategists: the network where it is (``/map``), with the network page's filters.

Countries, places (cities) and organizations at three zoom levels, ties between
them drawn as arcs (:mod:`graph.analytics.places`). The base map is Natural
Earth's country shapes (``static/vendor/countries.geojson``, public domain,
made by ``scripts/vendor_map.py``) drawn by Leaflet (``static/vendor/leaflet.js``,
BSD-2): no tile server, nothing fetched from outside the app.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from flask import Blueprint, request
from jinja2.utils import htmlsafe_json_dumps

from graph.analytics.places import Places, network_places
from graph.analytics.snapshot import Snapshot
from graph.model import ROLES
from web import args
from web.drawing import COLOURS, HUB_PALETTE, NO_HUB
from web.explorer import choices, parse_filters, view_and_drawing, year_range
from web.i18n import get_lang, localized
from web.responses import Page, html_and_json
from web.state import get_state

__all__ = ["COUNTRY_SHAPES", "bp", "country_centres"]

bp = Blueprint("map", __name__)

COUNTRY_SHAPES = Path(__file__).parent / "static" / "vendor" / "countries.geojson"
#: Codes of the data that are not ISO 3166-1's (CORDIS writes EL for Greece and UK for the United Kingdom).
ALIASES = {"EL": "GR", "UK": "GB"}


@functools.cache
def country_centres() -> dict[str, tuple[float, float]]:
    """Country code -> (lat, lon) of the point where its organizations without coordinates are drawn."""
    with COUNTRY_SHAPES.open(encoding="utf-8") as f:
        shapes = json.load(f)
    centres = {p["code"]: (p["lat"], p["lon"]) for p in (f["properties"] for f in shapes["features"]) if p.get("code")}
    centres.update({alias: centres[code] for alias, code in ALIASES.items() if code in centres})
    return centres


def _coordinates(snapshot: Snapshot) -> dict[str, tuple[float, float]]:
    """Organization id -> (lat, lon) for those with coordinates, read once per graph version."""
    state = get_state()

    def read() -> dict[str, tuple[float, float]]:
        return {r["id"]: (float(r["lat"]), float(r["lon"])) for r in state.store.read("map_coordinates")}

    return state.cached(("coordinates", snapshot.version), read)


def _place_rows(snapshot: Snapshot, places: Places, lang: str) -> dict[str, list[dict[str, Any]]]:
    def named(rows: list) -> list[dict[str, Any]]:
        out = []
        for p in rows:
            row = p.as_dict()
            country = snapshot.countries.get(p.country or "", {})
            row["country_name"] = localized(country, lang=lang) or p.country
            out.append(row)
        return out

    return {"countries": named(places.countries), "places": named(places.places)}


def _organizations(snapshot: Snapshot, places: Places, coordinates: dict, G: Any) -> list[dict[str, Any]]:
    """The organizations of the network page's view, at their place (own coordinates, else their country's)."""
    centres = country_centres()
    rows = []
    for o, node in G.nodes(data=True):
        at = coordinates.get(o) or centres.get(node.get("country") or "")
        if at is None:
            continue
        row = snapshot.organizations[o]
        rows.append(
            {
                "id": o,
                "name": localized(row, lang=get_lang()) or o,
                "short_name": row.get("short_name"),
                "lat": round(at[0], 4),
                "lon": round(at[1], 4),
                "exact": o in coordinates,
                "role": node.get("role"),
                "hub": node.get("hub"),
                "country": node.get("country"),
                "city": row.get("city"),
                "strength": node.get("strength", 0),
                "place": places.place_of.get(o),
            }
        )
    return rows


@html_and_json(bp, "/map")
def network_map() -> Page:
    """The map of the network under the URL's filters: countries, places, the view's organizations, and ties."""
    state = get_state()
    snapshot = state.snapshot()
    filters = parse_filters(snapshot)
    coordinates = _coordinates(snapshot)
    lang = get_lang()
    places = state.cold(
        ("places", snapshot.version, filters),
        lambda: network_places(snapshot, filters, coordinates, country_centres()),
    )
    rows = state.cached(("place rows", snapshot.version, filters, lang), lambda: _place_rows(snapshot, places, lang))
    view, _data, _text = view_and_drawing(snapshot)
    G = view.G
    colour = args.choice("color", ("role", "hub")) or "role"
    payload = {
        "version": snapshot.version,
        "filters": filters.as_dict(),
        "colour": colour,
        "years": year_range(snapshot),
        "organizations_total": places.organizations,
        "unplaced": places.unplaced,
        **rows,
        "organizations": _organizations(snapshot, places, coordinates, G),
        "ties": {
            "countries": [list(t) for t in places.country_ties],
            "places": [list(t) for t in places.place_ties],
            "organizations": [[u, v, d.get("strength", 0)] for u, v, d in G.edges(data=True) if d.get("strength")],
        },
        "palette": {"roles": {r: COLOURS[r] for r in ROLES}, "hubs": list(HUB_PALETTE), "no_hub": NO_HUB},
        "left_out": view.left_out,
    }
    return Page(
        "map.html",
        payload,
        lambda: {
            "map_data": htmlsafe_json_dumps(payload),
            "choices": choices(snapshot),
            "args": request.args,
        },
    )
