"""The explorer in Debian's Chromium, driven by Playwright, on the demo network.

Every test records the page's console errors, page errors, dialogs and every
request: none may fail, fire or leave 127.0.0.1. Screenshots of each page go
to ``tests/artifacts/`` (git-ignored).
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright import sync_api

from graph.model import primary_role
from tests.conftest import XSS_ID, XSS_NAME

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"

if not Path(CHROMIUM).exists():  # .ci/run installs it; say plainly what is missing elsewhere
    pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (the browser tests need Debian's Chromium)")


@pytest.fixture(scope="module")
def server(web_app):
    from waitress import create_server

    srv = create_server(web_app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.effective_port}"
    srv.close()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


class Watch:
    """What a page did that it should not: console errors, uncaught errors, dialogs, outside requests."""

    def __init__(self, page):
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("dialog", self._dialog)
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("response", lambda r: self.errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def check(self):
        assert not self.errors, self.errors
        assert not self.dialogs, self.dialogs
        outside = [u for u in self.requests if urlsplit(u).hostname != "127.0.0.1" and not u.startswith("data:")]
        assert not outside, outside


@pytest.fixture
def page(browser, request):
    """A page of a new browser context; ``param``: its locale, or ``(locale, (width, height))``."""
    param = getattr(request, "param", "en-GB")
    locale, (width, height) = param if isinstance(param, tuple) else (param, (1400, 900))
    context = browser.new_context(locale=locale, viewport={"width": width, "height": height})
    pg = context.new_page()
    watch = Watch(pg)
    pg.watch = watch
    yield pg
    context.close()
    watch.check()


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def wait_for(page, expression: str, timeout: float = 30.0) -> None:
    """Poll a JavaScript expression until it is true (Playwright's wait_for_function evals: the CSP refuses it)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout} s: {expression}")
        page.wait_for_timeout(50)


def open_network(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("body[data-drawn='1']", timeout=30_000)


def _drawn_pixels(page) -> int:
    """How many pixels of the network's canvas are not transparent."""
    return page.evaluate(
        """() => { const c = document.querySelector('#network canvas');
                   const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                   let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; }"""
    )


def _drawn_by_default(demo_store) -> set[str]:
    """The organizations of the default view: every one but the funders (drawn when asked for)."""
    return {row["id"] for row in demo_store.read("snapshot_organizations") if primary_role(row["roles"]) != "funder"}


def test_network_page_draws_the_demo_network(page, server, demo_store):
    expected = len(_drawn_by_default(demo_store))
    open_network(page, server + "/network")
    assert page.evaluate("window.partnernet.nodes.length") == expected
    assert page.evaluate("Object.keys(window.partnernet.network.body.nodes).length") == expected
    assert _drawn_pixels(page) > 1000, "the canvas has something drawn on it"
    assert page.inner_text("#summary").startswith(f"Showing {expected:,} of {expected:,} organizations")
    legend = page.inner_text("#legend")
    assert all(k in legend for k in ("Centre", "Partner", "Company", "Funder"))
    screenshot(page, "network")


def _select_by_search(page, text: str) -> str:
    page.fill("#search-input", text)
    page.press("#search-input", "Enter")
    page.wait_for_selector("#panel:not([hidden]) .panel-title", timeout=10_000)
    return page.evaluate("window.partnernet.network.getSelectedNodes()[0]")


def test_search_ignores_accents_and_focuses_a_node(page, server):
    open_network(page, server + "/network")
    selected = _select_by_search(page, "ecole superieure")
    name = page.evaluate(f"window.partnernet.nodes.get({selected!r}).name")
    assert "École supérieure" in name or "Ecole superieure" in name
    assert page.inner_text(".panel-title") == name
    assert "selected=" in page.url
    center = page.evaluate("window.partnernet.network.getViewPosition()")
    pos = page.evaluate(f"window.partnernet.network.getPositions([{selected!r}])[{selected!r}]")
    assert abs(center["x"] - pos["x"]) < 1 and abs(center["y"] - pos["y"]) < 1, "the view is centred on it"
    screenshot(page, "network-search")


def _click_node(page, node_id: str) -> None:
    point = page.evaluate(
        f"""() => {{ const n = window.partnernet.network;
                    return n.canvasToDOM(n.getPositions([{node_id!r}])[{node_id!r}]); }}"""
    )
    box = page.locator("#network").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])


def _clear_node(page) -> str:
    """The node farthest from any other (relative to their sizes): a click on it cannot hit another."""
    return page.evaluate(
        """() => { const n = window.partnernet.network, pos = n.getPositions(), ids = Object.keys(pos);
                   let best = null, gap = -Infinity;
                   for (const a of ids) { let m = Infinity;
                     for (const b of ids) if (a !== b) m = Math.min(m,
                         Math.hypot(pos[a].x - pos[b].x, pos[a].y - pos[b].y)
                         - n.body.nodes[a].options.size - n.body.nodes[b].options.size);
                     if (m > gap) { gap = m; best = a; } }
                   return best; }"""
    )


def test_clicking_a_node_shows_its_details(page, server, demo_store):
    open_network(page, server + "/network")
    node = _clear_node(page)
    page.evaluate(f"window.partnernet.network.focus({node!r}, {{scale: 1.5, animation: false}})")
    _click_node(page, node)
    page.wait_for_selector("#panel:not([hidden]) .provenance", timeout=10_000)
    assert page.evaluate("window.partnernet.network.getSelectedNodes()") == [node]
    name = demo_store.read("organization_details", id=node)[0]["name"]
    assert page.inner_text(".panel-title") == name
    panel = page.inner_text("#panel")
    assert "Project partners" in panel and "Funders" in panel and "Projects" in panel
    assert "tests: demo network + one hostile name" in panel, "provenance is shown"
    assert f"selected={node}" in page.url
    screenshot(page, "network-details")
    page.go_back()
    wait_for(page, "document.getElementById('panel').hidden === true")


def test_hostile_name_shows_as_text_and_fires_nothing(page, server):
    open_network(page, server + "/network")
    selected = _select_by_search(page, "img src")
    assert selected == XSS_ID
    assert page.inner_text(".panel-title") == XSS_NAME
    assert page.locator("img[src='x']").count() == 0 and page.locator("#panel script").count() == 0
    page.evaluate(f"window.partnernet.network.focus({XSS_ID!r}, {{scale: 2, animation: false}})")
    point = page.evaluate(
        f"() => window.partnernet.network.canvasToDOM(window.partnernet.network.getPositions([{XSS_ID!r}])[{XSS_ID!r}])"
    )
    box = page.locator("#network").bounding_box()
    page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
    page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)
    tooltip = page.locator("div.vis-tooltip")
    assert tooltip.inner_text().startswith(XSS_NAME)
    assert tooltip.locator("img").count() == 0
    page.goto(server + f"/organizations/{XSS_ID}")
    assert page.inner_text("h1") == XSS_NAME
    page.wait_for_timeout(300)
    assert not page.watch.dialogs
    screenshot(page, "organization-hostile-name")


def test_filters_live_in_the_url_and_back_returns(page, server, demo_store):
    open_network(page, server + "/network")
    everything = page.evaluate("window.partnernet.nodes.length")
    page.select_option("select[name=country]", ["MA"])
    page.click("#filters button[type=submit]")
    page.wait_for_url(lambda url: "country=MA" in url)
    page.wait_for_selector("body[data-drawn='1']")
    moroccan = page.evaluate("window.partnernet.nodes.length")
    morocco = sum(1 for r in demo_store.read("snapshot_organizations") if r["country"] == "MA")
    assert moroccan == morocco < everything
    screenshot(page, "network-filtered")
    page.go_back()
    page.wait_for_selector("body[data-drawn='1']")
    assert page.evaluate("window.partnernet.nodes.length") == everything


def test_expand_adds_the_neighbourhood_without_moving_the_rest(page, server):
    open_network(page, server + "/network?country=MA")
    before = page.evaluate("window.partnernet.network.getPositions()")
    node = max(before, key=lambda n: page.evaluate(f"window.partnernet.nodes.get({n!r}).strength"))
    page.evaluate(f"window.partnernet.network.focus({node!r}, {{scale: 1.2, animation: false}})")
    _click_node(page, node)
    page.wait_for_selector("#expand")
    page.click("#expand")
    page.wait_for_selector(f"body[data-expanded='{node}']")
    after = page.evaluate("window.partnernet.network.getPositions()")
    assert len(after) > len(before)
    assert all(after[n] == p for n, p in before.items()), "nodes already shown stay where they were"
    screenshot(page, "network-expanded")


@pytest.mark.parametrize("page", ["fr-FR"], indirect=True)
def test_french_browser_gets_the_french_interface(page, server):
    open_network(page, server + "/network")
    assert page.get_attribute("html", "lang") == "fr"
    assert "Filtres" in page.inner_text("aside.filters")
    assert page.inner_text("#summary").startswith("Affichage") or "organisations sur" in page.inner_text("#summary")
    _select_by_search(page, "cnam")
    page.wait_for_selector("#panel .provenance")
    assert "Provenance des données" in page.inner_text("#panel")
    screenshot(page, "network-fr")
    page.click("nav.lang a[hreflang=en]")
    page.wait_for_selector("body[data-drawn='1']")
    assert page.get_attribute("html", "lang") == "en"


def test_other_pages_render(page, server):
    for name, url, expect in (
        ("organization", "/organizations/cnam", "Conservatoire national des arts et métiers"),
        ("search", "/search?q=ecole", "organizations found"),
        ("error-404", "/organizations/nope", "nope"),
        ("hubs", "/hubs", "Excellence hubs"),
        ("hub", "/hubs/1", "Anchors"),
        ("paths", "/paths?from=cnam&to=afd&k=3", "funded by"),
        ("partners", "/partners?q=cybers%C3%A9curit%C3%A9&from=cnam", "Cybersécurité"),
        ("recommendations", "/recommendations?org=rc-bretagne", "works with"),
    ):
        page.goto(server + url)
        assert expect in page.inner_text("main")
        screenshot(page, name)
    # an unknown page answers 404: the browser logs it as a failed resource, which is expected here
    page.watch.errors[:] = [e for e in page.watch.errors if "404" not in e]


def test_hubs_and_paths_open_in_the_network(page, server):
    page.goto(server + "/hubs")
    page.click("#network-by-hub")
    page.wait_for_selector("body[data-drawn='1']")
    coloured = page.evaluate("window.partnernet.nodes.get({filter: n => n.hub === 1}).length")
    assert coloured > 0 and "Hub 1" in page.inner_text("#legend")
    screenshot(page, "network-by-hub")
    page.goto(server + "/paths?from=cnam&to=Universit%C3%A9+libanaise&k=3")
    page.click("a.show-path >> nth=1")
    page.wait_for_selector("body[data-drawn='1']")
    ids = page.evaluate("new URL(location.href).searchParams.get('path').split(',')")
    assert len(ids) >= 3 and ids[0] == "cnam"
    on_path = page.evaluate("window.partnernet.edges.get({filter: e => e.color === '#8e44ad'}).length")
    assert on_path == len(ids) - 1
    screenshot(page, "network-path")


def test_console_runs_a_saved_query_shows_table_and_graph_and_downloads_csv(page, server, tmp_path):
    page.goto(server + "/library")
    screenshot(page, "library")
    with page.expect_navigation():
        page.click("#query-organization_neighbourhood button.open-in-console")
    wait_for(page, "window.partnernetConsole && window.partnernetConsole.done > 0")
    assert "organization_neighbourhood" in page.inner_text("main")
    rows = page.locator("#results tbody tr").count()
    assert rows == 25 and page.inner_text("#status").startswith("25 rows")
    assert page.is_visible("#graph-box")
    drawn = page.evaluate("window.partnernetConsole.network.body.nodeIndices.length")
    assert drawn == page.evaluate("window.partnernetConsole.graphNodes") > 2
    with page.expect_download() as info:
        page.click("#download-csv")
    saved = tmp_path / "rows.csv"
    info.value.save_as(saved)
    lines = saved.read_text().splitlines()
    assert lines[0] == "path" and len(lines) == 26 and lines[1].startswith("<path of 2 hops>")
    screenshot(page, "console")
    # an analyst's own query, run with Ctrl+Enter; a write is refused with a clear message
    page.fill("#cypher", "CREATE (:Intruder)")
    page.press("#cypher", "Control+Enter")
    wait_for(page, "window.partnernetConsole.done > 1")
    assert "read-only" in page.inner_text("#status")
    page.watch.errors[:] = [e for e in page.watch.errors if "403" not in e]  # that refusal was the point
    page.fill("#cypher", "MATCH (o:Organization {country: $c}) RETURN o.name AS name ORDER BY name LIMIT 3")
    page.fill("#params", '{"c": "MA"}')
    page.press("#cypher", "Control+Enter")
    wait_for(page, "window.partnernetConsole.done > 2")
    assert page.locator("#results tbody tr").count() == 3 and page.is_hidden("#graph-box")
    assert page.locator("#history li").count() >= 2


@pytest.mark.engines("neo4j")  # the app over the run's Neo4j server; last: the module's other tests keep FalkorDB
def test_network_page_draws_from_neo4j(page, server, demo_store):
    assert demo_store.dialect == "neo4j"
    organizations = _drawn_by_default(demo_store)
    open_network(page, server + "/network")
    assert set(page.evaluate("window.partnernet.nodes.getIds()")) == organizations
    assert page.evaluate("Object.keys(window.partnernet.network.body.nodes).length") == len(organizations)
    assert page.evaluate("window.partnernet.edges.length") > 0
    assert _drawn_pixels(page) > 1000, "the canvas has something drawn on it"
    n = len(organizations)
    assert page.inner_text("#summary").startswith(f"Showing {n:,} of {n:,} organizations")
    screenshot(page, "network-neo4j")
