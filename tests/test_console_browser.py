"""The console and its query library in Debian's Chromium, driven by Playwright (issue #16, items 1, 3, 4).

The browser, the page watch (no console error, dialog or outside request) and
the screenshots are tests/test_browser.py's. The app here has a short time
limit (:data:`LIMIT`) so that a runaway query ends quickly; the number of
queries the engine ran is the engine's own count (FalkorDB: ``INFO
commandstats``; Neo4j: the transactions it shows while the query runs).
Screenshots go to ``tests/artifacts/console-*.png`` and ``library-*.png``.
"""

from __future__ import annotations

import threading
import time

import pytest

from tests import test_browser
from tests.test_browser import screenshot, wait_for
from tests.test_console import GROUPS_EN, RUNAWAY

pytestmark = pytest.mark.engines("falkordb")

#: tests/test_browser.py's fixtures: Chromium, and a page whose errors, dialogs and requests are watched.
browser = test_browser.browser
page = test_browser.page

#: The console's time limit in this module's app, in seconds.
LIMIT = 1.5

GROUPS_FR = [
    "Qui est dans le réseau",
    "Qui mène et qui travaille avec qui",
    "Qui finance quoi",
    "Quels accords renouveler ou signer",
    "Ce qui manque",
    "Comment atteindre une organisation",
]


@pytest.fixture(scope="module")
def served(demo_store):
    """The app on the demo network with a time limit of :data:`LIMIT` s, served by waitress."""
    from benchmarks.explorer_h2020 import serving
    from web import create_app

    settings = demo_store.settings.replace(query_timeout=LIMIT)
    app = create_app({"TESTING": True, "STORE": demo_store, "SETTINGS": settings})
    with serving(app) as base:
        yield base
    app.extensions["partnernet"].close()


def _expected_failures(page, *statuses: int) -> None:
    """Forget the failed requests that were the point of the test (the watch fails on any other)."""
    page.watch.errors[:] = [e for e in page.watch.errors if not any(str(s) in e for s in statuses)]


def _run(page, cypher: str, params: str = "{}") -> None:
    """Type a query and its JSON parameters, run it with Ctrl+Enter and wait for its answer."""
    done = page.evaluate("window.partnernetConsole.done")
    page.fill("#cypher", cypher)
    page.fill("#params", params)
    page.press("#cypher", "Control+Enter")
    wait_for(page, f"window.partnernetConsole.done > {done}", timeout=60)


class EngineCount:
    """How many times the engine ran ``text`` during the block: its own count, not ours.

    FalkorDB counts every ``GRAPH.RO_QUERY`` call (and each failed one) in
    ``INFO commandstats``; Neo4j shows running transactions, polled here.
    """

    def __init__(self, store, text: str):
        self.store, self.text = store, text
        self.runs = self.failed = 0
        self._seen: set[str] = set()
        self._stop = threading.Event()

    def _falkordb(self) -> tuple[int, int]:
        stats = self.store.connection.info("commandstats").get("cmdstat_graph.RO_QUERY", {})
        return stats.get("calls", 0), stats.get("failed_calls", 0)

    def _poll(self) -> None:
        show = "SHOW TRANSACTIONS YIELD transactionId, currentQuery RETURN transactionId, currentQuery"
        while not self._stop.is_set():
            self._seen |= {r["transactionId"] for r in self.store.run(show).rows if r["currentQuery"] == self.text}
            time.sleep(0.05)

    def __enter__(self) -> EngineCount:
        if self.store.dialect == "falkordb":
            self._before = self._falkordb()
        else:
            self._thread = threading.Thread(target=self._poll, daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        if self.store.dialect == "falkordb":
            calls, failed = self._falkordb()
            self.runs, self.failed = calls - self._before[0], failed - self._before[1]
        else:
            self._stop.set()
            self._thread.join(10)
            self.runs = self.failed = len(self._seen)


@pytest.mark.engines("falkordb", "neo4j")
def test_a_query_over_the_time_limit_runs_once_and_answers_in_about_the_limit(page, served, demo_store):
    """Item 1: the 504 is not re-sent by Chromium (a 408 was: the engine ran the query 5 times)."""
    page.goto(served + "/console")
    page.fill("#cypher", RUNAWAY)
    with EngineCount(demo_store, RUNAWAY) as count:
        started = time.monotonic()
        page.press("#cypher", "Control+Enter")
        wait_for(page, "window.partnernetConsole.done > 0", timeout=60)
        answered = time.monotonic() - started
        page.wait_for_timeout(1000)  # a browser that re-sends would do it now at the latest
    assert count.runs == 1 and count.failed == 1, f"the engine ran it {count.runs} times"
    assert LIMIT * 0.9 <= answered < LIMIT + 3, f"answered in {answered:.2f} s for a limit of {LIMIT} s"
    status = page.inner_text("#status")
    assert status.startswith("Error: ") and f"time limit {LIMIT:g} s" in status
    assert page.locator("#results tr").count() == 0
    screenshot(page, f"console-time-limit-{demo_store.dialect}")
    _expected_failures(page, 504)


def test_an_error_leaves_no_table_counts_or_downloads_of_the_previous_result(page, served):
    """Item 3: after a refused write or a syntax error only the error shows."""
    page.goto(served + "/console")
    paths = "MATCH p = (:Organization {id: 'cnam'})-[:PARTICIPATES_IN]->(:Project) RETURN p AS path LIMIT 4"
    for cypher, expected, shot in (
        ("CREATE (:Intruder {name: 'x'})", "read-only", "console-refused-write"),
        ("MATCH (n:Organization RETURN n", "syntax error at line 1", "console-syntax-error"),
    ):
        _run(page, paths)
        assert page.locator("#results tbody tr").count() == 4 and page.is_visible("#graph-box")
        assert page.inner_text("#status").startswith("4 rows") and page.is_enabled("#download-csv")
        _run(page, cypher)
        status = page.inner_text("#status")
        assert status.startswith("Error: ") and expected in status and "rows" not in status
        assert page.locator("#results tr").count() == 0, "no table of the previous result"
        assert page.is_hidden("#graph-box") and page.evaluate("window.partnernetConsole.network") is None
        assert page.is_disabled("#download-csv") and page.is_disabled("#download-json")
        assert page.evaluate("window.partnernetConsole.last") is None, "nothing left to download"
        screenshot(page, shot)
    _run(page, "RETURN 1 AS one", "{not json")  # a mistake in the parameters, caught before sending
    assert page.inner_text("#status").startswith("Error: parameters: ")
    _expected_failures(page, 403, 400)


def _visible_queries(page) -> list[str]:
    return page.evaluate(
        "Array.from(document.querySelectorAll('#library li[data-search]'))"
        ".filter(li => !li.hidden && !li.closest('section').hidden).map(li => li.id.slice(6))"
    )


def test_library_is_grouped_and_its_search_box_filters_as_the_server_does(page, served):
    page.goto(served + "/library")
    assert page.locator("section.library-group h2").all_inner_texts() == GROUPS_EN
    assert len(_visible_queries(page)) == 16 and page.inner_text("#library-count") == "16 of 16 queries"
    screenshot(page, "library-en")
    for words in ("ECHEANCE", "financeurs", "expertise pays", "two_hops", "Centre"):
        page.fill("#library-q", words)
        server = page.request.get(f"{served}/library.json?q={words}").json()
        names = [q["name"] for g in server["groups"] for q in g["queries"]]
        assert _visible_queries(page) == names and names, words
        assert page.inner_text("#library-count") == f"{len(names)} of 16 queries"
        assert f"q={words.replace(' ', '+')}" in page.url, "the search stays in the address"
    page.fill("#library-q", "financement")
    assert page.locator("section.library-group:not([hidden]) h2").all_inner_texts() == ["Who funds what"]
    screenshot(page, "library-en-search")
    page.fill("#library-q", "no such words")
    assert _visible_queries(page) == [] and page.is_visible("#library-none")
    page.fill("#library-q", "")
    assert len(_visible_queries(page)) == 16 and page.is_hidden("#library-none") and "q=" not in page.url
    page.goto(served + "/library?q=cofunded")  # the server's answer to the same search
    assert _visible_queries(page) == ["analyst_cofunded_projects"]
    assert page.input_value("#library-q") == "cofunded"


def test_a_saved_query_opens_with_typed_fields_and_text_without_quotes(page, served, demo_store):
    page.goto(served + "/library")
    form = page.locator("#query-analyst_expertise_missing_in_country form")
    assert form.locator("input[name='p.country']").get_attribute("type") == "text"
    assert form.locator("input[name='p.limit']").get_attribute("type") == "number"
    assert "text" in form.inner_text() and "whole number" in form.inner_text()
    form.locator("input[name='p.country']").fill("BR")
    form.locator("input[name='p.limit']").fill("4")
    with page.expect_navigation():
        form.locator("button.open-in-console").click()
    wait_for(page, "window.partnernetConsole && window.partnernetConsole.done > 0")
    expected = demo_store.read("analyst_expertise_missing_in_country", country="BR", limit=4)
    assert page.locator("#results tbody tr").count() == len(expected) == 4
    assert page.input_value("#saved-params input[name='p.country']") == "BR" and page.is_hidden("#params-box")
    screenshot(page, "console-saved-query")
    page.fill("#saved-params input[name='p.limit']", "2")
    page.press("#saved-params input[name='p.limit']", "Enter")
    wait_for(page, "window.partnernetConsole.done > 1")
    assert page.locator("#results tbody tr").count() == 2
    page.fill("#cypher", page.input_value("#cypher") + " ")  # edited: now the analyst's own query
    assert page.is_visible("#params-box") and page.is_hidden("#saved-params")
    assert page.input_value("#params") == '{"country":"BR","limit":2}'
    _run(page, page.input_value("#cypher"), page.input_value("#params"))
    assert page.locator("#results tbody tr").count() == 2


@pytest.mark.parametrize("page", ["fr-FR"], indirect=True)
def test_library_in_french(page, served):
    page.goto(served + "/library")
    assert page.get_attribute("html", "lang") == "fr"
    assert page.locator("section.library-group h2").all_inner_texts() == GROUPS_FR
    assert page.inner_text("#library-count") == "16 sur 16 requêtes"
    assert page.inner_text("#query-analyst_cofunded_projects h3").startswith("Projets cofinancés")
    assert "nombre entier" in page.inner_text("#query-analyst_cofunded_projects")
    screenshot(page, "library-fr")
    page.fill("#library-q", "ECHEANCE periode")
    assert _visible_queries(page) == ["analyst_agreements_expiring_between_years"], "« échéance », accents ignored"
    assert page.inner_text("#library-count") == "1 sur 16 requêtes"
    screenshot(page, "library-fr-search")


def test_the_csv_download_writes_formulas_as_text(page, served, tmp_path):
    """CSV injection (OWASP): a cell of text a spreadsheet would run is written after a quote; numbers stay."""
    page.goto(served + "/console")
    _run(page, "RETURN '=1+2' AS f, '@SUM(A1)' AS a, -3 AS n, 'a-b' AS plain, '+33 1' AS phone")
    with page.expect_download() as info:
        page.click("#download-csv")
    saved = tmp_path / "rows.csv"
    info.value.save_as(saved)
    assert saved.read_text().splitlines() == ["f,a,n,plain,phone", "'=1+2,'@SUM(A1),-3,a-b,'+33 1"]
