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
    assert s["PARTNERNET_ROW_LIMIT"] == 12
    assert str(s.data_dir) == "/tmp/x"
    assert s["NEO4J_URI"] is None and s["NEO4J_PASSWORD"] is None  # no default credentials


def test_bad_values_name_the_variable():
    with pytest.raises(ConfigurationError, match="PARTNERNET_ROW_LIMIT"):
        load_settings(environ={"PARTNERNET_ROW_LIMIT": "many"})
    with pytest.raises(ConfigurationError, match="PARTNERNET_FSYNC"):
        load_settings(environ={"PARTNERNET_FSYNC": "never"})
