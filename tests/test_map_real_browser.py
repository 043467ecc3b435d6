"""The map on real data: CORDIS H2020 (no coordinates) and Horizon Europe (CORDIS's XML, with each
organization's geolocation) in one embedded graph, in Chromium.

Horizon Europe's organizations stand at their coordinates, H2020's others at their country's centre;
the page draws every level with no request leaving 127.0.0.1. Screenshots:
``tests/artifacts/real-map-*.png``. Skipped with a reason when the shared data is absent.
"""

from __future__ import annotations

import time

import pytest

from graph.model import primary_role
from tests import test_browser
from tests.conftest import SHARED_DATA, _holder, app_on, store_on
from tests.test_browser import open_network, screenshot, wait_for

pytestmark = pytest.mark.engines("falkordb")

H2020_FOLDER = SHARED_DATA / "cordis-h2020-eunets"
HE_ZIP = SHARED_DATA / "cordis-he-xml" / "cordis-HORIZONprojects-xml.zip"

server = test_browser.server
browser = test_browser.browser
page = test_browser.page


@pytest.fixture(scope="module")
def real_store(request):
    if not (H2020_FOLDER / "h2020.csv.gz").is_file() or not HE_ZIP.is_file():
        pytest.skip(f"shared data not found in {SHARED_DATA} (cordis-h2020-eunets and cordis-he-xml)")
    from loaders.cordis import H2020_SOURCE, read_cordis_h2020
    from loaders.inputs import read_input
    from loaders.load import load_network

    h2020 = read_cordis_h2020(H2020_FOLDER)
    he = read_input(HE_ZIP, "cordis-xml")

    def fill(store):
        load_network(store, h2020, source=H2020_SOURCE)
        load_network(store, he.network, source=he.source)

    with store_on("falkordb", request, _holder("h2020-he", request.module), fill) as store:
        yield store


@pytest.fixture(scope="module")
def web_app(real_store):
    with app_on(real_store) as app:
        yield app


@pytest.fixture(scope="module")
def real_map(web_app, real_store):
    with web_app.test_client() as client:
        started = time.perf_counter()
        data = client.get("/map.json").get_json()
        cold = time.perf_counter() - started
        times = []
        for _ in range(5):
            started = time.perf_counter()
            client.get("/map.json")
            times.append(time.perf_counter() - started)
    print(f"/map.json on H2020 + Horizon Europe: cold {cold:.2f} s, warm median {sorted(times)[2]:.3f} s")
    return data


def test_organizations_with_coordinates_stand_at_them(real_map, real_store):
    drawn = {r["id"] for r in real_store.read("snapshot_organizations") if primary_role(r["roles"]) != "funder"}
    located = {r["id"] for r in real_store.read("map_coordinates")} & drawn
    assert len(located) > 10_000, "Horizon Europe gives most of its organizations a geolocation"
    exact = sum(p["organizations"] for p in real_map["places"] if p["exact"])
    assert exact == len(located)
    assert sum(p["organizations"] for p in real_map["places"]) + real_map["unplaced"] == real_map["organizations_total"]
    cities = [p for p in real_map["places"] if p["exact"]]
    assert len(cities) > 1000 and all(-90 <= p["lat"] <= 90 and -180 <= p["lon"] <= 180 for p in cities)


@pytest.mark.parametrize("page", [("en-GB", (1400, 900))], indirect=True)
def test_real_map_draws_europe_by_city(page, server, real_map):
    started = time.perf_counter()
    open_network(page, server + "/map")
    print(f"map drawn in {time.perf_counter() - started:.2f} s")
    screenshot(page, "real-map")
    page.evaluate("() => { window.partnernetMap.map.setView([48.5, 8], 5); }")
    wait_for(page, "document.body.dataset.level === 'places'")
    assert page.evaluate("document.body.dataset.markers") == str(len(real_map["places"]))
    screenshot(page, "real-map-europe")
    page.evaluate("() => { window.partnernetMap.map.setView([50.85, 4.35], 8); }")
    wait_for(page, "document.body.dataset.level === 'organizations'")
    screenshot(page, "real-map-brussels")


@pytest.mark.parametrize("page", [("fr-FR", (390, 844))], indirect=True)
def test_real_map_in_french_on_a_phone(page, server):
    open_network(page, server + "/map")
    assert "Carte" in page.inner_text("h1")
    screenshot(page, "real-map-phone-fr")
