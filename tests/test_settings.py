"""Settings: every one documented in the README, values parsed with clear errors."""

from __future__ import annotations

import re

import pytest

from graph.errors import ConfigurationError
from graph.settings import SETTINGS, load_settings
from tests.conftest import ROOT


def test_every_setting_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = set(re.findall(r"^\|\s*`([A-Z0-9_]+)`\s*\|", readme, re.M))
    missing = [s.name for s in SETTINGS if s.name not in rows]
    assert not missing, f"settings missing from the README's settings table: {missing}"
    unknown = rows - {s.name for s in SETTINGS}
    assert not unknown, f"the README documents settings that do not exist: {unknown}"


def test_environment_is_read_and_typed():
    s = load_settings(environ={"PARTNERNET_ROW_LIMIT": "12", "PARTNERNET_DATA_DIR": "/tmp/x"})
    assert s.row_limit == 12
    assert str(s.data_dir) == "/tmp/x"
    assert s.neo4j_uri is None and s.neo4j_password is None  # no default credentials


def test_bad_values_name_the_variable():
    with pytest.raises(ConfigurationError, match="PARTNERNET_ROW_LIMIT"):
        load_settings(environ={"PARTNERNET_ROW_LIMIT": "many"})
    with pytest.raises(ConfigurationError, match="PARTNERNET_FSYNC"):
        load_settings(environ={"PARTNERNET_FSYNC": "never"})


def test_settings_are_typed_attributes_one_per_row_of_the_table():
    import dataclasses

    from graph.settings import Settings, attribute

    assert {f.name for f in dataclasses.fields(Settings)} == {attribute(s.name) for s in SETTINGS}
    s = load_settings(environ={"PARTNERNET_MAX_NODES": "40"})
    assert s.max_nodes == 40 and s.value("PARTNERNET_MAX_NODES") == 40
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.max_nodes = 5  # type: ignore[misc]
    with pytest.raises(AttributeError):
        s.max_node  # type: ignore[attr-defined]  # noqa: B018  (a typo fails, it is not None)


def test_engine_is_chosen_by_a_setting():
    assert load_settings(environ={}).engine == "falkordb"
    assert load_settings(environ={"NEO4J_URI": "bolt://127.0.0.1:7687"}).engine == "neo4j"
    assert load_settings(environ={"NEO4J_URI": "bolt://x:7687", "PARTNERNET_ENGINE": "falkordb"}).engine == "falkordb"
    with pytest.raises(ConfigurationError, match="NEO4J_URI"):
        load_settings(environ={"PARTNERNET_ENGINE": "neo4j"})
    with pytest.raises(ConfigurationError, match="PARTNERNET_ENGINE"):
        load_settings(environ={"PARTNERNET_ENGINE": "sqlite"})


def test_neo4j_auth_as_the_docker_image_takes_it():
    s = load_settings(environ={"NEO4J_URI": "bolt://x:7687", "NEO4J_AUTH": "alice/s3cret/with-slash"})
    assert (s.neo4j_user, s.neo4j_password) == ("alice", "s3cret/with-slash")
    assert "s3cret" not in repr(s) and "s3cret" not in str(s.redacted())
    own = load_settings(environ={"NEO4J_AUTH": "alice/a", "NEO4J_PASSWORD": "b"})
    assert (own.neo4j_user, own.neo4j_password) == ("alice", "b")  # the variables of their own win
    with pytest.raises(ConfigurationError, match="NEO4J_AUTH"):
        load_settings(environ={"NEO4J_AUTH": "no-slash"})


def test_a_password_in_the_neo4j_uri_is_never_shown(monkeypatch):
    """`partnernet settings` printed ``NEO4J_URI=bolt://alice:s3cret@db:7687`` (issue #19 item 6)."""
    from click.testing import CliRunner

    from partnernet.cli import cli

    uri = "neo4j+s://alice:s3cret@db.example.org:7687"
    s = load_settings(environ={"NEO4J_URI": uri})
    assert s.neo4j_uri == uri  # kept as given: connecting refuses it with a message
    assert s.redacted()["NEO4J_URI"] == "neo4j+s://***@db.example.org:7687"
    assert "s3cret" not in repr(s)
    monkeypatch.setenv("NEO4J_URI", uri)
    result = CliRunner().invoke(cli, ["settings"])
    assert result.exit_code == 0, result.output
    assert "NEO4J_URI=neo4j+s://***@db.example.org:7687" in result.output
    assert "s3cret" not in result.output and "alice" not in result.output
