"""A drawn view as files: GEXF, GraphML, CSV (nodes and ties), SVG; any table as CSV.

Pure functions, no Flask and no store: the web app (``/network/export/<format>``,
``?format=csv`` on the tables' pages) and the command line (``partnernet export``)
give them the view they built and the drawing of it (vis-network's nodes, as
:func:`web.drawing.vis_data` makes them), and get bytes back.

:func:`drawn_graph` is the one graph every network format is written from, so that
they all hold the same nodes, ties and attributes:

- a node: ``label`` (its name as drawn), ``name``, ``short_name``, ``role`` (the one
  that colours it), ``roles`` (all of them, ``;``-separated), ``country``, ``hub``
  (its excellence hub's number; absent when in none), ``strength``, ``x``, ``y``
  (where the page draws it, in its pixels; ``y`` points up, as in Gephi and
  matplotlib: the page's ``y``, which points down, negated), ``size`` (its radius in
  the page's pixels), ``colour`` (``#rrggbb``, as drawn), ``highlighted``, ``on_path``;
- a tie: ``weight`` (its strength: the joint activities behind it), ``projects``,
  ``agreements``, ``funded``, ``membership`` (the strength's parts), ``on_path``.

GEXF 1.3 also carries the drawing in its ``viz`` elements (position, colour, size),
which Gephi draws as it is. Text written to CSV goes through
:func:`graph.text.spreadsheet_safe` (names are user data: a name starting with ``=``
is not run by a spreadsheet).
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from html import escape
from typing import Any

import networkx as nx

from graph.text import spreadsheet_safe

__all__ = [
    "NODE_COLUMNS",
    "TIE_COLUMNS",
    "csv_text",
    "drawn_graph",
    "gexf_bytes",
    "graphml_bytes",
    "nodes_and_ties_zip",
    "svg_text",
]

#: The columns of ``nodes.csv``, in order.
NODE_COLUMNS = (
    "id",
    "label",
    "name",
    "short_name",
    "role",
    "roles",
    "country",
    "hub",
    "strength",
    "x",
    "y",
    "size",
    "colour",
    "highlighted",
    "on_path",
)
#: The columns of ``ties.csv``, in order.
TIE_COLUMNS = ("source", "target", "weight", "projects", "agreements", "funded", "membership", "on_path")
#: The parts of a tie's strength, as the view's graph holds them.
TIE_PARTS = ("projects", "agreements", "funded", "membership")


def drawn_graph(G: nx.Graph, nodes: Iterable[Mapping[str, Any]], hub_of: Mapping[str, int]) -> nx.Graph:
    """The view ``G`` with what the page draws of it as attributes (see the module docstring).

    Parameters
    ----------
    G : networkx.Graph
        The view's graph (:attr:`graph.analytics.subgraph.Subgraph.G`).
    nodes : iterable of mappings
        vis-network's nodes of its drawing (``id``, ``label``, ``name``, ``x``, ``y``,
        ``size``, ``color``): where and how each node is drawn.
    hub_of : mapping
        Organization id -> its excellence hub's number.

    Returns
    -------
    networkx.Graph
        The same nodes and ties, attributes of plain types only (text, numbers,
        booleans): GraphML and GEXF hold them as they are. Nodes and ties come in
        ``G``'s order.

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_node("a", name="A", short_name=None, role="centre", roles=["centre"], country="FR", strength=2)
    >>> G.add_node("b", name="=B", short_name="B", role="partner", roles=["partner"], country=None, strength=2)
    >>> G.add_edge("a", "b", strength=2, projects=2, agreements=0, funded=0, membership=0)
    >>> drawn = [{"id": "a", "label": "A", "x": 10.0, "y": 5.0, "size": 40.0, "color": {"background": "#c0392b"}},
    ...          {"id": "b", "label": "B", "x": 0.0, "y": 0.0, "size": 8.0, "color": {"background": "#27ae60"}}]
    >>> D = drawn_graph(G, drawn, {"a": 1})
    >>> D.nodes["a"]["y"], D.nodes["a"]["hub"], "hub" in D.nodes["b"], "country" in D.nodes["b"]
    (-5.0, 1, False, False)
    >>> D.edges["a", "b"]["weight"]
    2
    """
    drawing = {n["id"]: n for n in nodes}
    out = nx.Graph()
    for o, a in G.nodes(data=True):
        d = drawing[o]
        attrs: dict[str, Any] = {
            "label": d.get("label") or a.get("name") or o,
            "name": a.get("name") or o,
            "short_name": a.get("short_name"),
            "role": a.get("role"),
            "roles": ";".join(a.get("roles") or ()),
            "country": a.get("country"),
            "hub": hub_of.get(o),
            "strength": int(a.get("strength", 0)),
            "x": float(d.get("x", 0.0)),
            "y": -float(d.get("y", 0.0)) + 0.0,  # + 0.0: no -0.0
            "size": float(d.get("size", 8.0)),
            "colour": (d.get("color") or {}).get("background", ""),
            "highlighted": bool(a.get("highlighted")),
            "on_path": bool(a.get("on_path")),
        }
        out.add_node(o, **{k: v for k, v in attrs.items() if v is not None})
    for u, v, a in G.edges(data=True):
        parts = {k: int(a.get(k, 0)) for k in TIE_PARTS}
        out.add_edge(u, v, weight=int(a.get("strength", 0)), **parts, on_path=bool(a.get("on_path")))
    return out


def _rgb(colour: str) -> dict[str, int]:
    """``#rrggbb`` as GEXF's ``viz:color`` (grey for anything else)."""
    if len(colour) == 7 and colour.startswith("#"):
        try:
            return {"r": int(colour[1:3], 16), "g": int(colour[3:5], 16), "b": int(colour[5:7], 16)}
        except ValueError:
            pass
    return {"r": 128, "g": 128, "b": 128}


def gexf_bytes(D: nx.Graph) -> bytes:
    """``D`` (a :func:`drawn_graph`) as GEXF 1.3, the drawing also in ``viz`` position, colour and size."""
    G = D.copy()
    for _, a in G.nodes(data=True):
        a["viz"] = {
            "position": {"x": a["x"], "y": a["y"], "z": 0.0},
            "color": {**_rgb(a["colour"]), "a": 1.0},
            "size": a["size"],
        }
    buffer = io.BytesIO()
    nx.write_gexf(G, buffer, version="1.3")
    return buffer.getvalue()


def graphml_bytes(D: nx.Graph) -> bytes:
    """``D`` (a :func:`drawn_graph`) as GraphML; every attribute a ``<key>`` of its type."""
    buffer = io.BytesIO()
    nx.write_graphml(D, buffer, named_key_ids=True)
    return buffer.getvalue()


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return value
    return spreadsheet_safe(str(value))


def csv_text(columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> str:
    """``rows`` as CSV under a header of ``columns``: text made spreadsheet-safe, booleans ``true``/``false``.

    >>> print(csv_text(["name", "n", "ok"], [{"name": "=1+1", "n": 3, "ok": True}]), end="")
    name,n,ok
    '=1+1,3,true
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return buffer.getvalue()


def nodes_and_ties_zip(D: nx.Graph) -> bytes:
    """A ZIP archive of ``nodes.csv`` (:data:`NODE_COLUMNS`) and ``ties.csv`` (:data:`TIE_COLUMNS`), UTF-8."""
    nodes = ({"id": o, **a} for o, a in D.nodes(data=True))
    ties = ({"source": u, "target": v, **a} for u, v, a in D.edges(data=True))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("nodes.csv", csv_text(NODE_COLUMNS, nodes))
        archive.writestr("ties.csv", csv_text(TIE_COLUMNS, ties))
    return buffer.getvalue()


def svg_text(D: nx.Graph, title: str = "") -> str:
    """``D`` (a :func:`drawn_graph`) drawn as SVG: ties as lines (width by weight), nodes as discs, labels.

    Every name is escaped (it is text in the picture, never markup).
    """
    if not D:
        return '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"></svg>\n'
    pad = 20 + max(a["size"] for _, a in D.nodes(data=True))
    xs = [a["x"] for _, a in D.nodes(data=True)]
    ys = [-a["y"] for _, a in D.nodes(data=True)]  # SVG's y points down, as the page's
    left, top = min(xs) - pad, min(ys) - pad
    width, height = max(xs) - min(xs) + 2 * pad, max(ys) - min(ys) + 2 * pad
    top_weight = max((a["weight"] for *_, a in D.edges(data=True)), default=1) or 1
    lines = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{left:.1f} {top:.1f} {width:.1f} {height:.1f}" '
        f'width="{width:.0f}" height="{height:.0f}" font-family="sans-serif">',
        f"<title>{escape(title)}</title>",
        '<g stroke="#b3b6b7" stroke-linecap="round">',
    ]
    for u, v, a in D.edges(data=True):
        colour = ' stroke="#8e44ad"' if a.get("on_path") else ""
        stroke = 5 if a.get("on_path") else 1 + 7 * a["weight"] / top_weight
        pu, pv = D.nodes[u], D.nodes[v]
        lines.append(
            f'<line x1="{pu["x"]}" y1="{-pu["y"]}" x2="{pv["x"]}" y2="{-pv["y"]}" stroke-width="{stroke:.1f}"{colour}/>'
        )
    lines.append("</g>")
    for _, a in D.nodes(data=True):
        lines.append(
            f'<circle cx="{a["x"]}" cy="{-a["y"]}" r="{a["size"]}" fill="{escape(a["colour"])}">'
            f"<title>{escape(a['name'])}</title></circle>"
        )
    for _, a in D.nodes(data=True):
        lines.append(
            f'<text x="{a["x"]}" y="{-a["y"] + a["size"] + 14:.1f}" font-size="14" text-anchor="middle">'
            f"{escape(a['label'])}</text>"
        )
    lines.append("</svg>")
    return "\n".join(lines) + "\n"
