"""Charts of hubs and organizations, their data files, /changes and the printed header, on the real engines.

The series are checked against counts made here from the snapshot's rows and the fundings read from the store,
not against figures written down.
"""

from __future__ import annotations

import csv
import io
from collections import Counter

import pytest

from graph.analytics.changes import GROWTH, MIN_GAIN, ChangeIndex, default_periods
from graph.analytics.snapshot import WIDE_ACTIVITY, is_wide
from graph.analytics.timeline import Timeline, is_eu_funder
from tests.conftest import XSS_ID, XSS_NAME
from web.svg import Bars, Line, nice_ticks, ranked_bars, year_chart

pytestmark = pytest.mark.engines("falkordb", "neo4j")


@pytest.fixture(scope="module")
def fundings(demo_store):
    return demo_store.read("timeline_fundings")


@pytest.fixture(scope="module")
def timeline(snapshot, fundings):
    return Timeline(snapshot, fundings)


def _involved(snapshot, members):
    return [p for p in snapshot.projects if set(members) & set(p["participants"]) or set(members) & set(p["funders"])]


def _expected(snapshot, fundings, members):
    """The series of ``members`` counted from the rows, one project at a time."""
    projects = _involved(snapshot, members)
    chosen = {p["id"]: p for p in projects}
    started, running = Counter(), Counter()
    for p in projects:
        start = p["start_year"] if p["start_year"] is not None else p["end_year"]
        end = p["end_year"] if p["end_year"] is not None else start
        if start is None:
            continue
        started[start] += 1
        for y in range(start, max(start, end) + 1):
            running[y] += 1
    eu, other = Counter(), Counter()
    for f in fundings:
        if f["project"] in chosen:
            year = f["year"] if f["year"] is not None else chosen[f["project"]]["start_year"]
            side = eu if is_eu_funder(snapshot.organizations[f["funder"]]) else other
            side[year] += f["amount"] or 0.0
    partners = {o for p in projects if not is_wide(p["participants"], WIDE_ACTIVITY) for o in p["participants"]} - set(
        members
    )
    countries = Counter(snapshot.organizations[o].get("country") or "" for o in partners)
    return started, running, eu, other, countries, len(projects)


def _check(series, expected):
    started, running, eu, other, countries, projects = expected
    assert series.projects == projects
    assert {y: v for y, v in zip(series.years, series.started, strict=True) if v} == dict(started)
    assert {y: v for y, v in zip(series.years, series.running, strict=True) if v} == dict(running)
    assert {y: v for y, v in zip(series.years, series.eu, strict=True) if v} == pytest.approx(
        {y: v for y, v in eu.items() if v}
    )
    assert {y: v for y, v in zip(series.years, series.other, strict=True) if v} == pytest.approx(
        {y: v for y, v in other.items() if v}
    )
    assert dict(series.countries) == dict(countries)
    assert [n for _c, n in series.countries] == sorted(countries.values(), reverse=True)


def test_an_organization_s_series_match_a_count_of_the_rows(snapshot, fundings, timeline):
    for org in ("cnam", XSS_ID, "eu", "afd"):
        _check(timeline.series([org]), _expected(snapshot, fundings, [org]))


def test_a_hub_s_series_match_a_count_of_the_rows(web_app, snapshot, fundings, timeline):
    from web.state import get_state

    with web_app.app_context():
        hubs = get_state().hubs()
    for hub in hubs[:3]:
        _check(timeline.series(hub.members), _expected(snapshot, fundings, hub.members))


def test_the_demo_has_eu_and_other_funding(snapshot, timeline):
    series = timeline.series(list(snapshot.organizations))
    assert sum(series.eu) > 0 and sum(series.other) > 0
    assert is_eu_funder(snapshot.organizations["eu"]) and not is_eu_funder(snapshot.organizations["afd"])


def test_svg_escapes_names_and_says_what_it_shows():
    svg = ranked_bars("x", "Partners <b>", "desc & more", [("<script>alert(1)</script>", 3), ("France", 1)])
    assert "<script>" not in svg and "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
    assert '<title id="x-title">Partners &lt;b&gt;</title>' in svg and "desc &amp; more" in svg
    bars = year_chart("y", "T", "D", [2020, 2021], [Bars("A", [1, 0]), Bars("B", [2, 5], "hatched")], Line("L", [3, 4]))
    assert bars.count("</title></rect>") == 3  # a bar of 0 is not drawn
    assert (
        'fill="url(#y-hatch)"' in bars and "<title>2021 · B: 5</title>" in bars and "<title>2020 · L: 3</title>" in bars
    )
    assert nice_ticks(5_800_000)[-1] >= 5_800_000


def test_hub_page_shows_its_charts_and_links_their_data(client, snapshot):
    hub = client.get("/hubs.json").get_json()["hubs"][0]["id"]
    html = client.get(f"/hubs/{hub}?lang=en").get_data(as_text=True)
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart"') == 4  # 3 charts, 1 picture
    assert f'id="hub-{hub}-picture"' in html
    assert f'href="/hubs/{hub}/timeline.csv"' in html and f'href="/hubs/{hub}/partner-countries.csv"' in html
    assert "Projects per year" in html and "European Union" in html
    french = client.get(f"/hubs/{hub}?lang=fr").get_data(as_text=True)
    assert "Projets par année" in french and "Union européenne" in french


def test_organization_page_escapes_a_hostile_name_in_its_charts(client):
    html = client.get(f"/organizations/{XSS_ID}?lang=en").get_data(as_text=True)
    assert 'class="chart"' in html
    assert XSS_NAME not in html
    data = client.get(f"/organizations/{XSS_ID}/timeline.json").get_json()
    assert data["name"] == XSS_NAME and data["organization"] == XSS_ID


def test_timeline_files_agree_with_the_series(client, timeline):
    data = client.get("/organizations/cnam/timeline.json").get_json()
    series = timeline.series(["cnam"])
    assert data["years"] == series.years and data["running"] == series.running and data["eu"] == series.eu
    rows = list(csv.DictReader(io.StringIO(client.get("/organizations/cnam/timeline.csv").get_data(as_text=True))))
    assert [int(r["year"]) for r in rows] == series.years
    assert [int(r["started"]) for r in rows] == series.started
    assert [float(r["other"]) for r in rows] == series.other
    response = client.get("/organizations/cnam/partner-countries.csv?lang=fr")
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [(r["country"], int(r["partners"])) for r in rows] == series.countries
    assert client.get("/organizations/nope/timeline.csv").status_code == 404
    assert client.get("/hubs/999999/timeline.json").status_code == 404


def test_csv_cells_cannot_run_as_formulas(client, demo_store, web_app):
    from web.charts import _csv

    with web_app.test_request_context():
        text = _csv([{"name": "=HYPERLINK(1)", "n": -2}], "x.csv").get_data(as_text=True)
    assert "'=HYPERLINK(1)" in text and ",-2" in text


def _tie_weights(snapshot, period, kept=lambda o: True):
    weights = Counter()
    activities = [(p["participants"], p["start_year"] or p["end_year"]) for p in snapshot.projects]
    activities += [(a["parties"], a["start_year"]) for a in snapshot.agreements]
    for members, year in activities:
        if year is None or not period[0] <= year <= period[1] or is_wide(members, WIDE_ACTIVITY):
            continue
        chosen = sorted({o for o in members if kept(o)})
        weights.update((a, b) for i, a in enumerate(chosen) for b in chosen[i + 1 :])
    return weights


def test_changes_match_a_count_of_pairs(snapshot):
    ci = ChangeIndex(snapshot)
    before, after = default_periods(*ci.years())
    found = ci.changes(before, after, limit=100_000)
    a, b = _tie_weights(snapshot, before), _tie_weights(snapshot, after)
    appeared = {t for t in b if t not in a}
    faded = {t for t in a if t not in b}
    length_a, length_b = before[1] - before[0] + 1, after[1] - after[0] + 1
    grew = {t for t in a if b[t] * length_a >= GROWTH * a[t] * length_b and b[t] - a[t] >= MIN_GAIN}
    assert {tuple(t["ids"]) for t in found["ties"]["appeared"]["items"]} == appeared
    assert {tuple(t["ids"]) for t in found["ties"]["faded"]["items"]} == faded
    assert {tuple(t["ids"]) for t in found["ties"]["grew"]["items"]} == grew
    assert found["before"]["ties"] == len(a) and found["after"]["ties"] == len(b)
    weights = [t["after"] for t in found["ties"]["appeared"]["items"]]
    assert weights == sorted(weights, reverse=True)
    assert appeared and faded


def test_changes_with_a_country_keep_ties_between_its_organizations(snapshot):
    ci = ChangeIndex(snapshot)
    before, after = default_periods(*ci.years())
    mask = ci.organization_mask(countries=["MA"])
    found = ci.changes(before, after, organizations=mask, limit=100_000)
    in_ma = lambda o: snapshot.organizations[o].get("country") == "MA"  # noqa: E731
    b = _tie_weights(snapshot, after, in_ma)
    assert {tuple(t["ids"]) for t in found["ties"]["appeared"]["items"]} == {
        t for t in b if t not in _tie_weights(snapshot, before, in_ma)
    }


def test_changes_page_and_json(client):
    data = client.get("/changes.json").get_json()
    first, last = data["years"]["first"], data["years"]["last"]
    assert (data["before"]["from"], data["after"]["to"]) == (first, last)
    assert data["after"]["from"] == data["before"]["to"] + 1
    assert data["ties"]["appeared"]["count"] >= len(data["ties"]["appeared"]["items"]) > 0
    html = client.get("/changes?lang=fr&country=MA").get_data(as_text=True)
    assert "Liens apparus" in html
    bad = client.get("/changes.json?before=2020-2014")
    assert bad.status_code == 400 and "before" in bad.get_json()["error"]["message"]
    overlap = client.get("/changes.json?before=2014-2018&after=2018-2020")
    assert overlap.status_code == 400 and "after" in overlap.get_json()["error"]["message"]
    one = client.get("/changes.json?before=2016&after=2019&limit=3").get_json()
    assert (one["before"]["from"], one["before"]["to"], one["after"]["from"]) == (2016, 2016, 2019)
    assert all(len(kind["items"]) <= 3 for kind in one["organizations"].values())


def test_printed_header_names_filters_date_and_source(client):
    html = client.get("/hubs?country=MA&lang=en").get_data(as_text=True)
    header = html.split('<header class="print-header">')[1].split("</header>")[0]
    assert "<code>country=MA</code>" in header and "lang" not in header
    assert "tests: demo network + one hostile name" in header and "Excellence hubs" in header


def test_changes_with_a_funder_count_only_its_projects(snapshot):
    ci = ChangeIndex(snapshot)
    before, after = default_periods(*ci.years())
    found = ci.changes(before, after, activities=ci.activity_mask(funder="afd"), limit=100_000)
    funded = [p for p in snapshot.projects if "afd" in p["funders"]]
    weights = Counter()
    for p in funded:
        year = p["start_year"] or p["end_year"]
        if year is not None and after[0] <= year <= after[1]:
            members = sorted(set(p["participants"]))
            weights.update((a, b) for i, a in enumerate(members) for b in members[i + 1 :])
    assert found["after"]["ties"] == len(weights) > 0
    assert found["after"]["activities"] == sum(
        1 for p in funded if (y := p["start_year"] or p["end_year"]) and after[0] <= y <= after[1]
    )
