"""The console cannot crash, hang or bloat the engine (issue #19, item 4).

Each query of the issue is sent to the served app (waitress, real HTTP, several
sessions at once) with a short time limit (:data:`LIMIT`). For each one:

- every request is answered within the time limit + :data:`GRACE`;
- a page (``/organizations/cnam.json``, warmed) is answered meanwhile within :data:`PAGE_SECONDS`;
- the engine is alive afterwards (same process, answering);
- the engine's memory (its allocator's ``used_memory``) is back within 10 % of what it was
  before, once the console's pool is idle again (a query that FalkorDB does not stop at its
  time limit, such as one long expression, keeps its thread until it ends: waited for, at
  most :data:`benchmarks.console.SETTLE` seconds).

The bounds are those of the issue (limit + 2 s, a page in < 1 s): bounds of correctness (a
hang), not of speed; the figures are measured by ``partnernet bench console`` (README,
*Performance*). On today's code (before this module) each test fails: the 100,000-deep query
kills the engine, the 30-deep one is parsed for minutes, the reduce and cartesian queries
answer long past the limit, the 4M UNWIND sends every row to the web process.
"""

from __future__ import annotations

import json
import resource

import pytest

from benchmarks.console import CASES, Session, fetch_page, measure

pytestmark = pytest.mark.engines("falkordb")

#: The console's time limit in this module's app, in seconds.
LIMIT = 3.0
#: Seconds past the limit within which every console request must be answered (the issue's figure).
GRACE = 2.0
#: Seconds within which a page must answer while console queries run (the issue's figure).
PAGE_SECONDS = 1.0

NESTED_DEEP, NESTED_30, REDUCE, CARTESIAN, BIG_RANGE, UNWIND_4M = (CASES[name][0] for name in CASES)


@pytest.fixture(scope="module")
def served(demo_store):
    """The app on the demo network with a time limit of :data:`LIMIT` s, served by waitress with 8 threads
    (as `partnernet serve`): more than the console's queries running and waiting (2 + 2)."""
    from benchmarks.explorer_h2020 import serving
    from web import create_app

    app = create_app({"STORE": demo_store, "SETTINGS": demo_store.settings.replace(query_timeout=LIMIT)})
    with serving(app, threads=8) as base:
        assert fetch_page(base)[0] == 200  # warm: the snapshot of this graph version is read
        yield app, base
    app.extensions["partnernet"].close()


def check_console(served, demo_store, queries: list[str]) -> list[dict]:
    """Send ``queries`` at once (one session each), a page meanwhile; check the four bounds; the answers."""
    app, base = served
    assert len(set(queries)) == 1
    f = measure(app, base, demo_store, queries[0], len(queries), timeout=LIMIT + GRACE + 30)
    answers = f["answers"]
    assert all(a["status"] is not None for a in answers), answers
    assert f["slowest_seconds"] <= LIMIT + GRACE, f"answered after {f['slowest_seconds']:.1f} s (limit {LIMIT} s)"
    assert f["page_status"] == 200 and f["page_seconds"] < PAGE_SECONDS, f"the page took {f['page_seconds']:.2f} s"
    assert f["engine_alive"], "the engine died"
    assert f["memory_after"] <= f["memory_before"] * 1.10, (
        f"the engine's memory went from {f['memory_before']} to {f['memory_after']} bytes and stayed"
    )
    return answers


def test_a_query_nested_100000_deep_is_refused_and_the_engine_lives(served, demo_store):
    [answer] = check_console(served, demo_store, [NESTED_DEEP])
    assert answer["status"] == 400
    message = answer["answer"]["error"]["message"]
    assert "100,000" in message or "the query is" in message, message


def test_a_query_nested_30_deep_is_refused_before_the_engine_parses_it(served, demo_store):
    [answer] = check_console(served, demo_store, [NESTED_30])
    assert answer["status"] == 400
    assert "nests 30 levels deep" in answer["answer"]["error"]["message"]


@pytest.mark.engines("falkordb", "neo4j")
def test_prefix_operators_and_case_count_as_nesting(served):
    _, base = served
    session = Session(base)
    for text in (
        "RETURN " + "NOT " * 20 + "true",
        "RETURN " + "- " * 20 + "1",
        "RETURN " + "CASE WHEN true THEN " * 20 + "1" + " END" * 20,
    ):
        answer = session.run(text)
        assert answer["status"] == 400 and "levels deep" in answer["answer"]["error"]["message"], text
    assert session.run("RETURN " + "(" * 10 + "1" + ")" * 10 + " AS one")["answer"]["rows"] == [{"one": 1}]


@pytest.mark.engines("falkordb", "neo4j")
def test_parameters_are_bounded_in_size_and_nesting(served):
    _, base = served
    session = Session(base)
    deep = session.run("RETURN $p AS p", {"p": json.loads("[" * 40 + "]" * 40)})
    assert deep["status"] == 400 and "parameters nest 40 levels deep" in deep["answer"]["error"]["message"]
    big = session.run("RETURN size($p) AS n", {"p": ["x" * 100] * 2000})
    assert big["status"] == 400 and "parameters are" in big["answer"]["error"]["message"]
    assert session.run("RETURN size($p) AS n", {"p": ["x"] * 100})["answer"]["rows"] == [{"n": 100}]


def test_two_nested_reduce_queries_answer_by_the_limit(served, demo_store):
    answers = check_console(served, demo_store, [REDUCE, REDUCE])
    assert [a["status"] for a in answers] == [504, 504], answers
    assert all("time limit" in a["answer"]["error"]["message"] for a in answers)


def test_ten_cartesian_queries_do_not_queue_past_the_limit(served, demo_store):
    answers = check_console(served, demo_store, [CARTESIAN] * 10)
    statuses = sorted(a["status"] for a in answers)
    assert set(statuses) <= {504, 429}, answers
    busy = [a for a in answers if a["status"] == 429]
    assert busy and all("the console is busy" in a["answer"]["error"]["message"] for a in busy)


def test_a_huge_range_answers_by_the_limit_and_leaves_no_memory(served, demo_store):
    [answer] = check_console(served, demo_store, [BIG_RANGE])
    # answered (1.6 GB built and freed, ~2 s on an idle machine), refused by the memory cap, or stopped at the limit
    assert answer["status"] in (200, 400, 504), answer
    if answer["status"] == 200:
        assert answer["answer"]["rows"] == [{"n": 100_000_000}]


def test_a_4m_row_unwind_is_cut_in_the_engine_not_in_the_web_process(served, demo_store):
    grown_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    [answer] = check_console(served, demo_store, [UNWIND_4M])
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - grown_before) / 1024  # MiB (Linux: KiB)
    assert answer["status"] == 200, answer
    data = answer["answer"]
    assert data["row_count"] == 5000 and data["truncated"] is True and data["rows"][-1] == {"x": 5000}
    assert grown < 200, f"the web process grew by {grown:.0f} MiB for 5,000 rows"


#: Query shapes whose rows must not change when the row limit is written into them (:func:`limited`).
SHAPES = [
    "MATCH (o:Organization) RETURN o.id AS id ORDER BY id",
    "MATCH (o:Organization) RETURN DISTINCT o.country AS c ORDER BY c LIMIT 3",
    "MATCH (o:Organization) RETURN o.id AS id ORDER BY id SKIP 2 LIMIT $n",
    "MATCH (o:Organization) RETURN o.id AS id, o.limit AS l ORDER BY id // a comment at the end",
    "MATCH (o:Organization {country: 'MA'}) RETURN o.id AS id UNION ALL MATCH (o:Organization {country: 'FR'}) "
    "RETURN o.id AS id",
    "CALL { MATCH (o:Organization) RETURN o.id AS id ORDER BY id LIMIT 4 } RETURN id ORDER BY id",
    "CALL db.labels() YIELD label RETURN label ORDER BY label",
]


@pytest.mark.parametrize("text", SHAPES)
def test_the_row_limit_written_into_a_query_keeps_its_rows(demo_store, text):
    params = {"n": 1000} if "$n" in text else {}
    everything = demo_store.run(text, params, limit=None).rows
    assert everything, text
    cut = demo_store.run(text, params, limit=2)
    assert cut.rows == everything[:2] and cut.truncated is (len(everything) > 2), text
    assert demo_store.run(text, params, limit=1000).rows == everything


def test_the_engine_starts_with_its_limits_and_every_call_has_a_socket_timeout(demo_store):
    from graph.store.falkordb_store import CACHE_SIZE, MAX_QUEUED_QUERIES

    settings = demo_store.settings
    config = dict(demo_store.connection.execute_command("GRAPH.CONFIG", "GET", "*"))
    assert config["QUERY_MEM_CAPACITY"] == settings.query_memory * 2**20 > 0
    assert config["CACHE_SIZE"] == CACHE_SIZE and config["MAX_QUEUED_QUERIES"] == MAX_QUEUED_QUERIES
    assert config["THREAD_COUNT"] > settings.console_queries, "a thread is left for the pages"
    timeout = demo_store.connection.connection_pool.connection_kwargs["socket_timeout"]
    assert timeout == settings.engine_socket_timeout > 0


def test_a_syntax_error_names_the_place_in_the_text_as_written_not_the_limit_added(demo_store):
    from graph.errors import QuerySyntaxError

    for text, place in [
        ("RETURN 1 +", "line 1, column 11"),
        ("MATCH (o) RETURN o.id AS id ORDER BY", "line 1, column 37"),
    ]:
        with pytest.raises(QuerySyntaxError, match=place):
            demo_store.run(text, limit=5)
