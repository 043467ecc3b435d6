"""The consortium builder in Debian's Chromium (Playwright), on the demo network: the form filled and sent,
three consortia shown, on a desktop and on a phone, in English and French; no request leaves 127.0.0.1,
nothing is wider than a phone's screen. Screenshots: ``tests/artifacts/consortium-*.png``.
"""

from __future__ import annotations

import pytest

from tests import test_browser
from tests.test_browser import screenshot

server = test_browser.server
browser = test_browser.browser
page = test_browser.page

DESKTOP = (1280, 800)
PHONE = (390, 844)


def _fill_and_build(page, server: str, lang: str) -> None:
    page.goto(f"{server}/consortium?lang={lang}")
    page.fill("input[name=lead]", "rc-bretagne")
    page.fill("input[name=need]", "cybersécurité, énergie solaire")
    page.fill("input[name=min_size]", "4")
    page.fill("input[name=min_countries]", "2")
    page.fill("input[name=max_size]", "6")
    page.fill("input[name=kind]", "company")
    page.fill("input[name=require_country]", "MA")
    page.click("#consortium-form button[type=submit]")
    page.wait_for_selector("#consortium-1")


@pytest.mark.parametrize(
    ("page", "lang", "size"),
    [
        (("en-GB", DESKTOP), "en", "desktop"),
        (("fr-FR", DESKTOP), "fr", "desktop"),
        (("en-GB", PHONE), "en", "phone"),
        (("fr-FR", PHONE), "fr", "phone"),
    ],
    indirect=["page"],
)
def test_the_form_builds_three_consortia(page, server, lang, size):
    _fill_and_build(page, server, lang)
    assert page.locator("section.consortium").count() == 3
    assert page.locator("ul.checks li.unmet").count() == 0, "every rule met"
    assert page.locator("#consortium-1 table.members tbody tr").count() >= 4
    first = page.locator("#consortium-1 table.members tbody tr").nth(1)
    assert first.locator("li").count() >= 2, "a member comes with its reasons"
    lead = "(chef de file)" if lang == "fr" else "(lead)"
    assert lead in page.locator("#consortium-1 tr.lead").inner_text()
    wide = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert wide <= 0, f"the page is {wide} px wider than the window"
    screenshot(page, f"consortium-{size}-{lang}")
    page.evaluate("() => document.getElementById('consortium-1').scrollIntoView()")
    screenshot(page, f"consortium-{size}-{lang}-results")
    page.screenshot(path=str(test_browser.ARTIFACTS / f"consortium-{size}-{lang}-full.png"), full_page=True)
