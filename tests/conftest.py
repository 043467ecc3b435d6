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
    from graph.engine import EmbeddedEngine

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
