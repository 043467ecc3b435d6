"""The map's data (``/map.json``, :mod:`graph.analytics.places`) on the demo network, both engines.

The counts and ties are checked against an independent count made here from
the graph's own rows (organizations by country; shared projects and
agreements between organizations of two countries).
"""

from __future__ import annotations

import itertools
import json
from collections import Counter

import pytest

from graph.analytics.snapshot import WIDE_ACTIVITY
from graph.model import primary_role
from tests.conftest import XSS_ID, XSS_NAME
from web.map import COUNTRY_SHAPES, country_centres

pytestmark = pytest.mark.engines("falkordb", "neo4j")


@pytest.fixture(scope="module")
def default_map(client):
    response = client.get("/map.json")
    assert response.status_code == 200
    return response.get_json()


def _drawn_by_default(snapshot) -> dict[str, dict]:
    return {o: row for o, row in snapshot.organizations.items() if primary_role(row["roles"]) != "funder"}


def test_every_organization_is_counted_in_its_country(default_map, snapshot):
    expected = Counter(row["country"] for row in _drawn_by_default(snapshot).values())
    got = {c["country"]: c["organizations"] for c in default_map["countries"]}
    assert got == dict(expected)
    assert default_map["organizations_total"] == sum(expected.values())
    assert default_map["unplaced"] == 0
    assert sum(p["organizations"] for p in default_map["places"]) == sum(expected.values())


def test_country_ties_are_the_joint_activities_between_their_organizations(default_map, snapshot):
    kept = _drawn_by_default(snapshot)
    pairs: Counter[tuple[str, str]] = Counter()
    groups = [p["participants"] or () for p in snapshot.projects]
    groups += [a["parties"] or () for a in snapshot.agreements]
    for members in groups:
        members = sorted(set(members) & kept.keys())
        if len(set(members)) > WIDE_ACTIVITY:
            continue
        for a, b in itertools.combinations(members, 2):
            pairs[a, b] += 1
    for member, parent in snapshot.memberships:
        if member in kept and parent in kept and member != parent:
            pairs[min(member, parent), max(member, parent)] += 1
    between: Counter[tuple[str, str]] = Counter()
    for (a, b), n in pairs.items():
        ca, cb = kept[a]["country"], kept[b]["country"]
        if ca != cb:
            between[min(ca, cb), max(ca, cb)] += n
    got = {tuple(sorted((a.rstrip("|"), b.rstrip("|")))): n for a, b, n in default_map["ties"]["countries"]}
    assert got == dict(between)
    weights = [n for _, _, n in default_map["ties"]["countries"]]
    assert weights == sorted(weights, reverse=True)


def test_the_demo_centres_abroad_are_at_their_cities(default_map, snapshot):
    places = {p["key"]: p for p in default_map["places"]}
    for city, country, lat, lon in [("Beyrouth", "LB", 33.89, 35.5), ("Dakar", "SN", 14.69, -17.44)]:
        place = places[f"{country}|{city}"]
        assert place["exact"] and abs(place["lat"] - lat) < 0.2 and abs(place["lon"] - lon) < 0.2, place
    drawn = {o["id"]: o for o in default_map["organizations"]}
    abroad = [
        o for o, row in snapshot.organizations.items() if "centre" in (row["roles"] or ()) and row["country"] != "FR"
    ]
    assert abroad and all(drawn[o]["exact"] for o in abroad)


def test_filters_and_years_narrow_the_map(client, default_map):
    morocco = client.get("/map.json?country=MA").get_json()
    assert [c["country"] for c in morocco["countries"]] == ["MA"]
    assert morocco["organizations_total"] < default_map["organizations_total"]
    first, last = default_map["years"]
    early = client.get(f"/map.json?year_to={first + 2}").get_json()
    assert early["organizations_total"] < default_map["organizations_total"]
    assert client.get("/map.json?year_from=2020&year_to=2010").status_code == 400
    assert client.get("/map.json?country=ZZ").status_code == 400


def test_map_page_keeps_names_as_text(client):
    """A hostile organization name stays inside the JSON block, escaped (the page's script puts it in as text)."""
    page = client.get("/map?country=MA").get_data(as_text=True)
    assert XSS_NAME not in page
    data = json.loads(page.split('<script type="application/json" id="map-data">', 1)[1].split("</script>", 1)[0])
    names = {o["id"]: o["name"] for o in data["organizations"]}
    assert names.get(XSS_ID) == XSS_NAME
    assert not next(o for o in data["organizations"] if o["id"] == XSS_ID)["exact"]  # at Morocco's centre


def test_country_shapes_are_served_from_the_app(client):
    """The base map is the vendored Natural Earth file; every code of the demo has a centre on it."""
    response = client.get("/static/vendor/countries.geojson")
    assert response.status_code == 200
    assert len(response.get_json()["features"]) == len(json.loads(COUNTRY_SHAPES.read_text())["features"])
    centres = country_centres()
    assert {"FR", "MA", "SN", "LB", "HT", "BR", "CN", "RU", "EL", "UK"} <= centres.keys()
    assert all(-90 <= lat <= 90 and -180 <= lon <= 180 for lat, lon in centres.values())
