"""The tables of the hubs, paths, partners and recommendations pages as CSV (``?format=csv``).

Each page's table is made from the page's own data (its JSON), one row per hub,
per hop of a path, per partner found, per organization recommended; lists in a
cell are ``; ``-separated. Columns are the JSON's names (stable, not translated:
a spreadsheet or a script reads them). Text goes through
:func:`graph.text.spreadsheet_safe` (:func:`graph.analytics.export.csv_text`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from flask import Response, request

from graph.analytics.export import csv_text
from graph.errors import BadRequest
from graph.text import Message

__all__ = ["TABLES", "csv_answer"]

Rows = tuple[list[str], list[dict[str, Any]]]


def _names(items: Iterable[Mapping[str, Any]] | None, key: str = "name") -> str:
    return "; ".join(str(i.get(key) or i.get("id") or "") for i in items or ())


def _hubs(data: Mapping[str, Any]) -> Rows:
    rows = [
        {
            **{k: h[k] for k in ("id", "name", "name_fr", "score", "size", "cohesion", "density")},
            **{f"{k}_part": v for k, v in h["parts"].items()},
            "anchors": _names(h["anchors"]),
            "specialisation": "; ".join(f"{s['name']} x{s['lift']}" for s in h["specialisation"]),
            "funders": "; ".join(f"{f['name']} ({f['projects']})" for f in h["funders"]),
            "countries": "; ".join(f"{c['code']} ({c['members']})" for c in h["countries"]),
        }
        for h in data.get("hubs", ())
    ]
    return (list(rows[0]) if rows else ["id", "name"]), rows


def _paths(data: Mapping[str, Any]) -> Rows:
    columns = ["path", "cost", "hop", "from_id", "from_name", "to_id", "to_name", "kind", "weight"]
    columns += ["project_count", "projects", "agreements"]
    rows = [
        {
            "path": number,
            "cost": path["cost"],
            "hop": step,
            "from_id": hop["source"]["id"],
            "from_name": hop["source"]["name"],
            "to_id": hop["target"]["id"],
            "to_name": hop["target"]["name"],
            "kind": hop["kind"],
            "weight": hop["weight"],
            "project_count": hop.get("project_count"),
            "projects": _names(hop["projects"], "title"),
            "agreements": _names(hop["agreements"], "kind"),
        }
        for number, path in enumerate(data.get("paths", ()), start=1)
        for step, hop in enumerate(path["hops"], start=1)
    ]
    return columns, rows


def _ranked(data: Mapping[str, Any], scalars: tuple[str, ...], lists: tuple[str, ...]) -> Rows:
    """The partner finder's and the recommender's results: one row each, best first, score parts flattened."""
    results = data.get("results", ())
    parts = list(dict.fromkeys(k for r in results for k in r.get("parts", {})))
    base = ("id", "name", "short_name", "country", "role", "score")
    columns = ["rank", *base, *parts, *scalars, *lists, "text"]
    rows = [
        {
            "rank": rank,
            **{k: r.get(k) for k in (*base, *scalars, "text")},
            **r.get("parts", {}),
            **{k: _names(r.get(k)) for k in lists},
        }
        for rank, r in enumerate(results, start=1)
    ]
    return columns, rows


#: Endpoint -> its table, from the page's data.
TABLES: dict[str, Callable[[Mapping[str, Any]], Rows]] = {
    "hubs.hubs": _hubs,
    "planner.paths": _paths,
    "planner.partners": lambda data: _ranked(data, ("hops", "project_count"), ("terms",)),
    "planner.recommendations": lambda data: _ranked(data, (), ("partners", "topics", "funders", "shared_terms")),
}


def csv_answer(data: Mapping[str, Any]) -> Response:
    """The request's page table as a CSV file to save (400 for a page with no table)."""
    table = TABLES.get(request.endpoint or "")
    if table is None:
        raise BadRequest(Message("format=csv is for the hubs, paths, partners and recommendations tables"))
    columns, rows = table(data)
    response = Response(csv_text(columns, rows), mimetype="text/csv")
    name = (request.endpoint or "table").split(".")[-1]
    response.headers["Content-Disposition"] = f'attachment; filename="partnernet-{name}.csv"'
    return response
