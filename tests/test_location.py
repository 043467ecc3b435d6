"""Organizations' location as a point, written by the organization queries and read back plain on both engines."""

from __future__ import annotations

import pytest

from loaders.load import load_network

pytestmark = pytest.mark.engines("falkordb", "neo4j")

PARIS = {"latitude": pytest.approx(48.8667, abs=1e-4), "longitude": pytest.approx(2.3553, abs=1e-4)}
LOCATION = "MATCH (o:Organization) WHERE o.id IN ['cnam', 'afd'] RETURN o.id AS id, o.location AS location ORDER BY id"


def _organizations(network: dict, **changes: dict) -> dict:
    """A copy of ``network`` with some organization rows changed (id -> new values)."""
    copy = {t: [dict(r) for r in rows] for t, rows in network.items()}
    for row in copy["organizations"]:
        row.update(changes.get(row["id"], {}))
    return copy


def test_a_located_organization_gets_a_point_read_back_as_latitude_and_longitude(store, small_network, engine):
    network = _organizations(small_network, afd={"lat": None, "lon": None})
    load_network(store, network, source="fixture")  # new organizations: the create_organizations_* queries
    rows = store.run(LOCATION).rows
    assert rows == [{"id": "afd", "location": None}, {"id": "cnam", "location": PARIS}]
    # the same value inside a node, and through the named-query read path
    node = store.run("MATCH (o:Organization {id: 'cnam'}) RETURN o").rows[0]["o"]
    assert node["properties"]["location"] == PARIS
    assert store.run("MATCH (o:Organization {id: 'cnam'}) RETURN [o.location] AS l, {p: o.location} AS m").rows == [
        {"l": [PARIS], "m": {"p": PARIS}}
    ]
    # the engine's own distance works on it: a real point, not a map (FalkorDB: distance, Neo4j 5: point.distance)
    distance = "distance" if engine == "falkordb" else "point.distance"
    km = store.run(
        "MATCH (a:Organization {id: 'cnam'}) "
        f"RETURN round({distance}(a.location, point({{latitude: 48.8667, longitude: 2.4553}})) / 1000) AS km"
    ).rows[0]["km"]
    assert km == 7  # 0.1 degree of longitude at 48.87° N is 7.3 km


def test_the_upsert_moves_the_point_with_latitude_and_longitude(store, small_network):
    load_network(store, small_network, source="fixture")
    moved = _organizations(small_network, cnam={"lat": 45.75, "lon": 4.85}, afd={"lat": None, "lon": None})
    load_network(store, moved, source="fixture")  # existing organizations: upsert_organizations
    rows = {
        r["id"]: r for r in store.run(LOCATION.replace("AS location", "AS location, o.lat AS lat, o.lon AS lon")).rows
    }
    assert rows["cnam"]["location"] == {
        "latitude": pytest.approx(45.75, abs=1e-4),
        "longitude": pytest.approx(4.85, abs=1e-4),
    }
    # a source without a place keeps the one an earlier source gave (loaders.merge): the point stays with it
    afd = rows["afd"]
    assert afd["lat"] is not None
    assert afd["location"] == {
        "latitude": pytest.approx(afd["lat"], abs=1e-4),
        "longitude": pytest.approx(afd["lon"], abs=1e-4),
    }
