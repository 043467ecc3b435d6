"""The map and the year control in Debian's Chromium, on the demo network.

The fixtures of :mod:`tests.test_browser` record every request: none may leave
127.0.0.1 (the map's shapes and library are the app's own files). Screenshots
go to ``tests/artifacts/``.
"""

from __future__ import annotations

import pytest

from tests import test_browser
from tests.test_browser import open_network, screenshot, wait_for

pytestmark = pytest.mark.engines("falkordb")

#: tests/test_browser.py's fixtures: the demo served, Chromium, a page whose errors and requests are watched.
server = test_browser.server
browser = test_browser.browser
page = test_browser.page

DESKTOP = ("en-GB", (1400, 900))
PHONE_FR = ("fr-FR", (390, 844))


def _years(page, mode: str, year: int | None = None) -> str:
    """Set the year control and wait until the page says it drew that step; the step's time, for the log."""
    before = page.evaluate("document.getElementById('years').dataset.shown || ''")
    if year is not None:
        page.evaluate(f"() => {{ document.getElementById('years-range').value = '{year}'; }}")
    page.select_option("#years-mode", mode)
    wait_for(page, f"(document.getElementById('years').dataset.shown || '') !== {before!r}")
    return page.evaluate("document.getElementById('years').dataset.stepMs")


@pytest.mark.parametrize("page", [DESKTOP], indirect=True)
def test_map_draws_countries_then_cities_then_organizations(page, server, client):
    data = client.get("/map.json").get_json()
    open_network(page, server + "/map")
    assert page.evaluate("document.body.dataset.level") == "countries"
    assert page.evaluate("document.body.dataset.markers") == str(len(data["countries"]))
    assert page.evaluate("document.querySelectorAll('.map-count').length") == len(data["countries"])
    screenshot(page, "map")
    page.evaluate("() => { window.partnernetMap.map.setView([33.9, 35.5], 5); }")
    wait_for(page, "document.body.dataset.level === 'places'")
    assert page.evaluate("document.body.dataset.markers") == str(len(data["places"]))
    screenshot(page, "map-cities")
    page.evaluate("() => { window.partnernetMap.map.setView([48.85, 2.35], 8); }")
    wait_for(page, "document.body.dataset.level === 'organizations'")
    assert page.evaluate("document.body.dataset.markers") == str(len(data["organizations"]))
    screenshot(page, "map-organizations")


@pytest.mark.parametrize("page", [PHONE_FR], indirect=True)
def test_map_in_french_on_a_phone(page, server):
    open_network(page, server + "/map")
    assert "Carte" in page.inner_text("h1")
    screenshot(page, "phone-map-fr")


@pytest.mark.parametrize("page", [DESKTOP], indirect=True)
def test_clicking_an_organization_on_the_map_opens_the_side_panel(page, server):
    open_network(page, server + "/map?selected=cnam")
    wait_for(page, "document.getElementById('panel-body').dataset.node === 'cnam'")
    assert "Conservatoire" in page.inner_text("#panel-body")


@pytest.mark.parametrize("page", [DESKTOP], indirect=True)
def test_year_control_changes_the_network_without_moving_what_stays(page, server, client):
    first, last = client.get("/network.json").get_json()["years"]
    open_network(page, server + "/network")
    everything = page.evaluate("window.partnernet.nodes.length")
    before = page.evaluate("window.partnernet.network.getPositions()")
    year = first + (last - first) // 3
    step = _years(page, "in", year)
    after = page.evaluate("window.partnernet.network.getPositions()")
    shown = page.evaluate("window.partnernet.nodes.length")
    assert 0 < shown < everything, (shown, everything)
    stayed = before.keys() & after.keys()
    assert stayed and all(before[o] == after[o] for o in stayed), "nodes that stay keep their places"
    expected = client.get(f"/network.json?year_from={year}&year_to={year}").get_json()
    assert {n["id"] for n in expected["nodes"]} == set(page.evaluate("window.partnernet.nodes.getIds()"))
    assert f"year_from={year}" in page.url and f"year_to={year}" in page.url
    notice = page.locator("#ties-left-out")
    if expected["ties_left_out"]:
        assert f"{expected['ties_left_out']:,}" in notice.inner_text()
    else:  # the first drawing's notice (the whole network's weakest ties) is not left standing
        assert notice.count() == 0 or not notice.is_visible()
    print(f"year step drawn in {step} ms")
    screenshot(page, "network-year")
    _years(page, "all")
    assert page.evaluate("window.partnernet.nodes.length") == everything
    final = page.evaluate("window.partnernet.network.getPositions()")
    assert all(final[o] == before[o] for o in before)


@pytest.mark.parametrize("page", [DESKTOP], indirect=True)
def test_year_control_on_the_map(page, server, client):
    first, _ = client.get("/map.json").get_json()["years"]
    open_network(page, server + "/map")
    total = client.get("/map.json").get_json()["organizations_total"]
    early = client.get(f"/map.json?year_to={first + 2}").get_json()["organizations_total"]
    _years(page, "upto", first + 2)
    summary = page.inner_text("#summary")
    assert f"{early:,}".replace(",", "\u202f") in summary or str(early) in summary, summary
    assert early < total
