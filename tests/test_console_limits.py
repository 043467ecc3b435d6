"""The console cannot crash, hang or bloat the engine (issue #19, item 4).

Each query of the issue is sent to the served app (waitress, real HTTP, several
sessions at once) with a short time limit (:data:`LIMIT`). For each one:

- every request is answered within the time limit + :data:`GRACE`;
- a page (``/organizations/cnam.json``, warmed) is answered meanwhile within :data:`PAGE`;
- the engine is alive afterwards (same process, answering);
- the engine's memory (its allocator's ``used_memory``) is back within 10 % of what it was
  before, once the console's pool is idle again (a query that FalkorDB does not stop at its
  time limit, such as one long expression, keeps its thread until it ends: waited for, at
  most :data:`SETTLE` seconds).

The bounds are those of the issue (limit + 2 s, a page in < 1 s): bounds of correctness (a
hang), not of speed; the figures are measured by ``partnernet bench console`` (README,
*Performance*). On today's code (before this module) each test fails: the 100,000-deep query
kills the engine, the 30-deep one is parsed for minutes, the reduce and cartesian queries
answer long past the limit, the 4M UNWIND sends every row to the web process.
"""

from __future__ import annotations

import json
import resource
import threading
import time
import urllib.error
import urllib.request
from http.cookiejar import CookieJar

import pytest

pytestmark = pytest.mark.engines("falkordb")

#: The console's time limit in this module's app, in seconds.
LIMIT = 3.0
#: Seconds past the limit within which every console request must be answered (the issue's figure).
GRACE = 2.0
#: Seconds within which a page must answer while console queries run (the issue's figure).
PAGE = 1.0
#: Most seconds to wait for the console's pool to be idle and the engine's memory to come back.
SETTLE = 120.0

NESTED_DEEP = "RETURN " + "(" * 100_000 + "1" + ")" * 100_000 + " AS one"
NESTED_30 = "RETURN " + "(" * 30 + "1" + ")" * 30 + " AS one"
#: 10^8 additions in one expression (~8 s on an idle machine): FalkorDB checks its time limit only after it.
REDUCE = "RETURN reduce(s = 0, x IN range(1, 10000) | s + reduce(t = 0, y IN range(1, 10000) | t + y)) AS n"
CARTESIAN = "MATCH (a), (b), (c), (d) RETURN count(*) AS n"
BIG_RANGE = "RETURN size(range(1, 100000000)) AS n"
UNWIND_4M = "UNWIND range(1, 4000000) AS x RETURN x"


@pytest.fixture(scope="module")
def served(demo_store):
    """The app on the demo network with a time limit of :data:`LIMIT` s, served by waitress with 8 threads
    (as `partnernet serve`): more than the console's queries running and waiting (2 + 2)."""
    from benchmarks.explorer_h2020 import serving
    from web import create_app

    app = create_app({"STORE": demo_store, "SETTINGS": demo_store.settings.replace(query_timeout=LIMIT)})
    with serving(app, threads=8) as base:
        status, _ = _get(base + "/organizations/cnam.json")  # warm: the snapshot of this graph version is read
        assert status == 200
        yield app, base
    app.extensions["partnernet"].close()


def _get(url: str, timeout: float = 60) -> tuple[int, float]:
    started = time.monotonic()
    with urllib.request.urlopen(url, timeout=timeout) as response:
        response.read()
        return response.status, time.monotonic() - started


class Session:
    """A browser's session of the console: its cookie and CSRF token."""

    def __init__(self, base: str):
        self.base, self.jar = base, CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        with self.opener.open(base + "/console.json", timeout=30) as response:
            self.token = json.loads(response.read())["csrf_token"]

    def run(self, cypher: str, params: dict | None = None) -> dict:
        """POST the query: its status, answer and seconds taken (``status`` None: no answer in time)."""
        body = json.dumps({"cypher": cypher, "params": params or {}}).encode()
        headers = {"Content-Type": "application/json", "X-CSRF-Token": self.token}
        request = urllib.request.Request(self.base + "/console/run", data=body, headers=headers)
        started = time.monotonic()
        try:
            with self.opener.open(request, timeout=LIMIT + GRACE + 30) as response:
                status, answer = response.status, json.loads(response.read())
        except urllib.error.HTTPError as e:
            status, answer = e.code, json.loads(e.read())
        except (TimeoutError, urllib.error.URLError) as e:
            status, answer = None, {"error": {"message": f"no answer: {e}"}}
        return {"status": status, "answer": answer, "seconds": time.monotonic() - started}


def _used_memory(store) -> int:
    return int(store.connection.info("memory")["used_memory"])


def _pool(app):
    return app.extensions.get("partnernet_console")


def _settled(app, store, before: int) -> tuple[bool, int]:
    """Wait (at most :data:`SETTLE` s) for the pool to be idle and the engine's memory within 10 % of ``before``."""
    deadline = time.monotonic() + SETTLE
    while True:
        pool = _pool(app)
        used = _used_memory(store)
        if (pool is None or pool.running == 0) and used <= before * 1.10:
            return True, used
        if time.monotonic() > deadline:
            return False, used
        time.sleep(0.2)


def check_console(served, demo_store, queries: list[str]) -> list[dict]:
    """Send ``queries`` at once (one session each), a page meanwhile; check the four bounds; the answers."""
    app, base = served
    ok, before = _settled(app, demo_store, _used_memory(demo_store))
    pid = demo_store.engine.pid()
    sessions = [Session(base) for _ in queries]
    answers: list[dict] = [{} for _ in queries]

    def send(i: int) -> None:
        answers[i] = sessions[i].run(queries[i])

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(queries))]
    for thread in threads:
        thread.start()
    time.sleep(0.5)  # the console queries are in the engine (or waiting for their turn)
    status, page_seconds = _get(base + "/organizations/cnam.json")
    for thread in threads:
        thread.join(LIMIT + GRACE + 60)
    slowest = max(a["seconds"] for a in answers)
    assert all(a["status"] is not None for a in answers), answers
    assert slowest <= LIMIT + GRACE, f"answered after {slowest:.1f} s (limit {LIMIT} s): {answers}"
    assert status == 200 and page_seconds < PAGE, f"the page took {page_seconds:.2f} s"
    assert demo_store.engine.ping() == "up" and demo_store.engine.pid() == pid, "the engine died"
    ok, after = _settled(app, demo_store, before)
    assert ok, f"the engine's memory went from {before} to {after} bytes and stayed"
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
    assert answer["status"] in (400, 504), answer


def test_a_4m_row_unwind_is_cut_in_the_engine_not_in_the_web_process(served, demo_store):
    grown_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    [answer] = check_console(served, demo_store, [UNWIND_4M])
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - grown_before) / 1024  # MiB (Linux: KiB)
    assert answer["status"] == 200, answer
    data = answer["answer"]
    assert data["row_count"] == 5000 and data["truncated"] is True and data["rows"][-1] == {"x": 5000}
    assert grown < 200, f"the web process grew by {grown:.0f} MiB for 5,000 rows"
