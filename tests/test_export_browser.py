"""The exports in Debian's Chromium: the offline HTML snapshot opened from disk with the network off, and the
network page's PNG download. Screenshots go to ``tests/artifacts/``."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_browser import ARTIFACTS, Watch, browser, open_network, server, wait_for  # noqa: F401

#: What the snapshot's script exposes, evaluated in the page.
DRAWN = "() => window.partnernet.network.body.nodeIndices.slice().sort()"
HOSTILE = "</script><script>alert(1)</script>"


def _open_offline(browser, path: Path):  # noqa: F811
    """``path`` opened from disk in a context with the network off, every request recorded and all but the file
    refused: returns the page, its watch (errors and dialogs; its requests are the file's) and the requests."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="en-GB")
    context.set_offline(True)
    requests: list[str] = []

    def route(r):
        requests.append(r.request.url)
        return r.continue_() if r.request.url == path.as_uri() else r.abort()

    context.route("**/*", route)
    page = context.new_page()
    watch = Watch(page)
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-drawn='1']", timeout=30_000)
    return page, watch, requests


def test_offline_snapshot_draws_the_view_from_disk_with_no_network(browser, client, tmp_path):  # noqa: F811
    view = client.get("/network.json?lang=en").get_json()
    snapshot = tmp_path / "snapshot.html"
    snapshot.write_bytes(client.get("/network/export/html?lang=en").data)
    page, watch, requests = _open_offline(browser, snapshot)
    try:
        assert page.evaluate(DRAWN) == sorted(n["id"] for n in view["nodes"])
        assert page.evaluate("() => window.partnernet.edges.length") == len(view["edges"])
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "offline-snapshot.png"))

        for role in ("partner", "company", "funder"):  # only the centres
            page.uncheck(f"#roles input[value={role}]")
        centres = sorted(n["id"] for n in view["nodes"] if n["role"] == "centre")
        assert page.evaluate(DRAWN) == centres
        page.click("#reset")
        page.select_option("#countries", ["MA", "TN"])
        assert page.evaluate(DRAWN) == sorted(n["id"] for n in view["nodes"] if n["country"] in ("MA", "TN"))
        page.fill("#search", "CASABL")
        wait_for(page, "window.partnernet.network.getSelectedNodes().includes('pc-casablanca')")
        assert page.text_content("#found") == "2 found"
        page.screenshot(path=str(ARTIFACTS / "offline-snapshot-filtered.png"))
    finally:
        page.context.close()
    assert not watch.errors and not watch.dialogs, (watch.errors, watch.dialogs)
    assert requests == [snapshot.as_uri()], requests


@pytest.fixture
def hostile_app(store):
    """A web app on the small network where one organization is named :data:`HOSTILE`."""
    from tests.conftest import load_small
    from web import create_app

    load_small(store)
    store.run("MATCH (o:Organization {id: 'cnam'}) SET o.name = $name", {"name": HOSTILE}, read_only=False)
    app = create_app({"TESTING": True, "STORE": store, "SETTINGS": store.settings})
    yield app
    app.extensions["partnernet"].close()


def test_offline_snapshot_keeps_a_hostile_name_inert(browser, hostile_app, tmp_path):  # noqa: F811
    snapshot = tmp_path / "hostile.html"
    text = hostile_app.test_client().get("/network/export/html").data.decode("utf-8")
    assert HOSTILE not in text
    assert text.count('<script type="application/json"') == 3
    snapshot.write_text(text, encoding="utf-8")
    page, watch, requests = _open_offline(browser, snapshot)
    try:
        assert page.evaluate("() => window.partnernet.nodes.get('cnam').name") == HOSTILE
        page.fill("#search", "alert(1)")
        wait_for(page, "window.partnernet.network.getSelectedNodes().includes('cnam')")
        # three data blocks, vis-network, the snapshot's own script: the name added none
        assert page.evaluate("() => document.querySelectorAll('script').length") == 5
    finally:
        page.context.close()
    assert not watch.errors and not watch.dialogs, (watch.errors, watch.dialogs)  # no dialog fired
    assert requests == [snapshot.as_uri()]


def test_network_page_png_download(browser, server, tmp_path):  # noqa: F811
    context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    page = context.new_page()
    watch = Watch(page)
    try:
        open_network(page, f"{server}/network?country=MA")
        with page.expect_download() as info:
            page.click("#export-png")
        download = info.value
        assert download.suggested_filename == "partnernet-network.png"
        saved = tmp_path / "network.png"
        download.save_as(saved)
        assert saved.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and saved.stat().st_size > 10_000
        href = page.get_attribute("#export-gexf", "href")
        assert href == "/network/export/gexf?country=MA"
    finally:
        context.close()
    watch.check()
