"""The type-ahead in Debian's Chromium, driven by Playwright (web/static/typeahead.js).

The app, the browser and the page watch (no console error, no dialog, no outside request)
are test_browser's; the network is test_suggest's (the demo with hostile and shared names).
Screenshots of the open list, at desktop and phone width, go to ``tests/artifacts/``.
"""

from __future__ import annotations

import pytest

from tests import test_browser
from tests.conftest import XSS_NAME, _holder, store_on
from tests.test_browser import Watch, screenshot
from tests.test_suggest import SCRIPT_NAME, load_typeahead_demo

# test_browser's fixtures: the app served by waitress, Chromium, a watched page
server, browser, page = test_browser.server, test_browser.browser, test_browser.page

LISTBOX = ".typeahead:not([hidden]) [role=listbox]"
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def demo_store(engine, request):
    """test_suggest's network (overrides conftest's: ``web_app``, and so ``server``, serve this one)."""
    with store_on(engine, request, _holder("demo_store", request.module), load_typeahead_demo) as store:
        yield store


def listbox_of(page, field):
    """The listbox that ``field`` (a locator of a combobox) controls."""
    return page.locator(f"#{field.get_attribute('aria-controls')}")


def type_and_wait(page, field, text: str, expect: str | None = None):
    """Type ``text`` into ``field`` key by key; the listbox once it shows (holding ``expect``, if given)."""
    field.fill("")
    field.press_sequentially(text, delay=20)
    listbox = listbox_of(page, field)
    option = listbox.get_by_role("option", name=expect) if expect else listbox.get_by_role("option").first
    option.first.wait_for(state="visible", timeout=10_000)
    return listbox


def option_names(listbox) -> list[str]:
    return listbox.locator(".typeahead-name").all_inner_texts()


def choose_with_keys(field, listbox, name: str) -> None:
    """Arrow down to the option named ``name`` and press Enter."""
    names = option_names(listbox)
    active = field.get_attribute("aria-activedescendant")
    now = names.index(listbox.locator(f"#{active} .typeahead-name").inner_text()) if active else -1
    for _ in range(names.index(name) - now):
        field.press("ArrowDown")
    active = field.get_attribute("aria-activedescendant")
    assert listbox.locator(f"#{active} .typeahead-name").inner_text() == name
    field.press("Enter")


def test_paths_from_field_offers_a_city_and_finds_a_path(page, server):
    page.goto(server + "/paths")
    field = page.locator("#paths-form input[name=from]")
    assert field.get_attribute("role") == "combobox"
    assert field.get_attribute("aria-expanded") == "false"
    listbox = type_and_wait(page, field, "casabl", expect="Cnam Maroc")
    assert field.get_attribute("aria-expanded") == "true"
    assert (
        listbox.get_attribute("role") == "listbox" and listbox.get_attribute("aria-label") == "Suggested organizations"
    )
    assert "Cnam Maroc" in option_names(listbox)
    assert "Casablanca" in listbox.get_by_role("option", name="Cnam Maroc").inner_text()
    field.press("ArrowDown")
    field.press("ArrowDown")
    field.press("ArrowUp")  # back to the first
    assert listbox.get_by_role("option").first.get_attribute("aria-selected") == "true"
    screenshot(page, "typeahead-paths-desktop")
    choose_with_keys(field, listbox, "Cnam Maroc")
    assert field.input_value() == "Cnam Maroc"  # the name, not the id pc-casablanca
    assert field.get_attribute("aria-expanded") == "false" and not listbox.is_visible()
    to = page.locator("#paths-form input[name=to]")
    to_list = type_and_wait(page, to, "agence fran", expect="Agence française de développement")
    to_list.get_by_role("option", name="Agence française de développement").click()  # the mouse too
    assert to.input_value() == "Agence française de développement"
    with page.expect_navigation():
        page.click("#paths-form button[type=submit]")
    assert page.locator("#paths li").count() > 0, page.inner_text("main")
    assert page.locator("#paths a").first.inner_text() == "Cnam Maroc"


def test_escape_closes_and_enter_without_a_choice_submits_what_was_typed(page, server):
    page.goto(server + "/recommendations")
    field = page.locator("#recommendations-form input[name=org]")
    listbox = type_and_wait(page, field, "rc-bretagne")
    field.press("Escape")
    assert not listbox.is_visible() and field.input_value() == "rc-bretagne"
    field.press("ArrowDown")  # opens it again
    listbox.get_by_role("option").first.wait_for(state="visible")
    field.press("Escape")
    with page.expect_navigation():
        field.press("Enter")
    assert "org=rc-bretagne" in page.url and "works with" in page.inner_text("main")


def test_avoid_completes_the_last_item_and_asked_by_is_offered(page, server):
    page.goto(server + "/paths")
    avoid = page.locator("#paths-form input[name=avoid]")
    avoid.fill("MA, ")
    listbox = type_and_wait(page, avoid, "MA, jumeau")
    twins = listbox.get_by_role("option")
    assert twins.count() == 2 and "Lyon" in twins.first.inner_text() + twins.last.inner_text()
    first = twins.first.inner_text()
    avoid.press("ArrowDown")
    avoid.press("Enter")
    chosen = "ta-twin-a" if "Lyon" in first else "ta-twin-b"
    assert avoid.input_value() == f"MA, {chosen}"  # a shared name: the id tells them apart
    type_and_wait(page, avoid, f"MA, {chosen}, guillemets")
    avoid.press("ArrowDown")
    avoid.press("Enter")
    assert avoid.input_value() == f"MA, {chosen}, ta-odd"  # a name with a comma would be two items
    page.goto(server + "/partners")
    asked_by = page.locator("#partners-form input[name=from]")
    type_and_wait(page, asked_by, "cnam als", expect="Cnam Alsace")


def test_accents_and_case_are_ignored_both_ways(page, server):
    page.goto(server + "/paths")
    field = page.locator("#paths-form input[name=to]")
    plain = option_names(type_and_wait(page, field, "ecole poly"))
    accented = option_names(type_and_wait(page, field, "école poly"))
    upper = option_names(type_and_wait(page, field, "ÉCOLE POLY"))
    assert plain == accented == upper
    assert "École polytechnique fédérale de Lausanne" in plain  # typed without accents, named with
    listbox = type_and_wait(page, field, "école supérieure sans", expect="Ecole Superieure Sans Accents")
    assert option_names(listbox) == ["Ecole Superieure Sans Accents"]  # typed with accents, named without


def test_hostile_names_show_as_text(page, server):
    page.goto(server + "/paths")
    field = page.locator("#paths-form input[name=from]")
    listbox = type_and_wait(page, field, "script", expect=SCRIPT_NAME)
    assert SCRIPT_NAME in option_names(listbox)
    assert listbox.locator("script, b").count() == 0
    listbox = type_and_wait(page, field, "img src", expect=XSS_NAME)
    assert option_names(listbox) == [XSS_NAME]
    assert page.locator("img").count() == 0
    choose_with_keys(field, listbox, XSS_NAME)
    assert field.input_value() == XSS_NAME
    page.wait_for_timeout(300)
    assert not page.watch.dialogs


def test_header_search_chooses_a_node_on_the_network(page, server):
    page.goto(server + "/network")
    page.wait_for_selector("body[data-drawn='1']", timeout=30_000)
    field = page.locator("#search-input")
    listbox = type_and_wait(page, field, "casabl", expect="Cnam Maroc")
    screenshot(page, "typeahead-header-desktop")
    choose_with_keys(field, listbox, "Cnam Maroc")
    page.wait_for_selector("#panel:not([hidden]) .panel-title", timeout=10_000)
    assert page.inner_text(".panel-title") == "Cnam Maroc"
    assert page.evaluate("window.partnernet.network.getSelectedNodes()") == ["pc-casablanca"]


@pytest.mark.parametrize(
    "url, selector", [("/paths", "#paths-form input[name=from]"), ("/organizations/cnam", "#search-input")]
)
def test_phone_width(browser, server, url, selector):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    phone = context.new_page()
    watch = Watch(phone)
    try:
        phone.goto(server + url)
        field = phone.locator(selector)
        listbox = type_and_wait(phone, field, "casabl", expect="Cnam Maroc")
        box = phone.locator(".typeahead:not([hidden])").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
        assert box["width"] >= 0.6 * PHONE["width"], box  # wide enough to read, whatever the field's width
        name = "header" if selector == "#search-input" else "paths"
        screenshot(phone, f"typeahead-{name}-phone")
        listbox.get_by_role("option", name="Cnam Maroc").tap()
        if selector == "#search-input":
            phone.wait_for_url(lambda u: "q=Cnam+Maroc" in u)
        else:
            assert field.input_value() == "Cnam Maroc"
    finally:
        context.close()
    watch.check()


@pytest.mark.parametrize("page", ["fr-FR"], indirect=True)
def test_french_labels(page, server):
    page.goto(server + "/paths")
    field = page.locator("#paths-form input[name=from]")
    listbox = type_and_wait(page, field, "casabl", expect="Cnam Maroc")
    assert listbox.get_attribute("aria-label") == "Organisations suggérées"
    field.press_sequentially("zzqq")
    page.locator(".typeahead:not([hidden]) .none").wait_for(state="visible")
    assert page.inner_text(".typeahead:not([hidden]) .none") == "Aucune organisation ne correspond"
