"""The Neo4j adapter without a server: the real driver against a closed local port."""

from __future__ import annotations

import logging
import socket

import pytest

from graph.errors import ConfigurationError, EngineUnavailable
from graph.settings import load_settings
from graph.store import open_store

SECRET = "s3cret-Pa55word"


@pytest.fixture
def closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed once the socket is


@pytest.mark.parametrize("scheme", ["bolt", "neo4j", "neo4j+s"])
def test_unreachable_server_gives_our_error_with_the_uri(scheme, closed_port, caplog):
    uri = f"{scheme}://127.0.0.1:{closed_port}"
    settings = load_settings({"NEO4J_URI": uri, "NEO4J_USER": "alice", "NEO4J_PASSWORD": SECRET}, environ={})
    with caplog.at_level(logging.DEBUG):
        with pytest.raises(EngineUnavailable) as e:
            open_store(settings)
    assert uri in str(e.value)
    assert "README" in str(e.value)  # says how to start one
    assert SECRET not in str(e.value)
    assert all(SECRET not in r.getMessage() for r in caplog.records)


def test_credentials_in_the_uri_are_refused_without_being_shown(closed_port):
    uri = f"neo4j://alice:{SECRET}@127.0.0.1:{closed_port}"
    with pytest.raises(ConfigurationError) as e:
        open_store(load_settings({"NEO4J_URI": uri}, environ={}))
    assert SECRET not in str(e.value) and "NEO4J_PASSWORD" in str(e.value)


def test_unknown_scheme_is_refused():
    with pytest.raises(ConfigurationError, match="scheme 'http'"):
        open_store(load_settings({"NEO4J_URI": "http://127.0.0.1:7474"}, environ={}))


def test_redacted_settings_hide_the_password():
    settings = load_settings({"NEO4J_URI": "bolt://x:7687", "NEO4J_PASSWORD": SECRET}, environ={})
    assert SECRET not in repr(settings.redacted())
