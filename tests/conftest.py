"""Shared fixtures: a real embedded engine in a fresh, short data folder per test."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from graph.settings import load_settings

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED_DATA = ROOT.parent / "shared" / "data"


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
def settings(data_dir, monkeypatch):
    monkeypatch.setenv("PARTNERNET_DATA_DIR", str(data_dir))
    for name in ("NEO4J_URI", "NEO4J_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    return load_settings()


@pytest.fixture
def store(settings):
    from graph.store import open_store

    s = open_store(settings)
    yield s
    s.close()


@pytest.fixture
def small_network():
    """The small fixture network (tests/fixtures/network_small), read and validated."""
    from loaders.readers import read_network

    network, problems = read_network(FIXTURES / "network_small")
    assert not problems, problems
    return network


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


@pytest.fixture(scope="module")
def demo_store():
    """A real embedded engine holding :func:`demo_with_xss`, shared by the tests of a module."""
    from graph.store import open_store
    from graph.store.engine import EmbeddedEngine
    from loaders.load import load_network
    from loaders.validate import has_errors, validate_network

    path = Path(tempfile.mkdtemp(prefix="pn-", dir="/tmp"))
    settings = load_settings({"PARTNERNET_DATA_DIR": str(path)}, environ={})
    store = open_store(settings)
    network = demo_with_xss()
    problems = validate_network(network)
    assert not has_errors(problems), problems
    load_network(store, network, source="tests: demo network + one hostile name")
    yield store
    store.close()
    EmbeddedEngine(path).stop(force=True)
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="module")
def web_app(demo_store):
    from web import create_app

    app = create_app({"TESTING": True, "STORE": demo_store, "SETTINGS": demo_store.settings})
    yield app
    app.extensions["partnernet"].close()
