"""Where the network is: organizations grouped by country and by city, and the ties between places.

The map page (``/map``) draws three levels, from far to near: countries,
places (a city, or a country's centre for organizations whose position is not
known) and organizations. An organization is at its own coordinates when the
data has them (``lat``/``lon``: CORDIS gives them for Horizon Europe, the demo
for the cities of its centres and partners), else at its country's centre
(``centres``, given by the caller: the map's country shapes carry them); an
organization with neither is counted in ``unplaced``.

The tie between two places is the number of joint activities (shared projects
and agreements, funded projects when funders are shown) between their
organizations, under the same filters as the network page: one sparse product
``Pᵀ T P`` with ``T`` the ties between organizations and ``P`` the
organization-to-place indicator matrix.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from graph.analytics.snapshot import Snapshot
from graph.analytics.subgraph import Filters, filtered_ties
from graph.model import primary_role

__all__ = ["Place", "Places", "network_places"]

#: Ties between places sent at each level, strongest first.
MAX_PLACE_TIES = 400


@dataclass
class Place:
    """Organizations drawn at one point: a country's or a city's."""

    key: str
    country: str | None
    city: str | None
    lat: float
    lon: float
    #: True when every organization here has its own coordinates (False: drawn at the country's centre).
    exact: bool
    organizations: int = 0
    roles: Counter[str] = field(default_factory=Counter)
    #: Joint activities between organizations of this place.
    inside: int = 0

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "country": self.country,
            "city": self.city,
            "lat": round(self.lat, 4),
            "lon": round(self.lon, 4),
            "exact": self.exact,
            "organizations": self.organizations,
            "roles": dict(sorted(self.roles.items())),
            "role": self.roles.most_common(1)[0][0] if self.roles else None,
            "inside": self.inside,
        }


@dataclass
class Places:
    """Countries and places of the organizations the filters keep, with the ties between them."""

    countries: list[Place]
    places: list[Place]
    #: ``(key a, key b, joint activities)``, strongest first, at most :data:`MAX_PLACE_TIES` each.
    country_ties: list[tuple[str, str, int]]
    place_ties: list[tuple[str, str, int]]
    #: Organizations the filters keep, and those of them with no position (no coordinates, no known country).
    organizations: int
    unplaced: int
    #: Each kept organization's place key (organizations with a position only).
    place_of: dict[str, str]


def _key(country: str | None, city: str | None) -> str:
    return f"{country or ''}|{city or ''}"


def network_places(
    snapshot: Snapshot,
    filters: Filters,
    coordinates: Mapping[str, tuple[float, float]],
    centres: Mapping[str, tuple[float, float]],
) -> Places:
    """The places of the organizations that ``filters`` keep (see the module's docstring).

    Examples
    --------
    >>> s = Snapshot(1, organizations={
    ...     o: {"id": o, "name": o, "roles": ["partner"], "country": c, "city": city}
    ...     for o, c, city in [("a", "FR", "Paris"), ("b", "FR", "Paris"), ("c", "MA", "Rabat"), ("d", "XX", None)]},
    ...     projects=[{"id": "p", "start_year": 2020, "end_year": 2021, "participants": ["a", "b", "c", "d"],
    ...                "funders": [], "expertise": []}])
    >>> here = {"a": (48.86, 2.35), "b": (48.85, 2.36)}
    >>> p = network_places(s, Filters(), here, {"FR": (46.6, 2.4), "MA": (29.8, -8.5)})
    >>> [(c.key, c.organizations, c.inside) for c in p.countries]
    [('FR|', 2, 1), ('MA|', 1, 0)]
    >>> [(x.key, x.exact, x.organizations) for x in p.places]
    [('FR|Paris', True, 2), ('MA|', False, 1)]
    >>> p.place_ties, p.unplaced
    ([('FR|Paris', 'MA|', 2)], 1)
    """
    kept, ids, _ties, total, _wide, _hidden = filtered_ties(snapshot, filters)
    total = total.copy()
    total.data[total.data < max(filters.min_strength, 1)] = 0
    total.eliminate_zeros()
    orgs = snapshot.organizations
    country_rows: dict[str, Place] = {}
    place_rows: dict[str, Place] = {}
    country_index = np.full(len(ids), -1, dtype=np.int64)
    place_index = np.full(len(ids), -1, dtype=np.int64)
    place_of: dict[str, str] = {}
    unplaced = 0
    exact_sums: dict[str, list[float]] = {}
    for o in ids:
        if o not in kept:
            continue
        row = orgs[o]
        country, here = row.get("country"), coordinates.get(o)
        centre = centres.get(country) if country else None
        if here is None and centre is None:
            unplaced += 1
            continue
        role = primary_role(row.get("roles"))
        # Without a centre on the map, a country's marker stands at its first organization with coordinates.
        lat, lon = centre if centre is not None else here  # type: ignore[misc]
        ckey = _key(country, None)
        if ckey not in country_rows:
            country_rows[ckey] = Place(ckey, country, None, lat, lon, centre is None)
        c = country_rows[ckey]
        c.organizations += 1
        c.roles[role] += 1
        if here is not None:
            key = _key(country, row.get("city") or f"{here[0]:.2f},{here[1]:.2f}")
            if key not in place_rows:
                place_rows[key] = Place(key, country, row.get("city"), 0.0, 0.0, True)
            sums = exact_sums.setdefault(key, [0.0, 0.0])
            sums[0] += here[0]
            sums[1] += here[1]
        else:
            key = ckey
            if key not in place_rows:
                place_rows[key] = Place(key, country, None, lat, lon, False)
        p = place_rows[key]
        p.organizations += 1
        p.roles[role] += 1
        place_of[o] = key
    for key, (lat, lon) in exact_sums.items():
        p = place_rows[key]
        p.lat, p.lon = lat / p.organizations, lon / p.organizations
    country_number = {key: n for n, key in enumerate(country_rows)}
    place_number = {key: n for n, key in enumerate(place_rows)}
    for i, o in enumerate(ids):
        if o in place_of:
            country_index[i] = country_number[_key(orgs[o].get("country"), None)]
            place_index[i] = place_number[place_of[o]]
    countries, country_ties = _tied(list(country_rows.values()), total, country_index)
    places, place_ties = _tied(list(place_rows.values()), total, place_index)
    return Places(
        countries=countries,
        places=places,
        country_ties=country_ties,
        place_ties=place_ties,
        organizations=len(kept),
        unplaced=unplaced,
        place_of=place_of,
    )


def _tied(rows: list[Place], ties: sp.csr_matrix, index: np.ndarray) -> tuple[list[Place], list[tuple[str, str, int]]]:
    """``rows`` sorted by key with their inside counts, and the ties between them (``Pᵀ T P``), strongest first."""
    placed = np.flatnonzero(index >= 0)
    P = sp.csr_matrix(
        (np.ones(len(placed), dtype=np.int64), (placed, index[placed])), shape=(ties.shape[0], max(len(rows), 1))
    )
    sym = sp.csr_matrix(ties + ties.T, dtype=np.int64)
    between = sp.coo_matrix(P.T @ sym @ P)
    for a, b, v in zip(between.row.tolist(), between.col.tolist(), between.data.tolist(), strict=True):
        if a == b:
            rows[a].inside = v // 2
    order = sorted(range(len(rows)), key=lambda n: rows[n].key)
    upper = between.row < between.col
    a, b, v = between.row[upper], between.col[upper], between.data[upper]
    # The strongest MAX_PLACE_TIES (ties broken by the places' keys): a partial sort of the weights, then a
    # full one of what is left (H2020 + Horizon Europe: 600,000 pairs of cities).
    if len(v) > MAX_PLACE_TIES:
        cut = np.partition(v, len(v) - MAX_PLACE_TIES)[len(v) - MAX_PLACE_TIES]
        keep = v >= cut
        a, b, v = a[keep], b[keep], v[keep]
    keys = [r.key for r in rows]
    pairs = sorted(
        (-int(w), *((keys[x], keys[y]) if keys[x] < keys[y] else (keys[y], keys[x])))
        for x, y, w in zip(a.tolist(), b.tolist(), v.tolist(), strict=True)
    )
    return [rows[n] for n in order], [(x, y, -w) for w, x, y in pairs[:MAX_PLACE_TIES]]
