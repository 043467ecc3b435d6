"""pyvis turns a view's networkx graph into vis-network nodes, edges and options.

Only the data is taken from pyvis (``Network.get_network_data``): its HTML
template loads files from CDNs, so the page is our own template and the
vis-network files are served from the installed pyvis package
(:data:`VIS_DIR`).

Tooltips (``title``) are plain strings: vis-network 9 shows a string title as
text, never as HTML, and the browser tests check it with a node named
``<img src=x onerror=alert(1)>``.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pyvis
from pyvis.edge import Edge
from pyvis.network import Network
from scipy.spatial import cKDTree

__all__ = ["COLOURS", "HIGHLIGHT", "HUB_PALETTE", "NO_HUB", "PATH_COLOUR", "VIS_DIR", "vis_data"]

VIS_DIR = Path(pyvis.__file__).resolve().parent / "lib" / "vis-9.1.2"

#: Colour of each role (the legend lists them in this order).
COLOURS = {
    "centre": "#c0392b",
    "partner": "#27ae60",
    "company": "#2471a3",
    "funder": "#d68910",
}
#: Colours of hubs 1, 2, 3... (``?color=hub``), then grey for the rest.
HUB_PALETTE = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#bcbd22",
    "#17becf",
    "#393b79",
    "#637939",
    "#8c6d31",
)
NO_HUB = "#cccccc"
HIGHLIGHT = "#111111"
PATH_COLOUR = "#8e44ad"


def _label(attrs: dict[str, Any], name: str) -> str:
    label = attrs.get("short_name") or name
    return label if len(label) <= 32 else label[:31] + "…"


def _size(strength: int, top: int) -> float:
    """8 to 40 pixels, by the square root of the node's strength relative to the strongest."""
    return round(8 + 32 * math.sqrt(strength / top), 1) if top else 8


def _spread(G: nx.Graph, top: int, fit: bool = False) -> float:
    """How much to stretch the positions so that nodes rarely cover each other.

    The layout's scale is arbitrary and vis-network fits the view anyway, so
    stretching only changes the nodes' size relative to their spacing: the
    median distance to the nearest node becomes at least three median sizes.
    With ``fit``, positions may also be drawn closer (a view of a few
    organizations of a large map would show them as dots): the median
    distance becomes three median sizes, or more (up to six) where it takes
    that for nine nodes in ten not to touch their nearest neighbour.
    """
    nodes = [(a["x"], a["y"], _size(a.get("strength", 0), top)) for _, a in G.nodes(data=True) if "x" in a]
    if len(nodes) < 3:
        return 1.0
    xy, sizes = np.array([n[:2] for n in nodes], dtype=float), np.array([n[2] for n in nodes])
    distance, nearest = cKDTree(xy).query(xy, k=2)
    gap = float(np.median(distance[:, 1]))
    if gap <= 0:
        return 1.0
    usual = 3 * float(np.median(sizes)) / gap
    if not fit:
        return max(1.0, usual)
    touching = 1.2 * (sizes + sizes[nearest[:, 1]]) / np.maximum(distance[:, 1], 1e-9)
    return max(usual, min(float(np.quantile(touching, 0.9)), 2 * usual))


def vis_data(
    G: nx.Graph,
    lang: str,
    labels: dict[str, str],
    hubs_of: dict[str, int] | None = None,
    *,
    areas: dict[int, tuple[float, float, float]] | None = None,
    fit: bool = False,
    spread: float | None = None,
) -> dict[str, Any]:
    """``{"nodes": [...], "edges": [...], "options": {...}}`` for vis-network, and ``areas`` when given.

    ``G`` is a view's graph (nodes with ``x``/``y``); ``labels`` translates the
    kinds (``role.centre`` ...) and ``strength`` for the tooltips. With
    ``hubs_of`` (organization -> hub number), nodes are coloured by hub.
    ``areas`` (hub number -> ``(x, y, r)`` in the positions' units, e.g.
    :attr:`graph.analytics.subgraph.Subgraph.regions`) are sent as
    ``[{"hub", "x", "y", "r"}]`` in the drawing's units: the disc of each hub's
    place that holds its members drawn. ``fit``: see :func:`_spread`. ``spread`` stretches the positions by
    that factor instead (the year control asks for the first drawing's, so that nodes stay where they were);
    the drawing says which it used (``spread``).
    """
    net = Network(directed=False)
    net.toggle_physics(False)
    top = max((a.get("strength", 0) for _, a in G.nodes(data=True)), default=0)
    spread = _spread(G, top, fit) if spread is None else spread
    for node, a in G.nodes(data=True):
        name = (a.get("name_fr") if lang == "fr" and a.get("name_fr") else a.get("name")) or node
        fill = COLOURS[a["role"]]
        if hubs_of is not None:
            number = hubs_of.get(node)
            fill = HUB_PALETTE[(number - 1) % len(HUB_PALETTE)] if number and number <= len(HUB_PALETTE) else NO_HUB
        border = HIGHLIGHT if a.get("highlighted") else (PATH_COLOUR if a.get("on_path") else fill)
        extra = {"x": round(a["x"] * spread, 1), "y": round(a["y"] * spread, 1)} if "x" in a else {}
        net.add_node(
            node,
            label=_label(a, name),
            title="\n".join(
                filter(
                    None,
                    (
                        name,
                        " · ".join(labels.get(f"role.{r}", r) for r in a.get("roles", [])),
                        a.get("country"),
                        f"{labels.get('strength', 'strength')}: {a.get('strength', 0)}",
                    ),
                )
            ),
            color={"background": fill, "border": border},
            borderWidth=4 if a.get("highlighted") or a.get("on_path") else 1,
            size=_size(a.get("strength", 0), top),
            name=name,
            role=a["role"],
            hub=hubs_of.get(node) if hubs_of is not None else None,
            country=a.get("country"),
            strength=a.get("strength", 0),
            **extra,
        )
    for u, v, a in G.edges(data=True):
        on_path = a.get("on_path", False)
        details = ", ".join(f"{k} {a[k]}" for k in ("projects", "agreements", "funded", "membership") if a.get(k))
        # Network.add_edge looks for a duplicate among all edges (quadratic); a networkx
        # Graph has none, so its Edge options are appended directly.
        net.edges.append(
            Edge(
                u,
                v,
                False,
                id=f"{u}|{v}",
                value=a.get("strength", 1),
                title=f"{labels.get('strength', 'strength')}: {a.get('strength', 0)}"
                + (f" ({details})" if details else ""),
                color=PATH_COLOUR if on_path else "#b3b6b7",
                width=5 if on_path else 1,
                dashes=a.get("strength", 1) == 0,
            ).options
        )
    nodes, edges, _, _, _, options = net.get_network_data()
    opts = json.loads(options)
    opts["edges"]["smooth"] = False
    opts["edges"]["scaling"] = {"min": 1, "max": 8}
    opts["edges"]["color"] = {"inherit": False}
    opts["nodes"] = {"font": {"size": 14}, "scaling": {"label": {"drawThreshold": 6}}}
    opts["interaction"].update({"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": True})
    opts["layout"] = {"improvedLayout": False, "randomSeed": 0}
    drawing = {"nodes": nodes, "edges": edges, "options": opts, "spread": spread}
    if areas is not None:
        drawing["areas"] = [
            {"hub": h, "x": round(x * spread, 1), "y": round(y * spread, 1), "r": round(r * spread, 1)}
            for h, (x, y, r) in sorted(areas.items())
        ]
    return drawing
