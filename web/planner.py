"""For planners: cooperation paths, the partner finder and recommendations (HTML and JSON).

Organizations are named by id or by name (accents and case ignored). A name
that matches nothing or several organizations answers 400 with the closest
candidates, in the page (as links) and in the JSON (``error.candidates``).
"""

from __future__ import annotations

from flask import Blueprint, jsonify, render_template, request

from graph.analytics.names import resolve_avoid, resolve_organization
from graph.analytics.partners import (
    find_partners,
    match_query,
    partner_index,
    recommend_partners,
    why_no_recommendations,
)
from graph.analytics.paths import cooperation_paths
from graph.errors import BadRequest, PartnernetError
from graph.model import ROLES
from web.backend import get_backend
from web.pages import respond, wants_json

bp = Blueprint("planner", __name__)

#: Shared projects listed per hop of a path (the JSON says how many there are).
HOP_PROJECTS = 5


def _form_error(template: str, error: PartnernetError, form: dict):
    """The form again with what went wrong and, for names, the closest organizations."""
    candidates = [{"id": i, "name": n} for i, n in getattr(error, "candidates", [])]
    suggestions = list(getattr(error, "suggestions", []) or [])
    payload = {"status": 400, "message": str(error), "candidates": candidates, "suggestions": suggestions}
    if wants_json():
        return jsonify({"error": payload}), 400
    return render_template(template, form=form, error=payload, kinds=ROLES), 400


def _int(name: str, low: int, high: int, default: int | None) -> int | None:
    raw = request.args.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise BadRequest(f"{name} must be a whole number from {low} to {high}, not {raw!r}")
    return int(raw)


def _trimmed(path: dict, organizations: dict) -> dict:
    """A path with at most :data:`HOP_PROJECTS` projects per hop, funders by (short) name."""

    def funder(f: str) -> str:
        row = organizations.get(f) or {}
        return row.get("short_name") or row.get("name") or f

    hops = []
    for hop in path["hops"]:
        projects = [
            {**p, "funders": [funder(f) for f in p.get("funders") or []]} for p in hop["projects"][:HOP_PROJECTS]
        ]
        hops.append({**hop, "project_count": len(hop["projects"]), "projects": projects})
    return {**path, "hops": hops, "ids": [o["id"] for o in path["organizations"]]}


@bp.get("/paths.json")
@bp.get("/paths")
def paths():
    form = {k: request.args.get(k, "").strip() for k in ("from", "to", "k", "max_hops", "avoid")}
    form["via_role"] = request.args.getlist("via_role") + request.args.getlist("via_kind")  # via_kind: deprecated
    if not (form["from"] and form["to"]):
        if wants_json():
            raise BadRequest("give from and to: organization ids or names")
        return render_template("paths.html", form=form, result=None, error=None, kinds=ROLES)
    coop = get_backend().cooperation()
    k = _int("k", 1, 20, 5) or 5
    max_hops = _int("max_hops", 1, 20, None)
    try:
        source = resolve_organization(coop.snapshot, form["from"])
        target = resolve_organization(coop.snapshot, form["to"])
        avoid = resolve_avoid(coop.snapshot, form["avoid"].split(","))
        result = cooperation_paths(
            coop, source, target, k=k, max_hops=max_hops, avoid=avoid, via_roles=form["via_role"]
        )
    except PartnernetError as error:
        return _form_error("paths.html", error, form)
    data = result.to_dict()
    data["paths"] = [_trimmed(p, coop.snapshot.organizations) for p in data["paths"]]
    return respond("paths.html", data, result=data, form=form, error=None, kinds=ROLES)


@bp.get("/partners.json")
@bp.get("/partners")
def partners():
    form = {k: request.args.get(k, "").strip() for k in ("q", "country", "role", "kind", "funder", "from")}
    if not form["q"]:
        if wants_json():
            raise BadRequest("give q: expertise words in French or English")
        return render_template("partners.html", form=form, results=None, error=None, kinds=ROLES)
    coop = get_backend().cooperation()
    limit = _int("limit", 1, 200, 20) or 20
    try:
        origin = resolve_organization(coop.snapshot, form["from"]) if form["from"] else None
        index = partner_index(coop)
        found = find_partners(
            index,
            form["q"],
            country=form["country"] or None,
            role=form["role"] or None,
            kind=form["kind"] or None,
            funder=form["funder"] or None,
            origin=origin,
            limit=limit,
        )
        reading = match_query(index, form["q"]).to_dict()
    except PartnernetError as error:
        return _form_error("partners.html", error, form)
    data = {
        "query": form["q"],
        "filters": {k: v for k, v in form.items() if v and k != "q"},
        "reading": reading,
        "results": [m.to_dict() for m in found],
    }
    return respond("partners.html", data, form=form, error=None, kinds=ROLES)


@bp.get("/recommendations.json")
@bp.get("/recommendations")
def recommendations():
    form = {"org": request.args.get("org", "").strip()}
    if not form["org"]:
        if wants_json():
            raise BadRequest("give org: an organization id or name")
        return render_template("recommendations.html", form=form, results=None, error=None)
    coop = get_backend().cooperation()
    limit = _int("limit", 1, 200, 10) or 10
    try:
        org = resolve_organization(coop.snapshot, form["org"])
        found = recommend_partners(partner_index(coop), org, limit=limit)
    except PartnernetError as error:
        return _form_error("recommendations.html", error, form)
    data = {
        "organization": {"id": org, "name": coop.snapshot.organizations[org]["name"]},
        "results": [r.to_dict() for r in found],
        "why_none": None if found else why_no_recommendations(coop, org),
    }
    return respond("recommendations.html", data, form=form, error=None)
