"""Charts for strategists: a hub's and an organization's years (projects, funding, partners by country), their
data as CSV and JSON, and what changed between two periods (``/changes``).

The series are :mod:`graph.analytics.timeline`'s, the changes
:mod:`graph.analytics.changes`'s, both kept per graph version; the charts are
drawn here as SVG (:mod:`web.svg`) in the page's language. The hub and
organization pages show them (:func:`hub_charts`, :func:`organization_charts`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import numpy as np
import scipy.sparse as sp
from babel.numbers import format_compact_decimal
from flask import Blueprint, Response, g, jsonify, url_for
from flask_babel import get_locale
from markupsafe import Markup

from graph.analytics.analysis import Analysis
from graph.analytics.changes import GROWTH, MIN_GAIN, ChangeIndex, default_periods
from graph.analytics.hubs import Hub
from graph.analytics.timeline import Series, Timeline
from graph.errors import BadRequest
from graph.text import Message, spreadsheet_safe
from web import args
from web.i18n import get_lang, gettext, localized, number
from web.lookups import get_hub, get_organization
from web.responses import Page, html_and_json
from web.state import get_state
from web.svg import Bars, Dot, Line, picture, ranked_bars, year_chart

__all__ = [
    "COUNTRIES_SHOWN",
    "PICTURE_MEMBERS",
    "PICTURE_TIES",
    "bp",
    "change_index",
    "current_analysis",
    "hub_charts",
    "hub_picture",
    "organization_charts",
    "timeline",
]

bp = Blueprint("charts", __name__)

#: Countries drawn in the partners chart (the others are summed in one bar; the data files list them all).
COUNTRIES_SHOWN = 12


def current_analysis() -> Analysis:
    """The analysis of the current graph version, asked for once per request (each asking reads the graph's version)."""
    if "partnernet_analysis" not in g:
        g.partnernet_analysis = get_state().analysis()
    return g.partnernet_analysis


def timeline() -> Timeline:
    """The :class:`Timeline` of the current graph version (built once per version: the fundings' amounts are read)."""
    state = get_state()
    snapshot = current_analysis().snapshot
    return state.cached(
        ("timeline", snapshot.version), lambda: Timeline(snapshot, state.store.read("timeline_fundings"))
    )


def change_index() -> ChangeIndex:
    """The :class:`ChangeIndex` of the current graph version (built once per version)."""
    snapshot = current_analysis().snapshot
    return get_state().cached(("changes", snapshot.version), lambda: ChangeIndex(snapshot))


def _money_axis(value: float) -> str:
    return format_compact_decimal(value, locale=get_locale(), fraction_digits=1) + " €"


def _country_names(series: Series) -> dict[str, str]:
    """The name of each country of ``series``' partners, in the page's language (its code where the graph has none)."""
    countries, lang = current_analysis().snapshot.countries, get_lang()
    return {
        c: (localized(countries.get(c), lang=lang) or c) if c else gettext("no country") for c, _n in series.countries
    }


def _country_rows(series: Series) -> list[tuple[str, float]]:
    names = _country_names(series)
    rows: list[tuple[str, float]] = [(names[c], n) for c, n in series.countries[:COUNTRIES_SHOWN]]
    rest = series.countries[COUNTRIES_SHOWN:]
    if rest:
        rows.append((gettext("%(count)s other countries", count=number(len(rest))), sum(n for _c, n in rest)))
    return rows


def _hover(year: int | None, label: str, value: str) -> str:
    """A bar's or point's hover title, in the page's language."""
    if year is None:
        return gettext("%(series)s: %(value)s", series=label, value=value)
    return gettext("%(year)s · %(series)s: %(value)s", year=str(year), series=label, value=value)


def charts(series: Series, prefix: str) -> list[dict[str, Any]]:
    """The three charts of ``series`` (SVG in the page's language), each with its id, title and caption."""
    out = []
    if series.years:
        title = gettext("Projects per year")
        caption = gettext(
            "Bars: projects started each year; line: projects running each year. %(projects)s projects.",
            projects=number(series.projects),
        )
        if series.undated:
            caption += " " + gettext("%(undated)s without a year are not drawn.", undated=number(series.undated))
        started, running = Bars(gettext("Started"), series.started), Line(gettext("Running"), series.running)
        svg = year_chart(
            f"{prefix}-projects",
            title,
            caption,
            series.years,
            [started],
            running,
            axis=number,
            value=number,
            hover=_hover,
        )
        out.append({"id": f"{prefix}-projects", "title": title, "caption": caption, "svg": svg})
    if any(series.eu) or any(series.other):
        title = gettext("Funding of the projects per year")
        caption = gettext(
            "Whole funding of each project, once, in the year of the funding (else of the project's start), in euros:"
            " the European Union (solid) and the other funders (hatched)."
        )
        bars = [Bars(gettext("European Union"), series.eu), Bars(gettext("Other funders"), series.other, "hatched")]
        svg = year_chart(
            f"{prefix}-funding",
            title,
            caption,
            series.years,
            bars,
            axis=_money_axis,
            value=lambda v: number(v) + " €",
            hover=_hover,
        )
        out.append({"id": f"{prefix}-funding", "title": title, "caption": caption, "svg": svg})
    if series.countries:
        title = gettext("Project partners by country")
        caption = gettext(
            "%(partners)s organizations took part in these projects; the countries with the most of them.",
            partners=number(series.partners),
        )
        svg = ranked_bars(f"{prefix}-countries", title, caption, _country_rows(series), value=number, hover=_hover)
        out.append({"id": f"{prefix}-countries", "title": title, "caption": caption, "svg": svg})
    return out


def hub_charts(hub: Hub) -> dict[str, Any]:
    """What a hub's page shows of its years: the charts and the links to their data."""
    series = timeline().series(hub.members)
    files = {
        kind: url_for(f"charts.hub_{kind}", hub_id=hub.id)
        for kind in ("timeline_json", "timeline_csv", "countries_csv")
    }
    return {"charts": charts(series, f"hub-{hub.id}"), "chart_files": files, "picture": hub_picture(hub)}


def organization_charts(org_id: str) -> dict[str, Any]:
    """What an organization's page shows of its years: the charts and the links to their data."""
    series = timeline().series([org_id])
    files = {
        kind: url_for(f"charts.organization_{kind}", org_id=org_id)
        for kind in ("timeline_json", "timeline_csv", "countries_csv")
    }
    return {"charts": charts(series, "organization"), "chart_files": files}


def _json(series: Series, about: dict[str, Any]) -> Response:
    data, names = series.to_dict(), _country_names(series)
    for row in data["countries"]:
        row["name"] = names[row["country"]]
    return jsonify({**about, "version": current_analysis().version, **data})


def _csv(rows: list[dict[str, Any]], name: str) -> Response:
    out = io.StringIO()
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: spreadsheet_safe(v) for k, v in row.items()} for row in rows)
    response = Response(out.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _country_table(series: Series) -> list[dict[str, Any]]:
    names = _country_names(series)
    return [{"country": c, "name": names[c], "partners": n} for c, n in series.countries]


def _register(kind: str, rule: str, series_of: Callable[..., tuple[Series, dict[str, Any], str]]) -> None:
    """The data files of a kind of page (``hub``, ``organization``): the JSON, the years' CSV, the countries'."""

    def timeline_json(**values: Any) -> Response:
        series, about, _name = series_of(**values)
        return _json(series, about)

    def timeline_csv(**values: Any) -> Response:
        series, _about, name = series_of(**values)
        return _csv(series.rows(), f"{name}-timeline.csv")

    def countries_csv(**values: Any) -> Response:
        series, _about, name = series_of(**values)
        return _csv(_country_table(series), f"{name}-partner-countries.csv")

    bp.add_url_rule(f"{rule}/timeline.json", f"{kind}_timeline_json", timeline_json, methods=["GET"])
    bp.add_url_rule(f"{rule}/timeline.csv", f"{kind}_timeline_csv", timeline_csv, methods=["GET"])
    bp.add_url_rule(f"{rule}/partner-countries.csv", f"{kind}_countries_csv", countries_csv, methods=["GET"])


def _hub_series(hub_id: int) -> tuple[Series, dict[str, Any], str]:
    hub = get_hub(hub_id)
    return timeline().series(hub.members), {"hub": hub.id, "name": hub.name, "members": hub.size}, f"hub-{hub.id}"


def _organization_series(org_id: str) -> tuple[Series, dict[str, Any], str]:
    org = get_organization(org_id, current_analysis().snapshot)
    return timeline().series([org["id"]]), {"organization": org["id"], "name": org["name"]}, "organization"


_register("hub", "/hubs/<int:hub_id>", _hub_series)
_register("organization", "/organizations/<org_id>", _organization_series)


def _period(name: str, default: tuple[int, int]) -> tuple[int, int]:
    """``?name=2014-2017`` (or one year, ``2016``) as (first, last) years; ``default`` when not given."""
    given = args.text(name, max_length=20).strip()
    if not given:
        return default
    parts = given.split("-")
    try:
        years = [int(p) for p in parts]
    except ValueError:
        years = []
    if len(years) not in (1, 2) or not all(1900 <= y <= 2200 for y in years) or years[0] > years[-1]:
        raise BadRequest(
            Message("%(name)s must be years like 2014-2017 (or one year), not %(value)r", name=name, value=given)
        )
    return years[0], years[-1]


def _named_change(row: dict[str, Any], organizations: dict[str, dict]) -> dict[str, Any]:
    """A tie or an organization of :meth:`ChangeIndex.changes` with the names (and countries) of its organizations."""
    ids = row["ids"] if "ids" in row else [row["id"]]
    named = [
        {
            "id": o,
            "name": organizations[o]["name"],
            "name_fr": organizations[o].get("name_fr"),
            "country": organizations[o].get("country"),
        }
        for o in ids
    ]
    return {**row, "organizations": named}


def _change_filters(ci: ChangeIndex) -> dict[str, Any]:
    """The network page's organization and activity filters that ``/changes`` reads too."""
    snapshot = ci.snapshot
    priorities = {row["priority"] for row in snapshot.countries.values() if row.get("priority")}
    return {
        "roles": args.roles("role", alias=None),
        "countries": args.countries(snapshot.countries),
        "priority": args.known("priority", priorities, Message("use a priority group of the graph")),
        "expertise": args.expertise(snapshot.expertise),
        "funder": args.known("funder", snapshot.organizations, Message("use the id of an organization")),
    }


@html_and_json(bp, "/changes")
def changes() -> Page:
    """Ties and organizations that appeared, grew or faded between two periods (``before``, ``after``)."""
    ci = change_index()
    first, last = ci.years() or (0, 0)
    default_before, default_after = default_periods(first, last)
    before, after = _period("before", default_before), _period("after", default_after)
    if after[0] <= before[1]:
        raise BadRequest(
            Message(
                "after (%(after)s) must start after the end of before (%(before)s)",
                after=f"{after[0]}-{after[1]}",
                before=f"{before[0]}-{before[1]}",
            )
        )
    limit = args.integer("limit", 1, 500, default=50)
    filters = _change_filters(ci)
    terms = ci.snapshot.narrower(filters["expertise"]) if filters["expertise"] else set()
    found = ci.changes(
        before,
        after,
        organizations=ci.organization_mask(filters["roles"], filters["countries"], filters["priority"]),
        activities=ci.activity_mask(filters["funder"], terms),
        limit=limit,
    )
    organizations = ci.snapshot.organizations
    for part in ("ties", "organizations"):
        for kind in found[part].values():
            kind["items"] = [_named_change(row, organizations) for row in kind["items"]]
    data = {
        "version": ci.snapshot.version,
        "years": {"first": first, "last": last},
        "rule": {"growth": GROWTH, "min_gain": MIN_GAIN},
        "filters": {k: list(v) if isinstance(v, tuple) else v for k, v in filters.items() if v},
        **found,
    }
    context = {"expertise": ci.snapshot.expertise, "countries": ci.snapshot.countries, "limit": limit}
    return Page("changes.html", data, context)


#: Members and ties drawn in a hub's small picture (the strongest ties; members in the order of their ties' weight).
PICTURE_MEMBERS, PICTURE_TIES = 400, 600


def hub_picture(hub: Hub) -> Markup | None:
    """A small picture of ``hub``: its members where the network map puts them, its strongest ties, its anchors
    numbered as the page lists them (None when the map lacks them)."""
    analysis = current_analysis()
    coop, places = analysis.cooperation, analysis.network_map()
    rows = np.array([coop.index[o] for o in hub.members if o in coop.index and o in places.index], np.int64)
    if len(rows) < 2:
        return None
    among = coop.W[rows][:, rows]
    inside = sp.triu(among, k=1).tocoo()
    strongest = np.argsort(-inside.data, kind="stable")[:PICTURE_TIES]
    anchors = {a["id"]: str(k + 1) for k, a in enumerate(hub.anchors)}
    weight = np.asarray(among.sum(axis=1)).ravel()
    keep = sorted(
        set(np.argsort(-weight, kind="stable")[:PICTURE_MEMBERS].tolist())
        | {k for k, r in enumerate(rows.tolist()) if coop.ids[r] in anchors}
    )
    where = {k: n for n, k in enumerate(keep)}
    organizations = coop.snapshot.organizations
    dots = []
    for k in keep:
        o = coop.ids[rows[k]]
        x, y = places.position(o) or (0.0, 0.0)
        dots.append(Dot(x, y, organizations[o]["name"], anchors.get(o, "")))
    lines = [
        (where[int(inside.row[e])], where[int(inside.col[e])])
        for e in strongest
        if int(inside.row[e]) in where and int(inside.col[e]) in where
    ]
    title = gettext("Hub %(n)s on the map of the network", n=hub.id)
    desc = gettext(
        "%(shown)s of its %(members)s members where the network page draws them, its strongest ties, its anchors"
        " numbered.",
        shown=number(len(dots)),
        members=number(hub.size),
    )
    return picture(f"hub-{hub.id}-picture", title, desc, dots, lines)
