"""Charts and print in Debian's Chromium, driven by Playwright: a hub's and an organization's charts, English and
French, desktop and phone width, and the printed report (navigation and forms hidden; a hub on one page).

The app, the browser and the page watch (no console error, no dialog, no outside request) are test_browser's.
Screenshots and the PDF of a hub go to ``tests/artifacts/``.
"""

from __future__ import annotations

import pytest

from tests import test_browser
from tests.conftest import XSS_ID
from tests.test_browser import ARTIFACTS, screenshot

# test_browser's fixtures: the app served by waitress, Chromium, a watched page
server, browser, page = test_browser.server, test_browser.browser, test_browser.page

PHONE = (390, 844)
VIEWS = [("en-GB", (1400, 900)), ("fr-FR", (1400, 900)), ("en-GB", PHONE), ("fr-FR", PHONE)]


def _name(param) -> str:
    locale, (width, _height) = param
    return f"{locale[:2]}-{'phone' if width < 600 else 'desktop'}"


@pytest.fixture(scope="module")
def hub_id(server):
    import json
    from urllib.request import urlopen

    with urlopen(f"{server}/hubs.json") as answer:
        return json.load(answer)["hubs"][0]["id"]


def _charts_shown(page) -> list[str]:
    """The ids of the charts drawn with a size (each must be visible, not cut to nothing)."""
    return page.eval_on_selector_all(
        "#charts svg.chart", "els => els.filter(e => e.getBoundingClientRect().width > 200).map(e => e.id)"
    )


@pytest.mark.parametrize("page", VIEWS, indirect=True, ids=[_name(v) for v in VIEWS])
def test_hub_page_shows_its_charts(page, server, hub_id, request):
    page.goto(f"{server}/hubs/{hub_id}")
    page.locator("#charts").scroll_into_view_if_needed()
    shown = _charts_shown(page)
    assert shown == [f"hub-{hub_id}-projects", f"hub-{hub_id}-funding", f"hub-{hub_id}-countries"]
    assert page.locator(f"#hub-{hub_id}-picture").is_visible()
    heading = page.locator("#charts-heading").inner_text()
    assert heading == ("Au fil des années" if "fr" in request.node.callspec.id else "Over the years")
    screenshot(page, f"hub-charts-{request.node.callspec.id}")


@pytest.mark.parametrize("page", VIEWS, indirect=True, ids=[_name(v) for v in VIEWS])
def test_organization_page_shows_its_charts(page, server, request):
    page.goto(f"{server}/organizations/cnam")
    page.locator("#charts").scroll_into_view_if_needed()
    assert _charts_shown(page) == ["organization-projects", "organization-funding", "organization-countries"]
    screenshot(page, f"organization-charts-{request.node.callspec.id}")


def test_a_bar_says_its_value_on_hover(page, server):
    page.goto(f"{server}/organizations/cnam?lang=fr")
    bar = page.locator("#organization-projects rect:has(title)").first
    assert " · Commencés\u00a0: " in bar.locator("title").text_content()


def test_hostile_name_in_charts_runs_nothing(page, server):
    page.goto(f"{server}/organizations/{XSS_ID}")
    assert page.locator("svg.chart").count() >= 1
    assert page.locator("img[src=x]").count() == 0  # the name is text; the page watch fails on any dialog


def test_printed_hub_is_a_one_page_brief(page, server, hub_id):
    page.goto(f"{server}/hubs/{hub_id}?lang=en")
    page.emulate_media(media="print")
    assert not page.locator("header.top").is_visible()
    assert page.locator(".print-header").is_visible()
    assert "Source of the data" in page.locator(".print-header").inner_text()
    assert page.locator(f"#hub-{hub_id}-projects").is_visible()
    assert not page.locator(".hub-members").is_visible()
    assert page.locator(f"#hub-{hub_id}-picture").is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 718, "height": 1030})  # A4 less 12 mm margins, at 96 dpi
    page.screenshot(path=str(ARTIFACTS / "hub-print.png"), full_page=True)
    pdf = page.pdf(format="A4", print_background=True)
    (ARTIFACTS / "hub-print.pdf").write_bytes(pdf)
    assert _pages(pdf) == 1, f"{_pages(pdf)} pages"


def _pages(pdf: bytes) -> int:
    """The number of pages of a PDF (its /Type /Page objects, not /Pages)."""
    import re

    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


def test_printed_pages_hide_navigation_and_forms(page, server):
    for url in ("/hubs?country=MA", "/changes", "/organizations/cnam", "/network"):
        page.goto(f"{server}{url}")
        page.emulate_media(media="print")
        assert not page.locator("header.top").is_visible(), url
        assert page.locator("form:visible").count() == 0, url
        assert page.locator(".print-header").is_visible(), url
    screenshot(page, "network-print")


@pytest.mark.parametrize("page", [VIEWS[1], VIEWS[2]], indirect=True, ids=[_name(VIEWS[1]), _name(VIEWS[2])])
def test_changes_page_lists_ties_with_links(page, server, request):
    page.goto(f"{server}/changes")
    assert page.locator("#ties-appeared").is_visible()
    first = page.locator("#ties-appeared + .table-scroll tbody tr").first
    assert first.locator("a").count() == 2  # the two organizations of the tie, each a link
    screenshot(page, f"changes-{request.node.callspec.id}")
