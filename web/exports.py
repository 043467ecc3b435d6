"""Exports of the network view: ``/network/export/<format>`` with the page's own query string.

The view exported is the one the network page draws for the same URL parameters
(:func:`web.explorer.view_and_drawing`: the same filters, cap, positions and
colours), written by :mod:`graph.analytics.export`. ``partnernet export`` calls
:func:`network_export` in a request made of its options, so the command line and
the page cannot build two different views.

Formats (:data:`FORMATS`): ``gexf`` (GEXF 1.3, with the drawing in ``viz``),
``graphml``, ``csv`` (a ZIP of ``nodes.csv`` and ``ties.csv``), ``svg`` (the
drawing) and ``html``: one self-contained file that draws the view with no server
and no network (vis-network's JavaScript and CSS inlined, the view's data in the
file, filters by role and country and a search box in a small inline script).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import networkx as nx
from flask import Blueprint, Response, render_template
from markupsafe import Markup

from graph.analytics import export
from graph.analytics.snapshot import Snapshot
from graph.errors import NotFound
from graph.model import ROLES
from graph.text import Message, fold
from web.drawing import COLOURS, HUB_PALETTE, VIS_DIR
from web.explorer import view_and_drawing
from web.i18n import ROLE_NAMES, get_lang, localized
from web.state import get_state

__all__ = ["FORMATS", "Export", "bp", "network_export"]

bp = Blueprint("exports", __name__)

#: Format -> (file name ending, media type).
FORMATS = {
    "gexf": (".gexf", "application/gexf+xml"),
    "graphml": (".graphml", "application/graphml+xml"),
    "csv": ("-csv.zip", "application/zip"),
    "svg": (".svg", "image/svg+xml"),
    "html": (".html", "text/html; charset=utf-8"),
}
#: The offline snapshot's own script and style, inlined beside vis-network's.
STATIC = Path(__file__).parent / "static"


@dataclass(frozen=True)
class Export:
    """A file: its bytes, the name to save it under and its media type."""

    content: bytes
    filename: str
    mimetype: str


def _hub_of(snapshot: Snapshot) -> dict[str, int]:
    """Organization -> its hub's number (cached per graph version, as the network page keeps it)."""
    state = get_state()
    return state.cached(("hub of", snapshot.version), lambda: {o: h.id for h in state.hubs() for o in h.members})


def network_export(fmt: str) -> Export:
    """The view of this request's URL parameters (as ``/network`` reads them) in format ``fmt``."""
    if fmt not in FORMATS:
        raise NotFound(
            Message("unknown format %(format)r: use one of %(formats)s", format=fmt, formats=", ".join(FORMATS))
        )
    snapshot = get_state().snapshot()
    view, data, text = view_and_drawing(snapshot)
    D = export.drawn_graph(view.G, data["nodes"], _hub_of(snapshot))
    if fmt == "gexf":
        content = export.gexf_bytes(D)
    elif fmt == "graphml":
        content = export.graphml_bytes(D)
    elif fmt == "csv":
        content = export.nodes_and_ties_zip(D)
    elif fmt == "svg":
        content = export.svg_text(D, "partnernet").encode("utf-8")
    else:
        content = _offline_page(snapshot, D, text).encode("utf-8")
    ending, mimetype = FORMATS[fmt]
    return Export(content, f"partnernet-network{ending}", mimetype)


@bp.get("/network/export/<fmt>")
def network_file(fmt: str) -> Response:
    """The network view of the query string as a file to save (see :data:`FORMATS`)."""
    found = network_export(fmt)
    response = Response(found.content, mimetype=found.mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{found.filename}"'
    return response


@functools.lru_cache(maxsize=4)
def _inlined(path: Path) -> Markup:
    """A file's text to put inside a ``<script>`` or ``<style>`` element (a ``</`` there cannot close it)."""
    return Markup(re.sub(r"</(script|style)", r"<\\/\1", path.read_text(encoding="utf-8"), flags=re.IGNORECASE))


def _offline_page(snapshot: Snapshot, D: nx.Graph, drawing: str) -> str:
    """The self-contained HTML snapshot of the view: no request to any server, from any place."""
    lang = get_lang()
    codes = sorted({a["country"] for _, a in D.nodes(data=True) if a.get("country")})
    countries = [{"code": c, "name": localized(snapshot.countries.get(c) or {}, lang=lang) or c} for c in codes]
    extra: dict[str, Any] = {
        "roles": [{"id": r, "name": str(ROLE_NAMES[r]), "colour": COLOURS[r]} for r in ROLES],
        "countries": sorted(countries, key=lambda c: fold(c["name"])),
        "palette": list(HUB_PALETTE),
        "lang": lang,
    }
    return render_template(
        "offline.html",
        drawing=Markup(drawing),
        extra=extra,
        shown=D.number_of_nodes(),
        ties=D.number_of_edges(),
        version=snapshot.version,
        made=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        vis_js=_inlined(VIS_DIR / "vis-network.min.js"),
        vis_css=_inlined(VIS_DIR / "vis-network.css"),
        own_js=_inlined(STATIC / "offline.js"),
        own_css=_inlined(STATIC / "offline.css"),
    )
