"""Shared fixtures: the real engines, the embedded FalkorDB one and a real Neo4j server.

Engines
-------
A module marked ``pytestmark = pytest.mark.engines("falkordb", "neo4j")`` runs each of its
tests that use a store (``engine``, ``settings``, ``store``, ``loaded_store``, ``demo_store``,
``web_app``...) once per engine: the module-scoped ``engine`` fixture is parametrized, so the
test ids end in ``[falkordb]`` / ``[neo4j]`` (``-k neo4j`` picks the Neo4j ones) and each module
loads its network once per engine. A test marked ``engines("falkordb")`` (the engine's own
process, its files) runs on one engine only. Unmarked modules run on FalkorDB, as before.

Neo4j: one server for the whole run (``neo4j_server``, session-scoped, started with
``tests/neo4j_server/launcher.py``, authentication on, a password generated per run).
Neo4j Community has one user database, so the stores on it take turns: ``store`` empties it
before each test (``Neo4jServer.empty``: ``DETACH DELETE`` in batched transactions, every index
and constraint dropped but the project's, which ``partnernet init`` creates: ~0.05 s empty,
~0.3 s after the demo, measured against dropping and creating the schema again, ~0.3-0.6 s);
a module-scoped store (``demo_store``, ``small_store``, ``store_on``) fills it once, and again
only when a test of another fixture emptied it in between (``_neo4j_database``).

Without ``java`` (or ``mvn`` when the server's jar is not built) the Neo4j tests skip with
the reason; with ``CI=true`` such a skip is a failure (``pytest_runtest_makereport``).
"""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from graph.settings import Settings, load_settings

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED_DATA = ROOT.parent / "shared" / "data"


ENGINES = ("falkordb", "neo4j")


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "engines(*names): run the tests that use a store once per engine named (falkordb, neo4j); "
        "the closest mark wins (a test's over its module's)",
    )


def pytest_generate_tests(metafunc):
    marker = metafunc.definition.get_closest_marker("engines")
    if marker is None or "engine" not in metafunc.fixturenames:
        return
    unknown = set(marker.args) - set(ENGINES)
    if unknown or not marker.args:
        raise pytest.UsageError(f"engines(...) takes some of {ENGINES}, not {marker.args}")
    metafunc.parametrize("engine", marker.args, indirect=True, scope="module")


def _on_neo4j(item) -> bool:
    callspec = getattr(item, "callspec", None)
    return (callspec is not None and callspec.params.get("engine") == "neo4j") or "neo4j_server" in getattr(
        item, "fixturenames", ()
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """With CI=true, a skipped Neo4j test is a failure: CI must never pass without Neo4j."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and os.environ.get("CI") == "true" and _on_neo4j(item) and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"a Neo4j test may not skip when CI=true: {reason}"


@pytest.fixture(scope="module")
def engine(request) -> str:
    """The engine of the test: ``falkordb`` unless the ``engines`` mark parametrizes it."""
    return getattr(request, "param", "falkordb")


@dataclass
class Neo4jServer:
    """The run's Neo4j server: where it is, its generated password, and who holds its one database."""

    uri: str
    password: str
    home: Path
    holder: str | None = None
    fills: dict[str, tuple[object, Callable]] = field(default_factory=dict)

    def settings(self, **overrides: str) -> Settings:
        values = {
            "PARTNERNET_ENGINE": "neo4j",
            "NEO4J_URI": self.uri,
            "NEO4J_USER": "neo4j",
            "NEO4J_PASSWORD": self.password,
            **overrides,
        }
        return load_settings(values, environ={})

    def env(self) -> dict[str, str]:
        """Environment variables for a partnernet subprocess on this server."""
        return {"PARTNERNET_ENGINE": "neo4j", "NEO4J_URI": self.uri, "NEO4J_PASSWORD": self.password}

    def empty(self, store, holder: str) -> None:
        """Delete everything and every index and constraint but the project's (``partnernet init``'s)."""
        from graph.store.library import get_query, statements

        ours = {s.split()[2] for s in statements(get_query("schema").text("neo4j"))}  # CREATE CONSTRAINT name ...
        with store.driver.session(database=store.database) as session:
            # batched deletes, each batch its own transaction (CALL ... IN TRANSACTIONS runs in an implicit one)
            session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
            for record in list(session.run("SHOW CONSTRAINTS YIELD name")):
                if record["name"] not in ours:
                    session.run(f"DROP CONSTRAINT `{record['name']}`").consume()
            indexes = "SHOW INDEXES YIELD name, type, owningConstraint"
            indexes += " WHERE type <> 'LOOKUP' AND owningConstraint IS NULL"
            for record in list(session.run(indexes)):
                session.run(f"DROP INDEX `{record['name']}`").consume()
        store.setup_schema()
        self.holder = holder


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory) -> Iterator[Neo4jServer]:
    """A real Neo4j 5.26 Community server for the whole run (see tests/neo4j_server/README.md)."""
    from tests.neo4j_server import launcher

    missing = [tool for tool in ("java", "mvn") if shutil.which(tool) is None]
    if "mvn" in missing and not launcher.jar_is_stale():
        missing.remove("mvn")  # the jar is built: Java alone runs it
    if missing:
        pytest.skip(
            f"Neo4j tests need Java 17 and Maven: {', '.join(missing)} not found on PATH "
            "(Debian: apt-get install openjdk-17-jdk-headless maven)"
        )
    home = tmp_path_factory.mktemp("neo4j")
    password = secrets.token_urlsafe(18)
    proc, uri = launcher.start_server(home, password)
    try:
        yield Neo4jServer(uri, password, home)
    finally:
        launcher.stop_server(proc)


@contextmanager
def store_on(engine: str, request, holder: str, fill: Callable | None = None) -> Iterator:
    """A store on ``engine`` that lives as long as the block, filled by ``fill(store)``.

    On FalkorDB: an embedded engine of its own in a fresh data folder. On Neo4j: the
    run's server, emptied first; ``holder`` names the fixture that fills it (see
    ``_neo4j_database``).
    """
    from graph.store import open_store

    fill = fill or (lambda store: None)
    if engine == "neo4j":
        server = request.getfixturevalue("neo4j_server")
        store = open_store(server.settings())
        try:
            server.empty(store, holder)
            fill(store)
            server.fills[holder] = (store, fill)
            yield store
        finally:
            server.fills.pop(holder, None)
            store.close()
        return
    from graph.store.engine import EmbeddedEngine

    path = Path(tempfile.mkdtemp(prefix="pn-", dir="/tmp"))
    store = open_store(load_settings({"PARTNERNET_DATA_DIR": str(path)}, environ={}))
    try:
        fill(store)
        yield store
    finally:
        store.close()
        EmbeddedEngine(path).stop(force=True)
        shutil.rmtree(path, ignore_errors=True)


#: Module-scoped fixtures that fill the Neo4j database; a test may use one of them.
NEO4J_HOLDERS = ("demo_store", "small_store")


@pytest.fixture(autouse=True)
def _neo4j_database(request):
    """On Neo4j, give the test the database its module-scoped store filled (filling it again if needed)."""
    if "engine" not in request.fixturenames or request.getfixturevalue("engine") != "neo4j":
        return
    used = [name for name in NEO4J_HOLDERS if name in request.fixturenames]
    if "store" in request.fixturenames:
        used.append("store")
    if len(used) > 1:
        pytest.fail(f"Neo4j Community has one database: a test can use one of {used}, not all")
    if not used or used[0] == "store":
        return
    request.getfixturevalue(used[0])
    server = request.getfixturevalue("neo4j_server")
    holder = _holder(used[0], request.node.module)
    if server.holder != holder:
        store, fill = server.fills[holder]
        started = time.perf_counter()
        server.empty(store, holder)
        fill(store)
        print(f"[neo4j] {holder} filled again in {time.perf_counter() - started:.1f} s")


def _holder(fixture: str, module) -> str:
    return f"{module.__name__}:{fixture}"


@pytest.fixture
def data_dir():
    # Unix socket paths are limited to ~100 characters: pytest's tmp_path can be longer.
    path = Path(tempfile.mkdtemp(prefix="pn-", dir="/tmp"))
    yield path
    _stop_engine(path)
    shutil.rmtree(path, ignore_errors=True)


def _stop_engine(path: Path) -> None:
    from graph.store.engine import EmbeddedEngine

    EmbeddedEngine(path).stop(force=True)


@pytest.fixture
def settings(engine, data_dir, monkeypatch, request):
    monkeypatch.setenv("PARTNERNET_DATA_DIR", str(data_dir))
    for name in ("NEO4J_URI", "NEO4J_PASSWORD", "NEO4J_AUTH", "PARTNERNET_ENGINE"):
        monkeypatch.delenv(name, raising=False)
    if engine == "neo4j":
        return request.getfixturevalue("neo4j_server").settings(PARTNERNET_DATA_DIR=str(data_dir))
    return load_settings()


@pytest.fixture
def store(engine, settings, request):
    """An empty store of its own (FalkorDB: a fresh engine; Neo4j: the run's database, emptied)."""
    from graph.store import open_store

    s = open_store(settings)
    try:
        if engine == "neo4j":
            request.getfixturevalue("neo4j_server").empty(s, holder=request.node.nodeid)
        yield s
    finally:
        s.close()


@pytest.fixture
def small_network():
    """The small fixture network (tests/fixtures/network_small), read and validated."""
    from loaders.readers import read_network

    network, problems = read_network(FIXTURES / "network_small")
    assert not problems, problems
    return network


def load_small(store) -> None:
    """Load the small fixture network (tests/fixtures/network_small) into ``store``."""
    from loaders.load import load_network
    from loaders.readers import read_network

    network, problems = read_network(FIXTURES / "network_small")
    assert not problems, problems
    load_network(store, network, source="tests/fixtures/network_small")


@pytest.fixture(scope="module")
def small_store(engine, request):
    """A store on ``engine`` holding the small fixture network, shared by the tests of a module (reads only)."""
    with store_on(engine, request, _holder("small_store", request.module), load_small) as store:
        yield store


@pytest.fixture
def loaded_store(store, small_network):
    from loaders.load import load_network

    load_network(store, small_network, source="tests/fixtures/network_small")
    return store


#: A name that would run script if a page or a tooltip rendered it as HTML.
XSS_NAME = "<img src=x onerror=alert(1)>"
XSS_ID = "xss-test"


def demo_with_xss() -> dict:
    """The demo network plus one partner named :data:`XSS_NAME`, in two projects and with an expertise."""
    from loaders.generators.demo import demo_network

    network = demo_network()
    network["organizations"].append(
        {
            "id": XSS_ID,
            "name": XSS_NAME,
            "name_fr": None,
            "short_name": None,
            "roles": ["partner"],
            "kind": "university",
            "centre_level": None,
            "country": "MA",
            "city": "<b>Rabat</b>",
            "lat": None,
            "lon": None,
            "website": None,
        }
    )
    for project in network["projects"][:2]:
        network["participations"].append(
            {"organization": XSS_ID, "project": project["id"], "role": "participant", "contribution": None}
        )
    network["organization_expertise"].append(
        {
            "organization": XSS_ID,
            "expertise": network["expertise"][0]["id"],
            "level": 2,
            "evidence": "<script>x</script>",
        }
    )
    return network


def load_demo(store) -> None:
    """Load :func:`demo_with_xss` into ``store``."""
    from loaders.load import load_network
    from loaders.validate import has_errors, validate_network

    network = demo_with_xss()
    problems = validate_network(network)
    assert not has_errors(problems), problems
    load_network(store, network, source="tests: demo network + one hostile name")


@pytest.fixture(scope="module")
def demo_store(engine, request):
    """A store on ``engine`` holding :func:`demo_with_xss`, shared by the tests of a module."""
    with store_on(engine, request, _holder("demo_store", request.module), load_demo) as store:
        yield store


@contextmanager
def app_on(store) -> Iterator:
    """The web app serving ``store`` (a module's web_app fixture over another store uses it too)."""
    from web import create_app

    app = create_app({"TESTING": True, "STORE": store, "SETTINGS": store.settings})
    try:
        yield app
    finally:
        app.extensions["partnernet"].close()


@pytest.fixture(scope="module")
def web_app(demo_store):
    with app_on(demo_store) as app:
        yield app


@pytest.fixture(scope="module")
def client(web_app):
    """A test client of the module's web app (its cookies, the language among them, last for the module)."""
    return web_app.test_client()


@pytest.fixture(scope="module")
def snapshot(web_app):
    """The snapshot the module's web app analyses."""
    from web.state import get_state

    with web_app.app_context():
        return get_state().snapshot()
