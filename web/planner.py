"""For planners: cooperation paths, the partner finder and recommendations (HTML and JSON).

Organizations are named by id or by name (accents and case ignored). A name
that matches nothing or several organizations answers 400 with the closest
candidates, in the page (as links) and in the JSON (``error.candidates``):
each page is a form, shown again with what went wrong (:func:`web.errors.form_error`).
A page asked for nothing yet shows its empty form; as JSON it answers 400
saying what to give. Expertise words that match nothing are not a mistake:
the answer is 200, no result, ``message`` ("nothing matches 'blockchain'")
and the close expertise names, if any (``suggestions``).

The partner finder and recommendations read the same filters the same way
(``country``, ``role``; :func:`_filters`), and recommendations take the
finder's ``q`` (expertise words) as a filter too.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Blueprint

from graph.analytics.analysis import Analysis
from graph.analytics.cooperation import Cooperation
from graph.analytics.finder import WEIGHTS, find_partners, match_query, nothing_matches
from graph.analytics.names import resolve_avoid, resolve_organization
from graph.analytics.paths import cooperation_paths
from graph.analytics.recommend import RECOMMEND_MODEL, recommend_partners, why_no_recommendations
from graph.analytics.snapshot import Snapshot
from graph.errors import NoMatchingExpertise, PartnernetError
from graph.text import Message
from web import args
from web.errors import form_error
from web.i18n import get_lang
from web.responses import Page, html_and_json
from web.state import get_state

__all__ = ["HOP_PROJECTS", "bp"]

bp = Blueprint("planner", __name__)

#: Shared projects listed per hop of a path (the JSON says how many there are).
HOP_PROJECTS = 5


def _trimmed(path: dict[str, Any], organizations: dict[str, dict[str, Any]]) -> dict[str, Any]:
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


@contextmanager
def _field(
    name: str, errors: type[PartnernetError] | tuple[type[PartnernetError], ...] = PartnernetError
) -> Iterator[None]:
    """An error raised while reading the form field ``name`` names it: ``from: no organization matches 'x'``."""
    try:
        yield
    except errors as error:
        message = error.args[0] if error.args else str(error)
        error.args = (Message("%(field)s: %(message)s", field=name, message=message), *error.args[1:])
        raise


def _organization(snapshot: Snapshot, name: str, text: str) -> str:
    """The organization the form field ``name`` names (``text``: an id or a name)."""
    with _field(name):
        return resolve_organization(snapshot, text)


def _paths(coop: Cooperation, form: dict[str, Any], k: int, max_hops: int | None) -> dict[str, Any]:
    """The paths the form asks for, as the JSON gives them."""
    with _field("avoid"):
        avoid = resolve_avoid(coop.snapshot, args.listed("avoid"))
    result = cooperation_paths(
        coop,
        _organization(coop.snapshot, "from", form["from"]),
        _organization(coop.snapshot, "to", form["to"]),
        k=k,
        max_hops=max_hops,
        avoid=avoid,
        via_roles=args.roles("via_role", alias="via_kind"),  # via_kind: the old name of via_role, deprecated
    )
    data = result.to_dict()
    data["paths"] = [_trimmed(p, coop.snapshot.organizations) for p in data["paths"]]
    return data


@html_and_json(bp, "/paths")
def paths() -> Page:
    form: dict[str, Any] = {k: args.text(k) for k in ("from", "to", "k", "max_hops", "avoid")}
    form["via_role"] = [*args.listed("via_role"), *args.listed("via_kind")]  # the boxes to check again
    if not (form["from"] and form["to"]):
        return Page.form("paths.html", Message("give from and to: organization ids or names"), form=form, result=None)
    coop = get_state().cooperation()
    k, max_hops = args.integer("k", 1, 20, default=5), args.integer("max_hops", 1, 20)
    try:
        data = _paths(coop, form, k, max_hops)
    except PartnernetError as error:
        return form_error("paths.html", error, form=form, result=None)
    return Page("paths.html", data, {"result": data, "form": form})


def _filters(snapshot: Snapshot) -> dict[str, str | None]:
    """The filters the partner finder and recommendations share: ``country`` and ``role`` (case ignored)."""
    return {"country": args.country(snapshot.countries), "role": args.role("role", alias=None)}


def _nothing(query: str, error: NoMatchingExpertise) -> dict[str, Any]:
    """What a page answers when its expertise words match nothing: no result, a message, close names."""
    return {"results": [], "message": nothing_matches(query), "suggestions": error.suggestions}


def _partners(analysis: Analysis, form: dict[str, str], limit: int) -> dict[str, Any]:
    """The partners the form asks for, and how its words were read."""
    coop, index = analysis.cooperation, analysis.partner_index
    origin = _organization(coop.snapshot, "from", form["from"]) if form["from"] else None
    data: dict[str, Any] = {"query": form["q"], "filters": {k: v for k, v in form.items() if v and k != "q"}}
    try:
        found = find_partners(
            index,
            form["q"],
            **_filters(coop.snapshot),  # here kind= is the kind of institution, not the role
            kind=form["kind"] or None,
            funder=form["funder"] or None,
            origin=origin,
            limit=limit,
        )
    except NoMatchingExpertise as error:
        return {**data, "reading": None, **_nothing(form["q"], error)}
    reading = match_query(index, form["q"]).to_dict()
    return {**data, "reading": reading, "results": [m.to_dict() for m in found], "message": None, "suggestions": []}


@html_and_json(bp, "/partners")
def partners() -> Page:
    form = {k: args.text(k) for k in ("country", "role", "kind", "funder", "from")}
    form = {"q": args.words("q"), **form}
    if not form["q"]:
        return Page.form(
            "partners.html", Message("give q: expertise words in French or English"), form=form, results=None
        )
    analysis = get_state().analysis()
    limit = args.integer("limit", 1, 200, default=20)
    try:
        data = _partners(analysis, form, limit)
    except PartnernetError as error:
        return form_error("partners.html", error, form=form, results=None)
    return Page("partners.html", data, {"form": form, "weights": WEIGHTS})


def _recommendations(analysis: Analysis, form: dict[str, Any], limit: int) -> dict[str, Any]:
    coop = analysis.cooperation
    org = _organization(coop.snapshot, "org", form["org"])
    filters = _filters(coop.snapshot)
    data: dict[str, Any] = {
        "organization": {"id": org, "name": coop.snapshot.organizations[org]["name"]},
        "filters": {k: v for k, v in filters.items() if v} | ({"q": form["q"]} if form["q"] else {}),
        "sisters": form["sisters"],
    }
    try:
        found = recommend_partners(
            analysis.partner_index,
            org,
            limit=limit,
            expertise=form["q"] or None,
            sisters=form["sisters"],
            language=get_lang(),
            **filters,
        )
    except NoMatchingExpertise as error:
        return {**data, "why_none": None, **_nothing(form["q"], error)}
    why = None if found else why_no_recommendations(coop, org, sisters=form["sisters"], filtered=bool(data["filters"]))
    return {**data, "results": [r.to_dict() for r in found], "why_none": why, "message": None, "suggestions": []}


@html_and_json(bp, "/recommendations")
def recommendations() -> Page:
    form: dict[str, Any] = {k: args.text(k) for k in ("org", "country", "role")}
    form["q"] = args.words("q")
    form["sisters"] = args.choice("sisters", ("0", "1")) == "1"
    if not form["org"]:
        return Page.form(
            "recommendations.html", Message("give org: an organization id or name"), form=form, results=None
        )
    analysis = get_state().analysis()
    limit = args.integer("limit", 1, 200, default=10)
    try:
        data = _recommendations(analysis, form, limit)
    except PartnernetError as error:
        return form_error("recommendations.html", error, form=form, results=None)
    return Page("recommendations.html", data, {"form": form, "weights": RECOMMEND_MODEL})
