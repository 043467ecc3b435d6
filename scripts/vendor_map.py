"""Rebuild web/static/vendor/countries.geojson from Natural Earth's country shapes.

The shapes come from the npm package ``world-atlas`` 2.0.2 (Natural Earth 1:50m
admin-0 countries, public domain; the package's TopoJSON is ISC), the ISO 3166-1
alpha-2 codes from ``pycountry`` (the shapes carry numeric codes). Run once when
upgrading either; the app never downloads anything::

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    pip install pycountry
    python scripts/vendor_map.py package/countries-50m.json web/static/vendor/countries.geojson

Each feature gets ``code`` (alpha-2), ``name`` and ``lat``/``lon``: the centroid of
its largest polygon, where a country's organizations are drawn when the data has
no coordinates for them.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import pycountry

#: Shapes whose numeric code is missing or not in ISO 3166-1.
BY_NAME = {"Kosovo": "XK", "N. Cyprus": None, "Somaliland": None}
#: Label points where the largest polygon's centroid is wrong (Russia's crosses the antimeridian).
LABELS = {"RU": (61.0, 99.0)}


def decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """The topology's arcs as lists of (lon, lat), undoing quantization and delta coding."""
    (kx, ky), (dx, dy) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for px, py in arc:
            x += px
            y += py
            points.append((round(x * kx + dx, 2), round(y * ky + dy, 2)))
        arcs.append(points)
    return arcs


def ring(arcs: list[list[tuple[float, float]]], indexes: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def unwrapped(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """A ring that crosses the antimeridian made continuous (longitudes past 180 rather than a jump to -180),
    so that the map does not draw a line across the whole world."""
    out = [points[0]]
    for x, y in points[1:]:
        last = out[-1][0]
        while x - last > 180:
            x -= 360
        while last - x > 180:
            x += 360
        out.append((x, y))
    xs = [x for x, _ in out]
    return out if max(xs) - min(xs) < 359 else points  # Antarctica goes round the pole: left as it is


def area_centroid(points: list[tuple[float, float]]) -> tuple[float, float, float]:
    """Planar signed area and centroid of a closed ring (lon/lat degrees: fine for a label point)."""
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if a == 0:
        return 0.0, points[0][0], points[0][1]
    return abs(a / 2), cx / (3 * a), cy / (3 * a)


def main(source: str, target: str) -> None:
    topology = json.load(open(source, encoding="utf-8"))
    arcs = decode_arcs(topology)
    features = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        name = geometry["properties"]["name"]
        if name in BY_NAME:
            code = BY_NAME[name]
        else:
            country = pycountry.countries.get(numeric=geometry.get("id", "")) if geometry.get("id") else None
            code = country.alpha_2 if country else None
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        shapes = [[unwrapped(ring(arcs, r)) for r in polygon] for polygon in polygons]
        _, lon, lat = max(area_centroid(polygon[0]) for polygon in shapes)
        lat, lon = LABELS.get(code or "", (lat, lon))
        features.append(
            {
                "type": "Feature",
                "properties": {"code": code, "name": name, "lat": round(lat, 2), "lon": round(lon, 2)},
                "geometry": {"type": "MultiPolygon", "coordinates": shapes},
            }
        )
    with open(target, "w", encoding="utf-8") as out:
        json.dump({"type": "FeatureCollection", "features": features}, out, separators=(",", ":"))
    missing = sorted(f["properties"]["name"] for f in features if not f["properties"]["code"])
    print(f"{len(features)} countries written to {target}; without an ISO code: {', '.join(missing)}")


if __name__ == "__main__":
    main(*sys.argv[1:])
