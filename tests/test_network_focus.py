"""The strategist's picture in Chromium (issue #15): hub regions with names, readable labels, views
focused on a path, a hub or highlighted organizations, expand without overlap, true counts, phones.

Screenshots go to ``tests/artifacts/``, in English and in French. The browser, the server and the
checks of every page (no console error, no outside request) are those of ``tests/test_browser.py``.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from tests import test_browser
from tests.test_browser import _click_node, open_network, screenshot, wait_for

# the fixtures of the browser tests, used here under their own names
browser, server, page = test_browser.browser, test_browser.server, test_browser.page

PHONE = (390, 844)
#: Labels must be at least this big on screen, in CSS pixels (issue #15, item 3).
READABLE_PX = 12


def _numbers(text: str) -> list[int]:
    """The whole numbers of a sentence ("1,452" and the French "1 452" are one number)."""
    return [int(re.sub(r"[^\d]", "", n)) for n in re.findall(r"\d[\d,\u202f\u00a0 ]*\d|\d", text)]


def _on_screen(page, ids: list[str]) -> list[dict]:
    """Where these nodes are drawn, in CSS pixels of the network's box."""
    return page.evaluate(
        """(ids) => { const n = window.partnernet.network, pos = n.getPositions(ids);
                      return ids.map(id => n.canvasToDOM(pos[id])); }""",
        ids,
    )


# -- hub regions ------------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["en-GB", "fr-FR"], indirect=True)
def test_hub_regions_are_drawn_named_and_open_their_hub(page, server):
    lang = "fr" if page.evaluate("navigator.language").startswith("fr") else "en"
    expected = page.request.get(server + f"/network.json?lang={lang}").json()["regions"]
    regions = [r for r in expected if r["region"]]
    open_network(page, server + "/network")
    drawn = page.evaluate("window.partnernet.regions.map(r => [r.id, r.name, r.polygon.length])")
    assert [(i, name) for i, name, _ in drawn] == [(r["id"], r["name"]) for r in regions]
    assert all(corners >= 3 for *_, corners in drawn)
    named = page.evaluate("window.partnernet.regionLabels.map(l => l.text)")
    assert named and set(named) <= {r["name"] for r in regions}, "names are drawn on the canvas"
    # the legend names the same hubs, and every link opens a hub that exists
    links = page.eval_on_selector_all("#hub-legend a", "as => as.map(a => [a.textContent, a.href])")
    assert len(links) == len(regions)
    for (text, href), region in zip(links, regions, strict=True):
        assert region["name"] in text and href.endswith(f"/hubs/{region['id']}")
        assert page.request.get(href).ok
    screenshot(page, f"network-hub-regions-{lang}")
    # a click on a region's name (where no node is) opens its hub
    label = page.evaluate(
        """(() => { const n = window.partnernet.network;
                   for (const l of window.partnernet.regionLabels) for (const f of [0.5, 0.25, 0.75]) {
                     const p = {x: l.x + l.w * f, y: l.y + l.h / 2};
                     if (n.getNodeAt(p) === undefined && n.getEdgeAt(p) === undefined) return {...p, id: l.region.id}; }
                   return null; })()"""
    )
    assert label, "a hub's name can be clicked"
    box = page.locator("#network").bounding_box()
    page.mouse.click(box["x"] + label["x"], box["y"] + label["y"])
    page.wait_for_url(re.compile(rf"/hubs/{label['id']}$"))
    name = next(r["name"] for r in regions if r["id"] == label["id"])
    assert name in page.inner_text("h1")


def test_the_legend_by_hub_links_only_to_hubs_that_exist(page, server):
    hubs = {h["id"]: h["name"] for h in page.request.get(server + "/hubs.json").json()["hubs"]}
    open_network(page, server + "/network?color=hub")
    links = page.eval_on_selector_all("#legend a", "as => as.map(a => [a.textContent, a.getAttribute('href')])")
    assert links
    for text, href in links:
        number = int(href.rsplit("/", 1)[1])
        assert number in hubs and text == f"Hub {number}: {hubs[number]}"


# -- labels -------------------------------------------------------------------------------------


def _labels(page) -> list[dict]:
    return page.evaluate(
        """window.partnernet.labels.map(l => ({id: l.id, px: l.px, x: l.x, y: l.y, w: l.w, h: l.h, node: l.node,
                strength: window.partnernet.nodes.get(l.id).strength}))"""
    )


def _overlap(a: dict, b: dict) -> bool:
    return (
        a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"] and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"]
    )


def test_the_strongest_are_labelled_readably_the_rest_on_zoom_and_hover(page, server):
    open_network(page, server + "/network")
    # vis-network draws no label of its own (it would draw them under other nodes, tiny when zoomed out)
    assert page.evaluate("window.partnernet.nodes.get().every(n => n.label === undefined && n.caption)")
    labels = _labels(page)
    strongest = page.evaluate(
        "window.partnernet.nodes.get().sort((a, b) => b.strength - a.strength).slice(0, 5).map(n => n.id)"
    )
    assert set(strongest) <= {lab["id"] for lab in labels}, "the five strongest are named at the first drawing"
    assert all(lab["px"] >= READABLE_PX for lab in labels)
    by_strength = sorted(labels, key=lambda lab: lab["strength"])
    assert [lab["px"] for lab in by_strength] == sorted(lab["px"] for lab in labels), "size grows with strength"
    assert by_strength[-1]["px"] > by_strength[0]["px"]
    assert not [(a["id"], b["id"]) for a in labels for b in labels if a["id"] < b["id"] and _overlap(a, b)]
    for lab in labels:  # beside its node, not on it
        n = lab["node"]
        assert not (lab["x"] < n["x"] < lab["x"] + lab["w"] and lab["y"] < n["y"] < lab["y"] + lab["h"])
    screenshot(page, "network-labels")
    named = {lab["id"] for lab in labels}
    # hovering a node that has no label names it
    unnamed = page.evaluate(
        f"""window.partnernet.nodes.get().filter(n => !{sorted(named)!r}.includes(n.id))
              .sort((a, b) => b.strength - a.strength)[0].id"""
    )
    page.evaluate(f"window.partnernet.network.focus({unnamed!r}, {{scale: 1.5, animation: false}})")
    wait_for(page, f"!window.partnernet.labels.some(l => l.id === {unnamed!r}) || true")
    point = _on_screen(page, [unnamed])[0]
    box = page.locator("#network").bounding_box()
    page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
    wait_for(page, f"window.partnernet.labels.some(l => l.id === {unnamed!r})")
    # zooming in names more organizations
    page.mouse.move(box["x"] + 2, box["y"] + 2)
    page.evaluate("window.partnernet.network.fit({animation: false})")
    first = len(_labels(page))
    page.evaluate(
        "window.partnernet.network.moveTo({scale: window.partnernet.network.getScale() * 3, animation: false})"
    )
    wait_for(page, "window.partnernet.labels.length > 0")
    zoomed = _labels(page)
    assert all(lab["px"] >= READABLE_PX for lab in zoomed)
    visible = page.evaluate(
        """(() => { const n = window.partnernet.network, box = document.getElementById('network');
                   return Object.entries(n.getPositions()).filter(([, p]) => { const d = n.canvasToDOM(p);
                     return d.x > 0 && d.y > 0 && d.x < box.clientWidth && d.y < box.clientHeight; }).length; })()"""
    )
    assert len(zoomed) / visible > first / page.evaluate("window.partnernet.nodes.length"), "a larger share is named"
    screenshot(page, "network-labels-zoomed")


# -- focus ----------------------------------------------------------------------------------------


def _dimmed(page) -> dict[str, bool]:
    """Each node: is it drawn pale (every channel of its fill 200 or more)?"""
    return page.evaluate(
        """(() => { const out = {};
                   window.partnernet.nodes.forEach(n => { const c = n.color.background || n.color;
                     const v = c.startsWith('#') ? [1, 3, 5].map(i => parseInt(c.slice(i, i + 2), 16))
                                                 : c.match(/\\d+/g).map(Number);
                     out[n.id] = v.every(x => x >= 200); });
                   return out; })()"""
    )


def _framed(page, ids: list[str]) -> dict:
    """How the nodes sit in the network's box: all inside, and the share of the box they span."""
    box = page.evaluate(
        "[document.getElementById('network').clientWidth, document.getElementById('network').clientHeight]"
    )
    points = _on_screen(page, ids)
    xs, ys = [p["x"] for p in points], [p["y"] for p in points]
    inside = all(0 <= x <= box[0] for x in xs) and all(0 <= y <= box[1] for y in ys)
    return {"inside": inside, "span": max((max(xs) - min(xs)) / box[0], (max(ys) - min(ys)) / box[1])}


@pytest.mark.parametrize("page", ["en-GB", "fr-FR"], indirect=True)
def test_a_path_view_frames_the_path_dims_the_rest_and_says_what_it_shows(page, server):
    page.goto(server + "/paths?from=cnam&to=" + quote("Université libanaise") + "&k=3")
    page.click("a.show-path >> nth=2")
    page.wait_for_selector("body[data-drawn='1'][data-focus='path']")
    ids = page.evaluate("new URL(location.href).searchParams.get('path').split(',')")
    hops = len(ids) - 1
    title = page.inner_text("#view-title")
    french = page.get_attribute("html", "lang") == "fr"
    expected = f"Chemin\u00a0: Cnam → UL, {hops} étapes" if french else f"Path: Cnam → UL, {hops} hops"
    assert title == expected
    framed = _framed(page, ids)
    zoom = page.evaluate("window.partnernet.network.getScale()")
    assert framed["inside"] and (framed["span"] > 0.4 or zoom == 1), "framed: the path fills the box, or zoom 1:1"
    dimmed = _dimmed(page)
    assert not any(dimmed[o] for o in ids) and all(d for o, d in dimmed.items() if o not in ids)
    assert page.is_visible("#show-everything")
    screenshot(page, "network-path-focused" + ("-fr" if french else ""))
    page.click("#show-everything")
    assert not any(_dimmed(page).values()) and page.is_hidden("#show-everything")
    assert page.evaluate("window.partnernet.network.getScale()") < zoom, "everything is smaller than the path"


@pytest.mark.parametrize("page", ["en-GB", "fr-FR"], indirect=True)
def test_a_hub_view_frames_the_hub_and_is_titled_with_its_name(page, server):
    french = page.evaluate("navigator.language").startswith("fr")
    hub = page.request.get(server + "/hubs.json").json()["hubs"][1]
    open_network(page, server + f"/network?hub={hub['id']}")
    name = hub["name_fr"] if french else hub["name"]
    expected = f"Pôle {hub['id']}\u00a0: {name}" if french else f"Hub {hub['id']}: {name}"
    assert page.inner_text("#view-title") == expected
    members = page.evaluate("window.partnernet.focus.ids")
    assert len(members) == page.evaluate("window.partnernet.nodes.length") > 2, "the view is the hub's members"
    assert _framed(page, members)["inside"]
    assert page.evaluate("window.partnernet.regionLabels.map(l => l.text)") == [name]
    screenshot(page, f"network-hub-{hub['id']}" + ("-fr" if french else ""))


def test_a_recommendation_frames_both_organizations(page, server):
    page.goto(server + "/recommendations?org=rc-bretagne")
    page.click("#recommendations a[href*='/network'] >> nth=0")
    page.wait_for_selector("body[data-drawn='1'][data-focus='highlight']")
    ids = page.evaluate("new URL(location.href).searchParams.get('highlight').split(',')")
    assert len(ids) == 2
    assert page.inner_text("#view-title").startswith("Highlighted: Cnam Bretagne, ")
    kept = page.evaluate("window.partnernet.focus.ids")
    common = page.evaluate(
        f"""(() => {{ const n = window.partnernet.network, b = n.getConnectedNodes({ids[1]!r});
                    return n.getConnectedNodes({ids[0]!r}).filter(id => b.includes(id)); }})()"""
    )
    assert set(kept) == {*ids, *common}, "the two, and the partners they have in common"
    assert _framed(page, kept)["inside"]
    dimmed = _dimmed(page)
    assert not any(dimmed[o] for o in kept) and sum(dimmed.values()) == len(dimmed) - len(kept)
    screenshot(page, "network-recommendation-focused")


def test_an_organization_opened_from_its_page_is_shown_with_its_partners(page, server):
    page.goto(server + "/organizations/rc-bretagne")
    page.click("text=Show in the network")
    page.wait_for_selector("body[data-drawn='1'][data-focus='highlight']")
    kept = page.evaluate("window.partnernet.focus.ids")
    partners = page.evaluate("window.partnernet.network.getConnectedNodes('rc-bretagne')")
    assert set(kept) == {"rc-bretagne", *partners}
    assert _framed(page, kept)["inside"]
    page.wait_for_selector("#panel .provenance")
    assert page.evaluate("window.partnernet.network.getSelectedNodes()") == ["rc-bretagne"]


# -- expand and counts ------------------------------------------------------------------------------


def test_expand_places_new_neighbours_clear_of_every_node_and_counts_follow(page, server):
    open_network(page, server + "/network?country=MA")
    before = page.evaluate("window.partnernet.network.getPositions()")
    node = page.evaluate("window.partnernet.nodes.get().sort((a, b) => b.strength - a.strength)[0].id")
    page.evaluate(f"window.partnernet.network.focus({node!r}, {{scale: 1.2, animation: false}})")
    _click_node(page, node)
    page.wait_for_selector("#expand")
    page.click("#expand")
    page.wait_for_selector(f"body[data-expanded='{node}']")
    nodes = page.evaluate(
        """window.partnernet.nodes.get().map(n => { const p = window.partnernet.network.getPositions([n.id])[n.id];
                                                     return {id: n.id, x: p.x, y: p.y, r: n.size}; })"""
    )
    added = [n for n in nodes if n["id"] not in before]
    assert added
    for n in added:
        for m in nodes:
            if m["id"] != n["id"]:
                gap = ((n["x"] - m["x"]) ** 2 + (n["y"] - m["y"]) ** 2) ** 0.5
                assert gap >= n["r"] + m["r"], f"{n['id']} covers {m['id']}"
    assert all((n["x"], n["y"]) == (before[n["id"]]["x"], before[n["id"]]["y"]) for n in nodes if n["id"] in before)
    shown, total, ties, total_ties = _numbers(page.inner_text("#summary").split(".")[0])
    more_nodes, more_ties = _numbers(page.inner_text("#expanded-count"))
    assert shown <= total and ties <= total_ties
    assert shown + more_nodes == len(nodes) == page.evaluate("Object.keys(window.partnernet.network.body.nodes).length")
    assert ties + more_ties == page.evaluate("window.partnernet.edges.length")
    screenshot(page, "network-expanded-clear")


def test_panel_says_how_long_each_list_is_and_shows_the_rest(page, server):
    counts = page.request.get(server + "/organizations/cnam.json").json()["counts"]
    assert counts["partners"] > 50, "the demo's headquarters has more partners than a list shows"
    open_network(page, server + "/network?selected=cnam")
    page.wait_for_selector("#panel .provenance")
    heading = page.locator("#panel h3", has_text="Project partners")
    assert heading.inner_text() == f"Project partners (50 of {counts['partners']})"
    page.click(f"#panel button.show-all:has-text('Show all {counts['partners']}')")
    wait_for(page, "document.getElementById('panel-body').dataset.limit !== ''")
    page.wait_for_selector("#panel .provenance")
    heading = page.locator("#panel h3", has_text="Project partners")
    assert heading.inner_text() == f"Project partners ({counts['partners']})"
    section = page.locator("#panel section", has=page.locator("h3", has_text="Project partners"))
    assert section.locator("li").count() == counts["partners"]
    screenshot(page, "network-panel-counts")


def test_search_counts_every_match(page, server):
    found = page.request.get(server + "/search.json?q=ecole&limit=2").json()
    assert len(found["results"]) == 2 < found["count"]
    every = page.request.get(server + "/search.json?q=ecole&limit=100").json()
    assert found["count"] == every["count"] == len(every["results"])


# -- phones ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", [("en-GB", PHONE), ("fr-FR", PHONE)], indirect=True)
def test_the_network_is_usable_on_a_phone(page, server):
    french = page.evaluate("navigator.language").startswith("fr")
    suffix = "-fr" if french else ""
    open_network(page, server + "/network")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE[0], "nothing wider than the screen"
    header = page.locator("header.top").bounding_box()
    assert header["width"] <= PHONE[0] and header["height"] < 130
    canvas = page.locator("#network").bounding_box()
    assert canvas["width"] >= PHONE[0] - 2 and canvas["height"] > 400
    filters = page.locator("#drawer").bounding_box()
    assert filters["x"] + filters["width"] <= 0, "the filters are folded away"
    screenshot(page, "phone-network" + suffix)
    page.click("#drawer-open")
    wait_for(page, "document.getElementById('drawer').getBoundingClientRect().left >= 0")
    assert page.is_visible("#filters button[type=submit]")
    screenshot(page, "phone-network-filters" + suffix)
    page.click("#drawer-close")
    wait_for(page, "document.getElementById('drawer').getBoundingClientRect().right <= 0")
    # a tap on a node opens its panel over the bottom of the picture
    node = page.evaluate("window.partnernet.nodes.get().sort((a, b) => b.strength - a.strength)[0].id")
    page.evaluate(f"window.partnernet.network.focus({node!r}, {{scale: 1.5, animation: false}})")
    _click_node(page, node)
    page.wait_for_selector("#panel .provenance")
    panel = page.locator("#panel").bounding_box()
    assert panel["width"] <= PHONE[0] and panel["y"] + panel["height"] <= PHONE[1] + 1
    screenshot(page, "phone-network-panel" + suffix)


@pytest.mark.parametrize("page", [("en-GB", PHONE), ("fr-FR", PHONE)], indirect=True)
def test_hubs_and_planner_pages_fit_a_phone(page, server):
    suffix = "-fr" if page.evaluate("navigator.language").startswith("fr") else ""
    for name, url in (
        ("hubs", "/hubs"),
        ("hub", "/hubs/1"),
        ("paths", "/paths?from=cnam&to=afd"),
        ("partners", "/partners?q=" + quote("cybersécurité")),
        ("recommendations", "/recommendations?org=rc-bretagne"),
    ):
        page.goto(server + url)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE[0], f"{url} is wider than a phone"
        for form_field in page.locator("main input, main select, main button").all():
            field = form_field.bounding_box()
            if field:
                assert field["x"] >= 0 and field["x"] + field["width"] <= PHONE[0], f"{url}: a field leaves the screen"
        screenshot(page, f"phone-{name}{suffix}")


def test_the_page_says_a_view_is_being_computed_instead_of_freezing(page, server):
    open_network(page, server + "/network")
    # The form's submit event as the browser fires it, without leaving the page (a held navigation
    # would stop Playwright's own evaluation): what the user sees until the next view arrives.
    page.evaluate("document.getElementById('filters').dispatchEvent(new Event('submit', {cancelable: true}))")
    wait_for(page, "document.body.dataset.computing === '1' && !!document.getElementById('computing')")
    assert page.is_visible("#computing") and "Computing the view" in page.inner_text("#computing")
    assert page.evaluate("getComputedStyle(document.getElementById('network')).opacity") != "1", "old picture dimmed"
    assert page.is_disabled("#filters button[type=submit]")
    page.wait_for_timeout(1100)
    assert re.search(r"Computing the view… \d+ s", page.inner_text("#computing")), "seconds counted"
    screenshot(page, "network-computing")
