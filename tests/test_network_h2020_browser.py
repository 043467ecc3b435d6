"""The network page on real data: CORDIS H2020 in the embedded engine, in Chromium.

The default view must show cooperation between organizations (no star around
the European Commission: funders are not drawn unless asked for), hubs as
named places and the strongest organizations labelled readably, in English
and French. Screenshots: ``tests/artifacts/h2020-network-*.png``. Skipped with
a reason when the shared data is absent.
"""

from __future__ import annotations

import pytest

from tests.conftest import SHARED_DATA, _holder, app_on, store_on
from tests.test_browser import browser, open_network, screenshot, server  # noqa: F401 (fixtures)

H2020_FOLDER = SHARED_DATA / "cordis-h2020-eunets"
ORGANIZATIONS = SHARED_DATA / "cordis-h2020-orgs-2017" / "Stacked_by_activityType.csv.gz"
NAMES_MAP = "orgId=id,name=name,shortName=short_name,city=city,country=country,activityType=kind"


@pytest.fixture(scope="module")
def h2020_store(request):
    if not (H2020_FOLDER / "h2020.csv.gz").is_file():
        pytest.skip(f"shared data not found at {H2020_FOLDER} (the CORDIS H2020 eunets snapshot)")
    from loaders.cordis import H2020_SOURCE, read_cordis_h2020
    from loaders.inputs import read_input
    from loaders.load import load_network
    from loaders.table import parse_mapping

    network = read_cordis_h2020(H2020_FOLDER)
    names = None
    if ORGANIZATIONS.is_file():  # the participations hold PICs only: CORDIS's organization list names them
        names = read_input(ORGANIZATIONS, "organizations-table", columns=parse_mapping(NAMES_MAP))

    def fill(store):
        load_network(store, network, source=H2020_SOURCE)
        if names is not None:
            load_network(store, names.network, source=names.source)

    with store_on("falkordb", request, _holder("h2020", request.module), fill) as store:
        yield store


@pytest.fixture(scope="module")
def web_app(h2020_store):
    with app_on(h2020_store) as app:
        yield app


@pytest.mark.parametrize("locale", ["en-GB", "fr-FR"])
def test_h2020_default_view_has_no_funder_star_and_readable_labels(browser, server, locale):  # noqa: F811
    context = browser.new_context(locale=locale, viewport={"width": 1400, "height": 900})
    page = context.new_page()
    try:
        open_network(page, server + "/network?lang=" + locale[:2])
        roles = page.evaluate("window.partnernet.nodes.get().map(n => n.role)")
        assert len(roles) == 1500 and "funder" not in roles, "the default view draws no funder"
        degree = page.evaluate(
            """() => { const d = {}; window.partnernet.edges.get().forEach(e => {
                         d[e.from] = (d[e.from] || 0) + 1; d[e.to] = (d[e.to] || 0) + 1; });
                       return Math.max(...Object.values(d)) / window.partnernet.edges.length; }"""
        )
        assert degree < 0.2, f"one organization holds {degree:.0%} of the ties drawn: a star"
        labels = page.evaluate("window.partnernet.labels")
        assert len(labels) >= 10 and min(label["px"] for label in labels[:10]) >= 12, labels[:10]
        regions = page.evaluate("document.querySelectorAll('#hub-legend a').length")
        assert regions >= 3, "hubs named in the legend"
        screenshot(page, f"h2020-network-{locale[:2]}")
    finally:
        context.close()
